//! The corpus controls in the sidebar footer: where saving stands
//! (`data-testid="save-state"`), backup export and import, and clearing the corpus.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::NoticeKind;
use crate::storage::{ask_clear, export_backup, import_backup, use_storage, SaveState};

/// What the footer says for `state`.
fn text(state: SaveState) -> &'static str {
    match state {
        SaveState::Loading => "Restoring…",
        SaveState::Saved => "All changes saved in this browser",
        SaveState::Pending | SaveState::Saving => "Saving…",
        SaveState::Failed => "Not saved",
    }
}

/// The corpus actions (backup export/import, clear) and the save state.
#[component]
pub fn StorageControls() -> impl IntoView {
    let Some(storage) = use_storage() else {
        return ().into_any();
    };
    let state = storage.state;
    let on_import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => import_backup(storage, &text.as_string().unwrap_or_default()),
                Err(_) => state.notify(
                    NoticeKind::Error,
                    format!("Could not read {}.", file.name()),
                ),
            }
        });
    };
    let save_state = move || storage.save_state.get();
    view! {
        <div class="storage-controls">
            <span class="save-state" data-testid="save-state" data-state=move || save_state().id()>
                {move || text(save_state())}
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
                    on:click=move |_| ask_clear(storage)>"Clear corpus"</button>
            </div>
        </div>
    }
    .into_any()
}
