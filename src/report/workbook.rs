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
use super::{Report, Run};
use crate::model::checked::Visits;

/// A sheet guanai writes: the district workbook's (SPEC §6) and the feedback workbook's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sheet {
    Overview,
    Villages,
    Volunteers,
    Rejected,
    Assessment,
    Todo,
    Visits,
    Recipients,
    /// 台账变动 (SPEC §11).
    Changes,
    Issues,
    Files,
    /// The feedback workbook's first sheet, 说明.
    Guide,
}

/// The district workbook's sheets in the contract's order (SPEC §6; 待办清单 only while
/// the period is running, SPEC §9).
pub(crate) const SUMMARY_SHEETS: [Sheet; 11] = [
    Sheet::Overview,
    Sheet::Villages,
    Sheet::Volunteers,
    Sheet::Rejected,
    Sheet::Assessment,
    Sheet::Todo,
    Sheet::Visits,
    Sheet::Recipients,
    Sheet::Changes,
    Sheet::Issues,
    Sheet::Files,
];

/// A township's feedback workbook's sheets, in order (SPEC §6).
pub(crate) const FEEDBACK_SHEETS: [Sheet; 6] =
    [Sheet::Guide, Sheet::Villages, Sheet::Assessment, Sheet::Todo, Sheet::Changes, Sheet::Issues];

impl Sheet {
    /// How many of its first columns say whose row it is (镇, 村, 姓名 …): repeated on
    /// every printed page when the sheet runs over several pages across.
    pub(crate) fn key_columns(self) -> u16 {
        match self {
            Sheet::Volunteers => 4,
            Sheet::Rejected | Sheet::Assessment | Sheet::Recipients | Sheet::Changes => 3,
            Sheet::Villages | Sheet::Visits | Sheet::Issues => 2,
            Sheet::Overview | Sheet::Files => 1,
            Sheet::Todo | Sheet::Guide => 0,
        }
    }
}

/// The district workbook's sheets this run writes.
fn summary_sheets(run: &Run) -> impl Iterator<Item = Sheet> + '_ {
    SUMMARY_SHEETS.into_iter().filter(|s| *s != Sheet::Todo || run.has_todo())
}

/// Every sheet of the district workbook but 关爱记录, which is written on its own
/// (`write_visits`) and goes in at `visits_at`.
fn build(report: &Report) -> Vec<Table<'_>> {
    summary_sheets(&report.run)
        .filter(|s| *s != Sheet::Visits)
        .filter_map(|sheet| summary_table(report, sheet))
        .collect()
}

/// One sheet of the district workbook as a table, its key columns set (None for 说明,
/// which only a feedback workbook has).
fn summary_table(report: &Report, sheet: Sheet) -> Option<Table<'_>> {
    let mut table = match sheet {
        Sheet::Overview => overview(report),
        Sheet::Villages => village_counts(&report.villages, report.run.minimum),
        Sheet::Volunteers => volunteer_list(report),
        Sheet::Rejected => rejected_list(report),
        Sheet::Assessment => assessment(&report.run, &report.compared, &report.recipients, false),
        Sheet::Todo => todo_list(report.run.as_of, &report.todo),
        Sheet::Visits => visit_list(&report.visits),
        Sheet::Recipients => recipient_list(report),
        Sheet::Changes => super::changes::changes_table(&report.run, &report.compared, &report.compared.changes),
        Sheet::Issues => issue_list(&report.issues, "问题清单"),
        Sheet::Files => file_list(report),
        Sheet::Guide => return None,
    };
    table.key_columns = sheet.key_columns();
    Some(table)
}

/// Where 关爱记录 stands among the sheets this run writes.
fn visits_at(run: &Run) -> usize {
    summary_sheets(run).position(|s| s == Sheet::Visits).unwrap_or(0)
}

/// The consolidated workbook while it is written: 关爱记录, the largest sheet, can be
/// written on its own thread as soon as the visit rows are checked (`visit_sheets`,
/// `write_visits`), the other sheets once the report is complete (`write_others`);
/// `save` puts them in the contract's order.
pub(crate) struct Book {
    workbook: Workbook,
    /// The township whose feedback workbook this is; None for the district's summary.
    feedback_for: Option<String>,
}

impl Book {
    pub(crate) fn new() -> Result<Book> {
        let mut workbook = super::font::workbook().context("生成汇总表失败")?;
        // Level 1 deflate: measured on the scale-1 benchmark, the default level spent most
        // of the save compressing for a file a few percent smaller.
        workbook.set_zip_compression_level(1);
        Ok(Book { workbook, feedback_for: None })
    }

    /// The empty 关爱记录 sheet(s), outside the workbook until `save`.
    pub(crate) fn visit_sheets(&mut self, visits: &Visits) -> Result<Vec<Worksheet>> {
        table::new_sheets(&mut self.workbook, &visit_list(visits), table::Strings::Shared).context("生成汇总表失败")
    }

    /// Every other sheet, written in parallel, in the contract's order.
    pub(crate) fn write_others(&mut self, report: &Report, styles: &Styles) -> Result<Vec<Vec<Worksheet>>> {
        self.write_tables(&report.run, build(report), styles)
    }

    fn write_tables(&mut self, run: &Run, tables: Vec<Table<'_>>, styles: &Styles) -> Result<Vec<Vec<Worksheet>>> {
        table::write_all(&mut self.workbook, tables, styles, run.mask).context("生成汇总表失败")
    }

    /// The sheets in the contract's order, 关爱记录 put in its place, and the workbook's
    /// properties (what kind of guanai workbook it is).
    fn assemble(&mut self, run: &Run, mut others: Vec<Vec<Worksheet>>, visit_sheets: Vec<Worksheet>) {
        let (kind, title) = match &self.feedback_for {
            Some(township) => {
                (own::Kind::Feedback, format!("{township}关爱帮扶材料问题反馈（{}）", run.period.label()))
            }
            None => (own::Kind::Summary, format!("{}关爱帮扶材料核查汇总（{}）", run.district, run.period.label())),
        };
        self.workbook.set_properties(&own::properties(kind, &title, &run.district));
        if !visit_sheets.is_empty() {
            others.insert(visits_at(run).min(others.len()), visit_sheets);
        }
        for sheet in others.into_iter().flatten() {
            self.workbook.push_worksheet(sheet);
        }
    }

    /// Puts the sheets in order and saves through a temporary file renamed into place.
    pub(crate) fn save(
        mut self,
        run: &Run,
        others: Vec<Vec<Worksheet>>,
        visit_sheets: Vec<Worksheet>,
        path: &Path,
    ) -> Result<()> {
        self.assemble(run, others, visit_sheets);
        let workbook = &mut self.workbook;
        write_atomically(path, |tmp| workbook.save(tmp).map_err(anyhow::Error::from))
    }
}

/// The whole consolidated workbook as bytes, written in memory (the fuzz target's writer).
pub fn to_buffer(report: &Report) -> Result<Vec<u8>> {
    let styles = Styles::for_period(&report.run.period.label());
    let mut book = Book::new()?;
    let mut visit_sheets = book.visit_sheets(&report.visits)?;
    write_visits(&mut visit_sheets, &report.visits, &styles, report.run.mask)?;
    let others = book.write_others(report, &styles)?;
    book.assemble(&report.run, others, visit_sheets);
    book.workbook.save_to_buffer().context("生成汇总表失败")
}

/// Writes 关爱记录 into the sheets `Book::visit_sheets` made.
pub(crate) fn write_visits(sheets: &mut [Worksheet], visits: &Visits, styles: &Styles, mask: bool) -> Result<()> {
    table::write_table(sheets, visit_list(visits), styles, mask).context("生成汇总表失败")
}

/// Writes `tables` as `township`'s feedback workbook, marked as one (SPEC §6).
pub(crate) fn save_tables(run: &Run, township: &str, tables: Vec<Table<'_>>, path: &Path) -> Result<()> {
    let styles = Styles::for_period(&run.period.label());
    let mut book = Book::new()?;
    book.feedback_for = Some(township.to_string());
    let sheets = book.write_tables(run, tables, &styles)?;
    book.save(run, sheets, Vec::new(), path)
}

/// Runs `write` on a temporary name beside `path`, then renames it over `path`, so a
/// failed run never leaves a half-written file (the temporary file is removed when
/// anything fails).
pub(crate) fn write_atomically(path: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
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
