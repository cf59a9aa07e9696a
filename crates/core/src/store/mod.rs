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
//! A preview, `"format":"tagmark-preview"`, holds the current document's first
//! blocks so that a reload can draw them first ([`Preview`]; the app keeps it in
//! `localStorage`).
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

mod backup;
mod error;
mod migration;
mod preview;
mod record;
#[cfg(test)]
mod tests;
mod writer;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use self::backup::{decode, encode};
pub use self::error::StoreError;
pub use self::preview::{
    decode_preview, encode_preview, Preview, PreviewSize, PREVIEW_BYTES, PREVIEW_FORMAT,
    PREVIEW_MAX_BYTES,
};
pub use self::record::{
    assemble, decode_doc, decode_meta, encode_doc, encode_meta, Assembled, DocRecord, MetaRecord,
};
pub use self::writer::{check_write, Conflict, Writer};
use crate::corpus::DocId;

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
