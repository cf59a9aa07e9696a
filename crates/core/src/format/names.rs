//! File and record names: safe output file names, stems, brat partners, and
//! names for the records of one file.

use serde_json::Value;

use super::{InputFile, NamedDocument};

/// Makes distinct, safe file names (no directories, no leading dot) from document names.
pub fn file_names(docs: &[NamedDocument]) -> Vec<String> {
    let mut used: Vec<String> = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut base: String = doc
            .name
            .chars()
            .map(|c| {
                if c == '/' || c == '\\' || c == ':' || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let trimmed = base.trim_start_matches('.').trim().to_string();
        base = if trimmed.is_empty() {
            "document".to_string()
        } else {
            trimmed
        };
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        used.push(name);
    }
    used
}

/// The stem of a path: its last component without the extension (`data/a.jsonl` → `a`).
pub fn file_stem(path: &str) -> String {
    let last = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match last.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => last,
    };
    if stem.is_empty() || stem == "<stdin>" {
        "stdin".to_string()
    } else {
        stem.to_string()
    }
}

/// brat's pairing rule, the one place it is written: a `.txt` and an `.ann`
/// whose names are the same up to the extension are one document. Returns the
/// `.ann` among `inputs` for a `.txt` named `name`, or the `.txt` for any other
/// name (an `.ann`, or a file read as brat whatever its extension).
pub fn brat_partner<'a>(inputs: &'a [InputFile], name: &str) -> Option<&'a InputFile> {
    let stem = |n: &str| n.rsplit_once('.').map_or(n, |(s, _)| s).to_string();
    let want = if name.ends_with(".txt") {
        ".ann"
    } else {
        ".txt"
    };
    let own = stem(name);
    inputs
        .iter()
        .find(|i| i.name != name && i.name.ends_with(want) && stem(&i.name) == own)
}

/// `path` with its extension replaced by `ext` (`a/b.ann` → `a/b.txt`).
pub fn partner_name(path: &str, ext: &str) -> String {
    let last_start = path.rfind(['/', '\\']).map_or(0, |i| i + 1);
    match path[last_start..].rfind('.') {
        Some(dot) => format!("{}.{ext}", &path[..last_start + dot]),
        None => format!("{path}.{ext}"),
    }
}

/// Names for `n` documents read from one file: the stem alone for one, `stem-1`, `stem-2`, … otherwise.
pub(crate) fn record_name(stem: &str, index: usize, id: Option<&Value>) -> String {
    match id {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => format!("{stem}-{n}"),
        _ => format!("{stem}-{index}"),
    }
}
