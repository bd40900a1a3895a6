//! Phone numbers (SPEC §3): spaces and dashes removed, then a mobile number
//! 1[3-9]xxxxxxxxx or a landline of 7–8 digits with an optional area code 0xx(x).

/// The phone number as digits, or None when it is not a plausible Chinese number.
pub fn parse(raw: &str) -> Option<String> {
    let digits: String =
        raw.chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '—' | '－' | '(' | ')')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let b = digits.as_bytes();
    let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let landline = match b.len() {
        7 | 8 => b[0] != b'0',
        10..=12 => b[0] == b'0' && (b.len() - 3 == 7 || b.len() - 3 == 8 || b.len() - 4 == 7 || b.len() - 4 == 8),
        _ => false,
    };
    (mobile || landline).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_table() {
        let cases = [
            ("13812345678", Some("13812345678")),
            ("138 1234 5678", Some("13812345678")),
            ("138-1234-5678", Some("13812345678")),
            ("65310228", Some("65310228")),
            ("023-65310228", Some("02365310228")),
            ("(023)65310228", Some("02365310228")),
            ("12812345678", None),
            ("1381234567", None),
            ("无", None),
            ("", None),
            ("06531022", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input).as_deref(), want, "{input}");
        }
    }
}
