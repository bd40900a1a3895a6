//! A file's sheets as read, before any meaning: rows of located cells, and why a file
//! could not be opened. Every reader (workbook, csv) makes these; layout and records read them.

use crate::model::Cell;

/// One sheet as read: only rows holding at least one non-empty cell, in row order.
#[derive(Debug, Default)]
pub(crate) struct RawSheet {
    pub(crate) name: String,
    pub(crate) rows: Vec<RawRow>,
    /// Set when the sheet held more data rows than allowed and was not read (F05).
    pub(crate) over_limit: bool,
    /// The workbook counts date serials from 1904 (old Mac Excel).
    pub(crate) is_1904: bool,
    /// Hidden or very hidden in the workbook: read all the same, and said so.
    pub(crate) hidden: bool,
    /// Set for a sheet that holds no cells to read (a chart, dialog or macro sheet): what it is.
    pub(crate) not_cells: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub(crate) struct RawRow {
    /// The row number Excel shows (1-based); a Word table's row number, and 0 for a
    /// paragraph above the table (its title and metadata lines).
    pub(crate) number: u32,
    /// Cells from column A on; trailing empties trimmed.
    pub(crate) cells: Vec<Cell>,
}

impl RawRow {
    pub(crate) fn get(&self, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells.get(col).unwrap_or(&EMPTY)
    }
}

/// Why a file could not be opened (F02), in words for the clerk (a reader's own words, if
/// any, only in the detail).
#[derive(Debug)]
pub(crate) struct OpenError(pub(crate) crate::model::said::Said);

/// A reader's error as the clerk reads it: damaged, in Chinese; the reader's own words
/// only in the detail. (Encryption never gets here: `encryption` recognised it first.)
pub(crate) fn damaged(err: impl std::fmt::Display) -> OpenError {
    if err.to_string().contains("password protected") {
        return OpenError(crate::model::said::f02_password("工作簿").with_detail(err));
    }
    OpenError(crate::model::said::f02_damaged().with_detail(err))
}

/// The largest sheet or shared-strings part a workbook may declare. Reading stops at
/// the declared size, so this bounds what a compression bomb can make us hold.
pub(crate) const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
