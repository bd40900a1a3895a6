//! Finds the input files under the paths the clerk gave and reads their bytes.
//!
//! Files are never written. What cannot be a submission (lock files, hidden files,
//! WPS or Word documents) is listed with a reason instead of being read.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::model::said::{self, Said};

/// What a run reads: paths on disk (the command line) or files in memory (the page).
#[derive(Debug, Clone)]
pub enum Inputs {
    /// Files and folders, folders read recursively.
    Paths(Vec<PathBuf>),
    /// Files handed over as bytes, each under the folder it was dropped with.
    Memory(Vec<InMemory>),
}

impl Inputs {
    /// The paths given, none for files in memory (what the terminal names when nothing was found).
    pub(crate) fn paths(&self) -> &[PathBuf] {
        match self {
            Inputs::Paths(paths) => paths,
            Inputs::Memory(_) => &[],
        }
    }
}

/// A file handed over in memory, as a folder or a file dropped onto the page arrives.
#[derive(Debug, Clone)]
pub struct InMemory {
    /// The dropped folder's name (its own folders above it, if known, joined by '/'); empty
    /// for a file dropped alone. Like a folder named on the command line, it is not part of
    /// the shown path, but its name is read for the township and village as any folder is.
    pub root: String,
    /// The path inside the dropped folder, with '/' or '\\' separators (井口街道/南溪村.xlsx).
    pub path: String,
    pub bytes: std::sync::Arc<[u8]>,
}

/// One file found under an input path, or a member of an archive found there.
#[derive(Debug, Clone)]
pub(crate) struct InputFile {
    /// Path relative to the PATH argument it came from, with '/' separators; a member's
    /// path goes through its archive (井口街道1月材料.zip/南溪村/社工名单.xlsx).
    pub(crate) display: String,
    pub(crate) origin: Origin,
    /// The folders around the file, the innermost first: on disk as far up as the path
    /// names them; for a member its folders in the archive, the archive's name, then the
    /// archive's own folders (SPEC §2.1 reads them all alike).
    pub(crate) folders: Vec<String>,
    pub(crate) verdict: Verdict,
}

impl InputFile {
    /// The file's name without its extension (南溪村 for …/南溪村.xlsx).
    pub(crate) fn stem(&self) -> &str {
        let name = self.display.rsplit('/').next().unwrap_or(&self.display);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }
}

/// Where a file's bytes are.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    Disk(PathBuf),
    /// Given in memory (the browser page) or unpacked from an archive inside an archive.
    Memory(std::sync::Arc<[u8]>),
    /// A member of an archive, unpacked when it is read.
    Member(super::blob::Member),
}

/// What discovery decided about a file before reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Spreadsheet,
    Csv,
    /// A .zip: its members become inputs of their own (`archive::expand`).
    Archive,
    /// Listed but never read; the reason is shown in 文件清单.
    Ignored {
        reason: String,
    },
    /// Not a format guanai reads (F01): what it is and what to do.
    Unsupported(Said),
    /// Known unreadable before reading: a member under a password (F02) or one that would
    /// unpack past the memory budget (F05).
    Refused(crate::model::Code, Said),
}

/// Walks every PATH (file or folder, recursively) and returns the files in a stable
/// order. Paths in `exclude` (the run's own outputs, files or folders) are left out.
/// Archives are listed as they are (`archive::expand` replaces them by their members).
pub(crate) fn discover(paths: &[PathBuf], exclude: &[PathBuf]) -> Result<Vec<InputFile>> {
    let exclude: Vec<PathBuf> = exclude.iter().filter_map(|p| absolute(p).ok()).collect();
    let mut files = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root).with_context(|| format!("输入路径{}无法打开", crate::say::path(root)))?;
        if meta.is_dir() {
            walk(root, root, &mut files)?;
        } else if meta.is_file() {
            let display = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.push(on_disk(display, root.clone()));
        } else {
            bail!("输入路径{}既不是文件也不是文件夹", crate::say::path(root));
        }
    }
    files.retain(|f| match &f.origin {
        Origin::Disk(path) => absolute(path).map_or(true, |abs| !exclude.iter().any(|e| abs.starts_with(e))),
        _ => true,
    });
    Ok(files)
}

/// Files handed over in memory (the page), archives as they are. As on disk, the path is
/// shown from inside the dropped folder, the folder's own name is one of the folders read,
/// and hidden folders (.git and the like) are not submissions.
pub(crate) fn in_memory(inputs: &[InMemory]) -> Vec<InputFile> {
    inputs
        .iter()
        .filter_map(|input| {
            let display = input.path.replace('\\', "/").trim_start_matches('/').to_string();
            let mut parts: Vec<&str> = display.split('/').collect();
            let name = parts.pop().unwrap_or_default().to_string();
            if parts.iter().any(|p| p.starts_with('.')) {
                return None;
            }
            let root = input.root.replace('\\', "/");
            let above = root.split('/').filter(|p| !p.is_empty());
            let folders = above.chain(parts).rev().map(str::to_string).collect();
            let origin = Origin::Memory(std::sync::Arc::clone(&input.bytes));
            Some(InputFile { display, origin, folders, verdict: verdict_for(&name) })
        })
        .collect()
}

/// The run's stable order: by shown path (then, for two inputs of one name, by disk path).
pub(crate) fn arrange(mut files: Vec<InputFile>) -> Vec<InputFile> {
    let disk = |f: &InputFile| match &f.origin {
        Origin::Disk(p) => Some(p.clone()),
        _ => None,
    };
    files.sort_by(|a, b| a.display.cmp(&b.display).then_with(|| disk(a).cmp(&disk(b))));
    files
}

fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    std::path::absolute(path)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<InputFile>) -> Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("无法读取文件夹{}", crate::say::path(dir)))?;
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            // Hidden folders (.git and the like) are not submissions.
            if !name.starts_with('.') {
                walk(root, &path, out)?;
            }
        } else if kind.is_file() {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let display = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.push(on_disk(display, path));
        }
    }
    Ok(())
}

fn on_disk(display: String, path: PathBuf) -> InputFile {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let verdict = verdict_for(&name);
    let folders = folders_of(&path);
    InputFile { display, origin: Origin::Disk(path), folders, verdict }
}

/// The folders of a path, the innermost first, as far up as the path names them.
fn folders_of(path: &Path) -> Vec<String> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .parent()
        .into_iter()
        .flat_map(|p| p.components().rev())
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// Decides from the file name alone; the content decides the format later.
pub(crate) fn verdict_for(name: &str) -> Verdict {
    if name.starts_with("~$") {
        return Verdict::Ignored { reason: "Office/WPS 打开文件时生成的临时锁定文件，已忽略".into() };
    }
    if name.starts_with('.') {
        return Verdict::Ignored { reason: "隐藏文件，已忽略".into() };
    }
    let ext = Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match ext.as_str() {
        // A .docx's tables are read as sheets (SPEC §2); the content decides, as for workbooks.
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "docx" | "docm" => Verdict::Spreadsheet,
        "csv" => Verdict::Csv,
        "zip" => Verdict::Archive,
        "7z" | "rar" | "tar" | "gz" | "tgz" | "bz2" | "xz" => Verdict::Unsupported(said::f01_archive(&ext)),
        "et" | "ett" | "dps" => Verdict::Unsupported(said::f01_wps(&ext)),
        "doc" | "dot" | "wps" | "wpt" | "rtf" => Verdict::Unsupported(said::f01_word(&ext)),
        "" => Verdict::Unsupported(said::f01_no_extension()),
        _ => Verdict::Unsupported(said::f01_other(&ext)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert_eq!(verdict_for("a.XLSX"), Verdict::Spreadsheet);
        assert_eq!(verdict_for("a.csv"), Verdict::Csv);
        assert!(matches!(verdict_for("~$a.xlsx"), Verdict::Ignored { .. }));
        assert!(matches!(verdict_for(".DS_Store"), Verdict::Ignored { .. }));
        match verdict_for("名单.et") {
            Verdict::Unsupported(said) => assert!(said.fix.contains("另存为 .xlsx")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(verdict_for("a.pdf"), Verdict::Unsupported(_)));
    }
}
