use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::assess::recipient::Recipient;
use crate::model::Location;
use crate::normalize::kinds::{Category, Set};

fn person(id: Option<&str>, village: &str, name: &str, standing: Standing) -> Assessed {
    Assessed {
        recipient: Recipient {
            place: Place::new("井口街道", village),
            name: name.into(),
            id: id.map(String::from),
            categories: Set::one(Category::Tekun),
            contact_person: "李芳".into(),
            ..Default::default()
        },
        results: Vec::new(),
        no_records: false,
        standing,
        tail: Contacts::default(),
        last_contact: None,
    }
}

fn past(id: Option<&str>, village: &str, name: &str, missed: bool) -> PastPerson {
    PastPerson {
        id: id.map(String::from),
        place: Place::new("井口街道", village),
        name: name.into(),
        categories: "特困人员".into(),
        contact_person: "李芳".into(),
        missed,
        ..Default::default()
    }
}

fn recorded(year: i32, month: u32, people: Vec<PastPerson>) -> PastPeriod {
    PastPeriod {
        period: Period::month(year, month).unwrap(),
        recorded_at: "2023-02-01 09:00".into(),
        people,
        short_villages: BTreeSet::new(),
        townships: Vec::new(),
    }
}

fn run(periods: Vec<PastPeriod>, now: &[Assessed]) -> (Compared, Vec<Issue>) {
    let townships: BTreeSet<String> = ["井口街道".to_string()].into();
    let order = TownshipOrder::new(&[]);
    let now =
        Now { period: Period::month(2023, 2).unwrap(), recipients: now, ledger_townships: &townships, order: &order };
    let mut issues = Vec::new();
    let compared = compare(&Past { used: true, periods }, &now, &mut issues);
    (compared, issues)
}

fn kinds(c: &Compared) -> Vec<(&str, &str)> {
    c.changes.iter().map(|c| (c.name.as_str(), c.kind.label())).collect()
}

const ID: &str = "500106193901011234";

#[test]
fn dropped_moved_added_and_left() {
    let mut left = past(None, "甲村", "丁", false);
    left.left = NaiveDate::from_ymd_opt(2023, 2, 10);
    let base = recorded(
        2023,
        1,
        vec![
            past(None, "甲村", "甲", false),
            past(Some(ID), "甲村", "乙", false),
            past(None, "甲村", "丙", false),
            left,
        ],
    );
    let now = [
        person(Some(ID), "乙村", "乙", Standing::Met),
        person(Some("500106194002022345"), "甲村", "丙", Standing::Met),
        person(None, "甲村", "戊", Standing::Met),
    ];
    let (c, issues) = run(vec![base], &now);
    let k03: Vec<&str> = issues.iter().filter(|i| i.code == Code::K03).map(|i| i.name.as_str()).collect();
    assert_eq!(k03, ["甲"], "甲 is gone without 退出日期; 乙 moved; 丙's number was filled in; 丁 left");
    assert_eq!(kinds(&c), [("乙", "转入"), ("丁", "退出"), ("乙", "转出"), ("戊", "新增"), ("甲", "未登记退出而消失")]);
}

#[test]
fn missed_three_months_running_is_k04_with_the_months() {
    let dec = recorded(2022, 12, vec![past(None, "甲村", "甲", true), past(None, "甲村", "乙", true)]);
    let jan = recorded(2023, 1, vec![past(None, "甲村", "甲", true), past(None, "甲村", "乙", false)]);
    let now = [person(None, "甲村", "甲", Standing::Missed), person(None, "甲村", "乙", Standing::Missed)];
    let (c, issues) = run(vec![jan, dec], &now);
    let k04: Vec<(&str, &str)> =
        issues.iter().filter(|i| i.code == Code::K04).map(|i| (i.name.as_str(), &*i.message)).collect();
    assert_eq!(k04, [("甲", "已连续3个月未达标（2022年12月、2023年1月、2023年2月）")]);
    assert_eq!(c.count(ChangeKind::RepeatedMiss, Some("井口街道")), 1);
    assert_eq!(c.changes.iter().find(|c| c.kind == ChangeKind::RepeatedMiss).unwrap().months, 3);
}

#[test]
fn a_gap_between_months_breaks_the_run_of_misses() {
    let nov = recorded(2022, 11, vec![past(None, "甲村", "甲", true)]);
    let now = [person(None, "甲村", "甲", Standing::Missed)];
    let (_, issues) = run(vec![nov], &now);
    assert!(issues.iter().all(|i| i.code != Code::K04), "{issues:?}");
}

#[test]
fn a_township_without_a_ledger_now_is_one_k03_not_one_per_person() {
    let mut other = past(None, "丙村", "丙", false);
    other.place.township = "凤凰镇".into();
    let mut other2 = other.clone();
    other2.name = "丁".into();
    let (_, issues) = run(vec![recorded(2023, 1, vec![other, other2])], &[]);
    let k03: Vec<(&str, &str)> = issues.iter().map(|i| (i.place.township.as_str(), i.name.as_str())).collect();
    assert_eq!(k03, [("凤凰镇", "")]);
    assert!(issues[0].message.contains("台账中的2名对象"), "{}", issues[0].message);
}

#[test]
fn c01_says_how_many_months_the_village_has_been_short() {
    let mut jan = recorded(2023, 1, Vec::new());
    jan.short_villages.insert(Place::new("井口街道", "甲村"));
    let said = crate::model::said::c01_too_few("甲村", 20, 30, 10);
    let townships = BTreeSet::new();
    let order = TownshipOrder::new(&[]);
    let now =
        Now { period: Period::month(2023, 2).unwrap(), recipients: &[], ledger_townships: &townships, order: &order };
    let mut issues = vec![
        Issue::new(Code::C01, Location::default(), said.clone()).with_place("井口街道", "甲村"),
        Issue::new(Code::C01, Location::default(), said).with_place("井口街道", "乙村"),
    ];
    compare(&Past { used: true, periods: vec![jan] }, &now, &mut issues);
    assert!(issues[0].message.ends_with("已连续2个月不达标（2023年1月、2023年2月）"), "{}", issues[0].message);
    assert!(!issues[1].message.contains("连续"));
}

#[test]
fn without_history_nothing_is_compared() {
    let (c, issues) = run(Vec::new(), &[person(None, "甲村", "甲", Standing::Missed)]);
    assert!(c.baseline.is_none() && c.changes.is_empty() && issues.is_empty());
}

#[test]
fn the_baseline_says_whether_it_is_the_month_just_before() {
    let (jan, _) = run(vec![recorded(2023, 1, Vec::new())], &[]);
    assert!(jan.baseline.unwrap().adjacent);
    let (nov, _) = run(vec![recorded(2022, 11, Vec::new())], &[]);
    let nov = nov.baseline.unwrap();
    assert!(!nov.adjacent, "December is missing between");
    assert_eq!(nov.period, Period::month(2022, 11).unwrap());
}

#[test]
fn only_k03_and_k04_rows_need_action() {
    let red: Vec<&str> = [
        ChangeKind::Missing,
        ChangeKind::RepeatedMiss,
        ChangeKind::Added,
        ChangeKind::Left,
        ChangeKind::MovedOut,
        ChangeKind::MovedIn,
        ChangeKind::Category,
        ChangeKind::Situation,
        ChangeKind::ContactPerson,
    ]
    .into_iter()
    .filter(|k| k.needs_action())
    .map(|k| k.label())
    .collect();
    assert_eq!(red, ["未登记退出而消失", "连续未达标"]);
}

#[test]
fn each_change_says_what_it_was_and_what_it_is() {
    // Left in January and still listed with that date: told then, not again.
    let mut left_in_january = past(None, "甲村", "己", false);
    left_in_january.left = NaiveDate::from_ymd_opt(2023, 1, 20);
    let mut gone = past(None, "甲村", "甲", false);
    gone.situations = "失能".into();
    gone.categories = "独居老人".into();
    let base = recorded(
        2023,
        1,
        vec![
            gone,
            past(Some(ID), "甲村", "乙", false),
            past(None, "甲村", "丙", false),
            past(None, "甲村", "丁", false),
            left_in_january.clone(),
        ],
    );
    let mut leaving = person(None, "甲村", "丙", Standing::Met);
    leaving.recipient.enrolment.until = NaiveDate::from_ymd_opt(2023, 2, 10);
    let mut later = person(None, "甲村", "丁", Standing::Met);
    later.recipient.enrolment.until = NaiveDate::from_ymd_opt(2023, 3, 10);
    let mut still_listed = person(None, "甲村", "己", Standing::NotAssessed);
    still_listed.recipient.enrolment.until = left_in_january.left;
    let now = [
        person(Some(ID), "乙村", "乙", Standing::Met),
        leaving,
        later,
        person(None, "甲村", "戊", Standing::Met),
        still_listed,
    ];
    let (c, _) = run(vec![base], &now);
    let rows: Vec<(&str, &str, &str, &str)> =
        c.changes.iter().map(|c| (c.name.as_str(), c.kind.label(), c.before.as_str(), c.after.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("乙", "转入", "井口街道甲村", "井口街道乙村"),
            ("丙", "退出", "在台账中", "退出（2023-02-10）"),
            ("乙", "转出", "井口街道甲村", "井口街道乙村"),
            ("戊", "新增", "", "特困人员；关爱联系人 李芳"),
            ("甲", "未登记退出而消失", "独居老人（失能）；关爱联系人 李芳", "本期台账中没有"),
        ],
        "丁 leaves only in March: no 退出 in February"
    );
}
