//! Recipient ledgers (关爱帮扶对象信息台账): P01–P07. The ledger defines who is
//! assessed; its categories and situations decide which frequency rules apply.

use super::{dates, Found, Places};
use crate::model::checked::RosterChecked;
use crate::model::rows::Field;
use crate::model::rows::{IdCell, Record, RosterFields};
use crate::model::said;
use crate::model::{Code, Outcome};
use crate::normalize::kinds::{Categories, Category, Situation, Situations, Word};
use crate::normalize::{idcard, vocab::Vocab};
use crate::period::Period;

pub(crate) fn check_row(record: Record<RosterFields>, vocab: &Vocab, period: Period) -> RosterChecked {
    let r = &record.data;
    let mut found = Found::new(&record.ctx, record.row, &record.township, &record.village, &r.name);
    if r.name.is_empty() {
        found.raise(Code::P01, Some(Field::Name), "", said::p01_no_name());
    }
    let (mut categories, situations, unread) = kinds(r, vocab, &mut found);
    // SPEC §5: the situation 分散特困 also puts the person in category 特困人员.
    if situations.contains(Situation::ScatteredTekun) {
        categories.insert(Category::Tekun);
    }
    if categories.contains(Category::Elderly) {
        elderly_situation(r, &unread, categories, situations, &mut found);
    }
    let id = id_number(r, &mut found);
    age_fits(r, categories, period.reference(), &mut found);
    if r.contact_person.is_empty() {
        found.raise(Code::P05, Some(Field::ContactPerson), "", said::p05_no_contact_person());
    }
    let enrolled = dates::resolve(&r.enrolled, None, Some(period));
    let left = dates::resolve(&r.left, None, Some(period));
    let issues = found.issues;
    let outcome = Outcome::from_issues(&issues);
    RosterChecked { record, categories, situations, id, enrolled, left, issues, outcome }
}

/// The categories (P01 when empty, P02 for words naming none), the situations — those
/// of the situation column and those the categories' qualifiers carry (独居老人（半失能）) —
/// and the parts of the situation column that name none.
fn kinds(r: &RosterFields, vocab: &Vocab, found: &mut Found<'_>) -> (Categories, Situations, Vec<String>) {
    let kinds = vocab.categories(&r.categories_raw);
    if r.categories_raw.is_empty() {
        found.raise(Code::P01, Some(Field::Categories), "", said::p01_no_category());
    }
    if !kinds.unknown.is_empty() {
        let words = kinds.unknown.join("、");
        let said = said::p02_unknown_category(&words, vocab.why_not(&words));
        found.raise(Code::P02, Some(Field::Categories), &r.categories_raw, said);
    }
    let (situations, unread) = vocab.situations(&r.situations_raw);
    (kinds.categories, situations.union(kinds.situations), unread)
}

/// P04 (独居老人 without a situation: assessed as 一般) and P08 (a situation written that
/// names none of the notice's: never a silent 一般). A 独居老人 who is also 特困人员 is
/// assessed intensively without one.
fn elderly_situation(
    r: &RosterFields,
    unknown: &[String],
    categories: Categories,
    situations: Situations,
    found: &mut Found<'_>,
) {
    let tekun = categories.contains(Category::Tekun);
    if !unknown.is_empty() {
        let assessed_as = if !situations.is_empty() {
            format!("按已识别的“{}”考核", situations.join("、"))
        } else if tekun {
            "按特困人员独居老人（每周电话3次、入户1次）考核".to_string()
        } else {
            "按“其他独居老人”考核".to_string()
        };
        let said = said::p08_unknown_situation(&r.situations_raw, &unknown.join("、"), &assessed_as);
        found.raise(Code::P08, Some(Field::ElderlySituation), &r.situations_raw, said);
    } else if situations.is_empty() && !tekun {
        found.raise(Code::P04, Some(Field::ElderlySituation), &r.situations_raw, said::p04_no_situation());
    }
}

/// P03: an ID number is optional in a ledger, but a wrong one is told.
fn id_number(r: &RosterFields, found: &mut Found<'_>) -> Option<String> {
    match &r.id {
        IdCell::Empty => None,
        cell => match idcard::parse(&cell.display()) {
            Ok(p) => Some(p.value),
            Err(e) => {
                let hint =
                    if matches!(cell, IdCell::Number(_)) { "，且以数字格式保存已丢失精度" } else { "" };
                found.raise(
                    Code::P03,
                    Some(Field::IdNumber),
                    &cell.display(),
                    said::p03_invalid_id(&e.describe(), hint),
                );
                None
            }
        },
    }
}

/// The child categories (under 18) and the elderly (60 and over, 老年人权益保障法 第2条).
const CHILDREN: [Category; 3] = [Category::Orphan, Category::Unsupported, Category::LeftBehind];
const ADULT_AGE: i32 = 18;
const ELDERLY_AGE: i32 = 60;

/// P09: the age by the ID number (on the reference day) does not fit a category: a child
/// category at 18 or older, 独居老人 under 60. A bad ID number says nothing here (P03 does).
fn age_fits(r: &RosterFields, categories: Categories, on: chrono::NaiveDate, found: &mut Found<'_>) {
    let Ok(id) = idcard::parse(&r.id.display()) else { return };
    let age = idcard::full_years(id.birth, on);
    let day = on.format("%Y年%-m月%-d日").to_string();
    for (category, required) in misfits(categories, age) {
        let said = said::p09_age_category(age, category.name(), required, &day);
        found.raise(Code::P09, Some(Field::IdNumber), &r.id.display(), said);
    }
}

/// The categories `age` does not fit, each with the age it requires.
fn misfits(categories: Categories, age: i32) -> Vec<(Category, &'static str)> {
    let mut out = Vec::new();
    if let Some(child) = CHILDREN.into_iter().find(|c| categories.contains(*c)).filter(|_| age >= ADULT_AGE) {
        out.push((child, "未满18周岁的儿童"));
    }
    if categories.contains(Category::Elderly) && age < ELDERLY_AGE {
        out.push((Category::Elderly, "60周岁及以上的老年人"));
    }
    out
}

/// P06 (same name twice in a village's ledger: the later row is skipped) and P07
/// (same ID number in several villages' ledgers).
pub(crate) fn cross_check(rows: &mut [RosterChecked]) {
    let accepted = |r: &RosterChecked| r.outcome == Outcome::Accepted;
    // Found first (the rows' texts borrowed), then said.
    let copies = super::later_copies(
        rows.iter()
            .map(|r| accepted(r).then(|| (&*r.record.township, &*r.record.village, r.record.data.name.as_str()))),
    );
    for i in copies {
        let row = &mut rows[i];
        let d = &row.record.data;
        let issue = row.record.issue(Code::P06, Some(Field::Name), &d.name, &d.name_raw, said::p06_duplicate());
        row.issues.push(issue);
        row.outcome = Outcome::Duplicate;
    }
    let several: Vec<(usize, usize, String)> = {
        let ids =
            rows.iter().filter(|r| accepted(r)).map(|r| (r.id.as_deref(), &*r.record.township, &*r.record.village));
        let places = Places::of(ids);
        let of = |(i, r): (usize, &RosterChecked)| places.several(r.id.as_deref()).map(|(n, list)| (i, n, list));
        rows.iter().enumerate().filter(|(_, r)| accepted(r)).filter_map(of).collect()
    };
    for (i, count, list) in several {
        let row = &mut rows[i];
        let issue = row.record.issue(
            Code::P07,
            Some(Field::IdNumber),
            &row.record.data.name,
            row.id.as_deref().unwrap_or_default(),
            said::p07_in_several_villages(count, &list),
        );
        row.issues.push(issue);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p09_age_boundaries() {
        let one = Categories::one;
        for (category, age, misfit) in [
            (Category::LeftBehind, 17, false),
            (Category::LeftBehind, 18, true),
            (Category::Orphan, 66, true),
            (Category::Unsupported, 0, false),
            (Category::Elderly, 59, true),
            (Category::Elderly, 60, false),
            (Category::Dibao, 5, false),
            (Category::Tekun, 90, false),
        ] {
            assert_eq!(!misfits(one(category), age).is_empty(), misfit, "{category:?} at {age}");
        }
        let both: Categories = [Category::Elderly, Category::Orphan].into_iter().collect();
        assert_eq!(misfits(both, 30).len(), 2);
    }
}
