//! How a table prints: A4 landscape, the header row on every page, one page wide at a
//! legible scale, and where the pages of a grouped sheet end.

use rust_xlsxwriter::{Worksheet, XlsxError};

pub(crate) use super::page::{min_scale, MIN_SCALE, PRINTABLE_PT};
use super::page::{MARGIN_FOOTER, MARGIN_SIDE, MARGIN_TOP, PRINTABLE_PX};
use super::plan::{lines_in, preface_lines, row_height, widest_px, Plan, LINE_HEIGHT, ROW_HEIGHT};

/// Where the printed pages of a sheet with groups end, by the rows' heights: a page holds
/// the repeated header row and what fits under it at the sheet's print scale. LibreOffice
/// sets Chinese text a little taller than the heights written, so a page is planned at 90 %.
pub(crate) struct Pages {
    pub(crate) room: f64,
    pub(crate) used: f64,
    /// Excel rows (0-based) that start a page.
    pub(crate) breaks: Vec<u32>,
}

impl Pages {
    pub(crate) fn new(scale: f64, preface: &[String], headers: &[&str], plan: &Plan) -> Pages {
        let header = headers.iter().zip(&plan.widths).map(|(h, w)| lines_in(h, *w)).max().unwrap_or(1);
        let header = if header > 1 { LINE_HEIGHT * header as f64 + 2.0 } else { ROW_HEIGHT };
        let room = 0.9 * PRINTABLE_PT / scale - header;
        // The title lines above the header (and the empty row under them) take the first
        // page's top: the title 24 pt, the others a row each, or more when they wrap.
        let lines = preface.iter().skip(1).map(|l| row_height(preface_lines(l, &plan.widths)));
        let used = if preface.is_empty() { 0.0 } else { 24.0 + lines.sum::<f64>() + ROW_HEIGHT };
        Pages { room, used, breaks: Vec::new() }
    }

    pub(crate) fn fits(&self, height: f64) -> bool {
        self.used + height <= self.room
    }

    pub(crate) fn take(&mut self, height: f64) {
        self.used += height;
    }

    pub(crate) fn break_before(&mut self, row: u32) {
        self.breaks.push(row);
        self.used = 0.0;
    }
}

/// A4 landscape, narrow side margins, the header row on every page (the templates' setup).
pub(crate) fn page_setup(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_margins(MARGIN_SIDE, MARGIN_SIDE, MARGIN_TOP, MARGIN_TOP, MARGIN_FOOTER, MARGIN_FOOTER);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// The scale a sheet too wide for one page is printed at, over several pages across.
const ACROSS_SCALE: u16 = 80;

/// A sheet longer than this many printed pages is meant for the screen: only its first
/// page is set to print (SPEC §6).
pub(crate) const MAX_PRINTED_PAGES: usize = 200;

/// Whether a table of `len` rows prints to more than MAX_PRINTED_PAGES pages (counted at
/// the most rows a page holds, so a table said to be one is one).
pub(crate) fn screen_only(len: usize) -> bool {
    len > MAX_PRINTED_PAGES * rows_per_page(1.0)
}

pub(crate) fn rows_per_page(scale: f64) -> usize {
    (PRINTABLE_PT / (ROW_HEIGHT * scale)) as usize
}

/// A4 landscape, the header row on every page, a footer with the sheet's name, 第 N 页 /
/// 共 M 页 and the period; one page wide when the plan fits, else 80 % over pages across
/// with the key columns repeated; a sheet of more than 200 pages prints its first page.
pub(crate) fn print_setup(
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
    sheet.set_margins(MARGIN_SIDE, MARGIN_SIDE, MARGIN_TOP, MARGIN_TOP, MARGIN_FOOTER, MARGIN_FOOTER);
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_footer(format!("&L&A&C第 &P 页 / 共 &N 页&R{footer}"));
    let scale = printed_scale(plan);
    if plan.fits && !fixed {
        sheet.set_print_fit_to_pages(1, 0);
    } else if plan.fits {
        // Manual page breaks only hold at a fixed scale: Excel ignores them under "fit to".
        // Never below 8 pt (a plan at the very limit may floor to 72 %).
        let least = (min_scale(plan.prose) * 100.0).ceil();
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
pub(crate) fn printed_scale(plan: &Plan) -> f64 {
    if plan.fits {
        let width: f64 = plan.widths.iter().map(|w| widest_px(*w)).sum();
        ((PRINTABLE_PX / width).min(1.0) * 100.0).floor() / 100.0
    } else {
        f64::from(ACROSS_SCALE) / 100.0
    }
}
