//! Writes the committed fixtures: the demo district (fixtures/demo) and one small case
//! per check code (fixtures/cases). Run through `scripts/make_fixtures.sh`, which also
//! converts the .xls fixtures with LibreOffice.
//!
//!     cargo run --example gen_fixtures -- fixtures

use std::path::{Path, PathBuf};

use guanai::idcard::check_char;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

type Res = Result<(), Box<dyn std::error::Error>>;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭", "何", "罗", "高",
    "林",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "丽华", "明", "静", "伟", "芳", "军", "敏", "德华", "桂兰", "小红", "海燕", "文", "杰",
    "玉梅", "国庆", "春兰", "勇",
];

#[derive(Clone)]
enum Id {
    Text(String),
    Number(f64),
}

#[derive(Clone)]
struct Person {
    name: String,
    gender: String,
    id: Id,
    birth: String,
    phone: String,
    address: String,
    employer: String,
    role: String,
    remark: String,
}

fn id_for(seed: u32, year: i32, month: u32, day: u32, male: bool) -> String {
    let seq = 100 + (seed * 7) % 800;
    let sex_digit = if male { 1 + 2 * (seed % 5) } else { 2 * (seed % 5) };
    let first17 = format!("500106{year:04}{month:02}{day:02}{:02}{sex_digit}", seq % 100);
    format!("{first17}{}", check_char(&first17).expect("17 digits"))
}

/// A volunteer who passes every check, living in the village that lists them.
fn person(seed: u32, township: &str, village: &str) -> Person {
    let year = 1960 + (seed % 40) as i32;
    let (month, day) = (1 + seed % 12, 1 + seed % 28);
    let male = seed.is_multiple_of(2);
    Person {
        name: format!("{}{}", SURNAMES[(seed % 20) as usize], GIVEN[((seed / 20) % 20) as usize]),
        gender: if male { "男" } else { "女" }.into(),
        id: Id::Text(id_for(seed, year, month, day, male)),
        birth: format!("{year}.{month:02}"),
        phone: format!("139{:08}", 10_000_000 + seed * 37),
        address: format!("重庆市沙坪坝区{township}{village}{}号", seed % 90 + 1),
        employer: ["退休", "个体经营", "社区卫生服务中心", "物业公司", "自由职业"][(seed % 5) as usize].into(),
        role: ["志愿者", "网格员", "楼栋长", "社区医生", "红岩志愿者"][(seed % 5) as usize].into(),
        remark: String::new(),
    }
}

fn born(p: &mut Person, seed: u32, year: i32, month: u32, day: u32) {
    let male = p.gender == "男";
    p.id = Id::Text(id_for(seed, year, month, day, male));
    p.birth = format!("{year}.{month:02}");
}

struct Village {
    township: String,
    name: String,
    people: Vec<Person>,
}

fn village(township: &str, name: &str, first_seed: u32, count: u32) -> Village {
    Village {
        township: township.into(),
        name: name.into(),
        people: (0..count).map(|i| person(first_seed + i, township, name)).collect(),
    }
}

const HEADERS: &[&str] = &[
    "序号",
    "镇（街道）",
    "村（社区）",
    "姓  名",
    "性别",
    "身份证\n号码",
    "出生年月",
    "联系电话",
    "居住地址",
    "工作单位",
    "身份",
    "备注",
];

fn rows_of(villages: &[Village]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for v in villages {
        for p in &v.people {
            let id = match &p.id {
                Id::Text(s) => s.clone(),
                Id::Number(n) => format!("#NUM{n}"),
            };
            rows.push(vec![
                (rows.len() + 1).to_string(),
                v.township.clone(),
                v.name.clone(),
                p.name.clone(),
                p.gender.clone(),
                id,
                p.birth.clone(),
                p.phone.clone(),
                p.address.clone(),
                p.employer.clone(),
                p.role.clone(),
                p.remark.clone(),
            ]);
        }
    }
    rows
}

/// 附件1 as townships fill it: title, metadata line, header in row 3, the township and
/// village columns merged over their rows. Returns nothing; rows start at Excel row 4.
fn volunteer_book(path: &Path, sheet: &str, villages: &[Village], merge: bool) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let title = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center);
    ws.merge_range(
        0,
        0,
        0,
        (HEADERS.len() - 1) as u16,
        "沙坪坝区村（社区）参与民政对象关爱帮扶服务社会工作者名单",
        &title,
    )?;
    let township = villages.first().map(|v| v.township.clone()).unwrap_or_default();
    ws.write_string(1, 0, format!("镇（街道）：{township}　　　　填报日期：2023年1月4日"))?;
    let header = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center);
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &header)?;
    }
    let text = Format::new().set_num_format("@");
    let mut row = 3u32;
    for v in villages {
        let first = row;
        for p in &v.people {
            ws.write_number(row, 0, f64::from(row - 2))?;
            ws.write_string(row, 1, &v.township)?;
            ws.write_string(row, 2, &v.name)?;
            ws.write_string(row, 3, &p.name)?;
            ws.write_string(row, 4, &p.gender)?;
            match &p.id {
                Id::Text(s) => ws.write_string_with_format(row, 5, s, &text)?,
                Id::Number(n) => ws.write_number(row, 5, *n)?,
            };
            ws.write_string(row, 6, &p.birth)?;
            match p.phone.parse::<f64>() {
                Ok(n) if p.phone.len() == 11 => ws.write_number(row, 7, n)?,
                _ => ws.write_string(row, 7, &p.phone)?,
            };
            ws.write_string(row, 8, &p.address)?;
            ws.write_string(row, 9, &p.employer)?;
            ws.write_string(row, 10, &p.role)?;
            ws.write_string(row, 11, &p.remark)?;
            row += 1;
        }
        if merge && row - first > 1 {
            let plain = Format::new().set_align(FormatAlign::VerticalCenter);
            ws.merge_range(first, 1, row - 1, 1, &v.township, &plain)?;
            ws.merge_range(first, 2, row - 1, 2, &v.name, &plain)?;
        }
    }
    ws.set_column_width(5, 22)?;
    ws.set_column_width(8, 36)?;
    save(wb, path)
}

fn save(mut wb: Workbook, path: &Path) -> Res {
    // A fixed creation time keeps regenerated fixtures byte-identical.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2023, 1, 4)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    wb.save(path).map_err(|e: XlsxError| e.into())
}

fn simple_book(path: &Path, sheet: &str, lines: &[Vec<&str>]) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    for (r, line) in lines.iter().enumerate() {
        for (c, v) in line.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v)?;
            }
        }
    }
    save(wb, path)
}

fn csv_gb18030(path: &Path, villages: &[Village]) -> Res {
    let mut out =
        String::from("序号,村（社区）,姓名,性别,身份证号码,出生年月,联系电话,居住地址,工作单位,身份,备注\r\n");
    for row in rows_of(villages) {
        let picked: Vec<&str> = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].iter().map(|&c| row[c].as_str()).collect();
        out.push_str(&picked.join(","));
        out.push_str("\r\n");
    }
    let (bytes, _, _) = encoding_rs::GB18030.encode(&out);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, bytes)?;
    Ok(())
}

fn demo(root: &Path, staging: &Path) -> Res {
    let dir = root.join("demo");
    // 井口街道: 美丽家园社区 meets the minimum despite its mistakes; 井口村 has 29 valid.
    let mut meili = village("井口街道", "美丽家园社区", 1, 36);
    meili.people[3].role = "两委成员".into();
    born(&mut meili.people[5], 6, 1957, 1, 15);
    meili.people[7].address = "重庆市渝中区解放碑街道12号".into();
    meili.people[9].phone = "139123".into();
    if let Id::Text(s) = meili.people[11].id.clone() {
        meili.people[11].id = Id::Number(s[..17].parse::<f64>().unwrap_or(0.0) * 10.0);
    }
    let dup = meili.people[0].clone();
    meili.people.push(dup);
    let mut jingkou = village("井口街道", "井口村", 101, 30);
    jingkou.people[2].remark = "村本土人才".into();
    volunteer_book(&dir.join("井口街道/井口街道_社工名单.xlsx"), "社工名单", &[meili, jingkou], true)?;

    // 歌乐山街道 (.xls, converted by LibreOffice): 天池村 30 valid, 歌乐山社区 one shared with 井口村.
    let tianchi = village("歌乐山街道", "天池村", 201, 30);
    let mut gls = village("歌乐山街道", "歌乐山社区", 301, 32);
    gls.people[4] = person(105, "歌乐山街道", "歌乐山社区");
    gls.people[6].address = "四川省成都市武侯区人民南路".into();
    gls.people[8].gender = if gls.people[8].gender == "男" { "女".into() } else { "男".into() };
    volunteer_book(&staging.join("歌乐山街道社工名单.xlsx"), "Sheet1", &[tianchi, gls], true)?;

    // 凤凰镇 (.csv in GB18030 as Excel on Chinese Windows saves it).
    let mut fenghuang = village("凤凰镇", "凤凰村", 401, 31);
    fenghuang.people[1].address = "幸福路8号".into();
    fenghuang.people[2].address = "重庆市沙坪坝区井口街道南溪路3号".into();
    born(&mut fenghuang.people[4], 405, 2006, 3, 1);
    let mut longquan = village("凤凰镇", "龙泉村", 501, 30);
    longquan.people[3].employer = "五职干部".into();
    csv_gb18030(&dir.join("凤凰镇/凤凰镇_社工名单.csv"), &[fenghuang, longquan])?;

    // The exclusions list names one 美丽家园社区 volunteer by ID.
    let excluded = person(20, "井口街道", "美丽家园社区");
    let Id::Text(excluded_id) = excluded.id else { unreachable!() };
    simple_book(
        &dir.join("区民政局/两委成员本土人才名单.xlsx"),
        "排除名单",
        &[
            vec!["沙坪坝区村（社区）两委成员、本土人才、五职干部名单"],
            vec!["序号", "镇（街道）", "村（社区）", "姓名", "身份证号码", "职务"],
            vec!["1", "井口街道", "美丽家园社区", &excluded.name, &excluded_id, "村委委员"],
        ],
    )?;
    simple_book(
        &dir.join("区民政局/区划名单.xlsx"),
        "区划名单",
        &[
            vec!["序号", "镇（街道）", "村（社区）"],
            vec!["1", "井口街道", "美丽家园社区"],
            vec!["2", "井口街道", "井口村"],
            vec!["3", "歌乐山街道", "天池村"],
            vec!["4", "歌乐山街道", "歌乐山社区"],
            vec!["5", "凤凰镇", "凤凰村"],
            vec!["6", "凤凰镇", "龙泉村"],
            vec!["7", "凤凰镇", "新凤村"],
        ],
    )?;
    // Things that arrive with every month's mail.
    std::fs::write(dir.join("凤凰镇/凤凰镇_社工名单（WPS版）.et"), b"WPS et placeholder: not readable")?;
    std::fs::copy(dir.join("井口街道/井口街道_社工名单.xlsx"), dir.join("井口街道/井口街道_社工名单_重发.xlsx"))?;
    std::fs::write(dir.join("井口街道/~$井口街道_社工名单.xlsx"), b"lock")?;
    Ok(())
}

fn cases(root: &Path) -> Res {
    let dir = root.join("cases");
    let t = "井口街道";
    let book = |code: &str, villages: Vec<Village>| {
        volunteer_book(&dir.join(code).join("input").join(format!("{code}.xlsx")), "社工名单", &villages, false)
    };
    let one = |seed: u32, f: &dyn Fn(&mut Person)| {
        let mut v = village(t, "美丽家园社区", seed, 3);
        f(&mut v.people[1]);
        v
    };
    // Row 4 is the first data row; people[1] sits in Excel row 5.
    book("V01", vec![one(1, &|p| p.address.clear())])?;
    book(
        "V02",
        vec![one(1, &|p| {
            if let Id::Text(s) = &p.id {
                let last = s.chars().last().unwrap_or('0');
                p.id = Id::Text(format!("{}{}", &s[..17], if last == '0' { '1' } else { '0' }));
            }
        })],
    )?;
    book("V03", vec![one(1, &|p| p.id = Id::Number(500106198001011234.0))])?;
    book(
        "V04",
        vec![{
            let mut v = village(t, "美丽家园社区", 1, 3);
            born(&mut v.people[1], 2, 1957, 1, 31); // 66 on 2023-01-31
            born(&mut v.people[2], 3, 1957, 2, 1); // 65 on 2023-01-31
            v
        }],
    )?;
    book("V05", vec![one(1, &|p| p.address = "重庆市九龙坡区杨家坪".into())])?;
    book("V06", vec![one(1, &|p| p.address = "幸福路8号".into())])?;
    book(
        "V07",
        vec![{
            let mut v = village(t, "美丽家园社区", 1, 7);
            v.people[1].role = "两委成员".into();
            v.people[2].role = "本土人才".into();
            v.people[3].employer = "五职干部".into();
            // Not V07: another organisation's party posts, a post held no more.
            v.people[4].employer = "重庆某机械有限公司党委书记".into();
            v.people[5].employer = "重庆大学".into();
            v.people[5].role = "党支部书记".into();
            v.people[6].remark = "原村委会主任（已退休）".into();
            v
        }],
    )?;
    book(
        "V09",
        vec![{
            let mut v = village(t, "美丽家园社区", 1, 2);
            let copy = v.people[0].clone();
            v.people.push(copy);
            v
        }],
    )?;
    book("V10", vec![village(t, "美丽家园社区", 1, 2), village(t, "井口村", 1, 1)])?;
    book("V11", vec![one(1, &|p| p.phone = "12345".into())])?;
    book("V12", vec![one(1, &|p| p.gender = if p.gender == "男" { "女".into() } else { "男".into() })])?;
    book("V13", vec![one(1, &|p| born(p, 2, 2006, 5, 1))])?;
    book("V14", vec![one(1, &|p| p.address = "重庆市沙坪坝区歌乐山街道天池村3号".into())])?;
    book("C01", vec![village(t, "美丽家园社区", 1, 29), village(t, "井口村", 100, 30)])?;
    // V08: the exclusions list names people[1] by ID.
    let v08 = village(t, "美丽家园社区", 1, 3);
    let Id::Text(id) = v08.people[1].id.clone() else { unreachable!() };
    let name = v08.people[1].name.clone();
    book("V08", vec![v08])?;
    simple_book(
        &dir.join("V08/input/排除名单.xlsx"),
        "Sheet1",
        &[vec!["姓名", "身份证号码", "村（社区）", "排除类别"], vec![&name, &id, "美丽家园社区", "两委成员"]],
    )?;
    // C02: a 区划名单 names a village that sent nothing.
    book("C02", vec![village(t, "美丽家园社区", 1, 2)])?;
    simple_book(
        &dir.join("C02/input/区划名单.xlsx"),
        "区划",
        &[vec!["镇（街道）", "村（社区）"], vec![t, "美丽家园社区"], vec![t, "井口村"]],
    )?;
    // F01–F06, H01.
    std::fs::create_dir_all(dir.join("F01/input"))?;
    std::fs::write(dir.join("F01/input/名单.et"), b"not readable")?;
    book("F02", vec![village(t, "美丽家园社区", 1, 2)])?;
    let full = std::fs::read(dir.join("F02/input/F02.xlsx"))?;
    std::fs::remove_file(dir.join("F02/input/F02.xlsx"))?;
    std::fs::write(dir.join("F02/input/损坏.xlsx"), &full[..full.len() / 2])?;
    simple_book(&dir.join("F03/input/经费表.xlsx"), "经费", &[vec!["项目", "金额"], vec!["慰问品", "300"]])?;
    book("F04", vec![village(t, "美丽家园社区", 1, 2)])?;
    std::fs::copy(dir.join("F04/input/F04.xlsx"), dir.join("F04/input/F04_副本.xlsx"))?;
    book("F05", vec![village(t, "美丽家园社区", 1, 8)])?;
    // F07: a submission beside guanai's own blank template (scripts/make_fixtures.sh puts it).
    book("F07", vec![village(t, "美丽家园社区", 1, 2)])?;
    std::fs::write(dir.join("F05/config.toml"), "# F05 用例：每张表最多读取 5 行\nmax_rows_per_sheet = 5\n")?;
    simple_book(
        &dir.join("F06/input/名单.xlsx"),
        "Sheet1",
        &[
            vec!["序号", "村（社区）", "姓名", "身份证号码", "居住地址", "联系电话"],
            vec!["1", "", "王明", "11010519491231002X", "重庆市沙坪坝区某路1号", "13900000001"],
        ],
    )?;
    simple_book(
        &dir.join("H01/input/名单.xlsx"),
        "名单",
        &[
            vec!["镇（街道）：井口街道 （村）社区：美丽家园社区"],
            vec!["序号", "姓名", "身份证号码", "联系电话"],
            vec!["1", "王明", "11010519491231002X", "13900000001"],
        ],
    )?;
    Ok(())
}

/// The same small list in every format guanai reads; `make_fixtures.sh` adds the .ods.
fn formats(root: &Path, staging: &Path) -> Res {
    let dir = root.join("formats");
    let mut v = village("井口街道", "美丽家园社区", 1, 3);
    born(&mut v.people[1], 2, 1957, 1, 31);
    let villages = [v];
    volunteer_book(&dir.join("名单_xlsx.xlsx"), "社工名单", &villages, false)?;
    volunteer_book(&staging.join("名单_ods.xlsx"), "社工名单", &villages, false)?;
    let mut text = String::from("沙坪坝区村（社区）参与民政对象关爱帮扶服务社会工作者名单\r\n镇（街道）：井口街道\r\n");
    text.push_str(&HEADERS.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(","));
    text.push_str("\r\n");
    for row in rows_of(&villages) {
        text.push_str(&row.join(","));
        text.push_str("\r\n");
    }
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    std::fs::write(dir.join("名单_utf8bom.csv"), bom)?;
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.replace(',', "\t").encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(dir.join("名单_utf16.csv"), utf16)?;
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(dir.join("名单_gb18030.csv"), gb)?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// Care side: recipient ledgers and visit logs (附件2).

/// A date as a township may enter it: a real date cell or text.
#[derive(Clone)]
enum When {
    Day(u32),
    Text(String),
    /// A number typed into a General cell (1.4).
    Number(f64),
}

#[derive(Clone)]
struct LogRow {
    when: When,
    method: String,
    category: String,
    recipient: String,
    worker: String,
}

fn log(day: u32, method: &str, category: &str, recipient: &str) -> LogRow {
    LogRow {
        when: When::Day(day),
        method: method.into(),
        category: category.into(),
        recipient: recipient.into(),
        worker: "李芳".into(),
    }
}

#[derive(Clone)]
struct LedgerRow {
    village: String,
    name: String,
    id: String,
    categories: String,
    situation: String,
    contact: String,
    /// The contact person's phone; empty: one made from the row's place in the ledger.
    phone: String,
    enrolled: String,
    /// 退出日期: a column of its own, written only when some row has one.
    left: String,
}

fn ledger_row(village: &str, name: &str, categories: &str, situation: &str, seed: u32) -> LedgerRow {
    LedgerRow {
        village: village.into(),
        name: name.into(),
        id: id_for(seed + 900, 1940 + (seed % 30) as i32, 1 + seed % 12, 1 + seed % 28, seed.is_multiple_of(2)),
        categories: categories.into(),
        situation: situation.into(),
        contact: format!("{}联系人", SURNAMES[(seed % 20) as usize]),
        phone: String::new(),
        enrolled: String::new(),
        left: String::new(),
    }
}

const LEDGER_HEADERS: &[&str] = &[
    "序号",
    "村（社区）",
    "对象姓名",
    "身份证号码",
    "对象类别",
    "独居老人情形",
    "关爱联系人",
    "联系人电话",
    "村（社区）电话",
    "纳入日期",
    "服务内容",
];
const LOG_HEADERS: &[&str] =
    &["序号", "时间", "关爱方式", "关爱服务内容", "关爱对象类型", "关爱对象姓名", "实施关爱工作人员（记录人）", "备注"];

/// 关爱帮扶对象信息台账: title, metadata line, header in row 3, data from row 4.
fn write_ledger(wb: &mut Workbook, sheet: &str, township: &str, rows: &[LedgerRow]) -> Res {
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    ws.write_string(0, 0, "关爱帮扶对象信息台账")?;
    ws.write_string(1, 0, format!("镇（街道）：{township}"))?;
    for (c, h) in LEDGER_HEADERS.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    let leaving = rows.iter().any(|r| !r.left.is_empty());
    if leaving {
        ws.write_string(2, LEDGER_HEADERS.len() as u16, "退出日期")?;
    }
    let text = Format::new().set_num_format("@");
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_number(row, 0, (i + 1) as f64)?;
        let cells = [&r.village, &r.name, &r.id, &r.categories, &r.situation, &r.contact];
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string_with_format(row, 1 + c as u16, v.as_str(), &text)?;
            }
        }
        if !r.phone.is_empty() {
            ws.write_string_with_format(row, 7, r.phone.as_str(), &text)?;
        } else if !r.contact.is_empty() {
            ws.write_string_with_format(row, 7, format!("138{:08}", 20_000_000 + i as u32 * 13), &text)?;
        }
        ws.write_string(row, 8, "023-65310228")?;
        if !r.enrolled.is_empty() {
            ws.write_string(row, 9, &r.enrolled)?;
        }
        ws.write_string(row, 10, "生活照料、精神慰藉")?;
        if !r.left.is_empty() {
            ws.write_string(row, 11, &r.left)?;
        }
    }
    Ok(())
}

/// 附件2 as the notice ships it: title, "镇（街道）： （村）社区： 日期：" line, header in
/// row 3, the template's example row in row 4, data from row 5.
fn write_log(wb: &mut Workbook, sheet: &str, township: &str, village: &str, rows: &[LogRow]) -> Res {
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    ws.merge_range(0, 0, 0, 7, "沙坪坝区“九类”民政服务对象关爱服务记录台账（参考模板）", &Format::new().set_bold())?;
    ws.write_string(1, 0, format!("镇（街道）：{township}　（村）社区：{village}　日期：2023年1月"))?;
    for (c, h) in LOG_HEADERS.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    for (c, v) in ["1", "例：1月4日", "入户走访/电话联系", "XXXXXX", "特困人员", "张三"].iter().enumerate()
    {
        ws.write_string(3, c as u16, *v)?;
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    for (i, r) in rows.iter().enumerate() {
        let row = 4 + i as u32;
        ws.write_number(row, 0, (i + 1) as f64)?;
        match &r.when {
            When::Day(d) => {
                let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(2023, 1, *d as u8)?;
                ws.write_datetime_with_format(row, 1, &dt, &date)?;
            }
            When::Text(t) => {
                ws.write_string(row, 1, t)?;
            }
            When::Number(n) => {
                ws.write_number(row, 1, *n)?;
            }
        }
        let content = if r.method.contains("入户") { "上门查看生活情况" } else { "电话询问身体状况" };
        for (c, v) in [&r.method, &content.to_string(), &r.category, &r.recipient, &r.worker].iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(row, 2 + c as u16, v.as_str())?;
            }
        }
    }
    Ok(())
}

const CALL: &str = "电话联系";
const VISIT: &str = "入户走访";
const WEEKS: [u32; 4] = [2, 9, 16, 23];

/// A village's people and a month of records, some falling short on purpose.
fn care_village(village: &str, seed: u32, shortfalls: bool) -> (Vec<LedgerRow>, Vec<LogRow>) {
    let name = |k: u32| {
        format!("{}{}", SURNAMES[((seed / 20 + k * 3) % 20) as usize], GIVEN[((seed / 20 + k * 7) % 20) as usize])
    };
    let (a, b, c, d, e, f, g, h, i) = (name(0), name(1), name(2), name(3), name(4), name(5), name(6), name(7), name(8));
    let mut ledger = vec![
        ledger_row(village, &a, "独居老人", "失能", seed),
        ledger_row(village, &b, "独居老人、特困人员", "", seed + 1),
        ledger_row(village, &c, "独居老人", "患病无自主采购能力", seed + 2),
        ledger_row(village, &d, "独居老人", "其他", seed + 3),
        ledger_row(village, &e, "农村留守儿童", "", seed + 4),
        ledger_row(village, &f, "低保对象", "", seed + 5),
        ledger_row(village, &g, "孤儿", "", seed + 6),
        ledger_row(village, &h, "生活无着流浪乞讨人员", "", seed + 7),
        ledger_row(village, &i, "困难残疾人", "", seed + 8),
    ];
    ledger[8].enrolled = "2023-01-16".into();
    let mut rows = Vec::new();
    for w in WEEKS {
        // elderly_intensive: 3 calls and a visit on four days of every week.
        rows.extend([
            log(w, CALL, "独居老人", &a),
            log(w + 2, CALL, "独居老人", &a),
            log(w + 4, CALL, "独居老人", &a),
            log(w + 5, VISIT, "独居老人", &a),
        ]);
        // 独居老人 + 特困人员: short in week 2 when `shortfalls`.
        if !(shortfalls && w == 9) {
            rows.extend([
                log(w, CALL, "特困人员", &b),
                log(w + 1, VISIT, "独居老人", &b),
                log(w + 3, CALL, "独居老人", &b),
                log(w + 5, CALL, "独居老人", &b),
            ]);
        } else {
            rows.extend([log(w, CALL, "独居老人", &b), log(w + 3, CALL, "独居老人", &b)]);
        }
        rows.push(log(w + 1, CALL, "独居老人", &d));
        if !(shortfalls && w == 16) {
            rows.push(log(w + 3, "视频通话", "留守儿童", &e));
        }
    }
    rows.push(log(12, VISIT, "独居老人", &d));
    for day in 1..=31 {
        if !(shortfalls && day == 17) {
            rows.push(log(day, if day % 7 == 0 { VISIT } else { CALL }, "独居老人", &c));
        }
    }
    rows.push(log(20, "电话", "低保户", &f));
    rows.push(log(8, "上门走访", "流浪乞讨人员", &h));
    rows.push(log(25, CALL, "困难残疾人", &i));
    if !shortfalls {
        rows.push(log(18, VISIT, "孤儿", &g));
        rows.push(log(4, CALL, "孤儿", &g));
        rows.push(log(11, CALL, "孤儿", &g));
        rows.push(log(26, CALL, "孤儿", &g));
    }
    (ledger, rows)
}

fn care_demo(root: &Path) -> Res {
    let dir = root.join("demo");
    // (township, [(village, seed, with shortfalls)])
    type Towns<'a> = [(&'a str, &'a [(&'a str, u32, bool)]); 3];
    let towns: Towns = [
        ("井口街道", &[("美丽家园社区", 1, true), ("井口村", 2, false)]),
        ("歌乐山街道", &[("天池村", 3, false), ("歌乐山社区", 4, true)]),
        ("凤凰镇", &[("凤凰村", 5, false), ("龙泉村", 6, true)]),
    ];
    for (town, villages) in towns {
        let mut ledger_book = Workbook::new();
        let mut all = Vec::new();
        for &(village, seed, short) in villages {
            let (mut ledger, mut rows) = care_village(village, seed * 20, short);
            if short {
                // The usual slips: a name missing from the ledger, a wrong type, a record
                // entered twice, last month's record, no worker, an unknown method.
                rows.push(log(10, CALL, "低保对象", "赵无名"));
                rows.push(log(6, CALL, "特困人员", &ledger[5].name.clone()));
                let again = rows[0].clone();
                rows.push(again);
                rows.push(LogRow {
                    when: When::Text("2022年12月28日".into()),
                    ..log(1, VISIT, "独居老人", &ledger[0].name.clone())
                });
                rows.push(LogRow { worker: String::new(), ..log(21, CALL, "独居老人", &ledger[3].name.clone()) });
                rows.push(log(14, "短信", "独居老人", &ledger[3].name.clone()));
                ledger[3].situation.clear();
                ledger[4].contact.clear();
            }
            let mut log_book = Workbook::new();
            write_log(&mut log_book, "关爱记录", town, village, &rows)?;
            save(log_book, &dir.join(town).join(format!("{village}_关爱服务记录_2023年1月.xlsx")))?;
            all.extend(ledger);
        }
        write_ledger(&mut ledger_book, "对象台账", town, &all)?;
        save(ledger_book, &dir.join(town).join(format!("{town}_关爱帮扶对象台账.xlsx")))?;
    }
    Ok(())
}

/// One case per R/P/K code: a workbook with a ledger sheet and a log sheet.
fn care_cases(root: &Path) -> Res {
    let dir = root.join("cases");
    let t = "井口街道";
    let v = "美丽家园社区";
    let base_ledger = || vec![ledger_row(v, "王秀英", "低保对象", "", 1)];
    let base_log = || vec![log(10, CALL, "低保对象", "王秀英")];
    let case = |code: &str, ledger: Vec<LedgerRow>, rows: Vec<LogRow>| -> Res {
        let mut wb = Workbook::new();
        write_ledger(&mut wb, "台账", t, &ledger)?;
        write_log(&mut wb, "记录", t, v, &rows)?;
        save(wb, &dir.join(code).join("input").join(format!("{code}.xlsx")))
    };
    let with_log = |f: &dyn Fn(&mut LogRow)| {
        let mut rows = base_log();
        f(&mut rows[0]);
        rows
    };
    let with_ledger = |f: &dyn Fn(&mut LedgerRow)| {
        let mut rows = base_ledger();
        f(&mut rows[0]);
        rows
    };
    // Log data starts in Excel row 5, ledger data in row 4.
    case("R01", base_ledger(), with_log(&|r| r.method.clear()))?;
    case("R02", base_ledger(), with_log(&|r| r.when = When::Text("1月4日-1月6日".into())))?;
    case("R03", base_ledger(), [with_log(&|r| r.when = When::Text("2022-12-28".into())), base_log()].concat())?;
    case("R04", base_ledger(), [with_log(&|r| r.when = When::Text("2099-01-05".into())), base_log()].concat())?;
    case("R05", base_ledger(), [with_log(&|r| r.method = "短信".into()), base_log()].concat())?;
    case("R06", base_ledger(), [with_log(&|r| r.category = "五保户".into()), base_log()].concat())?;
    case("R07", base_ledger(), base_log())?;
    case("R08", base_ledger(), [base_log(), base_log()].concat())?;
    case("R09", base_ledger(), [base_log(), vec![log(11, CALL, "孤儿", "钱小明")]].concat())?;
    case("R10", base_ledger(), with_log(&|r| r.category = "特困人员".into()))?;
    case("R11", base_ledger(), with_log(&|r| r.worker.clear()))?;
    case("P01", [with_ledger(&|r| r.categories.clear()), base_ledger()].concat(), base_log())?;
    case(
        "P02",
        [
            with_ledger(&|r| {
                r.categories = "五保户".into();
                r.name = "钱小明".into();
            }),
            base_ledger(),
        ]
        .concat(),
        base_log(),
    )?;
    case("P03", with_ledger(&|r| r.id = "500106194001011234".into()), base_log())?;
    case("P04", vec![ledger_row(v, "王秀英", "独居老人", "", 1)], vec![log(3, VISIT, "独居老人", "王秀英")])?;
    case("P05", with_ledger(&|r| r.contact.clear()), base_log())?;
    case("P06", [base_ledger(), base_ledger()].concat(), base_log())?;
    case(
        "P07",
        [base_ledger(), vec![LedgerRow { village: "井口村".into(), ..base_ledger()[0].clone() }]].concat(),
        base_log(),
    )?;
    // K01: a child contacted in weeks 1, 2 and 4 only; K02: a person with no record.
    case(
        "K01",
        vec![ledger_row(v, "王秀英", "农村留守儿童", "", 1)],
        [3, 10, 24].iter().map(|&d| log(d, CALL, "农村留守儿童", "王秀英")).collect(),
    )?;
    case("K02", [base_ledger(), vec![ledger_row(v, "钱小明", "孤儿", "", 2)]].concat(), base_log())?;
    // R12: 1.4 typed as a number in a General cell, read as 1月4日 with a warning.
    case("R12", base_ledger(), with_log(&|r| r.when = When::Number(1.4)))?;
    // P08: a 独居老人 whose situation names none of the notice's.
    case(
        "P08",
        with_ledger(&|r| {
            r.categories = "独居老人".into();
            r.situation = "偶尔有人照看".into();
        }),
        vec![log(10, VISIT, "独居老人", "王秀英")],
    )?;
    // P09: a 孤儿 born in 1941 (ID by seed 1).
    case("P09", with_ledger(&|r| r.categories = "孤儿".into()), vec![log(10, CALL, "孤儿", "王秀英")])?;
    Ok(())
}

/// A township's January while the month runs (SPEC §9, tests/todo.rs): one recipient or
/// more per rule of §5, records chosen so that `--as-of` on a Wednesday (18th), a Saturday
/// (21st), the last day of a week (22nd) and in the month's last partial week (29th, 30th)
/// each leave a different, hand-counted to-do list; enrolment starting and ending inside a
/// running unit; a recipient without a 关爱联系人; one who can no longer be met on the 21st.
fn mid_month(root: &Path) -> Res {
    let dir = root.join("mid_month");
    let t = "井口街道";
    // Each contact person has one phone; 何文's 张伟 (another phone) is another person of the
    // same name, and gets a page of their own in 待办清单.
    let phone = |contact: &str, seed: u32| match (contact, seed) {
        ("张伟", 10) => "13900000010",
        ("张伟", _) => "13820000117",
        ("李芳", _) => "13820000013",
        ("王强", _) => "13820000143",
        _ => "",
    };
    let person = |village: &str, name: &str, categories: &str, situation: &str, contact: &str, seed: u32| LedgerRow {
        contact: contact.into(),
        phone: phone(contact, seed).into(),
        ..ledger_row(village, name, categories, situation, seed)
    };
    let v = "美丽家园社区";
    let mut ledger = vec![
        person(v, "王德明", "独居老人", "失能", "李芳", 1),
        person(v, "刘桂兰", "独居老人", "患病无自主采购能力", "李芳", 2),
        person(v, "陈玉珍", "独居老人", "其他", "张伟", 3),
        person(v, "赵国强", "特困人员", "", "张伟", 4),
        person(v, "孙小军", "农村留守儿童", "", "", 5),
        person(v, "周丽", "低保对象", "", "张伟", 6),
        person(v, "吴大海", "生活无着流浪乞讨人员", "", "李芳", 7),
        person(v, "郑小红", "孤儿", "", "张伟", 8),
        person(v, "冯秀英", "困难残疾人", "", "张伟", 9),
        person(v, "何文", "农村留守儿童", "", "张伟", 10),
        person(v, "钱老汉", "独居老人", "重病", "李芳", 11),
        person("井口村", "黄德", "独居老人、特困人员", "", "王强", 12),
    ];
    for (i, seed) in [(4, 5), (7, 8), (9, 10)] {
        ledger[i].id = id_for(seed + 900, 2012, 3, seed, seed % 2 == 0);
    }
    ledger[7].enrolled = "2023-01-17".into();
    ledger[8].left = "2023-01-20".into();
    ledger[9].left = "2023-01-25".into();
    let mut rows = Vec::new();
    let mut add = |days: &[u32], method: &str, category: &str, name: &str| {
        rows.extend(days.iter().map(|&d| log(d, method, category, name)));
    };
    // 王德明 (elderly_intensive): three calls and a visit each week; in the week of the 16th
    // a call (Mon), a visit (Tue), a call (Thu), a second visit (Sat) standing in for a call.
    add(&[2, 3, 4, 9, 10, 11, 16, 19, 23, 24, 25], CALL, "独居老人", "王德明");
    add(&[5, 12, 17, 21, 26], VISIT, "独居老人", "王德明");
    // 刘桂兰 (elderly_daily): a call every day of the month.
    add(&(1..=31).collect::<Vec<_>>(), CALL, "独居老人", "刘桂兰");
    // 陈玉珍 (elderly_regular week and month): a call each Monday, the month's visit on the 27th.
    add(&[2, 9, 16, 23], CALL, "独居老人", "陈玉珍");
    add(&[27], VISIT, "独居老人", "陈玉珍");
    add(&[25], CALL, "特困人员", "赵国强");
    add(&[4, 11, 18, 28], CALL, "农村留守儿童", "孙小军");
    add(&[10], VISIT, "生活无着流浪乞讨人员", "吴大海");
    add(&[24], CALL, "孤儿", "郑小红");
    add(&[5], CALL, "困难残疾人", "冯秀英");
    add(&[3, 10], CALL, "农村留守儿童", "何文");
    // 钱老汉 (elderly_intensive): one call in the week of the 16th, nothing else.
    add(&[16], CALL, "独居老人", "钱老汉");
    let mut village_b = Vec::new();
    for w in [2, 9, 16, 23] {
        village_b.push(log(w, VISIT, "独居老人", "黄德"));
        village_b.extend((1..=3).map(|d| log(w + d, CALL, "独居老人", "黄德")));
    }
    let mut wb = Workbook::new();
    write_ledger(&mut wb, "对象台账", t, &ledger)?;
    save(wb, &dir.join(format!("{t}_关爱帮扶对象台账.xlsx")))?;
    let mut wb = Workbook::new();
    write_log(&mut wb, "关爱记录", t, v, &rows)?;
    save(wb, &dir.join(format!("{v}_关爱服务记录_2023年1月.xlsx")))?;
    let mut wb = Workbook::new();
    write_log(&mut wb, "关爱记录", t, "井口村", &village_b)?;
    save(wb, &dir.join("井口村_关爱服务记录_2023年1月.xlsx"))
}

/// Every date form of SPEC §3 in one log, in a workbook that `make_fixtures.sh` turns
/// into a 1904-epoch workbook (old Mac Excel); so the serials written here count from 1904.
fn date_forms(root: &Path) -> Res {
    let dir = root.join("dates");
    let mut wb = Workbook::new();
    write_ledger(&mut wb, "台账", "井口街道", &[ledger_row("美丽家园社区", "王秀英", "孤儿", "", 1)])?;
    let ws = wb.add_worksheet();
    ws.set_name("记录")?;
    ws.write_string(0, 0, "沙坪坝区“九类”民政服务对象关爱服务记录台账（参考模板）")?;
    ws.write_string(1, 0, "镇（街道）：井口街道 （村）社区：美丽家园社区 日期：2023年1月")?;
    for (c, h) in LOG_HEADERS.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    const EPOCH_1904: f64 = 1462.0;
    // Excel rows 4.. : 1/3 as a date cell, 1/10 as a bare serial, then text and number forms.
    ws.write_number_with_format(3, 1, 44929.0 - EPOCH_1904, &date)?;
    ws.write_number(4, 1, 44936.0 - EPOCH_1904)?;
    ws.write_string(5, 1, "2023.1.17")?;
    ws.write_string(6, 1, "2023年1月24日")?;
    ws.write_string(7, 1, "1/30")?;
    ws.write_number(8, 1, 20230105.0)?;
    ws.write_string(9, 1, "1.6")?;
    for row in 3..=9u32 {
        ws.write_number(row, 0, f64::from(row - 2))?;
        for (c, v) in [CALL, "电话询问", "孤儿", "王秀英", "李芳"].iter().enumerate() {
            ws.write_string(row, 2 + c as u16, *v)?;
        }
    }
    save(wb, &dir.join("日期写法_1904.xlsx"))
}

/// Ledgers and logs worded as village clerks write them (SPEC §3): situations inside
/// longer text, categories with qualifiers, methods with annotations or both in one cell,
/// and the words left out on purpose. The staging copy is what LibreOffice turns into the
/// .xls and .ods variants.
fn wording_cases(root: &Path, staging: &Path) -> Res {
    let v = "美丽家园社区";
    let ledger = vec![
        ledger_row(v, "王秀英", "独居老人", "失能老人", 1),
        ledger_row(v, "李建国", "独居老人", "重病（晚期）", 2),
        ledger_row(v, "张桂兰", "独居老人（半失能）", "", 3),
        ledger_row(v, "刘明", "分散供养特困人员", "", 4),
        ledger_row(v, "陈静", "集中供养特困人员", "", 5),
        ledger_row(v, "赵伟", "低保边缘家庭", "", 6),
        ledger_row(v, "周芳", "残疾人（二级）", "", 7),
        ledger_row(v, "吴军", "独居老人", "行动不便", 8),
        ledger_row(v, "徐敏", "五保户", "", 9),
        ledger_row(v, "孙海燕", "空巢老人", "", 10),
    ];
    let mut rows = Vec::new();
    for w in WEEKS {
        // 失能老人, worded as a situation: one call a week where the notice wants 3 + 1.
        rows.push(log(w, CALL, "独居老人", "王秀英"));
        // 重病（晚期）: three calls and a visit, as the notice wants.
        rows.extend([
            log(w, "电话慰问", "独居老人", "李建国"),
            log(w + 2, "电话", "独居老人", "李建国"),
            log(w + 4, "视频通话", "独居老人", "李建国"),
            log(w + 5, "上门探访", "独居老人", "李建国"),
        ]);
        // 独居老人（半失能）: a call and a visit in one cell, then two more calls.
        rows.extend([
            log(w, "电话+入户", "独居老人（半失能）", "张桂兰"),
            log(w + 2, "电话慰问3次", "独居老人", "张桂兰"),
            log(w + 4, "电话关心", "独居老人", "张桂兰"),
        ]);
        // 行动不便 names no situation: an ordinary 独居老人, called weekly.
        rows.push(log(w + 1, "电话回访", "独居老人", "吴军"));
    }
    rows.extend([
        log(12, "入户走访（送米油）", "独居老人", "吴军"),
        log(5, "入户走访（送米油）", "分散供养特困人员", "刘明"),
        log(6, "走访慰问", "特困", "陈静"),
        log(9, "家访", "低保边缘户", "赵伟"),
        log(13, "电话联系", "残疾人", "周芳"),
        log(14, "微信", "低保边缘户", "赵伟"),
    ]);
    for dir in [root.join("cases").join("wording"), staging.to_path_buf()] {
        let mut wb = Workbook::new();
        write_ledger(&mut wb, "台账", "井口街道", &ledger)?;
        write_log(&mut wb, "记录", "井口街道", v, &rows)?;
        save(wb, &dir.join("措辞.xlsx"))?;
    }
    Ok(())
}

/// A 附件1 as it comes back from a village: posts of the 两委 written out, an ID number
/// with Excel's leading apostrophe, then a 合计 row, a 填表人 line and a merged 注 line
/// under the table; and a log naming a recipient with another middle dot than the ledger.
fn rows_cases(root: &Path) -> Res {
    let dir = root.join("cases").join("rows");
    let mut v = village("井口街道", "美丽家园社区", 700, 6);
    v.people[0].role = "村委会副主任".into();
    v.people[1].role = "村支书".into();
    v.people[2].remark = "网格员".into();
    if let Id::Text(id) = &v.people[3].id {
        v.people[3].id = Id::Text(format!("'{id}"));
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("社工名单")?;
    ws.write_string(0, 0, "沙坪坝区村（社区）参与民政对象关爱帮扶服务社会工作者名单")?;
    ws.write_string(1, 0, "镇（街道）：井口街道")?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    v.people[4].remark = "例行入户走访".into();
    let mut lines = rows_of(std::slice::from_ref(&v));
    // One example mark alone is a real row: a 序号 that still says 例 (SPEC §4, R07).
    lines[5][0] = "例：6".into();
    for (i, line) in lines.iter().enumerate() {
        for (c, value) in line.iter().enumerate() {
            ws.write_string(3 + i as u32, c as u16, value)?;
        }
    }
    let after = 3 + lines.len() as u32;
    ws.write_string(after, 0, "合计")?;
    ws.write_string(after, 3, "6人")?;
    ws.write_string(after + 1, 0, "填表人：李芳")?;
    ws.write_string(after + 1, 6, "审核人：王军")?;
    let note = "注：本表由村（社区）填报，镇（街道）审核汇总后报区民政局。";
    ws.merge_range(after + 2, 0, after + 2, (HEADERS.len() - 1) as u16, note, &Format::new())?;
    ws.write_string(after + 3, 0, "填报单位（盖章）：井口街道美丽家园社区居委会")?;
    let ledger = vec![ledger_row("美丽家园社区", "阿依古丽·买买提", "独居老人", "其他", 1)];
    let rows: Vec<LogRow> = WEEKS.iter().map(|&w| log(w, CALL, "独居老人", "阿依古丽•买买提")).collect();
    let rows = [rows, vec![log(12, VISIT, "独居老人", "阿依古丽・买买提")]].concat();
    write_ledger(&mut wb, "台账", "井口街道", &ledger)?;
    write_log(&mut wb, "记录", "井口街道", "美丽家园社区", &rows)?;
    save(wb, &dir.join("表尾与写法.xlsx"))
}

/// Dates as people type them into a log (SPEC §3): notes and times around them, 元月,
/// two-digit years, spaces, a day alone under the metadata line's month, and numbers
/// typed into a General cell (1.4 read as 1月4日 with R12; 1.1 refused as ambiguous).
fn typed_dates(root: &Path) -> Res {
    let written = [
        When::Text("1月3日（周二）".into()),
        When::Text("2023年1月2日上午".into()),
        When::Text("元月5日".into()),
        When::Text("23.1.6".into()),
        When::Text("2023年 1月 9日".into()),
        When::Text("1月10日 下午3点".into()),
        When::Text("11日".into()),
        When::Number(1.4),
        When::Number(1.15),
        When::Number(1.1),
        When::Text("1月16日-1月18日".into()),
    ];
    let rows: Vec<LogRow> =
        written.into_iter().map(|when| LogRow { when, ..log(1, CALL, "低保对象", "王秀英") }).collect();
    let mut wb = Workbook::new();
    write_ledger(&mut wb, "台账", "井口街道", &[ledger_row("美丽家园社区", "王秀英", "低保对象", "", 1)])?;
    write_log(&mut wb, "记录", "井口街道", "美丽家园社区", &rows)?;
    save(wb, &root.join("cases").join("typed_dates").join("日期写法.xlsx"))
}

/// 附件1 with the notice's own title line above a metadata line that gives only the
/// township, and no village column: the title names no village.
fn title_line(root: &Path) -> Res {
    let v = village("井口街道", "美丽家园社区", 800, 2);
    let mut lines: Vec<Vec<String>> = vec![
        vec!["沙坪坝区村（社区）参与民政对象关爱帮扶服务社会工作者名单".into()],
        vec!["镇（街道）：井口街道".into()],
        ["序号", "姓名", "性别", "身份证号码", "联系电话", "居住地址"].map(String::from).to_vec(),
    ];
    for (i, p) in v.people.iter().enumerate() {
        let Id::Text(id) = &p.id else { continue };
        lines.push(vec![
            (i + 1).to_string(),
            p.name.clone(),
            p.gender.clone(),
            id.clone(),
            p.phone.clone(),
            p.address.clone(),
        ]);
    }
    let borrowed: Vec<Vec<&str>> = lines.iter().map(|l| l.iter().map(String::as_str).collect()).collect();
    simple_book(&root.join("cases").join("title_line").join("社工名单.xlsx"), "Sheet1", &borrowed)
}

/// A ledger without a 关爱联系人 column, and nobody in it contacted.
fn ledger_without_contacts(root: &Path) -> Res {
    let lines = [
        vec!["镇（街道）：井口街道"],
        vec!["序号", "村（社区）", "对象姓名", "对象类别", "独居老人情形"],
        vec!["1", "美丽家园社区", "王秀英", "独居老人", "失能"],
        vec!["2", "美丽家园社区", "李建国", "低保对象", ""],
    ];
    simple_book(&root.join("cases").join("ledger_no_contact").join("对象台账.xlsx"), "台账", &lines)
}

/// Headers as townships lay them out (SPEC §2): a ledger with a two-row header over merged
/// group cells, a log in CSV whose two-row header has no merges and whose 时间 column is
/// the time of day beside 日期, a ledger with a 关爱联系人及电话 column and longer header
/// wording, and a volunteer list whose 联系方式 and 人员类别 make it no log and no ledger.
fn header_layouts(root: &Path) -> Res {
    let dir = root.join("cases").join("headers");
    std::fs::create_dir_all(&dir)?;
    // Ledger, two-row header, groups merged across their sub-headers.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("对象台账")?;
    let plain = Format::new();
    ws.write_string(0, 0, "镇（街道）：井口街道")?;
    ws.merge_range(1, 0, 2, 0, "序号", &plain)?;
    ws.merge_range(1, 1, 2, 1, "村（社区）", &plain)?;
    ws.merge_range(1, 2, 1, 5, "关爱对象", &plain)?;
    ws.merge_range(1, 6, 1, 7, "关爱联系人", &plain)?;
    for (c, h) in ["姓名", "身份证号", "类别", "独居老人情形", "姓名", "电话"].iter().enumerate() {
        ws.write_string(2, c as u16 + 2, *h)?;
    }
    let ledger = [
        ["1", "美丽家园社区", "王秀英", "", "独居老人", "失能", "李芳", "13800000001"],
        ["2", "美丽家园社区", "赵德华", "", "低保对象", "", "李芳", "13800000001"],
    ];
    for (r, line) in ledger.iter().enumerate() {
        for (c, v) in line.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 3, c as u16, *v)?;
            }
        }
    }
    save(wb, &dir.join("对象台账.xlsx"))?;

    // Log, CSV: the group 关爱对象 stands over its first column only; 时间 is the time of day.
    let mut csv = String::from("\u{feff}镇（街道）：井口街道　村（社区）：美丽家园社区\n");
    csv.push_str("序号,日期,时间,关爱方式,关爱对象,,走访人\n");
    csv.push_str(",,,,类型,姓名,\n");
    let mut n = 0;
    let mut line = |day: u32, time: &str, method: &str, category: &str, name: &str| {
        n += 1;
        csv.push_str(&format!("{n},2023-01-{day:02},{time},{method},{category},{name},李芳\n"));
    };
    // Three calls and a visit in each of January's four whole weeks.
    for monday in [2, 9, 16, 23] {
        for (offset, method) in [(0, "电话"), (1, "入户走访"), (2, "电话"), (4, "电话")] {
            line(monday + offset, "上午9:30", method, "独居老人", "王秀英");
        }
    }
    line(10, "下午", "电话", "低保对象", "赵德华");
    // In no ledger: the log's category carries the situation, one call a week is short.
    for monday in [2, 9, 16, 23] {
        line(monday, "", "电话", "独居老人（失能）", "钱桂兰");
    }
    std::fs::write(dir.join("关爱记录.csv"), csv)?;

    // Ledger with longer wording and one column naming a person and a phone.
    let lines = [
        vec!["镇（街道）：井口街道"],
        vec!["序号", "所属村（社区）", "关爱对象姓名", "公民身份号码（18位）", "关爱对象类别", "关爱联系人及电话"],
        vec!["1", "南溪村", "孙桂兰", "", "特困人员", "周杰 13900000002"],
        vec!["2", "南溪村", "吴国庆", "", "孤儿", "周杰（023-65123456）"],
    ];
    simple_book(&dir.join("南溪村台账.xlsx"), "Sheet1", &lines)?;

    // Volunteers: 联系方式 is a phone and 人员类别 a role here.
    let v = village("井口街道", "美丽家园社区", 900, 2);
    let mut lines: Vec<Vec<String>> = vec![
        vec!["镇（街道）：井口街道　（村）社区：美丽家园社区".into()],
        ["序号", "姓名", "身份证号码（18位）", "联系方式", "现居住地址", "人员类别"].map(String::from).to_vec(),
    ];
    for (i, p) in v.people.iter().enumerate() {
        let Id::Text(id) = &p.id else { continue };
        lines.push(vec![
            (i + 1).to_string(),
            p.name.clone(),
            id.clone(),
            p.phone.clone(),
            p.address.clone(),
            "群众".into(),
        ]);
    }
    let borrowed: Vec<Vec<&str>> = lines.iter().map(|l| l.iter().map(String::as_str).collect()).collect();
    simple_book(&dir.join("社工名单.xlsx"), "Sheet1", &borrowed)
}

/// Places as townships name them (SPEC §2.1), none configured but the built-in townships:
/// a township only in the folder name (井口街道, 青木关 for 青木关镇), a village only in the
/// file name or the sheet name (南溪村委会), a 填报单位 line, committee suffixes and the
/// district prefix in place cells, and a village cell left blank under a filled one.
fn place_cases(root: &Path) -> Res {
    let dir = root.join("cases").join("places");
    let jk = dir.join("井口街道");
    // Volunteers: no place column, no metadata line: 井口街道 from the folder, 南溪村 from the file.
    let v = village("井口街道", "南溪村", 1000, 3);
    let mut lines: Vec<Vec<String>> =
        vec![["序号", "姓名", "身份证号码", "联系电话", "居住地址"].map(String::from).to_vec()];
    for (i, p) in v.people.iter().enumerate() {
        let Id::Text(id) = &p.id else { continue };
        lines.push(vec![(i + 1).to_string(), p.name.clone(), id.clone(), p.phone.clone(), p.address.clone()]);
    }
    let borrowed: Vec<Vec<&str>> = lines.iter().map(|l| l.iter().map(String::as_str).collect()).collect();
    simple_book(&jk.join("南溪村.xlsx"), "Sheet1", &borrowed)?;
    // Ledger: 填报单位 names district, township and village in one.
    let lines = [
        vec!["填报单位：沙坪坝区井口街道南溪村委会"],
        vec!["序号", "对象姓名", "对象类别", "关爱联系人", "联系人电话"],
        vec!["1", "何玉梅", "低保对象", "李芳", "13800000001"],
        vec!["2", "罗国庆", "特困人员", "李芳", "13800000001"],
    ];
    simple_book(&jk.join("对象台账.xlsx"), "台账", &lines)?;
    // Log: the sheet is named after the village, with its committee suffix.
    let lines = [
        vec!["序号", "时间", "关爱方式", "关爱服务内容", "关爱对象类型", "关爱对象姓名", "实施关爱工作人员（记录人）"],
        vec!["1", "2023年1月10日", "电话联系", "问候", "低保对象", "何玉梅", "李芳"],
        vec!["2", "2023年1月12日", "入户走访", "送米油", "特困人员", "罗国庆", "李芳"],
    ];
    simple_book(&jk.join("关爱记录.xlsx"), "南溪村委会", &lines)?;
    // 青木关 (the folder) is 青木关镇; the cells say 青木关街道 and 石院村村委会, and one row
    // leaves the village blank under a filled one: that row is F06, not guessed.
    let v = village("青木关镇", "石院村", 1100, 3);
    let mut lines: Vec<Vec<String>> =
        vec![["序号", "镇（街道）", "村（社区）", "姓名", "身份证号码", "联系电话", "居住地址"]
            .map(String::from)
            .to_vec()];
    for (i, p) in v.people.iter().enumerate() {
        let Id::Text(id) = &p.id else { continue };
        let village = if i == 2 { "" } else { "石院村村委会" };
        lines.push(vec![
            (i + 1).to_string(),
            "沙坪坝区青木关街道".into(),
            village.into(),
            p.name.clone(),
            id.clone(),
            p.phone.clone(),
            p.address.clone(),
        ]);
    }
    let borrowed: Vec<Vec<&str>> = lines.iter().map(|l| l.iter().map(String::as_str).collect()).collect();
    simple_book(&dir.join("青木关").join("社工名单.xlsx"), "名单", &borrowed)?;
    // A ledger of 石院村 with its village column, and a log of the same people in a file
    // whose only place is the township's stem in the metadata line.
    let lines = [
        vec!["序号", "镇（街道）", "村（社区）", "对象姓名", "对象类别", "关爱联系人"],
        vec!["1", "青木关镇", "石院村", "高春兰", "农村留守儿童", "朱勇"],
    ];
    simple_book(&dir.join("青木关").join("石院村台账.xlsx"), "Sheet1", &lines)?;
    let lines = [
        vec!["镇（街道）：青木关　村（社区）：石院"],
        vec!["序号", "时间", "关爱方式", "关爱对象类型", "关爱对象姓名", "实施关爱工作人员"],
        vec!["1", "2023-01-03", "电话", "农村留守儿童", "高春兰", "朱勇"],
    ];
    simple_book(&dir.join("记录").join("一月.xlsx"), "Sheet1", &lines)
}

/// Hostile files that need a real spreadsheet writer (the rest come from
/// scripts/make_hostile.py, which calls this): a 社工名单 whose workbook also holds a chart
/// sheet (Excel users add them; calamine refuses to read one as a worksheet).
fn hostile(root: &Path) -> Res {
    let dir = root.join("hostile");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("名单")?;
    let header = ["序号", "镇（街道）", "村（社区）", "姓名", "身份证号码", "联系电话", "居住地址"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for k in 0..3u32 {
        let seq = 970 + k;
        let body = format!("50010619750315{seq:03}");
        let id = format!("{body}{}", check_char(&body).expect("17 digits"));
        let line = [
            (k + 1).to_string(),
            "测试街道".into(),
            "测试村11".into(),
            format!("测试{seq}"),
            id,
            format!("139{:08}", 50_000_000 + seq),
            format!("重庆市沙坪坝区测试街道{seq}号"),
        ];
        for (c, v) in line.iter().enumerate() {
            ws.write_string(k + 1, c as u16, v)?;
        }
    }
    let mut chart = rust_xlsxwriter::Chart::new(rust_xlsxwriter::ChartType::Column);
    chart.add_series().set_values("名单!$A$2:$A$4");
    let sheet = wb.add_chartsheet();
    sheet.set_name("图表")?;
    sheet.insert_chart(0, 0, &chart)?;
    save(wb, &dir.join("含图表工作表.xlsx"))
}

fn main() -> Res {
    let root: PathBuf = std::env::args().nth(1).unwrap_or_else(|| "fixtures".into()).into();
    let staging = root.join(".staging");
    std::fs::create_dir_all(&staging)?;
    if std::env::args().nth(2).as_deref() == Some("hostile") {
        return hostile(&root);
    }
    if std::env::args().nth(2).as_deref() == Some("mid_month") {
        return mid_month(&root);
    }
    if std::env::args().nth(2).as_deref() == Some("wording") {
        wording_cases(&root, &staging)?;
        typed_dates(&root)?;
        title_line(&root)?;
        ledger_without_contacts(&root)?;
        header_layouts(&root)?;
        place_cases(&root)?;
        return rows_cases(&root);
    }
    wording_cases(&root, &staging)?;
    rows_cases(&root)?;
    typed_dates(&root)?;
    title_line(&root)?;
    ledger_without_contacts(&root)?;
    header_layouts(&root)?;
    place_cases(&root)?;
    demo(&root, &staging)?;
    cases(&root)?;
    formats(&root, &staging)?;
    care_demo(&root)?;
    care_cases(&root)?;
    date_forms(&root)?;
    mid_month(&root)?;
    Ok(())
}
