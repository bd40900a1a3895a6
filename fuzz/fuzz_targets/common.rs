//! Shared by the fuzz targets.

/// libFuzzer's hook aborts on any panic; panics inside a spreadsheet reader are caught by
/// guanai and reported as F02, so they must unwind to that catch. Every other panic —
/// ours — still aborts and is reported as a crash.
pub fn let_reader_panics_unwind() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !guanai::inside_reader() {
                fuzzer_hook(info);
            }
        }));
    });
}
