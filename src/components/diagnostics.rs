//! The diagnostics list: every malformed tag with line, column and message.

use leptos::prelude::*;

use super::use_state;

/// Lists the parse problems; clicking one selects the offending tag in the source.
#[component]
pub fn Diagnostics() -> impl IntoView {
    let state = use_state();
    let diagnostics = move || state.view.get().diagnostics.clone();
    view! {
        <Show when=move || !state.view.get().diagnostics.is_empty()>
            <section class="diagnostics" aria-label="Problems">
                <h2 class="diagnostics__title">"Problems"</h2>
                <ul class="diagnostics__list" data-testid="diagnostics">
                    <For each=diagnostics key=|d| (d.at, d.utf16, d.message.clone()) let:d>
                        <li class="diagnostic" data-testid="diagnostic">
                            <button class="diagnostic__button" title="Show in the source"
                                on:click=move |_| state.select_in_source.set(Some(d.utf16))>
                                <span class="diagnostic__at">{d.at.to_string()}</span>
                                <span class="diagnostic__message">{d.message.clone()}</span>
                            </button>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}
