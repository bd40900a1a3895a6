//! The closed vocabularies of SPEC §3 — categories, care methods, elderly situations —
//! with the synonyms townships write, taken from the configuration.

use std::collections::HashMap;
use std::sync::Arc;

use super::text;
use crate::config::Config;

/// The notice's order of the nine categories, used wherever they are listed.
pub const CATEGORY_ORDER: &[&str] = &[
    "独居老人",
    "特困人员",
    "孤儿",
    "事实无人抚养儿童",
    "农村留守儿童",
    "低保对象",
    "低保边缘对象",
    "困难残疾人",
    "生活无着流浪乞讨人员",
];

pub const VISIT: &str = "入户走访";
pub const CALL: &str = "电话联系";

#[derive(Debug, Clone, Default)]
pub struct Vocab {
    categories: HashMap<String, Arc<str>>,
    /// The same words, each with its one-category list, shared by every row that says it.
    single_categories: HashMap<String, Arc<[String]>>,
    methods: HashMap<String, Arc<str>>,
    situations: HashMap<String, Arc<str>>,
}

/// Every written form (canonical and synonyms, as header keys) to its canonical word.
fn table(map: &std::collections::BTreeMap<String, Vec<String>>) -> HashMap<String, Arc<str>> {
    let mut out = HashMap::new();
    for (canonical, synonyms) in map {
        let shared: Arc<str> = Arc::from(canonical.as_str());
        for word in std::iter::once(canonical).chain(synonyms) {
            out.insert(text::header_key(word), Arc::clone(&shared));
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
        let categories = table(&config.category_synonyms);
        let single_categories =
            categories.iter().map(|(word, c)| (word.clone(), Arc::from(vec![c.to_string()]))).collect();
        Vocab {
            categories,
            single_categories,
            methods: table(&config.method_synonyms),
            situations: table(&config.situation_synonyms),
        }
    }

    pub fn category(&self, raw: &str) -> Option<&str> {
        lookup(&self.categories, raw)
    }

    pub fn method(&self, raw: &str) -> Option<&str> {
        lookup(&self.methods, raw)
    }

    /// `method`, shared rather than copied.
    pub fn method_shared(&self, raw: &str) -> Option<Arc<str>> {
        lookup_shared(&self.methods, raw).cloned()
    }

    pub fn situation(&self, raw: &str) -> Option<&str> {
        lookup(&self.situations, raw)
    }

    /// Known categories of a cell holding exactly one, without splitting: the common case.
    fn single_category(&self, raw: &str) -> Option<Vec<String>> {
        self.categories.get(raw).map(|c| vec![c.to_string()])
    }

    /// `categories`, with the list shared rather than copied when the cell names one
    /// category as the table writes it.
    pub fn categories_shared(&self, raw: &str) -> (Arc<[String]>, Vec<String>) {
        if let Some(one) = self.single_categories.get(raw) {
            return (Arc::clone(one), Vec::new());
        }
        let (known, unknown) = self.categories(raw);
        (Arc::from(known), unknown)
    }

    /// Known categories (canonical, in the notice's order, once each) and unknown words.
    pub fn categories(&self, raw: &str) -> (Vec<String>, Vec<String>) {
        if let Some(one) = self.single_category(raw) {
            return (one, Vec::new());
        }
        let (mut known, unknown) = partition(split(raw), |t| self.category(t));
        sort_categories(&mut known);
        (known, unknown)
    }

    /// Known situations and unknown words.
    pub fn situations(&self, raw: &str) -> (Vec<String>, Vec<String>) {
        let (mut known, unknown) = partition(split(raw), |t| self.situation(t));
        known.sort();
        (known, unknown)
    }
}

/// Written as in the table (most cells) is found without normalising.
fn lookup<'v>(table: &'v HashMap<String, Arc<str>>, raw: &str) -> Option<&'v str> {
    lookup_shared(table, raw).map(|c| &**c)
}

fn lookup_shared<'v>(table: &'v HashMap<String, Arc<str>>, raw: &str) -> Option<&'v Arc<str>> {
    table.get(raw).or_else(|| table.get(&text::header_key(raw)))
}

fn partition<'v>(tokens: Vec<String>, lookup: impl Fn(&str) -> Option<&'v str>) -> (Vec<String>, Vec<String>) {
    let mut known: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    for token in tokens {
        match lookup(&token) {
            Some(c) if !known.iter().any(|k| k == c) => known.push(c.to_string()),
            Some(_) => {}
            None => unknown.push(token),
        }
    }
    (known, unknown)
}

pub fn sort_categories(list: &mut [String]) {
    list.sort_by_key(|c| (CATEGORY_ORDER.iter().position(|o| o == c).unwrap_or(usize::MAX), c.clone()));
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
            assert_eq!(v.category(input), want, "{input}");
        }
        for (input, want) in [
            ("上门走访", Some(VISIT)),
            ("入户", Some(VISIT)),
            ("微信视频", Some(CALL)),
            ("电话", Some(CALL)),
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
        assert_eq!(known, ["独居老人", "特困人员", "低保对象"]);
        assert_eq!(unknown, ["五保户"]);
        let (known, _) = v.situations("失能/重病");
        assert_eq!(known, ["失能", "重病"]);
    }
}
