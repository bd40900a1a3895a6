//! guanai's own workbooks (SPEC §6, F07): every workbook guanai writes carries the custom
//! document property `生成工具 = guanai` and its kind, and a workbook that carries them is
//! recognised on input, so last month's 汇总 or a cards file left in the inbox is never
//! read as a submission.
//!
//! A template is the one kind that comes back filled in: a township types its rows into
//! the blank template and sends it, and Excel keeps the custom properties. So a workbook
//! marked 模板 is set aside only while it holds no data row (`ingest` decides that after
//! reading); the other kinds are set aside unread.

use std::io::Read;

use rust_xlsxwriter::DocProperties;

/// The custom property naming the tool, and its value.
pub(crate) const TOOL_PROPERTY: &str = "生成工具";
pub(crate) const TOOL_NAME: &str = "guanai";
/// The custom property naming what kind of workbook it is.
pub(crate) const KIND_PROPERTY: &str = "文件类型";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Summary,
    /// The consolidated 关爱记录 (SPEC §6, its own workbook beside the summary).
    Records,
    Feedback,
    Cards,
    Template,
}

impl Kind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::Summary => "汇总",
            Kind::Records => "关爱记录汇总",
            Kind::Feedback => "反馈",
            Kind::Cards => "联系卡",
            Kind::Template => "模板",
        }
    }

    fn from_label(s: &str) -> Option<Kind> {
        [Kind::Summary, Kind::Records, Kind::Feedback, Kind::Cards, Kind::Template].into_iter().find(|k| k.label() == s)
    }
}

/// The document properties of one of guanai's workbooks: its title, the bureau as
/// author, and the two custom properties that mark it as ours.
pub(crate) fn properties(kind: Kind, title: &str, district: &str) -> DocProperties {
    DocProperties::new()
        .set_title(title)
        .set_author(format!("{district}民政局"))
        .set_company(format!("{district}民政局"))
        .set_custom_property(TOOL_PROPERTY, TOOL_NAME)
        .set_custom_property(KIND_PROPERTY, kind.label())
        .set_custom_property("工具版本", env!("CARGO_PKG_VERSION"))
}

/// The custom properties part is small; a larger one is not ours.
const MAX_CUSTOM_XML: u64 = 1 << 20;

/// The kind of guanai workbook these bytes are, or None for anyone else's (or not a zip).
/// A marked workbook of unknown kind (a later version's) counts as a summary.
pub(crate) fn recognise(bytes: &[u8]) -> Option<Kind> {
    if !bytes.starts_with(b"PK") {
        return None;
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let part = zip.by_name("docProps/custom.xml").ok()?;
    let mut xml = String::new();
    part.take(MAX_CUSTOM_XML).read_to_string(&mut xml).ok()?;
    (property(&xml, TOOL_PROPERTY)? == TOOL_NAME)
        .then(|| property(&xml, KIND_PROPERTY).and_then(|k| Kind::from_label(&k)).unwrap_or(Kind::Summary))
}

/// The text value of the custom property `name` in docProps/custom.xml.
fn property(xml: &str, name: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut in_value = false;
    loop {
        match reader.read_event().ok()? {
            quick_xml::events::Event::Start(e) if e.local_name().as_ref() == "property" => {
                inside = e.attributes().flatten().any(|a| {
                    a.key.as_ref() == "name"
                        && a.normalized_value(quick_xml::XmlVersion::Implicit1_0).is_ok_and(|v| v == name)
                });
            }
            quick_xml::events::Event::End(e) if e.local_name().as_ref() == "property" => inside = false,
            quick_xml::events::Event::Start(e) if inside => in_value = e.local_name().as_ref() == "lpwstr",
            quick_xml::events::Event::Text(t) if inside && in_value => {
                return Some(t.xml10_content().trim().to_string());
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(kind: Kind) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.set_properties(&properties(kind, "标题", "沙坪坝区"));
        workbook.add_worksheet().write_string(0, 0, "x").unwrap();
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn each_kind_is_recognised() {
        for kind in [Kind::Summary, Kind::Records, Kind::Feedback, Kind::Cards, Kind::Template] {
            assert_eq!(recognise(&marked(kind)), Some(kind));
        }
    }

    #[test]
    fn other_workbooks_are_not() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.set_properties(&DocProperties::new().set_custom_property(TOOL_PROPERTY, "别的工具"));
        workbook.add_worksheet();
        assert_eq!(recognise(&workbook.save_to_buffer().unwrap()), None);
        let mut plain = rust_xlsxwriter::Workbook::new();
        plain.add_worksheet();
        assert_eq!(recognise(&plain.save_to_buffer().unwrap()), None);
        assert_eq!(recognise(b"PK\x03\x04 not a zip"), None);
        assert_eq!(recognise(b"a,b\n"), None);
    }
}
