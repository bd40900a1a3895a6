//! The short Chinese summary printed at the end of a run.

use std::path::Path;

use super::Report;

pub fn summary(report: &Report, outputs: &[(&str, &Path)]) -> String {
    let t = &report.totals;
    let mut lines = vec![
        format!("关爱帮扶材料核查完成：{}，考核期 {}", report.district, report.period.label()),
        format!("  文件 {} 个：{}", t.files, files_line(report)),
        format!(
            "  村（社区）{} 个，社工人数达标 {} 个（每村不低于{}人）；有效社工 {} 人（上报 {} 人）",
            t.villages, t.villages_meeting_minimum, report.minimum, t.volunteers_valid, t.volunteers_submitted
        ),
        format!("  {}；关爱记录 {} 条", recipients_line(t), t.visits_accepted),
        format!("  问题：错误 {} 条，警告 {} 条（详见“问题清单”）", t.errors, t.warnings),
    ];
    if let Some(line) = todo_line(report) {
        lines.insert(1, format!("  {line}"));
    }
    if let Some(hint) = &report.hint {
        lines.insert(1, format!("  {hint}"));
    }
    for (label, path) in outputs {
        lines.push(format!("  {label}：{}", crate::say::path(path)));
    }
    lines.join("\n")
}

/// "关爱对象 57 人：频次达标 39 人、不达标 12 人、不考核 6 人（达标率 76.5%，按达标与不达标人数计）":
/// the same words in the terminal, 总览 and the feedback guide.
pub fn recipients_line(t: &super::Totals) -> String {
    let mut line = format!(
        "关爱对象 {} 人：频次达标 {} 人、不达标 {} 人",
        t.recipients, t.recipients_compliant, t.recipients_noncompliant
    );
    if t.recipients_not_assessed() > 0 {
        line.push_str(&format!("、不考核 {} 人", t.recipients_not_assessed()));
    }
    line.push_str(&format!("（达标率 {}）", percent(t.recipients_compliant, t.recipients_assessed)));
    line
}

/// "已读取 14，未能读取 0，格式不支持 1（须另存为 .xlsx），重复报送 1，已忽略 1": the ignored files
/// told apart by why, so a file that is an error in 问题清单 (F01) is not called ignored.
pub fn files_line(report: &Report) -> String {
    use crate::model::checked::FileStatus;
    use crate::model::Code;
    let count = |keep: &dyn Fn(&super::FileEntry) -> bool| report.files.iter().filter(|f| keep(f)).count();
    let ignored = |code: Option<Code>| count(&|f| f.status == FileStatus::Ignored && f.code == code);
    let mut parts = vec![
        format!("已读取 {}", count(&|f| f.status == FileStatus::Ok)),
        format!("未能读取 {}", count(&|f| f.status == FileStatus::Rejected)),
    ];
    let known = [
        (Code::F01, "格式不支持 {}（须另存为 .xlsx，见问题清单）"),
        (Code::F04, "重复报送 {}"),
        (Code::F07, "本工具生成的结果文件 {}（不作为报送材料）"),
    ];
    for (code, words) in known {
        let n = ignored(Some(code));
        if n > 0 {
            parts.push(words.replace("{}", &n.to_string()));
        }
    }
    let other = count(&|f| f.status == FileStatus::Ignored && !known.iter().any(|(c, _)| f.code == Some(*c)));
    if other > 0 {
        parts.push(format!("已忽略 {other}（临时文件、隐藏文件）"));
    }
    parts.join("，")
}

/// "截至1月18日：本周还需联系 12 人，其中 3 人已无法按期达标" (SPEC §9), while the period runs.
pub fn todo_line(report: &Report) -> Option<String> {
    if report.as_of >= report.period.to {
        return None;
    }
    let day = report.as_of.format("%-m月%-d日");
    let people: std::collections::BTreeSet<(&str, &str, &str)> =
        report.todo.iter().map(|t| (t.township.as_str(), t.village.as_str(), t.name.as_str())).collect();
    let late: std::collections::BTreeSet<(&str, &str, &str)> = report
        .todo
        .iter()
        .filter(|t| !t.can_still_meet)
        .map(|t| (t.township.as_str(), t.village.as_str(), t.name.as_str()))
        .collect();
    Some(if people.is_empty() {
        format!("截至{day}：当前考核单位内的关爱均已达到要求，暂无待办")
    } else {
        format!("截至{day}：本周（本月）还需联系 {} 人，其中 {} 人已无法按期达标", people.len(), late.len())
    })
}

/// "78.9%", or "—" when there is nothing to divide.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "—".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}
