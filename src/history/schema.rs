//! The history file's tables and their version (`PRAGMA user_version`); the file says it
//! is guanai's by `PRAGMA application_id`. A newer guanai upgrades an older file in place,
//! in one transaction: `MIGRATIONS[v]` takes version v to v + 1.

use std::path::Path;

use rusqlite::Connection;

use super::Fault;

/// "GNAI": what `application_id` says in every guanai history file.
pub(crate) const APPLICATION_ID: i64 = 0x474E_4149;

/// The schema version this guanai writes.
pub(crate) const VERSION: i64 = MIGRATIONS.len() as i64;

/// Each step from one version to the next, in order.
const MIGRATIONS: [&str; 1] = [V1];

/// Version 1: per recorded period its totals, townships, villages, recipients, volunteers.
const V1: &str = "
CREATE TABLE periods (
    id INTEGER PRIMARY KEY,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    files INTEGER NOT NULL,
    volunteers_valid INTEGER NOT NULL,
    villages INTEGER NOT NULL,
    villages_meeting INTEGER NOT NULL,
    recipients INTEGER NOT NULL,
    recipients_compliant INTEGER NOT NULL,
    recipients_noncompliant INTEGER NOT NULL,
    visits INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    UNIQUE (period_from, period_to)
);
CREATE TABLE townships (
    period_id INTEGER NOT NULL,
    township TEXT NOT NULL,
    reported INTEGER NOT NULL,
    villages INTEGER NOT NULL,
    villages_meeting INTEGER NOT NULL,
    volunteers_valid INTEGER NOT NULL,
    volunteers_submitted INTEGER NOT NULL,
    recipients INTEGER NOT NULL,
    compliant INTEGER NOT NULL,
    noncompliant INTEGER NOT NULL,
    visits INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    missing INTEGER NOT NULL,
    repeated_miss INTEGER NOT NULL,
    PRIMARY KEY (period_id, township)
) WITHOUT ROWID;
CREATE TABLE villages (
    period_id INTEGER NOT NULL,
    township TEXT NOT NULL,
    village TEXT NOT NULL,
    submitted INTEGER NOT NULL,
    valid INTEGER NOT NULL,
    excluded INTEGER NOT NULL,
    ineligible INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    shortfall INTEGER NOT NULL,
    meets_minimum INTEGER NOT NULL,
    PRIMARY KEY (period_id, township, village)
) WITHOUT ROWID;
CREATE TABLE recipients (
    period_id INTEGER NOT NULL,
    id_number TEXT,
    township TEXT NOT NULL,
    village TEXT NOT NULL,
    name TEXT NOT NULL,
    categories TEXT NOT NULL,
    situations TEXT NOT NULL,
    contact_person TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    enrolled_on TEXT,
    left_on TEXT,
    inferred INTEGER NOT NULL,
    standing TEXT NOT NULL,
    rules TEXT NOT NULL,
    last_contact TEXT,
    tail_calls INTEGER NOT NULL,
    tail_visits INTEGER NOT NULL
);
CREATE INDEX recipients_by_period ON recipients (period_id);
CREATE TABLE volunteers (
    period_id INTEGER NOT NULL,
    id_number TEXT,
    name TEXT NOT NULL,
    township TEXT NOT NULL,
    village TEXT NOT NULL,
    valid INTEGER NOT NULL
);
CREATE INDEX volunteers_by_period ON volunteers (period_id);
";

/// Makes sure `conn` is a sound guanai history this version can read, creating the tables
/// in an empty file and upgrading an older one; nothing is written to any other file.
pub(crate) fn ready(conn: &Connection, path: &Path) -> Result<(), Fault> {
    let fault = |e| Fault::of(path, e);
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(fault)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(fault)?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(fault)?;
    if app != APPLICATION_ID && (app != 0 || tables > 0) {
        return Err(Fault::NotHistory(path.to_path_buf()));
    }
    if version > VERSION {
        return Err(Fault::Newer(path.to_path_buf(), version));
    }
    if tables > 0 {
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(fault)?;
        if check != "ok" {
            return Err(Fault::Damaged(path.to_path_buf()));
        }
    }
    if version < VERSION {
        upgrade(conn, version).map_err(fault)?;
    }
    Ok(())
}

/// From `version` to `VERSION` in one transaction: all of it or nothing.
fn upgrade(conn: &Connection, version: i64) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let steps = || -> rusqlite::Result<()> {
        // Another guanai may have upgraded it while this one waited for the lock.
        let now: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for step in MIGRATIONS.iter().skip(now.max(version) as usize) {
            conn.execute_batch(step)?;
        }
        conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {VERSION};"))
    };
    match steps() {
        Ok(()) => conn.execute_batch("COMMIT"),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}
