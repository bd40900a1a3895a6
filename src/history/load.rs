//! Reading the history: the recorded periods before a period, as the comparison needs
//! them (`compare::Past`), and the list `guanai history` shows.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};

use super::{Entry, Fault, History};
use crate::assess::Contacts;
use crate::compare::{Past, PastPeriod, PastPerson, TrendPoint};
use crate::model::Place;
use crate::period::Period;

/// How many recorded periods before this one 趋势 shows (12 months with this one).
const TREND_PERIODS: usize = 11;

impl History {
    /// The recorded periods that end before `period` starts, latest first: the baseline
    /// with every person, the consecutive ones before it with the people missed then.
    pub(crate) fn past(&self, period: Period) -> Result<Past, Fault> {
        let Some(conn) = &self.conn else { return Ok(Past { used: true, periods: Vec::new() }) };
        read_past(conn, period).map_err(|e| Fault::of(&self.path, e))
    }
}

fn read_past(conn: &Connection, period: Period) -> rusqlite::Result<Past> {
    let mut stmt = conn.prepare(
        "SELECT id, period_from, period_to, recorded_at FROM periods WHERE period_to < ?1
         ORDER BY period_to DESC, period_from DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![period.from.to_string(), TREND_PERIODS as i64], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    let mut periods = Vec::new();
    let mut next_from = Some(period.from);
    for row in rows {
        let (id, from, to, recorded_at) = row?;
        let Some(p) = period_of(&from, &to) else { continue };
        let joins = next_from == Some(p.to + Duration::days(1));
        next_from = if joins { Some(p.from) } else { None };
        let people = match (periods.is_empty(), joins) {
            (true, _) => people(conn, id, p, false)?,
            (false, true) => people(conn, id, p, true)?,
            (false, false) => Vec::new(),
        };
        periods.push(PastPeriod {
            period: p,
            recorded_at,
            people,
            short_villages: short_villages(conn, id)?,
            townships: townships(conn, id, p)?,
        });
    }
    Ok(Past { used: true, periods })
}

fn period_of(from: &str, to: &str) -> Option<Period> {
    Some(Period { from: from.parse().ok()?, to: to.parse().ok()? })
}

/// A period's recipients (only the missed ones when `missed_only`).
fn people(conn: &Connection, id: i64, period: Period, missed_only: bool) -> rusqlite::Result<Vec<PastPerson>> {
    let filter = if missed_only { " AND standing = 'missed'" } else { "" };
    let mut stmt = conn.prepare(&format!(
        "SELECT id_number, township, village, name, categories, situations, contact_person, left_on, inferred,
                standing, tail_calls, tail_visits FROM recipients WHERE period_id = ?1{filter}"
    ))?;
    let rows = stmt.query_map([id], |r| {
        Ok(PastPerson {
            id: r.get(0)?,
            place: Place::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?),
            name: r.get(3)?,
            categories: r.get(4)?,
            situations: r.get(5)?,
            contact_person: r.get(6)?,
            left: r.get::<_, Option<String>>(7)?.and_then(|d| d.parse().ok()),
            inferred: r.get(8)?,
            missed: r.get::<_, String>(9)? == "missed",
            tail: Contacts { calls: mask_days(r.get(10)?, period.to), visits: mask_days(r.get(11)?, period.to) },
        })
    })?;
    rows.collect()
}

fn short_villages(conn: &Connection, id: i64) -> rusqlite::Result<BTreeSet<Place>> {
    let mut stmt = conn.prepare("SELECT township, village FROM villages WHERE period_id = ?1 AND meets_minimum = 0")?;
    let rows = stmt.query_map([id], |r| Ok(Place::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.collect()
}

fn townships(conn: &Connection, id: i64, period: Period) -> rusqlite::Result<Vec<TrendPoint>> {
    let mut stmt = conn
        .prepare("SELECT township, compliant, noncompliant FROM townships WHERE period_id = ?1 AND recipients > 0")?;
    let rows = stmt.query_map([id], |r| {
        let (compliant, noncompliant): (i64, i64) = (r.get(1)?, r.get(2)?);
        Ok(TrendPoint {
            period,
            township: r.get(0)?,
            assessed: (compliant + noncompliant) as usize,
            compliant: compliant as usize,
        })
    })?;
    rows.collect()
}

/// Every recorded period, oldest first.
pub(crate) fn entries(conn: &Connection) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT period_from, period_to, recorded_at, files, recipients, recipients_compliant, recipients_noncompliant
         FROM periods ORDER BY period_from, period_to",
    )?;
    let rows = stmt.query_map([], |r| {
        let (from, to): (String, String) = (r.get(0)?, r.get(1)?);
        Ok(period_of(&from, &to).map(|period| Entry {
            period,
            recorded_at: r.get(2).unwrap_or_default(),
            files: r.get(3).unwrap_or_default(),
            recipients: r.get(4).unwrap_or_default(),
            compliant: r.get(5).unwrap_or_default(),
            noncompliant: r.get(6).unwrap_or_default(),
        }))
    })?;
    rows.filter_map(Result::transpose).collect()
}

/// The days of `days` in the six before and including `end`, as bits (bit k: `end` − k).
pub(crate) fn days_mask(days: &BTreeSet<NaiveDate>, end: NaiveDate) -> i64 {
    days.iter()
        .filter_map(|d| {
            let back = (end - *d).num_days();
            (0..6).contains(&back).then_some(1i64 << back)
        })
        .fold(0, |a, b| a | b)
}

/// `days_mask` undone.
fn mask_days(mask: i64, end: NaiveDate) -> BTreeSet<NaiveDate> {
    (0..6).filter(|k| mask & (1 << k) != 0).map(|k| end - Duration::days(k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_six_days_round_trip_through_their_bits() {
        let end = NaiveDate::from_ymd_opt(2023, 1, 31).unwrap();
        let days: BTreeSet<NaiveDate> =
            [31, 30, 26].iter().map(|&d| NaiveDate::from_ymd_opt(2023, 1, d).unwrap()).collect();
        assert_eq!(days_mask(&days, end), 0b100011);
        assert_eq!(mask_days(days_mask(&days, end), end), days);
        let early: BTreeSet<NaiveDate> = [NaiveDate::from_ymd_opt(2023, 1, 25).unwrap()].into();
        assert_eq!(days_mask(&early, end), 0, "a seventh day back is not kept");
    }
}
