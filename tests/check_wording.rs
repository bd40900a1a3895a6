//! Ledgers and logs worded as village clerks write them (SPEC §3, issue 12): the verdicts a
//! clerk expects, the same from the .xlsx the generator writes and from the .xls and .ods
//! LibreOffice makes of it.

mod common;

use common::{issues_with, run_case};
use serde_json::Value;

fn recipient<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["recipients"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap_or_else(|| panic!("{name}"))
}

/// (rule, assessed, met) of each rule that applies.
fn rules(r: &Value) -> Vec<(String, u64, u64)> {
    r["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["rule"].as_str().unwrap().into(), x["assessed"].as_u64().unwrap(), x["met"].as_u64().unwrap()))
        .collect()
}

fn list(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().filter_map(Value::as_str).collect()
}

fn check(case: &str) {
    let json = run_case(case, &[]);
    let r = |name| recipient(&json, name);

    // 失能老人 is the situation 失能: three calls and a visit a week, not the one call an
    // ordinary 独居老人 needs — one call a week is 不达标 in every week.
    assert_eq!(list(&r("王秀英")["situations"]), ["失能"], "{case}");
    assert_eq!(rules(r("王秀英")), [("elderly_intensive".into(), 4, 0)], "{case}");
    assert_eq!(r("王秀英")["compliant"], false);
    let k01 = issues_with(&json, "K01");
    assert!(k01.iter().any(|i| i["name"] == "王秀英"), "{case}");

    // 重病（晚期） and 独居老人（半失能）: intensive, and met with annotated methods and a
    // call and a visit in one cell (电话+入户).
    assert_eq!(list(&r("李建国")["situations"]), ["重病"]);
    assert_eq!(rules(r("李建国")), [("elderly_intensive".into(), 4, 4)], "{case}");
    assert_eq!(list(&r("张桂兰")["categories"]), ["独居老人"]);
    assert_eq!(list(&r("张桂兰")["situations"]), ["半失能"]);
    assert_eq!(rules(r("张桂兰")), [("elderly_intensive".into(), 4, 4)], "{case}");

    // Official wordings of the categories.
    assert_eq!(list(&r("刘明")["categories"]), ["特困人员"]);
    assert_eq!(list(&r("刘明")["situations"]), ["分散特困"]);
    assert_eq!(rules(r("刘明")), [("tekun_month".into(), 1, 1)]);
    assert_eq!(list(&r("陈静")["categories"]), ["特困人员"]);
    assert_eq!(list(&r("赵伟")["categories"]), ["低保边缘对象"]);
    assert_eq!(rules(r("赵伟")), [("dibao_month".into(), 1, 1)]);
    assert_eq!(list(&r("周芳")["categories"]), ["困难残疾人"]);
    for name in ["刘明", "陈静", "赵伟", "周芳", "李建国", "张桂兰"] {
        assert_eq!(r(name)["compliant"], true, "{case}: {name}");
        assert_eq!(r(name)["inferred"], false, "{case}: {name} comes from the ledger, not the log");
    }

    // A situation that names none of the notice's is P08, quoted, never a silent 一般.
    let p08 = issues_with(&json, "P08");
    assert_eq!(p08.len(), 1, "{case}: {p08:#?}");
    assert_eq!((p08[0]["name"].as_str(), p08[0]["value"].as_str()), (Some("吴军"), Some("行动不便")));
    assert!(said(p08[0]).contains("按“其他独居老人”考核"));
    assert!(issues_with(&json, "P04").is_empty(), "{case}: every situation was written");
    assert_eq!(rules(r("吴军")), [("elderly_regular_week".into(), 4, 4), ("elderly_regular_month".into(), 1, 1)]);

    // Judgement calls: 五保户 and 空巢老人 are P02 and say why; 微信 is R05 and says why.
    let p02 = issues_with(&json, "P02");
    let told = |name: &str, part: &str| p02.iter().any(|i| i["name"] == name && said(i).contains(part));
    assert!(told("徐敏", "并入特困人员") && told("孙海燕", "不一定独居"), "{case}: {p02:#?}");
    let r05 = issues_with(&json, "R05");
    assert_eq!(r05.len(), 1);
    assert!(said(r05[0]).contains("微信文字消息不算电话联系"));
    // Nothing else went wrong: no record lost to R05/R06, nobody re-inferred from the log.
    assert!(issues_with(&json, "R06").is_empty() && issues_with(&json, "R09").is_empty(), "{case}");
}

#[test]
fn wording_as_clerks_write_it_xlsx() {
    check("wording");
}

#[test]
fn wording_as_clerks_write_it_xls_from_libreoffice() {
    check("wording_xls");
}

#[test]
fn wording_as_clerks_write_it_ods_from_libreoffice() {
    check("wording_ods");
}

/// Totals, signature and note lines under a table are skipped and counted, never people
/// or issues; the 两委 posts written out are V07; Excel's apostrophe in an ID number is not
/// part of it; middle-dot forms of one name are one person.
#[test]
fn table_ends_posts_apostrophes_and_middle_dots() {
    let json = run_case("rows", &[]);
    let sheets = json["files"][0]["sheets"].as_array().unwrap();
    let list = sheets.iter().find(|s| s["name"] == "社工名单").unwrap();
    // 6 people, then 合计, 填表人：, a merged 注：line and 填报单位（盖章）：.
    let n = |k: &str| list[k].as_u64().unwrap();
    assert_eq!((n("read"), n("accepted"), n("rejected"), n("skipped")), (10, 4, 2, 4), "{list}");
    let v07: Vec<&str> = issues_with(&json, "V07").iter().map(|i| i["value"].as_str().unwrap()).collect();
    assert_eq!(v07.len(), 2);
    assert!(v07.contains(&"村委会副主任") && v07.contains(&"村支书"), "{v07:?}");
    // The row whose 序号 says 例：6 and the one whose remark says 例行入户走访 are real rows;
    // the log's template example row (例：1月4日 … 张三) is the one R07.
    let r07: Vec<(&str, u64)> =
        issues_with(&json, "R07").iter().map(|i| (i["sheet"].as_str().unwrap(), i["row"].as_u64().unwrap())).collect();
    assert_eq!(r07, [("记录", 4)]);
    for code in ["V01", "V02", "V06", "V11", "F06"] {
        assert!(issues_with(&json, code).is_empty(), "{code}: {:#?}", issues_with(&json, code));
    }
    let village = &json["villages"][0];
    assert_eq!((village["submitted"].as_u64(), village["excluded"].as_u64()), (Some(6), Some(2)));

    let people = json["recipients"].as_array().unwrap();
    assert_eq!(people.len(), 1, "{people:#?}");
    assert_eq!(people[0]["name"], "阿依古丽·买买提");
    assert_eq!(people[0]["compliant"], true);
    assert!(issues_with(&json, "R09").is_empty());
}

/// Dates as people type them: notes, times, 元月, two-digit years, spaces, a day alone
/// under the metadata line's month; 1.4 typed as a number is 1月4日 with R12, 1.1 (1月1日
/// or 1月10日?) is R02 saying why, a range is R02.
#[test]
fn dates_as_people_type_them() {
    use calamine::{open_workbook, DataType, Reader, Xlsx};
    let wd = common::Workdir::new();
    assert!(wd.check(&[common::fixture("cases/typed_dates")], &[]).status.success());
    let json = wd.json();
    common::assert_rows_conserved(&json);
    let at = |code: &str| -> Vec<u64> { issues_with(&json, code).iter().filter_map(|i| i["row"].as_u64()).collect() };
    assert_eq!(at("R12"), [12, 13]);
    assert_eq!(at("R02"), [14, 15]);
    assert!(at("R03").is_empty() && at("R04").is_empty());
    let r02 = issues_with(&json, "R02");
    assert!(r02[0]["message"].as_str().unwrap().contains("1月1日也可能是1月10日"), "{}", r02[0]);

    let mut book: Xlsx<_> = open_workbook(wd.records()).unwrap();
    let range = book.worksheet_range("关爱记录").unwrap();
    let mut days: Vec<String> = range.rows().skip(1).filter_map(|r| r[2].as_date()).map(|d| d.to_string()).collect();
    days.sort();
    let want = ["02", "03", "04", "05", "06", "09", "10", "11", "15"].map(|d| format!("2023-01-{d}"));
    assert_eq!(days, want);
}

/// The notice's own title above 附件1 mentions 村（社区） but is not a metadata line: it
/// names no village (it once became a village of its own with C01); without a village
/// the rows are F06, saying how to fix it.
#[test]
fn the_title_line_names_no_village() {
    let json = run_case("title_line", &[]);
    assert!(json["villages"].as_array().unwrap().is_empty(), "{}", json["villages"]);
    assert_eq!(issues_with(&json, "F06").len(), 2);
    assert!(issues_with(&json, "C01").is_empty());
}

/// A ledger without a 关爱联系人 column is still read as a ledger: P05 on every row, and its
/// people are assessed (K02 when nobody was contacted) instead of vanishing.
#[test]
fn a_ledger_without_contact_column_is_still_a_ledger() {
    let json = run_case("ledger_no_contact", &[]);
    assert_eq!(json["files"][0]["sheets"][0]["kind"], "roster");
    assert_eq!(issues_with(&json, "P05").len(), 2);
    let k02: Vec<&str> = issues_with(&json, "K02").iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(k02.len(), 2, "{k02:?}");
    assert_eq!(json["totals"]["recipients"], 2);
}

/// Headers as townships lay them out: two-row headers with and without merges, 日期 beside
/// 时间, 姓名/类型 under 关爱对象 in a log, a 关爱联系人及电话 column, longer header wording,
/// and a volunteer list whose 联系方式 and 人员类别 are a phone and a role.
#[test]
fn headers_as_townships_lay_them_out() {
    let wd = common::Workdir::new();
    let out = wd.check(&[common::fixture("cases/headers")], &[]);
    assert!(out.status.success());
    let json = wd.json();
    common::assert_rows_conserved(&json);
    let kinds: Vec<(String, String, u64)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = &f["sheets"][0];
            (f["path"].as_str().unwrap().into(), s["kind"].as_str().unwrap().into(), s["accepted"].as_u64().unwrap())
        })
        .collect();
    let want = [
        ("关爱记录.csv", "visits", 21),
        ("南溪村台账.xlsx", "roster", 2),
        ("对象台账.xlsx", "roster", 2),
        ("社工名单.xlsx", "volunteers", 2),
    ];
    assert_eq!(kinds, want.map(|(p, k, n)| (p.to_string(), k.to_string(), n)));
    // Dates from 日期, not from the 时间 column's "上午9:30": nothing unreadable.
    assert!(issues_with(&json, "R02").is_empty() && issues_with(&json, "R01").is_empty());
    // The group's sub-headers: 关爱对象/独居老人情形 is the situation, 关爱联系人/姓名 the contact.
    let r = |name: &str| json["recipients"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap().clone();
    assert_eq!(r("王秀英")["situations"], serde_json::json!(["失能"]));
    assert_eq!(rules(&r("王秀英")), [("elderly_intensive".into(), 4, 4)]);
    assert_eq!(rules(&r("赵德华")), [("dibao_month".into(), 1, 1)]);
    // 钱桂兰 is in no ledger: her log's 独居老人（失能） is read with its situation, so one
    // call a week is 不达标 under the intensive rule (R09 says she is not in the ledger).
    assert_eq!(r("钱桂兰")["situations"], serde_json::json!(["失能"]));
    assert_eq!(rules(&r("钱桂兰")), [("elderly_intensive".into(), 4, 0)]);
    assert!(issues_with(&json, "R09").iter().any(|i| i["name"] == "钱桂兰"));
    // 关爱联系人及电话 filled both: no P05 for anyone.
    assert!(issues_with(&json, "P05").is_empty(), "{:#?}", issues_with(&json, "P05"));
    assert_eq!(r("孙桂兰")["categories"], serde_json::json!(["特困人员"]));
    assert_eq!(issues_with(&json, "K02").len(), 2);
    // The volunteers were read as volunteers with their phones (no V11).
    assert!(issues_with(&json, "V11").is_empty());
    assert_eq!(json["totals"]["volunteers_valid"], 2);
    // 关爱对象 shows the contact person and phone split out of the one column.
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(wd.path("out.xlsx")).unwrap();
    let sheet = book.worksheet_range("关爱对象").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let col = |h: &str| rows[0].iter().position(|x| x == h).unwrap();
    let (name, person, phone) = (col("姓名"), col("关爱联系人"), col("联系人电话"));
    let contact = |who: &str| {
        let row = rows.iter().find(|r| r[name] == who).unwrap();
        (row[person].clone(), row[phone].clone())
    };
    assert_eq!(contact("孙桂兰"), ("周杰".into(), "13900000002".into()));
    assert_eq!(contact("吴国庆"), ("周杰".into(), "023-65123456".into()));
    assert_eq!(contact("王秀英"), ("李芳".into(), "13800000001".into()));
}

/// The two-row ledger header again as LibreOffice writes .xls (merges kept) and .ods
/// (merges not read): the same columns.
#[test]
fn two_row_headers_from_libreoffice_xls_and_ods() {
    for case in ["headers_xls", "headers_ods"] {
        let json = run_case(case, &[]);
        assert_eq!(json["files"][0]["sheets"][0]["kind"], "roster", "{case}");
        assert_eq!(json["files"][0]["sheets"][0]["accepted"], 2, "{case}");
        let wang = json["recipients"].as_array().unwrap().iter().find(|r| r["name"] == "王秀英").unwrap();
        assert_eq!(wang["situations"], serde_json::json!(["失能"]), "{case}");
        assert!(issues_with(&json, "P05").is_empty(), "{case}: the contact columns were found");
        assert_eq!(issues_with(&json, "K02").len(), 2, "{case}");
    }
}

/// Places as townships name them, with nothing configured but the built-in townships: the
/// folder (井口街道, 青木关 for 青木关镇), the file (南溪村.xlsx) and sheet (南溪村委会) names,
/// a 填报单位 line, committee suffixes, the district prefix and a township's stem all land
/// in the same two villages, so ledgers and logs meet; a village left blank under a filled
/// one is F06, not guessed.
#[test]
fn places_from_known_names_folders_files_and_sheets() {
    let json = run_case("places", &[]);
    let villages: Vec<(String, String, u64)> = json["villages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["township"].as_str().unwrap().into(),
                v["village"].as_str().unwrap().into(),
                v["valid"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(villages, [("井口街道".into(), "南溪村".into(), 3), ("青木关镇".into(), "石院村".into(), 2)]);
    let f06 = issues_with(&json, "F06");
    assert_eq!(f06.len(), 1, "{f06:#?}");
    assert_eq!((f06[0]["file"].as_str(), f06[0]["row"].as_u64()), (Some("青木关/社工名单.xlsx"), Some(4)));
    assert!(f06[0]["message"].as_str().unwrap().contains("上一行"));
    // Every ledger person met their log rows: no R09, and the ledger's places are the logs'.
    assert!(issues_with(&json, "R09").is_empty(), "{:#?}", issues_with(&json, "R09"));
    let places: Vec<(&str, &str, &str)> = json["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["township"].as_str().unwrap(), r["village"].as_str().unwrap()))
        .collect();
    assert_eq!(
        places,
        [("何玉梅", "井口街道", "南溪村"), ("罗国庆", "井口街道", "南溪村"), ("高春兰", "青木关镇", "石院村")]
    );
    assert_eq!(json["totals"]["visits_accepted"], 3);
}

/// What an issue says: what is wrong (message) and what to do (fix).
fn said(issue: &Value) -> String {
    format!("{}{}", issue["message"].as_str().unwrap(), issue["fix"].as_str().unwrap())
}
