//! Thin entry point: parse the arguments, run the command, decide the exit code once.
//! 0 the run completed, 1 it could not (bad arguments, config, output), 2 with
//! `--strict` when error-level issues were found.

use std::process::ExitCode;

use clap::Parser;
use guanai::commands as cmd;
use guanai::{Cli, Command};

fn main() -> ExitCode {
    // A reader's panic on a malformed file is caught and reported as F02; keep the
    // default hook's output for every other panic.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !guanai::inside_reader() {
            default_hook(info);
        }
    }));
    guanai::install_interrupt_handler();
    // Files or folders dropped onto guanai.exe arrive as bare arguments.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if cmd::inbox::is_drop(&args) {
        let code = match cmd::inbox::dropped(args.into_iter().map(std::path::PathBuf::from).collect()) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("错误：{}", guanai::error_chain(&e));
                1
            }
        };
        cmd::inbox::wait_for_enter();
        return ExitCode::from(code);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            // --help and --version print as clap renders them (the help template is Chinese).
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("错误：{}", guanai::explain(&e));
            return ExitCode::from(1);
        }
    };
    let code = match dispatch(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{}", guanai::error_chain(&e));
            1
        }
    };
    if cli.command.is_none() {
        cmd::inbox::wait_for_enter();
    }
    ExitCode::from(code)
}

/// Runs the command; its exit code when it completed.
fn dispatch(cli: &Cli) -> anyhow::Result<u8> {
    match &cli.command {
        Some(Command::Check(args)) => cmd::check::run(args).map(|finished| {
            let code = if args.strict && finished.errors > 0 { 2 } else { 0 };
            // The process ends now: the OS takes the memory back at once.
            std::mem::forget(finished.report);
            code
        }),
        Some(Command::Rules(args)) => cmd::rules::run(args).map(|()| 0),
        Some(Command::Template(args)) => cmd::template::run(args).map(|_| 0),
        Some(Command::Cards(args)) => cmd::cards::run(args).map(|()| 0),
        Some(Command::History(args)) => cmd::history::run(args).map(|()| 0),
        None => cmd::inbox::run().map(|()| 0),
    }
}
