//! Saving the corpus in the browser (issue 5): IndexedDB, autosave, restore,
//! two tabs, storage failures, backups. One file per job:
//!
//! - [`idb`]: the IndexedDB database — opening it, reading every record, and
//!   the read-write transaction of one save. The database `tagmark` has two
//!   object stores: `docs` (one record per document, keyed by its id) and
//!   `meta` (the corpus record under the key `corpus`). Records are the JSON
//!   strings of [`tagmark_core::store`], so the stored format is versioned and
//!   migrated by the core, not here.
//! - [`saving`]: the glue around the core's [`Saver`] state machine, which decides
//!   when to save (debounced, one save at a time, what a failed save keeps).
//!   This file only runs what it decides: the timer, the transaction, the banners.
//! - [`journal`]: the `localStorage` journal a closing tab writes (what is not in
//!   IndexedDB yet), and laying journals left by closed tabs over the store.
//! - [`preview`]: the current document's first screen, kept in `localStorage` after
//!   each save and drawn first on the next load.
//! - [`tabs`]: two-tab coordination over a `BroadcastChannel` ([`CHANNEL`]): each
//!   save is announced; a clean tab reloads the other's work, a dirty one shows
//!   the conflict banner (reload theirs / keep mine).
//! - [`session`]: what a save takes besides the records: the session (current
//!   document, selection, undo history) and the corpus's changes.
//! - [`install`]: putting a corpus (restored, reloaded or from a backup) on screen.
//! - [`prepare`]: parsing and indexing, in idle slices after the first paint, the
//!   documents of such a corpus that are not on screen.
//! - [`restore`]: reading the store on start (`js/read_store.js` starts it while the
//!   WebAssembly loads) and putting the corpus, the label set, the current document,
//!   the selection and its undo history back on screen.
//! - [`backup`]: backup files (export, import) and the confirmed actions (clear, replace).
//! - [`chunks`]: opening a large batch of documents in steps that keep the page responsive.
//! - `hooks` (only with the `test-hooks` cargo feature): `window.__tagmark_*` for
//!   the e2e tests and benchmarks; the build users get has none.
//!
//! The banners, the confirmation dialog and the storage controls are components
//! (`components/storage_banners.rs`, `components/storage_controls.rs`).
//!
//! State: the reactive part (what the page shows) is a [`Storage`] context of
//! signals; what only storage needs (the saver, the database, the timer, the
//! channel) is an [`Inner`] held by a `StoredValue` owned by the app, so a
//! re-mounted app starts afresh and an unmounted one leaves nothing behind:
//! its window listeners, channel and timer go with it.

mod backup;
mod chunks;
#[cfg(feature = "test-hooks")]
mod hooks;
mod idb;
mod install;
mod journal;
mod prepare;
mod preview;
mod restore;
mod saving;
mod session;
mod tabs;

use std::rc::Rc;

use ::idb::Database;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use tagmark_core::corpus::Corpus;
use tagmark_core::saver::Saver;
use tagmark_core::store::StoredSession;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::state::AppState;

pub use backup::{ask_clear, cancel, confirm, export_backup, import_backup, Confirm};
pub use chunks::open_in_chunks;
pub use idb::DB_NAME;
pub use saving::{keep_mine, retry, save_now, schedule_save};
pub use tabs::{reload_theirs, CHANNEL};
pub use tagmark_core::saver::SaveState;

/// The reactive side of storage, provided as context by [`start`]. Copy: every
/// component and callback holds it by value.
#[derive(Clone, Copy)]
pub struct Storage {
    /// The app state.
    pub state: AppState,
    /// Saving state (the sidebar footer, `data-testid="save-state"`).
    pub save_state: RwSignal<SaveState>,
    /// A storage failure to show (the storage-error banner).
    pub error: RwSignal<Option<String>>,
    /// Another tab's conflicting save (the conflict banner).
    pub conflict: RwSignal<Option<String>>,
    /// The open confirmation dialog.
    pub confirm: RwSignal<Option<Confirm>>,
    /// Documents added out of documents being opened, while a big batch loads.
    pub loading: RwSignal<Option<(usize, usize)>>,
    /// Bumped when every document of a corpus put on screen from stored records
    /// is parsed and indexed (see `prepare`): what counts over all documents tracks it.
    pub prepared: RwSignal<u64>,
    /// What only storage itself needs.
    inner: StoredValue<Inner, LocalStorage>,
}

/// What storage keeps between calls, besides what the page shows.
struct Inner {
    /// When to save, and what (the core's state machine).
    saver: Saver,
    /// The app's own connection, once open.
    db: Option<Rc<Database>>,
    /// The debounce timer, while armed.
    timer: Option<TimeoutHandle>,
    /// Remove the first release's localStorage key after the next save.
    legacy: bool,
    /// A backup read while documents were open, waiting for the user's confirmation.
    pending_import: Option<(Corpus, StoredSession)>,
    /// The browser was asked once to keep the store under storage pressure.
    persist_asked: bool,
    /// Keys of journals of earlier tabs laid over the store at start, removed after the next save.
    adopted_journals: Vec<String>,
    /// The channel to other tabs, while the app is mounted.
    tabs: Option<tabs::Channel>,
}

impl Storage {
    /// Runs `f` on what storage keeps; `None` once the app is unmounted.
    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> Option<R> {
        self.inner.try_update_value(f)
    }

    /// Runs `f` on the saver and shows where saving stands and any conflict.
    fn saver<R>(&self, f: impl FnOnce(&mut Saver) -> R) -> Option<R> {
        let (out, state, conflict) = self.with(|i| {
            let out = f(&mut i.saver);
            (out, i.saver.state(), i.saver.conflict())
        })?;
        if self.save_state.try_get_untracked() != Some(state) {
            self.save_state.try_set(state);
        }
        if self.conflict.try_with_untracked(Option::is_some) != Some(conflict) {
            self.conflict.try_set(conflict.then(tabs::conflict_text));
        }
        Some(out)
    }
}

/// Restores the saved corpus (if any) and starts saving every change, for the
/// life of the calling owner (the app).
pub fn start(state: AppState) {
    let storage = Storage {
        state,
        save_state: RwSignal::new(SaveState::Loading),
        error: RwSignal::new(None),
        conflict: RwSignal::new(None),
        confirm: RwSignal::new(None),
        loading: RwSignal::new(None),
        prepared: RwSignal::new(0),
        inner: StoredValue::new_local(Inner {
            saver: Saver::new(tab_id()),
            db: None,
            timer: None,
            legacy: false,
            pending_import: None,
            persist_asked: false,
            adopted_journals: Vec::new(),
            tabs: None,
        }),
    };
    provide_context(storage);

    // Every change that is stored schedules a save.
    Effect::new(move |_| {
        state.corpus_rev.track();
        state.labels.track();
        state.selected.track();
        state.pending.track();
        state.history_rev.track();
        schedule_save(storage);
    });

    // Leaving the page (closing the tab, switching away): journal, then save at once.
    let leave = move || {
        state.flush();
        journal::write(storage);
        save_now(storage);
    };
    let hide = window_event_listener_untyped("pagehide", move |_| leave());
    // `visibilitychange` fires at the document (and may not bubble): listen there.
    let visibility = Closure::<dyn Fn()>::new(move || {
        if document().hidden() {
            leave();
        }
    });
    let _ = document()
        .add_event_listener_with_callback("visibilitychange", visibility.as_ref().unchecked_ref());
    let visibility = SendWrapper::new(visibility);
    tabs::listen(storage);
    #[cfg(feature = "test-hooks")]
    hooks::expose(storage);
    on_cleanup(move || {
        hide.remove();
        let visibility = visibility.take();
        let _ = document().remove_event_listener_with_callback(
            "visibilitychange",
            visibility.as_ref().unchecked_ref(),
        );
        saving::stop(storage);
    });
    leptos::task::spawn_local(restore::restore(storage));
}

/// A writer id unique to this page load (not kept anywhere: a duplicated tab gets its own).
fn tab_id() -> String {
    let random = (js_sys::Math::random() * 2f64.powi(48)) as u64;
    format!("tab-{:x}-{random:012x}", js_sys::Date::now() as u64)
}

/// The storage context (for components under the app).
pub fn use_storage() -> Option<Storage> {
    use_context::<Storage>()
}

/// The page's `localStorage`, if the browser gives it.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}
