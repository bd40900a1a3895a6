//! `guanai cards PATH... -o FILE`: one 关爱联系卡 (notice 附件3) per recipient of the
//! ledgers — 对象姓名, 类别, 村（社区）电话, 联系人电话, the 关爱慰问 frequency for that
//! person's categories, 服务内容 — four cards to an A4 page, one sheet per village, page
//! breaks so that no card is split.

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::assess;
use crate::assess::recipients::Recipient;
use crate::cli::CardsArgs;
use crate::config::Config;
use crate::model::SheetKind;
use crate::pipeline::{self, Job};
use crate::report::mask::mask;
use crate::report::workbook::write_atomically;

/// Rows a card takes, the spacer below it included.
const CARD_ROWS: u32 = 7;
/// Cards on one A4 page.
pub const CARDS_PER_PAGE: u32 = 4;
/// Excel allows 1,023 manual page breaks in a sheet.
const CARDS_PER_SHEET: usize = 1_000 * CARDS_PER_PAGE as usize;

/// What the notice says for someone the frequency rules do not cover.
const NO_RULE: &str = "及时进行关爱帮扶，劝导其自愿接受社会救助";
/// The notice's 附件3 line under 关爱慰问 when the ledger names no service.
const DEFAULT_SERVICE: &str = "帮扶困难：帮助对象解决现实生活困难";

pub fn run(args: &CardsArgs) -> Result<()> {
    let job = Job::for_cards(args)?;
    crate::report::outputs::check_writable(&args.output, "联系卡", Some("xlsx"))?;
    let report = pipeline::run(&job)?;
    // The recipients the ledgers define, judged as `check` judges them (P06 copies and
    // rejected rows are not cards); people known only from the logs have no ledger row.
    let people: Vec<Recipient> = report.recipients.into_iter().map(|a| a.recipient).filter(|p| !p.inferred).collect();
    if people.is_empty() {
        bail!(
            "在给定路径中没有找到可用的关爱帮扶对象信息台账（需有 对象姓名、对象类别、关爱联系人 等列），未生成联系卡"
        );
    }
    let refused: u32 =
        report.files.iter().flat_map(|f| &f.sheets).filter(|s| s.kind == SheetKind::Roster).map(|s| s.rejected).sum();
    write_atomically(&args.output, |tmp| write(&people, &job.config, args.mask, tmp))
        .with_context(|| format!("无法生成联系卡{}", crate::say::path(&args.output)))?;
    println!("已为 {} 名关爱对象生成联系卡：{}", people.len(), crate::say::path(&args.output));
    if refused > 0 {
        println!(
            "另有 {refused} 行台账因错误（如姓名、类别为空或类别无法识别）未生成联系卡，请先用 guanai check 核查改正。"
        );
    }
    Ok(())
}

/// The 关爱慰问 text for a person: the notice's frequency for every rule that applies.
pub fn frequency_text(config: &Config, person: &Recipient) -> String {
    let rules = assess::applicable(&config.rules, person.categories, person.situations);
    if rules.is_empty() {
        return NO_RULE.to_string();
    }
    let mut texts: Vec<&str> = Vec::new();
    for rule in rules {
        if !texts.contains(&rule.text.as_str()) {
            texts.push(&rule.text);
        }
    }
    texts.join("；")
}

fn write(people: &[Recipient], config: &Config, masked: bool, path: &std::path::Path) -> Result<()> {
    let mut workbook = Workbook::new();
    let title = format!("{}“九类”民政服务对象关爱联系卡", config.district);
    workbook.set_properties(&crate::own::properties(crate::own::Kind::Cards, &title, &config.district));
    let mut by_village: BTreeMap<(&str, &str), Vec<&Recipient>> = BTreeMap::new();
    for p in people {
        by_village.entry((&p.township, &p.village)).or_default().push(p);
    }
    let styles = CardStyles::new();
    let mut names: Vec<String> = Vec::new();
    for ((township, village), cards) in &by_village {
        for (part, chunk) in cards.chunks(CARDS_PER_SHEET).enumerate() {
            let name = sheet_name(township, village, part, &names);
            names.push(name.clone());
            let sheet = workbook.add_worksheet();
            sheet.set_name(&name)?;
            lay_out(sheet, chunk, config, masked, &styles)?;
        }
    }
    workbook.save(path)?;
    Ok(())
}

/// A sheet name Excel accepts (31 characters, none of []:*?/\), unique in the workbook.
fn sheet_name(township: &str, village: &str, part: usize, taken: &[String]) -> String {
    let clean =
        |s: &str| s.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).collect::<String>();
    let base = if village.is_empty() { clean(township) } else { clean(village) };
    let base: String = base.chars().take(24).collect();
    let base = if base.is_empty() { "联系卡".to_string() } else { base };
    let mut name = if part == 0 { base.clone() } else { format!("{base}({})", part + 1) };
    let mut n = 2;
    while taken.contains(&name) {
        let t: String = clean(township).chars().take(6).collect();
        name = format!("{base}-{t}{n}");
        n += 1;
    }
    name
}

struct CardStyles {
    title: Format,
    label: Format,
    value: Format,
    long: Format,
}

impl CardStyles {
    fn new() -> CardStyles {
        let cell = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        CardStyles {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin),
            label: cell.clone().set_bold().set_align(FormatAlign::Center),
            value: cell.clone().set_text_wrap(),
            long: cell.set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

fn lay_out(
    sheet: &mut Worksheet,
    cards: &[&Recipient],
    config: &Config,
    masked: bool,
    s: &CardStyles,
) -> Result<(), XlsxError> {
    for (c, width) in [12.0, 20.0, 12.0, 20.0].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    let phone = |p: &str| if masked { mask(p) } else { p.to_string() };
    let title = format!("{}“九类”民政服务对象关爱联系卡", config.district);
    let mut breaks = Vec::new();
    for (i, p) in cards.iter().enumerate() {
        let top = i as u32 * CARD_ROWS;
        if i > 0 && (i as u32).is_multiple_of(CARDS_PER_PAGE) {
            breaks.push(top);
        }
        sheet.set_row_height(top, 24)?;
        sheet.merge_range(top, 0, top, 3, &title, &s.title)?;
        let pairs = [
            ("对象姓名", p.name.clone(), "类别", p.categories.join("、")),
            ("镇（街道）", p.township.clone(), "村（社区）", p.village.clone()),
            (
                "村（社区）电话",
                phone(&p.village_phone),
                "联系人电话",
                format!("{} {}", p.contact_person, phone(&p.contact_phone)).trim().to_string(),
            ),
        ];
        for (r, (l1, v1, l2, v2)) in pairs.iter().enumerate() {
            let row = top + 1 + r as u32;
            sheet.set_row_height(row, 20)?;
            sheet.write_string_with_format(row, 0, *l1, &s.label)?;
            sheet.write_string_with_format(row, 1, v1, &s.value)?;
            sheet.write_string_with_format(row, 2, *l2, &s.label)?;
            sheet.write_string_with_format(row, 3, v2, &s.value)?;
        }
        let service = if p.service_content.trim().is_empty() { DEFAULT_SERVICE } else { p.service_content.trim() };
        for (row, label, text, height) in
            [(top + 4, "关爱慰问", frequency_text(config, p), 44), (top + 5, "服务内容", service.to_string(), 32)]
        {
            sheet.set_row_height(row, height)?;
            sheet.write_string_with_format(row, 0, label, &s.label)?;
            sheet.merge_range(row, 1, row, 3, &text, &s.long)?;
        }
        sheet.set_row_height(top + 6, 16)?;
    }
    sheet.set_paper_size(9);
    sheet.set_portrait();
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    // Manual page breaks only hold at a fixed scale: Excel ignores them under "fit to page".
    sheet.set_print_scale(100);
    sheet.set_page_breaks(&breaks)?;
    Ok(())
}
