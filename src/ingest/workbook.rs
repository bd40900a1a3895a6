//! Opens one file's bytes as sheets of located cells, whatever the format:
//! xlsx/xlsm/xlsb/xls/ods through calamine, csv through the csv crate.
//!
//! The format is decided by the content, not the name, so a renamed file is read as
//! what it is. Merged cells are filled from their top-left value, and every row keeps
//! the number Excel shows.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsb, Xlsx};

use crate::config::Compiled;
use crate::model::said;
use crate::model::schema::Headers;
use crate::model::Cell;

use super::raw::{damaged, OpenError, RawRow, RawSheet, MAX_PART_BYTES};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads every sheet of a spreadsheet file. `csv_name` names a CSV's one sheet.
pub(crate) fn read_sheets(
    bytes: &[u8],
    is_csv: bool,
    csv_name: &str,
    config: &Compiled,
) -> Result<Vec<RawSheet>, OpenError> {
    let max_rows = config.max_rows_per_sheet;
    if bytes.is_empty() {
        return Err(OpenError(said::f02_empty()));
    }
    if is_csv {
        return super::csv::read(bytes, csv_name, max_rows).map(|s| vec![s]);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return match zip_kind(bytes) {
            ZipKind::Ods => guarded(|| read_ods(bytes, max_rows)),
            ZipKind::Xlsb => guarded(|| with_macro_sheets(bytes, |b| read_xlsb(b, max_rows))),
            ZipKind::Xlsx => guarded(|| with_macro_sheets(bytes, |b| read_xlsx(b, max_rows, &config.headers))),
            ZipKind::Word => guarded(|| super::docx::read(bytes, max_rows)),
            ZipKind::Other => guarded(|| read_xlsx(bytes, max_rows, &config.headers)),
        };
    }
    if bytes.starts_with(OLE_MAGIC) {
        return guarded(|| read_xls(bytes, max_rows));
    }
    Err(OpenError(said::f02_not_spreadsheet()))
}

/// What reading this file would take (issue 13), known before any reader allocates: None
/// for formats whose readers keep their own bounds (xlsx, xlsb, csv, encrypted files); an
/// error for a compound file whose structure is broken (a sector chain that loops), which
/// calamine would follow without end.
pub(crate) fn footprint(bytes: &[u8], is_csv: bool) -> Result<Option<super::footprint::Footprint>, OpenError> {
    if is_csv {
        return Ok(None);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return super::footprint::xls(bytes)
            .map(Some)
            .map_err(|super::footprint::Broken(why)| OpenError(said::f02_broken_structure().with_detail(why)));
    }
    if bytes.starts_with(ZIP_MAGIC) && zip_kind(bytes) == ZipKind::Ods {
        return Ok(super::footprint::ods(bytes));
    }
    Ok(None)
}

thread_local! {
    static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while a spreadsheet reader runs on this thread: a panic there is caught and
/// becomes F02, so the panic hook should stay quiet about it.
pub fn inside_reader() -> bool {
    IN_READER.with(|flag| flag.get())
}

/// Runs a reader so that a panic inside it (calamine on a malformed OLE container, for
/// one) becomes an F02 for this file instead of ending the run.
fn guarded<T>(read: impl FnOnce() -> Result<T, OpenError>) -> Result<T, OpenError> {
    IN_READER.with(|flag| flag.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    IN_READER.with(|flag| flag.set(false));
    result.unwrap_or_else(|_| Err(OpenError(reader_panicked())))
}

/// What a file whose reader panicked is marked with: by the catch above, or by the page,
/// which cannot catch a panic and starts over without the file.
pub(crate) fn reader_panicked() -> crate::model::said::Said {
    said::f02_broken_structure().with_detail("reader panicked")
}

/// What a zip-based file holds, by the parts it lists (not by its first bytes: LibreOffice 5
/// wrote .ods files whose `mimetype` entry is not the first).
#[derive(Debug, PartialEq, Eq)]
enum ZipKind {
    Xlsx,
    Xlsb,
    Ods,
    Word,
    /// Unreadable as a zip or none of the above: the xlsx reader says what is wrong.
    Other,
}

fn zip_kind(bytes: &[u8]) -> ZipKind {
    let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return ZipKind::Other };
    let has = |name: &str| archive.file_names().any(|n| n.is_ok_and(|n| n == name));
    if has("xl/workbook.xml") {
        ZipKind::Xlsx
    } else if has("xl/workbook.bin") {
        ZipKind::Xlsb
    } else if has("content.xml") && (has("mimetype") || has("META-INF/manifest.xml")) {
        ZipKind::Ods
    } else if has("word/document.xml") {
        ZipKind::Word
    } else {
        ZipKind::Other
    }
}

/// Names the first part of a zip-based workbook whose declared size is over the limit.
pub(crate) fn oversized_part(bytes: &[u8]) -> Option<(String, u64)> {
    if !bytes.starts_with(ZIP_MAGIC) {
        return None;
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    (0..archive.len()).find_map(|i| {
        let part = archive.by_index_raw(i).ok()?;
        let name = part.name().ok()?.to_string();
        let data = name.starts_with("xl/worksheets/")
            || name.ends_with("sharedStrings.xml")
            || name == "content.xml"
            || name == "word/document.xml";
        (data && part.size() > MAX_PART_BYTES).then(|| (name, part.size()))
    })
}

fn is_hidden<RS: std::io::Read + std::io::Seek>(book: &impl Reader<RS>, name: &str) -> bool {
    book.sheets_metadata().iter().any(|s| s.name == name && s.visible != calamine::SheetVisible::Visible)
}

/// The workbook's sheets in order, each with what it is when it is not a worksheet: a chart,
/// dialog or macro sheet holds no cells, is listed in 文件清单 and never read (calamine refuses
/// to read it, which must not cost the workbook's worksheets).
fn sheets_of<RS: std::io::Read + std::io::Seek>(book: &impl Reader<RS>) -> Vec<(String, Option<&'static str>)> {
    use calamine::SheetType;
    book.sheets_metadata()
        .iter()
        .map(|s| {
            let what = match s.typ {
                SheetType::WorkSheet => None,
                SheetType::ChartSheet => Some("图表工作表"),
                SheetType::DialogSheet => Some("对话框工作表"),
                SheetType::MacroSheet => Some("宏工作表"),
                SheetType::Vba => Some("VBA 模块"),
            };
            (s.name.clone(), what)
        })
        .collect()
}

/// A sheet that is not read, kept so 文件清单 lists it.
fn not_cells(name: &str, what: &'static str) -> RawSheet {
    RawSheet { name: name.to_string(), not_cells: Some(what), ..RawSheet::default() }
}

/// Streams one sheet's cells into `collector` (the .xlsx and .xlsb readers share it).
macro_rules! stream_cells {
    ($book:expr, $name:expr, $collector:expr) => {{
        let mut reader = $book.worksheet_cells_reader($name).map_err(damaged)?;
        while let Some(cell) = reader.next_cell().map_err(damaged)? {
            let (r, c) = cell.get_position();
            if !$collector.push(r, c, from_ref(cell.get_value())) {
                break;
            }
        }
    }};
}

fn read_xlsx(bytes: &[u8], max_rows: u32, headers: &Headers) -> Result<Vec<RawSheet>, OpenError> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(damaged)?;
    let mut sheets = Vec::new();
    for (name, what) in sheets_of(&book) {
        if let Some(what) = what {
            sheets.push(not_cells(&name, what));
            continue;
        }
        let mut collector = Collector::new(&name, max_rows);
        stream_cells!(book, &name, collector);
        let mut raw = collector.finish(&[]);
        // Merged ranges sit at the end of the sheet XML: calamine finds them by parsing
        // the sheet a second time, so only do it when a merge could change the reading.
        if needs_merges(&raw, headers) {
            let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
            raw = apply_merges(raw, &merges);
        }
        sheets.push(RawSheet { is_1904: book.has_1904_epoch(), hidden: is_hidden(&book, &name), ..raw });
    }
    Ok(sheets)
}

/// A workbook read by `read`, or, when calamine refuses it for its Excel 4.0 macro
/// sheets (.xlsm, .xlsb), read again with those sheets listed as 宏工作表 (`macros`).
fn with_macro_sheets(
    bytes: &[u8],
    read: impl Fn(&[u8]) -> Result<Vec<RawSheet>, OpenError>,
) -> Result<Vec<RawSheet>, OpenError> {
    let first = read(bytes);
    let Err(refused) = first else { return first };
    let Some((readable, macro_sheets)) = super::macros::without_macro_sheets(bytes) else { return Err(refused) };
    let mut sheets = read(&readable)?;
    for sheet in sheets.iter_mut().filter(|s| macro_sheets.contains(&s.name)) {
        sheet.not_cells = Some("宏工作表");
    }
    Ok(sheets)
}

fn read_xlsb(bytes: &[u8], max_rows: u32) -> Result<Vec<RawSheet>, OpenError> {
    let mut book: Xlsb<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(damaged)?;
    let mut sheets = Vec::new();
    for (name, what) in sheets_of(&book) {
        if let Some(what) = what {
            sheets.push(not_cells(&name, what));
            continue;
        }
        let mut collector = Collector::new(&name, max_rows);
        stream_cells!(book, &name, collector);
        let raw = collector.finish(&[]);
        sheets.push(RawSheet { is_1904: book.has_1904_epoch(), hidden: is_hidden(&book, &name), ..raw });
    }
    Ok(sheets)
}

fn read_xls(bytes: &[u8], max_rows: u32) -> Result<Vec<RawSheet>, OpenError> {
    let mut book: Xls<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(damaged)?;
    let mut sheets = Vec::new();
    for (name, what) in sheets_of(&book) {
        if let Some(what) = what {
            sheets.push(not_cells(&name, what));
            continue;
        }
        let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let range = book.worksheet_range(&name).map_err(damaged)?;
        sheets.push(RawSheet {
            is_1904: book.has_1904_epoch(),
            hidden: is_hidden(&book, &name),
            ..collect_range(&name, &range, &merges, max_rows)
        });
    }
    Ok(sheets)
}

fn read_ods(bytes: &[u8], max_rows: u32) -> Result<Vec<RawSheet>, OpenError> {
    let mut book: Ods<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(damaged)?;
    let mut sheets = Vec::new();
    for (name, what) in sheets_of(&book) {
        if let Some(what) = what {
            sheets.push(not_cells(&name, what));
            continue;
        }
        let range = book.worksheet_range(&name).map_err(damaged)?;
        sheets.push(RawSheet { hidden: is_hidden(&book, &name), ..collect_range(&name, &range, &[], max_rows) });
    }
    Ok(sheets)
}

fn collect_range(name: &str, range: &calamine::Range<Data>, merges: &[Dimensions], max_rows: u32) -> RawSheet {
    let mut collector = Collector::new(name, max_rows);
    for (r, c, value) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        if !collector.push(r0 + r as u32, c0 + c as u32, from_data(value)) {
            break;
        }
    }
    collector.finish(merges)
}

/// Gathers cells row by row and stops once more than `max_rows` rows hold data.
struct Collector {
    name: String,
    max_rows: u32,
    /// Rows in ascending order; readers deliver cells row by row, so a cell almost
    /// always belongs to the last row or starts a new one.
    rows: Vec<(u32, Vec<Cell>)>,
    over_limit: bool,
}

impl Collector {
    fn new(name: &str, max_rows: u32) -> Collector {
        Collector { name: name.to_string(), max_rows, rows: Vec::new(), over_limit: false }
    }

    /// Adds a cell at zero-based (row, col); false once the sheet is over the limit.
    fn push(&mut self, row: u32, col: u32, value: Cell) -> bool {
        if value.is_empty() {
            return true;
        }
        let index = match self.rows.last() {
            Some((last, _)) if *last == row => self.rows.len() - 1,
            Some((last, _)) if *last > row => match self.rows.binary_search_by_key(&row, |(r, _)| *r) {
                Ok(i) => i,
                Err(i) => {
                    if !self.room() {
                        return false;
                    }
                    self.rows.insert(i, (row, Vec::new()));
                    i
                }
            },
            _ => {
                if !self.room() {
                    return false;
                }
                self.rows.push((row, Vec::new()));
                self.rows.len() - 1
            }
        };
        let cells = &mut self.rows[index].1;
        let col = col as usize;
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = value;
        true
    }

    /// False, and the sheet marked over the limit, when no further row may be added.
    fn room(&mut self) -> bool {
        if self.rows.len() as u64 >= u64::from(self.max_rows) {
            self.over_limit = true;
        }
        !self.over_limit
    }

    fn finish(self, merges: &[Dimensions]) -> RawSheet {
        if self.over_limit {
            return RawSheet {
                name: self.name,
                rows: Vec::new(),
                over_limit: true,
                is_1904: false,
                hidden: false,
                not_cells: None,
            };
        }
        let rows = self.rows.into_iter().map(|(r, cells)| RawRow { number: r + 1, cells }).collect();
        apply_merges(
            RawSheet { name: self.name, rows, over_limit: false, is_1904: false, hidden: false, not_cells: None },
            merges,
        )
    }
}

/// True when merged cells could matter: no header was found (it may be split over
/// merged cells), or a data row lacks a value in a column that decides where the row
/// belongs or is required (a township or date merged down over several rows).
fn needs_merges(raw: &RawSheet, headers: &Headers) -> bool {
    use super::layout;
    use crate::model::rows::Field;
    if raw.over_limit || raw.rows.is_empty() {
        return false;
    }
    let Some(layout) = layout::detect(raw, headers) else { return true };
    let key_columns: Vec<usize> = crate::model::schema::required(layout.kind)
        .iter()
        .chain(&[Field::Township, Field::Village])
        .filter_map(|f| layout.column(*f))
        .map(|c| c.index as usize)
        .collect();
    raw.rows[layout.header_index + 1..].iter().any(|row| key_columns.iter().any(|&c| row.get(c).is_empty()))
}

fn apply_merges(raw: RawSheet, merges: &[Dimensions]) -> RawSheet {
    if merges.is_empty() {
        return raw;
    }
    let mut rows: BTreeMap<u32, Vec<Cell>> = raw.rows.into_iter().map(|r| (r.number - 1, r.cells)).collect();
    fill_merges(&mut rows, merges);
    let rows = rows.into_iter().map(|(r, cells)| RawRow { number: r + 1, cells }).collect();
    RawSheet { rows, ..raw }
}

/// Copies each merged region's top-left value into the other cells of the region that
/// hold data rows already or lie within the sheet's data; bounded so a hostile merge
/// over a million rows cannot blow up memory.
fn fill_merges(rows: &mut BTreeMap<u32, Vec<Cell>>, merges: &[Dimensions]) {
    const MAX_FILL: u64 = 200_000;
    let Some(&last_row) = rows.keys().next_back() else {
        return;
    };
    for m in merges {
        let Some(value) = rows.get(&m.start.0).and_then(|cells| cells.get(m.start.1 as usize)).cloned() else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let end_row = m.end.0.min(last_row);
        let width = u64::from(m.end.1.saturating_sub(m.start.1)) + 1;
        if u64::from(end_row.saturating_sub(m.start.0) + 1) * width > MAX_FILL || width > 256 {
            continue;
        }
        for r in m.start.0..=end_row {
            let cells = rows.entry(r).or_default();
            for c in m.start.1..=m.end.1 {
                let c = c as usize;
                if cells.len() <= c {
                    cells.resize(c + 1, Cell::Empty);
                }
                if cells[c].is_empty() {
                    cells[c] = value.clone();
                }
            }
        }
    }
}

fn from_ref(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => excel_datetime(d),
        DataRef::DateTimeIso(s) => iso_datetime(s),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => excel_datetime(d),
        Data::DateTimeIso(s) => iso_datetime(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

fn excel_datetime(d: &calamine::ExcelDateTime) -> Cell {
    if d.is_datetime() {
        if let Some(dt) = d.as_datetime() {
            return Cell::Date(dt);
        }
    }
    Cell::Number(d.as_f64())
}

fn iso_datetime(s: &str) -> Cell {
    let parsed = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .or_else(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(|d| d.and_time(chrono::NaiveTime::MIN)));
    parsed.map(Cell::Date).unwrap_or_else(|| Cell::Text(s.to_string()))
}
