//! Opening many documents at once: the first at once, the rest in steps of
//! [`OPEN_CHUNK`] on later tasks, so the page stays responsive and shows its
//! progress ([`Storage::loading`]).

use std::time::Duration;

use leptos::prelude::*;
use tagmark_core::corpus::NewDocument;
use tagmark_core::store::{Preview, PreviewSize};

use super::Storage;
use crate::state::NoticeKind;

/// Documents added per step when opening many at once.
const OPEN_CHUNK: usize = 250;

/// Opens `docs`: at once when they are few, else the first at once and the rest in
/// steps. When the first is a long inline-tagged source, its first blocks are drawn
/// first (parsed from its first lines) and the documents opened after that paint.
pub fn open_in_chunks(storage: Storage, docs: Vec<NewDocument>) {
    let preview = docs
        .first()
        .filter(|d| d.source_format == "inline")
        .and_then(|d| Preview::from_source_start(&d.source, PreviewSize::default(), |_| None));
    match preview {
        Some(preview) => storage
            .state
            .preview_then(preview, move || open_now(storage, docs)),
        None => open_now(storage, docs),
    }
}

fn open_now(storage: Storage, mut docs: Vec<NewDocument>) {
    let state = storage.state;
    if docs.is_empty() {
        return;
    }
    if docs.len() <= OPEN_CHUNK {
        state.open_documents(docs);
        return;
    }
    let total = docs.len();
    let rest = docs.split_off(1);
    state.open_documents(docs);
    storage.loading.set(Some((1, total)));
    step(storage, rest, 1, total);
}

/// Adds the next chunk of `rest` on a later task, then schedules the one after.
fn step(storage: Storage, mut rest: Vec<NewDocument>, done: usize, total: usize) {
    set_timeout(
        move || {
            // The app was unmounted meanwhile: nothing to open into.
            if storage.loading.try_get_untracked().is_none() {
                return;
            }
            let state = storage.state;
            let tail = rest.split_off(rest.len().min(OPEN_CHUNK));
            let n = rest.len();
            state.update_corpus(|c| c.add_documents(rest));
            let done = done + n;
            if tail.is_empty() {
                storage.loading.set(None);
                state.notify(NoticeKind::Info, format!("Opened {total} documents."));
            } else {
                storage.loading.set(Some((done, total)));
                step(storage, tail, done, total);
            }
        },
        Duration::ZERO,
    );
}
