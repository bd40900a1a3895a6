//! One fixture-backed test per check code of SPEC §4 (files, headers, volunteers,
//! villages): the binary runs on fixtures/cases/<CODE> and the JSON names the code,
//! file, sheet, Excel row and column.

mod common;

use common::{expect_one, fixture, issues_with, run_case, run_case_nothing_read};
use serde_json::{json, Value};

fn sheet_counts(json: &Value, file: &str) -> Value {
    let f = json["files"].as_array().unwrap().iter().find(|f| f["path"] == file).expect(file);
    f["sheets"][0].clone()
}

#[test]
fn f01_unsupported_type_is_listed_and_ignored() {
    let json = run_case_nothing_read("F01", &[], "名单.et");
    let issue = expect_one(&json, "F01", "名单.et", "", Value::Null, Value::Null);
    // What is wrong in message, what to do in fix.
    assert!(issue["message"].as_str().unwrap().contains(".et"), "{issue}");
    assert!(issue["fix"].as_str().unwrap().contains("请另存为 .xlsx 后重新提交"), "{issue}");
    assert_eq!(json["files"][0]["status"], "ignored");
    assert_eq!(json["files"][0]["code"], "F01");
}

#[test]
fn f02_truncated_workbook_is_rejected() {
    let json = run_case_nothing_read("F02", &[], "损坏.xlsx");
    expect_one(&json, "F02", "损坏.xlsx", "", Value::Null, Value::Null);
    assert_eq!(json["files"][0]["status"], "rejected");
}

#[test]
fn f03_no_recognisable_sheet() {
    let json = run_case_nothing_read("F03", &[], "经费表.xlsx");
    expect_one(&json, "F03", "经费表.xlsx", "", Value::Null, Value::Null);
    assert_eq!(json["files"][0]["status"], "rejected");
    assert_eq!(json["files"][0]["sheets"][0]["kind"], "unknown");
}

#[test]
fn f04_identical_copy_later_in_path_order_is_ignored() {
    let json = run_case("F04", &[]);
    expect_one(&json, "F04", "F04_副本.xlsx", "", Value::Null, Value::Null);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files[0]["path"], "F04.xlsx");
    assert_eq!(files[0]["status"], "ok");
    assert_eq!(files[1]["status"], "ignored");
    assert_eq!(json["totals"]["volunteers_valid"], 2, "the copy is not counted twice");
}

#[test]
fn f05_sheet_over_row_limit() {
    let config = fixture("cases/F05.toml");
    let json = run_case_nothing_read("F05", &["--config", config.to_str().unwrap()], "F05.xlsx");
    expect_one(&json, "F05", "F05.xlsx", "社工名单", Value::Null, Value::Null);
    assert_eq!(json["totals"]["volunteers_valid"], 0);
}

#[test]
fn f06_village_unknown() {
    let json = run_case("F06", &[]);
    expect_one(&json, "F06", "名单.xlsx", "Sheet1", json!(2), json!("B"));
    let s = sheet_counts(&json, "名单.xlsx");
    assert_eq!((s["read"].as_u64(), s["rejected"].as_u64()), (Some(1), Some(1)));
}

#[test]
fn h01_missing_required_column_rejects_the_sheet() {
    let json = run_case("H01", &[]);
    let issue = expect_one(&json, "H01", "名单.xlsx", "名单", json!(2), Value::Null);
    assert!(issue["message"].as_str().unwrap().contains("居住地址"));
    let s = sheet_counts(&json, "名单.xlsx");
    assert_eq!(
        (s["kind"].as_str(), s["read"].as_u64(), s["rejected"].as_u64()),
        (Some("volunteers"), Some(1), Some(1))
    );
}

#[test]
fn v01_empty_address() {
    let json = run_case("V01", &[]);
    expect_one(&json, "V01", "V01.xlsx", "社工名单", json!(5), json!("I"));
}

#[test]
fn v02_wrong_check_digit() {
    let json = run_case("V02", &[]);
    let issue = expect_one(&json, "V02", "V02.xlsx", "社工名单", json!(5), json!("F"));
    assert!(issue["message"].as_str().unwrap().contains("校验位"));
}

#[test]
fn v03_id_stored_as_number() {
    let json = run_case("V03", &[]);
    expect_one(&json, "V03", "V03.xlsx", "社工名单", json!(5), json!("F"));
    assert!(issues_with(&json, "V02").is_empty(), "V03, not V02");
}

#[test]
fn v04_sixty_five_accepted_sixty_six_rejected() {
    let json = run_case("V04", &[]);
    let issue = expect_one(&json, "V04", "V04.xlsx", "社工名单", json!(5), json!("F"));
    assert!(issue["message"].as_str().unwrap().contains("66周岁"));
    // Row 6 is 65 full years on 2023-01-31: counted.
    assert_eq!(json["villages"][0]["valid"], 2);
    assert_eq!(json["villages"][0]["ineligible"], 1);
}

#[test]
fn v05_address_in_another_district() {
    let json = run_case("V05", &[]);
    expect_one(&json, "V05", "V05.xlsx", "社工名单", json!(5), json!("I"));
}

#[test]
fn v06_residence_unconfirmed_is_a_warning() {
    let json = run_case("V06", &[]);
    let issue = expect_one(&json, "V06", "V06.xlsx", "社工名单", json!(5), json!("I"));
    assert_eq!(issue["severity"], "warning");
    assert_eq!(json["villages"][0]["valid"], 3);
}

#[test]
fn v07_current_village_posts_are_excluded_other_posts_are_not() {
    let json = run_case("V07", &[]);
    let found = issues_with(&json, "V07");
    let places: Vec<(u64, &str, &str)> = found
        .iter()
        .map(|i| (i["row"].as_u64().unwrap(), i["column"].as_str().unwrap(), i["value"].as_str().unwrap()))
        .collect();
    assert_eq!(places.len(), 3, "{places:?}");
    for want in [(5, "K", "两委成员"), (6, "K", "本土人才"), (7, "J", "五职干部")] {
        assert!(places.contains(&want), "{want:?} in {places:?}");
    }
    // A company's party secretary, a university's 党支部书记 and a former 村委会主任 count.
    assert_eq!(json["villages"][0]["excluded"], 3);
    assert_eq!(json["villages"][0]["valid"], 4);
}

#[test]
fn v08_person_on_exclusions_list() {
    let json = run_case("V08", &[]);
    expect_one(&json, "V08", "V08.xlsx", "社工名单", json!(5), json!("F"));
    let list = sheet_counts(&json, "排除名单.xlsx");
    assert_eq!(list["kind"], "exclusions");
    assert_eq!(json["villages"][0]["excluded"], 1);
}

#[test]
fn v09_same_id_twice_in_a_village_counts_once() {
    let json = run_case("V09", &[]);
    expect_one(&json, "V09", "V09.xlsx", "社工名单", json!(6), json!("F"));
    let s = sheet_counts(&json, "V09.xlsx");
    assert_eq!((s["accepted"].as_u64(), s["skipped"].as_u64()), (Some(2), Some(1)));
    let village = &json["villages"][0];
    assert_eq!(village["valid"], 2);
    // The copy is a duplicate in 社工人数核查, not a person who fails the conditions.
    assert_eq!((village["duplicates"].as_u64(), village["ineligible"].as_u64()), (Some(1), Some(0)));
    assert_eq!(village["submitted"], 3);
}

#[test]
fn v10_person_in_two_villages_counts_in_neither() {
    let json = run_case("V10", &[]);
    let found = issues_with(&json, "V10");
    let rows: Vec<u64> = found.iter().map(|i| i["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, vec![6, 4], "井口村 sorts before 美丽家园社区");
    let valid: Vec<(String, u64)> = json["villages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["village"].as_str().unwrap().to_string(), v["valid"].as_u64().unwrap()))
        .collect();
    assert_eq!(valid, vec![("井口村".to_string(), 0), ("美丽家园社区".to_string(), 1)]);
    // Listed in two villages is a duplicate in 社工人数核查, not a person failing the conditions.
    let jk = json["villages"].as_array().unwrap().iter().find(|v| v["village"] == "井口村").unwrap();
    assert_eq!((jk["duplicates"].as_u64(), jk["ineligible"].as_u64()), (Some(1), Some(0)), "{jk}");
}

#[test]
fn v11_invalid_phone() {
    let json = run_case("V11", &[]);
    expect_one(&json, "V11", "V11.xlsx", "社工名单", json!(5), json!("H"));
}

#[test]
fn v12_gender_disagrees_with_id() {
    let json = run_case("V12", &[]);
    expect_one(&json, "V12", "V12.xlsx", "社工名单", json!(5), json!("E"));
}

#[test]
fn v13_under_eighteen_is_counted_with_a_warning() {
    let json = run_case("V13", &[]);
    let issue = expect_one(&json, "V13", "V13.xlsx", "社工名单", json!(5), json!("F"));
    assert_eq!(issue["severity"], "warning");
    assert_eq!(json["villages"][0]["valid"], 3);
}

#[test]
fn v14_address_in_another_township() {
    let json = run_case("V14", &[]);
    expect_one(&json, "V14", "V14.xlsx", "社工名单", json!(5), json!("I"));
}

#[test]
fn c01_twenty_nine_fails_thirty_passes() {
    let json = run_case("C01", &[]);
    let found = issues_with(&json, "C01");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["village"], "美丽家园社区");
    assert_eq!(found[0]["row"], Value::Null);
    assert_eq!(found[0]["file"], "");
    let villages = json["villages"].as_array().unwrap();
    let jk = villages.iter().find(|v| v["village"] == "井口村").unwrap();
    assert_eq!((jk["valid"].as_u64(), jk["meets_minimum"].as_bool()), (Some(30), Some(true)));
    let ml = villages.iter().find(|v| v["village"] == "美丽家园社区").unwrap();
    assert_eq!((ml["valid"].as_u64(), ml["shortfall"].as_u64()), (Some(29), Some(1)));
}

#[test]
fn c02_listed_village_sent_nothing() {
    let json = run_case("C02", &[]);
    let found = issues_with(&json, "C02");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["village"], "井口村");
    assert_eq!(found[0]["row"], Value::Null);
    let jk = json["villages"].as_array().unwrap().iter().find(|v| v["village"] == "井口村").unwrap();
    assert_eq!(jk["valid"], 0);
    assert!(issues_with(&json, "C01").iter().all(|i| i["village"] != "井口村"), "C02, not C01");
}
