//! January 2023: the 1st is a Sunday, so the assessed weeks are Jan 2–8, 9–15, 16–22
//! and 23–29; Jan 1 and Jan 30–31 are partial weeks and not assessed.

use proptest::prelude::*;

use super::*;
use crate::config::Config;
use crate::normalize::kinds::{Category, Situation, Word};

/// A rule assessed over the whole period.
fn assess(
    rule: &Rule,
    contacts: &Contacts,
    period: Period,
    enrolment: Enrolment,
    visit_counts_as_call: bool,
) -> RuleResult {
    assess_until(rule, contacts, period, enrolment, visit_counts_as_call, period.to)
}

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, day).unwrap()
}

fn jan() -> Period {
    Period::month(2023, 1).unwrap()
}

fn config() -> Config {
    Config::load(None).unwrap()
}

fn rule<'c>(c: &'c Config, id: &str) -> &'c Rule {
    c.rules.iter().find(|r| r.id.as_str() == id).unwrap()
}

fn contacts(calls: &[u32], visits: &[u32]) -> Contacts {
    Contacts { calls: calls.iter().map(|&x| d(x)).collect(), visits: visits.iter().map(|&x| d(x)).collect() }
}

/// Calls and visits repeated in each of the four assessed weeks (offsets 0–6 from Monday).
fn every_week(calls: &[u32], visits: &[u32]) -> Contacts {
    let weeks = [2, 9, 16, 23];
    let spread = |days: &[u32]| weeks.iter().flat_map(|w| days.iter().map(move |o| w + o)).collect::<Vec<_>>();
    contacts(&spread(calls), &spread(visits))
}

fn run(id: &str, c: &Contacts, enrolment: Enrolment) -> RuleResult {
    let config = config();
    assess(rule(&config, id), c, jan(), enrolment, true)
}

#[test]
fn january_2023_weeks() {
    let weeks = units(Unit::Week, jan(), Enrolment::default());
    assert_eq!(weeks, vec![(d(2), d(8)), (d(9), d(15)), (d(16), d(22)), (d(23), d(29))]);
    assert_eq!(units(Unit::Month, jan(), Enrolment::default()), vec![(d(1), d(31))]);
    assert_eq!(units(Unit::Day, jan(), Enrolment::default()).len(), 31);
}

#[test]
fn rule_table() {
    let none = Enrolment::default();
    // (rule, contacts, assessed, met)
    let cases: Vec<(&str, &str, Contacts, Enrolment, u32, u32)> = vec![
        ("elderly_intensive", "3 calls + 1 visit on 4 days", every_week(&[0, 2, 4], &[5]), none, 4, 4),
        ("elderly_intensive", "2 calls + 2 visits", every_week(&[0, 2], &[4, 5]), none, 4, 4),
        ("elderly_intensive", "3 calls, no visit", every_week(&[0, 2, 4], &[]), none, 4, 0),
        ("elderly_intensive", "4 calls on 2 days", every_week(&[0, 0, 2, 2], &[]), none, 4, 0),
        ("elderly_intensive", "call and visit on one day only", every_week(&[1], &[1]), none, 4, 0),
        // Only the visits after the first stand in for calls: 1 + (2 − 1) = 2 < 3.
        ("elderly_intensive", "1 call + 2 visits", every_week(&[0], &[2, 4]), none, 4, 0),
        ("elderly_intensive", "2 calls + 2 visits on other days", every_week(&[0, 1], &[3, 5]), none, 4, 4),
        ("elderly_intensive", "3 visits, no call", every_week(&[], &[0, 2, 4]), none, 4, 0),
        (
            "elderly_daily",
            "every day but the 17th",
            contacts(&(1..=31).filter(|&x| x != 17).collect::<Vec<_>>(), &[]),
            none,
            31,
            30,
        ),
        ("elderly_daily", "a visit is a contact", contacts(&(1..=30).collect::<Vec<_>>(), &[31]), none, 31, 31),
        ("children_week", "missing week 3", contacts(&[3, 10, 25], &[]), none, 4, 3),
        ("dibao_month", "met by one call", contacts(&[20], &[]), none, 1, 1),
        ("dibao_month", "nothing", contacts(&[], &[]), none, 1, 0),
        ("tekun_month", "one visit", contacts(&[], &[5]), none, 1, 1),
        ("elderly_regular_month", "calls only", contacts(&[3, 10, 17, 24], &[]), none, 1, 0),
        ("elderly_regular_week", "one visit a week", every_week(&[], &[3]), none, 4, 4),
        (
            "children_week",
            "enrolled 2023-01-16: weeks 3–4 only",
            contacts(&[17, 24], &[]),
            Enrolment { from: Some(d(16)), until: None },
            2,
            2,
        ),
        (
            "children_week",
            "left 2023-01-20: weeks 1–2 only",
            contacts(&[3, 10], &[]),
            Enrolment { from: None, until: Some(d(20)) },
            2,
            2,
        ),
        (
            "dibao_month",
            "enrolled mid-month: no month assessed",
            contacts(&[], &[]),
            Enrolment { from: Some(d(10)), until: None },
            0,
            0,
        ),
    ];
    for (id, what, c, enrolment, assessed, met) in cases {
        let r = run(id, &c, enrolment);
        assert_eq!((r.assessed, r.met), (assessed, met), "{id}: {what}");
    }
}

#[test]
fn visit_never_replaced_by_calls_and_credit_can_be_switched_off() {
    let config = config();
    let intensive = rule(&config, "elderly_intensive");
    let two_calls_two_visits = every_week(&[0, 2], &[4, 5]);
    assert_eq!(assess(intensive, &two_calls_two_visits, jan(), Enrolment::default(), false).met, 0);
    let monthly_visit = rule(&config, "elderly_regular_month");
    assert_eq!(
        assess(monthly_visit, &contacts(&(1..=31).collect::<Vec<_>>(), &[]), jan(), Enrolment::default(), true).met,
        0
    );
}

#[test]
fn who_is_assessed_by_what() {
    let config = config();
    let ids = |cats: &[&str], sits: &[&str]| -> Vec<String> {
        let cats: Categories = cats.iter().map(|s| Category::from_name(s).unwrap()).collect();
        let sits: Situations = sits.iter().map(|s| Situation::from_name(s).unwrap()).collect();
        applicable(&config.rules, cats, sits).iter().map(|r| r.id.to_string()).collect()
    };
    assert_eq!(ids(&["独居老人"], &["失能"]), ["elderly_intensive"]);
    assert_eq!(ids(&["独居老人", "特困人员"], &[]), ["elderly_intensive", "tekun_month"]);
    assert_eq!(ids(&["独居老人"], &["患病无自主采购能力"]), ["elderly_daily"]);
    assert_eq!(ids(&["独居老人"], &[]), ["elderly_regular_week", "elderly_regular_month"]);
    assert_eq!(ids(&["独居老人"], &["其他"]), ["elderly_regular_week", "elderly_regular_month"]);
    assert_eq!(ids(&["农村留守儿童", "低保对象"], &[]), ["children_week", "dibao_month"]);
    assert!(ids(&["生活无着流浪乞讨人员"], &[]).is_empty());
}

#[test]
fn shortfall_wording() {
    let r = run("elderly_intensive", &contacts(&[9, 11], &[]), Enrolment::default());
    let texts: Vec<String> = r.shortfalls.iter().map(|s| describe(Unit::Week, s)).collect();
    assert!(texts.contains(&"1月9日—1月15日：电话2天、入户0天".to_string()), "{texts:?}");
    assert_eq!(describe_ranges(&r.uncovered), "1月1日、1月30日—1月31日");
}

fn arb_contacts() -> impl Strategy<Value = Contacts> {
    (prop::collection::btree_set(1u32..=31, 0..20), prop::collection::btree_set(1u32..=31, 0..10))
        .prop_map(|(c, v)| Contacts { calls: c.into_iter().map(d).collect(), visits: v.into_iter().map(d).collect() })
}

proptest! {
    #[test]
    fn adding_a_record_never_lowers_any_tally_or_verdict(c in arb_contacts(), day in 1u32..=31, visit in any::<bool>()) {
        let config = config();
        let mut more = c.clone();
        if visit { more.visits.insert(d(day)); } else { more.calls.insert(d(day)); }
        for (from, to) in units(Unit::Week, jan(), Enrolment::default()).into_iter().chain([(d(1), d(31))]) {
            let (a, b) = (tally(&c, from, to), tally(&more, from, to));
            prop_assert!(b.call_days >= a.call_days && b.visit_days >= a.visit_days && b.contact_days >= a.contact_days);
        }
        for rule in &config.rules {
            let before = assess(rule, &c, jan(), Enrolment::default(), true);
            let after = assess(rule, &more, jan(), Enrolment::default(), true);
            prop_assert!(after.met >= before.met, "{}", rule.id);
        }
    }
}

/// Weeks start on the first Monday of the period whatever weekday it starts on; months
/// are whole calendar months, across a year's end too.
#[test]
fn units_of_other_periods() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let none = Enrolment::default();
    // February 2023 starts on a Wednesday: the first whole week is Feb 6–12.
    let feb_mar = Period { from: day(2023, 2, 1), to: day(2023, 3, 31) };
    let weeks = units(Unit::Week, feb_mar, none);
    assert_eq!(weeks.first(), Some(&(day(2023, 2, 6), day(2023, 2, 12))));
    assert_eq!(weeks.last(), Some(&(day(2023, 3, 20), day(2023, 3, 26))));
    assert_eq!(weeks.len(), 7, "Feb 6 … Mar 26, the week of Mar 27 ends in April");
    assert_eq!(
        units(Unit::Month, feb_mar, none),
        vec![(day(2023, 2, 1), day(2023, 2, 28)), (day(2023, 3, 1), day(2023, 3, 31))]
    );
    // From mid-December: December is not whole; January and February are.
    let winter = Period { from: day(2022, 12, 15), to: day(2023, 2, 28) };
    assert_eq!(
        units(Unit::Month, winter, none),
        vec![(day(2023, 1, 1), day(2023, 1, 31)), (day(2023, 2, 1), day(2023, 2, 28))]
    );
    let december = Period { from: day(2022, 12, 1), to: day(2022, 12, 31) };
    assert_eq!(units(Unit::Month, december, none), vec![(day(2022, 12, 1), day(2022, 12, 31))]);
    // A period starting on a Monday starts its first week that day.
    let from_monday = Period { from: day(2023, 1, 2), to: day(2023, 1, 15) };
    assert_eq!(
        units(Unit::Week, from_monday, none),
        vec![(day(2023, 1, 2), day(2023, 1, 8)), (day(2023, 1, 9), day(2023, 1, 15))]
    );
}

/// The days no unit covers, as ranges: January 2023's partial weeks.
#[test]
fn uncovered_days_are_ranges() {
    let r = run("children_week", &Contacts::default(), Enrolment::default());
    assert_eq!(r.uncovered, vec![(d(1), d(1)), (d(30), d(31))]);
    assert_eq!(describe_ranges(&r.uncovered), "1月1日、1月30日—1月31日");
}
