//! The document list (issue 5): names, span counts, statuses, filters, search, progress.

use leptos::prelude::*;

/// The corpus sidebar. (Placeholder until the corpus view lands.)
#[component]
pub fn DocList() -> impl IntoView {
    view! { <nav class="doc-list" data-testid="doc-list" aria-label="Documents"></nav> }
}
