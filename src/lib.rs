//! guanai (关爱): consolidates and checks the township submissions for the district
//! civil-affairs bureau's care-visit programme.
//!
//! Every module is private and every item `pub(crate)` unless named below: the library's
//! public surface is what `main`, the fuzz targets and the examples use, so rustc reports
//! whatever nothing uses.

// In a browser the command layer (cmd, history) is not built: what only it uses is unused there.
#![cfg_attr(target_family = "wasm", allow(dead_code))]

mod assess;
pub mod browser;
mod check;
mod cli;
#[cfg(not(target_family = "wasm"))]
mod cmd;
mod compare;
mod config;
#[cfg(not(target_family = "wasm"))]
mod history;
mod ingest;
mod interrupt;
mod model;
mod normalize;
mod own;
mod period;
mod pipeline;
mod progress;
mod report;
mod say;

// What `main` runs: the command line, each command, and the hooks around them.
pub use cli::{explain, Cli, Command};
/// Each command, as `main` runs it.
#[cfg(not(target_family = "wasm"))]
pub mod commands {
    pub use crate::cmd::{cards, check, history, inbox, rules, template};
}
pub use ingest::workbook::inside_reader;
pub use interrupt::install as install_interrupt_handler;
pub use say::error_chain;

// What the fuzz targets drive: a file's bytes through ingestion, the whole pipeline and
// the writers, and every normaliser of a cell's text.
pub use config::{Compiled, Config};
pub use ingest::{load_bytes, load_memory, Source};
pub use normalize::{date, idcard, phone, text, vocab::Vocab};
pub use pipeline::{start_loaded, InMemory, Inputs, Job};
pub use progress::Timer;
pub use report::json::render as render_json;
pub use report::workbook::to_buffers as workbook_bytes;
