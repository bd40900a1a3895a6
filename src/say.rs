//! How guanai speaks of paths and of the operating system's errors (SPEC §6 "Argument,
//! config and file errors are Chinese sentences"): a path always quoted, an OS error
//! always translated (不存在、没有权限、磁盘已满、正被其他程序占用), never `os error 2`.

use std::io::ErrorKind;
use std::path::Path;

/// A path as messages show it: “D:\收件箱\井口街道.xlsx”.
pub(crate) fn path(p: &Path) -> String {
    format!("“{}”", p.display())
}

/// What an OS error means, in Chinese, with what to do.
pub(crate) fn os_error(e: &std::io::Error) -> String {
    match os_parts(e) {
        (problem, "") => problem,
        (problem, advice) => format!("{problem}，{advice}"),
    }
}

/// What an OS error means, in Chinese, without advice: for a message whose fix is said
/// apart (an F02 row of 问题清单).
pub(crate) fn os_problem(e: &std::io::Error) -> String {
    os_parts(e).0
}

fn os_parts(e: &std::io::Error) -> (String, &'static str) {
    // Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION; disk full on Windows and Unix.
    let raw = e.raw_os_error();
    if cfg!(windows) && matches!(raw, Some(32 | 33)) {
        return ("正被其他程序（如 Excel、WPS）占用".into(), "请关闭该文件后重试");
    }
    if matches!(raw, Some(112 | 39)) && cfg!(windows) || (!cfg!(windows) && raw == Some(28)) {
        return ("磁盘已满".into(), "请清理磁盘空间后重试");
    }
    let (problem, advice) = match e.kind() {
        ErrorKind::NotFound => ("不存在", "请检查路径是否写对"),
        ErrorKind::PermissionDenied => {
            ("没有权限（文件可能正在 Excel、WPS 中打开，或文件夹只读）", "请关闭文件或换一个位置后重试")
        }
        ErrorKind::AlreadyExists => ("已存在", ""),
        ErrorKind::IsADirectory => ("是一个文件夹，不是文件", ""),
        ErrorKind::NotADirectory => ("路径中有一段不是文件夹", ""),
        ErrorKind::StorageFull => ("磁盘已满", "请清理磁盘空间后重试"),
        ErrorKind::ReadOnlyFilesystem => ("所在磁盘只读", "请换一个位置"),
        ErrorKind::InvalidFilename => ("文件名不合规（过长或含有不允许的字符）", ""),
        ErrorKind::DirectoryNotEmpty => ("文件夹不是空的", ""),
        ErrorKind::Interrupted | ErrorKind::TimedOut => ("操作被中断", "请重试"),
        ErrorKind::OutOfMemory => ("内存不足", ""),
        ErrorKind::UnexpectedEof => ("文件不完整", ""),
        _ => {
            let problem = raw.map_or_else(|| "系统报告错误".into(), |code| format!("系统报告错误（代码 {code}）"));
            return (problem, "");
        }
    };
    (problem.into(), advice)
}

/// The OS error at the root of `e`, if any (also inside rust_xlsxwriter's and tempfile's errors).
fn io_of<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        return Some(io);
    }
    if let Some(rust_xlsxwriter::XlsxError::IoError(io)) = e.downcast_ref::<rust_xlsxwriter::XlsxError>() {
        return Some(io);
    }
    if let Some(p) = e.downcast_ref::<tempfile::PathPersistError>() {
        return Some(&p.error);
    }
    e.downcast_ref::<tempfile::PersistError>().map(|p| &p.error)
}

/// An error and its causes as one Chinese sentence: our own contexts as written, an OS
/// error translated, a cause that says nothing new dropped.
pub fn error_chain(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let part = match io_of(cause) {
            Some(io) => os_error(io),
            None => cause.to_string(),
        };
        if !part.is_empty() && !parts.iter().any(|p| p.contains(&part)) {
            parts.push(part);
        }
    }
    parts.join("：")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_are_chinese_and_never_os_error_n() {
        for kind in [ErrorKind::NotFound, ErrorKind::PermissionDenied, ErrorKind::IsADirectory, ErrorKind::Other] {
            let said = os_error(&std::io::Error::from(kind));
            assert!(!said.is_ascii() && !said.contains("os error"), "{kind:?}: {said}");
        }
        let missing = std::fs::read("/这个路径不存在/x.xlsx").unwrap_err();
        let e = anyhow::Error::from(missing).context("无法读取配置文件“x.toml”");
        assert_eq!(error_chain(&e), "无法读取配置文件“x.toml”：不存在，请检查路径是否写对");
        if !cfg!(windows) {
            assert!(os_error(&std::io::Error::from_raw_os_error(28)).contains("磁盘已满"));
            // What a read of a file without permission gives (os error 13).
            let denied = std::io::Error::from_raw_os_error(13);
            assert_eq!(os_problem(&denied), "没有权限（文件可能正在 Excel、WPS 中打开，或文件夹只读）");
        }
    }
}
