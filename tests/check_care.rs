//! Visit logs and recipient ledgers: one fixture-backed test per R, P and K code, and
//! the frequency rules seen through the binary.

mod common;

use common::{expect_one, fixture, issues_with, run_case, Workdir};
use serde_json::{json, Value};

fn book(code: &str) -> String {
    format!("{code}.xlsx")
}

fn recipient<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["recipients"].as_array().unwrap().iter().find(|r| r["name"] == name).expect(name)
}

fn sheet<'a>(json: &'a Value, kind: &str) -> &'a Value {
    json["files"][0]["sheets"].as_array().unwrap().iter().find(|s| s["kind"] == kind).expect(kind)
}

#[test]
fn r01_empty_method_rejects_the_record() {
    let json = run_case("R01", &[]);
    expect_one(&json, "R01", &book("R01"), "记录", json!(5), json!("C"));
    assert_eq!(sheet(&json, "visits")["rejected"], 1);
}

#[test]
fn r02_a_range_of_dates_is_not_guessed() {
    let json = run_case("R02", &[]);
    expect_one(&json, "R02", &book("R02"), "记录", json!(5), json!("B"));
}

#[test]
fn r03_outside_the_period_is_kept_but_not_assessed() {
    let json = run_case("R03", &[]);
    let issue = expect_one(&json, "R03", &book("R03"), "记录", json!(5), json!("B"));
    assert_eq!(issue["severity"], "warning");
    assert_eq!(json["totals"]["visits_accepted"], 2);
}

#[test]
fn r04_future_date_only_r04() {
    let json = run_case("R04", &[]);
    expect_one(&json, "R04", &book("R04"), "记录", json!(5), json!("B"));
    assert!(issues_with(&json, "R03").is_empty());
}

#[test]
fn r05_unknown_method() {
    let json = run_case("R05", &[]);
    expect_one(&json, "R05", &book("R05"), "记录", json!(5), json!("C"));
}

#[test]
fn r06_unknown_category() {
    let json = run_case("R06", &[]);
    expect_one(&json, "R06", &book("R06"), "记录", json!(5), json!("E"));
}

#[test]
fn r07_template_example_row_is_skipped() {
    let json = run_case("R07", &[]);
    expect_one(&json, "R07", &book("R07"), "记录", json!(4), Value::Null);
    let s = sheet(&json, "visits");
    assert_eq!((s["accepted"].as_u64(), s["skipped"].as_u64()), (Some(1), Some(1)));
}

#[test]
fn r08_exact_duplicate_counts_once() {
    let json = run_case("R08", &[]);
    expect_one(&json, "R08", &book("R08"), "记录", json!(6), Value::Null);
    assert_eq!(json["totals"]["visits_accepted"], 1);
}

#[test]
fn r09_name_not_in_ledger_is_inferred() {
    let json = run_case("R09", &[]);
    expect_one(&json, "R09", &book("R09"), "记录", json!(6), json!("F"));
    let r = recipient(&json, "钱小明");
    assert_eq!(r["inferred"], true);
    assert_eq!(r["categories"], json!(["孤儿"]));
}

#[test]
fn r10_category_not_in_ledger_still_counts() {
    let json = run_case("R10", &[]);
    expect_one(&json, "R10", &book("R10"), "记录", json!(5), json!("E"));
    assert_eq!(recipient(&json, "王秀英")["compliant"], true);
}

#[test]
fn r11_worker_missing() {
    let json = run_case("R11", &[]);
    expect_one(&json, "R11", &book("R11"), "记录", json!(5), json!("G"));
}

#[test]
fn p01_category_empty() {
    let json = run_case("P01", &[]);
    expect_one(&json, "P01", &book("P01"), "台账", json!(4), json!("E"));
    assert_eq!(sheet(&json, "roster")["rejected"], 1);
}

#[test]
fn p02_unknown_category() {
    let json = run_case("P02", &[]);
    expect_one(&json, "P02", &book("P02"), "台账", json!(4), json!("E"));
}

#[test]
fn p03_invalid_id_is_a_warning() {
    let json = run_case("P03", &[]);
    let issue = expect_one(&json, "P03", &book("P03"), "台账", json!(4), json!("D"));
    assert_eq!(issue["severity"], "warning");
}

#[test]
fn p04_elderly_without_situation_is_assessed_as_general() {
    let json = run_case("P04", &[]);
    expect_one(&json, "P04", &book("P04"), "台账", json!(4), json!("F"));
    let rules: Vec<&str> =
        recipient(&json, "王秀英")["rules"].as_array().unwrap().iter().map(|r| r["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["elderly_regular_week", "elderly_regular_month"]);
}

#[test]
fn p05_no_contact_person() {
    let json = run_case("P05", &[]);
    expect_one(&json, "P05", &book("P05"), "台账", json!(4), json!("G"));
}

#[test]
fn p06_same_recipient_twice() {
    let json = run_case("P06", &[]);
    expect_one(&json, "P06", &book("P06"), "台账", json!(5), json!("C"));
    assert_eq!(json["totals"]["recipients"], 1);
}

#[test]
fn p07_same_id_in_two_villages() {
    let json = run_case("P07", &[]);
    let rows: Vec<u64> = issues_with(&json, "P07").iter().map(|i| i["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, [5, 4], "井口村 sorts before 美丽家园社区");
    assert!(issues_with(&json, "P07").iter().all(|i| i["column"] == "D" && i["sheet"] == "台账"));
}

#[test]
fn k01_missed_week_three() {
    let json = run_case("K01", &[]);
    let k01 = expect_one(&json, "K01", "", "", Value::Null, Value::Null);
    // The message names the rule missed and how many of its units.
    assert!(k01["message"].as_str().unwrap().contains("每周联系1次：4个考核单位中1个未达标"), "{k01}");
    let r = recipient(&json, "王秀英");
    assert_eq!(r["compliant"], false);
    assert_eq!(r["rules"], json!([{"rule": "children_week", "assessed": 4, "met": 3}]));
}

#[test]
fn k02_no_record_at_all() {
    let json = run_case("K02", &[]);
    let issue = expect_one(&json, "K02", "", "", Value::Null, Value::Null);
    assert_eq!(issue["name"], "钱小明");
    assert!(issues_with(&json, "K01").is_empty(), "K02 instead of K01");
    assert_eq!(recipient(&json, "钱小明")["compliant"], false);
    assert_eq!(recipient(&json, "王秀英")["compliant"], true);
}

#[test]
fn a_config_changing_one_requirement_changes_the_verdict() {
    // K01's child was contacted in three of four weeks: asking for one contact a month
    // instead makes them compliant, with nothing but the rule table changed.
    let wd = Workdir::new();
    let table = std::fs::read_to_string(fixture("../templates/defaults.toml")).unwrap();
    let changed = table.replace(
        "id = \"children_week\"\nwho = { categories = [\"孤儿\", \"事实无人抚养儿童\", \"农村留守儿童\"] }\nlabel = \"孤儿、事实无人抚养儿童、农村留守儿童\"\nunit = \"week\"",
        "id = \"children_week\"\nwho = { categories = [\"孤儿\", \"事实无人抚养儿童\", \"农村留守儿童\"] }\nlabel = \"孤儿、事实无人抚养儿童、农村留守儿童\"\nunit = \"month\"",
    );
    assert_ne!(table, changed, "the rule table has the expected text");
    let rules: String = changed.lines().skip_while(|l| !l.starts_with("[[rules]]")).map(|l| format!("{l}\n")).collect();
    std::fs::write(wd.path("rules.toml"), rules).unwrap();
    let out = wd.check(&[fixture("cases/K01")], &["--config", wd.path("rules.toml").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = wd.json();
    assert!(issues_with(&json, "K01").is_empty());
    assert_eq!(recipient(&json, "王秀英")["rules"], json!([{"rule": "children_week", "assessed": 1, "met": 1}]));
}

#[test]
fn period_defaults_to_the_month_most_visits_fall_in() {
    let wd = Workdir::new();
    let mut cmd = wd.command();
    cmd.arg("check")
        .arg(fixture("cases/K01"))
        .arg("--json")
        .arg(wd.path("out.json"))
        .arg("-o")
        .arg(wd.path("out.xlsx"));
    assert!(cmd.output().unwrap().status.success());
    let json = wd.json();
    assert_eq!(json["period"], json!({"from": "2023-01-01", "to": "2023-01-31"}));
}

#[test]
fn demo_assessment_figures() {
    let wd = Workdir::new();
    assert!(wd.check(&[fixture("demo")], &[]).status.success());
    let json = wd.json();
    let t = &json["totals"];
    let n = |k: &str| t[k].as_u64().unwrap();
    // 12 not assessed: 6 流浪乞讨人员 and 6 困难残疾人 enrolled on 1月16日 (no whole month).
    assert_eq!(
        (n("recipients"), n("recipients_assessed"), n("recipients_compliant"), n("recipients_noncompliant")),
        (57, 45, 33, 12)
    );
    let assessed = |r: &&Value| r["assessed"] == true;
    assert_eq!(json["recipients"].as_array().unwrap().iter().filter(assessed).count(), 45);
    // 流浪乞讨 people are listed, never non-compliant, never assessed.
    let wanderers: Vec<&Value> = json["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["categories"] == json!(["生活无着流浪乞讨人员"]))
        .collect();
    assert_eq!(wanderers.len(), 6);
    assert!(wanderers.iter().all(|r| r["compliant"] == true && r["assessed"] == false && r["rules"] == json!([])));
    // Every non-compliant recipient has exactly one K01 or K02.
    for r in json["recipients"].as_array().unwrap().iter().filter(|r| r["compliant"] == false) {
        let k: Vec<&Value> = json["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| {
                (i["code"] == "K01" || i["code"] == "K02") && i["name"] == r["name"] && i["village"] == r["village"]
            })
            .collect();
        assert_eq!(k.len(), 1, "{r}");
    }
}

#[test]
fn every_date_form_in_a_1904_workbook() {
    use calamine::{open_workbook, Reader, Xlsx};
    let wd = Workdir::new();
    let out = wd.check(&[fixture("dates")], &[]);
    assert!(out.status.success());
    let json = wd.json();
    // The fixture's one ledger row is an 81-year-old 孤儿 (P09): no date problem at all.
    let codes: Vec<&Value> = json["issues"].as_array().unwrap().iter().map(|i| &i["code"]).collect();
    assert_eq!(codes, [&json!("P09")], "{}", json["issues"]);
    let mut book: Xlsx<_> = open_workbook(wd.path("out.xlsx")).unwrap();
    let range = book.worksheet_range("关爱记录").unwrap();
    // 关爱记录 holds real Excel dates, not text.
    use calamine::DataType;
    let mut dates: Vec<String> = range
        .rows()
        .skip(1)
        .map(|r| r[2].as_date().map(|d| d.to_string()).unwrap_or_else(|| format!("not a date: {:?}", r[2])))
        .collect();
    dates.sort();
    assert_eq!(
        dates,
        ["2023-01-03", "2023-01-05", "2023-01-06", "2023-01-10", "2023-01-17", "2023-01-24", "2023-01-30"]
    );
    assert_eq!(recipient(&json, "王秀英")["rules"], json!([{"rule": "children_week", "assessed": 4, "met": 4}]));
}
