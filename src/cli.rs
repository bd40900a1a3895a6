//! Command-line arguments. Parsing here only checks their form; `cmd::*` turns them
//! into a validated configuration before touching any input.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// 关爱（guanai）：“九类”民政服务对象关爱帮扶材料汇总核查工具
/// — consolidates and checks the townships' care-visit submissions.
#[derive(Debug, Parser)]
#[command(
    name = "guanai",
    version,
    about,
    long_about = None,
    after_help = "不带任何参数运行（如双击 guanai.exe）：核查当前文件夹下“收件箱”中的全部文件，汇总表和各镇（街道）问题反馈存入“汇总结果”。\nRun without arguments to check the folder 收件箱 into 汇总结果."
)]
pub struct Cli {
    /// None: the inbox mode (`cmd::inbox`).
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 核查并汇总各镇（街道）报送的材料 / check and consolidate submissions
    Check(CheckArgs),
    /// 列出当前生效的规则和阈值 / print the rules in force
    Rules(RulesArgs),
    /// 生成空白报送模板（含下拉列表） / write blank submission templates
    Template(TemplateArgs),
    /// 按台账为每名关爱对象生成关爱联系卡（附件3） / print one contact card per recipient
    Cards(CardsArgs),
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 模板保存到的文件夹（不存在时自动创建） / folder for the templates
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// 配置文件（TOML） / configuration file
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    /// 关爱帮扶对象信息台账所在的文件或文件夹 / ledger files or folders
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 联系卡保存位置 / output workbook
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "关爱联系卡.xlsx")]
    pub output: PathBuf,

    /// 配置文件（TOML） / configuration file
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// 身份证号码、手机号码打码 / mask ID and phone numbers
    #[arg(long)]
    pub mask: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要核查的文件或文件夹（文件夹会逐层读取） / files or folders to read (recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 汇总表保存位置，默认为当前文件夹下的“关爱帮扶汇总_<期间>.xlsx” / output workbook
    #[arg(short = 'o', long = "output", value_name = "OUT.xlsx")]
    pub output: Option<PathBuf>,

    /// Where the default-named workbook goes when `output` is not given (the inbox mode).
    #[arg(skip)]
    pub output_dir: Option<PathBuf>,

    /// Files that are ours and not submissions (the inbox's 使用说明.txt).
    #[arg(skip)]
    pub ignore: Vec<PathBuf>,

    /// 考核月份，如 2023-01 / assessed month
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,

    /// 考核期起始日，如 2023-01-02（须与 --to 同用） / first day of the period
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// 考核期最后一天，如 2023-01-29 / last day of the period
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// 配置文件（TOML），覆盖内置默认值 / configuration file overriding the defaults
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// 为每个镇（街道）另存一份“<镇街>_问题反馈.xlsx”到此文件夹 / one feedback workbook per township here
    #[arg(long, value_name = "DIR")]
    pub feedback_dir: Option<PathBuf>,

    /// 同时输出 JSON 摘要 / also write the JSON summary here
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// 不显示进度条和核查摘要（出错时仍会提示） / no progress bar and no summary
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// 有错误级问题时以退出码 2 结束 / exit with 2 when any error-level issue exists
    #[arg(long)]
    pub strict: bool,

    /// 输出中的身份证号码、手机号码打码（500106********1234、138****5678） / mask ID and phone numbers
    #[arg(long)]
    pub mask: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// 配置文件（TOML） / configuration file
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}
