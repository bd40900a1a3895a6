//! Care-visit logs (附件2): R01–R06, R08, R11 on the rows; R09 and R10 against the
//! ledgers are raised where recipients are built.

use std::hash::BuildHasher;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::{dates, Found};
use crate::model::checked::{VisitChecked, Visits};
use crate::model::order::TownshipOrder;
use crate::model::rows::Field;
use crate::model::rows::VisitFields;
use crate::model::said;
use crate::model::sheets::Sheets;
use crate::model::{Code, Issue, Outcome};
use crate::normalize::kinds::{Categories, Method, Set};
use crate::normalize::vocab::Vocab;
use crate::period::Period;

/// `check_in_place` on a row as read (the tests' way in).
#[cfg(test)]
pub(crate) fn check_row(
    record: crate::model::rows::Record<VisitFields>,
    vocab: &Vocab,
    period: Period,
    today: NaiveDate,
) -> VisitChecked {
    let mut row = VisitChecked::unchecked(record);
    check_in_place(&mut row, vocab, period, today);
    row
}

/// SPEC §4's rules on one visit row: its verdicts written into it, its issues returned.
pub(crate) fn check_in_place(row: &mut VisitChecked, vocab: &Vocab, period: Period, today: NaiveDate) -> Vec<Issue> {
    let record = &row.record;
    let v = &record.data;
    let mut found = Found::new(&record.ctx, record.row, &record.township, &record.village, &v.recipient);
    required(v, &mut found);
    let read = dates::read(&v.date, v.year_month, Some(period));
    let (date, in_period) = date_rules(v, read, period, today, &mut found);
    let methods = vocab.methods(&v.method_raw);
    if methods.is_empty() && !v.method_raw.is_empty() {
        let said = said::r05_unknown_method(&v.method_raw, vocab.why_not(&v.method_raw));
        found.raise(Code::R05, Some(Field::Method), &v.method_raw, said);
    }
    let kinds = vocab.categories(&v.category_raw);
    if !kinds.unknown.is_empty() {
        let words = kinds.unknown.join("、");
        let said = said::r06_unknown_category(&words, vocab.why_not(&words));
        found.raise(Code::R06, Some(Field::Category), &v.category_raw, said);
    }
    let (categories, situations) = (kinds.categories, kinds.situations);
    if v.worker.is_empty() {
        found.raise(Code::R11, Some(Field::Worker), "", said::r11_no_worker());
    }
    let issues = found.issues;
    let outcome = Outcome::from_issues(&issues);
    row.assessed = in_period && outcome == Outcome::Accepted;
    (row.date, row.methods, row.categories, row.situations) = (date, methods, categories, situations);
    row.outcome = outcome;
    issues
}

/// R01: date, method, category and recipient are required.
fn required(v: &VisitFields, found: &mut Found<'_>) {
    for (field, empty, label) in [
        (Field::Date, v.date.is_empty(), "时间"),
        (Field::Method, v.method_raw.is_empty(), "关爱方式"),
        (Field::Category, v.category_raw.is_empty(), "关爱对象类型"),
        (Field::Recipient, v.recipient.is_empty(), "关爱对象姓名"),
    ] {
        if empty {
            found.raise(Code::R01, Some(field), "", said::r01_empty(label));
        }
    }
}

/// R02 unreadable or ambiguous, R12 a number read as month.day, R04 after today, R03
/// outside the period; the date, and whether it is assessed.
fn date_rules(
    v: &VisitFields,
    read: dates::Read,
    period: Period,
    today: NaiveDate,
    found: &mut Found<'_>,
) -> (Option<NaiveDate>, bool) {
    let raw = &*v.date_raw;
    let date = match read {
        dates::Read::Date(d) => d,
        dates::Read::MonthDay(d) => {
            found.raise(Code::R12, Some(Field::Date), raw, said::r12_month_day(raw, d));
            d
        }
        dates::Read::Ambiguous(why) => {
            found.raise(Code::R02, Some(Field::Date), raw, said::r02_ambiguous_date(&why));
            return (None, false);
        }
        dates::Read::Unreadable => {
            found.raise(Code::R02, Some(Field::Date), raw, said::r02_unreadable_date(raw));
            return (None, false);
        }
        dates::Read::Empty => return (None, false),
    };
    let said = match date {
        d if d > today => (Code::R04, said::r04_future(d, today)),
        d if d < period.from || d > period.to => (Code::R03, said::r03_outside_period(d, &period.label())),
        _ => return (Some(date), true),
    };
    found.raise(said.0, Some(Field::Date), raw, said.1);
    (Some(date), false)
}

/// The checked rows, with the accepted ones' order for 关爱记录.
pub(crate) fn in_output_order(rows: Sheets<VisitChecked>, townships: &TownshipOrder) -> Visits {
    let order = output_order(&rows, townships);
    Visits::new(rows, order)
}

/// The accepted rows in SPEC §8's output order, `Record::output_key` (township in the
/// configured order, village,
/// recipient, file, sheet, row), then file order. Townships, villages and files are few and
/// repeated by thousands of rows, so they are ranked once and the sort compares numbers and
/// the recipient's name instead of four texts behind a row index.
fn output_order(rows: &Sheets<VisitChecked>, townships: &TownshipOrder) -> Vec<u32> {
    let place = ranks(
        rows,
        |a, b| Arc::ptr_eq(&a.record.township, &b.record.township) && Arc::ptr_eq(&a.record.village, &b.record.village),
        |v| (townships.rank(&v.record.township), &*v.record.township, &*v.record.village),
    );
    let sheet =
        ranks(rows, |a, b| Arc::ptr_eq(&a.record.ctx, &b.record.ctx), |v| (&*v.record.ctx.file, v.record.ctx.id.1));
    let mut keys: Vec<(u32, &str, u32, u32, u32)> = rows
        .par_enumerate()
        .filter(|(_, v)| v.outcome == Outcome::Accepted)
        .map(|(i, v)| (place[i as usize], &*v.record.data.recipient, sheet[i as usize], v.record.row, i))
        .collect();
    keys.par_sort_unstable();
    keys.iter().map(|k| k.4).collect()
}

/// Each row's rank among the distinct `key`s of all rows. `same` spots a row that has the
/// key of the row before without looking at the texts (the rows of a sheet share them).
fn ranks<'a, K: Ord + std::hash::Hash>(
    rows: &'a Sheets<VisitChecked>,
    same: impl Fn(&VisitChecked, &VisitChecked) -> bool,
    key: impl Fn(&'a VisitChecked) -> K,
) -> Vec<u32> {
    let mut ids: rustc_hash::FxHashMap<K, u32> = Default::default();
    let mut per_row: Vec<u32> = Vec::with_capacity(rows.len());
    let mut before: Option<(&VisitChecked, u32)> = None;
    for v in rows.iter() {
        let id = match before {
            Some((p, id)) if same(p, v) => id,
            _ => {
                let next = ids.len() as u32;
                *ids.entry(key(v)).or_insert(next)
            }
        };
        per_row.push(id);
        before = Some((v, id));
    }
    let mut distinct: Vec<(K, u32)> = ids.into_iter().collect();
    distinct.sort_unstable();
    let mut rank = vec![0u32; distinct.len()];
    for (r, (_, id)) in distinct.iter().enumerate() {
        rank[*id as usize] = r as u32;
    }
    per_row.iter_mut().for_each(|id| *id = rank[*id as usize]);
    per_row
}

/// R08: the same (date, method, recipient, categories, worker) in a village counts once;
/// the first in (file, sheet, row) order is kept. Returns the later copies' R08s.
pub(crate) fn mark_duplicates(rows: &mut Sheets<VisitChecked>) -> Vec<Issue> {
    // Hashed in parallel and sorted, so equal rows sit side by side in file order; only rows
    // of equal hash are compared. A set of every key would hold ~100 bytes per row and
    // fill serially.
    let mut hashed: Vec<(u64, u32)> = rows
        .par_enumerate()
        .filter(|(_, r)| r.outcome == Outcome::Accepted)
        .map(|(i, r)| (rustc_hash::FxBuildHasher.hash_one(duplicate_key(r)), i))
        .collect();
    hashed.par_sort_unstable();
    let mut duplicates = Vec::new();
    for group in hashed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        for (n, &(_, i)) in group.iter().enumerate() {
            let key = duplicate_key(&rows[i]);
            if group[..n].iter().any(|&(_, earlier)| duplicate_key(&rows[earlier]) == key) {
                duplicates.push(i);
            }
        }
    }
    // Written in parallel: a city's half a million copies are as many issues.
    let r08: Vec<Issue> = duplicates
        .par_iter()
        .map(|&i| {
            let r = &rows[i].record;
            r.issue(Code::R08, None, &r.data.recipient, &r.data.date_raw, said::r08_duplicate())
        })
        .collect();
    for i in duplicates {
        let Some(row) = rows.get_mut(i) else { continue };
        row.outcome = Outcome::Duplicate;
        row.assessed = false;
    }
    r08
}

/// What makes two visit rows the same visit.
#[allow(clippy::type_complexity)]
fn duplicate_key(r: &VisitChecked) -> (&str, &str, Option<NaiveDate>, Set<Method>, &str, Categories, &str) {
    let d = &r.record.data;
    (&r.record.township, &r.record.village, r.date, r.methods, &d.recipient, r.categories, &d.worker)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rows::Record;
    use crate::model::rows::SheetCtx;
    use proptest::prelude::*;

    fn row(i: usize, (village, day, method, who, worker, rejected): (u8, u8, u8, u8, u8, bool)) -> VisitChecked {
        let ctx = Arc::new(SheetCtx {
            id: (0, 0),
            file: "a.xlsx".into(),
            sheet: "记录".into(),
            columns: Default::default(),
            hints: Default::default(),
        });
        let data = VisitFields {
            recipient: format!("对象{who}").into(),
            worker: format!("社工{worker}").into(),
            ..Default::default()
        };
        VisitChecked {
            record: Record {
                ctx,
                row: i as u32 + 2,
                township: "井口街道".into(),
                village: format!("村{village}").into(),
                data,
            },
            date: NaiveDate::from_ymd_opt(2023, 1, u32::from(day) + 1),
            methods: Set::one(if method == 0 { Method::Call } else { Method::Visit }),
            categories: Categories::one(crate::normalize::kinds::Category::Elderly),
            situations: Default::default(),
            assessed: !rejected,
            outcome: if rejected { Outcome::Rejected } else { Outcome::Accepted },
        }
    }

    /// Rows of sheets (file, sheet) holding one village each or several, in file order.
    fn sheet_rows(cells: &[(u8, u8, u8, u8, u8, bool)]) -> Vec<VisitChecked> {
        let mut rows = Vec::new();
        let mut ctx = None;
        let mut texts = crate::model::rows::Interner::default();
        for (i, &(file, sheet, village, who, town, rejected)) in cells.iter().enumerate() {
            // Consecutive rows of the same (file, sheet) share its context and texts, as read.
            let fresh = match &ctx {
                Some((f, s, _)) => (*f, *s) != (file, sheet),
                None => true,
            };
            if fresh {
                let shared = Arc::new(SheetCtx {
                    id: (usize::from(file), usize::from(sheet)),
                    file: format!("{}镇/{file}.xlsx", ["甲", "乙"][usize::from(town % 2)]),
                    sheet: format!("表{sheet}"),
                    columns: Default::default(),
                    hints: Default::default(),
                });
                ctx = Some((file, sheet, shared));
                texts = Default::default();
            }
            let Some((_, _, shared)) = &ctx else { continue };
            let mut r = row(i, (village, 0, 0, who, 0, rejected));
            r.record.ctx = Arc::clone(shared);
            r.record.township = texts.sym(["井口街道", "歌乐山街道"][usize::from(town % 2)]);
            r.record.village = texts.sym(&r.record.village);
            rows.push(r);
        }
        rows
    }

    proptest! {
        /// Ranking places and files first gives the order of comparing the texts themselves.
        #[test]
        fn output_order_is_the_output_key_order(
            cells in prop::collection::vec((0u8..4, 0u8..2, 0u8..3, 0u8..4, 0u8..2, prop::bool::weighted(0.1)), 0..80)
        ) {
            let mut cells = cells;
            // File order: by file then sheet, as files are read.
            cells.sort_by_key(|c| (c.0, c.1));
            let rows = sheet_rows(&cells);
            let mut expected: Vec<u32> =
                (0..rows.len() as u32).filter(|&i| rows[i as usize].outcome == Outcome::Accepted).collect();
            expected.sort_by(|&a, &b| {
                let (a, b) = (&rows[a as usize].record, &rows[b as usize].record);
                a.output_key(&a.data.recipient).cmp(&b.output_key(&b.data.recipient))
            });
            // One list per sheet, as gathered.
            let mut sheets = Sheets::default();
            for part in rows.chunk_by(|a, b| Arc::ptr_eq(&a.record.ctx, &b.record.ctx)) {
                sheets.push(part.to_vec());
            }
            prop_assert_eq!(output_order(&sheets, &TownshipOrder::default()), expected);
        }

        /// The first accepted copy in file order stays; every later accepted copy, and only
        /// those, becomes R08 — as a set of keys seen so far would say.
        #[test]
        fn duplicates_are_the_later_copies(
            fields in prop::collection::vec((0u8..2, 0u8..3, 0u8..2, 0u8..3, 0u8..2, prop::bool::weighted(0.1)), 0..60),
            part in 1usize..9,
        ) {
            let all: Vec<VisitChecked> = fields.iter().enumerate().map(|(i, f)| row(i, *f)).collect();
            // Copies across sheets as well as within one: lists of up to `part` rows.
            let mut rows = Sheets::default();
            for chunk in all.chunks(part) {
                rows.push(chunk.to_vec());
            }
            let mut seen = std::collections::HashSet::new();
            let expected: Vec<bool> = fields
                .iter()
                .map(|f| !f.5 && !seen.insert((f.0, f.1, f.2, f.3, f.4)))
                .collect();
            let r08 = mark_duplicates(&mut rows);
            let got: Vec<bool> = rows.iter().map(|r| r.outcome == Outcome::Duplicate).collect();
            prop_assert_eq!(&got, &expected);
            // One R08 per later copy, at its row.
            let mut said: Vec<u32> = r08.iter().filter(|i| i.code == Code::R08).filter_map(|i| i.location.row).collect();
            said.sort();
            let copies: Vec<u32> = (0..got.len()).filter(|&i| got[i]).map(|i| i as u32 + 2).collect();
            prop_assert_eq!(said, copies);
            for r in rows.iter() {
                prop_assert_eq!(r.assessed, r.outcome == Outcome::Accepted);
            }
        }
    }
}

/// Which records the assessment counts: accepted and dated inside the period, nothing else.
#[cfg(test)]
mod assessed_tests {
    use super::*;
    use crate::model::rows::Record;
    use crate::model::rows::{DateCell, SheetCtx};

    fn checked(day: NaiveDate, category: &str) -> VisitChecked {
        let ctx = Arc::new(SheetCtx { file: "a.xlsx".into(), sheet: "记录".into(), ..SheetCtx::default() });
        let data = VisitFields {
            date: DateCell::Date(day),
            method_raw: "电话联系".into(),
            category_raw: category.into(),
            recipient: "王秀英".into(),
            worker: "李芳".into(),
            ..Default::default()
        };
        let record =
            Record { ctx, row: 5, township: "井口街道".into(), village: "美丽家园社区".into(), data };
        let vocab = crate::config::Config::load(None).unwrap().vocab();
        let period = Period::month(2023, 1).unwrap();
        check_row(record, &vocab, period, NaiveDate::from_ymd_opt(2023, 3, 1).unwrap())
    }

    #[test]
    fn only_accepted_records_inside_the_period_are_assessed() {
        let jan = |d| NaiveDate::from_ymd_opt(2023, 1, d).unwrap();
        let counted = checked(jan(10), "低保对象");
        assert!(counted.outcome == Outcome::Accepted && counted.assessed);
        // Rejected (R06), though dated inside the period and with a method: not care counted.
        let rejected = checked(jan(10), "五保户");
        assert!(rejected.outcome == Outcome::Rejected && !rejected.assessed);
        // Kept (R03), but outside the period.
        let outside = checked(NaiveDate::from_ymd_opt(2022, 12, 28).unwrap(), "低保对象");
        assert!(outside.outcome == Outcome::Accepted && !outside.assessed);
    }
}
