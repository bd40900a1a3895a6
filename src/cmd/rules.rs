//! `guanai rules`: the thresholds and frequency rules in force, as a table.

use anyhow::Result;

use crate::cli::RulesArgs;
use crate::config::Config;

pub fn run(args: &RulesArgs) -> Result<()> {
    let config = Config::load(args.config.as_deref())?;
    println!("{}", render(&config));
    Ok(())
}

pub(crate) fn render(c: &Config) -> String {
    let mut out = vec![
        format!("本区：{}", c.district),
        "社会工作者条件".to_string(),
        format!("  每个村（社区）有效人数不低于：{} 人", c.min_volunteers_per_village),
        format!("  年龄上限：{} 周岁（含），按考核期最后一天计算", c.max_volunteer_age),
        format!("  低于 {} 周岁给出提醒（仍计入）", c.min_volunteer_age),
        "  不得为现任的两委成员、村本土人才、五职干部：".to_string(),
        format!("    村（社区）职务：{}", c.excluded_role_words.join("、")),
        format!("    党组织职务（写明是村、社区的或未写单位时）：{}", c.party_post_words.join("、")),
        format!("  镇（街道）名单：{} 个", c.townships.len()),
        "关爱频次（通知 三）".to_string(),
    ];
    // One block per rule: Chinese text does not line up in columns on every console.
    for (i, rule) in c.rules.iter().enumerate() {
        let needs: Vec<String> =
            rule.requirements.iter().map(|r| format!("{} ≥ {}", r.metric.label(), r.min)).collect();
        out.push(format!("  {}. {}（规则代号 {}）", i + 1, rule.label, rule.id));
        out.push(format!("     要求：{}", rule.text));
        out.push(format!("     按{}考核，每个{}须：{}", rule.unit.label(), rule.unit.label(), needs.join("，")));
    }
    out.push(format!("  入户走访可顶替电话联系：{}", if c.visit_counts_as_call { "是" } else { "否" }));
    out.push(format!("单个工作表最多读取：{} 行", c.max_rows_per_sheet));
    out.push(format!("单个文件最多占用内存：{} MB", c.max_file_memory_mb));
    out.push(format!("达标率低于 {:.0}% 时标红", c.attention_rate * 100.0));
    out.join("\n")
}
