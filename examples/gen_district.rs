//! Deterministic benchmark submissions (never committed): scale 1 is a district of 26
//! townships × 10 villages — per township one volunteer list (~35 a village) and one
//! ledger (~115 recipients a village), per village one January 2023 visit log in the
//! notice's 附件2 layout (~1,150 rows, dates as Excel dates); about 3% of rows carry the
//! faults of SPEC §4. Scale N has N times the townships.
//!
//!     cargo run --release --example gen_district -- --scale 1 bench-data/scale1

use std::path::{Path, PathBuf};

use guanai::idcard::check_char;
use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

type Res<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

const TOWNSHIPS: &[&str] = &[
    "渝碧路街道",
    "小龙坎街道",
    "沙坪坝街道",
    "磁器口街道",
    "童家桥街道",
    "石井坡街道",
    "詹家溪街道",
    "井口街道",
    "歌乐山街道",
    "山洞街道",
    "新桥街道",
    "天星桥街道",
    "土湾街道",
    "覃家岗街道",
    "联芳街道",
    "双碑街道",
    "陈家桥街道",
    "虎溪街道",
    "西永街道",
    "土主街道",
    "香炉山街道",
    "曾家街道",
    "青木关镇",
    "凤凰镇",
    "回龙坝镇",
    "中梁镇",
];
const VILLAGES: &[&str] =
    &["龙泉村", "青杠村", "石门村", "新桥社区", "和平社区", "幸福社区", "金沙村", "凤鸣村", "白鹤村", "双龙社区"];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭", "何", "罗", "高",
    "林",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "丽华", "明", "静", "伟", "芳", "军", "敏", "德华", "桂兰", "小红", "海燕", "文", "杰",
    "玉梅", "国庆", "春兰", "勇",
];
const VOLUNTEERS_PER_VILLAGE: u32 = 35;
const RECIPIENTS_PER_VILLAGE: u32 = 115;

/// A small deterministic generator (SplitMix64), so every run writes the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn id_number(serial: u64, year: u64, month: u64, day: u64) -> String {
    let first17 = format!("500106{year:04}{month:02}{day:02}{:03}", serial % 1000);
    format!("{first17}{}", check_char(&first17).unwrap_or('0'))
}

fn name(rng: &mut Rng) -> String {
    format!("{}{}", SURNAMES[rng.below(20) as usize], GIVEN[rng.below(20) as usize])
}

fn township_name(index: usize) -> String {
    let base = TOWNSHIPS[index % TOWNSHIPS.len()];
    match index / TOWNSHIPS.len() {
        0 => base.to_string(),
        k => {
            format!("{}{}", base.trim_end_matches("街道").trim_end_matches('镇'), k + 1)
                + if base.ends_with('镇') { "镇" } else { "街道" }
        }
    }
}

fn save(mut wb: Workbook, path: &Path) -> Res {
    let created = ExcelDateTime::from_ymd(2023, 2, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    wb.save(path)?;
    Ok(())
}

fn volunteer_list(dir: &Path, t: usize, township: &str) -> Res {
    let mut rng = Rng(1000 + t as u64);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("社工名单")?;
    ws.write_string(0, 0, "沙坪坝区村（社区）参与民政对象关爱帮扶服务社会工作者名单")?;
    ws.write_string(1, 0, format!("镇（街道）：{township}"))?;
    let headers = [
        "序号",
        "村（社区）",
        "姓名",
        "性别",
        "身份证号码",
        "出生年月",
        "联系电话",
        "居住地址",
        "工作单位",
        "身份",
        "备注",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    let mut row = 3u32;
    for (v, village) in VILLAGES.iter().enumerate() {
        for k in 0..VOLUNTEERS_PER_VILLAGE {
            let year = 1960 + rng.below(45);
            let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
            let serial = (t as u64 * 10 + v as u64) * 100 + u64::from(k);
            let mut id = id_number(serial, year, month, day);
            let mut role = ["志愿者", "网格员", "楼栋长", "退休教师"][rng.below(4) as usize].to_string();
            let mut address = format!("重庆市沙坪坝区{township}{village}{}号", rng.below(200) + 1);
            if rng.chance(3) {
                match rng.below(4) {
                    0 => id.replace_range(17.., if id.ends_with('0') { "1" } else { "0" }),
                    1 => id = id_number(serial, 1950, month, day),
                    2 => role = "两委成员".into(),
                    _ => address = "重庆市渝中区解放碑".into(),
                }
            }
            let cells = [
                (row - 2).to_string(),
                village.to_string(),
                name(&mut rng),
                if serial.is_multiple_of(2) { "女" } else { "男" }.to_string(),
                id,
                format!("{year}.{month:02}"),
                format!("139{:08}", rng.below(100_000_000)),
                address,
                "退休".to_string(),
                role,
                String::new(),
            ];
            for (c, value) in cells.iter().enumerate() {
                if !value.is_empty() {
                    ws.write_string(row, c as u16, value)?;
                }
            }
            row += 1;
        }
    }
    save(wb, &dir.join(format!("{township}_社工名单.xlsx")))
}

/// The people of a village with the categories the notice names, in realistic shares.
fn recipients(t: usize, v: usize) -> Vec<(String, &'static str, &'static str)> {
    let mut rng = Rng(5000 + (t * 10 + v) as u64);
    (0..RECIPIENTS_PER_VILLAGE)
        .map(|k| {
            let (category, situation) = match rng.below(20) {
                0 => ("独居老人", "失能"),
                1 => ("独居老人", "患病无自主采购能力"),
                2..=4 => ("独居老人", "其他"),
                5 | 6 => ("特困人员", ""),
                7 => ("孤儿", ""),
                8..=10 => ("农村留守儿童", ""),
                11..=16 => ("低保对象", ""),
                17 => ("低保边缘对象", ""),
                18 => ("困难残疾人", ""),
                _ => ("生活无着流浪乞讨人员", ""),
            };
            (format!("{}{k}", name(&mut rng)), category, situation)
        })
        .collect()
}

fn ledger(dir: &Path, t: usize, township: &str) -> Res {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("对象台账")?;
    ws.write_string(0, 0, "关爱帮扶对象信息台账")?;
    ws.write_string(1, 0, format!("镇（街道）：{township}"))?;
    let headers =
        ["序号", "村（社区）", "对象姓名", "对象类别", "独居老人情形", "关爱联系人", "联系人电话", "服务内容"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    let mut row = 3u32;
    for (v, village) in VILLAGES.iter().enumerate() {
        for (k, (person, category, situation)) in recipients(t, v).into_iter().enumerate() {
            let contact = if k % 37 == 0 { String::new() } else { format!("联系人{}", k % 9) };
            let cells = [
                (row - 2).to_string(),
                village.to_string(),
                person,
                category.into(),
                situation.into(),
                contact,
                "13800000000".into(),
                "生活照料".into(),
            ];
            for (c, value) in cells.iter().enumerate() {
                if !value.is_empty() {
                    ws.write_string(row, c as u16, value)?;
                }
            }
            row += 1;
        }
    }
    save(wb, &dir.join(format!("{township}_关爱帮扶对象台账.xlsx")))
}

/// Days in January 2023 a person of this kind is contacted, and how.
fn contacts(category: &str, situation: &str, rng: &mut Rng) -> Vec<(u32, bool)> {
    let weekly = |rng: &mut Rng, per_week: u32| -> Vec<(u32, bool)> {
        (0..5)
            .flat_map(|w| (0..per_week).map(move |k| (w, k)))
            .map(|(w, k)| ((1 + w * 7 + k * 2 + rng.below(2) as u32).min(31), k == 0))
            .collect()
    };
    match (category, situation) {
        ("独居老人", "失能") => weekly(rng, 4),
        ("独居老人", "患病无自主采购能力") => (1..=31).map(|d| (d, d % 7 == 0)).collect(),
        ("独居老人", _) => weekly(rng, 3),
        ("孤儿" | "农村留守儿童", _) => weekly(rng, 3),
        ("生活无着流浪乞讨人员", _) => vec![(10, true)],
        _ => (0..2 + rng.below(5)).map(|_| (1 + rng.below(31) as u32, rng.chance(30))).collect(),
    }
}

fn visit_log(dir: &Path, t: usize, township: &str, v: usize, village: &str) -> Res {
    let mut rng = Rng(9000 + (t * 10 + v) as u64);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("关爱服务记录")?;
    ws.write_string(0, 0, "沙坪坝区“九类”民政服务对象关爱服务记录台账（参考模板）")?;
    ws.write_string(1, 0, format!("镇（街道）：{township}　（村）社区：{village}　日期：2023年1月"))?;
    let headers = [
        "序号",
        "时间",
        "关爱方式",
        "关爱服务内容",
        "关爱对象类型",
        "关爱对象姓名",
        "实施关爱工作人员（记录人）",
        "备注",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    for (c, value) in ["1", "例：1月4日", "入户走访/电话联系", "XXXXXX", "特困人员", "张三"].iter().enumerate()
    {
        ws.write_string(3, c as u16, *value)?;
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    let mut row = 4u32;
    for (person, category, situation) in recipients(t, v) {
        for (day, visit) in contacts(category, situation, &mut rng) {
            let fault = rng.chance(3).then(|| rng.below(4));
            match fault {
                Some(0) => ws.write_string(row, 1, "1月上旬")?,
                _ => ws.write_datetime_with_format(row, 1, ExcelDateTime::from_ymd(2023, 1, day as u8)?, &date)?,
            };
            let method = match fault {
                Some(1) => "短信",
                _ if visit => "入户走访",
                _ => "电话联系",
            };
            let worker = if fault == Some(2) { "" } else { "李芳" };
            let recipient = if fault == Some(3) { format!("{person}外") } else { person.clone() };
            ws.write_number(row, 0, f64::from(row - 3))?;
            ws.write_string(row, 2, method)?;
            ws.write_string(row, 3, if visit { "上门查看生活情况" } else { "电话询问身体状况" })?;
            ws.write_string(row, 4, category)?;
            ws.write_string(row, 5, &recipient)?;
            if !worker.is_empty() {
                ws.write_string(row, 6, worker)?;
            }
            row += 1;
        }
    }
    save(wb, &dir.join(format!("{village}_关爱服务记录_2023年1月.xlsx")))
}

fn main() -> Res {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (scale, out) = match args.as_slice() {
        [flag, n, dir] if flag == "--scale" => (n.parse::<usize>()?, PathBuf::from(dir)),
        _ => return Err("usage: gen_district --scale N DIR".into()),
    };
    let townships = TOWNSHIPS.len() * scale;
    (0..townships).into_par_iter().try_for_each(|t| -> Res {
        let township = township_name(t);
        let dir = out.join(&township);
        std::fs::create_dir_all(&dir)?;
        volunteer_list(&dir, t, &township)?;
        ledger(&dir, t, &township)?;
        for (v, village) in VILLAGES.iter().enumerate() {
            visit_log(&dir, t, &township, v, village)?;
        }
        Ok(())
    })?;
    println!("{townships} townships written to {}", out.display());
    Ok(())
}
