//! The stored format of a corpus: IndexedDB records and backup files.
//!
//! Everything is JSON with a versioned envelope, `"format"` and `"version"`
//! first. [`VERSION`] is the version this build writes; every older version
//! is read and migrated, and a newer one is refused with
//! [`StoreError::Newer`] — decoding never changes anything, so a page that
//! refuses must simply not write.
//!
//! ## Records (autosave)
//! The app keeps one record per document and one corpus record, so that saving
//! after a keystroke writes one small document record and the corpus record:
//!
//! ```json
//! {"format":"tagmark-doc","version":2,"id":7,"name":"seed-7.txt","status":"accepted",
//!  "updated":3,"source_format":"brat","source":"the <model>X</model> …",
//!  "meta":{"source":"brat","span_ids":[{"id":"T1","label":"model","ranges":[[4,5]]}],
//!          "brat":{"items":[{"entity":"T1"},{"line":"#1\tAnnotatorNotes T1\tcheck"}]}}}
//! {"format":"tagmark-meta","version":2,"writer":"tab-1f3a","revision":42,
//!  "order":[3,7,5],"current":7,"next_id":8,
//!  "labels":[{"name":"model","color":"#7aecec","hotkey":"1"}],
//!  "session":{"doc":7,"selection":[4,9],"history":{…}}}
//! ```
//!
//! [`encode_doc`]/[`decode_doc`] and [`encode_meta`]/[`decode_meta`] write and
//! read them; [`assemble`] builds the corpus back, keeping document records that
//! the corpus record does not list (appended, never dropped).
//!
//! `writer` and `revision` keep two tabs from overwriting each other silently:
//! each save is one IndexedDB read-write transaction that reads the corpus
//! record, asks [`check_write`] (or a [`Writer`]) whether this tab may write,
//! and then writes the changed document records and the corpus record with the
//! next revision. IndexedDB runs such transactions one at a time, so a check
//! and its write cannot interleave with another tab's.
//!
//! ## Backups
//! [`encode`] writes the whole corpus as one file (`"format":"tagmark-corpus"`,
//! the corpus record's fields without `writer`/`revision`/`order`, and the
//! documents in order under `"docs"`); [`decode`] reads it back.
//!
//! ## Versions
//! - **0**: tagmark's first release kept a single source in the `localStorage`
//!   key `tagmark.source`, as a JSON string (`"the <model>…"`), or as an object
//!   `{"source": "…", "labels": ["model", …]}` with no `format` field. [`decode`]
//!   reads both as a corpus of that one document (named `document`, to do).
//! - **1**: the shapes above, without a document's `"meta"`.
//! - **2**: a document record (and a backup's document) may have `"meta"`: what
//!   the format it was imported from said beyond text and spans
//!   ([`crate::format::Meta`], serialized as its serde form; left out when empty).
//!   Version 1 data is read as it is (no meta). The version was raised so that a
//!   page of version 1, which would drop the field when it saves, refuses such
//!   data instead of losing it silently.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::corpus::{Corpus, CorpusDoc, DocId, Status};
use crate::format::Meta;
use crate::labels::{LabelDef, LabelSet};

/// The version of the stored format this build writes, and the newest it reads.
pub const VERSION: u64 = 2;
/// The `format` of a whole-corpus backup.
pub const CORPUS_FORMAT: &str = "tagmark-corpus";
/// The `format` of a document record.
pub const DOC_FORMAT: &str = "tagmark-doc";
/// The `format` of the corpus record.
pub const META_FORMAT: &str = "tagmark-meta";
/// The `localStorage` key where tagmark's first release kept its single source.
pub const LEGACY_LOCAL_STORAGE_KEY: &str = "tagmark.source";

/// What the app restores besides the corpus: where the user was in the current document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredSession {
    /// The document the selection and history belong to (the current one when
    /// saved); the app should drop them if it is not the current document on load.
    #[serde(default)]
    pub doc: Option<DocId>,
    /// The selection, as the app measures it (byte offsets into the source, start and end).
    #[serde(default)]
    pub selection: Option<(usize, usize)>,
    /// The undo history of that document, as the editor serialized it (`null` when none).
    #[serde(default)]
    pub history: Value,
}

/// Why stored data could not be read. Nothing is changed by a failed read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// Not JSON, or cut short.
    Syntax {
        /// What serde_json said.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// JSON, but not the shape its version says.
    Shape {
        /// What is wrong.
        message: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
    },
    /// JSON of something other than what was asked for.
    NotTagmark {
        /// The `format` expected.
        expected: &'static str,
        /// The `format` found, if any.
        found: Option<String>,
    },
    /// Written by a newer tagmark.
    Newer {
        /// The version of the data.
        version: u64,
        /// The newest version this build reads ([`VERSION`]).
        supported: u64,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Syntax { message, line, column } => write!(
                f,
                "the stored data is not valid JSON (line {line}, column {column}): {message}; it may be damaged or cut short"
            ),
            StoreError::Shape { message, line: 0, .. } => {
                write!(f, "the stored data is not in tagmark's format: {message}")
            }
            StoreError::Shape { message, line, column } => write!(
                f,
                "the stored data is not in tagmark's format (line {line}, column {column}): {message}"
            ),
            StoreError::NotTagmark { expected, found: Some(found) } => {
                write!(f, "this is not a {} (its \"format\" is \"{found}\")", what(expected))
            }
            StoreError::NotTagmark { expected, found: None } => {
                write!(f, "this is not a {} (it has no \"format\" field)", what(expected))
            }
            StoreError::Newer { version, supported } => write!(
                f,
                "written by a newer tagmark (version {version}); this page reads up to version {supported}: update the page"
            ),
        }
    }
}

fn what(format: &str) -> &'static str {
    match format {
        DOC_FORMAT => "tagmark document record",
        META_FORMAT => "tagmark corpus record",
        _ => "tagmark corpus backup",
    }
}

impl std::error::Error for StoreError {}

/// serde_json's message without its trailing ` at line L column C`.
pub(crate) fn strip_position(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix).map(str::to_string).unwrap_or(full)
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> StoreError {
        let (message, line, column) = (strip_position(&e), e.line(), e.column());
        match e.classify() {
            serde_json::error::Category::Data => StoreError::Shape { message, line, column },
            _ => StoreError::Syntax { message, line, column },
        }
    }
}

/// A document record as stored (version 1 or 2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRecord {
    /// The document's id.
    pub id: DocId,
    /// Its name.
    pub name: String,
    /// Its review status.
    #[serde(default)]
    pub status: Status,
    /// Its revision ([`CorpusDoc::updated`]).
    #[serde(default)]
    pub updated: u64,
    /// The format it was read from.
    #[serde(default = "inline")]
    pub source_format: String,
    /// The inline source.
    pub source: String,
    /// What the format it was read from said beyond text and spans (version 2; empty when absent).
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

fn inline() -> String {
    "inline".to_string()
}

impl DocRecord {
    /// The record of `doc`.
    pub fn of(doc: &CorpusDoc) -> DocRecord {
        DocRecord {
            id: doc.id(),
            name: doc.name().to_string(),
            status: doc.status(),
            updated: doc.updated(),
            source_format: doc.source_format().to_string(),
            source: doc.source().to_string(),
            meta: doc.meta().clone(),
        }
    }

    /// The document (parses the source).
    pub fn into_doc(self) -> CorpusDoc {
        CorpusDoc::new(self.id, self.name, self.source_format, self.source, self.status, self.updated)
            .with_meta(self.meta)
    }
}

/// The corpus record as stored: everything but the documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetaRecord {
    /// The tab that wrote it (see [`check_write`]).
    #[serde(default)]
    pub writer: String,
    /// Incremented by each save (see [`check_write`]).
    #[serde(default)]
    pub revision: u64,
    /// The documents' ids in corpus order.
    #[serde(default)]
    pub order: Vec<DocId>,
    /// The current document.
    #[serde(default)]
    pub current: Option<DocId>,
    /// The id the next added document gets.
    #[serde(default)]
    pub next_id: u64,
    /// The label set.
    #[serde(default)]
    pub labels: Vec<LabelDef>,
    /// The session.
    #[serde(default)]
    pub session: StoredSession,
}

// What is written: borrowed, so that encoding does not copy the sources.

#[derive(Serialize)]
struct DocOut<'a> {
    id: DocId,
    name: &'a str,
    status: Status,
    updated: u64,
    source_format: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "no_meta")]
    meta: &'a Meta,
}

fn no_meta(meta: &&Meta) -> bool {
    meta.is_empty()
}

impl<'a> DocOut<'a> {
    fn of(doc: &'a CorpusDoc) -> DocOut<'a> {
        DocOut {
            id: doc.id(),
            name: doc.name(),
            status: doc.status(),
            updated: doc.updated(),
            source_format: doc.source_format(),
            source: doc.source(),
            meta: doc.meta(),
        }
    }
}

#[derive(Serialize)]
struct DocRecordOut<'a> {
    format: &'static str,
    version: u64,
    #[serde(flatten)]
    doc: DocOut<'a>,
}

#[derive(Serialize)]
struct MetaOut<'a> {
    format: &'static str,
    version: u64,
    writer: &'a str,
    revision: u64,
    order: Vec<DocId>,
    current: Option<DocId>,
    next_id: u64,
    labels: &'a [LabelDef],
    session: &'a StoredSession,
}

#[derive(Serialize)]
struct BackupOut<'a> {
    format: &'static str,
    version: u64,
    current: Option<DocId>,
    next_id: u64,
    labels: &'a [LabelDef],
    session: &'a StoredSession,
    docs: Vec<DocOut<'a>>,
}

/// A backup of version 1 or 2, as read (version 1 documents have no `meta`).
#[derive(Deserialize)]
struct BackupV1 {
    #[serde(default)]
    current: Option<DocId>,
    #[serde(default)]
    next_id: u64,
    #[serde(default)]
    labels: Vec<LabelDef>,
    #[serde(default)]
    session: StoredSession,
    docs: Vec<DocRecord>,
}

/// The legacy (version 0) object.
#[derive(Deserialize)]
struct LegacyV0 {
    source: String,
    #[serde(default)]
    labels: Vec<LegacyLabel>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LegacyLabel {
    Name(String),
    Def(LabelDef),
}

/// The envelope, read first (the rest of the input is skipped, not kept).
#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u64>,
    #[serde(default)]
    source: Option<serde::de::IgnoredAny>,
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Serializing these types cannot fail: every map key is a string.
    serde_json::to_string(value).unwrap_or_default()
}

fn current_id(corpus: &Corpus) -> Option<DocId> {
    corpus.current_doc().map(CorpusDoc::id)
}

/// Writes a whole-corpus backup (the "export a backup now" file).
pub fn encode(corpus: &Corpus, session: &StoredSession) -> String {
    let out = BackupOut {
        format: CORPUS_FORMAT,
        version: VERSION,
        current: current_id(corpus),
        next_id: corpus.next_id(),
        labels: &corpus.labels().labels,
        session,
        docs: corpus.docs().iter().map(DocOut::of).collect(),
    };
    let mut json = serde_json::to_string_pretty(&out).unwrap_or_default();
    json.push('\n');
    json
}

/// Reads a backup of any version up to [`VERSION`], including the legacy
/// `localStorage` value of version 0 (see the [module documentation](self)).
pub fn decode(json: &str) -> Result<(Corpus, StoredSession), StoreError> {
    let head = read_head(json)?;
    match (head.format.as_deref(), head.version) {
        (Some(CORPUS_FORMAT), Some(v)) if v > VERSION => Err(StoreError::Newer { version: v, supported: VERSION }),
        (Some(CORPUS_FORMAT), Some(1 | 2)) => {
            let b: BackupV1 = serde_json::from_str(json)?;
            let docs: Vec<CorpusDoc> = b.docs.into_iter().map(DocRecord::into_doc).collect();
            Ok(build(docs, b.current, b.labels, b.next_id, b.session))
        }
        (Some(CORPUS_FORMAT), Some(0)) | (None, None) if head.source.is_some() => legacy(json),
        (Some(CORPUS_FORMAT), _) => Err(StoreError::Shape {
            message: "the backup has no \"version\" this page knows".to_string(),
            line: 0,
            column: 0,
        }),
        (found, _) => Err(StoreError::NotTagmark { expected: CORPUS_FORMAT, found: found.map(str::to_string) }),
    }
}

fn read_head(json: &str) -> Result<Head, StoreError> {
    if json.trim_start().starts_with('"') {
        // Version 0 as a bare JSON string.
        return Ok(Head { format: None, version: None, source: Some(serde::de::IgnoredAny) });
    }
    Ok(serde_json::from_str(json)?)
}

/// Version 0: one source (a JSON string, or `{"source", "labels"}`).
fn legacy(json: &str) -> Result<(Corpus, StoredSession), StoreError> {
    let (source, labels) = if json.trim_start().starts_with('"') {
        (serde_json::from_str::<String>(json)?, Vec::new())
    } else {
        let v0: LegacyV0 = serde_json::from_str(json)?;
        let labels = v0
            .labels
            .into_iter()
            .map(|l| match l {
                LegacyLabel::Name(name) => LabelDef::new(name),
                LegacyLabel::Def(def) => def,
            })
            .collect();
        (v0.source, labels)
    };
    let mut corpus = Corpus::restore(Vec::new(), 0, LabelSet { labels }, 0);
    if !source.is_empty() {
        corpus.add_document("document", "inline", source);
    }
    // Nothing of it is in the new store yet: everything is a change to save.
    corpus.mark_meta_changed();
    let session = StoredSession { doc: corpus.current_doc().map(CorpusDoc::id), ..StoredSession::default() };
    Ok((corpus, session))
}

fn build(
    docs: Vec<CorpusDoc>,
    current: Option<DocId>,
    labels: Vec<LabelDef>,
    next_id: u64,
    session: StoredSession,
) -> (Corpus, StoredSession) {
    let index = current.and_then(|id| docs.iter().position(|d| d.id() == id)).unwrap_or(0);
    (Corpus::restore(docs, index, LabelSet { labels }, next_id), session)
}

/// Checks a record's envelope: `expected` format and a version this page reads.
fn check_record(json: &str, expected: &'static str) -> Result<(), StoreError> {
    let head: Head = serde_json::from_str(json)?;
    match (head.format.as_deref(), head.version) {
        (Some(f), Some(v)) if f == expected && v > VERSION => Err(StoreError::Newer { version: v, supported: VERSION }),
        (Some(f), Some(1 | 2)) if f == expected => Ok(()),
        (Some(f), _) if f == expected => Err(StoreError::Shape {
            message: format!("the record has no \"version\" this page knows (1 to {VERSION})"),
            line: 0,
            column: 0,
        }),
        (found, _) => Err(StoreError::NotTagmark { expected, found: found.map(str::to_string) }),
    }
}

/// Writes the record of one document.
pub fn encode_doc(doc: &CorpusDoc) -> String {
    to_json(&DocRecordOut { format: DOC_FORMAT, version: VERSION, doc: DocOut::of(doc) })
}

/// Reads the record of one document.
pub fn decode_doc(json: &str) -> Result<DocRecord, StoreError> {
    check_record(json, DOC_FORMAT)?;
    Ok(serde_json::from_str(json)?)
}

/// Writes the corpus record: order, current document, label set and session,
/// stamped with this tab's id and the revision being written (see [`Writer`]).
pub fn encode_meta(corpus: &Corpus, session: &StoredSession, writer: &str, revision: u64) -> String {
    to_json(&MetaOut {
        format: META_FORMAT,
        version: VERSION,
        writer,
        revision,
        order: corpus.docs().iter().map(CorpusDoc::id).collect(),
        current: current_id(corpus),
        next_id: corpus.next_id(),
        labels: &corpus.labels().labels,
        session,
    })
}

/// Reads the corpus record.
pub fn decode_meta(json: &str) -> Result<MetaRecord, StoreError> {
    check_record(json, META_FORMAT)?;
    Ok(serde_json::from_str(json)?)
}

/// A corpus built back from its records.
#[derive(Clone, Debug, PartialEq)]
pub struct Assembled {
    /// The corpus.
    pub corpus: Corpus,
    /// The session.
    pub session: StoredSession,
    /// Documents whose record was found but which the corpus record does not list;
    /// they were appended to the corpus rather than lost.
    pub unlisted: Vec<DocId>,
    /// Documents the corpus record lists but whose record is missing.
    pub missing: Vec<DocId>,
}

/// Builds the corpus from its records: documents in the corpus record's order,
/// then documents it does not list, by id. With no corpus record (never
/// written, or lost), every document is kept, by id, with no labels or session.
pub fn assemble(meta: Option<MetaRecord>, docs: Vec<DocRecord>) -> Assembled {
    let meta = meta.unwrap_or_default();
    let mut by_id: std::collections::BTreeMap<DocId, DocRecord> = docs.into_iter().map(|d| (d.id, d)).collect();
    let mut ordered = Vec::with_capacity(by_id.len());
    let mut missing = Vec::new();
    for id in &meta.order {
        match by_id.remove(id) {
            Some(record) => ordered.push(record.into_doc()),
            None => missing.push(*id),
        }
    }
    let unlisted: Vec<DocId> = by_id.keys().copied().collect();
    ordered.extend(by_id.into_values().map(DocRecord::into_doc));
    let (mut corpus, session) = build(ordered, meta.current, meta.labels, meta.next_id, meta.session);
    if !unlisted.is_empty() || !missing.is_empty() {
        // The order to store has changed; make sure the next save writes it.
        corpus.mark_meta_changed();
    }
    Assembled { corpus, session, unlisted, missing }
}

/// Another tab saved the corpus since this tab last read or wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The revision stored now.
    pub stored_revision: u64,
    /// The tab that wrote it.
    pub stored_writer: String,
    /// The revision this tab last read or wrote.
    pub seen_revision: u64,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "another tab saved this corpus after this tab last loaded or saved it (it is at revision {}, this tab saw revision {}): \
             reload this tab to see that tab's work, or export a backup of this tab's version first",
            self.stored_revision, self.seen_revision
        )
    }
}

impl std::error::Error for Conflict {}

/// May the tab `my_id`, which last read or wrote revision `my_last_seen_revision`,
/// write over the stored corpus record (`stored_revision` by `stored_writer`;
/// pass `0, ""` when there is none)?
///
/// Yes when nothing is stored, when the stored revision is the one this tab saw,
/// or when this tab wrote it. Otherwise another tab wrote since — or the store
/// was replaced — and writing would silently undo its work: [`Conflict`].
/// Tab ids must be unique per page load (not kept in `sessionStorage`, which a
/// duplicated tab copies).
pub fn check_write(
    stored_revision: u64,
    stored_writer: &str,
    my_last_seen_revision: u64,
    my_id: &str,
) -> Result<(), Conflict> {
    let nothing_stored = stored_revision == 0 && stored_writer.is_empty();
    if nothing_stored || stored_revision == my_last_seen_revision || stored_writer == my_id {
        Ok(())
    } else {
        Err(Conflict {
            stored_revision,
            stored_writer: stored_writer.to_string(),
            seen_revision: my_last_seen_revision,
        })
    }
}

/// One tab's side of [`check_write`]: its id and the revision it last saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Writer {
    /// This tab's id.
    pub id: String,
    /// The revision of the corpus record this tab last read or wrote.
    pub seen: u64,
}

impl Writer {
    /// A tab that has seen nothing yet.
    pub fn new(id: impl Into<String>) -> Writer {
        Writer { id: id.into(), seen: 0 }
    }

    /// Records the corpus record read on load (`None` when there was none).
    pub fn loaded(&mut self, meta: Option<&MetaRecord>) {
        self.seen = meta.map_or(0, |m| m.revision);
    }

    /// Checks the stored record (`None` when there is none) and returns the
    /// revision to write, one past the stored one.
    pub fn begin(&self, stored: Option<&MetaRecord>) -> Result<u64, Conflict> {
        let (revision, writer) = stored.map_or((0, ""), |m| (m.revision, m.writer.as_str()));
        check_write(revision, writer, self.seen, &self.id)?;
        // A stored record may say anything: a revision never wraps.
        Ok(revision.saturating_add(1))
    }

    /// The revision to write when the user chose to overwrite the other tab's work.
    pub fn overwrite(&self, stored: Option<&MetaRecord>) -> u64 {
        stored.map_or(0, |m| m.revision).saturating_add(1)
    }

    /// Records that `revision` was written (call when the transaction completes).
    pub fn committed(&mut self, revision: u64) {
        self.seen = revision;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> (Corpus, StoredSession) {
        let mut c = Corpus::new();
        c.add_documents([
            ("a.txt", "inline", "the <model>NeuraScale</model> 🚀"),
            ("b", "doccano", "日本 <country>Japan</country>"),
            ("c", "inline", "broken <x>"),
        ]);
        c.set_labels(LabelSet::from_json(r##"{"labels":[{"name":"model","color":"#7aecec","hotkey":"1"}]}"##).unwrap());
        c.set_status(0, Status::Accepted);
        c.set_current(1);
        c.remove(2);
        let session = StoredSession {
            doc: Some(c.current_doc().unwrap().id()),
            selection: Some((3, 9)),
            history: serde_json::json!({"undo": [{"op": "add"}], "redo": []}),
        };
        (c, session)
    }

    #[test]
    fn backup_round_trip() {
        let (c, s) = sample();
        let json = encode(&c, &s);
        assert!(json.starts_with("{\n  \"format\": \"tagmark-corpus\",\n  \"version\": 2,"), "{json}");
        let (c2, s2) = decode(&json).unwrap();
        assert_eq!(c2, c);
        assert_eq!(s2, s);
        assert_eq!(c2.current(), 1);
        assert_eq!(c2.next_id(), 3, "ids are not reused after a removal");
        assert_eq!(c2.docs()[0].span_count(), 1);
    }

    #[test]
    fn records_round_trip_in_any_order() {
        let (c, s) = sample();
        let meta = encode_meta(&c, &s, "tab-1", 5);
        assert!(
            meta.starts_with(r#"{"format":"tagmark-meta","version":2,"writer":"tab-1","revision":5,"order":[0,1]"#),
            "{meta}"
        );
        let mut docs: Vec<DocRecord> = c.docs().iter().map(|d| decode_doc(&encode_doc(d)).unwrap()).collect();
        docs.reverse();
        let meta = decode_meta(&meta).unwrap();
        assert_eq!((meta.revision, meta.writer.as_str()), (5, "tab-1"));
        let a = assemble(Some(meta), docs);
        assert_eq!(a.corpus, c);
        assert_eq!(a.session, s);
        assert!(a.unlisted.is_empty() && a.missing.is_empty());
        let doc = encode_doc(&c.docs()[0]);
        assert!(doc.starts_with(r#"{"format":"tagmark-doc","version":2,"id":0,"name":"a.txt","status":"accepted","updated":1,"source_format":"inline","source":"the <model>NeuraScale</model> 🚀"}"#), "{doc}");
    }

    #[test]
    fn assemble_keeps_unlisted_documents() {
        let (c, s) = sample();
        let mut meta = decode_meta(&encode_meta(&c, &s, "t", 1)).unwrap();
        meta.order = vec![DocId(0), DocId(9)];
        let docs = c.docs().iter().map(DocRecord::of).collect();
        let mut a = assemble(Some(meta), docs);
        let names: Vec<&str> = a.corpus.docs().iter().map(|d| d.name()).collect();
        assert_eq!(names, ["a.txt", "b"]);
        assert_eq!((a.unlisted, a.missing), (vec![DocId(1)], vec![DocId(9)]));
        assert!(a.corpus.take_changes().meta(), "the repaired order is saved next time");
        // No corpus record at all: documents by id, nothing lost.
        let a = assemble(None, c.docs().iter().map(DocRecord::of).collect());
        assert_eq!(a.corpus.len(), 2);
        assert_eq!(a.corpus.docs()[0].id(), DocId(0));
    }

    /// What tagmark's first release left in `localStorage["tagmark.source"]`.
    const V0_STRING: &str = r#""the <model>NeuraScale-9</model> has <params>2.5 trillion</params> parameters""#;
    /// The hypothetical object shape of version 0.
    const V0_OBJECT: &str = r##"{
  "source": "trained in <country>Japan</country> in <year>2021</year>",
  "labels": ["country", {"name": "year", "color": "#ffcc00", "hotkey": "2"}]
}"##;

    #[test]
    fn migrates_version_0() {
        let (c, s) = decode(V0_STRING).unwrap();
        assert_eq!(c.len(), 1);
        let doc = c.current_doc().unwrap();
        assert_eq!((doc.name(), doc.source_format(), doc.status()), ("document", "inline", Status::Todo));
        assert_eq!(doc.span_count(), 2);
        assert_eq!(s.doc, Some(doc.id()));
        assert!(s.history.is_null() && s.selection.is_none());

        let (mut c, _) = decode(V0_OBJECT).unwrap();
        assert_eq!(c.docs()[0].text(), "trained in Japan in 2021");
        assert_eq!(c.labels().labels[0], LabelDef::new("country"));
        assert_eq!(c.labels().labels[1].hotkey, Some('2'));
        // The migrated corpus is all unsaved: autosave writes it to the new store.
        let ch = c.take_changes();
        assert_eq!(ch.docs().len(), 1);
        assert!(ch.meta());
        // An empty first-release source is an empty corpus.
        assert!(decode("\"\"").unwrap().0.is_empty());
        // And it survives the round trip into version 1.
        let (c2, _) = decode(&encode(&c, &StoredSession::default())).unwrap();
        assert_eq!(c2, c);
    }

    #[test]
    fn refuses_newer_versions() {
        let newer = r#"{"format":"tagmark-corpus","version":3,"docs":"a shape this page does not know"}"#;
        let err = decode(newer).unwrap_err();
        assert_eq!(err, StoreError::Newer { version: 3, supported: 2 });
        assert_eq!(
            err.to_string(),
            "written by a newer tagmark (version 3); this page reads up to version 2: update the page"
        );
        let meta = r#"{"format":"tagmark-meta","version":3,"order":{}}"#;
        assert_eq!(decode_meta(meta), Err(StoreError::Newer { version: 3, supported: 2 }));
        let doc = r#"{"format":"tagmark-doc","version":9}"#;
        assert_eq!(decode_doc(doc), Err(StoreError::Newer { version: 9, supported: 2 }));
    }

    /// Records and a backup exactly as version 1 wrote them.
    const V1_DOC: &str = r#"{"format":"tagmark-doc","version":1,"id":4,"name":"a.txt","status":"accepted","updated":2,"source_format":"doccano","source":"the <model>X</model>"}"#;
    const V1_META: &str = r#"{"format":"tagmark-meta","version":1,"writer":"tab-9","revision":3,"order":[4],"current":4,"next_id":5,"labels":[{"name":"model","color":null,"hotkey":"1"}],"session":{"doc":4,"selection":null,"history":null}}"#;
    const V1_BACKUP: &str = r#"{"format":"tagmark-corpus","version":1,"current":4,"next_id":5,"labels":[],"session":{"doc":4,"selection":null,"history":null},"docs":[{"id":4,"name":"a.txt","status":"accepted","updated":2,"source_format":"doccano","source":"the <model>X</model>"}]}"#;

    #[test]
    fn reads_version_1_without_meta() {
        let record = decode_doc(V1_DOC).unwrap();
        assert!(record.meta.is_empty());
        let a = assemble(Some(decode_meta(V1_META).unwrap()), vec![record]);
        let doc = &a.corpus.docs()[0];
        assert_eq!((doc.name(), doc.status(), doc.span_count()), ("a.txt", Status::Accepted, 1));
        assert!(doc.meta().is_empty());
        // Written back as version 2, with no meta field while there is none.
        assert_eq!(
            encode_doc(doc),
            V1_DOC.replace(r#""version":1"#, r#""version":2"#),
        );
        let (c, s) = decode(V1_BACKUP).unwrap();
        assert_eq!(c.docs(), a.corpus.docs());
        assert_eq!(s.doc, Some(DocId(4)));
    }

    #[test]
    fn meta_is_stored_with_its_document() {
        use crate::format::{read_files, InputFile, ReadOptions};
        let files = [
            InputFile::new("n.txt", "Ann met Bob."),
            InputFile::new("n.ann", "T1\tPER 0 3\tAnn\nT2\tPER 8 11\tBob\nR1\tMeets Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tsure\n"),
        ];
        let read = read_files(&files, None, &ReadOptions::default()).read;
        let doc = read.docs.into_iter().next().unwrap();
        let meta = doc.meta.clone();
        let mut c = Corpus::new();
        let source = crate::write(&doc.document);
        c.add_documents([("n", "brat", source, meta.clone())]);
        assert_eq!(c.docs()[0].meta(), &meta);
        let json = encode_doc(&c.docs()[0]);
        assert!(json.contains(r#""meta":{"source":"brat","span_ids":[{"id":"T1","label":"PER","ranges":[[0,3]]}"#), "{json}");
        let back = decode_doc(&json).unwrap().into_doc();
        assert_eq!(back, c.docs()[0]);
        assert_eq!(back.meta(), &meta);
        let (c2, _) = decode(&encode(&c, &StoredSession::default())).unwrap();
        assert_eq!(c2, c);
    }

    #[test]
    fn corrupt_input_errors_have_positions() {
        let (c, s) = sample();
        let json = encode(&c, &s);
        let cut = &json[..json.len() / 2];
        let err = decode(cut).unwrap_err();
        let StoreError::Syntax { line, column, .. } = err else { panic!("{err:?}") };
        assert!(line > 1 && column > 0);
        assert!(
            err.to_string().starts_with(&format!(
                "the stored data is not valid JSON (line {line}, column {column}): EOF while parsing"
            )),
            "{err}"
        );

        let err = decode("{\"format\": \"tagmark-corpus\",\n \"version\": 1,\n \"docs\": [{\"id\": \"seven\"}]}")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the stored data is not in tagmark's format (line 3, column 24): invalid type: string \"seven\", expected u64"
        );
        let err = decode("{\"format\": \"tagmark-corpus\", \"version\": 1}").unwrap_err();
        assert!(matches!(&err, StoreError::Shape { message, .. } if message == "missing field `docs`"), "{err:?}");
        let err = decode(r#"{"format": "tagmark-corpus", "version": "1"}"#).unwrap_err();
        assert!(matches!(err, StoreError::Shape { line: 1, .. }), "{err:?}");
        assert!(matches!(decode("not json"), Err(StoreError::Syntax { line: 1, column: 2, .. })));
        assert!(matches!(decode(""), Err(StoreError::Syntax { .. })));

        assert_eq!(
            decode("{\"docs\": []}").unwrap_err().to_string(),
            "this is not a tagmark corpus backup (it has no \"format\" field)"
        );
        assert_eq!(
            decode("[1, 2]").unwrap_err().to_string().split(" (").next(),
            Some("the stored data is not in tagmark's format")
        );
        let meta = encode_meta(&c, &s, "t", 1);
        assert_eq!(
            decode(&meta).unwrap_err().to_string(),
            "this is not a tagmark corpus backup (its \"format\" is \"tagmark-meta\")"
        );
        assert_eq!(
            decode_doc(&meta).unwrap_err().to_string(),
            "this is not a tagmark document record (its \"format\" is \"tagmark-meta\")"
        );
        assert!(matches!(decode_meta(r#"{"format":"tagmark-meta"}"#), Err(StoreError::Shape { .. })));
    }

    #[test]
    fn two_tabs_do_not_overwrite_each_other() {
        // Nothing stored: anyone may write.
        assert_eq!(check_write(0, "", 0, "a"), Ok(()));
        // The revision this tab saw: fine.
        assert_eq!(check_write(4, "b", 4, "a"), Ok(()));
        // This tab's own write.
        assert_eq!(check_write(5, "a", 4, "a"), Ok(()));
        // Another tab wrote since.
        let err = check_write(6, "b", 4, "a").unwrap_err();
        assert_eq!(err, Conflict { stored_revision: 6, stored_writer: "b".into(), seen_revision: 4 });
        assert!(err.to_string().starts_with("another tab saved this corpus after this tab last loaded or saved it"));
        // The store was replaced by an older or fresh corpus of another tab.
        assert!(check_write(1, "b", 4, "a").is_err());

        // The same story with two writers sharing one stored record.
        let (c, s) = sample();
        let mut stored: Option<MetaRecord> = None;
        let mut a = Writer::new("a");
        let mut b = Writer::new("b");
        a.loaded(stored.as_ref());
        b.loaded(stored.as_ref());
        let save = |w: &mut Writer, stored: &mut Option<MetaRecord>| -> Result<u64, Conflict> {
            let rev = w.begin(stored.as_ref())?;
            *stored = Some(decode_meta(&encode_meta(&c, &s, &w.id, rev)).unwrap());
            w.committed(rev);
            Ok(rev)
        };
        assert_eq!(save(&mut a, &mut stored), Ok(1));
        assert_eq!(save(&mut a, &mut stored), Ok(2));
        let err = save(&mut b, &mut stored).unwrap_err();
        assert_eq!((err.stored_revision, err.stored_writer.as_str(), err.seen_revision), (2, "a", 0));
        // b reloads, then both take turns only after reading each other.
        b.loaded(stored.as_ref());
        assert_eq!(save(&mut b, &mut stored), Ok(3));
        assert!(save(&mut a, &mut stored).is_err());
        // a chooses to overwrite.
        let rev = a.overwrite(stored.as_ref());
        a.committed(rev);
        assert_eq!(rev, 4);
    }

    fn arb_corpus() -> impl Strategy<Value = (Corpus, StoredSession)> {
        let doc =
            (".{0,12}", prop::sample::select(vec!["inline", "doccano", "brat"]), ".{0,40}", 0..4usize, any::<bool>());
        (
            prop::collection::vec(doc, 0..8),
            prop::collection::vec(
                ("[a-z][a-z0-9_-]{0,6}", prop::option::of("#[0-9a-f]{6}"), prop::option::of("[0-9]")),
                0..4,
            ),
            0..10usize,
            prop::option::of((0..100usize, 0..100usize)),
            prop::collection::vec(".{0,8}", 0..3),
            0..3usize,
        )
            .prop_map(|(docs, labels, current, selection, history, removals)| {
                let mut c = Corpus::new();
                c.add_documents(docs.iter().map(|(n, f, s, _, _)| {
                    // Documents "read from brat" carry a meta to store, with a span id and a note line.
                    let mut meta = Meta::default();
                    if *f == "brat" {
                        meta.source = Some(crate::format::Format::Brat);
                        meta.span_ids =
                            vec![crate::format::SpanId { id: "T1".into(), label: "e".into(), ranges: vec![0..s.len()] }];
                        meta.brat = Some(crate::format::BratMeta {
                            items: vec![
                                crate::format::BratItem::Entity("T1".into()),
                                crate::format::BratItem::Line(format!("#1\tAnnotatorNotes T1\t{n}")),
                            ],
                        });
                    }
                    (n.clone(), *f, s.clone(), meta)
                }));
                for (i, (_, _, s, status, edit)) in docs.iter().enumerate() {
                    c.set_status(i, Status::ALL[*status]);
                    if *edit {
                        c.set_source(i, format!("<e>{s}</e>"));
                    }
                }
                for _ in 0..removals {
                    c.remove(current % (c.len() + 1));
                }
                c.set_labels(LabelSet {
                    labels: labels
                        .into_iter()
                        .map(|(name, color, hotkey)| LabelDef {
                            name,
                            color,
                            hotkey: hotkey.and_then(|k| k.chars().next()),
                        })
                        .collect(),
                });
                c.set_current(current);
                let session = StoredSession {
                    doc: c.current_doc().map(CorpusDoc::id),
                    selection,
                    history: serde_json::json!({ "undo": history, "depth": 3 }),
                };
                (c, session)
            })
    }

    proptest! {
        #[test]
        fn any_corpus_round_trips((c, s) in arb_corpus()) {
            let (c2, s2) = decode(&encode(&c, &s)).unwrap();
            prop_assert_eq!(&c2, &c);
            prop_assert_eq!(&s2, &s);
            prop_assert_eq!(c2.current(), c.current());

            let meta = decode_meta(&encode_meta(&c, &s, "tab", 7)).unwrap();
            let docs: Vec<DocRecord> = c.docs().iter().rev().map(|d| decode_doc(&encode_doc(d)).unwrap()).collect();
            let a = assemble(Some(meta), docs);
            prop_assert_eq!(&a.corpus, &c);
            prop_assert_eq!(&a.session, &s);
            prop_assert!(a.unlisted.is_empty() && a.missing.is_empty());
        }

        #[test]
        fn decode_never_panics(s in "\\PC{0,60}") {
            let _ = decode(&s);
            let _ = decode_meta(&s);
            let _ = decode_doc(&s);
        }
    }
}
