//! The list sheets: 社工人数核查, 社工名单, 剔除人员, 关爱记录, 关爱对象, 待办清单, 问题清单, 文件清单.

use super::table::{Mark, Row, Table, Val};
use super::Report;
use crate::assess;
use crate::assess::recipients::Standing;
use crate::model::checked::VillageCount;
use crate::model::checked::Visits;
use crate::model::checked::VolunteerChecked;
use crate::model::{Code, Issue, Severity};
use crate::normalize::kinds::{Set, Word};

/// 待办清单 (SPEC §9): each running unit not yet met, sorted by township, village, contact
/// person, deadline and name; a page break before each contact person, so each can be
/// handed their own pages; red where the unit can no longer be met.
pub(crate) fn todo_list(as_of: chrono::NaiveDate, todo: &[assess::todo::Todo]) -> Table<'_> {
    let mut table = Table::new(
        "待办清单",
        vec![
            "镇（街道）",
            "村（社区）",
            "关爱联系人",
            "联系人电话",
            "对象姓名",
            "类别",
            "规则",
            "本期",
            "还需",
            "截止日期",
            "剩余天数",
            "能否按期达标",
        ],
        Some(11),
    );
    let day = as_of.format("%-m月%-d日");
    table.preface = vec![if todo.is_empty() {
        format!("待办清单（截至{day}）：当前考核单位内的关爱均已达到要求，暂无待办")
    } else {
        format!("待办清单（截至{day}）：以下对象在本期结束前还需联系，请各关爱联系人按期完成")
    }];
    table.groups = todo_groups(todo);
    table.with_rows(
        todo.len(),
        todo.iter().map(|t| {
            let (from, to) = t.unit;
            let unit = if from == to {
                from.format("%-m月%-d日").to_string()
            } else {
                format!("{}—{}", from.format("%-m月%-d日"), to.format("%-m月%-d日"))
            };
            let (verdict, mark) =
                if t.can_still_meet { ("能", Mark::Plain) } else { ("已无法按期达标", Mark::Bad) };
            let contact =
                if t.contact_person.is_empty() { "未指定关爱联系人" } else { t.contact_person.as_str() };
            let values = vec![
                text(&t.place.township),
                text(&t.place.village),
                text(contact),
                text(&t.contact_phone),
                text(&t.name),
                joined(t.categories),
                text(&t.rule_label),
                Val::from(unit),
                text(&t.need_text),
                Val::Date(to),
                t.days_left.into(),
                text(verdict),
            ];
            (values, mark)
        }),
    )
}

/// 待办清单's groups: one per contact person of a village (a name with a phone; rows
/// sorted so), headed by whom the page is for, how to reach them, where, and how much is on it.
pub(super) fn todo_groups(todo: &[assess::todo::Todo]) -> Vec<(usize, String)> {
    let mut start = 0;
    todo.chunk_by(|a, b| a.contact_key() == b.contact_key())
        .map(|rows| {
            let t = &rows[0];
            let late = rows.iter().filter(|u| !u.can_still_meet).count();
            let person = if t.contact_person.is_empty() {
                "未指定关爱联系人（请村（社区）尽快为以下对象指定）".to_string()
            } else if t.contact_phone.is_empty() {
                format!("关爱联系人：{}（台账未填电话）", t.contact_person)
            } else {
                format!("关爱联系人：{}　电话：{}", t.contact_person, t.contact_phone)
            };
            let late = if late > 0 { format!("，其中 {late} 项已无法按期达标") } else { String::new() };
            let at = start;
            start += rows.len();
            (at, format!("{person}　{} {}　待办 {} 项{late}", t.place.township, t.place.village, rows.len()))
        })
        .collect()
}

pub(super) fn visit_list(visits: &Visits) -> Table<'_> {
    let mut table = Table::new(
        "关爱记录",
        vec![
            "镇（街道）",
            "村（社区）",
            "日期",
            "关爱方式",
            "关爱对象类型",
            "关爱对象姓名",
            "实施关爱工作人员",
            "关爱服务内容",
            "备注",
            "参与考核",
            "文件",
            "工作表",
            "行号",
        ],
        Some(9),
    );
    table.key_columns = 2;
    table.with_rows(
        visits.len(),
        visits.iter().map(|v| {
            let d = &v.record.data;
            let (label, mark) =
                if v.assessed { ("是", Mark::Plain) } else { ("否（不在考核期内）", Mark::Warn) };
            let values = vec![
                text(&v.record.township),
                text(&v.record.village),
                v.date.map_or(Val::from(""), Val::Date),
                joined(v.methods),
                joined(v.categories),
                text(&d.recipient),
                text(&d.worker),
                text(&d.content),
                text(&d.remark),
                text(label),
                text(&v.record.ctx.file),
                text(&v.record.ctx.sheet),
                v.record.row.into(),
            ];
            (values, mark)
        }),
    )
}

pub(super) fn day(d: Option<chrono::NaiveDate>) -> Val<'static> {
    d.map_or(Val::from(""), Val::Date)
}

/// "独居老人、特困人员"; a single entry is its static name, not a copy.
pub(super) fn joined<W: Word>(set: Set<W>) -> Val<'static> {
    match set.single() {
        Some(one) => Val::from(one.name()),
        None => Val::from(set.join("、")),
    }
}

pub(super) fn recipient_list(report: &Report) -> Table<'_> {
    Table::new(
        "关爱对象",
        vec![
            "镇（街道）",
            "村（社区）",
            "姓名",
            "身份证号码",
            "类别",
            "情形",
            "关爱联系人",
            "联系人电话",
            "村（社区）电话",
            "纳入日期",
            "退出日期",
            "来源",
            "频次达标",
        ],
        Some(12),
    )
    .with_rows(
        report.recipients.len(),
        report.recipients.iter().map(|a| {
            let p = &a.recipient;
            let standing = a.standing;
            let mark = if standing == Standing::Missed { Mark::Bad } else { Mark::Plain };
            let verdict = standing.label();
            let values = vec![
                text(&p.place.township),
                text(&p.place.village),
                text(&p.name),
                text(p.id.as_deref().unwrap_or_default()),
                joined(p.categories),
                joined(p.situations),
                text(&p.contact_person),
                text(&p.contact_phone),
                text(&p.village_phone),
                day(p.enrolment.from),
                day(p.enrolment.until),
                text(if p.inferred { "关爱记录（台账中无此人）" } else { "关爱对象台账" }),
                text(verdict),
            ];
            (values, mark)
        }),
    )
}

/// 社工人数核查's one line when it has no village to count.
pub(super) const NO_VOLUNTEER_LISTS: &str =
    "未收到社工名单（附件1），本表没有可核查的村（社区）。请各村（社区）报送社工名单后重新核查；把区划名单放进同一文件夹，可列出每个未报送的村（社区）。";

pub(crate) fn village_counts(villages: &[VillageCount], minimum: u32) -> Table<'_> {
    let mut table = Table::new(
        "社工人数核查",
        vec![
            "镇（街道）",
            "村（社区）",
            "上报人数",
            "有效人数",
            "剔除人数（两委/本土人才/五职）",
            "不符合条件人数",
            "重复人数",
            "缺口人数",
            "结论",
            "要求人数",
        ],
        Some(8),
    );
    if villages.is_empty() {
        // Nothing to count is said, not left as a bare header: no 社工名单 arrived and no
        // 区划名单 names the villages that should have sent one.
        table.preface = vec![NO_VOLUNTEER_LISTS.into()];
    }
    table.with_rows(
        villages.len(),
        villages.iter().map(move |v| {
            let (verdict, mark) = if v.meets_minimum { ("达标", Mark::Plain) } else { ("不达标", Mark::Bad) };
            let values = vec![
                text(&v.place.township),
                text(&v.place.village),
                v.submitted.into(),
                v.valid.into(),
                v.excluded.into(),
                v.ineligible.into(),
                v.duplicates.into(),
                v.shortfall.into(),
                text(verdict),
                minimum.into(),
            ];
            (values, mark)
        }),
    )
}

pub(super) fn volunteer_list(report: &Report) -> Table<'_> {
    Table::new(
        "社工名单",
        vec![
            "序号",
            "镇（街道）",
            "村（社区）",
            "姓名",
            "性别",
            "身份证号码",
            "出生年月",
            "年龄",
            "联系电话",
            "居住地址",
            "工作单位",
            "身份",
            "备注",
        ],
        None,
    )
    .with_rows(
        report.valid_volunteers().count(),
        report.valid_volunteers().enumerate().map(|(i, v)| {
            let d = &v.record.data;
            let values = vec![
                (i + 1).into(),
                text(&v.record.township),
                text(&v.record.village),
                text(&d.name),
                text(v.id.as_ref().map_or(&d.gender, |id| id.gender().label())),
                text(v.id_text().unwrap_or_default()),
                Val::from(v.id.as_ref().map(|id| id.birth.format("%Y.%m").to_string()).unwrap_or_default()),
                v.age.map_or(Val::from(String::new()), |a| Val::Int(i64::from(a))),
                text(&d.phone),
                text(&d.address),
                text(&d.employer),
                text(&d.role),
                text(&d.remark),
            ];
            (values, Mark::Plain)
        }),
    )
}

pub(super) fn reasons(v: &VolunteerChecked) -> String {
    v.issues
        .iter()
        .filter(|i| i.severity() == Severity::Error)
        .map(|i| format!("{} {}", i.code.as_str(), i.message))
        .collect::<Vec<_>>()
        .join("；")
}

pub(super) fn rejected_list(report: &Report) -> Table<'_> {
    Table::new(
        "剔除人员",
        vec![
            "镇（街道）",
            "村（社区）",
            "姓名",
            "身份证号码",
            "居住地址",
            "身份",
            "剔除原因",
            "文件",
            "工作表",
            "行号",
        ],
        Some(6),
    )
    .with_rows(
        report.rejected_volunteers().count(),
        report.rejected_volunteers().map(|v| {
            let d = &v.record.data;
            let id = v.id_text().map(str::to_string).unwrap_or_else(|| match &d.id {
                // As Excel kept it (V03): its last digits are zeros.
                Some(crate::model::rows::IdCell::Number(n)) => crate::normalize::idcard::as_excel_keeps(*n),
                other => other.as_ref().map(|c| c.display()).unwrap_or_default(),
            });
            let values = vec![
                text(&v.record.township),
                text(&v.record.village),
                text(&d.name),
                Val::from(id),
                text(&d.address),
                text(&d.role),
                Val::from(reasons(v)),
                text(&v.record.ctx.file),
                text(&v.record.ctx.sheet),
                v.record.row.into(),
            ];
            (values, Mark::Bad)
        }),
    )
}

pub(crate) fn issue_list<'a>(issues: &'a [Issue], name: &str) -> Table<'a> {
    let mut table = Table::new(
        name,
        vec![
            "级别",
            "代码",
            "镇（街道）",
            "村（社区）",
            "姓名",
            "文件",
            "工作表",
            "行号",
            "列",
            "原始值",
            "问题说明",
            "修改建议",
        ],
        Some(0),
    );
    table.wrap = true;
    table.with_rows(
        issues.len(),
        issues.iter().map(|i| {
            let mark = if i.severity() == Severity::Error { Mark::Bad } else { Mark::Warn };
            let values = vec![
                text(i.severity().label()),
                // The code alone: its title would say again what 问题说明 says (and cost the
                // printed list two issues a page).
                text(i.code.as_str()),
                text(&i.place.township),
                text(&i.place.village),
                text(&i.name),
                text(&i.location.file),
                text(&i.location.sheet),
                i.location.row.map_or(Val::from(String::new()), |r| r.into()),
                Val::from(i.location.column_label()),
                text(&i.value),
                text(&i.message),
                text(&i.suggestion),
            ];
            (values, mark)
        }),
    )
}

pub(super) fn file_list(report: &Report) -> Table<'_> {
    let rows = report.files.iter().flat_map(|f| {
        let code = f.code.map(Code::as_str).unwrap_or_default();
        let mark = match f.status {
            crate::model::checked::FileStatus::Ok => Mark::Plain,
            crate::model::checked::FileStatus::Rejected => Mark::Bad,
            crate::model::checked::FileStatus::Ignored => Mark::Warn,
        };
        let mut rows: Vec<Row<'_>> = Vec::new();
        if f.sheets.is_empty() {
            let values = vec![
                text(&f.path),
                text(f.status.label()),
                text(code),
                text(""),
                text(""),
                0u32.into(),
                0u32.into(),
                0u32.into(),
                0u32.into(),
                text(&f.note),
            ];
            rows.push((values, mark));
        }
        for s in &f.sheets {
            let note = if s.note.is_empty() { &f.note } else { &s.note };
            let values = vec![
                text(&f.path),
                text(f.status.label()),
                text(code),
                text(&s.name),
                text(s.kind.label()),
                s.read.into(),
                s.accepted.into(),
                s.rejected.into(),
                s.skipped.into(),
                text(note),
            ];
            rows.push((values, mark));
        }
        rows
    });
    Table::new(
        "文件清单",
        vec!["文件", "状态", "代码", "工作表", "类型", "读取行数", "接受", "拒绝", "跳过", "说明"],
        Some(1),
    )
    .with_rows(report.files.iter().map(|f| f.sheets.len().max(1)).sum(), rows)
}

pub(super) fn text(s: &str) -> Val<'_> {
    Val::from(s)
}
