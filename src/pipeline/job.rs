//! The validated, typed form of a command's arguments and configuration (ripgrep's
//! `HiArgs`): built before any input is opened, so a bad period or config ends the run
//! before a single file is read.

use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDateTime;

use crate::cli::{CardsArgs, CheckArgs};
use crate::config::Config;
use crate::period::Period;

#[derive(Debug, Clone)]
pub struct Job {
    /// Files and folders to read (folders recursively).
    pub paths: Vec<PathBuf>,
    /// guanai's own outputs and notes, never read as submissions.
    pub exclude: Vec<PathBuf>,
    pub config: Config,
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
    pub fn for_check(args: &CheckArgs) -> Result<Job> {
        let mut config = Config::load(args.config.as_deref())?;
        if let Some(deadline) = &args.deadline {
            config.feedback_deadline = deadline.trim().to_string();
        }
        let period = Period::explicit(args.month.as_deref(), args.from.as_deref(), args.to.as_deref())?;
        let as_of = crate::period::parse_as_of(args.as_of.as_deref())?;
        let exclude = args
            .output
            .iter()
            .chain(&args.json)
            .chain(&args.feedback_dir)
            .chain(&args.output_dir)
            .chain(&args.ignore)
            .cloned()
            .collect();
        Ok(Job {
            paths: args.paths.clone(),
            exclude,
            config,
            period,
            as_of,
            now: chrono::Local::now().naive_local(),
            mask: args.mask,
            quiet: args.quiet,
        })
    }

    /// A unit test's run: a fixture folder, the defaults, January 2023, a fixed clock.
    #[cfg(test)]
    pub fn fixture_january(fixture: &str) -> Job {
        Job {
            paths: vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(fixture)],
            exclude: Vec::new(),
            config: Config::load(None).expect("built-in config"),
            period: Period::month(2023, 1),
            as_of: None,
            now: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("a date"),
            mask: false,
            quiet: true,
        }
    }

    pub fn for_cards(args: &CardsArgs) -> Result<Job> {
        Ok(Job {
            paths: args.paths.clone(),
            exclude: vec![args.output.clone()],
            config: Config::load(args.config.as_deref())?,
            period: None,
            as_of: None,
            now: chrono::Local::now().naive_local(),
            mask: args.mask,
            quiet: true,
        })
    }
}
