//! The current document's first screen, kept in `localStorage` under
//! [`PREVIEW_KEY`] so that a reload can draw it at once ([`tagmark_core::store::Preview`]).
//!
//! IndexedDB takes tens of milliseconds to open and read on a page load, more when
//! the document is long; `localStorage` is read synchronously, so the preview is on
//! screen as soon as the WebAssembly runs. It is written after each save commits
//! (removed when the current document is short or there is none), and it is only
//! ever drawn: the store stays the one source of every document.

use leptos::prelude::*;
use tagmark_core::store::{self, Preview};

use super::local_storage;
use crate::state::AppState;

/// The `localStorage` key of the preview.
pub const PREVIEW_KEY: &str = "tagmark.preview";

/// The preview of the editor's document (the current one), as stored; None when it
/// has none (short, or no block boundary to end it at).
pub(super) fn of_current(state: AppState) -> Option<String> {
    let id = state
        .corpus
        .with_value(|c| c.current_doc().map(|d| d.id()))?;
    let doc = state.with_editor(|e| e.shared_document());
    let preview = state
        .view
        .with_untracked(|v| Preview::of(id, &doc, |label| v.colors.get(label).cloned()))?;
    Some(store::encode_preview(&preview))
}

/// Keeps `preview` for the next page load, or removes the one kept. A full
/// `localStorage` only costs the next load its preview.
pub(super) fn keep(preview: Option<&str>) {
    let Some(local) = local_storage() else { return };
    let _ = match preview {
        Some(json) => local.set_item(PREVIEW_KEY, json),
        None => local.remove_item(PREVIEW_KEY),
    };
}

/// The preview kept by the last save, if there is one and it can be read.
pub(super) fn stored() -> Option<Preview> {
    let json = local_storage()?.get_item(PREVIEW_KEY).ok()??;
    store::decode_preview(&json).ok()
}
