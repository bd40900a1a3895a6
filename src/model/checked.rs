//! The rows as the checks leave them, and the per-village and per-file figures: what
//! the report holds and the writers show. The checks fill them in; nothing here judges.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::rows::{Record, RosterFields, VisitFields, VolunteerFields};
use super::{Code, Issue, Outcome, Place};
use crate::normalize::idcard::IdNumber;
use crate::normalize::kinds::{Categories, Method, Set, Situations};

/// A volunteer row with everything found about it.
#[derive(Debug, Clone)]
pub struct VolunteerChecked {
    pub record: Record<VolunteerFields>,
    /// The valid ID number (upper-case, with its birth date and gender), when the row has one.
    pub id: Option<IdNumber>,
    /// Full years on the period's reference day, by the ID number.
    pub age: Option<i32>,
    pub issues: Vec<Issue>,
    pub outcome: Outcome,
}

impl VolunteerChecked {
    /// The valid ID number's text.
    pub fn id_text(&self) -> Option<&str> {
        self.id.as_ref().map(|id| id.value.as_str())
    }

    pub fn has_code(&self, code: Code) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }
}

#[derive(Debug, Clone)]
pub struct VisitChecked {
    pub record: Record<VisitFields>,
    pub date: Option<NaiveDate>,
    /// The methods the cell names: one, or both (电话+入户); empty when unknown (R05).
    pub methods: Set<Method>,
    pub categories: Categories,
    /// Situations the category cell carries (独居老人（失能）): used for a recipient no
    /// ledger lists.
    pub situations: Situations,
    /// Inside the assessed period (R03 rows are kept but not assessed).
    pub assessed: bool,
    pub issues: Vec<Issue>,
    pub outcome: Outcome,
}

/// The checked visit rows in file order, every outcome kept (the recipients are built
/// from them in that order), and the accepted ones' output order for 关爱记录. Shared,
/// so 关爱记录 can be written while the rest of the report is still being assessed.
#[derive(Debug, Clone, Default)]
pub struct Visits {
    rows: Arc<Vec<VisitChecked>>,
    order: Arc<Vec<u32>>,
}

impl Visits {
    /// `order`: the accepted rows' indices in output order.
    pub fn new(rows: Vec<VisitChecked>, order: Vec<u32>) -> Visits {
        Visits { rows: Arc::new(rows), order: Arc::new(order) }
    }

    /// Every checked row, in (file, sheet, row) order.
    pub fn all(&self) -> &[VisitChecked] {
        &self.rows
    }

    /// The accepted rows, in output order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &VisitChecked> + Clone + '_ {
        self.order.iter().map(|&i| &self.rows[i as usize])
    }

    /// How many rows were accepted.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct RosterChecked {
    pub record: Record<RosterFields>,
    pub categories: Categories,
    pub situations: Situations,
    pub id: Option<String>,
    /// 纳入日期 and 退出日期 as dates, when they could be read.
    pub enrolled: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    pub issues: Vec<Issue>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct VillageCount {
    #[serde(flatten)]
    pub place: Place,
    pub submitted: u32,
    pub valid: u32,
    pub excluded: u32,
    pub ineligible: u32,
    pub duplicates: u32,
    pub shortfall: u32,
    pub meets_minimum: bool,
}

/// What became of a file, as 文件清单 and the JSON show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    Ok,
    Rejected,
    Ignored,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Ok => "ok",
            FileStatus::Rejected => "rejected",
            FileStatus::Ignored => "ignored",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Ok => "已读取",
            FileStatus::Rejected => "未能读取",
            FileStatus::Ignored => "已忽略",
        }
    }
}
