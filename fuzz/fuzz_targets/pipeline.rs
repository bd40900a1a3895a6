//! Arbitrary bytes through the whole pipeline: ingestion, the row checks, places, the
//! assessment, the report, the JSON and the consolidated workbook written in memory.
//! The first byte says what the rest is named as it arrives (CSV, workbook, zip archive or
//! Word document), so archives are unpacked and their members read as in a real run.
#![no_main]

mod common;

use std::sync::OnceLock;

use guanai::Config;
use guanai::Job;
use guanai::Timer;
use libfuzzer_sys::fuzz_target;

fn job() -> &'static Job {
    static JOB: OnceLock<Job> = OnceLock::new();
    JOB.get_or_init(|| {
        let mut config = Config::load(None).expect("built-in defaults");
        // Keep each input's work bounded so the fuzzer explores instead of waiting.
        config.max_rows_per_sheet = 5_000;
        config.max_file_memory_mb = 16;
        let now = chrono::NaiveDate::from_ymd_opt(2023, 2, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        Job {
            inputs: guanai::Inputs::Memory(Vec::new()),
            exclude: Vec::new(),
            config: config.compile(),
            period: None,
            as_of: None,
            now,
            mask: false,
            quiet: true,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    common::let_reader_panics_unwind();
    let Some((&selector, bytes)) = data.split_first() else { return };
    let name = ["井口街道/南溪村.csv", "井口街道/南溪村.xlsx", "井口街道1月材料.zip", "井口街道/附件1社工名单.docx"]
        [usize::from(selector % 4)];
    let job = job();
    let files = guanai::load_memory(vec![(name.to_string(), bytes.to_vec())], &job.config);
    let timer = Timer::new();
    let report = guanai::start_loaded(job, files, &timer).finish(job, &timer);
    guanai::render_json(&report).expect("the JSON renders");
    guanai::workbook_bytes(&report).expect("the summary and the records workbook are written");
});
