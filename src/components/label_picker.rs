//! The type-ahead label picker: start typing a label's name, Enter applies it
//! (creating the label when it is new), arrows choose, Esc closes (through the
//! one Esc path of the dialogs, [`super::close_on_escape`]).

use leptos::html::Input;
use leptos::prelude::*;

use super::use_state;
use crate::actions;

/// Labels matching `query`: names starting with it first, then names containing it.
pub fn matching(names: &[String], query: &str) -> Vec<String> {
    let q = query.to_lowercase();
    let mut starts: Vec<String> = names
        .iter()
        .filter(|n| n.to_lowercase().starts_with(&q))
        .cloned()
        .collect();
    starts.extend(
        names
            .iter()
            .filter(|n| !n.to_lowercase().starts_with(&q) && n.to_lowercase().contains(&q))
            .cloned(),
    );
    starts
}

/// The picker, shown while [`crate::state::AppState::picker`] holds a query.
#[component]
pub fn LabelPicker() -> impl IntoView {
    let state = use_state();
    let input: NodeRef<Input> = NodeRef::new();
    let chosen = RwSignal::new(0usize);
    let options = move || {
        let query = state.picker.get().unwrap_or_default();
        let names: Vec<String> = state
            .labels
            .with(|s| s.labels.iter().map(|l| l.name.clone()).collect());
        matching(&names, &query)
    };
    Effect::new(move |_| {
        if state.picker.get().is_some() {
            if let Some(el) = input.get() {
                let _ = el.focus();
            }
        }
    });
    let close = move || {
        state.picker.set(None);
        chosen.set(0);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let opts = options();
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                chosen.update(|c| *c = (*c + 1).min(opts.len().saturating_sub(1)));
            }
            "ArrowUp" => {
                ev.prevent_default();
                chosen.update(|c| *c = c.saturating_sub(1));
            }
            "Enter" => {
                ev.prevent_default();
                let query = state.picker.get_untracked().unwrap_or_default();
                let label = opts
                    .get(chosen.get_untracked())
                    .cloned()
                    .unwrap_or_else(|| query.trim().to_string());
                close();
                actions::apply_label(&state, &label);
            }
            _ => {}
        }
    };
    view! {
        <Show when=move || state.picker.get().is_some()>
            <div class="picker" data-testid="label-picker" role="dialog" aria-label="Pick a label">
                <EscapeCloses close=Callback::new(move |()| close())/>
                <input class="picker__input" data-testid="label-picker-input" node_ref=input
                    aria-label="Label name"
                    prop:value=move || state.picker.get().unwrap_or_default()
                    on:input=move |ev| { chosen.set(0); state.picker.set(Some(event_target_value(&ev))); }
                    on:keydown=on_key
                    on:blur=move |_| close()/>
                <ul class="picker__list">
                    {move || {
                        let opts = options();
                        let query = state.picker.get().unwrap_or_default();
                        if opts.is_empty() {
                            view! { <li class="picker__item picker__item--new">{format!("Enter creates the label “{query}”")}</li> }.into_any()
                        } else {
                            opts.into_iter().enumerate().map(|(i, name)| {
                                let apply = name.clone();
                                view! {
                                    <li class="picker__item" class:picker__item--chosen=move || chosen.get() == i
                                        on:mousedown=move |ev| { ev.prevent_default(); close(); actions::apply_label(&state, &apply); }>
                                        {name}
                                    </li>
                                }
                            }).collect_view().into_any()
                        }
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// Nothing on screen: while it is mounted (the picker is open), `Esc` calls `close`.
#[component]
fn EscapeCloses(
    /// What `Esc` does.
    close: Callback<()>,
) -> impl IntoView {
    super::close_on_escape(close, None);
}
