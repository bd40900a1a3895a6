//! One report model built once from the checked data, handed to every writer:
//! the district workbook, the JSON summary and the terminal summary.

pub mod feedback;
pub mod json;
pub mod mask;
pub mod outputs;
pub mod table;
pub mod terminal;
pub mod workbook;

use chrono::NaiveDateTime;

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
    pub recipients_compliant: usize,
    pub visits_accepted: usize,
}

/// Per-township figures for 总览.
#[derive(Debug, Clone, Default)]
pub struct TownshipRow {
    pub township: String,
    pub villages: usize,
    pub villages_meeting: usize,
    pub valid: u32,
    pub submitted: u32,
    pub errors: usize,
    pub warnings: usize,
    pub recipients: usize,
    pub compliant: usize,
    pub visits: usize,
}

#[derive(Debug)]
pub struct Report {
    pub district: String,
    /// When the townships must send corrections (config `feedback_deadline`), or empty.
    pub deadline: String,
    /// `--mask`: ID and mobile numbers masked in every output.
    pub mask: bool,
    pub period: Period,
    pub run_at: NaiveDateTime,
    pub minimum: u32,
    pub files: Vec<FileEntry>,
    pub villages: Vec<VillageCount>,
    /// Every volunteer row that reached the checks, in output order.
    pub volunteers: Vec<VolunteerChecked>,
    /// The accepted visit records (those outside the period included), in output order.
    pub visits: crate::model::checked::Visits,
    pub recipients: Vec<crate::assess::recipients::Assessed>,
    pub issues: Vec<Issue>,
    pub totals: Totals,
}

/// One township's recipients and issues: indices into the report's lists, in their order.
#[derive(Debug, Default)]
pub struct Share {
    pub recipients: Vec<usize>,
    pub issues: Vec<usize>,
}

impl Report {
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
            if let Some(&t) = at.get(a.recipient.township.as_str()) {
                shares[t].recipients.push(i);
            }
        }
        for (i, issue) in self.issues.iter().enumerate() {
            if let Some(&t) = at.get(issue.township.as_str()) {
                shares[t].issues.push(i);
            } else if issue.township.is_empty() {
                for (t, township) in townships.iter().enumerate() {
                    if feedback::path_names(issue, township) {
                        shares[t].issues.push(i);
                    }
                }
            }
        }
        shares
    }

    /// Only what concerns one township: its villages, recipients and issues (sorted by
    /// file, sheet and row, as a township corrects them), no volunteer or visit rows.
    pub fn township_part(&self, township: &str, share: &Share) -> Report {
        let mut issues: Vec<Issue> = share.issues.iter().map(|&i| self.issues[i].clone()).collect();
        issues.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.sort_key().cmp(&b.sort_key())));
        let mut part = Report {
            district: self.district.clone(),
            deadline: self.deadline.clone(),
            mask: self.mask,
            period: self.period,
            run_at: self.run_at,
            minimum: self.minimum,
            files: Vec::new(),
            villages: self.villages.iter().filter(|v| v.township == township).cloned().collect(),
            volunteers: Vec::new(),
            visits: Default::default(),
            recipients: share.recipients.iter().map(|&i| self.recipients[i].clone()).collect(),
            issues,
            totals: Totals::default(),
        };
        compute_totals(&mut part);
        part
    }

    pub fn townships(&self) -> Vec<TownshipRow> {
        let mut rows: std::collections::BTreeMap<&str, TownshipRow> = std::collections::BTreeMap::new();
        fn row<'a, 'b>(
            rows: &'b mut std::collections::BTreeMap<&'a str, TownshipRow>,
            t: &'a str,
        ) -> &'b mut TownshipRow {
            rows.entry(t).or_insert_with(|| TownshipRow { township: t.to_string(), ..Default::default() })
        }
        for v in &self.villages {
            let r = row(&mut rows, &v.township);
            r.villages += 1;
            r.villages_meeting += usize::from(v.meets_minimum);
            r.valid += v.valid;
            r.submitted += v.submitted;
        }
        for a in &self.recipients {
            let r = row(&mut rows, &a.recipient.township);
            r.recipients += 1;
            r.compliant += usize::from(a.compliant);
        }
        for v in self.visits.iter() {
            row(&mut rows, &v.record.township).visits += 1;
        }
        for issue in self.issues.iter().filter(|i| !i.township.is_empty()) {
            let r = row(&mut rows, &issue.township);
            match issue.severity() {
                Severity::Error => r.errors += 1,
                Severity::Warning => r.warnings += 1,
            }
        }
        rows.into_values().collect()
    }
}

/// Sets the totals from the rest of the report.
pub fn compute_totals(report: &mut Report) {
    report.totals = Totals {
        files: report.files.len(),
        volunteers_valid: report.villages.iter().map(|v| v.valid).sum(),
        volunteers_submitted: report.villages.iter().map(|v| v.submitted).sum(),
        villages: report.villages.len(),
        villages_meeting_minimum: report.villages.iter().filter(|v| v.meets_minimum).count(),
        errors: report.issues.iter().filter(|i| i.severity() == Severity::Error).count(),
        warnings: report.issues.iter().filter(|i| i.severity() == Severity::Warning).count(),
        recipients: report.recipients.len(),
        recipients_compliant: report.recipients.iter().filter(|r| r.compliant).count(),
        visits_accepted: report.visits.len(),
    };
}
