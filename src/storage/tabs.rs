//! Two tabs on one corpus. Each page load has its own writer id; each save
//! first reads the stored corpus record and asks the saver whether another tab
//! wrote since this one last read or wrote. After each save a message on the
//! `BroadcastChannel` [`CHANNEL`] tells other tabs at once: a tab without
//! unsaved changes reloads the other tab's work quietly; one with unsaved
//! changes shows the conflict banner (reload theirs / keep mine).

use leptos::prelude::*;
use serde_json::Value;
use tagmark_core::saver::OtherTab;
use tagmark_core::store::{self, StoredSession};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::install::install;
use super::session::current_session;
use super::{idb, Storage};
use crate::state::{AppState, NoticeKind};

/// The BroadcastChannel on which a tab announces each save.
pub const CHANNEL: &str = "tagmark-corpus";

/// The open channel and its message handler (dropped, and so removed, by [`close`]).
pub(super) struct Channel {
    channel: web_sys::BroadcastChannel,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
}

/// The conflict banner's text.
pub(super) fn conflict_text() -> String {
    "Another tab saved changes to this corpus while this tab has unsaved changes. \
     Reload theirs (this tab's unsaved changes are dropped; export a backup first to keep them) \
     or keep mine (this tab's corpus replaces theirs)."
        .to_string()
}

/// Opens the channel and listens for other tabs' saves until [`close`].
pub(super) fn listen(storage: Storage) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                return;
            };
            let Ok(msg) = serde_json::from_str::<Value>(&text) else {
                return;
            };
            let writer = msg["writer"].as_str().unwrap_or_default().to_string();
            let revision = msg["revision"].as_u64().unwrap_or(0);
            other_tab_saved(storage, &writer, revision);
        });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    storage.with(|i| {
        i.tabs = Some(Channel {
            channel,
            _on_message: on_message,
        })
    });
}

/// Closes the channel (the app is unmounted): no message reaches this app again.
pub(super) fn close(storage: Storage) {
    if let Some(Some(Channel { channel, .. })) = storage.with(|i| i.tabs.take()) {
        channel.set_onmessage(None);
        channel.close();
    }
}

/// Tells other tabs that this one wrote `revision`.
pub(super) fn announce(storage: Storage, revision: u64) {
    storage.with(|i| {
        if let Some(tabs) = &i.tabs {
            let msg = serde_json::json!({ "writer": i.saver.writer().id, "revision": revision })
                .to_string();
            let _ = tabs.channel.post_message(&JsValue::from_str(&msg));
        }
    });
}

/// True when the corpus recorded changes that no save has taken yet.
fn changed_here(state: AppState) -> bool {
    state.flush();
    state
        .corpus
        .try_with_value(|c| c.has_changes())
        .unwrap_or(false)
}

fn other_tab_saved(storage: Storage, writer: &str, revision: u64) {
    let changed = changed_here(storage.state);
    match storage.saver(|s| s.other_tab_saved(writer, revision, changed)) {
        Some(OtherTab::Reload) => leptos::task::spawn_local(reload(storage, true)),
        Some(OtherTab::Conflict | OtherTab::Ignore) | None => {}
    }
}

/// "Reload theirs": drops this tab's unsaved changes and shows what is stored.
pub fn reload_theirs(storage: Storage) {
    leptos::task::spawn_local(reload(storage, false));
}

/// Reads the store again and shows it, dropping this tab's unsaved changes.
/// `quiet`: another tab saved while this one had nothing unsaved.
async fn reload(storage: Storage, quiet: bool) {
    let Some(Some(db)) = storage.with(|i| i.db.clone()) else {
        return;
    };
    let state = storage.state;
    let rev_before = state.corpus_rev.get_untracked();
    let stored = match idb::read_all(&db).await {
        Ok(stored) => stored,
        Err(e) => {
            storage.error.set(Some(format!(
                "The other tab's work could not be read ({e})."
            )));
            return;
        }
    };
    if let Some(newer) = stored.newer {
        storage.saver(|s| s.refuse());
        storage.error.set(Some(format!(
            "The saved corpus was {newer}. This tab will not save over it."
        )));
        return;
    }
    let unsaved = storage.with(|i| i.saver.has_unsaved()).unwrap_or(false);
    if quiet && (state.corpus_rev.get_untracked() != rev_before || changed_here(state) || unsaved) {
        // Changed here meanwhile: let the user choose.
        storage.saver(|s| s.conflict_found());
        return;
    }
    let keep = state.corpus.with_value(|c| c.current_doc().map(|d| d.id()));
    let meta = stored.meta.clone();
    let assembled = store::assemble(stored.meta, stored.docs);
    let session = if quiet {
        StoredSession::default()
    } else {
        assembled.session
    };
    install(storage, assembled.corpus, session, keep, false);
    // What differs now (this tab's current document) is this tab's own business.
    let _ = state.corpus.try_update_value(|c| c.take_changes());
    let session = current_session(state);
    storage.saver(|s| s.reloaded(meta.as_ref(), session));
    if quiet {
        state.notify(
            NoticeKind::Info,
            "Another tab saved changes to this corpus; this tab now shows them.",
        );
    } else {
        state.notify(NoticeKind::Info, "Reloaded the other tab's work.");
    }
}
