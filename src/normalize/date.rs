//! Dates as townships write them (SPEC §3): full dates in several spellings, and
//! month-day forms whose year comes from the sheet's metadata line or the period.
//! A cell holding a range or several dates is refused, never guessed.

use chrono::NaiveDate;

use super::text::fold;

/// Reads a text date. `default_year` completes the forms written without a year.
pub fn parse_text(raw: &str, default_year: Option<i32>) -> Option<NaiveDate> {
    let parts = numeric_parts(raw)?;
    match parts.as_slice() {
        [single] if single.len() == 8 => {
            let (y, m, d) = (&single[..4], &single[4..6], &single[6..]);
            ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        [y, m, d] if y.len() == 4 => ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
        [m, d] if m.len() <= 2 && d.len() <= 2 => ymd(default_year?, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    }
}

/// Reads a 出生年月 cell: "1980.05", "1980年5月", "198005", "1980-05-17" …
/// Returns year, month and the day when one is written.
pub fn parse_year_month(raw: &str) -> Option<(i32, u32, Option<u32>)> {
    let parts = numeric_parts(raw)?;
    let (y, m, d) = match parts.as_slice() {
        [s] if s.len() == 8 => (s[..4].parse().ok()?, s[4..6].parse().ok()?, Some(s[6..].parse().ok()?)),
        [s] if s.len() == 6 => (s[..4].parse().ok()?, s[4..].parse().ok()?, None),
        [y, m] if y.len() == 4 => (y.parse().ok()?, m.parse().ok()?, None),
        [y, m, d] if y.len() == 4 => (y.parse().ok()?, m.parse().ok()?, Some(d.parse().ok()?)),
        _ => return None,
    };
    if !(1..=12).contains(&m) || !(1900..=2100).contains(&y) {
        return None;
    }
    Some((y, m, d))
}

/// Splits a date text into its runs of digits, after dropping a trailing time part.
/// Returns None when anything but digits and date separators remains.
fn numeric_parts(raw: &str) -> Option<Vec<String>> {
    let folded = fold(raw);
    let date_part = strip_time(&folded);
    let mut parts = Vec::new();
    let mut current = String::new();
    for c in date_part.chars() {
        match c {
            '0'..='9' => current.push(c),
            '-' | '/' | '.' | '年' | '月' => {
                if current.is_empty() {
                    return None;
                }
                parts.push(std::mem::take(&mut current));
            }
            '日' | '号' => {}
            _ => return None,
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    (!parts.is_empty()).then_some(parts)
}

fn strip_time(s: &str) -> &str {
    let cut = s.find([' ', 'T']).unwrap_or(s.len());
    let (date, rest) = s.split_at(cut);
    let rest = rest.trim_start_matches([' ', 'T']);
    if rest.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.') {
        date
    } else {
        s
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Converts an Excel serial day number to a date (1900 or 1904 epoch).
pub fn from_serial(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    // The day alone: a time of day never moves the date to the next one.
    let day = calamine::ExcelDateTime::new(serial.floor(), calamine::ExcelDateTimeType::DateTime, is_1904);
    day.as_datetime().map(|d| d.date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    #[test]
    fn text_dates_table() {
        let cases = [
            ("2023-01-04", d(2023, 1, 4)),
            ("2023/1/4", d(2023, 1, 4)),
            ("2023.1.9", d(2023, 1, 9)),
            ("2023年1月10日", d(2023, 1, 10)),
            ("２０２３年１月１０日", d(2023, 1, 10)),
            ("20230104", d(2023, 1, 4)),
            ("2023-01-04 10:30", d(2023, 1, 4)),
            ("2023-01-04 10:30:00", d(2023, 1, 4)),
            ("1月4日", d(2023, 1, 4)),
            ("1/11", d(2023, 1, 11)),
            ("1-4", d(2023, 1, 4)),
            ("1.4", d(2023, 1, 4)),
            ("1月4号", d(2023, 1, 4)),
            ("1月4日-1月6日", None),
            ("1月4日、5日", None),
            ("2023-02-30", None),
            ("明天", None),
            ("", None),
            ("13/1", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_text(input, Some(2023)), want, "{input}");
        }
        assert_eq!(parse_text("1月4日", None), None, "no year known → refused");
    }

    #[test]
    fn year_month_table() {
        let cases = [
            ("1980.05", Some((1980, 5, None))),
            ("1980年5月", Some((1980, 5, None))),
            ("198005", Some((1980, 5, None))),
            ("1980-05-17", Some((1980, 5, Some(17)))),
            ("19800517", Some((1980, 5, Some(17)))),
            ("80年5月", None),
            ("1980.13", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_year_month(input), want, "{input}");
        }
    }

    #[test]
    fn serials_both_epochs() {
        assert_eq!(from_serial(44930.0, false), d(2023, 1, 4));
        assert_eq!(from_serial(44930.75, false), d(2023, 1, 4));
        assert_eq!(from_serial(43468.0, true), d(2023, 1, 4));
        assert_eq!(from_serial(1.0, false), d(1900, 1, 1));
        assert_eq!(from_serial(-3.0, false), None);
    }
}
