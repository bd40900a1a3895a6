//! SPEC §9, while the month is still running: the running unit of a rule and what it still
//! needs before it ends. Pure functions beside the §5 rules, driven by the same rule table:
//! a rule's requirements say what is needed, so a new unit kind or metric needs no code here.
//!
//! `--as-of` and JSON `todo` use them; the 待办清单 sheet and the feedback rows are issue 16's rest.

use chrono::{Duration, NaiveDate};

use super::{metric, units, Enrolment, Tally};
use crate::config::{Metric, Rule, Unit};
use crate::model::Place;
use crate::period::Period;

/// What a running unit still needs: days with a visit, days with a call (any contact
/// counts as a call for a contact-days rule; a later visit may stand in for a call where
/// the rule allows it, as in §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Need {
    pub(crate) visits: u32,
    pub(crate) calls: u32,
}

impl Need {
    pub(crate) fn is_met(self) -> bool {
        self.visits == 0 && self.calls == 0
    }

    /// The days the need takes at least: a call and a visit may share a day.
    pub(crate) fn days(self) -> u32 {
        self.visits.max(self.calls)
    }
}

/// The unit of `unit` that contains the day after `as_of`, when that unit would be assessed
/// at its end: wholly inside the period and the enrolment (§5). None otherwise.
pub(crate) fn running_unit(
    unit: Unit,
    period: Period,
    enrolment: Enrolment,
    as_of: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let next = as_of + Duration::days(1);
    units(unit, period, enrolment).into_iter().find(|&(from, to)| from <= next && next <= to)
}

/// What the records of a running unit so far (`t`) leave to do for `rule` (§9):
/// visit-days short of a visit requirement; call-days short of a call requirement, where the
/// visits beyond the first count as calls for `calls_with_visit_credit` (elderly_intensive:
/// need_calls = max(0, 3 − c − max(0, v − 1))); a contact-days requirement short is met by
/// any contact, listed as calls.
pub(crate) fn need(rule: &Rule, t: &Tally, visit_counts_as_call: bool) -> Need {
    let mut need = Need::default();
    for r in &rule.requirements {
        let short = r.min.saturating_sub(metric(r.metric, t, visit_counts_as_call));
        match r.metric {
            Metric::VisitDays => need.visits = need.visits.max(short),
            Metric::CallDays | Metric::ContactDays | Metric::CallsWithVisitCredit => need.calls = need.calls.max(short),
        }
    }
    need
}

/// One to-do row: a recipient's running unit of one rule, not yet met (SPEC §9).
#[derive(Debug, Clone)]
pub(crate) struct Todo {
    pub(crate) place: Place,
    pub(crate) name: String,
    pub(crate) contact_person: String,
    pub(crate) contact_phone: String,
    pub(crate) categories: crate::normalize::kinds::Categories,
    pub(crate) rule: crate::normalize::kinds::RuleId,
    /// The rule as the notice words it (规则 column).
    pub(crate) rule_label: String,
    /// "入户1天、电话2天" (还需 column).
    pub(crate) need_text: String,
    pub(crate) unit: (NaiveDate, NaiveDate),
    pub(crate) need: Need,
    pub(crate) days_left: u32,
    pub(crate) can_still_meet: bool,
}

impl Todo {
    /// SPEC §9's order: township, village, contact person, deadline, name. A contact person
    /// is a name with a phone: two people of one name in a village (four 张伟) are told apart
    /// by the phone the ledger gives each, and get a page each.
    pub(crate) fn sort_key(&self) -> (&str, &str, &str, &str, NaiveDate, &str, &str) {
        let (t, v, p, phone) = self.contact_key();
        (t, v, p, phone, self.unit.1, &self.name, self.rule.as_str())
    }

    /// Whose page of 待办清单 the row is on: township, village, contact person, phone.
    pub(crate) fn contact_key(&self) -> (&str, &str, &str, &str) {
        (&self.place.township, &self.place.village, &self.contact_person, &self.contact_phone)
    }
}

/// The to-do row of `rule` for `person` on `as_of`, when the running unit is not met yet.
pub(crate) fn row(
    person: &super::recipient::Recipient,
    rule: &Rule,
    contacts: &super::Contacts,
    period: Period,
    as_of: NaiveDate,
    visit_counts_as_call: bool,
) -> Option<Todo> {
    if as_of >= period.to {
        return None;
    }
    let (from, to) = running_unit(rule.unit, period, person.enrolment, as_of)?;
    let need = need(rule, &so_far(contacts, from, as_of), visit_counts_as_call);
    if need.is_met() {
        return None;
    }
    let left = days_left(as_of, to);
    let any_contact = rule.requirements.iter().all(|r| r.metric == Metric::ContactDays);
    let mut parts = Vec::new();
    if need.visits > 0 {
        parts.push(format!("入户{}天", need.visits));
    }
    if need.calls > 0 {
        parts.push(if any_contact {
            format!("电话或入户{}天", need.calls)
        } else {
            format!("电话{}天", need.calls)
        });
    }
    Some(Todo {
        categories: person.categories,
        rule_label: rule.label.clone(),
        need_text: parts.join("、"),
        place: person.place.clone(),
        name: person.name.clone(),
        contact_person: person.contact_person.clone(),
        contact_phone: person.contact_phone.clone(),
        rule: rule.id.clone(),
        unit: (from, to),
        need,
        days_left: left,
        can_still_meet: can_still_meet(need, left),
    })
}

/// What a running unit starting on `from` holds up to `as_of`: nothing when it starts the
/// day after as-of.
pub(crate) fn so_far(contacts: &super::Contacts, from: NaiveDate, as_of: NaiveDate) -> Tally {
    if as_of < from {
        Tally::default()
    } else {
        super::tally(contacts, from, as_of)
    }
}

/// The days from the day after `as_of` to the unit's end, inclusive.
pub(crate) fn days_left(as_of: NaiveDate, unit_end: NaiveDate) -> u32 {
    u32::try_from((unit_end - as_of).num_days()).unwrap_or(0)
}

/// Whether the need can still be met in the days left.
pub(crate) fn can_still_meet(need: Need, days_left: u32) -> bool {
    need.days() <= days_left
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn rule(id: &str) -> Rule {
        let config = Config::load(None).unwrap();
        config.rules.iter().find(|r| r.id.as_str() == id).unwrap().clone()
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    fn tally(visit_days: u32, call_days: u32) -> Tally {
        // Calls and visits on different days: contact-days is their sum.
        Tally { call_days, visit_days, contact_days: call_days + visit_days }
    }

    /// §9's table for elderly_intensive: 0/1/2 visits × 0–3 calls × days_left 0–6.
    #[test]
    fn elderly_intensive_need_table() {
        let r = rule("elderly_intensive");
        for v in 0..=2u32 {
            for c in 0..=3u32 {
                let n = need(&r, &tally(v, c), true);
                let want_visits = 1u32.saturating_sub(v);
                let want_calls = 3u32.saturating_sub(c + v.saturating_sub(1));
                assert_eq!(n, Need { visits: want_visits, calls: want_calls }, "v={v} c={c}");
                for left in 0..=6u32 {
                    assert_eq!(can_still_meet(n, left), want_visits.max(want_calls) <= left, "v={v} c={c} left={left}");
                }
            }
        }
        // Without visit credit a second visit is no call.
        assert_eq!(need(&r, &tally(2, 1), false), Need { visits: 0, calls: 2 });
    }

    #[test]
    fn contact_rules_need_one_contact_and_the_monthly_visit_rule_one_visit() {
        for id in ["elderly_daily", "elderly_regular_week", "tekun_month", "children_week", "dibao_month"] {
            let r = rule(id);
            assert_eq!(need(&r, &tally(0, 0), true), Need { visits: 0, calls: 1 }, "{id}");
            assert!(need(&r, &tally(0, 1), true).is_met(), "{id}: a call");
            assert!(need(&r, &tally(1, 0), true).is_met(), "{id}: a visit is a contact");
        }
        let r = rule("elderly_regular_month");
        assert_eq!(need(&r, &tally(0, 5), true), Need { visits: 1, calls: 0 }, "calls never stand in for a visit");
        assert!(need(&r, &tally(1, 0), true).is_met());
    }

    #[test]
    fn the_running_unit_contains_the_day_after_as_of_and_is_assessable() {
        let jan = Period::month(2023, 1).unwrap();
        let all = Enrolment::default();
        // Wednesday 18 January: the week of 16–22 January, the month, the day 19 January.
        assert_eq!(running_unit(Unit::Week, jan, all, d(1, 18)), Some((d(1, 16), d(1, 22))));
        assert_eq!(running_unit(Unit::Month, jan, all, d(1, 18)), Some((d(1, 1), d(1, 31))));
        assert_eq!(running_unit(Unit::Day, jan, all, d(1, 18)), Some((d(1, 19), d(1, 19))));
        // Sunday 22 January, the last day of a week: the next week.
        assert_eq!(running_unit(Unit::Week, jan, all, d(1, 22)), Some((d(1, 23), d(1, 29))));
        // Saturday 28 January: still the week of 23–29 January.
        assert_eq!(running_unit(Unit::Week, jan, all, d(1, 28)), Some((d(1, 23), d(1, 29))));
        // 29 January: 30–31 January is a partial week, never assessed, so no running week.
        assert_eq!(running_unit(Unit::Week, jan, all, d(1, 29)), None);
        // Enrolment starting inside the week, or ending before its end: not assessable.
        let late = Enrolment { from: Some(d(1, 17)), until: None };
        assert_eq!(running_unit(Unit::Week, jan, late, d(1, 18)), None);
        let leaves = Enrolment { from: None, until: Some(d(1, 20)) };
        assert_eq!(running_unit(Unit::Week, jan, leaves, d(1, 18)), None);
        assert_eq!(running_unit(Unit::Month, jan, leaves, d(1, 18)), None);
        assert_eq!(days_left(d(1, 18), d(1, 22)), 4);
        assert_eq!(days_left(d(1, 22), d(1, 22)), 0);
    }

    /// Whether the records after as-of (`added`, their tally over the rest of the unit) do
    /// what the to-do row asks, read as the contact person reads it: "入户1天" takes a
    /// visit-day; "电话2天" two call-days, where visits beyond the one asked for count as
    /// calls if the rule lets a visit stand in for a call; "电话或入户1天" any contact.
    fn does_what_is_asked(rule: &Rule, need: Need, added: &Tally, credit: bool) -> bool {
        if rule.requirements.iter().all(|r| r.metric == Metric::ContactDays) {
            return added.contact_days >= need.calls;
        }
        let stands_in = credit && rule.requirements.iter().any(|r| r.metric == Metric::CallsWithVisitCredit);
        let extra = if stands_in { added.visit_days.saturating_sub(need.visits) } else { 0 };
        added.visit_days >= need.visits && added.call_days + extra >= need.calls
    }

    proptest::proptest! {
        /// A running unit whose listed need the records after as-of meet is assessed as met at
        /// its end, and one whose need they do not meet is not (SPEC §9 against §5), for every
        /// rule, any day of the month and any enrolment.
        #[test]
        fn the_need_listed_is_exactly_what_the_unit_still_lacks(
            calls in proptest::bits::u32::ANY,
            visits in proptest::bits::u32::ANY,
            as_of in 1u32..31,
            enrolled in proptest::option::of(1u32..=31),
            left in proptest::option::of(1u32..=31),
            credit: bool,
        ) {
            let config = Config::load(None).unwrap();
            let jan = Period::month(2023, 1).unwrap();
            let days = |bits: u32| -> std::collections::BTreeSet<NaiveDate> {
                (1..=31).filter(|k| bits & (1 << (k - 1)) != 0).map(|k| d(1, k)).collect()
            };
            let contacts = crate::assess::Contacts { calls: days(calls), visits: days(visits) };
            let enrolment = Enrolment { from: enrolled.map(|k| d(1, k)), until: left.map(|k| d(1, k)) };
            let as_of = d(1, as_of);
            for rule in &config.rules {
                let Some((from, to)) = running_unit(rule.unit, jan, enrolment, as_of) else { continue };
                let need = need(rule, &so_far(&contacts, from, as_of), credit);
                let added = crate::assess::tally(&contacts, as_of + Duration::days(1), to);
                let result = crate::assess::assess_until(rule, &contacts, jan, enrolment, credit, to);
                let unit_met = !result.shortfalls.iter().any(|s| (s.from, s.to) == (from, to));
                proptest::prop_assert_eq!(
                    does_what_is_asked(rule, need, &added, credit), unit_met,
                    "{} {:?} need {:?} added {:?}", rule.id, (from, to), need, added
                );
            }
        }

        /// Adding a record never raises a need (one of issue 16's properties, on the tallies).
        #[test]
        fn more_records_never_raise_a_need(v in 0u32..5, c in 0u32..8, dv in 0u32..3, dc in 0u32..3, credit: bool) {
            let config = Config::load(None).unwrap();
            for r in &config.rules {
                let before = need(r, &tally(v, c), credit);
                let after = need(r, &tally(v + dv, c + dc), credit);
                proptest::prop_assert!(after.visits <= before.visits && after.calls <= before.calls, "{}", r.id);
            }
        }
    }
}
