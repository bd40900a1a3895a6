//! Writes one table as a worksheet the way every sheet of the workbook looks: bold
//! header, frozen and filtered, widths that fit Chinese text, A4 landscape with the
//! header repeated on each printed page, and a sheet that would pass Excel's row limit
//! continued in "名称(2)", "名称(3)" …
//!
//! Cells are written as strings and numbers only, never formulas: an input "=1+1"
//! stays the text "=1+1".

use rust_xlsxwriter::{Chart, ChartType, Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use std::borrow::Cow;

use crate::normalize::text::display_width;

/// Excel's limit on rows per sheet.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;
/// Excel's limit on characters per cell.
pub const EXCEL_MAX_CHARS: usize = 32_767;

#[derive(Debug, Clone)]
pub enum Val<'a> {
    /// Borrowed from the report where it can be: no copy per cell.
    Text(Cow<'a, str>),
    Int(i64),
    /// A share shown as a percentage (0.853 → 85.3%).
    Pct(f64),
    /// A real Excel date (sortable and filterable), shown as 2023-01-04.
    Date(chrono::NaiveDate),
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(s: &'a str) -> Val<'a> {
        Val::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Val<'_> {
    fn from(s: String) -> Self {
        Val::Text(Cow::Owned(s))
    }
}

impl From<u32> for Val<'_> {
    fn from(n: u32) -> Self {
        Val::Int(i64::from(n))
    }
}

impl From<usize> for Val<'_> {
    fn from(n: usize) -> Self {
        Val::Int(n as i64)
    }
}

/// How a row's marked cell is coloured: red for errors and 不达标, yellow for warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Plain,
    Bad,
    Warn,
}

/// A row and how its marked cell is coloured.
pub type Row<'a> = (Vec<Val<'a>>, Mark);

/// A sheet to write. Rows come from an iterator, so a sheet of three million visit
/// records is never held in memory as cells: it streams into a constant-memory worksheet.
pub struct Table<'a> {
    pub name: String,
    pub headers: Vec<&'static str>,
    pub rows: Box<dyn Iterator<Item = Row<'a>> + Send + 'a>,
    /// How many rows `rows` yields, so the sheets it needs are known before writing.
    pub len: usize,
    /// The column whose cell carries the row's mark.
    pub mark_column: Option<usize>,
    /// Lines written above the header (总览's district, period, run time …).
    pub preface: Vec<String>,
    /// A bar chart under the table: (title, category column, value column, values are shares).
    pub chart: Option<(String, u16, u16, bool)>,
    /// How many of the first rows the chart shows (0: all): not the 合计 row.
    pub chart_rows: usize,
    /// The last row is a 合计 row: bold, outside the filter.
    pub total_row: bool,
    /// More charts, built in full (they may chart other sheets), placed beside.
    pub extra_charts: Vec<Chart>,
    /// Text wraps in its cell and rows grow to show it all (sheets of prose, read and
    /// printed by people: 问题清单, the feedback guide).
    pub wrap: bool,
}

impl<'a> Table<'a> {
    pub fn new(name: &str, headers: Vec<&'static str>, mark_column: Option<usize>) -> Table<'a> {
        Table {
            name: name.to_string(),
            headers,
            rows: Box::new(std::iter::empty()),
            len: 0,
            mark_column,
            preface: Vec::new(),
            chart: None,
            chart_rows: 0,
            total_row: false,
            extra_charts: Vec::new(),
            wrap: false,
        }
    }

    /// Sets the rows; `len` must be the number of rows they yield.
    pub fn with_rows(mut self, len: usize, rows: impl Iterator<Item = Row<'a>> + Send + 'a) -> Table<'a> {
        self.rows = Box::new(rows);
        self.len = len;
        self
    }

    /// Rows that fit on one sheet under the preface and header.
    fn per_sheet(&self) -> usize {
        EXCEL_MAX_ROWS - 1 - self.preface.len() - usize::from(!self.preface.is_empty())
    }

    /// The sheet names this table takes: "关爱记录", then "关爱记录(2)" … past Excel's limit.
    pub fn sheet_names(&self) -> Vec<String> {
        let parts = self.len.div_ceil(self.per_sheet()).max(1);
        (1..=parts).map(|p| if p == 1 { self.name.clone() } else { format!("{}({p})", self.name) }).collect()
    }
}

pub struct Styles {
    pub header: Format,
    pub bad: Format,
    pub warn: Format,
    /// Text that wraps, top-aligned.
    pub wrap: Format,
    /// `bad` and `warn` for a percentage, which keeps its number format.
    pub bad_pct: Format,
    pub warn_pct: Format,
    pub title: Format,
    pub plain: Format,
    pub pct: Format,
    pub date: Format,
}

impl Styles {
    pub fn new() -> Styles {
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            bad: Format::new().set_background_color(Color::RGB(0xFFC7CE)).set_font_color(Color::RGB(0x9C0006)),
            warn: Format::new().set_background_color(Color::RGB(0xFFEB9C)).set_font_color(Color::RGB(0x9C5700)),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            bad_pct: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006))
                .set_num_format("0.0%"),
            warn_pct: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700))
                .set_num_format("0.0%"),
            title: Format::new().set_bold().set_font_size(14),
            plain: Format::new(),
            pct: Format::new().set_num_format("0.0%"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

/// How many rows the column widths are measured on.
const WIDTH_SAMPLE: usize = 2_000;

/// The named, empty worksheets a table takes, not yet in the workbook: they are written
/// (on any thread) and put in their place with `Workbook::push_worksheet` afterwards.
pub fn new_sheets(workbook: &mut Workbook, table: &Table<'_>) -> Result<Vec<Worksheet>, XlsxError> {
    table
        .sheet_names()
        .iter()
        .map(|name| {
            let mut sheet = workbook.new_worksheet_with_low_memory()?;
            sheet.set_name(name)?;
            Ok(sheet)
        })
        .collect()
}

/// Writes every table into its own constant-memory sheet(s), the tables in parallel.
/// With `mask`, ID and phone numbers in every text cell are masked. The sheets come back in the
/// tables' order, for the caller to push into the workbook.
pub fn write_all(
    workbook: &mut Workbook,
    tables: Vec<Table<'_>>,
    styles: &Styles,
    mask: bool,
) -> Result<Vec<Vec<Worksheet>>, XlsxError> {
    let sheets = tables.iter().map(|t| new_sheets(workbook, t)).collect::<Result<Vec<_>, _>>()?;
    use rayon::prelude::*;
    tables
        .into_par_iter()
        .zip(sheets)
        .map(|(table, mut sheets)| write_table(&mut sheets, table, styles, mask).map(|()| sheets))
        .collect()
}

/// Tables longer than this have their rows built on a helper thread while the writer
/// thread only writes: the largest sheet is the critical path of the whole save.
const PIPELINE_ROWS: usize = 50_000;

pub fn write_table(sheets: &mut [Worksheet], table: Table<'_>, styles: &Styles, mask: bool) -> Result<(), XlsxError> {
    if table.len < PIPELINE_ROWS {
        return write_rows(sheets, table, styles, mask);
    }
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row<'_>>>(8);
        let Table { name, headers, rows, len, mark_column, preface, chart, chart_rows, total_row, extra_charts, wrap } =
            table;
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(1024);
            for row in rows {
                batch.push(row);
                if batch.len() == 1024 && tx.send(std::mem::replace(&mut batch, Vec::with_capacity(1024))).is_err() {
                    return;
                }
            }
            let _ = tx.send(batch);
        });
        let table = Table {
            name,
            headers,
            rows: Box::new(rx.into_iter().flatten()),
            len,
            mark_column,
            preface,
            chart,
            chart_rows,
            total_row,
            extra_charts,
            wrap,
        };
        write_rows(sheets, table, styles, mask)
    })
}

/// How every row of one table is written: what the sample of its first rows decided.
struct Layout<'s> {
    widths: Vec<f64>,
    column_formats: Vec<Option<&'s Format>>,
    mark_column: Option<usize>,
    wrap: bool,
    mask: bool,
    styles: &'s Styles,
}

fn write_rows(sheets: &mut [Worksheet], table: Table<'_>, styles: &Styles, mask: bool) -> Result<(), XlsxError> {
    let per_sheet = table.per_sheet();
    let Table { headers, mut rows, mark_column, preface, chart, chart_rows, total_row, extra_charts, wrap, .. } = table;
    let sample: Vec<Row<'_>> = rows.by_ref().take(WIDTH_SAMPLE).collect();
    let layout = Layout {
        widths: column_widths(&headers, &sample, if wrap { 36 } else { 60 }),
        column_formats: column_formats(headers.len(), &sample, wrap, styles),
        mark_column,
        wrap,
        mask,
        styles,
    };
    let mut rows = sample.into_iter().chain(rows);
    let top = if preface.is_empty() { 0 } else { preface.len() as u32 + 1 };
    for (part, sheet) in sheets.iter_mut().enumerate() {
        write_top(sheet, &layout, &preface, &headers, top)?;
        let mut written = 0u32;
        for (values, mark) in rows.by_ref().take(per_sheet) {
            written += 1;
            write_row(sheet, top + written, &values, mark, &layout)?;
        }
        if part == 0 {
            let charted = if chart_rows == 0 { written } else { (chart_rows as u32).min(written) };
            insert_charts(sheet, chart.as_ref(), &extra_charts, top, charted, written)?;
        }
        sheet.set_freeze_panes(top + 1, 0)?;
        let filtered = if total_row { written.saturating_sub(1) } else { written };
        sheet.autofilter(top, 0, top + filtered, headers.len().saturating_sub(1) as u16)?;
        page_setup(sheet, top)?;
    }
    Ok(())
}

/// Column widths and formats, the title lines above the table and the header row.
fn write_top(
    sheet: &mut Worksheet,
    layout: &Layout<'_>,
    preface: &[String],
    headers: &[&str],
    top: u32,
) -> Result<(), XlsxError> {
    let styles = layout.styles;
    for (c, width) in layout.widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
        if let Some(format) = layout.column_formats[c] {
            sheet.set_column_format(c as u16, format)?;
        }
    }
    for (r, line) in preface.iter().enumerate() {
        let format = if r == 0 { &styles.title } else { &styles.plain };
        sheet.write_string_with_format(r as u32, 0, clip(line).as_ref(), format)?;
    }
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(top, c as u16, *header, &styles.header)?;
    }
    // Long headers wrap onto a second line instead of widening their column.
    if headers.iter().zip(&layout.widths).any(|(h, w)| display_width(h) as f64 > *w - 2.0) {
        sheet.set_row_height(top, 32)?;
    }
    Ok(())
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    values: &[Val<'_>],
    mark: Mark,
    layout: &Layout<'_>,
) -> Result<(), XlsxError> {
    let styles = layout.styles;
    if layout.wrap {
        sheet.set_row_height(row, 16.0 * wrapped_lines(values, &layout.widths) as f64)?;
    }
    for (c, value) in values.iter().enumerate() {
        let marked = if layout.mark_column == Some(c) { mark } else { Mark::Plain };
        let format = cell_format(value, marked, layout.wrap, styles);
        // The column's own format is not repeated on each cell: a cell's format costs
        // a hash of the whole `Format` in rust_xlsxwriter, a column's one.
        let format = match (format, layout.column_formats[c]) {
            (Some(f), Some(col)) if std::ptr::eq(f, col) => None,
            (None, Some(_)) if !matches!(value, Val::Text(t) if t.is_empty()) => Some(&styles.plain),
            (f, _) => f,
        };
        match value {
            Val::Text(s) if layout.mask => write_cell(sheet, row, c as u16, &Val::from(super::mask::mask(s)), format)?,
            _ => write_cell(sheet, row, c as u16, value, format)?,
        }
    }
    Ok(())
}

/// The lines the tallest text cell of a wrapped row takes in its column.
fn wrapped_lines(values: &[Val<'_>], widths: &[f64]) -> usize {
    values
        .iter()
        .zip(widths)
        .map(|(v, w)| if let Val::Text(t) = v { display_width(t).div_ceil((*w as usize).max(4) - 2) } else { 1 })
        .max()
        .unwrap_or(1)
        .max(1)
}

/// The table's own bar chart under it, and the extra charts beside that one.
fn insert_charts(
    sheet: &mut Worksheet,
    chart: Option<&(String, u16, u16, bool)>,
    extra_charts: &[Chart],
    top: u32,
    charted: u32,
    written: u32,
) -> Result<(), XlsxError> {
    let sheet_name = sheet.name();
    if let (Some((title, cat, val, percent)), true) = (chart, charted > 0) {
        let (first, last) = (top + 1, top + charted);
        let mut c = Chart::new(ChartType::Column);
        c.add_series()
            .set_categories((sheet_name.as_str(), first, *cat, last, *cat))
            .set_values((sheet_name.as_str(), first, *val, last, *val))
            .set_name(title.as_str());
        c.title().set_name(title.as_str());
        c.legend().set_hidden();
        c.y_axis().set_min(0);
        if *percent {
            c.y_axis().set_num_format("0%").set_max(1);
        }
        sheet.insert_chart(top + written + 2, 0, &c)?;
    }
    // Beside the table's own chart (a default chart is about 6 columns wide), so the
    // charts print on the same page as the table.
    let mut col = if chart.is_some() && written > 0 { 6 } else { 0 };
    for extra in extra_charts {
        sheet.insert_chart(top + written + 2, col, extra)?;
        col += 12;
    }
    Ok(())
}

/// Excel's day number (1900 system) for a date.
fn excel_serial(d: chrono::NaiveDate) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - epoch).num_days() as f64
}

/// A4 landscape, one page wide, the header row on every page.
pub fn page_setup(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// The format a cell of this kind and mark needs, whatever its column has: a date keeps
/// its date format even when its row is marked.
fn cell_format<'s>(value: &Val<'_>, mark: Mark, wrap: bool, styles: &'s Styles) -> Option<&'s Format> {
    let pct = matches!(value, Val::Pct(_));
    match (value, mark) {
        (Val::Date(_), _) => Some(&styles.date),
        (_, Mark::Bad) => Some(if pct { &styles.bad_pct } else { &styles.bad }),
        (_, Mark::Warn) => Some(if pct { &styles.warn_pct } else { &styles.warn }),
        (Val::Pct(_), _) => Some(&styles.pct),
        _ => wrap.then_some(&styles.wrap),
    }
}

/// The format set once on each column: the one its first sampled plain cell needs (every
/// column of a wrapped table wraps, a date column has its date format).
fn column_formats<'s>(columns: usize, sample: &[Row<'_>], wrap: bool, styles: &'s Styles) -> Vec<Option<&'s Format>> {
    (0..columns)
        .map(|c| {
            let first = sample
                .iter()
                .filter_map(|(values, _)| values.get(c))
                .find(|v| !matches!(v, Val::Text(t) if t.is_empty()));
            match first {
                Some(value) => cell_format(value, Mark::Plain, wrap, styles),
                None => wrap.then_some(&styles.wrap),
            }
        })
        .collect()
}

/// Writes one value; `None` leaves the cell to its column's format. An empty text is no cell.
pub fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Val<'_>,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let n = match value {
        Val::Text(s) if s.is_empty() && format.is_none() => return Ok(()),
        Val::Text(s) => {
            let s = clip(s);
            return match format {
                Some(f) => sheet.write_string_with_format(row, col, s.as_ref(), f).map(|_| ()),
                None => sheet.write_string(row, col, s.as_ref()).map(|_| ()),
            };
        }
        Val::Int(n) => *n as f64,
        Val::Pct(n) => *n,
        Val::Date(d) => excel_serial(*d),
    };
    match format {
        Some(f) => sheet.write_number_with_format(row, col, n, f).map(|_| ()),
        None => sheet.write_number(row, col, n).map(|_| ()),
    }
}

/// Text longer than a cell can hold is cut, and ends with a mark saying so.
pub fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    const MARK: &str = "…（超过 Excel 单元格 32767 字上限，已截断）";
    // Excel counts UTF-16 units; a text of no more UTF-8 bytes than that is always within.
    if s.len() <= EXCEL_MAX_CHARS || s.encode_utf16().count() <= EXCEL_MAX_CHARS {
        return std::borrow::Cow::Borrowed(s);
    }
    let budget = EXCEL_MAX_CHARS - MARK.encode_utf16().count();
    let mut units = 0;
    let end = s
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > budget
        })
        .map_or(s.len(), |(i, _)| i);
    std::borrow::Cow::Owned(format!("{}{MARK}", &s[..end]))
}

/// Widths that fit the header and the sampled rows, at most `widest` (wrapped text
/// tables keep narrower columns and grow their rows instead).
fn column_widths(headers: &[&str], rows: &[Row<'_>], widest: usize) -> Vec<f64> {
    // A header counts up to HEADER_WIDTH: longer ones wrap (the header style wraps).
    const HEADER_WIDTH: usize = 14;
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h).min(HEADER_WIDTH)).collect();
    for (values, _) in rows {
        for (c, v) in values.iter().enumerate() {
            let w = match v {
                Val::Text(s) => display_width(s),
                Val::Int(n) => n.to_string().len(),
                Val::Pct(_) => 6,
                Val::Date(_) => 10,
            };
            if let Some(slot) = widths.get_mut(c) {
                *slot = (*slot).max(w);
            }
        }
    }
    widths.into_iter().map(|w| (w.clamp(6, widest) + 2) as f64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_counts_utf16_units() {
        assert_eq!(clip("短文本"), "短文本");
        let long = "长".repeat(40_000);
        let cut = clip(&long);
        assert_eq!(cut.encode_utf16().count(), EXCEL_MAX_CHARS);
        assert!(cut.ends_with("已截断）"));
        let emoji = "😀".repeat(20_000); // 40,000 UTF-16 units in 20,000 characters
        assert!(clip(&emoji).encode_utf16().count() <= EXCEL_MAX_CHARS);
    }
}
