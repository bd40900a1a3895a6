//! The machine-readable summary (SPEC §6): stable key order, sorted arrays.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::writer::{OutputFailure, Writer};
use super::Report;
use crate::assess::recipients::Assessed;
use crate::model::checked::VillageCount;
use crate::model::Issue;
use crate::normalize::kinds::{Categories, Situations};

/// The version of the JSON's shape (docs/json.md): raised when a key changes meaning or
/// goes away; new keys may come without it.
pub(crate) const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Summary<'a> {
    tool_version: &'a str,
    schema_version: u32,
    district: &'a str,
    /// When the run happened, local time: the only key two runs of the same input differ in.
    generated_at: String,
    period: PeriodOut,
    /// The last day whose records are complete (SPEC §9): the period's end after it.
    as_of: String,
    files: Vec<FileOut<'a>>,
    townships: Vec<TownshipOut>,
    villages: &'a [VillageCount],
    recipients: Vec<RecipientOut<'a>>,
    issues: &'a [Issue],
    /// The recorded period compared with (SPEC §11), else null.
    baseline: Option<String>,
    changes: Vec<ChangeOut<'a>>,
    trend: Vec<TrendOut<'a>>,
    todo: Vec<TodoOut<'a>>,
    totals: TotalsOut,
}

/// SPEC §6 `changes`: a row of 台账变动.
#[derive(Serialize)]
struct ChangeOut<'a> {
    township: &'a str,
    village: &'a str,
    name: &'a str,
    change: &'a str,
    before: &'a str,
    after: &'a str,
    months: u32,
}

/// SPEC §6 `trend`: one township in one recorded period (or this one).
#[derive(Serialize)]
struct TrendOut<'a> {
    period: String,
    township: &'a str,
    recipients_assessed: usize,
    recipients_compliant: usize,
}

/// SPEC §6 `todo`: a running unit not yet met (§9).
#[derive(Serialize)]
struct TodoOut<'a> {
    township: &'a str,
    village: &'a str,
    name: &'a str,
    contact_person: &'a str,
    contact_phone: &'a str,
    rule: &'a str,
    unit_from: String,
    unit_to: String,
    need_calls: u32,
    need_visits: u32,
    days_left: u32,
    can_still_meet: bool,
}

/// One row of 总览: every configured township (reported false when it sent nothing),
/// others by name, and 未能确定镇街 for the issues no township could be found for.
#[derive(Serialize)]
struct TownshipOut {
    township: String,
    reported: bool,
    villages: usize,
    villages_meeting_minimum: usize,
    volunteers_valid: u32,
    volunteers_submitted: u32,
    recipients: usize,
    recipients_compliant: usize,
    recipients_noncompliant: usize,
    visits_accepted: usize,
    errors: usize,
    warnings: usize,
    /// People on the township's registers (SPEC §12), and of them in no ledger (K05); null
    /// when the township sent no ledger to compare them with.
    registered: usize,
    registered_not_in_ledger: Option<usize>,
}

#[derive(Serialize)]
struct RecipientOut<'a> {
    township: &'a str,
    village: &'a str,
    name: &'a str,
    categories: Categories,
    situations: Situations,
    inferred: bool,
    assessed: bool,
    compliant: bool,
    rules: Vec<RuleOut<'a>>,
}

#[derive(Serialize)]
struct RuleOut<'a> {
    rule: &'a str,
    assessed: u32,
    met: u32,
}

#[derive(Serialize)]
struct PeriodOut {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    status: &'a str,
    code: Option<&'a str>,
    sheets: Vec<SheetOut<'a>>,
}

#[derive(Serialize)]
struct SheetOut<'a> {
    name: &'a str,
    kind: crate::model::SheetKind,
    read: u32,
    accepted: u32,
    rejected: u32,
    skipped: u32,
}

#[derive(Serialize)]
struct TotalsOut {
    files: usize,
    volunteers_valid: u32,
    villages: usize,
    villages_meeting_minimum: usize,
    recipients: usize,
    recipients_assessed: usize,
    recipients_compliant: usize,
    recipients_noncompliant: usize,
    visits_accepted: usize,
    errors: usize,
    warnings: usize,
}

/// The JSON summary as text (the fuzz target's check that it renders).
pub fn render(report: &Report) -> Result<String> {
    let mut out = Vec::new();
    write_to(report, &mut out)?;
    String::from_utf8(out).context("JSON 生成失败")
}

/// Writes the JSON summary to `out`, pretty-printed, without holding the whole text in memory.
fn write_to(report: &Report, out: &mut impl std::io::Write) -> Result<()> {
    let summary = Summary {
        tool_version: super::TOOL_VERSION,
        schema_version: SCHEMA_VERSION,
        district: &report.run.district,
        generated_at: report.run.run_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        period: PeriodOut { from: report.run.period.from.to_string(), to: report.run.period.to.to_string() },
        as_of: report.run.as_of.to_string(),
        files: report.files.iter().map(file_out).collect(),
        townships: report.townships().into_iter().map(township_out).collect(),
        villages: &report.villages,
        recipients: report.recipients.iter().map(recipient_out).collect(),
        issues: &report.issues,
        baseline: report.compared.baseline.as_ref().map(|b| b.period.key()),
        changes: report.compared.changes.iter().map(change_out).collect(),
        trend: report.compared.trend.iter().map(trend_out).collect(),
        todo: report
            .todo
            .iter()
            .map(|t| TodoOut {
                township: &t.place.township,
                village: &t.place.village,
                name: &t.name,
                contact_person: &t.contact_person,
                contact_phone: &t.contact_phone,
                rule: t.rule.as_str(),
                unit_from: t.unit.0.to_string(),
                unit_to: t.unit.1.to_string(),
                need_calls: t.need.calls,
                need_visits: t.need.visits,
                days_left: t.days_left,
                can_still_meet: t.can_still_meet,
            })
            .collect(),
        totals: totals_out(report.totals()),
    };
    if !report.run.mask {
        // Straight to text: building a value tree first would double the memory.
        return serde_json::to_writer_pretty(out, &summary).map_err(failed);
    }
    let mut value = serde_json::to_value(&summary).context("JSON 生成失败")?;
    mask_strings(&mut value);
    serde_json::to_writer_pretty(out, &value).map_err(failed)
}

/// A write that failed is the file's error (磁盘已满 …), anything else the rendering's.
fn failed(e: serde_json::Error) -> anyhow::Error {
    if e.is_io() {
        std::io::Error::from(e).into()
    } else {
        anyhow::Error::new(e).context("JSON 生成失败")
    }
}

fn file_out(f: &super::FileEntry) -> FileOut<'_> {
    FileOut {
        path: &f.path,
        status: f.status.as_str(),
        code: f.code.map(|c| c.as_str()),
        sheets: f
            .sheets
            .iter()
            .map(|s| SheetOut {
                name: &s.name,
                kind: s.kind,
                read: s.read,
                accepted: s.accepted,
                rejected: s.rejected,
                skipped: s.skipped,
            })
            .collect(),
    }
}

fn change_out(c: &crate::compare::Change) -> ChangeOut<'_> {
    ChangeOut {
        township: &c.place.township,
        village: &c.place.village,
        name: &c.name,
        change: c.kind.as_str(),
        before: &c.before,
        after: &c.after,
        months: c.months,
    }
}

fn trend_out(t: &crate::compare::TrendPoint) -> TrendOut<'_> {
    TrendOut {
        period: t.period.key(),
        township: &t.township,
        recipients_assessed: t.assessed,
        recipients_compliant: t.compliant,
    }
}

fn township_out(t: super::TownshipRow) -> TownshipOut {
    TownshipOut {
        township: t.township,
        reported: t.reported,
        villages: t.villages,
        villages_meeting_minimum: t.villages_meeting,
        volunteers_valid: t.valid,
        volunteers_submitted: t.submitted,
        recipients: t.recipients,
        recipients_compliant: t.compliant,
        recipients_noncompliant: t.noncompliant,
        visits_accepted: t.visits,
        errors: t.errors,
        warnings: t.warnings,
        registered: t.registered,
        registered_not_in_ledger: (!t.registered_unchecked).then_some(t.registered_missing),
    }
}

fn recipient_out(a: &Assessed) -> RecipientOut<'_> {
    RecipientOut {
        township: &a.recipient.place.township,
        village: &a.recipient.place.village,
        name: &a.recipient.name,
        categories: a.recipient.categories,
        situations: a.recipient.situations,
        inferred: a.recipient.inferred,
        assessed: a.is_assessed(),
        compliant: a.compliant(),
        rules: a
            .results
            .iter()
            .map(|(_, r)| RuleOut { rule: r.rule.as_str(), assessed: r.assessed, met: r.met })
            .collect(),
    }
}

fn totals_out(t: &super::Totals) -> TotalsOut {
    TotalsOut {
        files: t.files,
        volunteers_valid: t.volunteers_valid,
        villages: t.villages,
        villages_meeting_minimum: t.villages_meeting_minimum,
        recipients: t.recipients,
        recipients_assessed: t.recipients_assessed,
        recipients_compliant: t.recipients_compliant,
        recipients_noncompliant: t.recipients_noncompliant,
        visits_accepted: t.visits_accepted,
        errors: t.errors,
        warnings: t.warnings,
    }
}

/// Writes the JSON summary to `path` (through a temporary file renamed into place).
pub(crate) fn save(path: &Path, report: &Report) -> Result<()> {
    super::workbook::write_atomically(path, |tmp| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(tmp)?);
        write_to(report, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    })
}

/// The JSON summary as one of `check`'s outputs (`--json FILE`).
pub(crate) struct JsonSummary(pub(crate) std::path::PathBuf);

impl Writer for JsonSummary {
    fn shown(&self) -> (&'static str, &Path) {
        ("JSON 摘要", &self.0)
    }

    fn write(&self, report: &Report) -> (bool, Vec<OutputFailure>) {
        match save(&self.0, report) {
            Ok(()) => (true, Vec::new()),
            Err(e) => (false, vec![OutputFailure::new("JSON 摘要", &self.0, &e)]),
        }
    }
}

fn mask_strings(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) => *s = super::mask::mask(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask_strings),
        serde_json::Value::Object(map) => map.values_mut().for_each(mask_strings),
        _ => {}
    }
}
