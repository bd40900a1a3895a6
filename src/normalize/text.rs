//! Text folding (SPEC §3): full-width to half-width, zero-width characters dropped,
//! names without inner spaces, header cells reduced to a comparable key.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Trim, apply NFKC (full-width ASCII, digits and the ideographic space become
/// half-width) and drop zero-width characters.
pub fn fold(s: &str) -> String {
    fold_cow(s).into_owned()
}

/// A text to show as typed (a ledger's 服务内容 printed on a card): trimmed, zero-width
/// characters dropped, but its full-width punctuation kept (fold would make “，” a “,”).
pub(crate) fn tidy(s: &str) -> String {
    s.chars()
        .filter(|c| !is_zero_width(*c))
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `fold` without a copy when the text is already folded.
pub(crate) fn fold_cow(s: &str) -> std::borrow::Cow<'_, str> {
    // Most cells are already normal (plain ASCII, or CJK without full-width forms):
    // the quick check spares them the decomposition.
    // ASCII and the CJK unified ideographs are NFKC-stable and combine with nothing;
    // only other texts pay for the table lookups.
    let common = |c: char| c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c);
    let plain = s.chars().all(common)
        || (is_nfkc_quick(s.chars()) == IsNormalized::Yes && !s.chars().any(|c| is_zero_width(c) || c == '\u{a0}'));
    if plain {
        return std::borrow::Cow::Borrowed(s.trim());
    }
    let folded: String = s.nfkc().filter(|c| !is_zero_width(*c)).map(|c| if c == '\u{a0}' { ' ' } else { c }).collect();
    std::borrow::Cow::Owned(folded.trim().to_string())
}

/// A person's name as compared: folded, without any inner white space, and with every
/// middle-dot form as "·", so "张  三" is 张三 and 阿依古丽•买买提 is 阿依古丽·买买提.
pub fn name(s: &str) -> String {
    let folded = fold_cow(s);
    let dotted = |c: char| matches!(c, '·' | '•' | '・' | '･' | '‧' | '∙' | '⋅' | '●' | '.' | '。');
    // Most names have neither spaces nor dots: no second pass.
    if !folded.chars().any(|c| c.is_whitespace() || dotted(c)) {
        return folded.into_owned();
    }
    let chars: Vec<char> = folded.chars().filter(|c| !c.is_whitespace()).collect();
    let cjk = |c: Option<&char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
    (0..chars.len())
        .map(|i| match chars[i] {
            '·' | '•' | '・' | '･' | '‧' | '∙' | '⋅' | '●' => '·',
            // A full stop between two characters of a name is the dot typed on the wrong key.
            '.' | '。' if i > 0 && cjk(chars.get(i - 1)) && cjk(chars.get(i + 1)) => '·',
            c => c,
        })
        .collect()
}

/// A header cell as matched against the alias tables: folded, without white
/// space (line breaks included) and without colons or asterisks that templates
/// put after labels ("姓名：", "*身份证号").
pub fn header_key(s: &str) -> String {
    // A required-column mark (*姓名, 姓名*, ※姓名) is not part of the header's words.
    fold(s).chars().filter(|c| !c.is_whitespace() && !matches!(c, ':' | '*' | '：' | '※' | '★' | '☆')).collect()
}

/// A code as the civil-affairs systems write a closed value: one to four ASCII letters or
/// digits (1, 05, A3).
pub fn is_code(s: &str) -> bool {
    (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Display width in Excel's column units, counting a CJK character as two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_table() {
        let cases = [
            ("  张三 ", "张三"),
            ("ＡＢＣ１２３", "ABC123"),
            ("镇（街道）", "镇(街道)"),
            ("a\u{200b}b", "ab"),
            ("\u{feff}序号", "序号"),
            ("井口\u{3000}街道", "井口 街道"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    #[test]
    fn names_lose_inner_spaces() {
        assert_eq!(name("张  三"), "张三");
        assert_eq!(name("张\u{3000}三"), "张三");
        assert_eq!(name(" 李 四\n"), "李四");
        for written in [
            "阿依古丽·买买提",
            "阿依古丽•买买提",
            "阿依古丽・买买提",
            "阿依古丽･买买提",
            "阿依古丽.买买提",
            "阿依古丽 · 买买提",
        ] {
            assert_eq!(name(written), "阿依古丽·买买提", "{written}");
        }
    }

    #[test]
    fn header_keys() {
        assert_eq!(header_key("姓  名"), "姓名");
        assert_eq!(header_key("身份证\n号码"), "身份证号码");
        assert_eq!(header_key("镇（街道）："), "镇(街道)");
        assert_eq!(header_key("实施关爱工作人员（记录人）"), "实施关爱工作人员(记录人)");
        for marked in ["*姓名", "姓名*", "＊姓名", "※姓名", "★ 姓名"] {
            assert_eq!(header_key(marked), "姓名", "{marked}");
        }
    }

    #[test]
    fn width_counts_cjk_twice() {
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width("姓名"), 4);
    }
}
