//! SPEC §9 while the month is running (issue 16, first part): `--as-of`, the running units
//! not yet met in JSON `todo`, the terminal line.

mod common;

use common::{fixture, Workdir};
use serde_json::Value;

/// `guanai check fixtures/<fixture> --month 2023-01 [--as-of DAY]`, writing `<tag>.xlsx`,
/// `<tag>.json` and, with `feedback`, the feedback workbooks into `<tag>/`; what the terminal said.
fn check(wd: &Workdir, fixture_name: &str, as_of: Option<&str>, tag: &str, feedback: bool) -> String {
    let mut cmd = wd.command();
    cmd.arg("check").arg(fixture(fixture_name)).args(["--month", "2023-01", "-o"]);
    cmd.arg(wd.path(&format!("{tag}.xlsx"))).arg("--json").arg(wd.path(&format!("{tag}.json")));
    if feedback {
        cmd.arg("--feedback-dir").arg(wd.path(tag));
    }
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
    let terminal = check(&wd, "demo", Some("2023-01-18"), "mid", false);
    assert!(terminal.contains("截至1月18日：本周（本月）还需联系"), "{terminal}");
    let mid = json(&wd, "mid.json");
    let todo = mid["todo"].as_array().unwrap();
    assert!(!todo.is_empty());
    let key = |t: &Value| {
        ["township", "village", "contact_person", "contact_phone", "unit_to", "name", "rule"]
            .map(|k| t[k].as_str().unwrap().to_string())
    };
    // Sorted as SPEC §9 says, the townships in the configured order (the villages' order).
    let rank = |t: &Value| {
        let villages = mid["villages"].as_array().unwrap();
        villages.iter().position(|v| v["township"] == t["township"]).expect("a township with villages")
    };
    assert!(todo.windows(2).all(|w| (rank(&w[0]), key(&w[0])) <= (rank(&w[1]), key(&w[1]))), "sorted as SPEC §9 says");
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
        check(&wd, "demo", None, "end", false);
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

/// Every sheet's every cell, the generation time cut from the line that carries it.
fn cells(path: &std::path::Path) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| {
                            let c = c.to_string();
                            match c.find("生成时间：") {
                                Some(at) => c[..at].to_string() + c[at..].split_once('；').map_or("", |x| x.1),
                                None => c,
                            }
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn as_of_the_periods_end_changes_nothing() {
    let wd = Workdir::new();
    let both = |as_of: Option<&str>, tag: &str| check(&wd, "demo", as_of, tag, true).replace(tag, "");
    let (ta, tb) = (both(Some("2023-01-31"), "甲"), both(None, "乙"));
    let read = |name: &str| common::without_run_time(&std::fs::read_to_string(wd.path(name)).unwrap());
    assert!(read("甲.json") == read("乙.json"), "byte-identical JSON but the run time");
    assert_eq!(json(&wd, "甲.json")["todo"], serde_json::json!([]));
    // The workbooks' bytes differ between any two runs (the generation time, and the order the
    // parallel writers number strings and formats in); their every cell does not.
    // 总览 names each run's records workbook (甲_关爱记录.xlsx, 乙_关爱记录.xlsx).
    let untagged = |name: &str, tag: &str| {
        let mut sheets = cells(&wd.path(name));
        sheets.iter_mut().flat_map(|(_, rows)| rows.iter_mut().flatten()).for_each(|c| *c = c.replace(tag, ""));
        sheets
    };
    assert_eq!(untagged("甲.xlsx", "甲"), untagged("乙.xlsx", "乙"));
    assert_eq!(cells(&wd.path("甲_关爱记录.xlsx")), cells(&wd.path("乙_关爱记录.xlsx")));
    let mut feedback: Vec<_> = std::fs::read_dir(wd.path("甲")).unwrap().map(|e| e.unwrap().file_name()).collect();
    feedback.sort();
    assert_eq!(feedback.len(), 3);
    for name in feedback {
        assert_eq!(cells(&wd.path("甲").join(&name)), cells(&wd.path("乙").join(&name)), "{name:?}");
    }
    assert_eq!(ta, tb, "the terminal says the same");
}

#[test]
fn the_todo_sheet_puts_each_contact_person_on_their_own_pages() {
    use calamine::{open_workbook, Reader, Xlsx};
    let wd = Workdir::new();
    check(&wd, "demo", Some("2023-01-18"), "mid", false);
    let todo = json(&wd, "mid.json")["todo"].as_array().unwrap().clone();
    let mut book: Xlsx<_> = open_workbook(wd.path("mid.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(&names[4..7], ["关爱考核", "待办清单", "关爱对象"], "{names:?}");
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
    let mut zip = zip::ZipArchive::new(std::fs::File::open(wd.path("mid.xlsx")).unwrap()).unwrap();
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
    check(&wd, "demo", None, "end", false);
    let book: Xlsx<_> = open_workbook(wd.path("end.xlsx")).unwrap();
    assert!(!book.sheet_names().contains(&"待办清单".to_string()));
}

/// `fixtures/mid_month`: every rule of SPEC §5 on a Wednesday (18th), a Saturday (21st), the
/// last day of a week (22nd) and in the month's last partial week (29th, 30th), against
/// to-do lists counted by hand from the records the fixture's generator writes.
#[test]
fn mid_month_fixture_gives_the_hand_counted_todo_for_every_rule() {
    // (name, rule, unit end day, need visits, need calls, days left, can still meet)
    type Want = (&'static str, &'static str, u32, u64, u64, u64, bool);
    let cases: [(u32, &[Want]); 5] = [
        (
            18,
            &[
                ("黄德", "elderly_intensive", 22, 0, 1, 4, true), // visit Mon, calls Tue and Wed
                ("何文", "children_week", 22, 0, 1, 4, true),     // leaves on the 25th: this week still counts
                ("周丽", "dibao_month", 31, 0, 1, 13, true),
                ("赵国强", "tekun_month", 31, 0, 1, 13, true),
                ("陈玉珍", "elderly_regular_month", 31, 1, 0, 13, true), // the week is met (Monday's call)
                ("刘桂兰", "elderly_daily", 19, 0, 1, 1, true),
                ("王德明", "elderly_intensive", 22, 0, 2, 4, true), // a call and a visit so far
                ("钱老汉", "elderly_intensive", 22, 1, 2, 4, true),
            ],
        ),
        (
            21,
            &[
                ("何文", "children_week", 22, 0, 1, 1, true),
                ("周丽", "dibao_month", 31, 0, 1, 10, true),
                ("赵国强", "tekun_month", 31, 0, 1, 10, true),
                ("陈玉珍", "elderly_regular_month", 31, 1, 0, 10, true),
                ("刘桂兰", "elderly_daily", 22, 0, 1, 1, true),
                // 王德明's second visit (Sat) stands in for the third call: met, not listed.
                ("钱老汉", "elderly_intensive", 22, 1, 2, 1, false),
            ],
        ),
        (
            22,
            &[
                ("黄德", "elderly_intensive", 29, 1, 3, 7, true),
                ("孙小军", "children_week", 29, 0, 1, 7, true), // no contact person: first in the village
                ("郑小红", "children_week", 29, 0, 1, 7, true), // enrolled on the 17th: this week is her first
                ("陈玉珍", "elderly_regular_week", 29, 0, 1, 7, true),
                ("周丽", "dibao_month", 31, 0, 1, 9, true),
                ("赵国强", "tekun_month", 31, 0, 1, 9, true),
                ("陈玉珍", "elderly_regular_month", 31, 1, 0, 9, true),
                ("刘桂兰", "elderly_daily", 23, 0, 1, 1, true),
                ("王德明", "elderly_intensive", 29, 1, 3, 7, true),
                ("钱老汉", "elderly_intensive", 29, 1, 3, 7, true),
            ],
        ),
        // 30–31 January is a partial week: no week is running; the month and the day are.
        (29, &[("周丽", "dibao_month", 31, 0, 1, 2, true), ("刘桂兰", "elderly_daily", 30, 0, 1, 1, true)]),
        (30, &[("周丽", "dibao_month", 31, 0, 1, 1, true), ("刘桂兰", "elderly_daily", 31, 0, 1, 1, true)]),
    ];
    let wd = Workdir::new();
    for (day, want) in cases {
        let terminal = check(&wd, "mid_month", Some(&format!("2023-01-{day}")), &day.to_string(), false);
        let j = json(&wd, &format!("{day}.json"));
        let got: Vec<(String, String, u32, u64, u64, u64, bool)> = j["todo"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                let n = |k: &str| t[k].as_u64().unwrap();
                let end = t["unit_to"].as_str().unwrap();
                assert!(end.starts_with("2023-01-"), "{t}");
                (
                    t["name"].as_str().unwrap().to_string(),
                    t["rule"].as_str().unwrap().to_string(),
                    end[8..].parse().unwrap(),
                    n("need_visits"),
                    n("need_calls"),
                    n("days_left"),
                    t["can_still_meet"].as_bool().unwrap(),
                )
            })
            .collect();
        let mut want: Vec<_> =
            want.iter().map(|&(n, r, e, v, c, l, m)| (n.to_string(), r.to_string(), e, v, c, l, m)).collect();
        // The order is the other test's (by contact person and phone); here the rows.
        let mut got = got;
        got.sort();
        want.sort();
        assert_eq!(got, want, "as of 1月{day}日");
        let people: std::collections::BTreeSet<&str> = want.iter().map(|w| w.0.as_str()).collect();
        let late: std::collections::BTreeSet<&str> = want.iter().filter(|w| !w.6).map(|w| w.0.as_str()).collect();
        let line =
            format!("截至1月{day}日：本周（本月）还需联系 {} 人，其中 {} 人已无法按期达标", people.len(), late.len());
        assert!(terminal.contains(&line), "{line}\n{terminal}");
        // Only units ending on or before as-of are assessed; K02 waits for the period's end.
        let assessed = |name: &str, rule: &str| -> u64 {
            let r = j["recipients"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap();
            r["rules"].as_array().unwrap().iter().find(|x| x["rule"] == rule).unwrap()["assessed"].as_u64().unwrap()
        };
        let weeks_ended = [8, 15, 22, 29].iter().filter(|&&end| end <= day).count() as u64;
        assert_eq!(assessed("王德明", "elderly_intensive"), weeks_ended, "1月{day}日");
        assert_eq!(assessed("刘桂兰", "elderly_daily"), u64::from(day), "1月{day}日");
        assert_eq!(assessed("周丽", "dibao_month"), 0, "1月{day}日");
        let codes: Vec<&str> = j["issues"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap()).collect();
        assert!(!codes.contains(&"K02"), "1月{day}日: {codes:?}");
        // The printed sheet: a heading line per contact person, 未指定关爱联系人 first in its village.
        use calamine::{open_workbook, Reader, Xlsx};
        let mut book: Xlsx<_> = open_workbook(wd.path(&format!("{day}.xlsx"))).unwrap();
        let range = book.worksheet_range("待办清单").unwrap();
        let headings: Vec<String> = range
            .rows()
            .filter(|r| r.len() > 4 && r[4].to_string().is_empty())
            .map(|r| r[0].to_string())
            .skip(2)
            .collect();
        let first = headings.iter().find(|h| h.contains("美丽家园社区")).unwrap();
        if day == 22 {
            assert!(first.starts_with("未指定关爱联系人"), "{headings:?}");
        } else {
            assert!(first.starts_with("关爱联系人：张伟　电话："), "{headings:?}");
        }
        // Two people named 张伟 (different phones) are two pages, never one page with both phones.
        if want.iter().any(|w| w.0 == "何文") {
            let zhang: Vec<&String> = headings.iter().filter(|h| h.starts_with("关爱联系人：张伟")).collect();
            assert!(zhang.iter().any(|h| h.contains("电话：13900000010　")), "{zhang:?}");
            assert!(zhang.iter().all(|h| !h.contains('、')), "{zhang:?}");
        }
        if day == 21 {
            // 还需 as the contact person reads it: only what is still needed, in the rule's terms.
            let need: Vec<(String, String)> = range
                .rows()
                .filter(|r| r.len() > 8 && !r[4].to_string().is_empty())
                .map(|r| (r[4].to_string(), r[8].to_string()))
                .skip(1)
                .collect();
            for (name, text) in [("何文", "电话或入户1天"), ("陈玉珍", "入户1天"), ("钱老汉", "入户1天、电话2天")]
            {
                assert!(need.contains(&(name.to_string(), text.to_string())), "{name}: {need:?}");
            }
            assert!(
                headings
                    .iter()
                    .any(|h| h.contains("关爱联系人：李芳") && h.ends_with("待办 2 项，其中 1 项已无法按期达标")),
                "{headings:?}"
            );
        }
    }
}

/// What a to-do row listed is what the records after as-of had to bring: units whose listed
/// need the later records meet are assessed as met at their end, the others are not (the
/// fixture's 18th against its 22nd and its full month).
#[test]
fn the_listed_need_is_what_decides_the_units_end() {
    let wd = Workdir::new();
    let run = |as_of: Option<&str>, tag: &str| -> Value {
        check(&wd, "mid_month", as_of, tag, false);
        json(&wd, &format!("{tag}.json"))
    };
    let (mid, later, end) = (run(Some("2023-01-18"), "a"), run(Some("2023-01-22"), "b"), run(None, "c"));
    let met = |j: &Value, name: &str, rule: &str| -> (u64, u64) {
        let r = j["recipients"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap();
        let x = r["rules"].as_array().unwrap().iter().find(|x| x["rule"] == rule).unwrap();
        (x["assessed"].as_u64().unwrap(), x["met"].as_u64().unwrap())
    };
    // Listed on the 18th: 王德明 (two calls short; a call Thu and a visit Sat followed), 黄德
    // (a call short; Thursday's call followed), 钱老汉 (nothing followed), 何文 (nothing).
    let todo = mid["todo"].as_array().unwrap();
    let listed = |name: &str| todo.iter().any(|t| t["name"] == name);
    assert!(["王德明", "黄德", "钱老汉", "何文"].iter().all(|n| listed(n)));
    // The week of the 16th is the third: met for the first two, not for the others.
    assert_eq!(met(&mid, "王德明", "elderly_intensive"), (2, 2));
    assert_eq!(met(&later, "王德明", "elderly_intensive"), (3, 3));
    assert_eq!(met(&later, "黄德", "elderly_intensive"), (3, 3));
    assert_eq!(met(&later, "钱老汉", "elderly_intensive"), (3, 0));
    assert_eq!(met(&later, "何文", "children_week"), (3, 2));
    // 陈玉珍's month: a visit was still needed on the 18th and came on the 27th; 周丽's never came.
    assert_eq!(met(&end, "陈玉珍", "elderly_regular_month"), (1, 1));
    assert_eq!(met(&end, "周丽", "dibao_month"), (1, 0));
}

/// The mid-month fixture sends no 社工名单 and has no 区划名单: 社工人数核查 says so on its
/// first line instead of printing a bare header, in the summary and in each feedback file.
#[test]
fn without_any_volunteer_list_the_count_sheet_says_so() {
    let wd = Workdir::new();
    check(&wd, "mid_month", Some("2023-01-21"), "lists", true);
    let feedback = std::fs::read_dir(wd.path("lists")).unwrap().map(|e| e.unwrap().path()).collect::<Vec<_>>();
    assert!(!feedback.is_empty());
    for path in std::iter::once(wd.path("lists.xlsx")).chain(feedback) {
        let sheets = cells(&path);
        let (_, rows) = sheets.iter().find(|(name, _)| name == "社工人数核查").unwrap();
        assert!(rows[0][0].starts_with("未收到社工名单（附件1）"), "{}: {:?}", path.display(), rows[0]);
        assert!(rows[0][0].contains("报送社工名单后重新核查"), "{:?}", rows[0]);
        assert_eq!(rows[2][0], "镇（街道）", "{}: the header under the line", path.display());
        assert_eq!(rows.len(), 3, "no village rows: {rows:?}");
    }
}
