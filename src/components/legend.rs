//! The label bar (and legend): every label of the set with its colour, hotkey and
//! span count. Clicking a label applies it to the selected text or span.

use leptos::prelude::*;

use super::use_state;
use crate::actions;
use crate::state::NoticeKind;

/// One row per label of the label set, in set order, then the editing controls.
#[component]
pub fn Legend() -> impl IntoView {
    let state = use_state();
    let entries = move || {
        let view = state.view.get();
        state.labels.with(|set| {
            set.labels
                .iter()
                .enumerate()
                .map(|(i, def)| {
                    let count = view
                        .legend
                        .iter()
                        .find(|e| e.label == def.name)
                        .map_or(0, |e| e.count);
                    let color = view
                        .colors
                        .get(&def.name)
                        .cloned()
                        .unwrap_or_else(|| "#ddd".into());
                    (def.name.clone(), color, count, set.hotkey(i))
                })
                .collect::<Vec<_>>()
        })
    };
    let new_label = RwSignal::new(String::new());
    let add_label = move || {
        let name = new_label.get_untracked().trim().to_string();
        if name.is_empty() {
            return;
        }
        if !tagmark_core::document::is_valid_label(&name) {
            state.notify(
                NoticeKind::Warning,
                format!(
                    "`{name}` cannot be a label: use a letter, then letters, digits, `_` or `-`."
                ),
            );
            return;
        }
        actions::ensure_label(&state, &name);
        new_label.set(String::new());
        state.notify(NoticeKind::Info, format!("Added the label {name}."));
    };
    let can_undo = move || {
        state.history_rev.track();
        state.editor.with_untracked(|e| e.history().can_undo())
    };
    let can_redo = move || {
        state.history_rev.track();
        state.editor.with_untracked(|e| e.history().can_redo())
    };
    view! {
        <div class="labelbar">
            <ul class="legend" data-testid="legend" aria-label="Labels">
                <For each=entries key=|e| e.clone() let:e>
                    {
                        let (name, color, count, key) = e;
                        let title = match key {
                            Some(k) => format!("Apply {name} ({k})"),
                            None => format!("Apply {name} (type its name)"),
                        };
                        let apply = name.clone();
                        view! {
                            <li class="legend__item" data-testid="legend-item" data-label=name.clone()>
                                <button class="legend__button" title=title
                                    on:mousedown=|ev| ev.prevent_default()
                                    on:click=move |_| actions::apply_label(&state, &apply)>
                                    <span class="legend__swatch" style=format!("background:{color}")></span>
                                    <span class="legend__name">{name.clone()}</span>
                                    {key.map(|k| view! { <kbd class="legend__key">{k.to_string()}</kbd> })}
                                    <span class="legend__count">{count}</span>
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="labelbar__tools">
                <input class="labelbar__new" data-testid="new-label" placeholder="+ label" size="8"
                    aria-label="New label name"
                    prop:value=move || new_label.get()
                    on:input=move |ev| new_label.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { add_label() }/>
                <label class="labelbar__toggle" title="Snap selections to whole words (W); hold Alt for exact characters">
                    <input type="checkbox" data-testid="snap-words"
                        prop:checked=move || state.snap_words.get()
                        on:change=move |ev| state.snap_words.set(event_target_checked(&ev))/>
                    "words"
                </label>
                <button class="button button--small" data-testid="undo" title="Undo (Ctrl+Z)"
                    prop:disabled=move || !can_undo() on:click=move |_| state.undo()>"↶"</button>
                <button class="button button--small" data-testid="redo" title="Redo (Ctrl+Shift+Z, Ctrl+Y)"
                    prop:disabled=move || !can_redo() on:click=move |_| state.redo()>"↷"</button>
                <button class="button button--small" data-testid="manage-labels" title="Rename, recolour, remove, import or export labels"
                    on:click=move |_| state.labels_open.set(true)>"Labels…"</button>
                <button class="button button--small" data-testid="show-shortcuts" title="Keyboard shortcuts (?)"
                    on:click=move |_| state.shortcuts_open.set(true)>"?"</button>
            </div>
        </div>
    }
}
