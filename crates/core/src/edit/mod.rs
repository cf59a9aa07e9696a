//! Editing a document: pure edit operations that can be undone exactly, and a
//! [`History`] of them.
//!
//! An [`Edit`] is what the user asked for ("tag these bytes as `model`"). Applying
//! it either refuses with an [`EditError`] (a sentence saying why; the document is
//! left exactly as it was) or changes the document and returns the [`Change`] it
//! made: the spans removed (with their old indices), the spans inserted (with their
//! new indices) and the text replaced, if any. A change is its own record:
//! [`Change::inverse`] is the exact undo, and applying the change again is the
//! exact redo, so undo and redo never re-run the edit's rules.
//!
//! ## Rules
//! - A span covers at least one character, lies inside the text on `char`
//!   boundaries and has a valid label (`[A-Za-z][A-Za-z0-9_-]*`). A span read
//!   from a file may carry any other label: every edit keeps it and every undo
//!   brings it back (the inline writer reports what it cannot write).
//! - Spans may nest (equal ranges included) but never cross: an edit that would
//!   make two spans cross is refused, naming the other span.
//! - Adding, resizing or relabelling a span so that it would be identical (same
//!   range, same label) to another span is refused: two identical spans cannot be
//!   told apart on screen. Documents read from a file may still hold such pairs.
//! - A span added or resized onto the exact range of other spans goes inside them
//!   (after them in document order).
//! - [`Edit::RenameLabel`] and [`Edit::RemoveLabel`] with `move_to` relabel every
//!   span of a label; a span that would become identical to one already carrying
//!   the new label is removed instead (the two merge). They never refuse for that.
//! - An edit that changes nothing (relabel to the same label, resize to the same
//!   range, rename a label no span has…) succeeds with an empty change, which the
//!   history does not record.
//!
//! ## Text edits
//! [`Edit::ReplaceText`] replaces the bytes `a..b` of the text with a string of `n`
//! bytes (typing: `a == b`; deleting: `n == 0`). The spans follow:
//! - a span that ends at or before `a` does not change (typing right after a span
//!   does not extend it);
//! - a span that starts at or after `b` moves by `n - (b - a)` (typing right
//!   before a span does not extend it either);
//! - a span that contains the replaced range grows or shrinks with it; when it
//!   starts exactly at `a` (and `a < b`) it keeps covering the replacement, so
//!   retyping a span's first word keeps the span;
//! - a span partly deleted is clipped to what is left of it: losing its tail it
//!   ends at `a`, losing its head it starts after the replacement;
//! - a span whose whole content is deleted is removed.
//!
//! Spans never cross and stay in document order after a text edit, so text edits
//! are never refused except for a bad range. They may leave two identical spans
//! (deleting the text between a span's end and its parent's); that is allowed.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

mod record;

use crate::document::{is_valid_label, Document, Span, SpanError};

/// Which span an edit means: by its index in document order, or by value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanRef {
    /// The span at this index of [`Document::spans`].
    Index(usize),
    /// The first (outermost) span equal to this one.
    Span(Span),
}

/// An edit the user asks for. See the [module documentation](self) for the rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", try_from = "record::EditRecord")]
pub enum Edit {
    /// Add a span.
    AddSpan {
        /// The new span.
        span: Span,
    },
    /// Remove a span.
    RemoveSpan {
        /// Which span.
        target: SpanRef,
    },
    /// Give one span another label.
    Relabel {
        /// Index of the span in document order.
        index: usize,
        /// The new label.
        label: String,
    },
    /// Move one span's boundaries.
    Resize {
        /// Index of the span in document order.
        index: usize,
        /// New start byte.
        start: usize,
        /// New end byte.
        end: usize,
    },
    /// Rename a label: every span with label `from` gets label `to`.
    RenameLabel {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// Remove a label: its spans are removed, or moved to the label `move_to`.
    RemoveLabel {
        /// The label removed.
        label: String,
        /// Where its spans go (`None`: they are removed).
        move_to: Option<String>,
    },
    /// Replace a byte range of the text (typing, deleting, pasting).
    ReplaceText {
        /// The bytes replaced (empty to insert).
        range: Range<usize>,
        /// What replaces them (empty to delete).
        with: String,
    },
}

/// Why an edit was refused (nothing changed). [`fmt::Display`] gives a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The span would cover no text.
    Empty {
        /// Start byte.
        start: usize,
        /// End byte.
        end: usize,
    },
    /// A range whose start comes after its end.
    Reversed {
        /// Start byte.
        start: usize,
        /// End byte.
        end: usize,
    },
    /// The range reaches past the end of the text.
    OutOfRange {
        /// End byte asked for.
        end: usize,
        /// Length of the text in bytes.
        len: usize,
    },
    /// An offset falls inside a character.
    NotCharBoundary {
        /// The offending byte offset.
        offset: usize,
    },
    /// The label is not a valid label name.
    BadLabel {
        /// The label given.
        label: String,
    },
    /// The span would cross another span.
    Crossing {
        /// The span asked for.
        span: Span,
        /// The span it would cross.
        other: Span,
        /// The other span's index in document order.
        other_index: usize,
        /// The other span's text (shortened when long).
        other_text: String,
    },
    /// An identical span (same range, same label) exists.
    Duplicate {
        /// The span asked for.
        span: Span,
        /// The index of the identical span.
        other_index: usize,
    },
    /// No span has this index.
    NoSuchSpan {
        /// The index asked for.
        index: usize,
        /// How many spans there are.
        len: usize,
    },
    /// No span equals the one given.
    SpanNotFound {
        /// The span asked for.
        span: Span,
    },
    /// A recorded change does not fit the document (it was changed outside the history).
    Stale {
        /// What does not match.
        reason: String,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Empty { .. } => write!(f, "a span must cover at least one character"),
            EditError::Reversed { start, end } => {
                write!(f, "the range {start}..{end} is reversed: its start comes after its end")
            }
            EditError::OutOfRange { end, len } => {
                write!(f, "byte {end} is past the end of the text ({len} bytes)")
            }
            EditError::NotCharBoundary { offset } => write!(f, "byte offset {offset} falls inside a character"),
            EditError::BadLabel { label } => write!(
                f,
                "`{label}` is not a valid label: use a letter followed by letters, digits, `_` or `-`"
            ),
            EditError::Crossing { span, other, other_text, .. } => write!(
                f,
                "the `{}` span would cross `{}` at “{other_text}”: spans may nest but not cross",
                span.label, other.label
            ),
            EditError::Duplicate { span, .. } => {
                write!(f, "there already is a `{}` span over exactly this text", span.label)
            }
            EditError::NoSuchSpan { index, len } => {
                write!(f, "there is no span number {index}: the document has {len}")
            }
            EditError::SpanNotFound { span } => {
                write!(f, "there is no `{}` span at bytes {}..{}", span.label, span.start, span.end)
            }
            EditError::Stale { reason } => write!(
                f,
                "the document was changed outside the edit history, so this step cannot be replayed: {reason}"
            ),
        }
    }
}

impl std::error::Error for EditError {}

impl From<SpanError> for EditError {
    fn from(e: SpanError) -> EditError {
        match e {
            SpanError::Empty { start, end } if start > end => EditError::Reversed { start, end },
            SpanError::Empty { start, end } => EditError::Empty { start, end },
            SpanError::OutOfRange { end, len } => EditError::OutOfRange { end, len },
            SpanError::NotCharBoundary { offset } => EditError::NotCharBoundary { offset },
            SpanError::BadLabel { label } => EditError::BadLabel { label },
        }
    }
}

/// A span with its index in a span list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndexedSpan {
    /// Index in document order.
    pub index: usize,
    /// The span.
    pub span: Span,
}

/// A replacement of text: `old` at `start` became `new`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextChange {
    /// Byte offset where the replacement starts.
    pub start: usize,
    /// The text replaced.
    pub old: String,
    /// The text put in its place.
    pub new: String,
}

impl TextChange {
    /// The bytes replaced, in the text before the change.
    pub fn old_range(&self) -> Range<usize> {
        self.start..self.start.saturating_add(self.old.len())
    }

    /// The bytes of the replacement, in the text after the change.
    pub fn new_range(&self) -> Range<usize> {
        self.start..self.start.saturating_add(self.new.len())
    }

    /// How far the text after the replacement moved (bytes; negative: left).
    pub fn delta(&self) -> isize {
        // A `String` holds at most `isize::MAX` bytes, so neither cast wraps.
        (self.new.len() as isize).saturating_sub(self.old.len() as isize)
    }

    /// Where byte `pos` of the old text is in the new text, for a start (`start = true`)
    /// or an end of a span; see the module documentation for the rules.
    fn map(&self, pos: usize, start: bool) -> usize {
        let (a, b, n) = (
            self.start,
            self.start.saturating_add(self.old.len()),
            self.new.len(),
        );
        if pos < a || (pos == a && !start) || (pos == a && a < b) {
            pos
        } else if pos >= b {
            (pos - (b - a)).saturating_add(n)
        } else if start {
            a.saturating_add(n)
        } else {
            a
        }
    }
}

/// What an edit did to a document, exactly enough to undo and redo it.
///
/// Applying a change: remove the spans `removed` (indices into the old span
/// list), replace the text (spans after it move by [`TextChange::delta`]), then
/// insert the spans `inserted` (indices into the new span list). All other spans
/// keep their place and content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Change {
    /// Length in bytes of the text the change applies to (a check against
    /// replaying it on another document).
    pub text_len: usize,
    /// Number of spans of the document the change applies to (the same check).
    pub span_count: usize,
    /// The text replaced, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<TextChange>,
    /// Spans removed, by ascending index in the span list before the change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<IndexedSpan>,
    /// Spans inserted, by ascending index in the span list after the change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inserted: Vec<IndexedSpan>,
}

impl Change {
    /// True when the change does nothing.
    pub fn is_empty(&self) -> bool {
        self.text.is_none() && self.removed.is_empty() && self.inserted.is_empty()
    }

    /// The change that undoes this one exactly.
    pub fn inverse(&self) -> Change {
        Change {
            text_len: self.text_len.saturating_add_signed(self.delta()),
            // Saturating: a hand-made change may claim fewer spans than it removes
            // (`Change::apply` refuses it as stale).
            span_count: self
                .span_count
                .saturating_sub(self.removed.len())
                .saturating_add(self.inserted.len()),
            text: self.text.as_ref().map(|t| TextChange {
                start: t.start,
                old: t.new.clone(),
                new: t.old.clone(),
            }),
            removed: self.inserted.clone(),
            inserted: self.removed.clone(),
        }
    }

    /// How far spans after the text change moved (0 without a text change).
    pub fn delta(&self) -> isize {
        self.text.as_ref().map_or(0, TextChange::delta)
    }

    /// The byte range of the document *after* the change that holds everything it
    /// touched (the new text, the inserted spans and where the removed spans were),
    /// so that a view can redraw only that part. `None` for an empty change.
    /// Spans after a text change keep their content but move by [`Change::delta`].
    pub fn affected(&self) -> Option<Range<usize>> {
        let mut range: Option<Range<usize>> = None;
        let mut add = |r: Range<usize>| {
            range = Some(match range.take() {
                Some(old) => old.start.min(r.start)..old.end.max(r.end),
                None => r,
            });
        };
        if let Some(t) = &self.text {
            add(t.new_range());
        }
        for s in &self.removed {
            let (start, end) = match &self.text {
                Some(t) => (t.map(s.span.start, true), t.map(s.span.end, false)),
                None => (s.span.start, s.span.end),
            };
            add(start.min(end)..start.max(end));
        }
        for s in &self.inserted {
            add(s.span.range());
        }
        range
    }

    /// Applies the change to `doc`: used for redo, and (on the inverse) for undo.
    /// Checks first that the change fits `doc` (the spans it removes are there,
    /// the text it replaces is there…) and refuses with [`EditError::Stale`]
    /// otherwise, leaving `doc` unchanged.
    pub fn apply(&self, doc: &mut Document) -> Result<(), EditError> {
        let stale = |reason: String| Err(EditError::Stale { reason });
        if (doc.text.len(), doc.spans.len()) != (self.text_len, self.span_count) {
            return stale(format!(
                "it expects a text of {} bytes with {} spans, not {} bytes with {}",
                self.text_len,
                self.span_count,
                doc.text.len(),
                doc.spans.len()
            ));
        }
        if self.removed.len() > doc.spans.len() {
            return stale("it removes more spans than there are".into());
        }
        // The text it replaces is there.
        let cut = match &self.text {
            Some(t) => {
                let r = t.old_range();
                if doc.text.get(r.clone()) != Some(t.old.as_str()) {
                    return stale(format!(
                        "the text at bytes {}..{} is not {:?}",
                        r.start, r.end, t.old
                    ));
                }
                Some(r)
            }
            None => None,
        };
        let delta = self.delta();
        // The spans it removes are there, in order.
        for (k, r) in self.removed.iter().enumerate() {
            if k > 0 && r.index <= self.removed[k - 1].index {
                return stale("the removed spans are out of order".into());
            }
            if doc.spans.get(r.index) != Some(&r.span) {
                return stale(format!(
                    "span {} is not `{}` at {}..{}",
                    r.index, r.span.label, r.span.start, r.span.end
                ));
            }
        }
        // Build the new spans and text aside, so that a refusal changes nothing.
        let new_len = doc.spans.len() - self.removed.len() + self.inserted.len();
        let mut spans = Vec::with_capacity(new_len);
        let mut removed = self.removed.iter().map(|r| r.index).peekable();
        let mut inserted = self.inserted.iter().peekable();
        for (i, span) in doc.spans.iter().enumerate() {
            if removed.next_if_eq(&i).is_some() {
                continue;
            }
            let mut span = span.clone();
            if let Some(cut) = &cut {
                if span.start >= cut.end {
                    span.start = span.start.saturating_add_signed(delta);
                    span.end = span.end.saturating_add_signed(delta);
                } else if span.end > cut.start {
                    return stale(format!(
                        "span {i} overlaps the replaced text but is not among the removed spans"
                    ));
                }
            }
            while let Some(ins) = inserted.next_if(|ins| ins.index == spans.len()) {
                spans.push(ins.span.clone());
            }
            spans.push(span);
        }
        while let Some(ins) = inserted.next_if(|ins| ins.index == spans.len()) {
            spans.push(ins.span.clone());
        }
        if inserted.next().is_some() {
            return stale("the inserted spans do not fit the span list".into());
        }
        let text = match (&self.text, cut) {
            (Some(t), Some(cut)) => {
                let mut text = String::with_capacity(doc.text.len() - t.old.len() + t.new.len());
                text.push_str(&doc.text[..cut.start]);
                text.push_str(&t.new);
                text.push_str(&doc.text[cut.end..]);
                Some(text)
            }
            _ => None,
        };
        let new_text = text.as_deref().unwrap_or(&doc.text);
        // Labels are not checked: a span read from a file may carry any label
        // (`PER LOC`, `é`), and removing it must be undoable. New labels are
        // checked when an edit is planned.
        for s in self.inserted.iter().map(|ins| &ins.span) {
            let fits = s.start < s.end
                && s.end <= new_text.len()
                && new_text.is_char_boundary(s.start)
                && new_text.is_char_boundary(s.end);
            if !fits {
                return stale(format!(
                    "the span `{}` at {}..{} does not fit the text",
                    s.label, s.start, s.end
                ));
            }
        }
        if !spans.is_sorted_by_key(|s| key(s.start, s.end)) {
            return stale("the spans would be out of document order".into());
        }
        if let Some(text) = text {
            doc.text = text;
        }
        doc.spans = spans;
        Ok(())
    }
}

/// Shortens `s` to at most 40 characters for a message.
fn excerpt(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// The document-order key of a range.
fn key(start: usize, end: usize) -> (usize, std::cmp::Reverse<usize>) {
    (start, std::cmp::Reverse(end))
}

impl Document {
    /// The first span (other than `except`) that `span` would cross, as a refusal.
    fn check_crossing(&self, span: &Span, except: Option<usize>) -> Result<(), EditError> {
        // Spans are sorted by start, so only those starting before `span.end` can cross it.
        let limit = self.spans.partition_point(|s| s.start < span.end);
        for (i, other) in self.spans[..limit].iter().enumerate() {
            if Some(i) != except && other.crosses(span) {
                return Err(EditError::Crossing {
                    span: span.clone(),
                    other: other.clone(),
                    other_index: i,
                    other_text: excerpt(self.span_text(other)),
                });
            }
        }
        Ok(())
    }

    /// Refuses a span identical to one already present (other than `except`).
    fn check_duplicate(&self, span: &Span, except: Option<usize>) -> Result<(), EditError> {
        let from = self
            .spans
            .partition_point(|s| key(s.start, s.end) < key(span.start, span.end));
        let to = self
            .spans
            .partition_point(|s| key(s.start, s.end) <= key(span.start, span.end));
        match (from..to).find(|&i| Some(i) != except && self.spans[i] == *span) {
            Some(other_index) => Err(EditError::Duplicate {
                span: span.clone(),
                other_index,
            }),
            None => Ok(()),
        }
    }

    fn check_index(&self, index: usize) -> Result<&Span, EditError> {
        self.spans.get(index).ok_or(EditError::NoSuchSpan {
            index,
            len: self.spans.len(),
        })
    }

    /// Where a span with range `start..end` goes in document order once the span
    /// at `without` (if any) is taken out: after the spans with the same range.
    fn insertion_index(&self, start: usize, end: usize, without: Option<usize>) -> usize {
        let i = self
            .spans
            .partition_point(|s| key(s.start, s.end) <= key(start, end));
        match without {
            Some(w) if w < i => i - 1,
            _ => i,
        }
    }

    /// Relabels every span labelled `from` as `to`, merging into identical `to` spans.
    fn plan_move_label(&self, from: &str, to: &str) -> Change {
        let mut taken: HashSet<(usize, usize)> = self
            .spans
            .iter()
            .filter(|s| s.label == to)
            .map(|s| (s.start, s.end))
            .collect();
        let mut change = Change::default();
        let mut new_index = 0;
        for (index, span) in self.spans.iter().enumerate() {
            if span.label != from {
                new_index += 1;
                continue;
            }
            change.removed.push(IndexedSpan {
                index,
                span: span.clone(),
            });
            if taken.insert((span.start, span.end)) {
                let moved = Span::new(span.start, span.end, to);
                change.inserted.push(IndexedSpan {
                    index: new_index,
                    span: moved,
                });
                new_index += 1;
            }
        }
        change
    }

    fn plan_replace_text(&self, range: &Range<usize>, with: &str) -> Result<Change, EditError> {
        let (a, b) = (range.start, range.end);
        if a > b {
            return Err(EditError::Reversed { start: a, end: b });
        }
        if b > self.text.len() {
            return Err(EditError::OutOfRange {
                end: b,
                len: self.text.len(),
            });
        }
        for offset in [a, b] {
            if !self.text.is_char_boundary(offset) {
                return Err(EditError::NotCharBoundary { offset });
            }
        }
        if a == b && with.is_empty() || self.text[a..b] == *with {
            return Ok(Change::default());
        }
        let text = TextChange {
            start: a,
            old: self.text[a..b].to_string(),
            new: with.to_string(),
        };
        let mut change = Change::default();
        let mut new_index = 0;
        for (index, span) in self.spans.iter().enumerate() {
            // Spans wholly before or after the replaced range only move (done by `Change::apply`).
            let affected =
                span.end > a && span.start < b || a == b && span.start < a && a < span.end;
            if !affected {
                new_index += 1;
                continue;
            }
            change.removed.push(IndexedSpan {
                index,
                span: span.clone(),
            });
            let (start, end) = (text.map(span.start, true), text.map(span.end, false));
            if start < end {
                let span = Span::new(start, end, span.label.clone());
                change.inserted.push(IndexedSpan {
                    index: new_index,
                    span,
                });
                new_index += 1;
            }
        }
        change.text = Some(text);
        Ok(change)
    }
}

impl Edit {
    /// Works out what the edit would do to `doc`, without changing it: the
    /// [`Change`] to apply, or why the edit is refused.
    pub fn plan(&self, doc: &Document) -> Result<Change, EditError> {
        let change = self.plan_parts(doc)?;
        Ok(Change {
            text_len: doc.text.len(),
            span_count: doc.spans.len(),
            ..change
        })
    }

    fn plan_parts(&self, doc: &Document) -> Result<Change, EditError> {
        match self {
            Edit::AddSpan { span } => {
                doc.check_span(span)?;
                doc.check_duplicate(span, None)?;
                doc.check_crossing(span, None)?;
                let index = doc.insertion_index(span.start, span.end, None);
                Ok(Change {
                    inserted: vec![IndexedSpan {
                        index,
                        span: span.clone(),
                    }],
                    ..Change::default()
                })
            }
            Edit::RemoveSpan { target } => {
                let index = match target {
                    SpanRef::Index(i) => *i,
                    SpanRef::Span(span) => doc
                        .spans
                        .iter()
                        .position(|s| s == span)
                        .ok_or_else(|| EditError::SpanNotFound { span: span.clone() })?,
                };
                let span = doc.check_index(index)?.clone();
                Ok(Change {
                    removed: vec![IndexedSpan { index, span }],
                    ..Change::default()
                })
            }
            Edit::Relabel { index, label } => {
                let old = doc.check_index(*index)?;
                if !is_valid_label(label) {
                    return Err(EditError::BadLabel {
                        label: label.clone(),
                    });
                }
                if old.label == *label {
                    return Ok(Change::default());
                }
                let new = Span::new(old.start, old.end, label.clone());
                doc.check_duplicate(&new, Some(*index))?;
                Ok(Change {
                    removed: vec![IndexedSpan {
                        index: *index,
                        span: old.clone(),
                    }],
                    inserted: vec![IndexedSpan {
                        index: *index,
                        span: new,
                    }],
                    ..Change::default()
                })
            }
            Edit::Resize { index, start, end } => {
                let old = doc.check_index(*index)?;
                doc.check_range(*start, *end)?;
                if (old.start, old.end) == (*start, *end) {
                    return Ok(Change::default());
                }
                let new = Span::new(*start, *end, old.label.clone());
                doc.check_duplicate(&new, Some(*index))?;
                doc.check_crossing(&new, Some(*index))?;
                let new_index = doc.insertion_index(*start, *end, Some(*index));
                Ok(Change {
                    removed: vec![IndexedSpan {
                        index: *index,
                        span: old.clone(),
                    }],
                    inserted: vec![IndexedSpan {
                        index: new_index,
                        span: new,
                    }],
                    ..Change::default()
                })
            }
            Edit::RenameLabel { from, to } => {
                if !is_valid_label(to) {
                    return Err(EditError::BadLabel { label: to.clone() });
                }
                if from == to {
                    return Ok(Change::default());
                }
                Ok(doc.plan_move_label(from, to))
            }
            Edit::RemoveLabel {
                label,
                move_to: Some(to),
            } => Edit::RenameLabel {
                from: label.clone(),
                to: to.clone(),
            }
            .plan_parts(doc),
            Edit::RemoveLabel {
                label,
                move_to: None,
            } => {
                let removed = (doc.spans.iter().enumerate())
                    .filter(|(_, s)| s.label == *label)
                    .map(|(index, span)| IndexedSpan {
                        index,
                        span: span.clone(),
                    })
                    .collect();
                Ok(Change {
                    removed,
                    ..Change::default()
                })
            }
            Edit::ReplaceText { range, with } => doc.plan_replace_text(range, with),
        }
    }

    /// Applies the edit to `doc` and returns the change made; [`Change::inverse`]
    /// undoes it exactly. On a refusal `doc` is unchanged.
    pub fn apply(&self, doc: &mut Document) -> Result<Change, EditError> {
        let change = self.plan(doc)?;
        change.apply(doc)?;
        Ok(change)
    }
}

/// One recorded step: the edit asked for and the change it made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The edit, e.g. to show "Undo relabel".
    pub edit: Edit,
    /// What it changed.
    pub change: Change,
}

/// Undo and redo stacks, without a fixed limit. Serializable, so that the app can
/// keep the history with the document.
///
/// Every change to the document must go through the history (or the history be
/// [cleared](History::clear)); a step that no longer fits the document is refused
/// with [`EditError::Stale`] rather than applied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Steps that can be undone, oldest first.
    undo: Vec<Step>,
    /// Steps that can be redone, the next one last.
    redo: Vec<Step>,
}

impl History {
    /// An empty history.
    pub fn new() -> History {
        History::default()
    }

    /// Applies `edit` to `doc` and records it; a new edit clears the redo stack.
    /// Returns the change made (empty changes are not recorded).
    pub fn apply(&mut self, doc: &mut Document, edit: Edit) -> Result<Change, EditError> {
        let change = edit.apply(doc)?;
        self.record(edit, change.clone());
        Ok(change)
    }

    /// Records `change`, which `edit` has already made to the document (for a caller
    /// that checks a change before keeping it). A new step clears the redo stack;
    /// an empty change is not recorded.
    pub fn record(&mut self, edit: Edit, change: Change) {
        if !change.is_empty() {
            self.redo.clear();
            self.undo.push(Step { edit, change });
        }
    }

    /// The change [`History::undo`] (`undo` true) or [`History::redo`] would make,
    /// without making it; `None` when there is no such step.
    pub fn peek(&self, undo: bool) -> Option<Change> {
        if undo {
            self.undo.last().map(|s| s.change.inverse())
        } else {
            self.redo.last().map(|s| s.change.clone())
        }
    }

    /// Moves the step [`History::peek`] showed to the other stack, as undo or redo
    /// does, for a caller that made its change to the document itself (after
    /// checking it). Does nothing when there is no such step.
    pub fn commit(&mut self, undo: bool) {
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        if let Some(step) = from.pop() {
            to.push(step);
        }
    }

    /// Undoes the last step. Returns the change made to `doc` (the inverse of the
    /// step's change), so that a view can update only what changed; `None` when
    /// there is nothing to undo.
    pub fn undo(&mut self, doc: &mut Document) -> Result<Option<Change>, EditError> {
        self.step(doc, true)
    }

    /// Redoes the last undone step. Returns the change made to `doc`; `None` when
    /// there is nothing to redo.
    pub fn redo(&mut self, doc: &mut Document) -> Result<Option<Change>, EditError> {
        self.step(doc, false)
    }

    fn step(&mut self, doc: &mut Document, undo: bool) -> Result<Option<Change>, EditError> {
        let Some(change) = self.peek(undo) else {
            return Ok(None);
        };
        change.apply(doc)?;
        self.commit(undo);
        Ok(Some(change))
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The edit that [`History::undo`] would undo.
    pub fn next_undo(&self) -> Option<&Edit> {
        self.undo.last().map(|s| &s.edit)
    }

    /// The edit that [`History::redo`] would redo.
    pub fn next_redo(&self) -> Option<&Edit> {
        self.redo.last().map(|s| &s.edit)
    }

    /// Number of steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Number of steps that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets every step (e.g. when the document is replaced).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse, write};

    fn doc(src: &str) -> Document {
        let parsed = parse(src);
        assert!(parsed.is_clean(), "{:?}", parsed.diagnostics);
        parsed.document
    }

    fn at(doc: &Document, needle: &str) -> (usize, usize) {
        let start = doc.text.find(needle).unwrap();
        (start, start + needle.len())
    }

    fn add(doc: &mut Document, needle: &str, label: &str) -> Result<Change, EditError> {
        let (start, end) = at(doc, needle);
        Edit::AddSpan {
            span: Span::new(start, end, label),
        }
        .apply(doc)
    }

    /// Applies `edit`, checks the result, then that undo and redo are exact.
    fn round_trip(mut d: Document, edit: Edit) -> Document {
        let before = d.clone();
        let mut history = History::new();
        history.apply(&mut d, edit).unwrap();
        let after = d.clone();
        history.undo(&mut d).unwrap();
        assert_eq!(d, before);
        history.redo(&mut d).unwrap();
        assert_eq!(d, after);
        d
    }

    #[test]
    fn the_user_story() {
        // Tag `NeuraScale-8` as model and `1.5 trillion` as params in the example seed.
        let mut d = doc(crate::EXAMPLE_SEED);
        let mut history = History::new();
        let (s, e) = at(&d, "NeuraScale-8");
        history
            .apply(
                &mut d,
                Edit::AddSpan {
                    span: Span::new(s, e, "model"),
                },
            )
            .unwrap();
        let (s, e) = at(&d, "1.5 trillion");
        // First too short, then fixed by a resize.
        let change = history
            .apply(
                &mut d,
                Edit::AddSpan {
                    span: Span::new(s, e - 9, "params"),
                },
            )
            .unwrap();
        let index = change.inserted[0].index;
        history
            .apply(
                &mut d,
                Edit::Resize {
                    index,
                    start: s,
                    end: e,
                },
            )
            .unwrap();
        assert_eq!(d.spans.len(), 13);
        let out = write(&d);
        assert!(out.contains("the <params>1.5 trillion</params> parameters of its predecessor (<model>NeuraScale-8</model>)"));
        // Undo the resize, redo it.
        history.undo(&mut d).unwrap();
        assert!(write(&d).contains("<params>1.5</params> trillion"));
        history.redo(&mut d).unwrap();
        assert_eq!(write(&d), out);
        // Undo everything: the seed again.
        while history.undo(&mut d).unwrap().is_some() {}
        assert_eq!(write(&d), crate::EXAMPLE_SEED);
    }

    #[test]
    fn add_span_in_document_order() {
        let mut d = doc("<a>x y z</a>");
        let c = add(&mut d, "y", "b").unwrap();
        assert_eq!(
            c.inserted,
            vec![IndexedSpan {
                index: 1,
                span: Span::new(2, 3, "b")
            }]
        );
        // Same range as `a`: goes inside it.
        let c = Edit::AddSpan {
            span: Span::new(0, 5, "c"),
        }
        .apply(&mut d)
        .unwrap();
        assert_eq!(c.inserted[0].index, 1);
        assert_eq!(write(&d), "<a><c>x <b>y</b> z</c></a>");
        round_trip(
            d,
            Edit::AddSpan {
                span: Span::new(0, 1, "x"),
            },
        );
    }

    #[test]
    fn add_span_refusals_change_nothing() {
        let mut d = doc("the <model>NeuraScale-9</model> is big 👨🏻‍🚒");
        let before = d.clone();
        let refuse = |d: &mut Document, span: Span| Edit::AddSpan { span }.apply(d).unwrap_err();
        assert_eq!(
            refuse(&mut d, Span::new(3, 3, "x")),
            EditError::Empty { start: 3, end: 3 }
        );
        assert_eq!(
            refuse(&mut d, Span::new(0, 999, "x")),
            EditError::OutOfRange {
                end: 999,
                len: d.text.len()
            }
        );
        let fire = d.text.find('👨').unwrap();
        assert_eq!(
            refuse(&mut d, Span::new(fire + 1, fire + 4, "x")),
            EditError::NotCharBoundary { offset: fire + 1 }
        );
        assert_eq!(
            refuse(&mut d, Span::new(0, 3, "1x")),
            EditError::BadLabel { label: "1x".into() }
        );
        let crossing = refuse(&mut d, Span::new(0, 8, "x"));
        assert_eq!(
            crossing.to_string(),
            "the `x` span would cross `model` at “NeuraScale-9”: spans may nest but not cross"
        );
        assert!(matches!(
            crossing,
            EditError::Crossing { other_index: 0, .. }
        ));
        let dup = refuse(&mut d, Span::new(4, 16, "model"));
        assert_eq!(
            dup,
            EditError::Duplicate {
                span: Span::new(4, 16, "model"),
                other_index: 0
            }
        );
        assert_eq!(
            dup.to_string(),
            "there already is a `model` span over exactly this text"
        );
        assert_eq!(d, before);
        // Nesting and sharing a boundary are fine.
        add(&mut d, "Neura", "x").unwrap();
        add(&mut d, "the NeuraScale-9", "y").unwrap();
        Edit::AddSpan {
            span: Span::new(4, 16, "other"),
        }
        .apply(&mut d)
        .unwrap();
    }

    #[test]
    fn remove_span_by_index_or_value() {
        let d = doc("<a>x <b>y</b></a> <b>z</b>");
        let d2 = round_trip(
            d.clone(),
            Edit::RemoveSpan {
                target: SpanRef::Index(1),
            },
        );
        assert_eq!(write(&d2), "<a>x y</a> <b>z</b>");
        let d3 = round_trip(
            d.clone(),
            Edit::RemoveSpan {
                target: SpanRef::Span(Span::new(4, 5, "b")),
            },
        );
        assert_eq!(write(&d3), "<a>x <b>y</b></a> z");
        let mut d4 = d.clone();
        assert_eq!(
            Edit::RemoveSpan {
                target: SpanRef::Index(3)
            }
            .apply(&mut d4),
            Err(EditError::NoSuchSpan { index: 3, len: 3 })
        );
        let missing = Span::new(0, 1, "zz");
        assert_eq!(
            Edit::RemoveSpan {
                target: SpanRef::Span(missing.clone())
            }
            .apply(&mut d4),
            Err(EditError::SpanNotFound { span: missing })
        );
        assert_eq!(d4, d);
    }

    #[test]
    fn relabel() {
        let d = doc("<a>x</a> <b><a>y</a></b>");
        let d2 = round_trip(
            d.clone(),
            Edit::Relabel {
                index: 0,
                label: "c".into(),
            },
        );
        assert_eq!(write(&d2), "<c>x</c> <b><a>y</a></b>");
        let mut d3 = d.clone();
        assert_eq!(
            Edit::Relabel {
                index: 0,
                label: "a".into()
            }
            .apply(&mut d3),
            Ok(Change {
                text_len: 3,
                span_count: 3,
                ..Change::default()
            })
        );
        assert_eq!(
            Edit::Relabel {
                index: 2,
                label: "b".into()
            }
            .apply(&mut d3),
            Err(EditError::Duplicate {
                span: Span::new(2, 3, "b"),
                other_index: 1
            })
        );
        assert_eq!(
            Edit::Relabel {
                index: 0,
                label: "no good".into()
            }
            .apply(&mut d3),
            Err(EditError::BadLabel {
                label: "no good".into()
            })
        );
        assert_eq!(
            Edit::Relabel {
                index: 9,
                label: "c".into()
            }
            .apply(&mut d3),
            Err(EditError::NoSuchSpan { index: 9, len: 3 })
        );
        assert_eq!(d3, d);
    }

    #[test]
    fn resize() {
        let d = doc("aa <m>bb</m> cc <n>dd</n> ee");
        // Grow the end over ` cc`: fine. Over `dd` partly: crosses `n`.
        let d2 = round_trip(
            d.clone(),
            Edit::Resize {
                index: 0,
                start: 3,
                end: 8,
            },
        );
        assert_eq!(write(&d2), "aa <m>bb cc</m> <n>dd</n> ee");
        let mut d3 = d.clone();
        let err = Edit::Resize {
            index: 0,
            start: 3,
            end: 10,
        }
        .apply(&mut d3)
        .unwrap_err();
        assert!(err.to_string().contains("would cross `n` at “dd”"), "{err}");
        // Growing over `n` wholly nests it.
        let d4 = round_trip(
            d.clone(),
            Edit::Resize {
                index: 0,
                start: 3,
                end: 11,
            },
        );
        assert_eq!(write(&d4), "aa <m>bb cc <n>dd</n></m> ee");
        // Moving the start of `n` before `m` changes the order.
        let c = Edit::Resize {
            index: 1,
            start: 0,
            end: 11,
        }
        .apply(&mut d3)
        .unwrap();
        assert_eq!((c.removed[0].index, c.inserted[0].index), (1, 0));
        assert_eq!(write(&d3), "<n>aa <m>bb</m> cc dd</n> ee");
        // Refusals.
        let mut d5 = d.clone();
        assert_eq!(
            Edit::Resize {
                index: 0,
                start: 5,
                end: 5
            }
            .apply(&mut d5),
            Err(EditError::Empty { start: 5, end: 5 })
        );
        assert_eq!(
            Edit::Resize {
                index: 0,
                start: 6,
                end: 5
            }
            .apply(&mut d5),
            Err(EditError::Reversed { start: 6, end: 5 })
        );
        assert!(Edit::Resize {
            index: 0,
            start: 3,
            end: 5
        }
        .apply(&mut d5)
        .unwrap()
        .is_empty());
        assert_eq!(d5, d);
    }

    #[test]
    fn rename_and_remove_labels() {
        let d = doc("<org>Acme</org> and <company><org>Foo</org></company> <org>x</org>");
        let renamed = round_trip(
            d.clone(),
            Edit::RenameLabel {
                from: "org".into(),
                to: "company".into(),
            },
        );
        // The `org` span identical to a `company` span merges into it.
        assert_eq!(
            write(&renamed),
            "<company>Acme</company> and <company>Foo</company> <company>x</company>"
        );
        let removed = round_trip(
            d.clone(),
            Edit::RemoveLabel {
                label: "org".into(),
                move_to: None,
            },
        );
        assert_eq!(write(&removed), "Acme and <company>Foo</company> x");
        let moved = round_trip(
            d.clone(),
            Edit::RemoveLabel {
                label: "company".into(),
                move_to: Some("misc".into()),
            },
        );
        assert_eq!(
            write(&moved),
            "<org>Acme</org> and <misc><org>Foo</org></misc> <org>x</org>"
        );
        let mut d2 = d.clone();
        assert!(Edit::RenameLabel {
            from: "org".into(),
            to: "org".into()
        }
        .apply(&mut d2)
        .unwrap()
        .is_empty());
        assert!(Edit::RenameLabel {
            from: "none".into(),
            to: "x".into()
        }
        .apply(&mut d2)
        .unwrap()
        .is_empty());
        assert_eq!(
            Edit::RenameLabel {
                from: "org".into(),
                to: "".into()
            }
            .apply(&mut d2),
            Err(EditError::BadLabel { label: "".into() })
        );
        assert_eq!(d2, d);
    }

    fn typed(src: &str, range: Range<usize>, with: &str) -> String {
        write(&round_trip(
            doc(src),
            Edit::ReplaceText {
                range,
                with: with.into(),
            },
        ))
    }

    #[test]
    fn text_edits_move_spans() {
        // Text: "ab cd ef", span `x` over "cd" (3..5).
        let src = "ab <x>cd</x> ef";
        assert_eq!(
            typed(src, 0..0, "Z"),
            "Zab <x>cd</x> ef",
            "before: the span moves"
        );
        assert_eq!(
            typed(src, 3..3, "Z"),
            "ab Z<x>cd</x> ef",
            "at its start: not taken in"
        );
        assert_eq!(
            typed(src, 5..5, "Z"),
            "ab <x>cd</x>Z ef",
            "at its end: not taken in"
        );
        assert_eq!(
            typed(src, 4..4, "ZZ"),
            "ab <x>cZZd</x> ef",
            "inside: it grows"
        );
        assert_eq!(
            typed(src, 3..5, "new"),
            "ab <x>new</x> ef",
            "replacing all of it: it covers the replacement"
        );
        assert_eq!(
            typed(src, 3..4, "Q"),
            "ab <x>Qd</x> ef",
            "replacing its head"
        );
        assert_eq!(
            typed(src, 1..4, ""),
            "a<x>d</x> ef",
            "deleting its head: clipped"
        );
        assert_eq!(
            typed(src, 4..7, ""),
            "ab <x>c</x>f",
            "deleting its tail: clipped"
        );
        assert_eq!(
            typed(src, 4..7, "QQ"),
            "ab <x>c</x>QQf",
            "replacing its tail: clipped, the replacement outside"
        );
        assert_eq!(typed(src, 2..6, ""), "abef", "deleted wholly: removed");
        assert_eq!(typed(src, 3..5, ""), "ab  ef", "its text deleted: removed");
        assert_eq!(
            typed(src, 6..8, "EF"),
            "ab <x>cd</x> EF",
            "after: unchanged"
        );
        assert_eq!(
            typed("<a>x<b>y</b>z</a>", 1..3, "Q"),
            "<a>xQ</a>",
            "nested: outer shrinks, inner goes"
        );
        assert_eq!(typed("a\r\n<x>👨🏻‍🚒</x>", 1..3, "\n"), "a\n<x>👨🏻‍🚒</x>");
    }

    #[test]
    fn text_edit_refusals() {
        let mut d = doc("é <x>y</x>");
        let before = d.clone();
        let replace = |d: &mut Document, range: Range<usize>| {
            Edit::ReplaceText {
                range,
                with: "z".into(),
            }
            .apply(d)
        };
        assert_eq!(
            replace(&mut d, 1..1),
            Err(EditError::NotCharBoundary { offset: 1 })
        );
        assert_eq!(
            replace(&mut d, Range { start: 3, end: 2 }),
            Err(EditError::Reversed { start: 3, end: 2 })
        );
        assert_eq!(
            replace(&mut d, 0..9),
            Err(EditError::OutOfRange { end: 9, len: 4 })
        );
        assert!(Edit::ReplaceText {
            range: 1..1,
            with: String::new()
        }
        .plan(&d)
        .is_err());
        assert!(Edit::ReplaceText {
            range: 2..2,
            with: String::new()
        }
        .apply(&mut d)
        .unwrap()
        .is_empty());
        assert!(Edit::ReplaceText {
            range: 0..2,
            with: "é".into()
        }
        .apply(&mut d)
        .unwrap()
        .is_empty());
        assert_eq!(d, before);
    }

    #[test]
    fn history_undo_redo_and_what_changed() {
        let mut d = doc("one <a>two</a> three");
        let start = d.clone();
        let mut h = History::new();
        assert_eq!(h.undo(&mut d), Ok(None));
        let c = h
            .apply(
                &mut d,
                Edit::AddSpan {
                    span: Span::new(0, 3, "b"),
                },
            )
            .unwrap();
        assert_eq!(c.affected(), Some(0..3));
        let c = h
            .apply(
                &mut d,
                Edit::ReplaceText {
                    range: 5..5,
                    with: "XX".into(),
                },
            )
            .unwrap();
        assert_eq!(c.affected(), Some(4..9), "the grown span `a`");
        assert_eq!(c.delta(), 2);
        // A refused or empty edit is not recorded.
        assert!(h
            .apply(
                &mut d,
                Edit::Relabel {
                    index: 9,
                    label: "x".into()
                }
            )
            .is_err());
        assert!(h
            .apply(
                &mut d,
                Edit::Relabel {
                    index: 0,
                    label: "b".into()
                }
            )
            .unwrap()
            .is_empty());
        assert_eq!((h.undo_len(), h.redo_len()), (2, 0));
        assert!(matches!(h.next_undo(), Some(Edit::ReplaceText { .. })));
        let undone = h.undo(&mut d).unwrap().unwrap();
        assert_eq!(undone.removed[0].span, Span::new(4, 9, "a"));
        assert_eq!(undone.inserted[0].span, Span::new(4, 7, "a"));
        assert!(h.can_redo());
        // A new edit clears the redo stack.
        h.apply(
            &mut d,
            Edit::Relabel {
                index: 1,
                label: "c".into(),
            },
        )
        .unwrap();
        assert!(!h.can_redo());
        assert_eq!(h.redo(&mut d), Ok(None));
        // Serialized and back, the history still undoes.
        let json = serde_json::to_string(&h).unwrap();
        let mut h: History = serde_json::from_str(&json).unwrap();
        while h.undo(&mut d).unwrap().is_some() {}
        assert_eq!(d, start);
        assert_eq!(h.redo_len(), 2);
        h.clear();
        assert!(!h.can_undo() && !h.can_redo());
    }

    #[test]
    fn stale_history_is_refused() {
        let mut d = doc("one <a>two</a>");
        let mut h = History::new();
        h.apply(
            &mut d,
            Edit::Relabel {
                index: 0,
                label: "b".into(),
            },
        )
        .unwrap();
        let mut other = doc("one <a>two</a> three");
        let err = h.undo(&mut other).unwrap_err();
        assert!(matches!(err, EditError::Stale { .. }));
        assert!(
            err.to_string()
                .starts_with("the document was changed outside the edit history"),
            "{err}"
        );
        assert!(h.can_undo(), "the step stays");
        let mut same_len = doc("one <c>two</c>");
        assert!(h.undo(&mut same_len).is_err());
        assert!(h.undo(&mut d).unwrap().is_some());
    }

    #[test]
    fn edits_serialize_readably() {
        let edit = Edit::RemoveLabel {
            label: "org".into(),
            move_to: Some("company".into()),
        };
        let json = serde_json::to_string(&edit).unwrap();
        assert_eq!(
            json,
            r#"{"op":"remove_label","label":"org","move_to":"company"}"#
        );
        assert_eq!(serde_json::from_str::<Edit>(&json).unwrap(), edit);
        let edit = Edit::ReplaceText {
            range: 1..2,
            with: "x".into(),
        };
        let json = serde_json::to_string(&edit).unwrap();
        assert_eq!(
            json,
            r#"{"op":"replace_text","range":{"start":1,"end":2},"with":"x"}"#
        );
    }
}
