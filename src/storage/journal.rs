//! The journal in `localStorage`: what a closing tab had not saved to IndexedDB
//! yet (see [`tagmark_core::journal`]). Written when the page is hidden or closed
//! (`localStorage` is synchronous, so a closing page completes it), removed after
//! a save that leaves nothing unsaved, and laid over the store on the next start.

use leptos::prelude::*;
use serde_json::Value;
use tagmark_core::corpus::DocId;
use tagmark_core::dirty::Dirty;
use tagmark_core::journal::{Gathered, Journal, JOURNAL_KEY, JOURNAL_PREFIX, PIECE_BYTES};
use tagmark_core::saver::SaveState;
use tagmark_core::store;

use super::idb::Stored;
use super::session::{current_session, take_changes};
use super::{local_storage, Storage};
use crate::state::{AppState, NoticeKind};

/// Writes what is not saved yet into this tab's journal, so that a tab closed
/// before its save to IndexedDB finishes loses nothing. Called when the page is
/// hidden or closed. What the save in flight is writing counts too: it may never
/// finish in a closing page.
pub(super) fn write(storage: Storage) {
    let state = storage.state;
    // Nothing to journal before the store is read (or once the app is gone).
    if storage
        .save_state
        .try_get_untracked()
        .is_none_or(|s| s == SaveState::Loading)
    {
        return;
    }
    let later = take_changes(state);
    let session = current_session(state);
    let Some(Some((unsaved, writer))) = storage.with(|i| {
        i.saver
            .unsaved(later, &session)
            .map(|d| (d, i.saver.writer().clone()))
    }) else {
        return;
    };
    let Some(journal) = state.corpus.try_with_value(|c| {
        // The current document first: if the storage fills up, it is the one most likely being worked on.
        let current = c.current_doc().map(|d| d.id());
        let mut order: Vec<DocId> = if unsaved.full() {
            c.docs().iter().map(|d| d.id()).collect()
        } else {
            unsaved.docs().collect()
        };
        tagmark_core::sort::sort_by_key(&mut order, |id| Some(*id) != current);
        Journal {
            meta: store::encode_meta(c, &session, &writer.id, 0),
            docs: order
                .iter()
                .filter_map(|id| c.get(*id))
                .map(store::encode_doc)
                .collect(),
            removed: unsaved.removed().collect(),
            base: writer.seen,
        }
    }) else {
        return;
    };
    store(state, &journal, &writer.id);
}

/// The first release's single document, if `localStorage` still holds it.
pub(super) fn legacy_source() -> Option<String> {
    local_storage()?
        .get_item(store::LEGACY_LOCAL_STORAGE_KEY)
        .ok()?
}

/// Removes the first release's single document (now in IndexedDB).
pub(super) fn remove_legacy_source() {
    if let Some(local) = local_storage() {
        let _ = local.remove_item(store::LEGACY_LOCAL_STORAGE_KEY);
    }
}

/// The `localStorage` keys of this tab's journal pieces.
fn own_journal_keys(local: &web_sys::Storage, writer: &str) -> Vec<String> {
    let prefix = format!("{JOURNAL_PREFIX}{writer}.");
    let n = local.length().unwrap_or(0);
    (0..n)
        .filter_map(|k| local.key(k).ok().flatten())
        .filter(|k| k.starts_with(&prefix))
        .collect()
}

/// Writes `journal` in bounded pieces under this tab's own keys (so that two
/// tabs closing at once do not overwrite each other's). When the storage is full,
/// the pieces written are kept (each holds whole documents) and the user is told
/// how many unsaved documents the journal could not hold.
fn store(state: AppState, journal: &Journal, writer: &str) {
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
        gloo::console::warn!(format!(
            "tagmark: the journal could hold {written_docs} of {total} unsaved documents"
        ));
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
pub(super) fn remove(storage: Storage) {
    let Some(local) = local_storage() else { return };
    let Some((writer, adopted)) = storage.with(|i| {
        (
            i.saver.writer().id.clone(),
            std::mem::take(&mut i.adopted_journals),
        )
    }) else {
        return;
    };
    let _ = local.remove_item(JOURNAL_KEY);
    for key in own_journal_keys(&local, &writer).into_iter().chain(adopted) {
        let _ = local.remove_item(&key);
    }
}

/// What the journals left by closed tabs brought back.
#[derive(Default)]
pub(super) struct FromJournals {
    /// Documents written or removed by them, and the corpus record (to be saved to IndexedDB).
    pub dirty: Dirty,
    /// Changes restored.
    pub count: usize,
}

/// Lays over `stored` the journals that tabs closed before their last save
/// finished left in `localStorage` (each tab's under its own keys, and the
/// single key of earlier releases). A journal whose tab lost a two-tab conflict
/// (another tab saved since that tab last read or wrote) is not laid over, and
/// the user is told; it stays in `localStorage`.
pub(super) fn lay_over(storage: Storage, stored: &mut Stored) -> Option<FromJournals> {
    let state = storage.state;
    let local = local_storage()?;
    let n = local.length().unwrap_or(0);
    let mut items: Vec<(String, String)> = Vec::new();
    for k in 0..n {
        let Some(key) = local.key(k).ok().flatten() else {
            continue;
        };
        if key.starts_with(JOURNAL_PREFIX) {
            if let Some(value) = local.get_item(&key).ok().flatten() {
                items.push((key, value));
            }
        }
    }
    let mut found = Journal::gather(items.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(json) = local.get_item(JOURNAL_KEY).ok().flatten() {
        found.push(Gathered {
            writer: String::new(),
            keys: vec![JOURNAL_KEY.to_string()],
            journal: Journal::decode(&json),
            missing: 0,
        });
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
                unreadable.push(format!(
                    "{} ({e})",
                    g.keys.first().cloned().unwrap_or_default()
                ));
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
                for id in journal
                    .docs
                    .iter()
                    .filter_map(|d| store::decode_doc(d).ok())
                    .map(|d| d.id)
                {
                    out.dirty.doc_changed(id);
                }
                for id in &journal.removed {
                    out.dirty.doc_removed(*id);
                }
                out.dirty.meta_changed();
                lost += g.missing;
                storage.with(|i| i.adopted_journals.extend(g.keys));
            }
            Err(e) => unreadable.push(format!(
                "{} ({e})",
                g.keys.first().cloned().unwrap_or_default()
            )),
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
    (out.count > 0 || out.dirty.docs().len() > 0 || out.dirty.removed().len() > 0).then_some(out)
}
