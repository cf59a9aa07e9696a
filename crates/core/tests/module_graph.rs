//! The files of `crates/core/src`, and those of the app's `src/`, import each
//! other without a circle.
//!
//! Each file is a node. A path in a file (`use crate::corpus::DocId;`,
//! `super::Format`, `crate::store::decode(…)`) is an edge to the file that
//! defines what it names: the deepest module file on the path, or, when that is
//! a folder's `mod.rs` that only re-exports the name, the file of the folder
//! that defines it. A folder's `mod.rs` (and `lib.rs`) declaring and
//! re-exporting its own children is structure, not an import, so edges from a
//! `mod.rs` into its own folder are not counted; everything else is, test
//! modules included.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A source file: its module path (`["corpus", "search"]`) and text.
struct SourceFile {
    module: Vec<String>,
    is_folder_root: bool,
    text: String,
}

fn collect(dir: &Path, root: &Path, out: &mut BTreeMap<String, SourceFile>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, root, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let mut module: Vec<String> = rel
            .trim_end_matches(".rs")
            .split('/')
            .map(str::to_string)
            .collect();
        let is_folder_root = matches!(module.last().map(String::as_str), Some("mod" | "lib"));
        if is_folder_root {
            module.pop();
        }
        let text = fs::read_to_string(&path).expect("source is UTF-8");
        out.insert(
            rel,
            SourceFile {
                module,
                is_folder_root,
                text,
            },
        );
    }
}

/// The text without `//` comments (doc comments included) and string literals'
/// contents are left alone: paths in strings (serde attributes) name functions
/// of the same file.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree
        .replace(" as ", "@")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let close = tree.rfind('}').filter(|&c| c > open).unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |e| format!("{prefix}{e}")))
        .collect()
}

/// Every path starting with `crate`, `super` or `self` in `code`, from `use`
/// trees and from paths written in the code.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        let t = t
            .strip_prefix("pub(crate) ")
            .or_else(|| t.strip_prefix("pub(super) "))
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        let Some(tree) = t.strip_prefix("use ") else {
            continue;
        };
        let mut tree = tree.to_string();
        while !tree.contains(';') {
            match lines.next() {
                Some(more) => tree.push_str(more),
                None => break,
            }
        }
        let tree = tree.split(';').next().unwrap_or("");
        out.extend(
            expand(tree)
                .into_iter()
                .map(|p| p.split('@').next().unwrap_or("").to_string()),
        );
    }
    let bytes = code.as_bytes();
    for key in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(key) {
            let at = from + i;
            from = at + key.len();
            if at > 0
                && (bytes[at - 1].is_ascii_alphanumeric()
                    || bytes[at - 1] == b'_'
                    || bytes[at - 1] == b':')
            {
                continue;
            }
            let end = code[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| at + e);
            out.push(code[at..end].trim_end_matches(':').to_string());
        }
    }
    out.retain(|p| p.starts_with("crate::") || p.starts_with("super::") || p.starts_with("self::"));
    out
}

/// Top-level names a file defines (`pub struct X`, `fn y`, `pub(crate) const Z`, …).
fn definitions(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        while let Some(w) = words.next() {
            if w.starts_with("pub") || w == "unsafe" || w == "async" {
                continue;
            }
            if matches!(
                w,
                "struct" | "enum" | "fn" | "trait" | "const" | "static" | "type" | "mod" | "union"
            ) {
                if let Some(name) = words.next() {
                    let name: String = name
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    names.insert(name);
                }
            }
            break;
        }
    }
    names
}

/// The file that `path` (absolute module segments, then maybe an item) points at.
fn resolve(files: &BTreeMap<String, SourceFile>, segments: &[String]) -> Option<String> {
    let file_of = |module: &[String]| {
        files
            .iter()
            .find(|(_, f)| f.module == module)
            .map(|(k, _)| k.clone())
    };
    let mut depth = 0;
    while depth < segments.len() && file_of(&segments[..=depth]).is_some() {
        depth += 1;
    }
    let module = &segments[..depth];
    let target = file_of(module)?;
    if let Some(item) = segments.get(depth) {
        let file = &files[&target];
        if file.is_folder_root && !definitions(&file.text).contains(item) {
            // Re-exported by the folder: point at the child file that defines it.
            let child = files.iter().find(|(_, f)| {
                f.module.len() == module.len() + 1
                    && f.module.starts_with(module)
                    && definitions(&f.text).contains(item)
            });
            if let Some((name, _)) = child {
                return Some(name.clone());
            }
        }
    }
    Some(target)
}

/// The edges of the import graph, file → files it imports from.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = BTreeMap::new();
    collect(src, src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, file) in &files {
        let code = strip_comments(&file.text);
        // An inline `mod tests {` (at the end of a file) is one module deeper.
        let (main, inline) = match code.find("\nmod tests {") {
            Some(i) => (&code[..i], &code[i..]),
            None => (&code[..], ""),
        };
        let mut tests_module = file.module.clone();
        tests_module.push("tests".to_string());
        let targets = edges.entry(name.clone()).or_default();
        for (part, module) in [(main, &file.module), (inline, &tests_module)] {
            for path in paths(part) {
                let mut segs: Vec<String> = path
                    .split("::")
                    .filter(|s| !s.is_empty() && *s != "*")
                    .map(str::to_string)
                    .collect();
                let mut base: Vec<String> = module.clone();
                match segs.first().map(String::as_str) {
                    Some("crate") => base.clear(),
                    Some("self") => {}
                    Some("super") => {
                        while segs.first().map(String::as_str) == Some("super") {
                            base.pop();
                            segs.remove(0);
                        }
                        segs.insert(0, String::new());
                    }
                    _ => continue,
                }
                segs.remove(0);
                segs.retain(|s| s != "self");
                base.extend(segs);
                let Some(target) = resolve(&files, &base) else {
                    continue;
                };
                let into_own_folder =
                    file.is_folder_root && files[&target].module.starts_with(&file.module);
                if target != *name && !into_own_folder {
                    targets.insert(target);
                }
            }
        }
    }
    edges
}

/// A circle in `edges`, as the files along it, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(node, edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_import_circle_among_the_core_files() {
    let edges = graph(&src());
    assert!(
        edges.len() > 30,
        "the walk found the source files ({} found)",
        edges.len()
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!(
            "import circle among crates/core/src files: {}",
            cycle.join(" → ")
        );
    }
}

#[test]
fn no_import_circle_among_the_app_files() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let edges = graph(&app);
    assert!(
        edges.contains_key("state.rs") && edges.contains_key("components/mod.rs"),
        "the walk found the app's files"
    );
    // `use crate::state::{AppState, NoticeKind}` in actions.rs is an edge to state.rs.
    assert!(
        edges["actions.rs"].contains("state.rs"),
        "{:?}",
        edges["actions.rs"]
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import circle among src/ files: {}", cycle.join(" → "));
    }
}

/// UI state has an owner (a context, a signal of `AppState`, a `StoredValue`):
/// no file of the app keeps it in a `thread_local` global.
#[test]
fn no_thread_local_in_the_app() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let mut files = BTreeMap::new();
    collect(&app, &app, &mut files);
    assert!(
        files.len() > 20,
        "the walk found the app's files ({} found)",
        files.len()
    );
    let with: Vec<&String> = files
        .iter()
        .filter(|(_, f)| strip_comments(&f.text).contains("thread_local!"))
        .map(|(name, _)| name)
        .collect();
    assert!(with.is_empty(), "thread_local in src/: {with:?}");
}

#[test]
fn labels_import_neither_corpus_nor_store() {
    let edges = graph(&src());
    let deps = &edges["labels.rs"];
    assert!(
        deps.contains("status.rs"),
        "labels.rs reads Status from status.rs: {deps:?}"
    );
    let bad: Vec<&String> = deps
        .iter()
        .filter(|d| d.starts_with("corpus") || d.starts_with("store"))
        .collect();
    assert!(bad.is_empty(), "labels.rs imports {bad:?}");
}

#[test]
fn the_graph_sees_edges_through_re_exports_and_super() {
    let edges = graph(&src());
    // `use super::{Corpus, Filter}` in corpus/navigation.rs: Corpus is defined in corpus/mod.rs,
    // Filter (re-exported there) in corpus/filter.rs.
    let nav = &edges["corpus/navigation.rs"];
    assert!(
        nav.contains("corpus/mod.rs") && nav.contains("corpus/filter.rs"),
        "{nav:?}"
    );
    assert!(nav.contains("status.rs"), "{nav:?}");
    // `use crate::corpus::{Corpus, CorpusDoc, DocId, Status}` in store/record.rs.
    let record = &edges["store/record.rs"];
    for f in [
        "corpus/mod.rs",
        "corpus/document.rs",
        "corpus/ids.rs",
        "labels.rs",
        "format/meta.rs",
    ] {
        assert!(record.contains(f), "store/record.rs → {f}: {record:?}");
    }
}

#[test]
fn a_circle_is_found() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges
        .entry("a.rs".into())
        .or_default()
        .insert("b.rs".into());
    edges
        .entry("b.rs".into())
        .or_default()
        .insert("c.rs".into());
    edges
        .entry("c.rs".into())
        .or_default()
        .insert("a.rs".into());
    assert_eq!(
        find_cycle(&edges),
        Some(vec![
            "a.rs".into(),
            "b.rs".into(),
            "c.rs".into(),
            "a.rs".into()
        ])
    );
    if let Some(s) = edges.get_mut("c.rs") {
        s.clear();
    }
    assert_eq!(find_cycle(&edges), None);
}
