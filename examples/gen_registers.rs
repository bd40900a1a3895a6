//! Writes fixtures/registers: the civil-affairs systems' registers (名册, SPEC §12) as their
//! exports look, for the demo's townships.
//!
//! - `名册/`: two registers checked against the demo's ledgers — a per-person 特困人员名册
//!   (供养方式, 特困证号) and a household 低保 export (户主姓名, 户主身份证号, 家庭人口,
//!   保障人口, 低保证号). 井口街道's 马桂英 is on the 特困 register and in no ledger (K05);
//!   井口街道's 罗国庆, a ledger 低保对象, is on no 低保 register (K06); 青木关镇 sent no
//!   ledger, so its register person is counted, not K05.
//! - `kinds/`: one register of each category as the systems export them, each telling its
//!   category another way (a 类别 column, a 证号 column, 供养方式, 残疾类别, the title).
//!
//! `cargo run --example gen_registers -- fixtures` (scripts/make_fixtures.sh runs it, and
//! converts the household export to .xls with LibreOffice).

use std::path::Path;

use guanai::idcard::check_char;
use rust_xlsxwriter::{Format, Workbook};

type Res = Result<(), Box<dyn std::error::Error>>;

fn id(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).expect("17 digits"))
}

/// A workbook of one sheet: title lines, then a header, then rows; every cell text.
fn book(path: &Path, sheet: &str, titles: &[&str], header: &[&str], rows: &[Vec<String>]) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let text = Format::new().set_num_format("@");
    for (r, t) in titles.iter().enumerate() {
        ws.write_string(r as u32, 0, *t)?;
    }
    let top = titles.len() as u32;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(top, c as u16, *h)?;
        ws.set_column_width(c as u16, 14)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(top + 1 + r as u32, c as u16, v, &text)?;
        }
    }
    wb.save(path)?;
    Ok(())
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// The 特困人员名册 (per person) and the 低保 household export, against the demo's ledgers.
fn against_demo(dir: &Path, staging: &Path) -> Res {
    std::fs::create_dir_all(dir)?;
    let ma = id("50010619420305112");
    let qing = id("50010619380712002");
    let rows = vec![
        row(&[
            "1",
            "沙坪坝区",
            "井口街道",
            "美丽家园社区",
            "陈军",
            "男",
            "500106196110224726",
            "分散供养",
            "TK0001",
            "2019-03",
            "1200",
        ]),
        row(&[
            "2",
            "沙坪坝区",
            "井口街道",
            "井口村",
            "杨敏",
            "女",
            "50010619510614872X",
            "分散供养",
            "TK0002",
            "2018-07",
            "1200",
        ]),
        row(&["3", "沙坪坝区", "井口街道", "井口村", "马桂英", "女", &ma, "分散供养", "TK0003", "2022-11", "1200"]),
        row(&[
            "4",
            "沙坪坝区",
            "凤凰镇",
            "凤凰村",
            "周小红",
            "女",
            "50010619510618072X",
            "集中供养",
            "TK0101",
            "2017-01",
            "1200",
        ]),
        row(&[
            "5",
            "沙坪坝区",
            "凤凰镇",
            "龙泉村",
            "吴海燕",
            "女",
            "500106194102104725",
            "分散供养",
            "TK0102",
            "2020-05",
            "1200",
        ]),
        row(&["6", "沙坪坝区", "青木关镇", "四岭村", "刘长明", "男", &qing, "分散供养", "TK0201", "2021-09", "1200"]),
    ];
    let header = [
        "序号",
        "所属区县",
        "所属街道",
        "所属社区",
        "姓名",
        "性别",
        "身份证号",
        "供养方式",
        "特困证号",
        "最初享受月",
        "保障金额",
    ];
    book(&dir.join("特困人员名册.xlsx"), "特困人员", &["沙坪坝区特困人员名册（2023年1月）"], &header, &rows)?;
    let households = vec![
        row(&["何玉梅", "500106196502267506", "2", "2", "井口街道", "美丽家园社区", "DB500106001", "1340"]),
        row(&["王建国", "500106195510223509", "1", "1", "凤凰镇", "凤凰村", "DB500106101", "670"]),
        row(&["李秀英", "500106194506147502", "3", "2", "凤凰镇", "龙泉村", "DB500106102", "1340"]),
    ];
    let header = ["户主姓名", "户主身份证号", "家庭人口", "保障人口", "所属街道", "所属社区", "低保证号", "保障金额"];
    std::fs::create_dir_all(staging)?;
    book(&staging.join("低保家庭名册.xlsx"), "Sheet1", &[], &header, &households)
}

/// One register of each category, each telling its category another way.
fn kinds(dir: &Path) -> Res {
    std::fs::create_dir_all(dir)?;
    let p = |n: &str| id(&format!("5001061950010{n}"));
    let c = |n: &str| id(&format!("5001062012030{n}"));
    // 低保边缘: only the title says what it is; 家庭住址 and 联系电话 as a volunteer list has them.
    let edge = vec![
        row(&["1", "井口街道", "井口村", "黄大山", &p("1001"), "井口村3组", "13800000001"]),
        row(&["2", "井口街道", "美丽家园社区", "周小梅", &p("2002"), "美丽家园社区5栋", "13800000002"]),
    ];
    let header = ["序号", "街道", "社区", "姓名", "身份证号码", "家庭住址", "联系电话"];
    book(&dir.join("低保边缘家庭名册.xlsx"), "名单", &["沙坪坝区低保边缘家庭花名册"], &header, &edge)?;
    // 孤儿 and 事实无人抚养儿童 in one export with a 类别 column and a guardian.
    let children = vec![
        row(&["井口街道", "井口村", "王小宝", &c("3003"), "孤儿", "王大伯"]),
        row(&["井口街道", "井口村", "李小花", &c("4004"), "事实无人抚养儿童", "李奶奶"]),
    ];
    let header = ["镇（街道）", "村（社区）", "儿童姓名", "身份证号", "保障类别", "监护人姓名"];
    book(&dir.join("孤儿和事实无人抚养儿童名册.xlsx"), "儿童", &["基本生活保障儿童名册"], &header, &children)?;
    // 困难残疾人: 残疾类别 and 残疾等级 say it.
    let disabled = vec![
        row(&["井口街道", "美丽家园社区", "何大勇", &p("5005"), "50010619500105005X41", "肢体", "二级"]),
        row(&["井口街道", "井口村", "吴小兰", &p("6006"), "50010619500106006041", "视力", "一级"]),
    ];
    let header = ["所属街道", "所属社区", "姓名", "身份证号码", "残疾证号", "残疾类别", "残疾等级"];
    book(&dir.join("困难残疾人名册.xlsx"), "Sheet1", &[], &header, &disabled)?;
    // 低保 per person, a member per row: 户主姓名 beside the member's own 姓名.
    let members = vec![
        row(&["井口街道", "井口村", "赵家福", "赵家福", "户主", &p("7007"), "DB001"]),
        row(&["井口街道", "井口村", "赵家福", "赵小妹", "女儿", &c("8008"), "DB001"]),
    ];
    let header = ["所属街道", "所属社区", "户主姓名", "姓名", "与户主关系", "身份证号", "低保证号"];
    book(&dir.join("低保对象花名册_成员.xlsx"), "Sheet1", &[], &header, &members)
}

/// A 井口街道 ledger of (village, name, ID number, category) rows, each with a contact person.
fn ledger(path: &Path, people: &[(&str, &str, &str, &str)]) -> Res {
    let header = ["序号", "村（社区）", "对象姓名", "身份证号码", "对象类别", "关爱联系人", "联系人电话"];
    let rows: Vec<Vec<String>> = people
        .iter()
        .enumerate()
        .map(|(i, (v, n, id, c))| row(&[&(i + 1).to_string(), v, n, id, c, "李芳", "13823461001"]))
        .collect();
    book(path, "对象台账", &["关爱帮扶对象信息台账", "镇（街道）：井口街道"], &header, &rows)
}

/// The smallest runs raising K05 and K06 (fixtures/cases; their expect.toml is by hand).
fn cases(root: &Path) -> Res {
    let input = root.join("cases/K05/input");
    std::fs::create_dir_all(&input)?;
    let wang = id("50010619400101111");
    let ma = id("50010619420305112");
    ledger(&input.join("井口街道_关爱帮扶对象台账.xlsx"), &[("井口村", "王大爷", &wang, "特困人员")])?;
    let header = ["序号", "所属街道", "所属社区", "姓名", "身份证号", "供养方式", "特困证号"];
    let rows = vec![
        row(&["1", "井口街道", "井口村", "王大爷", &wang, "分散供养", "TK0001"]),
        row(&["2", "井口街道", "井口村", "马桂英", &ma, "分散供养", "TK0003"]),
    ];
    book(&input.join("特困人员名册.xlsx"), "Sheet1", &["特困人员名册"], &header, &rows)?;
    let input = root.join("cases/K06/input");
    std::fs::create_dir_all(&input)?;
    let (he, luo) = (id("50010619650226750"), id("50010619551018150"));
    ledger(
        &input.join("井口街道_关爱帮扶对象台账.xlsx"),
        &[("美丽家园社区", "何玉梅", &he, "低保对象"), ("井口村", "罗国庆", &luo, "低保对象、独居老人")],
    )?;
    let header = ["户主姓名", "户主身份证号", "家庭人口", "保障人口", "所属街道", "所属社区", "低保证号"];
    let rows = vec![row(&["何玉梅", &he, "2", "2", "井口街道", "美丽家园社区", "DB500106001"])];
    book(&input.join("低保家庭名册.xlsx"), "Sheet1", &[], &header, &rows)
}

/// A shared export: ID numbers masked, a 保障状态 column. 王大爷 is in the ledger (matched by
/// name, his number masked); 赵停保 and 钱已故 are no longer entitled; 孙新增 is K05.
fn status(dir: &Path) -> Res {
    std::fs::create_dir_all(dir)?;
    let wang = id("50010619400101111");
    ledger(&dir.join("井口街道_关爱帮扶对象台账.xlsx"), &[("井口村", "王大爷", &wang, "特困人员")])?;
    let header = ["所属街道", "所属社区", "姓名", "身份证号", "供养方式", "保障状态"];
    let rows = vec![
        row(&["井口街道", "井口村", "王大爷", "500106********1114", "分散供养", "正常"]),
        row(&["井口街道", "井口村", "赵停保", "500106********2221", "分散供养", "停保"]),
        row(&["井口街道", "井口村", "钱已故", "500106********3338", "集中供养", "注销（死亡）"]),
        row(&["井口街道", "井口村", "孙新增", "500106********4445", "分散供养", "在保"]),
    ];
    book(&dir.join("特困人员名册_共享.xlsx"), "Sheet1", &[], &header, &rows)
}

fn main() -> Res {
    let root = std::env::args().nth(1).ok_or("usage: gen_registers FIXTURES_DIR")?;
    let root = Path::new(&root).join("registers");
    if root.exists() {
        std::fs::remove_dir_all(&root)?;
    }
    let staging = Path::new(&std::env::args().nth(1).unwrap_or_default()).join(".staging");
    against_demo(&root.join("名册"), &staging)?;
    kinds(&root.join("kinds"))?;
    status(&root.join("status"))?;
    cases(root.parent().ok_or("no fixtures folder")?)
}
