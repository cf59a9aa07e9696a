//! The editor of one document: its inline source, the parsed document, the
//! undo history, the selection and the broken-tag literals, kept in step.
//!
//! Every command returns what it did or a [`Refusal`] whose `Display` is the
//! sentence to show; a refused command changes nothing. The app holds one
//! `Editor` and turns outcomes into notices, so the logic runs (and is tested)
//! natively.
//!
//! The source and the document never disagree: typing replaces the source and
//! parses it (the change becomes undo steps, [`typing`]); a span edit changes
//! the document, and the source is written from it with its broken tags kept
//! ([`broken`]). Writing a long source costs time a key press should not wait
//! for, so after a span edit of a well-formed source it is written when first
//! asked for ([`Editor::source`]).

pub mod broken;
pub mod moves;
mod refusal;
pub mod textarea;
pub mod typing;

use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

pub use self::moves::{CaretMove, Edge};
pub use self::refusal::Refusal;
use crate::document::{is_valid_label, Document, Span};
use crate::edit::{Change, Edit, History, SpanRef};
use crate::parse::{parse, Diagnostic, Parsed};
use crate::write::write_keeping;

/// What is selected: a span, a text range waiting for a label, and the keyboard caret.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The selected span.
    pub span: Option<Span>,
    /// A text selection (bytes of the plain text) waiting for a label.
    pub pending: Option<(usize, usize)>,
    /// The keyboard caret: anchor and focus (bytes of the plain text).
    pub caret: Option<(usize, usize)>,
}

/// What a label command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Labelled {
    /// A new span over the pending text selection.
    Tagged(Span),
    /// The selected span got another label.
    Relabelled(Span),
}

impl fmt::Display for Labelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Labelled::Tagged(s) => write!(f, "Tagged as {}.", s.label),
            Labelled::Relabelled(s) => write!(f, "Relabelled as {}.", s.label),
        }
    }
}

/// What an undo or redo did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stepped {
    /// True for undo, false for redo.
    pub undo: bool,
    /// The change made to the document.
    pub change: Change,
}

impl fmt::Display for Stepped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.undo { "Undone." } else { "Redone." })
    }
}

/// What a change of the source did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Typed {
    /// The source is the same.
    Unchanged,
    /// The source changed; its change from the previous document is in the history.
    Recorded,
    /// The source changed, but the change could not be replayed as history steps:
    /// the history was cleared rather than left wrong.
    HistoryCleared,
}

/// One document being edited. See the [module documentation](self).
#[derive(Clone, Debug)]
pub struct Editor {
    /// The source, or nothing yet after a span edit (written when asked for).
    source: OnceCell<String>,
    doc: Arc<Document>,
    diagnostics: Vec<Diagnostic>,
    literal_tags: Vec<usize>,
    history: History,
    selection: Selection,
    /// The change the last span edit, undo or redo made, until taken.
    last_change: Option<Change>,
}

impl Default for Editor {
    fn default() -> Editor {
        Editor::new("")
    }
}

impl PartialEq for Editor {
    fn eq(&self, other: &Editor) -> bool {
        self.source() == other.source()
            && self.history == other.history
            && self.selection == other.selection
    }
}

impl Editor {
    /// An editor of `source` (parsed now), with an empty history.
    pub fn new(source: impl Into<String>) -> Editor {
        let source = source.into();
        let parsed = parse(&source);
        Editor::from_parsed(source, parsed)
    }

    /// An editor of `source` whose parse is `parsed` (e.g. the corpus's), with an empty history.
    pub fn from_parsed(source: String, parsed: Parsed) -> Editor {
        Editor {
            source: OnceCell::from(source),
            doc: Arc::new(parsed.document),
            diagnostics: parsed.diagnostics,
            literal_tags: parsed.literal_tags,
            history: History::new(),
            selection: Selection::default(),
            last_change: None,
        }
    }

    /// The same editor with `history` as its undo history.
    pub fn with_history(mut self, history: History) -> Editor {
        self.history = history;
        self
    }

    /// The inline source (written from the document first if a span edit left it unwritten).
    pub fn source(&self) -> &str {
        self.source
            .get_or_init(|| write_keeping(&self.doc, &self.literal_tags))
    }

    /// True when the source is written (not waiting for [`Editor::source`] to write it).
    pub fn source_is_written(&self) -> bool {
        self.source.get().is_some()
    }

    /// The document: plain text and spans.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The document, shared (a view can keep it without a copy).
    pub fn shared_document(&self) -> Arc<Document> {
        Arc::clone(&self.doc)
    }

    /// The plain text.
    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// The source's problems, in source order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The source's parse: the document, its diagnostics and broken-tag
    /// literals, as [`parse`] gives them for [`Editor::source`] (a copy, for
    /// the corpus to keep without parsing again).
    pub fn parsed(&self) -> Parsed {
        Parsed {
            document: Document::clone(&self.doc),
            diagnostics: self.diagnostics.clone(),
            literal_tags: self.literal_tags.clone(),
        }
    }

    /// Where the broken tags (kept as text) begin in the text.
    pub fn literal_tags(&self) -> &[usize] {
        &self.literal_tags
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Takes the undo history out (leaving an empty one), e.g. to keep it while another document is edited.
    pub fn take_history(&mut self) -> History {
        std::mem::take(&mut self.history)
    }

    /// Replaces the undo history.
    pub fn set_history(&mut self, history: History) {
        self.history = history;
    }

    /// What is selected.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// Selects `span` (or nothing); the pending text selection goes.
    pub fn select_span(&mut self, span: Option<Span>) {
        self.selection.span = span;
        self.selection.pending = None;
    }

    /// Sets the text selection waiting for a label (bytes of the plain text).
    pub fn set_pending(&mut self, pending: Option<(usize, usize)>) {
        self.selection.pending = pending;
    }

    /// Sets the keyboard caret.
    pub fn set_caret(&mut self, caret: Option<(usize, usize)>) {
        self.selection.caret = caret;
    }

    /// Selects the text `start..end` (bytes of the plain text) for a label,
    /// snapped to whole words with `snap` (UAX #29); the caret spans it. Returns
    /// what was selected: `None` (nothing selected) when the range is empty,
    /// not on character boundaries, or snaps to nothing.
    pub fn select_text(&mut self, start: usize, end: usize, snap: bool) -> Option<(usize, usize)> {
        let text = &self.doc.text;
        let fits = start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        let range = if !fits {
            None
        } else if snap {
            crate::words::snap_to_words(text, start, end)
        } else {
            Some((start, end))
        };
        let range = range.filter(|(a, b)| a < b);
        self.selection.span = None;
        if range.is_some() {
            self.selection.caret = range;
        }
        self.selection.pending = range;
        range
    }

    /// Selects nothing: no span, no pending text, no caret.
    pub fn clear_selection(&mut self) {
        self.selection = Selection::default();
    }

    // ------------------------------------------------------------ typing

    /// Replaces the whole source (typed, pasted, loaded) and parses it. With
    /// `record`, the change from the previous document goes into the history
    /// (typing); without, the history is left as it is (the caller loads another
    /// document and brings its own history). A selected span that is gone is deselected.
    pub fn replace_source(&mut self, source: String, record: bool) -> Typed {
        if self.source.get().is_some_and(|s| *s == source) {
            return Typed::Unchanged;
        }
        let parsed = parse(&source);
        // Nothing to record (another document loaded, or the same spans and text), or
        // the change recorded as typing: either way the history stands.
        let outcome = if !record
            || parsed.document == *self.doc
            || typing::record_typing(&mut self.history, &self.doc, &parsed.document)
        {
            Typed::Recorded
        } else {
            self.history.clear();
            Typed::HistoryCleared
        };
        self.source = OnceCell::from(source);
        self.last_change = None;
        self.doc = Arc::new(parsed.document);
        self.diagnostics = parsed.diagnostics;
        self.literal_tags = parsed.literal_tags;
        if self
            .selection
            .span
            .as_ref()
            .is_some_and(|s| !self.doc.spans.contains(s))
        {
            self.selection.span = None;
        }
        outcome
    }

    /// Replaces the bytes `range` of the source with `inserted` (typing), parses,
    /// and records the change for undo. Refused when `range` is not a range of
    /// the source on character boundaries.
    pub fn type_source(&mut self, range: Range<usize>, inserted: &str) -> Result<Typed, Refusal> {
        let next = splice(self.source(), range, inserted)?;
        Ok(self.replace_source(next, true))
    }

    /// The textarea showing the source now holds `value`: the source takes the
    /// change ([`textarea::splice_for_value`]: untouched line breaks keep their bytes).
    pub fn type_textarea(&mut self, value: &str) -> Typed {
        match textarea::splice_for_value(self.source(), value) {
            Some((range, inserted)) => self
                .type_source(range, &inserted)
                .unwrap_or(Typed::Unchanged),
            None => Typed::Unchanged,
        }
    }

    // ------------------------------------------------------------ span edits

    /// Applies a span edit, records it for undo and writes the source. Refused
    /// (changing nothing) when the edit is not possible, or when the source has
    /// broken tags and the written tags would pair with one.
    pub fn apply(&mut self, edit: Edit) -> Result<Change, Refusal> {
        let mut doc = Document::clone(&self.doc);
        let change = edit.apply(&mut doc)?;
        if change.is_empty() {
            return Ok(change);
        }
        self.commit(doc, &change)?;
        self.history.record(edit, change.clone());
        Ok(change)
    }

    /// Applies a change made elsewhere as one undo step named by `edit` (accepting
    /// every suggestion of a string adds several spans at once: see
    /// [`crate::suggest::accept_all`]). Refused, changing nothing, as [`Editor::apply`] is.
    pub fn apply_change(&mut self, edit: Edit, change: Change) -> Result<Change, Refusal> {
        let mut doc = Document::clone(&self.doc);
        change.apply(&mut doc)?;
        if change.is_empty() {
            return Ok(change);
        }
        self.commit(doc, &change)?;
        self.history.record(edit, change.clone());
        Ok(change)
    }

    /// Makes `doc` (the document after `change`) the editor's, after the broken-tag check.
    fn commit(&mut self, doc: Document, change: &Change) -> Result<(), Refusal> {
        self.last_change = None;
        if self.diagnostics.is_empty() {
            self.last_change = Some(change.clone());
            self.doc = Arc::new(doc);
            self.source = OnceCell::new();
            self.literal_tags.clear();
            return Ok(());
        }
        let literal_tags = broken::shift_literal_tags(&self.literal_tags, change.text.as_ref());
        let (source, parsed) = broken::check_keeping(&doc, &literal_tags, &self.diagnostics)?;
        self.doc = Arc::new(doc);
        self.source = OnceCell::from(source);
        self.diagnostics = parsed.diagnostics;
        self.literal_tags = parsed.literal_tags;
        self.last_change = Some(change.clone());
        Ok(())
    }

    /// The change the last span edit, undo or redo made to the document, if it
    /// was not taken yet (a view rebuilds only what it touched); `None` after typing.
    pub fn take_change(&mut self) -> Option<Change> {
        self.last_change.take()
    }

    /// Undoes the last step; the span it brought back, if any, is selected.
    pub fn undo(&mut self) -> Result<Stepped, Refusal> {
        self.step(true)
    }

    /// Redoes the last undone step; the span it brought back, if any, is selected.
    pub fn redo(&mut self) -> Result<Stepped, Refusal> {
        self.step(false)
    }

    fn step(&mut self, undo: bool) -> Result<Stepped, Refusal> {
        let change = self.history.peek(undo).ok_or(if undo {
            Refusal::NothingToUndo
        } else {
            Refusal::NothingToRedo
        })?;
        let mut doc = Document::clone(&self.doc);
        change.apply(&mut doc)?;
        self.commit(doc, &change)?;
        self.history.commit(undo);
        self.selection.span = change.inserted.first().map(|s| s.span.clone());
        self.selection.pending = None;
        Ok(Stepped { undo, change })
    }

    /// Applies `label` to the pending text selection (a new span, which becomes
    /// selected) or to the selected span (relabel).
    pub fn apply_label(&mut self, label: &str) -> Result<Labelled, Refusal> {
        if !is_valid_label(label) {
            return Err(Refusal::InvalidLabel(label.to_string()));
        }
        if let Some((start, end)) = self.selection.pending {
            let span = Span::new(start, end, label);
            self.apply(Edit::AddSpan { span: span.clone() })?;
            self.selection = Selection {
                span: Some(span.clone()),
                pending: None,
                caret: None,
            };
            return Ok(Labelled::Tagged(span));
        }
        let Some(span) = self.selection.span.clone() else {
            return Err(Refusal::NothingSelected);
        };
        let index = self.index_of(&span).ok_or(Refusal::NoSpanSelected)?;
        self.apply(Edit::Relabel {
            index,
            label: label.to_string(),
        })?;
        let span = Span {
            label: label.to_string(),
            ..span
        };
        self.selection.span = Some(span.clone());
        Ok(Labelled::Relabelled(span))
    }

    /// Removes the selected span; returns it.
    pub fn remove_selected(&mut self) -> Result<Span, Refusal> {
        let span = self.selection.span.clone().ok_or(Refusal::NoSpanSelected)?;
        self.apply(Edit::RemoveSpan {
            target: SpanRef::Span(span.clone()),
        })?;
        self.selection.span = None;
        Ok(span)
    }

    /// Resizes the selected span to `start..end` (it stays selected).
    pub fn resize_selected(&mut self, start: usize, end: usize) -> Result<Span, Refusal> {
        let span = self.selection.span.clone().ok_or(Refusal::NoSpanSelected)?;
        let index = self.index_of(&span).ok_or(Refusal::NoSpanSelected)?;
        if start >= end {
            return Err(Refusal::EmptySpan);
        }
        self.apply(Edit::Resize { index, start, end })?;
        let span = Span::new(start, end, span.label);
        self.selection.span = Some(span.clone());
        Ok(span)
    }

    /// Moves `edge` of the selected span right or left by a word (or a character).
    pub fn nudge(&mut self, edge: Edge, right: bool, by_char: bool) -> Result<Span, Refusal> {
        let span = self.selection.span.clone().ok_or(Refusal::NoSpanSelected)?;
        let pos = moves::nudge_target(&self.doc.text, &span, edge, right, by_char)
            .ok_or(Refusal::NoWordThatWay)?;
        let (start, end) = if edge == Edge::Start {
            (pos, span.end)
        } else {
            (span.start, pos)
        };
        self.resize_selected(start, end)
    }

    /// The range the selected span would have with `edge` dragged to byte `pos`
    /// of the text (snapped to a word with `snap`); `None` with no span selected.
    pub fn drag_preview(&self, edge: Edge, pos: usize, snap: bool) -> Option<(usize, usize)> {
        let span = self.selection.span.as_ref()?;
        Some(moves::drag_edge(&self.doc.text, span, edge, pos, snap))
    }

    // ------------------------------------------------------------ moving

    /// Selects the next span after the selected one or the caret; false (nothing
    /// changed) when there is none, so that Tab can move the focus on.
    pub fn select_next(&mut self) -> bool {
        self.select_adjacent(true)
    }

    /// Selects the previous span; false when there is none.
    pub fn select_prev(&mut self) -> bool {
        self.select_adjacent(false)
    }

    fn select_adjacent(&mut self, forward: bool) -> bool {
        let caret = self.selection.caret.map(|(_, f)| f);
        let Some(i) = moves::adjacent_span(
            &self.doc.spans,
            self.selection.span.as_ref(),
            caret,
            forward,
        ) else {
            return false;
        };
        let span = self.doc.spans[i].clone();
        self.selection = Selection {
            caret: Some((span.start, span.end)),
            span: Some(span),
            pending: None,
        };
        true
    }

    /// Moves the keyboard caret (from the selected span's edge when there is no
    /// caret) by a word or a character; `extend` selects text, snapped to words
    /// with `snap` unless by character. The selected span is deselected.
    pub fn move_caret(
        &mut self,
        right: bool,
        extend: bool,
        by_char: bool,
        snap: bool,
    ) -> CaretMove {
        let from = self.selection.caret.unwrap_or_else(|| {
            let at = self
                .selection
                .span
                .as_ref()
                .map_or(0, |s| if right { s.end } else { s.start });
            (at, at)
        });
        let moved = moves::move_caret(&self.doc.text, from, right, extend, by_char, snap);
        self.selection = Selection {
            span: None,
            pending: moved.pending,
            caret: Some(moved.caret),
        };
        moved
    }

    /// The index of `span` in the document.
    pub fn index_of(&self, span: &Span) -> Option<usize> {
        self.doc.spans.iter().position(|s| s == span)
    }
}

/// `source` with the bytes `range` replaced by `inserted`; refused when `range`
/// is not a range of `source` on character boundaries.
pub fn splice(source: &str, range: Range<usize>, inserted: &str) -> Result<String, Refusal> {
    let ok = range.start <= range.end
        && range.end <= source.len()
        && source.is_char_boundary(range.start)
        && source.is_char_boundary(range.end);
    if !ok {
        return Err(Refusal::BadSourceRange {
            start: range.start,
            end: range.end,
            len: source.len(),
        });
    }
    let mut next = String::with_capacity(source.len() - range.len() + inserted.len());
    next.push_str(&source[..range.start]);
    next.push_str(inserted);
    next.push_str(&source[range.end..]);
    Ok(next)
}

#[cfg(test)]
mod tests;
