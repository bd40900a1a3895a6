//! Registers (SPEC §12), end to end: the demo's ledgers with two civil-affairs exports
//! (fixtures/registers, examples/gen_registers.rs) — who is on a register and in no ledger
//! (K05), who is in a ledger and on no register of their category (K06) — in the JSON,
//! 总览, 问题清单 and the township's feedback workbook, which must agree; and each kind of
//! register export recognised with its category.

mod common;

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{assert_rows_conserved, fixture, issues_with, Workdir};
use serde_json::Value;

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn run(wd: &Workdir, paths: &[&str]) -> Value {
    let paths: Vec<_> = paths.iter().map(|p| fixture(p)).collect();
    let out = wd.check(&paths, &["--feedback-dir", wd.path("反馈").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = wd.json();
    assert_rows_conserved(&json);
    json
}

/// (file, sheet, row, name) of each issue with `code`.
fn at(json: &Value, code: &str) -> Vec<(String, String, u64, String)> {
    issues_with(json, code)
        .into_iter()
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap_or_default().to_string();
            (s("file"), s("sheet"), i["row"].as_u64().unwrap_or_default(), s("name"))
        })
        .collect()
}

#[test]
fn registers_against_the_demo_ledgers_give_exactly_the_expected_k05_and_k06() {
    let wd = Workdir::new();
    let json = run(&wd, &["demo", "registers/名册"]);
    // 马桂英 is on the 特困 register, in no ledger; 刘长明 of 青木关镇 too, but 青木关镇 sent no
    // ledger: counted, not K05.
    let k05 = at(&json, "K05");
    assert_eq!(k05.len(), 1, "{k05:?}");
    assert!(k05[0].0.ends_with("特困人员名册.xlsx"));
    assert_eq!((k05[0].1.as_str(), k05[0].2, k05[0].3.as_str()), ("特困人员", 5, "马桂英"));
    let k05_issue = issues_with(&json, "K05")[0];
    assert_eq!(k05_issue["column"], "E");
    assert_eq!(k05_issue["township"], "井口街道");
    assert!(k05_issue["message"].as_str().unwrap().contains("特困人员名册中有此人"));
    // 罗国庆, a ledger 低保对象 of 井口街道, is on no 低保 register (the household export, .xls).
    let k06 = at(&json, "K06");
    assert_eq!(k06.len(), 1, "{k06:?}");
    assert!(k06[0].0.ends_with("井口街道_关爱帮扶对象台账.xlsx"));
    assert_eq!((k06[0].2, k06[0].3.as_str()), (18, "罗国庆"));
    // The registers are registers, every row accounted; the one K05 row rejected.
    let files = json["files"].as_array().unwrap();
    let register_sheets: Vec<&Value> = files
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains("名册"))
        .flat_map(|f| f["sheets"].as_array().unwrap())
        .collect();
    assert_eq!(register_sheets.len(), 2);
    assert!(register_sheets.iter().all(|s| s["kind"] == "register"));
    let rejected: u64 = register_sheets.iter().map(|s| s["rejected"].as_u64().unwrap()).sum();
    assert_eq!(rejected, 1);
    registers_agree(&wd, &json);
}

/// 总览's 名册人数 and 名册中未纳入台账 are the JSON's, and 青木关镇 (no ledger) says 未报送台账.
fn registers_agree(wd: &Workdir, json: &Value) {
    let rows = sheet(&wd.path("out.xlsx"), "总览");
    let header = rows.iter().find(|r| r.first().is_some_and(|c| c == "镇（街道）")).expect("header row");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let (people, missing) = (col("名册人数"), col("名册中未纳入台账"));
    for t in json["townships"].as_array().unwrap() {
        let name = t["township"].as_str().unwrap();
        let row = rows.iter().find(|r| r.first().is_some_and(|c| c == name)).expect(name);
        assert_eq!(row[people], t["registered"].to_string(), "{name}");
        let expected = match &t["registered_not_in_ledger"] {
            Value::Null => "未报送台账".to_string(),
            n => n.to_string(),
        };
        assert_eq!(row[missing], expected, "{name}");
    }
    let township = |name: &str| json["townships"].as_array().unwrap().iter().find(|t| t["township"] == name).unwrap();
    assert_eq!(
        (township("井口街道")["registered"].as_u64(), township("井口街道")["registered_not_in_ledger"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(township("青木关镇")["registered"], 1);
    assert_eq!(township("青木关镇")["registered_not_in_ledger"], Value::Null);
    // The K05 row is in 井口街道's feedback workbook, on the register's file and row.
    let feedback = sheet(&wd.path("反馈/井口街道_问题反馈.xlsx"), "问题清单");
    let k05 = feedback.iter().find(|r| r.iter().any(|c| c == "K05")).expect("K05 in the feedback");
    assert!(k05.iter().any(|c| c == "马桂英"), "{k05:?}");
    assert!(k05.iter().any(|c| c.contains("特困人员名册.xlsx")), "{k05:?}");
}

#[test]
fn without_registers_the_json_and_overview_are_as_before() {
    let wd = Workdir::new();
    let json = run(&wd, &["demo"]);
    assert!(issues_with(&json, "K05").is_empty() && issues_with(&json, "K06").is_empty());
    let rows = sheet(&wd.path("out.xlsx"), "总览");
    assert!(!rows.iter().flatten().any(|c| c == "名册人数"), "no register columns without a register");
}

#[test]
fn each_kind_of_register_export_is_read_with_its_category() {
    // Without a ledger of their township (井口街道): no K05, every row accepted, and the
    // township's registers counted as not compared.
    let wd = Workdir::new();
    let json = run(&wd, &["registers/kinds", "demo/凤凰镇"]);
    assert!(issues_with(&json, "K05").is_empty());
    let jingkou = json["townships"].as_array().unwrap().iter().find(|t| t["township"] == "井口街道").unwrap();
    assert_eq!((jingkou["registered"].as_u64(), &jingkou["registered_not_in_ledger"]), (Some(8), &Value::Null));
    let rows = sheet(&wd.path("out.xlsx"), "总览");
    let row = rows.iter().find(|r| r.first().is_some_and(|c| c == "井口街道")).unwrap();
    assert_eq!(row.last().map(String::as_str), Some("未报送台账"), "{row:?}");
    for file in json["files"].as_array().unwrap().iter().filter(|f| f["path"].as_str().unwrap().contains("kinds")) {
        for s in file["sheets"].as_array().unwrap() {
            assert_eq!(s["kind"], "register", "{}", file["path"]);
            assert_eq!(s["accepted"], s["read"], "{}: {}", file["path"], json["issues"]);
        }
    }
    // With a ledger of 井口街道 (the demo's), each register person is K05 with the category
    // its export tells: a 类别 column, the title, a 残疾类别 column, the 低保证号 column.
    let wd = Workdir::new();
    let json = run(&wd, &["registers/kinds", "demo/井口街道"]);
    let category = |name: &str| {
        let i = issues_with(&json, "K05").into_iter().find(|i| i["name"] == name).unwrap_or_else(|| panic!("{name}"));
        i["message"].as_str().unwrap().split("名册中").next().unwrap().to_string()
    };
    assert_eq!(category("王小宝"), "孤儿");
    assert_eq!(category("李小花"), "事实无人抚养儿童");
    assert_eq!(category("黄大山"), "低保边缘对象");
    assert_eq!(category("何大勇"), "困难残疾人");
    assert_eq!(category("赵小妹"), "低保对象", "a member's row is the member, not the 户主");
    assert_eq!(issues_with(&json, "K05").len(), 8);
}

#[test]
fn ended_entitlements_are_not_compared_and_masked_numbers_match_by_name() {
    let wd = Workdir::new();
    let json = run(&wd, &["registers/status"]);
    let k05: Vec<&str> = issues_with(&json, "K05").iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(k05, ["孙新增"], "停保 and 注销（死亡） rows are not K05; 王大爷 matches by name");
    assert!(issues_with(&json, "P03").is_empty(), "a masked number is no invalid one");
    let sheet =
        json["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().contains("名册")).unwrap()
            ["sheets"][0]
            .clone();
    assert_eq!(
        (sheet["read"].as_u64(), sheet["accepted"].as_u64(), sheet["rejected"].as_u64(), sheet["skipped"].as_u64()),
        (Some(4), Some(1), Some(1), Some(2))
    );
    let jingkou = json["townships"].as_array().unwrap().iter().find(|t| t["township"] == "井口街道").unwrap();
    assert_eq!((jingkou["registered"].as_u64(), jingkou["registered_not_in_ledger"].as_u64()), (Some(2), Some(1)));
}
