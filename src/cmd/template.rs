//! `guanai template DIR`: blank submission workbooks in exactly the layouts `check`
//! reads — title line, metadata line, header — with dropdown lists for every closed
//! vocabulary, date validation on date columns, text format on ID and phone columns,
//! an input message on each header, and a coloured example row that `check` skips (R07).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, FormatAlign,
    FormatBorder, IgnoreError, Worksheet, XlsxError,
};
use serde::Deserialize;

use crate::cli::TemplateArgs;
use crate::config::Config;
use crate::normalize::kinds::{Category, Word};
use crate::normalize::text::display_width;
use crate::report::print::page_setup;
use crate::report::workbook::write_atomically;

/// The forms as data (templates/forms.toml), compiled in.
const FORMS: &str = include_str!("../../templates/forms.toml");

/// What a column accepts, which decides its validation and cell format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Input {
    #[default]
    Free,
    /// ID and phone numbers: text, so Excel keeps every digit.
    Digits,
    Date,
    /// One of `values`; `several` lets a cell name more than one (warning instead of stop).
    Choice,
}

/// A dropdown's values: listed, or "categories" for the notice's nine.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Values {
    Listed(Vec<String>),
    Named(String),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Column {
    pub(crate) header: String,
    pub(crate) help: String,
    #[serde(default)]
    pub(crate) input: Input,
    pub(crate) values: Option<Values>,
    #[serde(default)]
    pub(crate) several: bool,
    #[serde(default)]
    pub(crate) example: String,
}

impl Column {
    fn choices(&self) -> Vec<String> {
        match &self.values {
            Some(Values::Listed(list)) => list.clone(),
            Some(Values::Named(name)) if name == "categories" => {
                Category::ALL.iter().map(|c| c.name().to_string()).collect()
            }
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Template {
    pub(crate) file: String,
    pub(crate) sheet: String,
    pub(crate) title: String,
    /// The metadata line under the title (SPEC §2.1), or empty.
    #[serde(default)]
    pub(crate) meta: String,
    pub(crate) columns: Vec<Column>,
    /// Rows that get the validations.
    pub(crate) rows: u32,
}

#[derive(Deserialize)]
struct Forms {
    form: Vec<Template>,
}

/// Rows 1–3 are title, metadata line and header; the example row is row 4.
pub(crate) const HEADER_ROW: u32 = 2;

/// The five templates, titled with the district of the configuration.
pub(crate) fn templates(config: &Config) -> Result<Vec<Template>> {
    let forms: Forms = toml::from_str(FORMS).context("内置模板定义（templates/forms.toml）有误")?;
    Ok(forms
        .form
        .into_iter()
        .map(|mut t| {
            t.title = t.title.replace("{district}", &config.district);
            t
        })
        .collect())
}

pub fn run(args: &TemplateArgs) -> Result<Vec<PathBuf>> {
    let config = Config::load(args.config.as_deref())?;
    std::fs::create_dir_all(&args.dir).with_context(|| format!("无法创建文件夹{}", crate::say::path(&args.dir)))?;
    let mut written = Vec::new();
    let mut kept = 0;
    for template in templates(&config)? {
        let path = args.dir.join(&template.file);
        if path.exists() && !args.overwrite {
            println!("已有 {}，未覆盖（要重新生成请先删除该文件，或加 --overwrite）", crate::say::path(&path));
            kept += 1;
            continue;
        }
        write_atomically(&path, |tmp| write(&template, &config, tmp))
            .with_context(|| format!("无法生成模板{}", crate::say::path(&path)))?;
        println!("已生成 {}", crate::say::path(&path));
        written.push(path);
    }
    let kept = if kept > 0 { format!("（另有 {kept} 个已存在，未覆盖）") } else { String::new() };
    println!(
        "共生成 {} 个模板{kept}。灰色斜体的“示例行”仅作填写参考，guanai 核查时会跳过，上报前可删除。",
        written.len()
    );
    Ok(written)
}

fn write(template: &Template, config: &Config, path: &Path) -> Result<()> {
    let mut workbook = crate::report::font::workbook()?;
    workbook.set_properties(&crate::own::properties(crate::own::Kind::Template, &template.title, &config.district));
    let sheet = workbook.add_worksheet();
    lay_out(sheet, template).context("生成模板失败")?;
    workbook.save(path)?;
    Ok(())
}

/// Blank rows given borders: a printed page of lines to write on (the rows below
/// keep their validation, without lines).
const PRINTED_BLANK_ROWS: u32 = 25;

/// The cell formats of a template.
struct Formats {
    title: Format,
    meta: Format,
    header: Format,
    example: Format,
    text: Format,
    date: Format,
    lined: Format,
    lined_text: Format,
    lined_date: Format,
}

impl Formats {
    fn new() -> Formats {
        let text = crate::report::font::format().set_num_format("@");
        let date = crate::report::font::format().set_num_format("yyyy-mm-dd");
        // The rows to fill in have borders, so a printed blank form has lines to write on.
        let lined = crate::report::font::format().set_border(FormatBorder::Thin);
        Formats {
            title: crate::report::font::format().set_bold().set_font_size(16).set_align(FormatAlign::Center),
            meta: crate::report::font::format().set_font_size(11),
            header: crate::report::styles::header(),
            example: crate::report::font::format()
                .set_italic()
                .set_font_color(Color::RGB(0x808080))
                .set_background_color(Color::RGB(0xF2F2F2))
                .set_border(FormatBorder::Thin),
            lined_text: text.clone().set_border(FormatBorder::Thin),
            lined_date: date.clone().set_border(FormatBorder::Thin),
            text,
            date,
            lined,
        }
    }
}

fn lay_out(sheet: &mut Worksheet, t: &Template) -> Result<(), XlsxError> {
    sheet.set_name(&t.sheet)?;
    let last_col = t.columns.len() as u16 - 1;
    let header_row = HEADER_ROW;
    let last = header_row + 1 + t.rows;
    let formats = Formats::new();
    sheet.merge_range(0, 0, 0, last_col, &t.title, &formats.title)?;
    if t.meta.is_empty() {
        sheet.write_string(1, 0, "")?;
    } else {
        sheet.merge_range(1, 0, 1, last_col, &t.meta, &formats.meta)?;
    }
    sheet.set_row_height(header_row, 30)?;
    for (c, column) in t.columns.iter().enumerate() {
        lay_out_column(sheet, t, c as u16, column, &formats)?;
    }
    sheet.ignore_error_range(header_row, 0, last, last_col, IgnoreError::NumberStoredAsText)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    page_setup(sheet, header_row)?;
    Ok(())
}

/// One column: its width and format, header with its tip, example, lined blank rows and validation.
fn lay_out_column(sheet: &mut Worksheet, t: &Template, c: u16, column: &Column, f: &Formats) -> Result<(), XlsxError> {
    let header_row = HEADER_ROW;
    let first = header_row + 2; // below the example row
    let last = header_row + 1 + t.rows;
    let width = display_width(&column.header).max(display_width(&column.example)).clamp(8, 40) + 2;
    match column.input {
        Input::Digits => sheet.set_column_format(c, &f.text)?,
        Input::Date => sheet.set_column_format(c, &f.date)?,
        _ => sheet,
    };
    sheet.set_column_width(c, width as f64)?;
    sheet.write_string_with_format(header_row, c, &column.header, &f.header)?;
    let tip = DataValidation::new()
        .allow_any_value()
        .set_input_title(short(&column.header, 32))?
        .set_input_message(short(&column.help, 255))?;
    sheet.add_data_validation(header_row, c, header_row, c, &tip)?;
    sheet.write_string_with_format(header_row + 1, c, &column.example, &f.example)?;
    let blank = match column.input {
        Input::Digits => &f.lined_text,
        Input::Date => &f.lined_date,
        _ => &f.lined,
    };
    for row in first..=first + PRINTED_BLANK_ROWS.min(t.rows) - 1 {
        sheet.write_blank(row, c, blank)?;
    }
    if let Some(rule) = validation(column)? {
        sheet.add_data_validation(first, c, last, c, &rule)?;
    }
    Ok(())
}

/// The data-row validation of a column, if it has one.
fn validation(column: &Column) -> Result<Option<DataValidation>, XlsxError> {
    let rule = match column.input {
        Input::Free | Input::Digits => return Ok(None),
        Input::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(2000, 1, 1)?,
                ExcelDateTime::from_ymd(2099, 12, 31)?,
            ))
            .set_error_title("日期有误")?
            .set_error_message(date_error(column))?,
        Input::Choice => {
            let rule = DataValidation::new()
                .allow_list_strings(&column.choices())?
                .set_error_title(short(&column.header, 32))?;
            if column.several {
                // Several values in one cell are allowed: warn, do not refuse.
                rule.set_error_style(DataValidationErrorStyle::Warning)
                    .set_error_message("不在下拉列表中。若填写了多项（用顿号分隔），请点“是”继续")?
            } else {
                rule.set_error_message("请从下拉列表中选择")?
            }
        }
    };
    Ok(Some(rule.set_input_title(short(&column.header, 32))?.set_input_message(short(&column.help, 255))?))
}

/// What a date cell says when refused: a service log's date is one day a row; an
/// enrolment date is just a date.
fn date_error(column: &Column) -> &'static str {
    if ["纳入", "退出", "出生"].iter().any(|w| column.header.contains(w)) {
        "请填写一个日期，如 2023-01-04"
    } else {
        "请填写一个日期，如 2023-01-04；一次服务多天请分行填写"
    }
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
    fn every_form_is_well_formed() {
        let config = Config::load(None).unwrap();
        let forms = templates(&config).unwrap();
        assert_eq!(forms.len(), 5);
        for t in forms {
            assert!(t.title.starts_with("沙坪坝区"), "{}", t.title);
            for c in &t.columns {
                assert!(c.header.encode_utf16().count() <= 32, "{}", c.header);
                assert!(c.help.encode_utf16().count() <= 255, "{}", c.help);
                assert_eq!(c.input == Input::Choice, !c.choices().is_empty(), "{}: a dropdown needs values", c.header);
                assert!(c.choices().join(",").encode_utf16().count() <= 255, "{}: Excel's list limit", c.header);
            }
        }
        assert_eq!(short("一二三", 2), "一二");
    }
}
