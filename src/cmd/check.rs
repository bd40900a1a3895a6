//! `guanai check`: files → sheets → typed rows → row checks → cross-row checks →
//! report → writers. Per-file faults become issues; only bad arguments, an unreadable
//! config or an unwritable output end the run early.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::check::{villages, volunteers};
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::ingest::records::Records;
use crate::ingest::{self, files, LoadedFile};
use crate::model::{Excluded, Issue};
use crate::period::Period;
use crate::report::{self, FileEntry, Report, SheetEntry};

/// What the run found, for the exit-code decision.
pub struct Finished {
    pub errors: usize,
}

pub fn run(args: &CheckArgs) -> Result<Finished> {
    let config = Config::load(args.config.as_deref())?;
    let now = chrono::Local::now().naive_local();
    let period = Period::from_args(
        args.month.as_deref(),
        args.from.as_deref(),
        args.to.as_deref(),
        now.date(),
    )?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("关爱帮扶汇总_{}.xlsx", period.file_label())));
    check_writable(&output)?;

    let exclude: Vec<PathBuf> = std::iter::once(output.clone())
        .chain(args.json.clone())
        .collect();
    let inputs = files::discover(&args.paths, &exclude)?;
    let mut loaded: Vec<LoadedFile> = inputs
        .par_iter()
        .enumerate()
        .map(|(i, f)| ingest::load_file(i, f, &config))
        .collect();
    mark_duplicates(&mut loaded);

    let report = assemble(loaded, &config, period, now);
    report::workbook::write(&report, &output)?;
    let mut outputs: Vec<(&str, &Path)> = vec![("汇总表", output.as_path())];
    if let Some(json) = &args.json {
        report::json::write(&report, json)?;
        outputs.push(("JSON 摘要", json.as_path()));
    }
    println!("{}", report::terminal::summary(&report, &outputs));
    Ok(Finished {
        errors: report.totals.errors,
    })
}

/// Fails early, before reading anything, when the output cannot be written.
fn check_writable(output: &Path) -> Result<()> {
    let dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let meta = std::fs::metadata(&dir)
        .with_context(|| format!("输出文件夹 {} 不存在，请先建立该文件夹", dir.display()))?;
    if meta.permissions().readonly() {
        anyhow::bail!("输出文件夹 {} 不可写入，请换一个位置保存", dir.display());
    }
    Ok(())
}

/// F04: a byte-identical copy later in path order is ignored.
fn mark_duplicates(files: &mut [LoadedFile]) {
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

fn assemble(
    loaded: Vec<LoadedFile>,
    config: &Config,
    period: Period,
    now: chrono::NaiveDateTime,
) -> Report {
    let mut issues: Vec<Issue> = Vec::new();
    let mut records = Vec::new();
    let mut exclusions: Vec<Excluded> = Vec::new();
    let mut divisions = Vec::new();
    let mut files = Vec::new();
    for mut file in loaded {
        issues.append(&mut file.issues);
        let mut entry = FileEntry {
            path: file.display.clone(),
            status: file.status,
            code: file.code,
            note: file.note.clone(),
            sheets: Vec::new(),
        };
        for sheet in file.sheets {
            let c = sheet.counts;
            let mut accepted = 0;
            match sheet.records {
                Records::Volunteers(rows) => records.extend(rows),
                Records::Exclusions(rows) => {
                    accepted = rows.len() as u32;
                    exclusions.extend(rows);
                }
                Records::Divisions(rows) => {
                    accepted = rows.len() as u32;
                    divisions.extend(rows);
                }
                Records::NotChecked => {}
            }
            entry.sheets.push(SheetEntry {
                name: sheet.name,
                kind: sheet.kind,
                read: c.read,
                accepted,
                rejected: c.rejected,
                skipped: c.skipped,
                note: sheet.note,
            });
        }
        files.push(entry);
    }
    divisions.sort();
    divisions.dedup();

    let reference = period.reference();
    let mut checked: Vec<volunteers::Checked> = records
        .into_par_iter()
        .map(|r| volunteers::check_row(r, config, reference))
        .collect();
    volunteers::cross_check(&mut checked, &exclusions);
    count_outcomes(&mut files, &checked);
    let (village_counts, village_issues) =
        villages::count(&checked, &divisions, config.min_volunteers_per_village);
    issues.extend(village_issues);
    issues.extend(checked.iter().flat_map(|c| c.issues.iter().cloned()));
    issues.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    checked.sort_by(|a, b| {
        (
            &a.record.township,
            &a.record.village,
            &a.record.data.name,
            &a.record.ctx.file,
            a.record.ctx.id.1,
            a.record.row,
        )
            .cmp(&(
                &b.record.township,
                &b.record.village,
                &b.record.data.name,
                &b.record.ctx.file,
                b.record.ctx.id.1,
                b.record.row,
            ))
    });

    let mut report = Report {
        district: config.district.clone(),
        period,
        run_at: now,
        minimum: config.min_volunteers_per_village,
        files,
        villages: village_counts,
        volunteers: checked,
        issues,
        totals: Default::default(),
    };
    report::compute_totals(&mut report);
    report
}

/// Adds each checked volunteer row to its sheet's accepted / rejected / skipped count.
fn count_outcomes(files: &mut [FileEntry], checked: &[volunteers::Checked]) {
    for c in checked {
        let (file, sheet) = c.record.ctx.id;
        let Some(entry) = files.get_mut(file).and_then(|f| f.sheets.get_mut(sheet)) else {
            continue;
        };
        match c.outcome {
            volunteers::Outcome::Accepted => entry.accepted += 1,
            volunteers::Outcome::Rejected => entry.rejected += 1,
            volunteers::Outcome::Duplicate => entry.skipped += 1,
        }
    }
}
