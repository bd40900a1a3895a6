//! Writing every output of `check`: the consolidated workbook, the records workbook (关爱
//! 记录, SPEC §6), the JSON summary and the feedback workbooks. The records workbook needs
//! only the checked visit rows: it is written and saved on its own thread while the report
//! is still being finished, then the summary is saved while the JSON summary and the
//! feedback workbooks are written (each save is a single-threaded zip). Every output is
//! attempted even when another one fails (a workbook left open in Excel must not cost the
//! townships their feedback files), each one complete or absent (written under a temporary
//! name, renamed).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use rayon::prelude::*;

use super::table::Styles;
use super::workbook::{Book, Titles};
use super::writer::{OutputFailure, Writer};
use super::Report;
use crate::model::checked::Visits;
use crate::progress::Timer;

/// Where `check` writes: the consolidated workbook, the records workbook, and every other
/// output asked for.
pub(crate) struct Outputs {
    pub(crate) workbook: PathBuf,
    pub(crate) records: PathBuf,
    pub(crate) others: Vec<Box<dyn Writer>>,
}

/// What `write` wrote, as the terminal's summary names it, and each output it could not
/// write with the reason.
pub(crate) struct Written {
    pub(crate) report: Report,
    pub(crate) shown: Vec<(&'static str, PathBuf)>,
    pub(crate) failed: Vec<OutputFailure>,
}

const SUMMARY: &str = "汇总表";
const RECORDS: &str = "关爱记录汇总";

/// Writes the records workbook from `visits` at once and the rest from the report
/// `finish` builds.
pub(crate) fn write(
    visits: &Visits,
    finish: impl FnOnce() -> Report + Send,
    outputs: &Outputs,
    mask: bool,
    titles: Titles<'_>,
    timer: &Timer,
) -> Result<Written> {
    let styles = Styles::for_period(titles.period);
    let records_place = place_of(&outputs.records, &outputs.workbook);
    let (report, records_saved, rest) = std::thread::scope(|scope| -> Result<_> {
        let records = scope.spawn(|| {
            let saved = Book::save_records(visits, &styles, mask, titles, &outputs.records, timer);
            timer.lap("  关爱记录汇总保存完");
            saved
        });
        // The records thread is the critical path: everything else shares the other cores
        // instead of taking CPU time from it.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(rayon::current_num_threads().saturating_sub(1).max(1))
            .build()
            .context("无法启动工作线程")?;
        let (report, rest) = pool.install(|| {
            let mut report = finish();
            report.run.records_place = Some(records_place);
            timer.lap("核查");
            let rest = summary_and_others(&report, outputs, &styles, timer);
            (report, rest)
        });
        // A panic in the records thread costs the records workbook only, like any failure.
        let records_saved =
            records.join().unwrap_or_else(|_| Err(anyhow::anyhow!("生成关爱记录汇总失败：写“关爱记录”时出现内部错误")));
        Ok((report, records_saved, rest))
    })?;
    let mut written = Written { report, shown: Vec::new(), failed: Vec::new() };
    let (summary_saved, others) = rest;
    for (label, path, saved) in
        [(SUMMARY, &outputs.workbook, summary_saved), (RECORDS, &outputs.records, records_saved)]
    {
        match saved {
            Ok(()) => written.shown.push((label, path.clone())),
            Err(e) => written.failed.push(OutputFailure::new(label, path, &e)),
        }
    }
    for ((label, place), (any, failures)) in others {
        if any {
            written.shown.push((label, place.to_path_buf()));
        }
        written.failed.extend(failures);
    }
    timer.lap("写汇总表和JSON");
    Ok(written)
}

type OthersWritten<'a> = Vec<((&'static str, &'a Path), (bool, Vec<OutputFailure>))>;

/// The summary workbook, built and saved, while the JSON and the feedback files are written.
fn summary_and_others<'a>(
    report: &Report,
    outputs: &'a Outputs,
    styles: &Styles,
    timer: &Timer,
) -> (Result<()>, OthersWritten<'a>) {
    rayon::join(
        || {
            let mut book = Book::new()?;
            let sheets = book.write_others(report, styles)?;
            timer.lap("  其他工作表写完");
            let saved = book.save(&report.run, sheets, &outputs.workbook);
            timer.lap("  汇总表保存完");
            saved
        },
        || outputs.others.par_iter().map(|w| (w.shown(), w.write(report))).collect::<Vec<_>>(),
    )
}

/// How 总览 names the records workbook `path`: by its name when it is in the summary's
/// folder, else by its whole path.
fn place_of(path: &Path, summary: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if path.parent() == summary.parent() {
        format!("同一文件夹中的“{name}”")
    } else {
        crate::say::path(path)
    }
}

/// Fails before anything is read when an output path cannot be what it is meant to be:
/// a folder named where a file is meant (`-o 结果`), a workbook not named .xlsx (`-o 汇总`,
/// `-o 汇总.xls` would hold xlsx content under the wrong name), a missing or read-only folder.
/// `what` names the output in the message (汇总表, JSON 摘要, 联系卡); `extension` the
/// one its name must end in, if any.
pub(crate) fn check_writable(output: &Path, what: &str, extension: Option<&str>) -> Result<()> {
    let say = crate::say::path;
    if output.is_dir() {
        let example = output.join(format!("{what}.{}", extension.unwrap_or("json")));
        anyhow::bail!("{}是一个文件夹；请写{what}的文件名，如 {}", say(output), say(&example));
    }
    if let Some(ext) = extension {
        let has = output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if has.as_deref() != Some(ext) {
            let fixed = output.with_extension(ext);
            anyhow::bail!("{what}只能保存为 .{ext} 文件：请把{}改为{}", say(output), say(&fixed));
        }
    }
    let dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A folder that does not exist yet is made, as --feedback-dir's is (-o 新文件夹/汇总.xlsx).
    if !dir.exists() {
        std::fs::create_dir_all(&dir).with_context(|| format!("无法创建{what}的保存位置{}", say(&dir)))?;
    }
    let meta = std::fs::metadata(&dir).with_context(|| format!("{what}的保存位置{}无法使用", say(&dir)))?;
    if !meta.is_dir() {
        anyhow::bail!("{what}的保存位置{}不是文件夹", say(&dir));
    }
    if meta.permissions().readonly() {
        anyhow::bail!("{what}的保存位置{}是只读的，请换一个位置保存", say(&dir));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `write` on the demo fixture into a fresh folder (汇总.xlsx, 摘要.json, fb/), after
    /// `block` has put a folder where one of those outputs is meant to go: the folder and
    /// what was written.
    fn write_demo_with(block: impl FnOnce(&Path)) -> (tempfile::TempDir, Written) {
        let job = crate::pipeline::Job::fixture_january("demo");
        let dir = tempfile::tempdir().unwrap();
        let started = crate::pipeline::start(&job, &crate::progress::Progress::hidden(), &Timer::new()).unwrap();
        let outputs = Outputs {
            workbook: dir.path().join("汇总.xlsx"),
            records: dir.path().join("汇总_关爱记录.xlsx"),
            others: vec![
                Box::new(super::super::json::JsonSummary(dir.path().join("摘要.json"))),
                Box::new(super::super::feedback::FeedbackFiles(dir.path().join("fb"))),
            ],
        };
        block(dir.path());
        let visits = started.visits().clone();
        let titles = super::super::workbook::Titles { district: "沙坪坝区", period: "2023年1月" };
        let written =
            write(&visits, || started.finish(&job, &Timer::new()), &outputs, false, titles, &Timer::new()).unwrap();
        (dir, written)
    }

    /// The labels of what was written, as the terminal's summary lists them.
    fn labels(written: &Written) -> Vec<&str> {
        written.shown.iter().map(|(label, _)| *label).collect()
    }

    /// Every output is attempted: with the main workbook's save failing (its name taken by
    /// a folder after the up-front check), the JSON and every feedback file are written and
    /// the failure is named, in Chinese.
    #[test]
    fn a_failed_workbook_costs_only_itself() {
        let (dir, written) = write_demo_with(|d| std::fs::create_dir(d.join("汇总.xlsx")).unwrap());
        assert_eq!(labels(&written), ["关爱记录汇总", "JSON 摘要", "各镇（街道）问题反馈"]);
        assert_eq!(std::fs::read_dir(dir.path().join("fb")).unwrap().count(), 3, "every township's file");
        assert_eq!(written.failed.len(), 1, "{:?}", written.failed);
        let said = written.failed[0].to_string();
        assert!(said.contains("“") && said.contains("汇总.xlsx"), "{said}");
        assert!(!said.contains("os error"), "{said}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 4, "no temporary file left: {left:?}");
    }

    /// The JSON is written while the workbook is saved: when it fails (its name taken by a
    /// folder), the workbook and the feedback files are still written and the JSON's failure
    /// is named with its path.
    #[test]
    fn a_failed_json_costs_only_itself() {
        let (dir, written) = write_demo_with(|d| std::fs::create_dir(d.join("摘要.json")).unwrap());
        assert_eq!(labels(&written), ["汇总表", "关爱记录汇总", "各镇（街道）问题反馈"]);
        assert_eq!(std::fs::read_dir(dir.path().join("fb")).unwrap().count(), 3, "every township's file");
        assert_eq!(written.failed.len(), 1, "{:?}", written.failed);
        let said = written.failed[0].to_string();
        assert!(said.starts_with("JSON 摘要") && said.contains("摘要.json"), "{said}");
        assert!(!said.contains("os error"), "{said}");
    }

    /// The records workbook is saved on its own: when it fails, the summary, the JSON and
    /// the feedback files are still written, and the failure names the records workbook.
    #[test]
    fn a_failed_records_workbook_costs_only_itself() {
        let (dir, written) = write_demo_with(|d| std::fs::create_dir(d.join("汇总_关爱记录.xlsx")).unwrap());
        assert_eq!(labels(&written), ["汇总表", "JSON 摘要", "各镇（街道）问题反馈"]);
        assert_eq!(written.failed.len(), 1, "{:?}", written.failed);
        let said = written.failed[0].to_string();
        assert!(said.starts_with("关爱记录汇总") && said.contains("汇总_关爱记录.xlsx"), "{said}");
        // The summary still names where the records were meant to be.
        assert!(dir.path().join("汇总.xlsx").is_file());
    }
}
