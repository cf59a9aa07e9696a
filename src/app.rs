//! The page: a header, the source pane beside the rendered pane, the legend and diagnostics.

use leptos::prelude::*;

use crate::components::{Diagnostics, Header, Legend, Rendered, SourcePane};
use crate::state::AppState;

/// The whole app. Provides [`AppState`] to every component.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    view! {
        <div class="app">
            <Header/>
            <main class="panes">
                <section class="pane pane--source" aria-label="Source">
                    <SourcePane/>
                    <Diagnostics/>
                </section>
                <section class="pane pane--rendered" aria-label="Annotated text">
                    <Legend/>
                    <Rendered/>
                </section>
            </main>
        </div>
    }
}
