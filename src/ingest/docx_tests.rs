use super::*;

/// A .docx holding `body` (the children of w:body), zipped as Word does.
fn docx(body: &str) -> Vec<u8> {
    use std::io::Write;
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    out.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(xml.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn tc(text: &str, props: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

fn texts(row: &RawRow) -> Vec<String> {
    row.cells.iter().map(|c| c.display()).collect()
}

#[test]
fn tables_are_sheets_with_their_paragraphs_above() {
    let table = |cells: &[&str]| {
        let row: String = cells.iter().map(|c| tc(c, "")).collect();
        format!("<w:tbl><w:tr>{row}</w:tr><w:tr>{row}</w:tr></w:tbl>")
    };
    let body = [p("附件1"), p("社工名单"), p(""), table(&["姓名", "年龄"]), p("附件2"), table(&["甲", "乙"])].concat();
    let sheets = read(&docx(&body), 100).unwrap();
    assert_eq!(sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["表1", "表2"]);
    let first: Vec<(u32, Vec<String>)> = sheets[0].rows.iter().map(|r| (r.number, texts(r))).collect();
    assert_eq!(first[0], (0, vec!["附件1".to_string()]));
    assert_eq!(first[1], (0, vec!["社工名单".to_string()]));
    assert_eq!(first[2], (1, vec!["姓名".to_string(), "年龄".to_string()]));
    assert_eq!(first[3].0, 2);
    assert_eq!(texts(&sheets[1].rows[0]), ["附件2"]);
}

#[test]
fn spans_and_vertical_merges_fill_every_cell_they_cover() {
    let rows = [
        format!("<w:tr>{}{}</w:tr>", tc("关爱对象", "<w:gridSpan w:val=\"2\"/>"), tc("村", "")),
        format!("<w:tr>{}{}{}</w:tr>", tc("张三", ""), tc("独居", ""), tc("南溪村", "<w:vMerge w:val=\"restart\"/>")),
        format!("<w:tr>{}{}{}</w:tr>", tc("李四", ""), tc("低保", ""), tc("", "<w:vMerge/>")),
    ]
    .concat();
    let sheets = read(&docx(&format!("<w:tbl>{rows}</w:tbl>")), 100).unwrap();
    let rows: Vec<Vec<String>> = sheets[0].rows.iter().map(texts).collect();
    assert_eq!(rows[0], ["关爱对象", "关爱对象", "村"]);
    assert_eq!(rows[2], ["李四", "低保", "南溪村"]);
}

#[test]
fn text_with_entities_breaks_and_nested_tables_stays_in_its_cell() {
    let nested = format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", tc("内表", ""));
    let cell = format!(
        "<w:tc><w:p><w:r><w:t>A&amp;B</w:t><w:br/><w:t xml:space=\"preserve\">第二行</w:t></w:r></w:p>{nested}</w:tc>"
    );
    let sheets = read(&docx(&format!("<w:tbl><w:tr>{cell}</w:tr></w:tbl>")), 100).unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(texts(&sheets[0].rows[0]), ["A&B\n第二行\n内表"]);
}

#[test]
fn a_table_over_the_row_limit_is_not_read() {
    let row = format!("<w:tr>{}</w:tr>", tc("x", ""));
    let sheets = read(&docx(&format!("<w:tbl>{}</w:tbl>", row.repeat(5))), 3).unwrap();
    assert!(sheets[0].over_limit);
    assert!(sheets[0].rows.is_empty());
}

#[test]
fn no_document_part_is_damage_in_chinese() {
    let OpenError(said) = read(&docx("")[..20], 10).unwrap_err();
    assert!(said.message.contains("损坏"), "{}", said.message);
}
