//! What a save writes besides the records: the session as it is now (current
//! document, selection, undo history), and the corpus's changes since the last save.

use leptos::prelude::*;
use serde_json::Value;
use tagmark_core::dirty::Dirty;
use tagmark_core::edit::History;
use tagmark_core::store::StoredSession;

use crate::state::AppState;

/// The session as it is now: current document, selection, undo history.
pub(super) fn current_session(state: AppState) -> StoredSession {
    let doc = state
        .corpus
        .try_with_value(|c| c.current_doc().map(|d| d.id()))
        .flatten();
    let selection = state
        .selected
        .try_with_untracked(|s| s.as_ref().map(|s| (s.start, s.end)))
        .flatten()
        .or_else(|| state.pending.try_get_untracked().flatten());
    let history = state
        .editor
        .try_with_untracked(|e| {
            let h = e.history();
            if *h == History::default() {
                Value::Null
            } else {
                serde_json::to_value(h).unwrap_or(Value::Null)
            }
        })
        .unwrap_or(Value::Null);
    StoredSession {
        doc,
        selection,
        history,
    }
}

/// Takes the corpus's changes since the last call (the label set is the corpus's own).
pub(super) fn take_changes(state: AppState) -> Dirty {
    state
        .corpus
        .try_update_value(|c| c.take_changes())
        .unwrap_or_default()
}
