//! Tests of `report/table.rs`.

use super::*;
use crate::report::value::EXCEL_MAX_CHARS;

/// A 待办清单 of three groups (3, 70 and 2 rows, every seventh wrapping onto three lines)
/// written to `path`.
fn write_grouped_table(path: &std::path::Path) {
    let groups = [("甲", 3usize), ("乙", 70), ("丙", 2)];
    let mut rows: Vec<Row<'static>> = Vec::new();
    let mut starts = Vec::new();
    for (name, n) in groups {
        starts.push((rows.len(), format!("关爱联系人：{name}")));
        for i in 0..n {
            // Every seventh row wraps onto three lines: pages hold fewer of them.
            let long = if i % 7 == 0 { "长".repeat(60) } else { "短".into() };
            rows.push((
                vec![Val::from(name.to_string()), Val::from(format!("{name}{i}")), Val::from(long)],
                Mark::Plain,
            ));
        }
    }
    let mut table =
        Table::new("待办清单", vec!["联系人", "对象", "说明"], None).with_rows(rows.len(), rows.into_iter());
    table.preface = vec!["待办清单".into()];
    table.groups = starts;
    let mut workbook = crate::report::font::workbook().unwrap();
    let mut sheets = new_sheets(&mut workbook, &table, Strings::Shared).unwrap();
    write_table(&mut sheets, table, &Styles::new(), false).unwrap();
    for sheet in sheets {
        workbook.push_worksheet(sheet);
    }
    workbook.save(path).unwrap();
}

/// Each row's height in points as the sheet's XML sets it (the default where it does not).
fn row_heights(xml: &str, rows: usize) -> Vec<f64> {
    (0..rows)
        .map(|r| {
            let tag = format!("<row r=\"{}\"", r + 1);
            match xml.split(&tag).nth(1) {
                Some(rest) if rest.split('>').next().unwrap().contains("ht=") => {
                    rest.split("ht=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
                }
                _ => ROW_HEIGHT,
            }
        })
        .collect()
}

/// Groups start their own pages under their heading; a group longer than a page goes on
/// under "（续）"; no page holds more than fits at the sheet's print scale.
#[test]
fn each_group_starts_a_page_and_carries_its_heading_onto_every_page() {
    use calamine::{Reader, Xlsx};
    let dir = std::env::temp_dir().join(format!("guanai-groups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("g.xlsx");
    write_grouped_table(&path);
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = book.worksheet_range("待办清单").unwrap();
    let cells: Vec<String> = range.rows().map(|r| r[0].to_string()).collect();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    let breaks: Vec<usize> =
        xml.split("<brk id=\"").skip(1).map(|b| b.split('"').next().unwrap().parse().unwrap()).collect();
    assert!(!xml.contains("fitToPage"), "manual breaks need a fixed scale");
    // Excel's break id N: a page starts at (1-based) row N + 1, that is 0-based row N.
    let mut page_starts = vec![3usize]; // under the title line, its gap and the header
    page_starts.extend(&breaks);
    for &at in &page_starts {
        assert!(cells[at].starts_with("关爱联系人："), "page at row {at} starts with {:?}", cells[at]);
    }
    let headings: Vec<&String> = page_starts.iter().map(|&at| &cells[at]).collect();
    assert_eq!(headings.first().map(|s| s.as_str()), Some("关爱联系人：甲"));
    assert!(headings.iter().any(|h| *h == "关爱联系人：乙（续）"), "{headings:?}");
    assert_eq!(headings.iter().filter(|h| !h.ends_with("（续）")).count(), 3, "{headings:?}");
    // Every data row is there once, and no page is fuller than the print scale allows.
    assert_eq!(cells.iter().filter(|c| ["甲", "乙", "丙"].contains(&c.as_str())).count(), 75);
    let heights = row_heights(&xml, cells.len());
    let scale = xml.split("scale=\"").nth(1).map_or(100.0, |s| s.split('"').next().unwrap().parse().unwrap()) / 100.0;
    let mut ends = page_starts[1..].to_vec();
    ends.push(cells.len());
    for (i, (from, to)) in page_starts.iter().zip(ends).enumerate() {
        // The first page holds the title lines too; every page the repeated header.
        let from = if i == 0 { 0 } else { *from };
        let used: f64 = heights[from..to].iter().sum::<f64>() + ROW_HEIGHT;
        assert!(used <= crate::report::print::PRINTABLE_PT / scale, "rows {from}..{to}: {used} pt");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn clip_counts_utf16_units() {
    assert_eq!(clip("短文本"), "短文本");
    let long = "长".repeat(40_000);
    let cut = clip(&long);
    assert_eq!(cut.encode_utf16().count(), EXCEL_MAX_CHARS);
    assert!(cut.ends_with("已截断）"));
    let emoji = "😀".repeat(20_000); // 40,000 UTF-16 units in 20,000 characters
    assert!(clip(&emoji).encode_utf16().count() <= EXCEL_MAX_CHARS);
}
