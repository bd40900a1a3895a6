//! 关爱考核: each person's verdict per rule and unit, and the notes on units at the
//! period's edges.

use super::lists::*;
use super::table::{Mark, Row, Table, Val};
use super::Run;
use crate::assess;
use crate::assess::recipients::{Assessed, RuleStanding, Standing};

/// 关爱考核 of `recipients`; with `only_failing`, just the 不达标 rows (the feedback workbooks).
pub(crate) fn assessment<'a>(
    run: &Run,
    compared: &crate::compare::Compared,
    recipients: &'a [Assessed],
    only_failing: bool,
) -> Table<'a> {
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
    table.preface = vec![format!("关爱频次考核（{}，{} 至 {}）", run.period.label(), run.period.from, run.period.to)];
    if run.as_of < run.period.to {
        table.preface.push(format!(
            "截至{}：只考核此前已结束的考核单位，之后结束的暂不考核（还需联系的对象见“待办清单”）",
            run.as_of.format("%-m月%-d日")
        ));
    }
    table.preface.extend(edge_note(recipients, run.period, compared));
    table.preface.extend(super::changes::carried_line(compared));
    if only_failing {
        let rows: Vec<Row<'_>> = recipients
            .iter()
            .filter(|a| a.standing == Standing::Missed)
            .flat_map(|a| assessment_rows(a, run.period))
            .filter(|(_, mark)| *mark == Mark::Bad)
            .collect();
        return table.with_rows(rows.len(), rows.into_iter());
    }
    let period = run.period;
    table.with_rows(
        recipients.iter().map(|a| a.results.len().max(1)).sum(),
        recipients.iter().flat_map(move |a| assessment_rows(a, period)),
    )
}

pub(super) fn assessment_rows(a: &Assessed, period: crate::period::Period) -> Vec<Row<'_>> {
    let p = &a.recipient;
    let row = |rule: &str, need: &str, (assessed, met): (u32, u32), verdict: Verdict, note: String| -> Row {
        let Verdict { word, mark, detail } = verdict;
        let values = vec![
            text(&p.place.township),
            text(&p.place.village),
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
        let verdict = Verdict { word: "不考核频次", mark: Mark::Plain, detail: String::new() };
        return vec![row("—", "及时关爱帮扶，劝导其自愿接受社会救助", (0, 0), verdict, note)];
    }
    a.results
        .iter()
        .map(|(rule, r)| {
            row(&rule.label, &rule.text, (r.assessed, r.met), verdict(a, rule, r), notes(p, rule, r, period))
        })
        .collect()
}

/// How a row of 关爱考核 words the verdict the assessment reached: 结论, its mark and
/// 未达标明细.
pub(super) struct Verdict {
    word: &'static str,
    mark: Mark,
    detail: String,
}

pub(super) fn verdict(a: &Assessed, rule: &crate::config::Rule, r: &assess::RuleResult) -> Verdict {
    let (word, mark, detail) = match a.rule_standing(r) {
        RuleStanding::NotAssessed => ("不考核", Mark::Plain, String::new()),
        RuleStanding::NoRecords => ("不达标", Mark::Bad, "考核期内无任何关爱记录".to_string()),
        RuleStanding::Met => ("达标", Mark::Plain, String::new()),
        RuleStanding::Missed(shortfalls) => {
            let said: Vec<String> = shortfalls.iter().map(|s| assess::describe(rule.unit, s)).collect();
            ("不达标", Mark::Bad, said.join("；"))
        }
    };
    Verdict { word, mark, detail }
}

/// The days at the period's edges that no whole unit covers (the partial weeks of a
/// month), for the units the rules in force use: said once, above 关爱考核 and in 总览,
/// not on every row.
pub(crate) fn edge_note(
    recipients: &[Assessed],
    period: crate::period::Period,
    compared: &crate::compare::Compared,
) -> Option<String> {
    let mut units: Vec<crate::config::Unit> = Vec::new();
    for (rule, _) in recipients.iter().flat_map(|a| &a.results) {
        if !units.contains(&rule.unit) {
            units.push(rule.unit);
        }
    }
    let said: Vec<String> = units
        .into_iter()
        .filter_map(|unit| {
            let mut edges = assess::period_edges(unit, period);
            if let (Some((_, before)), crate::config::Unit::Week) = (compared.carried, unit) {
                // The first days' week was assessed with the previous period's days.
                edges.retain(|&(from, _)| from > before + chrono::Duration::days(7));
            }
            (!edges.is_empty()).then(|| {
                let mut note = format!(
                    "{}不足一个完整{}，按{}考核的规则不考核这几天",
                    assess::describe_ranges(&edges),
                    unit.label(),
                    unit.label()
                );
                if unit == crate::config::Unit::Week {
                    note.push_str(&straddling_weeks(period, compared));
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
pub(super) fn straddling_weeks(period: crate::period::Period, compared: &crate::compare::Compared) -> String {
    use chrono::{Datelike, Duration};
    let monday = |d: chrono::NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    if period.from.weekday() != chrono::Weekday::Mon && compared.carried.is_none() {
        weeks.push(monday(period.from));
    }
    if period.to.weekday() != chrono::Weekday::Sun {
        weeks.push(monday(period.to));
    }
    let said: Vec<String> = weeks
        .iter()
        .map(|&m| {
            let sunday = m + Duration::days(6);
            if compared.used && m > period.from {
                return format!(
                    "跨月的{}—{}这一周将在下期核查时结合本期的历史记录一并考核",
                    m.format("%-m月%-d日"),
                    sunday.format("%-m月%-d日")
                );
            }
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
pub(super) fn notes(
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
