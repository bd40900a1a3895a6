//! Each person against the baseline (新增, 退出, 转入/转出, what changed, K03) and against
//! the consecutive recorded periods before (K04).

use std::collections::BTreeMap;

use super::identity::{pair, Matcher};
use super::{Change, ChangeKind, Now, PastPeriod, PastPerson};
use crate::assess::recipients::{Assessed, Standing};
use crate::model::said;
use crate::model::{Code, Issue, Location, Place};

/// Every change of a person against the baseline, and the K03 issues.
pub(crate) fn changes(base: &PastPeriod, now: &Now<'_>) -> (Vec<Change>, Vec<Issue>) {
    let pairs = pair(&base.people, now.recipients);
    let mut partner: Vec<Option<usize>> = vec![None; base.people.len()];
    let mut out = Vec::new();
    for (j, a) in now.recipients.iter().enumerate() {
        match pairs[j] {
            Some(i) => {
                partner[i] = Some(j);
                out.extend(changed(&base.people[i], a, now, base.period.to));
            }
            None if !a.recipient.inferred => out.push(change(a, ChangeKind::Added, "", &ledger_entry(a), "")),
            None => {}
        }
    }
    let mut issues = Vec::new();
    let mut unsent: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, b) in base.people.iter().enumerate() {
        let now_in_ledger = partner[i].is_some_and(|j| !now.recipients[j].recipient.inferred);
        if b.inferred || now_in_ledger || b.left.is_some_and(|d| d <= base.period.to) {
            continue;
        }
        if let Some(left) = b.left {
            // A 退出日期 recorded last month that falls in this one: a registered exit.
            out.push(past_change(
                b,
                ChangeKind::Left,
                "在台账中",
                &format!("退出（{left}）"),
                "上期台账已填写退出日期",
            ));
        } else if !now.ledger_townships.contains(&b.place.township) {
            *unsent.entry(&b.place.township).or_default() += 1;
        } else {
            let only_in_logs = partner[i].is_some();
            let said = said::k03_missing(&base.period.label(), only_in_logs);
            let note = said.message.clone();
            issues.push(Issue::new(Code::K03, Location::default(), said).with_place_of(&b.place).with_name(&b.name));
            out.push(past_change(b, ChangeKind::Missing, &past_entry(b), "本期台账中没有", &note));
        }
    }
    for (township, count) in unsent {
        let said = said::k03_no_ledger(&base.period.label(), count);
        issues.push(Issue::new(Code::K03, Location::default(), said).with_place(township, ""));
    }
    (out, issues)
}

/// What changed for one person found in both periods.
fn changed(b: &PastPerson, a: &Assessed, now: &Now<'_>, base_end: chrono::NaiveDate) -> Vec<Change> {
    let p = &a.recipient;
    let mut out = Vec::new();
    if p.inferred {
        return out;
    }
    let left_now = p.enrolment.until.filter(|d| *d <= now.period.to);
    let left_before = b.left.is_some_and(|d| d <= base_end);
    if let (Some(left), false) = (left_now, left_before) {
        out.push(change(a, ChangeKind::Left, "在台账中", &format!("退出（{left}）"), ""));
    }
    if b.place != p.place {
        let (from, to) = (place_text(&b.place), place_text(&p.place));
        out.push(past_change(b, ChangeKind::MovedOut, &from, &to, &format!("转至{to}")));
        out.push(change(a, ChangeKind::MovedIn, &from, &to, &format!("由{from}转入")));
    }
    if b.inferred {
        return out;
    }
    let categories = p.categories.join("、");
    if b.categories != categories {
        out.push(change(a, ChangeKind::Category, &b.categories, &categories, ""));
    }
    let situations = p.situations.join("、");
    if b.situations != situations {
        out.push(change(a, ChangeKind::Situation, &b.situations, &situations, ""));
    }
    if b.contact_person != p.contact_person {
        out.push(change(a, ChangeKind::ContactPerson, &b.contact_person, &p.contact_person, ""));
    }
    out
}

/// K04: a person missed in this period and in the consecutive recorded periods before it.
pub(crate) fn repeated_misses(chain: &[PastPeriod], now: &Now<'_>) -> (Vec<Change>, Vec<Issue>) {
    let matchers: Vec<Matcher<'_>> = chain.iter().map(|p| Matcher::new(&p.people)).collect();
    let mut changes = Vec::new();
    let mut issues = Vec::new();
    for a in now.recipients.iter().filter(|a| a.standing == Standing::Missed) {
        let before: Vec<&PastPeriod> = chain
            .iter()
            .zip(&matchers)
            .take_while(|(p, m)| m.find(a).is_some_and(|i| p.people[i].missed))
            .map(|(p, _)| p)
            .collect();
        if before.is_empty() {
            continue;
        }
        let n = before.len() + 1;
        let months: Vec<String> = before.iter().rev().map(|p| p.period.label()).chain([now.period.label()]).collect();
        let said = said::k04_repeated(n, &months.join("、"));
        let note = said.message.clone();
        let p = &a.recipient;
        issues.push(Issue::new(Code::K04, Location::default(), said).with_place_of(&p.place).with_name(&p.name));
        let mut row =
            change(a, ChangeKind::RepeatedMiss, &format!("{}不达标", months[..n - 1].join("、")), "不达标", &note);
        row.months = n as u32;
        changes.push(row);
    }
    (changes, issues)
}

fn change(a: &Assessed, kind: ChangeKind, before: &str, after: &str, note: &str) -> Change {
    Change {
        place: a.recipient.place.clone(),
        name: a.recipient.name.clone(),
        kind,
        before: before.to_string(),
        after: after.to_string(),
        months: 0,
        note: note.to_string(),
    }
}

fn past_change(b: &PastPerson, kind: ChangeKind, before: &str, after: &str, note: &str) -> Change {
    Change {
        place: b.place.clone(),
        name: b.name.clone(),
        kind,
        before: before.to_string(),
        after: after.to_string(),
        months: 0,
        note: note.to_string(),
    }
}

/// "特困人员；关爱联系人 李芳" — how a ledger row reads in the 本期 column.
fn ledger_entry(a: &Assessed) -> String {
    let p = &a.recipient;
    entry(&p.categories.join("、"), &p.situations.join("、"), &p.contact_person)
}

fn past_entry(b: &PastPerson) -> String {
    entry(&b.categories, &b.situations, &b.contact_person)
}

/// "独居老人（失能）；关爱联系人 李芳".
fn entry(categories: &str, situations: &str, contact: &str) -> String {
    let mut out = categories.to_string();
    if !situations.is_empty() {
        out.push_str(&format!("（{situations}）"));
    }
    if !contact.is_empty() {
        out.push_str(&format!("；关爱联系人 {contact}"));
    }
    out
}

fn place_text(p: &Place) -> String {
    format!("{}{}", p.township, p.village)
}
