//! The source pane: a plain textarea holding the inline-tagged text.
//!
//! Putting a long text into a textarea is costly: the browser lays all of it out
//! (about half a second for 1 MB) and the page cannot answer meanwhile. So text
//! loaded from elsewhere (a restored document, a switch) that changes more than
//! [`DEFER_ABOVE`] of it goes into the textarea only after the next paint, which
//! shows the annotated text first; smaller changes (an edit written back) go in
//! at once. A text longer than [`PREVIEW_ABOVE`] that replaces another
//! document altogether is shown as a preview (its first [`PREVIEW_BYTES`], up to a
//! line break) until the textarea gains the focus, which fills it with the whole
//! text at once. While it holds anything but the whole text, the textarea is
//! read-only, so nothing typed there can land in stale text.

use std::time::Duration;

use leptos::html::Textarea;
use leptos::prelude::*;

use super::use_state;
use crate::state::AppState;

/// Changes of the textarea's text larger than this (bytes) wait for the next paint.
pub const DEFER_ABOVE: usize = 64 * 1024;
/// Texts longer than this (bytes) are previewed until the textarea gains the focus.
pub const PREVIEW_ABOVE: usize = 128 * 1024;
/// How much of a long text the preview shows (bytes, cut back to a line break).
pub const PREVIEW_BYTES: usize = 16 * 1024;

/// What the textarea holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holds {
    /// The current source.
    Source,
    /// An older text: a fill is scheduled for after the next paint.
    Older,
    /// The beginning of the current source; the whole of it comes with the focus.
    Preview,
}

/// The editable source. Typing re-parses after a short pause; text loaded from
/// elsewhere replaces the textarea's value after the next paint; selection
/// requests (from a clicked diagnostic) move the caret.
#[component]
pub fn SourcePane() -> impl IntoView {
    let state = use_state();
    let textarea: NodeRef<Textarea> = NodeRef::new();
    let holds = RwSignal::new(Holds::Source);

    // Loaded or written-back text replaces the value after the next paint; typing
    // does not come back here.
    Effect::new(move |_| {
        state.loaded.track();
        let Some(el) = textarea.get() else { return };
        // Nothing to put in (e.g. the empty page at start): stay editable.
        if holds.get_untracked() == Holds::Older
            || (el.text_length() == 0 && state.with_source(str::is_empty))
        {
            return;
        }
        holds.set(Holds::Older);
        // A small change (an edit written back, a short document) goes in at once.
        let changed = if el.text_length() == 0 {
            state.with_source(str::len)
        } else {
            let old = el.value();
            state.with_source(|s| {
                let (a, b_old, b_new) = tagmark_core::line_breaks::diff(&old, &tagmark_core::line_breaks::textarea_view(s));
                (b_old - a) + (b_new - a)
            })
        };
        if changed <= DEFER_ABOVE {
            fill(state, textarea, holds);
            return;
        }
        request_animation_frame(move || set_timeout(move || fill_after_paint(state, textarea, holds), Duration::ZERO));
    });

    Effect::new(move |_| {
        if let (Some((start, end)), Some(el)) = (state.select_in_source.get(), textarea.get()) {
            fill(state, textarea, holds);
            let _ = el.focus();
            let _ = el.set_selection_range(start, end);
            state.select_in_source.set(None);
        }
    });

    let not_whole = move || holds.get() != Holds::Source;
    view! {
        <textarea
            class="source"
            data-testid="source"
            node_ref=textarea
            spellcheck="false"
            readonly=not_whole
            aria-busy=move || if not_whole() { "true" } else { "false" }
            title=move || (holds.get() == Holds::Preview).then_some("The beginning of a long source: click to edit all of it")
            aria-label="Source text with inline tags"
            placeholder="Paste a seed here: text with inline tags such as <model>NeuraScale-9</model>"
            on:focus=move |_| fill(state, textarea, holds)
            on:input=move |ev| {
                // A textarea shows every line break as `\n`: the parts of the source the
                // user did not touch keep theirs (`\r\n`, `\r`) byte for byte (see `edit_source`).
                state.edit_source(event_target_value(&ev))
            }
            // Leaving the pane (or a script's `change` event) parses at once rather than
            // after the typing pause.
            on:change=move |_| state.flush()
        ></textarea>
    }
}

/// The fill scheduled after a paint: the whole text, or a preview of a long one
/// when most of it would be new to the textarea (a document restored or switched
/// to, rather than edited) and the textarea does not have the focus.
fn fill_after_paint(state: AppState, textarea: NodeRef<Textarea>, holds: RwSignal<Holds>) {
    if holds.try_get_untracked() != Some(Holds::Older) {
        return; // filled meanwhile (focus)
    }
    let Some(el) = textarea.get_untracked() else { return };
    let focused = el.owner_document().and_then(|d| d.active_element()).is_some_and(|a| a == **el);
    if !focused && state.with_source(|s| s.len() > PREVIEW_ABOVE) {
        let old = el.value();
        let preview = state.with_source(|s| {
            let text = tagmark_core::line_breaks::textarea_view(s);
            let (a, _, b_new) = tagmark_core::line_breaks::diff(&old, &text);
            (b_new - a > PREVIEW_ABOVE).then(|| {
                let mut end = PREVIEW_BYTES.min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                let end = text[..end].rfind('\n').map_or(end, |i| i + 1);
                text[..end].to_string()
            })
        });
        if let Some(preview) = preview {
            if old != preview {
                el.set_value(&preview);
            }
            holds.set(Holds::Preview);
            return;
        }
    }
    fill(state, textarea, holds);
}

/// Puts the whole current source into the textarea, unless it holds it already.
/// Only the part that differs is replaced, so an edit in a long document does not
/// make the browser lay out the whole textarea again, and the scroll position stays.
fn fill(state: AppState, textarea: NodeRef<Textarea>, holds: RwSignal<Holds>) {
    if holds.try_get_untracked().is_none_or(|h| h == Holds::Source) {
        return;
    }
    let Some(el) = textarea.get_untracked() else { return };
    state.with_source(|new| {
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
    // Editable at once, not only when the view next updates: the key that follows the
    // focus must find the whole text and an editable field.
    el.set_read_only(false);
    let _ = el.set_attribute("aria-busy", "false");
    holds.set(Holds::Source);
}
