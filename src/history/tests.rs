//! The history file's faults that need no run: what is not ours is refused and left as it was.

use super::*;

fn sha(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("关爱历史.sqlite");
    std::fs::write(&path, "这不是数据库，只是一段文字。".repeat(100)).unwrap();
    let before = sha(&path);
    let fault = History::open(&path).err().expect("refused");
    assert_eq!(fault, Fault::NotHistory(path.clone()));
    assert!(fault.to_string().contains("不是 guanai 的历史记录"), "{fault}");
    assert_eq!(sha(&path), before);
}

#[test]
fn another_programs_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(conn);
    let before = sha(&path);
    assert_eq!(History::open(&path).err(), Some(Fault::NotHistory(path.clone())));
    assert_eq!(sha(&path), before);
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let conn = Connection::open(&path).unwrap();
    let newer = schema::VERSION + 1;
    conn.execute_batch(&format!(
        "CREATE TABLE future (x); PRAGMA application_id = {}; PRAGMA user_version = {newer};",
        schema::APPLICATION_ID
    ))
    .unwrap();
    drop(conn);
    let before = sha(&path);
    let fault = History::open(&path).err().expect("refused");
    assert_eq!(fault, Fault::Newer(path.clone(), newer));
    assert!(fault.to_string().contains("更新版本"), "{fault}");
    assert_eq!(sha(&path), before);
}

#[test]
fn no_file_is_created_by_opening_and_an_empty_one_becomes_a_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let history = History::open(&path).unwrap();
    assert!(!path.exists(), "reading creates nothing");
    assert_eq!(history.entries().unwrap(), []);
    std::fs::write(&path, b"").unwrap();
    let history = History::open(&path).unwrap();
    assert_eq!(history.entries().unwrap(), []);
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::VERSION);
}
