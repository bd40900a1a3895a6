//! What every output written from a finished report shares: the `Writer` each one is (the
//! JSON summary, the feedback workbooks; a new output is one more implementation, nothing
//! else changes), and an `OutputFailure`, an output that could not be written, as the
//! terminal and the exit status say it.

use std::path::{Path, PathBuf};

use super::Report;

/// An output written from the finished report, while the consolidated workbook (written
/// as the report is finished, `outputs::write`) is saved.
pub(crate) trait Writer: Sync {
    /// How the terminal's summary names it once written: its label and where it is.
    fn shown(&self) -> (&'static str, &Path);

    /// Writes its files: whether any was written, and each one that could not be, why.
    fn write(&self, report: &Report) -> (bool, Vec<OutputFailure>);
}

/// An output that could not be written: what it is (汇总表, JSON 摘要, 反馈文件 …), where,
/// and why, in Chinese.
#[derive(Debug, Clone)]
pub(crate) struct OutputFailure {
    pub(crate) what: &'static str,
    pub(crate) path: PathBuf,
    pub(crate) error: String,
}

impl OutputFailure {
    pub(crate) fn new(what: &'static str, path: &Path, error: &anyhow::Error) -> OutputFailure {
        OutputFailure { what, path: path.to_path_buf(), error: crate::say::error_chain(error) }
    }
}

/// "汇总表“D:\\汇总.xlsx”：…"
impl std::fmt::Display for OutputFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}：{}", self.what, crate::say::path(&self.path), self.error)
    }
}
