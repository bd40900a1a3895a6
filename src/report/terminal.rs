//! The short Chinese summary printed at the end of a run.

use std::path::Path;

use super::Report;

pub(crate) fn summary(report: &Report, outputs: &[(&str, &Path)]) -> String {
    let t = report.totals();
    let mut lines = vec![
        format!("关爱帮扶材料核查完成：{}，考核期 {}", report.run.district, report.run.period.label()),
        format!("  文件 {} 个：{}", t.files, files_line(report)),
        format!("  {}", villages_line(report)),
        format!("  {}；关爱记录 {} 条", recipients_line(t), t.visits_accepted),
        format!("  问题：错误 {} 条，警告 {} 条（详见“问题清单”）", t.errors, t.warnings),
    ];
    if let Some(line) = changes_line(report) {
        lines.push(format!("  {line}"));
    }
    if let Some(line) = registers_line(report) {
        lines.push(format!("  {line}"));
    }
    if let Some(line) = unreported_line(report) {
        lines.insert(2, format!("  {line}"));
    }
    if let Some(line) = todo_line(report) {
        lines.insert(1, format!("  {line}"));
    }
    for line in missing_line(report).into_iter().chain(report.run.hint.clone()) {
        lines.insert(1, format!("  {line}"));
    }
    for (label, path) in outputs {
        lines.push(format!("  {label}：{}", crate::say::path(path)));
    }
    lines.iter().map(|l| fit(l, WIDTH)).collect::<Vec<_>>().join("\n")
}

/// The columns a summary line may take: an 80-column console (cmd.exe's old default)
/// less a margin.
const WIDTH: usize = 78;

/// A summary line broken to `width` display columns (a CJK character is two) between two
/// Chinese characters or after a punctuation mark (never before one), never inside a
/// number or an ASCII word; the rest indented under its start.
/// A path is never broken.
pub(crate) fn fit(line: &str, width: usize) -> String {
    const PUNCTUATION: [char; 6] = ['、', '，', '；', '：', '）', '。'];
    let indent = line.chars().take_while(|c| *c == ' ').count() + 4;
    let mut out = String::new();
    let mut current = String::new();
    let mut used = 0;
    // (byte in `current`, width up to it) of the last break after punctuation, and of
    // the last between two Chinese characters.
    type Break = Option<(usize, usize)>;
    let (mut after_mark, mut between): (Break, Break) = (None, None);
    let mut previous = ' ';
    for c in line.chars() {
        if !c.is_ascii() && !previous.is_ascii() && !PUNCTUATION.contains(&c) {
            between = Some((current.len(), used));
        }
        current.push(c);
        used += if c.is_ascii() { 1 } else { 2 };
        if PUNCTUATION.contains(&c) {
            after_mark = Some((current.len(), used));
        }
        previous = c;
        if used <= width || current.contains('“') {
            continue;
        }
        // After punctuation when that fills two thirds of the line, else between characters.
        let chosen = after_mark.filter(|(_, w)| *w >= width * 2 / 3).or(between).or(after_mark);
        if let Some((at, w)) = chosen.filter(|(at, _)| *at < current.len()) {
            let rest = current.split_off(at);
            out.push_str(current.trim_end());
            out.push('\n');
            current = format!("{}{rest}", " ".repeat(indent));
            used = indent + (used - w);
            (after_mark, between) = (None, None);
        }
    }
    out.push_str(&current);
    out
}

/// "村（社区）7 个，社工人数达标 4 个（每村不低于30人）；有效社工 179 人（上报 190 人）", or,
/// without any volunteer list, that the count was not checked and how many villages the
/// ledgers and records name (never a bare "村（社区）0 个").
pub(crate) fn villages_line(report: &Report) -> String {
    let t = report.totals();
    if t.villages == 0 && report.missing_kinds().contains(&crate::model::SheetKind::Volunteers) {
        let named: std::collections::BTreeSet<(&str, &str)> = report
            .recipients
            .iter()
            .map(|a| (&*a.recipient.place.township, &*a.recipient.place.village))
            .chain(report.visits.iter().map(|v| (&*v.record.township, &*v.record.village)))
            .collect();
        return format!(
            "社工名单：本次未收到，各村（社区）社工人数未核查；关爱对象和关爱记录涉及村（社区）{} 个",
            named.len()
        );
    }
    format!(
        "村（社区）{} 个，社工人数达标 {} 个（每村不低于{}人）；有效社工 {} 人（上报 {} 人）",
        t.villages, t.villages_meeting_minimum, report.run.minimum, t.volunteers_valid, t.volunteers_submitted
    )
}

/// "与 2022年12月 相比：新增 3 人，退出 1 人，未登记退出而消失 2 人，连续未达标 1 人" when a history
/// was read (SPEC §11): the same words in the terminal, 总览 and 台账变动.
pub(crate) fn changes_line(report: &Report) -> Option<String> {
    use crate::compare::ChangeKind as K;
    let c = &report.compared;
    if !c.used {
        return None;
    }
    let Some(base) = &c.baseline else {
        return Some(format!("历史：{}之前没有已记录的月份，本期不作比较", report.run.period.label()));
    };
    let n = |k| c.count(k, None);
    let mut line = format!(
        "与 {} 相比：新增 {} 人，退出 {} 人，未登记退出而消失 {} 人，连续未达标 {} 人",
        base.period.label(),
        n(K::Added),
        n(K::Left),
        n(K::Missing),
        n(K::RepeatedMiss)
    );
    if !base.adjacent {
        line.push_str(&format!(
            "（{}之前最近的记录是 {}，中间的月份没有记录）",
            report.run.period.label(),
            base.period.label()
        ));
    }
    Some(line)
}

/// "名册 6 人，其中 1 人不在任何关爱对象台账中（见问题清单 K05）；青木关镇未报送台账，其名册 1 人
/// 未能核对" when a register was read (SPEC §12): the same words in the terminal and 总览.
pub(crate) fn registers_line(report: &Report) -> Option<String> {
    if report.registers.is_empty() {
        return None;
    }
    let checked = report.registers.iter().filter(|t| t.ledger);
    let people: usize = checked.clone().map(|t| t.people).sum();
    let missing: usize = checked.map(|t| t.not_in_ledger).sum();
    let mut line = if missing > 0 {
        format!("名册 {people} 人，其中 {missing} 人不在任何关爱对象台账中（名册中有、台账中没有，见问题清单 K05）")
    } else {
        format!("名册 {people} 人，都在关爱对象台账中")
    };
    let unchecked: Vec<String> = report
        .townships()
        .into_iter()
        .filter(|t| t.registered_unchecked)
        .map(|t| format!("{}（名册 {} 人）", t.township, t.registered))
        .collect();
    if !unchecked.is_empty() {
        line.push_str(&format!("；未报送台账、名册未能核对：{}", unchecked.join("、")));
    }
    Some(line)
}

/// "关爱对象 57 人：频次达标 39 人、不达标 12 人、不考核 6 人（达标率 76.5%，按达标与不达标人数计）":
/// the same words in the terminal, 总览 and the feedback guide.
pub(crate) fn recipients_line(t: &super::Totals) -> String {
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
pub(crate) fn files_line(report: &Report) -> String {
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
pub(crate) fn todo_line(report: &Report) -> Option<String> {
    if report.run.as_of >= report.run.period.to {
        return None;
    }
    let day = report.run.as_of.format("%-m月%-d日");
    let people: std::collections::BTreeSet<(&str, &str, &str)> =
        report.todo.iter().map(|t| (t.place.township.as_str(), t.place.village.as_str(), t.name.as_str())).collect();
    let late: std::collections::BTreeSet<(&str, &str, &str)> = report
        .todo
        .iter()
        .filter(|t| !t.can_still_meet)
        .map(|t| (t.place.township.as_str(), t.place.village.as_str(), t.name.as_str()))
        .collect();
    Some(if report.recipients.is_empty() {
        format!("截至{day}：没有读到关爱对象，无法列出待办")
    } else if people.is_empty() {
        format!("截至{day}：当前考核单位内的关爱均已达到要求，暂无待办")
    } else {
        format!("截至{day}：本周（本月）还需联系 {} 人，其中 {} 人已无法按期达标", people.len(), late.len())
    })
}

/// "未报送材料的镇（街道）2 个：童家桥街道、青木关镇" when a configured township sent nothing.
pub(crate) fn unreported_line(report: &Report) -> Option<String> {
    let missing = report.unreported();
    (!missing.is_empty()).then(|| {
        let total = report.run.township_order.len();
        format!("未报送材料的镇（街道）{} 个（共 {total} 个）：{}", missing.len(), missing.join("、"))
    })
}

/// What a run that read some submissions lacks: "注意：没有读到关爱服务记录台账、关爱对象台账
/// （…）". A run without any submission never gets this far (`nothing_found`).
pub(crate) fn missing_line(report: &Report) -> Option<String> {
    use crate::model::SheetKind;
    let missing = report.missing_kinds();
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing.iter().map(|k| k.label()).collect();
    let effects: Vec<&str> = missing
        .iter()
        .map(|k| match k {
            SheetKind::Volunteers => "各村（社区）社工人数无法核查",
            SheetKind::Visits => "关爱频次无法核查，台账中的对象都没有关爱记录",
            _ => "关爱对象只能从关爱记录中推断，没有关爱联系人",
        })
        .collect();
    Some(format!(
        "{}本次没有读到{}，{}；如镇街已报送，请把文件放进要核查的文件夹后重新核查",
        super::table::ALERT,
        names.join("、"),
        effects.join("，")
    ))
}

/// Why a run read no submission at all, and what to do: said instead of a summary, and
/// no workbook is written (an empty folder or a failed download is not an all-clear).
pub(crate) fn nothing_found(
    paths: &[std::path::PathBuf],
    report_files: &[super::FileEntry],
    why: &dyn Fn(&str) -> String,
) -> String {
    let places = match paths {
        [] => "拖入的文件".to_string(),
        _ => paths.iter().map(|p| crate::say::path(p)).collect::<Vec<_>>().join("、"),
    };
    let mut lines = if report_files.is_empty() {
        vec![format!("没有找到任何报送材料：{places}中没有文件。")]
    } else {
        vec![format!(
            "没有找到任何报送材料：{places}中有文件 {} 个，但没有一张能识别的社工名单、关爱服务记录台账或关爱对象台账：",
            report_files.len()
        )]
    };
    const SHOWN: usize = 10;
    for f in report_files.iter().take(SHOWN) {
        lines.push(format!("  {}：{}", f.path, why(&f.path)));
    }
    if report_files.len() > SHOWN {
        lines.push(format!("  ……另有 {} 个文件", report_files.len() - SHOWN));
    }
    lines.push(
        "没有生成汇总表。请确认各镇（街道）报送的文件已完整下载、放进了这个文件夹（可以放在子文件夹里），\
         并且是 .xlsx、.xls、.ods、.csv 表格，.docx 文档中的表格或装有这些文件的 .zip 压缩包（WPS 的 .et 请另存为 .xlsx）；表头要有“姓名”“身份证号码”“关爱方式”等列。"
            .to_string(),
    );
    lines.join("\n")
}

/// "78.9%", or "—" when there is nothing to divide.
pub(crate) fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "—".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_break_after_punctuation_never_inside_a_number() {
        let line = "  关爱对象 57 人：频次达标 33 人、不达标 12 人、不考核 12 人（达标率 73.3%）；关爱记录 78117 条";
        let fitted = fit(line, 40);
        for l in fitted.lines() {
            assert!(crate::normalize::text::display_width(l) <= 44, "{l}");
        }
        assert!(fitted.contains("78117") && fitted.contains("73.3%"), "{fitted}");
        assert_eq!(fitted.replace(['\n', ' '], ""), line.replace(' ', ""));
        assert_eq!(fit("  短行", 78), "  短行");
    }
}
