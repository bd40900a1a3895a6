//! The conventions of the civil-affairs systems' templates and exports (SPEC §3 "Codes",
//! §2, §2.1), each in several wordings (fixtures/conventions, examples/gen_conventions.rs):
//! read as a clerk expects, and an undecodable code refused quoting it.

mod common;

use std::collections::BTreeMap;

use common::{assert_rows_conserved, fixture, issues_with, Workdir};
use serde_json::Value;

fn run(path: &str) -> Value {
    let wd = Workdir::new();
    let out = wd.check(&[fixture(&format!("conventions/{path}"))], &[]);
    assert!(out.status.success(), "{path}: {}", String::from_utf8_lossy(&out.stderr));
    let json = wd.json();
    assert_rows_conserved(&json);
    json
}

/// Each recipient's "village name" and categories joined.
fn recipients(json: &Value) -> BTreeMap<String, String> {
    json["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let cats: Vec<&str> = r["categories"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            (format!("{} {}", r["village"].as_str().unwrap(), r["name"].as_str().unwrap()), cats.join("、"))
        })
        .collect()
}

fn sheets(json: &Value) -> Vec<(String, String, u64, u64)> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["sheets"].as_array().unwrap().iter().map(move |s| {
                let n = |k: &str| s[k].as_u64().unwrap();
                (
                    format!("{}/{}", f["path"].as_str().unwrap(), s["name"].as_str().unwrap()),
                    s["kind"].as_str().unwrap().to_string(),
                    n("read"),
                    n("accepted"),
                )
            })
        })
        .collect()
}

#[test]
fn required_marks_and_instructions_in_headers_are_read_past() {
    for file in ["台账_写法1.xlsx", "台账_写法2.xlsx", "台账_写法3.xlsx"] {
        let json = run(&format!("marks/{file}"));
        let want: BTreeMap<String, String> = [("井口村 张小军", "农村留守儿童"), ("井口村 王秀英", "特困人员")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(recipients(&json), want, "{file}");
        assert!(issues_with(&json, "P05").is_empty(), "{file}: the marked 关爱联系人 column is read");
    }
    let json = run("marks/关爱记录_井口村.xlsx");
    assert_eq!(json["totals"]["visits_accepted"], 2);
}

#[test]
fn codes_are_decoded_from_the_header_the_note_line_and_the_dictionary_sheet() {
    let json = run("codes_header");
    let r = recipients(&json);
    assert_eq!(r["井口村 王秀英"], "特困人员");
    assert_eq!(r["井口村 刘桂兰"], "低保对象");
    assert_eq!(r["井口村 周大山"], "特困人员、低保对象", "several codes in one cell");
    assert_eq!(r["井口村 张小军"], "农村留守儿童", "a code–label pair");
    assert_eq!(r["美丽家园社区 何玉梅"], "低保对象", "a code with a leading zero");
    assert_eq!(r["美丽家园社区 林小花"], "农村留守儿童");
    assert_eq!(json["totals"]["visits_accepted"], 3, "methods and types as codes in the log");
    assert!(
        issues_with(&json, "R05").is_empty()
            && issues_with(&json, "R06").is_empty()
            && issues_with(&json, "R10").is_empty()
    );

    let json = run("codes_note");
    let r = recipients(&json);
    assert_eq!((r["井口村 王秀英"].as_str(), r["井口村 张小军"].as_str()), ("特困人员", "农村留守儿童"));
    assert_eq!(r["美丽家园社区 何玉梅"], "特困人员、低保对象");

    let json = run("codes_dictionary");
    let r = recipients(&json);
    assert_eq!(
        (r["井口村 王秀英"].as_str(), r["井口村 刘桂兰"].as_str(), r["井口村 张小军"].as_str()),
        ("特困人员", "低保对象", "农村留守儿童")
    );
    // The instruction, dictionary and hidden helper sheets are listed, not read as data.
    let kinds: Vec<(String, String)> = sheets(&json).into_iter().map(|(s, k, _, _)| (s, k)).collect();
    for (sheet, kind) in &kinds {
        let data = sheet.ends_with("对象台账");
        assert_eq!(kind == "roster", data, "{sheet}: {kind}");
        assert!(data || kind == "unknown", "{sheet}: {kind}");
    }
    assert!(issues_with(&json, "C02").is_empty(), "the hidden dropdown list is no 区划名单");
}

#[test]
fn rows_of_column_codes_under_the_header_are_not_data() {
    for n in 1..=3 {
        let json = run(&format!("code_rows/台账_列代码{n}.xlsx"));
        let (_, kind, read, accepted) = sheets(&json).remove(0);
        assert_eq!((kind.as_str(), read, accepted), ("roster", 2, 1), "wording {n}");
        assert!(json["issues"].as_array().unwrap().iter().all(|i| i["row"] != 3), "wording {n}: {}", json["issues"]);
    }
}

#[test]
fn a_place_written_whole_in_one_cell_is_resolved() {
    let json = run("whole_place");
    let places: Vec<String> = json["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}{} {}",
                r["township"].as_str().unwrap(),
                r["village"].as_str().unwrap(),
                r["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(places.len(), 4);
    for want in ["井口街道井口村 王秀英", "井口街道美丽家园社区 何玉梅", "井口街道井口村 刘桂兰", "凤凰镇龙泉村 黄伟"]
    {
        assert!(places.contains(&want.to_string()), "{want} in {places:?}");
    }
    assert!(issues_with(&json, "F06").is_empty());
}

#[test]
fn an_undecodable_code_is_refused_quoting_it_never_guessed() {
    let json = run("undecodable");
    let p02 = issues_with(&json, "P02");
    assert_eq!(p02.len(), 2, "{p02:?}");
    for (value, name) in [("9", "刘桂兰"), ("3", "何玉梅")] {
        let issue = p02.iter().find(|i| i["name"] == name).unwrap();
        assert_eq!(issue["value"], value);
        assert!(issue["message"].as_str().unwrap().contains(&format!("“{value}”")), "{issue}");
        assert!(issue["fix"].as_str().unwrap().contains("这是代码"), "{issue}");
    }
    assert_eq!(recipients(&json).len(), 1, "only 王秀英 (code 1, listed) is a recipient");
}
