//! The modal shell every dialog shares: a dimmed backdrop and a panel on it.

use leptos::prelude::*;

/// A modal panel over a dimmed backdrop. A click on the backdrop calls `on_close`;
/// clicks inside the panel stay there. The panel carries the dialog's role, name
/// and `data-testid`.
#[component]
pub fn Overlay(
    /// Called when the backdrop is clicked.
    #[prop(into)]
    on_close: Callback<()>,
    /// The dialog's accessible name.
    label: &'static str,
    /// The panel's own class, beside `overlay__panel` (e.g. `export`).
    #[prop(optional)]
    class: &'static str,
    /// The panel's `data-testid`.
    #[prop(optional)]
    testid: &'static str,
    /// An `alertdialog` (a question that needs an answer) rather than a `dialog`.
    #[prop(optional)]
    alert: bool,
    /// The panel's content.
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() { "overlay__panel".to_string() } else { format!("overlay__panel {class}") };
    view! {
        <div class="overlay" on:click=move |_| on_close.run(())>
            <div class=class role=if alert { "alertdialog" } else { "dialog" } aria-modal="true" aria-label=label
                data-testid=testid on:click=|ev| ev.stop_propagation()>
                {children()}
            </div>
        </div>
    }
}
