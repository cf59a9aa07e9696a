//! A corpus: many documents under review, each with a status, and the label set.
//!
//! Each [`CorpusDoc`] keeps its inline source text — the app's truth — and,
//! derived from it when the document is added or its source changes, the parsed
//! [`Document`](crate::Document), its diagnostics and a case-folded copy of its plain text for
//! search. That cache is never stored: [`crate::store`] writes only the source.
//! A document added is parsed and indexed at once; a corpus read back from the
//! store derives each document's cache only when something first reads it, so
//! the app can show the current document before it has parsed the others, and
//! fill in the rest in idle slices with [`Corpus::prepare`]. Everything the document
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

mod changes;
mod document;
mod export;
mod filter;
mod ids;
mod navigation;
mod search;
mod summary;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

pub use self::document::{CorpusDoc, NewDocument};
pub use self::filter::{ExportScope, Filter};
pub use self::ids::DocId;
use self::ids::{fresh_id, unique_name};
pub use self::search::{snippet, SearchHit, SearchResults, Snippet, SNIPPET_CONTEXT};
pub use self::summary::Progress;
use crate::dirty::Dirty;
#[cfg(doc)]
use crate::format::Meta;
use crate::labels::LabelSet;
use crate::parse::{parse, Parsed};
pub use crate::status::Status;

/// Documents in order, the current one, and the label set.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    docs: Vec<CorpusDoc>,
    current: usize,
    labels: LabelSet,
    next_id: u64,
    /// What changed since the last [`Corpus::take_changes`]: what autosave must write.
    pending: Dirty,
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

impl Corpus {
    /// An empty corpus with no labels.
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// A corpus from stored parts, with no pending changes. Duplicate ids are
    /// given fresh ones (and marked changed); `current` is clamped.
    pub(crate) fn restore(
        mut docs: Vec<CorpusDoc>,
        current: usize,
        labels: LabelSet,
        next_id: u64,
    ) -> Corpus {
        // A stored record may say anything (`u64::MAX` included): ids never wrap.
        let mut next_id = next_id.max(
            docs.iter()
                .map(|d| d.id.0.saturating_add(1))
                .max()
                .unwrap_or(0),
        );
        let mut seen: HashSet<DocId> = docs.iter().map(|d| d.id).collect();
        let mut first = HashSet::with_capacity(docs.len());
        let mut pending = Dirty::new();
        for doc in &mut docs {
            if !first.insert(doc.id) {
                doc.id = DocId(fresh_id(&mut next_id, &seen));
                seen.insert(doc.id);
                first.insert(doc.id);
                pending.doc_changed(doc.id);
                pending.meta_changed();
            }
        }
        let current = current.min(docs.len().saturating_sub(1));
        Corpus {
            docs,
            current,
            labels,
            next_id,
            pending,
        }
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
            self.pending.meta_changed();
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
            self.pending.meta_changed();
        }
    }

    /// The label set, to change in place (marks the corpus record changed).
    pub fn labels_mut(&mut self) -> &mut LabelSet {
        self.pending.meta_changed();
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
        self.add_documents([NewDocument::from((name, source_format, source))])
            .start
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
            let NewDocument {
                name,
                source_format,
                source,
                meta,
            } = doc.into();
            let name = unique_name(&name, &taken);
            taken.insert(name.to_lowercase());
            let id = DocId(fresh_id(&mut self.next_id, &ids));
            ids.insert(id);
            let doc =
                CorpusDoc::new(id, name, source_format, source, Status::Todo, 0).with_meta(meta);
            // An added document is parsed and indexed at once (only a restored corpus waits).
            doc.parsed();
            doc.folded();
            self.docs.push(doc);
            self.pending.doc_changed(id);
        }
        if self.docs.len() > start {
            self.pending.meta_changed();
            if start == 0 {
                self.current = 0;
            }
        }
        start..self.docs.len()
    }

    /// Adds a document at the end, like [`Corpus::add_document`], with `parsed` the
    /// parse of `source` already made (an editor's), so that it is not parsed again;
    /// its search copy is made when first searched. Returns its index.
    /// `parsed` must be what [`parse`] gives for `source`.
    pub fn add_parsed(
        &mut self,
        name: impl Into<String>,
        source_format: impl Into<String>,
        source: impl Into<String>,
        parsed: Parsed,
    ) -> usize {
        let source = source.into();
        let index = self.docs.len();
        let mut taken: HashSet<String> = self.docs.iter().map(|d| d.name.to_lowercase()).collect();
        let ids: HashSet<DocId> = self.docs.iter().map(|d| d.id).collect();
        let name = unique_name(&name.into(), &taken);
        taken.insert(name.to_lowercase());
        let id = DocId(fresh_id(&mut self.next_id, &ids));
        let mut doc = CorpusDoc::new(id, name, source_format, source, Status::Todo, 0);
        doc.parsed = OnceLock::from(parsed);
        self.docs.push(doc);
        self.pending.doc_changed(id);
        self.pending.meta_changed();
        if index == 0 {
            self.current = 0;
        }
        index
    }

    fn touch(&mut self, index: usize) {
        let doc = &mut self.docs[index];
        doc.updated += 1;
        self.pending.doc_changed(doc.id);
    }

    /// Replaces the source of the document at `index` and parses it; returns
    /// false (and does nothing) when `index` is out of range or the source is unchanged.
    /// When the plain text changed (not only the spans), the document's [`Meta`]
    /// follows ([`Meta::text_changed`]).
    pub fn set_source(&mut self, index: usize, source: impl Into<String>) -> bool {
        let source = source.into();
        match self.docs.get(index) {
            Some(doc) if doc.source != source => {
                let parsed = parse(&source);
                self.set_parsed(index, source, parsed)
            }
            _ => false,
        }
    }

    /// Like [`Corpus::set_source`], with `parsed` the parse of `source` already
    /// made (an editor's), so that the document is not parsed a second time.
    /// `parsed` must be what [`parse`] gives for `source`.
    pub fn set_parsed(&mut self, index: usize, source: impl Into<String>, parsed: Parsed) -> bool {
        let source = source.into();
        let Some(doc) = self.docs.get_mut(index) else {
            return false;
        };
        if doc.source == source {
            return false;
        }
        // The old parse is needed only to see whether the plain text changed.
        let old = std::mem::take(&mut doc.parsed)
            .into_inner()
            .unwrap_or_else(|| parse(&doc.source));
        if old.document.text != parsed.document.text {
            if !doc.meta.is_empty() {
                doc.meta
                    .text_changed(&old.document.text, &parsed.document.text);
            }
            // Search reads the folded text: only a change of the text changes it,
            // and it is made again when next searched (not on every typing pause).
            doc.folded = OnceLock::new();
        }
        doc.parsed = OnceLock::from(parsed);
        doc.source = source;
        self.touch(index);
        true
    }

    /// True when every document is parsed and indexed for search (see [`Corpus::prepare`]).
    pub fn is_prepared(&self) -> bool {
        self.docs.iter().all(CorpusDoc::is_prepared)
    }

    /// Derives what the next `limit` documents not yet prepared lack (their parse
    /// and their search copy), the current document first; returns true when every
    /// document is prepared. Nothing here is needed for correctness — whatever
    /// reads a parse or searches derives what it needs itself — but a corpus read
    /// back from the store derives nothing for documents not on screen, and the
    /// app calls this in idle slices after the first paint so that the first
    /// search or filter does not have to.
    pub fn prepare(&self, limit: usize) -> bool {
        let current = self.docs.get(self.current).into_iter();
        let mut todo = current.chain(self.docs.iter()).filter(|d| !d.is_prepared());
        for doc in todo.by_ref().take(limit) {
            doc.parsed();
            doc.folded();
        }
        todo.next().is_none()
    }

    /// Renames the document at `index`, made unique as in [`Corpus::add_documents`];
    /// returns the name given, or `None` when `index` is out of range.
    pub fn rename(&mut self, index: usize, name: &str) -> Option<&str> {
        self.docs.get(index)?;
        let taken: HashSet<String> = self
            .docs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .map(|(_, d)| d.name.to_lowercase())
            .collect();
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
        self.pending.doc_removed(doc.id);
        self.pending.meta_changed();
        Some(doc)
    }

    /// Removes every document (the label set stays); returns how many were removed.
    /// Ids are not reused afterwards.
    pub fn clear(&mut self) -> usize {
        let n = self.docs.len();
        for doc in self.docs.drain(..) {
            self.pending.doc_removed(doc.id);
        }
        self.current = 0;
        self.pending.meta_changed();
        n
    }
}
