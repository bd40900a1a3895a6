//! Arbitrary bytes through the whole of ingestion: format sniffing, calamine's xlsx,
//! xlsb, xls and ods readers, the CSV decoder, header detection and typed records.
//! The first byte says whether the rest is read as a CSV or as a workbook.
#![no_main]

mod common;

use std::sync::OnceLock;

use guanai::{Compiled, Config};
use libfuzzer_sys::fuzz_target;

fn config() -> &'static Compiled {
    static CONFIG: OnceLock<Compiled> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let mut c = Config::load(None).expect("built-in defaults");
        // Keep each input's work bounded so the fuzzer explores instead of waiting.
        c.max_rows_per_sheet = 5_000;
        c.compile()
    })
}

fuzz_target!(|data: &[u8]| {
    common::let_reader_panics_unwind();
    let Some((&selector, bytes)) = data.split_first() else { return };
    let is_csv = selector % 4 == 0;
    let _ =
        guanai::load_bytes(0, &guanai::Source { display: "fuzz", stem: "fuzz", folders: &[] }, bytes, is_csv, config());
});
