//! Keys that act on documents rather than spans: review status (A accept,
//! X reject, S skip, U back to to-do — each moves on to the next document) and
//! next/previous document (J/K, or Alt+↓/↑).
//!
//! Moving follows the list the user sees: the document list's filter, which it
//! publishes here with [`set_filter`].

use std::cell::RefCell;

use leptos::prelude::*;
use tagmark_core::corpus::{Corpus, Filter, Status};

use crate::state::AppState;

thread_local! {
    static FILTER: RefCell<Filter> = RefCell::new(Filter::all());
}

/// Sets the filter that next/previous and "set status and move on" follow.
pub fn set_filter(filter: Filter) {
    FILTER.with(|f| *f.borrow_mut() = filter);
}

/// The filter that next/previous follow.
pub fn filter() -> Filter {
    FILTER.with(|f| f.borrow().clone())
}

/// Handles a key press meant for the corpus (e.g. A/X/S set the status and move on).
/// Returns true when the key was used. Called by [`crate::keys`] only when no text
/// selection or span is selected and focus is not in a text field.
pub fn handle(state: &AppState, ev: &web_sys::KeyboardEvent) -> bool {
    if ev.ctrl_key() || ev.meta_key() {
        return false;
    }
    let key = ev.key();
    if ev.alt_key() {
        return match key.as_str() {
            "ArrowDown" => go(state, |c, f| c.next_in(f)),
            "ArrowUp" => go(state, |c, f| c.prev_in(f)),
            _ => false,
        };
    }
    let mut chars = key.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else { return false };
    match c {
        'j' | 'J' => go(state, |c, f| c.next_in(f)),
        'k' | 'K' => go(state, |c, f| c.prev_in(f)),
        _ => match Status::from_key(c) {
            Some(status) => go(state, |c, f| c.set_status_and_advance_in(status, f)),
            None => false,
        },
    }
}

/// Runs `step` on the corpus and shows the document it lands on. False (key not
/// used) when there are no documents.
fn go(state: &AppState, step: impl FnOnce(&mut Corpus, &Filter) -> usize) -> bool {
    if state.corpus.with_value(|c| c.is_empty()) {
        return false;
    }
    state.flush();
    let filter = filter();
    let next = state.update_corpus(|c| step(c, &filter));
    state.switch_to(next);
    true
}
