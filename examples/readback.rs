//! Opens a workbook guanai wrote and lists its sheets with their row counts, reading
//! cells as a stream — the benchmark's proof that the output opens.
//!
//!     cargo run --release --example readback -- OUT.xlsx

use calamine::{open_workbook, Reader, Xlsx};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: readback OUT.xlsx")?;
    let mut book: Xlsx<_> = open_workbook(&path)?;
    for name in book.sheet_names() {
        let mut reader = book.worksheet_cells_reader(&name)?;
        let (mut rows, mut last) = (0u64, None);
        while let Some(cell) = reader.next_cell()? {
            let row = cell.get_position().0;
            if last != Some(row) {
                rows += 1;
                last = Some(row);
            }
        }
        println!("{name}\t{rows}");
    }
    Ok(())
}
