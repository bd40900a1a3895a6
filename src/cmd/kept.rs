//! The history file as `check` keeps it (SPEC §11): opened once the period is known, the
//! recorded periods before it read for the comparison, and — after the outputs are
//! written, when the period has ended — the period recorded. A fault is said once and the
//! run goes on without the history; the file is never touched again after one.

use std::path::PathBuf;

use crate::compare::Past;
use crate::history::{Fault, History};
use crate::period::Period;
use crate::report::Report;

pub(crate) struct Kept {
    file: Option<History>,
    period: Period,
    fault: Option<Fault>,
}

impl Kept {
    /// The history at `path` (none: a run without history).
    pub(crate) fn open(path: Option<PathBuf>, period: Period) -> Kept {
        match path.map(|p| History::open(&p)) {
            None => Kept { file: None, period, fault: None },
            Some(Ok(file)) => Kept { file: Some(file), period, fault: None },
            Some(Err(fault)) => Kept { file: None, period, fault: Some(fault) },
        }
    }

    /// The recorded periods before this one; nothing without a history or after a fault.
    pub(crate) fn past(&mut self) -> Past {
        let Some(file) = &self.file else { return Past::default() };
        match file.past(self.period) {
            Ok(past) => past,
            Err(fault) => {
                self.fail(fault);
                Past::default()
            }
        }
    }

    /// Records the report's period when it has ended; the line the terminal says about it.
    pub(crate) fn record(&mut self, report: &Report) -> Option<String> {
        let file = self.file.as_mut()?;
        let label = report.run.period.label();
        if report.run.as_of < report.run.period.to {
            return Some(format!("历史：{label}尚未结束（记录截至 {}），本次只读取历史，不记录", report.run.as_of));
        }
        let shown = crate::say::path(file.path());
        match file.record(report) {
            Ok(done) => Some(match done.replaced {
                Some(at) => format!("已更新 {label} 的历史记录（上次记录于 {at}）：{shown}"),
                None => format!("已把 {label} 记入历史：{shown}"),
            }),
            Err(fault) => {
                self.fail(fault);
                None
            }
        }
    }

    /// What went wrong with the history, if anything: the run exits 1 with it.
    pub(crate) fn fault(&self) -> Option<String> {
        self.fault.as_ref().map(|f| format!("{f}（本期的汇总表等其他输出不受影响）"))
    }

    fn fail(&mut self, fault: Fault) {
        self.file = None;
        self.fault = Some(fault);
    }
}
