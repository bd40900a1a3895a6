//! Across months (SPEC §11): this period's recipients and villages against the periods
//! the history recorded before it. The baseline is the latest recorded period that ends
//! before this one starts; against it each person is 新增, 退出, 转入/转出, changed in
//! category, situation or contact person, or — in its ledger, never left and now in no
//! ledger — K03. Against the consecutive recorded periods before, a person missed again is
//! K04 and a village short of volunteers again says so in its C01.
//!
//! Pure: the history is read by `history` (below the report) and handed in as `Past`.

pub(crate) mod carry;
pub(crate) mod identity;
mod people;

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};

use crate::assess::recipients::{Assessed, Standing};
use crate::assess::Contacts;
use crate::model::order::TownshipOrder;
use crate::model::{Code, Issue, Place};
use crate::period::Period;
use identity::{Identity, Who};

/// What the history holds of the periods before this one, as `history` reads it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Past {
    /// Whether a history file was read at all: without one there is no trend either.
    pub(crate) used: bool,
    /// The recorded periods that end before this one starts, latest first (at most 11).
    /// The first, the baseline, holds every person; the others only those who were missed.
    pub(crate) periods: Vec<PastPeriod>,
}

/// One recorded period as the comparison needs it.
#[derive(Debug, Clone)]
pub(crate) struct PastPeriod {
    pub(crate) period: Period,
    /// When it was recorded (本地时间, "2023-02-01 09:30").
    pub(crate) recorded_at: String,
    pub(crate) people: Vec<PastPerson>,
    /// The villages below the volunteer minimum then.
    pub(crate) short_villages: BTreeSet<Place>,
    /// Per township: recipients assessed and compliant then.
    pub(crate) townships: Vec<TrendPoint>,
}

/// A recipient as a recorded period holds them.
#[derive(Debug, Clone, Default)]
pub(crate) struct PastPerson {
    pub(crate) id: Option<String>,
    pub(crate) place: Place,
    pub(crate) name: String,
    pub(crate) categories: String,
    pub(crate) situations: String,
    pub(crate) contact_person: String,
    pub(crate) left: Option<NaiveDate>,
    /// Known from the visit records only, in no ledger (R09).
    pub(crate) inferred: bool,
    /// 不达标 in that period.
    pub(crate) missed: bool,
    /// The call- and visit-days of the period's last six days.
    pub(crate) tail: Contacts,
}

impl Identity for PastPerson {
    fn who(&self) -> Who<'_> {
        Who { id: self.id.as_deref(), place: &self.place, name: &self.name }
    }
}

impl Identity for Assessed {
    fn who(&self) -> Who<'_> {
        self.recipient.who()
    }
}

/// One township's figures in one period (趋势, JSON `trend`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TrendPoint {
    pub(crate) period: Period,
    pub(crate) township: String,
    pub(crate) assessed: usize,
    pub(crate) compliant: usize,
}

/// What kind of change a row of 台账变动 is (JSON `change`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ChangeKind {
    Missing,
    RepeatedMiss,
    Added,
    Left,
    MovedOut,
    MovedIn,
    Category,
    Situation,
    ContactPerson,
}

impl ChangeKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "新增",
            ChangeKind::Left => "退出",
            ChangeKind::Missing => "未登记退出而消失",
            ChangeKind::MovedIn => "转入",
            ChangeKind::MovedOut => "转出",
            ChangeKind::Category => "类别变化",
            ChangeKind::Situation => "情形变化",
            ChangeKind::ContactPerson => "关爱联系人变化",
            ChangeKind::RepeatedMiss => "连续未达标",
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Left => "left",
            ChangeKind::Missing => "missing",
            ChangeKind::MovedIn => "moved_in",
            ChangeKind::MovedOut => "moved_out",
            ChangeKind::Category => "category",
            ChangeKind::Situation => "situation",
            ChangeKind::ContactPerson => "contact_person",
            ChangeKind::RepeatedMiss => "repeated_miss",
        }
    }

    /// K03 and K04 are errors to act on: red in 台账变动.
    pub(crate) fn needs_action(self) -> bool {
        matches!(self, ChangeKind::Missing | ChangeKind::RepeatedMiss)
    }
}

/// One row of 台账变动.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) place: Place,
    pub(crate) name: String,
    pub(crate) kind: ChangeKind,
    pub(crate) before: String,
    pub(crate) after: String,
    /// 连续未达标: how many months running, this one included; else 0.
    pub(crate) months: u32,
    pub(crate) note: String,
}

/// The period compared with: which, when recorded, and whether it is the one just before.
#[derive(Debug, Clone)]
pub(crate) struct Baseline {
    pub(crate) period: Period,
    pub(crate) recorded_at: String,
    /// It ends the day before this period starts.
    pub(crate) adjacent: bool,
}

/// What the comparison found: the report's 台账变动, 趋势 and the JSON's keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compared {
    /// A history file was read (a run without one says so in 台账变动).
    pub(crate) used: bool,
    pub(crate) baseline: Option<Baseline>,
    /// In township order, then village, name and kind.
    pub(crate) changes: Vec<Change>,
    /// The recorded periods before this one (the last 11) and this one, per township.
    pub(crate) trend: Vec<TrendPoint>,
    /// The days before this period the straddling week took from the history.
    pub(crate) carried: Option<(NaiveDate, NaiveDate)>,
}

impl Compared {
    /// How many changes of `kind` there are (in `township` when given).
    pub(crate) fn count(&self, kind: ChangeKind, township: Option<&str>) -> usize {
        self.changes.iter().filter(|c| c.kind == kind && township.is_none_or(|t| c.place.township == t)).count()
    }
}

/// What the comparison reads of this run.
pub(crate) struct Now<'a> {
    pub(crate) period: Period,
    pub(crate) recipients: &'a [Assessed],
    /// The townships that sent any ledger row this run: only their people can be K03.
    pub(crate) ledger_townships: &'a BTreeSet<String>,
    pub(crate) order: &'a TownshipOrder,
}

/// Compares this run with the recorded periods before it: the changes, K03 and K04 added
/// to `issues`, C01 messages told how long their village has been short.
pub(crate) fn compare(past: &Past, now: &Now<'_>, issues: &mut Vec<Issue>) -> Compared {
    let mut compared = Compared { used: past.used, trend: trend(past, now), ..Default::default() };
    let Some(base) = past.periods.first() else { return compared };
    let adjacent = base.period.to + Duration::days(1) == now.period.from;
    compared.baseline = Some(Baseline { period: base.period, recorded_at: base.recorded_at.clone(), adjacent });
    let (mut changes, found) = people::changes(base, now);
    issues.extend(found);
    let chain = consecutive(past, now.period);
    let (repeated, k04) = people::repeated_misses(chain, now);
    changes.extend(repeated);
    issues.extend(k04);
    short_again(chain, now.period, issues);
    changes.sort_by(|a, b| {
        (now.order.rank(&a.place.township), &a.place.township, &a.place.village, &a.name, a.kind).cmp(&(
            now.order.rank(&b.place.township),
            &b.place.township,
            &b.place.village,
            &b.name,
            b.kind,
        ))
    });
    compared.changes = changes;
    compared
}

/// The recorded periods that run without a gap up to this one, latest first.
fn consecutive(past: &Past, period: Period) -> &[PastPeriod] {
    let mut next_from = period.from;
    let n = past
        .periods
        .iter()
        .take_while(|p| {
            let joins = p.period.to + Duration::days(1) == next_from;
            next_from = p.period.from;
            joins
        })
        .count();
    &past.periods[..n]
}

/// C01 says "已连续N个月不达标" when its village was short in the periods just before too.
fn short_again(chain: &[PastPeriod], period: Period, issues: &mut [Issue]) {
    for issue in issues.iter_mut().filter(|i| i.code == Code::C01) {
        let before: Vec<&PastPeriod> = chain.iter().take_while(|p| p.short_villages.contains(&issue.place)).collect();
        if !before.is_empty() {
            let months: Vec<String> = before.iter().rev().map(|p| p.period.label()).chain([period.label()]).collect();
            issue.message.to_mut().push_str(&crate::model::said::c01_again(before.len() + 1, &months.join("、")));
        }
    }
}

/// 趋势: each township's assessed and compliant recipients in the recorded periods before
/// this one and in this one, oldest first, townships in the official order.
fn trend(past: &Past, now: &Now<'_>) -> Vec<TrendPoint> {
    if !past.used {
        return Vec::new();
    }
    let mut points: Vec<TrendPoint> = past.periods.iter().rev().flat_map(|p| p.townships.iter().cloned()).collect();
    let mut current: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for a in now.recipients {
        let entry = current.entry(a.recipient.place.township.as_str()).or_default();
        entry.0 += usize::from(a.standing != Standing::NotAssessed);
        entry.1 += usize::from(a.standing == Standing::Met);
    }
    points.extend(current.into_iter().map(|(township, (assessed, compliant))| TrendPoint {
        period: now.period,
        township: township.to_string(),
        assessed,
        compliant,
    }));
    points.sort_by(|a, b| {
        (a.period.from, now.order.rank(&a.township), &a.township).cmp(&(
            b.period.from,
            now.order.rank(&b.township),
            &b.township,
        ))
    });
    points
}

#[cfg(test)]
mod tests;
