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
    Recipients,
    /// 台账变动 (SPEC §11).
    Changes,
    Issues,
    Files,
    /// The feedback workbook's first sheet, 说明.
    Guide,
}

/// The district workbook's sheets in the contract's order (SPEC §6; 待办清单 only while
/// the period is running, SPEC §9). 关爱记录 is the records workbook's only sheet.
pub(crate) const SUMMARY_SHEETS: [Sheet; 10] = [
    Sheet::Overview,
    Sheet::Villages,
    Sheet::Volunteers,
    Sheet::Rejected,
    Sheet::Assessment,
    Sheet::Todo,
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
            Sheet::Villages | Sheet::Issues => 2,
            Sheet::Overview | Sheet::Files => 1,
            Sheet::Todo | Sheet::Guide => 0,
        }
    }
}

/// The district workbook's sheets this run writes.
fn summary_sheets(run: &Run) -> impl Iterator<Item = Sheet> + '_ {
    SUMMARY_SHEETS.into_iter().filter(|s| *s != Sheet::Todo || run.has_todo())
}

/// Every sheet of the district workbook: 关爱记录 is the records workbook's (SPEC §6).
fn build(report: &Report) -> Vec<Table<'_>> {
    summary_sheets(&report.run).filter_map(|sheet| summary_table(report, sheet)).collect()
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
        Sheet::Recipients => recipient_list(report),
        Sheet::Changes => super::changes::changes_table(&report.run, &report.compared, &report.compared.changes),
        Sheet::Issues => issue_list(&report.issues, "问题清单"),
        Sheet::Files => file_list(report),
        Sheet::Guide => return None,
    };
    table.key_columns = sheet.key_columns();
    Some(table)
}

/// The summary's deflate level. Its save runs beside the records workbook's, which is the
/// longer one, so it can afford more than level 1: measured at scale 1, level 3 makes it
/// 6.0 MB instead of 8.6 MB (the clerk forwards it by mail) for about 0.05 s more on its own
/// thread, still ending before the records workbook's save (level 4: 5.4 MB, but at scale
/// 10 its save ends with the records', level 6: 5.2 MB and a third of a second later).
const SUMMARY_ZIP_LEVEL: u8 = 3;

/// What the workbooks' titles say before the report exists: the district and the period.
#[derive(Clone, Copy)]
pub(crate) struct Titles<'a> {
    pub(crate) district: &'a str,
    pub(crate) period: &'a str,
}

/// A workbook guanai writes while it is written: the district's summary, a township's
/// feedback workbook (`save_tables`) or the records workbook (`save_records`).
pub(crate) struct Book {
    workbook: Workbook,
}

impl Book {
    pub(crate) fn new() -> Result<Book> {
        let mut workbook = super::font::workbook().context("生成汇总表失败")?;
        // Level 1 deflate: measured on the scale-1 benchmark, the default level spent most
        // of the save compressing for a file a few percent smaller.
        workbook.set_zip_compression_level(1);
        Ok(Book { workbook })
    }

    /// Every sheet of the summary, written in parallel, in the contract's order.
    pub(crate) fn write_others(&mut self, report: &Report, styles: &Styles) -> Result<Vec<Vec<Worksheet>>> {
        self.write_tables(&report.run, build(report), styles)
    }

    fn write_tables(&mut self, run: &Run, tables: Vec<Table<'_>>, styles: &Styles) -> Result<Vec<Vec<Worksheet>>> {
        table::write_all(&mut self.workbook, tables, styles, run.mask).context("生成汇总表失败")
    }

    /// The sheets in their order, and the workbook's properties (what kind of guanai
    /// workbook it is, its title).
    fn assemble(&mut self, kind: own::Kind, title: &str, district: &str, sheets: Vec<Vec<Worksheet>>) {
        self.workbook.set_properties(&own::properties(kind, title, district));
        for sheet in sheets.into_iter().flatten() {
            self.workbook.push_worksheet(sheet);
        }
    }

    /// The district's summary: its sheets, its properties, its deflate level.
    fn assemble_summary(&mut self, run: &Run, sheets: Vec<Vec<Worksheet>>) {
        let title = format!("{}关爱帮扶材料核查汇总（{}）", run.district, run.period.label());
        self.assemble(own::Kind::Summary, &title, &run.district, sheets);
        self.workbook.set_zip_compression_level(SUMMARY_ZIP_LEVEL);
    }

    /// The district's summary, saved through a temporary file renamed into place.
    pub(crate) fn save(mut self, run: &Run, sheets: Vec<Vec<Worksheet>>, path: &Path) -> Result<()> {
        self.assemble_summary(run, sheets);
        self.save_to(path)
    }

    fn save_to(mut self, path: &Path) -> Result<()> {
        let workbook = &mut self.workbook;
        write_atomically(path, |tmp| workbook.save(tmp).map_err(anyhow::Error::from))
    }

    /// The records workbook (SPEC §6): every accepted visit record in 关爱记录 (and its
    /// continuations past Excel's row limit), marked as guanai's 关爱记录汇总.
    fn records(visits: &Visits, styles: &Styles, mask: bool, titles: Titles<'_>) -> Result<Book> {
        let mut book = Book::new()?;
        let mut sheets = table::new_sheets(&mut book.workbook, &visit_list(visits), table::Strings::Shared)
            .context("生成关爱记录汇总失败")?;
        table::write_table(&mut sheets, visit_list(visits), styles, mask).context("生成关爱记录汇总失败")?;
        let title = format!("{}关爱服务记录汇总（{}）", titles.district, titles.period);
        book.assemble(own::Kind::Records, &title, titles.district, vec![sheets]);
        Ok(book)
    }

    /// The records workbook written and saved at `path`.
    pub(crate) fn save_records(
        visits: &Visits,
        styles: &Styles,
        mask: bool,
        titles: Titles<'_>,
        path: &Path,
        timer: &crate::progress::Timer,
    ) -> Result<()> {
        let book = Book::records(visits, styles, mask, titles)?;
        timer.lap("  关爱记录写完");
        book.save_to(path)
    }
}

/// The summary and the records workbook as bytes, written in memory (the fuzz target's
/// writer).
pub fn to_buffers(report: &Report) -> Result<(Vec<u8>, Vec<u8>)> {
    let period = report.run.period.label();
    let styles = Styles::for_period(&period);
    let mut book = Book::new()?;
    let sheets = book.write_others(report, &styles)?;
    book.assemble_summary(&report.run, sheets);
    let summary = book.workbook.save_to_buffer().context("生成汇总表失败")?;
    let titles = Titles { district: &report.run.district, period: &period };
    let mut records = Book::records(&report.visits, &styles, report.run.mask, titles)?;
    Ok((summary, records.workbook.save_to_buffer().context("生成关爱记录汇总失败")?))
}

/// Writes `tables` as `township`'s feedback workbook, marked as one (SPEC §6).
pub(crate) fn save_tables(run: &Run, township: &str, tables: Vec<Table<'_>>, path: &Path) -> Result<()> {
    feedback_book(run, township, tables)?.save_to(path)
}

/// `save_tables` in memory.
pub(crate) fn tables_to_buffer(run: &Run, township: &str, tables: Vec<Table<'_>>) -> Result<Vec<u8>> {
    let mut book = feedback_book(run, township, tables)?;
    book.workbook.save_to_buffer().context("生成问题反馈文件失败")
}

fn feedback_book(run: &Run, township: &str, tables: Vec<Table<'_>>) -> Result<Book> {
    let styles = Styles::for_period(&run.period.label());
    let mut book = Book::new()?;
    let sheets = book.write_tables(run, tables, &styles)?;
    let title = format!("{township}关爱帮扶材料问题反馈（{}）", run.period.label());
    book.assemble(own::Kind::Feedback, &title, &run.district, sheets);
    Ok(book)
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
