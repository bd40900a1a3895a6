//! One report model built once from the checked data, handed to every writer:
//! the district workbook, the JSON summary and the terminal summary.

pub(crate) mod allot;
pub(crate) mod assessment;
pub(crate) mod changes;
pub(crate) mod downloads;
pub(crate) mod feedback;
pub(crate) mod font;
pub(crate) mod json;
pub(crate) mod lists;
pub(crate) mod mask;
pub(crate) mod outputs;
pub(crate) mod overview;
pub(crate) mod page;
pub(crate) mod plan;
pub(crate) mod print;
pub(crate) mod styles;
pub(crate) mod table;
pub(crate) mod terminal;
pub(crate) mod trend;
pub(crate) mod value;
pub(crate) mod workbook;
pub(crate) mod writer;

use chrono::NaiveDateTime;

use crate::assess::recipients::{Assessed, Standing};
use crate::assess::todo::Todo;
use crate::model::checked::VillageCount;
use crate::model::checked::VolunteerChecked;
use crate::model::Outcome;
use crate::model::{Issue, Severity, SheetKind};
use crate::period::Period;

pub(crate) const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone)]
pub(crate) struct SheetEntry {
    pub(crate) name: String,
    pub(crate) kind: SheetKind,
    pub(crate) read: u32,
    pub(crate) accepted: u32,
    pub(crate) rejected: u32,
    pub(crate) skipped: u32,
    pub(crate) note: String,
}

#[derive(Debug, Clone)]
pub(crate) struct FileEntry {
    pub(crate) path: String,
    pub(crate) status: crate::model::checked::FileStatus,
    pub(crate) code: Option<crate::model::Code>,
    pub(crate) note: String,
    pub(crate) sheets: Vec<SheetEntry>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Totals {
    pub(crate) files: usize,
    pub(crate) volunteers_valid: u32,
    pub(crate) volunteers_submitted: u32,
    pub(crate) villages: usize,
    pub(crate) villages_meeting_minimum: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) recipients: usize,
    /// Recipients with at least one assessed unit: 达标 + 不达标.
    pub(crate) recipients_assessed: usize,
    /// Assessed and compliant (达标).
    pub(crate) recipients_compliant: usize,
    /// Assessed and not compliant (不达标).
    pub(crate) recipients_noncompliant: usize,
    pub(crate) visits_accepted: usize,
}

impl Totals {
    /// 不考核: recipients no rule assessed.
    pub(crate) fn recipients_not_assessed(&self) -> usize {
        self.recipients - self.recipients_assessed
    }
}

pub(crate) use crate::model::order::UNPLACED;

/// Per-township figures for 总览.
#[derive(Debug, Clone, Default)]
pub(crate) struct TownshipRow {
    pub(crate) township: String,
    /// Whether anything of the run belongs to it (a file, a village, a record, an issue):
    /// a configured township that sent nothing is listed as 未报送.
    pub(crate) reported: bool,
    pub(crate) villages: usize,
    pub(crate) villages_meeting: usize,
    pub(crate) valid: u32,
    pub(crate) submitted: u32,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) recipients: usize,
    /// 达标 and 不达标 (assessed recipients only); recipients − both = 不考核.
    pub(crate) compliant: usize,
    pub(crate) noncompliant: usize,
    pub(crate) visits: usize,
    /// K03 (未登记退出而消失) and K04 (连续未达标) people, against the history (SPEC §11).
    pub(crate) missing: usize,
    pub(crate) repeated_miss: usize,
    /// People on its registers, and of them in no ledger (K05), against the registers (SPEC §12).
    pub(crate) registered: usize,
    pub(crate) registered_missing: usize,
    /// It has registers but sent no ledger: they were not compared (总览 says 未报送台账).
    pub(crate) registered_unchecked: bool,
}

impl TownshipRow {
    /// 达标 ÷ (达标 + 不达标), None when nobody was assessed.
    pub(crate) fn rate(&self) -> Option<f64> {
        let assessed = self.compliant + self.noncompliant;
        (assessed > 0).then(|| self.compliant as f64 / assessed as f64)
    }

    fn add(&mut self, other: &TownshipRow) {
        self.reported |= other.reported;
        self.villages += other.villages;
        self.villages_meeting += other.villages_meeting;
        self.valid += other.valid;
        self.submitted += other.submitted;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.recipients += other.recipients;
        self.compliant += other.compliant;
        self.noncompliant += other.noncompliant;
        self.visits += other.visits;
        self.missing += other.missing;
        self.repeated_miss += other.repeated_miss;
        self.registered += other.registered;
        self.registered_missing += other.registered_missing;
    }
}

/// What the run was asked and when: the same for the district's report and every
/// township's part of it.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) district: String,
    /// When the townships must send corrections (config `feedback_deadline`), or empty.
    pub(crate) deadline: String,
    /// `--mask`: ID and mobile numbers masked in every output.
    pub(crate) mask: bool,
    pub(crate) period: Period,
    pub(crate) run_at: NaiveDateTime,
    pub(crate) minimum: u32,
    /// A rate below this is marked red (config `attention_rate`).
    pub(crate) attention_rate: f64,
    /// What the clerk should know about the period chosen (most records outside it).
    pub(crate) hint: Option<String>,
    /// The last day whose records are complete (SPEC §9); the period's end after it.
    pub(crate) as_of: chrono::NaiveDate,
    /// The configured townships in their official order: 总览 and the feedback files follow it.
    pub(crate) township_order: Vec<String>,
    /// Where the records workbook is, as 总览 says it (同一文件夹中的“…”, or its path; SPEC
    /// §6). Set by the writer that knows where it goes.
    pub(crate) records_place: Option<String>,
}

impl Run {
    /// Whether the period is still running on the as-of day: 待办清单 is written.
    pub(crate) fn has_todo(&self) -> bool {
        self.as_of < self.period.to
    }
}

/// What the stages found, each list in output order.
#[derive(Debug, Default)]
pub struct Findings {
    pub(crate) files: Vec<FileEntry>,
    pub(crate) villages: Vec<VillageCount>,
    /// Every volunteer row that reached the checks.
    pub(crate) volunteers: Vec<VolunteerChecked>,
    /// The accepted visit records (those outside the period included).
    pub(crate) visits: crate::model::checked::Visits,
    pub(crate) recipients: Vec<Assessed>,
    pub(crate) issues: Vec<Issue>,
    /// The running units not yet met, in SPEC §9's order.
    pub(crate) todo: Vec<Todo>,
    /// Against the recorded periods (SPEC §11): 台账变动, 趋势.
    pub(crate) compared: crate::compare::Compared,
    /// Each township's registers against its ledgers (SPEC §12); empty when no register was read.
    pub(crate) registers: Vec<crate::model::checked::RegisterTally>,
}

/// The district's report: the run, what was found (read through `Deref`, never changed
/// after the totals are counted from it), and those totals.
#[derive(Debug)]
pub struct Report {
    pub(crate) run: Run,
    found: Findings,
    totals: Totals,
}

impl std::ops::Deref for Report {
    type Target = Findings;
    fn deref(&self) -> &Findings {
        &self.found
    }
}

/// One township's part of the report, for its feedback workbook: its villages, recipients,
/// issues (sorted by file, sheet and row, as a township corrects them) and 待办, no
/// volunteer or visit rows, and totals of its own.
#[derive(Debug)]
pub(crate) struct TownshipReport<'a> {
    pub(crate) run: &'a Run,
    pub(crate) township: &'a str,
    pub(crate) villages: Vec<VillageCount>,
    pub(crate) recipients: Vec<Assessed>,
    pub(crate) issues: Vec<Issue>,
    pub(crate) todo: Vec<Todo>,
    /// The comparison with the recorded periods, and this township's share of its changes.
    pub(crate) compared: &'a crate::compare::Compared,
    pub(crate) changes: Vec<crate::compare::Change>,
    totals: Totals,
}

impl TownshipReport<'_> {
    pub(crate) fn totals(&self) -> &Totals {
        &self.totals
    }
}

/// One township's recipients and issues: indices into the report's lists, in their order.
#[derive(Debug, Default)]
pub(crate) struct Share {
    pub(crate) recipients: Vec<usize>,
    pub(crate) issues: Vec<usize>,
}

/// The kinds of sheet the townships submit (SPEC §2), in the order they are named.
pub(crate) const SUBMITTED_KINDS: [SheetKind; 3] = [SheetKind::Volunteers, SheetKind::Visits, SheetKind::Roster];

/// Which of `SUBMITTED_KINDS` no sheet of `files` was recognised as.
pub(crate) fn kinds_missing(files: &[FileEntry]) -> Vec<SheetKind> {
    let read: std::collections::BTreeSet<SheetKind> = files.iter().flat_map(|f| &f.sheets).map(|s| s.kind).collect();
    SUBMITTED_KINDS.into_iter().filter(|k| !read.contains(k)).collect()
}

impl Report {
    /// The report of `run` and what was found, its totals counted.
    pub(crate) fn new(run: Run, found: Findings) -> Report {
        let f = &found;
        let totals = Totals::of(f.files.len(), &f.villages, &f.recipients, &f.issues, f.visits.len());
        Report { run, found, totals }
    }

    pub(crate) fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The kinds of submission no sheet of the run was recognised as.
    pub(crate) fn missing_kinds(&self) -> Vec<SheetKind> {
        kinds_missing(&self.files)
    }

    pub(crate) fn valid_volunteers(&self) -> impl Iterator<Item = &VolunteerChecked> {
        self.volunteers.iter().filter(|v| v.outcome == Outcome::Accepted)
    }

    pub(crate) fn rejected_volunteers(&self) -> impl Iterator<Item = &VolunteerChecked> {
        self.volunteers.iter().filter(|v| v.outcome == Outcome::Rejected)
    }

    /// Each of `townships`' recipients and issues, as indices, found in one pass over the
    /// report rather than one pass per township.
    pub(crate) fn township_shares(&self, townships: &[String]) -> Vec<Share> {
        let at: std::collections::HashMap<&str, usize> =
            townships.iter().enumerate().map(|(i, t)| (t.as_str(), i)).collect();
        let mut shares: Vec<Share> = townships.iter().map(|_| Share::default()).collect();
        for (i, a) in self.recipients.iter().enumerate() {
            if let Some(&t) = at.get(a.recipient.place.township.as_str()) {
                shares[t].recipients.push(i);
            }
        }
        for (i, issue) in self.issues.iter().enumerate() {
            if let Some(&t) = at.get(issue.place.township.as_str()) {
                shares[t].issues.push(i);
            }
        }
        shares
    }

    /// Only what concerns one township (`share`, from `township_shares`).
    pub(crate) fn township_part<'a>(&'a self, township: &'a str, share: &Share) -> TownshipReport<'a> {
        let mut issues: Vec<Issue> = share.issues.iter().map(|&i| self.issues[i].clone()).collect();
        issues.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.sort_key().cmp(&b.sort_key())));
        let villages: Vec<VillageCount> =
            self.villages.iter().filter(|v| v.place.township == township).cloned().collect();
        let recipients: Vec<Assessed> = share.recipients.iter().map(|&i| self.recipients[i].clone()).collect();
        let totals = Totals::of(0, &villages, &recipients, &issues, 0);
        TownshipReport {
            run: &self.run,
            township,
            villages,
            recipients,
            issues,
            todo: self.todo.iter().filter(|t| t.place.township == township).cloned().collect(),
            compared: &self.compared,
            changes: self.compared.changes.iter().filter(|c| c.place.township == township).cloned().collect(),
            totals,
        }
    }

    /// One row per township, every configured one (未报送 when nothing of the run belongs
    /// to it) in the configured order and then any other by name, and last a row of the
    /// issues no township could be found for (`UNPLACED`). Every figure of 总览, the
    /// terminal and the feedback files comes from here or from the same rule (an issue
    /// counts where its `township` says, set once in the pipeline), so they agree.
    pub(crate) fn townships(&self) -> Vec<TownshipRow> {
        let mut rows: std::collections::HashMap<&str, TownshipRow> = std::collections::HashMap::new();
        fn row<'a, 'b>(
            rows: &'b mut std::collections::HashMap<&'a str, TownshipRow>,
            t: &'a str,
        ) -> &'b mut TownshipRow {
            let name = if t.is_empty() { UNPLACED } else { t };
            rows.entry(name).or_insert_with(|| TownshipRow {
                township: name.to_string(),
                reported: true,
                ..Default::default()
            })
        }
        for v in &self.villages {
            let r = row(&mut rows, &v.place.township);
            r.villages += 1;
            r.villages_meeting += usize::from(v.meets_minimum);
            r.valid += v.valid;
            r.submitted += v.submitted;
        }
        for a in &self.recipients {
            let r = row(&mut rows, &a.recipient.place.township);
            r.recipients += 1;
            match a.standing {
                Standing::Met => r.compliant += 1,
                Standing::Missed => r.noncompliant += 1,
                Standing::NotAssessed => {}
            }
        }
        for v in self.visits.iter() {
            row(&mut rows, &v.record.township).visits += 1;
        }
        for c in &self.compared.changes {
            match c.kind {
                crate::compare::ChangeKind::Missing => row(&mut rows, &c.place.township).missing += 1,
                crate::compare::ChangeKind::RepeatedMiss => row(&mut rows, &c.place.township).repeated_miss += 1,
                _ => {}
            }
        }
        self.add_registers(&mut rows);
        for issue in &self.issues {
            let r = row(&mut rows, &issue.place.township);
            match issue.severity() {
                Severity::Error => r.errors += 1,
                Severity::Warning => r.warnings += 1,
            }
        }
        for t in &self.run.township_order {
            rows.entry(t).or_insert_with(|| TownshipRow { township: t.clone(), ..Default::default() });
        }
        let mut rows: Vec<TownshipRow> = rows.into_values().collect();
        in_official_order(&mut rows, &self.run.township_order);
        rows
    }

    /// Each township's registers (SPEC §12). A register is the district's, not the
    /// township's submission: it does not make a township 已报送.
    fn add_registers<'a>(&'a self, rows: &mut std::collections::HashMap<&'a str, TownshipRow>) {
        for tally in &self.registers {
            let r = rows
                .entry(&tally.township)
                .or_insert_with(|| TownshipRow { township: tally.township.clone(), ..Default::default() });
            r.registered += tally.people;
            r.registered_missing += tally.not_in_ledger;
            r.registered_unchecked = !tally.ledger;
        }
    }

    /// The configured townships nothing of the run belongs to, in the configured order.
    pub(crate) fn unreported(&self) -> Vec<String> {
        self.townships().into_iter().filter(|t| !t.reported).map(|t| t.township).collect()
    }

    /// The 合计 row: the townships' rows added up.
    pub(crate) fn district_row(rows: &[TownshipRow]) -> TownshipRow {
        let mut total = TownshipRow { township: "合计".to_string(), reported: false, ..Default::default() };
        for r in rows {
            total.add(r);
        }
        total
    }
}

/// The configured townships in their order, then any others by name, then 未能确定镇街.
fn in_official_order(rows: &mut [TownshipRow], order: &[String]) {
    rows.sort_by(|a, b| a.township.cmp(&b.township));
    crate::model::order::TownshipOrder::new(order).sort(rows, |r| &r.township);
}

impl Totals {
    /// The totals of a report's lists: the one place every total is counted.
    fn of(files: usize, villages: &[VillageCount], recipients: &[Assessed], issues: &[Issue], visits: usize) -> Totals {
        let standing = |s: Standing| recipients.iter().filter(|r| r.standing == s).count();
        Totals {
            files,
            volunteers_valid: villages.iter().map(|v| v.valid).sum(),
            volunteers_submitted: villages.iter().map(|v| v.submitted).sum(),
            villages: villages.len(),
            villages_meeting_minimum: villages.iter().filter(|v| v.meets_minimum).count(),
            errors: issues.iter().filter(|i| i.severity() == Severity::Error).count(),
            warnings: issues.iter().filter(|i| i.severity() == Severity::Warning).count(),
            recipients: recipients.len(),
            recipients_assessed: recipients.iter().filter(|r| r.is_assessed()).count(),
            recipients_compliant: standing(Standing::Met),
            recipients_noncompliant: standing(Standing::Missed),
            visits_accepted: visits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn townships_in_the_configured_order_then_by_name_then_unplaced() {
        let mut rows: Vec<TownshipRow> = [UNPLACED, "乙镇", "井口街道", "甲镇", "凤凰镇"]
            .iter()
            .map(|t| TownshipRow { township: t.to_string(), ..Default::default() })
            .collect();
        in_official_order(&mut rows, &["凤凰镇".to_string(), "井口街道".to_string()]);
        let names: Vec<&str> = rows.iter().map(|r| r.township.as_str()).collect();
        assert_eq!(names, ["凤凰镇", "井口街道", "乙镇", "甲镇", UNPLACED]);
    }

    #[test]
    fn the_rate_is_met_over_assessed_and_none_without_anyone_assessed() {
        let row =
            |compliant, noncompliant| TownshipRow { recipients: 9, compliant, noncompliant, ..Default::default() };
        assert_eq!(row(0, 0).rate(), None, "nobody assessed: no rate, not 0 % and not NaN");
        assert_eq!(row(3, 1).rate(), Some(0.75));
        assert_eq!(row(0, 2).rate(), Some(0.0));
        let total = Report::district_row(&[row(3, 1), row(1, 1)]);
        assert_eq!(
            (total.township.as_str(), total.compliant, total.noncompliant, total.recipients),
            ("合计", 4, 2, 18)
        );
    }
}
