//! The page: a header, the document list, the source pane beside the rendered
//! pane, the legend, label bar and diagnostics, and a status bar.

use leptos::prelude::*;

use crate::components::{
    AssistPanel, Diagnostics, DocList, Header, LabelManager, LabelPicker, Legend, Rendered,
    RulesEditor, ShortcutsOverlay, SourcePane,
};
use crate::state::AppState;

/// The whole app. Provides [`AppState`] to every component.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    crate::components::provide_dialogs();
    crate::components::provide_import_report();
    crate::storage::start(state);
    // Suggestions and checks (issue 12): recomputed after every parse or edit.
    crate::suggestions::start(state);
    crate::keys::install(state);
    view! {
        <div class="app">
            <Header/>
            <main class="panes">
                <aside class="pane pane--docs">
                    <DocList/>
                </aside>
                <section class="pane pane--source" aria-label="Source">
                    <SourcePane/>
                    <Diagnostics/>
                </section>
                <section class="pane pane--rendered" aria-label="Annotated text">
                    <Legend/>
                    <Rendered/>
                    // Below the text: when suggestions and checks come and go, the
                    // text above does not move under the pointer.
                    <AssistPanel/>
                </section>
            </main>
            <StatusBar/>
            <LabelPicker/>
            <LabelManager/>
            <RulesEditor/>
            <ShortcutsOverlay open=state.shortcuts_open/>
        </div>
    }
}

/// The last notice (refusals, import results, storage problems).
#[component]
fn StatusBar() -> impl IntoView {
    let state = crate::components::use_state();
    let class = move || match state.notice.get().map(|n| n.kind) {
        Some(crate::state::NoticeKind::Warning) => "status status--warning",
        Some(crate::state::NoticeKind::Error) => "status status--error",
        _ => "status",
    };
    view! {
        // A div, not a <footer>: a footer may not take the status role (axe: aria-allowed-role).
        <div class=class data-testid="status" role="status" aria-live="polite">
            {move || state.notice.get().map(|n| n.text).unwrap_or_default()}
        </div>
    }
}
