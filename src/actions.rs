//! What the user can do to spans, as plain functions over [`AppState`]: the key
//! handler, the label bar, the picker and the mouse all call these.

use leptos::prelude::*;
use tagmark_core::edit::{Edit, SpanRef};
use tagmark_core::labels::LabelDef;
use tagmark_core::document::is_valid_label;
use tagmark_core::{words, Span};

use crate::state::{AppState, NoticeKind};

/// Applies `label`: to the pending text selection (a new span), or to the selected
/// span (relabel). Adds the label to the label set if it is new.
pub fn apply_label(state: &AppState, label: &str) {
    if !is_valid_label(label) {
        state.notify(
            NoticeKind::Warning,
            format!("`{label}` cannot be a label: use a letter, then letters, digits, `_` or `-`."),
        );
        return;
    }
    ensure_label(state, label);
    if let Some((start, end)) = state.pending.get_untracked() {
        let span = Span::new(start, end, label);
        if state.apply_edit(Edit::AddSpan { span: span.clone() }).is_some() {
            state.pending.set(None);
            state.caret.set(None);
            crate::dom::clear_selection();
            state.selected.set(Some(span));
            state.notify(NoticeKind::Info, format!("Tagged as {label}."));
        }
    } else if let Some(span) = state.selected.get_untracked() {
        let Some(index) = index_of(state, &span) else { return };
        if state.apply_edit(Edit::Relabel { index, label: label.to_string() }).is_some() {
            state.selected.set(Some(Span { label: label.to_string(), ..span }));
            state.notify(NoticeKind::Info, format!("Relabelled as {label}."));
        }
    } else {
        state.notify(NoticeKind::Info, "Select some text or a span first, then pick a label.");
    }
}

/// Adds `label` to the label set if it is not there yet.
pub fn ensure_label(state: &AppState, label: &str) {
    if !state.labels.with_untracked(|set| set.contains(label)) {
        state.labels.update(|set| set.labels.push(LabelDef::new(label)));
    }
}

/// The index of `span` in the current document.
pub fn index_of(state: &AppState, span: &Span) -> Option<usize> {
    state.view.with_untracked(|v| v.doc.spans.iter().position(|s| s == span))
}

/// Removes the selected span.
pub fn remove_selected(state: &AppState) {
    let Some(span) = state.selected.get_untracked() else { return };
    if state.apply_edit(Edit::RemoveSpan { target: SpanRef::Span(span.clone()) }).is_some() {
        state.selected.set(None);
        state.notify(NoticeKind::Info, format!("Removed the {} span. Ctrl+Z brings it back.", span.label));
    }
}

/// Which end of a span moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// The start.
    Start,
    /// The end.
    End,
}

/// Moves an edge of the selected span left or right by a word (or a character).
pub fn nudge_selected(state: &AppState, edge: Edge, right: bool, by_char: bool) {
    let Some(span) = state.selected.get_untracked() else { return };
    let text_pos = state.view.with_untracked(|v| {
        let text = v.text();
        let pos = if edge == Edge::Start { span.start } else { span.end };
        match (by_char, edge, right) {
            (true, _, true) => Some(words::next_char(text, pos)),
            (true, _, false) => Some(words::prev_char(text, pos)),
            (false, Edge::Start, true) => words::next_word_start(text, pos),
            (false, Edge::Start, false) => words::prev_word_start(text, pos),
            (false, Edge::End, true) => words::next_word_end(text, pos),
            (false, Edge::End, false) => words::prev_word_end(text, pos),
        }
    });
    let Some(pos) = text_pos else {
        state.notify(NoticeKind::Info, "No word to move to in that direction.");
        return;
    };
    let (start, end) = if edge == Edge::Start { (pos, span.end) } else { (span.start, pos) };
    resize(state, &span, start, end);
}

/// Resizes `span` to `start..end`.
pub fn resize(state: &AppState, span: &Span, start: usize, end: usize) {
    let Some(index) = index_of(state, span) else { return };
    if start >= end {
        state.notify(NoticeKind::Warning, "A span must cover at least one character: use Delete to remove it.");
        return;
    }
    if state.apply_edit(Edit::Resize { index, start, end }).is_some() {
        state.selected.set(Some(Span::new(start, end, span.label.clone())));
    }
}

/// Selects the next (or previous) span after the selected one or the caret, and
/// returns true; returns false, selecting nothing new, when there is none that way
/// (past the last span, or before the first), so that Tab can move the focus on.
pub fn select_adjacent_span(state: &AppState, forward: bool) -> bool {
    let current = state.selected.get_untracked();
    let caret = state.caret.get_untracked().map(|(_, f)| f);
    let next = state.view.with_untracked(|v| {
        let spans = &v.doc.spans;
        let at = current.as_ref().and_then(|s| spans.iter().position(|x| x == s));
        let index = match (at, forward) {
            (Some(i), true) => Some(i + 1),
            (Some(i), false) => i.checked_sub(1),
            (None, true) => caret.map_or(Some(0), |c| spans.iter().position(|s| s.start >= c)),
            (None, false) => caret.map_or(spans.len().checked_sub(1), |c| spans.iter().rposition(|s| s.start < c)),
        };
        index.and_then(|i| spans.get(i).cloned())
    });
    let Some(span) = next else { return false };
    state.pending.set(None);
    state.caret.set(Some((span.start, span.end)));
    state.selected.set(Some(span));
    true
}

/// Moves the keyboard caret (or extends the selection with `extend`) by a word or a character.
pub fn move_caret(state: &AppState, right: bool, extend: bool, by_char: bool) {
    let view = state.view.get_untracked();
    let text = view.text();
    let (anchor, focus) = state.caret.get_untracked().unwrap_or_else(|| {
        let at = state.selected.get_untracked().map_or(0, |s| if right { s.end } else { s.start });
        (at, at)
    });
    let focus = match (by_char, right) {
        (true, true) => words::next_char(text, focus),
        (true, false) => words::prev_char(text, focus),
        (false, true) => words::next_word_boundary(text, focus),
        (false, false) => words::prev_word_boundary(text, focus),
    };
    let anchor = if extend { anchor } else { focus };
    state.selected.set(None);
    state.caret.set(Some((anchor, focus)));
    if anchor == focus {
        state.pending.set(None);
    } else {
        let (s, e) = (anchor.min(focus), anchor.max(focus));
        // Keyboard selections snap like mouse ones unless by character.
        let snapped = if state.snap_words.get_untracked() && !by_char {
            words::snap_to_words(text, s, e)
        } else {
            Some((s, e))
        };
        state.pending.set(snapped.filter(|(a, b)| a < b));
    }
}

/// The hotkey shown for the label at `position` in the set: its own, or 1–9, 0 for the first ten.
pub fn hotkey_of(position: usize, label: &LabelDef) -> Option<char> {
    label.hotkey.or_else(|| match position {
        0..=8 => char::from_digit(position as u32 + 1, 10),
        9 => Some('0'),
        _ => None,
    })
}

/// The label a key press names, if any.
pub fn label_for_key(state: &AppState, key: char) -> Option<String> {
    state.labels.with_untracked(|set| {
        set.labels
            .iter()
            .enumerate()
            .find(|(i, l)| hotkey_of(*i, l).is_some_and(|k| k.eq_ignore_ascii_case(&key)))
            .map(|(_, l)| l.name.clone())
    })
}
