//! Migration: reading version 0, the single source of tagmark's first release.

use serde::Deserialize;

use super::{StoreError, StoredSession};
use crate::corpus::{Corpus, CorpusDoc};
use crate::labels::{LabelDef, LabelSet};

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

/// Version 0: one source (a JSON string, or `{"source", "labels"}`).
pub(super) fn legacy(json: &str) -> Result<(Corpus, StoredSession), StoreError> {
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
    let session = StoredSession {
        doc: corpus.current_doc().map(CorpusDoc::id),
        ..StoredSession::default()
    };
    Ok((corpus, session))
}
