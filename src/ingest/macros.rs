//! Excel 4.0 macro sheets in an .xlsm or .xlsb (SPEC §2, §8: read the worksheets, note
//! the others). calamine refuses a whole workbook whose relationships name a macro sheet
//! ("Unrecognized sheet:type: xl/macrosheets/sheet1.xml", "Unrecognized BoundSheet8:dt"),
//! although its worksheets are fine. Such a workbook is handed to calamine with its macro
//! sheets' relationships turned into a dialog sheet's (the type for .xlsm, the target's
//! folder for .xlsb, which is what calamine goes by there): calamine lists those and never
//! reads them; their names come back so that 文件清单 says 宏工作表.

use std::io::{Cursor, Read, Write};

use quick_xml::events::Event;

const RELS: &str = "xl/_rels/workbook.xml.rels";
const RELS_BIN: &str = "xl/_rels/workbook.bin.rels";
const DIALOG: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet";
const MAX_XML: u64 = 8 << 20;

/// The workbook rewritten so calamine opens it, and the names of its macro sheets; None
/// when it has no macro sheet (or is not a workbook this applies to).
pub(crate) fn without_macro_sheets(bytes: &[u8]) -> Option<(Vec<u8>, Vec<String>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let binary = archive.by_name(RELS).is_err();
    let rels_name = if binary { RELS_BIN } else { RELS };
    let rels = part(&mut archive, rels_name)?;
    let macros: Vec<(String, String, String)> = relationships(&rels).into_iter().filter(|r| is_macro(&r.1)).collect();
    if macros.is_empty() {
        return None;
    }
    let ids: Vec<String> = macros.iter().map(|r| r.0.clone()).collect();
    let names = if binary {
        bin_sheet_names(&binary_part(&mut archive, "xl/workbook.bin")?, &ids)
    } else {
        sheet_names(&part(&mut archive, "xl/workbook.xml")?, &ids)
    };
    let mut rewritten = rels.clone();
    for (_, ty, target) in &macros {
        let (from, to) = if binary {
            (target.clone(), target.replace("macrosheets/", "dialogsheets/"))
        } else {
            (ty.clone(), DIALOG.to_string())
        };
        rewritten = rewritten.replace(&format!("\"{from}\""), &format!("\"{to}\""));
    }
    Some((replaced(&mut archive, rels_name, &rewritten)?, names))
}

/// The archive again, with the part `name` holding `text`.
fn replaced(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, text: &str) -> Option<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).ok()?;
        if file.name().ok()? == name {
            drop(file);
            out.start_file(name, zip::write::SimpleFileOptions::default()).ok()?;
            out.write_all(text.as_bytes()).ok()?;
        } else {
            out.raw_copy_file(file).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    String::from_utf8(binary_part(archive, name)?).ok()
}

/// Every relationship of the workbook as (id, type, target).
fn relationships(rels: &str) -> Vec<(String, String, String)> {
    let mut reader = quick_xml::Reader::from_str(rels);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let attr =
                    |key: &str| e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.to_string());
                if let (Some(id), Some(ty)) = (attr("Id"), attr("Type")) {
                    out.push((id, ty, attr("Target").unwrap_or_default()));
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

fn binary_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let file = archive.by_name(name).ok()?;
    let mut data = Vec::new();
    file.take(MAX_XML).read_to_end(&mut data).ok()?;
    Some(data)
}

/// The names of an .xlsb's sheets whose relationship id is one of `ids`, from the
/// BrtBundleSh records of xl/workbook.bin (MS-XLSB 2.4.304: state, tab id, relationship
/// id, name; strings as a UTF-16 count and its units).
fn bin_sheet_names(workbook: &[u8], ids: &[String]) -> Vec<String> {
    const BRT_BUNDLE_SH: u32 = 0x009C;
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some((ty, body)) = bin_record(workbook, &mut pos) {
        if ty != BRT_BUNDLE_SH || body.len() < 8 {
            continue;
        }
        let mut at = 8;
        let (Some(id), Some(name)) = (wide_str(body, &mut at), wide_str(body, &mut at)) else { continue };
        if ids.contains(&id) {
            out.push(name);
        }
    }
    out
}

/// The next record at `pos`: its type (1–2 bytes of 7 bits) and body (length in 1–4
/// bytes of 7 bits).
fn bin_record<'a>(data: &'a [u8], pos: &mut usize) -> Option<(u32, &'a [u8])> {
    let mut varint = |max: usize| -> Option<u32> {
        let mut value = 0u32;
        for i in 0..max {
            let b = *data.get(*pos)?;
            *pos += 1;
            value |= u32::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        Some(value)
    };
    let ty = varint(2)?;
    let len = varint(4)? as usize;
    let body = data.get(*pos..pos.checked_add(len)?)?;
    *pos += len;
    Some((ty, body))
}

/// An XLWideString at `at`: a u32 count of UTF-16 units, then the units.
fn wide_str(body: &[u8], at: &mut usize) -> Option<String> {
    let count = u32::from_le_bytes(body.get(*at..*at + 4)?.try_into().ok()?) as usize;
    *at += 4;
    let units: Vec<u16> = body
        .get(*at..at.checked_add(count.checked_mul(2)?)?)?
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    *at += count * 2;
    Some(String::from_utf16_lossy(&units))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELS_XML: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#;

    #[test]
    fn macro_sheets_are_found_by_their_relationship() {
        let ids: Vec<String> = relationships(RELS_XML).into_iter().filter(|r| is_macro(&r.1)).map(|r| r.0).collect();
        assert_eq!(ids, ["rId2"]);
        let workbook = r#"<workbook><sheets><sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="宏&amp;1" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
        assert_eq!(sheet_names(workbook, &ids), ["宏&1"]);
        assert!(is_macro("http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet"));
        assert!(!is_macro("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"));
    }

    fn wide(text: &str) -> Vec<u8> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut out = (units.len() as u32).to_le_bytes().to_vec();
        units.iter().for_each(|u| out.extend(u.to_le_bytes()));
        out
    }

    /// A BrtBundleSh record: type 0x9C as two 7-bit bytes, a one-byte length.
    fn bundle(id: &str, name: &str) -> Vec<u8> {
        let mut body = vec![0; 8];
        body.extend(wide(id));
        body.extend(wide(name));
        let mut out = vec![0x9C, 0x01, body.len() as u8];
        out.extend(body);
        out
    }

    #[test]
    fn xlsb_sheet_names_come_from_the_bundle_records() {
        let mut workbook = vec![0x83, 0x01, 0x00]; // BrtBeginBook, empty
        workbook.extend(bundle("rId1", "名单"));
        workbook.extend(bundle("rId3", "宏1"));
        workbook.extend([0x84, 0x01, 0x00]); // BrtEndBook
        assert_eq!(bin_sheet_names(&workbook, &["rId3".to_string()]), ["宏1"]);
        // A record cut short ends the reading, without a panic.
        assert!(bin_sheet_names(&workbook[..workbook.len() - 20], &["rId3".to_string()]).is_empty());
    }

    #[test]
    fn an_xlsb_macro_sheet_is_retargeted_as_a_dialog_sheet() {
        let rels = RELS_XML.replace("sheet1.xml", "sheet1.bin");
        let mut workbook = bundle("rId1", "名单");
        workbook.extend(bundle("rId2", "宏1"));
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in [(RELS_BIN, rels.as_bytes()), ("xl/workbook.bin", &workbook[..])] {
            zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(data).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let (readable, names) = without_macro_sheets(&bytes).unwrap();
        assert_eq!(names, ["宏1"]);
        let mut archive = zip::ZipArchive::new(Cursor::new(&readable[..])).unwrap();
        let rewritten = part(&mut archive, RELS_BIN).unwrap();
        assert!(rewritten.contains(r#"Target="dialogsheets/sheet1.bin""#), "{rewritten}");
        assert!(rewritten.contains(r#"Target="worksheets/sheet1.bin""#));
        assert!(binary_part(&mut archive, "xl/workbook.bin") == Some(workbook));
    }
}
