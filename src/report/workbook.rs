//! The consolidated district workbook (SPEC §6), sheets in the contract's order. Each
//! sheet's rows are produced lazily from the report and streamed into constant-memory
//! worksheets, so the largest sheets never exist as cells in memory.

use std::path::Path;

use anyhow::{Context, Result};
use rust_xlsxwriter::{Workbook, Worksheet};

use crate::own;

use super::assessment::*;
use super::lists::*;
use super::overview::*;
use super::table::{self, Styles, Table};
use super::Report;
use crate::model::checked::Visits;

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

/// Where 关爱记录 stands among the sheets of SPEC §6 (after 待办清单 when there is one).
fn visits_at(report: &Report) -> usize {
    if has_todo(report) {
        6
    } else {
        5
    }
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
