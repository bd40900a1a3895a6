//! Pages that print whole (issue 24): one Chinese font in every workbook, and a 问题清单 whose
//! rows, as written, fit 15 issues or more on an A4 page. The pages themselves were looked at
//! (LibreOffice → PDF → PNG, with and without a Chinese locale); these tests hold the
//! written geometry that gave them.

mod common;

use std::io::Read;
use std::path::Path;

use common::{fixture, Workdir};

fn part(book: &Path, name: &str) -> String {
    let file = std::fs::File::open(book).expect("workbook");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    zip.by_name(name).expect(name).read_to_string(&mut text).expect("UTF-8");
    text
}

/// The values of `attr="…"` in `xml`, in order.
fn attrs<'a>(xml: &'a str, attr: &str) -> Vec<&'a str> {
    let key = format!(" {attr}=\"");
    xml.match_indices(&key)
        .map(|(at, _)| {
            let rest = &xml[at + key.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The part name of a sheet, by its position in workbook.xml.
fn sheet_part(book: &Path, sheet: &str) -> String {
    let workbook = part(book, "xl/workbook.xml");
    let at = attrs(&workbook, "name").iter().position(|n| *n == sheet).expect(sheet);
    format!("xl/worksheets/sheet{}.xml", at + 1)
}

#[test]
fn every_workbook_is_written_in_songti() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("demo")], &["--feedback-dir", "反馈"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cards = wd.command().args(["cards"]).arg(fixture("demo")).args(["-o", "卡.xlsx"]).output().unwrap();
    assert!(cards.status.success(), "{}", String::from_utf8_lossy(&cards.stderr));
    let templates = wd.command().args(["template", "模板"]).output().unwrap();
    assert!(templates.status.success(), "{}", String::from_utf8_lossy(&templates.stderr));
    let mut books = vec![wd.path("out.xlsx"), wd.path("卡.xlsx")];
    for dir in ["反馈", "模板"] {
        books.extend(std::fs::read_dir(wd.path(dir)).unwrap().map(|e| e.unwrap().path()));
    }
    assert!(books.len() >= 6, "{books:?}");
    for book in &books {
        let styles = part(book, "xl/styles.xml");
        let fonts = attrs(&styles, "val");
        assert!(styles.contains("<name val=\"宋体\"/>"), "{}: {styles}", book.display());
        assert!(!fonts.contains(&"Calibri"), "{}: {styles}", book.display());
    }
}

/// How 问题清单 is written: the header row's height, each issue row's height (points), and
/// the widths of its columns (characters).
fn issue_list_geometry(book: &Path) -> (f64, Vec<f64>, Vec<f64>) {
    let xml = part(book, &sheet_part(book, "问题清单"));
    let default = attrs(&xml, "defaultRowHeight")[0].parse::<f64>().unwrap();
    let rows: Vec<&str> = xml.split("<row ").skip(1).collect();
    let height = |row: &str| {
        let tag = &row[..row.find('>').unwrap()];
        attrs(&format!(" {tag}"), "ht").first().map_or(default, |h| h.parse().unwrap())
    };
    // A <col> covers columns min..=max.
    let cols = &xml[xml.find("<cols>").unwrap()..xml.find("</cols>").unwrap()];
    let number = |col: &str, attr: &str| -> f64 { attrs(col, attr)[0].parse().unwrap() };
    let widths = cols
        .split("<col ")
        .skip(1)
        .flat_map(|col| {
            let col = format!(" {col}");
            let n = number(&col, "max") - number(&col, "min") + 1.0;
            std::iter::repeat_n(number(&col, "width"), n as usize)
        })
        .collect();
    (height(rows[0]), rows[1..].iter().map(|r| height(r)).collect(), widths)
}

#[test]
fn the_issue_list_prints_fifteen_issues_or_more_a_page() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("demo")], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (header, mut rows, widths) = issue_list_geometry(&wd.path("out.xlsx"));
    let issues = wd.json()["issues"].as_array().unwrap().len();
    assert!(issues >= 60 && rows.len() >= issues, "{issues} issues, {} rows", rows.len());
    rows.truncate(issues);
    // A4 landscape, 0.3 in side margins, 0.5 in top and bottom; printed one page wide at
    // the whole percent that fits, as Excel does: its columns 8 px a character of 宋体 11
    // (LibreOffice on a Chinese PC: 8.1 px, a little smaller, so more a page).
    let width_px: f64 = widths.iter().map(|w| (w * 8.0).floor()).sum();
    let scale = (((11.69 - 0.6) * 96.0 / width_px).min(1.0) * 100.0).floor() / 100.0;
    assert!(scale >= 0.68, "printed at {scale:.2}: below 7.5 pt");
    let room = (8.27 - 1.0) * 72.0 / scale - header;
    let mut pages = vec![0usize];
    let mut used = 0.0;
    for h in &rows {
        if used + h > room {
            pages.push(0);
            used = 0.0;
        }
        used += h;
        *pages.last_mut().unwrap() += 1;
    }
    let full = &pages[..pages.len() - 1];
    assert!(!full.is_empty() && full.iter().all(|n| *n >= 15), "issues a page: {pages:?}");
    // Every wrapped row is planned for its lines (16.5 pt each), none below one line.
    assert!(rows.iter().all(|h| *h >= 17.0), "{rows:?}");
}

/// 总览's notes longer than the table (the townships that sent nothing, the week across two
/// months) wrap inside the table's width: merged across its columns, their rows as tall as
/// their lines. Unwrapped they ran off the right of the page, or shrank it to fit them.
#[test]
fn long_notes_above_a_table_wrap_within_its_width() {
    let wd = Workdir::new();
    let out = wd.check(&[fixture("demo")], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let book = wd.path("out.xlsx");
    let xml = part(&book, &sheet_part(&book, "总览"));
    let merged = attrs(&xml, "ref").into_iter().filter(|r| r.starts_with('A') && r.contains(':')).count();
    assert!(xml.contains("<mergeCells") && merged >= 2, "{xml}");
    let tall = xml
        .split("<row ")
        .skip(1)
        .take(8)
        .filter(|row| attrs(&format!(" {row}"), "ht").first().is_some_and(|h| h.parse::<f64>().unwrap() >= 33.0))
        .count();
    assert!(tall >= 2, "the wrapped notes' rows keep their height");
}
