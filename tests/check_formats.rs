//! The same list saved as .xlsx, .ods (LibreOffice) and CSV in UTF-8 with BOM, UTF-16
//! (tab-separated) and GB18030 gives the same findings at the same cells.

mod common;

use common::{assert_rows_conserved, fixture, issues_with, Workdir};

#[test]
fn every_format_reads_alike() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("formats")], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = wd.json();
    assert_rows_conserved(&json);
    let files: Vec<&str> = json["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(files, ["名单_gb18030.csv", "名单_ods.ods", "名单_utf16.csv", "名单_utf8bom.csv", "名单_xlsx.xlsx"]);
    for file in json["files"].as_array().unwrap() {
        assert_eq!(file["status"], "ok", "{file}");
        let sheet = &file["sheets"][0];
        assert_eq!(sheet["kind"], "volunteers", "{file}");
        let n = |k: &str| sheet[k].as_u64().unwrap();
        assert_eq!((n("read"), n("rejected"), n("accepted") + n("skipped")), (3, 1, 2), "{file}");
    }
    // The copies are the same people in the same village: V04 at row 5, column F, in
    // each file; the duplicates across files are V09.
    let v04: Vec<(String, u64, String)> = issues_with(&json, "V04")
        .iter()
        .map(|i| (i["file"].as_str().unwrap().into(), i["row"].as_u64().unwrap(), i["column"].as_str().unwrap().into()))
        .collect();
    assert_eq!(v04.len(), 5, "{v04:?}");
    assert!(v04.iter().all(|(_, row, col)| *row == 5 && col == "F"), "{v04:?}");
    assert_eq!(issues_with(&json, "V09").len(), 8, "the two valid people again in four later files");
    assert_eq!(json["totals"]["volunteers_valid"], 2);
}
