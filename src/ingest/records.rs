//! Turns a classified sheet's rows into typed records: blank and example rows are
//! set aside, each row gets its township and village (SPEC §2.1), and from here on
//! nothing handles raw cells.

use std::sync::Arc;

use super::layout::Layout;
use super::legend::Legend;
use super::meta::Meta;
use super::raw::{RawRow, RawSheet};
use crate::config::Compiled;
use crate::model::checked::VisitChecked;
use crate::model::rows::Sym;
use crate::model::rows::{
    BirthDate, DateCell, Field, IdCell, Interner, Record, RegisterFields, RosterFields, SheetCtx, VisitFields,
    VolunteerFields,
};
use crate::model::said;
use crate::model::{Cell, Code, Excluded, Issue, Place, SheetKind};
use crate::normalize::text;

/// What a sheet yielded.
#[derive(Debug)]
pub(crate) enum Records {
    Volunteers(Vec<Record<VolunteerFields>>),
    /// Visit rows with room for their checks' verdicts, filled in place (`check::visits`).
    Visits(Vec<VisitChecked>),
    Roster(Vec<Record<RosterFields>>),
    Register(Vec<Record<RegisterFields>>),
    Exclusions(Vec<Excluded>),
    Divisions(Vec<Place>),
    /// A kind whose checks this version does not run yet; its rows are counted as skipped.
    NotChecked,
}

impl Records {
    /// No row kept for the checks.
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Records::Volunteers(r) => r.is_empty(),
            Records::Visits(r) => r.is_empty(),
            Records::Roster(r) => r.is_empty(),
            Records::Register(r) => r.is_empty(),
            Records::Exclusions(r) => r.is_empty(),
            Records::Divisions(r) => r.is_empty(),
            Records::NotChecked => true,
        }
    }
}

/// Rows read and set aside while reading, before any check.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct EarlyCounts {
    pub(crate) read: u32,
    pub(crate) skipped: u32,
    pub(crate) rejected: u32,
}

#[derive(Debug)]
pub(crate) struct SheetRecords {
    pub(crate) counts: EarlyCounts,
    pub(crate) issues: Vec<Issue>,
    pub(crate) records: Records,
}

/// Everything a sheet's rows are read against.
pub(crate) struct ReadCtx<'a> {
    pub(crate) config: &'a Compiled,
    pub(crate) sheet: Arc<SheetCtx>,
}

pub(crate) fn read_sheet(raw: &RawSheet, layout: &Layout, ctx: &ReadCtx<'_>) -> SheetRecords {
    let data = &raw.rows[layout.header_index + 1..];
    let mut out = SheetRecords { counts: EarlyCounts::default(), issues: Vec::new(), records: Records::NotChecked };
    let header_number = raw.rows[layout.header_index].number;
    let last = data.last().map_or(header_number, |r| r.number);
    out.counts.read = last - header_number;
    // Rows missing from the sparse list are blank rows: read and skipped.
    out.counts.skipped = out.counts.read - data.len() as u32;
    let mut kept = Kept::default();
    if layout.kind == SheetKind::Register {
        kept.implied = implied_category(raw, layout, &ctx.config.vocab);
    }
    let mut above: Option<(u32, bool)> = None;
    for row in data {
        if is_blank(row, layout) {
            out.counts.skipped += 1;
            continue;
        }
        if is_not_data(row, layout) || (row.number <= header_number + 2 && is_code_row(row, layout)) {
            out.counts.skipped += 1;
            continue;
        }
        if is_example(row, &ctx.config.method_placeholders) {
            out.counts.skipped += 1;
            out.issues.push(Issue::new(Code::R07, ctx.sheet.at(row.number, None), said::r07_example_row()));
            continue;
        }
        let split = split_shared(row, layout);
        let get = |f: Field| {
            split
                .iter()
                .find(|(g, _)| *g == f)
                .map(|(_, c)| c)
                .or_else(|| layout.column(f).map(|c| row.get(c.index as usize)))
                .unwrap_or(&Cell::Empty)
        };
        let taken = match layout.kind {
            SheetKind::Exclusions => exclusion(&get).map(|e| kept.exclusions.push(e)).is_some(),
            SheetKind::Divisions => division(&get).map(|d| kept.divisions.push(d)).is_some(),
            SheetKind::Unknown => false,
            SheetKind::Volunteers | SheetKind::Visits | SheetKind::Roster | SheetKind::Register => {
                let Some(Place { township, village }) = written_place(row, layout, ctx, &mut above, &mut out.issues)
                else {
                    out.counts.rejected += 1;
                    continue;
                };
                let place = (Arc::clone(&ctx.sheet), row.number, kept.syms.sym(&township), kept.syms.sym(&village));
                kept.typed(layout, raw.is_1904, place, &get);
                true
            }
        };
        if !taken {
            out.counts.skipped += 1;
        }
    }
    out.records = kept.into_records(layout.kind);
    out
}

/// The rows a sheet keeps, by kind, while it is read.
#[derive(Default)]
struct Kept {
    syms: Interner,
    volunteers: Vec<Record<VolunteerFields>>,
    visits: Vec<VisitChecked>,
    roster: Vec<Record<RosterFields>>,
    register: Vec<Record<RegisterFields>>,
    exclusions: Vec<Excluded>,
    divisions: Vec<Place>,
    /// A register's category when its rows do not say it (SPEC §12).
    implied: String,
}

type Located = (Arc<SheetCtx>, u32, Sym, Sym);

impl Kept {
    /// A volunteer, visit or ledger row, typed.
    fn typed<'c>(&mut self, layout: &Layout, is_1904: bool, place: Located, get: &impl Fn(Field) -> &'c Cell) {
        match layout.kind {
            SheetKind::Visits => {
                let fields = visit_fields(get, layout, is_1904, &mut self.syms);
                self.visits.push(VisitChecked::unchecked(Record::new(place, fields)));
            }
            SheetKind::Roster => self.roster.push(Record::new(place, roster_fields(get, &layout.legend, is_1904))),
            SheetKind::Register => self.register.push(Record::new(place, register_fields(get, layout, &self.implied))),
            _ => self.volunteers.push(Record::new(place, volunteer_fields(get, &layout.legend))),
        }
    }

    fn into_records(self, kind: SheetKind) -> Records {
        match kind {
            SheetKind::Volunteers => Records::Volunteers(self.volunteers),
            SheetKind::Visits => Records::Visits(self.visits),
            SheetKind::Roster => Records::Roster(self.roster),
            SheetKind::Register => Records::Register(self.register),
            SheetKind::Exclusions => Records::Exclusions(self.exclusions),
            SheetKind::Divisions => Records::Divisions(self.divisions),
            SheetKind::Unknown => Records::NotChecked,
        }
    }
}

/// An exclusions-list entry; None (skipped) without a name.
fn exclusion<'c>(get: &impl Fn(Field) -> &'c Cell) -> Option<Excluded> {
    let name = text::name(&get(Field::Name).display());
    if name.is_empty() {
        return None;
    }
    let id = text::fold(&id_cell(get(Field::IdNumber)).display()).to_uppercase();
    Some(Excluded {
        name,
        id_number: (!id.is_empty()).then_some(id),
        village: place(get(Field::Village)),
        category: [Field::ExclusionCategory, Field::Role]
            .iter()
            .map(|f| text::fold(&get(*f).display()))
            .find(|s| !s.is_empty())
            .unwrap_or_default(),
    })
}

/// A 区划名单 row; None (skipped) unless both township and village are given.
fn division<'c>(get: &impl Fn(Field) -> &'c Cell) -> Option<Place> {
    let (t, v) = (place(get(Field::Township)), place(get(Field::Village)));
    (!t.is_empty() && !v.is_empty()).then(|| Place::new(t, v))
}

fn volunteer_fields<'c>(get: &impl Fn(Field) -> &'c Cell, legend: &Legend) -> VolunteerFields {
    let fold = |f: Field| text::fold(&get(f).display());
    let birth = get(Field::BirthDate);
    VolunteerFields {
        name: text::name(&get(Field::Name).display()),
        name_raw: get(Field::Name).display(),
        gender: legend.decode(Field::Gender, &fold(Field::Gender)).into_owned(),
        id: Some(id_cell(get(Field::IdNumber))),
        birth_date: (!birth.is_empty()).then(|| BirthDate::of(birth)),
        phone: fold(Field::Phone),
        address: fold(Field::Address),
        employer: fold(Field::Employer),
        role: fold(Field::Role),
        remark: fold(Field::Remark),
    }
}

fn visit_fields<'c>(
    get: &impl Fn(Field) -> &'c Cell,
    layout: &Layout,
    is_1904: bool,
    syms: &mut Interner,
) -> VisitFields {
    let legend = &layout.legend;
    // Only the closed values may be codes (SPEC §3): a content or remark is read as written.
    let mut fold = |f: Field| {
        let raw = get(f).text();
        let folded = text::fold_cow(&raw);
        match f {
            Field::Method | Field::Category => syms.sym(&legend.decode(f, &folded)),
            _ => syms.sym(&folded),
        }
    };
    let (method_raw, content, category_raw, worker, remark) =
        (fold(Field::Method), fold(Field::Content), fold(Field::Category), fold(Field::Worker), fold(Field::Remark));
    let year_month = layout.meta.year_month;
    VisitFields {
        date: DateCell::from_cell(get(Field::Date), is_1904),
        date_raw: syms.sym(&get(Field::Date).text()),
        year_month,
        method_raw,
        content,
        category_raw,
        recipient: syms.sym(&text::name(&get(Field::Recipient).text())),
        recipient_raw: syms.sym(&get(Field::Recipient).text()),
        worker,
        remark,
    }
}

fn roster_fields<'c>(get: &impl Fn(Field) -> &'c Cell, legend: &Legend, is_1904: bool) -> RosterFields {
    let fold = |f: Field| text::fold(&get(f).display());
    let coded = |f: Field| legend.decode(f, &fold(f)).into_owned();
    RosterFields {
        name: text::name(&get(Field::Name).display()),
        name_raw: get(Field::Name).display(),
        id: id_cell(get(Field::IdNumber)),
        categories_raw: coded(Field::Categories),
        situations_raw: coded(Field::ElderlySituation),
        contact_person: text::name(&get(Field::ContactPerson).display()),
        contact_phone: fold(Field::ContactPhone),
        village_phone: fold(Field::VillagePhone),
        enrolled: DateCell::from_cell(get(Field::EnrolledOn), is_1904),
        left: DateCell::from_cell(get(Field::LeftOn), is_1904),
        service_content: text::tidy(&get(Field::Content).display()),
    }
}

/// A register row: the person, else the household's head (户主姓名, 户主身份证号); the row's
/// category cell, else the sheet's.
fn register_fields<'c>(get: &impl Fn(Field) -> &'c Cell, layout: &Layout, implied: &str) -> RegisterFields {
    let household = layout.column(Field::Name).is_none();
    let (name, id) = if household { (Field::HeadName, Field::HeadId) } else { (Field::Name, Field::IdNumber) };
    let id = if layout.column(id).is_some() { id } else { Field::IdNumber };
    let written = layout.legend.decode(Field::Categories, &text::fold(&get(Field::Categories).display())).into_owned();
    RegisterFields {
        name: text::name(&get(name).display()),
        name_raw: get(name).display(),
        id: id_cell(get(id)),
        categories_raw: if written.is_empty() { implied.to_string() } else { written },
        household,
        status: text::fold(&get(Field::Status).display()),
    }
}

/// SPEC §12: the one category a register names for all its rows — in the header of its
/// 证号 column (低保证号 → 低保对象), by its 供养方式 (特困人员) or 残疾 columns (困难残疾人),
/// else in its title lines or sheet name (特困人员名册). Empty when none or several are named.
fn implied_category(raw: &RawSheet, layout: &Layout, vocab: &crate::normalize::vocab::Vocab) -> String {
    use crate::normalize::kinds::{Category, Word};
    let one = |t: &str| vocab.categories(&text::fold(t)).categories.single();
    let by_column = layout.column(Field::Certificate).and_then(|c| one(&c.header)).or_else(|| {
        if layout.column(Field::SupportMode).is_some() {
            Some(Category::Tekun)
        } else {
            layout.column(Field::Disability).map(|_| Category::Disabled)
        }
    });
    let title = || {
        let above = &raw.rows[..layout.header_index];
        let lines = above.iter().flat_map(|r| r.cells.iter()).map(|c| c.display()).collect::<Vec<_>>().join(" ");
        one(&lines).or_else(|| one(&raw.name))
    };
    by_column.or_else(title).map(|c| c.name().to_string()).unwrap_or_default()
}

/// The two values of a column that holds a person and a phone ("李四 13800000000",
/// "李四（023-65123456）"): the phone is the longest run of digits (dashes and spaces
/// inside it allowed) of at least 7 digits, the person what is left.
fn split_shared(row: &RawRow, layout: &Layout) -> Vec<(Field, Cell)> {
    let mut out = Vec::new();
    for &(person, phone) in &layout.shared {
        let Some(column) = layout.column(person) else { continue };
        let text = text::fold(&row.get(column.index as usize).display());
        let (name, number) = person_and_phone(&text);
        out.push((person, Cell::Text(name)));
        out.push((phone, if number.is_empty() { Cell::Empty } else { Cell::Text(number) }));
    }
    out
}

fn person_and_phone(text: &str) -> (String, String) {
    let chars: Vec<char> = text.chars().collect();
    let mut best: Option<(usize, usize, usize)> = None; // (start, end, digits)
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let (start, mut end, mut digits) = (i, i, 0);
        while end < chars.len() && (chars[end].is_ascii_digit() || matches!(chars[end], '-' | ' ')) {
            digits += usize::from(chars[end].is_ascii_digit());
            end += 1;
        }
        if digits >= 7 && best.is_none_or(|(_, _, d)| digits > d) {
            best = Some((start, end, digits));
        }
        i = end;
    }
    let Some((start, end, _)) = best else { return (text.to_string(), String::new()) };
    let number: String = chars[start..end].iter().filter(|c| !c.is_whitespace()).collect();
    let rest: String = chars[..start].iter().chain(&chars[end..]).collect();
    let separators = |c: char| c.is_whitespace() || "/,，:：()（）-、;；".contains(c);
    (rest.trim_matches(separators).to_string(), number.trim_matches('-').to_string())
}

fn id_cell(cell: &Cell) -> IdCell {
    match cell {
        Cell::Number(n) => IdCell::Number(*n),
        c if c.is_empty() => IdCell::Empty,
        c => IdCell::Text(text::fold(&c.display()).chars().filter(|c| !c.is_whitespace()).collect()),
    }
}

/// Township and village names compare without spaces.
pub(crate) fn place(cell: &Cell) -> String {
    text::name(&cell.display())
}

/// Blank: nothing but a 序号 under the header's columns. Cells right of the last header
/// column (a stray value at XFD1048576, notes in the margin) do not make a data row.
fn is_blank(row: &RawRow, layout: &Layout) -> bool {
    let seq = layout.column(Field::Seq).map(|c| c.index as usize);
    row.cells.iter().take(layout.width as usize).enumerate().all(|(i, c)| c.is_empty() || Some(i) == seq)
}

/// Labels that open a signature or note line under a table (SPEC §4).
const SIGNATURE_LABELS: &[&str] = &["填表人", "填报人", "审核人", "负责人", "制表人", "经办人", "填报单位", "盖章"];
/// Labels that open a note line only when a colon follows them.
const NOTE_LABELS: &[&str] = &["注", "说明", "备注", "附注"];
const TOTALS: &[&str] = &["合计", "小计", "总计", "共计"];

/// SPEC §4's rows that are not data: a total (合计 …), a signature or note line
/// (填表人：…, 注：…), or one merged cell's text spanning the table.
fn is_not_data(row: &RawRow, layout: &Layout) -> bool {
    let mut filled = row.cells.iter().take(layout.width as usize).filter(|c| !c.is_empty());
    let Some(first) = filled.next() else { return false };
    let first_text = first.text();
    // Checked on every data row: only a text whose first character opens a label is folded.
    let opens = |c: char| "合小总共填审负制经盖注说备附".contains(c);
    if first_text.trim_start().chars().next().is_some_and(opens) {
        let key: String = text::fold(&first_text).chars().filter(|c| !c.is_whitespace()).collect();
        let labelled = TOTALS.iter().chain(SIGNATURE_LABELS).any(|l| key.starts_with(l));
        let noted = NOTE_LABELS.iter().any(|l| key.strip_prefix(l).is_some_and(|rest| rest.starts_with([':', '：'])));
        if labelled || noted {
            return true;
        }
    }
    // A merge filled across the row repeats one text in every cell it spans.
    let mut same = 1;
    for cell in filled {
        if cell != first {
            return false;
        }
        same += 1;
    }
    same >= 3
}

/// A row of column codes or numbers under a system template's header (A01 A02 …, xm sfzh …,
/// 1 2 3 …, (1) (2) …): at least three cells, each a short code, none holding a word.
fn is_code_row(row: &RawRow, layout: &Layout) -> bool {
    let mut filled = 0;
    for cell in row.cells.iter().take(layout.width as usize) {
        let code = match cell {
            Cell::Empty => continue,
            Cell::Number(n) => n.fract() == 0.0 && (0.0..1000.0).contains(n),
            Cell::Text(t) => {
                let t = t.trim();
                t.is_empty()
                    || (t.len() <= 16 && t.chars().all(|c| c.is_ascii_alphanumeric() || "_-.()（）".contains(c)))
            }
            _ => false,
        };
        if !code {
            return false;
        }
        filled += usize::from(!cell.is_empty());
    }
    filled >= 3
}

/// SPEC §4's template example row: at least two of its cells carry the template's example
/// marks — a cell starting 例 (例：, 例如), the placeholder XXXXXX, the example pair 张三 with
/// 特困人员 (two cells), the method column's placeholder (入户走访/电话联系). One mark alone
/// (a real row whose 序号 still says 例) is a real row.
fn is_example(row: &RawRow, placeholders: &[String]) -> bool {
    // Checked on every data row: look at the raw text first, fold only candidates.
    let texts = || row.cells.iter().filter_map(|c| if let Cell::Text(t) = c { Some(t.trim()) } else { None });
    let mut marks = 0;
    let mut pair = (false, false);
    for t in texts() {
        let mut chars = t.chars();
        let Some(first) = chars.next() else { continue };
        // 例, 例：, 例如, 例1 — not 例行走访.
        let after = chars.next();
        let opens =
            first == '例' && after.is_none_or(|c| matches!(c, ':' | '：' | '如' | ' ' | '　') || c.is_ascii_digit());
        // Byte tests first: ASCII bytes never occur inside a multi-byte character, and every
        // full-width form (Ｘ, ／) starts with 0xEF.
        let has = |ascii: &[u8]| t.bytes().any(|b| ascii.contains(&b) || b == 0xEF);
        let placeholder = || has(b"Xx") && text::fold(t).to_uppercase().contains("XXXX");
        let method = || has(b"/") && placeholders.iter().any(|p| text::header_key(t) == text::header_key(p));
        if opens || placeholder() || method() {
            marks += 1;
        } else if first == '张' && text::name(t) == "张三" {
            pair.0 = true;
        } else if first == '特' && text::fold(t) == "特困人员" {
            pair.1 = true;
        }
    }
    if pair == (true, true) {
        marks += 2;
    }
    marks >= 2
}

/// SPEC §2.1, the part one sheet knows: the row's own cells, else the metadata line. An
/// empty result is resolved from the run's known names (`pipeline::places`). A village
/// cell left blank under a filled one in the same block of rows is not guessed: F06 here.
fn written_place(
    row: &RawRow,
    layout: &Layout,
    ctx: &ReadCtx<'_>,
    above: &mut Option<(u32, bool)>,
    issues: &mut Vec<Issue>,
) -> Option<Place> {
    let cell = |f: Field| layout.column(f).map(|c| place(row.get(c.index as usize))).filter(|s| !s.is_empty());
    let Meta { township: meta_t, village: meta_v, .. } = &layout.meta;
    let written = cell(Field::Village);
    let under_filled = above.is_some_and(|(number, filled)| filled && number + 1 == row.number);
    *above = Some((row.number, written.is_some()));
    if written.is_none() && under_filled && layout.column(Field::Village).is_some() {
        let mut issue =
            Issue::new(Code::F06, ctx.sheet.at(row.number, Some(Field::Village)), said::f06_blank_under_filled());
        issue.place.township = cell(Field::Township).unwrap_or_default();
        issue.name = person_in(row, layout);
        issues.push(issue);
        return None;
    }
    let village = written.or_else(|| meta_v.as_deref().map(text::name)).unwrap_or_default();
    let township = cell(Field::Township).or_else(|| meta_t.as_deref().map(text::name)).unwrap_or_default();
    Some(Place::new(township, village))
}

/// The person a row is about, for messages: the name, or a log's recipient.
fn person_in(row: &RawRow, layout: &Layout) -> String {
    [Field::Name, Field::Recipient]
        .iter()
        .find_map(|f| layout.column(*f))
        .map(|c| text::name(&row.get(c.index as usize).display()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> RawRow {
        RawRow { number: 4, cells: cells.iter().map(|s| Cell::Text(s.to_string())).collect() }
    }

    #[test]
    fn an_example_row_needs_two_marks() {
        let placeholders = vec!["入户走访/电话联系".to_string()];
        let cases: &[(&[&str], bool)] = &[
            // The notice's own example row.
            (&["1", "例：1月4日", "入户走访/电话联系", "XXXXXX", "特困人员", "张三"], true),
            (&["例：1", "井口街道", "美丽家园社区", "张三", "500106XXXXXXXXXXXX", "独居老人"], true),
            (&["例：1", "例：井口街道", "例：美丽家园社区"], true),
            (&["", "1月4日", "电话联系", "问候", "特困人员", "张三"], true),
            (&["例如", "1月4日", "入户走访／电话联系", "送米油", "低保对象", "王五"], true),
            // One mark: a real row.
            (&["例", "2023-01-04", "电话联系", "问候", "特困人员", "王五"], false),
            (&["1", "2023-01-04", "电话联系", "XXXXXX", "低保对象", "王五"], false),
            (&["1", "2023-01-04", "入户走访", "例行走访", "特困人员", "王五"], false),
            (&["1", "2023-01-04", "入户走访", "问候", "低保对象", "张三"], false),
            (&["1", "2023-01-04", "入户走访", "问候", "特困人员", "张三丰"], false),
        ];
        for (cells, want) in cases {
            assert_eq!(is_example(&row(cells), &placeholders), *want, "{cells:?}");
        }
    }

    #[test]
    fn column_code_rows_are_not_data() {
        let layout = |width| Layout {
            kind: SheetKind::Roster,
            header_index: 0,
            columns: Default::default(),
            shared: Vec::new(),
            meta: Meta::default(),
            width,
            legend: Default::default(),
        };
        let numbers = RawRow { number: 2, cells: (1..=6).map(|n| Cell::Number(n as f64)).collect() };
        assert!(is_code_row(&numbers, &layout(6)));
        for codes in [&["A01", "A02", "A03", "A04"][..], &["xm", "sfzh", "lb", "lxr"], &["(1)", "(2)", "(3)"]] {
            assert!(is_code_row(&row(codes), &layout(6)), "{codes:?}");
        }
        for data in [&["1", "井口村", "王五", "特困人员"][..], &["1", "2"], &["A01", "王五", "B", "C"]] {
            assert!(!is_code_row(&row(data), &layout(6)), "{data:?}");
        }
    }

    #[test]
    fn a_person_and_a_phone_in_one_cell() {
        let cases = [
            ("李四 13800000000", ("李四", "13800000000")),
            ("李四13800000000", ("李四", "13800000000")),
            ("李四（023-65123456）", ("李四", "023-65123456")),
            ("李四/138 0000 0000", ("李四", "13800000000")),
            ("李四", ("李四", "")),
            ("13800000000", ("", "13800000000")),
            ("李四 123", ("李四 123", "")),
        ];
        for (text, (person, phone)) in cases {
            assert_eq!(person_and_phone(text), (person.to_string(), phone.to_string()), "{text}");
        }
    }
}
