//! Ctrl-C while guanai runs: say so in Chinese and remove the temporary files of the
//! outputs being written, so an interrupted run leaves neither half-written workbooks nor
//! `.tmp` files beside them (the outputs are renamed into place only when complete).

use std::path::PathBuf;
use std::sync::Mutex;

/// The temporary files being written now.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler once, at the start of a command that writes files.
pub fn install() {
    #[cfg(not(target_family = "wasm"))]
    // Failing to install (another handler exists) leaves the default behaviour.
    let _ = ctrlc::set_handler(|| {
        let pending = PENDING.lock().map(|p| p.clone()).unwrap_or_default();
        for path in &pending {
            let _ = std::fs::remove_file(path);
        }
        eprintln!();
        eprintln!(
            "已中断（Ctrl+C）：本次核查没有完成，正在写的结果文件已删除，之前已有的结果文件保持原样。请重新运行。"
        );
        std::process::exit(130);
    });
}

/// A temporary file that is being written: removed if the run is interrupted.
pub(crate) fn pending(path: PathBuf) {
    if let Ok(mut p) = PENDING.lock() {
        p.push(path);
    }
}

/// The temporary file is gone (renamed into place or removed).
pub(crate) fn settled(path: &std::path::Path) {
    if let Ok(mut p) = PENDING.lock() {
        p.retain(|q| q != path);
    }
}
