//! The source pane: a plain textarea holding the inline-tagged text.
//!
//! Putting a long text into a textarea is costly: the browser lays all of it out
//! (about half a second for 1 MB), in the frame that would otherwise show the
//! annotated text. So text loaded from elsewhere (a restored document, a switch,
//! an edit written back) goes into the textarea only after the next paint. Until
//! then the textarea is read-only, and it is filled at once when it gains the
//! focus, so nothing typed there can land in stale text.

use std::time::Duration;

use leptos::html::Textarea;
use leptos::prelude::*;

use super::use_state;
use crate::state::AppState;

/// The editable source. Typing re-parses after a short pause; text loaded from
/// elsewhere replaces the textarea's value after the next paint; selection
/// requests (from a clicked diagnostic) move the caret.
#[component]
pub fn SourcePane() -> impl IntoView {
    let state = use_state();
    let textarea: NodeRef<Textarea> = NodeRef::new();
    // True while the textarea holds older text than `state.source` (a fill is scheduled).
    let stale = RwSignal::new(false);

    // Loaded or written-back text replaces the value after the next paint; typing
    // does not come back here.
    Effect::new(move |_| {
        state.loaded.track();
        let Some(el) = textarea.get() else { return };
        // Nothing to put in (e.g. the empty page at start): stay editable.
        if stale.get_untracked() || (el.text_length() == 0 && state.source.with_untracked(String::is_empty)) {
            return;
        }
        stale.set(true);
        request_animation_frame(move || set_timeout(move || fill(state, textarea, stale), Duration::ZERO));
    });

    Effect::new(move |_| {
        if let (Some((start, end)), Some(el)) = (state.select_in_source.get(), textarea.get()) {
            fill(state, textarea, stale);
            let _ = el.focus();
            let _ = el.set_selection_range(start, end);
            state.select_in_source.set(None);
        }
    });

    view! {
        <textarea
            class="source"
            data-testid="source"
            node_ref=textarea
            spellcheck="false"
            readonly=move || stale.get()
            aria-busy=move || if stale.get() { "true" } else { "false" }
            aria-label="Source text with inline tags"
            placeholder="Paste a seed here: text with inline tags such as <model>NeuraScale-9</model>"
            on:focus=move |_| fill(state, textarea, stale)
            on:input=move |ev| {
                // A textarea shows every line break as `\n`: the parts of the source the
                // user did not touch keep theirs (`\r\n`, `\r`) byte for byte.
                let value = event_target_value(&ev);
                let text = state
                    .source
                    .with_untracked(|s| tagmark_core::line_breaks::apply_textarea_value(s, &value));
                state.edit_source(text)
            }
        ></textarea>
    }
}

/// Puts the current source into the textarea, if a fill is waiting. Only the part
/// that differs is replaced, so an edit in a long document does not make the
/// browser lay out the whole textarea again, and the scroll position stays.
fn fill(state: AppState, textarea: NodeRef<Textarea>, stale: RwSignal<bool>) {
    if !stale.try_get_untracked().unwrap_or(false) {
        return;
    }
    let Some(el) = textarea.get_untracked() else { return };
    state.source.with_untracked(|new| {
        let new = &*tagmark_core::line_breaks::textarea_view(new);
        let old = el.value();
        if old == *new {
            return;
        }
        let (a, b_old, b_new) = tagmark_core::line_breaks::diff(&old, new);
        let utf16 = |s: &str| s.encode_utf16().count() as u32;
        let start = utf16(&old[..a]);
        let end = start + utf16(&old[a..b_old]);
        if el.set_range_text_with_start_and_end(&new[a..b_new], start, end).is_err() || el.value() != new {
            el.set_value(new);
        }
    });
    stale.set(false);
}
