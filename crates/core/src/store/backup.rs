//! Backups: the whole corpus as one file, written and read back (any version).

use serde::{Deserialize, Serialize};

use super::migration::legacy;
use super::record::{build, current_id, DocOut, Head};
use super::{DocRecord, StoreError, StoredSession, CORPUS_FORMAT, VERSION};
use crate::corpus::{Corpus, CorpusDoc, DocId};
use crate::labels::LabelDef;

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
/// `localStorage` value of version 0 (see the [module documentation](crate::store)).
pub fn decode(json: &str) -> Result<(Corpus, StoredSession), StoreError> {
    let head = read_head(json)?;
    match (head.format.as_deref(), head.version) {
        (Some(CORPUS_FORMAT), Some(v)) if v > VERSION => Err(StoreError::Newer {
            version: v,
            supported: VERSION,
        }),
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
        (found, _) => Err(StoreError::NotTagmark {
            expected: CORPUS_FORMAT,
            found: found.map(str::to_string),
        }),
    }
}

fn read_head(json: &str) -> Result<Head, StoreError> {
    if json.trim_start().starts_with('"') {
        // Version 0 as a bare JSON string.
        return Ok(Head {
            format: None,
            version: None,
            source: Some(serde::de::IgnoredAny),
        });
    }
    Ok(serde_json::from_str(json)?)
}
