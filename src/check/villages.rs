//! Per-village volunteer counts (社工人数核查) and the minimum of the notice: C01, C02.

use std::collections::BTreeMap;

use crate::model::checked::{VillageCount, VolunteerChecked};
use crate::model::said;
use crate::model::Outcome;
use crate::model::{Code, Issue, Location, Place};

/// Counts every village that sent a list or is on a 区划名单, and raises C01/C02.
pub(crate) fn count(rows: &[VolunteerChecked], divisions: &[Place], minimum: u32) -> (Vec<VillageCount>, Vec<Issue>) {
    let mut villages: BTreeMap<Place, VillageCount> = BTreeMap::new();
    for row in rows {
        let entry = villages.entry(Place::new(&*row.record.township, &*row.record.village)).or_default();
        entry.submitted += 1;
        match row.outcome {
            Outcome::Accepted => entry.valid += 1,
            Outcome::Duplicate => entry.duplicates += 1,
            Outcome::Rejected if row.has_code(Code::V10) => entry.duplicates += 1,
            Outcome::Rejected if row.has_code(Code::V07) || row.has_code(Code::V08) => entry.excluded += 1,
            Outcome::Rejected => entry.ineligible += 1,
        }
    }
    let sent: Vec<Place> = villages.keys().cloned().collect();
    for division in divisions {
        villages.entry(division.clone()).or_default();
    }
    let mut issues = Vec::new();
    let counts = villages
        .into_iter()
        .map(|(place, mut c)| {
            c.shortfall = minimum.saturating_sub(c.valid);
            c.meets_minimum = c.valid >= minimum;
            let issue = if !sent.contains(&place) {
                Some(Issue::new(Code::C02, Location::default(), said::c02_no_list(&place.village, minimum)))
            } else if !c.meets_minimum {
                let said = said::c01_too_few(&place.village, c.valid, minimum, c.shortfall);
                Some(Issue::new(Code::C01, Location::default(), said))
            } else {
                None
            };
            if let Some(issue) = issue {
                issues.push(issue.with_place(&place.township, &place.village));
            }
            VillageCount { place, ..c }
        })
        .collect();
    (counts, issues)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::check::volunteers::cross_check;
    use crate::model::rows::{Record, SheetCtx, VolunteerFields};

    const VILLAGES: [&str; 3] = ["甲村", "乙村", "丙社区"];

    /// (village, person, ineligible) → a checked row as check_row would leave it.
    fn rows(spec: &[(usize, u8, bool)]) -> Vec<VolunteerChecked> {
        let ctx = Arc::new(SheetCtx {
            id: (0, 0),
            file: "f.xlsx".into(),
            sheet: "s".into(),
            columns: Default::default(),
            hints: Default::default(),
        });
        spec.iter()
            .enumerate()
            .map(|(i, &(village, person, ineligible))| {
                let record = Record {
                    ctx: Arc::clone(&ctx),
                    row: i as u32 + 2,
                    township: "井口街道".into(),
                    village: VILLAGES[village].into(),
                    data: VolunteerFields { name: format!("人{person}"), ..Default::default() },
                };
                let issues = if ineligible {
                    vec![Issue::new(
                        Code::V04,
                        record.at(None),
                        crate::model::said::v04_too_old(66, 65, Default::default()),
                    )]
                } else {
                    Vec::new()
                };
                let outcome = if ineligible { Outcome::Rejected } else { Outcome::Accepted };
                VolunteerChecked {
                    record,
                    id: Some(crate::normalize::idcard::IdNumber {
                        value: format!("ID{person}"),
                        birth: chrono::NaiveDate::default(),
                        male: true,
                    }),
                    age: None,
                    issues,
                    outcome,
                }
            })
            .collect()
    }

    fn run(spec: &[(usize, u8, bool)]) -> Vec<VillageCount> {
        let mut checked = rows(spec);
        cross_check(&mut checked, &[]);
        count(&checked, &[], 2).0
    }

    proptest! {
        #[test]
        fn counts_add_up_and_ignore_order(
            spec in prop::collection::vec((0usize..3, 0u8..6, prop::bool::weighted(0.2)), 0..40),
            seed in any::<u64>(),
        ) {
            let counts = run(&spec);
            for c in &counts {
                prop_assert_eq!(c.submitted, c.valid + c.excluded + c.ineligible + c.duplicates);
                prop_assert_eq!(c.meets_minimum, c.valid >= 2);
            }
            // A person counts at most once, and never in two villages.
            let mut checked = rows(&spec);
            cross_check(&mut checked, &[]);
            let mut places: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            let mut seen = BTreeSet::new();
            for c in checked.iter().filter(|c| c.outcome == Outcome::Accepted) {
                let id = c.id_text().unwrap().to_string();
                prop_assert!(seen.insert((id.clone(), c.record.village.clone())), "counted twice");
                places.entry(id).or_default().insert(c.record.village.to_string());
            }
            prop_assert!(places.values().all(|v| v.len() == 1));
            // Shuffling the rows changes which copy is kept, never the counts.
            let mut shuffled = spec.clone();
            let mut state = seed;
            for i in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (state >> 33) as usize % (i + 1));
            }
            prop_assert_eq!(counts, run(&shuffled));
        }
    }
}
