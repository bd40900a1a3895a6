//! The demo district end to end: outputs read back, rows conserved, determinism,
//! inputs untouched, exit codes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Reader, Xlsx};
use common::{assert_rows_conserved, fixture, issues_with, Workdir};
use sha2::{Digest, Sha256};

fn demo() -> PathBuf {
    fixture("demo")
}

#[test]
fn demo_run_writes_workbook_with_sheets_in_order_and_headers() {
    let wd = Workdir::new();
    let out = wd.check(&[demo()], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("核查完成") && stdout.contains("有效社工 179 人（上报 190 人）"), "{stdout}");

    let mut book: Xlsx<_> = open_workbook(wd.path("out.xlsx")).expect("workbook opens");
    assert_eq!(
        book.sheet_names(),
        vec![
            "总览",
            "社工人数核查",
            "社工名单",
            "剔除人员",
            "关爱考核",
            "关爱对象",
            "台账变动",
            "问题清单",
            "文件清单"
        ]
    );
    let header = |book: &mut Xlsx<_>, sheet: &str, row: usize| -> Vec<String> {
        let range = book.worksheet_range(sheet).expect(sheet);
        range.rows().nth(row).expect("header row").iter().map(|c| c.to_string()).collect()
    };
    assert_eq!(
        header(&mut book, "社工人数核查", 0),
        [
            "镇（街道）",
            "村（社区）",
            "上报人数",
            "有效人数",
            "剔除人数（两委/本土人才/五职）",
            "不符合条件人数",
            "重复人数",
            "缺口人数",
            "结论",
            "要求人数"
        ]
    );
    assert_eq!(
        header(&mut book, "问题清单", 0),
        [
            "级别",
            "代码",
            "镇（街道）",
            "村（社区）",
            "姓名",
            "文件",
            "工作表",
            "行号",
            "列",
            "原始值",
            "问题说明",
            "修改建议"
        ]
    );
    assert_eq!(header(&mut book, "文件清单", 0)[..6], ["文件", "状态", "代码", "工作表", "类型", "读取行数"]);
    assert_eq!(
        header(&mut book, "社工名单", 0)[..6],
        ["序号", "镇（街道）", "村（社区）", "姓名", "性别", "身份证号码"]
    );

    // The sheets agree with the JSON.
    let json = wd.json();
    let valid_rows = book.worksheet_range("社工名单").unwrap().rows().count() - 1;
    assert_eq!(valid_rows as u64, json["totals"]["volunteers_valid"].as_u64().unwrap());
    let issue_rows = book.worksheet_range("问题清单").unwrap().rows().count() - 1;
    let total = json["totals"]["errors"].as_u64().unwrap() + json["totals"]["warnings"].as_u64().unwrap();
    assert_eq!(issue_rows as u64, total);
    let verdicts: Vec<String> =
        book.worksheet_range("社工人数核查").unwrap().rows().skip(1).map(|r| r[8].to_string()).collect();
    let failing = json["villages"].as_array().unwrap().iter().filter(|v| v["meets_minimum"] == false).count();
    assert_eq!(verdicts.iter().filter(|v| *v == "不达标").count(), failing);
}

/// 关爱记录 is its own workbook beside the summary (SPEC §6): every accepted record, in
/// 附件2's columns with place, source and whether it counted; marked as guanai's own;
/// 总览 and the terminal name it.
#[test]
fn the_records_workbook_holds_every_accepted_record() {
    let wd = Workdir::new();
    let out = wd.check(&[demo()], &[]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("关爱记录汇总：“") && stdout.contains("out_关爱记录.xlsx”"), "{stdout}");
    let json = wd.json();
    let mut records: Xlsx<_> = open_workbook(wd.records()).expect("records workbook opens");
    assert_eq!(records.sheet_names(), ["关爱记录"]);
    let range = records.worksheet_range("关爱记录").unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(
        rows[0],
        [
            "镇（街道）",
            "村（社区）",
            "日期",
            "关爱方式",
            "关爱对象类型",
            "关爱对象姓名",
            "实施关爱工作人员",
            "关爱服务内容",
            "备注",
            "参与考核",
            "文件",
            "工作表",
            "行号"
        ]
    );
    assert_eq!(rows.len() as u64 - 1, json["totals"]["visits_accepted"].as_u64().unwrap());
    let mut summary: Xlsx<_> = open_workbook(wd.path("out.xlsx")).unwrap();
    let overview = summary.worksheet_range("总览").unwrap();
    let named = overview.rows().flatten().any(|c| c.to_string().contains("同一文件夹中的“out_关爱记录.xlsx”"));
    assert!(named, "总览 names the records workbook");
    // A records workbook left in the inbox is guanai's own: F07, nothing read from it.
    let again = Workdir::new();
    assert!(again.check(&[demo(), wd.records()], &[]).status.success());
    let f07: Vec<_> =
        again.json()["files"].as_array().unwrap().iter().filter(|f| f["code"] == "F07").cloned().collect();
    assert_eq!(f07.len(), 1, "{f07:?}");
    let (after, before) = (&again.json()["totals"], &json["totals"]);
    for key in ["visits_accepted", "recipients_compliant", "recipients", "volunteers_valid", "errors"] {
        assert_eq!(after[key], before[key], "{key}");
    }
    assert_eq!(after["warnings"].as_u64(), before["warnings"].as_u64().map(|w| w + 1), "the F07 warning only");
}

#[test]
fn demo_json_figures_and_row_conservation() {
    let wd = Workdir::new();
    assert!(wd.check(&[demo()], &[]).status.success());
    let json = wd.json();
    assert_rows_conserved(&json);
    assert_eq!(json["totals"]["villages"], 7);
    for code in
        ["F01", "F04", "C01", "C02", "V03", "V04", "V05", "V07", "V08", "V09", "V10", "V11", "V12", "V13", "V14"]
    {
        assert!(!issues_with(&json, code).is_empty(), "demo shows {code}");
    }
    let statuses: BTreeMap<String, String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), f["status"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(statuses["井口街道/~$井口街道_社工名单.xlsx"], "ignored");
    assert_eq!(statuses["歌乐山街道/歌乐山街道社工名单.xls"], "ok");
    assert_eq!(statuses["凤凰镇/凤凰镇_社工名单.csv"], "ok");
    // Every submitted row is counted once, in exactly one of the village's columns, and the
    // district's figures are the villages' sums.
    let villages = json["villages"].as_array().unwrap();
    let sum = |key: &str| villages.iter().map(|v| v[key].as_u64().unwrap()).sum::<u64>();
    for v in villages {
        let n = |k: &str| v[k].as_u64().unwrap();
        assert_eq!(n("submitted"), n("valid") + n("excluded") + n("ineligible") + n("duplicates"), "{v}");
    }
    assert_eq!((sum("submitted"), sum("valid")), (190, 179));
    assert_eq!(json["totals"]["volunteers_valid"], 179);
    // Every issue row that points into a sheet names an Excel row.
    for issue in json["issues"].as_array().unwrap() {
        if !issue["sheet"].as_str().unwrap().is_empty() && issue["code"] != "F05" {
            assert!(issue["row"].as_u64().is_some(), "{issue}");
        }
    }
}

fn json_with(threads: &str, paths: &[PathBuf]) -> String {
    let wd = Workdir::new();
    let out = wd
        .command()
        .env("RAYON_NUM_THREADS", threads)
        .arg("check")
        .args(paths)
        .args(["--month", "2023-01", "-o"])
        .arg(wd.path("out.xlsx"))
        .arg("--json")
        .arg(wd.path("out.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    common::without_run_time(&std::fs::read_to_string(wd.path("out.json")).unwrap())
}

#[test]
fn json_is_identical_across_thread_counts_and_input_order() {
    let d = demo();
    let forward = vec![d.join("井口街道"), d.join("凤凰镇"), d.join("歌乐山街道"), d.join("区民政局")];
    let mut backward = forward.clone();
    backward.reverse();
    let one = json_with("1", &forward);
    assert_eq!(one, json_with("2", &forward));
    assert_eq!(one, json_with("2", &backward));
    assert_eq!(json_with("1", std::slice::from_ref(&d)), json_with("2", &[d]));
}

fn hashes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), Sha256::digest(std::fs::read(&path).unwrap()).to_vec());
            }
        }
    }
    out
}

#[test]
fn inputs_are_never_written() {
    let before = hashes(&fixture(""));
    let wd = Workdir::new();
    assert!(wd.check(&[demo(), fixture("cases")], &[]).status.success());
    assert_eq!(before, hashes(&fixture("")));
}

#[test]
fn exit_codes() {
    let wd = Workdir::new();
    assert_eq!(wd.check(&[demo()], &[]).status.code(), Some(0), "problems in the data still exit 0");
    assert_eq!(wd.check(&[demo()], &["--strict"]).status.code(), Some(2));
    let bad_month = wd.check(&[demo()], &["--month", "2023-13"]);
    assert_eq!(bad_month.status.code(), Some(1));
    let missing = wd.command().args(["check", "没有这个文件夹"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("输入路径“没有这个文件夹”无法打开：不存在"));
    let unknown_flag = wd.command().args(["check", "--nope", "x"]).output().unwrap();
    assert_eq!(unknown_flag.status.code(), Some(1));
}

#[test]
fn quiet_prints_nothing_and_output_is_plain_when_not_a_terminal() {
    let wd = Workdir::new();
    let quiet = wd.check(&[demo()], &["--quiet"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stdout.is_empty(), "{}", String::from_utf8_lossy(&quiet.stdout));
    assert!(quiet.stderr.is_empty(), "{}", String::from_utf8_lossy(&quiet.stderr));
    assert!(wd.path("out.xlsx").is_file());
    // Not a terminal: the summary, and no progress bar drawing on stderr.
    let plain = wd.check(&[demo()], &[]);
    assert!(String::from_utf8_lossy(&plain.stdout).contains("核查完成"));
    assert!(plain.stderr.is_empty(), "{}", String::from_utf8_lossy(&plain.stderr));
}

#[test]
fn bad_config_names_the_key_and_exits_1() {
    let wd = Workdir::new();
    std::fs::write(wd.path("bad.toml"), "min_volunteer_per_village = 20\n").unwrap();
    let out = wd.check(&[demo()], &["--config", wd.path("bad.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("min_volunteer_per_village"));
    assert!(!wd.path("out.xlsx").exists());
}

#[test]
fn config_changes_the_minimum() {
    let wd = Workdir::new();
    std::fs::write(wd.path("g.toml"), "min_volunteers_per_village = 25\n").unwrap();
    assert!(wd.check(&[demo()], &["--config", wd.path("g.toml").to_str().unwrap()]).status.success());
    let json = wd.json();
    assert!(issues_with(&json, "C01").is_empty());
}

#[test]
fn unwritable_output_folder_exits_1_and_leaves_nothing() {
    let wd = Workdir::new();
    // Where the folder should be there is a file: it cannot be made.
    std::fs::write(wd.path("一个文件"), "x").unwrap();
    let out = wd
        .command()
        .arg("check")
        .arg(demo())
        .args(["--month", "2023-01", "-o"])
        .arg(wd.path("一个文件/子文件夹/out.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法创建汇总表的保存位置"), "{out:?}");
    let left: Vec<_> = std::fs::read_dir(wd.dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn a_new_output_folder_is_made_as_the_feedback_folder_is() {
    let wd = Workdir::new();
    let out = wd
        .command()
        .arg("check")
        .arg(demo())
        .args(["--month", "2023-01", "-q", "-o"])
        .arg(wd.path("新文件夹/汇总.xlsx"))
        .arg("--json")
        .arg(wd.path("另一个/汇总.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(wd.path("新文件夹/汇总.xlsx").is_file() && wd.path("另一个/汇总.json").is_file());
}

#[test]
fn rules_prints_the_thresholds() {
    let wd = Workdir::new();
    let out = wd.command().arg("rules").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("30 人") && text.contains("65 周岁") && text.contains("每周电话关心慰问3次"), "{text}");
    // Each rule names the id the JSON's recipients[].rules[].rule and todo[].rule carry.
    for id in ["elderly_intensive", "elderly_daily", "tekun_month", "children_week", "dibao_month"] {
        assert!(text.contains(&format!("规则代号 {id}")), "{id}: {text}");
    }
}
