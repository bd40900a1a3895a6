//! Volunteer rows (附件1): V01–V14. `check_row` judges a row alone, one small function
//! per rule; `cross_check` looks across every list of the run (exclusions V08,
//! duplicates V09/V10).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::{cadre, Found, Places};
use crate::config::Compiled;
use crate::model::checked::VolunteerChecked;
use crate::model::rows::{Field, IdCell, Record, VolunteerFields};
use crate::model::said::{self, Said};
use crate::model::{Code, Excluded, Issue, Outcome};
use crate::normalize::{idcard, phone, text};

/// A volunteer row as its rules see it: the fields, the place it was submitted for, the
/// ID number when it is valid, and what the rules are judged against.
struct Row<'a> {
    v: &'a VolunteerFields,
    township: &'a str,
    village: &'a str,
    id: Option<&'a idcard::IdNumber>,
    config: &'a Compiled,
    reference: NaiveDate,
}

type Rule = fn(&Row<'_>, &mut Found<'_>);

/// The rules that need the row and its ID number, in the order their reasons are listed
/// in 剔除人员. A new rule is one function and one entry here.
const RULES: &[Rule] = &[age, gender_and_birth, address, role, phone_number];

/// Judges one row against the rules that need nothing but the row itself.
pub(crate) fn check_row(record: Record<VolunteerFields>, config: &Compiled, reference: NaiveDate) -> VolunteerChecked {
    let v = &record.data;
    let mut found = Found::new(&record.ctx, record.row, &record.township, &record.village, &v.name);
    required(v, &mut found);
    let parsed = id_number(v, &mut found);
    let row = Row { v, township: &record.township, village: &record.village, id: parsed.as_ref(), config, reference };
    for rule in RULES {
        rule(&row, &mut found);
    }
    let issues = found.issues;
    let outcome = Outcome::from_issues(&issues);
    let age = parsed.as_ref().map(|b| idcard::full_years(b.birth, reference));
    VolunteerChecked { id: parsed, age, record, issues, outcome }
}

/// V01: name and address.
fn required(v: &VolunteerFields, found: &mut Found<'_>) {
    for (field, value, label) in [(Field::Name, &v.name, "姓名"), (Field::Address, &v.address, "居住地址")] {
        if value.is_empty() {
            found.raise(Code::V01, Some(field), "", said::v01_empty(label));
        }
    }
}

/// V01 (empty), V03 (a number that lost digits), V02 (invalid): the ID number, parsed.
fn id_number(v: &VolunteerFields, found: &mut Found<'_>) -> Option<idcard::IdNumber> {
    match v.id.as_ref().unwrap_or(&IdCell::Empty) {
        IdCell::Empty => {
            found.raise(Code::V01, Some(Field::IdNumber), "", said::v01_no_id());
            None
        }
        IdCell::Number(n) if n.abs() >= 1e14 => {
            found.raise(
                Code::V03,
                Some(Field::IdNumber),
                &crate::normalize::idcard::as_excel_keeps(*n),
                said::v03_id_as_number(),
            );
            None
        }
        IdCell::Text(t) if idcard::is_scientific(t) => {
            found.raise(Code::V03, Some(Field::IdNumber), t, said::v03_id_as_number());
            None
        }
        cell => {
            let shown = cell.display();
            idcard::parse(&shown)
                .map_err(|err| {
                    found.raise(Code::V02, Some(Field::IdNumber), &shown, said::v02_invalid_id(err.describe()))
                })
                .ok()
        }
    }
}

/// V04 over the maximum age (65 included), V13 under the minimum.
fn age(row: &Row<'_>, found: &mut Found<'_>) {
    let Some(id) = row.id else { return };
    let age = idcard::full_years(id.birth, row.reference);
    let (max, min) = (row.config.max_volunteer_age, row.config.min_volunteer_age);
    if age > max {
        found.raise(Code::V04, Some(Field::IdNumber), &id.value, said::v04_too_old(age, max, row.reference));
    } else if age < min {
        found.raise(Code::V13, Some(Field::IdNumber), &id.value, said::v13_too_young(age, min, row.reference));
    }
}

/// V12: the gender or birth-date column disagrees with the ID number.
fn gender_and_birth(row: &Row<'_>, found: &mut Found<'_>) {
    let (Some(id), v) = (row.id, row.v) else { return };
    let written = match v.gender.as_str() {
        "男" => Some(true),
        "女" => Some(false),
        _ => None,
    };
    if written.is_some_and(|male| male != id.male) {
        let by_id = if id.male { "男" } else { "女" };
        found.raise(Code::V12, Some(Field::Gender), &v.gender, said::v12_gender(&v.gender, by_id));
    }
    if let Some(written) = &v.birth_date {
        let b = id.birth;
        let agrees = written
            .read
            .is_some_and(|w| w.year == b.year() && w.month == b.month() && w.day.is_none_or(|d| d == b.day()));
        if !agrees {
            found.raise(Code::V12, Some(Field::BirthDate), &written.shown, said::v12_birth(&written.shown, b));
        }
    }
}

/// V05 another district, V06 residence unconfirmed, V14 another township of the district.
fn address(row: &Row<'_>, found: &mut Found<'_>) {
    let (address, config, township) = (row.v.address.as_str(), row.config, row.township);
    if address.is_empty() {
        return;
    }
    let compact = text::name(address);
    let raise = |found: &mut Found<'_>, code, said: Said| found.raise(code, Some(Field::Address), address, said);
    if let Some(place) = config.other_places.iter().find(|p| compact.contains(p.as_str())) {
        return raise(found, Code::V05, said::v05_other_district(place, &config.district));
    }
    let names_district = compact.contains(config.district.as_str())
        || config.townships.keys().any(|t| compact.contains(t.as_str()))
        || config.townships.values().flatten().any(|v| !v.is_empty() && compact.contains(v.as_str()))
        || (!township.is_empty() && compact.contains(township))
        || (!row.village.is_empty() && compact.contains(row.village));
    if !names_district {
        return raise(found, Code::V06, said::v06_residence_unconfirmed(&config.district));
    }
    let other = config
        .townships
        .keys()
        .filter(|t| t.as_str() != township && compact.contains(t.as_str()))
        .max_by_key(|t| t.len());
    if let Some(other) = other {
        if township.is_empty() || !compact.contains(township) {
            raise(found, Code::V14, said::v14_other_township(other, township));
        }
    }
}

/// V07: role, employer or remark names a current post of a village's or community's
/// organisation, 本土人才 or 五职干部 (the judgement is check/cadre.rs).
fn role(row: &Row<'_>, found: &mut Found<'_>) {
    let v = row.v;
    let texts = cadre::PostTexts { role: &v.role, employer: &v.employer, remark: &v.remark };
    if let Some((i, cadre)) = cadre::judge(&texts, row.config) {
        let (field, value) = [(Field::Role, &v.role), (Field::Employer, &v.employer), (Field::Remark, &v.remark)][i];
        found.raise(Code::V07, Some(field), value, said::v07_cadre(value, &cadre.word, cadre.assumed_village));
    }
}

/// V11: phone missing or not a phone number.
fn phone_number(row: &Row<'_>, found: &mut Found<'_>) {
    let phone = &row.v.phone;
    if phone.is_empty() {
        found.raise(Code::V11, Some(Field::Phone), "", said::v11_no_phone());
    } else if phone::parse(phone).is_none() {
        found.raise(Code::V11, Some(Field::Phone), phone, said::v11_invalid_phone());
    }
}

/// V08, V09 and V10 across all volunteer rows of the run, in (file, sheet, row) order.
pub(crate) fn cross_check(rows: &mut [VolunteerChecked], exclusions: &[Excluded]) {
    excluded(rows, exclusions);
    duplicates(rows);
}

/// V08: on an exclusions list, by ID number, or by name (and village) for entries without one.
fn excluded(rows: &mut [VolunteerChecked], exclusions: &[Excluded]) {
    let by_id: BTreeMap<&str, &Excluded> =
        exclusions.iter().filter_map(|e| e.id_number.as_deref().map(|id| (id, e))).collect();
    let by_name: BTreeSet<(&str, &str)> =
        exclusions.iter().filter(|e| e.id_number.is_none()).map(|e| (e.name.as_str(), e.village.as_str())).collect();
    for row in rows.iter_mut() {
        let listed = row.id_text().and_then(|id| by_id.get(id).copied());
        let name = row.record.data.name.as_str();
        let by_name_hit = by_name.contains(&(name, &*row.record.village)) || by_name.contains(&(name, ""));
        if listed.is_none() && !by_name_hit {
            continue;
        }
        let what = listed
            .map(|e| e.category.clone())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "两委成员/本土人才/五职干部".into());
        let field = if listed.is_some() { Field::IdNumber } else { Field::Name };
        let issue = make(row, Code::V08, field, said::v08_on_exclusions_list(&what));
        row.issues.push(issue);
        row.outcome = Outcome::Rejected;
    }
}

/// V10 (one ID number in several villages: counted in none) and V09 (twice in one
/// village: the later row skipped), among the rows that would otherwise count.
fn duplicates(rows: &mut [VolunteerChecked]) {
    let accepted = |r: &VolunteerChecked| r.outcome == Outcome::Accepted;
    // Found first (the rows' texts borrowed), then said.
    let several: Vec<(usize, usize, String)> = {
        let ids = rows.iter().filter(|r| accepted(r)).map(|r| (r.id_text(), &*r.record.township, &*r.record.village));
        let places = Places::of(ids);
        let of = |(i, r): (usize, &VolunteerChecked)| places.several(r.id_text()).map(|(n, list)| (i, n, list));
        rows.iter().enumerate().filter(|(_, r)| accepted(r)).filter_map(of).collect()
    };
    for (i, count, list) in several {
        let row = &mut rows[i];
        let issue = make(row, Code::V10, Field::IdNumber, said::v10_in_several_villages(count, &list));
        row.issues.push(issue);
        row.outcome = Outcome::Rejected;
    }
    let copies = super::later_copies(rows.iter().map(|r| {
        let id = r.id_text().filter(|_| accepted(r))?;
        Some((&*r.record.township, &*r.record.village, id))
    }));
    for i in copies {
        let row = &mut rows[i];
        let issue = make(row, Code::V09, Field::IdNumber, said::v09_duplicate());
        row.issues.push(issue);
        row.outcome = Outcome::Duplicate;
    }
}

fn make(row: &VolunteerChecked, code: Code, field: Field, said: Said) -> Issue {
    let value = match field {
        Field::IdNumber => row.id_text().unwrap_or_default().to_string(),
        _ => row.record.data.name_raw.clone(),
    };
    row.record.issue(code, Some(field), &row.record.data.name, &value, said)
}

#[cfg(test)]
#[path = "volunteers_tests.rs"]
mod tests;
