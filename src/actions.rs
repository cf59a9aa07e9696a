//! What the user can do to spans: the key handler, the label bar, the picker
//! and the mouse call these. Each sends one command to the editor
//! ([`tagmark_core::editor::Editor`]) and turns what it answers into a notice;
//! the logic itself is the core's.

use leptos::prelude::*;
use tagmark_core::editor::Labelled;
use tagmark_core::labels::LabelDef;
use tagmark_core::Span;

pub use tagmark_core::editor::Edge;

use crate::state::{AppState, NoticeKind};

/// Applies `label`: to the pending text selection (a new span), or to the selected
/// span (relabel). Adds the label to the label set if it is new.
pub fn apply_label(state: &AppState, label: &str) {
    if tagmark_core::document::is_valid_label(label) {
        ensure_label(state, label);
    }
    let Some(done) = state.command(|e| e.apply_label(label)) else {
        return;
    };
    if matches!(done, Labelled::Tagged(_)) {
        crate::dom::clear_selection();
    }
    state.notify(NoticeKind::Info, done.to_string());
}

/// Adds `label` to the label set if it is not there yet.
pub fn ensure_label(state: &AppState, label: &str) {
    if !state.labels.with_untracked(|set| set.contains(label)) {
        state.update_labels(|set| set.labels.push(LabelDef::new(label)));
    }
}

/// Removes the selected span.
pub fn remove_selected(state: &AppState) {
    if let Some(span) = state.command(|e| e.remove_selected()) {
        state.notify(
            NoticeKind::Info,
            format!("Removed the {} span. Ctrl+Z brings it back.", span.label),
        );
    }
}

/// Moves an edge of the selected span left or right by a word (or a character).
pub fn nudge_selected(state: &AppState, edge: Edge, right: bool, by_char: bool) {
    state.command(|e| e.nudge(edge, right, by_char));
}

/// Resizes the selected span `span` to `start..end`.
pub fn resize(state: &AppState, span: &Span, start: usize, end: usize) {
    if state.selected.get_untracked().as_ref() != Some(span) {
        state.select(|e| e.select_span(Some(span.clone())));
    }
    state.command(|e| e.resize_selected(start, end));
}

/// Selects the next (or previous) span after the selected one or the caret, and
/// returns true; returns false, selecting nothing new, when there is none that way
/// (past the last span, or before the first), so that Tab can move the focus on.
pub fn select_adjacent_span(state: &AppState, forward: bool) -> bool {
    let mut moved = false;
    state.select(|e| {
        moved = if forward {
            e.select_next()
        } else {
            e.select_prev()
        }
    });
    moved
}

/// Moves the keyboard caret (or extends the selection with `extend`) by a word or a character.
pub fn move_caret(state: &AppState, right: bool, extend: bool, by_char: bool) {
    let snap = state.snap_words.get_untracked();
    state.select(|e| {
        e.move_caret(right, extend, by_char, snap);
    });
}
