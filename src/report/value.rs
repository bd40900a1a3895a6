//! What a table's cell holds and how it is written: text, whole numbers, shares and
//! dates, and the colour mark of a row.

use std::borrow::Cow;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Excel's limit on characters per cell.
pub(crate) const EXCEL_MAX_CHARS: usize = 32_767;

#[derive(Debug, Clone)]
pub(crate) enum Val<'a> {
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
pub(crate) enum Mark {
    Plain,
    Bad,
    Warn,
}

/// A row and how its marked cell is coloured.
pub(crate) type Row<'a> = (Vec<Val<'a>>, Mark);

/// What a cell holds, for its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Num,
    Pct,
    Date,
}

impl Kind {
    pub(crate) fn of(value: &Val<'_>) -> Kind {
        match value {
            Val::Text(_) => Kind::Text,
            Val::Int(_) => Kind::Num,
            Val::Pct(_) => Kind::Pct,
            Val::Date(_) => Kind::Date,
        }
    }
}

/// Excel's day number (1900 system) for a date.
pub(crate) fn excel_serial(d: chrono::NaiveDate) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - epoch).num_days() as f64
}

/// Writes one value; `None` leaves the cell to its column's format. An empty text is no cell.
pub(crate) fn write_cell(
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
pub(crate) fn clip(s: &str) -> std::borrow::Cow<'_, str> {
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
