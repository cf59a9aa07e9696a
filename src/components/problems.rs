//! The assistant's panel: the suggestion bar (step, accept, reject, accept all)
//! and the problems list of the current document; and the suggestion outlines
//! drawn over the annotated text.

use leptos::html::Div;
use leptos::prelude::*;
use tagmark_core::checks::Problem;

use super::use_state;
use crate::suggestions::use_assist;

/// The suggestion bar and the problems list.
#[component]
pub fn AssistPanel() -> impl IntoView {
    let state = use_state();
    let assist = use_assist();
    let count = move || assist.list.with(|l| l.len());
    let position = move || match (assist.current.get(), count()) {
        (_, 0) => "No suggestions".to_string(),
        (Some(i), n) => format!("Suggestion {} of {n}", i + 1),
        (None, n) => format!("{n} suggestion{}", if n == 1 { "" } else { "s" }),
    };
    let current = move || {
        let s = assist
            .current
            .get()
            .and_then(|i| assist.list.with(|l| l.get(i).cloned()))?;
        let text = state
            .view
            .with(|v| v.doc.text.get(s.range.clone()).map(str::to_string))?;
        Some(format!("{text} → {} ({})", s.label, s.source.name()))
    };
    let has_current = move || assist.current.get().is_some() && count() > 0;
    view! {
        <section class="assist" aria-label="Suggestions and problems">
            <div class="assist__bar" data-testid="suggestion-bar">
                <span class="assist__count" data-testid="suggestion-count">{position}</span>
                <span class="assist__current">{current}</span>
                <button class="button button--small" title="Previous suggestion (Shift+N)" aria-label="Previous suggestion"
                    data-testid="suggestion-prev" disabled=move || count() == 0
                    on:click=move |_| { assist.step_to(&state, false); }>"‹"</button>
                <button class="button button--small" title="Next suggestion (N)" aria-label="Next suggestion"
                    data-testid="suggestion-next" disabled=move || count() == 0
                    on:click=move |_| { assist.step_to(&state, true); }>"›"</button>
                <button class="button button--small" title="Accept (Enter)" data-testid="suggestion-accept"
                    disabled=move || !has_current() on:click=move |_| { assist.accept_current(&state); }>"Accept"</button>
                <button class="button button--small" title="Accept every suggestion of this string (Shift+Enter)"
                    data-testid="suggestion-accept-all" disabled=move || !has_current()
                    on:click=move |_| { assist.accept_all_current(&state); }>"Accept all"</button>
                <button class="button button--small" title="Reject (Backspace)" data-testid="suggestion-reject"
                    disabled=move || !has_current() on:click=move |_| { assist.reject_current(&state); }>"Reject"</button>
                <button class="button button--small" title="Pattern rules for suggestions" data-testid="open-rules"
                    on:click=move |_| assist.rules_open.set(true)>"Rules…"</button>
            </div>
            <ProblemList/>
        </section>
    }
}

/// The most problems listed at once (a long list would take a long frame to draw).
const MAX_ROWS: usize = 100;

/// The current document's problems (the first [`MAX_ROWS`]); each jumps to its place, and a fix button applies its fix.
#[component]
fn ProblemList() -> impl IntoView {
    let state = use_state();
    let assist = use_assist();
    let rows = move || {
        let problems = assist.problems.get();
        state.view.with(|v| {
            problems
                .iter()
                .take(MAX_ROWS)
                .enumerate()
                .map(|(i, p)| (i, p.clone(), v.cp(p.range.start), v.cp(p.range.end)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || assist.problems.with(|p| !p.is_empty())>
            <h2 class="assist__title">{move || format!("Checks ({})", assist.problems.with(|p| p.len()))}</h2>
            <ul class="problems" data-testid="problems">
                <For each=rows key=|(i, p, s, e)| (*i, p.check, *s, *e, p.message.clone()) let:row>
                    {
                        let (_, problem, start, end) = row;
                        let jump = problem.clone();
                        let fix = problem.fix.clone();
                        view! {
                            <li class=format!("problem problem--{}", problem.severity.name())>
                                <button class="problem__button" data-testid="problem" data-check=problem.check.name()
                                    data-start=start data-end=end title="Show it in the text"
                                    on:click=move |_| jump_to(&state, &jump)>
                                    <span class="problem__check">{problem.check.name()}</span>
                                    <span class="problem__message">{problem.message.clone()}</span>
                                </button>
                                {fix.map(|f| {
                                    let edit = f.edit.clone();
                                    view! {
                                        <button class="button button--small" data-testid="problem-fix"
                                            on:click=move |_| { state.apply_edit(edit.clone()); }>{f.title.clone()}</button>
                                    }
                                })}
                            </li>
                        }
                    }
                </For>
            </ul>
            <Show when=move || assist.problems.with(|p| p.len() > MAX_ROWS)>
                <p class="assist__more" data-testid="problems-more">
                    {move || format!("… and {} more (tagmark lint lists them all)", assist.problems.with(|p| p.len()) - MAX_ROWS)}
                </p>
            </Show>
        </Show>
    }
}

/// Shows a problem's place: selects the span it is about, else the text.
fn jump_to(state: &crate::state::AppState, p: &Problem) {
    let span = state
        .view
        .with_untracked(|v| v.doc.spans.iter().find(|s| s.range() == p.range).cloned());
    let root = document()
        .query_selector("[data-testid=rendered]")
        .ok()
        .flatten();
    match span {
        Some(span) => state.select(|e| e.select_span(Some(span))),
        None => {
            state.select(|e| {
                e.clear_selection();
                e.set_pending(Some((p.range.start, p.range.end)));
            });
            if let Some(root) = &root {
                let view = state.view.get_untracked();
                crate::dom::set_selection_bytes(root, &view, p.range.start, p.range.end, true);
            }
        }
    }
    let start_cp = state.view.with_untracked(|v| v.cp(p.range.start));
    if let Some(el) = root.and_then(|r| {
        r.query_selector(&format!("[data-start=\"{start_cp}\"]"))
            .ok()
            .flatten()
    }) {
        crate::dom::scroll_into_view(&el);
    }
}

/// One outline box: (left, top, width, height) in the pane's content box.
type Rect = (f64, f64, f64, f64);

/// The suggestions drawn over the annotated text: a dashed outline, no fill.
/// They are measured in an animation frame after the text is drawn, only for the
/// blocks within a screen of the visible part (again as the pane scrolls), and
/// do not take the pointer, so selecting text works through them.
#[component]
pub fn SuggestionMarks(
    /// The rendered pane.
    root: NodeRef<Div>,
) -> impl IntoView {
    let state = use_state();
    let assist = use_assist();
    // (index, label, start cp, end cp, current, rects)
    let boxes = RwSignal::new(Vec::<(usize, String, usize, usize, bool, Vec<Rect>)>::new());
    // Bumped when the pane scrolls: only the outlines near the screen are drawn.
    let scrolled = RwSignal::new(0u64);
    let measure_pending = StoredValue::new(false);
    // Listen to the pane's scrolling while it is mounted (removed with it).
    Effect::new(move |_| {
        let Some(el) = root.get() else { return };
        crate::dom::listen_until_cleanup(&el, "scroll", move |_| {
            let _ = scrolled.try_update(|n| *n += 1);
        });
    });
    Effect::new(move |_| {
        assist.list.track();
        assist.current.track();
        state.view.track();
        scrolled.track();
        // One measurement per frame, however many changes (published slices, scroll
        // events) come before it: each measurement lays the pane out, and several in
        // one frame would each lay it out again after the previous one's outlines.
        if measure_pending.get_value() {
            return;
        }
        measure_pending.set_value(true);
        request_animation_frame(move || {
            // `try_set_value` hands the value back when the outlines were unmounted meanwhile.
            if measure_pending.try_set_value(false).is_some() {
                return;
            }
            let Some(el) = root.get_untracked() else {
                return;
            };
            let view = state.view.get_untracked();
            let list = assist.list.get_untracked();
            let current = assist.current.get_untracked();
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let base = el.get_bounding_client_rect();
            let (sl, st) = (el.scroll_left() as f64, el.scroll_top() as f64);
            // The chunks within half a screen of what is shown, measured by their own
            // boxes: measuring anything inside a chunk the browser skips
            // (`content-visibility: auto`) would make it lay that chunk out, and doing that
            // for every chunk of a long document took most of a second.
            let margin = base.height().max(200.0) / 2.0;
            let mut near = Vec::new();
            if let Ok(chunks) = el.query_selector_all(":scope > .chunk") {
                for k in 0..chunks.length() {
                    let Some(chunk) = chunks
                        .item(k)
                        .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
                    else {
                        continue;
                    };
                    let r = chunk.get_bounding_client_rect();
                    near.push(r.bottom() > base.top() - margin && r.top() < base.bottom() + margin);
                }
            }
            let mut out = Vec::new();
            for (i, s) in list.iter().enumerate() {
                let Some(block) = view.block_index_of(s.range.start) else {
                    continue;
                };
                if !near
                    .get(block / crate::dom::CHUNK_BLOCKS)
                    .copied()
                    .unwrap_or(false)
                {
                    continue;
                }
                let (Some((n1, o1)), Some((n2, o2))) = (
                    crate::dom::dom_position(&el, &view, s.range.start),
                    crate::dom::dom_position(&el, &view, s.range.end),
                ) else {
                    continue;
                };
                let Ok(range) = document.create_range() else {
                    continue;
                };
                if range.set_start(&n1, o1).is_err() || range.set_end(&n2, o2).is_err() {
                    continue;
                }
                let mut rects = Vec::new();
                if let Some(list) = range.get_client_rects() {
                    for k in 0..list.length() {
                        if let Some(r) = list.item(k) {
                            if r.width() > 0.5 {
                                rects.push((
                                    r.left() - base.left() + sl,
                                    r.top() - base.top() + st,
                                    r.width(),
                                    r.height(),
                                ));
                            }
                        }
                    }
                }
                if !rects.is_empty() {
                    out.push((
                        i,
                        s.label.clone(),
                        view.cp(s.range.start),
                        view.cp(s.range.end),
                        current == Some(i),
                        rects,
                    ));
                }
            }
            if boxes.with_untracked(|b| *b != out) {
                boxes.set(out);
            }
        });
    });
    let style = |r: &Rect| {
        format!(
            "left:{}px;top:{}px;width:{}px;height:{}px",
            r.0 - 2.0,
            r.1 - 1.0,
            r.2 + 4.0,
            r.3 + 2.0
        )
    };
    view! {
        <div class="suggestions" aria-hidden="true">
            <For each=move || boxes.get() key=|b| (b.0, b.2, b.3, b.4, b.5.len(), (b.5[0].0 * 10.0) as i64, (b.5[0].1 * 10.0) as i64) let:b>
                {
                    let (_, label, start, end, current, rects) = b;
                    let class = if current { "suggestion suggestion--current" } else { "suggestion" };
                    let first = style(&rects[0]);
                    let rest: Vec<String> = rects[1..].iter().map(style).collect();
                    view! {
                        <div class=class data-testid="suggestion" data-label=label.clone() data-start=start data-end=end
                            style=first title=format!("suggested: {label}")></div>
                        {rest.into_iter().map(|s| view! { <div class=class data-testid="suggestion-part" style=s></div> }).collect_view()}
                    }
                }
            </For>
        </div>
    }
}
