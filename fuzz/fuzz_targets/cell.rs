//! One cell's text through every normaliser and reader of a value: text folding, names,
//! header keys, the header and vocabulary matchers, ID numbers, phones, dates (alone, with a
//! metadata month, as a typed number), the not-a-data and example-row tests by way of a
//! one-row CSV. None may panic, whatever the text.
#![no_main]

use std::sync::OnceLock;

use guanai::{date, idcard, phone, text, Vocab};
use guanai::{Compiled, Config};
use libfuzzer_sys::fuzz_target;

fn setup() -> &'static (Compiled, Vocab) {
    static SETUP: OnceLock<(Compiled, Vocab)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let config = Config::load(None).expect("built-in defaults");
        let vocab = config.vocab();
        (config.compile(), vocab)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let (config, vocab) = setup();
    let _ = (text::fold(s), text::name(s), text::header_key(s), text::display_width(s));
    let _ = (idcard::parse(s), phone::parse(s));
    let _ = (date::parse_text(s, Some(2023)), date::parse_text_in(s, Some(2023), Some(1)), date::parse_year_month(s));
    let _ = (vocab.methods(s), vocab.categories(s), vocab.situations(s), vocab.why_not(s));
    if let Ok(n) = s.trim().parse::<f64>() {
        let _ = (date::month_day(n, 2023), date::from_serial(n, false), date::from_serial(n, true));
    }
    // The cell as a header and as every column of a data row under each sheet kind's header.
    let quoted = s.replace('"', "\"\"");
    for header in [
        "姓名,身份证号码,居住地址",
        "时间,关爱方式,关爱对象类型,关爱对象姓名",
        "对象姓名,对象类别,独居老人情形,关爱联系人及电话",
    ] {
        let width = header.split(',').count();
        let row = vec![format!("\"{quoted}\""); width].join(",");
        let csv = format!("{header}\n{row}\n\"{quoted}\",{header}\n");
        let source = guanai::Source { display: "c.csv", stem: "c", folders: &[] };
        let _ = guanai::load_bytes(0, &source, csv.as_bytes(), true, config);
    }
});
