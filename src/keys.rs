//! The keyboard: one window-level handler that runs the command the core's
//! keymap gives for a key press.
//!
//! Keys typed into a text field (the source pane, the picker, the search box) are
//! left alone, except that the source pane keeps its own native undo.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

use tagmark_core::keymap::{self, Command, KeyContext, KeyPress};

use crate::actions;
use crate::components::Dialogs;
use crate::state::AppState;

/// True when the key press happens in a text field that owns its keys.
fn in_text_field(ev: &KeyboardEvent) -> bool {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT")
        || el.closest("[contenteditable]").ok().flatten().is_some()
}

/// True when the key press happens in the rendered pane (or on a mark in it).
fn in_rendered_pane(ev: &KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.closest(".rendered").ok().flatten().is_some())
}

/// True when the key press happens on a control that owns `Enter` and `Backspace`.
fn on_control(ev: &KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            el.closest("button, a, label, [role=listbox], [role=option]")
                .ok()
                .flatten()
                .is_some()
        })
}

/// Installs the handler for the life of the app (after the dialogs' context and
/// the assistant, whose keys it also runs, are provided).
pub fn install(state: AppState) {
    let dialogs = use_context::<Dialogs>();
    let assist = use_context::<crate::suggestions::Assist>();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if dialogs.is_some_and(Dialogs::modal_open) {
            return;
        }
        if handle_key_with(&state, assist.as_ref(), &ev) {
            ev.prevent_default();
            ev.stop_propagation();
        }
    });
    on_cleanup(move || handle.remove());
}

/// Handles one key press; true when it was used. Which command a key means is
/// the core's keymap ([`tagmark_core::keymap::command`]); this runs it.
pub fn handle_key(state: &AppState, ev: &KeyboardEvent) -> bool {
    handle_key_with(state, None, ev)
}

/// [`handle_key`], with the suggestion keys run by `assist` when given.
pub fn handle_key_with(
    state: &AppState,
    assist: Option<&crate::suggestions::Assist>,
    ev: &KeyboardEvent,
) -> bool {
    if ev.is_composing() || in_text_field(ev) {
        return false;
    }
    // A key for a pasted or opened document whose preview is drawn: parse it now.
    state.finish_preview();
    // While a restored document's preview is drawn, the editor does not hold it yet.
    if state.previewing.get_untracked() {
        return false;
    }
    let (key, code) = (ev.key(), ev.code());
    let press = KeyPress {
        key: &key,
        code: &code,
        ctrl: ev.ctrl_key() || ev.meta_key(),
        shift: ev.shift_key(),
        alt: ev.alt_key(),
    };
    let context = KeyContext {
        span_selected: state.selected.with_untracked(Option::is_some),
        text_selected: state.pending.with_untracked(Option::is_some),
        in_rendered_pane: in_rendered_pane(ev),
        has_text: state.view.with_untracked(|v| !v.doc.text.is_empty()),
        suggestion: assist.is_some_and(|a| a.current_suggestion().is_some()),
        on_control: on_control(ev),
    };
    let label_for = |c: char| {
        state
            .labels
            .with_untracked(|set| set.label_for_key(c).map(|l| l.name.clone()))
    };
    let Some(command) = keymap::command(press, context, label_for) else {
        return false;
    };
    match command {
        // A suggestion's rejection is undone first when it is the newest step.
        Command::Undo => {
            if !assist.is_some_and(|a| a.undo_rejection(state)) {
                state.undo();
            }
        }
        Command::Redo => state.redo(),
        Command::ToggleShortcuts => state.shortcuts_open.update(|open| *open = !*open),
        // A dialog's Esc never gets here: its Overlay handles it (components/overlay.rs).
        Command::Deselect => {
            state.select(|e| e.clear_selection());
            crate::dom::clear_selection();
        }
        Command::RemoveSpan => actions::remove_selected(state),
        // Past the last (or first) span the key is not used, so Tab moves the focus on.
        Command::SelectSpan { forward } => return actions::select_adjacent_span(state, forward),
        Command::MoveCaret {
            right,
            extend,
            by_char,
        } => actions::move_caret(state, right, extend, by_char),
        Command::Nudge {
            edge,
            right,
            by_char,
        } => actions::nudge_selected(state, edge, right, by_char),
        Command::ApplyLabel(label) => actions::apply_label(state, &label),
        // Type-ahead: open the picker with what was typed.
        Command::OpenPicker(c) => state.picker.set(Some(c.to_string())),
        Command::ToggleSnap => {
            state.snap_words.update(|s| *s = !*s);
            let on = state.snap_words.get_untracked();
            state.notify(
                crate::state::NoticeKind::Info,
                if on {
                    "Selections snap to words."
                } else {
                    "Exact character selection."
                },
            );
        }
        Command::StepSuggestion { forward } => {
            return assist.is_some_and(|a| a.step_to(state, forward))
        }
        Command::AcceptSuggestion => return assist.is_some_and(|a| a.accept_current(state)),
        Command::AcceptAllSuggestions => {
            return assist.is_some_and(|a| a.accept_all_current(state))
        }
        Command::RejectSuggestion => return assist.is_some_and(|a| a.reject_current(state)),
        Command::OpenCorpus => crate::components::open_corpus_panel(state),
        Command::SetStatus(_) | Command::NextDocument | Command::PreviousDocument => {
            return crate::doc_keys::run(state, &command);
        }
    }
    true
}
