//! The journal: what a closing tab had not saved yet.
//!
//! The app saves to IndexedDB, which is asynchronous: a tab closed in the middle of
//! an edit may never finish its last save. So when the page is hidden or closed,
//! the app first writes what it has not saved into a [`Journal`] kept in
//! synchronous `localStorage` (which a closing page always completes), then starts
//! the save. A successful save removes the journal. The next page load finds a
//! journal only when that save did not finish, and [`Journal::apply`] lays it over
//! what IndexedDB holds before the corpus is built.
//!
//! `localStorage` holds about 5 MB for the whole site, so:
//! - a journal holds only what is not in IndexedDB yet, and is written in
//!   pieces of at most [`PIECE_BYTES`] ([`Journal::pieces`]), the header first:
//!   when the storage fills up, the pieces written are kept and the app says how
//!   much could not be;
//! - each tab writes under its own keys ([`JOURNAL_PREFIX`] + its writer id),
//!   so two tabs closing at once do not overwrite each other's journal;
//! - a journal records the revision of the corpus record its tab last read or
//!   wrote ([`Journal::base`]); one whose tab lost a two-tab conflict (another
//!   tab saved since) is not laid over the store ([`Journal::fits`]).

use serde::{Deserialize, Serialize};

use crate::corpus::DocId;
use crate::store::{
    check_write, decode_doc, decode_meta, Conflict, DocRecord, MetaRecord, StoreError, VERSION,
};

/// The `localStorage` key of the journal.
pub const JOURNAL_KEY: &str = "tagmark.journal";
/// The `format` of a journal.
pub const JOURNAL_FORMAT: &str = "tagmark-journal";
/// The `format` of a journal piece after the header.
pub const JOURNAL_PART_FORMAT: &str = "tagmark-journal-part";
/// The start of the `localStorage` keys of a tab's journal pieces:
/// `tagmark.journal.<writer id>.<n>`, the header at `n = 0`.
pub const JOURNAL_PREFIX: &str = "tagmark.journal.";
/// The largest piece written at once, in bytes of JSON (a single document
/// record larger than this is a piece of its own).
pub const PIECE_BYTES: usize = 256 * 1024;

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
    /// The revision of the stored corpus record the tab last read or wrote
    /// ([`crate::store::Writer::seen`]); 0 in a journal from before it was kept.
    #[serde(default)]
    pub base: u64,
}

#[derive(Serialize, Deserialize)]
struct JournalFile {
    format: String,
    version: u64,
    #[serde(flatten)]
    journal: Journal,
    /// The number of pieces after the header (0: the documents are in the header).
    #[serde(default)]
    parts: usize,
}

#[derive(Serialize, Deserialize)]
struct JournalPart {
    format: String,
    version: u64,
    docs: Vec<String>,
}

/// A journal found among stored items by [`Journal::gather`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gathered {
    /// The writer id of the tab that wrote it.
    pub writer: String,
    /// The keys of its pieces (to remove once it is dealt with).
    pub keys: Vec<String>,
    /// The journal (the documents of the pieces found), or why it cannot be read.
    pub journal: Result<Journal, StoreError>,
    /// Pieces the header announced that are not there (the storage filled up).
    pub missing: usize,
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
        let file = JournalFile {
            format: JOURNAL_FORMAT.to_string(),
            version: VERSION,
            journal: self.clone(),
            parts: 0,
        };
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// The journal as `localStorage` items `(key, value)` for the tab `writer`:
    /// the header (the corpus record, the removed documents and the number of
    /// pieces) under `…<writer>.0`, then the document records in pieces of at
    /// most `max_bytes` under `….1`, `….2`, …. Write them in this order; a
    /// piece that cannot be written loses only the documents in it and after it.
    pub fn pieces(&self, writer: &str, max_bytes: usize) -> Vec<(String, String)> {
        let mut parts: Vec<Vec<String>> = Vec::new();
        let mut size = 0;
        for doc in &self.docs {
            // As it is written: a JSON string inside the piece, its quotes escaped.
            let len = serde_json::to_string(doc).map_or(doc.len(), |j| j.len()) + 1;
            match parts.last_mut() {
                Some(part) if size + len <= max_bytes => {
                    part.push(doc.clone());
                    size += len;
                }
                _ => {
                    parts.push(vec![doc.clone()]);
                    size = len;
                }
            }
        }
        let key = |n: usize| format!("{JOURNAL_PREFIX}{writer}.{n}");
        let header = JournalFile {
            format: JOURNAL_FORMAT.to_string(),
            version: VERSION,
            journal: Journal {
                docs: Vec::new(),
                ..self.clone()
            },
            parts: parts.len(),
        };
        let mut out = vec![(key(0), serde_json::to_string(&header).unwrap_or_default())];
        for (n, docs) in parts.into_iter().enumerate() {
            let part = JournalPart {
                format: JOURNAL_PART_FORMAT.to_string(),
                version: VERSION,
                docs,
            };
            out.push((key(n + 1), serde_json::to_string(&part).unwrap_or_default()));
        }
        out
    }

    /// Every journal among stored `(key, value)` items (other keys are
    /// ignored): the pieces of each tab put back together, in key order.
    pub fn gather<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Gathered> {
        let mut by_writer: std::collections::BTreeMap<String, Vec<(usize, &str, &str)>> =
            Default::default();
        for (key, value) in items {
            let Some(rest) = key.strip_prefix(JOURNAL_PREFIX) else {
                continue;
            };
            let Some((writer, n)) = rest.rsplit_once('.') else {
                continue;
            };
            let Ok(n) = n.parse::<usize>() else { continue };
            by_writer
                .entry(writer.to_string())
                .or_default()
                .push((n, key, value));
        }
        by_writer
            .into_iter()
            .map(|(writer, mut pieces)| {
                crate::sort::sort_by_key(&mut pieces, |p| p.0);
                let keys = pieces.iter().map(|p| p.1.to_string()).collect();
                let (journal, missing) = match pieces.first() {
                    Some((0, _, header)) => {
                        match Journal::join(header, pieces[1..].iter().map(|p| (p.0, p.2))) {
                            Ok((journal, missing)) => (Ok(journal), missing),
                            Err(e) => (Err(e), 0),
                        }
                    }
                    _ => (
                        Err(StoreError::Shape {
                            message: "the journal has no header".to_string(),
                            line: 0,
                            column: 0,
                        }),
                        0,
                    ),
                };
                Gathered {
                    writer,
                    keys,
                    journal,
                    missing,
                }
            })
            .collect()
    }

    /// The header and its pieces as one journal, and how many pieces are missing.
    fn join<'a>(
        header: &str,
        parts: impl Iterator<Item = (usize, &'a str)>,
    ) -> Result<(Journal, usize), StoreError> {
        let file: JournalFile = serde_json::from_str(header)?;
        let mut journal = Journal::check(file.format, file.version, file.journal)?;
        let mut found = 0;
        for (n, json) in parts {
            if n == 0 || n > file.parts {
                continue;
            }
            let part: JournalPart = serde_json::from_str(json)?;
            if part.format != JOURNAL_PART_FORMAT {
                return Err(StoreError::NotTagmark {
                    expected: JOURNAL_PART_FORMAT,
                    found: Some(part.format),
                });
            }
            if part.version > VERSION {
                return Err(StoreError::Newer {
                    version: part.version,
                    supported: VERSION,
                });
            }
            journal.docs.extend(part.docs);
            found += 1;
        }
        Ok((journal, file.parts.saturating_sub(found)))
    }

    fn check(format: String, version: u64, journal: Journal) -> Result<Journal, StoreError> {
        if format != JOURNAL_FORMAT {
            return Err(StoreError::NotTagmark {
                expected: JOURNAL_FORMAT,
                found: Some(format),
            });
        }
        if version > VERSION {
            return Err(StoreError::Newer {
                version,
                supported: VERSION,
            });
        }
        Ok(journal)
    }

    /// Whether the journal may be laid over the stored corpus record `stored`:
    /// only when no other tab saved since its tab last read or wrote (the check
    /// a save makes, [`check_write`]). A journal from a tab that lost a two-tab
    /// conflict would otherwise overwrite the other tab's saved work.
    pub fn fits(&self, stored: Option<&MetaRecord>) -> Result<(), Conflict> {
        let writer = decode_meta(&self.meta)
            .map(|m| m.writer)
            .unwrap_or_default();
        let (revision, stored_writer) = stored.map_or((0, ""), |m| (m.revision, m.writer.as_str()));
        check_write(revision, stored_writer, self.base, &writer)
    }

    /// Reads a stored journal. A journal written by a newer tagmark is refused.
    pub fn decode(json: &str) -> Result<Journal, StoreError> {
        let file: JournalFile = serde_json::from_str(json)?;
        Journal::check(file.format, file.version, file.journal)
    }

    /// Lays the journal over the stored records: its corpus record replaces
    /// `meta`, its documents replace those with the same id (or are added), and
    /// the documents it removed go. Nothing changes when any record in it cannot
    /// be read.
    pub fn apply(
        &self,
        meta: &mut Option<MetaRecord>,
        docs: &mut Vec<DocRecord>,
    ) -> Result<Applied, StoreError> {
        let new_meta = decode_meta(&self.meta)?;
        let records = self
            .docs
            .iter()
            .map(|json| decode_doc(json))
            .collect::<Result<Vec<_>, _>>()?;
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
        let (writer, revision) = meta
            .as_ref()
            .map(|m| (m.writer.clone(), m.revision))
            .unwrap_or_default();
        *meta = Some(MetaRecord {
            writer,
            revision,
            ..new_meta
        });
        Ok(Applied {
            docs: records.len(),
            removed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Status};
    use crate::store::{assemble, encode_doc, encode_meta, StoredSession};

    fn corpus(sources: &[&str]) -> Corpus {
        let mut c = Corpus::new();
        c.add_documents(
            sources
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("d{i}.txt"), "inline".to_string(), s.to_string())),
        );
        c
    }

    fn records(c: &Corpus) -> Vec<DocRecord> {
        c.docs()
            .iter()
            .map(|d| decode_doc(&encode_doc(d)).unwrap())
            .collect()
    }

    #[test]
    fn a_journal_lays_unsaved_edits_over_the_store() {
        // What IndexedDB holds: three documents, revision 7.
        let saved = corpus(&["one <a>x</a>", "two", "three"]);
        let mut meta =
            Some(decode_meta(&encode_meta(&saved, &StoredSession::default(), "tab-1", 7)).unwrap());
        let mut docs = records(&saved);

        // The tab then edited the first document, removed the third, added one, and closed.
        let mut now = saved.clone();
        now.set_source(0, "one <a>x</a> and <b>y</b>");
        now.set_status(1, Status::Accepted);
        let third = now.docs()[2].id();
        now.remove(2);
        now.add_documents([(
            "new.txt".to_string(),
            "inline".to_string(),
            "fresh".to_string(),
        )]);
        let changed = [0, 1, 2].map(|i| encode_doc(&now.docs()[i])).to_vec();
        let journal = Journal {
            meta: encode_meta(&now, &StoredSession::default(), "tab-1", 0),
            docs: changed,
            removed: vec![third],
            base: 7,
        };
        let journal = Journal::decode(&journal.encode()).unwrap();

        let applied = journal.apply(&mut meta, &mut docs).unwrap();
        assert_eq!(
            applied,
            Applied {
                docs: 3,
                removed: 1
            }
        );
        assert_eq!(
            meta.as_ref().map(|m| m.revision),
            Some(7),
            "the stored revision stays"
        );
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
        let journal = Journal {
            meta: "{".into(),
            docs: vec![],
            removed: vec![],
            base: 0,
        };
        assert!(journal.apply(&mut meta, &mut docs).is_err());
        assert_eq!(docs, records(&saved));
        assert!(Journal::decode("not json").is_err());
        let newer = r#"{"format":"tagmark-journal","version":99,"meta":"","docs":[],"removed":[]}"#;
        assert!(matches!(
            Journal::decode(newer),
            Err(StoreError::Newer { .. })
        ));
    }

    fn journal_of(now: &Corpus, writer: &str, base: u64) -> Journal {
        Journal {
            meta: encode_meta(now, &StoredSession::default(), writer, 0),
            docs: now.docs().iter().map(encode_doc).collect(),
            removed: vec![],
            base,
        }
    }

    // Issue 9, item 14: a journal of thousands of documents was one localStorage
    // value, lost whole (with a console warning) past the ~5 MB quota.
    #[test]
    fn a_large_journal_is_written_in_bounded_pieces_and_read_back() {
        let sources: Vec<String> = (0..300)
            .map(|i| format!("document {i} <a>{}</a>", "x".repeat(i % 50 + 1)))
            .collect();
        let now = corpus(&sources.iter().map(String::as_str).collect::<Vec<_>>());
        let journal = journal_of(&now, "tab-a", 3);
        let pieces = journal.pieces("tab-a", 2_000);
        assert!(pieces.len() > 10, "{} pieces", pieces.len());
        assert!(
            pieces[1..].iter().all(|(_, v)| v.len() <= 2_000 + 100),
            "every piece after the header stays in the bound"
        );
        assert_eq!(pieces[0].0, "tagmark.journal.tab-a.0");
        let items: Vec<(&str, &str)> = pieces
            .iter()
            .rev()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let found = Journal::gather(
            items
                .iter()
                .copied()
                .chain([("other", "x"), ("tagmark.journal", "{}")]),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].writer, "tab-a");
        assert_eq!(found[0].missing, 0);
        assert_eq!(found[0].keys.len(), pieces.len());
        assert_eq!(found[0].journal.as_ref().unwrap(), &journal);

        // The storage filled up after the third piece: what was written is kept, and the loss is counted.
        let partial: Vec<(&str, &str)> = items.iter().rev().take(3).copied().collect();
        let found = Journal::gather(partial);
        assert_eq!(found[0].missing, pieces.len() - 3);
        let kept = found[0].journal.as_ref().unwrap();
        assert_eq!(kept.docs[..], journal.docs[..kept.docs.len()]);
        assert!(!kept.docs.is_empty());
    }

    // Issue 9, item 14: two tabs closing at once wrote the same key; and a journal
    // left by a tab that lost a two-tab conflict was laid over the other tab's save.
    #[test]
    fn each_tab_has_its_own_journal_and_a_stale_one_does_not_fit() {
        let saved = corpus(&["one", "two"]);
        let stored =
            decode_meta(&encode_meta(&saved, &StoredSession::default(), "tab-b", 8)).unwrap();
        let mut mine = saved.clone();
        mine.set_source(0, "one, edited in tab a");
        let mut theirs = saved.clone();
        theirs.set_source(1, "two, edited in tab b");
        let a = journal_of(&mine, "tab-a", 7); // tab a last saw revision 7; tab b saved 8 since
        let b = journal_of(&theirs, "tab-b", 8);
        let pieces: Vec<(String, String)> = a
            .pieces("tab-a", PIECE_BYTES)
            .into_iter()
            .chain(b.pieces("tab-b", PIECE_BYTES))
            .collect();
        let found = Journal::gather(pieces.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(
            found.iter().map(|g| g.writer.as_str()).collect::<Vec<_>>(),
            ["tab-a", "tab-b"]
        );
        let ja = found[0].journal.as_ref().unwrap();
        let jb = found[1].journal.as_ref().unwrap();
        assert!(
            ja.fits(Some(&stored)).is_err(),
            "tab a lost the conflict: its journal must not be laid over"
        );
        assert!(jb.fits(Some(&stored)).is_ok());
        assert!(
            ja.fits(None).is_ok(),
            "nothing stored: nothing to overwrite"
        );
        // An unchanged store fits the tab that saw it.
        let at7 = decode_meta(&encode_meta(&saved, &StoredSession::default(), "tab-b", 7)).unwrap();
        assert!(ja.fits(Some(&at7)).is_ok());
    }
}
