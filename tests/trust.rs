//! What the clerk trusts at first sight (issue 24): no all-clear from a folder with
//! nothing to check, a warning when a kind of submission is missing, figures that agree
//! with each other on the screen.

mod common;

use std::path::Path;

use calamine::{open_workbook, Reader, Xlsx};
use common::{fixture, Workdir};

fn overview_text(path: &Path) -> String {
    let mut book: Xlsx<_> = open_workbook(path).expect("workbook");
    let range = book.worksheet_range("总览").expect("总览");
    let line = |r: &[calamine::Data]| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("\t");
    range.rows().map(line).collect::<Vec<_>>().join("\n")
}

#[test]
fn an_empty_folder_or_one_without_tables_is_not_an_all_clear() {
    let wd = Workdir::new();
    let empty = wd.path("空文件夹");
    std::fs::create_dir(&empty).unwrap();
    let wrong = wd.path("下载失败");
    std::fs::create_dir(&wrong).unwrap();
    std::fs::write(wrong.join("邮件正文.txt"), "附件见下").unwrap();
    std::fs::write(wrong.join("附件1.doc"), b"\xd0\xcf\x11\xe0").unwrap();
    for (folder, names) in [(&empty, vec![]), (&wrong, vec!["邮件正文.txt", "附件1.doc"])] {
        let out = wd.check(std::slice::from_ref(folder), &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
        assert!(!stdout.contains("核查完成") && !stdout.contains("暂无待办"), "{stdout}");
        assert!(stderr.contains("没有找到任何报送材料") && stderr.contains("没有生成汇总表"), "{stderr}");
        for name in names {
            assert!(stderr.contains(name), "{name} and why: {stderr}");
        }
        assert!(!wd.path("out.xlsx").exists(), "no workbook of nothing");
        let json = wd.json();
        assert_eq!(json["totals"]["recipients"], 0);
    }
}

#[test]
fn the_inbox_with_nothing_in_it_is_not_an_all_clear() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path("收件箱")).unwrap();
    let out = wd.command().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("还没有报送文件"));
    assert!(!wd.path("汇总结果").exists());
}

#[test]
fn a_folder_with_volunteer_lists_alone_says_what_is_missing() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("cases/C01/input")], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let warning = "注意：本次没有读到关爱服务记录（附件2）、关爱对象台账";
    assert!(stdout.contains(warning), "{stdout}");
    assert!(overview_text(&wd.path("out.xlsx")).contains(warning));
    // The demo has every kind: no such line.
    let demo = wd.check(&[fixture("demo")], &[]);
    assert!(!String::from_utf8_lossy(&demo.stdout).contains("本次没有读到"));
}

#[test]
fn without_volunteer_lists_the_villages_are_not_reported_as_zero() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("mid_month")], &["--as-of", "2023-01-21"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("村（社区）0 个"), "{stdout}");
    assert!(stdout.contains("社工名单：本次未收到") && stdout.contains("涉及村（社区）2 个"), "{stdout}");
    assert!(stdout.contains("注意：本次没有读到社工名单（附件1）"), "{stdout}");
}

#[test]
fn a_wrong_month_warns_first_with_the_records_the_summary_counts() {
    let wd = Workdir::new();
    let mut cmd = wd.command();
    cmd.arg("check").arg(fixture("demo")).args(["--month", "2023-02", "-o"]).arg(wd.path("out.xlsx"));
    let out = cmd.arg("--json").arg(wd.path("out.json")).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = wd.json();
    let accepted = json["totals"]["visits_accepted"].as_u64().unwrap();
    let second = stdout.lines().nth(1).unwrap_or_default();
    assert!(second.trim_start().starts_with("注意："), "the warning comes first: {stdout}");
    assert!(second.contains(&format!("关爱记录 {accepted} 条中全部")), "{second}");
    assert!(stdout.contains(&format!("关爱记录 {accepted} 条")), "{stdout}");
    let overview = overview_text(&wd.path("out.xlsx"));
    let line = overview.lines().nth(2).unwrap_or_default();
    assert!(line.starts_with("注意：") && line.contains("--month 2023-01"), "third line of 总览: {overview}");
}

/// Ctrl-C while the outputs are being written: a Chinese line, exit 130, and neither a
/// half-written workbook nor a temporary file left behind (a real SIGINT to the binary).
#[cfg(unix)]
#[test]
fn ctrl_c_while_writing_says_so_and_leaves_no_temporary_file() {
    use std::io::Write;
    let wd = Workdir::new();
    let inbox = wd.path("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    // A log big enough that saving it takes a while.
    let mut log = std::io::BufWriter::new(std::fs::File::create(inbox.join("井口街道关爱记录.csv")).unwrap());
    writeln!(log, "镇（街道）,村（社区）,时间,关爱方式,关爱对象类型,关爱对象姓名,实施关爱工作人员（记录人）").unwrap();
    for i in 0..300_000 {
        writeln!(log, "井口街道,南溪村,2023-01-{:02},电话联系,特困人员,对象{},李{}", i % 28 + 1, i % 5000, i % 70)
            .unwrap();
    }
    drop(log);
    let out = wd.path("结果");
    std::fs::create_dir(&out).unwrap();
    let child = wd
        .command()
        .arg("check")
        .arg(&inbox)
        .arg("-o")
        .arg(out.join("汇总.xlsx"))
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temporary =
        || std::fs::read_dir(&out).unwrap().flatten().any(|e| e.file_name().to_string_lossy().ends_with(".tmp"));
    let mut seen = false;
    for _ in 0..6000 {
        if temporary() {
            seen = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(seen, "the workbook's temporary file appears while it is written");
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("已中断"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(left.is_empty(), "nothing left behind: {left:?}");
}

/// Outputs are created as any new file is: with umask 022 readable by everyone, like a
/// document the clerk saves herself (not tempfile's 0600).
#[cfg(unix)]
#[test]
fn outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let wd = Workdir::new();
    let script = format!(
        "umask 022; exec '{}' check '{}' -q -o out.xlsx --json out.json",
        env!("CARGO_BIN_EXE_guanai"),
        fixture("demo").display()
    );
    let out = std::process::Command::new("sh").arg("-c").arg(script).current_dir(wd.dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for name in ["out.xlsx", "out.json"] {
        let mode = std::fs::metadata(wd.path(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{name}");
    }
}

/// The townships of a sheet's 镇（街道） column, one entry per block of rows.
fn township_blocks(path: &Path, sheet: &str) -> Vec<String> {
    let mut book: Xlsx<_> = open_workbook(path).expect("workbook");
    let range = book.worksheet_range(sheet).unwrap_or_else(|e| panic!("{sheet}: {e}"));
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let header = rows.iter().position(|r| r.iter().any(|c| c == "镇（街道）")).expect("header");
    let column = rows[header].iter().position(|c| c == "镇（街道）").unwrap();
    let mut blocks: Vec<String> = Vec::new();
    for row in &rows[header + 1..] {
        let t = row.get(column).cloned().unwrap_or_default();
        if !t.is_empty() && t != "合计" && blocks.last() != Some(&t) {
            blocks.push(t);
        }
    }
    blocks
}

#[test]
fn every_sheet_lists_the_townships_in_the_configured_order() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("demo")], &[]);
    assert!(out.status.success());
    let book = wd.path("out.xlsx");
    let official: Vec<String> = township_blocks(&book, "总览");
    let records = wd.records();
    for sheet in ["社工人数核查", "社工名单", "剔除人员", "关爱考核", "关爱对象", "关爱记录", "问题清单"]
    {
        let blocks = township_blocks(if sheet == "关爱记录" { &records } else { &book }, sheet);
        let mut positions = blocks.iter().map(|t| official.iter().position(|o| o == t).unwrap_or(usize::MAX));
        let mut last = 0;
        let in_order = positions.all(|p| {
            let ok = p >= last;
            last = p;
            ok
        });
        assert!(in_order, "{sheet}: {blocks:?} against 总览's {official:?}");
        assert!(blocks.len() >= 3, "{sheet} has the three townships: {blocks:?}");
    }
}

fn guide_of(feedback: &Path) -> String {
    let mut book: Xlsx<_> = open_workbook(feedback).expect("feedback workbook");
    let range = book.worksheet_range("说明").expect("说明");
    range.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect::<Vec<_>>().join("")
}

#[test]
fn the_correction_deadline_is_an_option_and_a_config_beside_the_inbox() {
    let wd = Workdir::new();
    let feedback = wd.path("反馈");
    let out = wd
        .check(&[fixture("demo")], &["--deadline", "2023年2月3日17点前", "--feedback-dir", feedback.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(guide_of(&feedback.join("井口街道_问题反馈.xlsx")).contains("请于2023年2月3日17点前改正"));

    // Double-click mode: 配置.toml beside 收件箱, copied from the shipped example.
    let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/配置示例.toml")).unwrap();
    let config = example.replace("feedback_deadline = \"\"", "feedback_deadline = \"2月10日12点前\"");
    std::fs::write(wd.path("配置.toml"), config).unwrap();
    let inbox = wd.path("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    for entry in std::fs::read_dir(fixture("demo/井口街道")).unwrap().flatten() {
        std::fs::copy(entry.path(), inbox.join(entry.file_name())).unwrap();
    }
    let out = wd.command().output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let guide = guide_of(&wd.path("汇总结果/各镇（街道）问题反馈/井口街道_问题反馈.xlsx"));
    assert!(guide.contains("请于2月10日12点前改正"), "{guide}");
}

#[test]
fn the_week_across_two_months_is_explained_with_the_command_that_assesses_it() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("demo")], &[]);
    assert!(out.status.success());
    let overview = overview_text(&wd.path("out.xlsx"));
    assert!(overview.contains("跨月的1月30日—2月5日这一周在前后两个月都不考核"), "{overview}");
    assert!(overview.contains("--from 2023-01-30 --to 2023-02-05"), "{overview}");
    // And that command assesses it: one whole week, in the period.
    let mut cmd = wd.command();
    cmd.arg("check").arg(fixture("demo")).args(["--from", "2023-01-30", "--to", "2023-02-05", "-q", "-o"]);
    let week = cmd.arg(wd.path("week.xlsx")).arg("--json").arg(wd.path("out.json")).output().unwrap();
    assert!(week.status.success(), "{}", String::from_utf8_lossy(&week.stderr));
    let json = wd.json();
    let weekly = json["recipients"].as_array().unwrap().iter().flat_map(|r| r["rules"].as_array().unwrap().iter());
    assert!(weekly.filter(|r| r["rule"] == "children_week").all(|r| r["assessed"] == 1));
}

#[test]
fn the_json_carries_the_run_facts_and_a_row_per_township() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("demo")], &[]);
    assert!(out.status.success());
    let json = wd.json();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["district"], "沙坪坝区");
    assert_eq!(json["as_of"], "2023-01-31");
    assert!(json["generated_at"].as_str().unwrap().len() == 19, "{}", json["generated_at"]);
    let townships = json["townships"].as_array().unwrap();
    assert_eq!(townships.len(), 26);
    let reported: Vec<&str> =
        townships.iter().filter(|t| t["reported"] == true).map(|t| t["township"].as_str().unwrap()).collect();
    assert_eq!(reported, ["井口街道", "歌乐山街道", "凤凰镇"]);
    let sum = |k: &str| townships.iter().map(|t| t[k].as_u64().unwrap()).sum::<u64>();
    for key in ["recipients", "recipients_compliant", "errors", "warnings", "visits_accepted", "volunteers_valid"] {
        assert_eq!(sum(key), json["totals"][key].as_u64().unwrap(), "{key}");
    }
    // What is wrong and what to do, apart; every key of every issue present.
    for issue in json["issues"].as_array().unwrap() {
        assert!(
            !issue["message"].as_str().unwrap().is_empty() && !issue["fix"].as_str().unwrap().is_empty(),
            "{issue}"
        );
        assert!(issue["row"].is_null() == issue["column"].is_null() || issue["row"].is_u64(), "{issue}");
    }
}
