//! `guanai history`: the recorded periods of a history file (SPEC §11), and `--forget`.

use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::cli::HistoryArgs;
use crate::history::{History, FILE_NAME};
use crate::period::Period;

pub fn run(args: &HistoryArgs) -> Result<()> {
    let path = args.history.clone().unwrap_or_else(|| PathBuf::from(FILE_NAME));
    if !path.exists() {
        bail!(
            "历史文件{}不存在：还没有记录过任何一期（核查时加 --history 文件，或双击运行，考核期结束后会自动记录）",
            crate::say::path(&path)
        );
    }
    let mut history = History::open(&path).map_err(|f| anyhow::anyhow!(f.to_string()))?;
    if let Some(month) = &args.forget {
        let period = Period::explicit(Some(month), None, None)?
            .ok_or_else(|| anyhow::anyhow!("--forget 需要一个月份，如 2023-01"))?;
        if !history.forget(period).map_err(|f| anyhow::anyhow!(f.to_string()))? {
            bail!(
                "历史文件{}中没有 {} 的记录；已记录的各期请运行 guanai history 查看",
                crate::say::path(&path),
                period.label()
            );
        }
        println!("已从历史文件{}中删除 {} 的记录。", crate::say::path(&path), period.label());
        return Ok(());
    }
    let entries = history.entries().map_err(|f| anyhow::anyhow!(f.to_string()))?;
    println!("历史文件{}：已记录 {} 期", crate::say::path(&path), entries.len());
    if entries.is_empty() {
        return Ok(());
    }
    println!("{}", row(["期间", "记录时间", "文件数", "关爱对象", "达标率", "不达标"].map(String::from)));
    for e in entries {
        let assessed = e.compliant + e.noncompliant;
        let rate =
            if assessed > 0 { format!("{:.1}%", e.compliant as f64 * 100.0 / assessed as f64) } else { "—".into() };
        println!(
            "{}",
            row([
                e.period.label(),
                e.recorded_at,
                e.files.to_string(),
                e.recipients.to_string(),
                rate,
                e.noncompliant.to_string()
            ])
        );
    }
    Ok(())
}

/// One line of the list, each column padded to its display width (a CJK character is two).
fn row(cells: [String; 6]) -> String {
    const WIDTHS: [usize; 6] = [12, 20, 8, 10, 8, 8];
    cells
        .iter()
        .zip(WIDTHS)
        .map(|(c, w)| {
            let used: usize = c.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum();
            format!("{c}{}", " ".repeat(w.saturating_sub(used)))
        })
        .collect::<Vec<_>>()
        .join("  ")
        .trim_end()
        .to_string()
}
