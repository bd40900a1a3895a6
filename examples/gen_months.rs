//! Writes fixtures/months: three months (2022-12, 2023-01, 2023-02) of two townships'
//! submissions, for the history across months (SPEC §11). Between the months people are
//! added, leave with and without 退出日期, move village, change category and contact
//! person, and one child is missed three months running; one 失能 独居老人 is called on
//! 1月30日 and 2月2日 only in the week that straddles January and February.
//!
//! `cargo run --example gen_months -- fixtures` (scripts/make_fixtures.sh runs it).

use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use guanai::idcard::check_char;
use rust_xlsxwriter::{Format, Workbook};

type Res = Result<(), Box<dyn std::error::Error>>;

const MONTHS: [(i32, u32); 3] = [(2022, 12), (2023, 1), (2023, 2)];

fn id(birth_year: i32, seq: u32) -> String {
    let first17 = format!("500106{birth_year:04}{:02}{:02}{:03}", 1 + seq % 12, 1 + seq % 28, seq % 1000);
    format!("{first17}{}", check_char(&first17).expect("17 digits"))
}

/// One ledger person in one month.
#[derive(Clone)]
struct Person {
    village: &'static str,
    name: &'static str,
    id: String,
    categories: &'static str,
    situation: &'static str,
    contact: &'static str,
    left: &'static str,
    /// How they are contacted: the rule's pattern, or only some days.
    care: Care,
}

#[derive(Clone, Copy, PartialEq)]
enum Care {
    /// 失能 etc.: calls on Monday, Wednesday and Friday, a visit on Saturday.
    Intensive,
    /// A call every Tuesday (children, 一般 独居老人's weekly contact) and a visit on the 10th.
    Weekly,
    /// One call on the 15th.
    Monthly,
    /// Calls on the first two Tuesdays only: missed every month.
    TwoWeeks,
    /// The straddling week: the intensive pattern, but January's last week and February's
    /// first days only have calls on 1月30日 and 2月2日.
    Straddle,
}

fn p(village: &'static str, name: &'static str, seq: u32, categories: &'static str, situation: &'static str) -> Person {
    let care = match (categories, situation) {
        (_, "失能") => Care::Intensive,
        (c, _) if c.contains("儿童") || c.contains("孤儿") || c.contains("独居老人") => Care::Weekly,
        _ => Care::Monthly,
    };
    let child = ["儿童", "孤儿"].iter().any(|c| categories.contains(c));
    Person {
        village,
        name,
        id: id(if child { 2012 } else { 1935 } + (seq % 8) as i32, seq),
        categories,
        situation,
        contact: "李芳",
        left: "",
        care,
    }
}

/// 井口街道's ledger in month `m` (0: December, 1: January, 2: February).
fn jingkou(m: usize) -> Vec<Person> {
    let mut people = vec![
        p("美丽家园社区", "王秀英", 1, "独居老人", "失能"),
        p("美丽家园社区", "杨桂芳", 2, "独居老人", "失能"),
        p("美丽家园社区", "吴国庆", 3, "特困人员", ""),
        p("井口村", "徐春兰", 4, "低保对象", ""),
        p("井口村", "赵小明", 5, "农村留守儿童", ""),
    ];
    people[1].care = Care::Straddle;
    people[4].care = Care::TwoWeeks;
    // 刘德华: in December's and January's ledgers, silently gone in February (K03).
    if m < 2 {
        people.push(p("美丽家园社区", "刘德华", 6, "独居老人", "失能"));
    }
    // 陈桂兰: leaves on 2月10日, with a 退出日期 in February's ledger.
    let mut chen = p("美丽家园社区", "陈桂兰", 7, "低保对象", "");
    if m == 2 {
        chen.left = "2023-02-10";
    }
    people.push(chen);
    // 张建国: moves from 美丽家园社区 to 井口村 in February, same ID number.
    people.push(p(if m < 2 { "美丽家园社区" } else { "井口村" }, "张建国", 8, "低保对象", ""));
    // 李淑芬: 低保对象 until January, 特困人员 in February.
    people.push(p("井口村", "李淑芬", 9, if m < 2 { "低保对象" } else { "特困人员" }, ""));
    // 孙丽: no ID number until February.
    let mut sun = p("井口村", "孙丽", 10, "低保边缘对象", "");
    if m < 2 {
        sun.id.clear();
    }
    people.push(sun);
    // 周杰: new in February.
    if m == 2 {
        people.push(p("井口村", "周杰", 11, "孤儿", ""));
    }
    people
}

/// 凤凰镇's ledger: 马玉梅's contact person changes in January, 胡勇 is new in January.
fn fenghuang(m: usize) -> Vec<Person> {
    let mut people = vec![p("凤凰村", "马玉梅", 21, "独居老人", "一般"), p("凤凰村", "郭文", 22, "困难残疾人", "")];
    if m >= 1 {
        people[0].contact = "何海燕";
        people.push(p("凤凰村", "胡勇", 23, "事实无人抚养儿童", ""));
    }
    people
}

/// The days `person` was called and visited in the month starting `first`.
fn contacts(person: &Person, first: NaiveDate) -> Vec<(NaiveDate, &'static str)> {
    let mut out = Vec::new();
    let mut day = first;
    let mut tuesdays = 0;
    while day.month() == first.month() {
        let wd = day.weekday();
        let straddle_gap = person.care == Care::Straddle
            && ((day.month() == 1 && day.day() >= 30) || (day.month() == 2 && day.day() <= 5));
        match person.care {
            Care::Intensive | Care::Straddle if straddle_gap => {
                let called = [(1, 30), (2, 2)].contains(&(day.month(), day.day()));
                out.extend(called.then_some((day, "电话联系")));
            }
            Care::Intensive | Care::Straddle => match wd {
                Weekday::Mon | Weekday::Wed | Weekday::Fri => out.push((day, "电话联系")),
                Weekday::Sat => out.push((day, "入户走访")),
                _ => {}
            },
            Care::Weekly if day.day() == 10 => out.push((day, "入户走访")),
            Care::Weekly | Care::TwoWeeks if wd == Weekday::Tue => {
                tuesdays += 1;
                if person.care == Care::Weekly || tuesdays <= 2 {
                    out.push((day, "电话联系"));
                }
            }
            Care::Monthly if day.day() == 15 => out.push((day, "电话联系")),
            _ => {}
        }
        day += Duration::days(1);
    }
    // 退出 on the 10th: nothing after.
    if let Ok(left) = person.left.parse::<NaiveDate>() {
        out.retain(|(d, _)| *d <= left);
    }
    out
}

fn write_ledger(path: &Path, township: &str, people: &[Person]) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("对象台账")?;
    ws.write_string(0, 0, "关爱帮扶对象信息台账")?;
    ws.write_string(1, 0, format!("镇（街道）：{township}"))?;
    let headers = [
        "序号",
        "村（社区）",
        "对象姓名",
        "身份证号码",
        "对象类别",
        "独居老人情形",
        "关爱联系人",
        "联系人电话",
        "退出日期",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    let text = Format::new().set_num_format("@");
    for (i, person) in people.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_number(row, 0, (i + 1) as f64)?;
        let cells = [person.village, person.name, &person.id, person.categories, person.situation, person.contact];
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string_with_format(row, 1 + c as u16, *v, &text)?;
            }
        }
        ws.write_string_with_format(row, 7, format!("1382346{:04}", 1000 + i), &text)?;
        if !person.left.is_empty() {
            ws.write_string(row, 8, person.left)?;
        }
    }
    wb.save(path)?;
    Ok(())
}

fn write_log(path: &Path, township: &str, first: NaiveDate, people: &[Person]) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("关爱服务记录")?;
    ws.write_string(0, 0, format!("{township}关爱服务记录台账（{}年{}月）", first.year(), first.month()))?;
    let headers = ["序号", "村（社区）", "时间", "关爱方式", "关爱对象类型", "关爱对象姓名", "实施关爱工作人员"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(1, c as u16, *h)?;
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    let mut row = 2;
    for person in people {
        let category = person.categories.split('、').next().unwrap_or_default();
        for (day, method) in contacts(person, first) {
            ws.write_number(row, 0, f64::from(row - 1))?;
            ws.write_string(row, 1, person.village)?;
            let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)?;
            ws.write_datetime_with_format(row, 2, &dt, &date)?;
            ws.write_string(row, 3, method)?;
            ws.write_string(row, 4, category)?;
            ws.write_string(row, 5, person.name)?;
            ws.write_string(row, 6, person.contact)?;
            row += 1;
        }
    }
    wb.save(path)?;
    Ok(())
}

/// 附件1 with `count` valid volunteers of `village`.
fn write_volunteers(path: &Path, township: &str, first_seq: u32, villages: &[(&str, u32)]) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("社工名单")?;
    let headers = ["序号", "镇（街道）", "村（社区）", "姓名", "身份证号码", "联系电话", "居住地址", "身份"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let text = Format::new().set_num_format("@");
    let mut row = 1;
    for (v, (village, count)) in villages.iter().enumerate() {
        for k in 0..*count {
            let seq = first_seq + v as u32 * 50 + k;
            let name = format!(
                "{}{}",
                ["王", "李", "张", "刘", "陈"][(k % 5) as usize],
                ["明", "静", "伟", "芳", "军", "敏"][(k % 6) as usize]
            );
            let cells = [township.to_string(), village.to_string(), format!("{name}{}", k + 1)];
            ws.write_number(row, 0, f64::from(row))?;
            for (c, value) in cells.iter().enumerate() {
                ws.write_string(row, 1 + c as u16, value)?;
            }
            ws.write_string_with_format(row, 4, id(1970 + (k % 20) as i32, seq), &text)?;
            ws.write_string_with_format(row, 5, format!("1390000{:04}", seq), &text)?;
            ws.write_string(row, 6, format!("重庆市沙坪坝区{township}{village}{}号", k + 1))?;
            ws.write_string(row, 7, "志愿者")?;
            row += 1;
        }
    }
    wb.save(path)?;
    Ok(())
}

fn main() -> Res {
    let root: PathBuf = std::env::args().nth(1).unwrap_or_else(|| "fixtures".into()).into();
    let dir = root.join("months");
    for (m, (year, month)) in MONTHS.iter().enumerate() {
        let first = NaiveDate::from_ymd_opt(*year, *month, 1).ok_or("month")?;
        let folder = dir.join(format!("{year}-{month:02}"));
        for (township, people, first_seq, villages) in [
            ("井口街道", jingkou(m), 300, vec![("美丽家园社区", 12), ("井口村", if m == 0 { 31 } else { 29 })]),
            ("凤凰镇", fenghuang(m), 500, vec![("凤凰村", 30)]),
        ] {
            let out = folder.join(township);
            std::fs::create_dir_all(&out)?;
            write_ledger(&out.join(format!("{township}_关爱帮扶对象台账.xlsx")), township, &people)?;
            write_log(&out.join(format!("{township}_关爱服务记录_{year}年{month}月.xlsx")), township, first, &people)?;
            write_volunteers(&out.join(format!("{township}_社工名单.xlsx")), township, first_seq, &villages)?;
        }
    }
    Ok(())
}
