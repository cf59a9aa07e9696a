//! Case-insensitive search across the plain text of every document, with snippets.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{Corpus, DocId};

/// The plain text case-folded (each character lower-cased), for search, and
/// where folding changed a character's length in bytes.
#[derive(Clone, Debug, Default)]
pub(super) struct Folded {
    pub(super) text: String,
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
    pub(super) fn new(text: &str) -> Folded {
        if text.is_ascii() {
            return Folded {
                text: text.to_ascii_lowercase(),
                irregular: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut irregular = Vec::new();
        for (at, c) in text.char_indices() {
            // ASCII folds to itself or a letter of the same length: regular, and no
            // table lookup (most of a long text).
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                continue;
            }
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
            irregular.push(Irregular {
                folded: start..out.len(),
                original: at..at + c.len_utf8(),
            });
        }
        Folded {
            text: out,
            irregular,
        }
    }

    /// The original offset of a match starting at folded offset `x` (the start of
    /// the character it falls in).
    pub(super) fn original_start(&self, x: usize) -> usize {
        let i = self.irregular.partition_point(|r| r.folded.start <= x);
        match i.checked_sub(1).map(|i| &self.irregular[i]) {
            None => x,
            Some(r) if x < r.folded.end => r.original.start,
            Some(r) => r.original.end + (x - r.folded.end),
        }
    }

    /// The original offset of a match ending at folded offset `x` (the end of the
    /// character it falls in).
    pub(super) fn original_end(&self, x: usize) -> usize {
        let i = self.irregular.partition_point(|r| r.folded.start < x);
        match i.checked_sub(1).map(|i| &self.irregular[i]) {
            None => x,
            Some(r) if x <= r.folded.end => r.original.end,
            Some(r) => r.original.end + (x - r.folded.end),
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
    /// Byte range of the match in the document's plain text ([`CorpusDoc::text`](super::CorpusDoc::text)).
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
        out.push(if matches!(c, '\n' | '\r' | '\t') {
            ' '
        } else {
            c
        });
    }
    if end < text.len() {
        out.push('…');
    }
    Snippet {
        text: out,
        highlight,
    }
}

impl Corpus {
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
            let folded = doc.folded();
            let hay = &folded.text;
            let mut from = 0;
            let mut found = false;
            while let Some(p) = hay[from..].find(&needle) {
                let at = from + p;
                from = at + needle.len();
                found = true;
                results.total += 1;
                if results.hits.len() < limit {
                    let start = folded.original_start(at);
                    let end = folded.original_end(from);
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
}
