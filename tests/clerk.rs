//! What the clerk reads, prints and forwards (issue 14): figures that agree everywhere,
//! guanai's own workbooks never read back as submissions.

mod common;

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{fixture, Workdir};
use serde_json::Value;

fn cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = book.worksheet_range(sheet).unwrap_or_else(|e| panic!("{sheet}: {e}"));
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// 总览's table under its header row: the township rows and the 合计 row, keyed by header.
fn overview(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let rows = cells(path, "总览");
    let at = rows.iter().position(|r| r.first().is_some_and(|c| c == "镇（街道）")).expect("总览 header");
    let header = rows[at].clone();
    let table = rows[at + 1..].iter().take_while(|r| r.first().is_some_and(|c| !c.is_empty())).cloned().collect();
    (header, table)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name} in {header:?}"))
}

fn number(s: &str) -> u64 {
    s.parse().unwrap_or_else(|_| panic!("not a count: {s:?}"))
}

/// The first number after `label` in `text`.
fn after(text: &str, label: &str) -> u64 {
    let rest = &text[text.find(label).unwrap_or_else(|| panic!("{label} in {text}")) + label.len()..];
    let digits: String = rest.trim_start().chars().take_while(char::is_ascii_digit).collect();
    number(&digits)
}

#[test]
fn every_figure_agrees_across_overview_terminal_json_and_feedback() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("demo")], &["--feedback-dir", wd.path("反馈").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let terminal = String::from_utf8_lossy(&out.stdout).to_string();
    let json = wd.json();
    let (header, table) = overview(&wd.path("out.xlsx"));
    let (total, townships) = table.split_last().expect("rows");
    assert_eq!(total[0], "合计");
    let figures = [
        "村（社区）数",
        "社工达标村（社区）数",
        "有效社工人数",
        "上报社工人数",
        "关爱对象数",
        "频次达标",
        "频次不达标",
        "不考核",
        "关爱记录数",
        "错误数",
        "警告数",
    ];
    for name in figures {
        let c = column(&header, name);
        let sum: u64 = townships.iter().map(|r| number(&r[c])).sum();
        assert_eq!(sum, number(&total[c]), "{name}: the townships add up to 合计");
    }
    let t = &json["totals"];
    let n = |k: &str| t[k].as_u64().unwrap();
    let of_total = |name: &str| number(&total[column(&header, name)]);
    assert_eq!(of_total("错误数"), n("errors"));
    assert_eq!(of_total("警告数"), n("warnings"));
    assert_eq!(of_total("关爱对象数"), n("recipients"));
    assert_eq!(of_total("频次达标"), n("recipients_compliant"));
    assert_eq!(of_total("频次不达标"), n("recipients_noncompliant"));
    assert_eq!(of_total("频次达标") + of_total("频次不达标"), n("recipients_assessed"));
    assert_eq!(of_total("有效社工人数"), n("volunteers_valid"));
    assert_eq!(of_total("村（社区）数"), n("villages"));
    assert_eq!(of_total("社工达标村（社区）数"), n("villages_meeting_minimum"));
    assert_eq!(of_total("上报社工人数"), after(&terminal, "上报"), "{terminal}");
    assert_eq!(of_total("关爱记录数"), n("visits_accepted"));
    // The terminal says the same.
    assert_eq!(after(&terminal, "错误"), n("errors"), "{terminal}");
    assert_eq!(after(&terminal, "警告"), n("warnings"), "{terminal}");
    assert_eq!(after(&terminal, "频次达标"), n("recipients_compliant"), "{terminal}");
    assert_eq!(after(&terminal, "不达标"), n("recipients_noncompliant"), "{terminal}");
    assert_eq!(after(&terminal, "不考核"), n("recipients") - n("recipients_assessed"), "{terminal}");
    // The rate is 达标 ÷ (达标 + 不达标), in every row.
    let rate = column(&header, "达标率");
    for row in table.iter() {
        let (met, missed) = (number(&row[column(&header, "频次达标")]), number(&row[column(&header, "频次不达标")]));
        if met + missed == 0 {
            assert_eq!(row[rate], "—", "{row:?}");
        } else {
            let shown: f64 = row[rate].parse().unwrap();
            assert!((shown - met as f64 / (met + missed) as f64).abs() < 1e-9, "{row:?}");
        }
    }
    let percent = format!("{:.1}%", n("recipients_compliant") as f64 * 100.0 / n("recipients_assessed") as f64);
    assert!(terminal.contains(&format!("达标率 {percent}")), "{percent}: {terminal}");
    // Every configured township is a row, in the configured order (井口街道 before 歌乐山街道
    // before 凤凰镇); those that sent nothing say 未报送, with nothing counted, and the terminal
    // names them.
    let sent = column(&header, "报送情况");
    let reported: Vec<&Vec<String>> = townships.iter().filter(|r| r[sent] == "已报送").collect();
    let names: Vec<&str> = reported.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["井口街道", "歌乐山街道", "凤凰镇"]);
    let silent: Vec<&Vec<String>> = townships.iter().filter(|r| r[sent] == "未报送").collect();
    assert_eq!(silent.len() + reported.len(), townships.len());
    assert_eq!(townships.len(), 26, "the 26 configured townships");
    assert_eq!(after(&terminal, "未报送材料的镇（街道）"), 23, "{terminal}");
    for row in &silent {
        assert!(terminal.contains(row[0].as_str()), "{} named: {terminal}", row[0]);
        for name in figures {
            assert_eq!(row[column(&header, name)], "0", "{} {name}", row[0]);
        }
        assert!(!wd.path("反馈").join(format!("{}_问题反馈.xlsx", row[0])).exists());
    }
    // Each township's feedback workbook has its 总览 row's figures.
    for row in reported {
        let path = wd.path("反馈").join(format!("{}_问题反馈.xlsx", row[0]));
        let issues = cells(&path, "问题清单");
        let count = |level: &str| issues.iter().skip(1).filter(|r| r[0] == level).count() as u64;
        assert_eq!(count("错误"), number(&row[column(&header, "错误数")]), "{} errors", row[0]);
        assert_eq!(count("警告"), number(&row[column(&header, "警告数")]), "{} warnings", row[0]);
        let villages = cells(&path, "社工人数核查");
        assert_eq!(villages.len() as u64 - 1, number(&row[column(&header, "村（社区）数")]), "{}", row[0]);
        let guide = cells(&path, "说明").concat().join("");
        for (label, name) in [("频次达标", "频次达标"), ("不达标", "频次不达标"), ("关爱对象", "关爱对象数")]
        {
            assert_eq!(after(&guide, label), number(&row[column(&header, name)]), "{} {label}: {guide}", row[0]);
        }
    }
}

/// Each row of 关爱对象 says of its person what the JSON says: 达标, 不达标 or 不考核, in
/// the same order, so the sheet the clerk forwards never calls a missed person met.
#[test]
fn each_recipients_verdict_in_the_workbook_is_the_jsons() {
    let wd = Workdir::new();
    assert!(wd.check(&[fixture("demo")], &[]).status.success());
    let json = wd.json();
    let rows = cells(&wd.path("out.xlsx"), "关爱对象");
    let at = rows.iter().position(|r| r.first().is_some_and(|c| c == "镇（街道）")).expect("关爱对象 header");
    let (name, verdict) = (column(&rows[at], "姓名"), column(&rows[at], "频次达标"));
    let written: Vec<(&str, &str)> = rows[at + 1..].iter().map(|r| (r[name].as_str(), r[verdict].as_str())).collect();
    let said: Vec<(&str, &str)> = json["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let verdict = match (r["assessed"].as_bool(), r["compliant"].as_bool()) {
                (Some(false), _) => "不考核",
                (_, Some(true)) => "达标",
                _ => "不达标",
            };
            (r["name"].as_str().unwrap(), verdict)
        })
        .collect();
    assert_eq!(written, said);
    assert!(["达标", "不达标", "不考核"].iter().all(|v| said.iter().any(|(_, s)| s == v)), "all three seen");
}

#[test]
fn no_records_in_the_month_gives_no_compliant_recipient() {
    let wd = Workdir::new();
    let mut cmd = wd.command();
    cmd.arg("check").arg(fixture("demo")).args(["--month", "2023-02", "-o"]).arg(wd.path("out.xlsx"));
    let out = cmd.arg("--json").arg(wd.path("out.json")).output().unwrap();
    assert!(out.status.success());
    let json = wd.json();
    let t = &json["totals"];
    assert_eq!(t["recipients_compliant"], 0, "nobody is 达标 without a record: {t}");
    assert!(t["recipients_noncompliant"].as_u64().unwrap() > 0);
    // The records are in January: the terminal and 总览 say so.
    let terminal = String::from_utf8_lossy(&out.stdout);
    assert!(terminal.contains("大多在2023年1月") && terminal.contains("--month 2023-01"), "{terminal}");
    let overview = cells(&wd.path("out.xlsx"), "总览").concat().join("\n");
    assert!(overview.contains("--month 2023-01"), "{overview}");
    // With the right month, no such line.
    let again = wd.check(&[fixture("demo")], &[]);
    assert!(!String::from_utf8_lossy(&again.stdout).contains("大多在"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Without the run's time, and the township rows (which count the F07 warnings too).
fn without_run_time(mut json: Value) -> Value {
    let object = json.as_object_mut().unwrap();
    object.remove("generated_at");
    object.remove("townships");
    json
}

fn without_own_files(json: Value) -> Value {
    let mut json = without_run_time(json);
    let own = |v: &Value| v["code"] == "F07";
    let files = json["files"].as_array_mut().unwrap();
    files.retain(|f| !own(f));
    let issues = json["issues"].as_array_mut().unwrap();
    issues.retain(|i| !own(i));
    let f07 = json["totals"]["files"].as_u64().unwrap() - json["files"].as_array().unwrap().len() as u64;
    json["totals"]["files"] = Value::from(json["totals"]["files"].as_u64().unwrap() - f07);
    json["totals"]["warnings"] = Value::from(json["totals"]["warnings"].as_u64().unwrap() - f07);
    json
}

#[test]
fn last_months_outputs_in_the_inbox_change_nothing() {
    let wd = Workdir::new();
    let inbox = wd.path("收件箱");
    copy_dir(&fixture("demo"), &inbox);
    let results = wd.path("结果");
    std::fs::create_dir(&results).unwrap();
    let run = |args: &[&str]| {
        let out = wd.command().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let inbox_s = inbox.to_str().unwrap();
    let first = results.join("汇总.xlsx");
    let fb = results.join("反馈");
    run(&[
        "check",
        inbox_s,
        "--month",
        "2023-01",
        "-o",
        first.to_str().unwrap(),
        "--json",
        results.join("a.json").to_str().unwrap(),
        "--feedback-dir",
        fb.to_str().unwrap(),
    ]);
    run(&["cards", inbox_s, "-o", results.join("关爱联系卡.xlsx").to_str().unwrap()]);
    run(&["template", results.join("模板").to_str().unwrap()]);
    let before: Value = serde_json::from_str(&std::fs::read_to_string(results.join("a.json")).unwrap()).unwrap();
    let left: PathBuf = inbox.join("上月结果");
    copy_dir(&results, &left);
    std::fs::remove_file(left.join("a.json")).unwrap();
    run(&["check", inbox_s, "--month", "2023-01", "-o", wd.path("again.xlsx").to_str().unwrap(), "--json"]
        .into_iter()
        .chain([wd.path("again.json").to_str().unwrap()])
        .collect::<Vec<_>>());
    let after: Value = serde_json::from_str(&std::fs::read_to_string(wd.path("again.json")).unwrap()).unwrap();
    let own: Vec<&Value> = after["files"].as_array().unwrap().iter().filter(|f| f["code"] == "F07").collect();
    // 汇总, 关爱记录汇总, 3 feedback files, the cards and 5 templates.
    assert_eq!(own.len(), 11, "{own:#?}");
    assert!(own.iter().all(|f| f["status"] == "ignored" && f["sheets"] == serde_json::json!([])));
    let (before_s, after_s) = (
        serde_json::to_string_pretty(&without_run_time(before)).unwrap(),
        serde_json::to_string_pretty(&without_own_files(after)).unwrap(),
    );
    assert!(before_s == after_s, "the second run differs beyond the F07 entries");
}

/// The ASCII words of `text` that are not a flag, a quoted path or value, a config key,
/// a code, a command or a format's name: each is English the clerk would have to read.
fn english_words(text: &str) -> Vec<String> {
    const ALLOWED: &[&str] = &[
        "guanai",
        "check",
        "rules",
        "template",
        "cards",
        "history",
        "sqlite",
        "exe",
        "TOML",
        "JSON",
        "xlsx",
        "xls",
        "Excel",
        "WPS",
        "UTF",
        "GBK",
        "true",
        "false",
        "toml",
        "templates",
        "defaults",
        "csv",
        "ods",
        "et",
        // config keys without an underscore
        "district",
        "townships",
        "rules",
        // units
        "MB",
    ];
    let mut unquoted = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth -= 1,
            _ if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    unquoted
        .split(|c: char| c.is_whitespace() || (!c.is_ascii() && c != '_'))
        .filter(|token| !token.starts_with('-') && !token.contains(['_', '.', '/', '\\', '<', '=']))
        .flat_map(|token| token.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() >= 2 && !ALLOWED.contains(w))
        .filter(|w| !(w.len() == 3 && w.starts_with(char::is_uppercase) && w[1..].chars().all(|c| c.is_ascii_digit())))
        .map(str::to_string)
        .collect()
}

#[test]
fn help_argument_config_and_os_errors_are_chinese() {
    let wd = Workdir::new();
    std::fs::write(wd.path("拼错.toml"), "min_volunters = 20\n").unwrap();
    std::fs::write(wd.path("类型.toml"), "# 注释\nmax_volunteer_age = \"六十五\"\n").unwrap();
    std::fs::write(wd.path("语法.toml"), "district = \"沙坪坝区\n").unwrap();
    std::fs::write(wd.path("规则.toml"), "[[rules]]\nid = \"x\"\nlable = \"x\"\n").unwrap();
    std::fs::create_dir(wd.path("结果")).unwrap();
    std::fs::write(wd.path("一个文件"), "x").unwrap();
    let demo = fixture("demo");
    let demo = demo.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["check", "--help"],
        vec!["rules", "--help"],
        vec!["template", "--help"],
        vec!["cards", "--help"],
        vec!["check", demo, "--mnth", "2023-01"],
        vec!["chek", demo],
        vec!["check"],
        vec!["check", demo, "--month"],
        vec!["check", demo, "--month", "2023-13"],
        vec!["check", "不存在的文件夹"],
        vec!["check", demo, "-o", "结果"],
        vec!["check", demo, "-o", "汇总.xls"],
        vec!["check", demo, "-o", "汇总"],
        vec!["check", demo, "-o", "一个文件/子文件夹/汇总.xlsx"],
        vec!["check", demo, "--config", "没有.toml"],
        vec!["rules", "--config", "拼错.toml"],
        vec!["rules", "--config", "类型.toml"],
        vec!["rules", "--config", "语法.toml"],
        vec!["rules", "--config", "规则.toml"],
        vec!["rules"],
    ];
    for args in cases {
        let out = wd.command().args(&args).output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!text.trim().is_empty(), "{args:?} says nothing");
        let words = english_words(&text);
        assert!(words.is_empty(), "{args:?}: English {words:?} in\n{text}");
        assert!(!text.contains("os error"), "{args:?}: {text}");
        let help = args.contains(&"--help") || args == ["rules"];
        assert_eq!(out.status.code(), Some(if help { 0 } else { 1 }), "{args:?}: {text}");
    }
}

#[test]
fn argument_and_config_errors_name_the_fix() {
    let wd = Workdir::new();
    let said = |args: &[&str]| {
        let out = wd.command().args(args).output().unwrap();
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let demo = fixture("demo");
    let demo = demo.to_str().unwrap();
    let e = said(&["check", demo, "--mnth", "2023-01"]);
    assert!(e.contains("--mnth") && e.contains("--month") && e.contains("考核月份"), "{e}");
    let e = said(&["chek", demo]);
    assert!(e.contains("guanai check"), "{e}");
    std::fs::create_dir(wd.path("结果")).unwrap();
    let e = said(&["check", demo, "-o", "结果"]);
    assert!(e.contains("“结果”是一个文件夹") && !e.contains("Excel"), "{e}");
    let e = said(&["check", demo, "-o", "汇总.xls"]);
    assert!(e.contains(".xlsx") && e.contains("“汇总.xlsx”"), "{e}");
    let left: Vec<_> = std::fs::read_dir(wd.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "refused before anything is written: {left:?}");
    std::fs::write(wd.path("a.toml"), "district = \"沙坪坝区\"\n\nmin_volunters = 20\n").unwrap();
    let e = said(&["rules", "--config", "a.toml"]);
    assert!(e.contains("“a.toml”第 3 行") && e.contains("min_volunteers_per_village"), "{e}");
    // Notepad's old default on Chinese Windows: GBK.
    let (gbk, _, _) =
        encoding_rs::GB18030.encode("# 本区设置\nmin_volunteers_per_village = 20\n[townships]\n\"井口街道\" = []\n");
    std::fs::write(wd.path("gbk.toml"), &gbk).unwrap();
    let out = wd.command().args(["rules", "--config", "gbk.toml"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("20 人") && text.contains("镇（街道）名单：1 个"), "{text}");
}

/// Each sheet of a workbook with the scale it prints at, computed from its XML as Excel
/// does: fit to one page wide → the printable width over the columns' width (at most
/// 100 %), else the sheet's own scale.
fn print_scales(path: &Path) -> Vec<(String, f64)> {
    // Excel: 7 px a character of Calibri 11 (and 0.5 rounding).
    print_scales_with(path, |w| (w * 7.0 + 0.5).floor())
}

/// The same as LibreOffice prints it: a character of Carlito (Calibri's metric twin) is
/// about 7.44 px there.
fn print_scales_libreoffice(path: &Path) -> Vec<(String, f64)> {
    print_scales_with(path, |w| w * 7.44)
}

fn print_scales_with(path: &Path, px: impl Fn(f64) -> f64) -> Vec<(String, f64)> {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    };
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..at + tag[at..].find('"')?].to_string())
    };
    let workbook = read("xl/workbook.xml");
    let names: Vec<String> =
        workbook.split("<sheet ").skip(1).map(|t| attr(&format!(" {t}"), "name").unwrap()).collect();
    let mut out = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let xml = read(&format!("xl/worksheets/sheet{}.xml", i + 1));
        // Each row once, in order: a repeated <row> is a file Excel reports as damaged.
        let rows: Vec<u32> =
            xml.split("<row r=\"").skip(1).map(|r| r[..r.find('"').unwrap()].parse().unwrap()).collect();
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "{} / {name}: rows out of order or repeated", path.display());
        let tag = |t: &str| xml.find(&format!("<{t} ")).map(|a| xml[a..a + xml[a..].find('>').unwrap()].to_string());
        let setup = tag("pageSetup").unwrap_or_default();
        let landscape = attr(&setup, "orientation").as_deref() == Some("landscape");
        assert_eq!(attr(&setup, "paperSize").as_deref(), Some("9"), "{name}: A4");
        let margins = tag("pageMargins").unwrap_or_default();
        let margin = |m: &str| attr(&margins, m).map_or(0.7, |v| v.parse::<f64>().unwrap());
        let paper = if landscape { 11.69 } else { 8.27 };
        let printable_px = (paper - margin("left") - margin("right")) * 96.0;
        let fits = tag("pageSetUpPr").is_some_and(|t| attr(&t, "fitToPage").as_deref() == Some("1"));
        // Columns without a <col> are Excel's default 8.43 characters (64 px).
        let width_px = {
            let mut width_px = 0.0;
            let mut last = 0;
            for col in xml.split("<col ").skip(1) {
                let col = format!(" {col}");
                let (min, max): (u32, u32) =
                    (attr(&col, "min").unwrap().parse().unwrap(), attr(&col, "max").unwrap().parse().unwrap());
                let w: f64 = attr(&col, "width").unwrap().parse().unwrap();
                width_px += (max - min + 1) as f64 * px(w);
                last = max;
            }
            let used = xml
                .find("<dimension ref=\"")
                .map(|a| {
                    let r = &xml[a + 16..];
                    let r = &r[..r.find('"').unwrap()];
                    let end = r.rsplit(':').next().unwrap();
                    end.chars().take_while(char::is_ascii_uppercase).fold(0u32, |n, c| n * 26 + (c as u32 - 64))
                })
                .unwrap_or(0);
            width_px += used.saturating_sub(last) as f64 * 64.0;
            width_px
        };
        let scale = if fits {
            assert_eq!(attr(&setup, "fitToWidth").unwrap_or("1".into()), "1", "{name}");
            (printable_px / width_px).min(1.0)
        } else {
            attr(&setup, "scale").map_or(1.0, |s| s.parse::<f64>().unwrap() / 100.0)
        };
        if xml.contains("<rowBreaks") && !fits && !xml.contains("<colBreaks") {
            // Manual page breaks need a fixed scale; the sheet must still fit one page across.
            assert!(
                width_px * scale <= printable_px + 0.5,
                "{} / {name}: {width_px:.0} px at {:.0} % is wider than the page ({printable_px:.0} px)",
                path.display(),
                scale * 100.0
            );
        }
        out.push((name, scale));
    }
    out
}

#[test]
fn every_written_workbook_prints_at_8_pt_or_more() {
    let wd = Workdir::new();
    let fb = wd.path("反馈");
    let out = wd.check(&[fixture("demo")], &["--feedback-dir", fb.to_str().unwrap()]);
    assert!(out.status.success());
    let cards = wd.command().args(["cards", fixture("demo").to_str().unwrap(), "-o"]).arg(wd.path("卡.xlsx")).output();
    assert!(cards.unwrap().status.success());
    assert!(wd.command().args(["template", "模板"]).output().unwrap().status.success());
    // Mid-month: 待办清单, printed at a fixed scale under its page breaks, in the summary and feedback.
    let mid = wd.path("月中");
    let out = wd
        .command()
        .arg("check")
        .arg(fixture("mid_month"))
        .args(["--month", "2023-01", "--as-of", "2023-01-21"])
        .arg("-o")
        .arg(wd.path("月中.xlsx"))
        .arg("--feedback-dir")
        .arg(&mid)
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut books = vec![wd.path("out.xlsx"), wd.path("卡.xlsx"), wd.path("月中.xlsx")];
    for dir in [fb, wd.path("模板"), mid] {
        books.extend(std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()));
    }
    assert_eq!(books.len(), 3 + 3 + 5 + 1);
    for book in books {
        let excel = print_scales(&book);
        let libreoffice = print_scales_libreoffice(&book);
        for (sheet, scale) in excel.into_iter().chain(libreoffice) {
            // Calibri 11 at this scale.
            let points = 11.0 * scale;
            assert!(
                points >= 8.0 - 1e-9,
                "{} / {sheet}: prints at {:.0} % = {points:.1} pt",
                book.display(),
                scale * 100.0
            );
        }
    }
}
