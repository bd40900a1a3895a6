use std::path::{Path, PathBuf};

use super::*;

const NOW: &str = "2026-01-05T09:30:00";

fn options(month: &str) -> Options {
    Options { month: month.into(), now: NOW.into(), ..Options::default() }
}

/// Every file under `dir` as (path inside it, bytes), as a folder dropped onto the page.
fn dropped(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    // The page hands files over in whatever order the browser lists them.
    out.reverse();
    out
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn page_run(root: &str, files: Vec<(String, Vec<u8>)>, options: &Options) -> Finished {
    let mut run = PageRun::new(options).unwrap();
    for (path, bytes) in files {
        run.add(root, &path, bytes);
    }
    let n = run.find();
    let mut steps = 0;
    while run.read_next() {
        steps += 1;
    }
    assert_eq!((steps, run.read()), (n, n));
    run.finish()
}

fn json_of(finished: &Finished) -> String {
    let json = finished.downloads.iter().find(|d| d.name.ends_with(".json")).expect("the JSON is offered");
    String::from_utf8(json.bytes.clone()).unwrap()
}

/// The command line's JSON for the same folder, with the page's clock.
fn cli_json(dir: &Path, options: &Options) -> String {
    let mut job = job_of(options).unwrap();
    job.inputs = Inputs::Paths(vec![dir.to_path_buf()]);
    crate::report::json::render(&crate::pipeline::run(&job).unwrap()).unwrap()
}

#[test]
fn the_demo_dropped_as_a_folder_gives_the_command_lines_json() {
    let demo = fixture("demo");
    let finished = page_run("demo", dropped(&demo), &options("2023-01"));
    assert_eq!(json_of(&finished), cli_json(&demo, &options("2023-01")));
    let names: Vec<&str> = finished.downloads.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names[..2], ["关爱帮扶汇总_2023年01月.xlsx", "关爱服务记录汇总_2023年01月.xlsx"]);
    assert!(names.contains(&"各镇（街道）问题反馈/井口街道_问题反馈.xlsx"), "{names:?}");
    assert!(!finished.summary.contains("--"), "{}", finished.summary);
    assert!(finished.failed.is_empty(), "{:?}", finished.failed);
    assert!(finished.summary.starts_with("关爱帮扶材料核查完成"), "{}", finished.summary);
    assert!(finished.summary.contains("汇总表：“关爱帮扶汇总_2023年01月.xlsx”"), "{}", finished.summary);
}

#[test]
fn the_bundle_holds_every_download_and_the_workbooks_read_back() {
    let finished = page_run("demo", dropped(&fixture("demo")), &options(""));
    let bundle = finished.bundle.as_ref().expect("a zip of everything");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bundle.bytes.clone())).unwrap();
    assert_eq!(zip.len(), finished.downloads.len());
    for d in &finished.downloads {
        let mut inside = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(&d.name).unwrap(), &mut inside).unwrap();
        assert!(inside == d.bytes, "{} differs in the zip", d.name);
    }
    let summary = &finished.downloads[0].bytes;
    let book = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(std::io::Cursor::new(summary.clone())).unwrap();
    let sheets = calamine::Reader::sheet_names(&book);
    assert_eq!(sheets[0], "总览", "{sheets:?}");
}

#[test]
fn a_zip_dropped_alone_is_read_as_its_members() {
    let mail = fixture("mail").join("收件箱");
    let zip = std::fs::read_dir(&mail)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "zip"))
        .expect("a zip in fixtures/mail");
    let name = zip.file_name().unwrap().to_string_lossy().into_owned();
    let finished = page_run("", vec![(name.clone(), std::fs::read(&zip).unwrap())], &options("2023-01"));
    let json: serde_json::Value = serde_json::from_str(&json_of(&finished)).unwrap();
    let paths: Vec<&str> = json["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.iter().all(|p| p.starts_with(&format!("{name}/"))), "{paths:?}");
    assert!(paths.len() > 1, "{paths:?}");
}

#[test]
fn nothing_submitted_says_so_and_offers_only_the_json() {
    let finished = page_run("", vec![("说明.txt".into(), b"hello".to_vec())], &options("2023-01"));
    assert!(finished.summary.starts_with("没有找到任何报送材料：拖入的文件中有文件 1 个"), "{}", finished.summary);
    assert_eq!(finished.downloads.len(), 1);
    assert!(finished.bundle.is_none());
}

#[test]
fn bad_options_are_said_in_chinese_before_any_file_is_read() {
    let said = |o: Options| PageRun::new(&o).err().expect("refused");
    assert_eq!(said(options("2023-13")), "考核月份的值“2023-13”无法识别，请写成 2023-01");
    let both = Options { from: "2023-01-01".into(), ..options("2023-01") };
    assert!(!said(both).contains("--"));
    let bad_clock = Options { now: "yesterday".into(), ..options("") };
    assert!(said(bad_clock).contains("页面时间"));
}

#[test]
fn hidden_folders_are_not_read_and_the_dropped_folders_name_is_shown_nowhere() {
    let files = vec![(".git/x.csv".to_string(), b"a".to_vec()), ("井口街道/x.csv".to_string(), b"a".to_vec())];
    let mut run = PageRun::new(&options("2023-01")).unwrap();
    for (path, bytes) in files {
        run.add("材料", &path, bytes);
    }
    assert_eq!(run.find(), 1);
    assert_eq!(run.found[0].display, "井口街道/x.csv");
    assert_eq!(run.found[0].folders, ["井口街道", "材料"]);
}

#[test]
fn a_skipped_file_is_refused_as_the_command_line_refuses_a_reader_crash() {
    let mut run = PageRun::new(&options("2023-01")).unwrap();
    for (path, bytes) in dropped(&fixture("demo")) {
        run.add("demo", &path, bytes);
    }
    run.find();
    let name = "井口街道/井口街道_社工名单.xlsx";
    run.skip(name);
    let mut next = Vec::new();
    while let Some(n) = run.next_name().map(str::to_string) {
        next.push(n);
        run.read_next();
    }
    assert!(next.iter().any(|n| n == name));
    let json: serde_json::Value = serde_json::from_str(&json_of(&run.finish())).unwrap();
    let file = json["files"].as_array().unwrap().iter().find(|f| f["path"] == name).unwrap();
    assert_eq!(file["code"], "F02", "{file}");
}
