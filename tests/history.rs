//! Across months (SPEC §11), end to end: the three generated months (fixtures/months,
//! examples/gen_months.rs) checked into one history file, in order and out of order, and
//! what February then says — in the JSON, 台账变动, 总览, 关爱考核, the feedback files and
//! the terminal, which must all agree.

mod common;

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{fixture, issues_with, without_run_time, Workdir};
use serde_json::Value;

/// One month's run into the workdir's history: its JSON, terminal and outputs under `tag`.
struct Month {
    json: Value,
    stdout: String,
    workbook: PathBuf,
    feedback: PathBuf,
}

fn check(wd: &Workdir, month: &str, tag: &str, extra: &[&str]) -> Month {
    let history = wd.path("关爱历史.sqlite");
    let (json, workbook, feedback) = (wd.path(&format!("{tag}.json")), wd.path(&format!("{tag}.xlsx")), wd.path(tag));
    let out = wd
        .command()
        .arg("check")
        .arg(fixture(&format!("months/{month}")))
        .args(["--month", month, "-o"])
        .arg(&workbook)
        .arg("--json")
        .arg(&json)
        .arg("--feedback-dir")
        .arg(&feedback)
        .arg("--history")
        .arg(&history)
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{month}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    let json = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    Month { json, stdout, workbook, feedback }
}

fn changes<'a>(json: &'a Value, kind: &str) -> Vec<(&'a str, &'a str)> {
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == kind)
        .map(|c| (c["village"].as_str().unwrap(), c["name"].as_str().unwrap()))
        .collect()
}

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

/// What February must say against January (the issue's acceptance points).
fn assert_february(feb: &Month) {
    let j = &feb.json;
    assert_eq!(j["baseline"], "2023-01");
    let k03: Vec<(&str, &str, &str)> = issues_with(j, "K03")
        .iter()
        .map(|i| (i["township"].as_str().unwrap(), i["village"].as_str().unwrap(), i["name"].as_str().unwrap()))
        .collect();
    assert_eq!(k03, [("井口街道", "美丽家园社区", "刘德华")], "only the one dropped silently");
    let k04 = issues_with(j, "K04");
    assert_eq!(k04.len(), 1);
    assert_eq!(k04[0]["name"], "赵小明");
    assert!(k04[0]["message"].as_str().unwrap().contains("已连续3个月未达标"), "{}", k04[0]["message"]);
    assert_eq!(changes(j, "moved_out"), [("美丽家园社区", "张建国")]);
    assert_eq!(changes(j, "moved_in"), [("井口村", "张建国")]);
    assert_eq!(changes(j, "left"), [("美丽家园社区", "陈桂兰")]);
    assert_eq!(changes(j, "added"), [("井口村", "周杰")], "孙丽's ID number was only filled in: not 新增");
    assert_eq!(changes(j, "category"), [("井口村", "李淑芬")]);
    assert_eq!(changes(j, "missing"), [("美丽家园社区", "刘德华")]);
    // The straddling week, assessed in February from January's last days.
    let rows = sheet(&feb.workbook, "关爱考核");
    let yang: Vec<&Vec<String>> = rows.iter().filter(|r| r.get(2).is_some_and(|n| n == "杨桂芳")).collect();
    assert!(
        yang.iter().any(|r| r.join("|").contains("1月30日—2月5日：电话2天、入户0天") && r.join("|").contains("不达标")),
        "{yang:?}"
    );
    let title = rows.iter().take(4).map(|r| r.join("")).collect::<String>();
    assert!(title.contains("1月30日—1月31日 的联系情况取自上期的历史记录"), "{title}");
}

#[test]
fn three_months_in_order_then_january_again() {
    let wd = Workdir::new();
    let dec = check(&wd, "2022-12", "dec", &[]);
    assert_eq!(dec.json["baseline"], Value::Null);
    assert!(dec.stdout.contains("之前没有已记录的月份"), "{}", dec.stdout);
    let jan = check(&wd, "2023-01", "jan", &[]);
    assert_eq!(jan.json["baseline"], "2022-12");
    assert_eq!(changes(&jan.json, "contact_person"), [("凤凰村", "马玉梅")]);
    assert!(issues_with(&jan.json, "K04")[0]["message"].as_str().unwrap().contains("已连续2个月未达标"));
    let feb = check(&wd, "2023-02", "feb", &[]);
    assert_february(&feb);
    agree(&feb);
    // January re-run after February: compared with December as before, and it says it replaced.
    let again = check(&wd, "2023-01", "jan2", &[]);
    assert!(again.stdout.contains("已更新 2023年1月 的历史记录（上次记录于"), "{}", again.stdout);
    assert_eq!(same(&jan.json), same(&again.json));
    let feb2 = check(&wd, "2023-02", "feb2", &[]);
    assert_eq!(same(&feb.json), same(&feb2.json));
}

#[test]
fn months_out_of_order_give_the_same_february() {
    let wd = Workdir::new();
    let first = check(&wd, "2023-02", "first", &[]);
    assert_eq!(first.json["baseline"], Value::Null, "nothing recorded before February yet");
    check(&wd, "2022-12", "dec", &[]);
    check(&wd, "2023-01", "jan", &[]);
    let feb = check(&wd, "2023-02", "feb", &[]);
    assert_february(&feb);
    let listed = wd.command().args(["history", "--history"]).arg(wd.path("关爱历史.sqlite")).output().unwrap();
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(text.contains("已记录 3 期"), "{text}");
    let at = |m: &str| text.find(m).unwrap_or_else(|| panic!("{m} in {text}"));
    assert!(at("2022年12月") < at("2023年1月") && at("2023年1月") < at("2023年2月"), "oldest first: {text}");
}

#[test]
fn a_mid_month_run_reads_the_history_and_records_nothing() {
    let wd = Workdir::new();
    check(&wd, "2022-12", "dec", &[]);
    check(&wd, "2023-01", "jan", &[]);
    let mid = check(&wd, "2023-02", "mid", &["--as-of", "2023-02-10"]);
    assert_eq!(mid.json["baseline"], "2023-01");
    assert!(mid.stdout.contains("本次只读取历史，不记录"), "{}", mid.stdout);
    let listed = wd.command().args(["history", "--history"]).arg(wd.path("关爱历史.sqlite")).output().unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains("已记录 2 期"));
}

#[test]
fn forget_removes_one_month() {
    let wd = Workdir::new();
    check(&wd, "2022-12", "dec", &[]);
    check(&wd, "2023-01", "jan", &[]);
    let history = wd.path("关爱历史.sqlite");
    let out = wd.command().args(["history", "--forget", "2022-12", "--history"]).arg(&history).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = wd.command().args(["history", "--forget", "2022-11", "--history"]).arg(&history).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有 2022年11月 的记录"));
    let jan = check(&wd, "2023-01", "jan", &[]);
    assert_eq!(jan.json["baseline"], Value::Null, "December forgotten: nothing before January");
}

/// Every count of K03 and K04 agrees: the JSON's changes and issues, 总览's township
/// columns, each feedback file's 台账变动, the terminal's line.
fn agree(m: &Month) {
    let j = &m.json;
    let overview = sheet(&m.workbook, "总览");
    let header = overview.iter().find(|r| r.first().is_some_and(|c| c == "镇（街道）")).unwrap();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (missing, repeated) = (col("未登记退出而消失"), col("连续未达标"));
    for township in ["井口街道", "凤凰镇"] {
        let row = overview.iter().find(|r| r[0] == township).unwrap();
        let count = |kind: &str| {
            j["changes"].as_array().unwrap().iter().filter(|c| c["change"] == kind && c["township"] == township).count()
        };
        assert_eq!(row[missing], count("missing").to_string(), "{township} K03");
        assert_eq!(row[repeated], count("repeated_miss").to_string(), "{township} K04");
        let issues = |code: &str| issues_with(j, code).iter().filter(|i| i["township"] == township).count();
        assert_eq!(issues("K03"), count("missing"));
        assert_eq!(issues("K04"), count("repeated_miss"));
        let fb = m.feedback.join(format!("{township}_问题反馈.xlsx"));
        let rows = sheet(&fb, "台账变动");
        let in_feedback = |label: &str| rows.iter().filter(|r| r.get(3).is_some_and(|c| c == label)).count();
        assert_eq!(in_feedback("未登记退出而消失"), count("missing"), "{township} feedback K03");
        assert_eq!(in_feedback("连续未达标"), count("repeated_miss"), "{township} feedback K04");
        let all = j["changes"].as_array().unwrap().iter().filter(|c| c["township"] == township).count();
        assert_eq!(rows.iter().filter(|r| r.first().is_some_and(|c| c == township)).count(), all);
    }
    let total = |kind: &str| changes(j, kind).len();
    let line = format!(
        "与 2023年1月 相比：新增 {} 人，退出 {} 人，未登记退出而消失 {} 人，",
        total("added"),
        total("left"),
        total("missing")
    );
    assert!(m.stdout.contains(&line), "{line} in {}", m.stdout);
    let trend: Vec<&Value> = j["trend"].as_array().unwrap().iter().filter(|t| t["period"] == "2023-02").collect();
    let sum = |key: &str| trend.iter().map(|t| t[key].as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum("recipients_assessed"), j["totals"]["recipients_assessed"].as_u64().unwrap());
    assert_eq!(sum("recipients_compliant"), j["totals"]["recipients_compliant"].as_u64().unwrap());
}

/// A JSON as compared between two runs of the same month: without its run time.
fn same(json: &Value) -> String {
    without_run_time(&serde_json::to_string_pretty(json).unwrap())
}
