//! Record encoding: one record per document and one corpus record, as
//! autosave writes them, and the corpus built back from them.

use serde::{Deserialize, Serialize};

use super::{StoreError, StoredSession, DOC_FORMAT, META_FORMAT, VERSION};
use crate::corpus::{Corpus, CorpusDoc, DocId, Status};
use crate::format::Meta;
use crate::labels::{LabelDef, LabelSet};

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
        CorpusDoc::new(
            self.id,
            self.name,
            self.source_format,
            self.source,
            self.status,
            self.updated,
        )
        .with_meta(self.meta)
    }
}

/// The corpus record as stored: everything but the documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetaRecord {
    /// The tab that wrote it (see [`check_write`](super::check_write)).
    #[serde(default)]
    pub writer: String,
    /// Incremented by each save (see [`check_write`](super::check_write)).
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
pub(super) struct DocOut<'a> {
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
    pub(super) fn of(doc: &'a CorpusDoc) -> DocOut<'a> {
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

/// The envelope, read first (the rest of the input is skipped, not kept).
#[derive(Deserialize)]
pub(super) struct Head {
    #[serde(default)]
    pub(super) format: Option<String>,
    #[serde(default)]
    pub(super) version: Option<u64>,
    #[serde(default)]
    pub(super) source: Option<serde::de::IgnoredAny>,
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Serializing these types cannot fail: every map key is a string.
    serde_json::to_string(value).unwrap_or_default()
}

pub(super) fn current_id(corpus: &Corpus) -> Option<DocId> {
    corpus.current_doc().map(CorpusDoc::id)
}

pub(super) fn build(
    docs: Vec<CorpusDoc>,
    current: Option<DocId>,
    labels: Vec<LabelDef>,
    next_id: u64,
    session: StoredSession,
) -> (Corpus, StoredSession) {
    let index = current
        .and_then(|id| docs.iter().position(|d| d.id() == id))
        .unwrap_or(0);
    (
        Corpus::restore(docs, index, LabelSet { labels }, next_id),
        session,
    )
}

/// Checks a record's envelope: `expected` format and a version this page reads.
pub(super) fn check_record(json: &str, expected: &'static str) -> Result<(), StoreError> {
    let head: Head = serde_json::from_str(json)?;
    match (head.format.as_deref(), head.version) {
        (Some(f), Some(v)) if f == expected && v > VERSION => Err(StoreError::Newer {
            version: v,
            supported: VERSION,
        }),
        (Some(f), Some(1 | 2)) if f == expected => Ok(()),
        (Some(f), _) if f == expected => Err(StoreError::Shape {
            message: format!("the record has no \"version\" this page knows (1 to {VERSION})"),
            line: 0,
            column: 0,
        }),
        (found, _) => Err(StoreError::NotTagmark {
            expected,
            found: found.map(str::to_string),
        }),
    }
}

/// Writes the record of one document.
pub fn encode_doc(doc: &CorpusDoc) -> String {
    to_json(&DocRecordOut {
        format: DOC_FORMAT,
        version: VERSION,
        doc: DocOut::of(doc),
    })
}

/// Reads the record of one document.
pub fn decode_doc(json: &str) -> Result<DocRecord, StoreError> {
    check_record(json, DOC_FORMAT)?;
    Ok(serde_json::from_str(json)?)
}

/// Writes the corpus record: order, current document, label set and session,
/// stamped with this tab's id and the revision being written (see [`Writer`](super::Writer)).
pub fn encode_meta(
    corpus: &Corpus,
    session: &StoredSession,
    writer: &str,
    revision: u64,
) -> String {
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
    // Inserted one by one, not collected: `collect` into a B-tree sorts through its own
    // copy of the stable sort (docs/size.md). Of two records with one id, the later wins either way.
    let mut by_id = std::collections::BTreeMap::<DocId, DocRecord>::new();
    for d in docs {
        by_id.insert(d.id, d);
    }
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
    let (mut corpus, session) = build(
        ordered,
        meta.current,
        meta.labels,
        meta.next_id,
        meta.session,
    );
    if !unlisted.is_empty() || !missing.is_empty() {
        // The order to store has changed; make sure the next save writes it.
        corpus.mark_meta_changed();
    }
    Assembled {
        corpus,
        session,
        unlisted,
        missing,
    }
}
