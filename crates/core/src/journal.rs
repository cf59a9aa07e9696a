//! The journal: what a closing tab had not saved yet.
//!
//! The app saves to IndexedDB, which is asynchronous: a tab closed in the middle of
//! an edit may never finish its last save. So when the page is hidden or closed,
//! the app first writes what it has not saved into a [`Journal`] kept in
//! synchronous `localStorage` (which a closing page always completes), then starts
//! the save. A successful save removes the journal. The next page load finds a
//! journal only when that save did not finish, and [`Journal::apply`] lays it over
//! what IndexedDB holds before the corpus is built.

use serde::{Deserialize, Serialize};

use crate::corpus::DocId;
use crate::store::{decode_doc, decode_meta, DocRecord, MetaRecord, StoreError, VERSION};

/// The `localStorage` key of the journal.
pub const JOURNAL_KEY: &str = "tagmark.journal";
/// The `format` of a journal.
pub const JOURNAL_FORMAT: &str = "tagmark-journal";

/// The unsaved part of a corpus: the corpus record, and the records of the
/// documents changed or removed since the last save.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// The corpus record ([`crate::store::encode_meta`]).
    pub meta: String,
    /// The records of the documents changed ([`crate::store::encode_doc`]).
    pub docs: Vec<String>,
    /// The documents removed.
    pub removed: Vec<DocId>,
}

#[derive(Serialize, Deserialize)]
struct JournalFile {
    format: String,
    version: u64,
    #[serde(flatten)]
    journal: Journal,
}

/// What [`Journal::apply`] changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Documents written from the journal (changed or new).
    pub docs: usize,
    /// Documents the journal removed.
    pub removed: usize,
}

impl Journal {
    /// The journal as stored.
    pub fn encode(&self) -> String {
        let file = JournalFile { format: JOURNAL_FORMAT.to_string(), version: VERSION, journal: self.clone() };
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// Reads a stored journal. A journal written by a newer tagmark is refused.
    pub fn decode(json: &str) -> Result<Journal, StoreError> {
        let file: JournalFile = serde_json::from_str(json)?;
        if file.format != JOURNAL_FORMAT {
            return Err(StoreError::NotTagmark { expected: JOURNAL_FORMAT, found: Some(file.format) });
        }
        if file.version > VERSION {
            return Err(StoreError::Newer { version: file.version, supported: VERSION });
        }
        Ok(file.journal)
    }

    /// Lays the journal over the stored records: its corpus record replaces
    /// `meta`, its documents replace those with the same id (or are added), and
    /// the documents it removed go. Nothing changes when any record in it cannot
    /// be read.
    pub fn apply(&self, meta: &mut Option<MetaRecord>, docs: &mut Vec<DocRecord>) -> Result<Applied, StoreError> {
        let new_meta = decode_meta(&self.meta)?;
        let records = self.docs.iter().map(|json| decode_doc(json)).collect::<Result<Vec<_>, _>>()?;
        let before = docs.len();
        docs.retain(|d| !self.removed.contains(&d.id));
        let removed = before - docs.len();
        for record in records.iter() {
            match docs.iter_mut().find(|d| d.id == record.id) {
                Some(d) => *d = record.clone(),
                None => docs.push(record.clone()),
            }
        }
        // The stored record's writer and revision stay: the check against other
        // tabs is about what IndexedDB holds.
        let (writer, revision) = meta.as_ref().map(|m| (m.writer.clone(), m.revision)).unwrap_or_default();
        *meta = Some(MetaRecord { writer, revision, ..new_meta });
        Ok(Applied { docs: records.len(), removed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Status};
    use crate::store::{assemble, encode_doc, encode_meta, StoredSession};

    fn corpus(sources: &[&str]) -> Corpus {
        let mut c = Corpus::new();
        c.add_documents(sources.iter().enumerate().map(|(i, s)| (format!("d{i}.txt"), "inline".to_string(), s.to_string())));
        c
    }

    fn records(c: &Corpus) -> Vec<DocRecord> {
        c.docs().iter().map(|d| decode_doc(&encode_doc(d)).unwrap()).collect()
    }

    #[test]
    fn a_journal_lays_unsaved_edits_over_the_store() {
        // What IndexedDB holds: three documents, revision 7.
        let saved = corpus(&["one <a>x</a>", "two", "three"]);
        let mut meta = Some(decode_meta(&encode_meta(&saved, &StoredSession::default(), "tab-1", 7)).unwrap());
        let mut docs = records(&saved);

        // The tab then edited the first document, removed the third, added one, and closed.
        let mut now = saved.clone();
        now.set_source(0, "one <a>x</a> and <b>y</b>");
        now.set_status(1, Status::Accepted);
        let third = now.docs()[2].id();
        now.remove(2);
        now.add_documents([("new.txt".to_string(), "inline".to_string(), "fresh".to_string())]);
        let changed = [0, 1, 2].map(|i| encode_doc(&now.docs()[i])).to_vec();
        let journal = Journal {
            meta: encode_meta(&now, &StoredSession::default(), "tab-1", 0),
            docs: changed,
            removed: vec![third],
        };
        let journal = Journal::decode(&journal.encode()).unwrap();

        let applied = journal.apply(&mut meta, &mut docs).unwrap();
        assert_eq!(applied, Applied { docs: 3, removed: 1 });
        assert_eq!(meta.as_ref().map(|m| m.revision), Some(7), "the stored revision stays");
        let built = assemble(meta, docs).corpus;
        let sources: Vec<&str> = built.docs().iter().map(|d| d.source()).collect();
        assert_eq!(sources, ["one <a>x</a> and <b>y</b>", "two", "fresh"]);
        assert_eq!(built.docs()[1].status(), Status::Accepted);
    }

    #[test]
    fn a_damaged_journal_changes_nothing() {
        let saved = corpus(&["one"]);
        let mut meta = None;
        let mut docs = records(&saved);
        let journal = Journal { meta: "{".into(), docs: vec![], removed: vec![] };
        assert!(journal.apply(&mut meta, &mut docs).is_err());
        assert_eq!(docs, records(&saved));
        assert!(Journal::decode("not json").is_err());
        let newer = r#"{"format":"tagmark-journal","version":99,"meta":"","docs":[],"removed":[]}"#;
        assert!(matches!(Journal::decode(newer), Err(StoreError::Newer { .. })));
    }
}
