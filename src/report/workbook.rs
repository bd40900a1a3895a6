//! The consolidated district workbook (SPEC §6), sheets in the contract's order. Each
//! sheet's rows are produced lazily from the report and streamed into constant-memory
//! worksheets, so the largest sheets never exist as cells in memory.

use std::path::Path;

use anyhow::{Context, Result};
use rust_xlsxwriter::{Chart, ChartType, Workbook, Worksheet};

use crate::own;

use super::table::{self, Mark, Row, Styles, Table, Val};
use super::Report;
use crate::assess;
use crate::assess::recipients::{Assessed, Standing};
use crate::model::checked::Visits;
use crate::model::checked::VolunteerChecked;
use crate::model::{Code, Severity};
use crate::normalize::kinds::{Set, Word};

/// Every sheet but 关爱记录, which is written on its own (`write_visits`) and goes in at
/// `visits_at`.
fn build(report: &Report) -> Vec<Table<'_>> {
    with_keys(
        vec![
            overview(report),
            village_counts(report),
            volunteer_list(report),
            rejected_list(report),
            assessment(report, false),
            recipient_list(report),
            issue_list(report, "问题清单"),
            file_list(report),
        ]
        .into_iter()
        .enumerate()
        .flat_map(|(i, t)| {
            // 待办清单 right after 关爱考核, while the period is still running (SPEC §9).
            let todo = (i == 4 && has_todo(report)).then(|| todo_list(report));
            std::iter::once(t).chain(todo)
        })
        .collect(),
    )
}

/// Whether the period is still running on the as-of day: 待办清单 is written.
pub fn has_todo(report: &Report) -> bool {
    report.as_of < report.period.to
}

/// 待办清单 (SPEC §9): each running unit not yet met, sorted by township, village, contact
/// person, deadline and name; a page break before each contact person, so each can be
/// handed their own pages; red where the unit can no longer be met.
pub fn todo_list(report: &Report) -> Table<'_> {
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
    let day = report.as_of.format("%-m月%-d日");
    table.preface = vec![if report.todo.is_empty() {
        format!("待办清单（截至{day}）：当前考核单位内的关爱均已达到要求，暂无待办")
    } else {
        format!("待办清单（截至{day}）：以下对象在本期结束前还需联系，请各关爱联系人按期完成")
    }];
    table.groups = todo_groups(&report.todo);
    table.with_rows(
        report.todo.len(),
        report.todo.iter().map(|t| {
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
                text(&t.township),
                text(&t.village),
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
fn todo_groups(todo: &[assess::todo::Todo]) -> Vec<(usize, String)> {
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
            (at, format!("{person}　{} {}　待办 {} 项{late}", t.township, t.village, rows.len()))
        })
        .collect()
}

/// Each table's key columns (镇, 村, 姓名 … — what says whose row it is), repeated on every
/// printed page when a sheet runs over several pages across.
pub fn with_keys(mut tables: Vec<Table<'_>>) -> Vec<Table<'_>> {
    for t in &mut tables {
        t.key_columns = match t.name.as_str() {
            "社工名单" => 4,
            "剔除人员" | "关爱考核" | "关爱对象" => 3,
            "社工人数核查" | "关爱记录" | "问题清单" => 2,
            "总览" | "文件清单" => 1,
            _ => 0,
        };
    }
    tables
}

/// 总览's columns; the rate is `RATE_COLUMN`, charted and marked.
const OVERVIEW_HEADERS: [&str; 14] = [
    "镇（街道）",
    "报送情况",
    "村（社区）数",
    "社工达标村（社区）数",
    "有效社工人数",
    "上报社工人数",
    "关爱对象数",
    "频次达标",
    "频次不达标",
    "不考核",
    "达标率",
    "关爱记录数",
    "错误数",
    "警告数",
];
const RATE_COLUMN: u16 = 10;
/// 村（社区）数, and 社工达标村（社区）数 after it.
const VILLAGES_COLUMN: u16 = 2;

fn overview(report: &Report) -> Table<'_> {
    let mut t = Table::new("总览", OVERVIEW_HEADERS.to_vec(), Some(RATE_COLUMN as usize));
    t.red_words = &["未报送"];
    t.preface = overview_lines(report);
    let townships = report.townships();
    let total = Report::district_row(&townships);
    let attention = report.attention_rate;
    let mut rows: Vec<Row<'_>> = townships.into_iter().map(|r| township_row(r, attention)).collect();
    // The chart shows the townships, not the 合计 row under them.
    t.chart = Some(("各镇（街道）关爱频次达标率".into(), 0, RATE_COLUMN, true));
    t.chart_rows = rows.len();
    rows.push(township_row(total, attention));
    t.total_row = true;
    if report.villages.len() > VILLAGES_CHARTED {
        let first = t.preface.len() as u32 + 2;
        t.extra_charts.push(villages_per_township_chart(first, first + t.chart_rows as u32 - 1));
    } else if !report.villages.is_empty() {
        t.extra_charts.push(volunteer_chart(report));
    }
    t.with_rows(rows.len(), rows.into_iter())
}

/// The title and the district's figures above 总览's table.
fn overview_lines(report: &Report) -> Vec<String> {
    let totals = &report.totals;
    let mut lines = vec![
        format!("{}“九类”民政服务对象关爱帮扶材料核查汇总", report.district),
        format!(
            "考核期间：{}（{} 至 {}）；生成时间：{}；工具版本：guanai {}",
            report.period.label(),
            report.period.from,
            report.period.to,
            report.run_at.format("%Y-%m-%d %H:%M"),
            super::TOOL_VERSION
        ),
        format!("读取文件 {} 个；{}", totals.files, super::terminal::villages_line(report)),
        format!("{}；关爱记录 {} 条", super::terminal::recipients_line(totals), totals.visits_accepted),
        format!("问题：错误 {} 条，警告 {} 条，详见“问题清单”", totals.errors, totals.warnings),
    ];
    if let Some(line) = super::terminal::todo_line(report) {
        lines.insert(2, line);
    }
    // What the clerk must act on first, right under the title and the period.
    let alerts = report.hint.iter().cloned().chain(super::terminal::missing_line(report));
    for (i, line) in alerts.enumerate() {
        lines.insert(2 + i, line);
    }
    lines.extend(super::terminal::unreported_line(report));
    lines.extend(edge_note(report));
    lines.extend(split_note(report));
    lines.extend(screen_note(report));
    lines
}

/// Names the sheets too long to print whole (more than 200 pages): they print their first
/// page and are meant for filtering on screen.
fn screen_note(report: &Report) -> Option<String> {
    let long: Vec<String> = [
        ("关爱记录", report.visits.len()),
        ("问题清单", report.issues.len()),
        ("社工名单", report.volunteers.len()),
        ("关爱考核", report.recipients.iter().map(|a| a.results.len().max(1)).sum()),
        ("关爱对象", report.recipients.len()),
    ]
    .into_iter()
    .filter(|(_, n)| super::print::screen_only(*n))
    .map(|(name, n)| format!("“{name}”（{n}行）"))
    .collect();
    (!long.is_empty()).then(|| {
        format!(
            "{}打印将超过{}页，只设置了打印第一页：请在屏幕上按镇（街道）、村（社区）筛选后打印所需部分",
            long.join("、"),
            super::print::MAX_PRINTED_PAGES
        )
    })
}

/// One 总览 row; the rate is red only below the configured attention rate.
fn township_row(row: super::TownshipRow, attention: f64) -> Row<'static> {
    let (rate, mark) = match row.rate() {
        None => (Val::from("—"), Mark::Plain),
        Some(r) => (Val::Pct(r), if r < attention { Mark::Bad } else { Mark::Plain }),
    };
    let not_assessed = row.recipients - row.compliant - row.noncompliant;
    let sent = match (row.reported, row.township.as_str()) {
        (_, "合计") => "",
        (true, _) => "已报送",
        (false, _) => "未报送",
    };
    let values = vec![
        row.township.into(),
        sent.into(),
        row.villages.into(),
        row.villages_meeting.into(),
        row.valid.into(),
        row.submitted.into(),
        row.recipients.into(),
        row.compliant.into(),
        row.noncompliant.into(),
        not_assessed.into(),
        rate,
        row.visits.into(),
        row.errors.into(),
        row.warnings.into(),
    ];
    (values, mark)
}

/// Up to this many villages are charted one bar each; a district's 260 are charted per
/// township instead (a bar per village would be unreadable).
const VILLAGES_CHARTED: usize = 30;

/// Per township, its villages and those meeting the minimum, from 总览's own rows
/// `first..=last`.
fn villages_per_township_chart(first: u32, last: u32) -> Chart {
    let sheet = "总览";
    let mut bars = Chart::new(ChartType::Column);
    bars.add_series()
        .set_categories((sheet, first, 0, last, 0))
        .set_values((sheet, first, VILLAGES_COLUMN, last, VILLAGES_COLUMN))
        .set_name("村（社区）数");
    bars.add_series()
        .set_categories((sheet, first, 0, last, 0))
        .set_values((sheet, first, VILLAGES_COLUMN + 1, last, VILLAGES_COLUMN + 1))
        .set_name("社工人数达标的村（社区）数");
    bars.title().set_name("各镇（街道）社工人数达标的村（社区）");
    bars.y_axis().set_min(0);
    bars.legend().set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    let n = last + 1 - first;
    bars.set_width(table::chart_width(n));
    if n > 8 {
        bars.x_axis().set_font(rust_xlsxwriter::ChartFont::new().set_rotation(-45));
    }
    bars
}

/// Valid volunteers per village (columns, from 社工人数核查) against the minimum (a line).
fn volunteer_chart(report: &Report) -> Chart {
    let sheet = "社工人数核查";
    let (first, last) = (1, report.villages.len() as u32);
    let mut bars = Chart::new(ChartType::Column);
    bars.add_series()
        .set_categories((sheet, first, 1, last, 1))
        .set_values((sheet, first, 3, last, 3))
        .set_name("有效社工人数");
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_categories((sheet, first, 1, last, 1))
        .set_values((sheet, first, MINIMUM_COLUMN, last, MINIMUM_COLUMN))
        .set_name(&format!("要求人数（{}人）", report.minimum));
    bars.combine(&line);
    bars.title().set_name("各村（社区）有效社工人数与要求人数");
    bars.y_axis().set_min(0);
    bars.legend().set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    // Wide enough for every village's bar to be told apart.
    bars.set_width(table::chart_width(report.villages.len() as u32));
    if report.villages.len() > 8 {
        bars.x_axis().set_font(rust_xlsxwriter::ChartFont::new().set_rotation(-45));
    }
    bars
}

/// 社工人数核查's column holding the minimum, which the chart's line is drawn from.
const MINIMUM_COLUMN: u16 = 9;

/// Says which sheets continue in "(2)" … because they pass Excel's row limit.
fn split_note(report: &Report) -> Option<String> {
    let per_sheet = table::EXCEL_MAX_ROWS - 1;
    let long: Vec<String> =
        [("关爱记录", report.visits.len()), ("问题清单", report.issues.len()), ("社工名单", report.volunteers.len())]
            .into_iter()
            .filter(|(_, n)| *n > per_sheet)
            .map(|(name, n)| format!("“{name}”共{n}行，超过 Excel 单表上限，续在“{name}(2)”等工作表"))
            .collect();
    (!long.is_empty()).then(|| long.join("；"))
}

fn text(s: &str) -> Val<'_> {
    Val::from(s)
}

/// 关爱考核; with `only_failing`, just the 不达标 rows (the feedback workbooks).
pub fn assessment(report: &Report, only_failing: bool) -> Table<'_> {
    let mut table = Table::new(
        "关爱考核",
        vec![
            "镇（街道）",
            "村（社区）",
            "姓名",
            "类别",
            "情形",
            "规则",
            "要求",
            "考核单位数",
            "达标单位数",
            "未达标明细",
            "结论",
            "说明",
        ],
        Some(10),
    );
    table.preface =
        vec![format!("关爱频次考核（{}，{} 至 {}）", report.period.label(), report.period.from, report.period.to)];
    if report.as_of < report.period.to {
        table.preface.push(format!(
            "截至{}：只考核此前已结束的考核单位，之后结束的暂不考核（还需联系的对象见“待办清单”）",
            report.as_of.format("%-m月%-d日")
        ));
    }
    table.preface.extend(edge_note(report));
    if only_failing {
        let rows: Vec<Row<'_>> = report
            .recipients
            .iter()
            .filter(|a| !a.compliant)
            .flat_map(|a| assessment_rows(a, report.period))
            .filter(|(_, mark)| *mark == Mark::Bad)
            .collect();
        return table.with_rows(rows.len(), rows.into_iter());
    }
    table.with_rows(
        report.recipients.iter().map(|a| a.results.len().max(1)).sum(),
        report.recipients.iter().flat_map(|a| assessment_rows(a, report.period)),
    )
}

fn assessment_rows(a: &Assessed, period: crate::period::Period) -> Vec<Row<'_>> {
    let p = &a.recipient;
    let row = |rule: &str, need: &str, (assessed, met): (u32, u32), verdict: Verdict, note: String| -> Row {
        let (word, mark, detail) = verdict;
        let values = vec![
            text(&p.township),
            text(&p.village),
            text(&p.name),
            joined(p.categories),
            joined(p.situations),
            Val::from(rule.to_string()),
            Val::from(need.to_string()),
            assessed.into(),
            met.into(),
            Val::from(detail),
            Val::from(word.to_string()),
            Val::from(note),
        ];
        (values, mark)
    };
    if a.results.is_empty() {
        let note = "生活无着流浪乞讨人员列出关爱记录，不作频次考核".to_string();
        let verdict = ("不考核频次", Mark::Plain, String::new());
        return vec![row("—", "及时关爱帮扶，劝导其自愿接受社会救助", (0, 0), verdict, note)];
    }
    a.results
        .iter()
        .map(|(rule, r)| {
            row(&rule.label, &rule.text, (r.assessed, r.met), verdict(a, rule, r), notes(p, rule, r, period))
        })
        .collect()
}

/// 结论, its mark and 未达标明细 of one rule's row.
type Verdict = (&'static str, Mark, String);

fn verdict(a: &Assessed, rule: &crate::config::Rule, r: &assess::RuleResult) -> Verdict {
    if r.assessed == 0 {
        ("不考核", Mark::Plain, String::new())
    } else if a.no_records {
        ("不达标", Mark::Bad, "考核期内无任何关爱记录".to_string())
    } else if r.compliant() {
        ("达标", Mark::Plain, String::new())
    } else {
        let detail = r.shortfalls.iter().map(|s| assess::describe(rule.unit, s)).collect::<Vec<_>>().join("；");
        ("不达标", Mark::Bad, detail)
    }
}

/// The days at the period's edges that no whole unit covers (the partial weeks of a
/// month), for the units the rules in force use: said once, above 关爱考核 and in 总览,
/// not on every row.
pub fn edge_note(report: &Report) -> Option<String> {
    let mut units: Vec<crate::config::Unit> = Vec::new();
    for (rule, _) in report.recipients.iter().flat_map(|a| &a.results) {
        if !units.contains(&rule.unit) {
            units.push(rule.unit);
        }
    }
    let said: Vec<String> = units
        .into_iter()
        .filter_map(|unit| {
            let edges = assess::period_edges(unit, report.period);
            (!edges.is_empty()).then(|| {
                let mut note = format!(
                    "{}不足一个完整{}，按{}考核的规则不考核这几天",
                    assess::describe_ranges(&edges),
                    unit.label(),
                    unit.label()
                );
                if unit == crate::config::Unit::Week {
                    note.push_str(&straddling_weeks(report.period));
                }
                note
            })
        })
        .collect();
    (!said.is_empty()).then(|| format!("说明：{}", said.join("；")))
}

/// How the natural weeks that cross the period's edges are treated, and how to assess
/// one: "（跨月的1月30日—2月5日这一周在本月和下月都不考核；要考核这一周，请待下月材料收齐后用
/// --from 2023-01-30 --to 2023-02-05 核查）".
fn straddling_weeks(period: crate::period::Period) -> String {
    use chrono::{Datelike, Duration};
    let monday = |d: chrono::NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    if period.from.weekday() != chrono::Weekday::Mon {
        weeks.push(monday(period.from));
    }
    if period.to.weekday() != chrono::Weekday::Sun {
        weeks.push(monday(period.to));
    }
    let said: Vec<String> = weeks
        .iter()
        .map(|&m| {
            let sunday = m + Duration::days(6);
            format!(
                "跨月的{}—{}这一周在前后两个月都不考核，要考核这一周请在两个月的材料都收齐后用 --from {} --to {} 核查",
                m.format("%-m月%-d日"),
                sunday.format("%-m月%-d日"),
                m.format("%Y-%m-%d"),
                sunday.format("%Y-%m-%d")
            )
        })
        .collect();
    if said.is_empty() {
        String::new()
    } else {
        format!("（{}）", said.join("；"))
    }
}

/// 说明 of one rule's row: inferred from the log, days no unit covers beyond the period's
/// edges (enrolment starting or ending inside), no unit at all.
fn notes(
    p: &assess::recipients::Recipient,
    rule: &crate::config::Rule,
    r: &assess::RuleResult,
    period: crate::period::Period,
) -> String {
    let mut notes = Vec::new();
    if p.inferred {
        notes.push("台账中无此人，按记录中的类型考核".to_string());
    }
    let edges = assess::period_edges(rule.unit, period);
    let own: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = assess::ranges_minus(&r.uncovered, &edges);
    if !own.is_empty() && r.assessed > 0 {
        notes.push(format!("{}不在纳入期内或不足一个完整考核单位，不考核", assess::describe_ranges(&own)));
    }
    if r.assessed == 0 {
        notes.push("考核期内没有完整的考核单位".to_string());
    }
    notes.join("；")
}

/// Where 关爱记录 stands among the sheets of SPEC §6 (after 待办清单 when there is one).
fn visits_at(report: &Report) -> usize {
    if has_todo(report) {
        6
    } else {
        5
    }
}

fn visit_list(visits: &Visits) -> Table<'_> {
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

fn day(d: Option<chrono::NaiveDate>) -> Val<'static> {
    d.map_or(Val::from(""), Val::Date)
}

/// "独居老人、特困人员"; a single entry is its static name, not a copy.
fn joined<W: Word>(set: Set<W>) -> Val<'static> {
    match set.single() {
        Some(one) => Val::from(one.name()),
        None => Val::from(set.join("、")),
    }
}

fn recipient_list(report: &Report) -> Table<'_> {
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
            let standing = a.standing();
            let mark = if standing == Standing::Missed { Mark::Bad } else { Mark::Plain };
            let verdict = standing.label();
            let values = vec![
                text(&p.township),
                text(&p.village),
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
const NO_VOLUNTEER_LISTS: &str =
    "未收到社工名单（附件1），本表没有可核查的村（社区）。请各村（社区）报送社工名单后重新核查；把区划名单放进同一文件夹，可列出每个未报送的村（社区）。";

pub fn village_counts(report: &Report) -> Table<'_> {
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
    if report.villages.is_empty() {
        // Nothing to count is said, not left as a bare header: no 社工名单 arrived and no
        // 区划名单 names the villages that should have sent one.
        table.preface = vec![NO_VOLUNTEER_LISTS.into()];
    }
    table.with_rows(
        report.villages.len(),
        report.villages.iter().map(|v| {
            let (verdict, mark) = if v.meets_minimum { ("达标", Mark::Plain) } else { ("不达标", Mark::Bad) };
            let values = vec![
                text(&v.township),
                text(&v.village),
                v.submitted.into(),
                v.valid.into(),
                v.excluded.into(),
                v.ineligible.into(),
                v.duplicates.into(),
                v.shortfall.into(),
                text(verdict),
                report.minimum.into(),
            ];
            (values, mark)
        }),
    )
}

fn volunteer_list(report: &Report) -> Table<'_> {
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
                text(v.gender.unwrap_or(&d.gender)),
                text(v.id.as_deref().unwrap_or_default()),
                Val::from(v.birth.map(|b| b.format("%Y.%m").to_string()).unwrap_or_default()),
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

fn reasons(v: &VolunteerChecked) -> String {
    v.issues
        .iter()
        .filter(|i| i.severity() == Severity::Error)
        .map(|i| format!("{} {}", i.code.as_str(), i.message))
        .collect::<Vec<_>>()
        .join("；")
}

fn rejected_list(report: &Report) -> Table<'_> {
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
            let id = v.id.clone().unwrap_or_else(|| match &d.id {
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

pub fn issue_list<'a>(report: &'a Report, name: &str) -> Table<'a> {
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
        report.issues.len(),
        report.issues.iter().map(|i| {
            let mark = if i.severity() == Severity::Error { Mark::Bad } else { Mark::Warn };
            let values = vec![
                text(i.severity().label()),
                // The code alone: its title would say again what 问题说明 says (and cost the
                // printed list two issues a page).
                text(i.code.as_str()),
                text(&i.township),
                text(&i.village),
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

fn file_list(report: &Report) -> Table<'_> {
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

/// The consolidated workbook while it is written: 关爱记录, the largest sheet, can be
/// written on its own thread as soon as the visit rows are checked (`visit_sheets`,
/// `write_visits`), the other sheets once the report is complete (`write_others`);
/// `save` puts them in the contract's order.
pub struct Book {
    workbook: Workbook,
    /// The township whose feedback workbook this is; None for the district's summary.
    feedback_for: Option<String>,
}

impl Book {
    pub fn new() -> Result<Book> {
        let mut workbook = super::font::workbook().context("生成汇总表失败")?;
        // Level 1 deflate: measured on the scale-1 benchmark, the default level spent most
        // of the save compressing for a file a few percent smaller.
        workbook.set_zip_compression_level(1);
        Ok(Book { workbook, feedback_for: None })
    }

    /// The empty 关爱记录 sheet(s), outside the workbook until `save`.
    pub fn visit_sheets(&mut self, visits: &Visits) -> Result<Vec<Worksheet>> {
        table::new_sheets(&mut self.workbook, &visit_list(visits), table::Strings::Shared).context("生成汇总表失败")
    }

    /// Every other sheet, written in parallel, in the contract's order.
    pub fn write_others(&mut self, report: &Report, styles: &Styles) -> Result<Vec<Vec<Worksheet>>> {
        self.write_tables(report, build(report), styles)
    }

    fn write_tables(
        &mut self,
        report: &Report,
        tables: Vec<Table<'_>>,
        styles: &Styles,
    ) -> Result<Vec<Vec<Worksheet>>> {
        table::write_all(&mut self.workbook, tables, styles, report.mask).context("生成汇总表失败")
    }

    /// Puts the sheets in order and saves through a temporary file renamed into place.
    pub fn save(
        mut self,
        report: &Report,
        mut others: Vec<Vec<Worksheet>>,
        visit_sheets: Vec<Worksheet>,
        path: &Path,
    ) -> Result<()> {
        let (kind, title) = match &self.feedback_for {
            Some(township) => {
                (own::Kind::Feedback, format!("{township}关爱帮扶材料问题反馈（{}）", report.period.label()))
            }
            None => {
                (own::Kind::Summary, format!("{}关爱帮扶材料核查汇总（{}）", report.district, report.period.label()))
            }
        };
        self.workbook.set_properties(&own::properties(kind, &title, &report.district));
        if !visit_sheets.is_empty() {
            others.insert(visits_at(report).min(others.len()), visit_sheets);
        }
        for sheet in others.into_iter().flatten() {
            self.workbook.push_worksheet(sheet);
        }
        let workbook = &mut self.workbook;
        write_atomically(path, |tmp| workbook.save(tmp).map_err(anyhow::Error::from))
    }
}

/// The whole consolidated workbook as bytes, written in memory (the fuzz target's writer).
pub fn to_buffer(report: &Report) -> Result<Vec<u8>> {
    let styles = Styles::for_period(&report.period.label());
    let mut book = Book::new()?;
    let mut visit_sheets = book.visit_sheets(&report.visits)?;
    write_visits(&mut visit_sheets, &report.visits, &styles, report.mask)?;
    let mut others = book.write_others(report, &styles)?;
    others.insert(visits_at(report).min(others.len()), visit_sheets);
    for sheet in others.into_iter().flatten() {
        book.workbook.push_worksheet(sheet);
    }
    book.workbook.save_to_buffer().context("生成汇总表失败")
}

/// Writes 关爱记录 into the sheets `Book::visit_sheets` made.
pub fn write_visits(sheets: &mut [Worksheet], visits: &Visits, styles: &Styles, mask: bool) -> Result<()> {
    table::write_table(sheets, visit_list(visits), styles, mask).context("生成汇总表失败")
}

/// Writes `tables` as `township`'s feedback workbook, marked as one (SPEC §6).
pub fn save_tables(report: &Report, township: &str, tables: Vec<Table<'_>>, path: &Path) -> Result<()> {
    let styles = Styles::for_period(&report.period.label());
    let mut book = Book::new()?;
    book.feedback_for = Some(township.to_string());
    let sheets = book.write_tables(report, tables, &styles)?;
    book.save(report, sheets, Vec::new(), path)
}

/// Runs `write` on a temporary name beside `path`, then renames it over `path`, so a
/// failed run never leaves a half-written file (the temporary file is removed when
/// anything fails).
pub fn write_atomically(path: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Created as any new file is (0666 less the umask), not tempfile's 0600: an output is
    // a document to share like any other. Windows files have no such mode.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder
        .tempfile_in(dir)
        .map(tempfile::NamedTempFile::into_temp_path)
        .with_context(|| format!("无法在文件夹{}中写入", crate::say::path(dir)))?;
    crate::interrupt::pending(tmp.to_path_buf());
    let saved = write(&tmp).context("写入失败").and_then(|()| {
        if path.is_dir() {
            anyhow::bail!("已有同名的文件夹，请换一个文件名");
        }
        Ok(())
    });
    let tmp_path = tmp.to_path_buf();
    let saved = saved.and_then(|()| tmp.persist(path).map_err(|e| anyhow::Error::from(e.error)).context("无法保存"));
    crate::interrupt::settled(&tmp_path);
    saved
}
