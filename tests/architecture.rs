//! ARCHITECTURE.md kept true: each stage of `src/` imports only the stages below it, and no
//! two files import each other, directly or round a circle. Read from the sources (their
//! `crate::` and `super::` paths), test modules left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages, lowest first (ARCHITECTURE.md). A stage may import those before it.
const LAYERS: &[&[&str]] = &[
    &["say", "progress", "interrupt", "own"],
    &["normalize"],
    &["period"],
    &["model"],
    &["config"],
    &["ingest"],
    &["check"],
    &["assess"],
    &["compare"],
    &["report"],
    &["history"],
    &["pipeline"],
    &["cli"],
    &["cmd", "browser"],
];

fn layer(stage: &str) -> usize {
    LAYERS.iter().position(|l| l.contains(&stage)).unwrap_or_else(|| panic!("stage {stage} is in no layer"))
}

/// Every module of src/ (a::b for src/a/b.rs and src/a/b/mod.rs) with its text, test
/// module cut off.
fn modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.find("#[cfg(test)]\nmod tests").map_or(text.as_str(), |at| &text[..at]).to_string();
            out.insert(parts.join("::"), code);
        }
    }
    out
}

/// The modules `code` (of module `module`) names through `crate::` and `super::` paths.
fn imports(module: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let words: Vec<&str> = code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).collect();
    for word in words {
        let segs: Vec<&str> = word.split("::").filter(|s| !s.is_empty()).collect();
        let path: Vec<String> = match segs.first() {
            Some(&"crate") => segs[1..].iter().map(|s| s.to_string()).collect(),
            Some(&"super") => {
                // `super` of a::b (src/a/b.rs) and of a (src/a/mod.rs) alike: the path less
                // its last part.
                let mut base: Vec<String> = module.split("::").map(String::from).collect();
                base.pop();
                base.extend(segs[1..].iter().map(|s| s.to_string()));
                base
            }
            _ => continue,
        };
        for k in (1..=path.len()).rev() {
            let target = path[..k].join("::");
            if known.contains(&target) {
                if target != module && !module.starts_with(&format!("{target}::")) {
                    out.insert(target);
                }
                break;
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules.iter().map(|(m, code)| (m.clone(), imports(m, code, &known))).collect()
}

#[test]
fn each_stage_imports_only_the_stages_below_it() {
    let mut upward = Vec::new();
    for (module, targets) in graph() {
        let stage = module.split("::").next().unwrap().to_string();
        if matches!(stage.as_str(), "lib" | "main") {
            continue;
        }
        for target in targets {
            let to = target.split("::").next().unwrap();
            if to != stage && layer(to) >= layer(&stage) {
                upward.push(format!("{module} → {target}"));
            }
        }
    }
    assert!(upward.is_empty(), "imports against ARCHITECTURE.md's order:\n{}", upward.join("\n"));
}

#[test]
fn no_files_import_each_other_round_a_circle() {
    let graph = graph();
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(m.to_string(), 1);
        path.push(m.to_string());
        for t in graph.get(m).into_iter().flatten() {
            match state.get(t.as_str()) {
                Some(1) => {
                    let at = path.iter().position(|p| p == t).unwrap();
                    return Some(path[at..].to_vec());
                }
                None => {
                    if let Some(c) = visit(t, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in graph.keys() {
        if !state.contains_key(m.as_str()) {
            if let Some(circle) = visit(m, &graph, &mut state, &mut Vec::new()) {
                panic!("a circle of imports: {}", circle.join(" → "));
            }
        }
    }
}

#[test]
fn the_reader_of_imports_sees_them() {
    // The test above is only as good as its reading of paths: it must see these.
    let graph = graph();
    assert!(graph["report::print"].contains("report::plan"), "{:?}", graph["report::print"]);
    assert!(graph["pipeline"].iter().any(|t| t.starts_with("ingest")), "{:?}", graph["pipeline"]);
    assert!(graph["ingest::csv"].contains("ingest::raw"), "{:?}", graph["ingest::csv"]);
}
