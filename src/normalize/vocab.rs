//! The words townships write for the closed vocabularies of SPEC §3 — categories, care
//! methods, elderly situations — and the canonical value each one means, taken from the
//! configuration.

use std::collections::{BTreeMap, HashMap};

use super::text;
use crate::config::Config;
use crate::model::vocab::{Categories, Category, Method, Set, Situation, Situations, Word};

#[derive(Debug, Clone, Default)]
pub struct Vocab {
    categories: HashMap<String, Category>,
    methods: HashMap<String, Method>,
    situations: HashMap<String, Situation>,
}

/// Every written form (canonical and synonyms, as header keys) to its value.
fn table<W: Word>(map: &BTreeMap<W, Vec<String>>) -> HashMap<String, W> {
    let mut out = HashMap::new();
    for (&value, synonyms) in map {
        for word in std::iter::once(value.name()).chain(synonyms.iter().map(String::as_str)) {
            out.insert(text::header_key(word), value);
        }
    }
    out
}

/// Splits a cell listing several values: 、 , ， ; ； / or spaces.
pub fn split(raw: &str) -> Vec<String> {
    text::fold(raw)
        .split(|c: char| matches!(c, '、' | ',' | '，' | ';' | '；' | '/' | '|') || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl Vocab {
    pub fn new(config: &Config) -> Vocab {
        Vocab {
            categories: table(&config.category_synonyms),
            methods: table(&config.method_synonyms),
            situations: table(&config.situation_synonyms),
        }
    }

    pub fn category(&self, raw: &str) -> Option<Category> {
        lookup(&self.categories, raw)
    }

    pub fn method(&self, raw: &str) -> Option<Method> {
        lookup(&self.methods, raw)
    }

    pub fn situation(&self, raw: &str) -> Option<Situation> {
        lookup(&self.situations, raw)
    }

    /// Known categories (each once) and the words that name none.
    pub fn categories(&self, raw: &str) -> (Categories, Vec<String>) {
        // A cell holding exactly one category as the table writes it: the common case.
        if let Some(&one) = self.categories.get(raw) {
            return (Set::one(one), Vec::new());
        }
        partition(split(raw), |t| self.category(t))
    }

    /// Known situations and the words that name none.
    pub fn situations(&self, raw: &str) -> (Situations, Vec<String>) {
        partition(split(raw), |t| self.situation(t))
    }
}

/// Written as in the table (most cells) is found without normalising.
fn lookup<W: Copy>(table: &HashMap<String, W>, raw: &str) -> Option<W> {
    table.get(raw).or_else(|| table.get(&text::header_key(raw))).copied()
}

fn partition<W: Word>(tokens: Vec<String>, lookup: impl Fn(&str) -> Option<W>) -> (Set<W>, Vec<String>) {
    let mut known = Set::default();
    let mut unknown = Vec::new();
    for token in tokens {
        match lookup(&token) {
            Some(w) => known.insert(w),
            None => unknown.push(token),
        }
    }
    (known, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_table() {
        let v = Vocab::new(&Config::load(None).unwrap());
        let cases = [
            ("独居老年人", Some("独居老人")),
            ("空巢独居老人", Some("独居老人")),
            ("分散特困人员", Some("特困人员")),
            ("留守儿童", Some("农村留守儿童")),
            ("低保户", Some("低保对象")),
            ("低保边缘户", Some("低保边缘对象")),
            ("重度残疾人", Some("困难残疾人")),
            ("流浪人员", Some("生活无着流浪乞讨人员")),
            ("孤 儿", Some("孤儿")),
            ("五保户", None),
        ];
        for (input, want) in cases {
            assert_eq!(v.category(input).map(Category::name), want, "{input}");
        }
        for (input, want) in [
            ("上门走访", Some(Method::Visit)),
            ("入户", Some(Method::Visit)),
            ("微信视频", Some(Method::Call)),
            ("电话", Some(Method::Call)),
            ("短信", None),
            ("入户走访/电话联系", None),
        ] {
            assert_eq!(v.method(input), want, "{input}");
        }
    }

    #[test]
    fn lists_split_and_order() {
        let v = Vocab::new(&Config::load(None).unwrap());
        let (known, unknown) = v.categories("低保户、独居老人，特困; 五保户 独居老年人");
        assert_eq!(known.join("、"), "独居老人、特困人员、低保对象");
        assert_eq!(unknown, ["五保户"]);
        let (known, _) = v.situations("失能/重病");
        assert_eq!(known.join("、"), "失能、重病");
    }
}
