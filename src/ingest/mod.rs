//! From paths on disk to classified sheets with located, typed rows.
//!
//! `files` finds the inputs, `workbook`/`csv` turn bytes into cells, `layout` finds
//! the header and what each column means, `records` turns rows into typed records.
//! `load_file` runs all of it for one file and never fails: every fault becomes an
//! issue on the file or sheet.

pub(crate) mod archive;
pub(crate) mod blob;
pub(crate) mod csv;
pub(crate) mod docx;
pub(crate) mod encryption;
pub mod files;
pub(crate) mod footprint;
pub(crate) mod layout;
pub(crate) mod legend;
pub(crate) mod macros;
pub(crate) mod meta;
pub(crate) mod raw;
pub(crate) mod records;
pub(crate) mod workbook;

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::config::Compiled;
use crate::model::checked::FileStatus;
use crate::model::rows::{PlaceHints, SheetCtx};
use crate::model::said::{self, Said};
use crate::model::{Code, Issue, Location, SheetKind};
use files::{InMemory, InputFile, Inputs, Origin, Verdict};
use records::{EarlyCounts, ReadCtx, Records};

#[derive(Debug)]
pub(crate) struct LoadedSheet {
    pub(crate) name: String,
    pub(crate) kind: SheetKind,
    pub(crate) counts: EarlyCounts,
    pub(crate) records: Records,
    /// A short Chinese note for 文件清单 (why a sheet was not read, for instance).
    pub(crate) note: String,
}

#[derive(Debug)]
pub struct LoadedFile {
    pub(crate) display: String,
    pub(crate) status: FileStatus,
    pub(crate) code: Option<Code>,
    pub(crate) note: String,
    pub(crate) sheets: Vec<LoadedSheet>,
    pub(crate) issues: Vec<Issue>,
    pub(crate) digest: Option<[u8; 32]>,
}

impl LoadedFile {
    fn new(file: &InputFile, status: FileStatus) -> LoadedFile {
        LoadedFile {
            display: file.display.clone(),
            status,
            code: None,
            note: String::new(),
            sheets: Vec::new(),
            issues: Vec::new(),
            digest: None,
        }
    }

    fn file_issue(&mut self, code: Code, said: Said) {
        let location = Location { file: self.display.clone(), ..Location::default() };
        self.code = Some(code);
        self.note = said.message.to_string();
        self.issues.push(Issue::new(code, location, said));
    }

    /// Turns this file into the F04 copy of `original`: its reading is thrown away.
    pub(crate) fn mark_duplicate_of(&mut self, original: &str) {
        self.sheets.clear();
        self.issues.clear();
        self.status = FileStatus::Ignored;
        self.file_issue(Code::F04, said::f04_copy_of(original));
    }
}

/// The files under the paths or handed over in memory, archives replaced by their members,
/// in the run's order.
pub(crate) fn find(
    inputs: &Inputs,
    exclude: &[std::path::PathBuf],
    config: &Compiled,
) -> anyhow::Result<Vec<InputFile>> {
    let found = match inputs {
        Inputs::Paths(paths) => files::discover(paths, exclude)?,
        Inputs::Memory(files) => files::in_memory(files),
    };
    Ok(archive::expand(found, config.max_file_memory_mb << 20))
}

/// Reads, classifies and types one file. `index` orders its sheets in the run.
pub(crate) fn load_file(index: usize, file: &InputFile, config: &Compiled) -> LoadedFile {
    match &file.verdict {
        Verdict::Ignored { reason } => {
            let mut out = LoadedFile::new(file, FileStatus::Ignored);
            out.note = reason.clone();
            return out;
        }
        Verdict::Unsupported(said) => {
            let mut out = LoadedFile::new(file, FileStatus::Ignored);
            out.file_issue(Code::F01, said.clone());
            return out;
        }
        Verdict::Refused(code, said) => return refused(file, *code, said.clone()),
        // Archives were replaced by their members when the files were found.
        Verdict::Archive => return refused(file, Code::F02, said::f02_archive_broken()),
        Verdict::Spreadsheet | Verdict::Csv => {}
    }
    let bytes: std::borrow::Cow<'_, [u8]> = match &file.origin {
        Origin::Disk(path) => match std::fs::read(path) {
            Ok(b) => b.into(),
            Err(e) => return refused(file, Code::F02, said::f02_unreadable(&e)),
        },
        Origin::Memory(bytes) => bytes.as_ref().into(),
        Origin::Member(member) => match archive::unpack(member, config.max_file_memory_mb << 20) {
            Ok(b) => b.into(),
            Err((code, said)) => return refused(file, code, said),
        },
    };
    let source = Source { display: &file.display, stem: file.stem(), folders: &file.folders };
    let mut out = load_bytes(index, &source, &bytes, file.verdict == Verdict::Csv, config);
    // Two copies of last month's summary are both ours (F07), not one a copy (F04).
    if out.code != Some(Code::F07) {
        out.digest = Some(Sha256::digest(&bytes).into());
    }
    out
}

/// Files given in memory as (relative path, bytes), archives among them expanded, each
/// read as `load_file` reads one from disk (one thread: what the page and the fuzz target use).
pub fn load_memory(inputs: Vec<(String, Vec<u8>)>, config: &Compiled) -> Vec<LoadedFile> {
    let inputs: Vec<InMemory> =
        inputs.into_iter().map(|(path, bytes)| InMemory { root: String::new(), path, bytes: bytes.into() }).collect();
    let files = archive::expand(files::in_memory(&inputs), config.max_file_memory_mb << 20);
    files.iter().enumerate().map(|(i, f)| load_file(i, f, config)).collect()
}

fn refused(file: &InputFile, code: Code, said: Said) -> LoadedFile {
    let mut out = LoadedFile::new(file, FileStatus::Rejected);
    out.file_issue(code, said);
    out
}

/// A file's names as the run knows them: shown path, name without extension, folders.
pub struct Source<'a> {
    pub display: &'a str,
    pub stem: &'a str,
    pub folders: &'a [String],
}

/// Reads, classifies and types a file's bytes: the whole of ingestion without the disk,
/// which is what the fuzz target drives. Never fails and never panics.
pub fn load_bytes(index: usize, source: &Source<'_>, bytes: &[u8], is_csv: bool, config: &Compiled) -> LoadedFile {
    let mut out = LoadedFile {
        display: source.display.to_string(),
        status: FileStatus::Ok,
        code: None,
        note: String::new(),
        sheets: Vec::new(),
        issues: Vec::new(),
        digest: None,
    };
    let what = if source.display.to_lowercase().ends_with(".docx") { "Word 文档" } else { "工作簿" };
    if let Some((code, said)) = too_big(bytes, is_csv, what, config) {
        out.status = FileStatus::Rejected;
        out.file_issue(code, said);
        return out;
    }
    let own = if is_csv { None } else { crate::own::recognise(bytes) };
    if let Some(kind) = own.filter(|k| *k != crate::own::Kind::Template) {
        out.status = FileStatus::Ignored;
        out.file_issue(Code::F07, said::f07_own_workbook(kind.label()));
        return out;
    }
    let raw_sheets = match workbook::read_sheets(bytes, is_csv, source.stem, config) {
        Ok(s) => s,
        Err(raw::OpenError(said)) => {
            out.status = FileStatus::Rejected;
            out.file_issue(Code::F02, said);
            return out;
        }
    };
    let layouts = layouts_of(&raw_sheets, config);
    for (sheet_index, (raw, layout)) in raw_sheets.into_iter().zip(layouts).enumerate() {
        let sheet = load_sheet(&mut out, (index, sheet_index), source, raw, layout, config);
        out.sheets.push(sheet);
    }
    // A template comes back filled in, its marks kept: set aside only while still blank.
    if own == Some(crate::own::Kind::Template)
        && out.sheets.iter().all(|s| s.records.is_empty() && s.counts.read == s.counts.skipped)
    {
        out.sheets.clear();
        out.issues.clear();
        out.status = FileStatus::Ignored;
        out.file_issue(Code::F07, said::f07_own_workbook(crate::own::Kind::Template.label()));
        return out;
    }
    reject_if_nothing_read(&mut out);
    out
}

/// Why a file is refused before it is read: empty or under a password (F02), a part too
/// large to unpack (F05), bytes no format opens (F02), or cells that would take more memory
/// than allowed (F05). `what` names the file in the password message.
fn too_big(bytes: &[u8], is_csv: bool, what: &str, config: &Compiled) -> Option<(Code, Said)> {
    if bytes.is_empty() {
        return Some((Code::F02, said::f02_empty()));
    }
    if !is_csv && encryption::is_encrypted(bytes) {
        return Some((Code::F02, said::f02_password(what)));
    }
    if let Some((part, size)) = workbook::oversized_part(bytes) {
        return Some((Code::F05, said::f05_part_too_large(&part, size >> 20, raw::MAX_PART_BYTES >> 20)));
    }
    match workbook::footprint(bytes, is_csv) {
        Err(raw::OpenError(said)) => Some((Code::F02, said)),
        Ok(Some(f)) if f.bytes > config.max_file_memory_mb << 20 => {
            Some((Code::F05, said::f05_memory(&f.sheet, &f.far_cell(), f.bytes >> 20, config.max_file_memory_mb)))
        }
        Ok(_) => None,
    }
}

/// A file none of whose sheets was recognised is rejected: F05 when sheets were over the
/// limits, F03 otherwise.
fn reject_if_nothing_read(out: &mut LoadedFile) {
    let any_read = out.sheets.iter().any(|s| s.kind != SheetKind::Unknown);
    let any_over = out.issues.iter().any(|i| i.code == Code::F05);
    if !any_read && any_over {
        out.status = FileStatus::Rejected;
        out.code = Some(Code::F05);
    } else if !any_read {
        out.status = FileStatus::Rejected;
        let names = out.sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join("、");
        out.file_issue(Code::F03, said::f03_no_sheet(&names));
    }
}

/// What each sheet of a workbook is, and the codes its dictionary sheets explain: a sheet
/// of no data kind whose header has 代码 and 名称 columns (SPEC §3 "Codes"). Each sheet's
/// own legend comes first, the workbook's dictionary fills in the rest.
fn layouts_of(sheets: &[raw::RawSheet], config: &Compiled) -> Vec<Sheet> {
    let mut dictionary = legend::Legend::default();
    let mut out: Vec<Sheet> = sheets
        .iter()
        .map(|raw| {
            if raw.over_limit || raw.not_cells.is_some() {
                return Sheet::Data(None);
            }
            match layout::detect(raw, &config.headers) {
                // A hidden list of townships and villages is a template's dropdown source, not
                // the bureau's 区划名单 (which would make every village on it expected).
                Some(l) if raw.hidden && l.kind == SheetKind::Divisions => Sheet::Data(None),
                Some(l) => Sheet::Data(Some(l)),
                None => match legend::of_dictionary(&raw.rows, &raw.name, &config.headers) {
                    Some(d) => {
                        dictionary = std::mem::take(&mut dictionary).merged(&d);
                        Sheet::Dictionary
                    }
                    None => Sheet::Data(None),
                },
            }
        })
        .collect();
    if !dictionary.is_empty() {
        for sheet in out.iter_mut() {
            if let Sheet::Data(Some(layout)) = sheet {
                layout.legend = std::mem::take(&mut layout.legend).merged(&dictionary);
            }
        }
    }
    out
}

/// A sheet as first looked at: data of a kind (or none found), or a code dictionary.
enum Sheet {
    Data(Option<layout::Layout>),
    Dictionary,
}

fn load_sheet(
    file: &mut LoadedFile,
    id: (usize, usize),
    source: &Source<'_>,
    raw: raw::RawSheet,
    found: Sheet,
    config: &Compiled,
) -> LoadedSheet {
    let mut sheet = LoadedSheet {
        name: raw.name.clone(),
        kind: SheetKind::Unknown,
        counts: EarlyCounts::default(),
        records: Records::NotChecked,
        note: String::new(),
    };
    let location = Location { file: file.display.clone(), sheet: raw.name.clone(), ..Location::default() };
    if raw.over_limit {
        sheet.note = format!("超过 {} 行上限，未读取", config.max_rows_per_sheet);
        file.issues.push(Issue::new(Code::F05, location, said::f05_too_many_rows(config.max_rows_per_sheet)));
        return sheet;
    }
    if let Some(what) = raw.not_cells {
        sheet.note = format!("{what}，不含数据，未读取");
        return sheet;
    }
    let layout = match found {
        Sheet::Data(Some(layout)) => layout,
        other => {
            sheet.note = not_data_note(&raw, matches!(other, Sheet::Dictionary));
            return sheet;
        }
    };
    if raw.hidden {
        sheet.note = "隐藏的工作表，已一并读取".into();
    }
    sheet.kind = layout.kind;
    if !layout.missing_required().is_empty() {
        refuse_missing_columns(file, &mut sheet, &raw, &layout, location);
        return sheet;
    }
    let ctx = ReadCtx { config, sheet: sheet_ctx(id, &file.display, source, &raw.name, &layout) };
    let read = records::read_sheet(&raw, &layout, &ctx);
    sheet.counts = read.counts;
    sheet.records = read.records;
    file.issues.extend(read.issues);
    sheet
}

/// What every row of a sheet shares: where it is, its columns, the names around it.
fn sheet_ctx(
    id: (usize, usize),
    file: &str,
    source: &Source<'_>,
    name: &str,
    layout: &layout::Layout,
) -> Arc<SheetCtx> {
    let hints = PlaceHints {
        unit: layout.meta.unit.clone(),
        sheet: name.to_string(),
        file: source.stem.to_string(),
        folders: source.folders.to_vec(),
    };
    Arc::new(SheetCtx { id, file: file.to_string(), sheet: name.to_string(), columns: layout.columns.clone(), hints })
}

/// Why a sheet without a recognisable header was not read, as 文件清单 says it: a code
/// dictionary, empty, an instruction sheet (填写说明), a hidden helper sheet (a template's dropdown lists), or
/// no header found.
fn not_data_note(raw: &raw::RawSheet, dictionary: bool) -> String {
    const INSTRUCTIONS: &[&str] = &["说明", "须知", "注意事项", "填表", "填报要求", "指南", "示例", "样表", "readme"];
    let name = crate::normalize::text::header_key(&raw.name).to_lowercase();
    if dictionary {
        "代码字典（说明各代码的含义），已用于解读本文件中的代码，本身不含报送数据".into()
    } else if raw.rows.is_empty() {
        "空工作表".into()
    } else if INSTRUCTIONS.iter().any(|w| name.contains(w)) {
        "填写说明，不含报送数据，未读取".into()
    } else if raw.hidden {
        "隐藏的辅助工作表（如下拉列表的选项），不含报送数据，未读取".into()
    } else {
        "未找到可识别的表头，未读取".into()
    }
}

/// A sheet without a required column is not checked (H01): its data rows are counted as
/// rejected, the blank ones as skipped.
fn refuse_missing_columns(
    file: &mut LoadedFile,
    sheet: &mut LoadedSheet,
    raw: &raw::RawSheet,
    layout: &layout::Layout,
    location: Location,
) {
    let header_number = raw.rows[layout.header_index].number;
    let data = &raw.rows[layout.header_index + 1..];
    let read = data.last().map_or(0, |r| r.number - header_number);
    sheet.counts = EarlyCounts { read, rejected: data.len() as u32, skipped: read - data.len() as u32 };
    let missing = layout.missing_required();
    let names = missing.iter().map(|f| format!("“{}”", f.label())).collect::<Vec<_>>().join("、");
    sheet.note = format!("缺少必填列 {names}，整张表未核查");
    let said = said::h01_missing_columns(layout.kind.label(), &names, header_number);
    file.issues.push(Issue::new(Code::H01, Location { row: Some(header_number), ..location }, said));
}
