//! Document identity: stable [`DocId`]s, never reused, and names made unique.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A document's stable identity within a corpus. Never reused by the corpus
/// that assigned it, and unchanged by renaming, reordering or editing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub u64);

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An id not in `taken`: `next` if free (then `next` moves on), else the
/// first free one counting up from `next`, going round to 0 past `u64::MAX`.
pub(super) fn fresh_id(next: &mut u64, taken: &HashSet<DocId>) -> u64 {
    loop {
        let id = *next;
        *next = next.checked_add(1).unwrap_or(0);
        if !taken.contains(&DocId(id)) {
            return id;
        }
    }
}

/// `name` (trimmed; `document` if empty), or with `-2`, `-3`, … before its
/// extension, whichever is first not in `taken` (lower-cased names).
pub(super) fn unique_name(name: &str, taken: &HashSet<String>) -> String {
    let name = name.trim();
    let name = if name.is_empty() { "document" } else { name };
    if !taken.contains(&name.to_lowercase()) {
        return name.to_string();
    }
    let (stem, ext) = match name.rfind('.') {
        Some(dot)
            if dot > 0
                && (2..=9).contains(&(name.len() - dot))
                && name[dot + 1..].bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            name.split_at(dot)
        }
        _ => (name, ""),
    };
    (2..)
        .map(|n| format!("{stem}-{n}{ext}"))
        .find(|candidate| !taken.contains(&candidate.to_lowercase()))
        .unwrap_or_else(|| name.to_string())
}
