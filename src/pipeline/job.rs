//! The validated, typed form of a command's arguments and configuration (ripgrep's
//! `HiArgs`): built by the command layer (`cmd/`) before any input is opened, so a bad
//! period or config ends the run before a single file is read. No argument parser's types
//! and no clock here: the run's time comes in `now`.

use std::path::PathBuf;

use chrono::NaiveDateTime;

use crate::config::Compiled;
pub use crate::ingest::files::{InMemory, Inputs};
use crate::period::Period;

#[derive(Debug, Clone)]
pub struct Job {
    /// Files and folders to read (folders recursively), or files handed over in memory.
    pub inputs: Inputs,
    /// guanai's own outputs and notes, never read as submissions.
    pub exclude: Vec<PathBuf>,
    /// The configuration, compiled once before any file is opened.
    pub config: Compiled,
    /// The period given on the command line; None: chosen from the visit dates (SPEC §5).
    pub period: Option<Period>,
    /// `--as-of`: the last day whose records are complete; None: the default of SPEC §9.
    pub as_of: Option<chrono::NaiveDate>,
    /// When the run happens: R04 (dates after today) and the run time shown in 总览.
    pub now: NaiveDateTime,
    /// `--mask`: ID and mobile numbers masked in every output.
    pub mask: bool,
    /// No progress bar.
    pub quiet: bool,
}

impl Job {
    /// A unit test's run: a fixture folder, the defaults, January 2023, a fixed clock.
    #[cfg(test)]
    pub(crate) fn fixture_january(fixture: &str) -> Job {
        Job {
            inputs: Inputs::Paths(vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(fixture)]),
            exclude: Vec::new(),
            config: crate::config::Config::load(None).expect("built-in config").compile(),
            period: Period::month(2023, 1),
            as_of: None,
            now: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("a date"),
            mask: false,
            quiet: true,
        }
    }
}
