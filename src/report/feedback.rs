//! Feedback workbooks (`--feedback-dir`, SPEC §6): one `<镇街>_问题反馈.xlsx` per township,
//! holding only that township's villages, failing assessments and issues, with a first
//! sheet that says in plain words what to fix and by when. A township's file never holds
//! another township's people.

use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use super::assessment::assessment;
use super::lists::{issue_list, todo_list, village_counts};
use super::table::{Mark, Table, Val};
use super::workbook::{self, Sheet, FEEDBACK_SHEETS};
use super::writer::{OutputFailure, Writer};
use super::{Report, TownshipReport};

/// Writes one feedback workbook per township into `dir` (created when missing): the paths
/// written in township order, and for each one that could not be written, why. One
/// locked file never keeps the other townships' files from being written.
pub(crate) fn write_all(report: &Report, dir: &Path) -> (Vec<PathBuf>, Vec<OutputFailure>) {
    if let Err(e) = std::fs::create_dir_all(dir) {
        let error = format!("无法创建：{}", crate::say::os_error(&e));
        return (Vec::new(), vec![OutputFailure { what: "反馈文件夹", path: dir.to_path_buf(), error }]);
    }
    let results = each_township(report, |part, name| {
        let path = dir.join(name);
        let saved = workbook::save_tables(part.run, part.township, tables(part), &path);
        (path, saved)
    });
    let mut written = Vec::new();
    let mut failed = Vec::new();
    for (path, saved) in results {
        match saved {
            Ok(()) => written.push(path),
            Err(e) => failed.push(OutputFailure::new("反馈文件", &path, &e)),
        }
    }
    (written, failed)
}

/// Every feedback workbook as (file name, bytes), written in memory (the page).
pub(crate) fn to_buffers(report: &Report) -> Vec<(String, Result<Vec<u8>>)> {
    each_township(report, |part, name| (name, workbook::tables_to_buffer(part.run, part.township, tables(part))))
}

/// `make` run for each township that reported (in parallel where there are threads), with
/// its part of the report and its feedback file's name, in township order.
fn each_township<T: Send>(report: &Report, make: impl Fn(&TownshipReport<'_>, String) -> T + Sync) -> Vec<T> {
    let townships: Vec<String> = report
        .townships()
        .into_iter()
        .filter(|t| t.reported && t.township != super::UNPLACED)
        .map(|t| t.township)
        .collect();
    let shares = report.township_shares(&townships);
    townships
        .par_iter()
        .zip(&shares)
        .map(|(township, share)| {
            let part = report.township_part(township, share);
            make(&part, format!("{}_问题反馈.xlsx", file_safe(township)))
        })
        .collect()
}

/// The feedback workbooks as one of `check`'s outputs (`--feedback-dir DIR`).
pub(crate) struct FeedbackFiles(pub(crate) PathBuf);

impl Writer for FeedbackFiles {
    fn shown(&self) -> (&'static str, &Path) {
        ("各镇（街道）问题反馈", &self.0)
    }

    fn write(&self, report: &Report) -> (bool, Vec<OutputFailure>) {
        let (written, failed) = write_all(report, &self.0);
        (!written.is_empty(), failed)
    }
}

/// The feedback workbook's sheets (`FEEDBACK_SHEETS`; 待办清单 only while the period is
/// running and the township has something on it).
fn tables<'a>(part: &'a TownshipReport<'a>) -> Vec<Table<'a>> {
    FEEDBACK_SHEETS
        .into_iter()
        .filter_map(|sheet| {
            let mut table = match sheet {
                Sheet::Guide => guide(part),
                Sheet::Villages => village_counts(&part.villages, part.run.minimum),
                Sheet::Assessment => assessment(part.run, part.compared, &part.recipients, true),
                Sheet::Todo if part.run.has_todo() && !part.todo.is_empty() => todo_list(part.run.as_of, &part.todo),
                Sheet::Changes if part.compared.baseline.is_some() => {
                    super::changes::changes_table(part.run, part.compared, &part.changes)
                }
                Sheet::Issues => issue_list(&part.issues, "问题清单"),
                _ => return None,
            };
            table.key_columns = sheet.key_columns();
            Some(table)
        })
        .collect()
}

/// The first sheet: what was found, what to fix, how, and by when.
fn guide<'a>(part: &TownshipReport<'a>) -> Table<'a> {
    let t = part.totals();
    let township = part.township;
    let deadline = if part.run.deadline.trim().is_empty() {
        "区民政局规定的时限内".to_string()
    } else {
        part.run.deadline.trim().to_string()
    };
    let mut lines: Vec<(String, String)> = vec![
        ("核查期间".into(), part.run.period.label()),
        (
            "社会工作者".into(),
            format!(
                "共 {} 个村（社区），{} 个达到每村不少于 {} 人的要求{}",
                t.villages,
                t.villages_meeting_minimum,
                part.run.minimum,
                failing(part)
            ),
        ),
        (
            "关爱频次".into(),
            format!(
                "{}；未达标的人员及每个考核单位的差额见“关爱考核”",
                super::terminal::recipients_line(t)
            ),
        ),
        (
            "发现的问题".into(),
            format!(
                "错误 {} 个（必须改正：有错误的行未被采用；村（社区）社工人数不足、关爱频次不达标也记为错误），警告 {} 个（请核实，必要时改正）",
                t.errors, t.warnings
            ),
        ),
        (
            "怎样改正".into(),
            "按“问题清单”中的文件、工作表、行号和列找到原表中的单元格，按“修改建议”改正；改正后把整份文件重新报送，不要只报改动的行".into(),
        ),
        ("改正期限".into(), format!("请于{deadline}改正并重新报送")),
    ];
    if let Some(line) = changes_line(part) {
        lines.insert(3, ("台账变动".into(), line));
    }
    if !part.issues.is_empty() {
        lines.push(("问题代码".into(), code_legend(&part.issues)));
    }
    if t.errors == 0 && t.warnings == 0 {
        lines.push(("结论".into(), "本次核查未发现问题，无需改正".into()));
    }
    let title = format!("{township}关爱帮扶材料问题反馈（{}）", part.run.period.label());
    let mut table = Table::new("说明", vec!["事项", "内容"], None);
    table.wrap = true;
    table.preface = vec![title, format!("{}民政局 {}", part.run.district, part.run.run_at.format("%Y年%-m月%-d日"))];
    table.with_rows(lines.len(), lines.into_iter().map(|(k, v)| (vec![Val::from(k), Val::from(v)], Mark::Plain)))
}

/// "；未达到：井口村（有效29人，缺1人）" for the villages short of volunteers, else nothing.
fn failing(part: &TownshipReport<'_>) -> String {
    let failing: Vec<String> = part
        .villages
        .iter()
        .filter(|v| !v.meets_minimum)
        .map(|v| format!("{}（有效{}人，缺{}人）", v.place.village, v.valid, v.shortfall))
        .collect();
    if failing.is_empty() {
        String::new()
    } else {
        format!("；未达到：{}", failing.join("、"))
    }
}

/// What changed against the baseline in this township (SPEC §11), pointing to 台账变动.
fn changes_line(part: &TownshipReport<'_>) -> Option<String> {
    use crate::compare::ChangeKind as K;
    let base = part.compared.baseline.as_ref()?;
    let n = |k: K| part.changes.iter().filter(|c| c.kind == k).count();
    Some(format!(
        "与 {} 相比：新增 {} 人，退出 {} 人，未登记退出而消失 {} 人（须核实：仍需关爱的补入台账，已退出的填写退出日期），连续未达标 {} 人；明细见“台账变动”",
        base.period.label(),
        n(K::Added),
        n(K::Left),
        n(K::Missing),
        n(K::RepeatedMiss)
    ))
}

/// The codes of 问题清单 (which shows the code alone) with what each means, in code order.
fn code_legend(issues: &[crate::model::Issue]) -> String {
    let mut codes: Vec<_> = issues.iter().map(|i| i.code).collect();
    codes.sort_by_key(|c| c.as_str());
    codes.dedup();
    codes.iter().map(|c| format!("{} {}", c.as_str(), c.title())).collect::<Vec<_>>().join("；")
}

/// A township name as a Windows file name: no \ / : * ? " < > | or control characters,
/// no trailing dot or space.
pub(crate) fn file_safe(name: &str) -> String {
    let cleaned: String =
        name.chars()
            .map(|c| {
                if matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    let trimmed = cleaned.trim().trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        "未知镇街".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_windows_safe() {
        assert_eq!(file_safe("井口街道"), "井口街道");
        assert_eq!(file_safe("a/b:c*?"), "a_b_c__");
        assert_eq!(file_safe("镇. "), "镇");
        assert_eq!(file_safe(""), "未知镇街");
        assert_eq!(file_safe("\u{7}"), "_");
    }

    /// The C01 case's report.
    fn c01() -> Report {
        let job = crate::pipeline::Job::fixture_january("cases/C01/input");
        crate::pipeline::run(&job).unwrap()
    }

    /// Its township, as its feedback workbook sees it.
    fn part_of(report: &Report) -> TownshipReport<'_> {
        let shares = report.township_shares(&["井口街道".to_string()]);
        report.township_part("井口街道", &shares[0])
    }

    /// The guide's lines as "事项：内容".
    fn lines(part: &TownshipReport<'_>) -> Vec<String> {
        let text = |v: &Val<'_>| match v {
            Val::Text(t) => t.to_string(),
            other => format!("{other:?}"),
        };
        guide(part).rows.map(|(values, _)| values.iter().map(text).collect::<Vec<_>>().join("：")).collect()
    }

    #[test]
    fn guide_names_the_villages_short_of_the_minimum() {
        let guide = lines(&part_of(&c01())).join("\n");
        assert!(guide.contains("未达到：美丽家园社区（有效29人，缺1人）"), "{guide}");
        assert!(!guide.contains("井口村（"), "井口村 has its 30: {guide}");
    }

    #[test]
    fn guide_explains_each_code_of_the_issue_list_once() {
        let report = c01();
        let mut part = part_of(&report);
        let issue = |code| {
            crate::model::Issue::new(code, crate::model::Location::default(), crate::model::said::f01_no_extension())
        };
        part.issues =
            vec![issue(crate::model::Code::V07), issue(crate::model::Code::C01), issue(crate::model::Code::V07)];
        let guide = lines(&part).join("\n");
        assert!(guide.contains("问题代码：C01 有效社工人数不足；V07 两委成员、本土人才或五职干部"), "{guide}");
    }

    #[test]
    fn guide_says_nothing_to_fix_only_without_errors_and_warnings() {
        let report = c01();
        let mut part = part_of(&report);
        for (errors, warnings, clean) in [(0, 0, true), (1, 0, false), (0, 1, false), (2, 3, false)] {
            part.totals.errors = errors;
            part.totals.warnings = warnings;
            let said = lines(&part).iter().any(|l| l.starts_with("结论：") && l.contains("未发现问题"));
            assert_eq!(said, clean, "errors {errors}, warnings {warnings}");
        }
    }
}
