//! 总览: every township's row and the run's facts above them, with its charts.

use rust_xlsxwriter::{Chart, ChartType};

use super::assessment::*;
use super::table::{self, BarChart, Mark, Row, Table, Val};
use super::Report;

/// 总览's columns; the rate is `RATE_COLUMN`, charted and marked.
pub(super) const OVERVIEW_HEADERS: [&str; 14] = [
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

pub(super) const RATE_COLUMN: u16 = 10;

/// 村（社区）数, and 社工达标村（社区）数 after it.
pub(super) const VILLAGES_COLUMN: u16 = 2;

/// 总览's columns against the history (SPEC §11), after the others when a history was read.
pub(super) const HISTORY_HEADERS: [&str; 2] = ["未登记退出而消失", "连续未达标"];

/// 总览's columns against the registers (SPEC §12), last, when any register was read.
pub(super) const REGISTER_HEADERS: [&str; 2] = ["名册人数", "名册中未纳入台账"];

/// Which of 总览's optional column groups a run shows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Extra {
    pub(super) history: bool,
    pub(super) registers: bool,
}

pub(super) fn overview(report: &Report) -> Table<'_> {
    let extra = Extra { history: report.compared.used, registers: !report.registers.is_empty() };
    let headers = OVERVIEW_HEADERS
        .iter()
        .chain(HISTORY_HEADERS.iter().filter(|_| extra.history))
        .chain(REGISTER_HEADERS.iter().filter(|_| extra.registers))
        .copied()
        .collect();
    let mut t = Table::new("总览", headers, Some(RATE_COLUMN as usize));
    t.red_words = &["未报送"];
    t.preface = overview_lines(report);
    let townships = report.townships();
    let total = Report::district_row(&townships);
    let attention = report.run.attention_rate;
    let mut rows: Vec<Row<'_>> = townships.into_iter().map(|r| township_row(r, attention, extra)).collect();
    // The chart shows the townships, not the 合计 row under them.
    t.chart =
        Some(BarChart {
            title: "各镇（街道）关爱频次达标率".into(), categories: 0, values: RATE_COLUMN, shares: true
        });
    t.chart_rows = rows.len();
    rows.push(township_row(total, attention, extra));
    t.trend =
        super::trend::Trend::of(&report.compared, &crate::model::order::TownshipOrder::new(&report.run.township_order));
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
pub(super) fn overview_lines(report: &Report) -> Vec<String> {
    let totals = report.totals();
    let mut lines = vec![
        format!("{}“九类”民政服务对象关爱帮扶材料核查汇总", report.run.district),
        format!(
            "考核期间：{}（{} 至 {}）；生成时间：{}；工具版本：guanai {}",
            report.run.period.label(),
            report.run.period.from,
            report.run.period.to,
            report.run.run_at.format("%Y-%m-%d %H:%M"),
            super::TOOL_VERSION
        ),
        format!("读取文件 {} 个；{}", totals.files, super::terminal::villages_line(report)),
        format!("{}；关爱记录 {} 条", super::terminal::recipients_line(totals), totals.visits_accepted),
        format!("问题：错误 {} 条，警告 {} 条，详见“问题清单”", totals.errors, totals.warnings),
    ];
    lines.extend(records_line(report));
    if let Some(line) = super::terminal::todo_line(report) {
        lines.insert(2, line);
    }
    // What the clerk must act on first, right under the title and the period.
    let alerts = report.run.hint.iter().cloned().chain(super::terminal::missing_line(report));
    for (i, line) in alerts.enumerate() {
        lines.insert(2 + i, line);
    }
    lines.extend(super::terminal::unreported_line(report));
    lines.extend(super::terminal::changes_line(report));
    lines.extend(super::terminal::registers_line(report));
    lines.extend(super::changes::carried_line(&report.compared));
    lines.extend(edge_note(&report.recipients, report.run.period, &report.compared));
    lines.extend(split_note(report));
    lines.extend(screen_note(report));
    lines
}

/// Where every accepted visit record is: the records workbook, beside this one unless
/// `--records` put it elsewhere (SPEC §6), printed as its first page when it is too long
/// to print whole.
fn records_line(report: &Report) -> Option<String> {
    let place = report.run.records_place.as_ref()?;
    let screen = if super::print::screen_only(report.visits.len()) {
        "；记录太多，只设置了打印第一页，请在屏幕上筛选后打印所需部分"
    } else {
        ""
    };
    Some(format!("全部关爱记录（逐条，含来源文件和行号）见{place}{screen}"))
}

/// Names the sheets too long to print whole (more than 200 pages): they print their first
/// page and are meant for filtering on screen.
pub(super) fn screen_note(report: &Report) -> Option<String> {
    let long: Vec<String> = [
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

/// One 总览 row; the rate is red only below the configured attention rate; K03 and K04
/// counts at the end when a history was read, then the registers' when any was read (a
/// township with registers and no ledger: 未报送台账, its people not compared).
pub(super) fn township_row(row: super::TownshipRow, attention: f64, extra: Extra) -> Row<'static> {
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
    let mut values = values;
    if extra.history {
        values.extend([row.missing.into(), row.repeated_miss.into()]);
    }
    if extra.registers {
        let missing = if row.registered_unchecked { "未报送台账".into() } else { row.registered_missing.into() };
        values.extend([row.registered.into(), missing]);
    }
    (values, mark)
}

/// Up to this many villages are charted one bar each; a district's 260 are charted per
/// township instead (a bar per village would be unreadable).
pub(super) const VILLAGES_CHARTED: usize = 30;

/// Per township, its villages and those meeting the minimum, from 总览's own rows
/// `first..=last`.
pub(super) fn villages_per_township_chart(first: u32, last: u32) -> Chart {
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
pub(super) fn volunteer_chart(report: &Report) -> Chart {
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
        .set_name(&format!("要求人数（{}人）", report.run.minimum));
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
pub(super) const MINIMUM_COLUMN: u16 = 9;

/// Says which sheets continue in "(2)" … because they pass Excel's row limit.
pub(super) fn split_note(report: &Report) -> Option<String> {
    let per_sheet = table::EXCEL_MAX_ROWS - 1;
    // Which workbook the sheet is in: 关爱记录 is the records workbook's (SPEC §6).
    let sheets = [
        ("关爱记录汇总中", "关爱记录", report.visits.len()),
        ("", "问题清单", report.issues.len()),
        ("", "社工名单", report.volunteers.len()),
    ];
    let long: Vec<String> = sheets
        .into_iter()
        .filter(|(_, _, n)| *n > per_sheet)
        .map(|(book, name, n)| format!("{book}“{name}”共{n}行，超过 Excel 单表上限，续在“{name}(2)”等工作表"))
        .collect();
    (!long.is_empty()).then(|| long.join("；"))
}
