//! `guanai check`: files → sheets → typed rows → row checks → cross-row checks →
//! assessment → report → writers. Per-file faults become issues; only bad arguments,
//! an unreadable config or an unwritable output end the run early.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;

use crate::check::recipients;
use crate::check::roster::{self, RosterChecked};
use crate::check::visits::{self, VisitChecked, Visits};
use crate::check::{dates, villages, volunteers};
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::ingest::records::{Record, Records, RosterFields, VisitFields, VolunteerFields};
use crate::ingest::{self, files, LoadedFile};
use crate::model::{Excluded, Issue, Outcome};
use crate::normalize::vocab::Vocab;
use crate::period::Period;
use crate::report::table::Styles;
use crate::report::workbook::{self, Book};
use crate::report::{self, FileEntry, Report, SheetEntry};

/// What the run found, for the exit-code decision, and the report itself: the caller
/// that is about to exit can leave its memory to the OS (`std::mem::forget`) instead of
/// freeing its ~300k rows one by one (~0.1 s at district scale).
pub struct Finished {
    pub errors: usize,
    pub report: Report,
}

pub fn run(args: &CheckArgs) -> Result<Finished> {
    let config = Config::load(args.config.as_deref())?;
    let now = chrono::Local::now().naive_local();
    let explicit = Period::explicit(args.month.as_deref(), args.from.as_deref(), args.to.as_deref())?;
    if let Some(output) = &args.output {
        check_writable(output)?;
    }

    let timer = Timer::new();
    let exclude: Vec<PathBuf> = args
        .output
        .iter()
        .chain(&args.json)
        .chain(&args.feedback_dir)
        .chain(&args.output_dir)
        .chain(&args.ignore)
        .cloned()
        .collect();
    let inputs = files::discover(&args.paths, &exclude)?;
    let progress = Progress::new(inputs.len(), args.quiet);
    let mut loaded: Vec<LoadedFile> = inputs
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let file = ingest::load_file(i, f, &config);
            progress.read_one();
            file
        })
        .collect();
    mark_duplicates(&mut loaded);
    timer.lap("读取");
    progress.phase("核查中");

    let rows = check_visits(loaded, &config, explicit, now);
    timer.lap("  关爱记录核查");
    progress.phase("写汇总表");
    let output = args.output.clone().unwrap_or_else(|| {
        let name = format!("关爱帮扶汇总_{}.xlsx", rows.period.file_label());
        args.output_dir.as_ref().map_or_else(|| PathBuf::from(&name), |dir| dir.join(&name))
    });
    if args.output.is_none() {
        check_writable(&output)?;
    }

    let (report, feedback) = write_outputs(rows, &config, now, args, &output, &timer)?;
    timer.lap("写汇总表和JSON");
    progress.finish();
    let mut outputs: Vec<(&str, &Path)> = vec![("汇总表", output.as_path())];
    if let Some(json) = &args.json {
        outputs.push(("JSON 摘要", json.as_path()));
    }
    if let (Some(dir), false) = (&args.feedback_dir, feedback.is_empty()) {
        outputs.push(("各镇（街道）问题反馈", dir.as_path()));
    }
    if !args.quiet {
        println!("{}", report::terminal::summary(&report, &outputs));
    }
    Ok(Finished { errors: report.totals.errors, report })
}

/// Assesses and writes the workbook, the JSON and the feedback workbooks. 关爱记录, the
/// largest sheet, is written on its own thread while the recipients are assessed and the
/// other sheets and the JSON are written; the feedback workbooks are written while the
/// workbook is saved (a single-threaded zip). The JSON is saved only once the workbook is
/// in place, so a failed run leaves neither.
fn write_outputs(
    rows: CheckedRows,
    config: &Config,
    now: NaiveDateTime,
    args: &CheckArgs,
    output: &Path,
    timer: &Timer,
) -> Result<(Report, Vec<PathBuf>)> {
    let styles = Styles::new();
    let mut book = Book::new();
    let visits = rows.visits.clone();
    let mut visit_sheets = book.visit_sheets(&visits)?;
    let (report, others, summary) = std::thread::scope(|scope| -> Result<_> {
        let writer = scope.spawn(|| {
            let written = workbook::write_visits(&mut visit_sheets, &visits, &styles, args.mask);
            timer.lap("  关爱记录写完");
            written
        });
        // The writer above is the critical path: everything else shares the other cores
        // instead of taking CPU time from it.
        let rest = rayon::ThreadPoolBuilder::new()
            .num_threads(rayon::current_num_threads().saturating_sub(1).max(1))
            .build()
            .context("无法启动工作线程")?;
        let (report, others, summary) = rest.install(|| {
            let report = assemble(rows, config, now, args.mask, timer);
            timer.lap("核查");
            let (others, summary) = rayon::join(
                || book.write_others(&report, &styles),
                || args.json.as_ref().map(|_| report::json::render(&report)).transpose(),
            );
            (report, others, summary)
        });
        timer.lap("  其他工作表写完");
        writer.join().map_err(|_| anyhow::anyhow!("生成汇总表失败：写“关爱记录”时出现内部错误"))??;
        Ok((report, others?, summary?))
    })?;
    timer.lap("  开始保存");
    let (saved, feedback) = rayon::join(
        || book.save(&report, others, visit_sheets, output),
        || args.feedback_dir.as_ref().map(|dir| report::feedback::write_all(&report, dir)).transpose(),
    );
    saved?;
    if let (Some(path), Some(text)) = (&args.json, summary) {
        report::json::save(path, &text)?;
    }
    Ok((report, feedback?.unwrap_or_default()))
}

/// The progress bar while files are read and the outputs written: on stderr, and only
/// when stdout is a terminal (a clerk watching, not a script reading the summary).
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(files: usize, quiet: bool) -> Progress {
        use std::io::IsTerminal;
        if quiet || !std::io::stdout().is_terminal() || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new(files as u64);
        let style = indicatif::ProgressStyle::with_template("{spinner} 读取文件 [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(Some(bar))
    }

    fn read_one(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn phase(&self, what: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!("— {what}…"));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Phase times on stderr when GUANAI_TIMINGS is set, for profiling the benchmark.
struct Timer {
    start: Option<std::time::Instant>,
}

impl Timer {
    fn new() -> Timer {
        Timer { start: std::env::var_os("GUANAI_TIMINGS").map(|_| std::time::Instant::now()) }
    }

    fn lap(&self, phase: &str) {
        if let Some(start) = self.start {
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmRSS"))
                        .map(|l| l.split_whitespace().nth(1).unwrap_or("").to_string())
                })
                .unwrap_or_default();
            // utime + stime in clock ticks (100 per second on Linux).
            let cpu = std::fs::read_to_string("/proc/self/stat")
                .ok()
                .and_then(|s| {
                    let after = s.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
                    Some(after.get(11)?.parse::<f64>().ok()? + after.get(12)?.parse::<f64>().ok()?)
                })
                .unwrap_or_default();
            eprintln!("[{:>8.3} s] {phase} (CPU {:.2} s, RSS {rss} kB)", start.elapsed().as_secs_f64(), cpu / 100.0);
        }
    }
}

/// Fails before writing when the output folder is missing or read-only.
fn check_writable(output: &Path) -> Result<()> {
    let dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let meta =
        std::fs::metadata(&dir).with_context(|| format!("输出文件夹 {} 不存在，请先建立该文件夹", dir.display()))?;
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

/// Everything the sheets yielded, in (file, sheet, row) order.
#[derive(Default)]
struct Gathered {
    issues: Vec<Issue>,
    files: Vec<FileEntry>,
    volunteers: Vec<Record<VolunteerFields>>,
    visits: Vec<Record<VisitFields>>,
    roster: Vec<Record<RosterFields>>,
    exclusions: Vec<Excluded>,
    divisions: Vec<(String, String)>,
}

fn gather(loaded: Vec<LoadedFile>) -> Gathered {
    let mut g = Gathered::default();
    for mut file in loaded {
        g.issues.append(&mut file.issues);
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
                Records::Volunteers(rows) => g.volunteers.extend(rows),
                Records::Visits(rows) => g.visits.extend(rows),
                Records::Roster(rows) => g.roster.extend(rows),
                Records::Exclusions(rows) => {
                    accepted = rows.len() as u32;
                    g.exclusions.extend(rows);
                }
                Records::Divisions(rows) => {
                    accepted = rows.len() as u32;
                    g.divisions.extend(rows);
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
        g.files.push(entry);
    }
    g.divisions.sort();
    g.divisions.dedup();
    g
}

/// SPEC §5: the command line's period, else the month most visit dates fall in, else
/// the current month.
fn choose_period(explicit: Option<Period>, visits: &[Record<VisitFields>], today: NaiveDate) -> Period {
    explicit
        .or_else(|| {
            let known = visits.iter().filter_map(|v| dates::resolve(&v.data.date, v.data.year_month, None));
            dates::busiest_month(known).and_then(|(y, m)| Period::month(y, m))
        })
        .unwrap_or_else(|| Period::current(today))
}

/// What the visit checks leave for the rest of the run. The volunteers and the ledger are
/// checked later, while 关爱记录 — the longest sheet to write — is already being written.
struct CheckedRows {
    g: Gathered,
    period: Period,
    vocab: Vocab,
    visits: Visits,
}

/// The period, and every visit row checked on its own and against the other rows.
fn check_visits(loaded: Vec<LoadedFile>, config: &Config, explicit: Option<Period>, now: NaiveDateTime) -> CheckedRows {
    let mut g = gather(loaded);
    let period = choose_period(explicit, &g.visits, now.date());
    let vocab = Vocab::new(config);
    let mut logs: Vec<VisitChecked> = std::mem::take(&mut g.visits)
        .into_par_iter()
        .map(|r| visits::check_row(r, &vocab, period, now.date()))
        .collect();
    visits::mark_duplicates(&mut logs);
    CheckedRows { g, period, vocab, visits: Visits::new(logs) }
}

/// Every volunteer and ledger row checked on its own and against its neighbours.
fn check_people(
    g: &mut Gathered,
    config: &Config,
    vocab: &Vocab,
    period: Period,
) -> (Vec<volunteers::Checked>, Vec<RosterChecked>) {
    let reference = period.reference();
    let mut checked: Vec<volunteers::Checked> = std::mem::take(&mut g.volunteers)
        .into_par_iter()
        .map(|r| volunteers::check_row(r, config, reference))
        .collect();
    volunteers::cross_check(&mut checked, &g.exclusions);
    let mut ledger: Vec<RosterChecked> =
        std::mem::take(&mut g.roster).into_par_iter().map(|r| roster::check_row(r, vocab, period)).collect();
    roster::cross_check(&mut ledger);
    (checked, ledger)
}

/// Villages counted, recipients built and assessed, every issue in output order.
fn assemble(rows: CheckedRows, config: &Config, now: NaiveDateTime, mask: bool, timer: &Timer) -> Report {
    let CheckedRows { mut g, period, vocab, visits } = rows;
    let (mut checked, ledger) = check_people(&mut g, config, &vocab, period);
    let logs = visits.all();
    let outcomes = checked
        .iter()
        .map(|c| (c.record.ctx.id, c.outcome))
        .chain(ledger.iter().map(|r| (r.record.ctx.id, r.outcome)))
        .chain(logs.iter().map(|v| (v.record.ctx.id, v.outcome)));
    count_outcomes(&mut g.files, outcomes);

    let (village_counts, village_issues) = villages::count(&checked, &g.divisions, config.min_volunteers_per_village);
    let (people, people_issues) = recipients::build(&ledger, logs);
    timer.lap("  对象");
    let (assessed, assessment_issues) = recipients::assess_all(people, logs, config, period);
    timer.lap("  考核");

    let mut issues = g.issues;
    issues.extend(village_issues);
    issues.extend(people_issues);
    issues.extend(assessment_issues);
    issues.extend(checked.iter().flat_map(|c| c.issues.iter().cloned()));
    issues.extend(ledger.iter().flat_map(|r| r.issues.iter().cloned()));
    issues.extend(logs.iter().flat_map(|v| v.issues.iter().cloned()));
    issues.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // In place, no second copy: the key ends in the source file, sheet and row.
    checked.par_sort_unstable_by(|a, b| {
        a.record.output_key(&a.record.data.name).cmp(&b.record.output_key(&b.record.data.name))
    });

    let mut report = Report {
        district: config.district.clone(),
        deadline: config.feedback_deadline.clone(),
        mask,
        period,
        run_at: now,
        minimum: config.min_volunteers_per_village,
        files: g.files,
        villages: village_counts,
        volunteers: checked,
        visits,
        recipients: assessed,
        issues,
        totals: Default::default(),
    };
    report::compute_totals(&mut report);
    report
}

/// Adds each checked row to its sheet's accepted / rejected / skipped count.
fn count_outcomes(files: &mut [FileEntry], outcomes: impl Iterator<Item = ((usize, usize), Outcome)>) {
    for ((file, sheet), outcome) in outcomes {
        let Some(entry) = files.get_mut(file).and_then(|f| f.sheets.get_mut(sheet)) else {
            continue;
        };
        match outcome {
            Outcome::Accepted => entry.accepted += 1,
            Outcome::Rejected => entry.rejected += 1,
            Outcome::Duplicate => entry.skipped += 1,
        }
    }
}
