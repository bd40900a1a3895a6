//! The one font of every workbook guanai writes, and the geometry that follows from it.
//!
//! 宋体 (SimSun) 11: on every Windows since 95 and so in Excel and WPS, the 公文 font that
//! 统信UOS/麒麟 office PCs carry, and where it is missing (a bare Linux) LibreOffice falls
//! back to a CJK font (Noto CJK, 文泉驿) for it as a whole, so a cell is one font, not Calibri
//! for its digits and whatever the PC has for its Chinese. It is the workbook's default
//! (Normal) font, so Excel measures columns by its digit: 8 px (Chinese Excel's 8.38-character
//! default column is 72 px), 5 px padding.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The font's name as Excel and WPS know it.
pub(crate) const NAME: &str = "宋体";
/// GB2312: tells Excel the font is a Chinese one.
const CHARSET: u8 = 134;
/// Excel's pixels per character of column width in this font, and a column's padding.
pub(crate) const DIGIT_PX: f64 = 8.0;
pub(crate) const PADDING_PX: f64 = 5.0;
/// Chinese Excel's default row (13.5 pt) and column (8.38 characters) in pixels.
const ROW_PX: u32 = 18;
const COLUMN_PX: u32 = 72;

/// A cell format in the workbooks' font, to add alignment, borders and colours to.
pub(crate) fn format() -> Format {
    Format::new().set_font_name(NAME).set_font_charset(CHARSET)
}

/// A new workbook whose default (Normal) style is the font, before any sheet is added.
pub(crate) fn workbook() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_default_format(&format(), ROW_PX, COLUMN_PX)?;
    Ok(workbook)
}

/// Gives a sheet made apart from its workbook (`new_worksheet_with_low_memory`, written on
/// another thread) the workbook's default: rust_xlsxwriter sets it only on sheets the
/// workbook adds itself, and a sheet without it writes its plain cells in Calibri and
/// sizes its columns by Calibri's 7 px digit.
pub(crate) fn apply(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_default_format(&format(), ROW_PX, COLUMN_PX)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_style_is_the_font() {
        let mut workbook = workbook().unwrap();
        workbook.add_worksheet().write_string(0, 0, "关爱").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut styles = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
        let first_font = &styles[styles.find("<font>").unwrap()..styles.find("</font>").unwrap()];
        assert!(first_font.contains("<name val=\"宋体\"/>"), "{first_font}");
        assert!(first_font.contains("<charset val=\"134\"/>"), "{first_font}");
        assert!(!styles.contains("Calibri"), "{styles}");
    }
}
