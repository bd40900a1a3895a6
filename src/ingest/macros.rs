//! Excel 4.0 macro sheets in an .xlsm (SPEC §2, §8: read the worksheets, note the others).
//! calamine refuses a whole workbook whose relationships name a macro sheet
//! ("Unrecognized sheet:type: xl/macrosheets/sheet1.xml"), although its worksheets are
//! fine. Such a workbook is handed to calamine with its macro sheets' relationship type
//! turned into a dialog sheet's, which calamine lists and never reads; the names of those
//! sheets come back so that 文件清单 says 宏工作表.

use std::io::{Cursor, Read, Write};

use quick_xml::events::Event;

const RELS: &str = "xl/_rels/workbook.xml.rels";
const DIALOG: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet";
const MAX_XML: u64 = 8 << 20;

/// The workbook rewritten so calamine opens it, and the names of its macro sheets; None
/// when it has no macro sheet (or is not a workbook this applies to).
pub(crate) fn without_macro_sheets(bytes: &[u8]) -> Option<(Vec<u8>, Vec<String>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let rels = part(&mut archive, RELS)?;
    let ids = macro_ids(&rels);
    if ids.is_empty() {
        return None;
    }
    let names = sheet_names(&part(&mut archive, "xl/workbook.xml")?, &ids);
    let mut rewritten = rels.clone();
    for ty in macro_types(&rels) {
        rewritten = rewritten.replace(&format!("\"{ty}\""), &format!("\"{DIALOG}\""));
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).ok()?;
        if file.name().ok()? == RELS {
            drop(file);
            out.start_file(RELS, zip::write::SimpleFileOptions::default()).ok()?;
            out.write_all(rewritten.as_bytes()).ok()?;
        } else {
            out.raw_copy_file(file).ok()?;
        }
    }
    Some((out.finish().ok()?.into_inner(), names))
}

fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.take(MAX_XML).read_to_string(&mut text).ok()?;
    Some(text)
}

/// Every relationship of the workbook as (id, type).
fn relationships(rels: &str) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_str(rels);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let attr =
                    |key: &str| e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.to_string());
                if let (Some(id), Some(ty)) = (attr("Id"), attr("Type")) {
                    out.push((id, ty));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn is_macro(ty: &str) -> bool {
    ty.rsplit('/').next().is_some_and(|t| t.to_ascii_lowercase().ends_with("macrosheet"))
}

fn macro_ids(rels: &str) -> Vec<String> {
    relationships(rels).into_iter().filter(|(_, ty)| is_macro(ty)).map(|(id, _)| id).collect()
}

fn macro_types(rels: &str) -> Vec<String> {
    let mut types: Vec<String> =
        relationships(rels).into_iter().filter(|(_, ty)| is_macro(ty)).map(|(_, t)| t).collect();
    types.dedup();
    types
}

/// The names of the workbook's sheets whose relationship id is one of `ids`.
fn sheet_names(workbook: &str, ids: &[String]) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(workbook);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let attrs: Vec<_> = e.attributes().flatten().collect();
                let name = attrs.iter().find(|a| a.key.as_ref() == "name").map(|a| a.value.to_string());
                let id = attrs.iter().find(|a| a.key.local_name().as_ref() == "id").map(|a| a.value.to_string());
                if let (Some(name), Some(id)) = (name, id) {
                    if ids.contains(&id) {
                        out.push(quick_xml::escape::unescape(&name).map(|n| n.into_owned()).unwrap_or(name));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELS_XML: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#;

    #[test]
    fn macro_sheets_are_found_by_their_relationship() {
        assert_eq!(macro_ids(RELS_XML), ["rId2"]);
        let workbook = r#"<workbook><sheets><sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="宏&amp;1" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
        assert_eq!(sheet_names(workbook, &macro_ids(RELS_XML)), ["宏&1"]);
        assert!(is_macro("http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet"));
        assert!(!is_macro("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"));
    }
}
