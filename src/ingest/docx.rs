//! Word tables (.docx, SPEC §2 "Files as they arrive by e-mail"): the notice's own
//! attachments are Word tables and townships fill them in Word. Every top-level table of
//! the document is a sheet named 表1, 表2 …; the paragraphs just above a table are its title
//! and metadata lines; a cell spread over several grid columns (gridSpan) or rows (vMerge)
//! holds its value in each of them, as a merged cell of a workbook does; the rows keep the
//! table's numbering, so a message says 表2 第5行.
//!
//! `word/document.xml` is read with quick-xml as a stream (already in the tree for the
//! ODS footprint): a docx crate would build the whole document model, styles and
//! drawings included, to get at what is a few dozen elements here, and none of the
//! maintained ones reads vMerge as a merge.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::raw::{OpenError, RawRow, RawSheet, MAX_PART_BYTES};
use crate::model::said;
use crate::model::Cell;

/// Paragraphs above a table kept as its title and metadata lines.
const TITLE_LINES: usize = 6;

/// Reads every top-level table of a .docx as a sheet.
pub(crate) fn read(bytes: &[u8], max_rows: u32) -> Result<Vec<RawSheet>, OpenError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(super::raw::damaged)?;
    let part = archive.by_name("word/document.xml").map_err(super::raw::damaged)?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part.take(MAX_PART_BYTES)));
    let mut walk = Walk { max_rows, ..Walk::default() };
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => walk.open(&e),
            Ok(Event::Empty(e)) => {
                walk.open(&e);
                walk.close(e.local_name().as_ref());
            }
            Ok(Event::End(e)) => walk.close(e.local_name().as_ref()),
            Ok(Event::Text(t)) if walk.in_text => walk.para.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if walk.in_text => walk.para.push_str(&entity(&r)),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(OpenError(said::f02_damaged().with_detail(e))),
        }
        buf.clear();
    }
    Ok(walk.sheets)
}

/// `&amp;`, `&#20013;` … as the character they stand for.
fn entity(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.xml_content(quick_xml::XmlVersion::Implicit1_0);
    quick_xml::escape::resolve_predefined_entity(&name).unwrap_or_default().to_string()
}

/// One cell of a table row as written: its text, how many grid columns it spans, and
/// whether it continues the cell above (vMerge).
#[derive(Default)]
struct WordCell {
    text: String,
    span: u32,
    continues: bool,
}

/// Where the walk through document.xml is.
#[derive(Default)]
struct Walk {
    max_rows: u32,
    sheets: Vec<RawSheet>,
    /// Body paragraphs since the last table.
    above: Vec<String>,
    /// Table nesting: 1 inside a top-level table; deeper tables' text joins their cell.
    tables: usize,
    /// The top-level table being read: its title lines, rows as grid cells.
    title: Vec<String>,
    grid: Vec<Vec<Cell>>,
    row: Vec<WordCell>,
    skip_before: u32,
    cell: Option<WordCell>,
    para: String,
    paragraphs: usize,
    runs: usize,
    in_text: bool,
}

impl Walk {
    fn open(&mut self, e: &BytesStart<'_>) {
        let top = self.tables == 1;
        match e.local_name().as_ref() {
            "tbl" => {
                self.tables += 1;
                if self.tables == 1 {
                    let from = self.above.len().saturating_sub(TITLE_LINES);
                    self.title = self.above.drain(..).skip(from).collect();
                    self.grid.clear();
                }
            }
            "tr" if top => (self.row, self.skip_before) = (Vec::new(), 0),
            "tc" if top => self.cell = Some(WordCell { span: 1, ..WordCell::default() }),
            "gridBefore" if top => self.skip_before = number(e).unwrap_or(0).min(64),
            "gridSpan" if top => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.span = number(e).unwrap_or(1).clamp(1, 64);
                }
            }
            "vMerge" if top => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.continues = value(e, "val").is_none_or(|v| v != "restart");
                }
            }
            "p" => {
                if self.paragraphs == 0 {
                    self.para.clear();
                }
                self.paragraphs += 1;
            }
            "r" => self.runs += 1,
            "t" if self.runs > 0 => self.in_text = true,
            "tab" if self.runs > 0 => self.para.push(' '),
            "br" | "cr" if self.runs > 0 => self.para.push('\n'),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "r" => self.runs = self.runs.saturating_sub(1),
            "p" => {
                self.paragraphs = self.paragraphs.saturating_sub(1);
                if self.paragraphs == 0 {
                    self.end_paragraph();
                }
            }
            "tc" if self.tables == 1 => {
                if let Some(cell) = self.cell.take() {
                    self.row.push(cell);
                }
            }
            "tr" if self.tables == 1 => self.end_row(),
            "tbl" => {
                if self.tables == 1 {
                    self.end_table();
                }
                self.tables = self.tables.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let text = std::mem::take(&mut self.para);
        match self.cell.as_mut() {
            Some(cell) if self.tables >= 1 => {
                if !cell.text.is_empty() && !text.trim().is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(text.trim_end());
            }
            _ if self.tables == 0 && !text.trim().is_empty() => self.above.push(text.trim().to_string()),
            _ => {}
        }
    }

    /// Lays the row's cells on the table grid: a spanned cell in each of its columns, a
    /// vertically merged one with the value of the cell above it.
    fn end_row(&mut self) {
        let mut cells: Vec<Cell> = vec![Cell::Empty; self.skip_before as usize];
        for word in std::mem::take(&mut self.row) {
            let col = cells.len();
            let value = if word.continues {
                self.grid.last().and_then(|above| above.get(col)).cloned().unwrap_or(Cell::Empty)
            } else {
                text_cell(&word.text)
            };
            cells.extend(std::iter::repeat_n(value, word.span as usize));
        }
        if self.grid.len() as u32 <= self.max_rows {
            self.grid.push(cells);
        }
    }

    fn end_table(&mut self) {
        let name = format!("表{}", self.sheets.len() + 1);
        let over_limit = self.grid.len() as u32 > self.max_rows;
        let mut rows: Vec<RawRow> =
            self.title.drain(..).map(|line| RawRow { number: 0, cells: vec![Cell::Text(line)] }).collect();
        for (i, mut cells) in std::mem::take(&mut self.grid).into_iter().enumerate() {
            while cells.last().is_some_and(Cell::is_empty) {
                cells.pop();
            }
            if !cells.is_empty() {
                rows.push(RawRow { number: i as u32 + 1, cells });
            }
        }
        if over_limit {
            rows.clear();
        }
        self.sheets.push(RawSheet { name, rows, over_limit, ..RawSheet::default() });
    }
}

fn text_cell(text: &str) -> Cell {
    let text = text.trim();
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.to_string())
    }
}

fn value(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key).map(|a| a.value.to_string())
}

fn number(e: &BytesStart<'_>) -> Option<u32> {
    value(e, "val")?.trim().parse().ok()
}

#[cfg(test)]
#[path = "docx_tests.rs"]
mod tests;
