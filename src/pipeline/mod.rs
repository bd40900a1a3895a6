//! The whole run as one reusable thing, used by every command: ingest → normalise →
//! check (each row, then across rows) → assess → one report model. The writers come
//! after, outside this module.
//!
//! `run` does it in one call. `check` uses the two halves, `start` and `Started::finish`,
//! so the largest sheet (关爱记录) can be written as soon as the visit rows are checked,
//! while the volunteers and ledgers are still being checked and the recipients assessed.

mod gather;
pub(crate) mod job;
pub(crate) mod places;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::assess::recipients;
use crate::check::visits;
use crate::check::{dates, villages, volunteers};
use crate::check::{register, roster};
use crate::compare::{self, carry, Past};
use crate::ingest;
use crate::model::checked::{RegisterChecked, RegisterTally, RosterChecked, VisitChecked, Visits, VolunteerChecked};
use crate::model::order::TownshipOrder;
use crate::model::sheets::Sheets;
use crate::model::Issue;
use crate::normalize::vocab::Vocab;
use crate::period::Period;
use crate::progress::{Progress, Timer};
use crate::report::{self, Findings, Report, Run};
use gather::Gathered;
pub use job::{InMemory, Inputs, Job};

/// Reads, checks and assesses everything `job` names.
pub(crate) fn run(job: &Job) -> anyhow::Result<Report> {
    let started = start(job, &Progress::hidden(), &Timer::new())?;
    Ok(started.finish(job, &Timer::new()))
}

/// The run up to the checked visit rows: files found and read, rows gathered, the period
/// chosen, every visit row checked alone and against the others (R08).
pub(crate) fn start(job: &Job, progress: &Progress, timer: &Timer) -> anyhow::Result<Started> {
    let inputs = ingest::find(&job.inputs, &job.exclude, &job.config)?;
    progress.set_length(inputs.len());
    let loaded: Vec<_> = inputs
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let file = ingest::load_file(i, f, &job.config);
            progress.read_one();
            file
        })
        .collect();
    Ok(start_loaded(job, loaded, timer))
}

/// `start` for files already loaded (`ingest::load_bytes`): what the whole-pipeline fuzz
/// target drives.
pub fn start_loaded(job: &Job, mut loaded: Vec<ingest::LoadedFile>, timer: &Timer) -> Started {
    gather::mark_duplicates(&mut loaded);
    timer.lap("读取");
    let mut g = gather::gather(loaded);
    timer.lap("  汇集");
    places::resolve(&mut g, &job.config);
    timer.lap("定位");
    let period = choose_period(job.period, &g.visits, job.now.date());
    let as_of = crate::period::as_of(job.as_of, period, job.now.date());
    let vocab = &job.config.vocab;
    let today = job.now.date();
    let mut logs = std::mem::take(&mut g.visits);
    let mut visit_issues = logs.flat_map_mut(|r| visits::check_in_place(r, vocab, period, today));
    timer.lap("    逐行核查");
    visit_issues.extend(visits::mark_duplicates(&mut logs));
    timer.lap("    重复记录");
    let visits = visits::in_output_order(logs, &TownshipOrder::new(&job.config.township_order));
    let hint = job.period.and_then(|p| period_hint(p, &visits));
    Started { g, period, as_of, hint, visits, visit_issues }
}

/// SPEC §6: when most visit dates lie outside an explicit period, say so and name the
/// month they fall in (`--month 2023-02` given on January's files). Counted over the
/// accepted records, the 关爱记录 the summary counts beside it.
fn period_hint(period: Period, visits: &Visits) -> Option<String> {
    let known: Vec<NaiveDate> = visits.iter().filter_map(|v| v.date).collect();
    let outside = known.iter().filter(|d| **d < period.from || **d > period.to).count();
    if outside * 2 <= known.len() {
        return None;
    }
    let (y, m) = dates::busiest_month(known.iter().copied())?;
    let busiest = Period::month(y, m)?;
    // A range chosen inside the records' month (the week 1月30日—2月5日) is meant so.
    if busiest.from <= period.to && period.from <= busiest.to {
        return None;
    }
    let all = if outside == visits.len() { "全部".to_string() } else { format!("有 {outside} 条") };
    Some(format!(
        "{}关爱记录 {} 条中{all}的日期不在考核期{}内，大多在{}，本期的频次考核因此大多不达标；如要考核{}，请改用 --month {y}-{m:02}",
        crate::report::table::ALERT,
        visits.len(),
        period.label(),
        busiest.label(),
        busiest.label()
    ))
}

/// What the visit checks leave for the rest of the run.
pub struct Started {
    g: Gathered,
    period: Period,
    /// The last day whose records are complete (SPEC §9).
    as_of: NaiveDate,
    /// Said when most visit dates lie outside an explicit period.
    hint: Option<String>,
    visits: Visits,
    /// Every visit row's issues (the rows keep none): each row's own in file order, then
    /// the R08s. Their order here does not matter: the sort key ends in the cell and code.
    visit_issues: Vec<Issue>,
}

impl Started {
    pub(crate) fn period(&self) -> Period {
        self.period
    }

    /// No sheet of any kind the townships submit was recognised: nothing to check.
    pub(crate) fn nothing_submitted(&self) -> bool {
        report::kinds_missing(&self.g.files).len() == report::SUBMITTED_KINDS.len()
    }

    /// Every input file as 文件清单 lists it.
    pub(crate) fn files(&self) -> &[report::FileEntry] {
        &self.g.files
    }

    /// What a file that gave no submission was: its first issue's message, else the kinds
    /// its sheets were recognised as.
    pub(crate) fn why_not_read(&self, path: &str) -> String {
        if let Some(issue) = self.g.issues.iter().find(|i| i.location.file == path) {
            return issue.message.to_string();
        }
        let file = self.g.files.iter().find(|f| f.path == path);
        let kinds: Vec<&str> = file.iter().flat_map(|f| &f.sheets).map(|s| s.kind.label()).collect();
        if kinds.is_empty() {
            file.map(|f| f.note.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| "没有可读取的工作表".into())
        } else {
            format!("只有{}", kinds.join("、"))
        }
    }

    /// The checked visit rows, shared: 关爱记录 can be written from them at once.
    pub(crate) fn visits(&self) -> &Visits {
        &self.visits
    }

    /// `finish_with` no history: a run compared with nothing.
    pub fn finish(self, job: &Job, timer: &Timer) -> Report {
        self.finish_with(job, &Past::default(), timer)
    }

    /// Volunteers and ledgers checked, rows accounted, villages counted, recipients built
    /// and assessed, compared with the recorded periods of `past` (SPEC §11), every issue
    /// in output order: the report.
    pub(crate) fn finish_with(self, job: &Job, past: &Past, timer: &Timer) -> Report {
        let Started { mut g, period, as_of, hint, visits, visit_issues } = self;
        let config = &job.config;
        let (mut checked, mut ledger) = check_people(&mut g, job, &job.config.vocab, period);
        timer.lap("  社工和台账核查");
        let logs = visits.all();
        let (registers, register_tallies) = check_registers(&mut g, &mut ledger, logs, &job.config.vocab);
        let outcomes = checked
            .iter()
            .map(|c| (c.record.ctx.id, c.outcome))
            .chain(ledger.iter().map(|r| (r.record.ctx.id, r.outcome)))
            .chain(registers.iter().map(|r| (r.record.ctx.id, r.outcome)))
            .chain(logs.iter().map(|v| (v.record.ctx.id, v.outcome)));
        gather::account(&mut g.files, &g.kept, outcomes);

        let (village_counts, village_issues) =
            villages::count(&checked, &g.divisions, config.min_volunteers_per_village);
        let (people, people_issues) = recipients::build(&ledger, logs);
        timer.lap("  对象");
        let earlier = carry::earlier(past, period, &people);
        let (assessed, assessment_issues, todo) =
            recipients::assess_all(people, &visits, config, period, as_of, earlier.as_ref());
        timer.lap("  考核");

        let found = [g.issues, village_issues, people_issues, assessment_issues];
        let mut issues = every_issue(found, &checked, &ledger, registers, visit_issues);
        let ledger_townships = ledger.iter().map(|r| r.record.township.to_string()).collect();
        let order = TownshipOrder::new(&config.township_order);
        let now = compare::Now { period, recipients: &assessed, ledger_townships: &ledger_townships, order: &order };
        let mut compared = compare::compare(past, &now, &mut issues);
        compared.carried = earlier.and(carry::straddle(period));
        timer.lap("  比较");
        issues.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        // In place, no second copy: the key ends in the source file, sheet and row.
        checked.par_sort_unstable_by(|a, b| {
            a.record.output_key(&a.record.data.name).cmp(&b.record.output_key(&b.record.data.name))
        });

        let run = run_of(job, period, as_of, hint);
        let mut found = Findings {
            files: g.files,
            villages: village_counts,
            volunteers: checked,
            visits,
            recipients: assessed,
            issues,
            todo,
            compared,
            registers: register_tallies,
        };
        in_township_order(&mut found, &TownshipOrder::new(&config.township_order));
        Report::new(run, found)
    }
}

/// The run's issues in one list, room made once (a city's million issues are not copied
/// as the list grows); the rows' own issues last, visit rows' last of all.
fn every_issue(
    found: [Vec<Issue>; 4],
    checked: &[VolunteerChecked],
    ledger: &[RosterChecked],
    registers: Vec<RegisterChecked>,
    visit_issues: Vec<Issue>,
) -> Vec<Issue> {
    let rows = checked.iter().map(|c| c.issues.len()).sum::<usize>()
        + ledger.iter().map(|r| r.issues.len()).sum::<usize>()
        + registers.iter().map(|r| r.issues.len()).sum::<usize>();
    let mut issues = Vec::with_capacity(found.iter().map(Vec::len).sum::<usize>() + rows + visit_issues.len());
    for list in found {
        issues.extend(list);
    }
    issues.extend(checked.iter().flat_map(|c| c.issues.iter().cloned()));
    issues.extend(ledger.iter().flat_map(|r| r.issues.iter().cloned()));
    issues.extend(registers.into_iter().flat_map(|r| r.issues));
    issues.extend(visit_issues);
    issues
}

/// What the run was asked and when, for the report.
fn run_of(job: &Job, period: Period, as_of: NaiveDate, hint: Option<String>) -> Run {
    let config = &job.config;
    Run {
        district: config.district.clone(),
        deadline: config.feedback_deadline.clone(),
        mask: job.mask,
        period,
        run_at: job.now,
        minimum: config.min_volunteers_per_village,
        attention_rate: config.attention_rate,
        hint,
        as_of,
        township_order: config.township_order.clone(),
        records_place: None,
    }
}

/// Every list of the report in the one township order (each is sorted by township name
/// first, so a stable sort by rank keeps the rest of its order).
fn in_township_order(found: &mut Findings, order: &TownshipOrder) {
    order.sort(&mut found.villages, |v| &v.place.township);
    order.sort(&mut found.volunteers, |v| &v.record.township);
    order.sort(&mut found.recipients, |a| &a.recipient.place.township);
    order.sort(&mut found.issues, |i| &i.place.township);
    order.sort(&mut found.todo, |t| &t.place.township);
}

/// SPEC §5: the command line's period, else the month most visit dates fall in, else
/// the current month.
fn choose_period(explicit: Option<Period>, visits: &Sheets<VisitChecked>, today: NaiveDate) -> Period {
    explicit
        .or_else(|| {
            let known =
                visits.iter().map(|v| &v.record.data).filter_map(|v| dates::resolve(&v.date, v.year_month, None));
            dates::busiest_month(known).and_then(|(y, m)| Period::month(y, m))
        })
        .unwrap_or_else(|| Period::current(today))
}

/// Every register row checked alone, then the registers against the ledgers (K05, K06 on
/// the ledger rows): SPEC §12.
fn check_registers(
    g: &mut Gathered,
    ledger: &mut [RosterChecked],
    logs: &Sheets<VisitChecked>,
    vocab: &Vocab,
) -> (Vec<RegisterChecked>, Vec<RegisterTally>) {
    if g.register.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut registers: Vec<RegisterChecked> =
        std::mem::take(&mut g.register).map_into_vec(|r| register::check_row(r, vocab));
    let logged: rustc_hash::FxHashSet<(&str, &str, &str)> = logs
        .iter()
        .filter(|v| v.outcome == crate::model::Outcome::Accepted)
        .map(|v| (&*v.record.township, &*v.record.village, &*v.record.data.recipient))
        .collect();
    let in_logs = |t: &str, v: &str, name: &str| {
        if v.is_empty() {
            logged.iter().any(|(lt, _, ln)| *lt == t && *ln == name)
        } else {
            logged.contains(&(t, v, name))
        }
    };
    let tallies = register::cover(&mut registers, ledger, &in_logs);
    (registers, tallies)
}

/// Every volunteer and ledger row checked on its own and against its neighbours.
fn check_people(
    g: &mut Gathered,
    job: &Job,
    vocab: &Vocab,
    period: Period,
) -> (Vec<VolunteerChecked>, Vec<RosterChecked>) {
    let reference = period.reference();
    let mut checked: Vec<VolunteerChecked> =
        std::mem::take(&mut g.volunteers).map_into_vec(|r| volunteers::check_row(r, &job.config, reference));
    volunteers::cross_check(&mut checked, &g.exclusions);
    let mut ledger: Vec<RosterChecked> =
        std::mem::take(&mut g.roster).map_into_vec(|r| roster::check_row(r, vocab, period));
    roster::cross_check(&mut ledger);
    (checked, ledger)
}
