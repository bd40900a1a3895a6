//! Finds a sheet's header row, decides what kind of sheet it is (SPEC §2) and which
//! column holds which field, and reads the metadata line above the header
//! ("镇（街道）：井口街道　（村）社区：美丽家园社区　日期：2023年1月").

use std::collections::BTreeMap;

use super::workbook::{RawRow, RawSheet};
use crate::model::rows::{Column, Field};
use crate::model::SheetKind;
use crate::normalize::text::{self, header_key};

/// How many non-empty rows from the top may hold the header.
const HEADER_SEARCH_ROWS: usize = 15;

impl Field {
    /// The header a user should add when the field is missing.
    pub fn label(self) -> &'static str {
        aliases(self)[0]
    }
}

const TOWNSHIP: &[&str] = &["镇（街道）", "镇街", "街道（镇）", "所属镇街", "镇(街道)"];
const VILLAGE: &[&str] = &["村（社区）", "村社区", "社区（村）", "所属村社区"];

fn aliases(field: Field) -> &'static [&'static str] {
    match field {
        Field::Seq => &["序号"],
        Field::Township => TOWNSHIP,
        Field::Village => VILLAGE,
        Field::Name => &["姓名", "对象姓名"],
        Field::Gender => &["性别"],
        Field::IdNumber => &["身份证号码", "身份证号", "公民身份号码", "证件号码"],
        Field::BirthDate => &["出生年月", "出生日期"],
        Field::Age => &["年龄"],
        Field::Phone => &["联系电话", "电话", "手机", "手机号码"],
        Field::Address => &["居住地址", "现居住地址", "家庭住址", "住址"],
        Field::Employer => &["工作单位", "职业", "工作单位及职务"],
        Field::Role => &["身份", "人员类别", "职务", "现任职务"],
        Field::Remark => &["备注"],
        Field::Date => &["时间", "日期", "关爱时间", "服务时间"],
        Field::Method => &["关爱方式", "方式"],
        Field::Content => &["关爱服务内容", "服务内容"],
        Field::Category => &["关爱对象类型", "对象类型", "对象类别"],
        Field::Recipient => &["关爱对象姓名", "对象姓名"],
        Field::Worker => &["实施关爱工作人员（记录人）", "实施关爱工作人员", "记录人", "关爱人员"],
        Field::Categories => &["对象类别", "类别", "对象类型"],
        Field::ElderlySituation => &["独居老人情形", "特殊情形", "健康状况"],
        Field::ContactPerson => &["关爱联系人", "联系人"],
        Field::ContactPhone => &["联系人电话", "关爱联系人电话"],
        Field::VillagePhone => &["村（社区）电话", "社区电话"],
        Field::EnrolledOn => &["纳入日期", "纳入时间"],
        Field::LeftOn => &["退出日期", "退出时间", "注销日期"],
        Field::ExclusionCategory => &["排除类别"],
    }
}

fn fields_of(kind: SheetKind) -> &'static [Field] {
    use Field::*;
    match kind {
        SheetKind::Volunteers => {
            &[Seq, Township, Village, Name, Gender, IdNumber, BirthDate, Age, Phone, Address, Employer, Role, Remark]
        }
        SheetKind::Visits => &[Seq, Township, Village, Date, Method, Content, Category, Recipient, Worker, Remark],
        SheetKind::Roster => &[
            Seq,
            Township,
            Village,
            Name,
            IdNumber,
            Categories,
            ElderlySituation,
            ContactPerson,
            ContactPhone,
            VillagePhone,
            EnrolledOn,
            LeftOn,
            Content,
            Remark,
        ],
        SheetKind::Divisions => &[Seq, Township, Village, Remark],
        SheetKind::Exclusions => &[Seq, Township, Village, Name, IdNumber, Role, ExclusionCategory, Remark],
        SheetKind::Unknown => &[],
    }
}

/// Fields without which a sheet of that kind cannot be read (H01).
pub fn required(kind: SheetKind) -> &'static [Field] {
    use Field::*;
    match kind {
        SheetKind::Volunteers => &[Name, IdNumber, Address],
        SheetKind::Visits => &[Date, Method, Category, Recipient],
        SheetKind::Roster => &[Name, Categories],
        SheetKind::Divisions => &[Township, Village],
        SheetKind::Exclusions => &[Name],
        SheetKind::Unknown => &[],
    }
}

/// Township, village and year-month from the lines above the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub township: Option<String>,
    pub village: Option<String>,
    pub year_month: Option<(i32, u32)>,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub kind: SheetKind,
    /// Index into `RawSheet::rows` of the header row.
    pub header_index: usize,
    pub columns: BTreeMap<Field, Column>,
    pub meta: Meta,
    /// Columns up to the header row's last non-empty cell.
    pub width: u32,
}

impl Layout {
    pub fn column(&self, field: Field) -> Option<&Column> {
        self.columns.get(&field)
    }

    pub fn missing_required(&self) -> Vec<Field> {
        required(self.kind).iter().copied().filter(|f| !self.columns.contains_key(f)).collect()
    }
}

/// Finds the header among the first rows and classifies the sheet; None when no row
/// looks like the header of any known kind.
pub fn detect(sheet: &RawSheet) -> Option<Layout> {
    let candidates = sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate();
    for (index, row) in candidates {
        let title = title_text(&sheet.rows[..index]);
        if let Some(kind) = classify(row, &title) {
            let columns = map_columns(row, kind);
            let meta = parse_meta(&sheet.rows[..index]);
            let width = row.cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i as u32 + 1);
            return Some(Layout { kind, header_index: index, columns, meta, width });
        }
    }
    None
}

fn title_text(rows: &[RawRow]) -> String {
    rows.iter().flat_map(|r| r.cells.iter()).map(|c| text::fold(&c.display())).collect::<Vec<_>>().join(" ")
}

fn keys(row: &RawRow) -> Vec<String> {
    row.cells.iter().map(|c| header_key(&c.display())).collect()
}

fn has(keys: &[String], field: Field) -> bool {
    let wanted: Vec<String> = aliases(field).iter().map(|a| header_key(a)).collect();
    keys.iter().any(|k| wanted.contains(k))
}

fn classify(row: &RawRow, title: &str) -> Option<SheetKind> {
    use Field::*;
    let k = keys(row);
    let name = has(&k, Name);
    let method = has(&k, Method);
    let exclusion_title = ["两委", "本土人才", "五职干部"].iter().any(|w| title.contains(w))
        && !["不含", "社会工作者", "社工"].iter().any(|w| title.contains(w));
    if name && !method && (exclusion_title || has(&k, ExclusionCategory)) {
        return Some(SheetKind::Exclusions);
    }
    if method && has(&k, Recipient) {
        return Some(SheetKind::Visits);
    }
    // A ledger without a 关爱联系人 column is still a ledger: P05 on every row, never a
    // sheet whose people vanish unassessed.
    if name && !method && has(&k, Categories) {
        return Some(SheetKind::Roster);
    }
    if name && !method && has(&k, IdNumber) && (has(&k, Address) || has(&k, Phone)) {
        return Some(SheetKind::Volunteers);
    }
    if !name && !has(&k, Recipient) && has(&k, Township) && has(&k, Village) {
        return Some(SheetKind::Divisions);
    }
    None
}

fn map_columns(row: &RawRow, kind: SheetKind) -> BTreeMap<Field, Column> {
    let k = keys(row);
    let mut columns = BTreeMap::new();
    for &field in fields_of(kind) {
        // Aliases in table order: "对象类别" is category in a log but categories in a roster.
        let found =
            aliases(field).iter().map(|a| header_key(a)).find_map(|alias| k.iter().position(|key| *key == alias));
        if let Some(index) = found {
            let taken = columns.values().any(|c: &Column| c.index as usize == index);
            if !taken {
                columns.insert(field, Column { index: index as u32, header: text::fold(&row.get(index).display()) });
            }
        }
    }
    columns
}

const META_TOWNSHIP: &[&str] = &["镇(街道)", "街道(镇)", "所属镇街", "镇街", "镇", "街道"];
const META_VILLAGE: &[&str] = &["(村)社区", "村(社区)", "社区(村)", "所属村社区", "村社区", "社区", "村"];
const META_DATE: &[&str] = &["日期", "时间"];

/// Reads the metadata line(s): labels followed by values, any spacing, colons of
/// either width, blanks allowed.
pub fn parse_meta(rows: &[RawRow]) -> Meta {
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
            } else if let Some(ym) = year_month(&value) {
                meta.year_month.get_or_insert(ym);
            }
        }
    }
    meta
}

/// Splits "镇(街道):井口街道 (村)社区:美丽家园社区 日期:2023年1月" into (label, value) pairs.
fn labelled_values(line: &str) -> Vec<(&'static str, String)> {
    let labels: Vec<&'static str> = META_TOWNSHIP.iter().chain(META_VILLAGE).chain(META_DATE).copied().collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn row(number: u32, cells: &[&str]) -> RawRow {
        RawRow { number, cells: cells.iter().map(|s| Cell::Text(s.to_string())).collect() }
    }

    #[test]
    fn meta_line_variants() {
        let cases = [
            (
                "镇（街道）：井口街道　（村）社区：美丽家园社区　日期：2023年1月",
                Some("井口街道"),
                Some("美丽家园社区"),
                Some((2023, 1)),
            ),
            (
                "镇(街道):井口街道(村)社区:美丽家园社区日期:2023年1月",
                Some("井口街道"),
                Some("美丽家园社区"),
                Some((2023, 1)),
            ),
            ("镇（街道）： （村）社区： 日期： 年 月", None, None, None),
            ("镇（街道）：  歌乐山街道   村（社区）：  天池村", Some("歌乐山街道"), Some("天池村"), None),
            ("沙坪坝区村（社区）参与民政对象关爱帮扶服务社会工作者名单", None, None, None),
            ("镇：凤凰镇 村：龙泉村", Some("凤凰镇"), Some("龙泉村"), None),
            ("街道：井口街道　社区：美丽家园社区", Some("井口街道"), Some("美丽家园社区"), None),
        ];
        for (line, t, v, ym) in cases {
            let meta = parse_meta(&[row(2, &[line])]);
            assert_eq!(meta.township.as_deref(), t, "{line}");
            assert_eq!(meta.village.as_deref(), v, "{line}");
            assert_eq!(meta.year_month, ym, "{line}");
        }
    }

    #[test]
    fn kinds_from_headers() {
        let sheet = |title: &str, header: &[&str]| RawSheet {
            name: "s".into(),
            rows: vec![row(1, &[title]), row(3, header)],
            over_limit: false,
            is_1904: false,
            hidden: false,
        };
        let cases: Vec<(RawSheet, Option<SheetKind>)> = vec![
            (
                sheet("社工名单", &["序号", "村（社区）", "姓  名", "身份证\n号码", "居住地址"]),
                Some(SheetKind::Volunteers),
            ),
            (
                sheet("", &["序号", "时间", "关爱方式", "关爱服务内容", "关爱对象类型", "关爱对象姓名"]),
                Some(SheetKind::Visits),
            ),
            (sheet("", &["村（社区）", "对象姓名", "对象类别", "关爱联系人"]), Some(SheetKind::Roster)),
            (sheet("", &["村（社区）", "对象姓名", "身份证号码", "对象类别", "居住地址"]), Some(SheetKind::Roster)),
            (sheet("", &["镇（街道）", "村（社区）"]), Some(SheetKind::Divisions)),
            (sheet("两委成员名单", &["姓名", "身份证号码", "村（社区）"]), Some(SheetKind::Exclusions)),
            (sheet("", &["姓名", "排除类别"]), Some(SheetKind::Exclusions)),
            (
                sheet("社会工作者名单（名单不含：两委成员、村本土人才、五职干部）", &["姓名", "身份证号码", "电话"]),
                Some(SheetKind::Volunteers),
            ),
            (sheet("", &["姓名", "年龄"]), None),
        ];
        for (s, want) in cases {
            assert_eq!(detect(&s).map(|l| l.kind), want, "{:?}", s.rows[1]);
        }
    }

    #[test]
    fn roster_reads_category_as_categories() {
        let s = RawSheet {
            name: "s".into(),
            rows: vec![row(1, &["姓名", "对象类型", "联系人"])],
            over_limit: false,
            is_1904: false,
            hidden: false,
        };
        let layout = detect(&s).unwrap();
        assert_eq!(layout.column(Field::Categories).map(|c| c.index), Some(1));
    }
}
