//! What can go wrong with the history file, said in Chinese with what to do (SPEC §11
//! "Faults lose nothing"). SQLite's own English text never reaches the clerk.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Another program's database, or not a database at all.
    NotHistory(PathBuf),
    /// A guanai history whose pages are damaged (truncated, overwritten).
    Damaged(PathBuf),
    /// Written by a newer guanai: its schema version.
    Newer(PathBuf, i64),
    /// Another guanai held it longer than the wait.
    Busy(PathBuf),
    /// The file or its folder cannot be written.
    ReadOnly(PathBuf),
    DiskFull(PathBuf),
    IsFolder(PathBuf),
    /// Anything else: what happened, in Chinese.
    Io(PathBuf, String),
}

impl Fault {
    /// SQLite's error on `path` as a fault.
    pub(crate) fn of(path: &Path, e: rusqlite::Error) -> Fault {
        let path = path.to_path_buf();
        let Some(code) = e.sqlite_error_code() else {
            return Fault::Io(path, "读写历史记录时出错".into());
        };
        match code {
            ErrorCode::NotADatabase => Fault::NotHistory(path),
            ErrorCode::DatabaseCorrupt => Fault::Damaged(path),
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Fault::Busy(path),
            ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen => Fault::ReadOnly(path),
            ErrorCode::DiskFull => Fault::DiskFull(path),
            ErrorCode::SystemIoFailure => Fault::Io(path, "读写磁盘失败（磁盘可能已满或已被拔出）".into()),
            _ => Fault::Io(
                path,
                format!("读写历史记录时出错（SQLite 错误代码 {}）", e.sqlite_error().map_or(0, |e| e.extended_code)),
            ),
        }
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = |path: &Path| crate::say::path(path);
        let kept = "原文件未被改动";
        match self {
            Fault::NotHistory(path) => write!(
                f,
                "历史文件{}不是 guanai 的历史记录（可能是其他程序的文件），{kept}。请用 --history 指定另一个文件名，或把该文件移走后重新运行",
                p(path)
            ),
            Fault::Damaged(path) => write!(
                f,
                "历史文件{}已损坏，{kept}。请用备份替换它；没有备份时，可将它改名留存后重新运行，guanai 会新建历史文件（以前各月需重新核查才有记录）",
                p(path)
            ),
            Fault::Newer(path, version) => write!(
                f,
                "历史文件{}由更新版本的 guanai 写入（格式版本 {version}，本程序只能读到版本 {}），{kept}。请使用新版 guanai",
                p(path),
                super::schema::VERSION
            ),
            Fault::Busy(path) => write!(
                f,
                "历史文件{}正被另一个 guanai 使用，等待 {} 秒后仍未释放，{kept}。请等另一个核查结束后重新运行",
                p(path),
                super::BUSY_WAIT.as_secs()
            ),
            Fault::ReadOnly(path) => write!(
                f,
                "历史文件{}无法写入（没有权限，或所在文件夹只读），{kept}。请检查文件和文件夹的权限，或用 --history 指定可写的位置",
                p(path)
            ),
            Fault::DiskFull(path) => {
                write!(f, "磁盘已满，历史文件{}未能写入，{kept}。请清理磁盘空间后重新运行", p(path))
            }
            Fault::IsFolder(path) => write!(f, "历史文件{}是一个文件夹，请写一个文件的名字", p(path)),
            Fault::Io(path, what) => write!(f, "历史文件{}{what}，{kept}。请检查磁盘后重新运行", p(path)),
        }
    }
}
