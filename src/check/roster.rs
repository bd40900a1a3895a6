//! Recipient ledgers (关爱帮扶对象信息台账): P01–P07. The ledger defines who is
//! assessed; its categories and situations decide which frequency rules apply.

use std::collections::BTreeSet;

use super::{dates, Places};
use crate::model::checked::RosterChecked;
use crate::model::rows::Field;
use crate::model::rows::{IdCell, Record, RosterFields};
use crate::model::vocab::{Category, Situation};
use crate::model::{Code, Outcome};
use crate::normalize::{idcard, vocab::Vocab};
use crate::period::Period;

pub fn check_row(record: Record<RosterFields>, vocab: &Vocab, period: Period) -> RosterChecked {
    let mut issues = Vec::new();
    let r = &record.data;
    let mut push = |code: Code, field: Field, value: &str, message: String, suggestion: &str| {
        issues.push(record.issue(code, Some(field), &r.name, value, message, suggestion));
    };
    if r.name.is_empty() {
        push(Code::P01, Field::Name, "", "对象姓名为空".into(), "请补填对象姓名");
    }
    let (mut categories, unknown) = vocab.categories(&r.categories_raw);
    if r.categories_raw.is_empty() {
        push(
            Code::P01,
            Field::Categories,
            "",
            "对象类别为空".into(),
            "请填写对象类别，如 独居老人、特困人员、低保对象",
        );
    }
    if !unknown.is_empty() {
        push(
            Code::P02,
            Field::Categories,
            &r.categories_raw,
            format!("对象类别“{}”无法识别", unknown.join("、")),
            "请使用通知中的“九类”名称：独居老人、特困人员、孤儿、事实无人抚养儿童、农村留守儿童、低保对象、低保边缘对象、困难残疾人、生活无着流浪乞讨人员",
        );
    }
    let (situations, _) = vocab.situations(&r.situations_raw);
    // SPEC §5: the situation 分散特困 also puts the person in category 特困人员.
    if situations.contains(Situation::ScatteredTekun) {
        categories.insert(Category::Tekun);
    }
    let is_elderly = categories.contains(Category::Elderly);
    if is_elderly && situations.is_empty() && !categories.contains(Category::Tekun) {
        push(
            Code::P04,
            Field::ElderlySituation,
            &r.situations_raw,
            "独居老人未填写情形（分散特困、失能、半失能、重病、重残、患病无自主采购能力或其他），按“其他独居老人”考核"
                .into(),
            "请补填独居老人情形，以便按正确频次考核",
        );
    }
    let id = match &r.id {
        IdCell::Empty => None,
        cell => match idcard::parse(&cell.display()) {
            Ok(p) => Some(p.value),
            Err(e) => {
                let hint =
                    if matches!(cell, IdCell::Number(_)) { "，且以数字格式保存已丢失精度" } else { "" };
                push(
                    Code::P03,
                    Field::IdNumber,
                    &cell.display(),
                    format!("{}{hint}", e.describe()),
                    "请核对身份证号码（该列设为文本格式）",
                );
                None
            }
        },
    };
    if r.contact_person.is_empty() {
        push(
            Code::P05,
            Field::ContactPerson,
            "",
            "未指定关爱联系人（通知要求为每名对象指定关爱联系人）".into(),
            "请填写关爱联系人及其电话",
        );
    }
    let enrolled = dates::resolve(&r.enrolled, None, Some(period));
    let left = dates::resolve(&r.left, None, Some(period));
    let outcome = Outcome::from_issues(&issues);
    RosterChecked { record, categories, situations, id, enrolled, left, issues, outcome }
}

/// P06 (same name twice in a village's ledger: the later row is skipped) and P07
/// (same ID number in several villages' ledgers).
pub fn cross_check(rows: &mut [RosterChecked]) {
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    for row in rows.iter_mut().filter(|r| r.outcome == Outcome::Accepted) {
        let key = (row.record.township.to_string(), row.record.village.to_string(), row.record.data.name.clone());
        if !seen.insert(key) {
            let d = &row.record.data;
            let issue = row.record.issue(
                Code::P06,
                Some(Field::Name),
                &d.name,
                &d.name_raw,
                "同一对象在本村（社区）台账中重复出现，按第一行计",
                "请删除重复的行，或合并为一行并列出全部类别",
            );
            row.issues.push(issue);
            row.outcome = Outcome::Duplicate;
        }
    }
    let places = Places::of(
        rows.iter()
            .filter(|r| r.outcome == Outcome::Accepted)
            .map(|r| (r.id.as_deref(), &*r.record.township, &*r.record.village)),
    );
    for row in rows.iter_mut().filter(|r| r.outcome == Outcome::Accepted) {
        if let Some((count, list)) = places.several(row.id.as_deref()) {
            let issue = row.record.issue(
                Code::P07,
                Some(Field::IdNumber),
                &row.record.data.name,
                row.id.as_deref().unwrap_or_default(),
                format!("同一身份证号码出现在{count}个村（社区）的台账中：{list}"),
                "请核实对象实际居住地，只在一个村（社区）台账中保留",
            );
            row.issues.push(issue);
        }
    }
}
