//! Volunteer rows (附件1): V01–V14. `check_row` judges a row alone; `cross_check`
//! looks across every list of the run (exclusions V08, duplicates V09/V10).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::Places;
use crate::config::Config;
use crate::model::rows::Field;
use crate::model::rows::{IdCell, Record, VolunteerFields};
use crate::model::{Code, Excluded, Issue};
use crate::normalize::{date, idcard, phone};

use crate::model::checked::VolunteerChecked;
use crate::model::Outcome;

/// Judges one row against the rules that need nothing but the row itself.
pub fn check_row(record: Record<VolunteerFields>, config: &Config, reference: NaiveDate) -> VolunteerChecked {
    let mut issues = Vec::new();
    let v = &record.data;
    let mut push = |code: Code, field: Option<Field>, value: &str, message: String, suggestion: &str| {
        issues.push(record.issue(code, field, &v.name, value, message, suggestion));
    };

    for (field, value, label) in
        [(Field::Name, v.name.as_str(), "姓名"), (Field::Address, v.address.as_str(), "居住地址")]
    {
        if value.is_empty() {
            push(Code::V01, Some(field), "", format!("{label}为空"), "请补填后重新提交");
        }
    }

    let (id, birth) = match v.id.as_ref().unwrap_or(&IdCell::Empty) {
        IdCell::Empty => {
            push(Code::V01, Some(Field::IdNumber), "", "身份证号码为空".into(), "请补填18位身份证号码");
            (None, None)
        }
        IdCell::Number(n) if n.abs() >= 1e14 => {
            let shown = format!("{n:.0}");
            push(
                Code::V03,
                Some(Field::IdNumber),
                &shown,
                "身份证号码以数字格式保存，Excel 只保留15位有效数字，后几位已变成0，无法核对".into(),
                "请把该列设为“文本”格式，重新录入完整的18位号码（或在号码前加英文单引号'）",
            );
            (None, None)
        }
        cell => match idcard::parse(&cell.display()) {
            Ok(parsed) => (Some(parsed.value.clone()), Some(parsed)),
            Err(err) => {
                push(
                    Code::V02,
                    Some(Field::IdNumber),
                    &cell.display(),
                    err.describe(),
                    "请对照身份证核对号码后重新填写",
                );
                (None, None)
            }
        },
    };

    let age = birth.as_ref().map(|b| idcard::full_years(b.birth, reference));
    if let Some(age) = age {
        let max = config.max_volunteer_age;
        if age > max {
            push(
                Code::V04,
                Some(Field::IdNumber),
                id.as_deref().unwrap_or(""),
                format!(
                    "按身份证号码，截至{}已满{age}周岁，超过{max}周岁（通知要求{max}周岁以下）",
                    reference.format("%Y年%-m月%-d日")
                ),
                "不能计为社会工作者，请从名单中删除或更换人员",
            );
        } else if age < config.min_volunteer_age {
            push(
                Code::V13,
                Some(Field::IdNumber),
                id.as_deref().unwrap_or(""),
                format!("截至{}未满{}周岁（{age}周岁）", reference.format("%Y年%-m月%-d日"), config.min_volunteer_age),
                "仍计入人数；请确认未成年人参与服务已征得监护人同意",
            );
        }
    }
    if let Some(b) = &birth {
        check_consistency(v, b, &mut push);
    }

    check_address(v, &record.township, &record.village, config, &mut push);
    check_role(v, config, &mut push);

    if v.phone.is_empty() {
        push(Code::V11, Some(Field::Phone), "", "联系电话为空".into(), "请补填手机号码或固定电话");
    } else if phone::parse(&v.phone).is_none() {
        push(
            Code::V11,
            Some(Field::Phone),
            &v.phone,
            "联系电话不是有效的手机号码（11位）或固定电话（7–8位，可带区号）".into(),
            "请核对后重新填写",
        );
    }

    let outcome = Outcome::from_issues(&issues);
    let gender = birth.as_ref().map(|b| if b.male { "男" } else { "女" });
    VolunteerChecked { id, birth: birth.map(|b| b.birth), gender, age, record, issues, outcome }
}

type Push<'a> = dyn FnMut(Code, Option<Field>, &str, String, &str) + 'a;

fn check_consistency(v: &VolunteerFields, id: &idcard::IdNumber, push: &mut Push<'_>) {
    let gender = match v.gender.as_str() {
        "男" => Some(true),
        "女" => Some(false),
        _ => None,
    };
    if let Some(male) = gender {
        if male != id.male {
            push(
                Code::V12,
                Some(Field::Gender),
                &v.gender,
                format!("性别填写为“{}”，但身份证号码显示为{}", v.gender, if id.male { "男" } else { "女" }),
                "请核对性别或身份证号码",
            );
        }
    }
    if let Some(cell) = &v.birth_date {
        use chrono::Datelike;
        let written = match cell {
            crate::model::Cell::Date(d) => Some((d.year(), d.month(), Some(d.day()))),
            other => date::parse_year_month(&other.display()),
        };
        let b = id.birth;
        let agrees = match written {
            Some((y, m, d)) => y == b.year() && m == b.month() && d.is_none_or(|d| d == b.day()),
            None => false,
        };
        if !agrees {
            push(
                Code::V12,
                Some(Field::BirthDate),
                &cell.display(),
                format!("出生年月“{}”与身份证号码中的出生日期 {} 不一致", cell.display(), b.format("%Y年%-m月%-d日")),
                "请核对出生年月或身份证号码",
            );
        }
    }
}

fn check_address(v: &VolunteerFields, township: &str, village: &str, config: &Config, push: &mut Push<'_>) {
    let address = v.address.as_str();
    if address.is_empty() {
        return;
    }
    let compact = crate::normalize::text::name(address);
    if let Some(place) = config.other_places.iter().find(|p| compact.contains(p.as_str())) {
        push(
            Code::V05,
            Some(Field::Address),
            address,
            format!("居住地址在{place}，不在{}（通知要求居住在本辖区内）", config.district),
            "不能计为社会工作者；如地址填错请更正",
        );
        return;
    }
    let other_township = config
        .townships
        .keys()
        .filter(|t| t.as_str() != township && compact.contains(t.as_str()))
        .max_by_key(|t| t.len());
    let names_district = compact.contains(config.district.as_str())
        || config.townships.keys().any(|t| compact.contains(t.as_str()))
        || config.townships.values().flatten().any(|v| !v.is_empty() && compact.contains(v.as_str()))
        || (!township.is_empty() && compact.contains(township))
        || (!village.is_empty() && compact.contains(village));
    if !names_district {
        push(
            Code::V06,
            Some(Field::Address),
            address,
            format!("居住地址中没有“{}”或本区镇（街道）名称，无法确认居住在本区", config.district),
            "请补全地址（写明区、镇街、村社区），确认居住在本区",
        );
    } else if let Some(other) = other_township {
        if township.is_empty() || !compact.contains(township) {
            push(
                Code::V14,
                Some(Field::Address),
                address,
                format!("居住地址在{other}，不是报送单位{township}"),
                "仍计入人数；请确认该人员是否在本镇（街道）参与服务",
            );
        }
    }
}

fn check_role(v: &VolunteerFields, config: &Config, push: &mut Push<'_>) {
    for (field, value) in [(Field::Role, &v.role), (Field::Employer, &v.employer), (Field::Remark, &v.remark)] {
        if let Some(word) = excluded_word(value, config) {
            push(
                Code::V07,
                Some(field),
                value,
                format!("填写为“{value}”，属于{word}，按通知不得列入社会工作者名单"),
                "请从名单中删除，另行补充符合条件的人员",
            );
            return;
        }
    }
}

/// The excluded role word a text names, unless a negation stands right before it.
pub fn excluded_word<'c>(value: &str, config: &'c Config) -> Option<&'c str> {
    let compact = crate::normalize::text::header_key(value);
    let mut words: Vec<&String> = config.excluded_role_words.iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for word in words {
        let key = crate::normalize::text::header_key(word);
        for (pos, _) in compact.match_indices(key.as_str()) {
            let before = &compact[..pos];
            if !config.negation_words.iter().any(|n| before.ends_with(n.as_str())) {
                return Some(word.as_str());
            }
        }
    }
    None
}

/// V08, V09 and V10 across all volunteer rows of the run, in (file, sheet, row) order.
pub fn cross_check(rows: &mut [VolunteerChecked], exclusions: &[Excluded]) {
    let by_id: BTreeMap<&str, &Excluded> =
        exclusions.iter().filter_map(|e| e.id_number.as_deref().map(|id| (id, e))).collect();
    let by_name: BTreeSet<(&str, &str)> =
        exclusions.iter().filter(|e| e.id_number.is_none()).map(|e| (e.name.as_str(), e.village.as_str())).collect();
    for row in rows.iter_mut() {
        let listed = match &row.id {
            Some(id) => by_id.get(id.as_str()).copied(),
            None => None,
        };
        let by_name_hit = by_name.contains(&(row.record.data.name.as_str(), &*row.record.village))
            || by_name.contains(&(row.record.data.name.as_str(), ""));
        if listed.is_some() || by_name_hit {
            let what = listed
                .map(|e| e.category.clone())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| "两委成员/本土人才/五职干部".into());
            let issue = make(
                row,
                Code::V08,
                if listed.is_some() { Field::IdNumber } else { Field::Name },
                format!("此人在排除名单（{what}）中，按通知不得列入社会工作者名单"),
                "请从名单中删除，另行补充符合条件的人员",
            );
            row.issues.push(issue);
            row.outcome = Outcome::Rejected;
        }
    }

    // Duplicates are judged among rows that would otherwise count.
    let places = Places::of(
        rows.iter()
            .filter(|r| r.outcome == Outcome::Accepted)
            .map(|r| (r.id.as_deref(), &*r.record.township, &*r.record.village)),
    );
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    for row in rows.iter_mut().filter(|r| r.outcome == Outcome::Accepted) {
        let Some(id) = row.id.clone() else { continue };
        if let Some((count, list)) = places.several(Some(&id)) {
            let issue = make(
                row,
                Code::V10,
                Field::IdNumber,
                format!(
                    "同一身份证号码在{count}个村（社区）的名单中出现：{list}；在区民政局确定归属前不计入任何村（社区）"
                ),
                "请与相关村（社区）核实，只保留在实际参与服务的一个村（社区）名单中",
            );
            row.issues.push(issue);
            row.outcome = Outcome::Rejected;
            continue;
        }
        let key = (row.record.township.to_string(), row.record.village.to_string(), id);
        if !seen.insert(key) {
            let issue = make(
                row,
                Code::V09,
                Field::IdNumber,
                "同一身份证号码在本村（社区）名单中重复出现，只计1人".into(),
                "请删除重复的行",
            );
            row.issues.push(issue);
            row.outcome = Outcome::Duplicate;
        }
    }
}

fn make(row: &VolunteerChecked, code: Code, field: Field, message: String, suggestion: &str) -> Issue {
    let value = match field {
        Field::IdNumber => row.id.clone().unwrap_or_default(),
        _ => row.record.data.name_raw.clone(),
    };
    row.record.issue(code, Some(field), &row.record.data.name, &value, message, suggestion)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_words_and_negation() {
        let config = Config::load(None).unwrap();
        let cases = [
            ("两委成员", Some("两委成员")),
            ("村两委委员", Some("两委")),
            ("村（居）委委员", Some("村(居)委委员")),
            ("村本土人才", Some("村本土人才")),
            ("五职干部", Some("五职干部")),
            ("非两委成员", None),
            ("不是两委", None),
            ("退休教师", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(excluded_word(input, &config), want, "{input}");
        }
    }
}
