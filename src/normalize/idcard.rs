//! Resident ID numbers (GB 11643-1999): 18 characters, a valid birth date and the
//! ISO 7064 MOD 11-2 check digit.

use chrono::NaiveDate;

/// A checked ID number with what it tells about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// Upper-case, 18 characters.
    pub(crate) value: String,
    pub(crate) birth: NaiveDate,
    pub(crate) male: bool,
}

/// 男 or 女, as an ID number's 17th digit says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

impl Gender {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

impl IdNumber {
    pub(crate) fn gender(&self) -> Gender {
        if self.male {
            Gender::Male
        } else {
            Gender::Female
        }
    }
}

/// Why an ID number was refused; each becomes part of a V02/P03 message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    Length(usize),
    Characters,
    BirthDate,
    CheckDigit { expected: char },
}

impl IdError {
    pub(crate) fn describe(&self) -> String {
        match self {
            IdError::Length(n) => format!("身份证号码应为18位，实际为{n}位"),
            IdError::Characters => "身份证号码含有数字和末位X以外的字符".into(),
            IdError::BirthDate => "身份证号码中的出生日期不存在".into(),
            IdError::CheckDigit { expected } => {
                format!("身份证号码校验位不正确（按前17位应为{expected}），可能有数字录错")
            }
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits, or None when they are not 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// An ID number as Excel's General format shows a long number (5.00106E+17), copied
/// as text into a CSV, a Word table or another sheet: its digits are gone.
pub fn is_scientific(raw: &str) -> bool {
    let folded = super::text::fold(raw).to_ascii_uppercase();
    let Some((mantissa, exponent)) = folded.trim().split_once('E') else { return false };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    int.len() == 1 && digits(int) && digits(frac) && digits(exponent) && exponent.parse::<u32>().is_ok_and(|e| e >= 14)
}

/// Parses an already folded ID text (spaces removed by the caller's folding).
pub fn parse(raw: &str) -> Result<IdNumber, IdError> {
    // Excel's text marker (a leading apostrophe, common in CSV exports) and the spaces
    // and dashes people type inside the number are not part of it.
    let folded = super::text::fold(raw);
    let value: String = folded
        .trim_start_matches(['\'', '‘', '’', '`', '"', '“'])
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '－' | '—' | '–'))
        .collect::<String>()
        .to_uppercase();
    let len = value.chars().count();
    if len != 18 {
        return Err(IdError::Length(len));
    }
    // Counted in characters above; split in bytes only once every character is one byte.
    if !value.is_ascii() {
        return Err(IdError::Characters);
    }
    let (body, last) = value.split_at(17);
    if !body.bytes().all(|b| b.is_ascii_digit()) || !(last == "X" || last.as_bytes()[0].is_ascii_digit()) {
        return Err(IdError::Characters);
    }
    let birth = NaiveDate::parse_from_str(&body[6..14], "%Y%m%d").map_err(|_| IdError::BirthDate)?;
    if birth.year_ce().1 < 1900 {
        return Err(IdError::BirthDate);
    }
    let expected = check_char(body).ok_or(IdError::Characters)?;
    if !last.starts_with(expected) {
        return Err(IdError::CheckDigit { expected });
    }
    let male = (body.as_bytes()[16] - b'0') % 2 == 1;
    Ok(IdNumber { value, birth, male })
}

use chrono::Datelike;

/// Full years of age on `on` (a birthday counts from its day).
pub(crate) fn full_years(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// A number as Excel keeps it: 15 significant digits, the rest zeros (500106198001011264
/// is kept as 500106198001011000), so 原始值 shows what the message says was lost.
pub(crate) fn as_excel_keeps(n: f64) -> String {
    let sci = format!("{:.14e}", n.abs());
    let Some((mantissa, exp)) = sci.split_once('e') else { return format!("{n:.0}") };
    let Ok(exp) = exp.parse::<usize>() else { return format!("{n:.0}") };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out: String = if exp + 1 >= digits.len() {
        format!("{digits}{}", "0".repeat(exp + 1 - digits.len()))
    } else {
        digits[..exp + 1].to_string()
    };
    if n < 0.0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_scientific_display_is_recognised() {
        assert!(is_scientific("5.00106E+17"));
        assert!(is_scientific("5.00106e17"));
        assert!(is_scientific("５.００１０６Ｅ＋１７"));
        assert!(!is_scientific("500106197201138000"));
        assert!(!is_scientific("5E+3"));
        assert!(!is_scientific("E+17"));
        assert!(!is_scientific("12.5E+17"));
    }

    #[test]
    fn an_id_stored_as_a_number_shows_what_excel_kept() {
        assert_eq!(as_excel_keeps(500106198001011264.0), "500106198001011000");
        assert_eq!(as_excel_keeps(110101199003070000.0), "110101199003070000");
        assert_eq!(as_excel_keeps(123456789012345.0), "123456789012345");
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17).unwrap())
    }

    #[test]
    fn known_valid_numbers() {
        // The standard's own example and a generated one.
        assert!(parse("11010519491231002X").is_ok());
        assert!(parse("11010519491231002x").is_ok());
        let id = with_check("50010619800101123");
        let parsed = parse(&id).unwrap();
        assert_eq!(parsed.birth, NaiveDate::from_ymd_opt(1980, 1, 1).unwrap());
        assert!(parsed.male, "17th digit 3 is odd → male");
    }

    #[test]
    fn refusals_table() {
        let good = with_check("50010619800101123");
        let mut wrong_check = good.clone();
        let last = wrong_check.pop().unwrap();
        wrong_check.push(if last == '0' { '1' } else { '0' });
        let cases: Vec<(String, IdError)> = vec![
            ("50010619800101".into(), IdError::Length(14)),
            ("5001061980010112345".into(), IdError::Length(19)),
            ("50010619800101A234".into(), IdError::Characters),
            (with_check("50010619800230123"), IdError::BirthDate),
            ("0000000000000000身X".into(), IdError::Characters),
        ];
        for (input, want) in cases {
            assert_eq!(parse(&input).unwrap_err(), want, "{input}");
        }
        assert!(matches!(parse(&wrong_check), Err(IdError::CheckDigit { .. })));
    }

    #[test]
    fn excel_text_marker_spaces_and_dashes_are_dropped() {
        let good = with_check("50010619800101123");
        for written in [
            format!("'{good}"),
            format!("‘{good}"),
            format!("{} {} {}", &good[..6], &good[6..14], &good[14..]),
            format!("{}-{}-{}", &good[..6], &good[6..14], &good[14..]),
            good.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect(),
        ] {
            assert_eq!(parse(&written).map(|p| p.value), Ok(good.clone()), "{written}");
        }
    }

    /// An ID number from its parts: region, birth date, sequence (its last digit odd for a
    /// man) and the check character computed.
    fn built(region: u32, birth: NaiveDate, sequence: u32) -> String {
        with_check(&format!("{region:06}{}{sequence:03}", birth.format("%Y%m%d")))
    }

    fn any_birth() -> impl proptest::strategy::Strategy<Value = NaiveDate> {
        use proptest::strategy::Strategy;
        (1900i32..=2030, 1u32..=12, 1u32..=31)
            .prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }

    proptest::proptest! {
        /// Built from its parts, an ID number reads back as those parts, however it is
        /// written (a lower-case x, spaces, an Excel text marker, full-width digits).
        #[test]
        fn parts_read_back(region in 110_000u32..=820_000, birth in any_birth(), sequence in 0u32..=999, how in 0usize..4) {
            let id = built(region, birth, sequence);
            let written = match how {
                0 => id.clone(),
                1 => format!("'{}", id.to_lowercase()),
                2 => format!("{} {} {}", &id[..6], &id[6..14], &id[14..]),
                _ => id.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect(),
            };
            let read = parse(&written).unwrap();
            proptest::prop_assert_eq!(&read.value, &id);
            proptest::prop_assert_eq!(read.birth, birth);
            proptest::prop_assert_eq!(read.male, sequence % 2 == 1);
        }

        /// One digit typed wrong, or two neighbouring different digits swapped, is never
        /// read as a valid number (MOD 11-2 catches every such slip).
        #[test]
        fn a_slip_of_one_digit_is_caught(region in 110_000u32..=820_000, birth in any_birth(), sequence in 0u32..=999, at in 0usize..17, by in 1u8..=9) {
            let id = built(region, birth, sequence);
            let mut typo = id.clone().into_bytes();
            typo[at] = b'0' + (typo[at] - b'0' + by) % 10;
            proptest::prop_assert!(parse(std::str::from_utf8(&typo).unwrap()).is_err());
            let mut swapped = id.into_bytes();
            if swapped[at] != swapped[at + 1] && swapped[at + 1].is_ascii_digit() {
                swapped.swap(at, at + 1);
                proptest::prop_assert!(parse(std::str::from_utf8(&swapped).unwrap()).is_err());
            }
        }

        /// Any text at all is refused or read, never a panic (a multi-byte character at byte
        /// 17 once split a number in two); what is read is 18 characters whose check
        /// character is right and whose birth date is the one written in it.
        #[test]
        fn any_text_is_refused_or_read_right(s in "\\PC{0,24}") {
            if let Ok(id) = parse(&s) {
                proptest::prop_assert_eq!(id.value.len(), 18);
                proptest::prop_assert_eq!(check_char(&id.value[..17]), id.value.chars().last());
                proptest::prop_assert_eq!(id.birth.format("%Y%m%d").to_string(), id.value[6..14].to_string());
            }
        }

        #[test]
        fn seventeen_digits_and_anything_after(body in "[0-9]{17}", last in "\\PC") {
            let read = parse(&format!("{body}{last}"));
            proptest::prop_assert!(read.is_err() || read.unwrap().value.starts_with(&body));
            let _ = parse(&format!("{}{last}{}", &body[..16], &body[16..]));
        }
    }

    #[test]
    fn sex_from_17th_digit() {
        assert!(parse(&with_check("50010619800101121")).unwrap().male);
        assert!(!parse(&with_check("50010619800101122")).unwrap().male);
    }

    #[test]
    fn full_years_table() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let cases = [
            (d(1958, 1, 31), d(2023, 1, 31), 65),
            (d(1958, 2, 1), d(2023, 1, 31), 64),
            (d(1957, 1, 31), d(2023, 1, 31), 66),
            (d(2000, 2, 29), d(2023, 2, 28), 22),
            (d(2000, 2, 29), d(2023, 3, 1), 23),
        ];
        for (birth, on, want) in cases {
            assert_eq!(full_years(birth, on), want, "{birth} on {on}");
        }
    }
}
