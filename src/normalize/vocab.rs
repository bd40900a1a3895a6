//! The words townships write for the closed vocabularies of SPEC §3 — categories, care
//! methods, elderly situations — and the canonical values they mean. The words are data
//! (templates/defaults.toml, `--config`); finding them inside longer wording is
//! `matcher`'s one job.

use std::collections::{BTreeMap, HashMap};

use super::matcher::{self, Matcher};
use crate::normalize::kinds::{Categories, Category, Method, Set, Situation, Situations, Word};

#[derive(Debug, Clone, Default)]
pub struct Vocab {
    categories: Matcher<Category>,
    /// Each written form of a category with the situations it carries (分散特困人员): a
    /// cell that is exactly one of them, the common case, is read without scanning.
    exact: HashMap<String, (Category, Situations)>,
    methods: Matcher<Method>,
    situations: Matcher<Situation>,
    /// Words recognised as naming nothing on purpose, and why.
    unrecognised: Vec<(String, String)>,
    placeholders: Vec<String>,
}

/// Why a code is not read (SPEC §3 "Codes"): never guessed.
pub(crate) const CODE_NOT_LISTED: &str = "这是代码，但本表的表头、表上方的说明行和本文件的代码字典工作表都没有说明它代表哪一项，无法解读（不作猜测）；请改填名称（如 特困人员），或在表头写明代码含义，如“人员类别（1特困人员、2低保对象）”";

/// What a category cell says: its categories, the situations its qualifiers carry
/// (独居老人（半失能）, 分散供养特困人员) and the parts that name no category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kinds {
    pub(crate) categories: Categories,
    pub(crate) situations: Situations,
    pub(crate) unknown: Vec<String>,
}

/// Every written form (canonical and synonyms) with its value.
fn matcher<W: Word + PartialEq>(map: &BTreeMap<W, Vec<String>>) -> Matcher<W> {
    Matcher::new(map.iter().flat_map(|(&value, synonyms)| {
        std::iter::once(value.name()).chain(synonyms.iter().map(String::as_str)).map(move |w| (w, value))
    }))
}

/// The word lists a `Vocab` is compiled from (the configuration's, SPEC §3).
pub(crate) struct Words<'a> {
    pub(crate) categories: &'a BTreeMap<Category, Vec<String>>,
    pub(crate) methods: &'a BTreeMap<Method, Vec<String>>,
    pub(crate) situations: &'a BTreeMap<Situation, Vec<String>>,
    /// Words that name nothing on purpose, with why.
    pub(crate) unrecognised: &'a BTreeMap<String, String>,
    /// The template's example text in a method cell.
    pub(crate) placeholders: &'a [String],
}

impl Vocab {
    pub(crate) fn new(words: &Words<'_>) -> Vocab {
        let situations = matcher(words.situations);
        let mut exact = HashMap::new();
        for (&category, synonyms) in words.categories {
            for word in std::iter::once(category.name()).chain(synonyms.iter().map(String::as_str)) {
                let carried: Situations = situations.find(word).values.into_iter().collect();
                exact.insert(matcher::key(word), (category, carried));
            }
        }
        Vocab {
            categories: matcher(words.categories),
            exact,
            methods: matcher(words.methods),
            situations,
            unrecognised: words.unrecognised.iter().map(|(w, why)| (matcher::key(w), why.clone())).collect(),
            placeholders: words.placeholders.iter().map(|p| matcher::key(p)).collect(),
        }
    }

    /// The methods a cell names: both when it says both (电话+入户); none for the
    /// template's example text.
    pub fn methods(&self, raw: &str) -> Set<Method> {
        if let Some(one) = self.methods.exact(raw) {
            return Set::one(one);
        }
        if self.placeholders.contains(&matcher::key(raw)) {
            return Set::default();
        }
        self.methods.find(raw).values.into_iter().collect()
    }

    /// The categories of a cell (several, any separator, inside longer wording), the
    /// situations its qualifiers carry, and the parts that name no category.
    pub fn categories(&self, raw: &str) -> Kinds {
        let exact = self.exact.get(raw).or_else(|| self.exact.get(&matcher::key(raw)));
        if let Some(&(category, situations)) = exact {
            return Kinds { categories: Set::one(category), situations, unknown: Vec::new() };
        }
        let mut kinds = Kinds::default();
        for part in matcher::split_outside_brackets(raw) {
            let categories = self.categories.find(&part).values;
            let situations = self.situations.find(&part).values;
            if categories.is_empty() && situations.is_empty() {
                kinds.unknown.push(part);
                continue;
            }
            categories.into_iter().for_each(|c| kinds.categories.insert(c));
            situations.into_iter().for_each(|s| kinds.situations.insert(s));
        }
        kinds
    }

    /// The situations of a cell and the parts that name none (P08).
    pub fn situations(&self, raw: &str) -> (Situations, Vec<String>) {
        let mut known = Set::default();
        let mut unknown = Vec::new();
        for part in matcher::split_outside_brackets(raw) {
            let found = self.situations.find(&part).values;
            if found.is_empty() {
                unknown.push(part);
            }
            found.into_iter().for_each(|s| known.insert(s));
        }
        (known, unknown)
    }

    /// Why a text that names nothing is not recognised, when it uses a word left out on
    /// purpose (五保, 空巢, 微信 …).
    pub fn why_not(&self, raw: &str) -> Option<&str> {
        let parts = || raw.split(['、', ',', '，', ';', '；', '/', ' ']).map(str::trim).filter(|p| !p.is_empty());
        if parts().next().is_some() && parts().all(super::text::is_code) {
            return Some(CODE_NOT_LISTED);
        }
        let k = matcher::key(raw);
        self.unrecognised.iter().find(|(w, _)| k.contains(w.as_str())).map(|(_, why)| why.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocab {
        crate::config::Config::load(None).unwrap().vocab()
    }

    /// (cell, categories, situations its qualifiers carry, parts naming nothing)
    #[test]
    fn categories_inside_longer_wording() {
        let v = vocab();
        let cases: &[(&str, &str, &str, &[&str])] = &[
            ("独居老年人", "独居老人", "", &[]),
            ("空巢独居老人", "独居老人", "", &[]),
            ("独居", "独居老人", "", &[]),
            ("独居老人（半失能）", "独居老人", "半失能", &[]),
            ("独居老人(失能、重病)", "独居老人", "失能、重病", &[]),
            ("分散供养特困人员", "特困人员", "分散特困", &[]),
            ("分散特困人员", "特困人员", "分散特困", &[]),
            ("集中供养特困人员", "特困人员", "", &[]),
            ("留守儿童", "农村留守儿童", "", &[]),
            ("事实无人抚养", "事实无人抚养儿童", "", &[]),
            ("低保户", "低保对象", "", &[]),
            ("城乡低保户", "低保对象", "", &[]),
            ("低保边缘家庭", "低保边缘对象", "", &[]),
            ("低保边缘户", "低保边缘对象", "", &[]),
            ("残疾人（肢体二级）", "困难残疾人", "", &[]),
            ("重度残疾人", "困难残疾人", "重残", &[]),
            ("流浪乞讨人员", "生活无着流浪乞讨人员", "", &[]),
            ("低保户、独居老人，特困; 五保户 独居老年人", "独居老人、特困人员、低保对象", "", &["五保户"]),
            ("孤 儿", "孤儿", "", &[]),
            ("非低保户", "", "", &["非低保户"]),
            ("五保户", "", "", &["五保户"]),
            ("三无人员", "", "", &["三无人员"]),
            ("空巢老人", "", "", &["空巢老人"]),
        ];
        for &(cell, categories, situations, unknown) in cases {
            let k = v.categories(cell);
            assert_eq!(k.categories.join("、"), categories, "{cell}");
            assert_eq!(k.situations.join("、"), situations, "{cell}");
            assert_eq!(k.unknown, unknown, "{cell}");
        }
    }

    #[test]
    fn situations_by_the_words_they_contain() {
        let v = vocab();
        let cases: &[(&str, &str, &[&str])] = &[
            ("失能", "失能", &[]),
            ("失能老人", "失能", &[]),
            ("半失能", "半失能", &[]),
            ("部分失能", "半失能", &[]),
            ("重病（晚期）", "重病", &[]),
            ("重病(癌症晚期)", "重病", &[]),
            ("患病且无自主采购能力", "患病无自主采购能力", &[]),
            ("无自主采购能力", "患病无自主采购能力", &[]),
            ("失能/重病", "失能、重病", &[]),
            ("一般", "其他", &[]),
            ("无", "其他", &[]),
            ("良好", "其他", &[]),
            ("行动不便", "", &["行动不便"]),
            ("失能、耳聋", "失能", &["耳聋"]),
        ];
        for &(cell, known, unknown) in cases {
            let (found, left) = v.situations(cell);
            assert_eq!(found.join("、"), known, "{cell}");
            assert_eq!(left, unknown, "{cell}");
        }
    }

    #[test]
    fn methods_by_the_words_they_contain() {
        let v = vocab();
        let cases: &[(&str, &str)] = &[
            ("入户走访", "入户走访"),
            ("上门走访", "入户走访"),
            ("入户", "入户走访"),
            ("入户走访（送米油）", "入户走访"),
            ("上门探访", "入户走访"),
            ("走访慰问", "入户走访"),
            ("看望", "入户走访"),
            ("家访", "入户走访"),
            ("电话", "电话联系"),
            ("电话慰问3次", "电话联系"),
            ("微信视频", "电话联系"),
            ("视频通话", "电话联系"),
            ("电话+入户", "入户走访、电话联系"),
            ("入户、电话", "入户走访、电话联系"),
            ("入户走访/电话联系", ""),
            ("微信", ""),
            ("短信", ""),
            ("慰问", ""),
        ];
        for &(cell, want) in cases {
            assert_eq!(v.methods(cell).join("、"), want, "{cell}");
        }
    }

    /// The words left out on purpose say why in the fix.
    #[test]
    fn judgement_calls_give_their_reason() {
        let v = vocab();
        for (cell, part) in
            [("微信", "微信文字"), ("五保户", "特困人员"), ("三无人员", "特困人员"), ("空巢老人", "独居")]
        {
            let why = v.why_not(cell).unwrap_or_default();
            assert!(why.contains(part), "{cell}: {why}");
        }
        assert_eq!(v.why_not("行动不便"), None);
    }
}
