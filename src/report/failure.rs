//! An output that could not be written, as the terminal and the exit status say it.

use std::path::{Path, PathBuf};

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
