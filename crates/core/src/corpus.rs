//! A corpus: many documents under review, each with a status, and the label set.
//!
//! Each [`CorpusDoc`] keeps its inline source text — the app's truth — and,
//! derived from it when the document is added or its source changes, the parsed
//! [`Document`], its diagnostics and a case-folded copy of its plain text for
//! search. That cache is never stored: [`crate::store`] writes only the source,
//! and reading a corpus back parses each document once. Everything the document
//! list shows (span count, labels, a diagnostics mark) and every filter and
//! search reads the cache, so none of them parses.
//!
//! Navigation and review follow the keys of [`Status::key`]: setting a status
//! with [`Corpus::set_status_and_advance`] moves to the next document.
//!
//! A document read from another format also keeps what that format said beyond
//! text and spans ([`Meta`]: record ids, brat relation lines, Prodigy fields, …),
//! for exports to give back. A change of the source that changes the plain text
//! (not only the spans) updates it with [`Meta::text_changed`].
//!
//! The corpus records which documents changed since the app last saved
//! ([`Corpus::take_changes`]), so that autosave writes only those.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use crate::document::Document;
use crate::format::Meta;
use crate::labels::LabelSet;
use crate::parse::{parse, Parsed};

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

/// The review status of a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not reviewed yet.
    #[default]
    Todo,
    /// Reviewed and kept.
    Accepted,
    /// Reviewed and thrown out.
    Rejected,
    /// Looked at and left for later.
    Skipped,
}

impl Status {
    /// Every status, in the order shown.
    pub const ALL: [Status; 4] = [Status::Todo, Status::Accepted, Status::Rejected, Status::Skipped];

    /// The key that sets the status: `U` (back to to-do), `A` (accept),
    /// `X` (reject), `S` (skip). Upper case; [`Status::from_key`] takes either case.
    pub fn key(self) -> char {
        match self {
            Status::Todo => 'U',
            Status::Accepted => 'A',
            Status::Rejected => 'X',
            Status::Skipped => 'S',
        }
    }

    /// The status a key sets, either case.
    pub fn from_key(key: char) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key.to_ascii_uppercase())
    }

    /// The name shown to people: `to do`, `accepted`, `rejected`, `skipped`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Todo => "to do",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Skipped => "skipped",
        }
    }

    /// The name stored and written to metadata: `todo`, `accepted`, `rejected`, `skipped`.
    pub fn id(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Skipped => "skipped",
        }
    }

    /// The status with [`Status::id`] `id`.
    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }

    /// True for every status but [`Status::Todo`]: the document has been reviewed.
    pub fn is_done(self) -> bool {
        self != Status::Todo
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One document of a corpus: its inline source and review status, and what is
/// derived from the source (see the [module documentation](self)).
///
/// Fields are read through methods; changes go through [`Corpus`], which keeps
/// the derived data and the change record right.
#[derive(Clone, Debug)]
pub struct CorpusDoc {
    id: DocId,
    name: String,
    source_format: String,
    source: String,
    status: Status,
    updated: u64,
    meta: Meta,
    parsed: Parsed,
    folded: Folded,
}

impl PartialEq for CorpusDoc {
    /// Compares what is stored; the rest is derived from it.
    fn eq(&self, other: &CorpusDoc) -> bool {
        self.id == other.id
            && self.name == other.name
            && self.source_format == other.source_format
            && self.source == other.source
            && self.status == other.status
            && self.updated == other.updated
            && self.meta == other.meta
    }
}

impl Eq for CorpusDoc {}

impl CorpusDoc {
    /// A document as stored: parses `source` once.
    pub fn new(
        id: DocId,
        name: impl Into<String>,
        source_format: impl Into<String>,
        source: impl Into<String>,
        status: Status,
        updated: u64,
    ) -> CorpusDoc {
        let source = source.into();
        let parsed = parse(&source);
        let folded = Folded::new(&parsed.document.text);
        CorpusDoc {
            id,
            name: name.into(),
            source_format: source_format.into(),
            source,
            status,
            updated,
            meta: Meta::default(),
            parsed,
            folded,
        }
    }

    /// The same document with `meta` as what its source format said about it.
    pub fn with_meta(mut self, meta: Meta) -> CorpusDoc {
        self.meta = meta;
        self
    }

    /// What the format it was read from said beyond text and spans (empty for
    /// inline sources), kept up to date with changes of the text.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The stable id.
    pub fn id(&self) -> DocId {
        self.id
    }

    /// The name: a file name, a record id, or one made up; unique in its corpus
    /// (ignoring case).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The format the document was read from (e.g. `inline`, `doccano`), as given
    /// when it was added. The source is always inline-tagged text.
    pub fn source_format(&self) -> &str {
        &self.source_format
    }

    /// The inline-tagged source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The review status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The document's revision: 0 when added, one more after each change of its
    /// source, name or status.
    pub fn updated(&self) -> u64 {
        self.updated
    }

    /// The source parsed: the document and its diagnostics.
    pub fn parsed(&self) -> &Parsed {
        &self.parsed
    }

    /// The plain text and spans.
    pub fn document(&self) -> &Document {
        &self.parsed.document
    }

    /// The plain text (the source without its tags).
    pub fn text(&self) -> &str {
        &self.parsed.document.text
    }

    /// Number of spans.
    pub fn span_count(&self) -> usize {
        self.parsed.document.spans.len()
    }

    /// The distinct labels its spans use, in order of first appearance.
    pub fn labels(&self) -> Vec<&str> {
        self.parsed.document.labels()
    }

    /// True when a span uses `label`.
    pub fn has_label(&self, label: &str) -> bool {
        self.parsed.document.spans.iter().any(|s| s.label == label)
    }

    /// Number of diagnostics in the source.
    pub fn diagnostic_count(&self) -> usize {
        self.parsed.diagnostics.len()
    }

    /// True when the source has diagnostics.
    pub fn has_diagnostics(&self) -> bool {
        !self.parsed.diagnostics.is_empty()
    }
}

/// The plain text case-folded (each character lower-cased), for search, and
/// where folding changed a character's length in bytes.
#[derive(Clone, Debug, Default)]
struct Folded {
    text: String,
    /// Characters whose folded form has another length, in order.
    irregular: Vec<Irregular>,
}

#[derive(Clone, Debug)]
struct Irregular {
    folded: Range<usize>,
    original: Range<usize>,
}

/// Lower-cases `s` character by character (so that `Σ` always folds to `σ`,
/// whatever its position, in the text and in the query alike).
fn fold_str(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().flat_map(char::to_lowercase).collect()
}

impl Folded {
    fn new(text: &str) -> Folded {
        if text.is_ascii() {
            return Folded { text: text.to_ascii_lowercase(), irregular: Vec::new() };
        }
        let mut out = String::with_capacity(text.len());
        let mut irregular = Vec::new();
        for (at, c) in text.char_indices() {
            let start = out.len();
            let mut lower = c.to_lowercase();
            if lower.len() == 1 {
                let l = lower.next().unwrap_or(c);
                out.push(l);
                if l.len_utf8() == c.len_utf8() {
                    continue;
                }
            } else {
                out.extend(lower);
            }
            irregular.push(Irregular { folded: start..out.len(), original: at..at + c.len_utf8() });
        }
        Folded { text: out, irregular }
    }

    /// The original offset of a match starting at folded offset `x` (the start of
    /// the character it falls in).
    fn original_start(&self, x: usize) -> usize {
        let i = self.irregular.partition_point(|r| r.folded.start <= x);
        match i.checked_sub(1).map(|i| &self.irregular[i]) {
            None => x,
            Some(r) if x < r.folded.end => r.original.start,
            Some(r) => r.original.end + (x - r.folded.end),
        }
    }

    /// The original offset of a match ending at folded offset `x` (the end of the
    /// character it falls in).
    fn original_end(&self, x: usize) -> usize {
        let i = self.irregular.partition_point(|r| r.folded.start < x);
        match i.checked_sub(1).map(|i| &self.irregular[i]) {
            None => x,
            Some(r) if x <= r.folded.end => r.original.end,
            Some(r) => r.original.end + (x - r.folded.end),
        }
    }
}

/// Which documents to show: all conditions set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only documents with this status.
    pub status: Option<Status>,
    /// Only documents with a span of this label.
    pub label: Option<String>,
    /// Only documents whose source has diagnostics.
    pub with_diagnostics: bool,
}

impl Filter {
    /// The filter that lets every document through.
    pub fn all() -> Filter {
        Filter::default()
    }

    /// Only documents with `status`.
    pub fn status(status: Status) -> Filter {
        Filter { status: Some(status), ..Filter::default() }
    }

    /// Only documents with a span labelled `label`.
    pub fn label(label: impl Into<String>) -> Filter {
        Filter { label: Some(label.into()), ..Filter::default() }
    }

    /// True when `doc` passes.
    pub fn matches(&self, doc: &CorpusDoc) -> bool {
        self.status.is_none_or(|s| doc.status == s)
            && self.label.as_deref().is_none_or(|l| doc.has_label(l))
            && (!self.with_diagnostics || doc.has_diagnostics())
    }

    /// True when the filter lets every document through.
    pub fn is_all(&self) -> bool {
        *self == Filter::default()
    }
}

/// How many documents there are, by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// All documents.
    pub total: usize,
    /// To do.
    pub todo: usize,
    /// Accepted.
    pub accepted: usize,
    /// Rejected.
    pub rejected: usize,
    /// Skipped.
    pub skipped: usize,
}

impl Progress {
    /// Documents reviewed: accepted, rejected or skipped.
    pub fn done(&self) -> usize {
        self.accepted + self.rejected + self.skipped
    }

    /// Documents with `status`.
    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Todo => self.todo,
            Status::Accepted => self.accepted,
            Status::Rejected => self.rejected,
            Status::Skipped => self.skipped,
        }
    }

    /// `done / total`, 0 for an empty corpus.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.done() as f64 / self.total as f64
        }
    }
}

/// A match of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    /// Index of the document in the corpus.
    pub doc: usize,
    /// Its id.
    pub id: DocId,
    /// Byte range of the match in the document's plain text ([`CorpusDoc::text`]).
    pub range: Range<usize>,
    /// The match with some text around it.
    pub snippet: Snippet,
}

/// A line of context around a match, for a result list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The text: up to [`SNIPPET_CONTEXT`] grapheme clusters either side of the
    /// match, `…` where cut, line breaks and tabs shown as spaces.
    pub text: String,
    /// Byte range of the match in [`Snippet::text`].
    pub highlight: Range<usize>,
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// The first matches, in corpus order then text order, at most the limit asked for.
    pub hits: Vec<SearchHit>,
    /// Every match, counted even past the limit.
    pub total: usize,
    /// Documents with at least one match.
    pub docs: usize,
}

/// Grapheme clusters of context either side of a match in a [`Snippet`].
pub const SNIPPET_CONTEXT: usize = 30;

/// Which documents to export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportScope {
    /// Every document.
    #[default]
    All,
    /// Only accepted documents.
    Accepted,
}

/// A document to add to a corpus: see [`Corpus::add_documents`]. Tuples
/// `(name, source format, inline source)` and `(name, source format, inline
/// source, meta)` convert into it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewDocument {
    /// The name (made unique when added).
    pub name: String,
    /// The format it was read from (e.g. `inline`, `brat`).
    pub source_format: String,
    /// The inline-tagged source.
    pub source: String,
    /// What the format said beyond text and spans; must describe the plain text of `source`.
    pub meta: Meta,
}

impl<N: Into<String>, F: Into<String>, S: Into<String>> From<(N, F, S)> for NewDocument {
    fn from((name, format, source): (N, F, S)) -> NewDocument {
        NewDocument { name: name.into(), source_format: format.into(), source: source.into(), meta: Meta::default() }
    }
}

impl<N: Into<String>, F: Into<String>, S: Into<String>> From<(N, F, S, Meta)> for NewDocument {
    fn from((name, format, source, meta): (N, F, S, Meta)) -> NewDocument {
        NewDocument { name: name.into(), source_format: format.into(), source: source.into(), meta }
    }
}

/// What changed since the last [`Corpus::take_changes`]: what autosave must write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Documents added or changed (source, name or status): write their records.
    pub docs: Vec<DocId>,
    /// Documents removed: delete their records.
    pub removed: Vec<DocId>,
    /// The corpus record (order, current document, label set) changed.
    pub meta: bool,
}

impl Changes {
    /// True when nothing needs saving.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.removed.is_empty() && !self.meta
    }
}

#[derive(Clone, Debug, Default)]
struct Pending {
    docs: BTreeSet<DocId>,
    removed: BTreeSet<DocId>,
    meta: bool,
}

/// Documents in order, the current one, and the label set.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    docs: Vec<CorpusDoc>,
    current: usize,
    labels: LabelSet,
    next_id: u64,
    pending: Pending,
}

impl PartialEq for Corpus {
    /// Compares what is stored (not the record of unsaved changes).
    fn eq(&self, other: &Corpus) -> bool {
        self.docs == other.docs
            && self.current == other.current
            && self.labels == other.labels
            && self.next_id == other.next_id
    }
}

impl Eq for Corpus {}

/// An id not in `taken`: `next` if free (then `next` moves on), else the
/// first free one counting up from `next`, going round to 0 past `u64::MAX`.
fn fresh_id(next: &mut u64, taken: &HashSet<DocId>) -> u64 {
    loop {
        let id = *next;
        *next = next.checked_add(1).unwrap_or(0);
        if !taken.contains(&DocId(id)) {
            return id;
        }
    }
}

impl Corpus {
    /// An empty corpus with no labels.
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// A corpus from stored parts, with no pending changes. Duplicate ids are
    /// given fresh ones (and marked changed); `current` is clamped.
    pub(crate) fn restore(mut docs: Vec<CorpusDoc>, current: usize, labels: LabelSet, next_id: u64) -> Corpus {
        // A stored record may say anything (`u64::MAX` included): ids never wrap.
        let mut next_id = next_id.max(docs.iter().map(|d| d.id.0.saturating_add(1)).max().unwrap_or(0));
        let mut seen: HashSet<DocId> = docs.iter().map(|d| d.id).collect();
        let mut first = HashSet::with_capacity(docs.len());
        let mut pending = Pending::default();
        for doc in &mut docs {
            if !first.insert(doc.id) {
                doc.id = DocId(fresh_id(&mut next_id, &seen));
                seen.insert(doc.id);
                first.insert(doc.id);
                pending.docs.insert(doc.id);
                pending.meta = true;
            }
        }
        let current = current.min(docs.len().saturating_sub(1));
        Corpus { docs, current, labels, next_id, pending }
    }

    /// Marks the corpus record changed, so that the next save writes it.
    pub(crate) fn mark_meta_changed(&mut self) {
        self.pending.meta = true;
    }

    /// The id the next added document gets.
    pub(crate) fn next_id(&self) -> u64 {
        self.next_id
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when there are no documents.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The documents, in order.
    pub fn docs(&self) -> &[CorpusDoc] {
        &self.docs
    }

    /// The document at `index`.
    pub fn doc(&self, index: usize) -> Option<&CorpusDoc> {
        self.docs.get(index)
    }

    /// The document with `id`.
    pub fn get(&self, id: DocId) -> Option<&CorpusDoc> {
        self.position(id).map(|i| &self.docs[i])
    }

    /// The index of the document with `id`.
    pub fn position(&self, id: DocId) -> Option<usize> {
        self.docs.iter().position(|d| d.id == id)
    }

    /// The index of the current document (0 when the corpus is empty).
    pub fn current(&self) -> usize {
        self.current
    }

    /// The current document (`None` when the corpus is empty).
    pub fn current_doc(&self) -> Option<&CorpusDoc> {
        self.docs.get(self.current)
    }

    /// Makes the document at `index` (clamped to the corpus) current; returns the new current index.
    pub fn set_current(&mut self, index: usize) -> usize {
        let index = index.min(self.docs.len().saturating_sub(1));
        if index != self.current {
            self.current = index;
            self.pending.meta = true;
        }
        self.current
    }

    /// The label set.
    pub fn labels(&self) -> &LabelSet {
        &self.labels
    }

    /// Replaces the label set.
    pub fn set_labels(&mut self, labels: LabelSet) {
        if labels != self.labels {
            self.labels = labels;
            self.pending.meta = true;
        }
    }

    /// The label set, to change in place (marks the corpus record changed).
    pub fn labels_mut(&mut self) -> &mut LabelSet {
        self.pending.meta = true;
        &mut self.labels
    }

    /// Adds a document at the end; returns its index. The name is made unique (see
    /// [`Corpus::add_documents`]).
    pub fn add_document(
        &mut self,
        name: impl Into<String>,
        source_format: impl Into<String>,
        source: impl Into<String>,
    ) -> usize {
        self.add_documents([NewDocument::from((name, source_format, source))]).start
    }

    /// Adds documents at the end — each a [`NewDocument`], or a tuple `(name,
    /// source format, inline source)` with or without a [`Meta`] — parsing each
    /// once; returns their index range. Names are made unique ignoring case:
    /// an empty name becomes `document`, and a name already taken gets `-2`, `-3`, …
    /// before its extension (`a.txt` → `a-2.txt`). If the corpus was empty, the
    /// first added document becomes current.
    pub fn add_documents<I, D>(&mut self, docs: I) -> Range<usize>
    where
        I: IntoIterator<Item = D>,
        D: Into<NewDocument>,
    {
        let start = self.docs.len();
        let mut taken: HashSet<String> = self.docs.iter().map(|d| d.name.to_lowercase()).collect();
        // Ids in use: the counter is normally past all of them, but a restored
        // record may have sent it round past `u64::MAX`.
        let mut ids: HashSet<DocId> = self.docs.iter().map(|d| d.id).collect();
        for doc in docs {
            let NewDocument { name, source_format, source, meta } = doc.into();
            let name = unique_name(&name, &taken);
            taken.insert(name.to_lowercase());
            let id = DocId(fresh_id(&mut self.next_id, &ids));
            ids.insert(id);
            self.docs.push(CorpusDoc::new(id, name, source_format, source, Status::Todo, 0).with_meta(meta));
            self.pending.docs.insert(id);
        }
        if self.docs.len() > start {
            self.pending.meta = true;
            if start == 0 {
                self.current = 0;
            }
        }
        start..self.docs.len()
    }

    fn touch(&mut self, index: usize) {
        let doc = &mut self.docs[index];
        doc.updated += 1;
        self.pending.docs.insert(doc.id);
    }

    /// Replaces the source of the document at `index` and parses it; returns
    /// false (and does nothing) when `index` is out of range or the source is unchanged.
    /// When the plain text changed (not only the spans), the document's [`Meta`]
    /// follows ([`Meta::text_changed`]).
    pub fn set_source(&mut self, index: usize, source: impl Into<String>) -> bool {
        let source = source.into();
        let Some(doc) = self.docs.get_mut(index) else { return false };
        if doc.source == source {
            return false;
        }
        let old = std::mem::replace(&mut doc.parsed, parse(&source));
        if !doc.meta.is_empty() {
            doc.meta.text_changed(&old.document.text, &doc.parsed.document.text);
        }
        doc.folded = Folded::new(&doc.parsed.document.text);
        doc.source = source;
        self.touch(index);
        true
    }

    /// Renames the document at `index`, made unique as in [`Corpus::add_documents`];
    /// returns the name given, or `None` when `index` is out of range.
    pub fn rename(&mut self, index: usize, name: &str) -> Option<&str> {
        self.docs.get(index)?;
        let taken: HashSet<String> =
            self.docs.iter().enumerate().filter(|(i, _)| *i != index).map(|(_, d)| d.name.to_lowercase()).collect();
        let name = unique_name(name, &taken);
        if self.docs[index].name != name {
            self.docs[index].name = name;
            self.touch(index);
        }
        Some(&self.docs[index].name)
    }

    /// Sets the status of the document at `index`; returns false when `index` is
    /// out of range or the status is unchanged. Any status may follow any other.
    pub fn set_status(&mut self, index: usize, status: Status) -> bool {
        match self.docs.get_mut(index) {
            Some(doc) if doc.status != status => {
                doc.status = status;
                self.touch(index);
                true
            }
            _ => false,
        }
    }

    /// Sets the status of the current document and moves to the next one (staying
    /// on the last); returns the new current index.
    pub fn set_status_and_advance(&mut self, status: Status) -> usize {
        self.set_status_and_advance_in(status, &Filter::all())
    }

    /// Like [`Corpus::set_status_and_advance`], moving to the next document that
    /// passes `filter` (the list the user sees); stays put when there is none.
    pub fn set_status_and_advance_in(&mut self, status: Status, filter: &Filter) -> usize {
        if self.docs.is_empty() {
            return 0;
        }
        self.set_status(self.current, status);
        self.next_in(filter)
    }

    /// Moves to the next document (staying on the last); returns the current index.
    pub fn next_doc(&mut self) -> usize {
        self.next_in(&Filter::all())
    }

    /// Moves to the previous document (staying on the first); returns the current index.
    pub fn prev_doc(&mut self) -> usize {
        self.prev_in(&Filter::all())
    }

    /// Moves to the next document after the current one that passes `filter`;
    /// stays put when there is none. Returns the current index.
    pub fn next_in(&mut self, filter: &Filter) -> usize {
        let from = self.current + 1;
        if let Some(i) = self.docs.iter().skip(from).position(|d| filter.matches(d)) {
            self.set_current(from + i);
        }
        self.current
    }

    /// Moves to the last document before the current one that passes `filter`;
    /// stays put when there is none. Returns the current index.
    pub fn prev_in(&mut self, filter: &Filter) -> usize {
        let upto = self.current.min(self.docs.len());
        if let Some(i) = self.docs[..upto].iter().rposition(|d| filter.matches(d)) {
            self.set_current(i);
        }
        self.current
    }

    /// Moves to the next document still to do, after the current one and wrapping
    /// around (the current one counts last); returns its index, or `None` (staying
    /// put) when every document is done.
    pub fn next_todo(&mut self) -> Option<usize> {
        let n = self.docs.len();
        let found = (1..=n).map(|k| (self.current + k) % n).find(|&i| self.docs[i].status == Status::Todo)?;
        Some(self.set_current(found))
    }

    /// Removes the document at `index`. The current document stays current; if
    /// it was the one removed, the one after it (or the new last) becomes current.
    pub fn remove(&mut self, index: usize) -> Option<CorpusDoc> {
        if index >= self.docs.len() {
            return None;
        }
        let doc = self.docs.remove(index);
        if index < self.current {
            self.current -= 1;
        }
        self.current = self.current.min(self.docs.len().saturating_sub(1));
        self.pending.docs.remove(&doc.id);
        self.pending.removed.insert(doc.id);
        self.pending.meta = true;
        Some(doc)
    }

    /// Removes every document (the label set stays); returns how many were removed.
    /// Ids are not reused afterwards.
    pub fn clear(&mut self) -> usize {
        let n = self.docs.len();
        for doc in self.docs.drain(..) {
            self.pending.docs.remove(&doc.id);
            self.pending.removed.insert(doc.id);
        }
        self.current = 0;
        self.pending.meta = true;
        n
    }

    /// Indices of the documents that pass `filter`, in order.
    pub fn filter(&self, filter: &Filter) -> Vec<usize> {
        self.docs.iter().enumerate().filter(|(_, d)| filter.matches(d)).map(|(i, _)| i).collect()
    }

    /// The labels the documents' spans use, each with the number of documents
    /// using it: labels of the label set first in its order, then others in order
    /// of first appearance.
    pub fn label_usage(&self) -> Vec<(String, usize)> {
        let mut usage: Vec<(String, usize)> = self.labels.labels.iter().map(|l| (l.name.clone(), 0)).collect();
        for doc in &self.docs {
            for label in doc.labels() {
                match usage.iter_mut().find(|(name, _)| name == label) {
                    Some((_, n)) => *n += 1,
                    None => usage.push((label.to_string(), 1)),
                }
            }
        }
        usage.retain(|(_, n)| *n > 0);
        usage
    }

    /// How many documents are done out of how many, and the count of each status.
    pub fn progress(&self) -> Progress {
        let mut p = Progress { total: self.docs.len(), ..Progress::default() };
        for doc in &self.docs {
            match doc.status {
                Status::Todo => p.todo += 1,
                Status::Accepted => p.accepted += 1,
                Status::Rejected => p.rejected += 1,
                Status::Skipped => p.skipped += 1,
            }
        }
        p
    }

    /// The documents to export, in order.
    pub fn export(&self, scope: ExportScope) -> Vec<&CorpusDoc> {
        self.docs
            .iter()
            .filter(|d| match scope {
                ExportScope::All => true,
                ExportScope::Accepted => d.status == Status::Accepted,
            })
            .collect()
    }

    /// Searches the plain text of every document for `query`, ignoring case
    /// (each character lower-cased; no other folding). Matches do not overlap.
    /// Returns at most `limit` hits with snippets, and counts all matches.
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        let mut results = SearchResults::default();
        if query.is_empty() {
            return results;
        }
        let needle = fold_str(query);
        for (index, doc) in self.docs.iter().enumerate() {
            let hay = &doc.folded.text;
            let mut from = 0;
            let mut found = false;
            while let Some(p) = hay[from..].find(&needle) {
                let at = from + p;
                from = at + needle.len();
                found = true;
                results.total += 1;
                if results.hits.len() < limit {
                    let start = doc.folded.original_start(at);
                    let end = doc.folded.original_end(from);
                    results.hits.push(SearchHit {
                        doc: index,
                        id: doc.id,
                        range: start..end,
                        snippet: snippet(doc.text(), start..end, SNIPPET_CONTEXT),
                    });
                }
            }
            if found {
                results.docs += 1;
            }
        }
        results
    }

    /// Takes the record of what changed since the last call (for autosave).
    pub fn take_changes(&mut self) -> Changes {
        let pending = std::mem::take(&mut self.pending);
        Changes {
            docs: pending.docs.into_iter().collect(),
            removed: pending.removed.into_iter().collect(),
            meta: pending.meta,
        }
    }

    /// True when something changed since the last [`Corpus::take_changes`].
    pub fn has_changes(&self) -> bool {
        !self.pending.docs.is_empty() || !self.pending.removed.is_empty() || self.pending.meta
    }
}

/// `name` (trimmed; `document` if empty), or with `-2`, `-3`, … before its
/// extension, whichever is first not in `taken` (lower-cased names).
fn unique_name(name: &str, taken: &HashSet<String>) -> String {
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

/// The match `range` of `text` with up to `context` grapheme clusters either side
/// (`range` must lie on character boundaries of `text`).
pub fn snippet(text: &str, range: Range<usize>, context: usize) -> Snippet {
    let before = &text[..range.start];
    let after = &text[range.end..];
    let mut start = range.start;
    for (i, (at, _)) in before.grapheme_indices(true).rev().enumerate() {
        if i == context {
            break;
        }
        start = at;
    }
    let mut end = range.end;
    for (i, g) in after.graphemes(true).enumerate() {
        if i == context {
            break;
        }
        end += g.len();
    }
    let mut out = String::with_capacity(end - start + 8);
    if start > 0 {
        out.push('…');
    }
    let highlight = out.len() + (range.start - start)..out.len() + (range.end - start);
    for c in text[start..end].chars() {
        out.push(if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c });
    }
    if end < text.len() {
        out.push('…');
    }
    Snippet { text: out, highlight }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(n: usize) -> Corpus {
        let mut c = Corpus::new();
        c.add_documents((0..n).map(|i| (format!("d{i}"), "inline", format!("doc <x>{i}</x>"))));
        c
    }

    #[test]
    fn status_keys_and_names() {
        for s in Status::ALL {
            assert_eq!(Status::from_key(s.key()), Some(s));
            assert_eq!(Status::from_key(s.key().to_ascii_lowercase()), Some(s));
            assert_eq!(Status::from_id(s.id()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.id()));
        }
        assert_eq!(Status::from_key('a'), Some(Status::Accepted));
        assert_eq!(Status::from_key('x'), Some(Status::Rejected));
        assert_eq!(Status::from_key('s'), Some(Status::Skipped));
        assert_eq!(Status::from_key('u'), Some(Status::Todo));
        assert_eq!(Status::from_key('q'), None);
        assert_eq!(Status::Todo.to_string(), "to do");
        assert!(!Status::Todo.is_done() && Status::Skipped.is_done());
    }

    #[test]
    fn any_status_may_follow_any_other() {
        let mut c = corpus(1);
        for a in Status::ALL {
            for b in Status::ALL {
                c.set_status(0, a);
                assert_eq!(c.set_status(0, b), a != b);
                assert_eq!(c.docs()[0].status(), b);
            }
        }
    }

    #[test]
    fn names_are_made_unique() {
        let mut c = Corpus::new();
        let r = c.add_documents([
            ("a.txt", "inline", ""),
            ("A.TXT", "inline", ""),
            ("a.txt", "inline", ""),
            ("", "inline", ""),
            ("  ", "inline", ""),
            ("v1.2.tar", "inline", ""),
            ("v1.2.tar", "inline", ""),
            ("notes", "inline", ""),
            ("notes", "inline", ""),
            (".hidden", "inline", ""),
            (".hidden", "inline", ""),
        ]);
        assert_eq!(r, 0..11);
        let names: Vec<&str> = c.docs().iter().map(|d| d.name()).collect();
        assert_eq!(
            names,
            [
                "a.txt",
                "A-2.TXT",
                "a-3.txt",
                "document",
                "document-2",
                "v1.2.tar",
                "v1.2-2.tar",
                "notes",
                "notes-2",
                ".hidden",
                ".hidden-2"
            ]
        );
        assert_eq!(c.rename(7, "NOTES-2"), Some("NOTES-2-2"));
        assert_eq!(c.rename(8, "notes-2"), Some("notes-2"));
        assert_eq!(c.rename(99, "x"), None);
        let ids: HashSet<DocId> = c.docs().iter().map(|d| d.id()).collect();
        assert_eq!(ids.len(), 11);
    }

    #[test]
    fn review_with_keys_advances() {
        let mut c = corpus(4);
        assert_eq!(c.current(), 0);
        assert_eq!(c.set_status_and_advance(Status::Accepted), 1);
        assert_eq!(c.set_status_and_advance(Status::Rejected), 2);
        assert_eq!(c.set_status_and_advance(Status::Skipped), 3);
        // On the last document it stays.
        assert_eq!(c.set_status_and_advance(Status::Accepted), 3);
        assert_eq!(c.prev_doc(), 2);
        assert_eq!(c.prev_doc(), 1);
        assert_eq!(c.prev_doc(), 0);
        assert_eq!(c.prev_doc(), 0);
        assert_eq!(c.next_doc(), 1);
        assert_eq!(c.next_todo(), None);
        assert_eq!(c.current(), 1);
        c.set_status(2, Status::Todo);
        c.set_current(3);
        assert_eq!(c.next_todo(), Some(2)); // wraps around
                                            // U puts a document back to to-do.
        assert_eq!(c.set_status_and_advance(Status::from_key('u').unwrap()), 3);
        assert_eq!(c.docs()[2].status(), Status::Todo);
        let p = c.progress();
        assert_eq!((p.total, p.todo, p.accepted, p.rejected, p.skipped, p.done()), (4, 1, 2, 1, 0, 3));
        assert_eq!(p.fraction(), 0.75);
        assert_eq!(Corpus::new().progress().fraction(), 0.0);
    }

    #[test]
    fn advance_within_a_filter() {
        let mut c = corpus(5);
        c.set_status(1, Status::Accepted);
        c.set_status(2, Status::Accepted);
        let todo = Filter::status(Status::Todo);
        assert_eq!(c.filter(&todo), [0, 3, 4]);
        assert_eq!(c.set_status_and_advance_in(Status::Skipped, &todo), 3);
        assert_eq!(c.set_status_and_advance_in(Status::Skipped, &todo), 4);
        assert_eq!(c.prev_in(&Filter::status(Status::Skipped)), 3);
        assert_eq!(c.prev_in(&todo), 3, "no to-do document before: stays");
        assert_eq!(c.set_status_and_advance_in(Status::Accepted, &todo), 4);
        let mut empty = Corpus::new();
        assert_eq!(empty.set_status_and_advance(Status::Accepted), 0);
        assert_eq!(empty.next_doc(), 0);
        assert_eq!(empty.prev_doc(), 0);
        assert_eq!(empty.next_todo(), None);
        assert!(empty.current_doc().is_none());
    }

    #[test]
    fn filters_by_status_label_and_diagnostics() {
        let mut c = Corpus::new();
        c.add_documents([
            ("a", "inline", "<model>M</model> and <year>2020</year>"),
            ("b", "inline", "<year>1999</year>"),
            ("c", "doccano", "nothing <open>here"),
        ]);
        assert_eq!(c.docs()[0].span_count(), 2);
        assert_eq!(c.docs()[0].labels(), ["model", "year"]);
        assert!(c.docs()[2].has_diagnostics());
        assert_eq!(c.docs()[2].diagnostic_count(), 1);
        assert_eq!(c.filter(&Filter::label("year")), [0, 1]);
        assert_eq!(c.filter(&Filter::label("model")), [0]);
        assert_eq!(c.filter(&Filter::label("open")), Vec::<usize>::new());
        assert_eq!(c.filter(&Filter { with_diagnostics: true, ..Filter::all() }), [2]);
        c.set_status(1, Status::Rejected);
        let f = Filter { status: Some(Status::Todo), label: Some("year".into()), with_diagnostics: false };
        assert_eq!(c.filter(&f), [0]);
        assert!(Filter::all().is_all() && !f.is_all());
        // The cache follows the source.
        c.set_source(1, "<model>X</model>");
        assert_eq!(c.filter(&Filter::label("model")), [0, 1]);
        c.set_labels(LabelSet::from_names(["year", "country"]));
        assert_eq!(c.label_usage(), [("year".to_string(), 1), ("model".to_string(), 2)]);
    }

    #[test]
    fn search_is_case_insensitive_with_snippets() {
        let mut c = Corpus::new();
        c.add_documents([
            ("a", "inline", "The <model>NeuraScale</model> model.\nNEURAL nets."),
            ("b", "inline", "nothing"),
            ("c", "inline", "neuraneura"),
        ]);
        let r = c.search("neura", 10);
        assert_eq!((r.total, r.docs), (4, 2));
        let found: Vec<(usize, Range<usize>)> = r.hits.iter().map(|h| (h.doc, h.range.clone())).collect();
        assert_eq!(found, [(0, 4..9), (0, 22..27), (2, 0..5), (2, 5..10)]);
        assert_eq!(&c.docs()[0].text()[22..27], "NEURA");
        let s = &r.hits[1].snippet;
        assert_eq!(s.text, "The NeuraScale model. NEURAL nets.");
        assert_eq!(&s.text[s.highlight.clone()], "NEURA");
        let r = c.search("NEURA", 1);
        assert_eq!((r.hits.len(), r.total), (1, 4));
        assert_eq!(c.search("", 10), SearchResults::default());
        assert_eq!(c.search("absent", 10).total, 0);
    }

    #[test]
    fn search_handles_emoji_cjk_and_length_changing_case() {
        let mut c = Corpus::new();
        let text = "前文👨🏻‍🚒東京タワーİstanbul ΣΊΣΥΦΟΣ straße 🇯🇵 end";
        c.add_document("u", "inline", text);
        let check = |q: &str, want: &str| {
            let r = c.search(q, 10);
            assert_eq!(r.total, 1, "{q}");
            let h = &r.hits[0];
            assert_eq!(&text[h.range.clone()], want, "{q}");
            assert_eq!(&h.snippet.text[h.snippet.highlight.clone()], want);
        };
        check("東京", "東京");
        check("👨🏻‍🚒", "👨🏻‍🚒");
        // `İ` lower-cases to two characters (`i` + U+0307): the match covers all of `İ`.
        check("i̇stanbul", "İstanbul");
        check("stanbul", "stanbul");
        check("σίσυφοσ", "ΣΊΣΥΦΟΣ");
        check("STRAẞE", "straße");
        check("🇯🇵", "🇯🇵");
        check("END", "end");
        // Snippets cut on grapheme boundaries and mark the cut.
        let long = format!("{}X{}", "👨🏻‍🚒".repeat(40), "東".repeat(40));
        c.add_document("long", "inline", long.as_str());
        let r = c.search("x", 10);
        let s = &r.hits[0].snippet;
        assert_eq!(s.text, format!("…{}X{}…", "👨🏻‍🚒".repeat(SNIPPET_CONTEXT), "東".repeat(SNIPPET_CONTEXT)));
        assert_eq!(&s.text[s.highlight.clone()], "X");
    }

    #[test]
    fn folded_offsets_map_back() {
        // Mixed regular and irregular characters: every match maps to whole characters.
        let text = "aİbİİcẞd";
        let f = Folded::new(text);
        for (q, want) in [
            ("b", "b"),
            ("c", "c"),
            ("d", "d"),
            ("i", "İ"),
            ("i\u{307}i\u{307}", "İİ"),
            ("ß", "ẞ"),
            ("i\u{307}i\u{307}c", "İİc"),
            ("\u{307}b", "İb"),
        ] {
            let at = f.text.find(q).unwrap();
            let range = f.original_start(at)..f.original_end(at + q.len());
            assert_eq!(&text[range], want, "{q}");
        }
    }

    #[test]
    fn remove_clear_and_current() {
        let mut c = corpus(5);
        c.set_current(3);
        c.remove(1);
        assert_eq!((c.current(), c.current_doc().unwrap().name()), (2, "d3"));
        c.remove(2);
        assert_eq!((c.current(), c.current_doc().unwrap().name()), (2, "d4"));
        c.remove(2);
        assert_eq!((c.current(), c.current_doc().unwrap().name()), (1, "d2"));
        assert!(c.remove(9).is_none());
        assert_eq!(c.clear(), 2);
        assert!(c.is_empty() && c.current_doc().is_none());
        // Ids are not reused.
        c.add_document("new", "inline", "x");
        assert_eq!(c.docs()[0].id(), DocId(5));
        assert_eq!(c.current(), 0);
    }

    #[test]
    fn export_scope() {
        let mut c = corpus(3);
        c.set_status(1, Status::Accepted);
        assert_eq!(c.export(ExportScope::All).len(), 3);
        let accepted: Vec<&str> = c.export(ExportScope::Accepted).iter().map(|d| d.name()).collect();
        assert_eq!(accepted, ["d1"]);
    }

    #[test]
    fn changes_record_what_to_save() {
        let mut c = corpus(3);
        let ch = c.take_changes();
        assert_eq!(ch, Changes { docs: vec![DocId(0), DocId(1), DocId(2)], removed: vec![], meta: true });
        assert!(!c.has_changes() && c.take_changes().is_empty());
        c.set_source(1, "doc <x>1</x>"); // unchanged
        assert!(!c.has_changes());
        c.set_source(1, "edited");
        assert_eq!(c.docs()[1].updated(), 1);
        assert_eq!(c.take_changes(), Changes { docs: vec![DocId(1)], removed: vec![], meta: false });
        c.set_status(2, Status::Skipped);
        c.remove(1);
        c.next_doc();
        let ch = c.take_changes();
        assert_eq!(ch, Changes { docs: vec![DocId(2)], removed: vec![DocId(1)], meta: true });
        c.add_document("tmp", "inline", "");
        c.remove(2);
        assert_eq!(c.take_changes(), Changes { docs: vec![], removed: vec![DocId(3)], meta: true });
    }

    /// Reads a brat pair and adds it to a corpus as the app does.
    fn brat_corpus() -> Corpus {
        use crate::format::{read_files, InputFile, ReadOptions};
        let files = [
            InputFile::new("n.txt", "Ann met Bob in Rome."),
            InputFile::new(
                "n.ann",
                "T1\tPER 0 3\tAnn\nT2\tPER 8 11\tBob\nT3\tLOC 15 19\tRome\nR1\tMeets Arg1:T1 Arg2:T2\nA1\tNegated T1\n#1\tAnnotatorNotes T3\tcapital\n",
            ),
        ];
        let doc = read_files(&files, None, &ReadOptions::default()).read.docs.remove(0);
        let mut c = Corpus::new();
        c.add_documents([("n", "brat", crate::write(&doc.document), doc.meta)]);
        c
    }

    /// The `.ann` the corpus document exports to, and the warnings.
    fn ann(c: &Corpus) -> (String, Vec<String>) {
        use crate::format::{write, Format, NamedDocument, WriteOptions};
        let d = &c.docs()[0];
        let mut named = NamedDocument::new(d.name(), d.document().clone());
        named.meta = d.meta().clone();
        let w = write(Format::Brat, &[named], &WriteOptions::default());
        let warnings = w.warnings.iter().map(|w| w.message.clone()).collect();
        (w.into_files("n", Format::Brat).remove(1).content, warnings)
    }

    #[test]
    fn imported_meta_is_kept_and_follows_edits() {
        let mut c = brat_corpus();
        assert_eq!(c.docs()[0].meta().span_ids.len(), 3);
        let (out, warnings) = ann(&c);
        assert_eq!(
            out,
            "T1\tPER 0 3\tAnn\nT2\tPER 8 11\tBob\nT3\tLOC 15 19\tRome\nR1\tMeets Arg1:T1 Arg2:T2\nA1\tNegated T1\n#1\tAnnotatorNotes T3\tcapital\n"
        );
        assert!(warnings.is_empty(), "{warnings:?}");

        // A span edit (Bob untagged, "met" tagged) leaves the text and the meta alone;
        // the relation to the removed T2 is left out with a warning, and the new
        // span gets a fresh id.
        let before = c.docs()[0].meta().clone();
        c.set_source(0, "<PER>Ann</PER> <V>met</V> Bob in <LOC>Rome</LOC>.");
        assert_eq!(c.docs()[0].meta(), &before);
        let (out, warnings) = ann(&c);
        assert_eq!(out, "T1\tPER 0 3\tAnn\nT3\tLOC 15 19\tRome\nT4\tV 4 7\tmet\nA1\tNegated T1\n#1\tAnnotatorNotes T3\tcapital\n");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("`R1 Meets Arg1:T1 Arg2:T2` left out: it refers to `T2`"), "{warnings:?}");

        // A text edit before Rome: T3 moves with its span, the ids of spans the
        // edit touched are retired (never reused), and the lines stay consistent.
        c.set_source(0, "<PER>Ann</PER> <V>met</V> Bob in lovely <LOC>Rome</LOC>.");
        let meta = c.docs()[0].meta();
        assert_eq!(meta.span_ids[2].ranges, [22..26]);
        assert_eq!(meta.span_ids[0].ranges, [0..3]);
        let (out, _) = ann(&c);
        assert_eq!(out, "T1\tPER 0 3\tAnn\nT3\tLOC 22 26\tRome\nT4\tV 4 7\tmet\nA1\tNegated T1\n#1\tAnnotatorNotes T3\tcapital\n");
        // An edit inside Ann's span retires T1: A1 goes (reported), and the span
        // gets an id after every id the source used.
        c.set_source(0, "<PER>Ana</PER> <V>met</V> Bob in lovely <LOC>Rome</LOC>.");
        assert!(c.docs()[0].meta().span_ids[0].ranges.is_empty());
        let (out, warnings) = ann(&c);
        assert_eq!(out, "T3\tLOC 22 26\tRome\nT4\tPER 0 3\tAna\nT5\tV 4 7\tmet\n#1\tAnnotatorNotes T3\tcapital\n");
        assert!(warnings.iter().any(|w| w.contains("`A1 Negated T1` left out")), "{warnings:?}");
        // Renaming and status changes keep it; so does an unchanged source.
        c.rename(0, "m");
        c.set_status(0, Status::Accepted);
        assert_eq!(c.docs()[0].meta().span_ids.len(), 3);
    }

    #[test]
    fn a_text_change_drops_source_tokens() {
        use crate::format::Meta;
        let meta = Meta { tokens: Some(vec![0..1, 2..3]), ..Meta::default() };
        let mut c = Corpus::new();
        c.add_documents([("p", "prodigy", "<X>a</X> b", meta.clone())]);
        c.set_source(0, "a <X>b</X>");
        assert_eq!(c.docs()[0].meta(), &meta, "a span edit keeps the tokens");
        c.set_source(0, "a <X>bc</X>");
        assert_eq!(c.docs()[0].meta().tokens, None);
    }

    #[test]
    fn adding_a_thousand_seeds() {
        let seeds: Vec<(String, &str, &str)> =
            (0..1000).map(|i| (format!("seed-{i}.txt"), "inline", crate::EXAMPLE_SEED)).collect();
        let mut c = Corpus::new();
        assert_eq!(c.add_documents(seeds), 0..1000);
        assert_eq!(c.docs()[999].span_count(), 11);
        assert_eq!(c.filter(&Filter::label("year")).len(), 1000);
        assert_eq!(c.search("NeuraScale", 5).docs, 1000);
    }
}
