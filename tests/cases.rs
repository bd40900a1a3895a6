//! Every check code's case, as data. `fixtures/cases/<CODE>/input/` is the smallest
//! submission that raises the code; `fixtures/cases/<CODE>/expect.toml` says what guanai
//! must report on it: the issues of each code named there (exactly those, at their file,
//! sheet, Excel row and column), the codes that must not appear, and figures of the JSON
//! by pointer (village counts, recipients' verdicts, rows read). One runner reads them all;
//! a new code is one more folder, no Rust.
//!
//! ```toml
//! absent = ["V02"]              # codes that must not be raised
//! ordered = true                # each code's issues in the order listed (default: any order)
//!
//! [run]
//! config = "config.toml"        # --config, beside expect.toml
//! nothing_read = "损坏.xlsx"    # the run finds nothing to check and names this file
//! input = "../../months/2023-02" # instead of input/, beside expect.toml
//! month = "2023-02"             # instead of 2023-01
//! history = ["../../months/2022-12 2022-12", "../../months/2023-01 2023-01"]
//!                               # folders (and their month) checked first, in order, into
//!                               # a history file the case's run then reads (SPEC §11)
//!
//! [[issue]]
//! code = "V04"
//! file = "V04.xlsx"
//! sheet = "社工名单"
//! row = 5                       # left out: the issue has no row (a file, village or person)
//! column = "F"                  # left out: no column
//! severity = "warning"          # optional, as are the rest
//! message = "66周岁"            # a part of the message
//! fix = "另存为"                # a part of the fix
//! value = "两委成员"            # the cell as written
//! name = "钱小明"
//! village = "美丽家园社区"
//!
//! [json]
//! "/villages/0/valid" = 2       # JSON pointer = value
//! ```

mod common;

use std::path::{Path, PathBuf};

use common::{assert_rows_conserved, Workdir};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    run: Run,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    ordered: bool,
    #[serde(default, rename = "issue")]
    issues: Vec<Expected>,
    #[serde(default)]
    json: toml::Table,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Run {
    config: Option<String>,
    nothing_read: Option<String>,
    input: Option<String>,
    month: Option<String>,
    #[serde(default)]
    history: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    code: String,
    file: String,
    sheet: String,
    row: Option<u64>,
    column: Option<String>,
    severity: Option<String>,
    message: Option<String>,
    fix: Option<String>,
    value: Option<String>,
    name: Option<String>,
    village: Option<String>,
}

impl Expected {
    /// What in `issue` differs from this expectation, if anything.
    fn mismatch(&self, issue: &Value) -> Option<String> {
        let mut wrong = Vec::new();
        let mut same = |key: &str, want: Value| {
            if issue[key] != want {
                wrong.push(format!("{key}: {} ≠ {want}", issue[key]));
            }
        };
        same("file", Value::from(self.file.as_str()));
        same("sheet", Value::from(self.sheet.as_str()));
        same("row", self.row.map_or(Value::Null, Value::from));
        same("column", self.column.as_deref().map_or(Value::Null, Value::from));
        for (key, want) in [("severity", &self.severity), ("value", &self.value), ("name", &self.name)] {
            if let Some(want) = want {
                same(key, Value::from(want.as_str()));
            }
        }
        if let Some(want) = &self.village {
            same("village", Value::from(want.as_str()));
        }
        for (key, part) in [("message", &self.message), ("fix", &self.fix)] {
            if let Some(part) = part {
                if !issue[key].as_str().unwrap_or_default().contains(part.as_str()) {
                    wrong.push(format!("{key} {} lacks {part:?}", issue[key]));
                }
            }
        }
        if issue["message"].as_str().unwrap_or_default().is_empty() {
            wrong.push("empty message".into());
        }
        (!wrong.is_empty()).then(|| wrong.join("; "))
    }
}

/// The case folders with an expect.toml, by name.
fn cases() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(common::fixture("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expect.toml").is_file())
        .collect();
    found.sort();
    found
}

/// Runs one case and says everything it got wrong (empty when it holds).
fn run(case: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(case.join("expect.toml")).unwrap();
    let expect: Expect = match toml::from_str(&text) {
        Ok(e) => e,
        Err(e) => return vec![format!("expect.toml: {e}")],
    };
    let wd = Workdir::new();
    let config = expect.run.config.as_ref().map(|c| case.join(c).to_string_lossy().into_owned());
    let mut extra: Vec<&str> = config.iter().flat_map(|c| ["--config", c.as_str()]).collect();
    let history = wd.path("history.sqlite").to_string_lossy().into_owned();
    if !expect.run.history.is_empty() {
        extra.extend(["--history", history.as_str()]);
    }
    for earlier in &expect.run.history {
        let (dir, month) = earlier.split_once(' ').unwrap_or((earlier, "2023-01"));
        let out = wd.check_month(&[case.join(dir)], month, &extra);
        if !out.status.success() {
            return vec![format!("history run of {dir} failed: {}", String::from_utf8_lossy(&out.stderr))];
        }
    }
    let input = case.join(expect.run.input.as_deref().unwrap_or("input"));
    let out = wd.check_month(&[input], expect.run.month.as_deref().unwrap_or("2023-01"), &extra);
    let mut wrong = outcome(&expect, &wd, &out);
    let Ok(text) = std::fs::read_to_string(wd.path("out.json")) else {
        wrong.push("no JSON written".into());
        return wrong;
    };
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_rows_conserved(&json);
    wrong.extend(issues(&expect, &json));
    wrong.extend(figures(&expect, &json));
    wrong
}

/// The run's exit, and for a case that gives nothing to check, what it says.
fn outcome(expect: &Expect, wd: &Workdir, out: &std::process::Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut wrong = Vec::new();
    match &expect.run.nothing_read {
        None if !out.status.success() => wrong.push(format!("exit {:?}: {stderr}", out.status.code())),
        None => {}
        Some(file) => {
            if out.status.code() != Some(1)
                || !stderr.contains("没有找到任何报送材料")
                || !stderr.contains(file.as_str())
            {
                wrong.push(format!("nothing read naming {file}, exit 1; got {:?}: {stderr}", out.status.code()));
            }
            if String::from_utf8_lossy(&out.stdout).contains("核查完成") {
                wrong.push("an all-clear for a run that read nothing".into());
            }
            if wd.path("out.xlsx").exists() {
                wrong.push("a workbook of nothing".into());
            }
        }
    }
    wrong
}

/// Each code named in the expectations raised exactly as listed; the absent ones not at all.
fn issues(expect: &Expect, json: &Value) -> Vec<String> {
    let all = json["issues"].as_array().unwrap();
    let mut wrong = Vec::new();
    let mut codes: Vec<&str> = expect.issues.iter().map(|e| e.code.as_str()).collect();
    codes.dedup();
    for code in codes {
        let want: Vec<&Expected> = expect.issues.iter().filter(|e| e.code == code).collect();
        let mut got: Vec<&Value> = all.iter().filter(|i| i["code"] == code).collect();
        if got.len() != want.len() {
            wrong.push(format!("{code}: {} raised, {} expected: {got:#?}", got.len(), want.len()));
            continue;
        }
        for e in want {
            let at = if expect.ordered { Some(0) } else { got.iter().position(|i| e.mismatch(i).is_none()) };
            match at {
                Some(at) if e.mismatch(got[at]).is_none() => {
                    got.remove(at);
                }
                _ => wrong.push(format!("{code}: {}", got.first().and_then(|i| e.mismatch(i)).unwrap_or_default())),
            }
        }
    }
    for code in &expect.absent {
        if all.iter().any(|i| i["code"] == code.as_str()) {
            wrong.push(format!("{code} raised, expected absent"));
        }
    }
    wrong
}

/// Every `[json]` pointer holds its value.
fn figures(expect: &Expect, json: &Value) -> Vec<String> {
    expect
        .json
        .iter()
        .filter_map(|(pointer, want)| {
            let want: Value = serde_json::to_value(want).unwrap();
            let got = json.pointer(pointer).cloned().unwrap_or(Value::Null);
            (got != want).then(|| format!("{pointer}: {got} ≠ {want}"))
        })
        .collect()
}

#[test]
fn every_case_reports_what_its_expect_toml_says() {
    let cases = cases();
    assert!(cases.len() >= 40, "the case folders are found: {cases:?}");
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|case| {
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            run(case).into_iter().map(move |w| format!("{name}: {w}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every code of the code table (src/model/mod.rs) has its case folder.
#[test]
fn every_code_has_a_case() {
    let table = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model/mod.rs")).unwrap();
    let codes: Vec<&str> = table
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let (code, level) = (words.next()?, words.next()?);
            let shaped = code.len() == 3 && code.as_bytes()[0].is_ascii_uppercase() && code[1..].parse::<u8>().is_ok();
            (shaped && (level == "Error" || level == "Warning")).then_some(code)
        })
        .collect();
    assert!(codes.len() > 40, "{codes:?}");
    let missing: Vec<&&str> =
        codes.iter().filter(|c| !common::fixture(&format!("cases/{c}/expect.toml")).is_file()).collect();
    assert!(missing.is_empty(), "codes without fixtures/cases/<CODE>/expect.toml: {missing:?}");
}
