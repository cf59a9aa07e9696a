//! The corpus panel (`I`, or the *Corpus…* button): a picture of the whole corpus.
//!
//! - spans per label as an SVG bar chart in the labels' colours (`role="img"`,
//!   named by a summary of the counts, with the same figures in a visually hidden
//!   table for screen readers);
//! - documents per review status;
//! - the inventory ([`tagmark_core::inventory`]): each label's distinct strings with
//!   their counts, strings tagged with more than one label marked with the other
//!   labels; a click on a string lists where it occurs (document and context), and
//!   a click on an occurrence opens that document with the span selected.
//!
//! The inventory is computed from the corpus when the panel opens (after the
//! current document's pending edits are stored) and again only when the corpus
//! changes while it is open ([`AppState::corpus_rev`]); never on a keystroke.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use tagmark_core::inventory::{Inventory, LabelEntry, StringEntry};
use tagmark_core::Span;

use super::use_state;
use crate::state::AppState;

/// Strings listed per label before a *Show all* button.
const STRINGS_SHOWN: usize = 50;
/// Occurrences listed for one string.
const OCCURRENCES_SHOWN: usize = 100;

/// Opens the panel: stores what is pending first, so the figures include it.
pub fn open(state: &AppState) {
    state.flush();
    state.corpus_open.set(true);
}

/// The *Corpus…* button and, while open, the panel.
#[component]
pub fn CorpusPanel() -> impl IntoView {
    let state = use_state();
    let inventory = Memo::new(move |_| {
        state
            .corpus_open
            .get()
            .then(|| Arc::new(state.with_corpus(Inventory::of_corpus)))
    });
    view! {
        <button class="button" data-testid="open-corpus" aria-keyshortcuts="I"
            title="Spans per label, documents per status, and every tagged string (I)"
            on:click=move |_| open(&state)>"Corpus…"</button>
        <Show when=move || state.corpus_open.get()>
            <super::Overlay on_close=move || state.corpus_open.set(false) label="Corpus" class="corpus" testid="corpus-panel">
                {move || inventory.get().map(|inv| view! { <PanelBody inv=inv/> })}
                <button class="button" on:click=move |_| state.corpus_open.set(false)>"Close (Esc)"</button>
            </super::Overlay>
        </Show>
    }
}

/// Everything the panel shows for one inventory.
#[component]
fn PanelBody(
    /// The inventory of the corpus as it is now.
    inv: Arc<Inventory>,
) -> impl IntoView {
    let state = use_state();
    let names: Vec<&str> = inv.labels.iter().map(|l| l.label.as_str()).collect();
    let colors = state
        .labels
        .with_untracked(|set| crate::state::label_colors(set, names));
    let summary = format!(
        "{} document{} · {} span{} · {} label{}",
        inv.docs,
        plural(inv.docs),
        inv.spans,
        plural(inv.spans),
        inv.labels.len(),
        plural(inv.labels.len())
    );
    view! {
        <p class="corpus__summary" data-testid="corpus-summary">{summary}</p>
        <div class="corpus__figures">
            <section class="corpus__section" aria-labelledby="corpus-chart-title">
                <h3 id="corpus-chart-title">"Spans per label"</h3>
                <Chart inv=inv.clone() colors=colors.clone()/>
            </section>
            <section class="corpus__section" aria-labelledby="corpus-status-title">
                <h3 id="corpus-status-title">"Documents per status"</h3>
                <ul class="corpus__statuses" data-testid="status-counts">
                    {inv.statuses.iter().map(|(status, n)| view! {
                        <li data-status=status.id() data-count=*n>
                            <span class=format!("corpus__status corpus__status--{}", status.id())>{status.name()}</span>
                            <span class="corpus__count">{*n}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
        <InventoryList inv=inv colors=colors/>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Horizontal bars, one per label, longest first; the figures again in a hidden table.
#[component]
fn Chart(
    /// The inventory whose labels are drawn.
    inv: Arc<Inventory>,
    /// Each label's colour.
    colors: HashMap<String, String>,
) -> impl IntoView {
    const ROW: usize = 24;
    const NAME_WIDTH: f64 = 130.0;
    const BAR_WIDTH: f64 = 220.0;
    let max = inv.labels.iter().map(|l| l.spans).max().unwrap_or(0).max(1) as f64;
    let height = (inv.labels.len() * ROW).max(ROW);
    let description = if inv.labels.is_empty() {
        "Spans per label: no spans yet".to_string()
    } else {
        let parts: Vec<String> = inv
            .labels
            .iter()
            .map(|l| format!("{} {}", l.label, l.spans))
            .collect();
        format!("Spans per label: {}", parts.join(", "))
    };
    let bars = inv
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let y = i * ROW;
            let width = (l.spans as f64 / max * BAR_WIDTH).max(2.0);
            let color = colors.get(&l.label).cloned().unwrap_or_else(|| "#dddddd".into());
            let name: String = if l.label.chars().count() > 18 {
                format!("{}…", l.label.chars().take(17).collect::<String>())
            } else {
                l.label.clone()
            };
            view! {
                <g data-testid="chart-bar" data-label=l.label.clone() data-count=l.spans>
                    <text class="chart__name" x=NAME_WIDTH - 8.0 y=y + 16 text-anchor="end">{name}</text>
                    <rect class="chart__bar" x=NAME_WIDTH y=y + 4 width=width height=ROW - 8 rx="3" fill=color></rect>
                    <text class="chart__count" x=NAME_WIDTH + width + 6.0 y=y + 16>{l.spans}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" data-testid="chart" role="img" aria-label=description
            viewBox=format!("0 0 420 {height}") width="420" height=height>
            {bars}
        </svg>
        <table class="visually-hidden" data-testid="chart-table">
            <caption>"Spans per label"</caption>
            <thead><tr><th scope="col">"Label"</th><th scope="col">"Spans"</th><th scope="col">"Documents"</th></tr></thead>
            <tbody>
                {inv.labels.iter().map(|l| view! {
                    <tr><th scope="row">{l.label.clone()}</th><td>{l.spans}</td><td>{l.docs}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The inventory: per label its strings with counts; conflicts marked.
#[component]
fn InventoryList(
    /// The inventory listed.
    inv: Arc<Inventory>,
    /// Each label's colour.
    colors: HashMap<String, String>,
) -> impl IntoView {
    // The string whose occurrences are listed: (label, text).
    let open: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    // Labels whose every string is shown.
    let show_all: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let conflicts = match inv.conflicts.len() {
        0 => "No string is tagged with more than one label.".to_string(),
        1 => "1 string is tagged with more than one label (marked ⚠).".to_string(),
        n => format!("{n} strings are tagged with more than one label (marked ⚠)."),
    };
    let labels = inv
        .labels
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let color = colors.get(&entry.label).cloned().unwrap_or_else(|| "#dddddd".into());
            view! { <LabelStrings inv=inv.clone() index=i color=color open=open show_all=show_all/> }
        })
        .collect_view();
    view! {
        <section class="corpus__section inventory" data-testid="inventory" aria-labelledby="corpus-inventory-title">
            <h3 id="corpus-inventory-title">"Inventory"</h3>
            <p class="inventory__note" data-testid="conflict-summary" data-count=inv.conflicts.len()>{conflicts}</p>
            {labels}
        </section>
    }
}

/// One label of the inventory: its heading and its strings.
#[component]
fn LabelStrings(
    /// The inventory.
    inv: Arc<Inventory>,
    /// Index of the label in [`Inventory::labels`].
    index: usize,
    /// The label's colour.
    color: String,
    /// The string whose occurrences are listed.
    open: RwSignal<Option<(String, String)>>,
    /// Labels whose every string is shown.
    show_all: RwSignal<Vec<String>>,
) -> impl IntoView {
    let entry: &LabelEntry = &inv.labels[index];
    let label = entry.label.clone();
    let heading_id = format!("inventory-label-{index}");
    let count = format!(
        "{} span{} · {} string{}",
        entry.spans,
        plural(entry.spans),
        entry.strings.len(),
        plural(entry.strings.len())
    );
    let strings = {
        let inv = inv.clone();
        let label = label.clone();
        move || {
            let entry = &inv.labels[index];
            let all = show_all.with(|s| s.contains(&label));
            let shown = if all {
                entry.strings.len()
            } else {
                entry.strings.len().min(STRINGS_SHOWN)
            };
            entry.strings[..shown]
                .iter()
                .map(|s| string_row(&inv, &entry.label, s, open))
                .collect_view()
        }
    };
    let more = entry.strings.len().saturating_sub(STRINGS_SHOWN);
    let label_for_more = label.clone();
    let label_to_add = label.clone();
    let (label_attr, label_name) = (label.clone(), label.clone());
    let labelled_by = heading_id.clone();
    view! {
        <section class="inventory__label" data-label=label_attr aria-labelledby=labelled_by>
            <h4 class="inventory__heading" id=heading_id>
                <span class="legend__swatch" style=format!("background:{color}")></span>
                <span class="inventory__name">{label_name}</span>
                <span class="inventory__meta">{count}</span>
            </h4>
            <ul class="inventory__strings">{strings}</ul>
            <Show when=move || (more > 0) && !show_all.with(|s| s.contains(&label_for_more))>
                <button class="button button--small" data-testid="inventory-more"
                    on:click={ let l = label_to_add.clone(); move |_| show_all.update(|s| s.push(l.clone())) }>
                    {format!("Show all {} strings", more + STRINGS_SHOWN)}
                </button>
            </Show>
        </section>
    }
}

/// One string of a label: a button with its count and any conflict; when open, its occurrences.
fn string_row(
    inv: &Inventory,
    label: &str,
    s: &StringEntry,
    open: RwSignal<Option<(String, String)>>,
) -> AnyView {
    let key = (label.to_string(), s.text.clone());
    let conflict = inv.conflict(&s.text).map(|c| {
        let others: Vec<String> = c
            .labels
            .iter()
            .filter(|(l, _)| l != label)
            .map(|(l, n)| format!("{l} ×{n}"))
            .collect();
        (others.join(", "), c.summary())
    });
    let is_open = {
        let key = key.clone();
        move || open.with(|o| o.as_ref() == Some(&key))
    };
    let toggle = {
        let key = key.clone();
        move |_| {
            open.update(|o| {
                *o = if o.as_ref() == Some(&key) {
                    None
                } else {
                    Some(key.clone())
                }
            })
        }
    };
    let occurrences = s.occurrences.clone();
    let label_owned = label.to_string();
    let shown_text = if s.text.trim().is_empty() {
        "(whitespace)".to_string()
    } else {
        s.text.clone()
    };
    let is_open2 = is_open.clone();
    let title = conflict.as_ref().map(|(_, all)| format!("Tagged {all}"));
    let has_conflict = conflict.is_some().to_string();
    view! {
        <li class="inventory__string" data-testid="inventory-string" data-label=label.to_string()
            data-text=s.text.clone() data-count=s.count() data-conflict=has_conflict>
            <button class="inventory__button" aria-expanded=move || is_open().to_string()
                title=title
                on:click=toggle>
                <span class="inventory__text">{shown_text}</span>
                <span class="inventory__count">{format!("×{}", s.count())}</span>
                {conflict.map(|(others, _)| view! {
                    <span class="inventory__conflict" data-testid="inventory-conflict">{format!("⚠ also {others}")}</span>
                })}
            </button>
            <Show when=is_open2>
                <Occurrences label=label_owned.clone() occurrences=occurrences.clone()/>
            </Show>
        </li>
    }
    .into_any()
}

/// Where one string occurs: a button per occurrence with its document and context.
#[component]
fn Occurrences(
    /// The label of the spans.
    label: String,
    /// The spans: document index and byte range.
    occurrences: Vec<tagmark_core::inventory::Occurrence>,
) -> impl IntoView {
    let state = use_state();
    let total = occurrences.len();
    let rows = state.corpus.with_value(|corpus| {
        occurrences
            .iter()
            .take(OCCURRENCES_SHOWN)
            .filter_map(|o| {
                let doc = corpus.doc(o.doc)?;
                let snippet = o.snippet(doc.text())?;
                let offsets = tagmark_core::OffsetMap::new(doc.text());
                let cp = |b| {
                    offsets
                        .from_byte(b, tagmark_core::OffsetUnit::Codepoints)
                        .unwrap_or(0)
                };
                Some((
                    o.clone(),
                    doc.name().to_string(),
                    snippet,
                    cp(o.range.start),
                    cp(o.range.end),
                ))
            })
            .collect::<Vec<_>>()
    });
    let list = rows
        .into_iter()
        .map(|(o, name, snippet, start, end)| {
            let before = snippet.text[..snippet.highlight.start].to_string();
            let hit = snippet.text[snippet.highlight.clone()].to_string();
            let after = snippet.text[snippet.highlight.end..].to_string();
            let span = Span::new(o.range.start, o.range.end, label.clone());
            let doc_name = name.clone();
            view! {
                <li>
                    <button class="inventory__occurrence" data-testid="occurrence" data-doc=doc_name
                        data-index=o.doc data-start=start data-end=end
                        on:click=move |_| jump(&state, o.doc, span.clone())>
                        <span class="inventory__doc">{name}</span>
                        <span class="inventory__snippet">{before}<mark>{hit}</mark>{after}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    let note = (total > OCCURRENCES_SHOWN)
        .then(|| format!("The first {OCCURRENCES_SHOWN} of {total} are listed."));
    view! {
        <ul class="inventory__occurrences" data-testid="occurrences">{list}</ul>
        {note.map(|n| view! { <p class="inventory__note">{n}</p> })}
    }
}

/// Closes the panel, opens document `doc` and selects `span` in it (and shows it).
fn jump(state: &AppState, doc: usize, span: Span) {
    state.corpus_open.set(false);
    if state.corpus.with_value(|c| c.current()) != doc
        || state.with_corpus(|c| c.current_doc().is_none())
    {
        state.switch_to(doc);
    }
    let found = state.view.with_untracked(|v| v.doc.spans.contains(&span));
    if !found {
        state.notify(
            crate::state::NoticeKind::Warning,
            "That span is no longer there: the document changed.",
        );
        return;
    }
    let (start, label) = (
        state.view.with_untracked(|v| v.cp(span.start)),
        span.label.clone(),
    );
    state.select(|e| {
        e.set_caret(Some((span.start, span.end)));
        e.select_span(Some(span));
    });
    // Scroll the mark into view once it is drawn.
    request_animation_frame(move || {
        let selector = format!(".rendered mark[data-start=\"{start}\"][data-label=\"{label}\"]");
        if let Ok(Some(el)) = document().query_selector(&selector) {
            crate::dom::scroll_into_view(&el);
        }
    });
}
