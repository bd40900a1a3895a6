//! One report model built once from the checked data, handed to every writer:
//! the district workbook, the JSON summary and the terminal summary.

pub mod allot;
pub mod assessment;
pub mod failure;
pub mod feedback;
pub mod font;
pub mod json;
pub mod lists;
pub mod mask;
pub mod outputs;
pub mod overview;
pub mod page;
pub mod plan;
pub mod print;
pub mod styles;
pub mod table;
pub mod terminal;
pub mod value;
pub mod workbook;

use chrono::NaiveDateTime;

use crate::assess::recipients::{Assessed, Standing};
use crate::assess::todo::Todo;
use crate::model::checked::VillageCount;
use crate::model::checked::VolunteerChecked;
use crate::model::Outcome;
use crate::model::{Issue, Severity, SheetKind};
use crate::period::Period;

pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone)]
pub struct SheetEntry {
    pub name: String,
    pub kind: SheetKind,
    pub read: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub skipped: u32,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct FileEntry {
    pub path: String,
    pub status: crate::model::checked::FileStatus,
    pub code: Option<crate::model::Code>,
    pub note: String,
    pub sheets: Vec<SheetEntry>,
}

#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub files: usize,
    pub volunteers_valid: u32,
    pub volunteers_submitted: u32,
    pub villages: usize,
    pub villages_meeting_minimum: usize,
    pub errors: usize,
    pub warnings: usize,
    pub recipients: usize,
    /// Recipients with at least one assessed unit: 达标 + 不达标.
    pub recipients_assessed: usize,
    /// Assessed and compliant (达标).
    pub recipients_compliant: usize,
    /// Assessed and not compliant (不达标).
    pub recipients_noncompliant: usize,
    pub visits_accepted: usize,
}

impl Totals {
    /// 不考核: recipients no rule assessed.
    pub fn recipients_not_assessed(&self) -> usize {
        self.recipients - self.recipients_assessed
    }
}

pub use crate::model::order::UNPLACED;

/// Per-township figures for 总览.
#[derive(Debug, Clone, Default)]
pub struct TownshipRow {
    pub township: String,
    /// Whether anything of the run belongs to it (a file, a village, a record, an issue):
    /// a configured township that sent nothing is listed as 未报送.
    pub reported: bool,
    pub villages: usize,
    pub villages_meeting: usize,
    pub valid: u32,
    pub submitted: u32,
    pub errors: usize,
    pub warnings: usize,
    pub recipients: usize,
    /// 达标 and 不达标 (assessed recipients only); recipients − both = 不考核.
    pub compliant: usize,
    pub noncompliant: usize,
    pub visits: usize,
}

impl TownshipRow {
    /// 达标 ÷ (达标 + 不达标), None when nobody was assessed.
    pub fn rate(&self) -> Option<f64> {
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
    }
}

/// What the run was asked and when: the same for the district's report and every
/// township's part of it.
#[derive(Debug, Clone)]
pub struct Run {
    pub district: String,
    /// When the townships must send corrections (config `feedback_deadline`), or empty.
    pub deadline: String,
    /// `--mask`: ID and mobile numbers masked in every output.
    pub mask: bool,
    pub period: Period,
    pub run_at: NaiveDateTime,
    pub minimum: u32,
    /// A rate below this is marked red (config `attention_rate`).
    pub attention_rate: f64,
    /// What the clerk should know about the period chosen (most records outside it).
    pub hint: Option<String>,
    /// The last day whose records are complete (SPEC §9); the period's end after it.
    pub as_of: chrono::NaiveDate,
    /// The configured townships in their official order: 总览 and the feedback files follow it.
    pub township_order: Vec<String>,
}

impl Run {
    /// Whether the period is still running on the as-of day: 待办清单 is written.
    pub fn has_todo(&self) -> bool {
        self.as_of < self.period.to
    }
}

/// What the stages found, each list in output order.
#[derive(Debug, Default)]
pub struct Findings {
    pub files: Vec<FileEntry>,
    pub villages: Vec<VillageCount>,
    /// Every volunteer row that reached the checks.
    pub volunteers: Vec<VolunteerChecked>,
    /// The accepted visit records (those outside the period included).
    pub visits: crate::model::checked::Visits,
    pub recipients: Vec<Assessed>,
    pub issues: Vec<Issue>,
    /// The running units not yet met, in SPEC §9's order.
    pub todo: Vec<Todo>,
}

/// The district's report: the run, what was found, and the totals computed from it once.
#[derive(Debug)]
pub struct Report {
    pub run: Run,
    pub files: Vec<FileEntry>,
    pub villages: Vec<VillageCount>,
    pub volunteers: Vec<VolunteerChecked>,
    pub visits: crate::model::checked::Visits,
    pub recipients: Vec<Assessed>,
    pub issues: Vec<Issue>,
    pub todo: Vec<Todo>,
    totals: Totals,
}

/// One township's part of the report, for its feedback workbook: its villages, recipients,
/// issues (sorted by file, sheet and row, as a township corrects them) and 待办, no
/// volunteer or visit rows, and totals of its own.
#[derive(Debug)]
pub struct TownshipReport<'a> {
    pub run: &'a Run,
    pub township: &'a str,
    pub villages: Vec<VillageCount>,
    pub recipients: Vec<Assessed>,
    pub issues: Vec<Issue>,
    pub todo: Vec<Todo>,
    totals: Totals,
}

impl TownshipReport<'_> {
    pub fn totals(&self) -> &Totals {
        &self.totals
    }
}

/// One township's recipients and issues: indices into the report's lists, in their order.
#[derive(Debug, Default)]
pub struct Share {
    pub recipients: Vec<usize>,
    pub issues: Vec<usize>,
}

/// The kinds of sheet the townships submit (SPEC §2), in the order they are named.
pub const SUBMITTED_KINDS: [SheetKind; 3] = [SheetKind::Volunteers, SheetKind::Visits, SheetKind::Roster];

/// Which of `SUBMITTED_KINDS` no sheet of `files` was recognised as.
pub fn kinds_missing(files: &[FileEntry]) -> Vec<SheetKind> {
    let read: std::collections::BTreeSet<SheetKind> = files.iter().flat_map(|f| &f.sheets).map(|s| s.kind).collect();
    SUBMITTED_KINDS.into_iter().filter(|k| !read.contains(k)).collect()
}

impl Report {
    /// The report of `run` and what was found, its totals counted.
    pub fn new(run: Run, found: Findings) -> Report {
        let Findings { files, villages, volunteers, visits, recipients, issues, todo } = found;
        let totals = Totals::of(files.len(), &villages, &recipients, &issues, visits.len());
        Report { run, files, villages, volunteers, visits, recipients, issues, todo, totals }
    }

    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The kinds of submission no sheet of the run was recognised as.
    pub fn missing_kinds(&self) -> Vec<SheetKind> {
        kinds_missing(&self.files)
    }

    pub fn valid_volunteers(&self) -> impl Iterator<Item = &VolunteerChecked> {
        self.volunteers.iter().filter(|v| v.outcome == Outcome::Accepted)
    }

    pub fn rejected_volunteers(&self) -> impl Iterator<Item = &VolunteerChecked> {
        self.volunteers.iter().filter(|v| v.outcome == Outcome::Rejected)
    }

    /// Each of `townships`' recipients and issues, as indices, found in one pass over the
    /// report rather than one pass per township.
    pub fn township_shares(&self, townships: &[String]) -> Vec<Share> {
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
    pub fn township_part<'a>(&'a self, township: &'a str, share: &Share) -> TownshipReport<'a> {
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
            totals,
        }
    }

    /// One row per township, every configured one (未报送 when nothing of the run belongs
    /// to it) in the configured order and then any other by name, and last a row of the
    /// issues no township could be found for (`UNPLACED`). Every figure of 总览, the
    /// terminal and the feedback files comes from here or from the same rule (an issue
    /// counts where its `township` says, set once in the pipeline), so they agree.
    pub fn townships(&self) -> Vec<TownshipRow> {
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

    /// The configured townships nothing of the run belongs to, in the configured order.
    pub fn unreported(&self) -> Vec<String> {
        self.townships().into_iter().filter(|t| !t.reported).map(|t| t.township).collect()
    }

    /// The 合计 row: the townships' rows added up.
    pub fn district_row(rows: &[TownshipRow]) -> TownshipRow {
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
