//! Commands that act on documents rather than spans: review status (A accept,
//! X reject, S skip, U back to to-do — each moves on to the next document) and
//! next/previous document (J/K, or Alt+↓/↑); the keys are the core's keymap.
//!
//! Moving follows the list the user sees: the document list's filter, which it
//! publishes in [`AppState::filter`].

use leptos::prelude::*;
use tagmark_core::corpus::{Corpus, Filter};
use tagmark_core::keymap::Command;

use crate::state::AppState;

/// Runs a document command of the keymap (a status key, next or previous
/// document). Returns true when it was used: false when there are no documents
/// or the command is not one of these.
pub fn run(state: &AppState, command: &Command) -> bool {
    match *command {
        Command::NextDocument => go(state, |c, f| c.next_in(f)),
        Command::PreviousDocument => go(state, |c, f| c.prev_in(f)),
        Command::SetStatus(status) => go(state, |c, f| c.set_status_and_advance_in(status, f)),
        _ => false,
    }
}

/// Runs `step` on the corpus and shows the document it lands on. False (key not
/// used) when there are no documents.
fn go(state: &AppState, step: impl FnOnce(&mut Corpus, &Filter) -> usize) -> bool {
    if state.corpus.with_value(|c| c.is_empty()) {
        return false;
    }
    let filter = state.filter.get_untracked();
    let next = state.update_corpus(|c| step(c, &filter));
    state.switch_to(next);
    true
}
