//! Dates as townships write them (SPEC §3): full dates in several spellings, and
//! month-day forms whose year comes from the sheet's metadata line or the period.
//! A cell holding a range or several dates is refused, never guessed.

use chrono::NaiveDate;

use super::text::fold;

/// Reads a text date. `default_year` completes the forms written without a year.
pub fn parse_text(raw: &str, default_year: Option<i32>) -> Option<NaiveDate> {
    parse_text_in(raw, default_year, None)
}

/// `parse_text`, where `default_month` also completes a day written alone (4日, 4号).
/// What surrounds a date is dropped when it is a time or a note: 上午, 9:30, （周三）,
/// 星期三, （户籍迁出）; 元月 is January; a two-digit year is this century's.
pub fn parse_text_in(raw: &str, default_year: Option<i32>, default_month: Option<u32>) -> Option<NaiveDate> {
    let folded = fold(raw);
    // Most texts are plain dates: only the others pay for dropping notes and times.
    let plain = folded.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日' | '号'));
    let cleaned = if plain { folded } else { without_notes(&folded) };
    let parts = numeric_parts(&cleaned)?;
    let num = |s: &String| s.parse::<u32>().ok();
    match parts.as_slice() {
        [single] if single.len() == 8 => {
            let (y, m, d) = (&single[..4], &single[4..6], &single[6..]);
            ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        [day] if day.len() <= 2 && cleaned.ends_with(['日', '号']) => ymd(default_year?, default_month?, num(day)?),
        [y, m, d] if y.len() == 4 => ymd(y.parse().ok()?, num(m)?, num(d)?),
        [y, m, d] if y.len() == 2 => ymd(2000 + y.parse::<i32>().ok()?, num(m)?, num(d)?),
        [m, d] if m.len() <= 2 && d.len() <= 2 => ymd(default_year?, num(m)?, num(d)?),
        _ => None,
    }
}

/// Words around a date that say when in the day or which weekday it was.
const DAY_WORDS: &[&str] = &["上午", "下午", "晚上", "中午", "早上", "早晨", "凌晨", "傍晚", "夜间"];

/// The date part of a folded text: bracketed notes, weekdays, parts of the day and times
/// of day dropped, 元月 read as 1月, spaces between the parts removed.
fn without_notes(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let mut out = out.replace("元月", "1月");
    for weekday in ["星期", "礼拜", "周"] {
        for d in ["一", "二", "三", "四", "五", "六", "日", "天"] {
            out = out.replace(&format!("{weekday}{d}"), "");
        }
    }
    for w in DAY_WORDS {
        out = out.replace(w, "");
    }
    let out = strip_time(out.trim()).to_string();
    without_clock(&out).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Drops a time of day written after the date: 9:30, 9:30:00, 9点, 9点30分, 9时30分, 9点半.
fn without_clock(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let digits = i - start;
        let clock = digits > 0
            && digits <= 2
            && start > 0
            && matches!(chars.get(i), Some(':' | '点' | '时'))
            && matches!(chars[start - 1], '日' | '号' | ' ' | '午' | '上' | '晚');
        if clock {
            // Skip the rest of the time: digits, colons, 分, 秒, 半.
            while i < chars.len()
                && (chars[i].is_ascii_digit() || matches!(chars[i], ':' | '点' | '时' | '分' | '秒' | '半'))
            {
                i += 1;
            }
            continue;
        }
        out.extend(&chars[start..i]);
        if i < chars.len() && digits == 0 {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
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

/// A number typed into a General cell of a date column, read as month.day (1.4, 1.15):
/// the date, or why it cannot be told — 1.1 is 1月1日 or 1月10日 (Excel keeps no trailing
/// zero). None when the number is not of that form at all.
pub fn month_day(n: f64, year: i32) -> Option<Result<NaiveDate, String>> {
    if !(1.0..13.0).contains(&n) || n.fract() == 0.0 {
        return None;
    }
    let text = format!("{n}");
    let (m, d) = text.split_once('.')?;
    let month: u32 = m.parse().ok()?;
    let day: u32 = d.parse().ok()?;
    match d.len() {
        1 => match (NaiveDate::from_ymd_opt(year, month, day), NaiveDate::from_ymd_opt(year, month, day * 10)) {
            (Some(a), Some(b)) => Some(Err(format!(
                "数字 {text} 可能是{}也可能是{}（Excel 不保留小数末尾的0）",
                a.format("%-m月%-d日"),
                b.format("%-m月%-d日")
            ))),
            (Some(a), None) => Some(Ok(a)),
            _ => None,
        },
        2 => NaiveDate::from_ymd_opt(year, month, day).map(Ok),
        _ => None,
    }
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

    /// Dates as people type them, with notes and times around them (SPEC §3).
    #[test]
    fn dates_with_notes_around_them() {
        let cases = [
            ("2023年1月4日上午", d(2023, 1, 4)),
            ("1月4日（周三）", d(2023, 1, 4)),
            ("1月4日(星期三)", d(2023, 1, 4)),
            ("2023-01-04 星期三", d(2023, 1, 4)),
            ("1月4日 下午3点", d(2023, 1, 4)),
            ("1月4日9:30", d(2023, 1, 4)),
            ("2023年1月4日 9点30分", d(2023, 1, 4)),
            ("1月20日（户籍迁出）", d(2023, 1, 20)),
            ("元月4日", d(2023, 1, 4)),
            ("2023年 1月 4日", d(2023, 1, 4)),
            ("23.1.4", d(2023, 1, 4)),
            ("23/1/4", d(2023, 1, 4)),
            ("2023.01.04", d(2023, 1, 4)),
            ("1月4日上午、1月5日", None),
            ("1月4日至6日", None),
            ("每周", None),
            ("1月", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_text(input, Some(2023)), want, "{input}");
        }
        assert_eq!(parse_text_in("4日", Some(2023), Some(1)), d(2023, 1, 4));
        assert_eq!(parse_text_in("18号", Some(2023), Some(1)), d(2023, 1, 18));
        assert_eq!(parse_text_in("4日", Some(2023), None), None, "no month known → refused");
        assert_eq!(parse_text_in("4", Some(2023), Some(1)), None, "a bare number is not a day");
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
    fn month_day_numbers() {
        assert_eq!(month_day(1.4, 2023), Some(Ok(d(2023, 1, 4).unwrap())));
        assert_eq!(month_day(1.15, 2023), Some(Ok(d(2023, 1, 15).unwrap())));
        assert_eq!(month_day(12.31, 2023), Some(Ok(d(2023, 12, 31).unwrap())));
        assert_eq!(month_day(2.4, 2023), Some(Ok(d(2023, 2, 4).unwrap())));
        // 2.3 is 2月3日: there is no 2月30日.
        assert_eq!(month_day(2.3, 2023), Some(Ok(d(2023, 2, 3).unwrap())));
        for ambiguous in [1.1, 1.2, 1.3, 12.3] {
            assert!(matches!(month_day(ambiguous, 2023), Some(Err(_))), "{ambiguous}");
        }
        assert_eq!(month_day(4.0, 2023), None);
        assert_eq!(month_day(44930.0, 2023), None);
        assert_eq!(month_day(13.1, 2023), None);
        assert_eq!(month_day(1.45, 2023), None, "1月45日");
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

#[cfg(test)]
mod system_forms {
    use super::*;

    /// Dates as the civil-affairs systems export them: with a time, seconds, a weekday,
    /// zero-padded, an ISO "T", or as a timestamp's digits.
    #[test]
    fn dates_written_by_systems() {
        let want = NaiveDate::from_ymd_opt(2023, 1, 4);
        for raw in [
            "2023-01-04 09:30:00",
            "2023/01/04 09:30",
            "2023年01月04日 09:30",
            "2023-01-04T09:30:00",
            "2023.01.04 星期三",
            "2023-1-4 9:30:00",
            "2023年1月4日（星期三）",
            "2023-01-04 00:00:00.0",
        ] {
            assert_eq!(parse_text(raw, None), want, "{raw}");
        }
    }
}
