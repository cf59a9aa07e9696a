//! The entity inventory: a picture of a whole corpus.
//!
//! [`Inventory::build`] reads every document once and gathers
//! - spans per label, and in how many documents each label appears;
//! - documents per review [`Status`];
//! - for each label its distinct strings, each with its count and every place
//!   it occurs ([`Occurrence`]: document index and byte range);
//! - conflicts: a string tagged with more than one label, with the count per
//!   label (`Apple`: org ×12, fruit ×1).
//!
//! ## How strings are compared
//! Two spans hold the same string when their texts are equal after
//! [`normalize`]: every run of whitespace (Unicode `White_Space`, line breaks
//! `\r\n`, `\n`, `\r` included) becomes one space, and whitespace at either end
//! is dropped. There is no case folding and no Unicode normalisation: `Apple`
//! and `apple` are different strings (an organisation and a fruit), as are a
//! precomposed `é` and `e` + U+0301. A span of whitespace only becomes one space,
//! so no span is ever left out.
//!
//! ## Order
//! Labels are sorted by span count (most first), then by name. A label's strings
//! are sorted by count (most first), then by text (byte order, so the same on
//! every platform). Occurrences are in corpus order, then text order. Conflicts
//! are sorted by their total count (most first), then by text; within one, labels
//! by count, then name.
//!
//! Offsets stay bytes here; [`Inventory::to_json`] gives code points, the unit
//! people and Python count in. Building is linear in the number of spans plus a
//! sort of the distinct strings: 1,000 seeds take a few milliseconds.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde_json::{json, Value};

use crate::corpus::{snippet, Corpus, Snippet, SNIPPET_CONTEXT};
use crate::document::Document;
use crate::format::Meta;
use crate::offsets::{OffsetMap, OffsetUnit};
use crate::status::Status;

/// One document as the inventory reads it.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// Its name, shown where an occurrence is listed.
    pub name: &'a str,
    /// Its text and spans.
    pub document: &'a Document,
    /// Its review status.
    pub status: Status,
}

/// Where a string occurs: a span of one document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Occurrence {
    /// Index of the document in the order the inventory read them (for a
    /// [`Corpus`], its index in [`Corpus::docs`]).
    pub doc: usize,
    /// Byte range of the span in the document's text.
    pub range: Range<usize>,
}

/// A distinct string of one label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringEntry {
    /// The string, normalised (see the [module documentation](self)).
    pub text: String,
    /// Where it occurs with this label, in corpus order; its length is the count.
    pub occurrences: Vec<Occurrence>,
}

impl StringEntry {
    /// How many spans of this label hold the string.
    pub fn count(&self) -> usize {
        self.occurrences.len()
    }
}

/// One label of the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelEntry {
    /// The label name.
    pub label: String,
    /// Number of spans with this label.
    pub spans: usize,
    /// Number of documents with at least one such span.
    pub docs: usize,
    /// Its distinct strings, most frequent first (then by text).
    pub strings: Vec<StringEntry>,
}

/// A string tagged with more than one label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The string, normalised.
    pub text: String,
    /// Each label it is tagged with and how often, most frequent first (then by name).
    pub labels: Vec<(String, usize)>,
}

impl Conflict {
    /// Number of spans holding the string, over all its labels.
    pub fn total(&self) -> usize {
        self.labels.iter().map(|(_, n)| n).sum()
    }

    /// The counts as people read them: `org ×12, fruit ×1`.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .labels
            .iter()
            .map(|(l, n)| format!("{l} ×{n}"))
            .collect();
        parts.join(", ")
    }
}

/// The picture of a corpus (see the [module documentation](self)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    /// Number of documents read.
    pub docs: usize,
    /// Number of spans, over all labels.
    pub spans: usize,
    /// Documents per status, one entry for each of [`Status::ALL`] in that order.
    pub statuses: Vec<(Status, usize)>,
    /// Every label that has a span, most spans first (then by name).
    pub labels: Vec<LabelEntry>,
    /// Strings tagged with more than one label.
    pub conflicts: Vec<Conflict>,
    /// Index into `conflicts` by string.
    conflict_index: HashMap<String, usize>,
}

/// The string a span's text counts as: whitespace runs collapsed to one space and
/// trimmed at both ends (a span of whitespace only gives one space). No case folding.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        }
    }
    if out.is_empty() && !text.is_empty() {
        out.push(' ');
    }
    out
}

/// The review status a document read from another format says it has: tagmark's
/// own `meta.status` (`todo`, `accepted`, …), else Prodigy's `answer` (`accept`,
/// `reject`, `ignore`). `None` when it says nothing.
pub fn status_from_meta(meta: &Meta) -> Option<Status> {
    meta.meta
        .get("status")
        .and_then(|v| v.as_str())
        .and_then(Status::from_id)
        .or_else(|| meta.answer.as_deref().and_then(Status::from_answer))
}

impl Inventory {
    /// Reads `docs` in order; occurrences refer to them by that position.
    pub fn build<'a>(docs: impl IntoIterator<Item = Source<'a>>) -> Inventory {
        let mut inv = Inventory::default();
        let mut status_counts = [0usize; Status::ALL.len()];
        // label name → index in `labels`; (label index, string) → index in its strings.
        let mut label_index: HashMap<&'a str, usize> = HashMap::new();
        let mut labels: Vec<(&'a str, Vec<StringEntry>)> = Vec::new();
        let mut string_index: HashMap<(usize, String), usize> = HashMap::new();
        for (doc_index, source) in docs.into_iter().enumerate() {
            inv.docs += 1;
            if let Some(i) = Status::ALL.iter().position(|s| *s == source.status) {
                status_counts[i] += 1;
            }
            let doc = source.document;
            for span in &doc.spans {
                inv.spans += 1;
                let l = *label_index.entry(span.label.as_str()).or_insert_with(|| {
                    labels.push((span.label.as_str(), Vec::new()));
                    labels.len() - 1
                });
                let text = normalize(doc.span_text(span));
                let occurrence = Occurrence {
                    doc: doc_index,
                    range: span.range(),
                };
                match string_index.get(&(l, text.clone())) {
                    Some(&s) => labels[l].1[s].occurrences.push(occurrence),
                    None => {
                        let strings = &mut labels[l].1;
                        string_index.insert((l, text.clone()), strings.len());
                        strings.push(StringEntry {
                            text,
                            occurrences: vec![occurrence],
                        });
                    }
                }
            }
        }
        inv.statuses = Status::ALL.into_iter().zip(status_counts).collect();
        inv.labels = labels
            .into_iter()
            .map(|(label, mut strings)| {
                let spans = strings.iter().map(StringEntry::count).sum();
                let mut docs: Vec<usize> = strings
                    .iter()
                    .flat_map(|s| s.occurrences.iter().map(|o| o.doc))
                    .collect();
                docs.sort_unstable();
                docs.dedup();
                crate::sort::sort_by(&mut strings, |a, b| {
                    b.count().cmp(&a.count()).then_with(|| a.text.cmp(&b.text))
                });
                LabelEntry {
                    label: label.to_string(),
                    spans,
                    docs: docs.len(),
                    strings,
                }
            })
            .collect();
        crate::sort::sort_by(&mut inv.labels, |a, b| {
            b.spans.cmp(&a.spans).then_with(|| a.label.cmp(&b.label))
        });
        inv.find_conflicts();
        inv
    }

    /// The inventory of every document of `corpus`, with its statuses.
    pub fn of_corpus(corpus: &Corpus) -> Inventory {
        Inventory::build(corpus.docs().iter().map(|d| Source {
            name: d.name(),
            document: d.document(),
            status: d.status(),
        }))
    }

    fn find_conflicts(&mut self) {
        let mut by_text: HashMap<&str, Vec<(String, usize)>> = HashMap::new();
        for label in &self.labels {
            for s in &label.strings {
                by_text
                    .entry(s.text.as_str())
                    .or_default()
                    .push((label.label.clone(), s.count()));
            }
        }
        let mut conflicts: Vec<Conflict> = by_text
            .into_iter()
            .filter(|(_, labels)| labels.len() > 1)
            .map(|(text, mut labels)| {
                crate::sort::sort_by(&mut labels, |a, b| {
                    b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
                });
                Conflict {
                    text: text.to_string(),
                    labels,
                }
            })
            .collect();
        crate::sort::sort_by(&mut conflicts, |a, b| {
            b.total().cmp(&a.total()).then_with(|| a.text.cmp(&b.text))
        });
        self.conflict_index = conflicts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.text.clone(), i))
            .collect();
        self.conflicts = conflicts;
    }

    /// The label named `label`, if it has spans.
    pub fn label(&self, label: &str) -> Option<&LabelEntry> {
        self.labels.iter().find(|l| l.label == label)
    }

    /// The conflict about `text` (a normalised string), if it is tagged with more than one label.
    pub fn conflict(&self, text: &str) -> Option<&Conflict> {
        self.conflict_index.get(text).map(|&i| &self.conflicts[i])
    }

    /// How many documents have `status`.
    pub fn status_count(&self, status: Status) -> usize {
        self.statuses
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }

    /// The inventory as a table for a terminal: totals, documents per status,
    /// spans per label, each label's strings (at most `per_label` of them, `None`
    /// for all) and the conflicts.
    pub fn to_table(&self, per_label: Option<usize>) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} document(s), {} span(s), {} label(s)",
            self.docs,
            self.spans,
            self.labels.len()
        );
        let _ = writeln!(out, "\nDocuments per status");
        for (status, n) in &self.statuses {
            let _ = writeln!(out, "  {:<10} {n:>7}", status.name());
        }
        let width = self
            .labels
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let _ = writeln!(out, "\nSpans per label");
        let _ = writeln!(
            out,
            "  {:<width$} {:>7} {:>7} {:>8}",
            "label", "spans", "docs", "strings"
        );
        for l in &self.labels {
            let _ = writeln!(
                out,
                "  {:<width$} {:>7} {:>7} {:>8}",
                l.label,
                l.spans,
                l.docs,
                l.strings.len()
            );
        }
        for l in &self.labels {
            let _ = writeln!(
                out,
                "\n{} ({} span(s), {} string(s))",
                l.label,
                l.spans,
                l.strings.len()
            );
            let shown = per_label.unwrap_or(usize::MAX).min(l.strings.len());
            for s in &l.strings[..shown] {
                let mark = match self.conflict(&s.text) {
                    Some(c) => format!("  [conflict: {}]", c.summary()),
                    None => String::new(),
                };
                let _ = writeln!(out, "  {:>7}  {}{mark}", s.count(), shown_text(&s.text));
            }
            if shown < l.strings.len() {
                let _ = writeln!(out, "  … {} more", l.strings.len() - shown);
            }
        }
        let _ = writeln!(
            out,
            "\nConflicts (a string tagged with more than one label): {}",
            self.conflicts.len()
        );
        for c in &self.conflicts {
            let _ = writeln!(out, "  {}: {}", shown_text(&c.text), c.summary());
        }
        out
    }

    /// The inventory as JSON. `docs` are the documents it was built from, in the
    /// same order: occurrences name their document and give code-point offsets.
    ///
    /// `{"documents", "spans", "statuses": {"todo": n, …}, "labels": [{"label",
    /// "spans", "documents", "strings": [{"text", "count", "conflict"?: {label: n},
    /// "occurrences": [{"document", "start", "end"}]}]}], "conflicts": [{"text",
    /// "labels": {label: n}}]}` (label maps keep the conflict's order).
    pub fn to_json(&self, docs: &[Source<'_>]) -> Value {
        // Code points at the edge: one offset map per document, made when first needed.
        let mut maps: HashMap<usize, OffsetMap> = HashMap::new();
        let mut code_points = |o: &Occurrence| -> (&str, usize, usize) {
            let Some(d) = docs.get(o.doc) else {
                return ("", o.range.start, o.range.end);
            };
            let map = maps
                .entry(o.doc)
                .or_insert_with(|| OffsetMap::new(&d.document.text));
            let cp = |b: usize| map.from_byte(b, OffsetUnit::Codepoints).unwrap_or(b);
            (d.name, cp(o.range.start), cp(o.range.end))
        };
        let labels: Vec<Value> = self
            .labels
            .iter()
            .map(|l| {
                let strings: Vec<Value> = l
                    .strings
                    .iter()
                    .map(|s| {
                        let occurrences: Vec<Value> = s
                            .occurrences
                            .iter()
                            .map(|o| {
                                let (name, start, end) = code_points(o);
                                json!({"document": name, "start": start, "end": end})
                            })
                            .collect();
                        let mut entry = json!({"text": s.text, "count": s.count()});
                        if let Some(c) = self.conflict(&s.text) {
                            entry["conflict"] = label_counts(c);
                        }
                        entry["occurrences"] = Value::Array(occurrences);
                        entry
                    })
                    .collect();
                json!({"label": l.label, "spans": l.spans, "documents": l.docs, "strings": strings})
            })
            .collect();
        let statuses: serde_json::Map<String, Value> = self
            .statuses
            .iter()
            .map(|(s, n)| (s.id().to_string(), json!(n)))
            .collect();
        let conflicts: Vec<Value> = self
            .conflicts
            .iter()
            .map(|c| json!({"text": c.text, "labels": label_counts(c)}))
            .collect();
        json!({
            "documents": self.docs,
            "spans": self.spans,
            "statuses": statuses,
            "labels": labels,
            "conflicts": conflicts,
        })
    }
}

/// A conflict's counts as a JSON object `{label: count}` in the conflict's order.
fn label_counts(c: &Conflict) -> Value {
    Value::Object(
        c.labels
            .iter()
            .map(|(l, n)| (l.clone(), json!(n)))
            .collect(),
    )
}

/// A string as a table shows it: quoted when it has a space at an end (a
/// whitespace-only span) so it is seen.
fn shown_text(text: &str) -> String {
    if text.trim().is_empty() {
        format!("{text:?}")
    } else {
        text.to_string()
    }
}

impl Occurrence {
    /// The span's text with some context around it (see [`Snippet`]), from the
    /// text of the document it is in. `None` when the range does not fit `text`.
    pub fn snippet(&self, text: &str) -> Option<Snippet> {
        text.get(self.range.clone())?;
        Some(snippet(text, self.range.clone(), SNIPPET_CONTEXT))
    }
}
