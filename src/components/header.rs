//! The header: name, open a file, load the example, and counts.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{use_state, CorpusPanel, ImportExport};

/// The top bar with the file actions and a summary of the document.
#[component]
pub fn Header() -> impl IntoView {
    let state = use_state();
    let importer = super::import_read::use_importer();
    let summary = move || {
        let view = state.view.get();
        let problems = view.diagnostics.len();
        format!(
            "{} span{} · {} label{}{}",
            view.span_count(),
            if view.span_count() == 1 { "" } else { "s" },
            view.legend.len(),
            if view.legend.len() == 1 { "" } else { "s" },
            match problems {
                0 => String::new(),
                1 => " · 1 problem".to_string(),
                n => format!(" · {n} problems"),
            }
        )
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        // Any format, detected from name and content (issue 4's import path).
        super::import_read::import_file_list(importer, input.files());
        input.set_value("");
    };
    view! {
        <header class="header">
            <h1 class="header__title">"tagmark"</h1>
            <label class="button" title="Open seeds or annotation files: any format, several at once">
                "Open file…"
                <input type="file" multiple class="visually-hidden"
                    data-testid="open-file" on:change=on_file/>
            </label>
            <button class="button" data-testid="load-example" title="Load the example seed"
                on:click=move |_| state.open_documents(vec![("example.txt", "inline", tagmark_core::EXAMPLE_SEED)])>
                "Load example"
            </button>
            <ImportExport/>
            <CorpusPanel/>
            <span class="header__summary" data-testid="summary">{summary}</span>
        </header>
    }
}
