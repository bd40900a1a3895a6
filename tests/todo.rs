//! SPEC §9 while the month is running (issue 16, first part): `--as-of`, the running units
//! not yet met in JSON `todo`, the terminal line.

mod common;

use common::{fixture, Workdir};
use serde_json::Value;

fn run(wd: &Workdir, as_of: Option<&str>, json: &str) -> String {
    let mut cmd = wd.command();
    cmd.arg("check").arg(fixture("demo")).args(["--month", "2023-01", "-o"]).arg(wd.path("out.xlsx"));
    cmd.arg("--json").arg(wd.path(json));
    if let Some(day) = as_of {
        cmd.args(["--as-of", day]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn json(wd: &Workdir, name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(wd.path(name)).unwrap()).unwrap()
}

#[test]
fn mid_month_lists_the_running_units_not_yet_met() {
    let wd = Workdir::new();
    let terminal = run(&wd, Some("2023-01-18"), "mid.json");
    assert!(terminal.contains("截至1月18日：本周（本月）还需联系"), "{terminal}");
    let mid = json(&wd, "mid.json");
    let todo = mid["todo"].as_array().unwrap();
    assert!(!todo.is_empty());
    let key = |t: &Value| {
        ["township", "village", "contact_person", "unit_to", "name", "rule"].map(|k| t[k].as_str().unwrap().to_string())
    };
    assert!(todo.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "sorted as SPEC §9 says");
    for t in todo {
        let n = |k: &str| t[k].as_u64().unwrap();
        assert!(n("need_calls") + n("need_visits") > 0, "a met unit is never listed: {t}");
        assert_eq!(t["can_still_meet"], n("need_calls").max(n("need_visits")) <= n("days_left"), "{t}");
        // The running unit contains 19 January and ends in the period.
        assert!(t["unit_from"].as_str().unwrap() <= "2023-01-19" && t["unit_to"].as_str().unwrap() >= "2023-01-19");
        assert!(t["unit_to"].as_str().unwrap() <= "2023-01-31");
    }
    // Fewer units are assessed on the 18th than at the month's end.
    let end = {
        run(&wd, None, "end.json");
        json(&wd, "end.json")
    };
    let assessed = |j: &Value| -> u64 {
        j["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["rules"].as_array().unwrap())
            .map(|r| r["assessed"].as_u64().unwrap())
            .sum()
    };
    assert!(assessed(&mid) < assessed(&end));
}

#[test]
fn as_of_the_periods_end_changes_nothing() {
    let wd = Workdir::new();
    run(&wd, Some("2023-01-31"), "a.json");
    run(&wd, None, "b.json");
    let (a, b) = (std::fs::read(wd.path("a.json")).unwrap(), std::fs::read(wd.path("b.json")).unwrap());
    assert!(a == b, "byte-identical JSON");
    assert_eq!(json(&wd, "a.json")["todo"], serde_json::json!([]));
}

#[test]
fn the_todo_sheet_puts_each_contact_person_on_their_own_pages() {
    use calamine::{open_workbook, Reader, Xlsx};
    let wd = Workdir::new();
    run(&wd, Some("2023-01-18"), "mid.json");
    let todo = json(&wd, "mid.json")["todo"].as_array().unwrap().clone();
    let mut book: Xlsx<_> = open_workbook(wd.path("out.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(&names[4..7], ["关爱考核", "待办清单", "关爱记录"], "{names:?}");
    let range = book.worksheet_range("待办清单").unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let header = rows.iter().position(|r| r[0] == "镇（街道）").unwrap();
    // Each contact person's rows under a heading line that names them and their phone.
    let (headings, data): (Vec<_>, Vec<_>) = rows[header + 1..].iter().partition(|r| r[4].is_empty());
    assert_eq!(data.len(), todo.len(), "one row per JSON todo entry");
    for (row, t) in data.iter().zip(&todo) {
        assert_eq!(row[4], t["name"].as_str().unwrap());
    }
    for h in &headings {
        assert!(h[0].starts_with("关爱联系人：") || h[0].starts_with("未指定关爱联系人"), "{h:?}");
    }
    // A page break before each new contact person: read the sheet's rowBreaks.
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(wd.path("out.xlsx")).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet6.xml").unwrap().read_to_string(&mut xml).unwrap();
    let people: std::collections::BTreeSet<(String, String, String)> = todo
        .iter()
        .map(|t| ["township", "village", "contact_person"].map(|k| t[k].as_str().unwrap().to_string()))
        .map(|[a, b, c]: [String; 3]| (a, b, c))
        .collect();
    assert!(
        xml.contains(&format!("<rowBreaks count=\"{}\"", people.len() - 1)),
        "{}",
        &xml[xml.len().saturating_sub(600)..]
    );
    assert_eq!(headings.len(), people.len(), "one heading per contact person (no one runs onto a second page)");
    for t in &todo {
        let who = t["contact_person"].as_str().unwrap();
        let named =
            if who.is_empty() { "未指定关爱联系人".to_string() } else { format!("关爱联系人：{who}") };
        assert!(headings.iter().any(|h| h[0].starts_with(&named)), "no heading for {who}");
    }
    // At the period's end there is no such sheet.
    run(&wd, None, "end.json");
    let book: Xlsx<_> = open_workbook(wd.path("out.xlsx")).unwrap();
    assert!(!book.sheet_names().contains(&"待办清单".to_string()));
}
