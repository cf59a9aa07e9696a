//! Saving the corpus in the browser (issue 5): IndexedDB, autosave, restore,
//! two tabs, storage failures, backups.
//!
//! The database `tagmark` has two object stores: `docs` (one record per
//! document, keyed by its id) and `meta` (the corpus record under the key
//! `corpus`). Records are the JSON strings of [`tagmark_core::store`], so the
//! stored format is versioned and migrated by the core, not here.
//!
//! - **Restore**: on start, one read-only transaction reads every record
//!   (`js/read_store.js` starts it while the WebAssembly loads; see `prefetched`);
//!   [`store::assemble`] builds the corpus back (the label set, the current
//!   document, the selection and that document's undo history come with it).
//!   With nothing stored, the first release's `localStorage["tagmark.source"]`
//!   is migrated (and removed once the new store holds it).
//! - **Autosave**: every change (corpus, labels, selection, undo history)
//!   schedules a save [`SAVE_DEBOUNCE`] later. A save writes only the records
//!   that [`Corpus::take_changes`] reports, and the corpus record, in one
//!   read-write transaction: nothing is half-written when it fails.
//! - **Two tabs**: each page load has its own writer id; each save first reads
//!   the stored corpus record and asks [`Writer::begin`] whether another tab
//!   wrote since this one last read or wrote. After each save a message on the
//!   `BroadcastChannel` [`CHANNEL`] tells other tabs at once: a tab without
//!   unsaved changes reloads the other tab's work quietly; one with unsaved
//!   changes shows the conflict banner (reload theirs / keep mine).
//! - **Failures** (quota, private mode, blocked, newer data): the storage-error
//!   banner at once, with "Export a backup now"; the failed transaction is
//!   aborted, so what was saved before stays intact, and the unsaved changes
//!   are kept for the next attempt.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;

use idb::builder::ObjectStoreBuilder;
use idb::{Database, Transaction, TransactionMode, TransactionResult};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use serde_json::Value;
use tagmark_core::corpus::{Corpus, DocId, NewDocument};
use tagmark_core::journal::{Gathered, Journal, JOURNAL_KEY, JOURNAL_PREFIX, PIECE_BYTES};
use tagmark_core::edit::History;
use tagmark_core::store::{self, DocRecord, MetaRecord, StoreError, StoredSession, Writer};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::state::{AppState, NoticeKind};

/// The IndexedDB database name.
pub const DB_NAME: &str = "tagmark";
/// The IndexedDB schema version (object stores, not the record format).
const DB_VERSION: u32 = 1;
const DOCS: &str = "docs";
const META: &str = "meta";
const META_KEY: &str = "corpus";
/// The BroadcastChannel on which a tab announces each save.
pub const CHANNEL: &str = "tagmark-corpus";
/// How long changes wait before they are saved.
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(300);
/// Documents added per step when opening many at once.
const OPEN_CHUNK: usize = 250;

/// Where saving stands (shown in the sidebar footer, `data-testid="save-state"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Reading the store.
    Loading,
    /// Everything is saved.
    Saved,
    /// Changes wait for the next save.
    Pending,
    /// A save is running.
    Saving,
    /// The last save failed, or saving is not possible.
    Failed,
}

impl SaveState {
    fn id(self) -> &'static str {
        match self {
            SaveState::Loading => "loading",
            SaveState::Saved => "saved",
            SaveState::Pending => "pending",
            SaveState::Saving => "saving",
            SaveState::Failed => "failed",
        }
    }

    fn text(self) -> &'static str {
        match self {
            SaveState::Loading => "Restoring…",
            SaveState::Saved => "All changes saved in this browser",
            SaveState::Pending | SaveState::Saving => "Saving…",
            SaveState::Failed => "Not saved",
        }
    }
}

/// What the in-app confirmation dialog asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Remove every document.
    Clear,
    /// Replace the corpus with a backup of this many documents.
    Import(usize),
}

/// The reactive side of storage, provided as context by [`start`].
#[derive(Clone, Copy)]
pub struct Storage {
    /// The app state.
    pub state: AppState,
    /// Saving state.
    pub save_state: RwSignal<SaveState>,
    /// A storage failure to show (the storage-error banner).
    pub error: RwSignal<Option<String>>,
    /// Another tab's conflicting save (the conflict banner).
    pub conflict: RwSignal<Option<String>>,
    /// The open confirmation dialog.
    pub confirm: RwSignal<Option<Confirm>>,
    /// Documents added out of documents being opened, while a big batch loads.
    pub loading: RwSignal<Option<(usize, usize)>>,
}

/// Which write a save makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Changed records, if no other tab wrote since.
    Normal,
    /// Every record, replacing whatever is stored (after "keep mine").
    Overwrite,
}

#[derive(Clone, Default)]
struct Unsaved {
    docs: BTreeSet<DocId>,
    removed: BTreeSet<DocId>,
    meta: bool,
    /// Replace every document record (after an import or "keep mine").
    full: bool,
}

impl Unsaved {
    fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.removed.is_empty() && !self.meta && !self.full
    }
}

struct Inner {
    storage: Storage,
    db: Option<Rc<Database>>,
    writer: Writer,
    unsaved: Unsaved,
    saved_session: Option<StoredSession>,
    busy: bool,
    again: Option<Mode>,
    timer: Option<TimeoutHandle>,
    /// Saving is off for good (e.g. the store was written by a newer tagmark).
    refused: bool,
    /// Remove the first release's localStorage key after the next save.
    legacy: bool,
    channel: Option<web_sys::BroadcastChannel>,
    pending_import: Option<(Corpus, StoredSession)>,
    persist_asked: bool,
    /// What the save in flight is writing (a journal written meanwhile must hold it too).
    in_flight: Unsaved,
    /// Keys of journals of earlier tabs laid over the store at start, removed after the next save.
    adopted_journals: Vec<String>,
}

thread_local! {
    static INNER: RefCell<Option<Inner>> = const { RefCell::new(None) };
}

fn with_inner<R>(f: impl FnOnce(&mut Inner) -> R) -> Option<R> {
    INNER.with(|cell| cell.borrow_mut().as_mut().map(f))
}

/// Restores the saved corpus (if any) and starts saving every change.
pub fn start(state: AppState) {
    let storage = Storage {
        state,
        save_state: RwSignal::new(SaveState::Loading),
        error: RwSignal::new(None),
        conflict: RwSignal::new(None),
        confirm: RwSignal::new(None),
        loading: RwSignal::new(None),
    };
    provide_context(storage);
    INNER.with(|cell| {
        *cell.borrow_mut() = Some(Inner {
            storage,
            db: None,
            writer: Writer::new(tab_id()),
            unsaved: Unsaved::default(),
            saved_session: None,
            busy: false,
            again: None,
            timer: None,
            refused: false,
            legacy: false,
            channel: None,
            pending_import: None,
            persist_asked: false,
            in_flight: Unsaved::default(),
            adopted_journals: Vec::new(),
        })
    });

    // Every change that is stored schedules a save.
    Effect::new(move |_| {
        state.corpus_rev.track();
        state.labels.track();
        state.selected.track();
        state.pending.track();
        state.history_rev.track();
        schedule_save();
    });

    // Leaving the page (closing the tab, switching away): save at once.
    let on_hide = move |_: web_sys::Event| {
        let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
        if hidden {
            state.flush();
            write_journal(state);
            save_now();
        }
    };
    std::mem::forget(window_event_listener_untyped("pagehide", move |_| {
        state.flush();
        write_journal(state);
        save_now();
    }));
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let cb = Closure::<dyn Fn(web_sys::Event)>::new(on_hide);
        let _ = document.add_event_listener_with_callback("visibilitychange", cb.as_ref().unchecked_ref());
        cb.forget();
    }

    listen_to_other_tabs();
    expose_debug_hooks(state);
    leptos::task::spawn_local(restore());
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

// ---------------------------------------------------------------------------
// Opening and reading the database

async fn open_db() -> Result<Database, String> {
    let mut db = Database::builder(DB_NAME)
        .version(DB_VERSION)
        .add_object_store(ObjectStoreBuilder::new(DOCS))
        .add_object_store(ObjectStoreBuilder::new(META))
        .build()
        .await
        .map_err(|e| describe(&e))?;
    // A newer page in another tab wants to upgrade the schema: let it.
    db.on_version_change(|ev| {
        if let Some(db) = ev.target().and_then(|t| t.dyn_into::<web_sys::IdbDatabase>().ok()) {
            db.close();
        }
    });
    db.forget_callbacks();
    Ok(db)
}

/// What the store holds.
struct Stored {
    meta: Option<MetaRecord>,
    docs: Vec<DocRecord>,
    /// Records that could not be read (left in place, untouched).
    damaged: usize,
    /// Records written by a newer tagmark.
    newer: Option<StoreError>,
}

async fn read_all(db: &Database) -> Result<Stored, String> {
    let tx = db.transaction(&[DOCS, META], TransactionMode::ReadOnly).map_err(|e| describe(&e))?;
    let meta_store = tx.object_store(META).map_err(|e| describe(&e))?;
    let docs_store = tx.object_store(DOCS).map_err(|e| describe(&e))?;
    let meta =
        meta_store.get(JsValue::from_str(META_KEY)).map_err(|e| describe(&e))?.await.map_err(|e| describe(&e))?;
    let docs = docs_store.get_all(None, None).map_err(|e| describe(&e))?.await.map_err(|e| describe(&e))?;
    let _ = tx.await;
    Ok(decode_stored(meta, docs))
}

/// What `js/read_store.js` read from the store while the app was loading
/// (`window.__tagmark_prefetch`), taken once: later reads go to the store itself.
/// None when there is no such read or it failed.
async fn prefetched() -> Option<Stored> {
    let window = web_sys::window()?;
    let key = JsValue::from_str("__tagmark_prefetch");
    let promise = js_sys::Reflect::get(&window, &key).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let read = wasm_bindgen_futures::JsFuture::from(promise).await.ok().filter(|v| v.is_object())?;
    let meta = js_sys::Reflect::get(&read, &"meta".into()).ok().filter(|v| !v.is_undefined());
    let docs = js_sys::Reflect::get(&read, &"docs".into()).ok()?.dyn_into::<js_sys::Array>().ok()?;
    Some(decode_stored(meta, docs.iter().collect()))
}

/// Decodes the corpus record and the document records as read from the store.
fn decode_stored(meta: Option<JsValue>, docs: Vec<JsValue>) -> Stored {
    let mut stored = Stored { meta: None, docs: Vec::with_capacity(docs.len()), damaged: 0, newer: None };
    if let Some(json) = meta.and_then(|v| v.as_string()) {
        match store::decode_meta(&json) {
            Ok(meta) => stored.meta = Some(meta),
            Err(e @ StoreError::Newer { .. }) => stored.newer = Some(e),
            Err(_) => stored.damaged += 1,
        }
    }
    for value in docs {
        match value.as_string().map(|json| store::decode_doc(&json)) {
            Some(Ok(doc)) => stored.docs.push(doc),
            Some(Err(e @ StoreError::Newer { .. })) => stored.newer = Some(e),
            _ => stored.damaged += 1,
        }
    }
    stored
}

fn legacy_source() -> Option<String> {
    local_storage()?.get_item(store::LEGACY_LOCAL_STORAGE_KEY).ok()?
}

fn remove_legacy_source() {
    if let Some(local) = local_storage() {
        let _ = local.remove_item(store::LEGACY_LOCAL_STORAGE_KEY);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Writes what is not saved yet into the journal, in synchronous `localStorage`,
/// so that a tab closed before its save to IndexedDB finishes loses nothing (see
/// [`tagmark_core::journal`]). Called when the page is hidden or closed.
fn write_journal(state: AppState) {
    let later = take_changes(state, false);
    let session = current_session(state);
    let Some(Some((ids, removed, full, writer))) = with_inner(|i| {
        merge(&mut i.unsaved, later);
        // A save in flight (from the timer) may never finish in a closing page: it counts too.
        let nothing =
            i.unsaved.is_empty() && i.in_flight.is_empty() && i.saved_session.as_ref() == Some(&session);
        if nothing || i.refused || i.storage.save_state.get_untracked() == SaveState::Loading {
            return None;
        }
        // What is not saved: the changes waiting, and those the save in flight is writing.
        let mut all = i.in_flight.clone();
        merge(&mut all, i.unsaved.clone());
        let ids: Vec<DocId> = all.docs.iter().copied().collect();
        let removed: Vec<DocId> = all.removed.iter().copied().collect();
        Some((ids, removed, all.full, i.writer.clone()))
    }) else {
        return;
    };
    let journal = state.corpus.with_value(|c| {
        // The current document first: if the storage fills up, it is the one most likely being worked on.
        let current = c.current_doc().map(|d| d.id());
        let mut order: Vec<DocId> = if full { c.docs().iter().map(|d| d.id()).collect() } else { ids };
        order.sort_by_key(|id| Some(*id) != current);
        Journal {
            meta: store::encode_meta(c, &session, &writer.id, 0),
            docs: order.iter().filter_map(|id| c.get(*id)).map(store::encode_doc).collect(),
            removed,
            base: writer.seen,
        }
    });
    store_journal(state, &journal, &writer.id);
}

/// The `localStorage` keys of this tab's journal pieces.
fn own_journal_keys(local: &web_sys::Storage, writer: &str) -> Vec<String> {
    let prefix = format!("{JOURNAL_PREFIX}{writer}.");
    let n = local.length().unwrap_or(0);
    (0..n).filter_map(|k| local.key(k).ok().flatten()).filter(|k| k.starts_with(&prefix)).collect()
}

/// Writes `journal` in bounded pieces under this tab's own keys (so that two
/// tabs closing at once do not overwrite each other's). When the storage is full,
/// the pieces written are kept (each holds whole documents) and the user is told
/// how many unsaved documents the journal could not hold.
fn store_journal(state: AppState, journal: &Journal, writer: &str) {
    let Some(local) = local_storage() else { return };
    for key in own_journal_keys(&local, writer) {
        let _ = local.remove_item(&key);
    }
    let pieces = journal.pieces(writer, PIECE_BYTES);
    let total = journal.docs.len();
    let mut written_docs = 0;
    let mut failed = false;
    for (n, (key, value)) in pieces.iter().enumerate() {
        if local.set_item(key, value).is_err() {
            // Later pieces would not fit either. The header (written first) announces
            // every piece, so the next load counts those missing.
            failed = true;
            break;
        }
        if n > 0 {
            written_docs += serde_json::from_str::<Value>(value)
                .ok()
                .and_then(|v| v.get("docs").and_then(Value::as_array).map(Vec::len))
                .unwrap_or(0);
        }
    }
    if failed {
        let lost = total - written_docs;
        gloo::console::warn!(format!("tagmark: the journal could hold {written_docs} of {total} unsaved documents"));
        state.notify(
            NoticeKind::Error,
            format!(
                "The browser's localStorage is full: {lost} of {total} unsaved document{} could not be kept in case this tab closes. \
                 They are being saved now; keep this tab open until it says \"saved\", or export a backup.",
                if total == 1 { "" } else { "s" }
            ),
        );
    }
}

/// Removes this tab's journal, the first release's single journal key, and the
/// journals of earlier tabs laid over the store at start (all now in IndexedDB).
fn remove_journal() {
    let Some(local) = local_storage() else { return };
    let (writer, adopted) =
        with_inner(|i| (i.writer.id.clone(), std::mem::take(&mut i.adopted_journals))).unwrap_or_default();
    let _ = local.remove_item(JOURNAL_KEY);
    for key in own_journal_keys(&local, &writer).into_iter().chain(adopted) {
        let _ = local.remove_item(&key);
    }
}

/// What the journals left by closed tabs brought back.
#[derive(Default)]
struct FromJournals {
    /// Documents written or removed by them (to be saved to IndexedDB).
    docs: BTreeSet<DocId>,
    removed: BTreeSet<DocId>,
    /// Changes restored.
    count: usize,
}

/// Lays over `stored` the journals that tabs closed before their last save
/// finished left in `localStorage` (each tab's under its own keys, and the
/// single key of earlier releases). A journal whose tab lost a two-tab conflict
/// (another tab saved since that tab last read or wrote) is not laid over, and
/// the user is told; it stays in `localStorage`.
fn lay_journals_over(state: AppState, stored: &mut Stored) -> Option<FromJournals> {
    let local = local_storage()?;
    let n = local.length().unwrap_or(0);
    let mut items: Vec<(String, String)> = Vec::new();
    for k in 0..n {
        let Some(key) = local.key(k).ok().flatten() else { continue };
        if key.starts_with(JOURNAL_PREFIX) {
            if let Some(value) = local.get_item(&key).ok().flatten() {
                items.push((key, value));
            }
        }
    }
    let mut found = Journal::gather(items.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(json) = local.get_item(JOURNAL_KEY).ok().flatten() {
        found.push(Gathered { writer: String::new(), keys: vec![JOURNAL_KEY.to_string()], journal: Journal::decode(&json), missing: 0 });
    }
    if found.is_empty() {
        return None;
    }
    let stored_meta = stored.meta.clone();
    let mut out = FromJournals::default();
    let (mut lost, mut refused, mut unreadable) = (0, 0, Vec::new());
    for g in found {
        let journal = match g.journal {
            Ok(j) => j,
            Err(e) => {
                unreadable.push(format!("{} ({e})", g.keys.first().cloned().unwrap_or_default()));
                continue;
            }
        };
        if journal.fits(stored_meta.as_ref()).is_err() {
            refused += 1;
            continue;
        }
        match journal.apply(&mut stored.meta, &mut stored.docs) {
            Ok(applied) => {
                out.count += applied.docs + applied.removed;
                out.docs.extend(journal.docs.iter().filter_map(|d| store::decode_doc(d).ok()).map(|d| d.id));
                out.removed.extend(journal.removed.iter().copied());
                lost += g.missing;
                with_inner(|i| i.adopted_journals.extend(g.keys));
            }
            Err(e) => unreadable.push(format!("{} ({e})", g.keys.first().cloned().unwrap_or_default())),
        }
    }
    if refused > 0 {
        state.notify(
            NoticeKind::Warning,
            format!(
                "Changes left by {refused} tab{} closed before saving were not restored: another tab saved the corpus after {}, \
                 and they would overwrite its work. They are kept in the browser's localStorage under \"{JOURNAL_PREFIX}…\".",
                if refused == 1 { "" } else { "s" },
                if refused == 1 { "it" } else { "them" },
            ),
        );
    }
    if !unreadable.is_empty() {
        state.notify(
            NoticeKind::Warning,
            format!(
                "Changes left unsaved when this page was last closed could not be read; they are kept in the browser's localStorage under {}.",
                unreadable.join(", ")
            ),
        );
    }
    if lost > 0 {
        gloo::console::warn!(format!("tagmark: {lost} journal piece(s) were missing"));
    }
    (out.count > 0 || !out.docs.is_empty() || !out.removed.is_empty()).then_some(out)
}

/// Opens the database and puts what it holds on screen.
async fn restore() {
    let Some(storage) = with_inner(|i| i.storage) else { return };
    let state = storage.state;
    // What js/read_store.js read while the WebAssembly loaded: shown first, and the
    // app's own connection (for saving) is opened after that first screen.
    let early = prefetched().await;
    let opened = if early.is_some() { None } else { Some(open_connection(storage).await) };
    if matches!(opened, Some(false)) {
        return;
    }
    let read = match (early, with_inner(|i| i.db.clone()).flatten()) {
        (Some(stored), _) => Ok(stored),
        (None, Some(db)) => read_all(&db).await,
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
            format!("{} saved record(s) could not be read and were left as they are.", stored.damaged),
        );
    }

    with_inner(|i| i.writer.loaded(stored.meta.as_ref()));
    // Journals left by tabs closed before their last save finished: lay them over.
    let mut stored = stored;
    let from_journal = lay_journals_over(state, &mut stored);
    let nothing_stored = stored.meta.is_none() && stored.docs.is_empty();
    if nothing_stored {
        if let Some(json) = legacy_source() {
            match store::decode(&json) {
                Ok((corpus, session)) if !corpus.is_empty() => {
                    with_inner(|i| i.legacy = true);
                    install(state, corpus, session, None, true);
                    state.notify(
                        NoticeKind::Info,
                        "Your document from tagmark's first version was moved into the new storage.",
                    );
                }
                Ok(_) => remove_legacy_source(),
                Err(e) => state.notify(NoticeKind::Warning, format!("The old saved document could not be read: {e}")),
            }
        }
        if opened.is_none() && !open_connection(storage).await {
            return;
        }
        mark_ready(storage);
        schedule_save();
        return;
    }
    let assembled = store::assemble(stored.meta, stored.docs);
    install(state, assembled.corpus, assembled.session, None, true);
    // Until the connection is open, saving waits (the state stays "loading").
    if opened.is_none() && !open_connection(storage).await {
        return;
    }
    mark_ready(storage);
    if let Some(applied) = from_journal {
        // Save what the journals held (only that: the rest is in IndexedDB); the save then removes them.
        with_inner(|i| {
            i.unsaved.docs.extend(applied.docs);
            i.unsaved.removed.extend(applied.removed);
            i.unsaved.meta = true;
        });
        let n = applied.count;
        state.notify(
            NoticeKind::Info,
            format!(
                "Restored {n} change{} made just before this page was last closed.",
                if n == 1 { "" } else { "s" }
            ),
        );
    }
    schedule_save();
}

/// Opens the app's connection to the database for saving; false (saving refused
/// and said so) when the browser does not allow it.
async fn open_connection(storage: Storage) -> bool {
    match open_db().await {
        Ok(db) => {
            with_inner(|i| i.db = Some(Rc::new(db)));
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
fn refuse_saving(storage: Storage, message: String) {
    storage.error.set(Some(message));
    storage.save_state.set(SaveState::Failed);
    with_inner(|i| i.refused = true);
    mark_ready(storage);
}

fn mark_ready(storage: Storage) {
    // What is on screen now is what the store holds (or nothing is stored and
    // nothing changed): no save until something changes. Without this a fresh
    // tab would write an empty corpus record and trip the other tabs' check.
    let session = current_session(storage.state);
    with_inner(|i| {
        if i.saved_session.is_none() {
            i.saved_session = Some(session);
        }
    });
    if storage.save_state.get_untracked() == SaveState::Loading {
        storage.save_state.set(SaveState::Saved);
    }
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__tagmark_storage_ready".into(), &JsValue::TRUE);
    }
}

/// Replaces the app's corpus with `corpus` and restores `session`. With
/// `keep_current`, that document stays current if it still exists. With
/// `keep_open`, documents opened in this tab before the store was read are
/// appended rather than dropped.
fn install(state: AppState, mut corpus: Corpus, session: StoredSession, keep_current: Option<DocId>, keep_open: bool) {
    state.flush();
    // Changes recorded against the corpus being replaced do not apply to the new one.
    with_inner(|i| i.unsaved = Unsaved::default());
    if keep_open {
        let opened: Vec<NewDocument> = state.corpus.with_value(|c| {
            c.docs()
                .iter()
                .map(|d| NewDocument {
                    name: d.name().to_string(),
                    source_format: d.source_format().to_string(),
                    source: d.source().to_string(),
                    meta: d.meta().clone(),
                })
                .collect()
        });
        if !opened.is_empty() {
            let range = corpus.add_documents(opened);
            corpus.set_current(range.start);
        }
    }
    if let Some(index) = keep_current.and_then(|id| corpus.position(id)) {
        corpus.set_current(index);
    }
    let current = corpus.current();
    let current_id = corpus.current_doc().map(|d| d.id());
    state.corpus.set_value(corpus);
    state.corpus_rev.update(|n| *n += 1);
    state.switch_to(current);
    if session.doc.is_some() && session.doc == current_id {
        if let Some((start, end)) = session.selection {
            let span =
                state.view.with_untracked(|v| v.doc.spans.iter().find(|s| s.start == start && s.end == end).cloned());
            let fits = state.view.with_untracked(|v| end <= v.doc.text.len() && start <= end);
            match span {
                Some(span) => state.select(|e| e.select_span(Some(span))),
                None if fits && start < end => state.select(|e| e.set_pending(Some((start, end)))),
                None => {}
            }
        }
        if !session.history.is_null() {
            if let Ok(history) = serde_json::from_value::<History>(session.history.clone()) {
                state.editor.update(|e| e.set_history(history));
                state.history_rev.update(|n| *n += 1);
            }
        }
    }
    let session = current_session(state);
    with_inner(|i| i.saved_session = Some(session));
}

// ---------------------------------------------------------------------------
// Saving

/// The session as it is now: current document, selection, undo history.
fn current_session(state: AppState) -> StoredSession {
    let doc = state.corpus.with_value(|c| c.current_doc().map(|d| d.id()));
    let selection = state
        .selected
        .with_untracked(|s| s.as_ref().map(|s| (s.start, s.end)))
        .or_else(|| state.pending.get_untracked());
    let history = state.editor.with_untracked(|e| {
        let h = e.history();
        if *h == History::default() {
            Value::Null
        } else {
            serde_json::to_value(h).unwrap_or(Value::Null)
        }
    });
    StoredSession { doc, selection, history }
}

/// Saves [`SAVE_DEBOUNCE`] after the last call.
pub fn schedule_save() {
    let Some(storage) = with_inner(|i| {
        if let Some(timer) = i.timer.take() {
            timer.clear();
        }
        i.storage
    }) else {
        return;
    };
    let handle = set_timeout_with_handle(
        || {
            with_inner(|i| i.timer = None);
            leptos::task::spawn_local(save(Mode::Normal));
        },
        SAVE_DEBOUNCE,
    )
    .ok();
    with_inner(|i| i.timer = handle);
    if matches!(storage.save_state.get_untracked(), SaveState::Saved) {
        storage.save_state.set(SaveState::Pending);
    }
}

/// Saves now (leaving the page, or a button).
pub fn save_now() {
    with_inner(|i| {
        if let Some(timer) = i.timer.take() {
            timer.clear();
        }
    });
    leptos::task::spawn_local(save(Mode::Normal));
}

enum WriteError {
    Conflict(store::Conflict),
    Newer(StoreError),
    Failed(String),
}

/// Takes the corpus's changes since the last call (the label set is the corpus's own).
fn take_changes(state: AppState, full: bool) -> Unsaved {
    let changes = state.corpus.try_update_value(|c| c.take_changes()).unwrap_or_default();
    Unsaved {
        docs: changes.docs.into_iter().collect(),
        removed: changes.removed.into_iter().collect(),
        meta: changes.meta,
        full,
    }
}

/// Adds `later` to `unsaved` (a removal wins over an earlier change; ids are never reused).
fn merge(unsaved: &mut Unsaved, later: Unsaved) {
    unsaved.docs.extend(later.docs);
    for id in &later.removed {
        unsaved.docs.remove(id);
    }
    unsaved.removed.extend(later.removed);
    unsaved.meta |= later.meta;
    unsaved.full |= later.full;
}

/// One save: collects what changed and writes it in one transaction.
async fn save(mode: Mode) {
    let Some((storage, busy)) = with_inner(|i| {
        if i.busy && i.again != Some(Mode::Overwrite) {
            // Run again after the save in flight; an overwrite wins.
            i.again = Some(mode);
        }
        (i.storage, i.busy)
    }) else {
        return;
    };
    if busy || storage.save_state.get_untracked() == SaveState::Loading {
        return;
    }
    let state = storage.state;
    // Take what changed even when not writing now, so that nothing is forgotten.
    let later = take_changes(state, mode == Mode::Overwrite);
    let session = current_session(state);
    let work = with_inner(|i| {
        merge(&mut i.unsaved, later);
        let blocked =
            i.refused || i.db.is_none() || (i.storage.conflict.get_untracked().is_some() && mode == Mode::Normal);
        if blocked {
            return Err(i.refused);
        }
        if i.unsaved.is_empty() && i.saved_session.as_ref() == Some(&session) {
            return Ok(None);
        }
        i.busy = true;
        i.in_flight = i.unsaved.clone();
        Ok(Some((std::mem::take(&mut i.unsaved), i.db.clone().expect("checked"), i.writer.clone())))
    })
    .unwrap_or(Err(true));
    let (work, db, writer) = match work {
        Err(refused) => {
            if refused && storage.save_state.get_untracked() == SaveState::Pending {
                storage.save_state.set(SaveState::Failed);
            }
            return;
        }
        Ok(None) => {
            remove_journal();
            if storage.save_state.get_untracked() == SaveState::Pending {
                storage.save_state.set(SaveState::Saved);
            }
            return;
        }
        Ok(Some(work)) => work,
    };
    storage.save_state.set(SaveState::Saving);
    let records: Vec<(DocId, String)> = state.corpus.with_value(|c| {
        if work.full {
            c.docs().iter().map(|d| (d.id(), store::encode_doc(d))).collect()
        } else {
            work.docs.iter().filter_map(|id| c.get(*id).map(|d| (*id, store::encode_doc(d)))).collect()
        }
    });
    let removed: Vec<DocId> = work.removed.iter().copied().collect();
    let session_saved = session.clone();
    let writer_id = writer.id.clone();
    let meta = move |revision: u64| state.corpus.with_value(|c| store::encode_meta(c, &session, &writer_id, revision));
    let result = write(&db, &writer, mode, work.full, records, removed, meta).await;
    let (again, scheduled, unsaved) = with_inner(|i| {
        i.busy = false;
        i.in_flight = Unsaved::default();
        (i.again.take(), i.timer.is_some(), !i.unsaved.is_empty())
    })
    .unwrap_or((None, false, true));
    match result {
        Ok(revision) => {
            let legacy = with_inner(|i| {
                i.writer.committed(revision);
                i.saved_session = Some(session_saved);
                std::mem::take(&mut i.legacy)
            })
            .unwrap_or(false);
            if legacy {
                remove_legacy_source();
            }
            storage.error.set(None);
            if mode == Mode::Overwrite {
                storage.conflict.set(None);
            }
            // A change made while this save was writing is not saved yet: say so, so that
            // "saved" always means everything up to now is on disk.
            let more = again.is_some() || scheduled || unsaved;
            if !more {
                // Everything is in IndexedDB, so is all a journal could hold.
                remove_journal();
            }
            storage.save_state.set(if more { SaveState::Pending } else { SaveState::Saved });
            announce(revision);
            ask_persistent_storage();
        }
        Err(failure) => {
            // Keep what was not written for the next attempt.
            with_inner(|i| {
                let later = std::mem::take(&mut i.unsaved);
                i.unsaved = work;
                merge(&mut i.unsaved, later);
            });
            match failure {
                WriteError::Conflict(conflict) => {
                    gloo::console::warn!(format!("tagmark: {conflict}"));
                    storage.conflict.set(Some(conflict_text()));
                    storage.save_state.set(SaveState::Pending);
                }
                WriteError::Newer(e) => {
                    with_inner(|i| i.refused = true);
                    storage.error.set(Some(format!(
                        "Another tab with a newer tagmark saved this corpus ({e}). This tab will not save over it: export a backup of what you do here."
                    )));
                    storage.save_state.set(SaveState::Failed);
                }
                WriteError::Failed(message) => {
                    storage.error.set(Some(message));
                    storage.save_state.set(SaveState::Failed);
                }
            }
        }
    }
    if let Some(mode) = again {
        leptos::task::spawn_local(save(mode));
    }
}

fn conflict_text() -> String {
    "Another tab saved changes to this corpus while this tab has unsaved changes. \
     Reload theirs (this tab's unsaved changes are dropped; export a backup first to keep them) \
     or keep mine (this tab's corpus replaces theirs)."
        .to_string()
}

/// The transaction of one save.
async fn write(
    db: &Database,
    writer: &Writer,
    mode: Mode,
    full: bool,
    records: Vec<(DocId, String)>,
    removed: Vec<DocId>,
    meta: impl FnOnce(u64) -> String,
) -> Result<u64, WriteError> {
    let failed = |e: idb::Error| WriteError::Failed(failure_text(&describe(&e)));
    let tx = db.transaction(&[DOCS, META], TransactionMode::ReadWrite).map_err(failed)?;
    let raw: web_sys::IdbTransaction = tx.into();
    let tx = Transaction::from(raw.clone());
    let abort = |e: WriteError| {
        let _ = raw.abort();
        e
    };
    let meta_store = tx.object_store(META).map_err(failed).map_err(abort)?;
    let docs_store = tx.object_store(DOCS).map_err(failed).map_err(abort)?;
    let key = JsValue::from_str(META_KEY);
    let stored = meta_store.get(key.clone()).map_err(failed).map_err(abort)?.await.map_err(failed).map_err(abort)?;
    let stored = match stored.and_then(|v| v.as_string()).map(|json| store::decode_meta(&json)) {
        Some(Ok(meta)) => Some(meta),
        Some(Err(e @ StoreError::Newer { .. })) => return Err(abort(WriteError::Newer(e))),
        // A damaged corpus record: the documents' own records still stand; write a sound one.
        Some(Err(_)) | None => None,
    };
    let revision = match mode {
        Mode::Overwrite => writer.overwrite(stored.as_ref()),
        Mode::Normal => writer.begin(stored.as_ref()).map_err(|c| abort(WriteError::Conflict(c)))?,
    };
    let result: Result<(), idb::Error> = (|| {
        if full {
            docs_store.clear()?;
        }
        for id in &removed {
            docs_store.delete(JsValue::from_f64(id.0 as f64))?;
        }
        for (id, json) in &records {
            docs_store.put(&JsValue::from_str(json), Some(&JsValue::from_f64(id.0 as f64)))?;
        }
        meta_store.put(&JsValue::from_str(&meta(revision)), Some(&key))?;
        Ok(())
    })();
    if let Err(e) = result {
        return Err(abort(failed(e)));
    }
    match tx.await {
        Ok(TransactionResult::Committed) => Ok(revision),
        Ok(TransactionResult::Aborted) => Err(WriteError::Failed(failure_text(&dom_error(&raw)))),
        Err(e) => {
            let inner = dom_error(&raw);
            Err(WriteError::Failed(failure_text(if inner.is_empty() { describe(&e) } else { inner }.as_str())))
        }
    }
}

fn dom_error(tx: &web_sys::IdbTransaction) -> String {
    tx.error().map(|e| format!("{}: {}", e.name(), e.message())).unwrap_or_default()
}

fn describe(e: &idb::Error) -> String {
    match e {
        idb::Error::DomException(d) => format!("{}: {}", d.name(), d.message()),
        other => other.to_string(),
    }
}

fn failure_text(cause: &str) -> String {
    let what = if cause.contains("QuotaExceeded") {
        "the browser's storage for this page is full"
    } else if cause.contains("InvalidState") || cause.contains("closed") {
        "the browser closed the storage (private mode, or the data was cleared)"
    } else {
        "the browser refused to store it"
    };
    format!(
        "Saving failed: {what} ({cause}). What was saved before is intact, but recent changes are only in this tab: export a backup now."
    )
}

/// Asks the browser once not to evict the store under storage pressure.
fn ask_persistent_storage() {
    if with_inner(|i| std::mem::replace(&mut i.persist_asked, true)).unwrap_or(true) {
        return;
    }
    if let Some(window) = web_sys::window() {
        let storage = window.navigator().storage();
        let _ = storage.persist();
    }
}

// ---------------------------------------------------------------------------
// Other tabs

fn announce(revision: u64) {
    with_inner(|i| {
        if let Some(channel) = &i.channel {
            let msg = serde_json::json!({ "writer": i.writer.id, "revision": revision }).to_string();
            let _ = channel.post_message(&JsValue::from_str(&msg));
        }
    });
}

fn listen_to_other_tabs() {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
        let Some(text) = ev.data().as_string() else { return };
        let Ok(msg) = serde_json::from_str::<Value>(&text) else { return };
        let writer = msg["writer"].as_str().unwrap_or_default().to_string();
        let revision = msg["revision"].as_u64().unwrap_or(0);
        other_tab_saved(&writer, revision);
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    with_inner(|i| i.channel = Some(channel));
}

/// True when this tab has changes not yet written.
fn dirty(state: AppState) -> bool {
    state.flush();
    let corpus = state.corpus.with_value(|c| c.has_changes());
    corpus || with_inner(|i| !i.unsaved.is_empty()).unwrap_or(false)
}

fn other_tab_saved(writer: &str, revision: u64) {
    let Some((storage, me, seen, busy, refused)) =
        with_inner(|i| (i.storage, i.writer.id.clone(), i.writer.seen, i.busy, i.refused))
    else {
        return;
    };
    if writer == me || revision <= seen || refused || busy {
        // A save in flight checks for itself.
        return;
    }
    if storage.conflict.get_untracked().is_some() {
        return;
    }
    if dirty(storage.state) {
        storage.conflict.set(Some(conflict_text()));
    } else {
        leptos::task::spawn_local(reload(true));
    }
}

/// Reads the store again and shows it, dropping this tab's unsaved changes.
/// `quiet`: another tab saved while this one had nothing unsaved.
async fn reload(quiet: bool) {
    let Some((storage, db)) = with_inner(|i| (i.storage, i.db.clone())) else { return };
    let Some(db) = db else { return };
    let state = storage.state;
    let rev_before = state.corpus_rev.get_untracked();
    let stored = match read_all(&db).await {
        Ok(stored) => stored,
        Err(e) => {
            storage.error.set(Some(format!("The other tab's work could not be read ({e}).")));
            return;
        }
    };
    if let Some(newer) = stored.newer {
        with_inner(|i| i.refused = true);
        storage.error.set(Some(format!("The saved corpus was {newer}. This tab will not save over it.")));
        return;
    }
    if quiet && (state.corpus_rev.get_untracked() != rev_before || dirty(state)) {
        // Changed here meanwhile: let the user choose.
        storage.conflict.set(Some(conflict_text()));
        return;
    }
    let keep = state.corpus.with_value(|c| c.current_doc().map(|d| d.id()));
    let meta = stored.meta.clone();
    let assembled = store::assemble(stored.meta, stored.docs);
    let session = if quiet { StoredSession::default() } else { assembled.session };
    install(state, assembled.corpus, session, keep, false);
    // What differs now (this tab's current document) is this tab's own business.
    let _ = state.corpus.try_update_value(|c| c.take_changes());
    with_inner(|i| {
        i.writer.loaded(meta.as_ref());
        i.unsaved = Unsaved::default();
    });
    storage.conflict.set(None);
    storage.save_state.set(SaveState::Saved);
    if quiet {
        state.notify(NoticeKind::Info, "Another tab saved changes to this corpus; this tab now shows them.");
    } else {
        state.notify(NoticeKind::Info, "Reloaded the other tab's work.");
    }
}

// ---------------------------------------------------------------------------
// Actions

/// "Reload theirs": drops this tab's unsaved changes and shows what is stored.
pub fn reload_theirs() {
    leptos::task::spawn_local(reload(false));
}

/// "Keep mine": writes this tab's whole corpus over what is stored.
pub fn keep_mine() {
    leptos::task::spawn_local(save(Mode::Overwrite));
}

/// Retries a failed save.
pub fn retry() {
    let Some(storage) = with_inner(|i| i.storage) else { return };
    if !with_inner(|i| i.refused).unwrap_or(true) {
        storage.error.set(None);
        save_now();
    }
}

/// The whole corpus as a backup file (`tagmark-corpus` JSON).
pub fn backup_json(state: AppState) -> String {
    state.flush();
    let session = current_session(state);
    state.corpus.with_value(|c| store::encode(c, &session))
}

/// Downloads a backup of the whole corpus.
pub fn export_backup(state: AppState) {
    let json = backup_json(state);
    let date: String = String::from(js_sys::Date::new_0().to_iso_string()).chars().take(10).collect();
    let name = format!("tagmark-backup-{date}.json");
    match download(&name, &json) {
        Ok(()) => state.notify(NoticeKind::Info, format!("Backup exported as {name}.")),
        Err(e) => state.notify(NoticeKind::Error, format!("The backup could not be exported: {e}")),
    }
}

fn download(name: &str, text: &str) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let blob = gloo::file::Blob::new_with_options(text, Some("application/json"));
    let url = gloo::file::ObjectUrl::from(blob);
    let a = document.create_element("a").map_err(|_| "no anchor")?;
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", name);
    let _ = a.set_attribute("hidden", "");
    let a: web_sys::HtmlElement = a.dyn_into().map_err(|_| "no anchor")?;
    let body = document.body().ok_or("no body")?;
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    // Keep the URL alive while the browser reads it.
    set_timeout(move || drop(url), Duration::from_secs(60));
    Ok(())
}

/// Asks before removing every document.
pub fn ask_clear() {
    if let Some(storage) = with_inner(|i| i.storage) {
        storage.confirm.set(Some(Confirm::Clear));
    }
}

/// Reads a backup file; replaces the corpus at once when it is empty, else asks first.
pub fn import_backup(state: AppState, json: &str) {
    let (corpus, session) = match store::decode(json) {
        Ok(decoded) => decoded,
        Err(e) => {
            state.notify(NoticeKind::Error, format!("Not imported: {e}."));
            return;
        }
    };
    let n = corpus.len();
    if state.corpus.with_value(|c| c.is_empty()) {
        replace_with(state, corpus, session);
    } else if let Some(storage) = with_inner(|i| {
        i.pending_import = Some((corpus, session));
        i.storage
    }) {
        storage.confirm.set(Some(Confirm::Import(n)));
    }
}

fn replace_with(state: AppState, corpus: Corpus, session: StoredSession) {
    let n = corpus.len();
    install(state, corpus, session, None, false);
    with_inner(|i| {
        i.unsaved.full = true;
        i.unsaved.meta = true;
    });
    schedule_save();
    state.notify(NoticeKind::Info, format!("Backup imported: {n} document{}.", if n == 1 { "" } else { "s" }));
}

/// Carries out the confirmed action.
pub fn confirm(what: Confirm) {
    let Some(storage) = with_inner(|i| i.storage) else { return };
    let state = storage.state;
    storage.confirm.set(None);
    match what {
        Confirm::Clear => {
            state.flush();
            let n = state.update_corpus(|c| c.clear());
            state.switch_to(0);
            state.notify(NoticeKind::Info, format!("Cleared {n} document{}.", if n == 1 { "" } else { "s" }));
        }
        Confirm::Import(_) => {
            if let Some((corpus, session)) = with_inner(|i| i.pending_import.take()).flatten() {
                replace_with(state, corpus, session);
            }
        }
    }
}

/// Closes the dialog without doing anything.
pub fn cancel() {
    if let Some(storage) = with_inner(|i| {
        i.pending_import = None;
        i.storage
    }) {
        storage.confirm.set(None);
    }
}

/// Opens many documents: the first at once, the rest in steps so that the page
/// stays responsive and shows its progress (`Storage::loading`).
pub fn open_in_chunks(state: AppState, mut docs: Vec<NewDocument>) {
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
    let storage = with_inner(|i| i.storage);
    if let Some(s) = storage {
        s.loading.set(Some((1, total)));
    }
    fn step(
        state: AppState,
        storage: Option<Storage>,
        mut rest: Vec<NewDocument>,
        done: usize,
        total: usize,
    ) {
        set_timeout(
            move || {
                let tail = rest.split_off(rest.len().min(OPEN_CHUNK));
                let n = rest.len();
                state.update_corpus(|c| c.add_documents(rest));
                let done = done + n;
                if tail.is_empty() {
                    if let Some(s) = storage {
                        s.loading.set(None);
                    }
                    state.notify(NoticeKind::Info, format!("Opened {total} documents."));
                } else {
                    if let Some(s) = storage {
                        s.loading.set(Some((done, total)));
                    }
                    step(state, storage, tail, done, total);
                }
            },
            Duration::ZERO,
        );
    }
    step(state, storage, rest, 1, total);
}

/// `window.__tagmark_open([{name, source, format?}, …])` opens documents (for
/// the corpus benchmark and tests); `window.__tagmark_storage_ready` turns true
/// once the store has been read.
fn expose_debug_hooks(state: AppState) {
    let Some(window) = web_sys::window() else { return };
    let open = Closure::<dyn Fn(JsValue)>::new(move |docs: JsValue| {
        let docs: Vec<NewDocument> = js_sys::Array::from(&docs)
            .iter()
            .map(|d| {
                let get = |k: &str| js_sys::Reflect::get(&d, &k.into()).ok().and_then(|v| v.as_string());
                NewDocument::from((
                    get("name").unwrap_or_default(),
                    get("format").unwrap_or_else(|| "inline".to_string()),
                    get("source").unwrap_or_default(),
                ))
            })
            .collect();
        open_in_chunks(state, docs);
    });
    let _ = js_sys::Reflect::set(&window, &"__tagmark_open".into(), open.as_ref());
    open.forget();
    // For tests: true when every change so far is written and nothing waits to be.
    let settled = Closure::<dyn Fn() -> bool>::new(move || {
        let waiting = with_inner(|i| i.busy || i.again.is_some() || i.timer.is_some() || !i.unsaved.is_empty())
            .unwrap_or(true);
        state.is_idle() && !waiting && storage_saved()
    });
    let _ = js_sys::Reflect::set(&window, &"__tagmark_settled".into(), settled.as_ref());
    settled.forget();
}

fn storage_saved() -> bool {
    with_inner(|i| i.storage.save_state.get_untracked() == SaveState::Saved).unwrap_or(false)
}

// ---------------------------------------------------------------------------
// View

/// The banners (storage error, conflict) and the confirmation dialog.
#[component]
pub fn StorageBanners() -> impl IntoView {
    let Some(storage) = use_storage() else { return ().into_any() };
    let state = storage.state;
    view! {
        <div class="storage-banners">
            <Show when=move || storage.error.with(Option::is_some)>
                <div class="banner banner--error" data-testid="storage-error" role="alert">
                    <span class="banner__text">{move || storage.error.get().unwrap_or_default()}</span>
                    <button class="button" data-testid="export-backup-now" on:click=move |_| export_backup(state)>
                        "Export a backup now"
                    </button>
                    <button class="button" on:click=move |_| retry()>"Try again"</button>
                    <button class="button button--quiet" on:click=move |_| storage.error.set(None)>"Dismiss"</button>
                </div>
            </Show>
            <Show when=move || storage.conflict.with(Option::is_some)>
                <div class="banner banner--warning" data-testid="conflict" role="alert">
                    <span class="banner__text">{move || storage.conflict.get().unwrap_or_default()}</span>
                    <button class="button" data-testid="conflict-reload" on:click=move |_| reload_theirs()>
                        "Reload theirs"
                    </button>
                    <button class="button" data-testid="conflict-keep" on:click=move |_| keep_mine()>
                        "Keep mine (overwrite)"
                    </button>
                    <button class="button button--quiet" on:click=move |_| export_backup(state)>"Export a backup"</button>
                </div>
            </Show>
            {move || storage.confirm.get().map(|what| {
                let (question, action) = match what {
                    Confirm::Clear => (
                        state.corpus.with_value(|c| {
                            let n = c.len();
                            format!("Remove all {n} document{} from this browser? This cannot be undone.", if n == 1 { "" } else { "s" })
                        }),
                        "Clear corpus",
                    ),
                    Confirm::Import(m) => (
                        state.corpus.with_value(|c| {
                            format!("Replace the {} open documents with the backup's {m}? This cannot be undone.", c.len())
                        }),
                        "Replace",
                    ),
                };
                view! {
                    <crate::components::Overlay on_close=move || cancel() label="Confirm" class="confirm" testid="confirm-dialog" alert=true>
                        <p class="confirm__question">{question}</p>
                        <p class="confirm__hint">"A backup file keeps everything: documents, statuses and labels."</p>
                        <div class="confirm__actions">
                            <button class="button" data-testid="confirm-export" on:click=move |_| export_backup(state)>
                                "Export a backup first"
                            </button>
                            <button class="button button--danger" data-testid="confirm-yes" on:click=move |_| confirm(what)>
                                {action}
                            </button>
                            <button class="button" data-testid="confirm-cancel" data-autofocus="true" on:click=move |_| cancel()>"Cancel"</button>
                        </div>
                    </crate::components::Overlay>
                }
            })}
        </div>
    }
    .into_any()
}

/// The corpus actions (backup export/import, clear) and the save state.
#[component]
pub fn StorageControls() -> impl IntoView {
    let Some(storage) = use_storage() else { return ().into_any() };
    let state = storage.state;
    let on_import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => import_backup(state, &text.as_string().unwrap_or_default()),
                Err(_) => state.notify(NoticeKind::Error, format!("Could not read {}.", file.name())),
            }
        });
    };
    let save_state = move || storage.save_state.get();
    view! {
        <div class="storage-controls">
            <span class="save-state" data-testid="save-state" data-state=move || save_state().id()>
                {move || save_state().text()}
            </span>
            <div class="storage-controls__buttons">
                <button class="button button--small" data-testid="export-backup" title="Download the whole corpus as one JSON file"
                    on:click=move |_| export_backup(state)>"Export backup"</button>
                <label class="button button--small" title="Open a backup JSON file (replaces the corpus)">
                    "Import backup"
                    <input type="file" accept=".json,application/json" class="visually-hidden"
                        data-testid="import-backup" on:change=on_import/>
                </label>
                <button class="button button--small button--danger" data-testid="clear-corpus"
                    disabled=move || state.with_corpus(|c| c.is_empty())
                    on:click=move |_| ask_clear()>"Clear corpus"</button>
            </div>
        </div>
    }
    .into_any()
}
