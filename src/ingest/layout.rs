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
    /// The codes the sheet's header and note lines explain (and its workbook's dictionary).
    pub(crate) legend: super::legend::Legend,
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
        // A line numbered 0 is a paragraph above a Word table, never a header's upper row.
        let below = sheet.rows.get(index + 1).filter(|next| row.number > 0 && next.number == row.number + 1);
        let two = below.and_then(|next| two_row(row, next, headers)).map(|cells| (cells, index + 1));
        let one = || (one_row(row, headers), index);
        for (cells, header_index) in two.into_iter().chain(std::iter::once_with(one)) {
            if let Some(kind) = classify(&cells, &title, &sheet.name) {
                let (columns, shared) = map_columns(&cells, kind);
                let meta = parse_meta(&sheet.rows[..index]);
                let width = cells.iter().rposition(|c| !c.key.is_empty()).map_or(0, |i| i as u32 + 1);
                let above: Vec<String> = sheet.rows[..index].iter().map(line_text).collect();
                let legend = super::legend::of_sheet(&columns, &above, headers, kind);
                return Some(Layout { kind, header_index, columns, shared, meta, width, legend });
            }
        }
    }
    None
}

/// A line's cells' text, folded, in one string.
fn line_text(row: &RawRow) -> String {
    row.cells.iter().map(|c| text::fold(&c.display())).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ")
}

fn title_text(rows: &[RawRow]) -> String {
    rows.iter().flat_map(|r| r.cells.iter()).map(|c| text::fold(&c.display())).collect::<Vec<_>>().join(" ")
}

/// A header cell's key: folded, its required-column mark and its instructions dropped.
fn key_of(cell: &Cell, headers: &Headers) -> String {
    headers.without_instructions(&header_key(&cell.display()))
}

fn one_row(row: &RawRow, headers: &Headers) -> Vec<HeaderCell> {
    row.cells
        .iter()
        .map(|c| {
            let key = key_of(c, headers);
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
    let upper: Vec<String> = (0..width).map(|c| key_of(top.get(c), headers)).collect();
    let lower: Vec<String> = (0..width).map(|c| key_of(bottom.get(c), headers)).collect();
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

/// SPEC §2: kinds tried in the order exclusions, visits, roster, register, volunteers,
/// divisions. A register's columns (户主, 证号, 供养方式, 保障人口 …) or title (…名册) tell
/// it from a ledger, which has a 关爱联系人; a sheet with neither is a ledger, as before.
fn classify(cells: &[HeaderCell], title: &str, sheet_name: &str) -> Option<SheetKind> {
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
    if !ledger_only && !method && is_register(&any, title, sheet_name) {
        return Some(SheetKind::Register);
    }
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

/// SPEC §2's register: a person (or a household's head) with an ID number, no 关爱联系人
/// and no method, and what only the civil-affairs systems' exports carry — a 户主, 证号,
/// 供养方式, 保障人口, 保障金额 or 残疾类别 column, a title that calls it a 名册 or 名单 of a
/// category (低保边缘家庭花名册), or a sheet named for a category (低保边缘). A title that calls
/// it a 台账 or speaks of 关爱 keeps it a ledger.
fn is_register(any: &dyn Fn(Field) -> bool, title: &str, sheet_name: &str) -> bool {
    use Field::*;
    let person = any(Name) || any(Recipient) || any(HeadName);
    let id = any(IdNumber) || any(HeadId);
    if !person || !id {
        return false;
    }
    let columns = [HeadName, HeadId, Certificate, SupportMode, Members, Entitlement, Disability].into_iter().any(any);
    // A title that calls it a list (名册, 名单) of a category; a sheet named for a category.
    let category = |t: &str| REGISTER_WORDS.iter().any(|w| t.contains(w));
    let title_names = |t: &str| {
        let t = header_key(t);
        (t.contains("名册") || t.contains("名单")) && category(&t)
    };
    let ledger_title = |t: &str| {
        let t = header_key(t);
        (t.contains("台账") || t.contains("关爱")) && !t.contains("名册")
    };
    let system_sheet = SYSTEM_WORDS.iter().any(|w| header_key(sheet_name).contains(w));
    (columns || title_names(title) || system_sheet) && !ledger_title(title)
}

/// The words of the categories a register's title names (the vocabulary's own words are
/// matched when its rows are read; here only whether the title names any).
const REGISTER_WORDS: &[&str] =
    &["特困", "低保", "孤儿", "无人抚养", "残疾", "独居", "留守", "流浪", "供养", "救助", "保障", "困难"];

/// The categories the civil-affairs systems keep rolls of: a sheet named for one of them
/// (低保边缘, 特困供养) is such a roll.
const SYSTEM_WORDS: &[&str] = &["特困", "低保", "孤儿", "无人抚养", "残疾", "供养"];

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
        if matches!(kind, SheetKind::Visits | SheetKind::Roster | SheetKind::Register) && role_as_category(cell) {
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
#[path = "layout_tests.rs"]
mod tests;
