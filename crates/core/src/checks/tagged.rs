//! The tagged strings of a set of documents: for each distinct string (compared
//! by whole words, whitespace runs equal), its labels with counts and where it
//! is tagged. `untagged-repeat` and the repeat suggestions read it (the
//! inventory, [`crate::inventory`], counts strings for people; this index finds
//! them again in a text by whole words).

use crate::document::Document;
use crate::phrases::{KeyKind, KnownKeys, PhraseIndex};

/// One distinct tagged string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tagged {
    /// The string as first tagged (trimmed of whitespace).
    pub text: String,
    /// Each label it is tagged with and how many times, most used first (ties:
    /// the label seen first).
    pub labels: Vec<(String, usize)>,
    /// Where it is tagged: (document, span index).
    pub places: Vec<(usize, usize)>,
}

impl Tagged {
    /// The label most used for it (ties: the one seen first).
    pub fn top_label(&self) -> &str {
        self.labels.first().map_or("", |(l, _)| l.as_str())
    }

    /// The top label when it is used strictly more than any other.
    pub fn majority_label(&self) -> Option<&str> {
        match self.labels.as_slice() {
            [(l, _)] => Some(l),
            [(l, a), (_, b), ..] if a > b => Some(l),
            _ => None,
        }
    }

    /// How many times it is tagged in document `doc`.
    pub fn count_in(&self, doc: usize) -> usize {
        self.places.iter().filter(|(d, _)| *d == doc).count()
    }
}

/// Every tagged string of a set of documents, indexed for whole-word search.
pub struct TaggedStrings {
    /// The strings, by their segments ([`KeyKind::Exact`]).
    pub index: PhraseIndex<Tagged>,
}

impl std::fmt::Debug for TaggedStrings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TaggedStrings { .. }")
    }
}

impl TaggedStrings {
    /// Collects the tagged strings of `docs`.
    pub fn new(docs: &[&Document]) -> TaggedStrings {
        TaggedStrings::reusing(docs, KnownKeys::default())
    }

    /// [`TaggedStrings::new`], taking the keys of strings seen before from `known`
    /// (what an earlier index gave up, [`TaggedStrings::into_known_keys`]).
    pub fn reusing(docs: &[&Document], known: KnownKeys) -> TaggedStrings {
        let mut index: PhraseIndex<Tagged> = PhraseIndex::with_known(KeyKind::Exact, known);
        for (d, doc) in docs.iter().enumerate() {
            for (i, span) in doc.spans.iter().enumerate() {
                let text = doc.span_text(span);
                let Some((_, entry)) = index.entry(text, || Tagged {
                    text: text
                        .trim_matches(crate::tokenize::is_space_char)
                        .to_string(),
                    ..Tagged::default()
                }) else {
                    continue;
                };
                match entry.labels.iter_mut().find(|(l, _)| *l == span.label) {
                    Some((_, n)) => *n += 1,
                    None => entry.labels.push((span.label.clone(), 1)),
                }
                entry.places.push((d, i));
            }
        }
        for entry in index.values_mut() {
            // Stable: equal counts keep the order first seen.
            crate::sort::sort_by(&mut entry.labels, |a, b| b.1.cmp(&a.1));
        }
        TaggedStrings { index }
    }

    /// Gives up the index, keeping the keys it cut for [`TaggedStrings::reusing`].
    pub fn into_known_keys(self) -> KnownKeys {
        self.index.into_known_keys()
    }
}
