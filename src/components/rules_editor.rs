//! The pattern-rules editor: the rules listed by label, add one (a phrase, a
//! token pattern or a regular expression), remove one, and import or export
//! them as Prodigy patterns JSONL (regular expressions carry `"regex": true`).

use leptos::prelude::*;
use tagmark_core::patterns::{self, PatternRule};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::use_state;
use crate::state::NoticeKind;
use crate::suggestions::use_assist;

/// The rules dialog.
#[component]
pub fn RulesEditor() -> impl IntoView {
    let state = use_state();
    let assist = use_assist();
    let label = RwSignal::new(String::new());
    let kind = RwSignal::new("phrase".to_string());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let add = move |_| {
        let (l, k, t) = (
            label.get_untracked(),
            kind.get_untracked(),
            text.get_untracked(),
        );
        let l = if l.trim().is_empty() {
            state
                .labels
                .with_untracked(|s| s.labels.first().map(|d| d.name.clone()))
                .unwrap_or_default()
        } else {
            l
        };
        let rule = match k.as_str() {
            "regex" => PatternRule::regex(&l, &t),
            "tokens" => PatternRule::tokens(&l, &t),
            _ => PatternRule::phrase(&l, &t),
        };
        match rule {
            Ok(rule) => {
                let mut rules = (*assist.rules.get_untracked()).clone();
                rules.push(rule);
                assist.set_rules(rules);
                text.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e.kind.to_string())),
        }
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
            match patterns::read_jsonl(&text) {
                Ok(new) => {
                    let n = new.len();
                    let mut rules = (*assist.rules.get_untracked()).clone();
                    rules.extend(new);
                    assist.set_rules(rules);
                    state.notify(
                        NoticeKind::Info,
                        format!("Imported {n} rule(s) from {}.", file.name()),
                    );
                }
                Err(errors) => {
                    let first = errors.first().map(ToString::to_string).unwrap_or_default();
                    error.set(Some(format!(
                        "{}: {} error(s); nothing imported. {first}",
                        file.name(),
                        errors.len()
                    )));
                }
            }
        });
    };
    let on_export = move |_| {
        let jsonl = assist.rules.with_untracked(|r| patterns::write_jsonl(r));
        if let Err(err) =
            crate::download::download("patterns.jsonl", "application/jsonl", jsonl.as_bytes())
        {
            state.notify(
                NoticeKind::Error,
                format!("Could not export the rules: {err}"),
            );
        }
    };
    // Rules grouped by label, each with its index in the list.
    let groups = move || {
        let rules = assist.rules.get();
        let mut labels: Vec<String> = Vec::new();
        for r in rules.iter() {
            if !labels.contains(&r.label) {
                labels.push(r.label.clone());
            }
        }
        labels
            .into_iter()
            .map(|l| {
                let items: Vec<(usize, String, String)> = rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.label == l)
                    .map(|(i, r)| (i, r.pattern.kind().to_string(), r.pattern.source()))
                    .collect();
                (l, items)
            })
            .collect::<Vec<_>>()
    };
    let remove = move |index: usize| {
        let mut rules = (*assist.rules.get_untracked()).clone();
        if index < rules.len() {
            rules.remove(index);
            assist.set_rules(rules);
        }
    };
    view! {
        <Show when=move || assist.rules_open.get()>
            <super::Overlay on_close=move || assist.rules_open.set(false) label="Pattern rules" class="rules" testid="rules-editor">
                <p class="rules__hint">"Text a rule matches is suggested with its label. Prodigy patterns JSONL: "
                    <code>"{\"label\": \"org\", \"pattern\": \"Acme Corp\"}"</code>", a token list "
                    <code>"[{\"lower\": \"acme\"}]"</code>", or a regular expression with "<code>"\"regex\": true"</code>"."</p>
                <Show when=move || assist.rules.with(|r| r.is_empty())>
                    <p data-testid="rules-empty">"No rules yet."</p>
                </Show>
                <For each=groups key=|g| g.clone() let:group>
                    <section class="rules__group" data-testid="rules-group" data-label=group.0.clone()>
                        <h3 class="rules__label">{group.0.clone()}</h3>
                        <ul class="rules__list">
                            {group.1.into_iter().map(|(i, k, src)| view! {
                                <li class="rules__rule" data-testid="rule">
                                    <span class="rules__kind">{k}</span>
                                    <code class="rules__pattern">{src.clone()}</code>
                                    <button class="button button--small" data-testid="rule-remove"
                                        aria-label=format!("Remove the rule {src}") on:click=move |_| remove(i)>"Remove"</button>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                </For>
                <div class="rules__add">
                    <label>"Label "
                        <input data-testid="rule-label" size="10" list="rule-labels"
                            prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev))/></label>
                    <datalist id="rule-labels">
                        {move || state.labels.get().labels.into_iter().map(|l| view! { <option value=l.name.clone()></option> }).collect_view()}
                    </datalist>
                    <label>"Kind "
                        <select data-testid="rule-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="phrase">"phrase"</option>
                            <option value="tokens">"tokens (JSON list)"</option>
                            <option value="regex">"regular expression"</option>
                        </select></label>
                    <label>"Pattern "
                        <input data-testid="rule-pattern" size="28"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/></label>
                    <button class="button" data-testid="rule-add" on:click=add>"Add"</button>
                </div>
                <Show when=move || error.get().is_some()>
                    <p class="rules__error" role="alert" data-testid="rule-error">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <div class="labels__actions">
                    <label class="button">"Import patterns…"
                        <input type="file" accept=".jsonl,.json,application/jsonl" class="visually-hidden"
                            data-testid="import-rules" on:change=on_import/></label>
                    <button class="button" data-testid="export-rules" on:click=on_export>"Export patterns"</button>
                    <button class="button" on:click=move |_| assist.rules_open.set(false)>"Close"</button>
                </div>
            </super::Overlay>
        </Show>
    }
}
