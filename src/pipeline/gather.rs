//! From loaded files to the run's rows by kind, and the one row-accounting step: every
//! input data row ends accepted, rejected or skipped (SPEC §4), counted per sheet.

use crate::ingest::records::Records;
use crate::ingest::LoadedFile;
use crate::model::checked::VisitChecked;
use crate::model::rows::{Record, RegisterFields, RosterFields, VolunteerFields};
use crate::model::sheets::Sheets;
use crate::model::{Excluded, Issue, Outcome, Place};
use crate::report::{FileEntry, SheetEntry};

/// Everything the sheets yielded, in (file, sheet, row) order; the rows stay in their
/// sheets' lists (`Sheets`), never copied into one.
#[derive(Default)]
pub(crate) struct Gathered {
    pub(crate) issues: Vec<Issue>,
    pub(crate) files: Vec<FileEntry>,
    pub(crate) volunteers: Sheets<Record<VolunteerFields>>,
    pub(crate) visits: Sheets<VisitChecked>,
    pub(crate) roster: Sheets<Record<RosterFields>>,
    pub(crate) register: Sheets<Record<RegisterFields>>,
    pub(crate) exclusions: Vec<Excluded>,
    pub(crate) divisions: Vec<Place>,
    /// (file, sheet) of each exclusions or divisions list and how many rows it kept.
    pub(crate) kept: Vec<((usize, usize), u32)>,
}

/// F04: a byte-identical copy later in path order is ignored.
pub(crate) fn mark_duplicates(files: &mut [LoadedFile]) {
    let mut first: std::collections::HashMap<[u8; 32], String> = std::collections::HashMap::new();
    for file in files.iter_mut() {
        let Some(digest) = file.digest else { continue };
        match first.get(&digest) {
            Some(original) => file.mark_duplicate_of(original),
            None => {
                first.insert(digest, file.display.clone());
            }
        }
    }
}

/// The sheets' rows by kind, and each sheet's entry with what ingestion already counted
/// (read, rows set aside while reading). `account` adds the verdicts of the checks.
pub(crate) fn gather(loaded: Vec<LoadedFile>) -> Gathered {
    let mut g = Gathered::default();
    for (f, mut file) in loaded.into_iter().enumerate() {
        g.issues.append(&mut file.issues);
        let mut entry = FileEntry {
            path: file.display.clone(),
            status: file.status,
            code: file.code,
            note: file.note.clone(),
            sheets: Vec::new(),
        };
        for (s, sheet) in file.sheets.into_iter().enumerate() {
            match sheet.records {
                Records::Volunteers(rows) => g.volunteers.push(rows),
                Records::Visits(rows) => g.visits.push(rows),
                Records::Roster(rows) => g.roster.push(rows),
                Records::Register(rows) => g.register.push(rows),
                // Not judged row by row: every row kept is accepted.
                Records::Exclusions(rows) => {
                    g.kept.push(((f, s), rows.len() as u32));
                    g.exclusions.extend(rows);
                }
                Records::Divisions(rows) => {
                    g.kept.push(((f, s), rows.len() as u32));
                    g.divisions.extend(rows);
                }
                Records::NotChecked => {}
            }
            let c = sheet.counts;
            entry.sheets.push(SheetEntry {
                name: sheet.name,
                kind: sheet.kind,
                read: c.read,
                accepted: 0,
                rejected: c.rejected,
                skipped: c.skipped,
                note: sheet.note,
            });
        }
        g.files.push(entry);
    }
    g.divisions.sort();
    g.divisions.dedup();
    g
}

/// The one row-accounting step: each checked row's outcome and each list's kept rows are
/// added to its sheet, after which read = accepted + rejected + skipped on every sheet.
pub(crate) fn account(
    files: &mut [FileEntry],
    kept: &[((usize, usize), u32)],
    outcomes: impl Iterator<Item = ((usize, usize), Outcome)>,
) {
    fn sheet(files: &mut [FileEntry], (file, sheet): (usize, usize)) -> Option<&mut SheetEntry> {
        files.get_mut(file).and_then(|f| f.sheets.get_mut(sheet))
    }
    for &(at, n) in kept {
        if let Some(entry) = sheet(files, at) {
            entry.accepted += n;
        }
    }
    for (at, outcome) in outcomes {
        let Some(entry) = sheet(files, at) else { continue };
        match outcome {
            Outcome::Accepted => entry.accepted += 1,
            Outcome::Rejected => entry.rejected += 1,
            Outcome::Duplicate => entry.skipped += 1,
        }
    }
    debug_assert!(
        files.iter().flat_map(|f| &f.sheets).all(|s| s.read == s.accepted + s.rejected + s.skipped),
        "rows unaccounted for"
    );
}
