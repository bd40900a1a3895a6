//! The care-frequency rules of SPEC §5 (notice §三): which rules apply to a person,
//! the units they are assessed in (days, natural weeks Monday–Sunday, calendar
//! months), the tallies of call-, visit- and contact-days, and the verdicts.
//!
//! Everything here is a pure function of the rule table, the period, the enrolment
//! and the days the person was contacted.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};

pub(crate) mod recipient;
pub(crate) mod recipients;
pub(crate) mod todo;

use crate::config::{Metric, Rule, Unit};
use crate::normalize::kinds::{Categories, RuleId, Situations};
use crate::period::Period;

/// The days a person was called and visited (several records on one day count once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Contacts {
    pub(crate) calls: BTreeSet<NaiveDate>,
    pub(crate) visits: BTreeSet<NaiveDate>,
}

impl Contacts {
    pub(crate) fn is_empty(&self) -> bool {
        self.calls.is_empty() && self.visits.is_empty()
    }

    /// The contacts from `from` to `to`, both included.
    pub(crate) fn between(&self, from: NaiveDate, to: NaiveDate) -> Contacts {
        Contacts {
            calls: self.calls.range(from..=to).copied().collect(),
            visits: self.visits.range(from..=to).copied().collect(),
        }
    }

    /// These contacts and `other`'s together.
    pub(crate) fn with(&self, other: &Contacts) -> Contacts {
        Contacts {
            calls: self.calls.union(&other.calls).copied().collect(),
            visits: self.visits.union(&other.visits).copied().collect(),
        }
    }

    /// The last day with a call or a visit.
    pub(crate) fn last(&self) -> Option<NaiveDate> {
        self.calls.last().max(self.visits.last()).copied()
    }
}

/// The days before the period that the week straddling into it takes from the history
/// (SPEC §11): from that week's Monday, per recipient (in the order `assess_all` is given
/// them), None for one the history does not know — their straddling week stays unassessed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Earlier {
    pub(crate) from: NaiveDate,
    pub(crate) contacts: Vec<Option<Contacts>>,
}

/// Enrolment bounds from the ledger (纳入日期 / 退出日期).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Enrolment {
    pub(crate) from: Option<NaiveDate>,
    pub(crate) until: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) call_days: u32,
    pub(crate) visit_days: u32,
    pub(crate) contact_days: u32,
}

/// One unit that fell short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shortfall {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
    pub(crate) tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleResult {
    pub(crate) rule: RuleId,
    pub(crate) assessed: u32,
    pub(crate) met: u32,
    pub(crate) shortfalls: Vec<Shortfall>,
    /// Days of the period no assessed unit covers (partial weeks, before enrolment …).
    pub(crate) uncovered: Vec<(NaiveDate, NaiveDate)>,
}

impl RuleResult {
    pub(crate) fn compliant(&self) -> bool {
        self.met == self.assessed
    }
}

fn base_match(rule: &Rule, categories: Categories, situations: Situations) -> bool {
    let who = &rule.who;
    categories.intersects(who.categories)
        && ((who.situations.is_empty() && who.also_categories.is_empty())
            || situations.intersects(who.situations)
            || categories.intersects(who.also_categories))
}

/// The rules that apply to a person with these categories and situations, in table order.
pub(crate) fn applicable(rules: &[Rule], categories: Categories, situations: Situations) -> Vec<&Rule> {
    rules
        .iter()
        .filter(|rule| base_match(rule, categories, situations))
        .filter(|rule| {
            !rule
                .who
                .unless
                .iter()
                .any(|other| rules.iter().any(|r| &r.id == other && base_match(r, categories, situations)))
        })
        .collect()
}

/// The units of `unit` lying wholly inside the period and the enrolment.
pub(crate) fn units(unit: Unit, period: Period, enrolment: Enrolment) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = match unit {
        Unit::Day => period.from,
        Unit::Week => period.from + Duration::days((7 - i64::from(period.from.weekday().num_days_from_monday())) % 7),
        Unit::Month => {
            if period.from.day() == 1 {
                period.from
            } else {
                next_month(period.from)
            }
        }
    };
    while start <= period.to {
        let end = match unit {
            Unit::Day => start,
            Unit::Week => start + Duration::days(6),
            Unit::Month => next_month(start) - Duration::days(1),
        };
        if end > period.to {
            break;
        }
        let enrolled = enrolment.from.is_none_or(|f| f <= start) && enrolment.until.is_none_or(|u| u >= end);
        if enrolled {
            out.push((start, end));
        }
        start = end + Duration::days(1);
    }
    out
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

pub(crate) fn tally(contacts: &Contacts, from: NaiveDate, to: NaiveDate) -> Tally {
    let calls: BTreeSet<&NaiveDate> = contacts.calls.range(from..=to).collect();
    let visits: BTreeSet<&NaiveDate> = contacts.visits.range(from..=to).collect();
    Tally {
        call_days: calls.len() as u32,
        visit_days: visits.len() as u32,
        contact_days: calls.union(&visits).count() as u32,
    }
}

/// A metric's value; a visit may stand in for a call (never the reverse) when allowed.
pub(crate) fn metric(metric: Metric, t: &Tally, visit_counts_as_call: bool) -> u32 {
    match metric {
        Metric::CallDays => t.call_days,
        Metric::VisitDays => t.visit_days,
        Metric::ContactDays => t.contact_days,
        Metric::CallsWithVisitCredit if visit_counts_as_call => t.call_days + t.visit_days.saturating_sub(1),
        Metric::CallsWithVisitCredit => t.call_days,
    }
}

/// A rule assessed on a person's contacts, counting only the units that end on or before
/// `as_of` (SPEC §9): later units are not assessed yet. The days no unit covers are those of the whole period, as at its end.
pub(crate) fn assess_until(
    rule: &Rule,
    contacts: &Contacts,
    period: Period,
    enrolment: Enrolment,
    visit_counts_as_call: bool,
    as_of: NaiveDate,
) -> RuleResult {
    let all = units(rule.unit, period, enrolment);
    let units: Vec<(NaiveDate, NaiveDate)> = all.iter().copied().filter(|&(_, to)| to <= as_of).collect();
    let mut shortfalls = Vec::new();
    for &(from, to) in &units {
        let t = tally(contacts, from, to);
        if !rule.requirements.iter().all(|r| metric(r.metric, &t, visit_counts_as_call) >= r.min) {
            shortfalls.push(Shortfall { from, to, tally: t });
        }
    }
    RuleResult {
        rule: rule.id.clone(),
        assessed: units.len() as u32,
        met: (units.len() - shortfalls.len()) as u32,
        shortfalls,
        uncovered: uncovered(period, &all),
    }
}

fn uncovered(period: Period, units: &[(NaiveDate, NaiveDate)]) -> Vec<(NaiveDate, NaiveDate)> {
    ranges_minus(&[(period.from, period.to)], units)
}

/// The days of the period no whole `unit` covers for someone enrolled throughout: the
/// partial weeks at a month's edges, the same for everyone.
pub(crate) fn period_edges(unit: Unit, period: Period) -> Vec<(NaiveDate, NaiveDate)> {
    uncovered(period, &units(unit, period, Enrolment::default()))
}

/// The days of `ranges` outside every range of `minus`, as ranges.
pub(crate) fn ranges_minus(
    ranges: &[(NaiveDate, NaiveDate)],
    minus: &[(NaiveDate, NaiveDate)],
) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for &(from, to) in ranges {
        let mut day = from;
        while day <= to {
            if !minus.iter().any(|&(f, t)| f <= day && day <= t) {
                match out.last_mut() {
                    Some(last) if last.1 + Duration::days(1) == day => last.1 = day,
                    _ => out.push((day, day)),
                }
            }
            day += Duration::days(1);
        }
    }
    out
}

/// "1月9日—1月15日：电话2天、入户0天" and the like.
pub(crate) fn describe(unit: Unit, s: &Shortfall) -> String {
    let t = s.tally;
    match unit {
        Unit::Day => format!("{}：未联系", s.from.format("%-m月%-d日")),
        Unit::Week => format!(
            "{}—{}：电话{}天、入户{}天",
            s.from.format("%-m月%-d日"),
            s.to.format("%-m月%-d日"),
            t.call_days,
            t.visit_days
        ),
        Unit::Month => format!("{}：电话{}天、入户{}天", s.from.format("%Y年%-m月"), t.call_days, t.visit_days),
    }
}

/// "1月1日、1月30日—1月31日" for the days no unit covered.
pub(crate) fn describe_ranges(ranges: &[(NaiveDate, NaiveDate)]) -> String {
    ranges
        .iter()
        .map(|&(f, t)| {
            if f == t {
                f.format("%-m月%-d日").to_string()
            } else {
                format!("{}—{}", f.format("%-m月%-d日"), t.format("%-m月%-d日"))
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests;
