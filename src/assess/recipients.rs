//! Who is assessed and how they fared: recipients come from the ledgers, and a name in
//! a log that no ledger of its village lists becomes an inferred recipient (R09, R10,
//! P04 are raised here). Each recipient is assessed against every rule that applies
//! (SPEC §5): K01, K02.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::Arc;

use super::{Contacts, Earlier, Enrolment, RuleResult};
use crate::config::{Config, Rule};
use crate::model::checked::{RosterChecked, VisitChecked, Visits};
use crate::model::rows::Field;
use crate::model::said;
use crate::model::sheets::Sheets;
use crate::model::{Code, Issue, Location, Outcome, Place};
use crate::normalize::kinds::{Category, Method, Word};
use crate::period::Period;

pub(crate) use super::recipient::Recipient;

#[derive(Debug, Clone)]
pub(crate) struct Assessed {
    pub(crate) recipient: Recipient,
    /// The rules that apply, shared with every other person they apply to.
    pub(crate) results: Vec<(Arc<Rule>, RuleResult)>,
    /// In a ledger, assessed in at least one unit, and not one record in the period (K02).
    pub(crate) no_records: bool,
    /// Decided once, here; every count and sheet reads it.
    pub(crate) standing: Standing,
    /// The call- and visit-days of the period's last six days: what the history keeps for
    /// the week that straddles into the next period (SPEC §11).
    pub(crate) tail: Contacts,
    /// The last day with a call or visit in the period.
    pub(crate) last_contact: Option<chrono::NaiveDate>,
}

/// Where a recipient stands, as every count the user reads separates them (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    /// Assessed, and every assessed unit of every rule met.
    Met,
    /// Assessed, and at least one unit missed (or K02).
    Missed,
    /// No rule has an assessed unit (生活无着流浪乞讨人员 alone, enrolment covering no whole unit).
    NotAssessed,
}

/// How one rule stands for one person: the verdict of a row of 关爱考核.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleStanding<'a> {
    /// No whole unit of the rule fell inside the period and the enrolment.
    NotAssessed,
    /// Assessed, but the ledger's person has no record at all in the period (K02).
    NoRecords,
    Met,
    /// These units fell short.
    Missed(&'a [super::Shortfall]),
}

impl Standing {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Standing::Met => "达标",
            Standing::Missed => "不达标",
            Standing::NotAssessed => "不考核",
        }
    }
}

impl Assessed {
    /// At least one rule has an assessed unit.
    pub(crate) fn is_assessed(&self) -> bool {
        self.results.iter().any(|(_, r)| r.assessed > 0)
    }

    /// Not 不达标: met, or not assessed (JSON's `compliant`).
    pub(crate) fn compliant(&self) -> bool {
        self.standing != Standing::Missed
    }

    /// How `result`, one of this person's rules, stands.
    pub(crate) fn rule_standing<'a>(&self, result: &'a RuleResult) -> RuleStanding<'a> {
        if result.assessed == 0 {
            RuleStanding::NotAssessed
        } else if self.no_records {
            RuleStanding::NoRecords
        } else if result.compliant() {
            RuleStanding::Met
        } else {
            RuleStanding::Missed(&result.shortfalls)
        }
    }
}

/// Where a person stands over all their rules (SPEC §5): not assessed when no rule has an
/// assessed unit; missed with no record at all (K02) or any unit missed; else met.
fn standing_of(results: &[(Arc<Rule>, RuleResult)], no_records: bool) -> Standing {
    if !results.iter().any(|(_, r)| r.assessed > 0) {
        Standing::NotAssessed
    } else if no_records || !results.iter().all(|(_, r)| r.compliant()) {
        Standing::Missed
    } else {
        Standing::Met
    }
}

/// A recipient's identity borrowed from the records, so lookups allocate nothing.
type KeyRef<'a> = (&'a str, &'a str, &'a str);

fn key_of_visit(v: &VisitChecked) -> KeyRef<'_> {
    (&v.record.township, &v.record.village, &v.record.data.recipient)
}

/// Recipients from the accepted ledger rows, plus inferred ones from the logs, sorted by
/// (township, village, name).
pub(crate) fn build(roster: &[RosterChecked], visits: &Sheets<VisitChecked>) -> (Vec<Recipient>, Vec<Issue>) {
    let mut people = People::from_ledgers(roster);
    for v in visits.iter().filter(|v| v.outcome == Outcome::Accepted) {
        people.add_visit(v);
    }
    people.finish()
}

/// The recipients while the logs are read against the ledgers.
struct People<'a> {
    list: Vec<Recipient>,
    index: HashMap<KeyRef<'a>, usize>,
    ledger_villages: HashSet<(&'a str, &'a str)>,
    /// (recipient, category) pairs already told as R10.
    told: HashSet<(usize, Category)>,
    /// Villages already told P04 (no ledger, so no situations).
    p04_villages: HashSet<(&'a str, &'a str)>,
    issues: Vec<Issue>,
}

impl<'a> People<'a> {
    fn from_ledgers(roster: &'a [RosterChecked]) -> People<'a> {
        let mut people = People {
            list: Vec::new(),
            index: HashMap::default(),
            ledger_villages: roster.iter().map(|r| (&*r.record.township, &*r.record.village)).collect(),
            told: HashSet::default(),
            p04_villages: HashSet::default(),
            issues: Vec::new(),
        };
        for r in roster.iter().filter(|r| r.outcome == Outcome::Accepted) {
            let d = &r.record.data;
            people.index.insert((&r.record.township, &r.record.village, &d.name), people.list.len());
            people.list.push(Recipient {
                place: Place::new(&*r.record.township, &*r.record.village),
                name: d.name.clone(),
                id: r.id.clone(),
                categories: r.categories,
                situations: r.situations,
                inferred: false,
                contact_person: d.contact_person.clone(),
                contact_phone: d.contact_phone.clone(),
                village_phone: d.village_phone.clone(),
                service_content: d.service_content.clone(),
                enrolment: Enrolment { from: r.enrolled, until: r.left },
            });
        }
        people
    }

    fn add_visit(&mut self, v: &'a VisitChecked) {
        match self.index.get(&key_of_visit(v)).copied() {
            Some(i) if !self.list[i].inferred => self.check_category(i, v),
            Some(i) => {
                let p = &mut self.list[i];
                p.categories = p.categories.union(v.categories);
                p.situations = p.situations.union(v.situations);
            }
            None => self.infer(v),
        }
    }

    /// R10: a log's category that the ledger does not give the person, told once.
    fn check_category(&mut self, i: usize, v: &VisitChecked) {
        let listed = self.list[i].categories;
        for c in v.categories.iter().filter(|&c| !listed.contains(c)) {
            if self.told.insert((i, c)) {
                let said = said::r10_category_not_in_ledger(c.name(), &listed.join("、"));
                let d = &v.record.data;
                self.issues.push(v.record.issue(Code::R10, Some(Field::Category), &d.recipient, &d.category_raw, said));
            }
        }
    }

    /// R09: a name no ledger of its village lists becomes a recipient with the log's
    /// category and the situation it carries (独居老人（失能）); without any ledger there,
    /// its 独居老人 without one are assessed as 一般 (P04 once).
    fn infer(&mut self, v: &'a VisitChecked) {
        let key = key_of_visit(v);
        let d = &v.record.data;
        let has_ledger = self.ledger_villages.contains(&(key.0, key.1));
        let said = said::r09_not_in_ledger(key.2, has_ledger);
        let issue = v.record.issue(Code::R09, Some(Field::Recipient), &d.recipient, &d.recipient_raw, said);
        self.issues.push(issue);
        let no_situation = v.situations.is_empty();
        if !has_ledger
            && no_situation
            && v.categories.contains(Category::Elderly)
            && self.p04_villages.insert((key.0, key.1))
        {
            self.issues
                .push(Issue::new(Code::P04, Location::default(), said::p04_no_ledger()).with_place(key.0, key.1));
        }
        self.index.insert(key, self.list.len());
        self.list.push(Recipient {
            place: Place::new(key.0, key.1),
            name: key.2.to_string(),
            categories: v.categories,
            situations: v.situations,
            inferred: true,
            ..Default::default()
        });
    }

    fn finish(self) -> (Vec<Recipient>, Vec<Issue>) {
        let People { mut list, issues, .. } = self;
        list.sort_by(|a, b| {
            (&a.place.township, &a.place.village, &a.name).cmp(&(&b.place.township, &b.place.village, &b.name))
        });
        (list, issues)
    }
}

/// Where each recipient's accepted records lie in the output order, which puts a person's
/// records side by side: a range per person, not a map of every person's days (a
/// city's million people).
fn runs(visits: &Visits) -> HashMap<KeyRef<'_>, Range<usize>> {
    let mut out: HashMap<KeyRef<'_>, Range<usize>> = HashMap::default();
    let mut start = 0;
    let mut rows = visits.iter().enumerate().peekable();
    while let Some((i, v)) = rows.next() {
        let key = key_of_visit(v);
        if rows.peek().is_none_or(|(_, next)| key_of_visit(next) != key) {
            let earlier = out.insert(key, start..i + 1);
            debug_assert!(earlier.is_none(), "a person's records are side by side in the output order");
            start = i + 1;
        }
    }
    out
}

/// The days a recipient was called and visited within the period, from their records.
fn contacts<'a>(records: impl Iterator<Item = &'a VisitChecked>) -> Contacts {
    let mut out = Contacts::default();
    for v in records.filter(|v| v.assessed) {
        let Some(date) = v.date else { continue };
        // A cell naming both (电话+入户) is a call and a visit that day.
        for method in v.methods.iter() {
            match method {
                Method::Visit => out.visits.insert(date),
                Method::Call => out.calls.insert(date),
            };
        }
    }
    out
}

/// Assesses every recipient; returns the results and the K01/K02 issues. `earlier`, when
/// the history knows the days before the period, lets the week that straddles into it be
/// assessed (SPEC §11).
pub(crate) fn assess_all(
    people: Vec<Recipient>,
    visits: &Visits,
    config: &Config,
    period: Period,
    as_of: chrono::NaiveDate,
    earlier: Option<&Earlier>,
) -> (Vec<Assessed>, Vec<Issue>, Vec<super::todo::Todo>) {
    let runs = runs(visits);
    let shared: Vec<Arc<Rule>> = config.rules.iter().cloned().map(Arc::new).collect();
    let mut issues = Vec::new();
    let mut todo = Vec::new();
    let assessed = people
        .into_iter()
        .enumerate()
        .map(|(i, person)| {
            let key = (person.place.township.as_str(), person.place.village.as_str(), person.name.as_str());
            let c = &contacts(runs.get(&key).into_iter().flat_map(|r| visits.slice(r.clone())));
            let before = earlier.and_then(|e| Some((e.from, e.contacts.get(i)?.as_ref()?)));
            let results = assess_person(&person, c, before, &shared, config, period, as_of);
            for (rule, _) in &results {
                todo.extend(super::todo::row(&person, rule, c, period, as_of, config.visit_counts_as_call));
            }
            let any_unit = results.iter().any(|(_, r)| r.assessed > 0);
            let no_records = !person.inferred && any_unit && c.is_empty();
            let standing = standing_of(&results, no_records);
            let tail = c.between(period.to - chrono::Duration::days(5), period.to);
            let last_contact = c.last();
            let a = Assessed { recipient: person, results, no_records, standing, tail, last_contact };
            issues.extend(verdict_issue(&a, period));
            a
        })
        .collect();
    todo.sort_by(|a: &super::todo::Todo, b| a.sort_key().cmp(&b.sort_key()));
    (assessed, issues, todo)
}

/// Every rule that applies to `person`, assessed on their contacts; a weekly rule also on
/// the straddling week when `before` gives the days before the period (from that Monday).
fn assess_person(
    person: &Recipient,
    contacts: &Contacts,
    before: Option<(chrono::NaiveDate, &Contacts)>,
    rules: &[Arc<Rule>],
    config: &Config,
    period: Period,
    as_of: chrono::NaiveDate,
) -> Vec<(Arc<Rule>, RuleResult)> {
    let call_credit = config.visit_counts_as_call;
    super::applicable(&config.rules, person.categories, person.situations)
        .into_iter()
        .map(|rule| {
            let i = config.rules.iter().position(|r| std::ptr::eq(r, rule)).unwrap_or_default();
            let result = match before {
                Some((from, earlier)) if rule.unit == crate::config::Unit::Week => {
                    let longer = Period { from, to: period.to };
                    let both = contacts.with(earlier);
                    let mut r = super::assess_until(rule, &both, longer, person.enrolment, call_credit, as_of);
                    r.uncovered = super::ranges_minus(&r.uncovered, &[(from, period.from - chrono::Duration::days(1))]);
                    r
                }
                _ => super::assess_until(rule, contacts, period, person.enrolment, call_credit, as_of),
            };
            (Arc::clone(&rules[i]), result)
        })
        .collect()
}

/// K02 when a ledger's recipient has no record at all, else K01 when a rule was missed.
fn verdict_issue(a: &Assessed, period: Period) -> Option<Issue> {
    let p = &a.recipient;
    let issue = if a.no_records {
        Issue::new(Code::K02, Location::default(), said::k02_no_records(&period.label()))
    } else if a.standing == Standing::Missed {
        let missed: Vec<String> = a
            .results
            .iter()
            .filter(|(_, r)| !r.compliant())
            .map(|(rule, r)| format!("{}：{}个考核单位中{}个未达标", rule.text, r.assessed, r.assessed - r.met))
            .collect();
        Issue::new(Code::K01, Location::default(), said::k01_missed(&missed.join("；")))
    } else {
        return None;
    };
    Some(issue.with_place(&p.place.township, &p.place.village).with_name(&p.name))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::check::{roster, visits};
    use crate::model::rows::{DateCell, Record, RosterFields, SheetCtx, VisitFields};

    const NAMES: [&str; 4] = ["甲", "乙", "丙", "丁"];
    const KINDS: [&str; 3] = ["孤儿", "低保对象", "独居老人"];

    fn ctx(id: usize) -> Arc<SheetCtx> {
        Arc::new(SheetCtx {
            id: (id, 0),
            file: format!("f{id}.xlsx"),
            sheet: "s".into(),
            columns: Default::default(),
            hints: Default::default(),
        })
    }

    fn record<T>(ctx: &Arc<SheetCtx>, row: u32, data: T) -> Record<T> {
        Record {
            ctx: Arc::clone(ctx), row, township: "井口街道".into(), village: "美丽家园社区".into(), data
        }
    }

    /// The run's result for a log given as (name, day, is visit, category); names 甲 and
    /// 乙 are in the ledger, 丙 and 丁 only in the log.
    /// Per recipient: identity, compliant, and (rule, assessed, met) for each rule.
    type Verdicts = Vec<((crate::model::Place, String), bool, Vec<(String, u32, u32)>)>;

    fn outcome(log: &[(usize, u32, bool, usize)]) -> Verdicts {
        let config = Config::load(None).unwrap();
        let vocab = config.vocab();
        let period = Period::month(2023, 1).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let ledger_ctx = ctx(0);
        let mut ledger: Vec<_> = [("甲", "孤儿"), ("乙", "独居老人、特困人员")]
            .iter()
            .enumerate()
            .map(|(i, (name, cats))| {
                let fields = RosterFields {
                    name: name.to_string(),
                    categories_raw: cats.to_string(),
                    contact_person: "李".into(),
                    ..Default::default()
                };
                roster::check_row(record(&ledger_ctx, i as u32 + 2, fields), &vocab, period)
            })
            .collect();
        roster::cross_check(&mut ledger);
        let log_ctx = ctx(1);
        let logs: Vec<_> = log
            .iter()
            .enumerate()
            .map(|(i, &(who, day, visit, kind))| {
                let fields = VisitFields {
                    date: DateCell::Date(NaiveDate::from_ymd_opt(2023, 1, day).unwrap()),
                    method_raw: if visit { "入户走访" } else { "电话联系" }.into(),
                    category_raw: KINDS[kind].into(),
                    recipient: NAMES[who].into(),
                    worker: "李芳".into(),
                    ..Default::default()
                };
                visits::check_row(record(&log_ctx, i as u32 + 2, fields), &vocab, period, today)
            })
            .collect();
        let mut logs = Sheets::from(logs);
        visits::mark_duplicates(&mut logs);
        let (people, _) = build(&ledger, &logs);
        let logs = visits::in_output_order(logs, &crate::model::order::TownshipOrder::default());
        let (assessed, _, _) = assess_all(people, &logs, &config, period, period.to, None);
        assessed
            .into_iter()
            .map(|a| {
                let rules = a.results.iter().map(|(_, r)| (r.rule.to_string(), r.assessed, r.met)).collect();
                ((a.recipient.place.clone(), a.recipient.name.clone()), a.compliant(), rules)
            })
            .collect()
    }

    /// P04 once per village that sent no ledger and has 独居老人 in its log; none where a
    /// ledger exists or no 独居老人 is logged.
    #[test]
    fn p04_once_per_village_without_ledger() {
        let config = Config::load(None).unwrap();
        let vocab = config.vocab();
        let period = Period::month(2023, 1).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let log_ctx = ctx(1);
        let visit = |row: u32, village: &str, who: &str, kind: &str| {
            let fields = VisitFields {
                date: DateCell::Date(NaiveDate::from_ymd_opt(2023, 1, 10).unwrap()),
                method_raw: "电话联系".into(),
                category_raw: kind.into(),
                recipient: who.into(),
                worker: "李芳".into(),
                ..Default::default()
            };
            let mut r = record(&log_ctx, row, fields);
            r.village = village.into();
            visits::check_row(r, &vocab, period, today)
        };
        let ledger_ctx = ctx(0);
        let fields = RosterFields { name: "甲".into(), categories_raw: "孤儿".into(), ..Default::default() };
        let ledger = vec![roster::check_row(record(&ledger_ctx, 2, fields), &vocab, period)];
        let logs = vec![
            visit(2, "美丽家园社区", "乙", "独居老人"),
            visit(3, "甲村", "丙", "独居老人"),
            visit(4, "甲村", "丁", "独居老人"),
            visit(5, "乙村", "戊", "低保对象"),
            // The log's category carries the situation: no P04 in 丙村, and the person is
            // assessed under it.
            visit(6, "丙村", "己", "独居老人（失能）"),
        ];
        let (people, issues) = build(&ledger, &Sheets::from(logs));
        let p04: Vec<&str> = issues.iter().filter(|i| i.code == Code::P04).map(|i| i.place.village.as_str()).collect();
        assert_eq!(p04, ["甲村"]);
        let ji = people.iter().find(|p| p.name == "己").unwrap();
        assert_eq!(ji.situations.iter().map(|s| s.name()).collect::<Vec<_>>(), ["失能"]);
        let rules = super::super::applicable(&config.rules, ji.categories, ji.situations);
        assert_eq!(rules.iter().map(|r| r.id.to_string()).collect::<Vec<_>>(), ["elderly_intensive"]);
    }

    /// A ledger recipient without one whole unit in the period is not assessed, so no K02
    /// even without any record.
    #[test]
    fn no_whole_unit_no_k02() {
        let config = Config::load(None).unwrap();
        let period = Period::month(2023, 1).unwrap();
        let late = Recipient {
            place: crate::model::Place::new("井口街道", "美丽家园社区"),
            name: "甲".into(),
            categories: crate::normalize::kinds::Set::one(Category::Orphan),
            enrolment: Enrolment { from: NaiveDate::from_ymd_opt(2023, 1, 28), until: None },
            ..Default::default()
        };
        let (assessed, issues, _) = assess_all(vec![late], &Visits::default(), &config, period, period.to, None);
        assert!(issues.is_empty(), "{issues:?}");
        assert!(!assessed[0].no_records && assessed[0].compliant());
    }

    /// The week that straddles January and February (SPEC §11): unassessed without the
    /// previous period's days; with them, 1月30日 and 2月2日 are two calls and no visit.
    #[test]
    fn the_straddling_week_is_assessed_with_the_earlier_days() {
        let config = Config::load(None).unwrap();
        let feb = Period::month(2023, 2).unwrap();
        let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
        let person = Recipient {
            place: crate::model::Place::new("井口街道", "美丽家园社区"),
            name: "杨桂芳".into(),
            categories: crate::normalize::kinds::Set::one(Category::Elderly),
            situations: crate::normalize::kinds::Set::one(crate::normalize::kinds::Situation::Disabled),
            ..Default::default()
        };
        let january = Contacts { calls: [d(1, 30)].into(), visits: Default::default() };
        let week = |earlier: Option<&Earlier>| {
            let (assessed, _, _) = assess_all(vec![person.clone()], &Visits::default(), &config, feb, feb.to, earlier);
            let r = &assessed[0].results[0].1;
            (r.assessed, r.shortfalls.iter().map(|s| (s.from, s.to, s.tally.call_days)).collect::<Vec<_>>())
        };
        let (without, _) = week(None);
        assert_eq!(without, 3, "Feb 6–26: three whole weeks");
        let earlier = Earlier { from: d(1, 30), contacts: vec![Some(january)] };
        let (with, short) = week(Some(&earlier));
        assert_eq!(with, 4);
        assert_eq!(short[0], (d(1, 30), d(2, 5), 1), "one call, on 1月30日, from January");
        let unknown = Earlier { from: d(1, 30), contacts: vec![None] };
        assert_eq!(week(Some(&unknown)).0, 3, "a person the history does not know keeps the week unassessed");
    }

    proptest! {
        #[test]
        fn shuffling_records_changes_nothing(
            log in prop::collection::vec((0usize..4, 1u32..=31, any::<bool>(), 0usize..3), 0..60),
            seed in any::<u64>(),
        ) {
            let mut shuffled = log.clone();
            let mut state = seed;
            for i in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (state >> 33) as usize % (i + 1));
            }
            prop_assert_eq!(outcome(&log), outcome(&shuffled));
        }

        #[test]
        fn one_more_record_never_lowers_compliance(
            log in prop::collection::vec((0usize..4, 1u32..=31, any::<bool>(), 0usize..3), 0..60),
            extra in (0usize..2, 1u32..=31, any::<bool>()),
        ) {
            let before = outcome(&log);
            let mut more = log.clone();
            // The ledger's own people with their ledger category, so nothing new is inferred.
            more.push((extra.0, extra.1, extra.2, if extra.0 == 0 { 0 } else { 2 }));
            let after = outcome(&more);
            for (key, compliant, rules) in &before {
                let Some((_, now, now_rules)) = after.iter().find(|(k, _, _)| k == key) else { continue };
                prop_assert!(*now || !compliant, "{:?} lost compliance", key);
                for ((rule, _, met), (_, _, met_now)) in rules.iter().zip(now_rules) {
                    prop_assert!(met_now >= met, "{} for {:?}", rule, key);
                }
            }
        }
    }
}
