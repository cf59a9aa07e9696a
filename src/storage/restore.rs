//! Restoring on start: the store is read (`js/read_store.js` starts the read
//! while the WebAssembly loads, see [`idb::prefetched`]), journals left by closed
//! tabs are laid over it, and [`store::assemble`] builds the corpus back with its
//! label set, current document, selection and that document's undo history.
//! With nothing stored, the first release's `localStorage["tagmark.source"]` is
//! migrated (and removed once the new store holds it).

use std::rc::Rc;

use leptos::prelude::*;
use tagmark_core::store;

use super::install::install;
use super::saving::schedule_save;
use super::session::current_session;
use super::{idb, journal, preview, Storage};
use crate::state::NoticeKind;

/// Opens the database and puts what it holds on screen. The current document's
/// first screen kept by the last save ([`preview`]), when there is one, is drawn
/// first and painted before the store is read, decoded and parsed; whatever the
/// outcome, the preview ends here.
pub(super) async fn restore(storage: Storage) {
    let state = storage.state;
    if let Some(preview) = preview::stored() {
        state.show_preview(&preview);
        if state.previewing.get_untracked() {
            crate::after_paint::next_paint().await;
        }
    }
    restore_stored(storage).await;
    state.end_preview();
}

async fn restore_stored(storage: Storage) {
    let state = storage.state;
    // What js/read_store.js read while the WebAssembly loaded: shown first, and the
    // app's own connection (for saving) is opened after that first screen.
    let early = idb::prefetched().await;
    let opened = if early.is_some() {
        None
    } else {
        Some(open_connection(storage).await)
    };
    if matches!(opened, Some(false)) {
        return;
    }
    let read = match (early, storage.with(|i| i.db.clone()).flatten()) {
        (Some(stored), _) => Ok(stored),
        (None, Some(db)) => idb::read_all(&db).await,
        (None, None) => return,
    };
    let stored = match read {
        Ok(stored) => stored,
        Err(e) => {
            return refuse_saving(
                storage,
                format!("The saved corpus could not be read ({e}). Nothing was changed; this tab will not save over it. Export a backup of what you do here."),
            );
        }
    };
    if let Some(newer) = &stored.newer {
        return refuse_saving(
            storage,
            format!("The saved corpus was {newer}. This page will not save over it; export a backup of what you do here."),
        );
    }
    if stored.damaged > 0 {
        state.notify(
            NoticeKind::Warning,
            format!(
                "{} saved record(s) could not be read and were left as they are.",
                stored.damaged
            ),
        );
    }

    storage.with(|i| i.saver.loaded(stored.meta.as_ref()));
    // Journals left by tabs closed before their last save finished: lay them over.
    let mut stored = stored;
    let from_journal = journal::lay_over(storage, &mut stored);
    let nothing_stored = stored.meta.is_none() && stored.docs.is_empty();
    if nothing_stored {
        // A preview kept by a save the store no longer holds (cleared by the browser).
        preview::keep(None);
        if let Some(json) = journal::legacy_source() {
            match store::decode(&json) {
                Ok((corpus, session)) if !corpus.is_empty() => {
                    storage.with(|i| i.legacy = true);
                    install(storage, corpus, session, None, true);
                    state.notify(
                        NoticeKind::Info,
                        "Your document from tagmark's first version was moved into the new storage.",
                    );
                }
                Ok(_) => journal::remove_legacy_source(),
                Err(e) => state.notify(
                    NoticeKind::Warning,
                    format!("The old saved document could not be read: {e}"),
                ),
            }
        }
        if opened.is_none() && !open_connection(storage).await {
            return;
        }
        mark_ready(storage);
        schedule_save(storage);
        return;
    }
    if state.previewing.get_untracked() {
        // The first screen is drawn: reading and decoding the store (above) and
        // parsing and drawing the document (below) need not share one frame.
        crate::after_paint::next_task().await;
    }
    let assembled = store::assemble(stored.meta, stored.docs);
    install(storage, assembled.corpus, assembled.session, None, true);
    // Until the connection is open, saving waits (the state stays "loading").
    if opened.is_none() && !open_connection(storage).await {
        return;
    }
    mark_ready(storage);
    if let Some(applied) = from_journal {
        // Save what the journals held (only that: the rest is in IndexedDB); the save then removes them.
        storage.saver(|s| s.add(applied.dirty));
        let n = applied.count;
        state.notify(
            NoticeKind::Info,
            format!(
                "Restored {n} change{} made just before this page was last closed.",
                if n == 1 { "" } else { "s" }
            ),
        );
    }
    schedule_save(storage);
}

/// Opens the app's connection to the database for saving; false (saving refused
/// and said so) when the browser does not allow it.
async fn open_connection(storage: Storage) -> bool {
    match idb::open().await {
        Ok(db) => {
            storage.with(|i| {
                i.db = Some(Rc::new(db));
                i.saver.connected();
            });
            true
        }
        Err(e) => {
            refuse_saving(
                storage,
                format!("This browser does not let tagmark save here ({e}). Your work stays only in this tab: export a backup before closing it."),
            );
            false
        }
    }
}

/// Shows `message` and turns saving off for this page (what is stored stays untouched).
pub(super) fn refuse_saving(storage: Storage, message: String) {
    storage.error.set(Some(message));
    storage.saver(|s| s.refuse());
    mark_ready(storage);
}

fn mark_ready(storage: Storage) {
    // What is on screen now is what the store holds (or nothing is stored and
    // nothing changed): no save until something changes. Without this a fresh
    // tab would write an empty corpus record and trip the other tabs' check.
    let session = current_session(storage.state);
    storage.saver(|s| s.ready(session));
    #[cfg(feature = "test-hooks")]
    super::hooks::storage_ready();
}
