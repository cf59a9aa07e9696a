//! The legend: each label, its colour and how many spans it has.

use leptos::prelude::*;

use super::use_state;

/// One row per label, in order of first use.
#[component]
pub fn Legend() -> impl IntoView {
    let state = use_state();
    let entries = move || state.view.get().legend.clone();
    view! {
        <ul class="legend" data-testid="legend" aria-label="Labels">
            <For each=entries key=|e| (e.label.clone(), e.color.clone(), e.count) let:e>
                <li class="legend__item" data-testid="legend-item" data-label=e.label.clone()>
                    <span class="legend__swatch" style=format!("background:{}", e.color)></span>
                    <span class="legend__name">{e.label.clone()}</span>
                    <span class="legend__count">{e.count}</span>
                </li>
            </For>
        </ul>
    }
}
