//! Writing every output of `check`: the consolidated workbook, the JSON summary and the
//! feedback workbooks. 关爱记录, the largest sheet, is written on its own thread while the
//! report is still being finished on the other cores; the feedback workbooks are written
//! while the main workbook is saved (a single-threaded zip). Every output is attempted even
//! when another one fails (a workbook left open in Excel must not cost the townships their
//! feedback files), each one complete or absent (written under a temporary name, renamed).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::table::Styles;
use super::workbook::{self, Book};
use super::Report;
use crate::model::checked::Visits;
use crate::progress::Timer;

/// Where `check` writes.
pub struct Outputs {
    pub workbook: PathBuf,
    pub json: Option<PathBuf>,
    pub feedback_dir: Option<PathBuf>,
}

/// What `write` wrote, and each output it could not write with the reason.
pub struct Written {
    pub report: Report,
    pub workbook: bool,
    pub json: bool,
    pub feedback: Vec<PathBuf>,
    /// "汇总表 D:\\汇总.xlsx：…" for each output that failed.
    pub failed: Vec<String>,
}

/// Writes 关爱记录 from `visits` at once and the rest from the report `finish` builds.
pub fn write(
    visits: &Visits,
    finish: impl FnOnce() -> Report + Send,
    outputs: &Outputs,
    mask: bool,
    timer: &Timer,
) -> Result<Written> {
    let styles = Styles::new();
    let mut book = Book::new();
    let mut visit_sheets = book.visit_sheets(visits)?;
    let (report, others, summary) = std::thread::scope(|scope| -> Result<_> {
        let writer = scope.spawn(|| {
            let written = workbook::write_visits(&mut visit_sheets, visits, &styles, mask);
            timer.lap("  关爱记录写完");
            written
        });
        // The writer above is the critical path: everything else shares the other cores
        // instead of taking CPU time from it.
        let rest = rayon::ThreadPoolBuilder::new()
            .num_threads(rayon::current_num_threads().saturating_sub(1).max(1))
            .build()
            .context("无法启动工作线程")?;
        let (report, others, summary) = rest.install(|| {
            let report = finish();
            timer.lap("核查");
            let (others, summary) = rayon::join(
                || book.write_others(&report, &styles),
                || outputs.json.as_ref().map(|_| super::json::render(&report)).transpose(),
            );
            (report, others, summary)
        });
        timer.lap("  其他工作表写完");
        writer.join().map_err(|_| anyhow::anyhow!("生成汇总表失败：写“关爱记录”时出现内部错误"))??;
        Ok((report, others?, summary?))
    })?;
    timer.lap("  开始保存");
    let (saved, feedback) = rayon::join(
        || book.save(&report, others, visit_sheets, &outputs.workbook),
        || outputs.feedback_dir.as_ref().map(|dir| super::feedback::write_all(&report, dir)),
    );
    let mut failed = Vec::new();
    let workbook = match saved {
        Ok(()) => true,
        Err(e) => {
            failed.push(format!("汇总表 {}：{e:#}", outputs.workbook.display()));
            false
        }
    };
    let json = match (&outputs.json, summary) {
        (Some(path), Some(text)) => match super::json::save(path, &text) {
            Ok(()) => true,
            Err(e) => {
                failed.push(format!("JSON 摘要 {}：{e:#}", path.display()));
                false
            }
        },
        _ => false,
    };
    let (feedback, feedback_failed) = feedback.unwrap_or_default();
    failed.extend(feedback_failed);
    timer.lap("写汇总表和JSON");
    Ok(Written { report, workbook, json, feedback, failed })
}

/// Fails before anything is read when the output folder is missing or read-only.
pub fn check_writable(output: &Path) -> Result<()> {
    let dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let meta =
        std::fs::metadata(&dir).with_context(|| format!("输出文件夹 {} 不存在，请先建立该文件夹", dir.display()))?;
    if meta.permissions().readonly() {
        anyhow::bail!("输出文件夹 {} 不可写入，请换一个位置保存", dir.display());
    }
    Ok(())
}
