//! Per-village volunteer counts (社工人数核查) and the minimum of the notice: C01, C02.

use std::collections::BTreeMap;

use serde::Serialize;

use super::volunteers::{Checked, Outcome};
use crate::model::{Code, Issue, Location};

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct VillageCount {
    pub township: String,
    pub village: String,
    pub submitted: u32,
    pub valid: u32,
    pub excluded: u32,
    pub ineligible: u32,
    pub duplicates: u32,
    pub shortfall: u32,
    pub meets_minimum: bool,
}

/// Counts every village that sent a list or is on a 区划名单, and raises C01/C02.
pub fn count(
    rows: &[Checked],
    divisions: &[(String, String)],
    minimum: u32,
) -> (Vec<VillageCount>, Vec<Issue>) {
    let mut villages: BTreeMap<(String, String), VillageCount> = BTreeMap::new();
    for row in rows {
        let key = (row.record.township.clone(), row.record.village.clone());
        let entry = villages.entry(key).or_default();
        entry.submitted += 1;
        match row.outcome {
            Outcome::Accepted => entry.valid += 1,
            Outcome::Duplicate => entry.duplicates += 1,
            Outcome::Rejected if row.has_code(Code::V10) => entry.duplicates += 1,
            Outcome::Rejected if row.has_code(Code::V07) || row.has_code(Code::V08) => {
                entry.excluded += 1
            }
            Outcome::Rejected => entry.ineligible += 1,
        }
    }
    let sent: Vec<(String, String)> = villages.keys().cloned().collect();
    for division in divisions {
        villages.entry(division.clone()).or_default();
    }
    let mut issues = Vec::new();
    let counts = villages
        .into_iter()
        .map(|((township, village), mut c)| {
            c.shortfall = minimum.saturating_sub(c.valid);
            c.meets_minimum = c.valid >= minimum;
            let issue = if !sent.contains(&(township.clone(), village.clone())) {
                Some(Issue::new(
                    Code::C02,
                    Location::default(),
                    format!("{village}在区划名单中，但没有报送社会工作者名单（有效0人，需{minimum}人）"),
                    "请督促该村（社区）按附件1格式报送名单",
                ))
            } else if !c.meets_minimum {
                Some(Issue::new(
                    Code::C01,
                    Location::default(),
                    format!("{village}有效社会工作者{}人，少于{minimum}人，缺{}人", c.valid, c.shortfall),
                    format!("请补充至少{}名符合条件的社会工作者（65周岁以下、居住在本区、非两委成员/本土人才/五职干部）", c.shortfall),
                ))
            } else {
                None
            };
            if let Some(issue) = issue {
                issues.push(issue.with_place(&township, &village));
            }
            VillageCount { township, village, ..c }
        })
        .collect();
    (counts, issues)
}
