//! 台账变动 (SPEC §6, §11): each change against the baseline period, per township and
//! village; K03 (未登记退出而消失) and K04 (连续未达标) in red. Without a baseline the sheet
//! says so in one line.

use super::table::{Mark, Table, Val};
use super::Run;
use crate::compare::{Change, Compared};

pub(super) const HEADERS: [&str; 7] = ["镇（街道）", "村（社区）", "姓名", "变动", "上期", "本期", "说明"];

/// The sheet of `changes` (the district's, or one township's share of them).
pub(crate) fn changes_table<'a>(run: &Run, compared: &Compared, changes: &'a [Change]) -> Table<'a> {
    let mut table = Table::new("台账变动", HEADERS.to_vec(), Some(3));
    table.wrap = true;
    table.preface = preface(run, compared, changes.len());
    table.with_rows(
        changes.len(),
        changes.iter().map(|c| {
            let mark = if c.kind.needs_action() { Mark::Bad } else { Mark::Plain };
            let values: Vec<Val<'a>> = vec![
                c.place.township.as_str().into(),
                c.place.village.as_str().into(),
                c.name.as_str().into(),
                c.kind.label().into(),
                c.before.as_str().into(),
                c.after.as_str().into(),
                c.note.as_str().into(),
            ];
            (values, mark)
        }),
    )
}

/// The sheet's first lines: what it is compared with, or why nothing is.
fn preface(run: &Run, compared: &Compared, rows: usize) -> Vec<String> {
    let period = run.period.label();
    let Some(base) = &compared.baseline else {
        let line = if compared.used {
            format!("台账变动：历史文件中没有{period}之前的记录，本期不作比较；本期结束后记入历史，下期即可比较")
        } else {
            "台账变动：本次核查未使用历史文件，无法与以前各月比较（命令行加 --history 文件；双击运行或拖放时自动使用“关爱历史.sqlite”）".to_string()
        };
        return vec![line];
    };
    let mut first = format!("台账变动：{period}与 {}（记录于 {}）相比", base.period.label(), base.recorded_at);
    if !base.adjacent {
        first.push_str(&format!("；{period}之前最近的记录是 {}，中间的月份没有记录", base.period.label()));
    }
    if rows == 0 {
        first.push_str("，没有变动");
    }
    let mut lines = vec![first];
    lines.extend(carried_line(compared));
    lines
}

/// "跨月的一周 1月30日—2月5日 已按上期历史中 1月30日—1月31日 的联系情况一并考核": said on 台账变动,
/// 关爱考核's title line and 总览.
pub(crate) fn carried_line(compared: &Compared) -> Option<String> {
    let (from, to) = compared.carried?;
    let week_end = from + chrono::Duration::days(6);
    let days = if from == to {
        from.format("%-m月%-d日").to_string()
    } else {
        format!("{}—{}", from.format("%-m月%-d日"), to.format("%-m月%-d日"))
    };
    Some(format!(
        "跨月的一周 {}—{} 已一并考核：其中 {days} 的联系情况取自上期的历史记录（上期台账中没有的对象不考核这一周）",
        from.format("%-m月%-d日"),
        week_end.format("%-m月%-d日"),
    ))
}
