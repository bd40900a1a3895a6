//! `guanai cards PATH... -o FILE`: one 关爱联系卡 (notice 附件3) per recipient of the
//! ledgers — 对象姓名, 类别, 关爱联系人 and 联系人电话, 村（社区）电话, the 关爱慰问 frequency
//! for that person's categories, 帮扶困难, 服务内容 — one sheet per township, the cards of
//! its villages one after another, as many to an A4 page as fit (each row as tall as its
//! text needs), page breaks so that no card is split.

use anyhow::{bail, Context, Result};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::assess;
use crate::assess::recipients::Recipient;
use crate::cli::CardsArgs;
use crate::config::Config;
use crate::model::SheetKind;
use crate::pipeline::{self, Inputs, Job};
use crate::report::mask::mask;
use crate::report::workbook::write_atomically;

/// Rows a card takes, the spacer below it included.
const CARD_ROWS: u32 = 9;
/// A4 portrait's printable height at these margins, in points, less a little to spare.
const PAGE_POINTS: f64 = (11.69 - 1.2) * 72.0 - 12.0;
/// Excel allows 1,023 manual page breaks in a sheet: a sheet holds at most this many cards
/// (at least one a page).
const CARDS_PER_SHEET: usize = 1_000;
/// The card's columns: label, value, label, value (characters).
const WIDTHS: [f64; 4] = [16.0, 26.0, 16.0, 26.0];

/// A4 portrait's printable width at these margins, in pixels.
const PAGE_PX: f64 = (8.27 - 1.0) * 96.0;
/// The widest digit a fallback for Calibri 11 has (DejaVu Sans, what LibreOffice takes on a PC without Calibri, ≈ 9.3 px; Calibri 7 px):
/// columns are as many of these wide where Calibri is missing.
const WORST_DIGIT_PX: f64 = 9.6;

/// The print scale at which the card's width fits the page whatever font stands in for
/// Calibri, so a card is never cut in two across pages on a PC without it (统信UOS/麒麟) (84 % for the four columns, text still above 9 pt).
fn card_scale() -> u16 {
    let px: f64 = WIDTHS.iter().map(|w| w * WORST_DIGIT_PX + 5.0).sum();
    ((PAGE_PX / px * 100.0).floor() as u16).min(100)
}

/// What the notice says for someone the frequency rules do not cover.
const NO_RULE: &str = "及时进行关爱帮扶，劝导其自愿接受社会救助";
/// The notice's 附件3 line 帮扶困难, on every card.
const HELP_LINE: &str = "帮助对象解决现实生活困难";
/// What a card says where the ledger names no 关爱联系人 (the notice requires one, P05).
const NO_CONTACT: &str = "未指定（请镇（街道）指定关爱联系人后补填）";

/// Why the people the logs name but no ledger lists have no card, and who they are.
fn only_in_logs(inferred: &[Recipient]) -> String {
    const SHOWN: usize = 10;
    let mut names: Vec<String> =
        inferred.iter().take(SHOWN).map(|p| format!("{}{}{}", p.place.township, p.place.village, p.name)).collect();
    if inferred.len() > SHOWN {
        names.push(format!("等 {} 人", inferred.len()));
    }
    format!(
        "另有 {} 名对象只出现在关爱服务记录中、不在任何关爱帮扶对象台账中（{}），台账中没有其类别和关爱联系人，\
         未生成联系卡；请镇（街道）补入台账后重新生成。",
        inferred.len(),
        names.join("、")
    )
}

pub fn run(args: &CardsArgs) -> Result<()> {
    let job = Job {
        inputs: Inputs::Paths(args.paths.clone()),
        exclude: vec![args.output.clone()],
        config: Config::load(args.config.as_deref())?.compile(),
        period: None,
        as_of: None,
        now: super::now()?,
        mask: args.mask,
        quiet: true,
    };
    crate::report::outputs::check_writable(&args.output, "联系卡", Some("xlsx"))?;
    let report = pipeline::run(&job)?;
    // The recipients the ledgers define, judged as `check` judges them (P06 copies and
    // rejected rows are not cards); people known only from the logs have no ledger row.
    let (people, inferred): (Vec<Recipient>, Vec<Recipient>) =
        report.recipients.iter().map(|a| a.recipient.clone()).partition(|p| !p.inferred);
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
    if !inferred.is_empty() {
        println!("{}", only_in_logs(&inferred));
    }
    if refused > 0 {
        println!(
            "另有 {refused} 行台账因错误（如姓名、类别为空或类别无法识别）未生成联系卡，请先用 guanai check 核查改正。"
        );
    }
    Ok(())
}

/// The 关爱慰问 text for a person: the notice's frequency for every rule that applies.
pub(crate) fn frequency_text(config: &Config, person: &Recipient) -> String {
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
    let mut workbook = crate::report::font::workbook()?;
    let title = format!("{}“九类”民政服务对象关爱联系卡", config.district);
    workbook.set_properties(&crate::own::properties(crate::own::Kind::Cards, &title, &config.district));
    // One sheet per township, its villages' cards one after another (people come sorted by
    // township, village and name).
    let mut by_township: Vec<(&str, Vec<&Recipient>)> = Vec::new();
    for p in people {
        match by_township.last_mut() {
            Some((t, cards)) if *t == p.place.township.as_str() => cards.push(p),
            _ => by_township.push((&p.place.township, vec![p])),
        }
    }
    let styles = CardStyles::new();
    let mut names: Vec<String> = Vec::new();
    for (township, cards) in &by_township {
        for (part, chunk) in cards.chunks(CARDS_PER_SHEET).enumerate() {
            let name = sheet_name(township, part, &names);
            names.push(name.clone());
            let sheet = workbook.add_worksheet();
            sheet.set_name(&name)?;
            lay_out(sheet, chunk, config, masked, &styles)?;
        }
    }
    workbook.save(path)?;
    Ok(())
}

/// A sheet name Excel accepts (31 characters, none of []:*?/\), unique in the workbook:
/// the township's name, "(2)" … for its further parts or a clash.
fn sheet_name(township: &str, part: usize, taken: &[String]) -> String {
    let clean: String =
        township.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(26).collect();
    let base = if clean.is_empty() { "联系卡".to_string() } else { clean };
    let mut n = part + 1;
    let mut name = if n == 1 { base.clone() } else { format!("{base}({n})") };
    while taken.contains(&name) {
        n += 1;
        name = format!("{base}({n})");
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
        let cell = crate::report::font::format().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        CardStyles {
            title: crate::report::font::format()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin),
            label: cell.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            value: cell.clone().set_text_wrap(),
            long: cell.set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// A card's rows: (label, value, label, value) pairs, then (label, text across) rows.
struct Card {
    pairs: Vec<[String; 4]>,
    wide: Vec<(&'static str, String)>,
}

fn card(p: &Recipient, config: &Config, masked: bool) -> Card {
    let phone = |p: &str| if masked { mask(p) } else { p.to_string() };
    let (contact, contact_phone) = if p.contact_person.is_empty() && p.contact_phone.is_empty() {
        (NO_CONTACT.to_string(), String::new())
    } else {
        (p.contact_person.clone(), phone(&p.contact_phone))
    };
    Card {
        pairs: vec![
            ["对象姓名".into(), p.name.clone(), "类别".into(), p.categories.join("、")],
            ["镇（街道）".into(), p.place.township.clone(), "村（社区）".into(), p.place.village.clone()],
            ["关爱联系人".into(), contact, "联系人电话".into(), contact_phone],
        ],
        wide: vec![
            ("村（社区）电话", phone(&p.village_phone)),
            ("关爱慰问", frequency_text(config, p)),
            ("帮扶困难", HELP_LINE.to_string()),
            ("服务内容", p.service_content.trim().to_string()),
        ],
    }
}

/// Points a row needs for `lines` lines of 11 pt text (20 at least, room to write in).
fn row_points(lines: usize) -> f64 {
    (15.0 * lines as f64 + 5.0).max(20.0)
}

fn lay_out(
    sheet: &mut Worksheet,
    cards: &[&Recipient],
    config: &Config,
    masked: bool,
    s: &CardStyles,
) -> Result<(), XlsxError> {
    use crate::report::plan::lines_in;
    for (c, width) in WIDTHS.into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    let across = WIDTHS[1] + WIDTHS[2] + WIDTHS[3];
    let title = format!("{}“九类”民政服务对象关爱联系卡", config.district);
    let mut breaks = Vec::new();
    let mut used = 0.0;
    for (i, p) in cards.iter().enumerate() {
        let c = card(p, config, masked);
        let top = i as u32 * CARD_ROWS;
        let mut heights = vec![26.0];
        for [_, v1, _, v2] in &c.pairs {
            heights.push(row_points(lines_in(v1, WIDTHS[1]).max(lines_in(v2, WIDTHS[3]))));
        }
        for (_, text) in &c.wide {
            heights.push(row_points(lines_in(text, across)));
        }
        heights.push(16.0);
        let height: f64 = heights.iter().sum();
        if i > 0 && used + height > PAGE_POINTS {
            breaks.push(top);
            used = 0.0;
        }
        used += height;
        for (r, h) in heights.iter().enumerate() {
            sheet.set_row_height(top + r as u32, *h)?;
        }
        sheet.merge_range(top, 0, top, 3, &title, &s.title)?;
        for (r, [l1, v1, l2, v2]) in c.pairs.iter().enumerate() {
            let row = top + 1 + r as u32;
            sheet.write_string_with_format(row, 0, l1, &s.label)?;
            sheet.write_string_with_format(row, 1, v1, &s.value)?;
            sheet.write_string_with_format(row, 2, l2, &s.label)?;
            sheet.write_string_with_format(row, 3, v2, &s.value)?;
        }
        for (r, (label, text)) in c.wide.iter().enumerate() {
            let row = top + 1 + c.pairs.len() as u32 + r as u32;
            sheet.write_string_with_format(row, 0, *label, &s.label)?;
            sheet.merge_range(row, 1, row, 3, text, &s.long)?;
        }
    }
    sheet.set_paper_size(9);
    sheet.set_portrait();
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_footer("&L&A&C第 &P 页 / 共 &N 页");
    // A fixed scale (Excel ignores manual breaks under "fit to page"), see `card_scale`.
    sheet.set_print_scale(card_scale());
    sheet.set_page_breaks(&breaks)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::kinds::Category;

    /// At the card's print scale its four columns fit A4 portrait even where a wider font
    /// stands in for Calibri, and the text stays above 8 pt.
    #[test]
    fn the_card_fits_the_page_width_whatever_the_font() {
        let scale = f64::from(card_scale()) / 100.0;
        let widest: f64 = WIDTHS.iter().map(|w| w * WORST_DIGIT_PX + 5.0).sum();
        assert!(widest * scale <= PAGE_PX, "{scale}");
        assert!(11.0 * scale >= 8.0, "{scale}");
    }

    fn person() -> Recipient {
        Recipient {
            place: crate::model::Place::new("井口街道", "美丽家园社区"),
            name: "张德华".into(),
            categories: [Category::Elderly, Category::Tekun, Category::Dibao, Category::Disabled].into_iter().collect(),
            contact_person: "李芳".into(),
            contact_phone: "13800000001".into(),
            service_content: "送米面油，询问身体状况；帮助就医，代购生活用品，打扫卫生".into(),
            ..Recipient::default()
        }
    }

    #[test]
    fn a_card_says_what_the_ledger_says_and_what_is_missing() {
        let config = Config::load(None).unwrap();
        let c = card(&person(), &config, false);
        assert_eq!(
            c.pairs[2],
            ["关爱联系人", "李芳", "联系人电话", "13800000001"].map(String::from),
            "name and phone apart"
        );
        assert!(c.wide.iter().any(|(l, t)| *l == "帮扶困难" && t == HELP_LINE), "附件3's 帮扶困难 line");
        let service = &c.wide.iter().find(|(l, _)| *l == "服务内容").unwrap().1;
        assert!(service.contains('，'), "full-width punctuation kept: {service}");
        let nobody = Recipient { contact_person: String::new(), contact_phone: String::new(), ..person() };
        assert_eq!(card(&nobody, &config, false).pairs[2][1], NO_CONTACT);
        // Four categories take more than one line in their column: the row grows.
        let lines = crate::report::plan::lines_in(&c.pairs[0][3], WIDTHS[3]);
        assert!(lines > 1 && row_points(lines) > row_points(1), "{lines}");
    }

    #[test]
    fn sheet_names_are_the_townships_and_unique() {
        assert_eq!(sheet_name("井口街道", 0, &[]), "井口街道");
        assert_eq!(sheet_name("井口街道", 1, &["井口街道".into()]), "井口街道(2)");
        assert_eq!(sheet_name("a/b", 0, &["ab".into()]), "ab(2)");
        assert_eq!(sheet_name("", 0, &[]), "联系卡");
    }
}
