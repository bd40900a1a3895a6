//! The formats of a table's cells, made once per workbook.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use super::value::{Kind, Mark};

/// A title line above a table that starts so is something the clerk must act on (the
/// records lie in another month, a kind of submission is missing): written red and bold.
pub(crate) const ALERT: &str = "注意：";

/// Every format a table cell can take, made once: a printed row's cells have a thin border
/// (a column's format has none, so nothing outside the table gets one), and all sit at the
/// top of their row (text and numbers of one row share one vertical alignment); numbers are
/// centred so they never run into the next column's text; red for errors and 不达标,
/// yellow for warnings; bold for a 合计 row; wrapping for a long text column.
pub(crate) struct Styles {
    pub(crate) header: Format,
    pub(crate) title: Format,
    /// No border: the title lines above a table.
    pub(crate) preface: Format,
    /// A title line that starts with `ALERT`: red and bold.
    pub(crate) alert: Format,
    /// A group's heading line (`Table::groups`).
    pub(crate) heading: Format,
    cells: Vec<Format>,
    /// The plain cells of a sheet meant for the screen (`screen_only`) past its first
    /// printed page, by kind: single-line rows need no vertical alignment, and a text cell
    /// in the default format is written without a style (less to write and to zip).
    pub(crate) screen: Vec<Format>,
    /// The period, printed in every page's footer.
    pub(crate) footer: String,
}

impl Styles {
    pub(crate) fn new() -> Styles {
        Styles::for_period("")
    }

    pub(crate) fn for_period(period: &str) -> Styles {
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
            header: header(),
            title: super::font::format().set_bold().set_font_size(14).set_align(FormatAlign::Left),
            // Its own format (not the default one, which a column's format would replace):
            // a title line never wraps into its narrow first column.
            preface: super::font::format().set_align(FormatAlign::Left),
            alert: super::font::format().set_align(FormatAlign::Left).set_bold().set_font_color(Color::RGB(0xC00000)),
            heading: super::font::format()
                .set_bold()
                .set_font_size(12)
                .set_background_color(Color::RGB(0xFFF2CC))
                .set_border_top(FormatBorder::Medium)
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            cells,
            screen: vec![
                super::font::format(),
                super::font::format().set_align(FormatAlign::Center),
                super::font::format().set_align(FormatAlign::Center).set_num_format("0.0%"),
                super::font::format().set_align(FormatAlign::Center).set_num_format("yyyy-mm-dd"),
            ],
            footer: period.replace('&', "&&"),
        }
    }

    pub(crate) fn cell(&self, kind: Kind, mark: Mark, wrap: bool, bold: bool, border: bool) -> &Format {
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
    let mut f = super::font::format().set_align(FormatAlign::Top);
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

/// A table's header cell, in every workbook guanai writes (reports and blank templates).
pub(crate) fn header() -> Format {
    super::font::format()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}
