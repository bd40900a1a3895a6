//! What reading a file would cost in memory, found before the reader allocates anything
//! (issue 13: a 1 KB .xls whose sector chain loops grew without limit; a 10 KB .xls with a
//! cell at IV65536 on each of 12 sheets took 6.8 GiB; an 840-byte .ods with one cell at
//! row 1,000,000 took 5.6 GiB).
//!
//! calamine reads an .xls whole when it opens it: for each sheet it reserves room for the
//! rows × columns its DIMENSIONS record declares, then lays the cells out densely from the
//! first to the last one written. An .ods is laid out densely too, from its rows and
//! repeated rows. Both sizes can be read off the file cheaply: the compound file through the
//! `cfb` crate, which refuses a FAT whose chains loop or point outside the file, and the
//! BIFF records or the ODS content as a stream, without building any cell.

use std::io::{Cursor, Read};

/// Bytes calamine holds for each cell slot it reserves (a `Cell<Data>`) or lays out (a `Data`).
const RESERVED_CELL: u64 = 40;
const LAID_OUT_CELL: u64 = 32;
/// An .ods row is built as cells, then laid out: measured 444 MB peak for one table of
/// 1,000,000 × 7 slots, twice `LAID_OUT_CELL`.
const ODS_CELL: u64 = 2 * LAID_OUT_CELL;

/// The largest sheet of a file as reading it would lay it out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Footprint {
    /// Bytes reading the whole file would take (every sheet at once for .xls).
    pub(crate) bytes: u64,
    pub(crate) sheet: String,
    /// The farthest cell that sheet declares or holds, zero-based (row, column).
    pub(crate) far: (u32, u32),
}

impl Footprint {
    /// "IV65536": the far cell as Excel names it.
    pub(crate) fn far_cell(&self) -> String {
        format!("{}{}", rust_xlsxwriter::utility::column_number_to_name(self.far.1.min(16_383) as u16), self.far.0 + 1)
    }
}

/// Why a compound file cannot be read at all.
#[derive(Debug)]
pub(crate) struct Broken(pub(crate) String);

/// The footprint of an .xls (a compound file holding a BIFF workbook stream).
pub(crate) fn xls(bytes: &[u8]) -> Result<Footprint, Broken> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| Broken(e.to_string()))?;
    let name = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or_else(|| Broken("没有 Workbook 数据流".into()))?;
    let mut stream = file.open_stream(name).map_err(|e| Broken(e.to_string()))?;
    // A stream never holds more than the file: a declared length beyond it is a lie.
    let mut data = Vec::new();
    stream.by_ref().take(bytes.len() as u64).read_to_end(&mut data).map_err(|e| Broken(e.to_string()))?;
    Ok(biff(&data))
}

/// Walks the BIFF records: sheet names from BOUNDSHEET, and per worksheet substream the
/// DIMENSIONS it declares and the span of the cells it holds.
fn biff(data: &[u8]) -> Footprint {
    let mut names: Vec<(u32, String)> = Vec::new();
    let mut sheets: Vec<(usize, BiffSheet)> = Vec::new();
    let mut depth = 0usize;
    // The worksheet whose substream is open (None in the globals, a chart or a macro sheet).
    let mut current: Option<usize> = None;
    for (start, typ, body) in biff_records(data) {
        let rec = Record(body);
        match typ {
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    current = (rec.u16_at(2) == Some(0x0010)).then_some(sheets.len());
                    if current.is_some() {
                        sheets.push((start, BiffSheet::default()));
                    }
                }
            }
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    current = None;
                }
            }
            0x0085 => names.extend(boundsheet(body)),
            _ => {}
        }
        if let Some((_, sheet)) = current.filter(|_| depth == 1).and_then(|i| sheets.get_mut(i)) {
            sheet.take(typ, rec);
        }
    }
    let total = sheets.iter().map(|(_, s)| s.cost()).sum();
    let worst = sheets.iter().max_by_key(|(_, s)| s.cost());
    let name_of = |offset: usize| names.iter().find(|(o, _)| *o as usize == offset).map(|(_, n)| n.clone());
    Footprint {
        bytes: total,
        sheet: worst.and_then(|(at, _)| name_of(*at)).unwrap_or_default(),
        far: worst.map_or((0, 0), |(_, s)| s.far),
    }
}

/// A BIFF stream's records: (offset, type, body), the body cut at the end of the data.
fn biff_records(data: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> {
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        if pos + 4 > data.len() {
            return None;
        }
        let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = u16::from_le_bytes([data[pos + 2], data[pos + 3]]) as usize;
        let start = pos;
        let body = &data[(pos + 4).min(data.len())..(pos + 4 + len).min(data.len())];
        pos += 4 + len;
        Some((start, typ, body))
    })
}

/// A record's body, read little-endian where it is long enough.
#[derive(Clone, Copy)]
struct Record<'a>(&'a [u8]);

impl Record<'_> {
    fn u16_at(self, i: usize) -> Option<u32> {
        self.0.get(i..i + 2).map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    }

    fn u32_at(self, i: usize) -> Option<u32> {
        self.0.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// BOUNDSHEET8: the offset of the sheet's BOF, then its name.
fn boundsheet(body: &[u8]) -> Option<(u32, String)> {
    let (offset, &cch) = (Record(body).u32_at(0)?, body.get(6)?);
    let high = body.get(7).is_some_and(|f| f & 1 == 1);
    let raw = body.get(8..).unwrap_or(&[]);
    let name = if high {
        let units: Vec<u16> =
            raw.chunks_exact(2).take(cch as usize).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        raw.iter().take(cch as usize).map(|&b| char::from(b)).collect()
    };
    Some((offset, name))
}

/// What one worksheet of a BIFF stream declares and holds.
#[derive(Default)]
struct BiffSheet {
    declared: u64,
    span: Option<(u32, u32, u32, u32)>,
    far: (u32, u32),
}

impl BiffSheet {
    /// Takes one record of the sheet's substream.
    fn take(&mut self, typ: u16, rec: Record<'_>) {
        let cell = match typ {
            // DIMENSIONS (BIFF8): first row, last row + 1 (u32), first column, last column + 1.
            0x0200 => {
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                    (rec.u32_at(0), rec.u32_at(4), rec.u16_at(8), rec.u16_at(10))
                {
                    let rows = u64::from(r1.saturating_sub(r0).max(1));
                    let cols = u64::from(c1.saturating_sub(c0).max(1));
                    self.declared = self.declared.max(rows * cols);
                    self.far = self.far.max((r1.saturating_sub(1), c1.saturating_sub(1)));
                }
                None
            }
            // Cells: row and column first; MULRK/MULBLANK end with their last column.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0201 => rec.u16_at(0).zip(rec.u16_at(2)),
            0x00BD | 0x00BE => rec.u16_at(0).zip(rec.0.len().checked_sub(2).and_then(|i| rec.u16_at(i))),
            _ => None,
        };
        if let Some((row, col)) = cell {
            let first_col = rec.u16_at(2).unwrap_or(col);
            let s = self.span.get_or_insert((row, row, first_col, col));
            *s = (s.0.min(row), s.1.max(row), s.2.min(first_col), s.3.max(col));
            self.far = self.far.max((row, col));
        }
    }

    fn cost(&self) -> u64 {
        let span =
            self.span.map_or(0, |(r0, r1, c0, c1)| u64::from(r1 - r0 + 1) * u64::from(c1.saturating_sub(c0) + 1));
        self.declared * RESERVED_CELL + span * LAID_OUT_CELL
    }
}

/// The footprint of an .ods: each table laid out from its first row to the last row that
/// holds a value, as wide as its widest such row, repeated rows and columns counted.
pub(crate) fn ods(bytes: &[u8]) -> Option<Footprint> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let content = archive.by_name("content.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content.take(super::raw::MAX_PART_BYTES)));
    let mut buf = Vec::new();
    let mut walk = OdsWalk::default();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) => walk.open(&e, false),
            Event::Empty(e) => walk.open(&e, true),
            Event::End(e) => walk.close(e.name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    walk.best.bytes = walk.total;
    Some(walk.best)
}

/// Where a walk through an .ods's content.xml is, and the largest table so far.
#[derive(Default)]
struct OdsWalk {
    best: Footprint,
    total: u64,
    table: String,
    row: u64,
    col: u64,
    last_row: Option<u64>,
    width: u64,
    row_repeat: u64,
    in_cell_with_text: bool,
}

impl OdsWalk {
    fn open(&mut self, e: &quick_xml::events::BytesStart<'_>, empty: bool) {
        let attr = |key: &str| e.attributes().flatten().find(|a| a.key.as_ref() == key);
        let repeated = |key: &str| attr(key).and_then(|a| a.value.trim().parse().ok()).unwrap_or(1u64);
        match e.name().as_ref() {
            "table:table" => {
                self.table = attr("table:name").map(|a| a.value.into_owned()).unwrap_or_default();
                (self.row, self.last_row, self.width) = (0, None, 0);
            }
            "table:table-row" => {
                self.row_repeat = repeated("table:number-rows-repeated");
                self.col = 0;
                if empty {
                    self.row += self.row_repeat;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeated("table:number-columns-repeated");
                self.in_cell_with_text = !empty;
                if attr("office:value-type").is_some() {
                    self.last_row = Some(self.row + self.row_repeat - 1);
                    self.width = self.width.max(self.col + n);
                }
                self.col += n;
            }
            "text:p" if self.in_cell_with_text => {
                self.last_row = Some(self.row + self.row_repeat - 1);
                self.width = self.width.max(self.col);
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "table:table-row" => self.row += self.row_repeat,
            "table:table-cell" | "table:covered-table-cell" => self.in_cell_with_text = false,
            "table:table" => {
                let rows = self.last_row.map_or(0, |r| r + 1);
                let cost = rows.saturating_mul(self.width.max(1)).saturating_mul(ODS_CELL);
                self.total = self.total.saturating_add(cost);
                if cost >= self.best.bytes {
                    let far =
                        (rows.saturating_sub(1).min(u64::from(u32::MAX)) as u32, self.width.saturating_sub(1) as u32);
                    self.best = Footprint { bytes: cost, sheet: self.table.clone(), far };
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((body.len() as u16).to_le_bytes());
        r.extend(body);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut b = row.to_le_bytes().to_vec();
        b.extend(col.to_le_bytes());
        b.extend(0u16.to_le_bytes());
        b.extend(1.0f64.to_le_bytes());
        record(0x0203, &b)
    }

    fn bof(dt: u16) -> Vec<u8> {
        let mut b = 0x0600u16.to_le_bytes().to_vec();
        b.extend(dt.to_le_bytes());
        b.extend([0u8; 12]);
        record(0x0809, &b)
    }

    #[test]
    fn a_far_cell_costs_its_whole_span() {
        let mut stream = bof(0x0005);
        let sheet_at = stream.len() + (4 + 10) + 4; // after BOUNDSHEET and EOF below
        let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 2, 0]);
        bound.extend(b"S1");
        stream.extend(record(0x0085, &bound));
        stream.extend(record(0x000A, &[]));
        assert_eq!(stream.len(), sheet_at);
        stream.extend(bof(0x0010));
        stream.extend(number(0, 0));
        stream.extend(number(65_535, 255));
        stream.extend(record(0x000A, &[]));
        let f = biff(&stream);
        assert_eq!(f.sheet, "S1");
        assert_eq!(f.far_cell(), "IV65536");
        assert_eq!(f.bytes, 65_536 * 256 * LAID_OUT_CELL);
        // A sheet of a few cells costs next to nothing; truncated records end the walk.
        let small = [bof(0x0010), number(3, 2), record(0x000A, &[])].concat();
        assert_eq!(biff(&small).bytes, LAID_OUT_CELL);
        assert_eq!(biff(&small[..small.len() - 3]).bytes, LAID_OUT_CELL);
        assert_eq!(biff(&[0x09, 0x08, 0xff]).bytes, 0);
    }

    #[test]
    fn declared_dimensions_multi_cell_records_and_wide_names() {
        // DIMENSIONS declaring 65536 × 256 over one cell: calamine reserves the whole of it.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(65_536u32.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(256u16.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        let sheet = [bof(0x0010), record(0x0200, &dims), number(0, 0), record(0x000A, &[])].concat();
        let f = biff(&sheet);
        assert_eq!(f.bytes, 65_536 * 256 * RESERVED_CELL + LAID_OUT_CELL);
        assert_eq!(f.far_cell(), "IV65536");
        // MULRK: row, first column, six bytes per cell, last column: columns 2..=11 on row 5.
        let mut mulrk = 5u16.to_le_bytes().to_vec();
        mulrk.extend(2u16.to_le_bytes());
        mulrk.extend([0u8; 60]);
        mulrk.extend(11u16.to_le_bytes());
        let sheet = [bof(0x0010), record(0x00BD, &mulrk), record(0x000A, &[])].concat();
        assert_eq!(biff(&sheet).bytes, 10 * LAID_OUT_CELL);
        assert_eq!(biff(&sheet).far, (5, 11));
        // A chart substream's cells cost nothing; a BOUNDSHEET name in UTF-16 is read.
        let mut stream = bof(0x0005);
        let sheet_at = stream.len() + (4 + 8 + 4) + 4;
        let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 2, 1]);
        bound.extend("名单".encode_utf16().flat_map(|u| u.to_le_bytes()));
        stream.extend(record(0x0085, &bound));
        stream.extend(record(0x000A, &[]));
        assert_eq!(stream.len(), sheet_at);
        stream.extend([bof(0x0010), number(1, 1), record(0x000A, &[])].concat());
        stream.extend([bof(0x0020), number(60_000, 200), record(0x000A, &[])].concat());
        let f = biff(&stream);
        assert_eq!((f.sheet.as_str(), f.bytes), ("名单", LAID_OUT_CELL));
    }
}
