//! Recording a period (SPEC §11): in one transaction, replacing an earlier record of the
//! same period, so a failure halfway leaves the file as it was.

use rusqlite::{params, Connection, Transaction};

use super::{Fault, History};
use crate::assess::recipients::{Assessed, Standing};
use crate::period::Period;
use crate::report::Report;

/// What recording did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recorded {
    pub(crate) period: Period,
    /// When the record it replaced was made, if there was one.
    pub(crate) replaced: Option<String>,
}

impl History {
    /// Records `report`'s period, replacing an earlier record of the same period.
    pub(crate) fn record(&mut self, report: &Report) -> Result<Recorded, Fault> {
        let path = self.path.clone();
        let conn = self.writable()?;
        write(conn, report).map_err(|e| Fault::of(&path, e))
    }
}

fn write(conn: &Connection, report: &Report) -> rusqlite::Result<Recorded> {
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let period = report.run.period;
    let replaced: Option<String> = tx
        .query_row(
            "SELECT recorded_at FROM periods WHERE period_from = ?1 AND period_to = ?2",
            params![period.from.to_string(), period.to.to_string()],
            |r| r.get(0),
        )
        .ok();
    delete_period(&tx, period)?;
    let id = insert_period(&tx, report)?;
    insert_townships(&tx, id, report)?;
    insert_villages(&tx, id, report)?;
    insert_recipients(&tx, id, report)?;
    insert_volunteers(&tx, id, report)?;
    tx.commit()?;
    Ok(Recorded { period, replaced })
}

/// Removes the record of `period` (every table's rows of it); false when there was none.
pub(crate) fn forget(conn: &mut Connection, period: Period) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found = delete_period(&tx, period)?;
    tx.commit()?;
    Ok(found)
}

fn delete_period(tx: &Transaction<'_>, period: Period) -> rusqlite::Result<bool> {
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM periods WHERE period_from = ?1 AND period_to = ?2",
            params![period.from.to_string(), period.to.to_string()],
            |r| r.get(0),
        )
        .ok();
    let Some(id) = id else { return Ok(false) };
    for table in ["townships", "villages", "recipients", "volunteers"] {
        tx.execute(&format!("DELETE FROM {table} WHERE period_id = ?1"), [id])?;
    }
    tx.execute("DELETE FROM periods WHERE id = ?1", [id])?;
    Ok(true)
}

fn insert_period(tx: &Transaction<'_>, report: &Report) -> rusqlite::Result<i64> {
    let t = report.totals();
    let run = &report.run;
    tx.execute(
        "INSERT INTO periods (period_from, period_to, recorded_at, tool_version, files, volunteers_valid, villages,
             villages_meeting, recipients, recipients_compliant, recipients_noncompliant, visits, errors, warnings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            run.period.from.to_string(),
            run.period.to.to_string(),
            run.run_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            crate::report::TOOL_VERSION,
            t.files as i64,
            t.volunteers_valid,
            t.villages as i64,
            t.villages_meeting_minimum as i64,
            t.recipients as i64,
            t.recipients_compliant as i64,
            t.recipients_noncompliant as i64,
            t.visits_accepted as i64,
            t.errors as i64,
            t.warnings as i64,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_townships(tx: &Transaction<'_>, id: i64, report: &Report) -> rusqlite::Result<()> {
    let mut stmt =
        tx.prepare("INSERT INTO townships VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")?;
    for r in report.townships() {
        stmt.execute(params![
            id,
            r.township,
            r.reported,
            r.villages as i64,
            r.villages_meeting as i64,
            r.valid,
            r.submitted,
            r.recipients as i64,
            r.compliant as i64,
            r.noncompliant as i64,
            r.visits as i64,
            r.errors as i64,
            r.warnings as i64,
            r.missing as i64,
            r.repeated_miss as i64,
        ])?;
    }
    Ok(())
}

fn insert_villages(tx: &Transaction<'_>, id: i64, report: &Report) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare("INSERT INTO villages VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?;
    for v in &report.villages {
        stmt.execute(params![
            id,
            v.place.township,
            v.place.village,
            v.submitted,
            v.valid,
            v.excluded,
            v.ineligible,
            v.duplicates,
            v.shortfall,
            v.meets_minimum,
        ])?;
    }
    Ok(())
}

fn insert_recipients(tx: &Transaction<'_>, id: i64, report: &Report) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO recipients VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    let end = report.run.period.to;
    for a in &report.recipients {
        let p = &a.recipient;
        stmt.execute(params![
            id,
            p.id,
            p.place.township,
            p.place.village,
            p.name,
            p.categories.join("、"),
            p.situations.join("、"),
            p.contact_person,
            p.contact_phone,
            p.enrolment.from.map(|d| d.to_string()),
            p.enrolment.until.map(|d| d.to_string()),
            p.inferred,
            standing(a),
            rules(a),
            a.last_contact.map(|d| d.to_string()),
            super::load::days_mask(&a.tail.calls, end),
            super::load::days_mask(&a.tail.visits, end),
        ])?;
    }
    Ok(())
}

fn standing(a: &Assessed) -> &'static str {
    match a.standing {
        Standing::Met => "met",
        Standing::Missed => "missed",
        Standing::NotAssessed => "not_assessed",
    }
}

/// "elderly_intensive 4/3；tekun_month 1/1": each rule's assessed and met units.
fn rules(a: &Assessed) -> String {
    a.results
        .iter()
        .map(|(_, r)| format!("{} {}/{}", r.rule.as_str(), r.assessed, r.met))
        .collect::<Vec<_>>()
        .join("；")
}

fn insert_volunteers(tx: &Transaction<'_>, id: i64, report: &Report) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare("INSERT INTO volunteers VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for v in &report.volunteers {
        stmt.execute(params![
            id,
            v.id_text(),
            v.record.data.name,
            &*v.record.township,
            &*v.record.village,
            v.outcome == crate::model::Outcome::Accepted,
        ])?;
    }
    Ok(())
}
