//! The history file's faults built for real (SPEC §11 "Faults lose nothing"): a file that
//! is not a history, a truncated one, a newer schema, another process holding the write
//! lock, a read-only folder, and guanai killed at random points while recording. Each
//! time: the month's outputs are written, the file is never changed, the run exits 1 with
//! a Chinese message (a kill aside), and the file opens with the periods it held.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::{fixture, Workdir};

fn check_into(wd: &Workdir, month: &str, history: &Path) -> Output {
    wd.command()
        .arg("check")
        .arg(fixture(&format!("months/{month}")))
        .args(["--month", month, "-o"])
        .arg(wd.path(&format!("{month}.xlsx")))
        .arg("--json")
        .arg(wd.path(&format!("{month}.json")))
        .arg("--history")
        .arg(history)
        .output()
        .unwrap()
}

/// The run failed because of the history only: exit 1, the message says `what`, the
/// month's workbook and JSON are there.
fn assert_refused(wd: &Workdir, month: &str, out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(what), "{what} in {stderr}");
    assert!(stderr.contains("其他输出不受影响"), "{stderr}");
    assert!(!stderr.is_ascii() && !stderr.contains("SQLite") && !stderr.contains("database"), "{stderr}");
    assert!(wd.path(&format!("{month}.xlsx")).is_file() && wd.path(&format!("{month}.json")).is_file());
}

/// The periods `guanai history` lists, as its lines.
fn periods(history: &Path) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_guanai")).args(["history", "--history"]).arg(history).output().unwrap();
    assert!(out.status.success(), "history does not open: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn a_file_that_is_not_a_history_is_left_as_it_was() {
    let wd = Workdir::new();
    let history = wd.path("关爱历史.sqlite");
    std::fs::write(&history, "去年的工作总结，不是数据库。".repeat(200)).unwrap();
    let before = std::fs::read(&history).unwrap();
    let out = check_into(&wd, "2023-01", &history);
    assert_refused(&wd, "2023-01", &out, "不是 guanai 的历史记录");
    assert_eq!(std::fs::read(&history).unwrap(), before);
}

#[test]
fn a_truncated_history_is_left_as_it_was() {
    let wd = Workdir::new();
    let history = wd.path("关爱历史.sqlite");
    assert!(check_into(&wd, "2022-12", &history).status.success());
    let whole = std::fs::read(&history).unwrap();
    std::fs::write(&history, &whole[..whole.len() / 2]).unwrap();
    let before = std::fs::read(&history).unwrap();
    let out = check_into(&wd, "2023-01", &history);
    assert_refused(&wd, "2023-01", &out, "已损坏");
    assert_eq!(std::fs::read(&history).unwrap(), before);
}

#[test]
fn a_newer_schema_is_left_as_it_was() {
    let wd = Workdir::new();
    let history = wd.path("关爱历史.sqlite");
    assert!(check_into(&wd, "2022-12", &history).status.success());
    rusqlite::Connection::open(&history).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    let before = std::fs::read(&history).unwrap();
    let out = check_into(&wd, "2023-01", &history);
    assert_refused(&wd, "2023-01", &out, "更新版本的 guanai");
    assert_eq!(std::fs::read(&history).unwrap(), before);
}

/// Another process (as another guanai recording would) holds the write lock: guanai waits,
/// then gives up with the outputs written and the other process's work intact; a lock let
/// go within the wait is waited for.
#[test]
fn another_process_holding_the_write_lock() {
    let wd = Workdir::new();
    let history = wd.path("关爱历史.sqlite");
    assert!(check_into(&wd, "2022-12", &history).status.success());
    let hold = |seconds: u64| {
        let path = history.clone();
        let (locked, wait) = std::sync::mpsc::channel();
        let holder = std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE; DELETE FROM volunteers WHERE 0;").unwrap();
            locked.send(()).unwrap();
            std::thread::sleep(Duration::from_secs(seconds));
            conn.execute_batch("COMMIT").unwrap();
        });
        wait.recv().unwrap();
        holder
    };
    let holder = hold(14);
    let out = check_into(&wd, "2023-01", &history);
    assert_refused(&wd, "2023-01", &out, "正被另一个 guanai 使用");
    holder.join().unwrap();
    assert_eq!(periods(&history), ["2022年12月"]);
    let holder = hold(2);
    let out = check_into(&wd, "2023-01", &history);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    holder.join().unwrap();
    assert_eq!(periods(&history), ["2022年12月", "2023年1月"]);
}

/// A folder guanai may not write in: no history is created there, the outputs elsewhere are.
/// As root (CI's containers) the run drops to `nobody`, for whom the mode holds.
#[cfg(unix)]
#[test]
fn a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let wd = Workdir::new();
    std::fs::set_permissions(wd.dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let locked = wd.path("只读");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let history = locked.join("关爱历史.sqlite");
    let mut cmd = wd.command();
    cmd.arg("check")
        .arg(fixture("months/2023-01"))
        .args(["--month", "2023-01", "-o"])
        .arg(wd.path("2023-01.xlsx"))
        .arg("--json")
        .arg(wd.path("2023-01.json"))
        .arg("--history")
        .arg(&history);
    // Whether the tests run as root: the owner of a file this process creates.
    let probe = wd.path("probe");
    std::fs::write(&probe, "").unwrap();
    if std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&probe).unwrap()) == 0 {
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    assert_refused(&wd, "2023-01", &out, "无法写入");
    assert!(!history.exists());
}

/// A ledger of `n` people as a CSV: a month whose recording takes long enough to be killed
/// in the middle of.
fn big_ledger(dir: &Path, n: usize) -> PathBuf {
    let ledger = dir.join("大台账");
    std::fs::create_dir_all(&ledger).unwrap();
    let mut text = String::from("镇（街道）,村（社区）,对象姓名,对象类别,关爱联系人,联系人电话\n");
    for i in 0..n {
        text.push_str(&format!("井口街道,村{},对象{i},低保对象,联系人{},1382346{:04}\n", i % 40, i % 97, i % 10000));
    }
    std::fs::write(ledger.join("井口街道_关爱帮扶对象台账.csv"), text).unwrap();
    ledger
}

/// guanai killed (SIGKILL) at random points while it records February again over a
/// recorded February (a delete and an insert in one transaction): the file always opens,
/// with both months, February whole — the old record or the new, never a part of either.
#[cfg(unix)]
#[test]
fn killed_while_recording_loses_nothing() {
    let wd = Workdir::new();
    let history = wd.path("关爱历史.sqlite");
    let ledger = big_ledger(wd.dir.path(), 20_000);
    let run = |month: &str| {
        let mut child = wd
            .command()
            .arg("check")
            .arg(&ledger)
            .args(["--month", month, "-o"])
            .arg(wd.path("out.xlsx"))
            .arg("--history")
            .arg(&history)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        (child, BufReader::new(stdout))
    };
    let (mut first, mut said) = run("2023-01");
    let mut all = String::new();
    std::io::Read::read_to_string(&mut said, &mut all).unwrap();
    assert!(first.wait().unwrap().success(), "{all}");
    // Up to the line that says everything is written; what follows is the recording.
    let written = |out: &mut BufReader<std::process::ChildStdout>| {
        let mut line = String::new();
        while out.read_line(&mut line).unwrap() > 0 && !line.contains("汇总表：") {
            line.clear();
        }
    };
    // How long recording takes here: the kills fall inside that time.
    let (mut child, mut out) = run("2023-02");
    written(&mut out);
    let started = std::time::Instant::now();
    assert!(child.wait().unwrap().success());
    let recording = started.elapsed().as_millis().max(1) as u64;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let (mut killed_before, mut killed_after) = (0, 0);
    for i in 0..50 {
        // Every other time February is new to the file, else it replaces the one there.
        let had = periods(&history).len() == 2;
        if i % 2 == 0 && had {
            let forget = Command::new(env!("CARGO_BIN_EXE_guanai"))
                .args(["history", "--forget", "2023-02", "--history"])
                .arg(&history)
                .output()
                .unwrap();
            assert!(forget.status.success());
        }
        let replacing = periods(&history).len() == 2;
        let (mut child, mut out) = run("2023-02");
        written(&mut out);
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_millis((seed >> 33) % recording));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        let held = periods(&history);
        if replacing {
            assert_eq!(held, ["2023年1月", "2023年2月"], "a replaced period is there, old or new");
        } else {
            assert!(held == ["2023年1月"] || held == ["2023年1月", "2023年2月"], "{held:?}");
        }
        if held.len() == 2 {
            assert_eq!(recipients(&history, "2023年2月"), 20_000, "February recorded whole, never in part");
        }
        if finished {
            killed_after += 1
        } else {
            killed_before += 1
        }
    }
    eprintln!(
        "recording takes {recording} ms; killed while recording: {killed_before}, finished first: {killed_after}"
    );
    assert!(killed_before > 0, "no run was killed before it finished");
}

/// The 关爱对象 figure `guanai history` lists for `period`.
fn recipients(history: &Path, period: &str) -> u64 {
    let out = Command::new(env!("CARGO_BIN_EXE_guanai")).args(["history", "--history"]).arg(history).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = text.lines().find(|l| l.starts_with(period)).unwrap();
    line.split_whitespace().nth(4).unwrap().parse().unwrap()
}
