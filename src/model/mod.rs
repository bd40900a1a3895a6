//! The data that flows past ingestion: cells, located rows, volunteers, and the one
//! `Issue` type every check produces (SPEC §4's code table lives in `Code`).

use serde::Serialize;

pub(crate) mod checked;
pub(crate) mod order;
pub(crate) mod rows;
pub(crate) mod said;
pub(crate) mod schema;
pub(crate) mod sheets;

/// One cell as read, before any field knows what it means.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Date(chrono::NaiveDateTime),
    Bool(bool),
    /// An Excel error value such as #N/A, kept as its text.
    Error(String),
}

impl Cell {
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell's text without copying it when it is text.
    pub(crate) fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(s) => std::borrow::Cow::Borrowed(s),
            other => std::borrow::Cow::Owned(other.display()),
        }
    }

    /// The cell as the user would read it in Excel; numbers without a trailing ".0".
    pub(crate) fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.format("%Y-%m-%d").to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// Integers as integers (a phone read as 13812345678.0 shows as 13812345678).
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

macro_rules! codes {
    ($($code:ident $sev:ident $title:literal),* $(,)?) => {
        /// The check codes of SPEC §4; the severity and short title belong to the code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub(crate) enum Code { $($code),* }
        impl Code {
            pub(crate) fn severity(self) -> Severity {
                match self { $(Code::$code => Severity::$sev),* }
            }
            pub(crate) fn title(self) -> &'static str {
                match self { $(Code::$code => $title),* }
            }
            pub(crate) fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code)),* }
            }
        }
    };
}

codes! {
    F01 Error "文件类型不支持",
    F02 Error "文件无法打开",
    F03 Warning "文件中没有可识别的工作表",
    F04 Warning "文件与另一文件完全相同",
    F05 Error "工作表超过行数上限",
    F06 Error "无法确定所属镇（街道）或村（社区）",
    F07 Warning "本工具生成的文件，不作为报送材料",
    H01 Error "缺少必填列",
    V01 Error "社工必填项为空",
    V02 Error "身份证号码无效",
    V03 Error "身份证号码以数字存储，已丢失精度",
    V04 Error "超过年龄上限",
    V05 Error "居住地址在外区县（市）",
    V06 Warning "居住地址无法确认在本区",
    V07 Error "两委成员、本土人才或五职干部",
    V08 Error "在剔除名单中",
    V09 Warning "同一村（社区）内重复",
    V10 Error "在多个村（社区）重复上报",
    V11 Warning "联系电话缺失或无效",
    V12 Warning "性别或出生年月与身份证号码不符",
    V13 Warning "未满最低年龄",
    V14 Warning "居住地址属本区其他镇（街道）",
    C01 Error "有效社工人数不足",
    C02 Error "村（社区）未报送社工名单",
    R01 Error "关爱记录必填项为空",
    R02 Error "日期无法识别",
    R03 Warning "日期不在考核期内",
    R04 Error "日期晚于今天",
    R05 Error "关爱方式无法识别",
    R06 Error "关爱对象类型无法识别",
    R07 Warning "模板示例行",
    R08 Warning "重复记录",
    R09 Warning "关爱对象不在台账中",
    R10 Warning "对象类型与台账不符",
    R11 Warning "未填写实施关爱工作人员",
    R12 Warning "日期以数字录入",
    P01 Error "台账必填项为空",
    P02 Error "台账对象类别无法识别",
    P03 Warning "台账身份证号码无效",
    P04 Warning "独居老人未填写情形",
    P05 Warning "未指定关爱联系人",
    P06 Warning "台账内重复",
    P07 Warning "对象在多个村（社区）台账中",
    P08 Warning "独居老人情形无法识别",
    P09 Warning "年龄与对象类别不符",
    K01 Error "关爱频次未达标",
    K02 Error "考核期内无任何关爱记录",
    K03 Error "未登记退出而消失",
    K04 Error "连续多月未达标",
    K05 Error "名册中有、台账中没有",
    K06 Warning "台账类别不在对应名册中",
}

/// A village and the township it belongs to: what villages are counted by, what a
/// 区划名单 lists, what an ID number's several places are.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub(crate) struct Place {
    pub(crate) township: String,
    pub(crate) village: String,
}

impl Place {
    pub(crate) fn new(township: impl Into<String>, village: impl Into<String>) -> Place {
        Place { township: township.into(), village: village.into() }
    }
}

/// Where an issue points: the file, sheet, Excel row and column the user can find.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Location {
    pub(crate) file: String,
    pub(crate) sheet: String,
    /// The row number Excel shows (1-based); None for file-, village- or person-level issues.
    pub(crate) row: Option<u32>,
    /// Zero-based column index and its header text.
    pub(crate) column: Option<(u32, String)>,
}

impl Location {
    /// "F（身份证号码）": the column's letter and its header, as 问题清单 shows it.
    pub(crate) fn column_label(&self) -> String {
        match &self.column {
            // A header typed over two lines (身份证\n号码) is one name here.
            Some((index, header)) => {
                format!("{}（{}）", column_letter(*index), header.split_whitespace().collect::<String>())
            }
            None => String::new(),
        }
    }
}

/// One finding. Messages are written once, in Chinese: what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    pub(crate) code: Code,
    pub(crate) location: Location,
    /// Where the issue belongs (a township with no village for a file-level issue; empty
    /// when no township could be found).
    pub(crate) place: Place,
    /// The person the issue is about (volunteer or recipient), else empty.
    pub(crate) name: String,
    /// The original cell text, as the user typed it.
    pub(crate) value: String,
    pub(crate) message: said::Text,
    pub(crate) suggestion: said::Text,
    /// A reader library's own words about a file it could not open: JSON only.
    pub(crate) detail: Option<Box<str>>,
}

impl Issue {
    /// An issue at `location` saying what `said` says (its wording lives in `said`).
    pub(crate) fn new(code: Code, location: Location, said: said::Said) -> Issue {
        Issue {
            code,
            location,
            place: Place::default(),
            name: String::new(),
            value: String::new(),
            message: said.message,
            suggestion: said.fix,
            detail: (!said.detail.is_empty()).then(|| said.detail.into_boxed_str()),
        }
    }

    pub(crate) fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub(crate) fn with_value(mut self, value: impl AsRef<str>) -> Issue {
        self.value = value.as_ref().to_string();
        self
    }

    pub(crate) fn with_place(mut self, township: &str, village: &str) -> Issue {
        self.place = Place::new(township, village);
        self
    }

    pub(crate) fn with_place_of(mut self, place: &Place) -> Issue {
        self.place = place.clone();
        self
    }

    pub(crate) fn with_name(mut self, name: &str) -> Issue {
        self.name = name.to_string();
        self
    }

    /// The column's letter alone (JSON's `column`).
    fn column_letter(&self) -> Option<String> {
        self.location.column.as_ref().map(|(c, _)| column_letter(*c))
    }

    /// The sort key of SPEC §8: township, village, name, then source file and row.
    pub(crate) fn sort_key(&self) -> impl Ord + '_ {
        (&self.place.township, &self.place.village, &self.name, &self.location, self.code, &self.value, &self.message)
    }
}

/// SPEC §6's JSON form of an issue: its location flattened, the column as its letter,
/// what is wrong (`message`) and how to fix it (`fix`) apart.
impl Serialize for Issue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Issue", 13)?;
        s.serialize_field("severity", &self.severity())?;
        s.serialize_field("code", self.code.as_str())?;
        s.serialize_field("file", &self.location.file)?;
        s.serialize_field("sheet", &self.location.sheet)?;
        s.serialize_field("row", &self.location.row)?;
        s.serialize_field("column", &self.column_letter())?;
        s.serialize_field("township", &self.place.township)?;
        s.serialize_field("village", &self.place.village)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("value", &self.value)?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("fix", &self.suggestion)?;
        match &self.detail {
            Some(detail) => s.serialize_field("detail", detail)?,
            None => s.skip_field("detail")?,
        }
        s.end()
    }
}

/// Excel's column letters for a zero-based index: 0 → A, 26 → AA.
pub(crate) fn column_letter(index: u32) -> String {
    rust_xlsxwriter::utility::column_number_to_name(u16::try_from(index).unwrap_or(u16::MAX))
}

/// How a data row ended: every row is accepted, rejected or skipped (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Accepted,
    /// At least one error-level issue.
    Rejected,
    /// A later copy of a row already counted (V09, R08, P06): skipped.
    Duplicate,
}

impl Outcome {
    pub(crate) fn from_issues(issues: &[Issue]) -> Outcome {
        if issues.iter().any(|i| i.severity() == Severity::Error) {
            Outcome::Rejected
        } else {
            Outcome::Accepted
        }
    }
}

/// The kinds of sheet SPEC §2 recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SheetKind {
    Volunteers,
    Visits,
    Roster,
    Divisions,
    Exclusions,
    Register,
    Unknown,
}

impl SheetKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            SheetKind::Volunteers => "社工名单（附件1）",
            SheetKind::Visits => "关爱服务记录（附件2）",
            SheetKind::Roster => "关爱对象台账",
            SheetKind::Divisions => "区划名单",
            SheetKind::Exclusions => "排除名单",
            SheetKind::Register => "名册（民政系统导出）",
            SheetKind::Unknown => "未识别",
        }
    }
}

/// An entry of an exclusions list (两委成员/本土人才/五职干部).
#[derive(Debug, Clone)]
pub(crate) struct Excluded {
    pub(crate) name: String,
    pub(crate) id_number: Option<String>,
    pub(crate) village: String,
    pub(crate) category: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_typed_over_two_lines_is_one_name_in_列() {
        let at = |header: &str| Location { column: Some((5, header.to_string())), ..Location::default() };
        assert_eq!(at("身份证\n号码").column_label(), "F（身份证号码）");
        assert_eq!(at("身份证号码").column_label(), "F（身份证号码）");
    }

    #[test]
    fn column_letters() {
        for (i, want) in
            [(0, "A"), (5, "F"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")]
        {
            assert_eq!(column_letter(i), want);
        }
    }

    #[test]
    fn numbers_without_point_zero() {
        assert_eq!(format_number(13812345678.0), "13812345678");
        assert_eq!(format_number(1.5), "1.5");
    }
}
