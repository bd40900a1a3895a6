//! Finds the input files under the paths the clerk gave and reads their bytes.
//!
//! Files are never written. What cannot be a submission (lock files, hidden files,
//! WPS or Word documents) is listed with a reason instead of being read.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::model::said::{self, Said};

/// One file found under an input path.
#[derive(Debug, Clone)]
pub(crate) struct InputFile {
    /// Path relative to the PATH argument it came from, with '/' separators.
    pub(crate) display: String,
    pub(crate) path: PathBuf,
    pub(crate) verdict: Verdict,
}

/// What discovery decided about a file before reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Spreadsheet,
    Csv,
    /// Listed but never read; the reason is shown in 文件清单.
    Ignored {
        reason: String,
    },
    /// An unsupported type (F01).
    /// Not a format guanai reads (F01): what it is and what to do.
    Unsupported(Said),
}

/// Walks every PATH (file or folder, recursively) and returns the files in a stable
/// order. Paths in `exclude` (the run's own outputs, files or folders) are left out.
pub(crate) fn discover(paths: &[PathBuf], exclude: &[PathBuf]) -> Result<Vec<InputFile>> {
    let exclude: Vec<PathBuf> = exclude.iter().filter_map(|p| absolute(p).ok()).collect();
    let mut files = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root).with_context(|| format!("输入路径{}无法打开", crate::say::path(root)))?;
        if meta.is_dir() {
            walk(root, root, &mut files)?;
        } else if meta.is_file() {
            let display = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.push(make(display, root.clone()));
        } else {
            bail!("输入路径{}既不是文件也不是文件夹", crate::say::path(root));
        }
    }
    files.retain(|f| absolute(&f.path).map_or(true, |abs| !exclude.iter().any(|e| abs.starts_with(e))));
    files.sort_by(|a, b| a.display.cmp(&b.display).then_with(|| a.path.cmp(&b.path)));
    Ok(files)
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
            out.push(make(display, path));
        }
    }
    Ok(())
}

fn make(display: String, path: PathBuf) -> InputFile {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let verdict = verdict_for(&name);
    InputFile { display, path, verdict }
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
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Verdict::Spreadsheet,
        "csv" => Verdict::Csv,
        "et" | "ett" | "wps" | "wpt" | "dps" => Verdict::Unsupported(said::f01_wps(&ext)),
        "doc" | "docx" => Verdict::Unsupported(said::f01_word(&ext)),
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
