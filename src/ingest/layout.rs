//! Finds a sheet's header row, decides what kind of sheet it is (SPEC §2) and which
//! column holds which field, and reads the metadata line above the header
//! ("镇（街道）：井口街道　（村）社区：美丽家园社区　日期：2023年1月").

use std::collections::BTreeMap;

use super::meta::{parse_meta, Meta};
use super::raw::{RawRow, RawSheet};
use crate::model::rows::{Column, Field};
use crate::model::schema::{in_kind, Meaning};
use crate::model::schema::{required, Headers};
use crate::model::{Cell, SheetKind};
use crate::normalize::text::{self, header_key};

/// How many non-empty rows from the top may hold the header.
const HEADER_SEARCH_ROWS: usize = 15;

#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) kind: SheetKind,
    /// Index into `RawSheet::rows` of the header row (the lower one of a two-row header).
    pub(crate) header_index: usize,
    pub(crate) columns: BTreeMap<Field, Column>,
    /// Columns holding two fields ("关爱联系人及电话"): (person, phone).
    pub(crate) shared: Vec<(Field, Field)>,
    pub(crate) meta: Meta,
    /// Columns up to the header row's last non-empty cell.
    pub(crate) width: u32,
}

impl Layout {
    pub(crate) fn column(&self, field: Field) -> Option<&Column> {
        self.columns.get(&field)
    }

    pub(crate) fn missing_required(&self) -> Vec<Field> {
        required(self.kind).iter().copied().filter(|f| !self.columns.contains_key(f)).collect()
    }
}

/// One header column as read: its key (a two-row header's group and sub-header joined),
/// the text to show, and what it names.
#[derive(Debug, Clone)]
struct HeaderCell {
    key: String,
    shown: String,
    meaning: Option<Meaning>,
}

/// Finds the header among the first rows and classifies the sheet; None when no row
/// looks like the header of any known kind. A two-row header (a group cell over its
/// sub-headers) is tried before the upper row alone.
pub(crate) fn detect(sheet: &RawSheet, headers: &Headers) -> Option<Layout> {
    let top = sheet.rows.len().min(HEADER_SEARCH_ROWS);
    for index in 0..top {
        let row = &sheet.rows[index];
        let title = title_text(&sheet.rows[..index]);
        let below = sheet.rows.get(index + 1).filter(|next| next.number == row.number + 1);
        let two = below.and_then(|next| two_row(row, next, headers)).map(|cells| (cells, index + 1));
        let one = || (one_row(row, headers), index);
        for (cells, header_index) in two.into_iter().chain(std::iter::once_with(one)) {
            if let Some(kind) = classify(&cells, &title) {
                let (columns, shared) = map_columns(&cells, kind);
                let meta = parse_meta(&sheet.rows[..index]);
                let width = cells.iter().rposition(|c| !c.key.is_empty()).map_or(0, |i| i as u32 + 1);
                return Some(Layout { kind, header_index, columns, shared, meta, width });
            }
        }
    }
    None
}

fn title_text(rows: &[RawRow]) -> String {
    rows.iter().flat_map(|r| r.cells.iter()).map(|c| text::fold(&c.display())).collect::<Vec<_>>().join(" ")
}

fn one_row(row: &RawRow, headers: &Headers) -> Vec<HeaderCell> {
    row.cells
        .iter()
        .map(|c| {
            let key = header_key(&c.display());
            HeaderCell { meaning: headers.meaning(&key), shown: text::fold(&c.display()), key }
        })
        .collect()
}

/// A header over two rows: the upper row's group cells ("关爱对象", merged across
/// 类型 | 姓名) give each sub-header below its meaning. None unless the lower row is
/// itself made of headers (text naming a field in every filled cell that is not the
/// upper cell repeated by a vertical merge), with at least two such sub-headers.
fn two_row(top: &RawRow, bottom: &RawRow, headers: &Headers) -> Option<Vec<HeaderCell>> {
    let width = top.cells.len().max(bottom.cells.len());
    let upper: Vec<String> = (0..width).map(|c| header_key(&top.get(c).display())).collect();
    let lower: Vec<String> = (0..width).map(|c| header_key(&bottom.get(c).display())).collect();
    let is_sub = |c: usize| !lower[c].is_empty() && lower[c] != upper[c];
    let subs: Vec<usize> = (0..width).filter(|&c| is_sub(c)).collect();
    let all_text = bottom.cells.iter().all(|c| matches!(c, Cell::Text(_) | Cell::Empty));
    if subs.len() < 2 || !all_text || subs.iter().any(|&c| headers.field_of(&lower[c]).is_none()) {
        return None;
    }
    let groups = group_columns(&upper, &is_sub);
    // A group is a short label over some of the columns, never a title or a metadata line
    // over the whole table ("…关爱服务记录台账", "镇（街道）：井口街道").
    if groups.iter().all(Option::is_none) {
        return None;
    }
    let filled = (0..width).filter(|&c| !upper[c].is_empty() || !lower[c].is_empty()).count();
    if !groups_are_labels(&groups, &upper, top, filled) {
        return None;
    }
    let mut cells = Vec::with_capacity(width);
    for c in 0..width {
        let cell = match groups[c] {
            Some(g) => HeaderCell {
                key: format!("{}{}", upper[g], lower[c]),
                shown: format!("{}/{}", text::fold(&top.get(g).display()), text::fold(&bottom.get(c).display())),
                meaning: headers.grouped(&upper[g], &lower[c]),
            },
            None if is_sub(c) => HeaderCell {
                meaning: headers.meaning(&lower[c]),
                key: lower[c].clone(),
                shown: text::fold(&bottom.get(c).display()),
            },
            None => HeaderCell {
                meaning: headers.meaning(&upper[c]),
                key: upper[c].clone(),
                shown: text::fold(&top.get(c).display()),
            },
        };
        cells.push(cell);
    }
    Some(cells)
}

/// The group (its first column) each column of a two-row header falls under. Without merge
/// information (CSV, or merges not read) a group cell stands only over its first column:
/// it also covers the sub-headers to its right under empty cells.
fn group_columns(upper: &[String], is_sub: &dyn Fn(usize) -> bool) -> Vec<Option<usize>> {
    let mut groups: Vec<Option<usize>> = Vec::with_capacity(upper.len());
    let mut group: Option<usize> = None;
    for c in 0..upper.len() {
        if !upper[c].is_empty() {
            // A merge filled across repeats the group's text: the group starts at its first column.
            let same = group.is_some_and(|g| upper[g] == upper[c]);
            if !same {
                group = is_sub(c).then_some(c);
            }
        } else if !is_sub(c) {
            group = None;
        }
        groups.push(group.filter(|_| is_sub(c)));
    }
    groups
}

/// Every group is a short label over two or more of the columns, not all of them.
fn groups_are_labels(groups: &[Option<usize>], upper: &[String], top: &RawRow, filled: usize) -> bool {
    groups.iter().flatten().copied().collect::<std::collections::BTreeSet<_>>().into_iter().all(|g| {
        let span = groups.iter().filter(|x| **x == Some(g)).count();
        let written = top.get(g).display();
        let label = !written.contains([':', '：']) && upper[g].chars().count() <= 10;
        label && span >= 2 && span < filled
    })
}

/// SPEC §2: kinds tried in the order exclusions, visits, roster, volunteers, divisions.
fn classify(cells: &[HeaderCell], title: &str) -> Option<SheetKind> {
    use Field::*;
    let any = |field: Field| cells.iter().any(|c| c.meaning.is_some_and(|m| m.fields().any(|f| f == field)));
    let person = any(Name) || any(Recipient);
    // 联系方式 in a log is its method column; elsewhere it is a phone.
    let method = any(Method);
    let method_in_log = method || cells.iter().any(|c| phone_as_method(c).is_some());
    let exclusion_title = ["两委", "本土人才", "五职干部"].iter().any(|w| title.contains(w))
        && !["不含", "社会工作者", "社工"].iter().any(|w| title.contains(w));
    if person && !method && (exclusion_title || any(ExclusionCategory)) {
        return Some(SheetKind::Exclusions);
    }
    if method_in_log && (any(Recipient) || (method && person)) && (method || any(Date)) {
        return Some(SheetKind::Visits);
    }
    // A ledger without a 关爱联系人 column is still a ledger: P05 on every row, never a
    // sheet whose people vanish unassessed.
    let ledger_only = any(ContactPerson) || any(ElderlySituation) || any(ContactPhone);
    let role_category = ledger_only && cells.iter().any(role_as_category);
    if person && !method && (any(Categories) || any(Category) || role_category) {
        return Some(SheetKind::Roster);
    }
    if person && !method && any(IdNumber) && (any(Address) || any(Phone)) {
        return Some(SheetKind::Volunteers);
    }
    if !person && any(Township) && any(Village) {
        return Some(SheetKind::Divisions);
    }
    None
}

/// A 人员类别 / 人员类型 column: a volunteer's role, but in a log or a ledger (one with a
/// contact person or a situation column) the person's category.
fn role_as_category(cell: &HeaderCell) -> bool {
    matches!(cell.meaning, Some(Meaning::One(Field::Role, _)))
        && (cell.key.contains("类别") || cell.key.contains("类型"))
}

/// A 联系方式 column, which in a log without a 关爱方式 column holds the method.
fn phone_as_method(cell: &HeaderCell) -> Option<Field> {
    (cell.meaning == Some(Meaning::One(Field::Phone, 4)) && cell.key.contains("方式")).then_some(Field::Method)
}

/// Which column holds which field: each field the most specific column naming it (the
/// first of equals), each column one field. When both 日期 and 时间 columns name the
/// date, the date is the 日期 one and 时间 is the time of day (SPEC §2).
fn map_columns(cells: &[HeaderCell], kind: SheetKind) -> (BTreeMap<Field, Column>, Vec<(Field, Field)>) {
    let mut claims: Vec<(Field, usize, usize, usize)> = Vec::new(); // (field, rank, specificity, column)
    for (index, cell) in cells.iter().enumerate() {
        let Some(meaning) = cell.meaning else { continue };
        let specific = match meaning {
            Meaning::One(_, n) => n,
            Meaning::Two(..) => 1,
        };
        for f in meaning.fields().filter_map(|f| in_kind(f, kind)) {
            let rank = usize::from(!(f == Field::Date && cell.key.contains("日期")));
            claims.push((f, rank, specific, index));
        }
        if kind == SheetKind::Visits {
            if let Some(f) = phone_as_method(cell) {
                claims.push((f, 2, 0, index));
            }
        }
        if matches!(kind, SheetKind::Visits | SheetKind::Roster) && role_as_category(cell) {
            let field = if kind == SheetKind::Visits { Field::Category } else { Field::Categories };
            claims.push((field, 2, 0, index));
        }
    }
    claims.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.3.cmp(&b.3)));
    let mut columns = BTreeMap::new();
    let mut used = vec![false; cells.len()];
    let mut shared = Vec::new();
    for (field, _, _, index) in claims {
        if columns.contains_key(&field) {
            continue;
        }
        let two = matches!(cells[index].meaning, Some(Meaning::Two(..)));
        if used[index] && !two {
            continue;
        }
        used[index] = true;
        columns.insert(field, Column { index: index as u32, header: cells[index].shown.clone() });
    }
    for cell in cells {
        if let Some(Meaning::Two(a, b)) = cell.meaning {
            if let (Some(a), Some(b)) = (in_kind(a, kind), in_kind(b, kind)) {
                let same = columns.get(&a).zip(columns.get(&b)).is_some_and(|(x, y)| x.index == y.index);
                if same {
                    shared.push((a, b));
                }
            }
        }
    }
    (columns, shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn headers() -> Headers {
        crate::config::Config::load(None).unwrap().compile().headers
    }

    fn sheet_of(rows: Vec<RawRow>) -> RawSheet {
        RawSheet { name: "s".into(), rows, over_limit: false, is_1904: false, hidden: false, not_cells: None }
    }

    /// (field, column letter index, header shown) of a detected layout.
    fn mapped(layout: &Layout) -> Vec<(Field, u32)> {
        layout.columns.iter().map(|(f, c)| (*f, c.index)).collect()
    }

    #[test]
    fn header_cells_name_fields_by_the_most_specific_alias_they_contain() {
        let h = headers();
        let cases = [
            ("关爱对象类别", Some(Field::Category)),
            ("身份证号码(18位)", Some(Field::IdNumber)),
            ("关爱对象姓名", Some(Field::Recipient)),
            ("关爱对象类型", Some(Field::Category)),
            ("关爱对象身份证号", Some(Field::IdNumber)),
            ("人员类别", Some(Field::Role)),
            ("联系人姓名", Some(Field::ContactPerson)),
            ("联系人电话", Some(Field::ContactPhone)),
            ("村(社区)电话", Some(Field::VillagePhone)),
            ("出生日期", Some(Field::BirthDate)),
            ("纳入关爱时间", Some(Field::EnrolledOn)),
            ("现居住地址(详细到门牌号)", Some(Field::Address)),
            ("联系方式", Some(Field::Phone)),
            ("工作单位及职务", Some(Field::Employer)),
            ("村", Some(Field::Village)),
            ("所在村名", None),
            ("签名", None),
            ("张三", None),
        ];
        for (key, want) in cases {
            assert_eq!(h.field_of(&header_key(key)).map(|(f, _)| f), want, "{key}");
        }
        assert_eq!(
            h.meaning(&header_key("关爱联系人及电话")),
            Some(Meaning::Two(Field::ContactPerson, Field::ContactPhone))
        );
        assert_eq!(
            h.meaning(&header_key("联系人/联系电话")),
            Some(Meaning::Two(Field::ContactPerson, Field::ContactPhone))
        );
        assert_eq!(h.meaning(&header_key("工作单位及职务")).map(|m| m.fields().count()), Some(1));
    }

    #[test]
    fn a_log_reads_name_and_type_as_the_recipients_and_prefers_the_date_column_to_the_time() {
        let s = sheet_of(vec![row(1, &["序号", "日期", "时间", "方式", "姓名", "类别", "走访人"])]);
        let layout = detect(&s, &headers()).unwrap();
        assert_eq!(layout.kind, SheetKind::Visits);
        use Field::*;
        assert_eq!(mapped(&layout), vec![(Seq, 0), (Date, 1), (Method, 3), (Category, 5), (Recipient, 4), (Worker, 6)]);
        // 时间 alone is the date.
        let s = sheet_of(vec![row(1, &["时间", "关爱方式", "关爱对象类型", "关爱对象姓名"])]);
        assert_eq!(detect(&s, &headers()).unwrap().column(Date).map(|c| c.index), Some(0));
    }

    #[test]
    fn two_row_headers_give_each_sub_header_its_groups_meaning() {
        use Field::*;
        // Merged cells filled across (xlsx, xls) and not (CSV): the same reading.
        let filled = vec![
            row(2, &["序号", "村(社区)", "关爱对象", "关爱对象", "关爱对象", "关爱联系人", "关爱联系人"]),
            row(3, &["序号", "村(社区)", "姓名", "类别", "身份证号", "姓名", "电话"]),
            row(4, &["1", "南溪村", "王五", "特困人员", "", "李四", "13800000000"]),
        ];
        let bare = vec![
            row(2, &["序号", "村(社区)", "关爱对象", "", "", "关爱联系人", ""]),
            row(3, &["", "", "姓名", "类别", "身份证号", "姓名", "电话"]),
            row(4, &["1", "南溪村", "王五", "特困人员", "", "李四", "13800000000"]),
        ];
        for rows in [filled, bare] {
            let layout = detect(&sheet_of(rows), &headers()).unwrap();
            assert_eq!(layout.kind, SheetKind::Roster);
            assert_eq!(layout.header_index, 1, "data starts under the sub-headers");
            assert_eq!(
                mapped(&layout),
                vec![
                    (Seq, 0),
                    (Village, 1),
                    (Name, 2),
                    (IdNumber, 4),
                    (Categories, 3),
                    (ContactPerson, 5),
                    (ContactPhone, 6)
                ]
            );
            assert_eq!(layout.column(ContactPerson).unwrap().header, "关爱联系人/姓名");
        }
        // A group whose own words hold an alias does not override its sub-headers.
        let rows = vec![
            row(2, &["序号", "关爱对象基本信息", "关爱对象基本信息", "关爱对象基本信息", "联系人信息", "联系人信息"]),
            row(3, &["序号", "姓名", "身份证号码", "类别", "姓名", "手机号码"]),
        ];
        let layout = detect(&sheet_of(rows), &headers()).unwrap();
        assert_eq!(layout.kind, SheetKind::Roster);
        assert_eq!(
            mapped(&layout),
            vec![(Seq, 0), (Name, 1), (IdNumber, 2), (Categories, 3), (ContactPerson, 4), (ContactPhone, 5)]
        );
        // A log: 关爱对象 over 类型 | 姓名.
        let rows = vec![
            row(3, &["序号", "时间", "关爱方式", "关爱对象", "", "实施关爱工作人员"]),
            row(4, &["", "", "", "类型", "姓名", ""]),
        ];
        let layout = detect(&sheet_of(rows), &headers()).unwrap();
        assert_eq!(layout.kind, SheetKind::Visits);
        assert_eq!(layout.column(Category).map(|c| c.index), Some(3));
        assert_eq!(layout.column(Recipient).map(|c| c.index), Some(4));
        // The first data row under a one-row header is never taken for sub-headers.
        let rows = vec![
            row(1, &["姓名", "对象类别", "关爱联系人", "联系人电话"]),
            row(2, &["王五", "低保对象", "李四", "电话"]),
        ];
        let layout = detect(&sheet_of(rows), &headers()).unwrap();
        assert_eq!(layout.header_index, 0);
    }

    #[test]
    fn a_column_naming_a_person_and_a_phone_fills_both() {
        let s = sheet_of(vec![row(1, &["姓名", "对象类别", "关爱联系人及电话"])]);
        let layout = detect(&s, &headers()).unwrap();
        assert_eq!(layout.shared, vec![(Field::ContactPerson, Field::ContactPhone)]);
        assert_eq!(layout.column(Field::ContactPhone).map(|c| c.index), Some(2));
    }

    #[test]
    fn more_wordings_of_the_same_columns() {
        use Field::*;
        type Case<'a> = (Vec<&'a str>, SheetKind, Vec<(Field, u32)>);
        let cases: Vec<Case> = vec![
            (
                vec!["服务日期", "关爱形式", "帮扶对象", "人员类别", "服务人"],
                SheetKind::Visits,
                vec![(Date, 0), (Method, 1), (Category, 3), (Recipient, 2), (Worker, 4)],
            ),
            (
                vec!["村/社区", "姓名", "人员类别", "特殊情况", "结对帮扶人", "联系人手机"],
                SheetKind::Roster,
                vec![
                    (Village, 0),
                    (Name, 1),
                    (Categories, 2),
                    (ElderlySituation, 3),
                    (ContactPerson, 4),
                    (ContactPhone, 5),
                ],
            ),
            (
                vec!["村(社区)名称", "姓名", "困难类型", "关爱人"],
                SheetKind::Roster,
                vec![(Village, 0), (Name, 1), (Categories, 2), (ContactPerson, 3)],
            ),
            (
                vec!["社工姓名", "身份证号", "现住址", "手机号", "工作单位或职务", "人员类别"],
                SheetKind::Volunteers,
                vec![(Name, 0), (IdNumber, 1), (Phone, 3), (Address, 2), (Employer, 4), (Role, 5)],
            ),
        ];
        for (header, kind, want) in cases {
            let layout = detect(&sheet_of(vec![row(1, &header)]), &headers()).unwrap();
            assert_eq!(layout.kind, kind, "{header:?}");
            assert_eq!(mapped(&layout), want, "{header:?}");
        }
    }

    #[test]
    fn a_volunteer_list_with_a_contact_column_is_not_a_log() {
        let s = sheet_of(vec![row(1, &["姓名", "身份证号码", "联系方式", "现居住地址", "人员类别"])]);
        assert_eq!(detect(&s, &headers()).map(|l| l.kind), Some(SheetKind::Volunteers));
        let s = sheet_of(vec![row(1, &["日期", "联系方式", "关爱对象姓名", "对象类别"])]);
        let layout = detect(&s, &headers()).unwrap();
        assert_eq!(layout.kind, SheetKind::Visits);
        assert_eq!(layout.column(Field::Method).map(|c| c.index), Some(1));
    }

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
            not_cells: None,
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
            assert_eq!(detect(&s, &headers()).map(|l| l.kind), want, "{:?}", s.rows[1]);
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
            not_cells: None,
        };
        let layout = detect(&s, &headers()).unwrap();
        assert_eq!(layout.column(Field::Categories).map(|c| c.index), Some(1));
    }
}
