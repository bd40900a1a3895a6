//! Runs the real binary in a scratch folder and reads its outputs back.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_guanai"));
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// `guanai check <paths> --month 2023-01 -o out.xlsx --json out.json <extra>`.
    pub fn check(&self, paths: &[PathBuf], extra: &[&str]) -> Output {
        self.check_month(paths, "2023-01", extra)
    }

    /// `check` of another month.
    pub fn check_month(&self, paths: &[PathBuf], month: &str, extra: &[&str]) -> Output {
        let mut cmd = self.command();
        cmd.arg("check")
            .args(paths)
            .args(["--month", month, "-o"])
            .arg(self.path("out.xlsx"))
            .arg("--json")
            .arg(self.path("out.json"))
            .args(extra);
        cmd.output().expect("run guanai")
    }

    /// The records workbook `check` writes beside out.xlsx (SPEC §6).
    pub fn records(&self) -> PathBuf {
        self.path("out_关爱记录.xlsx")
    }

    pub fn json(&self) -> Value {
        let text = std::fs::read_to_string(self.path("out.json")).expect("out.json written");
        serde_json::from_str(&text).expect("valid JSON")
    }
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)
}

pub fn issues_with<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    json["issues"].as_array().expect("issues").iter().filter(|i| i["code"] == code).collect()
}

/// Asserts read = accepted + rejected + skipped for every sheet.
pub fn assert_rows_conserved(json: &Value) {
    for file in json["files"].as_array().expect("files") {
        for sheet in file["sheets"].as_array().expect("sheets") {
            let n = |k: &str| sheet[k].as_u64().expect(k);
            assert_eq!(n("read"), n("accepted") + n("rejected") + n("skipped"), "{} / {}", file["path"], sheet["name"]);
        }
    }
}

pub fn run_case(code: &str, extra: &[&str]) -> Value {
    let wd = Workdir::new();
    let out = wd.check(&[fixture(&format!("cases/{code}"))], extra);
    assert!(out.status.success(), "{code}: {}", String::from_utf8_lossy(&out.stderr));
    let json = wd.json();
    assert_rows_conserved(&json);
    json
}

/// The JSON text without its `generated_at` line: the one key two runs of the same input
/// differ in (docs/json.md); everything else is compared byte for byte.
pub fn without_run_time(json: &str) -> String {
    json.lines().filter(|l| !l.trim_start().starts_with("\"generated_at\"")).collect::<Vec<_>>().join("\n")
}
