//! The physical floor for `guanai check`: read every sheet of every file with calamine in
//! parallel and write the visit rows with rust_xlsxwriter, streamed — nothing
//! else. The benchmark compares guanai against this. It reads as guanai reads (the file's
//! bytes, .xlsx sheets streamed cell by cell) and writes as guanai writes: low-memory
//! worksheets (shared strings) saved at zip level 1. (Measured: the constant-memory floor,
//! inline strings, took 1.67 s against 1.44 s at scale 1: its larger XML costs more to zip.)
//!
//!     cargo run --release --example floor -- DIR OUT.xlsx

use std::path::{Path, PathBuf};

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader, Xlsx};
use rayon::prelude::*;
use rust_xlsxwriter::Workbook;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "xlsx" || e == "xls" || e == "ods") {
            out.push(path);
        }
    }
}

/// The rows of every sheet whose header row names a 关爱方式 column. Read as guanai reads:
/// the file's bytes at once, an .xlsx sheet streamed cell by cell (calamine's cells reader),
/// any other format a range at a time.
fn visit_rows(path: &Path) -> Vec<Vec<Data>> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let is_xlsx = path.extension().is_some_and(|e| e == "xlsx");
    let sheets: Vec<Vec<Vec<Data>>> = if is_xlsx {
        let Ok(mut book) = Xlsx::new(Cursor::new(bytes)) else {
            return Vec::new();
        };
        let names = book.sheet_names();
        names
            .iter()
            .filter_map(|name| {
                let mut reader = book.worksheet_cells_reader(name).ok()?;
                let mut rows: Vec<Vec<Data>> = Vec::new();
                while let Ok(Some(cell)) = reader.next_cell() {
                    let (r, c) = cell.get_position();
                    let (r, c) = (r as usize, c as usize);
                    if rows.len() <= r {
                        rows.resize_with(r + 1, Vec::new);
                    }
                    let row = &mut rows[r];
                    if row.len() <= c {
                        row.resize(c + 1, Data::Empty);
                    }
                    row[c] = Data::from(cell.get_value().clone());
                }
                Some(rows)
            })
            .collect()
    } else {
        let Ok(mut book) = open_workbook_auto_from_rs(Cursor::new(bytes)) else {
            return Vec::new();
        };
        book.worksheets().into_iter().map(|(_, range)| range.rows().map(<[Data]>::to_vec).collect()).collect()
    };
    let mut rows = Vec::new();
    for sheet in sheets {
        let is_log = sheet.iter().take(15).any(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == "关爱方式")));
        if is_log {
            rows.extend(sheet);
        }
    }
    rows
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out] = args.as_slice() else {
        return Err("usage: floor DIR OUT.xlsx".into());
    };
    let mut paths = Vec::new();
    files(Path::new(dir), &mut paths);
    paths.sort();
    let per_file: Vec<Vec<Vec<Data>>> = paths.par_iter().map(|p| visit_rows(p)).collect();
    let mut wb = Workbook::new();
    // The same zip level as guanai's own save (report/workbook.rs).
    wb.set_zip_compression_level(1);
    let mut sheet = wb.add_worksheet_with_low_memory()?;
    let mut row = 0u32;
    let mut sheets = 1;
    for rows in per_file {
        for cells in rows {
            if row == 1_048_576 {
                sheets += 1;
                sheet = wb.add_worksheet_with_low_memory()?;
                sheet.set_name(format!("关爱记录({sheets})"))?;
                row = 0;
            }
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Data::String(s) => sheet.write_string(row, c, s).map(|_| ())?,
                    Data::Float(f) => sheet.write_number(row, c, *f).map(|_| ())?,
                    Data::Int(i) => sheet.write_number(row, c, *i as f64).map(|_| ())?,
                    Data::DateTime(d) => sheet.write_number(row, c, d.as_f64()).map(|_| ())?,
                    Data::Empty => {}
                    other => sheet.write_string(row, c, other.to_string()).map(|_| ())?,
                }
            }
            row += 1;
        }
    }
    wb.save(out)?;
    Ok(())
}
