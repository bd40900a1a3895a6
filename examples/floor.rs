//! The physical floor for `guanai check`: read every sheet of every file with calamine in
//! parallel and write the visit rows with rust_xlsxwriter in constant memory — nothing
//! else. The benchmark compares guanai against this.
//!
//!     cargo run --release --example floor -- DIR OUT.xlsx

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
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

/// The rows of every sheet whose header row names a 关爱方式 column.
fn visit_rows(path: &Path) -> Vec<Vec<Data>> {
    let Ok(mut book) = open_workbook_auto(path) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (_, range) in book.worksheets() {
        let is_log = range.rows().take(15).any(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == "关爱方式")));
        if is_log {
            rows.extend(range.rows().map(<[Data]>::to_vec));
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
    let mut sheet = wb.add_worksheet_with_constant_memory()?;
    let mut row = 0u32;
    let mut sheets = 1;
    for rows in per_file {
        for cells in rows {
            if row == 1_048_576 {
                sheets += 1;
                sheet = wb.add_worksheet_with_constant_memory()?;
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
