//! The typed rows that flow past ingestion: each row of a classified sheet as a
//! `Record` of its kind's fields, placed in its township and village and located in its
//! file, sheet and Excel row. Ingestion makes them; the checks judge them; the writers
//! show them.

use std::sync::Arc;

use super::said::Said;
use super::{Cell, Code, Issue, Location};
use crate::normalize::text;

/// A field a sheet's column may hold; its header aliases are data (`[header_aliases]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Field {
    Seq,
    Township,
    Village,
    Name,
    Gender,
    IdNumber,
    BirthDate,
    Age,
    Phone,
    Address,
    Employer,
    Role,
    Remark,
    Date,
    Method,
    Content,
    Category,
    Recipient,
    Worker,
    Categories,
    ElderlySituation,
    ContactPerson,
    ContactPhone,
    VillagePhone,
    EnrolledOn,
    LeftOn,
    ExclusionCategory,
    /// A household export's 户主姓名 / 户主身份证号: the row is a household, matched by its head.
    HeadName,
    HeadId,
    /// A register's certificate number (低保证号, 特困证号, 残疾证号): its header may name the category.
    Certificate,
    /// 供养方式 (分散供养/集中供养): a 特困 register's column, never a care method.
    SupportMode,
    /// 家庭人口, 保障人口: a household register's size.
    Members,
    /// 保障金额, 最初享受月, 救助标准: what the civil-affairs system pays.
    Entitlement,
    /// 残疾类别, 残疾等级: a disability register's columns, never a care category.
    Disability,
    /// 监护人: an orphan register's guardian, never the person's name.
    Guardian,
    /// 保障状态, 人员状态: a register row 停保, 注销 or 死亡 is no longer entitled.
    Status,
}

/// A column as found: its zero-based index and the header text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub(crate) index: u32,
    pub(crate) header: String,
}

/// The sheet a record came from, shared by all its rows.
#[derive(Debug, Default)]
pub(crate) struct SheetCtx {
    /// (file index, sheet index) in the run's order.
    pub(crate) id: (usize, usize),
    pub(crate) file: String,
    pub(crate) sheet: String,
    pub(crate) columns: std::collections::BTreeMap<Field, Column>,
    /// Where a row's place may be read when its cells and the metadata line do not say.
    pub(crate) hints: PlaceHints,
}

/// The names around a sheet that may name its township or village (SPEC §2.1).
#[derive(Debug, Clone, Default)]
pub(crate) struct PlaceHints {
    /// The metadata line's 填报单位 ("沙坪坝区井口街道南溪村").
    pub(crate) unit: Option<String>,
    pub(crate) sheet: String,
    /// The file name without its extension.
    pub(crate) file: String,
    /// The folders of the file's path, the innermost first.
    pub(crate) folders: Vec<String>,
}

impl SheetCtx {
    pub(crate) fn at(&self, row: u32, field: Option<Field>) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row: Some(row),
            column: field.and_then(|f| self.columns.get(&f)).map(|c| (c.index, c.header.clone())),
        }
    }
}

/// One data row with its place resolved.
#[derive(Debug, Clone)]
pub(crate) struct Record<T> {
    pub(crate) ctx: Arc<SheetCtx>,
    pub(crate) row: u32,
    pub(crate) township: Sym,
    pub(crate) village: Sym,
    pub(crate) data: T,
}

/// A text shared by every row that holds it: a district's logs repeat the same
/// townships, villages, methods, workers and names hundreds of thousands of times.
pub(crate) type Sym = Arc<str>;

/// Hands out one shared copy of each distinct text of a sheet.
#[derive(Default)]
pub(crate) struct Interner(rustc_hash::FxHashSet<Sym>);

impl Interner {
    pub(crate) fn sym(&mut self, s: &str) -> Sym {
        if let Some(shared) = self.0.get(s) {
            return Arc::clone(shared);
        }
        let shared: Sym = Arc::from(s);
        self.0.insert(Arc::clone(&shared));
        shared
    }
}

impl<T> Record<T> {
    /// The output order of SPEC §8: township, village, name, then source file, sheet and
    /// row — never equal for two rows.
    pub(crate) fn output_key<'a>(&'a self, name: &'a str) -> (&'a str, &'a str, &'a str, &'a str, usize, u32) {
        (&self.township, &self.village, name, &self.ctx.file, self.ctx.id.1, self.row)
    }

    /// An issue about this row, placed at `field`'s cell and naming `person`.
    pub(crate) fn issue(&self, code: Code, field: Option<Field>, person: &str, value: &str, said: Said) -> Issue {
        Issue::new(code, self.at(field), said)
            .with_value(value)
            .with_place(&self.township, &self.village)
            .with_name(person)
    }

    pub(crate) fn new((ctx, row, township, village): (Arc<SheetCtx>, u32, Sym, Sym), data: T) -> Record<T> {
        Record { ctx, row, township, village, data }
    }

    pub(crate) fn at(&self, field: Option<Field>) -> Location {
        self.ctx.at(self.row, field)
    }
}

/// An ID cell as typed: text keeps every digit, a number may have lost some.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum IdCell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
}

impl IdCell {
    pub(crate) fn display(&self) -> String {
        match self {
            IdCell::Empty => String::new(),
            IdCell::Text(s) => s.clone(),
            IdCell::Number(n) => format!("{n:.0}"),
        }
    }
}

/// A 出生年月 cell: as written (shown in an issue), and what was read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BirthDate {
    pub(crate) shown: String,
    /// None when no year and month could be read.
    pub(crate) read: Option<YearMonth>,
}

/// A year and month, and the day when one is written (出生年月 1980.05 or 1980-05-17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct YearMonth {
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: Option<u32>,
}

impl BirthDate {
    /// Reads a cell: a date cell as its date, text as 1980.05, 1980年5月, 19800517 …
    pub(crate) fn of(cell: &Cell) -> BirthDate {
        use chrono::Datelike;
        let read = match cell {
            Cell::Date(d) => Some((d.year(), d.month(), Some(d.day()))),
            other => crate::normalize::date::parse_year_month(&other.display()),
        };
        BirthDate { shown: cell.display(), read: read.map(|(year, month, day)| YearMonth { year, month, day }) }
    }
}

/// A volunteer row's fields, folded but not yet judged.
#[derive(Debug, Clone, Default)]
pub(crate) struct VolunteerFields {
    pub(crate) name: String,
    pub(crate) name_raw: String,
    pub(crate) gender: String,
    pub(crate) id: Option<IdCell>,
    pub(crate) birth_date: Option<BirthDate>,
    pub(crate) phone: String,
    pub(crate) address: String,
    pub(crate) employer: String,
    pub(crate) role: String,
    pub(crate) remark: String,
}

/// A date cell as typed; turned into a date by the checks, which know the period.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum DateCell {
    #[default]
    Empty,
    Date(chrono::NaiveDate),
    /// A plain number: an Excel serial (with its workbook's epoch) or 20230104.
    Number(f64, bool),
    Text(String),
}

impl DateCell {
    pub(crate) fn from_cell(cell: &Cell, is_1904: bool) -> DateCell {
        match cell {
            Cell::Date(d) => DateCell::Date(d.date()),
            Cell::Number(n) => DateCell::Number(*n, is_1904),
            c if c.is_empty() => DateCell::Empty,
            c => DateCell::Text(text::fold(&c.display())),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        *self == DateCell::Empty
    }
}

/// A care-visit row (附件2).
#[derive(Debug, Clone, Default)]
pub(crate) struct VisitFields {
    pub(crate) date: DateCell,
    pub(crate) date_raw: Sym,
    /// Year and month of the sheet's metadata line, for dates written without a year.
    pub(crate) year_month: Option<(i32, u32)>,
    pub(crate) method_raw: Sym,
    pub(crate) content: Sym,
    pub(crate) category_raw: Sym,
    pub(crate) recipient: Sym,
    pub(crate) recipient_raw: Sym,
    pub(crate) worker: Sym,
    pub(crate) remark: Sym,
}

/// A register row (名册, SPEC §12): a person the civil-affairs system says must be cared for.
#[derive(Debug, Clone, Default)]
pub(crate) struct RegisterFields {
    pub(crate) name: String,
    pub(crate) name_raw: String,
    pub(crate) id: IdCell,
    /// The row's category cell, else the category the sheet's title or columns name.
    pub(crate) categories_raw: String,
    /// The row is a household (户主姓名, 户主身份证号): matched by its head.
    pub(crate) household: bool,
    /// The 保障状态 cell as written (停保, 注销, 死亡 … end the entitlement).
    pub(crate) status: String,
}

/// A recipient-ledger row (关爱帮扶对象信息台账).
#[derive(Debug, Clone, Default)]
pub(crate) struct RosterFields {
    pub(crate) name: String,
    pub(crate) name_raw: String,
    pub(crate) id: IdCell,
    pub(crate) categories_raw: String,
    pub(crate) situations_raw: String,
    pub(crate) contact_person: String,
    pub(crate) contact_phone: String,
    pub(crate) village_phone: String,
    pub(crate) enrolled: DateCell,
    pub(crate) left: DateCell,
    pub(crate) service_content: String,
}
