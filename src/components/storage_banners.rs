//! The storage banners (a storage failure with "Export a backup now"; another
//! tab's conflicting save with "Reload theirs" / "Keep mine") and the
//! confirmation dialog (clear the corpus, replace it with a backup).

use leptos::prelude::*;

use crate::storage::{
    cancel, confirm, export_backup, keep_mine, reload_theirs, retry, use_storage, Confirm,
};

/// The banners (storage error, conflict) and the confirmation dialog.
#[component]
pub fn StorageBanners() -> impl IntoView {
    let Some(storage) = use_storage() else {
        return ().into_any();
    };
    let state = storage.state;
    view! {
        <div class="storage-banners">
            <Show when=move || storage.error.with(Option::is_some)>
                <div class="banner banner--error" data-testid="storage-error" role="alert">
                    <span class="banner__text">{move || storage.error.get().unwrap_or_default()}</span>
                    <button class="button" data-testid="export-backup-now" on:click=move |_| export_backup(state)>
                        "Export a backup now"
                    </button>
                    <button class="button" on:click=move |_| retry(storage)>"Try again"</button>
                    <button class="button button--quiet" on:click=move |_| storage.error.set(None)>"Dismiss"</button>
                </div>
            </Show>
            <Show when=move || storage.conflict.with(Option::is_some)>
                <div class="banner banner--warning" data-testid="conflict" role="alert">
                    <span class="banner__text">{move || storage.conflict.get().unwrap_or_default()}</span>
                    <button class="button" data-testid="conflict-reload" on:click=move |_| reload_theirs(storage)>
                        "Reload theirs"
                    </button>
                    <button class="button" data-testid="conflict-keep" on:click=move |_| keep_mine(storage)>
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
                    <super::Overlay on_close=move || cancel(storage) label="Confirm" class="confirm" testid="confirm-dialog" alert=true>
                        <p class="confirm__question">{question}</p>
                        <p class="confirm__hint">"A backup file keeps everything: documents, statuses and labels."</p>
                        <div class="confirm__actions">
                            <button class="button" data-testid="confirm-export" on:click=move |_| export_backup(state)>
                                "Export a backup first"
                            </button>
                            <button class="button button--danger" data-testid="confirm-yes" on:click=move |_| confirm(storage, what)>
                                {action}
                            </button>
                            <button class="button" data-testid="confirm-cancel" data-autofocus="true" on:click=move |_| cancel(storage)>"Cancel"</button>
                        </div>
                    </super::Overlay>
                }
            })}
        </div>
    }
    .into_any()
}
