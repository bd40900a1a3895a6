//! The rules in force: built-in defaults (templates/defaults.toml, compiled in) with the
//! keys of a `--config` file laid over them, validated before any input is read.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::ingest::layout::Headers;
use crate::model::rows::Field;
use crate::model::vocab::{Categories, Category, Method, RuleId, Situation, Situations};
use crate::normalize::text;

const DEFAULTS: &str = include_str!("../templates/defaults.toml");

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub district: String,
    pub feedback_deadline: String,
    /// A compliance rate below this is marked red in 总览 (0.9 = 90%).
    pub attention_rate: f64,
    pub min_volunteers_per_village: u32,
    pub max_volunteer_age: i32,
    pub min_volunteer_age: i32,
    pub max_rows_per_sheet: u32,
    /// MiB one file may take to read (its declared size), F05 beyond.
    pub max_file_memory_mb: u64,
    pub visit_counts_as_call: bool,
    pub excluded_role_words: Vec<String>,
    pub negation_words: Vec<String>,
    pub other_places: Vec<String>,
    pub townships: BTreeMap<String, Vec<String>>,
    /// Header aliases by field (SPEC §2); a `--config` file replaces a field's list, not the table.
    pub header_aliases: BTreeMap<Field, Vec<String>>,
    pub category_synonyms: BTreeMap<Category, Vec<String>>,
    pub method_synonyms: BTreeMap<Method, Vec<String>>,
    pub situation_synonyms: BTreeMap<Situation, Vec<String>>,
    /// Words that name no category or method on purpose, with the reason the fix gives.
    pub unrecognised_words: BTreeMap<String, String>,
    /// The template's example text of the method column: never a method.
    pub method_placeholders: Vec<String>,
    pub rules: Vec<Rule>,
    /// `excluded_role_words` as matched, the longest first: built once, read by every row.
    #[serde(skip)]
    role_keys: std::sync::OnceLock<Vec<(String, usize)>>,
    /// The townships in the order the config writes them (the official order), which
    /// 总览 and the feedback files follow.
    #[serde(skip)]
    pub township_order: Vec<String>,
    /// `header_aliases` as matched: built once, read by every sheet.
    #[serde(skip)]
    headers: std::sync::OnceLock<Headers>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: RuleId,
    pub who: Who,
    pub label: String,
    pub unit: Unit,
    pub text: String,
    pub requirements: Vec<Requirement>,
}

/// To whom a rule applies (see templates/defaults.toml).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Who {
    pub categories: Categories,
    #[serde(default)]
    pub situations: Situations,
    #[serde(default)]
    pub also_categories: Categories,
    /// Rules that, when they apply, keep this one from applying.
    #[serde(default)]
    pub unless: Vec<RuleId>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Day,
    Week,
    Month,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Day => "日",
            Unit::Week => "自然周",
            Unit::Month => "自然月",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub metric: Metric,
    pub min: u32,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    CallDays,
    VisitDays,
    ContactDays,
    CallsWithVisitCredit,
}

impl Metric {
    pub fn label(self) -> &'static str {
        match self {
            Metric::CallDays => "电话天数",
            Metric::VisitDays => "入户天数",
            Metric::ContactDays => "联系天数",
            Metric::CallsWithVisitCredit => "电话天数（入户可顶电话）",
        }
    }
}

impl Config {
    /// The built-in defaults, overridden by `path` when given.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let mut merged: toml::Table = DEFAULTS.parse().context("内置默认配置有误")?;
        if let Some(path) = path {
            let text = std::fs::read_to_string(path).with_context(|| format!("无法读取配置文件 {}", path.display()))?;
            let user: toml::Table =
                text.parse().with_context(|| format!("配置文件 {} 不是有效的 TOML", path.display()))?;
            for (key, value) in user {
                match (key.as_str(), value, merged.get_mut(&key)) {
                    // One field's aliases replace that field's list; the others stay.
                    ("header_aliases", toml::Value::Table(fields), Some(toml::Value::Table(defaults))) => {
                        defaults.extend(fields);
                    }
                    (_, value, _) => {
                        merged.insert(key, value);
                    }
                }
            }
        }
        // Going back through text keeps the offending line in the error, so the message
        // names the key even for a value of the wrong type.
        let order: Vec<String> = match merged.get("townships") {
            Some(toml::Value::Table(t)) => t.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let merged = toml::to_string(&merged).context("配置无法合并")?;
        let mut config: Config =
            toml::from_str(&merged).map_err(|e| anyhow::anyhow!("配置项有误：{}", e.to_string().trim()))?;
        config.township_order = order.iter().map(|t| text::fold(t)).collect();
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        if self.district.trim().is_empty() {
            bail!("配置项 district（本区名称）不能为空");
        }
        if self.max_volunteer_age <= 0 || self.max_volunteer_age > 120 {
            bail!("配置项 max_volunteer_age 应在 1 到 120 之间，现为 {}", self.max_volunteer_age);
        }
        if self.min_volunteer_age < 0 || self.min_volunteer_age > self.max_volunteer_age {
            bail!(
                "配置项 min_volunteer_age 应在 0 到 max_volunteer_age（{}）之间，现为 {}",
                self.max_volunteer_age,
                self.min_volunteer_age
            );
        }
        if !(0.0..=1.0).contains(&self.attention_rate) {
            bail!("配置项 attention_rate 应在 0 到 1 之间（0.9 即 90%），现为 {}", self.attention_rate);
        }
        if self.max_file_memory_mb == 0 {
            bail!("配置项 max_file_memory_mb 必须大于 0");
        }
        if self.max_rows_per_sheet == 0 {
            bail!("配置项 max_rows_per_sheet 必须大于 0");
        }
        use crate::ingest::layout::required;
        use crate::model::SheetKind;
        let kinds = [SheetKind::Volunteers, SheetKind::Visits, SheetKind::Roster, SheetKind::Divisions];
        for field in kinds.iter().flat_map(|k| required(*k)) {
            if self.header_aliases.get(field).is_none_or(|words| words.iter().all(|w| w.trim().is_empty())) {
                bail!("配置项 header_aliases 中必填列“{}”没有任何表头写法，这类表将无法识别", field.label());
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for rule in &self.rules {
            if !seen.insert(&rule.id) {
                bail!("配置项 rules 中规则 {} 重复出现", rule.id);
            }
            if rule.requirements.is_empty() {
                bail!("配置项 rules 中规则 {} 没有任何要求（requirements）", rule.id);
            }
            if rule.who.categories.is_empty() {
                bail!("配置项 rules 中规则 {} 的 who.categories 为空：规则不适用于任何人", rule.id);
            }
        }
        for rule in &self.rules {
            if let Some(other) = rule.who.unless.iter().find(|id| !seen.contains(id)) {
                bail!("配置项 rules 中规则 {} 的 who.unless 指向不存在的规则 {other}", rule.id);
            }
        }
        Ok(())
    }

    /// Each excluded role word's matching key with its index, the longest first.
    pub fn role_keys(&self) -> &[(String, usize)] {
        self.role_keys.get_or_init(|| {
            let mut keys: Vec<(String, usize)> =
                self.excluded_role_words.iter().enumerate().map(|(i, w)| (text::header_key(w), i)).collect();
            keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
            keys
        })
    }

    /// The header aliases as matched (SPEC §2).
    pub fn headers(&self) -> &Headers {
        self.headers.get_or_init(|| Headers::new(&self.header_aliases))
    }

    /// The township a configured village belongs to, when exactly one claims it.
    pub fn township_of_village(&self, village: &str) -> Option<&str> {
        let mut found = self.townships.iter().filter(|(_, villages)| villages.iter().any(|v| text::fold(v) == village));
        let (first, _) = found.next()?;
        found.next().is_none().then_some(first.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_temp(content: &str) -> tempfile::NamedTempFile {
        use std::io::Write;
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(content.as_bytes()).unwrap();
        f
    }

    #[test]
    fn defaults_load() {
        let c = Config::load(None).unwrap();
        assert_eq!(c.min_volunteers_per_village, 30);
        assert_eq!(c.max_volunteer_age, 65);
        assert_eq!(c.rules.len(), 7);
    }

    #[test]
    fn override_one_key() {
        let f = write_temp("min_volunteers_per_village = 20\n");
        let c = Config::load(Some(f.path())).unwrap();
        assert_eq!(c.min_volunteers_per_village, 20);
        assert_eq!(c.max_volunteer_age, 65);
    }

    #[test]
    fn header_aliases_are_overridden_field_by_field() {
        let f = write_temp("[header_aliases]\nworker = [\"包户干部\"]\n");
        let c = Config::load(Some(f.path())).unwrap();
        assert_eq!(c.header_aliases[&Field::Worker], vec!["包户干部".to_string()]);
        assert!(c.header_aliases[&Field::Name].contains(&"姓名".to_string()), "other fields keep the defaults");
        let f = write_temp("[header_aliases]\nname = []\n");
        let err = format!("{:#}", Config::load(Some(f.path())).unwrap_err());
        assert!(err.contains("header_aliases") && err.contains("姓名"), "{err}");
        let f = write_temp("[header_aliases]\nnickname = [\"昵称\"]\n");
        assert!(Config::load(Some(f.path())).is_err(), "an unknown field is refused");
    }

    #[test]
    fn unknown_key_is_named() {
        let f = write_temp("min_volunteer_per_village = 20\n");
        let err = format!("{:#}", Config::load(Some(f.path())).unwrap_err());
        assert!(err.contains("min_volunteer_per_village"), "{err}");
    }

    #[test]
    fn bad_value_is_named() {
        let f = write_temp("max_volunteer_age = \"六十五\"\n");
        let err = format!("{:#}", Config::load(Some(f.path())).unwrap_err());
        assert!(err.contains("max_volunteer_age"), "{err}");
        let f = write_temp("min_volunteer_age = 70\n");
        let err = format!("{:#}", Config::load(Some(f.path())).unwrap_err());
        assert!(err.contains("min_volunteer_age"), "{err}");
    }

    /// Each vocabulary word of the config must be one the program knows: a misspelt
    /// canonical method would otherwise drop every visit, a misspelt category every rule.
    #[test]
    fn unknown_vocabulary_and_rule_ids_are_refused_with_the_key() {
        let cases = [
            ("[method_synonyms]\n\"入户探访\" = [\"入户\"]\n", "关爱方式", "入户探访"),
            ("[category_synonyms]\n\"五保户\" = []\n", "类别", "五保户"),
            ("[situation_synonyms]\n\"瘫痪\" = []\n", "独居老人情形", "瘫痪"),
            (
                "[[rules]]\nid = \"x\"\nwho = { categories = [\"五保老人\"] }\nlabel = \"x\"\nunit = \"week\"\ntext = \"x\"\nrequirements = [{ metric = \"contact_days\", min = 1 }]\n",
                "类别",
                "五保老人",
            ),
            (
                "[[rules]]\nid = \"x\"\nwho = { categories = [\"孤儿\"], unless = [\"children_weekly\"] }\nlabel = \"x\"\nunit = \"week\"\ntext = \"x\"\nrequirements = [{ metric = \"contact_days\", min = 1 }]\n",
                "unless",
                "children_weekly",
            ),
        ];
        for (text, key, word) in cases {
            let f = write_temp(text);
            let err = format!("{:#}", Config::load(Some(f.path())).unwrap_err());
            assert!(err.contains(key) && err.contains(word), "{text}: {err}");
        }
    }
}
