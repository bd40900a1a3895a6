//! Dates in visit logs and ledgers: a date cell, an Excel serial, 20230104 typed as a
//! number, or any text form of SPEC §3, with the year for "1月4日" taken from the
//! sheet's metadata line or else the period.

use chrono::{Datelike, NaiveDate};

use crate::model::rows::DateCell;
use crate::normalize::date;
use crate::period::Period;

/// How a date cell was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Read {
    Date(NaiveDate),
    /// A number in a General cell read as month.day (1.4): counts, with R12.
    MonthDay(NaiveDate),
    /// A number that may be either of two days (1.1): R02 saying why.
    Ambiguous(String),
    Unreadable,
    Empty,
}

/// Resolves a date cell. `hint` is the metadata line's year and month; `period`, when
/// already known, supplies the year (and the month for a day alone) otherwise.
pub(crate) fn resolve(cell: &DateCell, hint: Option<(i32, u32)>, period: Option<Period>) -> Option<NaiveDate> {
    match read(cell, hint, period) {
        Read::Date(d) | Read::MonthDay(d) => Some(d),
        _ => None,
    }
}

/// `resolve`, saying how: what a visit row's date rules need.
pub(crate) fn read(cell: &DateCell, hint: Option<(i32, u32)>, period: Option<Period>) -> Read {
    let found = |d: Option<NaiveDate>| d.map_or(Read::Unreadable, Read::Date);
    match cell {
        DateCell::Empty => Read::Empty,
        DateCell::Date(d) => Read::Date(*d),
        DateCell::Number(n, is_1904) => {
            if n.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(n) {
                return found(date::parse_text(&format!("{}", *n as i64), None));
            }
            let year = hint.map(|(y, _)| y).or(period.map(|p| p.from.year()));
            match year.and_then(|y| date::month_day(*n, y)) {
                Some(Ok(d)) => Read::MonthDay(d),
                Some(Err(why)) => Read::Ambiguous(why),
                None => found(date::from_serial(*n, *is_1904)),
            }
        }
        DateCell::Text(s) => found(text_date(s, hint, period)),
    }
}

fn text_date(s: &str, hint: Option<(i32, u32)>, period: Option<Period>) -> Option<NaiveDate> {
    if let Some(d) = date::parse_text(s, None) {
        return Some(d);
    }
    if let Some((year, month)) = hint {
        return date::parse_text_in(s, Some(year), Some(month));
    }
    let p = period?;
    // A day alone takes the period's month when the period is one month.
    let month = (p.from.year(), p.from.month()) == (p.to.year(), p.to.month());
    let first = date::parse_text_in(s, Some(p.from.year()), month.then(|| p.from.month()))?;
    if first >= p.from && first <= p.to || p.from.year() == p.to.year() {
        return Some(first);
    }
    date::parse_text(s, Some(p.to.year())).or(Some(first))
}

/// The month most dates fall in; ties go to the earlier month.
pub(crate) fn busiest_month(dates: impl Iterator<Item = NaiveDate>) -> Option<(i32, u32)> {
    let mut counts: std::collections::BTreeMap<(i32, u32), usize> = std::collections::BTreeMap::new();
    for d in dates {
        *counts.entry((d.year(), d.month())).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(m, _)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn resolution_table() {
        let jan = Period::month(2023, 1);
        let dec_jan = Some(Period { from: d(2022, 12, 15), to: d(2023, 1, 15) });
        let text = |s: &str| DateCell::Text(s.into());
        let cases = [
            (DateCell::Date(d(2023, 1, 4)), None, None, Some(d(2023, 1, 4))),
            (DateCell::Number(44930.0, false), None, None, Some(d(2023, 1, 4))),
            (DateCell::Number(43468.0, true), None, None, Some(d(2023, 1, 4))),
            (DateCell::Number(20230104.0, false), None, None, Some(d(2023, 1, 4))),
            (text("2023.1.9"), None, None, Some(d(2023, 1, 9))),
            (text("1月4日"), Some((2023, 1)), None, Some(d(2023, 1, 4))),
            (text("1月4日"), None, jan, Some(d(2023, 1, 4))),
            (text("1/11"), None, None, None),
            (text("1/11"), None, dec_jan, Some(d(2023, 1, 11))),
            (text("12/20"), None, dec_jan, Some(d(2022, 12, 20))),
            (text("1月4日至6日"), Some((2023, 1)), jan, None),
            (DateCell::Empty, None, jan, None),
            (text("4日"), Some((2023, 1)), None, Some(d(2023, 1, 4))),
            (text("18号"), None, jan, Some(d(2023, 1, 18))),
            (text("4日"), None, dec_jan, None),
            (DateCell::Number(1.4, false), None, jan, Some(d(2023, 1, 4))),
            (DateCell::Number(1.15, false), Some((2023, 1)), None, Some(d(2023, 1, 15))),
            (DateCell::Number(1.1, false), None, jan, None),
        ];
        for (cell, hint, period, want) in cases {
            assert_eq!(resolve(&cell, hint, period), want, "{cell:?}");
        }
    }

    #[test]
    fn busiest() {
        let days = [d(2023, 1, 3), d(2023, 1, 9), d(2022, 12, 30), d(2023, 2, 1)];
        assert_eq!(busiest_month(days.into_iter()), Some((2023, 1)));
        assert_eq!(busiest_month(std::iter::empty()), None);
    }
}
