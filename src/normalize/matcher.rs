//! Finding a vocabulary's words inside the longer wording people write (SPEC §3):
//! "分散供养特困人员", "独居老人（半失能）", "入户走访（送米油）", "电话+入户". Every entry
//! found in the text counts, the longest first, each character used by one entry only — so
//! the most specific entry wins (半失能 before 失能, 低保边缘 before 低保) — and an entry
//! right after a negation (非低保户) does not count. Entries of one character count only
//! when they are the whole text (无), since they would otherwise be found everywhere.

use std::collections::HashMap;

use super::text;

/// Words that undo the entry they stand right before.
const NEGATIONS: &[&str] = &["非", "不是", "不属于"];

#[derive(Debug, Clone)]
pub(crate) struct Matcher<W> {
    /// Each entry as characters of its key, the longest first.
    entries: Vec<(Vec<char>, W)>,
    /// The whole text as an entry's key: most cells, found without scanning.
    exact: HashMap<String, W>,
}

impl<W> Default for Matcher<W> {
    fn default() -> Self {
        Matcher { entries: Vec::new(), exact: HashMap::new() }
    }
}

/// What a text held: the values found (in the order of the text) and whether any of the
/// text's characters were left that no entry used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found<W> {
    pub(crate) values: Vec<W>,
    /// The characters no entry used, brackets and separators dropped ("二级" of 残疾人（二级）).
    pub(crate) rest: String,
}

/// A text as matched: folded, without spaces and the colons/asterisks of labels.
pub(crate) fn key(s: &str) -> String {
    text::header_key(s)
}

impl<W: Copy + PartialEq> Matcher<W> {
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = (&'a str, W)>) -> Matcher<W> {
        let mut entries: Vec<(Vec<char>, W)> = Vec::new();
        let mut exact = HashMap::new();
        for (word, value) in words {
            let k = key(word);
            if k.is_empty() {
                continue;
            }
            exact.insert(k.clone(), value);
            entries.push((k.chars().collect(), value));
        }
        entries.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        entries.dedup_by(|a, b| a.0 == b.0);
        Matcher { entries, exact }
    }

    /// The value of a text that is exactly one entry.
    pub(crate) fn exact(&self, raw: &str) -> Option<W> {
        self.exact.get(raw).or_else(|| self.exact.get(&key(raw))).copied()
    }

    /// Every entry inside `raw`.
    pub(crate) fn find(&self, raw: &str) -> Found<W> {
        if let Some(value) = self.exact(raw) {
            return Found { values: vec![value], rest: String::new() };
        }
        let chars: Vec<char> = key(raw).chars().collect();
        let mut used = vec![false; chars.len()];
        let mut hits: Vec<(usize, W)> = Vec::new();
        for (word, value) in self.entries.iter().filter(|(w, _)| w.len() > 1) {
            let mut start = 0;
            while let Some(at) = position(&chars[start..], word).map(|p| p + start) {
                let span = at..at + word.len();
                if !used[span.clone()].iter().any(|&u| u) && !negated(&chars[..at]) {
                    used[span].iter_mut().for_each(|u| *u = true);
                    hits.push((at, *value));
                }
                start = at + 1;
            }
        }
        hits.sort_by_key(|&(at, _)| at);
        let mut values: Vec<W> = Vec::new();
        for (_, v) in hits {
            if !values.contains(&v) {
                values.push(v);
            }
        }
        let rest = chars.iter().zip(&used).filter(|(c, u)| !**u && !is_filler(**c)).map(|(c, _)| *c).collect();
        Found { values, rest }
    }
}

fn position(haystack: &[char], needle: &[char]) -> Option<usize> {
    (haystack.len() >= needle.len()).then(|| haystack.windows(needle.len()).position(|w| w == needle)).flatten()
}

fn negated(before: &[char]) -> bool {
    let before: String = before.iter().collect();
    NEGATIONS.iter().any(|n| before.ends_with(n))
}

/// Brackets, separators and punctuation around and between the words.
pub(crate) fn is_filler(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '（'
            | '）'
            | '['
            | ']'
            | '【'
            | '】'
            | '、'
            | ','
            | '，'
            | ';'
            | '；'
            | '/'
            | '|'
            | '+'
            | '＋'
            | '&'
            | '.'
            | '。'
            | '-'
            | '—'
            | '_'
            | '"'
            | '“'
            | '”'
            | '\''
            | '·'
            | '<'
            | '>'
            | '《'
            | '》'
    ) || c.is_whitespace()
}

/// Splits a cell listing several values at its separators, outside brackets:
/// "独居老人（半失能、重病）、低保户" → ["独居老人（半失能、重病）", "低保户"].
pub(crate) fn split_outside_brackets(raw: &str) -> Vec<String> {
    let folded = text::fold(raw);
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    for c in folded.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ => {}
        }
        let separator = matches!(c, '、' | ',' | '，' | ';' | '；' | '/' | '|') || c.is_whitespace();
        if separator && depth == 0 {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher<u8> {
        Matcher::new([("低保", 1), ("低保边缘", 2), ("失能", 3), ("半失能", 4), ("无", 5), ("残疾人", 6)])
    }

    #[test]
    fn longest_entry_wins_and_each_character_counts_once() {
        let m = matcher();
        let cases: [(&str, &[u8], &str); 9] = [
            ("低保", &[1], ""),
            ("低保边缘家庭", &[2], "家庭"),
            ("半失能", &[4], ""),
            ("半失能老人", &[4], "老人"),
            ("失能、半失能", &[3, 4], ""),
            ("非低保户", &[], "非低保户"),
            ("残疾人（肢体二级）", &[6], "肢体二级"),
            ("无", &[5], ""),
            ("无自主能力", &[], "无自主能力"),
        ];
        for (text, values, rest) in cases {
            let found = m.find(text);
            assert_eq!(found.values, values, "{text}");
            assert_eq!(found.rest, rest, "{text}");
        }
    }

    #[test]
    fn splits_only_outside_brackets() {
        assert_eq!(split_outside_brackets("独居老人（半失能、重病）、低保户"), ["独居老人(半失能、重病)", "低保户"]);
        assert_eq!(split_outside_brackets(" 孤儿 / 低保 "), ["孤儿", "低保"]);
    }
}
