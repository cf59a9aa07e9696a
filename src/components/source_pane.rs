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

    // Loaded or written-back text replaces the value; typing does not come back here.
    // Only the part that differs is replaced, so an edit in a long document does not
    // make the browser lay out the whole textarea again, and the scroll position stays.
    Effect::new(move |_| {
        state.loaded.track();
        let Some(el) = textarea.get() else { return };
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
