//! The keyboard: one window-level handler that turns key presses into actions.
//!
//! Keys typed into a text field (the source pane, the picker, the search box) are
//! left alone, except that the source pane keeps its own native undo.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

use crate::actions::{self, Edge};
use crate::state::AppState;

/// True when the key press happens in a text field that owns its keys.
fn in_text_field(ev: &KeyboardEvent) -> bool {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT") || el.closest("[contenteditable]").ok().flatten().is_some()
}

/// True when the key press happens in the rendered pane (or on a mark in it).
fn in_rendered_pane(ev: &KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.closest(".rendered").ok().flatten().is_some())
}

/// Installs the handler for the life of the app (after the assistant, whose keys it also reads).
pub fn install(state: AppState) {
    let assist = use_context::<crate::suggestions::Assist>();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if handle_key_with(&state, assist.as_ref(), &ev) {
            ev.prevent_default();
            ev.stop_propagation();
        }
    });
    on_cleanup(move || handle.remove());
}

/// True while a modal dialog is open: its keys are its own (the Overlay reads
/// Esc and Tab), and nothing behind it may act on a key press.
fn modal_open() -> bool {
    document().query_selector("[aria-modal=true]").ok().flatten().is_some()
}

/// Handles one key press; true when it was used.
pub fn handle_key(state: &AppState, ev: &KeyboardEvent) -> bool {
    handle_key_with(state, None, ev)
}

/// Handles one key press, with the suggestion keys of `assist` when given; true when it was used.
pub fn handle_key_with(state: &AppState, assist: Option<&crate::suggestions::Assist>, ev: &KeyboardEvent) -> bool {
    if ev.is_composing() || in_text_field(ev) || modal_open() {
        return false;
    }
    let key = ev.key();
    let ctrl = ev.ctrl_key() || ev.meta_key();
    let (shift, alt) = (ev.shift_key(), ev.alt_key());

    if ctrl {
        return match key.to_lowercase().as_str() {
            "z" if shift => {
                state.redo();
                true
            }
            "z" => {
                // A suggestion's rejection is undone first when it is the newest step.
                if !assist.is_some_and(|a| a.undo_rejection(state)) {
                    state.undo();
                }
                true
            }
            "y" => {
                state.redo();
                true
            }
            _ => false,
        };
    }
    // The suggestion keys (N, Enter, Backspace, Shift+Enter) when nothing is selected.
    if assist.is_some_and(|a| crate::suggestions::handle_key(state, a, ev)) {
        return true;
    }
    let has_target = state.pending.get_untracked().is_some() || state.selected.get_untracked().is_some();
    match key.as_str() {
        "?" => {
            state.shortcuts_open.update(|open| *open = !*open);
            true
        }
        // A dialog's Esc never gets here: its Overlay handles it (components/overlay.rs).
        "Escape" => {
            state.selected.set(None);
            state.pending.set(None);
            state.caret.set(None);
            crate::dom::clear_selection();
            true
        }
        "Delete" | "Backspace" if state.selected.get_untracked().is_some() => {
            actions::remove_selected(state);
            true
        }
        // Tab walks the spans only in the rendered pane, and lets the focus move on past the
        // last (or first) span: elsewhere it moves the focus as usual, so no control is out of reach.
        "Tab" if in_rendered_pane(ev) => actions::select_adjacent_span(state, !shift),
        "ArrowDown" | "ArrowUp" if alt => crate::doc_keys::handle(state, ev),
        "ArrowRight" | "ArrowLeft" if state.view.with_untracked(|v| !v.doc.text.is_empty()) => {
            actions::move_caret(state, key == "ArrowRight", shift, alt);
            true
        }
        _ => match ev.code().as_str() {
            "BracketLeft" | "BracketRight" if state.selected.get_untracked().is_some() => {
                let edge = if shift { Edge::End } else { Edge::Start };
                actions::nudge_selected(state, edge, ev.code() == "BracketRight", alt);
                true
            }
            _ => {
                let mut chars = key.chars();
                let (Some(c), None) = (chars.next(), chars.next()) else { return false };
                // A label's hotkey (the digits by default, or the key the label set gives it).
                if let Some(label) = actions::label_for_key(state, c) {
                    if c.is_ascii_digit() || has_target {
                        actions::apply_label(state, &label);
                        return true;
                    }
                }
                if c.is_ascii_digit() {
                    return false;
                }
                if has_target && c.is_alphabetic() {
                    // Type-ahead: open the picker with what was typed.
                    state.picker.set(Some(c.to_string()));
                    return true;
                }
                if !has_target && (c == 'w' || c == 'W') && !alt {
                    state.snap_words.update(|s| *s = !*s);
                    let on = state.snap_words.get_untracked();
                    state.notify(
                        crate::state::NoticeKind::Info,
                        if on { "Selections snap to words." } else { "Exact character selection." },
                    );
                    return true;
                }
                crate::doc_keys::handle(state, ev)
            }
        },
    }
}
