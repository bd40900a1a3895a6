//! Opens a workbook guanai wrote and lists its sheets with their row counts, reading
//! cells as a stream — the benchmark's proof that the output opens. With `--cells` it
//! prints every cell instead (sheet, row, column, value), so two runs' workbooks can be
//! compared cell by cell with `cmp` or `diff`.
//!
//!     cargo run --release --example readback -- OUT.xlsx
//!     cargo run --release --example readback -- --cells OUT.xlsx > cells.tsv

use calamine::{open_workbook, DataRef, Reader, Xlsx};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let cells = args.first().is_some_and(|a| a == "--cells");
    if cells {
        args.remove(0);
    }
    let path = args.first().ok_or("usage: readback [--cells] OUT.xlsx")?;
    let mut book: Xlsx<_> = open_workbook(path)?;
    for name in book.sheet_names() {
        let mut reader = book.worksheet_cells_reader(&name)?;
        let (mut rows, mut last) = (0u64, None);
        while let Some(cell) = reader.next_cell()? {
            let (row, col) = cell.get_position();
            if cells {
                let value = match cell.get_value() {
                    DataRef::Empty => continue,
                    v => format!("{v:?}"),
                };
                println!("{name}\t{row}\t{col}\t{value}");
            } else if last != Some(row) {
                rows += 1;
                last = Some(row);
            }
        }
        if !cells {
            println!("{name}\t{rows}");
        }
    }
    Ok(())
}
