//! Every output written in memory, for the page (SPEC §10): the summary, the records
//! workbook, each township's feedback workbook and the JSON, each under the name the inbox
//! mode gives it, and all of them as one zip. Nothing here touches a disk.

use std::io::Write;

use anyhow::{Context, Result};

use super::Report;

/// The folder the feedback workbooks go in, as in the inbox mode's 汇总结果.
pub(crate) const FEEDBACK_FOLDER: &str = "各镇（街道）问题反馈";

/// One output as the page offers it.
pub struct Download {
    /// The file's name, the feedback workbooks under `FEEDBACK_FOLDER/`.
    pub name: String,
    /// What it is, as the terminal names it (汇总表, 关爱记录汇总 …).
    pub label: &'static str,
    pub bytes: Vec<u8>,
}

/// The outputs of `report` in memory, and for each that could not be written, why (in
/// Chinese). `workbooks`: false when nothing was submitted (only the JSON, as the command
/// line writes only the JSON then).
pub(crate) fn all(report: &mut Report, workbooks: bool) -> (Vec<Download>, Vec<String>) {
    let stem = format!("关爱帮扶汇总_{}", report.run.period.file_label());
    let records = format!("关爱服务记录汇总_{}.xlsx", report.run.period.file_label());
    if workbooks {
        // Downloaded side by side (or in one zip), as the command line writes them.
        report.run.records_place = Some(format!("同一文件夹中的“{records}”"));
    }
    let report = &*report;
    let mut done = Vec::new();
    let mut failed = Vec::new();
    let mut keep = |label: &'static str, name: String, bytes: Result<Vec<u8>>| match bytes {
        Ok(bytes) => done.push(Download { name, label, bytes }),
        Err(e) => failed.push(format!("{label}“{name}”：{}", crate::say::error_chain(&e))),
    };
    if workbooks {
        match super::workbook::to_buffers(report) {
            Ok((summary, records_bytes)) => {
                keep("汇总表", format!("{stem}.xlsx"), Ok(summary));
                keep("关爱记录汇总", records, Ok(records_bytes));
            }
            Err(e) => keep("汇总表", format!("{stem}.xlsx"), Err(e)),
        }
        for (name, bytes) in super::feedback::to_buffers(report) {
            keep("问题反馈", format!("{FEEDBACK_FOLDER}/{name}"), bytes);
        }
    }
    keep("JSON 摘要", format!("{stem}.json"), super::json::render(report).map(String::into_bytes));
    (done, failed)
}

/// Every download in one zip, the feedback workbooks in their folder. Workbooks are zips
/// already and are stored as they are; the JSON is compressed.
pub(crate) fn bundle(downloads: &[Download]) -> Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for d in downloads {
        let method = if d.name.ends_with(".json") { CompressionMethod::Deflated } else { CompressionMethod::Stored };
        let options = SimpleFileOptions::default().compression_method(method).unix_permissions(0o644);
        zip.start_file(d.name.as_str(), options).context("打包下载文件失败")?;
        zip.write_all(&d.bytes).context("打包下载文件失败")?;
    }
    Ok(zip.finish().context("打包下载文件失败")?.into_inner())
}

/// The lines the terminal ends its summary with, naming each download.
pub(crate) fn shown(downloads: &[Download]) -> Vec<(&str, &std::path::Path)> {
    let mut shown: Vec<(&str, &std::path::Path)> = Vec::new();
    for d in downloads {
        if d.label == "问题反馈" {
            if !shown.iter().any(|(label, _)| *label == "各镇（街道）问题反馈") {
                shown.push(("各镇（街道）问题反馈", std::path::Path::new(FEEDBACK_FOLDER)));
            }
        } else {
            shown.push((d.label, std::path::Path::new(&d.name)));
        }
    }
    shown
}
