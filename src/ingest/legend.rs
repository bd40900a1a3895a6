//! Codes of the civil-affairs systems' templates and exports (SPEC §3 "Codes"): a closed
//! value written as a code (`1`, `05`) or a code–label pair (`05-农村留守儿童`, `1-男`) is read
//! through the legend the same workbook gives — in the column's header ("人员类别(1特困人员、
//! 2低保对象)"), in a note line above the header ("类别代码：1特困人员 2低保对象"), or in a
//! dictionary sheet (代码 | 名称, with or without a column naming the field). A code the
//! legend does not list stays as written, so the checks refuse it quoting it: never guessed.

use std::collections::BTreeMap;

use crate::ingest::raw::RawRow;
use crate::model::rows::Field;
use crate::model::schema::{in_kind, Headers};
use crate::model::SheetKind;
use crate::normalize::text::{self, header_key};

/// The fields whose values are closed vocabularies, which a code may stand for.
pub(crate) const CODED: [Field; 6] = [
    Field::Categories,
    Field::Category,
    Field::Method,
    Field::ElderlySituation,
    Field::Gender,
    Field::ExclusionCategory,
];

/// Code → label, per field. A legend that does not say which field it codes is not used:
/// a list of 村社区 编码 | 名称 must not turn a category's 1 into a village.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Legend {
    fields: BTreeMap<Field, BTreeMap<String, String>>,
}

impl Legend {
    pub(crate) fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    fn add(&mut self, field: Field, pairs: Vec<(String, String)>) {
        let map = self.fields.entry(canonical(field)).or_default();
        for (code, label) in pairs {
            map.entry(code).or_insert(label);
        }
    }

    /// This legend with `other`'s entries where this one has none (a sheet's own legend
    /// before its workbook's dictionary).
    pub(crate) fn merged(mut self, other: &Legend) -> Legend {
        for (field, map) in &other.fields {
            let mine = self.fields.entry(*field).or_default();
            for (c, l) in map {
                mine.entry(c.clone()).or_insert_with(|| l.clone());
            }
        }
        self
    }

    fn label(&self, field: Field, code: &str) -> Option<&str> {
        let code = code.trim_start_matches('0');
        self.fields.get(&canonical(field)).and_then(|m| m.get(code)).map(String::as_str)
    }

    /// A cell of a coded field as text to read: each code replaced by its label, each
    /// code–label pair by its label; anything else as written. Parts joined by 、.
    pub(crate) fn decode<'a>(&self, field: Field, written: &'a str) -> std::borrow::Cow<'a, str> {
        if !written.bytes().any(|b| b.is_ascii_alphanumeric()) {
            return std::borrow::Cow::Borrowed(written);
        }
        let parts: Vec<&str> = written.split(SEPARATORS).map(str::trim).filter(|p| !p.is_empty()).collect();
        let mut changed = false;
        let decoded: Vec<String> = parts
            .iter()
            .map(|part| {
                let read = match pair(part) {
                    // "05-农村留守儿童": the label; "1男" only when the legend lists 1.
                    Some((code, label))
                        if label.len() < part.len() - code.len() || self.label(field, code).is_some() =>
                    {
                        Some(label.to_string())
                    }
                    _ if is_code(part) => self.label(field, part).map(str::to_string),
                    _ => None,
                };
                changed |= read.is_some();
                read.unwrap_or_else(|| part.to_string())
            })
            .collect();
        if changed {
            std::borrow::Cow::Owned(decoded.join("、"))
        } else {
            std::borrow::Cow::Borrowed(written)
        }
    }
}

/// A log's 类型 and a ledger's 类别 share one legend; a 人员类别 column is a category.
fn canonical(field: Field) -> Field {
    match field {
        Field::Category | Field::Role => Field::Categories,
        f => f,
    }
}

const SEPARATORS: &[char] = &[',', '，', '、', ';', '；', '/', '／', ' ', '　', '|'];

use crate::normalize::text::is_code;

/// "05-农村留守儿童", "1男", "01=孤儿", "2:低保对象", "3．低保边缘": the code and its label.
fn pair(s: &str) -> Option<(&str, &str)> {
    let code_end = s.find(|c: char| !c.is_ascii_alphanumeric())?;
    let (code, rest) = s.split_at(code_end);
    if !is_code(code) {
        return None;
    }
    let label = rest.trim_start_matches(['-', '=', ':', '：', '.', '．', '、', ')', '）', '—', '_', ' ']);
    label.chars().next().filter(|c| !c.is_ascii()).map(|_| (code, label))
}

/// Every code–label pair written in a text ("1特困人员、2低保对象；3-低保边缘对象"), codes
/// without leading zeros; none unless there are at least two (one pair is not a legend).
pub(crate) fn pairs_in(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].1.is_ascii_alphanumeric() && (i == 0 || !chars[i - 1].1.is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let from = chars[i].0;
        let mut j = i;
        while j < chars.len() && chars[j].1.is_ascii_alphanumeric() {
            j += 1;
        }
        // The label runs to the next separator or the next code.
        let mut k = j;
        while k < chars.len() && !SEPARATORS.contains(&chars[k].1) && !"()（）[]【】".contains(chars[k].1) {
            if k > j + 1 && chars[k].1.is_ascii_alphanumeric() {
                break;
            }
            k += 1;
        }
        let end = chars.get(k).map_or(text.len(), |c| c.0);
        if let Some((code, label)) = pair(&text[from..end]) {
            out.push((code.trim_start_matches('0').to_string(), text::fold(label).trim().to_string()));
        }
        i = k.max(j);
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// A sheet's own legend: each coded column's header text, and the lines above the header
/// whose label names a coded field ("对象类别代码：1特困人员 2低保对象").
pub(crate) fn of_sheet(
    columns: &BTreeMap<Field, crate::model::rows::Column>,
    above: &[String],
    headers: &Headers,
    kind: SheetKind,
) -> Legend {
    let mut legend = Legend::default();
    for (field, column) in columns.iter().filter(|(f, _)| CODED.contains(f)) {
        legend.add(*field, pairs_in(&column.header));
    }
    for line in above {
        let pairs = pairs_in(line);
        if pairs.is_empty() {
            continue;
        }
        // Only a line that names the field it codes: a title's "2023年1月" is no legend.
        let label = line.split(|c: char| c.is_ascii_alphanumeric()).next().unwrap_or_default();
        let field = headers.field_of(&header_key(label)).and_then(|(f, _)| in_kind(f, kind));
        if let Some(field) = field.filter(|f| CODED.contains(f)) {
            legend.add(field, pairs);
        }
    }
    legend
}

/// A dictionary sheet (数据字典, 代码表): a header with a code column (代码, 编码, 代号) and a
/// label column (名称, 含义, 说明); a column naming the field (字段, 类型, 项目), a line
/// holding only a field's name above its codes, or the sheet's name or title sorts its rows.
/// None unless at least two codes are listed.
pub(crate) fn of_dictionary(rows: &[RawRow], sheet: &str, headers: &Headers) -> Option<Legend> {
    let (at, header) = rows.iter().take(10).enumerate().find(|(_, r)| columns(r).is_some())?;
    let (code, label, field) = columns(header)?;
    let named =
        |t: &str| headers.field_of(&header_key(t)).map(|(f, _)| f).filter(|f| CODED.contains(f) || *f == Field::Role);
    let above = rows[..at].iter().flat_map(|r| r.cells.iter()).map(|c| c.display()).collect::<String>();
    let mut current = named(sheet).or_else(|| named(&above));
    let mut legend = Legend::default();
    let mut count = 0;
    for row in &rows[at + 1..] {
        let filled: Vec<String> = row.cells.iter().map(|c| c.display()).filter(|t| !t.trim().is_empty()).collect();
        if let [only] = &filled[..] {
            current = named(only).or(current);
            continue;
        }
        if let Some(f) = field.map(|i| row.get(i).display()).filter(|t| !t.trim().is_empty()) {
            current = named(&f);
        }
        let (c, l) = (text::fold(&row.get(code).display()), text::fold(&row.get(label).display()));
        if let Some(f) = current.filter(|_| is_code(c.trim()) && !l.trim().is_empty()) {
            legend.add(f, vec![(c.trim().trim_start_matches('0').to_string(), l.trim().to_string())]);
            count += 1;
        }
    }
    (count >= 2).then_some(legend)
}

/// A dictionary's header: its code, label and (if any) field columns.
fn columns(row: &RawRow) -> Option<(usize, usize, Option<usize>)> {
    let keys: Vec<String> = row.cells.iter().map(|c| header_key(&c.display())).collect();
    let has = |k: &str, words: &[&str]| words.iter().any(|w| k.contains(w));
    const LABEL: &[&str] = &["名称", "含义", "说明", "中文", "标签"];
    const CODE: &[&str] = &["代码", "编码", "代号", "码值"];
    const FIELD: &[&str] = &["字段", "类型", "项目", "数据项", "分类", "类别"];
    let label = keys.iter().position(|k| has(k, LABEL) && !has(k, &["字段", "项目", "数据项"]))?;
    let code = keys.iter().position(|k| (has(k, CODE) || k == "值") && !has(k, LABEL))?;
    let field = keys.iter().enumerate().position(|(i, k)| i != code && i != label && has(k, FIELD));
    Some((code, label, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(&str, &str)> {
        let owned = pairs_in(text);
        let leaked: &'static [(String, String)] = Box::leak(owned.into_boxed_slice());
        leaked.iter().map(|(c, l)| (c.as_str(), l.as_str())).collect()
    }

    #[test]
    fn legends_in_header_and_note_wordings() {
        let both = vec![("1", "特困人员"), ("2", "低保对象")];
        for text in [
            "人员类别(1特困人员、2低保对象)",
            "人员类别（1-特困人员，2-低保对象）",
            "类别代码：1=特困人员；2=低保对象",
            "类别：01.特困人员 02.低保对象",
            "1:特困人员 2:低保对象",
        ] {
            assert_eq!(pairs(text), both, "{text}");
        }
        assert_eq!(pairs("性别(1-男,2-女)"), vec![("1", "男"), ("2", "女")]);
        assert!(pairs("身份证号码(18位)").is_empty(), "one pair is not a legend");
        assert!(pairs("时间（格式：2023-01-04）").is_empty());
    }

    #[test]
    fn codes_and_pairs_are_decoded_and_unknown_codes_kept_as_written() {
        let mut legend = Legend::default();
        legend.add(Field::Categories, pairs_in("1特困人员、2低保对象、5农村留守儿童"));
        let d = |s: &str| legend.decode(Field::Categories, s).into_owned();
        assert_eq!(d("1"), "特困人员");
        assert_eq!(legend.decode(Field::Category, "2"), "低保对象", "a log's 类型 reads the same legend");
        assert_eq!(d("05"), "农村留守儿童");
        assert_eq!(d("1,2"), "特困人员、低保对象");
        assert_eq!(d("05-农村留守儿童"), "农村留守儿童");
        assert_eq!(d("9"), "9", "a code the legend does not list is kept, to be refused");
        assert_eq!(d("独居老人（半失能）"), "独居老人（半失能）");
        assert_eq!(Legend::default().decode(Field::Gender, "1-男"), "男", "a pair needs no legend");
        assert_eq!(Legend::default().decode(Field::Categories, "3"), "3");
        // Not codes: a count after a method, a grade inside a situation — kept as written.
        assert_eq!(Legend::default().decode(Field::Method, "电话 3次"), "电话 3次");
        assert_eq!(legend.decode(Field::Method, "电话 2次"), "电话 2次");
        assert_eq!(d("独居老人(失能1级)"), "独居老人(失能1级)");
    }

    fn raw(cells: &[&str]) -> RawRow {
        RawRow { number: 1, cells: cells.iter().map(|s| crate::model::Cell::Text(s.to_string())).collect() }
    }

    #[test]
    fn dictionary_sheets_in_their_layouts() {
        let headers = crate::config::Config::load(None).unwrap().compile().headers;
        // A field column.
        let rows = [
            raw(&["字段名称", "代码值", "代码名称"]),
            raw(&["对象类别", "10", "特困人员"]),
            raw(&["对象类别", "60", "低保对象"]),
        ];
        let d = of_dictionary(&rows, "数据字典", &headers).unwrap();
        assert_eq!(d.decode(Field::Categories, "60"), "低保对象");
        // Blocks: a line with the field's name over its codes.
        let rows = [
            raw(&["编码", "含义"]),
            raw(&["性别"]),
            raw(&["1", "男"]),
            raw(&["2", "女"]),
            raw(&["人员类别"]),
            raw(&["1", "特困人员"]),
            raw(&["2", "低保对象"]),
        ];
        let d = of_dictionary(&rows, "代码表", &headers).unwrap();
        assert_eq!(
            (d.decode(Field::Gender, "2").as_ref(), d.decode(Field::Categories, "2").as_ref()),
            ("女", "低保对象")
        );
        // The sheet's name says the field.
        let rows = [raw(&["代码", "类别名称"]), raw(&["1", "特困人员"]), raw(&["5", "农村留守儿童"])];
        let d = of_dictionary(&rows, "对象类别", &headers).unwrap();
        assert_eq!(d.decode(Field::Categories, "5"), "农村留守儿童");
        // Not a dictionary: one code, no code column, or nothing saying which field it codes.
        let villages = [raw(&["编码", "名称"]), raw(&["001", "井口村"]), raw(&["002", "南溪村"])];
        assert!(of_dictionary(&villages, "Sheet2", &headers).is_none());
        assert!(of_dictionary(&[raw(&["代码", "名称"]), raw(&["1", "特困人员"])], "s", &headers).is_none());
        assert!(of_dictionary(&[raw(&["序号", "名称"]), raw(&["1", "a"]), raw(&["2", "b"])], "s", &headers).is_none());
    }
}
