//! The short Chinese summary printed at the end of a run.

use std::path::Path;

use super::Report;

pub fn summary(report: &Report, outputs: &[(&str, &Path)]) -> String {
    let t = &report.totals;
    let count = |s: crate::model::checked::FileStatus| report.files.iter().filter(|f| f.status == s).count();
    let mut lines = vec![
        format!("关爱帮扶材料核查完成：{}，考核期 {}", report.district, report.period.label()),
        format!(
            "  文件 {} 个：已读取 {}，未能读取 {}，已忽略 {}",
            t.files,
            count(crate::model::checked::FileStatus::Ok),
            count(crate::model::checked::FileStatus::Rejected),
            count(crate::model::checked::FileStatus::Ignored)
        ),
        format!(
            "  村（社区）{} 个，社工人数达标 {} 个（每村不低于{}人）；有效社工 {} 人（上报 {} 人）",
            t.villages, t.villages_meeting_minimum, report.minimum, t.volunteers_valid, t.volunteers_submitted
        ),
        format!(
            "  关爱对象 {} 人，频次达标 {} 人（达标率 {}）；关爱记录 {} 条",
            t.recipients,
            t.recipients_compliant,
            percent(t.recipients_compliant, t.recipients),
            t.visits_accepted
        ),
        format!("  问题：错误 {} 条，警告 {} 条（详见“问题清单”）", t.errors, t.warnings),
    ];
    for (label, path) in outputs {
        lines.push(format!("  {label}：{}", path.display()));
    }
    lines.join("\n")
}

/// "78.9%", or "—" when there is nothing to divide.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "—".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}
