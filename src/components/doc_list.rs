//! The document list (issue 5): names, span counts, statuses, filters, search, progress.
//!
//! The list is virtual: only the rows in view (plus a few either side) are in
//! the DOM, each a fixed [`ROW`] pixels high, so a corpus of thousands of
//! documents scrolls and switches as fast as one of ten. Everything a row shows
//! comes from the corpus's cache ([`tagmark_core::corpus::CorpusDoc`]), so
//! nothing is parsed here.
//!
//! The keyboard reaches it as a WAI-ARIA listbox with a roving tab stop: `Tab`
//! enters the list at one row (the current document's, at first), `↑` `↓`
//! (`Home`, `End`) move the focus between rows, and `Enter` or `Space` opens the
//! focused document. The rows are options; the current document's is selected.

use std::time::Duration;

use leptos::html::Div;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use tagmark_core::corpus::{DocId, Filter, Status};
use wasm_bindgen::JsCast;

use super::use_state;
use super::{StorageBanners, StorageControls};

/// Height of one row, in CSS pixels (kept in step with `.doc-item` in main.css).
const ROW: f64 = 34.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 8;
/// Matches listed at most.
const SEARCH_LIMIT: usize = 200;
/// How long typing in the search box must pause before searching.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(150);

/// What one row shows. Rows are keyed by all of it, so a row is rebuilt only when it changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    /// Position in the filtered list.
    pos: usize,
    /// Index in the corpus.
    index: usize,
    name: String,
    spans: usize,
    status: Status,
    diagnostics: usize,
}

/// What the rows share for the keyboard (all `Copy` handles).
#[derive(Clone, Copy)]
struct Roving {
    /// Index of the current document in the corpus.
    current: Memo<usize>,
    /// Position (in the filtered list) of the row that takes the focus from `Tab`.
    active: RwSignal<usize>,
    /// Set when a key moved `active`: that row takes the focus once it is rendered.
    want_focus: RwSignal<bool>,
    /// Whether the focus was last in the list (so a rebuilt or newly active row takes it).
    has_focus: RwSignal<bool>,
    /// How many rows the filtered list has (for `aria-setsize`).
    size: Memo<usize>,
}

/// One search match, ready to show.
#[derive(Clone, Debug, PartialEq)]
struct Hit {
    id: DocId,
    name: String,
    range: (usize, usize),
    before: String,
    matched: String,
    after: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Found {
    query: String,
    hits: Vec<Hit>,
    total: usize,
    docs: usize,
}

/// The corpus sidebar.
#[component]
pub fn DocList() -> impl IntoView {
    let state = use_state();
    let status_filter = RwSignal::new(None::<Status>);
    let label_filter = RwSignal::new(None::<String>);
    let filter = Memo::new(move |_| Filter {
        status: status_filter.get(),
        label: label_filter.get(),
        with_diagnostics: false,
    });
    Effect::new(move |_| state.filter.set(filter.get()));

    // Corpus indices of the documents shown, in order.
    let shown = Memo::new(move |_| {
        let f = filter.get();
        state.with_corpus(|c| {
            if f.is_all() {
                (0..c.len()).collect::<Vec<_>>()
            } else {
                c.filter(&f)
            }
        })
    });
    let total = move || state.with_corpus(|c| c.len());

    // Virtual scrolling.
    let scroller: NodeRef<Div> = NodeRef::new();
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(600.0f64);
    let measure = move || {
        // (Also called after a paint, when the list may be gone.)
        if let Some(el) = scroller.try_get_untracked().flatten() {
            let h = el.client_height() as f64;
            if h > 0.0 {
                viewport.set(h);
            }
            scroll_top.set(el.scroll_top() as f64);
        }
    };
    // Measured after the first paint: reading the height while the page is being
    // built would make the browser lay out all of it (a restored 1 MB document: about
    // 40 ms) in the middle of that task, and again for the frame.
    Effect::new(move |_| {
        if scroller.get().is_some() {
            leptos::task::spawn_local(async move {
                crate::after_paint::next_paint().await;
                measure();
            });
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let rows = move || {
        let shown = shown.get();
        let (top, height) = (scroll_top.get(), viewport.get());
        let first = ((top / ROW).floor() as usize)
            .saturating_sub(OVERSCAN)
            .min(shown.len());
        let last = (first + (height / ROW).ceil() as usize + 2 * OVERSCAN + 1).min(shown.len());
        state.with_corpus(|c| {
            shown[first..last]
                .iter()
                .enumerate()
                .filter_map(|(k, &index)| {
                    let d = c.doc(index)?;
                    Some(Row {
                        pos: first + k,
                        index,
                        name: d.name().to_string(),
                        spans: d.span_count(),
                        status: d.status(),
                        diagnostics: d.diagnostic_count(),
                    })
                })
                .collect::<Vec<_>>()
        })
    };

    // Scrolls the row at `pos` into view, so that it is rendered.
    let reveal = move |pos: usize| {
        if let Some(el) = scroller.get_untracked() {
            let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
            let (y0, y1) = (pos as f64 * ROW, (pos + 1) as f64 * ROW);
            if y0 < top {
                el.set_scroll_top(y0 as i32);
            } else if y1 > top + height && height > 0.0 {
                el.set_scroll_top((y1 - height) as i32);
            }
            measure();
        }
    };
    let current = Memo::new(move |_| state.with_corpus(|c| c.current()));
    let roving = Roving {
        current,
        active: RwSignal::new(0),
        want_focus: RwSignal::new(false),
        has_focus: RwSignal::new(false),
        size: Memo::new(move |_| shown.with(Vec::len)),
    };
    // Keep the current document in view when it changes (keys, search), and make its row the tab stop.
    Effect::new(move |prev: Option<usize>| {
        let current = current.get();
        let pos = shown.with(|s| s.iter().position(|&i| i == current));
        roving.active.set(pos.unwrap_or(0));
        if prev != Some(current) {
            if let Some(pos) = pos {
                reveal(pos);
            }
        }
        current
    });
    // The listbox keys: move the focus between rows, open the focused document.
    let on_list_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let n = shown.with_untracked(Vec::len);
        if n == 0 {
            return;
        }
        let at = roving.active.get_untracked().min(n - 1);
        let to = match ev.key().as_str() {
            "ArrowDown" => (at + 1).min(n - 1),
            "ArrowUp" => at.saturating_sub(1),
            "Home" => 0,
            "End" => n - 1,
            "Enter" | " " => {
                ev.prevent_default();
                if let Some(index) = shown.with_untracked(|s| s.get(at).copied()) {
                    state.switch_to(index);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        roving.active.set(to);
        roving.want_focus.set(true);
        reveal(to);
    };

    let progress = move || state.with_corpus(|c| c.progress());
    // Counting labels parses every document: a corpus just restored is parsed in
    // idle slices after the first paint (storage/prepare.rs), and the counts follow.
    let storage = crate::storage::use_storage();
    let label_usage = Memo::new(move |_| {
        let prepared = storage.map(|s| s.prepared.get());
        state.with_corpus(|c| {
            if prepared.is_none() || c.is_prepared() {
                c.label_usage()
            } else {
                Vec::new()
            }
        })
    });

    view! {
        <nav class="doc-list" data-testid="doc-list" aria-label="Documents"
            data-current=move || state.with_corpus(|c| c.current())>
            <StorageBanners/>
            <Loading/>
            {move || {
                let p = progress();
                let pct = if p.total == 0 { 0.0 } else { 100.0 * p.done() as f64 / p.total as f64 };
                view! {
                    <div class="doc-progress" data-testid="progress" role="progressbar"
                        aria-label="Documents reviewed" aria-valuemin="0"
                        aria-valuemax=p.total aria-valuenow=p.done()
                        data-done=p.done() data-total=p.total
                        title=format!("{} accepted · {} rejected · {} skipped · {} to do", p.accepted, p.rejected, p.skipped, p.todo)>
                        <div class="doc-progress__bar" style:width=format!("{pct:.1}%")></div>
                        <span class="doc-progress__text">{format!("{} / {} done", p.done(), p.total)}</span>
                    </div>
                }
            }}
            <Search/>
            <div class="doc-filters">
                <select class="doc-filters__select" data-testid="filter-status" aria-label="Filter by status"
                    prop:value=move || status_filter.get().map(|s| s.id()).unwrap_or("")
                    on:change=move |ev| status_filter.set(Status::from_id(&event_target_value(&ev)))>
                    <option value="">{move || format!("All ({})", total())}</option>
                    {Status::ALL.into_iter().map(|s| view! {
                        <option value=s.id()>{move || format!("{} ({})", s.name(), progress().count(s))}</option>
                    }).collect_view()}
                </select>
                <select class="doc-filters__select" data-testid="filter-label" aria-label="Filter by label"
                    prop:value=move || label_filter.get().unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        label_filter.set(if v.is_empty() { None } else { Some(v) });
                    }>
                    <option value="">"All labels"</option>
                    {move || label_usage.get().into_iter().map(|(label, n)| {
                        let text = format!("{label} ({n})");
                        view! { <option value=label>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="doc-list__scroll" node_ref=scroller
                on:scroll=move |_| measure()>
                <Show when=move || { total() == 0 } fallback=|| ()>
                    <p class="doc-list__empty">"No documents yet. Open files, or import a backup."</p>
                </Show>
                <Show when=move || { total() > 0 && shown.with(Vec::is_empty) } fallback=|| ()>
                    <p class="doc-list__empty" data-testid="filter-empty">"No document matches the filter."</p>
                </Show>
                <ul class="doc-list__items" role="listbox" aria-label="Documents" data-testid="doc-listbox"
                    style:height=move || format!("{}px", shown.with(Vec::len) as f64 * ROW)
                    on:keydown=on_list_key
                    on:focusin=move |_| roving.has_focus.set(true)
                    on:focusout=move |ev| {
                        // Only a focus that moved elsewhere leaves the list: a focused row that is
                        // rebuilt (its status changed) loses the focus to nothing, and its
                        // successor takes it back.
                        let list = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                        let to = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                        if let (Some(list), Some(to)) = (list, to) {
                            if !list.contains(Some(&to)) {
                                roving.has_focus.set(false);
                            }
                        }
                    }>
                    <For each=rows key=|row| row.clone() let:row>
                        <DocItem row=row roving=roving/>
                    </For>
                </ul>
            </div>
            <StorageControls/>
        </nav>
    }
}

/// One row: an option of the listbox. It takes the focus when it becomes the
/// active row while the list has the focus, or when a key asked for it.
#[component]
fn DocItem(row: Row, roving: Roving) -> impl IntoView {
    let state = use_state();
    let (index, pos) = (row.index, row.pos);
    let node: NodeRef<leptos::html::Li> = NodeRef::new();
    let is_current = move || roving.current.get() == index;
    let is_active = move || roving.active.get() == pos;
    Effect::new(move |_| {
        let asked = roving.want_focus.get();
        if !is_active() || !(asked || roving.has_focus.get_untracked()) {
            return;
        }
        // Never take the focus from a control outside the list.
        let free = document().active_element().is_none_or(|a| {
            a.tag_name() == "BODY" || a.closest(".doc-list__items").ok().flatten().is_some()
        });
        if !asked && !free {
            return;
        }
        if let Some(el) = node.get() {
            let el: web_sys::HtmlElement = el.into();
            let me: &web_sys::Element = &el;
            if document().active_element().as_ref() != Some(me) {
                let _ = el.focus();
            }
            if asked {
                roving.want_focus.set(false);
            }
        }
    });
    let title = format!(
        "{} — {} span{}, {}{}",
        row.name,
        row.spans,
        if row.spans == 1 { "" } else { "s" },
        row.status.name(),
        match row.diagnostics {
            0 => String::new(),
            1 => ", 1 problem".to_string(),
            n => format!(", {n} problems"),
        }
    );
    view! {
        <li class="doc-item" class:doc-item--current=is_current node_ref=node
            role="option" aria-selected=move || if is_current() { "true" } else { "false" }
            aria-posinset=pos + 1 aria-setsize=move || roving.size.get()
            tabindex=move || if is_active() { "0" } else { "-1" }
            data-testid="doc-item" data-status=row.status.id() data-index=row.index data-pos=pos
            aria-current=move || is_current().then_some("true")
            style:top=format!("{}px", row.pos as f64 * ROW)
            title=title
            on:focus=move |_| roving.active.set(pos)
            on:click=move |_| state.switch_to(index)>
            <span class="doc-item__name">{row.name.clone()}</span>
            {(row.diagnostics > 0).then(|| view! {
                <span class="doc-item__problem" data-testid="doc-problem" aria-label="problems">{format!("⚠ {}", row.diagnostics)}</span>
            })}
            <span class="doc-item__spans">{format!("{} span{}", row.spans, if row.spans == 1 { "" } else { "s" })}</span>
            <span class=format!("badge badge--{}", row.status.id())>{row.status.name()}</span>
        </li>
    }
}

/// The loading bar shown while a big batch of documents is added.
#[component]
fn Loading() -> impl IntoView {
    let storage = crate::storage::use_storage();
    move || {
        storage.and_then(|s| s.loading.get()).map(|(done, total)| {
            view! {
                <div class="doc-loading" data-testid="loading">
                    <progress max=total value=done></progress>
                    <span>{format!("Opening {done} / {total}…")}</span>
                </div>
            }
        })
    }
}

/// Search over the plain text of every document.
#[component]
fn Search() -> impl IntoView {
    let state = use_state();
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Found::default());
    let timer: StoredValue<Option<TimeoutHandle>, LocalStorage> = StoredValue::new_local(None);

    let run = move || {
        let q = query.get_untracked();
        if q.trim().is_empty() {
            found.set(Found::default());
            return;
        }
        let result = state.corpus.with_value(|c| {
            let r = c.search(&q, SEARCH_LIMIT);
            let hits = r
                .hits
                .iter()
                .map(|h| {
                    let s = &h.snippet;
                    Hit {
                        id: h.id,
                        name: c
                            .doc(h.doc)
                            .map(|d| d.name().to_string())
                            .unwrap_or_default(),
                        range: (h.range.start, h.range.end),
                        before: s.text[..s.highlight.start].to_string(),
                        matched: s.text[s.highlight.clone()].to_string(),
                        after: s.text[s.highlight.end..].to_string(),
                    }
                })
                .collect();
            Found {
                query: q.clone(),
                hits,
                total: r.total,
                docs: r.docs,
            }
        });
        found.set(result);
    };
    let on_input = move |ev: leptos::ev::Event| {
        query.set(event_target_value(&ev));
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(set_timeout_with_handle(run, SEARCH_DEBOUNCE).ok());
    };
    let jump = move |hit: &Hit| {
        let Some(index) = state.corpus.with_value(|c| c.position(hit.id)) else {
            return;
        };
        state.switch_to(index);
        state.select(|e| e.set_pending(Some(hit.range)));
    };
    let clear = move || {
        query.set(String::new());
        found.set(Found::default());
    };

    view! {
        <div class="doc-search" role="search">
            <input type="search" class="doc-search__input" data-testid="search"
                placeholder="Search all documents" aria-label="Search the text of all documents"
                prop:value=move || query.get()
                on:input=on_input
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        clear();
                    } else if ev.key() == "Enter" {
                        if let Some(handle) = timer.get_value() {
                            handle.clear();
                        }
                        run();
                    }
                }/>
            <Show when=move || found.with(|f| !f.query.is_empty()) fallback=|| ()>
                <div class="doc-search__results" data-testid="search-results">
                    <p class="doc-search__summary">
                        {move || found.with(|f| match f.total {
                            0 => format!("No match for “{}”.", f.query),
                            1 => "1 match".to_string(),
                            n if f.hits.len() < n => format!("{n} matches in {} documents (first {} shown)", f.docs, f.hits.len()),
                            n => format!("{n} matches in {} document{}", f.docs, if f.docs == 1 { "" } else { "s" }),
                        })}
                        <button class="button button--quiet button--small" on:click=move |_| clear()>"Close"</button>
                    </p>
                    <ul class="doc-search__hits">
                        {move || found.get().hits.into_iter().map(|hit| {
                            let label = hit.name.clone();
                            let (before, matched, after) = (hit.before.clone(), hit.matched.clone(), hit.after.clone());
                            view! {
                                <li>
                                    <button class="doc-search__hit" data-testid="search-hit"
                                        on:click=move |_| jump(&hit)>
                                        <span class="doc-search__name">{label}</span>
                                        <span class="doc-search__snippet">
                                            {before}<mark>{matched}</mark>{after}
                                        </span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            </Show>
        </div>
    }
}
