//! Archives as they arrive by e-mail (SPEC §2): a .zip's members become inputs of their
//! own, shown as `井口街道1月材料.zip/南溪村/社工名单.xlsx`, with the archive's name and its
//! folders among their folders for §2.1. Nothing is unpacked to disk: the archive is read
//! where it lies (positioned reads, so the workers share it without holding it), and each
//! member is unpacked in memory when its turn to be read comes, bounded by the budget
//! before anything is allocated. Archives inside archives are read to depth 3.
//!
//! Member names without the zip's UTF-8 flag are what Windows' 发送到→压缩文件夹 and most
//! Chinese zip tools write: the Windows code page, GBK. A name that is not valid UTF-8 is
//! read as GB18030 (GBK's superset), never as the CP437 the zip format once meant.

use std::io::Read;
use std::sync::Arc;

use super::blob::{Blob, Member};
use super::files::{verdict_for, InputFile, Origin, Verdict};
use crate::model::said::{self, Said};
use crate::model::Code;

/// How deep archives inside archives are read.
pub(crate) const MAX_DEPTH: usize = 3;

/// Replaces every archive among `files` by its members, to depth 3. An archive that cannot
/// be opened, is wholly under a password or holds nothing stays, refused or noted.
/// The result is in the run's order (`files::arrange`).
pub(crate) fn expand(files: Vec<InputFile>, budget: u64) -> Vec<InputFile> {
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        expand_one(file, budget, 1, &mut out);
    }
    super::files::arrange(out)
}

fn expand_one(file: InputFile, budget: u64, depth: usize, out: &mut Vec<InputFile>) {
    if file.verdict != Verdict::Archive {
        out.push(file);
        return;
    }
    if depth > MAX_DEPTH {
        out.push(InputFile { verdict: Verdict::Unsupported(said::f01_nested_too_deep(MAX_DEPTH)), ..file });
        return;
    }
    let archive = match open(&file.origin) {
        Ok(archive) => archive,
        Err(said) => {
            out.push(InputFile { verdict: Verdict::Refused(Code::F02, said), ..file });
            return;
        }
    };
    let entries = entries(&archive);
    if entries.is_empty() {
        out.push(InputFile {
            verdict: Verdict::Ignored { reason: "压缩包中没有文件，已忽略".into() }, ..file
        });
    } else if entries.iter().all(|e| e.encrypted) {
        out.push(InputFile { verdict: Verdict::Refused(Code::F02, said::f02_password("压缩包")), ..file });
    } else {
        for entry in entries {
            let member = member_of(&file, &archive, entry, budget);
            expand_nested(member, budget, depth, out);
        }
    }
}

/// A member that is itself an archive is unpacked now (its members must be listed) and
/// expanded one level deeper; any other member is listed as it is.
fn expand_nested(member: InputFile, budget: u64, depth: usize, out: &mut Vec<InputFile>) {
    let Origin::Member(inner) = &member.origin else {
        out.push(member);
        return;
    };
    if member.verdict != Verdict::Archive || depth >= MAX_DEPTH {
        expand_one(member, budget, depth + 1, out);
        return;
    }
    match unpack(inner, budget) {
        Ok(bytes) => expand_one(InputFile { origin: Origin::Memory(bytes.into()), ..member }, budget, depth + 1, out),
        Err((code, said)) => out.push(InputFile { verdict: Verdict::Refused(code, said), ..member }),
    }
}

/// One file of an archive as the archive's directory lists it.
struct Entry {
    index: usize,
    name: String,
    encrypted: bool,
    size: u64,
}

/// The files of an archive (folders and macOS resource forks left out), in order.
fn entries(archive: &zip::ZipArchive<Blob>) -> Vec<Entry> {
    let mut archive = archive.clone();
    (0..archive.len())
        .filter_map(|index| {
            let file = archive.by_index_raw(index).ok()?;
            let name = member_name(file.name_raw());
            let skip = file.is_dir() || name.ends_with('/') || name.starts_with("__MACOSX/") || name.is_empty();
            (!skip).then(|| Entry { index, name, encrypted: file.encrypted(), size: file.size() })
        })
        .collect()
}

/// A member's name as written, in UTF-8 when it is, else in the Chinese Windows code page;
/// with '/' separators and no leading '/' or './'.
pub(crate) fn member_name(raw: &[u8]) -> String {
    let name = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(raw).0.into_owned(),
    };
    let name = name.replace('\\', "/");
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    let mut joined = parts.join("/");
    if name.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    joined
}

fn member_of(archive_file: &InputFile, archive: &zip::ZipArchive<Blob>, entry: Entry, budget: u64) -> InputFile {
    let mut parts: Vec<&str> = entry.name.split('/').collect();
    let name = parts.pop().unwrap_or_default().to_string();
    let mut folders: Vec<String> = parts.iter().rev().map(|p| p.to_string()).collect();
    folders.push(archive_file.stem().to_string());
    folders.extend(archive_file.folders.iter().cloned());
    let verdict = if entry.encrypted {
        Verdict::Refused(Code::F02, said::f02_password("压缩包中的这个文件"))
    } else if entry.size > budget {
        Verdict::Refused(Code::F05, said::f05_member_too_large(entry.size >> 20, budget >> 20))
    } else {
        verdict_for(&name)
    };
    InputFile {
        display: format!("{}/{}", archive_file.display, entry.name),
        origin: Origin::Member(Member { archive: archive.clone(), index: entry.index }),
        folders,
        verdict,
    }
}

fn open(origin: &Origin) -> Result<zip::ZipArchive<Blob>, Said> {
    let blob = match origin {
        Origin::Disk(path) => Blob::file(path).map_err(|e| said::f02_unreadable(&e))?,
        Origin::Memory(bytes) => Blob::memory(Arc::clone(bytes)),
        // Nested archives are unpacked into memory before they are opened.
        Origin::Member(_) => return Err(said::f02_member_broken()),
    };
    zip::ZipArchive::new(blob).map_err(|e| said::f02_archive_broken().with_detail(e))
}

/// Unpacks a member in memory: never more than `budget` bytes, whatever its header
/// declares (a zip bomb stops at the budget and is F05); a damaged or truncated member, or
/// a compression method the reader lacks, is F02.
pub(crate) fn unpack(member: &Member, budget: u64) -> Result<Vec<u8>, (Code, Said)> {
    let mut archive = member.archive.clone();
    let broken = |e: &dyn std::fmt::Display| (Code::F02, said::f02_member_broken().with_detail(e));
    let file = archive.by_index(member.index).map_err(|e| broken(&e))?;
    let mut data = Vec::with_capacity(file.size().min(budget).min(64 << 20) as usize);
    file.take(budget + 1).read_to_end(&mut data).map_err(|e| broken(&e))?;
    if data.len() as u64 > budget {
        return Err((Code::F05, said::f05_member_too_large(data.len() as u64 >> 20, budget >> 20)));
    }
    Ok(data)
}

#[cfg(test)]
#[path = "archive_tests.rs"]
mod tests;
