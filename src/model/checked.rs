//! The rows as the checks leave them, and the per-village and per-file figures: what
//! the report holds and the writers show. The checks fill them in; nothing here judges.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::rows::{Record, RegisterFields, RosterFields, VisitFields, VolunteerFields};
use super::sheets::Sheets;
use super::{Code, Issue, Outcome, Place};
use crate::normalize::idcard::IdNumber;
use crate::normalize::kinds::{Categories, Method, Set, Situations};

/// A volunteer row with everything found about it.
#[derive(Debug, Clone)]
pub(crate) struct VolunteerChecked {
    pub(crate) record: Record<VolunteerFields>,
    /// The valid ID number (upper-case, with its birth date and gender), when the row has one.
    pub(crate) id: Option<IdNumber>,
    /// Full years on the period's reference day, by the ID number.
    pub(crate) age: Option<i32>,
    pub(crate) issues: Vec<Issue>,
    pub(crate) outcome: Outcome,
}

impl VolunteerChecked {
    /// The valid ID number's text.
    pub(crate) fn id_text(&self) -> Option<&str> {
        self.id.as_ref().map(|id| id.value.as_str())
    }

    pub(crate) fn has_code(&self, code: Code) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct VisitChecked {
    pub(crate) record: Record<VisitFields>,
    pub(crate) date: Option<NaiveDate>,
    /// The methods the cell names: one, or both (电话+入户); empty when unknown (R05).
    pub(crate) methods: Set<Method>,
    pub(crate) categories: Categories,
    /// Situations the category cell carries (独居老人（失能）): used for a recipient no
    /// ledger lists.
    pub(crate) situations: Situations,
    /// Inside the assessed period (R03 rows are kept but not assessed).
    pub(crate) assessed: bool,
    /// The row's issues are handed on as the checks find them (`check::visits`), not kept
    /// here: 24 bytes a row at a city's ten million rows.
    pub(crate) outcome: Outcome,
}

impl VisitChecked {
    /// A row as read, before its checks: nothing found yet. A visit row is read into its
    /// checked form and checked in place, so a city's ten million rows are never held twice.
    pub(crate) fn unchecked(record: Record<VisitFields>) -> VisitChecked {
        VisitChecked {
            record,
            date: None,
            methods: Set::default(),
            categories: Categories::default(),
            situations: Situations::default(),
            assessed: false,
            outcome: Outcome::Accepted,
        }
    }
}

/// The checked visit rows in file order, every outcome kept (the recipients are built
/// from them in that order), and the accepted ones' output order for 关爱记录. Shared,
/// so 关爱记录 can be written while the rest of the report is still being assessed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Visits {
    rows: Arc<Sheets<VisitChecked>>,
    order: Arc<Vec<u32>>,
}

impl Visits {
    /// `order`: the accepted rows' flat indices in output order.
    pub(crate) fn new(rows: Sheets<VisitChecked>, order: Vec<u32>) -> Visits {
        Visits { rows: Arc::new(rows), order: Arc::new(order) }
    }

    /// Every checked row, in (file, sheet, row) order.
    pub(crate) fn all(&self) -> &Sheets<VisitChecked> {
        &self.rows
    }

    /// The accepted rows, in output order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &VisitChecked> + Clone + '_ {
        self.order.iter().map(|&i| &self.rows[i])
    }

    /// The accepted rows at `at` in output order.
    pub(crate) fn slice(&self, at: std::ops::Range<usize>) -> impl Iterator<Item = &VisitChecked> + '_ {
        self.order[at].iter().map(|&i| &self.rows[i])
    }

    /// How many rows were accepted.
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct RosterChecked {
    pub(crate) record: Record<RosterFields>,
    pub(crate) categories: Categories,
    pub(crate) situations: Situations,
    pub(crate) id: Option<String>,
    /// 纳入日期 and 退出日期 as dates, when they could be read.
    pub(crate) enrolled: Option<NaiveDate>,
    pub(crate) left: Option<NaiveDate>,
    pub(crate) issues: Vec<Issue>,
    pub(crate) outcome: Outcome,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub(crate) struct VillageCount {
    #[serde(flatten)]
    pub(crate) place: Place,
    pub(crate) submitted: u32,
    pub(crate) valid: u32,
    pub(crate) excluded: u32,
    pub(crate) ineligible: u32,
    pub(crate) duplicates: u32,
    pub(crate) shortfall: u32,
    pub(crate) meets_minimum: bool,
}

/// A register row with everything found about it (SPEC §12).
#[derive(Debug, Clone)]
pub(crate) struct RegisterChecked {
    pub(crate) record: Record<RegisterFields>,
    pub(crate) categories: Categories,
    /// The valid ID number, when the row has one.
    pub(crate) id: Option<String>,
    pub(crate) issues: Vec<Issue>,
    pub(crate) outcome: Outcome,
}

/// One township's registers against its ledgers (总览's 名册人数, 名册中未纳入台账).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RegisterTally {
    pub(crate) township: String,
    /// Distinct people on the township's registers.
    pub(crate) people: usize,
    /// Of them, in no ledger of the run (K05); 0 when the township sent no ledger.
    pub(crate) not_in_ledger: usize,
    /// Whether the township sent any ledger: without one its registers are not compared.
    pub(crate) ledger: bool,
}

/// What became of a file, as 文件清单 and the JSON show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileStatus {
    Ok,
    Rejected,
    Ignored,
}

impl FileStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FileStatus::Ok => "ok",
            FileStatus::Rejected => "rejected",
            FileStatus::Ignored => "ignored",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            FileStatus::Ok => "已读取",
            FileStatus::Rejected => "未能读取",
            FileStatus::Ignored => "已忽略",
        }
    }
}
