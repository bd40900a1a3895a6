//! What a run shows while it works: the progress bar a clerk watches on a terminal, and
//! the phase laps a developer asks for with GUANAI_TIMINGS when profiling the benchmark.

/// The progress bar while files are read and the outputs written: on stderr, and only
/// when stdout is a terminal (a clerk watching, not a script reading the summary).
pub(crate) struct Progress(Option<indicatif::ProgressBar>);

/// The spinner's frames and the bar's fill: ASCII only. indicatif's default spinner is
/// braille, which the fonts of a Chinese Windows console (新宋体, 点阵字体) show as boxes.
/// The last frame is the one shown when done.
pub(crate) const SPINNER_CHARS: &str = "|/-\\ ";
pub(crate) const BAR_CHARS: &str = "=> ";

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        use std::io::IsTerminal;
        if quiet || !std::io::stdout().is_terminal() || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        let style = indicatif::ProgressStyle::with_template("{spinner} 读取文件 [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars(BAR_CHARS)
            .tick_chars(SPINNER_CHARS);
        bar.set_style(style);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(Some(bar))
    }

    /// No bar at all (cards, tests).
    pub(crate) fn hidden() -> Progress {
        Progress(None)
    }

    /// How many files there are to read, once they are found.
    pub(crate) fn set_length(&self, files: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(files as u64);
        }
    }

    pub(crate) fn read_one(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    pub(crate) fn phase(&self, what: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!("— {what}…"));
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Phase times on stderr when GUANAI_TIMINGS is set, for profiling the benchmark.
pub struct Timer {
    start: Option<std::time::Instant>,
}

impl Default for Timer {
    fn default() -> Self {
        Timer::new()
    }
}

impl Timer {
    pub fn new() -> Timer {
        Timer { start: std::env::var_os("GUANAI_TIMINGS").map(|_| std::time::Instant::now()) }
    }

    pub(crate) fn lap(&self, phase: &str) {
        if let Some(start) = self.start {
            let (cpu, rss) = usage();
            eprintln!("[{:>8.3} s] {phase} (CPU {cpu:.2} s, RSS {rss} kB)", start.elapsed().as_secs_f64());
        }
    }
}

/// CPU seconds (utime + stime, 100 ticks a second on Linux) and resident kB, from /proc;
/// zeros where there is no /proc (Windows).
fn usage() -> (f64, String) {
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS")).map(|l| l.split_whitespace().nth(1).unwrap_or("").to_string())
        })
        .unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
            Some(after.get(11)?.parse::<f64>().ok()? + after.get(12)?.parse::<f64>().ok()?)
        })
        .unwrap_or_default();
    (cpu / 100.0, rss)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_progress_display_is_ascii() {
        assert!(super::SPINNER_CHARS.is_ascii() && super::BAR_CHARS.is_ascii());
        assert!(super::SPINNER_CHARS.chars().count() >= 3, "a spinner needs frames and a final one");
    }
}
