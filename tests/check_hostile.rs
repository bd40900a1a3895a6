//! Broken and hostile submissions: each gets its F-code and nothing else breaks; no
//! output cell is a formula; --mask leaves no ID or mobile number in any output; an
//! output that cannot be written ends the run with exit 1 and leaves nothing behind.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use common::{assert_rows_conserved, fixture, Workdir};
use serde_json::{json, Value};

/// Every part of an xlsx as text.
fn xlsx_parts(path: &Path) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut text = String::new();
        if part.read_to_string(&mut text).is_ok() {
            parts.insert(name, text);
        }
    }
    parts
}

#[test]
fn every_hostile_file_gets_exactly_its_code_and_the_demo_is_untouched() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("hostile"), fixture("demo")], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let both = wd.json();
    assert_rows_conserved(&both);

    let expected: BTreeMap<&str, (&str, Option<&str>)> = [
        ("截断.xlsx", ("rejected", Some("F02"))),
        ("加密.xlsx", ("rejected", Some("F02"))),
        // A Word document is read for its tables whatever its name says (SPEC §2); this one has none.
        ("文档改名.xlsx", ("rejected", Some("F03"))),
        ("随机字节.xls", ("rejected", Some("F02"))),
        ("畸形OLE容器.xls", ("rejected", Some("F02"))),
        ("空文件.xlsx", ("rejected", Some("F02"))),
        ("名单.et", ("ignored", Some("F01"))),
        ("名单.wps", ("ignored", Some("F01"))),
        ("无关表格.xlsx", ("rejected", Some("F03"))),
        ("压缩炸弹.xlsx", ("rejected", Some("F05"))),
        ("巨大尺寸.xlsx", ("ok", None)),
        ("孤立单元格.xlsx", ("ok", None)),
        ("公式与错误值.xlsx", ("ok", None)),
        ("隐藏工作表.xlsx", ("ok", None)),
        ("五万空行.xlsx", ("ok", None)),
        ("1904日期.xlsx", ("ok", None)),
        ("名单_GB18030.csv", ("ok", None)),
        ("名单_UTF16.csv", ("ok", None)),
        ("正常名单.xlsx", ("ok", None)),
        ("含图表工作表.xlsx", ("ok", None)),
        ("mimetype不在首位.ods", ("ok", None)),
        // Refused before a reader allocates (issue 13 #1, #2): a directory chain that loops
        // (before: memory without limit), cells at IV65536 on 12 sheets (before: 6.8 GiB),
        // one cell a million rows down an .ods (before: 444 MB for 2 volunteers).
        ("扇区链成环.xls", ("rejected", Some("F02"))),
        // A MergeCells record that claims more ranges than it holds: calamine panics on it
        // (issue 30). The panic is caught; the file is F02 and the run goes on.
        ("读取时崩溃.xls", ("rejected", Some("F02"))),
        ("加密.xls", ("rejected", Some("F02"))),
        ("损坏.xlsb", ("rejected", Some("F02"))),
        ("远处单元格.xls", ("rejected", Some("F05"))),
        ("远处单元格.ods", ("rejected", Some("F05"))),
    ]
    .into_iter()
    .collect();
    let files: BTreeMap<String, &Value> =
        both["files"].as_array().unwrap().iter().map(|f| (f["path"].as_str().unwrap().to_string(), f)).collect();
    for (name, (status, code)) in &expected {
        let f = files.get(*name).unwrap_or_else(|| panic!("{name} listed"));
        assert_eq!(f["status"], *status, "{name}");
        assert_eq!(f["code"], json!(code), "{name}");
        let f_issues: Vec<&str> = both["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["file"] == *name && i["code"].as_str().unwrap().starts_with('F'))
            .map(|i| i["code"].as_str().unwrap())
            .collect();
        assert_eq!(f_issues, code.iter().copied().collect::<Vec<_>>(), "{name}");
    }
    // Rows that must have been read from the odd but sound files.
    let sheet = |name: &str| {
        files[name]["sheets"].as_array().unwrap().iter().find(|s| s["kind"] == "volunteers").unwrap().clone()
    };
    assert_eq!(sheet("巨大尺寸.xlsx")["accepted"], 3);
    assert_eq!(
        (sheet("孤立单元格.xlsx")["accepted"].as_u64(), sheet("孤立单元格.xlsx")["rejected"].as_u64()),
        (Some(3), Some(0))
    );
    assert_eq!(sheet("五万空行.xlsx")["accepted"], 3);
    assert_eq!(files["隐藏工作表.xlsx"]["sheets"].as_array().unwrap().iter().filter(|s| s["accepted"] == 2).count(), 2);
    assert_eq!(sheet("名单_UTF16.csv")["accepted"], 2);
    assert_eq!(sheet("含图表工作表.xlsx")["accepted"], 3);
    // An encrypted .xls says so (before: "已损坏或不完整（Workbook is password protected）").
    let said_of = |name: &str| {
        both["issues"].as_array().unwrap().iter().find(|i| i["file"] == name).unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(said_of("加密.xls").contains("设有密码"), "{}", said_of("加密.xls"));
    assert!(said_of("加密.xlsx").contains("设有密码"), "{}", said_of("加密.xlsx"));
    assert!(said_of("扇区链成环.xls").contains("内部结构损坏"));
    assert!(said_of("读取时崩溃.xls").contains("内部结构损坏"));
    let detail_of =
        |name: &str| both["issues"].as_array().unwrap().iter().find(|i| i["file"] == name).unwrap()["detail"].clone();
    assert_eq!(detail_of("读取时崩溃.xls"), "reader panicked", "the reader really panicked");
    assert!(!said_of("损坏.xlsb").contains("_rels"), "the xlsb reader's own error: {}", said_of("损坏.xlsb"));
    assert!(said_of("远处单元格.xls").contains("IV65536"));
    // An .ods is known by its parts, wherever its mimetype entry stands (before: F02 as an xlsx).
    assert_eq!(sheet("mimetype不在首位.ods")["accepted"], 3);

    // The demo's results are the same as on its own.
    let wd2 = Workdir::new();
    assert!(wd2.check(&[fixture("demo")], &[]).status.success());
    let alone = wd2.json();
    let demo_paths: Vec<&Value> = alone["files"].as_array().unwrap().iter().map(|f| &f["path"]).collect();
    let pick_files = |j: &Value| -> Vec<Value> {
        j["files"].as_array().unwrap().iter().filter(|f| demo_paths.contains(&&f["path"])).cloned().collect()
    };
    assert_eq!(pick_files(&both), pick_files(&alone));
    let demo_village = |v: &Value| !v["village"].as_str().unwrap_or("").starts_with("测试村");
    let pick = |j: &Value, key: &str| -> Vec<Value> {
        j[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| demo_village(x) && (x["file"].is_null() || x["file"] == "" || demo_paths.contains(&&x["file"])))
            .cloned()
            .collect()
    };
    for key in ["villages", "recipients", "issues"] {
        assert_eq!(pick(&both, key), pick(&alone, key), "{key}");
    }
}

#[test]
fn no_output_cell_is_a_formula_and_formula_text_stays_text() {
    let wd = Workdir::new();
    assert!(wd.check(&[fixture("hostile")], &[]).status.success());
    let parts = xlsx_parts(&wd.path("out.xlsx"));
    for (name, xml) in parts.iter().filter(|(n, _)| n.starts_with("xl/worksheets/")) {
        assert!(!xml.contains("<f>") && !xml.contains("<f "), "{name} holds a formula");
    }
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(wd.path("out.xlsx")).unwrap();
    let names: Vec<String> =
        book.worksheet_range("社工名单").unwrap().rows().skip(1).map(|r| r[3].to_string()).collect();
    for text in ["=1+1", "+测试404", "-测试403", "测试400"] {
        assert!(names.iter().any(|n| n == text), "{text} in {names:?}");
    }
    let issues = book.worksheet_range("问题清单").unwrap();
    assert!(issues.rows().any(|r| r.iter().any(|c| c.to_string().starts_with("=HYPERLINK("))));
    // The 40,000-character address is cut to what a cell holds, with a mark.
    let list = book.worksheet_range("社工名单").unwrap();
    let long = list
        .rows()
        .flat_map(|r| r.iter())
        .map(|c| c.to_string())
        .find(|s| s.starts_with("@重庆市"))
        .expect("long address");
    assert_eq!(long.chars().count(), 32_767);
    assert!(long.ends_with("已截断）"));
}

/// Runs of 18 ID characters or 11-digit mobiles, standing alone.
fn unmasked(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || (i - start == 17 && matches!(chars[i], 'X' | 'x'))) {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let alone = i == chars.len() || !chars[i].is_ascii_alphanumeric();
            let mobile = run.len() == 11 && run.starts_with('1') && run.as_bytes()[1] >= b'3';
            if alone && (run.len() == 18 || mobile) {
                found.push(run);
            }
        } else {
            i += 1;
        }
    }
    found
}

#[test]
fn mask_leaves_no_id_or_mobile_number_anywhere() {
    let wd = Workdir::new();
    let inputs = [fixture("demo"), fixture("hostile"), fixture("cases")];
    // Without --mask the numbers are there, so the search below can find them.
    assert!(wd.check(&inputs, &[]).status.success());
    let plain = std::fs::read_to_string(wd.path("out.json")).unwrap();
    assert!(!unmasked(&plain).is_empty());

    assert!(wd.check(&inputs, &["--mask"]).status.success());
    let json = std::fs::read_to_string(wd.path("out.json")).unwrap();
    assert_eq!(unmasked(&json), Vec::<String>::new(), "JSON");
    for (name, xml) in xlsx_parts(&wd.path("out.xlsx")) {
        assert_eq!(unmasked(&xml), Vec::<String>::new(), "{name}");
    }
    assert!(json.contains("********"), "IDs are masked, not dropped");
}

#[test]
fn an_output_named_by_a_folder_is_refused_before_reading() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path("out.xlsx")).unwrap();
    let out = wd.check(&[fixture("cases/V01/input")], &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("错误：") && stderr.contains("out.xlsx") && stderr.contains("是一个文件夹"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    let left: Vec<String> = std::fs::read_dir(wd.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["out.xlsx".to_string()], "nothing written, nothing read");
    assert!(wd.path("out.xlsx").is_dir());
}

/// A chart sheet beside the data (issue 13 #3): the worksheet is read, the chart sheet listed
/// in 文件清单 as not read — before, the whole workbook was F02 and its 3 volunteers lost.
#[test]
fn a_chart_sheet_costs_nothing_and_is_listed() {
    use calamine::{open_workbook, Reader, Xlsx};
    let wd = Workdir::new();
    let out = wd.check(&[fixture("hostile/含图表工作表.xlsx")], &[]);
    assert_eq!(out.status.code(), Some(0));
    let json = wd.json();
    assert_eq!(json["files"][0]["status"], "ok");
    assert_eq!(json["files"][0]["sheets"][0]["accepted"], 3);
    assert!(json["issues"].as_array().unwrap().iter().all(|i| i["code"] != "F02"));
    let mut book: Xlsx<_> = open_workbook(wd.path("out.xlsx")).unwrap();
    let list = book.worksheet_range("文件清单").unwrap();
    let chart_row = list.rows().find(|r| r.get(3).is_some_and(|c| *c == "图表")).expect("图表 listed");
    assert_eq!(chart_row[9].to_string(), "图表工作表，不含数据，未读取");
}

/// Every output is attempted (issue 13 #8): with the main workbook's name taken, the JSON
/// and every township's feedback file are still written, and the run exits 1 naming the
/// one that failed; with one feedback file's name taken, the other townships get theirs.
#[test]
fn one_output_that_cannot_be_written_costs_only_itself() {
    // (The main workbook failing while the others are written: `report::outputs` tests.)
    let feedback = {
        let wd = Workdir::new();
        let out = wd.check(&[fixture("demo")], &["--feedback-dir", wd.path("fb").to_str().unwrap()]);
        assert!(out.status.success());
        std::fs::read_dir(wd.path("fb")).unwrap().count()
    };
    assert!(feedback >= 3, "{feedback}");
    let wd = Workdir::new();
    std::fs::create_dir_all(wd.path("fb").join("井口街道_问题反馈.xlsx")).unwrap();
    let out = wd.check(&[fixture("demo")], &["--feedback-dir", wd.path("fb").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("井口街道_问题反馈.xlsx"), "{stderr}");
    assert!(wd.path("out.xlsx").is_file() && wd.path("out.json").is_file());
    let others = std::fs::read_dir(wd.path("fb")).unwrap().filter(|e| e.as_ref().unwrap().path().is_file()).count();
    assert_eq!(others, feedback - 1, "every other township's file");
}
