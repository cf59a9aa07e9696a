//! Opening many documents at once: the first at once, the rest in steps of
//! [`OPEN_CHUNK`] on later tasks, so the page stays responsive and shows its
//! progress ([`Storage::loading`]).

use std::time::Duration;

use leptos::prelude::*;
use tagmark_core::corpus::NewDocument;

use super::Storage;
use crate::state::NoticeKind;

/// Documents added per step when opening many at once.
const OPEN_CHUNK: usize = 250;

/// Opens `docs`: at once when they are few, else the first at once and the rest in steps.
pub fn open_in_chunks(storage: Storage, mut docs: Vec<NewDocument>) {
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
