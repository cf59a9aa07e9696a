//! Code the browser app ships sorts stably through `tagmark_core::sort`, not
//! through `slice::sort_by` and friends: each of those is a copy of the standard
//! library's stable sort in the wasm (several KB each; 12 copies had crept back
//! in before this check, docs/size.md). Test modules may sort as they like.

use std::fs;
use std::path::{Path, PathBuf};

/// Calls that instantiate the standard library's stable sort for their type.
const STD_STABLE_SORTS: [&str; 4] = [
    ".sort()",
    ".sort_by(",
    ".sort_by_key(",
    ".sort_by_cached_key(",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("source folder is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of `text` outside `#[cfg(test)] mod … { … }` blocks, with their
/// 1-based numbers, `//` comments removed.
fn shipped_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut skipping = false;
    let mut depth = 0i32;
    let mut seen_brace = false;
    for (i, line) in text.lines().enumerate() {
        let code = line.find("//").map_or(line, |at| &line[..at]);
        if !skipping && code.trim() == "#[cfg(test)]" {
            skipping = true;
            depth = 0;
            seen_brace = false;
            continue;
        }
        if skipping {
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        seen_brace = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            // `mod tests;` (a file of its own) or the end of the block.
            if (seen_brace && depth == 0) || (!seen_brace && code.trim_end().ends_with(';')) {
                skipping = false;
            }
            continue;
        }
        out.push((i + 1, code.to_string()));
    }
    out
}

/// Every `file:line: text` in `roots` that calls one of the standard library's stable sorts.
fn std_sorts(roots: &[PathBuf]) -> (usize, Vec<String>) {
    let mut files = Vec::new();
    for root in roots {
        rust_files(root, &mut files);
    }
    files.sort();
    let mut found = Vec::new();
    let mut scanned = 0;
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // The shared sort itself, and test-only files (`#[cfg(test)] mod tests;`).
        if name == "sort.rs" || name == "tests.rs" {
            continue;
        }
        scanned += 1;
        let text = fs::read_to_string(path).expect("source is UTF-8");
        for (n, line) in shipped_lines(&text) {
            if STD_STABLE_SORTS.iter().any(|call| line.contains(call)) {
                found.push(format!("{}:{n}: {}", path.display(), line.trim()));
            }
        }
    }
    (scanned, found)
}

#[test]
fn shipped_code_sorts_through_the_shared_sort() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let (scanned, found) = std_sorts(&[core, app]);
    assert!(
        scanned > 60,
        "the walk found the source files ({scanned} found)"
    );
    assert!(
        found.is_empty(),
        "these calls each put a copy of the standard library's stable sort in the wasm; \
         use tagmark_core::sort::sort_by or sort_by_key instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn test_modules_are_left_out_and_the_rest_is_read() {
    let text = "fn a(v: &mut Vec<u8>) {\n    v.sort_by_key(|x| *x); // here\n}\n\
                #[cfg(test)]\nmod tests {\n    fn b(v: &mut Vec<u8>) {\n        v.sort();\n    }\n}\n\
                fn c(v: &mut Vec<u8>) { v.sort_by(|a, b| a.cmp(b)) }\n";
    let lines = shipped_lines(text);
    let hits: Vec<usize> = lines
        .iter()
        .filter(|(_, l)| STD_STABLE_SORTS.iter().any(|call| l.contains(call)))
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(hits, [2, 10]);
}
