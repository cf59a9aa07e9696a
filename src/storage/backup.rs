//! Backups and the actions that need a confirmation: a backup file holds the
//! whole corpus (`tagmark-corpus` JSON, [`store::encode`]); importing one replaces
//! the corpus (after asking, when documents are open); clearing removes every
//! document (after asking). The question itself is the confirmation dialog in
//! `components/storage_banners.rs`.

use leptos::prelude::*;
use tagmark_core::corpus::Corpus;
use tagmark_core::dirty::Dirty;
use tagmark_core::store::{self, StoredSession};

use super::install::install;
use super::saving::schedule_save;
use super::session::current_session;
use super::Storage;
use crate::state::{AppState, NoticeKind};

/// What the in-app confirmation dialog asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Remove every document.
    Clear,
    /// Replace the corpus with a backup of this many documents.
    Import(usize),
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
    let date: String = String::from(js_sys::Date::new_0().to_iso_string())
        .chars()
        .take(10)
        .collect();
    let name = format!("tagmark-backup-{date}.json");
    match crate::download::download(&name, "application/json", json.as_bytes()) {
        Ok(()) => state.notify(NoticeKind::Info, format!("Backup exported as {name}.")),
        Err(e) => state.notify(
            NoticeKind::Error,
            format!("The backup could not be exported: {e}"),
        ),
    }
}

/// Asks before removing every document.
pub fn ask_clear(storage: Storage) {
    storage.confirm.set(Some(Confirm::Clear));
}

/// Reads a backup file; replaces the corpus at once when it is empty, else asks first.
pub fn import_backup(storage: Storage, json: &str) {
    let state = storage.state;
    let (corpus, session) = match store::decode(json) {
        Ok(decoded) => decoded,
        Err(e) => {
            state.notify(NoticeKind::Error, format!("Not imported: {e}."));
            return;
        }
    };
    let n = corpus.len();
    if state.corpus.with_value(|c| c.is_empty()) {
        replace_with(storage, corpus, session);
    } else {
        storage.with(|i| i.pending_import = Some((corpus, session)));
        storage.confirm.set(Some(Confirm::Import(n)));
    }
}

/// Replaces the corpus with a backup's, and saves all of it.
fn replace_with(storage: Storage, corpus: Corpus, session: StoredSession) {
    let n = corpus.len();
    install(storage, corpus, session, None, false);
    storage.saver(|s| s.add(Dirty::everything()));
    schedule_save(storage);
    storage.state.notify(
        NoticeKind::Info,
        format!(
            "Backup imported: {n} document{}.",
            if n == 1 { "" } else { "s" }
        ),
    );
}

/// Carries out the confirmed action.
pub fn confirm(storage: Storage, what: Confirm) {
    let state = storage.state;
    storage.confirm.set(None);
    match what {
        Confirm::Clear => {
            state.flush();
            let n = state.update_corpus(|c| c.clear());
            state.switch_to(0);
            state.notify(
                NoticeKind::Info,
                format!("Cleared {n} document{}.", if n == 1 { "" } else { "s" }),
            );
        }
        Confirm::Import(_) => {
            if let Some(Some((corpus, session))) = storage.with(|i| i.pending_import.take()) {
                replace_with(storage, corpus, session);
            }
        }
    }
}

/// Closes the dialog without doing anything.
pub fn cancel(storage: Storage) {
    storage.with(|i| i.pending_import = None);
    storage.confirm.set(None);
}
