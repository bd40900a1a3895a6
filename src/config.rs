//! The rules in force: built-in defaults (templates/defaults.toml, compiled in) with the
//! keys of a `--config` file laid over them, validated before any input is read.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::model::rows::Field;
use crate::model::schema::Headers;
use crate::normalize::kinds::{Categories, Category, Method, RuleId, Situation, Situations};
use crate::normalize::text;

const DEFAULTS: &str = include_str!("../templates/defaults.toml");

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub(crate) district: String,
    pub(crate) feedback_deadline: String,
    /// A compliance rate below this is marked red in 总览 (0.9 = 90%).
    pub(crate) attention_rate: f64,
    pub(crate) min_volunteers_per_village: u32,
    pub(crate) max_volunteer_age: i32,
    pub(crate) min_volunteer_age: i32,
    pub max_rows_per_sheet: u32,
    /// MiB one file may take to read (its declared size), F05 beyond.
    pub max_file_memory_mb: u64,
    pub(crate) visit_counts_as_call: bool,
    /// V07 (check/cadre.rs): posts that are a village's or community's by themselves.
    pub(crate) excluded_role_words: Vec<String>,
    /// Party posts that every organisation has: V07 only when the organisation is a village's.
    pub(crate) party_post_words: Vec<String>,
    pub(crate) village_org_words: Vec<String>,
    pub(crate) other_org_words: Vec<String>,
    /// Before a post: it was held once (原, 曾任); after it: it ended (已退休, 已卸任).
    pub(crate) former_post_words: Vec<String>,
    pub(crate) ended_post_words: Vec<String>,
    pub(crate) negation_words: Vec<String>,
    pub(crate) other_places: Vec<String>,
    pub(crate) townships: BTreeMap<String, Vec<String>>,
    /// Header aliases by field (SPEC §2); a `--config` file replaces a field's list, not the table.
    pub(crate) header_aliases: BTreeMap<Field, Vec<String>>,
    pub(crate) category_synonyms: BTreeMap<Category, Vec<String>>,
    pub(crate) method_synonyms: BTreeMap<Method, Vec<String>>,
    pub(crate) situation_synonyms: BTreeMap<Situation, Vec<String>>,
    /// Words that name no category or method on purpose, with the reason the fix gives.
    pub(crate) unrecognised_words: BTreeMap<String, String>,
    /// The template's example text of the method column: never a method.
    pub(crate) method_placeholders: Vec<String>,
    pub(crate) rules: Vec<Rule>,
    /// The townships in the order the config writes them (the official order), which
    /// 总览 and the feedback files follow.
    #[serde(skip)]
    pub(crate) township_order: Vec<String>,
}

/// A configuration compiled for a run, once, before any file is opened: the header
/// matcher, the vocabulary and the post-word keys every sheet and row is read with, beside
/// the plain settings (which it derefs to).
#[derive(Debug, Clone)]
pub struct Compiled {
    config: Config,
    /// `header_aliases` as matched (SPEC §2).
    pub(crate) headers: Headers,
    /// The closed vocabularies' matcher (SPEC §3).
    pub(crate) vocab: crate::normalize::vocab::Vocab,
    /// The post words as matched, each with whether it is a party post, the longest first.
    pub(crate) post_keys: Vec<(String, bool)>,
}

impl std::ops::Deref for Compiled {
    type Target = Config;
    fn deref(&self) -> &Config {
        &self.config
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rule {
    pub(crate) id: RuleId,
    pub(crate) who: Who,
    pub(crate) label: String,
    pub(crate) unit: Unit,
    pub(crate) text: String,
    pub(crate) requirements: Vec<Requirement>,
}

/// To whom a rule applies (see templates/defaults.toml).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct Who {
    pub(crate) categories: Categories,
    #[serde(default)]
    pub(crate) situations: Situations,
    #[serde(default)]
    pub(crate) also_categories: Categories,
    /// Rules that, when they apply, keep this one from applying.
    #[serde(default)]
    pub(crate) unless: Vec<RuleId>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
}

impl Unit {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Unit::Day => "日",
            Unit::Week => "自然周",
            Unit::Month => "自然月",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Requirement {
    pub(crate) metric: Metric,
    pub(crate) min: u32,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Metric {
    CallDays,
    VisitDays,
    ContactDays,
    CallsWithVisitCredit,
}

impl Metric {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Metric::CallDays => "电话天数",
            Metric::VisitDays => "入户天数",
            Metric::ContactDays => "联系天数",
            Metric::CallsWithVisitCredit => "电话天数（入户可顶电话）",
        }
    }
}

impl Config {
    /// The closed vocabularies' matcher, compiled from the word lists (SPEC §3).
    pub fn vocab(&self) -> crate::normalize::vocab::Vocab {
        crate::normalize::vocab::Vocab::new(&crate::normalize::vocab::Words {
            categories: &self.category_synonyms,
            methods: &self.method_synonyms,
            situations: &self.situation_synonyms,
            unrecognised: &self.unrecognised_words,
            placeholders: &self.method_placeholders,
        })
    }

    /// The built-in defaults, overridden by `path` when given. Every error names the file,
    /// the key and the line where the key is written (SPEC §6); a file saved by Notepad in
    /// GBK/GB18030 or UTF-16 is read as such.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let defaults: toml::Table = DEFAULTS.parse().context("内置默认配置有误")?;
        let Some(path) = path else {
            return Config::from_table(defaults).map_err(|e| anyhow::anyhow!("内置默认配置有误：{}", e.message()));
        };
        let file = crate::say::path(path);
        let bytes = std::fs::read(path).with_context(|| format!("无法读取配置文件{file}"))?;
        let text = decode_text(&bytes).ok_or_else(|| {
            anyhow::anyhow!("配置文件{file}的编码无法识别：请用记事本打开，选“另存为”，编码选 UTF-8 后保存")
        })?;
        let user: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e.span().map_or(1, |s| line_at(&text, s.start));
            let written = text.lines().nth(line - 1).unwrap_or_default().trim();
            anyhow::anyhow!(
                "配置文件{file}第 {line} 行写法有误：“{written}”。每项写成 名称 = 值，文字加英文双引号（如 district = \"沙坪坝区\"），列表写成 [\"甲\", \"乙\"]"
            )
        })?;
        let at = |key: &str| key_line(&text, key, 0).map(|l| format!("第 {l} 行")).unwrap_or_default();
        for key in user.keys() {
            if !defaults.contains_key(key) {
                let hint = closest(key, defaults.keys().map(String::as_str))
                    .map(|k| format!("，是否想写 {k}{}？", describe(k).map(|d| format!("（{d}）")).unwrap_or_default()))
                    .unwrap_or_else(|| "。可用的配置项见 guanai 自带的默认配置（templates/defaults.toml）".into());
                bail!("配置文件{file}{}：没有“{key}”这个配置项{hint}", at(key));
            }
        }
        // Each key laid over the defaults on its own: the first that does not fit is named.
        for (key, value) in &user {
            let mut one = defaults.clone();
            overlay(&mut one, key, value.clone());
            if let Err(e) = Config::from_table(one) {
                let (what, nested_line) = explain_value_error(e.message());
                let line = nested_line
                    .and_then(|word| key_line(&text, &word, key_line(&text, key, 0).unwrap_or(1)))
                    .map(|l| format!("第 {l} 行"))
                    .unwrap_or_else(|| at(key));
                bail!("配置文件{file}{line}：配置项 {key} {what}");
            }
        }
        let mut merged = defaults;
        for (key, value) in user.iter() {
            overlay(&mut merged, key, value.clone());
        }
        let config = Config::from_table(merged).map_err(|e| anyhow::anyhow!("配置文件{file}有误：{}", e.message()))?;
        config.validate().map_err(|e| {
            let key = user.keys().find(|k| e.to_string().contains(k.as_str()));
            let line = key.map(|k| at(k)).unwrap_or_default();
            anyhow::anyhow!("配置文件{file}{line}：{e}")
        })?;
        Ok(config)
    }

    /// The config a merged table describes, the townships' order kept.
    fn from_table(table: toml::Table) -> std::result::Result<Config, toml::de::Error> {
        let order: Vec<String> = match table.get("townships") {
            Some(toml::Value::Table(t)) => t.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let mut config: Config = toml::Value::Table(table).try_into()?;
        config.township_order = order.iter().map(|t| text::fold(t)).collect();
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
        use crate::model::schema::required;
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

    /// Compiles the settings for a run (done once, by the command layer, before any input
    /// is opened).
    pub fn compile(self) -> Compiled {
        let village = self.excluded_role_words.iter().map(|w| (text::header_key(w), false));
        let party = self.party_post_words.iter().map(|w| (text::header_key(w), true));
        let mut post_keys: Vec<(String, bool)> = village.chain(party).filter(|(k, _)| !k.is_empty()).collect();
        post_keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        Compiled { headers: Headers::new(&self.header_aliases), vocab: self.vocab(), post_keys, config: self }
    }
}

/// A user key laid over the defaults: one field's aliases replace that field's list, the
/// other fields keep theirs; any other key replaces the default.
fn overlay(table: &mut toml::Table, key: &str, value: toml::Value) {
    match (key, value, table.get_mut(key)) {
        ("header_aliases", toml::Value::Table(fields), Some(toml::Value::Table(defaults))) => defaults.extend(fields),
        (_, value, _) => {
            table.insert(key.to_string(), value);
        }
    }
}

/// A text file as Notepad may have saved it: UTF-8 (with or without BOM), UTF-16 with
/// BOM, or GBK/GB18030 (Notepad's old default on Chinese Windows). None when none fits.
pub(crate) fn decode_text(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).ok().map(str::to_string);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(bytes);
        return (!bad).then(|| text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).map(|t| t.into_owned())
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The 1-based line, after line `after`, where `key` is written as a key (`key =`,
/// `"key" =`, `[key]`, `[[key]]`, `[key.x]`).
fn key_line(text: &str, key: &str, after: usize) -> Option<usize> {
    text.lines().enumerate().skip(after).find_map(|(i, line)| {
        let l = line.trim_start().trim_start_matches('[').trim_start_matches('[');
        let l = l.strip_prefix('"').unwrap_or(l);
        let rest = l.strip_prefix(key)?;
        let rest = rest.strip_prefix('"').unwrap_or(rest).trim_start();
        (rest.starts_with('=') || rest.starts_with(']') || rest.starts_with('.')).then_some(i + 1)
    })
}

/// The default config's key nearest to a misspelt one, when it is near.
fn closest<'a>(key: &str, keys: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let distance = |a: &str, b: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut prev = row[0];
            row[0] = i;
            for j in 1..=b.len() {
                let here = row[j];
                row[j] = (prev + usize::from(a[i - 1] != b[j - 1])).min(row[j] + 1).min(row[j - 1] + 1);
                prev = here;
            }
        }
        row[b.len()]
    };
    // A key cut short (min_volunters for min_volunteers_per_village) is compared with the
    // same length of each candidate too.
    let near = |k: &str| {
        let head: String = k.chars().take(key.chars().count() + 1).collect();
        distance(key, k).min(distance(key, &head))
    };
    let (best, d) = keys.map(|k| (k, near(k))).min_by_key(|(_, d)| *d)?;
    (d <= (key.chars().count() / 4).clamp(1, 3)).then_some(best)
}

/// What the built-in config's comment right above `key` says of it.
fn describe(key: &str) -> Option<String> {
    let lines: Vec<&str> = DEFAULTS.lines().collect();
    let at = key_line(DEFAULTS, key, 0)?;
    let mut i = at.checked_sub(2)?;
    let mut comment = None;
    while let Some(line) = lines.get(i).and_then(|l| l.trim().strip_prefix('#')) {
        comment = Some(line.trim().trim_end_matches('。').to_string());
        i = i.checked_sub(1)?;
        if lines.get(i).is_none_or(|l| !l.trim().starts_with('#')) {
            break;
        }
    }
    comment.filter(|c| !c.is_ascii())
}

/// A value error from the deserializer in Chinese, and the nested key it names if any
/// (an unknown field inside [[rules]]). Messages the vocabulary already words in Chinese
/// are kept.
fn explain_value_error(message: &str) -> (String, Option<String>) {
    let quoted = |after: &str| {
        let rest = &message[message.find(after)? + after.len()..];
        Some(rest[..rest.find('`')?].to_string())
    };
    let english = ["invalid", "unknown", "missing", "duplicate", "expected"].iter().any(|w| message.starts_with(w));
    if !english {
        return (format!("有误：{}", message.trim()), None);
    }
    if let Some(field) = quoted("unknown field `") {
        return (format!("中没有“{field}”这一项"), Some(field));
    }
    if let Some(field) = quoted("missing field `") {
        return (format!("中缺少“{field}”这一项"), None);
    }
    if let Some(variant) = quoted("unknown variant `") {
        return (format!("中的“{variant}”不是可用的取值"), None);
    }
    let expected = message.rsplit("expected ").next().unwrap_or_default();
    let want = if ["i32", "u32", "u64", "i64", "integer"].iter().any(|t| expected.contains(t)) {
        "整数（如 30）"
    } else if ["f64", "f32", "float"].iter().any(|t| expected.contains(t)) {
        "数字（如 0.9）"
    } else if expected.contains("bool") {
        "true 或 false"
    } else if expected.contains("string") || expected.contains("char") {
        "加英文双引号的文字（如 \"沙坪坝区\"）"
    } else if expected.contains("sequence") {
        "列表（如 [\"两委成员\", \"五职干部\"]）"
    } else if expected.contains("map") || expected.contains("struct") || expected.contains("table") {
        "一组“名称 = 值”（一个表）"
    } else {
        ""
    };
    if want.is_empty() {
        ("的值有误".to_string(), None)
    } else {
        (format!("的值类型不对，应为{want}"), None)
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
    fn the_shipped_example_config_loads_and_sets_the_deadline() {
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/配置示例.toml");
        let mut text = std::fs::read_to_string(example).unwrap();
        text = text.replace("feedback_deadline = \"\"", "feedback_deadline = \"2023年2月3日17点前\"");
        let f = write_temp(&text);
        let c = Config::load(Some(f.path())).unwrap();
        assert_eq!(c.feedback_deadline, "2023年2月3日17点前");
        assert_eq!(c.min_volunteers_per_village, 30);
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
