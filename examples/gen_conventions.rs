//! Writes fixtures/conventions: the conventions of the civil-affairs systems' templates and
//! exports (SPEC §3 "Codes", §2), one folder per convention, each in several wordings:
//!
//! - `marks/`: required-column marks (*姓名, 姓名*, ※) and instructions in brackets
//!   (身份证号码（18位，与户口本一致）, 时间（格式：2023-01-04）);
//! - `codes_header/`: categories and methods as codes, the legend in the header;
//! - `codes_note/`: the legend in a note line above the header, code–label pairs in cells;
//! - `codes_dictionary/`: the legend in a dictionary sheet, beside a 填写说明 sheet and a
//!   hidden helper sheet of dropdown values;
//! - `code_rows/`: a row of column codes and a row of column numbers under the header;
//! - `whole_place/`: the place written whole in one cell (commas, slashes, nothing);
//! - `undecodable/`: a code the legend does not list, and codes with no legend at all.
//!
//! `cargo run --example gen_conventions -- fixtures` (scripts/make_fixtures.sh runs it).

use std::path::Path;

use guanai::idcard::check_char;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

type Res = Result<(), Box<dyn std::error::Error>>;

fn id(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).expect("17 digits"))
}

/// An ID number for person `n` (born 1940, or 2012 for a child).
fn pid(n: u32, child: bool) -> String {
    id(&format!("500106{}0{}{:02}{:03}", if child { 2012 } else { 1940 }, 1 + n % 9, 1 + n % 28, n))
}

/// Lines above the header, the header, then rows; every cell text.
fn sheet(ws: &mut Worksheet, above: &[&str], header: &[&str], rows: &[Vec<String>]) -> Res {
    let text = Format::new().set_num_format("@");
    for (r, t) in above.iter().enumerate() {
        ws.write_string(r as u32, 0, *t)?;
    }
    let top = above.len() as u32;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(top, c as u16, *h)?;
        ws.set_column_width(c as u16, 16)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(top + 1 + r as u32, c as u16, v, &text)?;
        }
    }
    Ok(())
}

fn one(path: &Path, name: &str, above: &[&str], header: &[&str], rows: &[Vec<String>]) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    sheet(ws, above, header, rows)?;
    wb.save(path)?;
    Ok(())
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

const META: &str = "镇（街道）：井口街道";

/// Ledger rows (village, name, ID, category cell), each with its contact person.
fn ledger_rows(people: &[(&str, &str, String, &str)]) -> Vec<Vec<String>> {
    people.iter().map(|(v, n, id, c)| row(&[v, n, id, c, "李芳", "13823461001"])).collect()
}

fn marks(dir: &Path) -> Res {
    let people = [("井口村", "王秀英", pid(1, false), "特困人员"), ("井口村", "张小军", pid(2, true), "农村留守儿童")];
    let wordings: [[&str; 6]; 3] = [
        ["*村（社区）", "*对象姓名", "身份证号码（18位，与户口本一致）", "*对象类别", "关爱联系人*", "联系人电话*"],
        [
            "※村(社区)",
            "对象姓名（与身份证一致）",
            "※身份证号码",
            "对象类别【必填，可多选】",
            "※关爱联系人",
            "联系人电话（手机）",
        ],
        ["村（社区）*", "＊对象姓名", "身份证号码(必填)", "对象类别（下拉选择）", "＊关爱联系人（姓名）", "联系人电话"],
    ];
    for (i, header) in wordings.iter().enumerate() {
        one(&dir.join(format!("台账_写法{}.xlsx", i + 1)), "对象台账", &[META], header, &ledger_rows(&people))?;
    }
    let log = vec![
        row(&["1", "2023-01-04", "入户走访", "特困人员", "王秀英", "李芳"]),
        row(&["2", "2023-01-05", "电话联系", "农村留守儿童", "张小军", "李芳"]),
    ];
    let header = [
        "序号",
        "*时间（格式：2023-01-04）",
        "*关爱方式(入户走访/电话联系)",
        "*关爱对象类型",
        "*关爱对象姓名",
        "实施关爱工作人员（记录人）",
    ];
    one(&dir.join("关爱记录_井口村.xlsx"), "关爱记录", &["镇（街道）：井口街道　（村）社区：井口村"], &header, &log)
}

fn codes_header(dir: &Path) -> Res {
    let people = [
        ("井口村", "王秀英", pid(1, false), "1"),
        ("井口村", "刘桂兰", pid(3, false), "2"),
        ("井口村", "周大山", pid(4, false), "1,2"),
        ("井口村", "张小军", pid(2, true), "05-农村留守儿童"),
    ];
    let header = [
        "村（社区）",
        "对象姓名",
        "身份证号码",
        "人员类别(1特困人员、2低保对象、5农村留守儿童)",
        "关爱联系人",
        "联系人电话",
    ];
    one(&dir.join("台账_表头说明.xlsx"), "对象台账", &[META], &header, &ledger_rows(&people))?;
    let header = [
        "村（社区）",
        "对象姓名",
        "身份证号码",
        "对象类别（01-特困人员；02-低保对象；05-农村留守儿童）",
        "关爱联系人",
        "联系人电话",
    ];
    let people = [("美丽家园社区", "何玉梅", pid(5, false), "02"), ("美丽家园社区", "林小花", pid(6, true), "5")];
    one(&dir.join("台账_表头说明2.xlsx"), "对象台账", &[META], &header, &ledger_rows(&people))?;
    let log = vec![
        row(&["2023-01-04", "1", "1", "王秀英"]),
        row(&["2023-01-05", "2", "05", "张小军"]),
        row(&["2023-01-06", "2-电话联系", "2-低保对象", "刘桂兰"]),
    ];
    let header = ["日期", "关爱方式(1入户走访 2电话联系)", "对象类型(1特困人员、2低保对象、5农村留守儿童)", "对象姓名"];
    one(&dir.join("关爱记录_井口村.xlsx"), "关爱记录", &["镇（街道）：井口街道　（村）社区：井口村"], &header, &log)
}

fn codes_note(dir: &Path) -> Res {
    let people = [
        ("井口村", "王秀英", pid(1, false), "1"),
        ("井口村", "刘桂兰", pid(3, false), "2"),
        ("井口村", "张小军", pid(2, true), "5"),
    ];
    let header = ["村（社区）", "姓名", "身份证号", "类别", "联系人", "联系人电话"];
    let note = "注：类别代码：1-特困人员；2-低保对象；5-农村留守儿童";
    one(
        &dir.join("台账_说明行.xlsx"),
        "Sheet1",
        &["关爱帮扶对象信息台账", META, note],
        &header,
        &ledger_rows(&people),
    )?;
    let note = "对象类别：1.特困人员 2.低保对象 5.农村留守儿童（可填多个，用逗号分隔）";
    let people = [("美丽家园社区", "何玉梅", pid(5, false), "2,1")];
    one(&dir.join("台账_说明行2.xlsx"), "Sheet1", &[META, note], &header, &ledger_rows(&people))
}

fn codes_dictionary(dir: &Path) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("填写说明")?;
    ws.write_string(0, 0, "填写说明：1. 带*的为必填项；2. 对象类别填写代码，代码含义见“数据字典”工作表。")?;
    let people = [
        ("井口村", "王秀英", pid(1, false), "10"),
        ("井口村", "刘桂兰", pid(3, false), "60"),
        ("井口村", "张小军", pid(2, true), "50"),
    ];
    let header = ["*村（社区）", "*对象姓名", "*身份证号码", "*对象类别", "*关爱联系人", "联系人电话"];
    let ws = wb.add_worksheet();
    ws.set_name("对象台账")?;
    sheet(ws, &[META], &header, &ledger_rows(&people))?;
    let ws = wb.add_worksheet();
    ws.set_name("数据字典")?;
    let dict = [
        ["对象类别", "10", "特困人员"],
        ["对象类别", "50", "农村留守儿童"],
        ["对象类别", "60", "低保对象"],
        ["性别", "1", "男"],
        ["性别", "2", "女"],
    ];
    sheet(ws, &[], &["字段", "代码", "名称"], &dict.iter().map(|r| row(r)).collect::<Vec<_>>())?;
    let ws = wb.add_worksheet();
    ws.set_name("hidden_lists")?;
    sheet(ws, &[], &["镇街", "村社区"], &[row(&["井口街道", "井口村"]), row(&["井口街道", "南溪村"])])?;
    ws.set_hidden(true);
    wb.save(dir.join("台账_数据字典.xlsx"))?;
    Ok(())
}

fn code_rows(dir: &Path) -> Res {
    let header = ["序号", "村（社区）", "对象姓名", "身份证号码", "对象类别", "关爱联系人", "联系人电话"];
    let people = [("井口村", "王秀英", pid(1, false), "特困人员")];
    for (i, codes) in [
        row(&["A01", "A02", "A03", "A04", "A05", "A06", "A07"]),
        row(&["xh", "cun", "xm", "sfzh", "lb", "lxr", "lxdh"]),
        row(&["1", "2", "3", "4", "5", "6", "7"]),
    ]
    .into_iter()
    .enumerate()
    {
        let mut rows = vec![codes];
        rows.extend(ledger_rows(&people).into_iter().map(|mut r| {
            r.insert(0, "1".into());
            r
        }));
        one(&dir.join(format!("台账_列代码{}.xlsx", i + 1)), "对象台账", &[META], &header, &rows)?;
    }
    Ok(())
}

fn whole_place(dir: &Path) -> Res {
    let header = ["所属区划", "对象姓名", "身份证号码", "对象类别", "关爱联系人", "联系人电话"];
    let rows = vec![
        row(&["重庆市,沙坪坝区,井口街道,井口村", "王秀英", &pid(1, false), "特困人员", "李芳", "13823461001"]),
        row(&["重庆市/沙坪坝区/井口街道/美丽家园社区", "何玉梅", &pid(5, false), "低保对象", "李芳", "13823461001"]),
        row(&["沙坪坝区井口街道井口村", "刘桂兰", &pid(3, false), "低保对象", "李芳", "13823461001"]),
        row(&["沙坪坝区，凤凰镇，龙泉村村民委员会", "黄伟", &pid(7, false), "特困人员", "王芳", "13823461002"]),
    ];
    one(&dir.join("台账_行政区划.xlsx"), "Sheet1", &["关爱帮扶对象信息台账"], &header, &rows)
}

fn undecodable(dir: &Path) -> Res {
    let people = [("井口村", "王秀英", pid(1, false), "1"), ("井口村", "刘桂兰", pid(3, false), "9")];
    let header = ["村（社区）", "对象姓名", "身份证号码", "对象类别(1特困人员、2低保对象)", "关爱联系人", "联系人电话"];
    one(&dir.join("台账_代码不在说明中.xlsx"), "对象台账", &[META], &header, &ledger_rows(&people))?;
    let people = [("美丽家园社区", "何玉梅", pid(5, false), "3")];
    let header = ["村（社区）", "对象姓名", "身份证号码", "对象类别", "关爱联系人", "联系人电话"];
    one(&dir.join("台账_无代码说明.xlsx"), "对象台账", &[META], &header, &ledger_rows(&people))
}

fn main() -> Res {
    let root = std::env::args().nth(1).ok_or("usage: gen_conventions FIXTURES_DIR")?;
    let root = Path::new(&root).join("conventions");
    if root.exists() {
        std::fs::remove_dir_all(&root)?;
    }
    type Gen = fn(&Path) -> Res;
    let all: [(&str, Gen); 7] = [
        ("marks", marks),
        ("codes_header", codes_header),
        ("codes_note", codes_note),
        ("codes_dictionary", codes_dictionary),
        ("code_rows", code_rows),
        ("whole_place", whole_place),
        ("undecodable", undecodable),
    ];
    for (name, generate) in all {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir)?;
        generate(&dir)?;
    }
    Ok(())
}
