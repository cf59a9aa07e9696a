//! Suggested spans: what is probably a span but is not tagged yet.
//!
//! Three sources ([`Source`]):
//! - [`Source::Repeat`]: another whole-word occurrence of a string tagged in
//!   this document or another ([`crate::checks::tagged::TaggedStrings`]);
//! - [`Source::Shape`]: a string of the same shape as a tagged one — the same
//!   letters and punctuation, other digits, as many of them (`NeuraScale-8`
//!   beside a tagged `NeuraScale-9`, `1.5 trillion` beside `2.5 trillion`; not
//!   `30 trillion`). Only tagged strings with a digit and a letter have a shape;
//! - [`Source::Rule`]: a pattern rule of the user's ([`crate::patterns`]).
//!
//! ## Rules
//! Suggestions live beside the document, never in it: nothing is exported
//! unless it is accepted, and accepting one is an ordinary
//! [`Edit::AddSpan`]. The list [`Suggester::finish`] gives is safe to accept in
//! any part and any order:
//! - no suggestion crosses a span of the document, has the range of one, or lies
//!   inside a span of its own label;
//! - no two suggestions cross or share a range (where sources disagree, a
//!   repeat wins over a rule, and a rule over a shape; then the longer one);
//! - a rejected suggestion (range and label) is not offered again.
//!
//! ## Long documents
//! [`Suggester::candidates`] looks at one byte range of the text at a time (it
//! reads on to the end of the line, so a phrase across the slice's end is
//! found), so the app can spread a long document over several frames;
//! [`chunks`] cuts a text into such ranges, and [`Suggester::finish`] is one
//! linear pass at the end. [`Suggester::suggest`] does all of it at once.

pub mod carry;
mod repeats;
mod rules;
mod shape;

use std::cmp::Reverse;
use std::collections::HashSet;
use std::ops::Range;

use crate::checks::tagged::TaggedStrings;
use crate::document::{Document, Span};
use crate::edit::{Change, Edit, EditError, IndexedSpan};
use crate::patterns::{Matcher, PatternRule};
use crate::phrases::{KeyKind, PhraseIndex, SegmentedText};
use crate::span_lookup::SpanLookup;

/// Where a suggestion comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// Another occurrence of a tagged string.
    Repeat,
    /// A pattern rule.
    Rule,
    /// The shape of a tagged string.
    Shape,
}

impl Source {
    /// `repeat`, `rule` or `shape`.
    pub fn name(self) -> &'static str {
        match self {
            Source::Repeat => "repeat",
            Source::Rule => "rule",
            Source::Shape => "shape",
        }
    }
}

/// A suggested span.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Suggestion {
    /// The bytes of the text it covers.
    pub range: Range<usize>,
    /// The label it would get.
    pub label: String,
    /// Why it is suggested.
    pub source: Source,
    /// The string it covers, whitespace runs as one space: suggestions with the
    /// same key and label are "the same string" (accept all at once).
    pub key: String,
}

impl Suggestion {
    /// The span accepting it adds.
    pub fn span(&self) -> Span {
        Span::new(self.range.start, self.range.end, self.label.clone())
    }

    /// The edit that accepts it.
    pub fn accept(&self) -> Edit {
        Edit::AddSpan { span: self.span() }
    }
}

/// The byte ranges to hand to [`Suggester::candidates`] one at a time: about
/// `size` bytes each, cut after a line break where there is one near.
pub fn chunks(text: &str, size: usize) -> Vec<Range<usize>> {
    let size = size.max(64);
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + size).min(text.len());
        if end < text.len() {
            let window = &text.as_bytes()[start + size / 2..end];
            if let Some(nl) = memchr::memrchr(b'\n', window) {
                end = start + size / 2 + nl + 1;
            }
            while !text.is_char_boundary(end) {
                end += 1;
            }
        }
        out.push(start..end);
        start = end;
    }
    out
}

/// What suggestions are drawn from: the tagged strings of a set of documents and the pattern rules.
pub struct Suggester {
    tagged: TaggedStrings,
    shapes: PhraseIndex<String>,
    rules: Matcher,
}

impl Suggester {
    /// Learns the tagged strings of `docs` (the document suggestions are
    /// wanted for should be one of them) and compiles `rules`.
    pub fn new(docs: &[&Document], rules: &[PatternRule]) -> Suggester {
        Suggester::reusing(docs, rules, None)
    }

    /// [`Suggester::new`] after a change: the tagged strings' keys that `previous`
    /// cut are taken rather than cut again (the result is the same).
    pub fn reusing(
        docs: &[&Document],
        rules: &[PatternRule],
        previous: Option<Suggester>,
    ) -> Suggester {
        let known = previous
            .map(|p| p.tagged.into_known_keys())
            .unwrap_or_default();
        let tagged = TaggedStrings::reusing(docs, known);
        let shapes = shape::shapes_of(&tagged);
        Suggester {
            tagged,
            shapes,
            rules: Matcher::new(rules),
        }
    }

    /// The tagged strings it learnt: the same index `untagged-repeat` reads
    /// ([`crate::checks::CheckOptions::tagged`]), so a caller need not build it twice.
    pub fn tagged(&self) -> &TaggedStrings {
        &self.tagged
    }

    /// Suggestions that start in `range` of `doc`'s text, before [`Suggester::finish`]
    /// (they may cross spans or each other).
    pub fn candidates(&self, doc: &Document, range: Range<usize>) -> Vec<Suggestion> {
        let text = doc.text.as_str();
        let (from, to) = (range.start.min(text.len()), range.end.min(text.len()));
        if from >= to {
            return Vec::new();
        }
        let std::ops::Range { start: a, end: e } = crate::phrases::around(text, from..to);
        let part = &text[a..e];
        let keep = (from - a)..(to - a);
        let mut out = Vec::new();
        let exact = SegmentedText::new(part, KeyKind::Exact);
        repeats::candidates(&self.tagged, part, &exact, keep.clone(), &mut out);
        rules::candidates(&self.rules, part, &exact, keep.clone(), &mut out);
        if !self.shapes.is_empty() {
            let shaped = exact.rekey(part, KeyKind::Shape);
            shape::candidates(&self.shapes, part, &shaped, keep, &mut out);
        }
        for s in &mut out {
            s.range = s.range.start + a..s.range.end + a;
        }
        out
    }

    /// Filters `candidates` (from [`Suggester::candidates`], in any order) by the
    /// [rules](self) against `doc` and `rejected`, and puts them in document order.
    pub fn finish(
        doc: &Document,
        mut candidates: Vec<Suggestion>,
        rejected: &HashSet<carry::RejectionKey>,
    ) -> Vec<Suggestion> {
        let lookup = SpanLookup::new(&doc.spans);
        candidates.retain(|s| {
            doc.check_range(s.range.start, s.range.end).is_ok()
                && !rejected.contains(&(s.range.start, s.range.end, s.label.clone()))
                && !lookup.crosses(s.range.clone())
                && !lookup.has_range(s.range.clone())
                && !lookup.inside_label(s.range.clone(), &s.label)
        });
        crate::sort::sort_by_key(&mut candidates, |s| {
            (s.range.start, Reverse(s.range.end), s.source)
        });
        // Keep a non-crossing set: `open` holds the kept suggestions that contain
        // the current start, each inside the one before it.
        let mut kept: Vec<Suggestion> = Vec::with_capacity(candidates.len());
        let mut open: Vec<Range<usize>> = Vec::new();
        for s in candidates {
            while open.last().is_some_and(|r| r.end <= s.range.start) {
                open.pop();
            }
            if let Some(top) = open.last() {
                if *top == s.range || s.range.end > top.end {
                    continue;
                }
            }
            open.push(s.range.clone());
            kept.push(s);
        }
        kept
    }

    /// Every suggestion for `doc`, at once.
    pub fn suggest(
        &self,
        doc: &Document,
        rejected: &HashSet<carry::RejectionKey>,
    ) -> Vec<Suggestion> {
        let candidates = self.candidates(doc, 0..doc.text.len());
        Suggester::finish(doc, candidates, rejected)
    }
}

/// The one change that accepts all of `suggestions` together (one undo step):
/// their spans are inserted. Refused, with `doc` untouched, when one could not be
/// added (it would cross a span, or repeat one).
pub fn accept_all(doc: &Document, suggestions: &[&Suggestion]) -> Result<Change, EditError> {
    let mut after = doc.clone();
    for s in suggestions {
        // Each is checked by the ordinary edit rules.
        s.accept().apply(&mut after)?;
    }
    let wanted: Vec<Span> = suggestions.iter().map(|s| s.span()).collect();
    let mut inserted: Vec<IndexedSpan> = Vec::new();
    let mut used = vec![false; after.spans.len()];
    for span in wanted {
        // The last span equal to it is the one added (an added span goes after equal ones).
        if let Some(index) = (0..after.spans.len())
            .rev()
            .find(|&i| !used[i] && after.spans[i] == span)
        {
            used[index] = true;
            inserted.push(IndexedSpan { index, span });
        }
    }
    crate::sort::sort_by_key(&mut inserted, |s| s.index);
    Ok(Change {
        text_len: doc.text.len(),
        span_count: doc.spans.len(),
        text: None,
        removed: Vec::new(),
        inserted,
    })
}
