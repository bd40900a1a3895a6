//! The physical floor for `guanai check`: read every sheet of every file with calamine in
//! parallel and write the visit rows with rust_xlsxwriter, streamed — nothing
//! else. The benchmark compares guanai against this. It reads as guanai reads (the file's
//! bytes, .xlsx sheets streamed cell by cell) and writes as guanai writes: low-memory
//! worksheets (shared strings) saved at zip level 1. (Measured: the constant-memory floor,
//! inline strings, took 1.67 s against 1.44 s at scale 1: its larger XML costs more to zip.)
//!
//! With `--volume` it writes as many cells as guanai's consolidated workbook holds, and
//! nothing else: 关爱记录's 13 columns (the row's own cells, two of them again, 参与考核, file,
//! sheet, row number) on one thread while a second sheet of 4.8 cells per visit row (what
//! 总览 … 文件清单 hold at scale 1: 1.3 million cells for 274 thousand visit rows) is written on
//! the other, into one workbook. It is the time rust_xlsxwriter alone needs for guanai's
//! output: what guanai spends beyond it is reading into records, checking, JSON and layout.
//!
//!     cargo run --release --example floor -- DIR OUT.xlsx
//!     cargo run --release --example floor -- --volume DIR OUT.xlsx

use std::path::{Path, PathBuf};

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader, Xlsx};
use rayon::prelude::*;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

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
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let volume = args.first().is_some_and(|a| a == "--volume");
    if volume {
        args.remove(0);
    }
    let [dir, out] = args.as_slice() else {
        return Err("usage: floor [--volume] DIR OUT.xlsx".into());
    };
    let mut paths = Vec::new();
    files(Path::new(dir), &mut paths);
    paths.sort();
    let per_file: Vec<(String, Vec<Vec<Data>>)> =
        paths.par_iter().map(|p| (p.to_string_lossy().into_owned(), visit_rows(p))).collect();
    let mut wb = Workbook::new();
    // The same zip level as guanai's own save (report/workbook.rs).
    wb.set_zip_compression_level(1);
    if volume {
        write_volume(&mut wb, &per_file)?;
    } else {
        write_rows(&mut wb, &per_file)?;
    }
    wb.save(out)?;
    Ok(())
}

fn write_cell(sheet: &mut Worksheet, row: u32, c: u16, cell: &Data) -> Result<(), XlsxError> {
    match cell {
        Data::String(s) => sheet.write_string(row, c, s).map(|_| ()),
        Data::Float(f) => sheet.write_number(row, c, *f).map(|_| ()),
        Data::Int(i) => sheet.write_number(row, c, *i as f64).map(|_| ()),
        Data::DateTime(d) => sheet.write_number(row, c, d.as_f64()).map(|_| ()),
        Data::Empty => Ok(()),
        other => sheet.write_string(row, c, other.to_string()).map(|_| ()),
    }
}

/// The visit rows as read, one after the other, over as many sheets as Excel's row limit asks.
fn write_rows(wb: &mut Workbook, per_file: &[(String, Vec<Vec<Data>>)]) -> Result<(), XlsxError> {
    let mut sheet = wb.add_worksheet_with_low_memory()?;
    let mut row = 0u32;
    let mut sheets = 1;
    for (_, rows) in per_file {
        for cells in rows {
            if row == 1_048_576 {
                sheets += 1;
                sheet = wb.add_worksheet_with_low_memory()?;
                sheet.set_name(format!("关爱记录({sheets})"))?;
                row = 0;
            }
            for (c, cell) in cells.iter().enumerate() {
                write_cell(sheet, row, c as u16, cell)?;
            }
            row += 1;
        }
    }
    Ok(())
}

/// Sheets named `name`, `name(2)` … for `rows` rows.
fn sheets_for(wb: &mut Workbook, name: &str, rows: usize) -> Result<Vec<Worksheet>, XlsxError> {
    (0..rows.div_ceil(1_048_576).max(1))
        .map(|i| {
            let mut sheet = wb.new_worksheet_with_low_memory()?;
            sheet.set_name(if i == 0 { name.to_string() } else { format!("{name}({})", i + 1) })?;
            Ok(sheet)
        })
        .collect()
}

/// guanai's cell volume (see the top of the file), the two sheets on two threads.
fn write_volume(wb: &mut Workbook, per_file: &[(String, Vec<Vec<Data>>)]) -> Result<(), XlsxError> {
    let visit_rows: usize = per_file.iter().map(|(_, r)| r.len()).sum();
    let extra_cells = visit_rows * 48 / 10;
    let mut visits = sheets_for(wb, "关爱记录", visit_rows)?;
    let mut others = sheets_for(wb, "其他", extra_cells.div_ceil(13))?;
    std::thread::scope(|scope| -> Result<(), XlsxError> {
        let writer = scope.spawn(|| -> Result<(), XlsxError> {
            let mut at = 0usize;
            for (file, rows) in per_file {
                for (i, cells) in rows.iter().enumerate() {
                    let (sheet, row) = (&mut visits[at / 1_048_576], (at % 1_048_576) as u32);
                    for (c, cell) in cells.iter().take(7).enumerate() {
                        write_cell(sheet, row, c as u16, cell)?;
                    }
                    for (k, cell) in cells.iter().skip(2).take(2).enumerate() {
                        write_cell(sheet, row, 7 + k as u16, cell)?;
                    }
                    sheet.write_string(row, 9, "是")?;
                    sheet.write_string(row, 10, file)?;
                    sheet.write_string(row, 11, "关爱记录")?;
                    sheet.write_number(row, 12, i as f64 + 1.0)?;
                    at += 1;
                }
            }
            Ok(())
        });
        let cells = per_file.iter().flat_map(|(_, rows)| rows).flat_map(|cells| cells.iter().cycle().take(13));
        for (n, cell) in cells.take(extra_cells).enumerate() {
            let (row, c) = (n / 13, (n % 13) as u16);
            write_cell(&mut others[row / 1_048_576], (row % 1_048_576) as u32, c, cell)?;
        }
        writer.join().expect("the 关爱记录 writer")
    })?;
    for sheet in visits.into_iter().chain(others) {
        wb.push_worksheet(sheet);
    }
    Ok(())
}
