//! Putting a corpus on screen in place of the one shown (restored from the
//! store, reloaded after another tab's save, read from a backup): its current
//! document, the selection and that document's undo history come back too.

use leptos::prelude::*;
use tagmark_core::corpus::{Corpus, DocId, NewDocument};
use tagmark_core::edit::History;
use tagmark_core::store::StoredSession;

use super::prepare::prepare_later;
use super::session::current_session;
use super::Storage;

/// Replaces the app's corpus with `corpus` and restores `session`. With
/// `keep_current`, that document stays current if it still exists. With
/// `keep_open`, documents opened in this tab before the store was read are
/// appended rather than dropped.
pub(super) fn install(
    storage: Storage,
    mut corpus: Corpus,
    session: StoredSession,
    keep_current: Option<DocId>,
    keep_open: bool,
) {
    let state = storage.state;
    state.flush();
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
            let span = state.view.with_untracked(|v| {
                v.doc
                    .spans
                    .iter()
                    .find(|s| s.start == start && s.end == end)
                    .cloned()
            });
            let fits = state
                .view
                .with_untracked(|v| end <= v.doc.text.len() && start <= end);
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
    // Changes recorded against the corpus being replaced do not apply to the new one.
    let session = current_session(state);
    storage.saver(|s| s.installed(session));
    // Only the current document is parsed so far: the others after the first paint.
    prepare_later(storage);
}
