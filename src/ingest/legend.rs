//! Codes of the civil-affairs systems' templates and exports (SPEC §3 "Codes"): a closed
//! value written as a code (`1`, `05`) or a code–label pair (`05-农村留守儿童`, `1-男`) is read
//! through the legend the same workbook gives — in the column's header ("人员类别(1特困人员、
//! 2低保对象)"), in a note line above the header ("类别代码：1特困人员 2低保对象"), or in a
//! dictionary sheet (代码 | 名称, with or without a column naming the field). A code the
//! legend does not list stays as written, so the checks refuse it quoting it: never guessed.

use std::collections::BTreeMap;

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

/// Code → label, per field; `any` for a dictionary that does not say which field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Legend {
    fields: BTreeMap<Field, BTreeMap<String, String>>,
    any: BTreeMap<String, String>,
}

impl Legend {
    pub(crate) fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.any.is_empty()
    }

    fn add(&mut self, field: Option<Field>, pairs: Vec<(String, String)>) {
        let map = match field.map(canonical) {
            Some(f) => self.fields.entry(f).or_default(),
            None => &mut self.any,
        };
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
        for (c, l) in &other.any {
            self.any.entry(c.clone()).or_insert_with(|| l.clone());
        }
        self
    }

    fn label(&self, field: Field, code: &str) -> Option<&str> {
        let code = code.trim_start_matches('0');
        let own = self.fields.get(&canonical(field)).and_then(|m| m.get(code));
        own.or_else(|| self.any.get(code)).map(String::as_str)
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
        legend.add(Some(*field), pairs_in(&column.header));
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
            legend.add(Some(field), pairs);
        }
    }
    legend
}

/// A dictionary sheet (数据字典, 代码表): a header with a code column (代码, 编码, 代号, 值) and a
/// label column (名称, 含义, 说明); a third column naming the field (字段, 类型, 项目) sorts its
/// rows, else the sheet's name or title does. None unless at least two codes are listed.
pub(crate) fn of_dictionary(rows: &[crate::ingest::raw::RawRow], sheet: &str, headers: &Headers) -> Option<Legend> {
    const CODE: &[&str] = &["代码", "编码", "代号", "代码值", "值", "编号"];
    const LABEL: &[&str] = &["名称", "含义", "说明", "代码名称", "值含义", "中文名称", "标签", "内容"];
    const FIELD: &[&str] = &["字段", "字段名", "字段名称", "类型", "代码类型", "字典类型", "项目", "数据项", "分类"];
    let find = |row: &crate::ingest::raw::RawRow, words: &[&str]| {
        row.cells.iter().position(|c| words.contains(&header_key(&c.display()).as_str()))
    };
    let (at, header) =
        rows.iter().take(10).enumerate().find(|(_, r)| find(r, CODE).is_some() && find(r, LABEL).is_some())?;
    let (code, label, field) = (find(header, CODE)?, find(header, LABEL)?, find(header, FIELD));
    let named =
        |t: &str| headers.field_of(&header_key(t)).map(|(f, _)| f).filter(|f| CODED.contains(f) || *f == Field::Role);
    let mut current = named(sheet);
    let mut legend = Legend::default();
    let mut count = 0;
    for row in &rows[at + 1..] {
        if let Some(f) = field.map(|i| row.get(i).display()).filter(|t| !t.trim().is_empty()) {
            current = named(&f);
        }
        let (c, l) = (text::fold(&row.get(code).display()), text::fold(&row.get(label).display()));
        if is_code(c.trim()) && !l.trim().is_empty() {
            legend.add(current, vec![(c.trim().trim_start_matches('0').to_string(), l.trim().to_string())]);
            count += 1;
        }
    }
    (count >= 2).then_some(legend)
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
        legend.add(Some(Field::Categories), pairs_in("1特困人员、2低保对象、5农村留守儿童"));
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
}
