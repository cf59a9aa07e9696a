//! The label manager: rename a label (its spans follow), change its colour, remove
//! it (asking first: its spans are removed or moved to another label), and import
//! or export the label set as a small JSON file.

use leptos::prelude::*;
use tagmark_core::edit::Edit;
use tagmark_core::labels::LabelSet;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::use_state;
use crate::state::{AppState, NoticeKind};

/// Renames `from` to `to` in the label set and in the text.
fn rename(state: &AppState, from: &str, to: &str) {
    if from == to {
        return;
    }
    if !tagmark_core::document::is_valid_label(to) {
        state.notify(
            NoticeKind::Warning,
            format!("`{to}` cannot be a label: use a letter, then letters, digits, `_` or `-`."),
        );
        return;
    }
    if state.labels.with_untracked(|s| s.contains(to)) {
        state.notify(
            NoticeKind::Warning,
            format!(
                "There is already a label {to}: remove {from} and move its spans there instead."
            ),
        );
        return;
    }
    let has_spans = state
        .view
        .with_untracked(|v| v.doc.spans.iter().any(|s| s.label == from));
    if has_spans
        && state
            .apply_edit(Edit::RenameLabel {
                from: from.into(),
                to: to.into(),
            })
            .is_none()
    {
        return;
    }
    state.update_labels(|set| {
        if let Some(def) = set.labels.iter_mut().find(|l| l.name == from) {
            def.name = to.to_string();
        }
    });
    state.notify(NoticeKind::Info, format!("Renamed {from} to {to}."));
}

/// Gives `label` the hotkey typed in `value` (empty: back to its position's default).
fn set_hotkey(state: &AppState, label: &str, value: &str) {
    let key = value.trim().chars().next();
    let mut set = state.labels.get_untracked();
    if let Err(refusal) = set.set_hotkey(label, key) {
        state.notify(NoticeKind::Warning, refusal.to_string());
        return;
    }
    state.update_labels(move |s| *s = set);
    state.notify(
        NoticeKind::Info,
        match key {
            Some(k) => format!("{k} now applies {label}."),
            None => format!("{label} has its default hotkey again."),
        },
    );
}

/// Removes `label`, moving its spans to `move_to` or removing them.
fn remove(state: &AppState, label: &str, move_to: Option<String>) {
    let has_spans = state
        .view
        .with_untracked(|v| v.doc.spans.iter().any(|s| s.label == label));
    if has_spans
        && state
            .apply_edit(Edit::RemoveLabel {
                label: label.into(),
                move_to: move_to.clone(),
            })
            .is_none()
    {
        return;
    }
    state.update_labels(|set| set.labels.retain(|l| l.name != label));
    state.notify(
        NoticeKind::Info,
        match move_to {
            Some(to) => format!("Removed the label {label}; its spans are now {to}."),
            None => format!("Removed the label {label} and its spans."),
        },
    );
}

/// The label manager dialog.
#[component]
pub fn LabelManager() -> impl IntoView {
    let state = use_state();
    let confirm = RwSignal::new(None::<String>);
    let move_to = RwSignal::new(String::new());
    let rows = move || state.labels.get().labels;
    let counts = move |name: &str| {
        state
            .view
            .with(|v| v.doc.spans.iter().filter(|s| s.label == name).count())
    };

    let on_import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            match LabelSet::from_json(&text) {
                Ok(mut set) => {
                    // Labels used in the text stay in the set.
                    let in_text: Vec<String> = state
                        .view
                        .with_untracked(|v| v.doc.labels().iter().map(|s| s.to_string()).collect());
                    set.add_missing(in_text.iter().map(String::as_str));
                    let n = set.len();
                    state.update_labels(move |s| *s = set);
                    state.notify(
                        NoticeKind::Info,
                        format!("Imported {n} labels from {}.", file.name()),
                    );
                }
                Err(err) => state.notify(NoticeKind::Error, format!("{}: {err}", file.name())),
            }
        });
    };
    let on_export = move |_| {
        let json = state.labels.with_untracked(|s| s.to_json());
        if let Err(err) =
            crate::download::download("labels.json", "application/json", json.as_bytes())
        {
            state.notify(
                NoticeKind::Error,
                format!("Could not export the labels: {err}"),
            );
        }
    };

    view! {
        <Show when=move || state.labels_open.get()>
            <super::Overlay on_close=move || state.labels_open.set(false) label="Labels" class="labels" testid="label-manager">
                <table class="labels__table">
                    <thead><tr><th>"Colour"</th><th>"Name"</th><th>"Key"</th><th>"Spans"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>
                        <For each=rows key=|l| l.clone() let:label>
                            {
                                let name = label.name.clone();
                                let (n1, n2, n3, n4) = (name.clone(), name.clone(), name.clone(), name.clone());
                                let color = state.view.with_untracked(|v| v.colors.get(&name).cloned()).unwrap_or_else(|| "#dddddd".into());
                                view! {
                                    <tr data-testid="label-row" data-label=name.clone()>
                                        <td><input type="color" aria-label=format!("Colour of {name}") value=color
                                            on:change=move |ev| {
                                                let value = event_target_value(&ev);
                                                state.update_labels(|set| if let Some(d) = set.labels.iter_mut().find(|l| l.name == n1) { d.color = Some(value.clone()); });
                                            }/></td>
                                        <td><input class="labels__name" data-testid="label-name" value=name.clone()
                                            aria-label=format!("Name of {name}")
                                            on:change=move |ev| rename(&state, &n2, event_target_value(&ev).trim())/></td>
                                        <td><input class="labels__key" data-testid="label-hotkey" size="2" maxlength="1"
                                            aria-label=format!("Hotkey of {name}")
                                            value=label.hotkey.map(String::from).unwrap_or_default()
                                            placeholder=state.labels.with_untracked(|s| s.labels.iter().position(|l| l.name == name)
                                                .and_then(tagmark_core::keymap::default_hotkey))
                                                .map(String::from).unwrap_or_default()
                                            on:change={ let n = name.clone(); move |ev| set_hotkey(&state, &n, &event_target_value(&ev)) }/></td>
                                        <td class="labels__count">{counts(&name)}</td>
                                        <td><button class="button button--small" data-testid="label-remove"
                                            on:click=move |_| { move_to.set(String::new()); confirm.set(Some(n3.clone())); }>"Remove…"</button></td>
                                    </tr>
                                    <Show when=move || confirm.get().as_deref() == Some(n4.as_str())>
                                        <tr class="labels__confirm" data-testid="label-remove-confirm"><td colspan="5">
                                            {
                                                let target = name.clone();
                                                let others: Vec<String> = state.labels.with_untracked(|s| s.labels.iter().map(|l| l.name.clone()).filter(|n| *n != target).collect());
                                                let target2 = target.clone();
                                                view! {
                                                    <span>{format!("Remove {target} and its {} span(s)? ", counts(&target))}</span>
                                                    <label>"Their spans: "
                                                        <select data-testid="label-move-to" on:change=move |ev| move_to.set(event_target_value(&ev))>
                                                            <option value="">"remove them"</option>
                                                            {others.into_iter().map(|o| view! { <option value=o.clone()>{format!("move to {o}")}</option> }).collect_view()}
                                                        </select>
                                                    </label>
                                                    <button class="button button--small button--danger" data-testid="label-remove-yes"
                                                        on:click=move |_| {
                                                            let to = move_to.get_untracked();
                                                            confirm.set(None);
                                                            remove(&state, &target2, (!to.is_empty()).then_some(to));
                                                        }>"Remove"</button>
                                                    <button class="button button--small" on:click=move |_| confirm.set(None)>"Keep"</button>
                                                }
                                            }
                                        </td></tr>
                                    </Show>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                <div class="labels__actions">
                    <label class="button">"Import label set…"
                        <input type="file" accept=".json,application/json" class="visually-hidden"
                            data-testid="import-labels" on:change=on_import/></label>
                    <button class="button" data-testid="export-labels" on:click=on_export>"Export label set"</button>
                    <button class="button" on:click=move |_| state.labels_open.set(false)>"Close"</button>
                </div>
            </super::Overlay>
        </Show>
    }
}
