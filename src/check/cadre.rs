//! V07: is a volunteer a *current* member of a village's or community's 两委, a 本土人才
//! or a 五职干部? The notice excludes exactly these (名单不含：两委成员、村本土人才、五职干部),
//! so the judgement is about whose post it is and whether it is held now:
//! - a village post word (村委会主任, 社区书记, 两委成员, 本土人才 …) names the village's
//!   organisation by itself;
//! - a party post (党支部书记, 党委书记, 支部委员 …) exists in every organisation: it is the
//!   village's only when the organisation written before it is a 村/社区/居委会, or when no
//!   organisation is written at all (on a village's volunteer list the bare post is read as
//!   the village's, and the fix says to write the employer if it is not);
//! - a post marked as former (原…, 曾任…, …（已退休）, …已卸任) or negated (非两委成员) is not
//!   held now.
//!
//! Every word list is data (templates/defaults.toml), so a district with other wording
//! changes the config, not this file.

use crate::config::Compiled;
use crate::normalize::text;

/// Why a text is judged a current village post: the word found, and whether the post was
/// a party post read as the village's only because no organisation was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cadre {
    pub(crate) word: String,
    pub(crate) assumed_village: bool,
}

/// The texts of one volunteer row that may name a post.
pub(crate) struct PostTexts<'a> {
    pub(crate) role: &'a str,
    pub(crate) employer: &'a str,
    pub(crate) remark: &'a str,
}

/// The current village post one of the row's texts names, and which text (0 role,
/// 1 employer, 2 remark), if any.
pub(crate) fn judge(texts: &PostTexts<'_>, config: &Compiled) -> Option<(usize, Cadre)> {
    let employer = compact(texts.employer);
    let remark = compact(texts.remark);
    // A remark that only says the person left (已退休, 已卸任) speaks of the post written
    // in the role or employer column.
    // "退休" alone may be from teaching ("退休教师"); the other words only end a post.
    let ended = config.ended_post_words.iter().any(|w| w != "退休" && remark.contains(w.as_str()));
    let remark_says_ended = (ended || remark.contains("已退休")) && post_in(&remark, config).is_none();
    for (i, value) in [texts.role, texts.employer, texts.remark].into_iter().enumerate() {
        let own = compact(value);
        let ended_elsewhere = remark_says_ended && i != 2;
        if let Some(cadre) = current_post(&own, &employer, ended_elsewhere, config) {
            return Some((i, cadre));
        }
    }
    None
}

/// The first post in `value` that is a current village post.
fn current_post(value: &str, employer: &str, ended_elsewhere: bool, config: &Compiled) -> Option<Cadre> {
    if value.is_empty() {
        return None;
    }
    for (pos, word, party) in posts(value, config) {
        let (clause, at) = clause_around(value, pos, word.len());
        let lead = &clause[..at];
        let tail = &clause[at + word.len()..];
        let negated = config.negation_words.iter().any(|n| lead.ends_with(n.as_str()));
        let former = has_any(lead, &config.former_post_words)
            || has_any(tail, &config.ended_post_words)
            || ended_right_after(value, pos + word.len(), config)
            || ended_elsewhere;
        if negated || (former && !lead.contains("现任")) {
            continue;
        }
        if !party {
            return Some(Cadre { word, assumed_village: false });
        }
        match organisation(lead, config).or_else(|| organisation(employer, config)) {
            Some(true) => return Some(Cadre { word, assumed_village: false }),
            Some(false) => continue,
            None => return Some(Cadre { word, assumed_village: true }),
        }
    }
    None
}

/// Every post word in `value`: (byte position, the word as configured, is it a party
/// post), in the order they stand, the longest first at one place.
fn posts(value: &str, config: &Compiled) -> Vec<(usize, String, bool)> {
    let mut found: Vec<(usize, String, bool)> = Vec::new();
    for (key, party) in &config.post_keys {
        found.extend(value.match_indices(key.as_str()).map(|(pos, _)| (pos, key.clone(), *party)));
    }
    // post_keys are longest first, and a stable sort keeps that order at one position.
    found.sort_by_key(|(pos, _, _)| *pos);
    found
}

/// Whether a text names a post at all (a remark that names one is judged on its own).
fn post_in(value: &str, config: &Compiled) -> Option<usize> {
    config.post_keys.iter().find_map(|(key, _)| value.find(key.as_str()))
}

/// Whose organisation the text before a post names: Some(true) a village's or
/// community's, Some(false) another organisation's, None when it names none. The word
/// nearest the post decides (社区卫生服务中心 is a centre, 井口街道南溪村 a village).
fn organisation(lead: &str, config: &Compiled) -> Option<bool> {
    let last = |words: &[String]| words.iter().filter_map(|w| lead.rfind(w.as_str()).map(|p| p + w.len())).max();
    match (last(&config.village_org_words), last(&config.other_org_words)) {
        // A tie (居民委员会 and 委员会 end together) is the village's.
        (Some(v), Some(o)) => Some(v >= o),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        (None, None) => None,
    }
}

/// The clause of `value` holding the `len` bytes at `pos` (a post word, which may hold a
/// bracket itself: 村(居)委委员), and `pos` inside it. Clauses end at punctuation, so
/// "曾任村委会委员，现任村小学教师" is two.
fn clause_around(value: &str, pos: usize, len: usize) -> (&str, usize) {
    let start =
        value[..pos].rfind(is_break).map(|i| i + value[i..].chars().next().map_or(1, char::len_utf8)).unwrap_or(0);
    let end = value[pos + len..].find(is_break).map(|i| pos + len + i).unwrap_or(value.len());
    (&value[start..end], pos - start)
}

/// "村委会主任(已退休)": a bracket right after the post that says it ended.
fn ended_right_after(value: &str, end: usize, config: &Compiled) -> bool {
    let rest = &value[end..];
    let Some(inner) = rest.strip_prefix('(') else { return false };
    let inner = &inner[..inner.find(')').unwrap_or(inner.len())];
    has_any(inner, &config.ended_post_words)
}

fn is_break(c: char) -> bool {
    matches!(c, ',' | ';' | '。' | '、' | '(' | ')' | '/' | '|' | '\n' | '，' | '；' | '（' | '）')
}

fn has_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| !w.is_empty() && text.contains(w.as_str()))
}

/// Folded (full-width brackets and commas become ASCII), without white space, as the
/// post words are keyed.
fn compact(value: &str) -> String {
    text::header_key(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(role: &str, employer: &str, remark: &str) -> Option<String> {
        let config = crate::config::Config::load(None).unwrap().compile();
        judge(&PostTexts { role, employer, remark }, &config).map(|(_, c)| c.word)
    }

    /// What a district clerk expects of the role, employer and remark columns.
    #[test]
    fn village_posts_held_now_and_nothing_else() {
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            // Village and community posts held now.
            ("两委成员", "", "", Some("两委成员")),
            ("村两委委员", "", "", Some("两委")),
            ("村（居）委委员", "", "", Some("村(居)委委员")),
            ("", "井口村村委会", "村委会副主任", Some("村委会副主任")),
            ("村支书", "", "", Some("村支书")),
            ("井口村党支部书记", "", "", Some("党支部书记")),
            ("", "沙坪坝区井口街道南溪村", "党总支副书记", Some("党总支副书记")),
            ("党支部书记", "南溪村", "", Some("党支部书记")),
            ("社区居委会委员", "", "", Some("居委会委员")),
            ("美丽家园社区党委委员", "", "", Some("党委委员")),
            ("村本土人才", "", "", Some("村本土人才")),
            ("五职干部", "", "", Some("五职干部")),
            ("退休教师，现任村委会委员", "", "", Some("村委会委员")),
            ("党支部书记", "", "", Some("党支部书记")),
            // Other organisations' party posts.
            ("", "重庆某机械有限公司党委书记", "", None),
            ("党支部书记", "重庆大学", "", None),
            ("社区卫生服务中心党支部书记", "", "", None),
            ("村小学党支部书记", "", "", None),
            ("井口街道党工委委员", "", "", None),
            ("医院党委副书记", "", "", None),
            // Former posts.
            ("", "", "原村委会主任（已退休）", None),
            ("曾任井口村党支部书记", "", "", None),
            ("村委会主任", "", "已退休", None),
            ("村委会主任", "", "退休教师", Some("村委会主任")),
            // The remark's own post ended, not the role's.
            ("村委会委员", "", "原村支书（已卸任）", Some("村委会委员")),
            ("社区主任（2021年已卸任）", "", "", None),
            ("前任村支书", "", "", None),
            // The end said after the post, in its own clause, before the next one begins.
            ("村委会委员已离任，现为志愿者", "", "", None),
            ("村委会委员已离任，现任村委会主任", "", "", Some("村委会主任")),
            // Negations and posts that are not 两委.
            ("非两委成员", "", "", None),
            ("不是两委", "", "", None),
            ("网格员", "", "", None),
            ("楼栋长", "", "", None),
            ("村民小组长", "", "", None),
            ("卫生室主任", "", "", None),
            ("退休教师", "", "", None),
            ("", "", "", None),
        ];
        for (role, employer, remark, want) in cases {
            assert_eq!(verdict(role, employer, remark).as_deref(), *want, "{role} | {employer} | {remark}");
        }
    }

    #[test]
    fn a_bare_party_post_is_read_as_the_villages_and_says_so() {
        let config = crate::config::Config::load(None).unwrap().compile();
        let texts = PostTexts { role: "党支部书记", employer: "", remark: "" };
        assert_eq!(judge(&texts, &config).map(|(i, c)| (i, c.assumed_village)), Some((0, true)));
        let texts = PostTexts { role: "井口村党支部书记", employer: "", remark: "" };
        assert_eq!(judge(&texts, &config).map(|(i, c)| (i, c.assumed_village)), Some((0, false)));
    }
}
