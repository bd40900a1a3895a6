//! The assessed period (SPEC §5): `--from/--to`, else `--month`, else the month most
//! visit dates fall in, else the current month. Its last day is the reference date
//! for ages.

use anyhow::{bail, Context, Result};
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
}

impl Period {
    pub(crate) fn month(year: i32, month: u32) -> Option<Period> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(Period { from, to: next.pred_opt()? })
    }

    /// The month of `today`.
    pub(crate) fn current(today: NaiveDate) -> Period {
        Period::month(today.year(), today.month()).unwrap_or(Period { from: today, to: today })
    }

    /// The period the command line names, if it names one.
    pub(crate) fn explicit(month: Option<&str>, from: Option<&str>, to: Option<&str>) -> Result<Option<Period>> {
        let period = match (month, from, to) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                bail!("--month 与 --from/--to 只能选一种")
            }
            (None, Some(f), Some(t)) => {
                let from = parse_day(f, "--from")?;
                let to = parse_day(t, "--to")?;
                if to < from {
                    bail!("--to（{to}）早于 --from（{from}）");
                }
                Period { from, to }
            }
            (None, Some(_), None) | (None, None, Some(_)) => bail!("--from 和 --to 须同时给出"),
            (Some(m), None, None) => parse_month(m)?,
            (None, None, None) => return Ok(None),
        };
        Ok(Some(period))
    }

    /// The day ages are counted on: the last day of the period.
    pub(crate) fn reference(&self) -> NaiveDate {
        self.to
    }

    pub(crate) fn is_whole_month(&self) -> bool {
        Period::month(self.from.year(), self.from.month()) == Some(*self)
    }

    /// "2023年1月" for a whole month, else "2023年1月1日—2023年1月15日".
    pub(crate) fn label(&self) -> String {
        if self.is_whole_month() {
            format!("{}年{}月", self.from.year(), self.from.month())
        } else {
            format!("{}—{}", self.from.format("%Y年%-m月%-d日"), self.to.format("%Y年%-m月%-d日"))
        }
    }

    /// "2023-01" for a whole month, else "2023-01-02..2023-01-29": the JSON's and the
    /// history's name of a period.
    pub(crate) fn key(&self) -> String {
        if self.is_whole_month() {
            format!("{}-{:02}", self.from.year(), self.from.month())
        } else {
            format!("{}..{}", self.from, self.to)
        }
    }

    /// For the default output name: "2023年01月" or "20230101-20230115".
    pub(crate) fn file_label(&self) -> String {
        if self.is_whole_month() {
            format!("{}年{:02}月", self.from.year(), self.from.month())
        } else {
            format!("{}-{}", self.from.format("%Y%m%d"), self.to.format("%Y%m%d"))
        }
    }
}

/// `--as-of`: the last day whose records are complete (SPEC §9).
pub(crate) fn parse_as_of(s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(|s| parse_day(s, "--as-of")).transpose()
}

/// The as-of day in force (SPEC §9): the given one, else yesterday while today lies inside
/// the period, else the period's end; never past the period's end.
pub(crate) fn as_of(given: Option<NaiveDate>, period: Period, today: NaiveDate) -> NaiveDate {
    let default =
        if period.from <= today && today <= period.to { today.pred_opt().unwrap_or(today) } else { period.to };
    given.unwrap_or(default).min(period.to)
}

fn parse_day(s: &str, flag: &str) -> Result<NaiveDate> {
    crate::normalize::date::parse_text(s, None)
        .with_context(|| format!("{flag} 的日期“{s}”无法识别，请写成 2023-01-31"))
}

fn parse_month(s: &str) -> Result<Period> {
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).filter(|p| !p.is_empty()).collect();
    let parsed = match parts.as_slice() {
        [y, m] => y.parse().ok().zip(m.parse().ok()).and_then(|(y, m)| Period::month(y, m)),
        _ => None,
    };
    parsed.with_context(|| format!("--month 的值“{s}”无法识别，请写成 2023-01"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn period_from_flags() {
        let today = d(2026, 11, 28);
        let p = Period::explicit(Some("2023-01"), None, None).unwrap().unwrap();
        assert_eq!((p.from, p.to), (d(2023, 1, 1), d(2023, 1, 31)));
        assert_eq!(p.label(), "2023年1月");
        assert_eq!(p.file_label(), "2023年01月");
        let p = Period::explicit(Some("2024-02"), None, None).unwrap().unwrap();
        assert_eq!(p.to, d(2024, 2, 29));
        assert_eq!(Period::explicit(None, None, None).unwrap(), None);
        let p = Period::current(today);
        assert_eq!((p.from, p.to), (d(2026, 11, 1), d(2026, 11, 30)));
        let p = Period::explicit(None, Some("2023-01-02"), Some("2023-01-29")).unwrap().unwrap();
        assert_eq!(p.file_label(), "20230102-20230129");
        assert!(Period::explicit(Some("2023-13"), None, None).is_err());
        assert!(Period::explicit(None, Some("2023-01-09"), Some("2023-01-02")).is_err());
        assert!(Period::explicit(Some("2023-01"), Some("2023-01-02"), None).is_err());
    }
}
