//! Test hooks, compiled only with the `test-hooks` cargo feature (the e2e and
//! component tests and the benchmarks build with it; `scripts/setup.sh` and the
//! release build users get do not, and `scripts/size.mjs` checks that the
//! shipped files hold none of these names):
//! - `window.__tagmark_open([{name, source, format?}, …])` opens documents;
//! - `window.__tagmark_settled()` is true when every change so far is written
//!   and nothing waits to be;
//! - `window.__tagmark_storage_ready` turns true once the store has been read;
//! - `window.__tagmark_prepared()` is true when every document of the corpus is
//!   parsed and indexed for search (see `prepare.rs`);
//! - `window.__tagmark_hold_prepare = true`, set by a test before the app starts,
//!   holds that idle preparation back until it is set to false, so that a test can
//!   search and filter a restored corpus before the preparation has run.
//!
//! They are removed from the window when the app is unmounted.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use tagmark_core::corpus::NewDocument;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use super::{open_in_chunks, Storage};

/// The names of every hook on `window`.
pub const HOOKS: [&str; 5] = [
    "__tagmark_open",
    "__tagmark_settled",
    "__tagmark_storage_ready",
    "__tagmark_prepared",
    "__tagmark_hold_prepare",
];

/// Puts the hooks on `window` for the life of the calling owner.
pub(super) fn expose(storage: Storage) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let open = Closure::<dyn Fn(JsValue)>::new(move |docs: JsValue| {
        let docs: Vec<NewDocument> = js_sys::Array::from(&docs)
            .iter()
            .map(|d| {
                let get = |k: &str| {
                    js_sys::Reflect::get(&d, &k.into())
                        .ok()
                        .and_then(|v| v.as_string())
                };
                NewDocument::from((
                    get("name").unwrap_or_default(),
                    get("format").unwrap_or_else(|| "inline".to_string()),
                    get("source").unwrap_or_default(),
                ))
            })
            .collect();
        open_in_chunks(storage, docs);
    });
    let _ = js_sys::Reflect::set(&window, &HOOKS[0].into(), open.as_ref());
    let settled = Closure::<dyn Fn() -> bool>::new(move || {
        let idle = storage.state.is_idle()
            && storage.state.catch_up.is_idle()
            && !storage.state.previewing.get_untracked();
        idle && storage.with(|i| i.saver.settled()).unwrap_or(false)
    });
    let _ = js_sys::Reflect::set(&window, &HOOKS[1].into(), settled.as_ref());
    let prepared = Closure::<dyn Fn() -> bool>::new(move || {
        storage
            .state
            .corpus
            .try_with_value(|c| c.is_prepared())
            .unwrap_or(false)
    });
    let _ = js_sys::Reflect::set(&window, &HOOKS[3].into(), prepared.as_ref());
    let closures = SendWrapper::new((open, settled, prepared));
    on_cleanup(move || {
        if let Some(window) = web_sys::window() {
            for name in HOOKS {
                let _ = js_sys::Reflect::delete_property(&window, &name.into());
            }
        }
        drop(closures.take());
    });
}

/// Says that the store has been read (`window.__tagmark_storage_ready = true`).
pub(super) fn storage_ready() {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &HOOKS[2].into(), &JsValue::TRUE);
    }
}

/// True while a test holds the idle preparation back (`window.__tagmark_hold_prepare`).
pub(super) fn prepare_held() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &HOOKS[4].into()).ok())
        .is_some_and(|v| v.is_truthy())
}
