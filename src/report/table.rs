//! Writes one table as a worksheet the way every sheet of the workbook looks: bold
//! header, frozen and filtered, widths that fit Chinese text, A4 landscape with the
//! header repeated on each printed page, and a sheet that would pass Excel's row limit
//! continued in "名称(2)", "名称(3)" …
//!
//! Cells are written as strings and numbers only, never formulas: an input "=1+1"
//! stays the text "=1+1".

use rust_xlsxwriter::{Chart, ChartType, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::plan::{lines_in, plan, preface_lines, row_height, row_lines, Plan, LINE_HEIGHT, ROW_HEIGHT};
use super::print::{print_setup, printed_scale, rows_per_page, screen_only, Pages, MIN_SCALE};
pub(crate) use super::styles::{Styles, ALERT};
use super::value::Kind;
pub(crate) use super::value::{clip, write_cell, Mark, Row, Val};

/// Excel's limit on rows per sheet.
pub(crate) const EXCEL_MAX_ROWS: usize = 1_048_576;
/// A bar chart of two of a table's columns, drawn under it.
#[derive(Debug, Clone)]
pub(crate) struct BarChart {
    pub(crate) title: String,
    /// The column of the bars' names.
    pub(crate) categories: u16,
    /// The column of their values.
    pub(crate) values: u16,
    /// The values are shares (0–100 %).
    pub(crate) shares: bool,
}

/// A sheet to write. Rows come from an iterator, so a sheet of three million visit
/// records is never held in memory as cells: it streams into a constant-memory worksheet.
pub(crate) struct Table<'a> {
    pub(crate) name: String,
    pub(crate) headers: Vec<&'static str>,
    pub(crate) rows: Box<dyn Iterator<Item = Row<'a>> + Send + 'a>,
    /// How many rows `rows` yields, so the sheets it needs are known before writing.
    pub(crate) len: usize,
    /// The column whose cell carries the row's mark.
    pub(crate) mark_column: Option<usize>,
    /// Texts marked red in any column, whatever the row's mark (总览's 未报送).
    pub(crate) red_words: &'static [&'static str],
    /// Lines written above the header (总览's district, period, run time …).
    pub(crate) preface: Vec<String>,
    /// A bar chart under the table.
    pub(crate) chart: Option<BarChart>,
    /// How many of the first rows the chart shows (0: all): not the 合计 row.
    pub(crate) chart_rows: usize,
    /// The last row is a 合计 row: bold, outside the filter.
    pub(crate) total_row: bool,
    /// More charts, built in full (they may chart other sheets), placed beside.
    pub(crate) extra_charts: Vec<Chart>,
    /// Text wraps in its cell and rows grow to show it all (sheets of prose, read and
    /// printed by people: 问题清单, the feedback guide). Any other long text column wraps
    /// too when the sheet would not fit the page width legibly (`plan`).
    pub(crate) wrap: bool,
    /// The first columns that say whose row it is (镇, 村, 姓名 …): repeated on every page
    /// when the sheet runs over several pages across.
    pub(crate) key_columns: u16,
    /// Groups of rows printed on their own pages (待办清单: one contact person each): the
    /// row (0-based, among the table's rows) each starts with, and its heading. A group
    /// starts a new page under its heading line, and each further page it runs onto starts
    /// with the heading again, marked （续）.
    pub(crate) groups: Vec<(usize, String)>,
    /// 总览's 趋势 (SPEC §11), written under the table and its charts.
    pub(crate) trend: Option<super::trend::Trend>,
}

impl<'a> Table<'a> {
    pub(crate) fn new(name: &str, headers: Vec<&'static str>, mark_column: Option<usize>) -> Table<'a> {
        Table {
            name: name.to_string(),
            headers,
            rows: Box::new(std::iter::empty()),
            len: 0,
            mark_column,
            red_words: &[],
            preface: Vec::new(),
            chart: None,
            chart_rows: 0,
            total_row: false,
            extra_charts: Vec::new(),
            trend: None,
            wrap: false,
            key_columns: 0,
            groups: Vec::new(),
        }
    }

    /// Sets the rows; `len` must be the number of rows they yield.
    pub(crate) fn with_rows(mut self, len: usize, rows: impl Iterator<Item = Row<'a>> + Send + 'a) -> Table<'a> {
        self.rows = Box::new(rows);
        self.len = len;
        self
    }

    /// Rows that fit on one sheet under the preface and header.
    fn per_sheet(&self) -> usize {
        EXCEL_MAX_ROWS - 1 - self.preface.len() - usize::from(!self.preface.is_empty())
    }

    /// The sheet names this table takes: "关爱记录", then "关爱记录(2)" … past Excel's limit.
    pub(crate) fn sheet_names(&self) -> Vec<String> {
        let parts = self.len.div_ceil(self.per_sheet()).max(1);
        (1..=parts).map(|p| if p == 1 { self.name.clone() } else { format!("{}({p})", self.name) }).collect()
    }
}

/// How many rows the column widths are measured on.
const WIDTH_SAMPLE: usize = 2_000;

/// How a sheet's text cells are stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Strings {
    /// In the workbook's shared string table: each distinct text once, for a sheet whose
    /// texts repeat on most rows (关爱记录's townships, villages, files, methods).
    Shared,
    /// In the cell itself. Every sheet but 关爱记录: its texts repeat less, and it is
    /// written while 关爱记录 is, so sharing would make the two writers take turns at the
    /// one table (measured at scale 1: 0.2 s less wall time, 0.4 s less CPU, the file 4 %
    /// larger).
    Inline,
}

/// The named, empty worksheets a table takes, not yet in the workbook: they are written
/// (on any thread) and put in their place with `Workbook::push_worksheet` afterwards.
pub(crate) fn new_sheets(
    workbook: &mut Workbook,
    table: &Table<'_>,
    strings: Strings,
) -> Result<Vec<Worksheet>, XlsxError> {
    table
        .sheet_names()
        .iter()
        .map(|name| {
            let mut sheet = match strings {
                // No file system for the writer's temporary files in a browser: every
                // sheet is kept in memory there.
                _ if cfg!(target_family = "wasm") => Ok(Worksheet::new()),
                Strings::Shared => workbook.new_worksheet_with_low_memory(),
                Strings::Inline => workbook.new_worksheet_with_constant_memory(),
            }?;
            sheet.set_name(name)?;
            super::font::apply(&mut sheet)?;
            Ok(sheet)
        })
        .collect()
}

/// Writes every table into its own constant-memory sheet(s) with inline strings, the tables in
/// parallel.
/// With `mask`, ID and phone numbers in every text cell are masked. The sheets come back in the
/// tables' order, for the caller to push into the workbook.
pub(crate) fn write_all(
    workbook: &mut Workbook,
    tables: Vec<Table<'_>>,
    styles: &Styles,
    mask: bool,
) -> Result<Vec<Vec<Worksheet>>, XlsxError> {
    let sheets = tables.iter().map(|t| new_sheets(workbook, t, Strings::Inline)).collect::<Result<Vec<_>, _>>()?;
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

pub(crate) fn write_table(
    sheets: &mut [Worksheet],
    mut table: Table<'_>,
    styles: &Styles,
    mask: bool,
) -> Result<(), XlsxError> {
    // A browser's WebAssembly has one thread.
    if table.len < PIPELINE_ROWS || cfg!(target_family = "wasm") {
        return write_rows(sheets, table, styles, mask);
    }
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row<'_>>>(8);
        // The rows are built on the helper thread; the table keeps everything else.
        let rows = std::mem::replace(&mut table.rows, Box::new(std::iter::empty()));
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
        table.rows = Box::new(rx.into_iter().flatten());
        write_rows(sheets, table, styles, mask)
    })
}

/// How every row of one table is written: what the sample of its first rows decided.
struct Layout<'s> {
    plan: Plan,
    /// The format each column carries (so a plain cell needs none of its own).
    column_formats: Vec<Option<&'s Format>>,
    /// A sheet meant for the screen: its plain rows past the first page take `Styles::screen`.
    screen: bool,
    mark_column: Option<usize>,
    red_words: &'static [&'static str],
    mask: bool,
    styles: &'s Styles,
    /// Rows (counted from the header) written with borders.
    bordered: u32,
}

fn write_rows(sheets: &mut [Worksheet], table: Table<'_>, styles: &Styles, mask: bool) -> Result<(), XlsxError> {
    let per_sheet = table.per_sheet();
    let len = table.len;
    let Table {
        headers,
        mut rows,
        mark_column,
        red_words,
        preface,
        chart,
        chart_rows,
        total_row,
        extra_charts,
        wrap,
        key_columns,
        groups,
        trend,
        ..
    } = table;
    let sample: Vec<Row<'_>> = rows.by_ref().take(WIDTH_SAMPLE).collect();
    let layout = layout_of(&headers, &sample, len, wrap, (mark_column, red_words, mask), styles);
    let mut rows = sample.into_iter().chain(rows);
    let top = if preface.is_empty() { 0 } else { preface.len() as u32 + 1 };
    let parts = sheets.len();
    let grouped = !groups.is_empty() && !layout.screen;
    for (part, sheet) in sheets.iter_mut().enumerate() {
        // Every row at least one line of the tallest CJK fallback (Noto Sans CJK draws 11 pt
        // text 16 pt high): at Calibri's 15 pt an underscore sat on the border, unseen.
        sheet.set_default_row_height(ROW_HEIGHT);
        let header_tall = write_top(sheet, &layout, &preface, &headers, top)?;
        let frame = Frame {
            top,
            preface: &preface,
            headers: &headers,
            groups: if part == 0 && grouped { &groups } else { &[] },
            total_row,
            last: if part + 1 == parts { len.saturating_sub(part * per_sheet) } else { per_sheet },
        };
        let body = write_body(sheet, rows.by_ref().take(per_sheet), &layout, &frame, header_tall)?;
        if part == 0 {
            let charted = if chart_rows == 0 { body.written } else { (chart_rows as u32).min(body.written) };
            let free = insert_charts(sheet, chart.as_ref(), &extra_charts, top, charted, body.written)?;
            if let Some(trend) = &trend {
                super::trend::write(sheet, free, trend, styles)?;
            }
        }
        sheet.set_freeze_panes(top + 1, 0)?;
        let filtered = if total_row { body.at.saturating_sub(1) } else { body.at };
        sheet.autofilter(top, 0, filtered, headers.len().saturating_sub(1) as u16)?;
        let fixed = !body.breaks.is_empty();
        print_setup(sheet, &layout.plan, top, key_columns, body.lines, &styles.footer, fixed)?;
    }
    Ok(())
}

/// How a table's rows are laid out, from its sample: the plan of widths, the columns'
/// formats and how far rows get borders.
fn layout_of<'s>(
    headers: &[&str],
    sample: &[Row<'_>],
    len: usize,
    wrap: bool,
    (mark_column, red_words, mask): (Option<usize>, &'static [&'static str], bool),
    styles: &'s Styles,
) -> Layout<'s> {
    // A sheet meant for the screen (more than 200 pages: 关爱记录 at district scale) does
    // not wrap: a row height per row would cost memory and time for pages nobody prints.
    let screen = screen_only(len);
    let plan = plan(headers, sample, wrap, !screen);
    let column_formats = plan
        .kinds
        .iter()
        .zip(&plan.wrap)
        .map(|(kind, wrap)| match (screen, kind) {
            (true, Kind::Text) => None,
            (true, _) => Some(&styles.screen[*kind as usize]),
            (false, _) => Some(styles.cell(*kind, Mark::Plain, *wrap, false, false)),
        })
        .collect();
    // Every printed row gets its borders cell by cell; a sheet meant for the screen (more
    // than 200 pages) only on its first printed page, so the cost stays bounded.
    let bordered = if screen { rows_per_page(MIN_SCALE) as u32 } else { u32::MAX };
    Layout { plan, column_formats, screen, mark_column, red_words, mask, styles, bordered }
}

/// What surrounds one sheet's rows: the lines above, the groups that start on it, and
/// which of its rows is the last (a 合计 row is bold).
struct Frame<'f> {
    top: u32,
    preface: &'f [String],
    headers: &'f [&'static str],
    groups: &'f [(usize, String)],
    total_row: bool,
    last: usize,
}

/// What writing a sheet's rows came to.
struct Body {
    /// Data rows written.
    written: u32,
    /// The sheet's last row (heading lines come between data rows).
    at: u32,
    /// Printed lines, for the pages the sheet takes.
    lines: usize,
    /// Rows (0-based) where a manual page break falls.
    breaks: Vec<u32>,
}

/// Writes one sheet's rows under its header; a group starts a page under its heading, and
/// each page it runs onto repeats the heading, marked （续）.
fn write_body<'r>(
    sheet: &mut Worksheet,
    rows: impl Iterator<Item = Row<'r>>,
    layout: &Layout<'_>,
    frame: &Frame<'_>,
    header_tall: bool,
) -> Result<Body, XlsxError> {
    let grouped = !frame.groups.is_empty();
    let scale = printed_scale(&layout.plan);
    let mut pages = Pages::new(scale, frame.preface, frame.headers, &layout.plan);
    let mut starts = frame.groups.iter().peekable();
    let mut heading: Option<&str> = None;
    let (mut written, mut at, mut lines, mut tall) = (0u32, frame.top, 0usize, header_tall);
    for (values, mark) in rows {
        let height = if grouped { row_height(row_lines(&values, &layout.plan)) } else { ROW_HEIGHT };
        let starts_group = starts.next_if(|(i, _)| *i == written as usize);
        if let Some((_, text)) = starts_group {
            heading = Some(text);
        }
        if let Some(text) = heading.filter(|_| starts_group.is_some() || !pages.fits(height)) {
            if at > frame.top {
                pages.break_before(at + 1);
            }
            at += 1;
            let text = if starts_group.is_some() { text.to_string() } else { format!("{text}（续）") };
            write_heading(sheet, at, &text, frame.headers.len(), layout.styles)?;
            pages.take(HEADING_HEIGHT);
        }
        pages.take(height);
        written += 1;
        at += 1;
        let bold = frame.total_row && written as usize == frame.last;
        let taken = write_row(sheet, at, &values, (mark, bold, written <= layout.bordered), layout)?;
        lines += taken;
        tall = taken > 1;
    }
    if tall {
        // rust_xlsxwriter 0.102's constant-memory writer writes a last row that has its
        // own height twice (a second, empty <row>), which Excel reports as damaged: a
        // blank cell in the row below makes that row the last one. A table without rows
        // under a header of two lines has the same last row.
        sheet.write_blank(at + 1, 0, &layout.styles.preface)?;
    }
    let mut breaks = pages.breaks;
    if !breaks.is_empty() {
        // Excel keeps at most 1,023 manual breaks.
        breaks.truncate(1023);
        sheet.set_page_breaks(&breaks)?;
    }
    Ok(Body { written, at, lines, breaks })
}

/// Points a group's heading line takes.
const HEADING_HEIGHT: f64 = 22.0;

/// A group's heading line (待办清单's contact person): bold on a shaded band across the
/// table, its text running over the empty cells to its right.
fn write_heading(
    sheet: &mut Worksheet,
    row: u32,
    text: &str,
    columns: usize,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_row_height(row, HEADING_HEIGHT)?;
    sheet.write_string_with_format(row, 0, clip(text).as_ref(), &styles.heading)?;
    for c in 1..columns {
        sheet.write_blank(row, c as u16, &styles.heading)?;
    }
    Ok(())
}

/// Column widths and formats, the title lines above the table and the header row; whether
/// the header row has its own height.
fn write_top(
    sheet: &mut Worksheet,
    layout: &Layout<'_>,
    preface: &[String],
    headers: &[&str],
    top: u32,
) -> Result<bool, XlsxError> {
    let styles = layout.styles;
    for (c, width) in layout.plan.widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
        if let Some(format) = layout.column_formats[c] {
            sheet.set_column_format(c as u16, format)?;
        }
    }
    for (r, line) in preface.iter().enumerate() {
        write_preface_line(sheet, r as u32, line, layout)?;
    }
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(top, c as u16, *header, &styles.header)?;
    }
    // Long headers wrap onto more lines instead of widening their column.
    let lines = headers.iter().zip(&layout.plan.widths).map(|(h, w)| lines_in(h, *w)).max().unwrap_or(1);
    if lines > 1 {
        sheet.set_row_height(top, LINE_HEIGHT * lines as f64 + 2.0)?;
    }
    Ok(lines > 1)
}

/// A line above the table. One longer than the table is wide wraps within it (merged
/// across its columns), so a note never runs off the page or shrinks the page to fit it.
fn write_preface_line(sheet: &mut Worksheet, r: u32, line: &str, layout: &Layout<'_>) -> Result<(), XlsxError> {
    let styles = layout.styles;
    let format = match r {
        0 => &styles.title,
        _ if line.starts_with(ALERT) => &styles.alert,
        _ => &styles.preface,
    };
    let line = clip(line);
    let lines = preface_lines(&line, &layout.plan.widths);
    if r == 0 || lines == 1 {
        sheet.write_string_with_format(r, 0, line.as_ref(), format)?;
        return Ok(());
    }
    let wrapped = format.clone().set_text_wrap().set_align(FormatAlign::Top);
    let last = layout.plan.widths.len().saturating_sub(1) as u16;
    sheet.merge_range(r, 0, r, last, line.as_ref(), &wrapped)?;
    sheet.set_row_height(r, row_height(lines))?;
    Ok(())
}

/// Writes one row; returns the lines it takes (its height in single rows).
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    values: &[Val<'_>],
    (mark, bold, border): (Mark, bool, bool),
    layout: &Layout<'_>,
) -> Result<usize, XlsxError> {
    let styles = layout.styles;
    let plan = &layout.plan;
    let lines = row_lines(values, plan);
    if lines > 1 {
        sheet.set_row_height(row, row_height(lines))?;
    }
    for (c, value) in values.iter().enumerate() {
        let red = matches!(value, Val::Text(t) if layout.red_words.contains(&t.as_ref()));
        let marked = if layout.mark_column == Some(c) {
            mark
        } else if red {
            Mark::Bad
        } else {
            Mark::Plain
        };
        let wrap = plan.wrap.get(c).copied().unwrap_or(false);
        let kind = Kind::of(value);
        let plain = layout.screen && !border && !bold && !wrap && marked == Mark::Plain;
        let format = if plain { &styles.screen[kind as usize] } else { styles.cell(kind, marked, wrap, bold, border) };
        // The column's own format is not repeated on each cell: a cell's format costs
        // a hash of the whole `Format` in rust_xlsxwriter, a column's one. A plain text
        // cell of a screen sheet takes the default format: no style at all.
        let own = match layout.column_formats.get(c) {
            Some(Some(col)) => !std::ptr::eq(format, *col),
            _ => !(plain && kind == Kind::Text),
        };
        let format = own.then_some(format);
        match value {
            Val::Text(s) if s.is_empty() => {
                if let Some(f) = format {
                    sheet.write_blank(row, c as u16, f)?;
                }
            }
            Val::Text(s) if layout.mask => write_cell(sheet, row, c as u16, &Val::from(super::mask::mask(s)), format)?,
            _ => write_cell(sheet, row, c as u16, value, format)?,
        }
    }
    Ok(lines)
}

/// The table's own bar chart under it, and the extra charts beside that one; the first
/// row under them all.
fn insert_charts(
    sheet: &mut Worksheet,
    chart: Option<&BarChart>,
    extra_charts: &[Chart],
    top: u32,
    charted: u32,
    written: u32,
) -> Result<u32, XlsxError> {
    let sheet_name = sheet.name();
    if let (Some(BarChart { title, categories: cat, values: val, shares: percent }), true) = (chart, charted > 0) {
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
        // Every bar labelled: a district's 26 townships need the width and slanted names.
        c.set_width(chart_width(charted));
        if charted > 8 {
            c.x_axis().set_font(rust_xlsxwriter::ChartFont::new().set_rotation(-45));
        }
        sheet.insert_chart(top + written + 2, 0, &c)?;
    }
    // Beside the table's own chart when it is narrow, so the charts print on the page of
    // the table; under it when it is wide.
    let own = chart.is_some() && charted > 0;
    let beside = !own || chart_width(charted) <= 480;
    let mut col = if own && beside { 6 } else { 0 };
    let mut row = top + written + 2 + if beside { 0 } else { 17 };
    for extra in extra_charts {
        sheet.insert_chart(row, col, extra)?;
        if beside {
            col += 12;
        } else {
            row += 17;
        }
    }
    // A chart is 288 pixels high: 15 rows of 20, and a row's gap.
    let charts = own || !extra_charts.is_empty();
    Ok(if beside && charts { row + 17 } else { row + 1 })
}

/// A bar chart's width in pixels for `bars` bars: every one wide enough for its label.
pub(crate) fn chart_width(bars: u32) -> u32 {
    (bars * 40).clamp(480, 960)
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
