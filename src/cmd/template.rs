//! `guanai template DIR`: blank submission workbooks in exactly the layouts `check`
//! reads — title line, metadata line, header — with dropdown lists for every closed
//! vocabulary, date validation on date columns, text format on ID and phone columns,
//! an input message on each header, and a coloured example row that `check` skips (R07).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, IgnoreError, Workbook, Worksheet, XlsxError,
};

use crate::cli::TemplateArgs;
use crate::config::Config;
use crate::normalize::text::display_width;
use crate::normalize::vocab::{CALL, CATEGORY_ORDER, VISIT};
use crate::report::table::page_setup;
use crate::report::workbook::write_atomically;

/// What a column accepts, which decides its validation and cell format.
#[derive(Debug, Clone)]
pub enum Input {
    Free,
    /// ID and phone numbers: text, so Excel keeps every digit.
    Digits,
    Date,
    /// One of these; `several` lets a cell name more than one (warning instead of stop).
    Choice {
        values: Vec<String>,
        several: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Column {
    pub header: &'static str,
    pub help: &'static str,
    pub input: Input,
    pub example: &'static str,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub file: String,
    pub sheet: &'static str,
    pub title: String,
    /// The metadata line under the title (SPEC §2.1), or empty.
    pub meta: &'static str,
    pub columns: Vec<Column>,
    /// Rows that get the validations.
    pub rows: u32,
}

/// Rows 1–3 are title, metadata line and header; the example row is row 4.
pub const HEADER_ROW: u32 = 2;

fn col(header: &'static str, help: &'static str, input: Input, example: &'static str) -> Column {
    Column { header, help, input, example }
}

fn choice(values: &[&str], several: bool) -> Input {
    Input::Choice { values: values.iter().map(|v| v.to_string()).collect(), several }
}

/// The five templates, named after the district in the configuration.
pub fn templates(config: &Config) -> Vec<Template> {
    let d = &config.district;
    let categories = choice(CATEGORY_ORDER, false);
    let situations = choice(&["分散特困", "失能", "半失能", "重病", "重残", "患病无自主采购能力", "其他"], true);
    let township = col("镇（街道）", "填写所属镇（街道）全称，如 井口街道", Input::Free, "井口街道");
    let village = col("村（社区）", "填写所属村（社区）全称，如 美丽家园社区", Input::Free, "美丽家园社区");
    let seq = col("序号", "从 1 开始依次编号，可不填", Input::Free, "例：1");
    vec![
        Template {
            file: "附件1_社会工作者名单.xlsx".into(),
            sheet: "社会工作者名单",
            title: format!("{d}村（社区）参与民政对象关爱帮扶服务社会工作者名单"),
            meta: "镇（街道）：　　　　（村）社区：　　　　",
            columns: vec![
                seq.clone(),
                township.clone(),
                village.clone(),
                col("姓名", "社会工作者姓名（名单不含两委成员、村本土人才、五职干部）", Input::Free, "张三"),
                col("性别", "从下拉列表选择", choice(&["男", "女"], false), "男"),
                col(
                    "身份证号码",
                    "18位身份证号码，末位可为X；按文本录入，不会丢失位数",
                    Input::Digits,
                    "500106XXXXXXXXXXXX",
                ),
                col("联系电话", "手机号码或座机号码", Input::Digits, "138XXXXXXXX"),
                col("居住地址", "现居住地址，须在本区内，如 沙坪坝区井口街道美丽家园社区3栋", Input::Free, "XXXXXX"),
                col("工作单位", "工作单位及职务，无则不填", Input::Free, ""),
                col("身份", "如 志愿者、网格员、楼栋长；不得为两委成员、村本土人才、五职干部", Input::Free, "志愿者"),
                col("备注", "其他需要说明的情况", Input::Free, ""),
            ],
            rows: 1000,
        },
        Template {
            file: "附件2_关爱服务记录台账.xlsx".into(),
            sheet: "关爱服务记录",
            title: format!("{d}“九类”民政服务对象关爱服务记录台账"),
            meta: "镇（街道）：　　　　（村）社区：　　　　日期：　　年　　月",
            columns: vec![
                seq,
                col("时间", "关爱服务的日期，每行一天，如 2023-01-04", Input::Date, "例：1月4日"),
                col(
                    "关爱方式",
                    "从下拉列表选择：入户走访 或 电话联系（视频通话按电话联系）",
                    choice(&[VISIT, CALL], false),
                    VISIT,
                ),
                col("关爱服务内容", "简要填写服务内容，如 询问身体状况、送米面油", Input::Free, "XXXXXX"),
                col("关爱对象类型", "从下拉列表选择“九类”对象类型", categories.clone(), "特困人员"),
                col("关爱对象姓名", "与关爱帮扶对象信息台账中的姓名一致", Input::Free, "张三"),
                col("实施关爱工作人员（记录人）", "实施关爱的工作人员姓名", Input::Free, ""),
                col("备注", "其他需要说明的情况", Input::Free, ""),
            ],
            rows: 5000,
        },
        Template {
            file: "关爱帮扶对象信息台账.xlsx".into(),
            sheet: "关爱帮扶对象台账",
            title: format!("{d}“九类”民政服务对象关爱帮扶对象信息台账"),
            meta: "镇（街道）：　　　　（村）社区：　　　　",
            columns: vec![
                col("序号", "从 1 开始依次编号，可不填", Input::Free, "例：1"),
                township.clone(),
                village.clone(),
                col("对象姓名", "关爱帮扶对象姓名", Input::Free, "张三"),
                col("身份证号码", "18位身份证号码；按文本录入，不会丢失位数", Input::Digits, "500106XXXXXXXXXXXX"),
                col(
                    "对象类别",
                    "从下拉列表选择；同时属于几类时用顿号分隔，如 独居老人、低保对象",
                    Input::Choice { values: CATEGORY_ORDER.iter().map(|c| c.to_string()).collect(), several: true },
                    "独居老人",
                ),
                col("独居老人情形", "仅独居老人填写，决定关爱频次；几种情形用顿号分隔", situations, "失能"),
                col("关爱联系人", "镇（街道）为该对象指定的关爱联系人", Input::Free, "李四"),
                col("联系人电话", "关爱联系人的手机号码", Input::Digits, "139XXXXXXXX"),
                col("村（社区）电话", "村（社区）办公电话", Input::Digits, "023XXXXXXXX"),
                col("纳入日期", "纳入关爱的日期，如 2023-01-01", Input::Date, ""),
                col("退出日期", "退出关爱的日期，未退出不填", Input::Date, ""),
                col("服务内容", "为该对象提供的主要服务", Input::Free, "XXXXXX"),
                col("备注", "其他需要说明的情况", Input::Free, ""),
            ],
            rows: 2000,
        },
        Template {
            file: "区划名单.xlsx".into(),
            sheet: "区划名单",
            title: format!("{d}村（社区）区划名单"),
            meta: "",
            columns: vec![
                col("序号", "从 1 开始依次编号，可不填", Input::Free, "例：1"),
                col("镇（街道）", "镇（街道）全称", Input::Free, "井口街道"),
                col("村（社区）", "应报送材料的村（社区）全称", Input::Free, "美丽家园社区"),
            ],
            rows: 1000,
        },
        Template {
            file: "排除名单.xlsx".into(),
            sheet: "排除名单",
            title: format!("{d}两委成员、村本土人才、五职干部名单（不得计为社会工作者）"),
            meta: "",
            columns: vec![
                col("序号", "从 1 开始依次编号，可不填", Input::Free, "例：1"),
                township,
                village,
                col("姓名", "两委成员、村本土人才或五职干部的姓名", Input::Free, "张三"),
                col("身份证号码", "18位身份证号码；按文本录入，不会丢失位数", Input::Digits, "500106XXXXXXXXXXXX"),
                col("排除类别", "从下拉列表选择", choice(&["两委成员", "村本土人才", "五职干部"], false), "两委成员"),
                col("职务", "现任职务", Input::Free, ""),
                col("备注", "其他需要说明的情况", Input::Free, ""),
            ],
            rows: 1000,
        },
    ]
}

pub fn run(args: &TemplateArgs) -> Result<Vec<PathBuf>> {
    let config = Config::load(args.config.as_deref())?;
    std::fs::create_dir_all(&args.dir).with_context(|| format!("无法创建文件夹 {}", args.dir.display()))?;
    let mut written = Vec::new();
    for template in templates(&config) {
        let path = args.dir.join(&template.file);
        write_atomically(&path, |tmp| write(&template, &config, tmp))?;
        println!("已生成 {}", path.display());
        written.push(path);
    }
    println!("共 {} 个模板。灰色斜体的“示例行”仅作填写参考，guanai 核查时会跳过，上报前可删除。", written.len());
    Ok(written)
}

fn write(template: &Template, config: &Config, path: &Path) -> Result<()> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(template.title.as_str())
            .set_author(format!("{}民政局", config.district))
            .set_company(format!("{}民政局", config.district)),
    );
    let sheet = workbook.add_worksheet();
    lay_out(sheet, template).context("生成模板失败")?;
    workbook.save(path)?;
    Ok(())
}

fn lay_out(sheet: &mut Worksheet, t: &Template) -> Result<(), XlsxError> {
    sheet.set_name(t.sheet)?;
    let last_col = t.columns.len() as u16 - 1;
    let header_row = HEADER_ROW;
    let first = header_row + 2; // below the example row
    let last = header_row + 1 + t.rows;
    let title = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center);
    let meta = Format::new().set_font_size(11);
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let example =
        Format::new().set_italic().set_font_color(Color::RGB(0x808080)).set_background_color(Color::RGB(0xF2F2F2));
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");

    sheet.merge_range(0, 0, 0, last_col, &t.title, &title)?;
    if t.meta.is_empty() {
        sheet.write_string(1, 0, "")?;
    } else {
        sheet.merge_range(1, 0, 1, last_col, t.meta, &meta)?;
    }
    sheet.set_row_height(header_row, 30)?;
    for (c, column) in t.columns.iter().enumerate() {
        let c = c as u16;
        let width = display_width(column.header).max(display_width(column.example)).clamp(8, 40) + 2;
        match column.input {
            Input::Digits => sheet.set_column_format(c, &text)?,
            Input::Date => sheet.set_column_format(c, &date)?,
            _ => sheet,
        };
        sheet.set_column_width(c, width as f64)?;
        sheet.write_string_with_format(header_row, c, column.header, &header)?;
        let tip = DataValidation::new()
            .allow_any_value()
            .set_input_title(short(column.header, 32))?
            .set_input_message(short(column.help, 255))?;
        sheet.add_data_validation(header_row, c, header_row, c, &tip)?;
        sheet.write_string_with_format(header_row + 1, c, column.example, &example)?;
        if let Some(rule) = validation(column)? {
            sheet.add_data_validation(first, c, last, c, &rule)?;
        }
    }
    sheet.ignore_error_range(header_row, 0, last, last_col, IgnoreError::NumberStoredAsText)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    page_setup(sheet, header_row)?;
    Ok(())
}

/// The data-row validation of a column, if it has one.
fn validation(column: &Column) -> Result<Option<DataValidation>, XlsxError> {
    let rule = match &column.input {
        Input::Free | Input::Digits => return Ok(None),
        Input::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(2000, 1, 1)?,
                ExcelDateTime::from_ymd(2099, 12, 31)?,
            ))
            .set_error_title("日期有误")?
            .set_error_message("请填写一个日期，如 2023-01-04；一次服务多天请分行填写")?,
        Input::Choice { values, several } => {
            let rule = DataValidation::new().allow_list_strings(values)?.set_error_title(short(column.header, 32))?;
            if *several {
                // Several values in one cell are allowed: warn, do not refuse.
                rule.set_error_style(DataValidationErrorStyle::Warning)
                    .set_error_message("不在下拉列表中。若填写了多项（用顿号分隔），请点“是”继续")?
            } else {
                rule.set_error_message("请从下拉列表中选择")?
            }
        }
    };
    Ok(Some(rule.set_input_title(short(column.header, 32))?.set_input_message(short(column.help, 255))?))
}

/// Cuts a text to Excel's limit for validation titles and messages (UTF-16 units).
fn short(s: &str, limit: usize) -> String {
    let mut units = 0;
    s.chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= limit
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_help_text_fits_excel() {
        let config = Config::load(None).unwrap();
        for t in templates(&config) {
            for c in &t.columns {
                assert!(c.header.encode_utf16().count() <= 32, "{}", c.header);
                assert!(c.help.encode_utf16().count() <= 255, "{}", c.help);
            }
        }
        assert_eq!(short("一二三", 2), "一二");
    }
}
