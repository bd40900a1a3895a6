//! Files as they arrive by e-mail (SPEC §2, issue 28), end to end on real files made by
//! scripts/make_mail.py: the demo zipped per township (GBK names, the UTF-8 flag, a zip in
//! a zip) with two of its lists filled into the notice's Word tables gives what the demo
//! gives; every fault of an archive or a workbook is said in Chinese, once, with the
//! reader's own words only in the JSON's `detail`.

mod common;

use std::collections::BTreeMap;

use common::{assert_rows_conserved, fixture, issues_with, Workdir};
use serde_json::Value;

fn run(wd: &Workdir, path: &str, extra: &[&str]) -> Value {
    let out = wd.check(&[fixture(path)], extra);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = wd.json();
    assert_rows_conserved(&json);
    json
}

/// Each issue as what it says of whom, without where it was found: the same verdicts
/// whatever file, sheet or row carried them. (The demo's F04 is its 重发 copy of the list
/// that the mail sends as 附件1 instead.)
fn verdicts(json: &Value) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for i in json["issues"].as_array().unwrap() {
        let s = |k: &str| i[k].as_str().unwrap_or_default().to_string();
        if s("code") == "F04" {
            continue;
        }
        // The value as typed: 5.00106E+17 in Word for the number the .xlsx holds.
        let key = [s("code"), s("township"), s("village"), s("name"), s("message")].join("|");
        *out.entry(key).or_default() += 1;
    }
    out
}

#[test]
fn the_demo_by_mail_gives_the_demo_verdicts() {
    let (wd_mail, wd_demo) = (Workdir::new(), Workdir::new());
    let mail = run(&wd_mail, "mail/收件箱", &[]);
    let demo = run(&wd_demo, "demo", &[]);
    assert_eq!(mail["villages"], demo["villages"]);
    assert_eq!(mail["recipients"], demo["recipients"]);
    for key in ["volunteers_valid", "villages_meeting_minimum", "recipients_compliant", "visits_accepted", "errors"] {
        assert_eq!(mail["totals"][key], demo["totals"][key], "{key}");
    }
    assert_eq!(verdicts(&mail), verdicts(&demo));
    // The paths show the archive and the member; a Word table's rows are the table's.
    let paths: Vec<&str> = mail["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"井口街道1月材料.zip/附件1社工名单.docx"), "{paths:?}");
    assert!(paths.contains(&"凤凰镇报送材料.zip/凤凰镇.zip/凤凰镇_社工名单.csv"), "{paths:?}");
    assert!(paths.contains(&"歌乐山街道.zip/歌乐山街道/歌乐山街道社工名单.xls"), "{paths:?}");
    let in_word: Vec<&Value> =
        mail["issues"].as_array().unwrap().iter().filter(|i| i["file"].as_str().unwrap().ends_with(".docx")).collect();
    assert!(!in_word.is_empty());
    assert!(in_word.iter().all(|i| i["sheet"] == "表1"));
    let v04 = in_word.iter().find(|i| i["code"] == "V04").expect("黄建国's age in 附件1");
    // Row 9 of the .xlsx, under two title lines: the table's row 7.
    assert_eq!(v04["row"], 7);
}

/// (code, message, fix) of the file-level issue of the file whose path ends with `end`.
fn file_issue<'a>(json: &'a Value, end: &str) -> (&'a str, &'a str, &'a str) {
    let i = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"].as_str().unwrap().ends_with(end) && i["row"].is_null())
        .unwrap_or_else(|| panic!("no issue for {end}"));
    let s = |k: &str| i[k].as_str().unwrap();
    (s("code"), s("message"), s("fix"))
}

#[test]
fn every_fault_of_a_mailed_file_is_said_in_chinese() {
    let wd = Workdir::new();
    std::fs::write(wd.path("small.toml"), "max_file_memory_mb = 8\n").unwrap();
    let json = run(&wd, "mail/faults", &["--config", wd.path("small.toml").to_str().unwrap()]);
    let expect = [
        ("设有密码的压缩包.zip", "F02", "压缩包设有密码"),
        ("部分加密.zip/关爱记录.xlsx", "F02", "设有密码"),
        ("设有密码的名单.xlsx", "F02", "工作簿设有密码"),
        ("设有密码的名单.xls", "F02", "工作簿设有密码"),
        ("压缩炸弹.zip/炸弹.xlsx", "F05", "超过 8 MB"),
        ("谎报大小.zip/名单.xlsx", "F02", "无法解压"),
        ("不完整.zip", "F02", "压缩包已损坏"),
        ("第3层.zip/第4层.zip", "F01", "超过 3 层"),
        ("材料.7z", "F01", "请解压"),
        ("材料.rar", "F01", "请解压"),
        ("附件1社工名单.doc", "F01", "Word"),
    ];
    for (end, code, says) in expect {
        let (c, message, fix) = file_issue(&json, end);
        assert_eq!(c, code, "{end}: {message}");
        assert!(message.contains(says) || fix.contains(says), "{end}: {message} {fix}");
    }
    let files = json["files"].as_array().unwrap();
    let status =
        |end: &str| files.iter().find(|f| f["path"].as_str().unwrap().ends_with(end)).unwrap()["status"].clone();
    // The archives' other members are read; the macro workbook's worksheet too.
    assert_eq!(status("压缩炸弹.zip/社工名单.xlsx"), "ok");
    assert_eq!(status("第3层.zip/第3层名单.xlsx"), "ignored", "F04: the same list again");
    let xlsm = files.iter().find(|f| f["path"] == "含宏表的名单.xlsm").unwrap();
    assert_eq!(xlsm["status"], "ok");
    assert_eq!(xlsm["sheets"][0]["kind"], "volunteers");
    // No reader's English in a message or a fix: only in `detail`.
    for i in json["issues"].as_array().unwrap() {
        for key in ["message", "fix"] {
            let text = i[key].as_str().unwrap();
            assert!(english_words(text).is_empty(), "{text}");
        }
    }
    let broken = issues_with(&json, "F02").into_iter().find(|i| i["file"] == "不完整.zip").unwrap();
    assert!(broken["detail"].as_str().is_some_and(|d| !d.is_empty()));
}

#[test]
fn the_macro_sheet_is_listed_in_the_file_list() {
    let wd = Workdir::new();
    run(&wd, "mail/faults/含宏表的名单.xlsm", &[]);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(wd.path("out.xlsx")).unwrap();
    use calamine::Reader;
    let list = book.worksheet_range("文件清单").unwrap();
    let text: Vec<String> =
        list.rows().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|")).collect();
    assert!(text.iter().any(|l| l.contains("Macro1") && l.contains("宏工作表")), "{text:?}");
}

/// The Latin words of a text that are not a format's or an office program's name.
fn english_words(text: &str) -> Vec<String> {
    const NAMES: &[&str] = &[
        "xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "docx", "doc", "zip", "rar", "et", "wps", "MB", "Word", "WPS",
        "Excel", "Macro",
    ];
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1 && !NAMES.contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn english_words_are_found() {
    assert_eq!(english_words("文件已损坏（File not found '_rels/.rels'）"), ["File", "not", "found", "rels", "rels"]);
    assert!(english_words("请另存为 .xlsx 后用 Excel 打开，约 8 MB").is_empty());
}

/// A password-protected workbook whose container is also damaged (cut short in the mail,
/// or written by a program that leaves its allocation table wrong): the container reader
/// refuses it, and it is still 设有密码, not 已损坏 — the township must remove the password.
#[test]
fn a_damaged_encrypted_workbook_still_says_password() {
    let wd = Workdir::new();
    let inbox = wd.path("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    for name in ["设有密码的名单.xlsx", "设有密码的名单.xls"] {
        let bytes = std::fs::read(fixture(&format!("mail/faults/{name}"))).unwrap();
        // Two sectors short: the allocation table names sectors the file no longer has.
        std::fs::write(inbox.join(format!("截断的{name}")), &bytes[..bytes.len() - 1024]).unwrap();
    }
    // Nothing readable: guanai says so and exits non-zero, with the JSON written.
    let out = wd.check(&[inbox], &[]);
    assert!(!out.status.success());
    let json = wd.json();
    for end in ["截断的设有密码的名单.xlsx", "截断的设有密码的名单.xls"] {
        let (code, message, _) = file_issue(&json, end);
        assert_eq!((code, message), ("F02", "工作簿设有密码（已加密），无法读取"), "{end}");
    }
}
