//! A file's sheets as read, before any meaning: rows of located cells, and why a file
//! could not be opened. Every reader (workbook, csv) makes these; layout and records read them.

use crate::model::Cell;

/// One sheet as read: only rows holding at least one non-empty cell, in row order.
#[derive(Debug, Default)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<RawRow>,
    /// Set when the sheet held more data rows than allowed and was not read (F05).
    pub over_limit: bool,
    /// The workbook counts date serials from 1904 (old Mac Excel).
    pub is_1904: bool,
    /// Hidden or very hidden in the workbook: read all the same, and said so.
    pub hidden: bool,
    /// Set for a sheet that holds no cells to read (a chart, dialog or macro sheet): what it is.
    pub not_cells: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct RawRow {
    /// The row number Excel shows (1-based).
    pub number: u32,
    /// Cells from column A on; trailing empties trimmed.
    pub cells: Vec<Cell>,
}

impl RawRow {
    pub fn get(&self, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells.get(col).unwrap_or(&EMPTY)
    }
}

/// Why a file could not be opened (F02), in words for the clerk.
#[derive(Debug)]
pub struct OpenError(pub String);

/// The largest sheet or shared-strings part a workbook may declare. Reading stops at
/// the declared size, so this bounds what a compression bomb can make us hold.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
