//! CSV submissions: UTF-8 (with or without BOM), UTF-16 with BOM or GB18030, comma- or
//! tab-separated. Every cell stays text, so ID numbers keep all their digits.

use encoding_rs::{Encoding, GB18030};

use super::raw::{OpenError, RawRow, RawSheet};
use crate::model::Cell;

pub(crate) fn read(bytes: &[u8], name: &str, max_rows: u32) -> Result<RawSheet, OpenError> {
    let text = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    // Row numbers as Excel shows them: one row per record the csv parser reads (a quoted
    // field over two lines is one row) and per blank line it skips. The parser's own
    // reading of quotes decides, so a stray quote inside an unquoted field (3"栋) is a
    // character, not the start of a quoted field that swallows the lines after it.
    let mut rows: Vec<RawRow> = Vec::new();
    let mut next: u64 = 1;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(next, |p| p.line());
            OpenError(crate::model::said::f02_csv(line).with_detail(e))
        })?;
        // The parser's position is where it began the record, before the blank lines it skipped.
        if let Some(p) = record.position() {
            next += blank_lines_at(text.as_bytes(), p.byte() as usize);
        }
        let number = u32::try_from(next).unwrap_or(u32::MAX);
        next += 1;
        let mut cells: Vec<Cell> = record.iter().map(|s| Cell::Text(s.to_string())).collect();
        while cells.last().is_some_and(Cell::is_empty) {
            cells.pop();
        }
        if cells.is_empty() {
            continue;
        }
        if rows.len() as u64 >= u64::from(max_rows) {
            return Ok(RawSheet {
                name: name.to_string(),
                rows: Vec::new(),
                over_limit: true,
                is_1904: false,
                hidden: false,
                not_cells: None,
            });
        }
        rows.push(RawRow { number, cells });
    }
    Ok(RawSheet { name: name.to_string(), rows, over_limit: false, is_1904: false, hidden: false, not_cells: None })
}

/// Byte offsets where each spreadsheet row starts: after every line break that is not
/// inside a quoted cell, so a header cell written over two lines stays one row.
/// The blank lines starting at `at` (CRLF, LF or CR each end one), not counting the LF
/// of the previous record's CRLF when `at` falls between its two bytes.
fn blank_lines_at(text: &[u8], at: usize) -> u64 {
    let mut i = at.min(text.len());
    if i > 0 && text[i - 1] == b'\r' && text.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut lines = 0;
    while let Some(&b) = text.get(i) {
        match b {
            b'\r' if text.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' | b'\n' => i += 1,
            _ => break,
        }
        lines += 1;
    }
    lines
}

pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let (text, _, _) = GB18030.decode(bytes);
    text.into_owned()
}

fn sniff_delimiter(text: &str) -> u8 {
    let head: Vec<&str> = text.lines().take(20).collect();
    let tabs: usize = head.iter().map(|l| l.matches('\t').count()).sum();
    let commas: usize = head.iter().map(|l| l.matches(',').count()).sum();
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let s = "姓名,身份证号码\n张三,1\n";
        let (gb, _, _) = GB18030.encode(s);
        assert_eq!(decode(&gb), s);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom), s);
        let mut u16 = vec![0xFF, 0xFE];
        u16.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&u16), s);
    }

    #[test]
    fn blank_lines_before_a_record() {
        assert_eq!(blank_lines_at(b"a\r\nb", 2), 0);
        assert_eq!(blank_lines_at(b"a\r\n\r\nb", 2), 1);
        assert_eq!(blank_lines_at(b"a\r\n\r\nb", 3), 1);
        assert_eq!(blank_lines_at(b"a\n\n\nb", 2), 2);
        assert_eq!(blank_lines_at(b"a\r\rb", 2), 1);
        assert_eq!(blank_lines_at(b"", 5), 0);
    }

    #[test]
    fn crlf_and_quoted_line_breaks_keep_excels_row_numbers() {
        let text = "标题\r\n\r\n\"姓名\",\"身份证\n号码\"\r\n张三,1\r\n李四,2\r\n";
        let numbers: Vec<u32> = read(text.as_bytes(), "x", 100).unwrap().rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 4, 5]);
    }

    #[test]
    fn tabs_and_row_numbers() {
        let sheet = read("标题\n\n姓名\t电话\n张三\t138\n".as_bytes(), "x", 100).unwrap();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 4]);
        assert_eq!(sheet.rows[2].cells.len(), 2);
    }

    /// A stray quote inside an unquoted field is a character (issue 13 #6): every physical
    /// line stays its own row with its own number — counted here from the text itself, not
    /// from the reader — and a quoted field over two lines is one row, as in Excel.
    #[test]
    fn a_stray_quote_merges_nothing() {
        let text = "姓名,身份证号码,居住地址\n张三,1,井口街道3\"栋\n李四,2,井口街道4栋\n王五,3,井口街道5栋\n赵六,4,\"两行\n地址\"\n钱七,5,井口\n";
        let sheet = read(text.as_bytes(), "x", 100).unwrap();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6]);
        let physical = text.lines().count();
        assert_eq!(physical, 7);
        assert_eq!(sheet.rows.len(), physical - 1, "one row per line but the quoted two-line field");
        assert_eq!(sheet.rows[1].cells[2], Cell::Text("井口街道3\"栋".into()));
        assert_eq!(sheet.rows[4].cells[2], Cell::Text("两行\n地址".into()));
    }
}
