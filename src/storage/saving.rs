//! Autosave: the browser side of the core's [`Saver`] state machine.
//!
//! Every change (corpus, labels, selection, undo history) schedules a save
//! [`SAVE_DEBOUNCE`] later. A save writes only the records that the corpus's
//! [`Dirty`] names, and the corpus record, in one read-write transaction
//! ([`super::idb::write`]). The saver decides whether to write, wait or do
//! nothing, and what a failed save keeps; this file arms the timer, runs the
//! transaction and shows the outcome (save state, error and conflict banners).

use std::time::Duration;

use leptos::prelude::*;
use tagmark_core::corpus::DocId;
use tagmark_core::saver::{Begin, Mode, Outcome};
use tagmark_core::store;

use super::idb::{self, Batch, WriteError};
use super::session::{current_session, take_changes};
use super::{journal, preview, tabs, Storage};

/// How long changes wait before they are saved.
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(300);

/// Saves [`SAVE_DEBOUNCE`] after the last call.
pub fn schedule_save(storage: Storage) {
    let cleared = storage.with(|i| {
        if let Some(timer) = i.timer.take() {
            timer.clear();
        }
    });
    if cleared.is_none() {
        return;
    }
    let handle = set_timeout_with_handle(
        move || {
            storage.with(|i| i.timer = None);
            storage.saver(|s| s.timer_done());
            leptos::task::spawn_local(save(storage, Mode::Normal));
        },
        SAVE_DEBOUNCE,
    )
    .ok();
    storage.with(|i| i.timer = handle);
    storage.saver(|s| s.changed());
}

/// Saves now (leaving the page, or a button).
pub fn save_now(storage: Storage) {
    stop_timer(storage);
    leptos::task::spawn_local(save(storage, Mode::Normal));
}

/// "Keep mine": writes this tab's whole corpus over what is stored.
pub fn keep_mine(storage: Storage) {
    leptos::task::spawn_local(save(storage, Mode::Overwrite));
}

/// Retries a failed save.
pub fn retry(storage: Storage) {
    if storage.with(|i| i.saver.retry()).unwrap_or(false) {
        storage.error.set(None);
        save_now(storage);
    }
}

/// Clears the debounce timer (the app is unmounted, or a save starts now).
pub(super) fn stop_timer(storage: Storage) {
    storage.with(|i| {
        if let Some(timer) = i.timer.take() {
            timer.clear();
        }
    });
    storage.saver(|s| s.timer_done());
}

/// Stops everything that would outlive the app: the timer and the channel to other tabs.
pub(super) fn stop(storage: Storage) {
    stop_timer(storage);
    tabs::close(storage);
}

/// One save: asks the saver, and writes what it says in one transaction.
pub(super) async fn save(storage: Storage, mode: Mode) {
    let state = storage.state;
    let later = take_changes(state);
    let session = current_session(state);
    let Some(begin) = storage.saver(|s| s.begin(mode, later, &session)) else {
        return;
    };
    let (dirty, mode) = match begin {
        Begin::Write(dirty, mode) => (dirty, mode),
        Begin::Nothing => {
            journal::remove(storage);
            return;
        }
        Begin::Wait | Begin::Blocked => return,
    };
    let Some((db, saver)) = storage.with(|i| (i.db.clone(), i.saver.clone())) else {
        return;
    };
    let Some(db) = db else { return };
    let records: Vec<(DocId, String)> = state
        .corpus
        .try_with_value(|c| {
            if dirty.full() {
                c.docs()
                    .iter()
                    .map(|d| (d.id(), store::encode_doc(d)))
                    .collect()
            } else {
                dirty
                    .docs()
                    .filter_map(|id| c.get(id).map(|d| (id, store::encode_doc(d))))
                    .collect()
            }
        })
        .unwrap_or_default();
    let batch = Batch {
        mode,
        full: dirty.full(),
        records,
        removed: dirty.removed().collect(),
    };
    let first_screen = preview::of_current(state);
    let writer_id = saver.writer().id.clone();
    let written = session.clone();
    let meta = move |revision: u64| {
        state
            .corpus
            .try_with_value(|c| store::encode_meta(c, &written, &writer_id, revision))
            .unwrap_or_default()
    };
    let result = idb::write(&db, &saver, batch, meta).await;
    let outcome = match &result {
        Ok(revision) => Outcome::Committed(*revision),
        Err(WriteError::Conflict(_)) => Outcome::Conflict,
        Err(WriteError::Newer(_)) => Outcome::Newer,
        Err(WriteError::Failed(_)) => Outcome::Failed,
    };
    let Some(done) = storage.saver(|s| s.finished(outcome, session)) else {
        return;
    };
    match result {
        Ok(revision) => {
            preview::keep(first_screen.as_deref());
            if storage.with(|i| std::mem::take(&mut i.legacy)).unwrap_or(false) {
                journal::remove_legacy_source();
            }
            storage.error.set(None);
            if done.remove_journal {
                // Everything is in IndexedDB, so is all a journal could hold.
                journal::remove(storage);
            }
            tabs::announce(storage, revision);
            ask_persistent_storage(storage);
        }
        Err(WriteError::Conflict(conflict)) => gloo::console::warn!(format!("tagmark: {conflict}")),
        Err(WriteError::Newer(e)) => storage.error.set(Some(format!(
            "Another tab with a newer tagmark saved this corpus ({e}). This tab will not save over it: export a backup of what you do here."
        ))),
        Err(WriteError::Failed(message)) => storage.error.set(Some(message)),
    }
    if let Some(mode) = done.again {
        leptos::task::spawn_local(save(storage, mode));
    }
}

/// Asks the browser once not to evict the store under storage pressure.
fn ask_persistent_storage(storage: Storage) {
    if storage
        .with(|i| std::mem::replace(&mut i.persist_asked, true))
        .unwrap_or(true)
    {
        return;
    }
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().storage().persist();
    }
}
