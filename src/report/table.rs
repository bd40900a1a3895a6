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
    /// Texts marked red in any column, whatever the row's mark (总览's 未报送).
    pub red_words: &'static [&'static str],
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
    /// printed by people: 问题清单, the feedback guide). Any other long text column wraps
    /// too when the sheet would not fit the page width legibly (`plan`).
    pub wrap: bool,
    /// The first columns that say whose row it is (镇, 村, 姓名 …): repeated on every page
    /// when the sheet runs over several pages across.
    pub key_columns: u16,
    /// Groups of rows printed on their own pages (待办清单: one contact person each): the
    /// row (0-based, among the table's rows) each starts with, and its heading. A group
    /// starts a new page under its heading line, and each further page it runs onto starts
    /// with the heading again, marked （续）.
    pub groups: Vec<(usize, String)>,
}

impl<'a> Table<'a> {
    pub fn new(name: &str, headers: Vec<&'static str>, mark_column: Option<usize>) -> Table<'a> {
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
            wrap: false,
            key_columns: 0,
            groups: Vec::new(),
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

/// What a cell holds, for its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Num,
    Pct,
    Date,
}

impl Kind {
    fn of(value: &Val<'_>) -> Kind {
        match value {
            Val::Text(_) => Kind::Text,
            Val::Int(_) => Kind::Num,
            Val::Pct(_) => Kind::Pct,
            Val::Date(_) => Kind::Date,
        }
    }
}

/// Every format a table cell can take, made once: a printed row's cells have a thin border
/// (a column's format has none, so nothing outside the table gets one), and all sit at the
/// top of their row (text and numbers of one row share one vertical alignment); numbers are
/// centred so they never run into the next column's text; red for errors and 不达标,
/// yellow for warnings; bold for a 合计 row; wrapping for a long text column.
/// A title line above a table that starts so is something the clerk must act on (the
/// records lie in another month, a kind of submission is missing): written red and bold.
pub const ALERT: &str = "注意：";

pub struct Styles {
    pub header: Format,
    pub title: Format,
    /// No border: the title lines above a table.
    pub preface: Format,
    /// A title line that starts with `ALERT`: red and bold.
    pub alert: Format,
    /// A group's heading line (`Table::groups`).
    pub heading: Format,
    cells: Vec<Format>,
    /// The plain cells of a sheet meant for the screen (`screen_only`) past its first
    /// printed page, by kind: single-line rows need no vertical alignment, and a text cell
    /// in the default format is written without a style (less to write and to zip).
    screen: Vec<Format>,
    /// The period, printed in every page's footer.
    pub footer: String,
}

impl Styles {
    pub fn new() -> Styles {
        Styles::for_period("")
    }

    pub fn for_period(period: &str) -> Styles {
        let mut cells = Vec::new();
        for kind in [Kind::Text, Kind::Num, Kind::Pct, Kind::Date] {
            for mark in [Mark::Plain, Mark::Bad, Mark::Warn] {
                for wrap in [false, true] {
                    for bold in [false, true] {
                        for border in [false, true] {
                            cells.push(cell_style(kind, mark, wrap, bold, border));
                        }
                    }
                }
            }
        }
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            title: Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Left),
            // Its own format (not the default one, which a column's format would replace):
            // a title line never wraps into its narrow first column.
            preface: Format::new().set_align(FormatAlign::Left),
            alert: Format::new().set_align(FormatAlign::Left).set_bold().set_font_color(Color::RGB(0xC00000)),
            heading: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_background_color(Color::RGB(0xFFF2CC))
                .set_border_top(FormatBorder::Medium)
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            cells,
            screen: vec![
                Format::new(),
                Format::new().set_align(FormatAlign::Center),
                Format::new().set_align(FormatAlign::Center).set_num_format("0.0%"),
                Format::new().set_align(FormatAlign::Center).set_num_format("yyyy-mm-dd"),
            ],
            footer: period.replace('&', "&&"),
        }
    }

    fn cell(&self, kind: Kind, mark: Mark, wrap: bool, bold: bool, border: bool) -> &Format {
        let k = kind as usize;
        let m = match mark {
            Mark::Plain => 0,
            Mark::Bad => 1,
            Mark::Warn => 2,
        };
        &self.cells[(((k * 3 + m) * 2 + usize::from(wrap)) * 2 + usize::from(bold)) * 2 + usize::from(border)]
    }
}

fn cell_style(kind: Kind, mark: Mark, wrap: bool, bold: bool, border: bool) -> Format {
    let mut f = Format::new().set_align(FormatAlign::Top);
    if border {
        f = f.set_border(FormatBorder::Thin);
    }
    f = match kind {
        Kind::Text => f,
        Kind::Num => f.set_align(FormatAlign::Center),
        Kind::Pct => f.set_align(FormatAlign::Center).set_num_format("0.0%"),
        Kind::Date => f.set_align(FormatAlign::Center).set_num_format("yyyy-mm-dd"),
    };
    f = match mark {
        Mark::Plain => f,
        Mark::Bad => f.set_background_color(Color::RGB(0xFFC7CE)).set_font_color(Color::RGB(0x9C0006)),
        Mark::Warn => f.set_background_color(Color::RGB(0xFFEB9C)).set_font_color(Color::RGB(0x9C5700)),
    };
    if wrap && kind == Kind::Text {
        f = f.set_text_wrap();
    }
    if bold {
        f = f.set_bold();
    }
    f
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

/// How many rows the column widths are measured on.
const WIDTH_SAMPLE: usize = 2_000;

/// How a sheet's text cells are stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Strings {
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
pub fn new_sheets(workbook: &mut Workbook, table: &Table<'_>, strings: Strings) -> Result<Vec<Worksheet>, XlsxError> {
    table
        .sheet_names()
        .iter()
        .map(|name| {
            let mut sheet = match strings {
                Strings::Shared => workbook.new_worksheet_with_low_memory(),
                Strings::Inline => workbook.new_worksheet_with_constant_memory(),
            }?;
            sheet.set_name(name)?;
            Ok(sheet)
        })
        .collect()
}

/// Writes every table into its own constant-memory sheet(s) with inline strings, the tables in
/// parallel.
/// With `mask`, ID and phone numbers in every text cell are masked. The sheets come back in the
/// tables' order, for the caller to push into the workbook.
pub fn write_all(
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

pub fn write_table(
    sheets: &mut [Worksheet],
    mut table: Table<'_>,
    styles: &Styles,
    mask: bool,
) -> Result<(), XlsxError> {
    if table.len < PIPELINE_ROWS {
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
        ..
    } = table;
    let sample: Vec<Row<'_>> = rows.by_ref().take(WIDTH_SAMPLE).collect();
    // A sheet meant for the screen (more than 200 pages: 关爱记录 at district scale) does
    // not wrap: a row height per row would cost memory and time for pages nobody prints.
    let screen = screen_only(len);
    let plan = plan(&headers, &sample, wrap, !screen);
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
    let layout = Layout { plan, column_formats, screen, mark_column, red_words, mask, styles, bordered };
    let mut rows = sample.into_iter().chain(rows);
    let top = if preface.is_empty() { 0 } else { preface.len() as u32 + 1 };
    let parts = sheets.len();
    let scale = printed_scale(&layout.plan);
    let grouped = !groups.is_empty() && !layout.screen;
    for (part, sheet) in sheets.iter_mut().enumerate() {
        // Every row at least one line of the tallest CJK fallback (Noto Sans CJK draws 11 pt
        // text 16 pt high): at Calibri's 15 pt an underscore sat on the border, unseen.
        sheet.set_default_row_height(ROW_HEIGHT);
        let header_tall = write_top(sheet, &layout, &preface, &headers, top)?;
        // Data rows written, and the sheet's last row so far (heading lines come between).
        let mut written = 0u32;
        let mut at = top;
        let mut lines = 0usize;
        let last = if part + 1 == parts { len.saturating_sub(part * per_sheet) } else { per_sheet };
        // Whether the sheet's last row so far has its own height (see below).
        let mut tall = header_tall;
        let mut pages = Pages::new(scale, top, &headers, &layout.plan);
        let mut starts = groups.iter().filter(|_| part == 0 && grouped).peekable();
        let mut heading: Option<&str> = None;
        for (values, mark) in rows.by_ref().take(per_sheet) {
            let height = if grouped { row_height(row_lines(&values, &layout.plan)) } else { ROW_HEIGHT };
            let starts_group = starts.next_if(|(i, _)| *i == written as usize);
            if let Some((_, text)) = starts_group {
                heading = Some(text);
            }
            if let Some(text) = heading {
                let new_page = starts_group.is_some() || !pages.fits(height);
                if new_page {
                    if at > top {
                        pages.break_before(at + 1);
                    }
                    at += 1;
                    let text = if starts_group.is_some() { text.to_string() } else { format!("{text}（续）") };
                    write_heading(sheet, at, &text, headers.len(), styles)?;
                    pages.take(HEADING_HEIGHT);
                }
            }
            pages.take(height);
            written += 1;
            at += 1;
            let bold = total_row && written as usize == last;
            let border = written <= layout.bordered;
            let taken = write_row(sheet, at, &values, (mark, bold, border), &layout)?;
            lines += taken;
            tall = taken > 1;
        }
        if tall {
            // rust_xlsxwriter 0.102's constant-memory writer writes a last row that has its
            // own height twice (a second, empty <row>), which Excel reports as damaged: a
            // blank cell in the row below makes that row the last one. A table without rows
            // under a header of two lines has the same last row.
            sheet.write_blank(at + 1, 0, &styles.preface)?;
        }
        if !pages.breaks.is_empty() {
            // Excel keeps at most 1,023 manual breaks.
            pages.breaks.truncate(1023);
            sheet.set_page_breaks(&pages.breaks)?;
        }
        if part == 0 {
            let charted = if chart_rows == 0 { written } else { (chart_rows as u32).min(written) };
            insert_charts(sheet, chart.as_ref(), &extra_charts, top, charted, written)?;
        }
        sheet.set_freeze_panes(top + 1, 0)?;
        let filtered = if total_row { at.saturating_sub(1) } else { at };
        sheet.autofilter(top, 0, filtered, headers.len().saturating_sub(1) as u16)?;
        let fixed = !pages.breaks.is_empty();
        print_setup(sheet, &layout.plan, top, key_columns, lines, &styles.footer, fixed)?;
    }
    Ok(())
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

/// Where the printed pages of a sheet with groups end, by the rows' heights: a page holds
/// the repeated header row and what fits under it at the sheet's print scale. LibreOffice
/// sets Chinese text a little taller than the heights written, so a page is planned at 90 %.
struct Pages {
    room: f64,
    used: f64,
    /// Excel rows (0-based) that start a page.
    breaks: Vec<u32>,
}

impl Pages {
    fn new(scale: f64, top: u32, headers: &[&str], plan: &Plan) -> Pages {
        let header = headers.iter().zip(&plan.widths).map(|(h, w)| lines_in(h, *w)).max().unwrap_or(1);
        let header = if header > 1 { LINE_HEIGHT * header as f64 + 2.0 } else { ROW_HEIGHT };
        let room = 0.9 * PRINTABLE_PT / scale - header;
        // The title lines above the header take the first page's top.
        let used = if top == 0 { 0.0 } else { 24.0 + ROW_HEIGHT * f64::from(top - 1) };
        Pages { room, used, breaks: Vec::new() }
    }

    fn fits(&self, height: f64) -> bool {
        self.used + height <= self.room
    }

    fn take(&mut self, height: f64) {
        self.used += height;
    }

    fn break_before(&mut self, row: u32) {
        self.breaks.push(row);
        self.used = 0.0;
    }
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
        let format = match r {
            0 => &styles.title,
            _ if line.starts_with(ALERT) => &styles.alert,
            _ => &styles.preface,
        };
        sheet.write_string_with_format(r as u32, 0, clip(line).as_ref(), format)?;
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

/// The lines a row's wrapped text takes.
fn row_lines(values: &[Val<'_>], plan: &Plan) -> usize {
    values
        .iter()
        .zip(plan.widths.iter().zip(&plan.wrap))
        .filter(|(_, (_, wrap))| **wrap)
        .map(|(v, (w, _))| if let Val::Text(t) = v { lines_in(t, *w * plan.slack) } else { 1 })
        .max()
        .unwrap_or(1)
}

/// A row's height in points for its lines.
fn row_height(lines: usize) -> f64 {
    if lines > 1 {
        (LINE_HEIGHT * lines as f64 + 1.0).min(409.0)
    } else {
        ROW_HEIGHT
    }
}

/// Points of a one-line row: one line of the tallest CJK fallback and a little room.
const ROW_HEIGHT: f64 = 17.0;
/// Points per line of a wrapped row: Chinese fonts (等线, 宋体, Noto Sans CJK) set 11 pt
/// lines a little taller than Calibri's 15.
const LINE_HEIGHT: f64 = 16.5;

/// The lines a text takes in a column `width` characters wide (its own line breaks kept),
/// filled as Excel, WPS and LibreOffice fill them: a Chinese character may start a new
/// line anywhere, a run of ASCII (a file name, "2023年1月.xlsx"'s ".xlsx", a number) moves to
/// the next line whole unless it is longer than a line, and punctuation stays with what it
/// follows.
pub fn lines_in(text: &str, width: f64) -> usize {
    // Excel draws a column 7 w + 5 px wide with a few pixels of padding: about w − 0.3
    // characters of room; a little less is kept.
    let room = (width - 1.0).max(2.0);
    text.split('\n').map(|line| filled_lines(line, room)).sum::<usize>().max(1)
}

/// Greedy line filling of one line of text in `room` character units.
fn filled_lines(line: &str, room: f64) -> usize {
    let mut lines = 1;
    let mut used = 0.0;
    for token in tokens(line) {
        let w = shown_width(token);
        if used + w <= room {
            used += w;
        } else if w <= room {
            lines += 1;
            used = w;
        } else {
            // Longer than a line: broken anywhere, filling this line first.
            let total = used + w;
            lines += ((total / room).ceil() as usize).saturating_sub(1);
            used = total - room * ((total / room).ceil() - 1.0);
        }
    }
    lines
}

/// A line cut where a break may fall: each Chinese character (with the punctuation right
/// after it) alone, each run of ASCII (with its trailing spaces) whole.
fn tokens(line: &str) -> Vec<&str> {
    let closing =
        |c: char| matches!(c, '，' | '。' | '、' | '；' | '：' | '）' | '”' | '’' | '！' | '？' | ')' | ',' | '.');
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        i += 1;
        if c.is_ascii() && !c.is_whitespace() {
            while i < chars.len() && chars[i].1.is_ascii() && !chars[i].1.is_whitespace() {
                i += 1;
            }
        }
        while i < chars.len() && (chars[i].1 == ' ' || closing(chars[i].1)) {
            i += 1;
        }
        let end = chars.get(i).map_or(line.len(), |(b, _)| *b);
        out.push(&line[start..end]);
        start = end;
    }
    out
}

/// A text's width in Excel's character units as printed: a Chinese character is a little
/// more than two digits wide in the fonts Excel, WPS and LibreOffice fall back to.
fn shown_width(text: &str) -> f64 {
    let wide = text.chars().filter(|c| !c.is_ascii()).count();
    display_width(text) as f64 + wide as f64 * 0.1
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
    Ok(())
}

/// A bar chart's width in pixels for `bars` bars: every one wide enough for its label.
pub fn chart_width(bars: u32) -> u32 {
    (bars * 40).clamp(480, 960)
}

/// Excel's day number (1900 system) for a date.
fn excel_serial(d: chrono::NaiveDate) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - epoch).num_days() as f64
}

/// A4 landscape, narrow side margins, the header row on every page (the templates' setup).
pub fn page_setup(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_margins(MARGIN_SIDE, MARGIN_SIDE, 0.6, 0.6, 0.3, 0.3);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// A4 landscape's printable width at 100 %, in pixels of Excel's column widths (96 dpi).
pub const PRINTABLE_PX: f64 = (11.69 - 2.0 * MARGIN_SIDE) * 96.0;
/// And its printable height, in points.
const PRINTABLE_PT: f64 = (8.27 - 2.0 * 0.6) * 72.0;
const MARGIN_SIDE: f64 = 0.4;
/// The smallest print scale that keeps 11 pt text at 8 pt.
pub const MIN_SCALE: f64 = 8.0 / 11.0;
/// The scale a sheet too wide for one page is printed at, over several pages across.
const ACROSS_SCALE: u16 = 80;
/// A sheet longer than this many printed pages is meant for the screen: only its first
/// page is set to print (SPEC §6).
pub const MAX_PRINTED_PAGES: usize = 200;

/// Excel's pixels for a column `width` characters wide (Calibri 11: 7 px a digit, 5 px padding).
/// A column's pixels in whichever office suite draws it widest: LibreOffice gives a
/// character of Calibri 11 (Carlito) about 7.44 px where Excel gives 7, so a sheet planned
/// with this prints at 8 pt or more in both.
fn widest_px(width: f64) -> f64 {
    width * 7.5 + 5.0
}

pub fn column_px(width: f64) -> f64 {
    (width * 7.0 + 5.0).floor()
}

/// How a table is laid out for screen and print: each column's width, which columns
/// wrap, and how it is printed.
struct Plan {
    widths: Vec<f64>,
    wrap: Vec<bool>,
    kinds: Vec<Kind>,
    /// Fits one page wide at a legible scale; else printed across pages at ACROSS_SCALE.
    fits: bool,
    /// The share of a wrapped column's width a line is counted to fill: prose (问题清单,
    /// the feedback guide) breaks early at its punctuation (a closing bracket never starts a
    /// line), so its rows get a little more height.
    slack: f64,
}

/// The layout rule (SPEC §6 "Read and printed as a clerk reads them"): columns as wide as
/// their text; when the sheet would print below 8 pt at one page wide, the long text
/// columns are narrowed (and wrap) down to the widest cap that fits; when even the
/// narrowest caps do not fit, the sheet prints at 80 % over several pages across.
fn plan(headers: &[&str], sample: &[Row<'_>], wrap_all: bool, may_wrap: bool) -> Plan {
    let kinds = column_kinds(headers.len(), sample);
    let natural = column_widths(headers, sample, 60);
    let total = |widths: &[f64]| widths.iter().map(|w| widest_px(*w)).sum::<f64>();
    let budget = PRINTABLE_PX / MIN_SCALE;
    let unbreakable = unbreakable_widths(headers.len(), sample);
    let demand = demand_widths(headers.len(), sample);
    // Each text column wider than `keep` (and than its longest unbreakable run) gets
    // `lambda` × its demand, between that floor and its natural width.
    let allocated = |lambda: f64, keep: f64| -> Vec<f64> {
        natural
            .iter()
            .zip(&kinds)
            .zip(&unbreakable)
            .zip(&demand)
            .map(|(((w, k), floor), d)| {
                let floor = keep.max(*floor);
                if *k == Kind::Text && *w > floor {
                    (lambda * d).clamp(floor, *w).floor()
                } else {
                    *w
                }
            })
            .collect()
    };
    // The largest share that fits, found by halving.
    let search = |keep: f64| -> Option<Vec<f64>> {
        if total(&allocated(0.0, keep)) > budget {
            return None;
        }
        let (mut lo, mut hi) = (0.0, 64.0);
        for _ in 0..30 {
            let mid = (lo + hi) / 2.0;
            if total(&allocated(mid, keep)) <= budget {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(allocated(lo, keep))
    };
    let (widths, fits) = if total(&natural) <= budget {
        (natural.clone(), true)
    } else if !may_wrap {
        (natural.clone(), false)
    } else if let Some(w) = shortest(KEEPS.iter().filter_map(|&keep| search(keep)), sample, &natural, &kinds, wrap_all)
    {
        (w, true)
    } else {
        (allocated(1.0, KEEP_WIDTH), false)
    };
    let wrap = widths
        .iter()
        .zip(&natural)
        .zip(&kinds)
        .map(|((w, n), k)| may_wrap && *k == Kind::Text && (wrap_all || w < n))
        .collect();
    Plan { widths, wrap, kinds, fits, slack: if wrap_all { WRAP_SLACK } else { 1.0 } }
}

/// Each column's kind: that of its first non-empty value in the sample.
fn column_kinds(columns: usize, sample: &[Row<'_>]) -> Vec<Kind> {
    (0..columns)
        .map(|c| {
            sample
                .iter()
                .filter_map(|(values, _)| values.get(c))
                .find(|v| !matches!(v, Val::Text(t) if t.is_empty()))
                .map_or(Kind::Text, Kind::of)
        })
        .collect()
}

/// Text columns wider than `keep` wrap when a sheet does not fit: a code, a name or a
/// column letter never breaks while the prose columns can, and an ID or phone number never
/// breaks: a column keeps its longest run of ASCII at least.
fn unbreakable_widths(columns: usize, sample: &[Row<'_>]) -> Vec<f64> {
    (0..columns)
        .map(|c| {
            let longest = sample
                .iter()
                .filter_map(|(values, _)| match values.get(c) {
                    Some(Val::Text(t)) => t.split(|ch: char| !ch.is_ascii() || ch.is_whitespace()).map(str::len).max(),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            longest as f64 + 2.0
        })
        .collect()
}

/// How much text each column holds on an average row (not capped like the natural width):
/// the room a narrowed sheet has goes to the columns in proportion, so the long prose
/// (问题说明, 修改建议) wraps onto about as many lines as the shorter texts beside it instead
/// of being squeezed to a sliver while a path or a sheet name keeps its whole width.
fn demand_widths(columns: usize, sample: &[Row<'_>]) -> Vec<f64> {
    (0..columns)
        .map(|c| {
            let texts = sample.iter().filter_map(|(values, _)| match values.get(c) {
                Some(Val::Text(t)) if !t.is_empty() => Some(shown_width(t)),
                _ => None,
            });
            let (sum, n) = texts.fold((0.0, 0usize), |(s, n), w| (s + w, n + 1));
            if n == 0 {
                1.0
            } else {
                (sum / n as f64).max(1.0)
            }
        })
        .collect()
}

/// How wide a short text column (镇, 村, 工作表, 列 …) stays while the prose columns wrap:
/// each is tried, and the widths whose rows print shortest win (问题清单 with a dozen
/// columns gives its short ones a few characters less so 问题说明 can be wide).
const KEEPS: [f64; 4] = [KEEP_WIDTH, 14.0, MIN_WRAP, 8.0];

/// Of the candidate widths, those whose sample rows take the fewest printed lines (the
/// first of equals: the widest short columns).
fn shortest(
    candidates: impl Iterator<Item = Vec<f64>>,
    sample: &[Row<'_>],
    natural: &[f64],
    kinds: &[Kind],
    wrap_all: bool,
) -> Option<Vec<f64>> {
    let lines = |widths: &[f64]| -> usize {
        let slack = if wrap_all { WRAP_SLACK } else { 1.0 };
        sample
            .iter()
            .map(|(values, _)| {
                values
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| kinds[*c] == Kind::Text && (wrap_all || widths[*c] < natural[*c]))
                    .map(|(c, v)| if let Val::Text(t) = v { lines_in(t, widths[c] * slack) } else { 1 })
                    .max()
                    .unwrap_or(1)
            })
            .sum()
    };
    let mut best: Option<(usize, Vec<f64>)> = None;
    for widths in candidates {
        let n = lines(&widths);
        if best.as_ref().is_none_or(|(b, _)| n < *b) {
            best = Some((n, widths));
        }
    }
    best.map(|(_, w)| w)
}

/// A wrapped sheet's text is measured this much narrower than its column, for the suites
/// that draw Chinese wider.
const WRAP_SLACK: f64 = 0.95;

/// A wrapped text column keeps at least this many characters.
const MIN_WRAP: f64 = 10.0;
/// Columns no wider than this are narrowed only when the prose columns alone cannot make
/// the sheet fit.
const KEEP_WIDTH: f64 = 18.0;

/// Whether a table of `len` rows prints to more than MAX_PRINTED_PAGES pages (counted at
/// the most rows a page holds, so a table said to be one is one).
pub fn screen_only(len: usize) -> bool {
    len > MAX_PRINTED_PAGES * rows_per_page(1.0)
}

fn rows_per_page(scale: f64) -> usize {
    (PRINTABLE_PT / (ROW_HEIGHT * scale)) as usize
}

/// A4 landscape, the header row on every page, a footer with the sheet's name, 第 N 页 /
/// 共 M 页 and the period; one page wide when the plan fits, else 80 % over pages across
/// with the key columns repeated; a sheet of more than 200 pages prints its first page.
fn print_setup(
    sheet: &mut Worksheet,
    plan: &Plan,
    header_row: u32,
    key_columns: u16,
    lines: usize,
    footer: &str,
    fixed: bool,
) -> Result<(), XlsxError> {
    let columns = plan.widths.len();
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_margins(MARGIN_SIDE, MARGIN_SIDE, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_footer(format!("&L&A&C第 &P 页 / 共 &N 页&R{footer}"));
    let scale = printed_scale(plan);
    if plan.fits && !fixed {
        sheet.set_print_fit_to_pages(1, 0);
    } else if plan.fits {
        // Manual page breaks only hold at a fixed scale: Excel ignores them under "fit to".
        // Never below 8 pt (a plan at the very limit may floor to 72 %).
        let least = (MIN_SCALE * 100.0).ceil();
        sheet.set_print_scale((scale * 100.0).round().max(least) as u16);
    } else {
        sheet.set_print_scale(ACROSS_SCALE);
        if key_columns > 0 {
            sheet.set_repeat_columns(0, key_columns - 1)?;
        }
    }
    let per_page = rows_per_page(scale).saturating_sub(2).max(1);
    if lines.div_ceil(per_page) > MAX_PRINTED_PAGES {
        sheet.set_print_area(0, 0, header_row + per_page as u32, columns.saturating_sub(1) as u16)?;
    }
    Ok(())
}

/// The scale a sheet prints at: one page wide when its plan fits (set as a fixed scale, in
/// the widest suite's pixels, when it has manual page breaks), else `ACROSS_SCALE`.
fn printed_scale(plan: &Plan) -> f64 {
    if plan.fits {
        let width: f64 = plan.widths.iter().map(|w| widest_px(*w)).sum();
        ((PRINTABLE_PX / width).min(1.0) * 100.0).floor() / 100.0
    } else {
        f64::from(ACROSS_SCALE) / 100.0
    }
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
    let mut widths: Vec<f64> = headers.iter().map(|h| shown_width(h).min(HEADER_WIDTH as f64)).collect();
    for (values, _) in rows {
        for (c, v) in values.iter().enumerate() {
            let w = match v {
                Val::Text(s) => s.split('\n').map(shown_width).fold(0.0, f64::max),
                Val::Int(n) => n.to_string().len() as f64,
                Val::Pct(_) => 6.0,
                Val::Date(_) => 10.0,
            };
            if let Some(slot) = widths.get_mut(c) {
                *slot = slot.max(w);
            }
        }
    }
    widths.into_iter().map(|w| w.ceil().clamp(6.0, widest as f64) + 2.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines are filled as the suites fill them: Chinese breaks anywhere, an ASCII run
    /// (".xlsx", a number) moves whole, punctuation stays with what it follows.
    #[test]
    fn lines_fill_like_the_suites() {
        // 10 Chinese characters in a line of 10 characters' room (21 units + 1).
        assert_eq!(lines_in("一二三四五六七八九十", 22.1), 1);
        assert_eq!(lines_in("一二三四五六七八九十一", 22.1), 2);
        // ".xlsx" does not fit after 九 and goes to the next line whole.
        assert_eq!(lines_in("一二三四五六七八九.xlsx", 22.1), 2);
        // A run longer than a line is broken inside it.
        assert_eq!(lines_in(&"a".repeat(50), 22.1), 3);
        assert_eq!(lines_in("第一行\n第二行", 40.0), 2);
        assert_eq!(lines_in("", 10.0), 1);
    }

    /// Groups start their own pages under their heading; a group longer than a page goes on
    /// under "（续）"; no page holds more than fits at the sheet's print scale.
    #[test]
    fn each_group_starts_a_page_and_carries_its_heading_onto_every_page() {
        use calamine::{Reader, Xlsx};
        let groups = [("甲", 3usize), ("乙", 70), ("丙", 2)];
        let mut rows: Vec<Row<'static>> = Vec::new();
        let mut starts = Vec::new();
        for (name, n) in groups {
            starts.push((rows.len(), format!("关爱联系人：{name}")));
            for i in 0..n {
                // Every seventh row wraps onto three lines: pages hold fewer of them.
                let long = if i % 7 == 0 { "长".repeat(60) } else { "短".into() };
                rows.push((
                    vec![Val::from(name.to_string()), Val::from(format!("{name}{i}")), Val::from(long)],
                    Mark::Plain,
                ));
            }
        }
        let mut table =
            Table::new("待办清单", vec!["联系人", "对象", "说明"], None).with_rows(rows.len(), rows.into_iter());
        table.preface = vec!["待办清单".into()];
        table.groups = starts;
        let dir = std::env::temp_dir().join(format!("guanai-groups-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("g.xlsx");
        let mut workbook = Workbook::new();
        let mut sheets = new_sheets(&mut workbook, &table, Strings::Shared).unwrap();
        write_table(&mut sheets, table, &Styles::new(), false).unwrap();
        for sheet in sheets {
            workbook.push_worksheet(sheet);
        }
        workbook.save(&path).unwrap();

        let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let range = book.worksheet_range("待办清单").unwrap();
        let cells: Vec<String> = range.rows().map(|r| r[0].to_string()).collect();
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
        let breaks: Vec<usize> =
            xml.split("<brk id=\"").skip(1).map(|b| b.split('"').next().unwrap().parse().unwrap()).collect();
        assert!(!xml.contains("fitToPage"), "manual breaks need a fixed scale");
        // Excel's break id N: a page starts at (1-based) row N + 1, that is 0-based row N.
        let mut page_starts = vec![3usize]; // under the title line, its gap and the header
        page_starts.extend(&breaks);
        for &at in &page_starts {
            assert!(cells[at].starts_with("关爱联系人："), "page at row {at} starts with {:?}", cells[at]);
        }
        let headings: Vec<&String> = page_starts.iter().map(|&at| &cells[at]).collect();
        assert_eq!(headings.first().map(|s| s.as_str()), Some("关爱联系人：甲"));
        assert!(headings.iter().any(|h| *h == "关爱联系人：乙（续）"), "{headings:?}");
        assert_eq!(headings.iter().filter(|h| !h.ends_with("（续）")).count(), 3, "{headings:?}");
        // Every data row is there once, and no page is fuller than the print scale allows.
        assert_eq!(cells.iter().filter(|c| ["甲", "乙", "丙"].contains(&c.as_str())).count(), 75);
        let heights: Vec<f64> = (0..cells.len())
            .map(|r| {
                let tag = format!("<row r=\"{}\"", r + 1);
                match xml.split(&tag).nth(1) {
                    Some(rest) if rest.split('>').next().unwrap().contains("ht=") => {
                        rest.split("ht=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
                    }
                    _ => ROW_HEIGHT,
                }
            })
            .collect();
        let scale =
            xml.split("scale=\"").nth(1).map_or(100.0, |s| s.split('"').next().unwrap().parse().unwrap()) / 100.0;
        let mut ends = page_starts[1..].to_vec();
        ends.push(cells.len());
        for (i, (from, to)) in page_starts.iter().zip(ends).enumerate() {
            // The first page holds the title lines too; every page the repeated header.
            let from = if i == 0 { 0 } else { *from };
            let used: f64 = heights[from..to].iter().sum::<f64>() + ROW_HEIGHT;
            assert!(used <= PRINTABLE_PT / scale, "rows {from}..{to}: {used} pt");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

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
