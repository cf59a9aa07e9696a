//! The source pane: a plain textarea holding the inline-tagged text.

use leptos::html::Textarea;
use leptos::prelude::*;

use super::use_state;

/// The editable source. Typing re-parses after a short pause; text loaded from
/// elsewhere replaces the textarea's value; selection requests (from a clicked
/// diagnostic) move the caret.
#[component]
pub fn SourcePane() -> impl IntoView {
    let state = use_state();
    let textarea: NodeRef<Textarea> = NodeRef::new();

    // Loaded text (example, file, restore) replaces the value; typing does not come back here.
    Effect::new(move |_| {
        state.loaded.track();
        if let Some(el) = textarea.get() {
            el.set_value(&state.source.get_untracked());
        }
    });

    Effect::new(move |_| {
        if let (Some((start, end)), Some(el)) = (state.select_in_source.get(), textarea.get()) {
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
            aria-label="Source text with inline tags"
            placeholder="Paste a seed here: text with inline tags such as <model>NeuraScale-9</model>"
            on:input=move |ev| state.edit_source(event_target_value(&ev))
        ></textarea>
    }
}
