//! What goes back to the townships: the templates (round trip through `check`), the
//! per-township feedback workbooks, and the 关爱联系卡.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{assert_rows_conserved, fixture, Workdir};
use serde_json::{json, Value};

/// A valid 18-digit ID number (GB 11643-1999 check digit) for a serial.
fn id_number(serial: u32) -> String {
    let body = format!("50010619800101{:03}", serial % 1000);
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// What a filled-in row says under each header of the templates; `people` are the
/// names of the rows (the exclusion list names other people than the volunteers).
fn value_for(header: &str, n: u32, people: &[&str; 5]) -> String {
    match header {
        "序号" => n.to_string(),
        "镇（街道）" => "井口街道".into(),
        "村（社区）" => "美丽家园社区".into(),
        "姓名" | "对象姓名" | "关爱对象姓名" => people[n as usize - 1].into(),
        // The ID's 17th digit is the serial's last: odd for men.
        "性别" => (if (n + serial_base(people)) % 2 == 1 { "男" } else { "女" }).into(),
        "身份证号码" => id_number(n + serial_base(people)),
        "联系电话" | "联系人电话" => "13800138000".into(),
        "村（社区）电话" => "02365310228".into(),
        "居住地址" => "沙坪坝区井口街道美丽家园社区1栋".into(),
        "身份" => "志愿者".into(),
        "时间" => "2023-01-04".into(),
        "关爱方式" => "入户走访".into(),
        "关爱服务内容" | "服务内容" => "询问身体状况".into(),
        "关爱对象类型" | "对象类别" => "特困人员".into(),
        "实施关爱工作人员（记录人）" | "关爱联系人" => "李四".into(),
        "排除类别" => "两委成员".into(),
        "职务" => "村委委员".into(),
        _ => String::new(),
    }
}

/// Other people, other ID numbers.
fn serial_base(people: &[&str; 5]) -> u32 {
    if people[0] == "王一" {
        0
    } else {
        100
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Fills a template the way a township would: the metadata line completed and five rows
/// typed under the example row. The file is edited in place of its XML, so its
/// validations, formats and layout stay exactly as `template` wrote them.
fn fill(template: &Path, out: &Path, people: &[&str; 5]) {
    let mut book: Xlsx<_> = open_workbook(template).expect("template opens");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("sheet");
    let headers: Vec<String> = range.rows().nth(2).expect("header row").iter().map(|c| c.to_string()).collect();
    let rows: String = (1..=5u32)
        .map(|n| {
            let r = n + 4;
            let cells: String = headers
                .iter()
                .enumerate()
                .filter_map(|(c, h)| {
                    let v = value_for(h, n, people);
                    let col = (b'A' + c as u8) as char;
                    (!v.is_empty())
                        .then(|| format!(r#"<c r="{col}{r}" t="inlineStr"><is><t>{}</t></is></c>"#, escape(&v)))
                })
                .collect();
            format!(r#"<row r="{r}">{cells}</row>"#)
        })
        .collect();

    let mut zip = zip::ZipArchive::new(std::fs::File::open(template).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().expect("entry name").to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            // The template's own rows 5–9 (blank, bordered) give way to the typed ones.
            for r in 5..=9 {
                if let Some(at) = text.find(&format!(r#"<row r="{r}""#)) {
                    let end = at + text[at..].find("</row>").expect("row end") + "</row>".len();
                    text.replace_range(at..end, "");
                }
            }
            // In row order: before the template's row 10, else at the end.
            let at = text.find(r#"<row r="10""#).unwrap_or_else(|| text.find("</sheetData>").unwrap());
            text.insert_str(at, &rows);
        }
        if name == "xl/sharedStrings.xml" {
            text = text
                .replace(
                    "镇（街道）：　　　　（村）社区：　　　　日期：　　年　　月",
                    "镇（街道）：井口街道　（村）社区：美丽家园社区　日期：2023年1月",
                )
                .replace("镇（街道）：　　　　（村）社区：　　　　", "镇（街道）：井口街道　（村）社区：美丽家园社区");
        }
        writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
}

fn codes(json: &Value) -> BTreeSet<String> {
    json["issues"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn every_template_round_trips_through_check() {
    let wd = Workdir::new();
    let out = wd.command().arg("template").arg(wd.path("模板")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = [
        ("附件1_社会工作者名单.xlsx", "volunteers"),
        ("附件2_关爱服务记录台账.xlsx", "visits"),
        ("关爱帮扶对象信息台账.xlsx", "roster"),
        ("区划名单.xlsx", "divisions"),
        ("排除名单.xlsx", "exclusions"),
    ];
    // Blank: guanai's own template, still empty, is set aside (F07), never read as a
    // submission (its example row would otherwise be an R07 in every run).
    // Blank templates alone are nothing to check: said so, exit 1, the JSON still written.
    let blank = wd.check(&[wd.path("模板")], &[]);
    let stderr = String::from_utf8_lossy(&blank.stderr);
    assert_eq!(blank.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("没有找到任何报送材料") && stderr.contains("附件1_社会工作者名单.xlsx"), "{stderr}");
    let json = wd.json();
    assert_eq!(codes(&json), BTreeSet::from(["F07".to_string()]), "{:#?}", json["issues"]);
    for (file, _) in expected {
        let entry = json["files"].as_array().unwrap().iter().find(|f| f["path"] == file).expect(file);
        assert_eq!((&entry["status"], &entry["code"]), (&json!("ignored"), &json!("F07")), "{file}");
    }

    // Filled: five rows each, all accepted, no header or file problem.
    std::fs::create_dir(wd.path("已填写")).unwrap();
    for (file, kind) in expected {
        let people = if kind == "exclusions" {
            ["赵一", "赵二", "赵三", "赵四", "赵五"]
        } else {
            ["王一", "王二", "王三", "王四", "王五"]
        };
        fill(&wd.path("模板").join(file), &wd.path("已填写").join(file), &people);
    }
    let filled = wd.check(&[wd.path("已填写")], &[]);
    assert!(filled.status.success(), "{}", String::from_utf8_lossy(&filled.stderr));
    let json = wd.json();
    assert_rows_conserved(&json);
    let found = codes(&json);
    for bad in ["H01", "F02", "F03", "F06"] {
        assert!(!found.contains(bad), "{bad} in {:#?}", json["issues"]);
    }
    for (file, kind) in expected {
        let entry = json["files"].as_array().unwrap().iter().find(|f| f["path"] == file).expect(file);
        let sheet = &entry["sheets"][0];
        assert_eq!(sheet["kind"], kind, "{file}");
        assert_eq!(sheet["rejected"], 0, "{file}: {:#?}", json["issues"]);
        if !matches!(kind, "exclusions" | "divisions") {
            assert_eq!(sheet["accepted"], 5, "{file}: {:#?}", json["issues"]);
        }
    }
}

fn strings(path: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("workbook opens");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.iter().map(Data::to_string).collect()).collect();
            (name, rows)
        })
        .collect()
}

/// Column `header`'s values, the header found in the first rows of the sheet.
fn column(rows: &[Vec<String>], header: &str) -> Vec<(usize, String)> {
    let Some((h, c)) =
        rows.iter().take(5).enumerate().find_map(|(i, r)| r.iter().position(|x| x == header).map(|c| (i, c)))
    else {
        return Vec::new();
    };
    rows.iter().enumerate().skip(h + 1).map(|(i, r)| (i, r.get(c).cloned().unwrap_or_default())).collect()
}

#[test]
fn feedback_workbooks_hold_only_their_own_township() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("demo")], &["--feedback-dir", "反馈"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Every person (name and ID number) of the district, with the townships they are in.
    let all = strings(&wd.path("out.xlsx"));
    let mut home: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (sheet, name_cols) in [
        ("社工名单", ["姓名", "身份证号码"]),
        ("剔除人员", ["姓名", "身份证号码"]),
        ("关爱对象", ["姓名", "身份证号码"]),
    ] {
        let rows = &all[sheet];
        let towns = column(rows, "镇（街道）");
        for header in name_cols {
            for ((_, who), (_, town)) in column(rows, header).into_iter().zip(&towns) {
                if !who.is_empty() {
                    home.entry(who).or_default().insert(town.clone());
                }
            }
        }
    }
    let townships: BTreeSet<String> = home.values().flatten().cloned().collect();
    assert!(townships.len() >= 3, "{townships:?}");

    let dir = wd.path("反馈");
    let mut seen = 0;
    let mut file_level = 0;
    for township in &townships {
        let path = dir.join(format!("{township}_问题反馈.xlsx"));
        let sheets = strings(&path);
        assert_eq!(
            sheets.keys().cloned().collect::<BTreeSet<_>>(),
            ["说明", "社工人数核查", "关爱考核", "问题清单"].map(String::from).into(),
            "{township}"
        );
        for (sheet, rows) in &sheets {
            for cell in rows.iter().flatten() {
                if let Some(towns) = home.get(cell) {
                    assert!(towns.contains(township), "{township} / {sheet}: {cell} belongs to {towns:?}");
                }
            }
            for (_, town) in column(rows, "镇（街道）") {
                assert!(town.is_empty() || &town == township, "{township} / {sheet}: row of {town}");
            }
        }
        let issues = column(&sheets["问题清单"], "代码");
        seen += issues.len();
        // An issue about a file that names no township goes to the township of its path.
        let rows = &sheets["问题清单"];
        for ((_, town), (_, file)) in column(rows, "镇（街道）").into_iter().zip(column(rows, "文件")) {
            if town.is_empty() {
                assert!(file.starts_with(township.as_str()), "{township}: issue about {file}");
                file_level += 1;
            }
        }
        let guide = sheets["说明"].concat().join(" ");
        assert!(guide.contains("改正期限") && guide.contains(township.as_str()), "{guide}");
    }
    // Every issue placed in a township reached that township's file.
    let json = wd.json();
    let placed = json["issues"].as_array().unwrap().iter().filter(|i| i["township"] != "").count();
    assert!(seen >= placed, "{seen} issue rows in feedback files, {placed} placed issues");
    let unplaced = json["issues"].as_array().unwrap().iter().filter(|i| i["township"] == "").count();
    assert_eq!(file_level, unplaced, "each file-level issue in exactly one township's file");
}

#[test]
fn cards_one_per_recipient_with_the_notice_frequency() {
    let wd = Workdir::new();
    let out = wd.command().arg("cards").arg(fixture("demo")).args(["-o", "卡.xlsx"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let checked = wd.check(&[fixture("demo")], &[]);
    assert!(checked.status.success());
    let json = wd.json();
    let in_ledgers: Vec<&Value> =
        json["recipients"].as_array().unwrap().iter().filter(|r| r["inferred"] == false).collect();
    // The terminal says why the people known only from the logs have no card, and who.
    let said = String::from_utf8_lossy(&out.stdout);
    let inferred = json["recipients"].as_array().unwrap().iter().filter(|r| r["inferred"] == true).count();
    assert!(said.contains(&format!("已为 {} 名", in_ledgers.len())), "{said}");
    assert!(said.contains(&format!("另有 {inferred} 名对象只出现在关爱服务记录中")), "{said}");
    assert!(said.contains("井口街道美丽家园社区赵无名"), "{said}");

    // A card: 对象姓名 | name | 类别 | categories, then below 关爱联系人, 关爱慰问, 帮扶困难 (附件3).
    let mut cards: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut count = 0;
    for rows in strings(&wd.path("卡.xlsx")).values() {
        for (r, row) in rows.iter().enumerate() {
            if row.first().map(String::as_str) == Some("对象姓名") {
                count += 1;
                let below = |label: &str| {
                    rows[r..(r + 8).min(rows.len())].iter().find(|x| x[0] == label).unwrap_or_else(|| panic!("{label}"))
                };
                assert_eq!(below("帮扶困难")[1], "帮助对象解决现实生活困难");
                let contact = below("关爱联系人");
                assert!(!contact[1].is_empty(), "a missing contact is said, never blank: {contact:?}");
                assert!(contact[3].chars().all(|c| c.is_ascii_digit() || c == '-'), "the phone alone: {contact:?}");
                cards.insert((row[1].clone(), row[3].clone()), below("关爱慰问")[1].clone());
            }
        }
    }
    assert_eq!(count, in_ledgers.len(), "one card per ledger recipient");

    let text_of = |category: &str, situation: Option<&str>| -> String {
        let person = in_ledgers
            .iter()
            .find(|r| {
                let cats: Vec<&str> = r["categories"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
                let sits: Vec<&str> = r["situations"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
                cats == [category] && situation.is_none_or(|s| sits.contains(&s))
            })
            .unwrap_or_else(|| panic!("a recipient who is only {category}"));
        let name = person["name"].as_str().unwrap().to_string();
        cards[&(name, category.to_string())].clone()
    };
    assert_eq!(text_of("低保对象", None), "每月至少联系1次");
    assert_eq!(text_of("农村留守儿童", None), "每周联系1次");
    assert_eq!(text_of("独居老人", Some("失能")), "每周电话关心慰问3次，入户探望1次");
    assert_eq!(text_of("生活无着流浪乞讨人员", None), "及时进行关爱帮扶，劝导其自愿接受社会救助");
}

/// The cards come from the same pipeline as `check`: a recipient listed twice in a village's
/// ledger (P06) is one recipient there, so one card.
#[test]
fn cards_count_each_ledger_recipient_once_as_check_does() {
    for case in ["cases/P06/input", "demo"] {
        let wd = Workdir::new();
        let out = wd.command().arg("cards").arg(fixture(case)).args(["-o", "卡.xlsx"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(wd.check(&[fixture(case)], &[]).status.success());
        let json = wd.json();
        let mut listed: Vec<(String, String, String)> = json["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["inferred"] == false)
            .map(|r| (r["village"].as_str().unwrap().into(), r["name"].as_str().unwrap().into(), String::new()))
            .collect();
        let mut cards: Vec<(String, String, String)> = Vec::new();
        for rows in strings(&wd.path("卡.xlsx")).values() {
            for (r, row) in rows.iter().enumerate() {
                if row.first().map(String::as_str) == Some("对象姓名") {
                    let village = rows[r..].iter().find(|x| x[2] == "村（社区）").expect("村（社区）");
                    cards.push((village[3].clone(), row[1].clone(), String::new()));
                }
            }
        }
        listed.sort();
        cards.sort();
        assert_eq!(cards, listed, "{case}: one card per recipient check lists from the ledgers");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn no_arguments_checks_the_inbox_into_the_results_folder() {
    let wd = Workdir::new();
    let run = || wd.command().stdin(std::process::Stdio::null()).output().unwrap();

    // First run: the inbox is made, with its guide, and nothing else happens.
    let first = run();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("收件箱"));
    assert!(wd.path("收件箱").join("使用说明.txt").is_file());
    assert!(!wd.path("汇总结果").exists());

    // With the submissions in: the workbook and every township's feedback in 汇总结果.
    copy_dir(&fixture("demo"), &wd.path("收件箱"));
    let second = run();
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(stdout.contains("核查完成") && !stdout.contains("按回车键"), "{stdout}");
    let book = wd.path("汇总结果").join("关爱帮扶汇总_2023年01月.xlsx");
    let sheets = strings(&book);
    let listed: Vec<String> = column(&sheets["文件清单"], "文件").into_iter().map(|(_, f)| f).collect();
    assert!(!listed.iter().any(|f| f.contains("使用说明")), "{listed:?}");
    let feedback: Vec<_> =
        std::fs::read_dir(wd.path("汇总结果").join("各镇（街道）问题反馈")).unwrap().flatten().collect();
    assert_eq!(feedback.len(), 3);
}

#[test]
fn template_keeps_existing_files_unless_told_and_has_what_the_register_has() {
    let wd = Workdir::new();
    assert!(wd.command().args(["template", "模板"]).output().unwrap().status.success());
    let form = wd.path("模板").join("附件1_社会工作者名单.xlsx");
    let mut book: Xlsx<_> = open_workbook(&form).unwrap();
    let range = book.worksheet_range("社会工作者名单").unwrap();
    let headers: Vec<String> = range.rows().nth(2).unwrap().iter().map(|c| c.to_string()).collect();
    assert!(headers.contains(&"出生年月".to_string()), "附件1 has the register's 出生年月: {headers:?}");
    // A clerk's own edits survive a second `template`.
    std::fs::write(&form, b"edited").unwrap();
    let again = wd.command().args(["template", "模板"]).output().unwrap();
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success() && said.contains("未覆盖"), "{said}");
    assert_eq!(std::fs::read(&form).unwrap(), b"edited");
    let forced = wd.command().args(["template", "模板", "--overwrite"]).output().unwrap();
    assert!(forced.status.success());
    assert_ne!(std::fs::read(&form).unwrap(), b"edited");
}
