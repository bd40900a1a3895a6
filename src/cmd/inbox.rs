//! `guanai` with no arguments, as when a clerk double-clicks guanai.exe: checks every
//! file in the folder 收件箱 of the current folder, writes the workbook and one feedback
//! workbook per township into 汇总结果, prints the summary, and keeps the window open
//! until Enter is pressed.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::CheckArgs;

pub(crate) const INBOX: &str = "收件箱";
pub(crate) const RESULTS: &str = "汇总结果";
const GUIDE_NAME: &str = "使用说明.txt";

const GUIDE: &str = "关爱（guanai）使用说明\r
\r
1. 把各镇（街道）报送的文件（社会工作者名单、关爱服务记录台账、关爱帮扶对象信息台账，\r
   以及可选的区划名单、两委成员/本土人才/五职干部名单）全部放进本“收件箱”文件夹，\r
   可以按镇（街道）分子文件夹存放。支持 .xlsx .xls .xlsm .xlsb .ods .csv、.docx 表格和 .zip 压缩包。\r
2. 双击运行 guanai，稍等片刻即可完成核查。\r
3. 结果在“汇总结果”文件夹中：\r
   - 关爱帮扶汇总_<期间>.xlsx：全区汇总表（总览、社工人数核查、关爱考核、问题清单等）；\r
   - 关爱服务记录汇总_<期间>.xlsx：全部关爱服务记录逐条汇总（附件2 的各列，加镇街、村社区、来源文件和行号），可筛选查看；\r
   - 各镇（街道）问题反馈\\<镇街>_问题反馈.xlsx：发回各镇（街道）改正用，只含本镇街的内容。\r
4. 收到改正后的文件，替换收件箱中的旧文件，再运行一次即可。\r
5. 每期结束后的结果会自动记入收件箱旁边的“关爱历史.sqlite”，下个月核查时与上个月比较\r
   （“台账变动”：未登记退出而消失、连续未达标、新增、退出等）。请不要删除该文件。\r
\r
报送文件本身不会被修改。更多用法（指定考核月份等）请在命令行中运行 guanai --help。\r
";

/// The config file the inbox and drop modes read when it exists.
pub(crate) const LOCAL_CONFIG: &str = "配置.toml";

pub fn run() -> Result<()> {
    let inbox = PathBuf::from(INBOX);
    if !inbox.is_dir() {
        std::fs::create_dir_all(&inbox).with_context(|| format!("无法创建文件夹“{INBOX}”"))?;
        write_guide(&inbox)?;
        println!("已在当前文件夹中创建“{INBOX}”。");
        println!("请把各镇（街道）报送的文件放进“{INBOX}”，然后再次运行 guanai。详见其中的“{GUIDE_NAME}”。");
        return Ok(());
    }
    if !has_submissions(&inbox) {
        // Not an all-clear: nothing was checked (exit 1, like `check` on an empty folder).
        anyhow::bail!(
            "“{INBOX}”中还没有报送文件，没有核查任何内容。请把各镇（街道）报送的文件放进去，然后再次运行 guanai。"
        );
    }
    let history = PathBuf::from(crate::history::FILE_NAME);
    check_into(vec![inbox.clone()], vec![inbox.join(GUIDE_NAME)], PathBuf::from(RESULTS), history)
}

/// `check` over `paths`, the workbook and the feedback files into `results` (created).
fn check_into(paths: Vec<PathBuf>, ignore: Vec<PathBuf>, results: PathBuf, history: PathBuf) -> Result<()> {
    std::fs::create_dir_all(&results).with_context(|| format!("无法创建文件夹{}", crate::say::path(&results)))?;
    let args = CheckArgs {
        paths,
        output: None,
        records: None,
        month: None,
        from: None,
        to: None,
        as_of: None,
        deadline: None,
        config: local_config(),
        feedback_dir: Some(results.join("各镇（街道）问题反馈")),
        json: None,
        quiet: false,
        strict: false,
        mask: false,
        history: None,
        no_history: false,
    };
    let placement = super::check::Placement { output_dir: Some(results.clone()), ignore, history: Some(history) };
    super::check::run_placed(&args, &placement)?;
    Ok(())
}

/// The config the double-click and drop modes use without being asked: `配置.toml` in
/// the current folder, else beside guanai.exe (copied from the shipped 配置示例.toml).
fn local_config() -> Option<PathBuf> {
    let here = PathBuf::from(LOCAL_CONFIG);
    if here.is_file() {
        return Some(here);
    }
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join(LOCAL_CONFIG)).filter(|p| p.is_file())
}

/// Files or folders dropped onto guanai.exe (they arrive as arguments without a
/// subcommand): checked like the inbox, the results in 汇总结果 beside the first of them
/// (the folder dropped, or the folder of the file dropped).
pub fn dropped(paths: Vec<PathBuf>) -> Result<()> {
    let first = paths.first().cloned().unwrap_or_default();
    let first = std::path::absolute(&first).unwrap_or(first);
    let beside = first.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    println!("正在核查：{}", paths.iter().map(|p| crate::say::path(p)).collect::<Vec<_>>().join("、"));
    check_into(paths, Vec::new(), beside.join(RESULTS), beside.join(crate::history::FILE_NAME))
}

/// Whether the arguments are paths dropped onto the program rather than a command: the
/// first is no subcommand, no flag, and names something that exists.
pub fn is_drop(args: &[std::ffi::OsString]) -> bool {
    const COMMANDS: [&str; 5] = ["check", "rules", "template", "cards", "history"];
    match args.first() {
        Some(first) => {
            let text = first.to_string_lossy();
            !COMMANDS.contains(&text.as_ref()) && !text.starts_with('-') && Path::new(first).exists()
        }
        None => false,
    }
}

fn write_guide(inbox: &Path) -> Result<()> {
    let path = inbox.join(GUIDE_NAME);
    // With a BOM, Notepad on older Windows shows the Chinese text correctly.
    std::fs::write(&path, format!("\u{feff}{GUIDE}")).with_context(|| format!("无法写入{}", crate::say::path(&path)))
}

/// Anything in the inbox besides our own guide.
fn has_submissions(inbox: &Path) -> bool {
    std::fs::read_dir(inbox).map(|entries| entries.flatten().any(|e| e.file_name() != GUIDE_NAME)).unwrap_or(false)
}

/// Keeps a double-clicked console window open until the clerk has read it; does nothing
/// when not attached to a terminal (scripts, tests).
pub fn wait_for_enter() {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        println!();
        println!("按回车键关闭窗口……");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}
