//! Command-line arguments. Parsing here only checks their form; `cmd::*` turns them
//! into a validated configuration before touching any input.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

/// The help page's layout, in Chinese (clap's own headings are English).
const HELP: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}\n";
const SUB_HELP: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}\n";

/// 关爱（guanai）：“九类”民政服务对象关爱帮扶材料汇总核查工具
#[derive(Debug, Parser)]
#[command(
    name = "guanai",
    version,
    about = "关爱（guanai）：“九类”民政服务对象关爱帮扶材料汇总核查工具",
    long_about = None,
    help_template = HELP,
    override_usage = "guanai [命令] [选项]",
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    next_help_heading = "选项",
    after_help = "不带任何参数运行（如双击 guanai.exe）：核查当前文件夹下“收件箱”中的全部文件，汇总表和各镇（街道）问题反馈存入“汇总结果”。\n查看某个命令的说明：guanai check --help"
)]
pub struct Cli {
    /// 显示这份说明
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,

    /// 显示版本号
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,

    /// None: the inbox mode (`cmd::inbox`).
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
// Parsed once per run: the size of the check variant costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// 核查并汇总各镇（街道）报送的材料
    #[command(
        help_template = SUB_HELP,
        override_usage = "guanai check <文件或文件夹>… [选项]",
        next_help_heading = "选项",
        disable_help_flag = true,
        after_help = "例：guanai check 收件箱 --month 2023-01 -o 汇总.xlsx --feedback-dir 反馈"
    )]
    Check(CheckArgs),
    /// 列出当前生效的规则和阈值
    #[command(
        help_template = SUB_HELP,
        override_usage = "guanai rules [选项]",
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Rules(RulesArgs),
    /// 生成空白报送模板（含下拉列表）
    #[command(
        help_template = SUB_HELP,
        override_usage = "guanai template <文件夹> [选项]",
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Template(TemplateArgs),
    /// 按台账为每名关爱对象生成关爱联系卡（附件3）
    #[command(
        help_template = SUB_HELP,
        override_usage = "guanai cards <文件或文件夹>… [选项]",
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Cards(CardsArgs),
    /// 列出历史文件中已记录的各期（期间、记录时间、文件数、关爱对象、达标率）
    #[command(
        help_template = SUB_HELP,
        override_usage = "guanai history [选项]",
        next_help_heading = "选项",
        disable_help_flag = true,
        after_help = "例：guanai history --history 关爱历史.sqlite --forget 2023-01"
    )]
    History(HistoryArgs),
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// 历史文件，默认为当前文件夹下的“关爱历史.sqlite”
    #[arg(long, value_name = "文件")]
    pub(crate) history: Option<PathBuf>,

    /// 删除某一期的记录，如 2023-01
    #[arg(long, value_name = "年-月")]
    pub(crate) forget: Option<String>,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 模板保存到的文件夹（不存在时自动创建）
    #[arg(value_name = "文件夹")]
    pub(crate) dir: PathBuf,

    /// 配置文件（TOML）
    #[arg(long, value_name = "文件")]
    pub(crate) config: Option<PathBuf>,

    /// 覆盖文件夹中已有的同名模板（默认不覆盖）
    #[arg(long)]
    pub(crate) overwrite: bool,
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    /// 关爱帮扶对象信息台账所在的文件或文件夹
    #[arg(required = true, value_name = "文件或文件夹")]
    pub(crate) paths: Vec<PathBuf>,

    /// 联系卡保存位置，默认为当前文件夹下的“关爱联系卡.xlsx”
    #[arg(
        short = 'o',
        long = "output",
        value_name = "文件.xlsx",
        default_value = "关爱联系卡.xlsx",
        hide_default_value = true
    )]
    pub(crate) output: PathBuf,

    /// 配置文件（TOML）
    #[arg(long, value_name = "文件")]
    pub(crate) config: Option<PathBuf>,

    /// 身份证号码、手机号码打码
    #[arg(long)]
    pub(crate) mask: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要核查的文件或文件夹（文件夹会逐层读取）
    #[arg(required = true, value_name = "文件或文件夹")]
    pub(crate) paths: Vec<PathBuf>,

    /// 汇总表保存位置，默认为当前文件夹下的“关爱帮扶汇总_<期间>.xlsx”
    #[arg(short = 'o', long = "output", value_name = "文件.xlsx")]
    pub(crate) output: Option<PathBuf>,

    /// 关爱记录汇总（全部关爱记录）保存位置，默认与汇总表同一文件夹，如“关爱服务记录汇总_<期间>.xlsx”
    #[arg(long, value_name = "文件.xlsx")]
    pub(crate) records: Option<PathBuf>,

    /// 考核月份，如 2023-01
    #[arg(long, value_name = "年-月")]
    pub(crate) month: Option<String>,

    /// 考核期起始日，如 2023-01-02（须与 --to 同用）
    #[arg(long, value_name = "日期")]
    pub(crate) from: Option<String>,

    /// 考核期最后一天，如 2023-01-29
    #[arg(long, value_name = "日期")]
    pub(crate) to: Option<String>,

    /// 写进各镇街问题反馈的改正期限，如 "2023年2月3日17点前"（代替配置项 feedback_deadline）
    #[arg(long, value_name = "期限")]
    pub(crate) deadline: Option<String>,

    /// 记录截至哪一天（月中核查用，如 2023-01-18）：之后结束的周、月不考核，列出还需联系的对象；默认为昨天（考核期内）或考核期最后一天
    #[arg(long = "as-of", value_name = "日期")]
    pub(crate) as_of: Option<String>,

    /// 配置文件（TOML），覆盖内置默认值
    #[arg(long, value_name = "文件")]
    pub(crate) config: Option<PathBuf>,

    /// 为每个镇（街道）另存一份“<镇街>_问题反馈.xlsx”到此文件夹
    #[arg(long, value_name = "文件夹")]
    pub(crate) feedback_dir: Option<PathBuf>,

    /// 同时输出 JSON 摘要
    #[arg(long, value_name = "文件")]
    pub(crate) json: Option<PathBuf>,

    /// 不显示进度条和核查摘要（出错时仍会提示）
    #[arg(short = 'q', long)]
    pub(crate) quiet: bool,

    /// 有错误级问题时以退出码 2 结束
    #[arg(long)]
    pub strict: bool,

    /// 输出中的身份证号码、手机号码打码（500106********1234、138****5678）
    #[arg(long)]
    pub(crate) mask: bool,

    /// 历史文件：与以前各期比较（台账变动、连续未达标、趋势），考核期结束后把本期记入其中
    #[arg(long, value_name = "文件", conflicts_with = "no_history")]
    pub(crate) history: Option<PathBuf>,

    /// 不读取也不记录历史文件（双击运行和拖放时默认使用“关爱历史.sqlite”）
    #[arg(long = "no-history")]
    pub(crate) no_history: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// 配置文件（TOML）
    #[arg(long, value_name = "文件")]
    pub(crate) config: Option<PathBuf>,
}

/// A command-line error as Chinese sentences (SPEC §6): what is wrong, the closest flag or
/// command when one is near, the usage line, and where to read more. clap's own wording
/// is English; only its pieces (`ErrorKind`, the context values) are used here.
pub fn explain(e: &clap::Error) -> String {
    use clap::error::ContextKind;
    let mut lines = vec![problem(e)];
    let usage = context(e, ContextKind::Usage).into_iter().next().unwrap_or_default();
    let usage = usage.trim().trim_start_matches("Usage:").trim_start_matches("用法：").trim();
    if !usage.is_empty() {
        lines.push(format!("用法：{usage}"));
    }
    lines.push("运行 guanai --help 查看全部命令和选项（某个命令的选项：guanai check --help）".to_string());
    lines.join("\n")
}

/// A clap error's context of `kind` as text.
fn context(e: &clap::Error, kind: clap::error::ContextKind) -> Vec<String> {
    use clap::error::ContextValue;
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// What is wrong, in one line.
fn problem(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let get = |kind: ContextKind| context(e, kind);
    let first = |kind: ContextKind| get(kind).into_iter().next().unwrap_or_default();
    let arg = first(ContextKind::InvalidArg);
    let value = first(ContextKind::InvalidValue);
    match e.kind() {
        ErrorKind::UnknownArgument => unknown_argument(&arg, get(ContextKind::SuggestedArg).first()),
        ErrorKind::InvalidSubcommand => {
            let mut line = format!("没有“{}”这个命令", first(ContextKind::InvalidSubcommand));
            if let Some(s) = get(ContextKind::SuggestedSubcommand).first() {
                line.push_str(&format!("，是否想写 guanai {s}？"));
            } else {
                line.push('。');
            }
            line.push_str(
                "可用的命令：check（核查汇总）、rules（列出规则）、template（生成模板）、cards（生成联系卡）",
            );
            line
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = get(ContextKind::InvalidArg).join("、");
            if missing.contains("文件或文件夹") {
                "缺少要处理的文件或文件夹：请写在命令后面，如 guanai check 收件箱".to_string()
            } else if missing.contains("文件夹") {
                "缺少文件夹：请写在命令后面，如 guanai template 模板".to_string()
            } else {
                format!("缺少 {missing}")
            }
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => format!("选项 {arg} 后面缺少取值"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!("选项 {arg} 的值“{value}”不对"),
        ErrorKind::ArgumentConflict => {
            format!("选项 {arg} 不能与 {} 同时使用", get(ContextKind::PriorArg).join("、"))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("选项 {arg} 的取值个数不对")
        }
        ErrorKind::NoEquals => format!("选项 {arg} 须写成 {arg}=取值"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令：请在 guanai 后面写 check、rules、template 或 cards".to_string()
        }
        _ => "命令行参数有误".to_string(),
    }
}

/// An option guanai does not have: the one meant, or why a word is taken for one.
fn unknown_argument(arg: &str, suggested: Option<&String>) -> String {
    let mut line = format!("没有“{arg}”这个选项");
    if let Some(s) = suggested {
        line.push_str(&format!("，是否想写 {s}{}？", flag_help(s).map(|h| format!("（{h}）")).unwrap_or_default()));
    } else if !arg.starts_with('-') {
        line.push_str("：多写了一项，或者文件夹名中有空格而没有加引号（如 \"D:\\收件箱 一月\"）");
    }
    line
}

/// The help line of a flag (`--month` → 考核月份，如 2023-01), looked up in every command.
fn flag_help(flag: &str) -> Option<String> {
    use clap::CommandFactory;
    let name = flag.trim_start_matches('-');
    let root = Cli::command();
    let found = std::iter::once(&root)
        .chain(root.get_subcommands())
        .flat_map(|c| c.get_arguments())
        .find(|a| a.get_long() == Some(name))
        .and_then(|a| a.get_help().map(|h| h.to_string()));
    found
}
