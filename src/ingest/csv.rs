//! CSV submissions: UTF-8 (with or without BOM), UTF-16 with BOM or GB18030, comma- or
//! tab-separated. Every cell stays text, so ID numbers keep all their digits.

use std::collections::BTreeMap;

use encoding_rs::{Encoding, GB18030};

use super::workbook::{OpenError, RawRow, RawSheet};
use crate::model::Cell;

pub fn read(bytes: &[u8], name: &str, max_rows: u32) -> Result<RawSheet, OpenError> {
    let text = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let row_starts = row_starts(&text);
    let mut rows = BTreeMap::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| OpenError(format!("CSV 文件格式有误（{e}），请用 Excel 打开后另存为 .xlsx 再提交")))?;
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
        // The line a record starts on is the row a spreadsheet program shows for it
        // (quoted cells spanning lines aside).
        // The reported start may sit on blank lines the reader skipped before the record.
        let mut start = record.position().map_or(0, |p| p.byte() as usize).min(text.len());
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        let line = row_at(&row_starts, start);
        rows.insert(line, cells);
    }
    let rows = rows.into_iter().map(|(number, cells)| RawRow { number, cells }).collect();
    Ok(RawSheet { name: name.to_string(), rows, over_limit: false, is_1904: false, hidden: false, not_cells: None })
}

/// Byte offsets where each spreadsheet row starts: after every line break that is not
/// inside a quoted cell, so a header cell written over two lines stays one row.
fn row_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut quoted = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => starts.push(i + 1),
            _ => {}
        }
    }
    starts
}

/// The 1-based row holding byte `offset`.
fn row_at(starts: &[usize], offset: usize) -> u32 {
    let index = match starts.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// UTF-8 when the bytes are valid UTF-8, UTF-16 when a BOM says so, GB18030 otherwise
/// (which also reads GBK and GB2312, what Excel on Chinese Windows saves as "CSV").
pub fn decode(bytes: &[u8]) -> String {
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
    fn tabs_and_row_numbers() {
        let sheet = read("标题\n\n姓名\t电话\n张三\t138\n".as_bytes(), "x", 100).unwrap();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 4]);
        assert_eq!(sheet.rows[2].cells.len(), 2);
    }
}
