//! After a corpus is put on screen from stored records (restore, reload, backup),
//! only its current document is parsed. The others' parses and every search copy
//! are made here, in slices of at most [`SLICE_MS`] on later tasks, starting
//! after the next frame is painted, so that the first screen does not wait for
//! them. Nothing depends on this for correctness: a search or filter that runs
//! before it is done derives what it needs itself ([`Corpus::prepare`]).

use std::time::Duration;

use leptos::prelude::*;
#[cfg(doc)]
use tagmark_core::corpus::Corpus;

use super::Storage;

/// The longest a slice of preparation keeps the page busy, in milliseconds.
const SLICE_MS: f64 = 8.0;

/// Prepares the corpus on screen in idle slices, starting after the next paint.
pub(super) fn prepare_later(storage: Storage) {
    request_animation_frame(move || set_timeout(move || slice(storage), Duration::ZERO));
}

/// Prepares documents for up to [`SLICE_MS`], then schedules the next slice;
/// when all are prepared, bumps [`Storage::prepared`].
fn slice(storage: Storage) {
    #[cfg(feature = "test-hooks")]
    if super::hooks::prepare_held() {
        set_timeout(move || slice(storage), Duration::from_millis(20));
        return;
    }
    let start = js_sys::Date::now();
    loop {
        // The app was unmounted meanwhile: nothing to prepare.
        let Some(done) = storage.state.corpus.try_with_value(|c| c.prepare(1)) else {
            return;
        };
        if done {
            storage.prepared.try_update(|n| *n += 1);
            return;
        }
        if js_sys::Date::now() - start >= SLICE_MS {
            break;
        }
    }
    set_timeout(move || slice(storage), Duration::ZERO);
}
