//! `--mask`: ID numbers and mobile numbers in every output are shown as
//! 500106********1234 and 138****5678, wherever they stand in a text.

/// Masks every run of digits that looks like an ID number (17 digits and a check
/// character, or 15 digits as a number-stored or old ID) or a mobile number.
pub(crate) fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        // An ID's last character may be X.
        if i - start == 17 && i < chars.len() && matches!(chars[i], 'X' | 'x') {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let followed_by_alnum = i < chars.len() && chars[i].is_ascii_alphanumeric();
        out.push_str(&mask_run(&run, followed_by_alnum));
    }
    out
}

fn mask_run(run: &str, glued: bool) -> String {
    let n = run.len();
    if glued {
        return run.to_string();
    }
    match n {
        15..=18 => format!("{}{}{}", &run[..6], "*".repeat(n - 10), &run[n - 4..]),
        11 if run.starts_with('1') && run.as_bytes()[1].is_ascii_digit() && run.as_bytes()[1] >= b'3' => {
            format!("{}****{}", &run[..3], &run[7..])
        }
        _ => run.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_table() {
        let cases = [
            ("500106198001011234", "500106********1234"),
            ("11010519491231002X", "110105********002X"),
            ("身份证500106198001011234重复", "身份证500106********1234重复"),
            ("13812345678", "138****5678"),
            ("电话：13812345678。", "电话：138****5678。"),
            ("500106198001011", "500106*****1011"),
            ("023-65310228", "023-65310228"),
            ("第12行", "第12行"),
            ("1381234567890", "1381234567890"),
            ("A13812345678", "A13812345678"),
        ];
        for (input, want) in cases {
            assert_eq!(mask(input), want, "{input}");
        }
    }
}
