//! The browser page's run (SPEC §10, `guanai.html`): what `cmd::check` is to the command
//! line, for files handed over in memory. The page's options become a `Job` before any
//! file is read; the files are read one at a time so the page can show its progress; the
//! outputs are written in memory. No file system, clock or terminal: the run's time comes
//! from the page, and the page keeps no history (SPEC §11).
//!
//! The WebAssembly bindings (the `web/` crate) only wrap this; it is compiled and tested
//! on every target.

use crate::config::Config;
use crate::ingest::{self, files::InputFile, LoadedFile};
use crate::period::Period;
use crate::pipeline::{self, InMemory, Inputs, Job};
use crate::progress::Timer;
use crate::report::downloads::{self, Download};

/// What the clerk chose on the page, as text (an empty text: not given).
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// 考核月份, 2023-01 or 2023年1月.
    pub month: String,
    /// 起止日期, instead of a month.
    pub from: String,
    pub to: String,
    /// 数据截至日期 (SPEC §9).
    pub as_of: String,
    /// 身份证号码和手机号码打码.
    pub mask: bool,
    /// The page's local time, 2026-12-04T09:30:00: when the run happens.
    pub now: String,
}

/// One run of the page: files added, then read one by one, then checked.
pub struct PageRun {
    job: Job,
    added: Vec<InMemory>,
    found: Vec<InputFile>,
    loaded: Vec<LoadedFile>,
}

/// What the page shows and offers after a run.
pub struct Finished {
    /// The summary as the terminal prints it, or why nothing was read.
    pub summary: String,
    /// Every output; the consolidated workbook first.
    pub downloads: Vec<Download>,
    /// All of them in one zip, when there is more than the JSON.
    pub bundle: Option<Download>,
    /// The outputs that could not be written, and why.
    pub failed: Vec<String>,
    /// Error-level issues found (SPEC §4).
    pub errors: usize,
}

impl PageRun {
    /// The job of `options` with the built-in configuration; a bad option is said in Chinese.
    pub fn new(options: &Options) -> Result<PageRun, String> {
        let job = job_of(options).map_err(|e| in_page_words(&crate::say::error_chain(&e)))?;
        Ok(PageRun { job, added: Vec::new(), found: Vec::new(), loaded: Vec::new() })
    }

    /// A file as it was dropped: `root` the dropped folder's name (empty for a file dropped
    /// alone), `path` its path inside that folder.
    pub fn add(&mut self, root: &str, path: &str, bytes: Vec<u8>) {
        self.added.push(InMemory { root: root.to_string(), path: path.to_string(), bytes: bytes.into() });
    }

    /// The files to read, archives replaced by their members: how many there are.
    pub fn find(&mut self) -> usize {
        let inputs = Inputs::Memory(std::mem::take(&mut self.added));
        // Files in memory are never refused as a whole: only paths on disk can be missing.
        self.found = ingest::find(&inputs, &[], &self.job.config).unwrap_or_default();
        self.found.len()
    }

    /// Reads the next file: how many are read; false when all were.
    pub fn read_next(&mut self) -> bool {
        let i = self.loaded.len();
        match self.found.get(i) {
            Some(file) => {
                self.loaded.push(ingest::load_file(i, file, &self.job.config));
                true
            }
            None => false,
        }
    }

    /// The shown path of the file `read_next` reads next.
    pub fn next_name(&self) -> Option<&str> {
        self.found.get(self.loaded.len()).map(|f| f.display.as_str())
    }

    /// Not to be read (call after `find`): the file a reader failed on in an earlier try.
    /// In WebAssembly a reader's panic cannot be caught as the command line catches it (a
    /// wasm panic ends the module); the page starts over with that file marked as the
    /// command line marks it, F02.
    pub fn skip(&mut self, display: &str) {
        use crate::ingest::files::Verdict;
        for file in self.found.iter_mut().filter(|f| f.display == display) {
            file.verdict = Verdict::Refused(crate::model::Code::F02, crate::ingest::workbook::reader_panicked());
        }
    }

    /// How many files are read.
    pub fn read(&self) -> usize {
        self.loaded.len()
    }

    /// Checks, assesses and writes every output in memory.
    pub fn finish(self) -> Finished {
        let PageRun { job, loaded, found, .. } = self;
        drop(found);
        let timer = Timer::new();
        let started = pipeline::start_loaded(&job, loaded, &timer);
        if started.nothing_submitted() {
            let why = |path: &str| started.why_not_read(path);
            let said = crate::report::terminal::nothing_found(&[], started.files(), &why);
            let mut report = started.finish(&job, &timer);
            let (downloads, failed) = downloads::all(&mut report, false);
            return Finished { summary: said, downloads, bundle: None, failed, errors: report.totals().errors };
        }
        let mut report = started.finish(&job, &timer);
        let (downloads, mut failed) = downloads::all(&mut report, true);
        let summary = crate::report::terminal::summary(&report, &downloads::shown(&downloads));
        let name = format!("关爱帮扶汇总结果_{}.zip", report.run.period.file_label());
        let bundle = match downloads::bundle(&downloads) {
            Ok(bytes) => Some(Download { name, label: "全部结果", bytes }),
            Err(e) => {
                failed.push(format!("全部结果“{name}”：{}", crate::say::error_chain(&e)));
                None
            }
        };
        Finished { summary, downloads, bundle, failed, errors: report.totals().errors }
    }
}

/// The page's options as a job: the same checks of the period and as-of as the command
/// line's, the built-in configuration, the page's clock.
fn job_of(options: &Options) -> anyhow::Result<Job> {
    let given = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
    let (month, from, to) = (given(&options.month), given(&options.from), given(&options.to));
    let period = Period::explicit(month.as_deref(), from.as_deref(), to.as_deref())?;
    let as_of = crate::period::parse_as_of(given(&options.as_of).as_deref())?;
    let now = chrono::NaiveDateTime::parse_from_str(options.now.trim(), "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| anyhow::anyhow!("页面时间“{}”无法识别，请刷新页面后重试", options.now))?;
    Ok(Job {
        inputs: Inputs::Memory(Vec::new()),
        exclude: Vec::new(),
        config: Config::load(None)?.compile(),
        period,
        as_of,
        now,
        mask: options.mask,
        quiet: true,
    })
}

/// The period's messages name the command line's options; the page names its fields.
fn in_page_words(said: &str) -> String {
    [("--month", "考核月份"), ("--from", "起始日期"), ("--to", "结束日期"), ("--as-of", "数据截至日期")].iter().fold(
        said.to_string(),
        |s, (flag, field)| {
            // Chinese sets no spaces around a word as the command line does around a flag.
            [format!(" {flag} "), format!("{flag} "), format!(" {flag}"), flag.to_string()]
                .iter()
                .fold(s, |s, spaced| s.replace(spaced, field))
        },
    )
}

#[cfg(test)]
mod tests;
