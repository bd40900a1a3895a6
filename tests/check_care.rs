//! The frequency rules seen through the binary: a rule table changed by configuration,
//! the period chosen from the records, the demo's figures, dates in a 1904 workbook. (Each
//! R, P and K code's own case is data: fixtures/cases/<CODE>/expect.toml, tests/cases.rs.)

mod common;

use common::{fixture, issues_with, Workdir};
use serde_json::{json, Value};

fn recipient<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["recipients"].as_array().unwrap().iter().find(|r| r["name"] == name).expect(name)
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
    let out = wd.check(&[fixture("cases/K01/input")], &["--config", wd.path("rules.toml").to_str().unwrap()]);
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
        .arg(fixture("cases/K01/input"))
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
    let mut book: Xlsx<_> = open_workbook(wd.records()).unwrap();
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
