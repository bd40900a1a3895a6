//! The history file (SPEC §11): an embedded SQLite database that keeps, per recorded
//! period, what the next months are compared with — totals, townships, villages, each
//! recipient's identity and verdict, each volunteer — never a copy of the inputs.
//!
//! Nothing here may lose the file: a file that is not ours, is damaged or comes from a
//! newer guanai is never written, moved or deleted; a period is recorded in one
//! transaction, so a failure (disk full, killed) leaves exactly the periods there were.

mod fault;
mod load;
mod record;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub(crate) use fault::Fault;

/// The history file of the inbox and drop modes, beside 收件箱 / 汇总结果.
pub(crate) const FILE_NAME: &str = "关爱历史.sqlite";

/// How long to wait for another guanai that holds the file.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// One recorded period, as `guanai history` lists it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) period: crate::period::Period,
    pub(crate) recorded_at: String,
    pub(crate) files: i64,
    pub(crate) recipients: i64,
    pub(crate) compliant: i64,
    pub(crate) noncompliant: i64,
}

/// An open history file, or the place a new one will be created when the first period is
/// recorded (a run that records nothing leaves no file behind).
pub(crate) struct History {
    path: PathBuf,
    conn: Option<Connection>,
}

impl History {
    /// Opens the history at `path`, checked to be a guanai history this version can read
    /// (an older one is upgraded in place); a file that is not there yet is not created.
    pub(crate) fn open(path: &Path) -> Result<History, Fault> {
        if path.is_dir() {
            return Err(Fault::IsFolder(path.to_path_buf()));
        }
        if !path.exists() {
            return Ok(History { path: path.to_path_buf(), conn: None });
        }
        let conn = connect(path)?;
        schema::ready(&conn, path)?;
        Ok(History { path: path.to_path_buf(), conn: Some(conn) })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, the file created (owner-only on Unix) and its schema made when
    /// there was none yet.
    fn writable(&mut self) -> Result<&Connection, Fault> {
        if self.conn.is_none() {
            create_private(&self.path)?;
            let conn = connect(&self.path)?;
            schema::ready(&conn, &self.path)?;
            self.conn = Some(conn);
        }
        self.conn.as_ref().ok_or_else(|| Fault::Io(self.path.clone(), "无法打开".into()))
    }

    /// Every recorded period, oldest first.
    pub(crate) fn entries(&self) -> Result<Vec<Entry>, Fault> {
        match &self.conn {
            Some(conn) => load::entries(conn).map_err(|e| Fault::of(&self.path, e)),
            None => Ok(Vec::new()),
        }
    }

    /// Removes the recorded `period` (`--forget 2023-01`); false when none is recorded.
    pub(crate) fn forget(&mut self, period: crate::period::Period) -> Result<bool, Fault> {
        let path = self.path.clone();
        match &mut self.conn {
            Some(conn) => record::forget(conn, period).map_err(|e| Fault::of(&path, e)),
            None => Ok(false),
        }
    }
}

/// Opens an existing file read-write, waiting up to `BUSY_WAIT` for another guanai.
fn connect(path: &Path) -> Result<Connection, Fault> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| Fault::of(path, e))?;
    conn.busy_timeout(BUSY_WAIT).map_err(|e| Fault::of(path, e))?;
    Ok(conn)
}

/// Creates the new, empty history file: readable by its owner only on Unix (it holds ID
/// numbers); never over an existing file.
fn create_private(path: &Path) -> Result<(), Fault> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(Fault::ReadOnly(path.to_path_buf())),
        Err(e) => Err(Fault::Io(path.to_path_buf(), format!("无法创建：{}", crate::say::os_problem(&e)))),
    }
}

#[cfg(test)]
mod tests;
