//! `guanai check`: the pipeline over the given paths, then the workbook, the JSON, the
//! feedback workbooks and the terminal summary. Only bad arguments, an unreadable config
//! or an unwritable output end the run early; every fault of a file becomes an issue.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::config::Config;
use crate::period::Period;
use crate::pipeline::{self, Inputs, Job};
use crate::progress::{Progress, Timer};
use crate::report::feedback::FeedbackFiles;
use crate::report::json::JsonSummary;
use crate::report::outputs::{self, check_writable, Outputs};
use crate::report::writer::Writer;
use crate::report::{self, Report};

/// The summary's default name before its period.
const DEFAULT_STEM: &str = "关爱帮扶汇总";

/// What the run found, for the exit-code decision, and the report itself: the caller
/// that is about to exit can leave its memory to the OS (`std::mem::forget`) instead of
/// freeing its ~300k rows one by one (~0.1 s at district scale).
pub struct Finished {
    pub errors: usize,
    pub report: Report,
}

/// What the inbox mode adds to the arguments: where a default-named workbook goes, and
/// files that are ours and not submissions (the inbox's 使用说明.txt).
#[derive(Debug, Default)]
pub(crate) struct Placement {
    pub(crate) output_dir: Option<PathBuf>,
    pub(crate) ignore: Vec<PathBuf>,
    /// The history file these modes keep without being asked (SPEC §11).
    pub(crate) history: Option<PathBuf>,
}

/// The history file the run reads and records: `--history`, else the inbox modes' own;
/// none with `--no-history`.
fn history_path(args: &CheckArgs, placement: &Placement) -> Option<PathBuf> {
    if args.no_history {
        return None;
    }
    args.history.clone().or_else(|| placement.history.clone())
}

/// The job of `check`: the configuration with `--deadline` over it, the period, and every
/// output (and the inbox's own files) excluded from the inputs.
fn job_of(args: &CheckArgs, placement: &Placement) -> Result<Job> {
    let mut config = Config::load(args.config.as_deref())?;
    if let Some(deadline) = &args.deadline {
        config.feedback_deadline = deadline.trim().to_string();
    }
    let period = Period::explicit(args.month.as_deref(), args.from.as_deref(), args.to.as_deref())?;
    let as_of = crate::period::parse_as_of(args.as_of.as_deref())?;
    let exclude = args
        .output
        .iter()
        .chain(&args.records)
        .chain(&args.json)
        .chain(&args.feedback_dir)
        .chain(&placement.output_dir)
        .chain(&placement.ignore)
        .chain(&history_path(args, placement))
        .cloned()
        .collect();
    Ok(Job {
        inputs: Inputs::Paths(args.paths.clone()),
        exclude,
        config: config.compile(),
        period,
        as_of,
        now: super::now()?,
        mask: args.mask,
        quiet: args.quiet,
    })
}

pub fn run(args: &CheckArgs) -> Result<Finished> {
    run_placed(args, &Placement::default())
}

pub(crate) fn run_placed(args: &CheckArgs, placement: &Placement) -> Result<Finished> {
    let job = job_of(args, placement)?;
    if let Some(output) = &args.output {
        check_writable(output, "汇总表", Some("xlsx"))?;
    }
    if let Some(records) = &args.records {
        check_writable(records, "关爱记录汇总", Some("xlsx"))?;
    }
    if let Some(json) = &args.json {
        check_writable(json, "JSON 摘要", None)?;
    }
    if let Some(dir) = args.feedback_dir.as_ref().filter(|d| d.exists() && !d.is_dir()) {
        anyhow::bail!("反馈文件夹{}是一个文件，请写一个文件夹的名字", crate::say::path(dir));
    }
    let timer = Timer::new();
    let progress = Progress::new(args.quiet);
    let started = pipeline::start(&job, &progress, &timer)?;
    if started.nothing_submitted() {
        progress.finish();
        return Err(nothing_submitted(started, &job, args, &timer));
    }
    timer.lap("  关爱记录核查");
    progress.phase("写汇总表");
    let targets = targets(args, placement, started.period())?;
    let mut history = super::kept::Kept::open(history_path(args, placement), started.period());
    let visits = started.visits().clone();
    let period = started.period().label();
    let past = history.past();
    timer.lap("读取历史");
    let finish = || started.finish_with(&job, &past, &timer);
    let titles = crate::report::workbook::Titles { district: &job.config.district, period: &period };
    let written = outputs::write(&visits, finish, &targets, job.mask, titles, &timer)?;
    progress.finish();
    if !args.quiet {
        let shown: Vec<(&str, &Path)> = written.shown.iter().map(|(label, path)| (*label, path.as_path())).collect();
        println!("{}", report::terminal::summary(&written.report, &shown));
    }
    // After the outputs: recording never delays or endangers them.
    let recorded = history.record(&written.report);
    timer.lap("记录历史");
    if let (false, Some(line)) = (args.quiet, recorded) {
        println!("{}", report::terminal::fit(&format!("  {line}"), 78));
    }
    let mut failed: Vec<String> = written.failed.iter().map(ToString::to_string).collect();
    failed.extend(history.fault());
    if !failed.is_empty() {
        let others = if written.shown.is_empty() { "" } else { "（其余输出已写入）" };
        anyhow::bail!("以下输出未能写入{others}：{}", failed.join("；"));
    }
    Ok(Finished { errors: written.report.totals().errors, report: written.report })
}

/// Where the outputs go: the workbook (the default name in the placement's folder, checked
/// writable), then the JSON and the feedback files when asked for.
fn targets(args: &CheckArgs, placement: &Placement, period: Period) -> Result<Outputs> {
    let workbook = args.output.clone().unwrap_or_else(|| {
        let name = format!("{DEFAULT_STEM}_{}.xlsx", period.file_label());
        placement.output_dir.as_ref().map_or_else(|| PathBuf::from(&name), |dir| dir.join(&name))
    });
    if args.output.is_none() {
        check_writable(&workbook, "汇总表", Some("xlsx"))?;
    }
    let records = args.records.clone().unwrap_or_else(|| records_beside(&workbook));
    if args.records.is_none() {
        check_writable(&records, "关爱记录汇总", Some("xlsx"))?;
    }
    if records == workbook {
        anyhow::bail!(
            "关爱记录汇总与汇总表不能是同一个文件{}：请用 --records 另写一个文件名",
            crate::say::path(&records)
        );
    }
    let mut others: Vec<Box<dyn Writer>> = Vec::new();
    if let Some(json) = &args.json {
        others.push(Box::new(JsonSummary(json.clone())));
    }
    if let Some(dir) = &args.feedback_dir {
        others.push(Box::new(FeedbackFiles(dir.clone())));
    }
    Ok(Outputs { workbook, records, others })
}

/// The records workbook beside the summary, its name derived from the summary's:
/// 关爱帮扶汇总_<期间>.xlsx (the default) gives 关爱服务记录汇总_<期间>.xlsx (SPEC §6); any
/// other name gets _关爱记录 after its stem, so two summaries in one folder keep their own
/// records.
fn records_beside(workbook: &Path) -> PathBuf {
    let stem = workbook.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match stem.strip_prefix(DEFAULT_STEM) {
        Some(rest) => format!("关爱服务记录汇总{rest}.xlsx"),
        None => format!("{stem}_关爱记录.xlsx"),
    };
    workbook.with_file_name(name)
}

/// No sheet of any kind the townships submit: no workbook (a workbook of nothing reads as
/// an all-clear), the JSON when asked (a script still gets every file's code), and the
/// error that says what was found and what to do.
fn nothing_submitted(started: pipeline::Started, job: &Job, args: &CheckArgs, timer: &Timer) -> anyhow::Error {
    let why = |path: &str| started.why_not_read(path);
    let mut said = report::terminal::nothing_found(job.inputs.paths(), started.files(), &why);
    if let Some(json) = &args.json {
        let report = started.finish(job, timer);
        match report::json::save(json, &report) {
            Ok(()) => said.push_str(&format!("\nJSON 摘要已写入{}。", crate::say::path(json))),
            Err(e) => said.push_str(&format!(
                "\nJSON 摘要{}未能写入：{}",
                crate::say::path(json),
                crate::say::error_chain(&e)
            )),
        }
    }
    anyhow::anyhow!(said)
}
