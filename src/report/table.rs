//! Writes one table as a worksheet the way every sheet of the workbook looks: bold
//! header, frozen and filtered, widths that fit Chinese text, A4 landscape with the
//! header repeated on each printed page, and a sheet that would pass Excel's row limit
//! continued in "名称(2)", "名称(3)" …
//!
//! Cells are written as strings and numbers only, never formulas: an input "=1+1"
//! stays the text "=1+1".

use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::normalize::text::display_width;

/// Excel's limit on rows per sheet.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;
/// Excel's limit on characters per cell.
pub const EXCEL_MAX_CHARS: usize = 32_767;

#[derive(Debug, Clone)]
pub enum Val {
    Text(String),
    Int(i64),
    Num(f64),
    /// A share shown as a percentage (0.853 → 85.3%).
    Pct(f64),
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Text(s.to_string())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::Text(s)
    }
}

impl From<u32> for Val {
    fn from(n: u32) -> Val {
        Val::Int(i64::from(n))
    }
}

impl From<usize> for Val {
    fn from(n: usize) -> Val {
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

pub struct Table {
    pub name: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<(Vec<Val>, Mark)>,
    /// The column whose cell carries the row's mark.
    pub mark_column: Option<usize>,
    /// Lines written above the header (总览's district, period, run time …).
    pub preface: Vec<String>,
    /// A bar chart under the table: (title, category column, value column).
    pub chart: Option<(String, u16, u16)>,
}

impl Table {
    pub fn new(name: &str, headers: Vec<&'static str>, mark_column: Option<usize>) -> Table {
        Table {
            name: name.to_string(),
            headers,
            rows: Vec::new(),
            mark_column,
            preface: Vec::new(),
            chart: None,
        }
    }

    pub fn push(&mut self, row: Vec<Val>, mark: Mark) {
        self.rows.push((row, mark));
    }
}

pub struct Styles {
    pub header: Format,
    pub bad: Format,
    pub warn: Format,
    pub title: Format,
    pub plain: Format,
    pub pct: Format,
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
            bad: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warn: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            title: Format::new().set_bold().set_font_size(14),
            plain: Format::new(),
            pct: Format::new().set_num_format("0.0%"),
        }
    }
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

/// Adds the table's sheet(s); returns the names used (more than one when split).
pub fn write(
    workbook: &mut Workbook,
    table: &Table,
    styles: &Styles,
) -> Result<Vec<String>, XlsxError> {
    let widths = column_widths(table);
    let per_sheet = EXCEL_MAX_ROWS - 1;
    let chunks: Vec<&[(Vec<Val>, Mark)]> = if table.rows.is_empty() {
        vec![&[][..]]
    } else {
        table.rows.chunks(per_sheet).collect()
    };
    let mut names = Vec::new();
    for (i, chunk) in chunks.into_iter().enumerate() {
        let name = if i == 0 {
            table.name.clone()
        } else {
            format!("{}({})", table.name, i + 1)
        };
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        write_chunk(sheet, table, chunk, &widths, styles)?;
        names.push(name);
    }
    Ok(names)
}

fn write_chunk(
    sheet: &mut Worksheet,
    table: &Table,
    rows: &[(Vec<Val>, Mark)],
    widths: &[f64],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (r, line) in table.preface.iter().enumerate() {
        let format = if r == 0 { &styles.title } else { &styles.plain };
        sheet.write_string_with_format(r as u32, 0, clip(line).as_ref(), format)?;
    }
    let top = if table.preface.is_empty() {
        0
    } else {
        table.preface.len() as u32 + 1
    };
    for (c, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(top, c as u16, *header, &styles.header)?;
        sheet.set_column_width(c as u16, widths[c])?;
    }
    for (r, (values, mark)) in rows.iter().enumerate() {
        let row = top + r as u32 + 1;
        for (c, value) in values.iter().enumerate() {
            let format = match (table.mark_column == Some(c), mark) {
                (true, Mark::Bad) => Some(&styles.bad),
                (true, Mark::Warn) => Some(&styles.warn),
                _ => None,
            };
            write_cell(sheet, row, c as u16, value, format)?;
        }
    }
    let last_col = table.headers.len().saturating_sub(1) as u16;
    if let (Some((title, cat, val)), false) = (&table.chart, rows.is_empty()) {
        let (first, last) = (top + 1, top + rows.len() as u32);
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories((sheet.name().as_str(), first, *cat, last, *cat))
            .set_values((sheet.name().as_str(), first, *val, last, *val))
            .set_name(title.as_str());
        chart.title().set_name(title.as_str());
        chart.legend().set_hidden();
        chart.y_axis().set_min(0);
        sheet.insert_chart(last + 2, 0, &chart)?;
    }
    sheet.set_freeze_panes(top + 1, 0)?;
    sheet.autofilter(top, 0, top + rows.len() as u32, last_col)?;
    page_setup(sheet, top)?;
    Ok(())
}

/// A4 landscape, one page wide, the header row on every page.
pub fn page_setup(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

pub fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Val,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match (value, format) {
        (Val::Text(s), Some(f)) => sheet
            .write_string_with_format(row, col, clip(s).as_ref(), f)
            .map(|_| ()),
        (Val::Text(s), None) => sheet.write_string(row, col, clip(s).as_ref()).map(|_| ()),
        (Val::Int(n), Some(f)) => sheet
            .write_number_with_format(row, col, *n as f64, f)
            .map(|_| ()),
        (Val::Int(n), None) => sheet.write_number(row, col, *n as f64).map(|_| ()),
        (Val::Num(n), Some(f)) => sheet.write_number_with_format(row, col, *n, f).map(|_| ()),
        (Val::Num(n), None) => sheet.write_number(row, col, *n).map(|_| ()),
        (Val::Pct(n), _) => sheet
            .write_number_with_format(row, col, *n, format.unwrap_or(&Styles::new().pct))
            .map(|_| ()),
    }
}

/// Text longer than a cell can hold is cut, and ends with a mark saying so.
pub fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    const MARK: &str = "…（超过 Excel 单元格 32767 字上限，已截断）";
    if s.chars().count() <= EXCEL_MAX_CHARS {
        return std::borrow::Cow::Borrowed(s);
    }
    let keep = EXCEL_MAX_CHARS - MARK.chars().count();
    let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    std::borrow::Cow::Owned(format!("{}{MARK}", &s[..end]))
}

fn column_widths(table: &Table) -> Vec<f64> {
    let mut widths: Vec<usize> = table.headers.iter().map(|h| display_width(h)).collect();
    for (values, _) in table.rows.iter().take(5000) {
        for (c, v) in values.iter().enumerate() {
            let w = match v {
                Val::Text(s) => display_width(s),
                Val::Int(n) => n.to_string().len(),
                Val::Num(n) => format!("{n:.2}").len(),
                Val::Pct(_) => 6,
            };
            if let Some(slot) = widths.get_mut(c) {
                *slot = (*slot).max(w);
            }
        }
    }
    widths
        .into_iter()
        .map(|w| (w.clamp(6, 60) + 2) as f64)
        .collect()
}
