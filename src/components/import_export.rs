//! Import and export (issue 4): open files in any format, export to any format.

use leptos::prelude::*;

/// The import/export controls in the header. (Placeholder until the formats UI lands.)
#[component]
pub fn ImportExport() -> impl IntoView {
    view! { <span class="import-export"></span> }
}
