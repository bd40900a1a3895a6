//! The metadata line(s) above a header: "镇（街道）：井口街道　（村）社区：美丽家园社区
//! 日期：2023年1月", 填报单位, in any spacing, colons of either width, blanks allowed.

use super::raw::RawRow;
use crate::normalize::text;

/// Township, village and year-month from the lines above the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    pub(crate) township: Option<String>,
    pub(crate) village: Option<String>,
    pub(crate) year_month: Option<(i32, u32)>,
    /// 填报单位：… as written ("沙坪坝区井口街道南溪村"); split into places once the run's
    /// known names are gathered.
    pub(crate) unit: Option<String>,
}

const META_TOWNSHIP: &[&str] = &["镇(街道)", "街道(镇)", "所属镇街", "镇街", "镇", "街道"];
const META_VILLAGE: &[&str] = &["(村)社区", "村(社区)", "社区(村)", "所属村社区", "村社区", "社区", "村"];
const META_DATE: &[&str] = &["日期", "时间"];
const META_UNIT: &[&str] = &["填报单位", "填报单位(盖章)", "单位"];

/// Reads the metadata line(s): labels followed by values, any spacing, colons of
/// either width, blanks allowed.
pub(crate) fn parse_meta(rows: &[RawRow]) -> Meta {
    let mut meta = Meta::default();
    for row in rows {
        let line: String = row.cells.iter().map(|c| text::fold(&c.display())).collect::<Vec<_>>().join(" ");
        for (label, value) in labelled_values(&line) {
            if value.is_empty() {
                continue;
            }
            if META_TOWNSHIP.contains(&label) {
                meta.township.get_or_insert(value);
            } else if META_VILLAGE.contains(&label) {
                meta.village.get_or_insert(value);
            } else if META_UNIT.contains(&label) {
                meta.unit.get_or_insert(value);
            } else if let Some(ym) = year_month(&value) {
                meta.year_month.get_or_insert(ym);
            }
        }
    }
    meta
}

/// Splits "镇(街道):井口街道 (村)社区:美丽家园社区 日期:2023年1月" into (label, value) pairs.
fn labelled_values(line: &str) -> Vec<(&'static str, String)> {
    let labels: Vec<&'static str> =
        META_TOWNSHIP.iter().chain(META_VILLAGE).chain(META_DATE).chain(META_UNIT).copied().collect();
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut pos = 0;
    while pos < line.len() {
        let rest = &line[pos..];
        // A label counts only with its colon: a title line that merely mentions
        // 村（社区） ("…村（社区）参与民政对象关爱帮扶服务社会工作者名单") names no place.
        let labelled = |l: &&&str| rest.starts_with(**l) && rest[l.len()..].trim_start().starts_with(':');
        let hit = labels.iter().filter(labelled).max_by_key(|l| l.len());
        match hit {
            Some(label) => {
                found.push((pos, pos + label.len(), label));
                pos += label.len();
            }
            None => pos += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
        .iter()
        .enumerate()
        .map(|(i, &(_, end, label))| {
            let stop = found.get(i + 1).map_or(line.len(), |next| next.0);
            let value = line[end..stop].trim_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
            (label, value.split_whitespace().next().unwrap_or("").to_string())
        })
        .collect()
}

fn year_month(value: &str) -> Option<(i32, u32)> {
    let digits: Vec<&str> = value.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect();
    let year: i32 = digits.first()?.parse().ok()?;
    let month: u32 = digits.get(1)?.parse().ok()?;
    ((1900..=2100).contains(&year) && (1..=12).contains(&month)).then_some((year, month))
}
