//! One module per subcommand, each with a `run` that returns the exit decision.

pub mod cards;
pub mod check;
pub mod history;
pub mod inbox;
mod kept;
pub mod rules;
pub mod template;

/// When the run happens: the computer's local time, or GUANAI_NOW (2026-01-05T09:30:00)
/// when set, so that a test can compare two runs' outputs byte for byte (the page test
/// gives the browser's clock the same time).
pub(crate) fn now() -> anyhow::Result<chrono::NaiveDateTime> {
    match std::env::var("GUANAI_NOW") {
        Ok(text) => chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S").map_err(|_| {
            anyhow::anyhow!("环境变量 GUANAI_NOW 的值“{text}”无法识别，请写成 2026-01-05T09:30:00，或者删除它")
        }),
        Err(_) => Ok(chrono::Local::now().naive_local()),
    }
}
