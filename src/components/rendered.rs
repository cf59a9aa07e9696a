//! The rendered pane: the plain text with every span as a coloured `<mark>`, where
//! spans are selected, created and resized with the mouse.
//!
//! The text is cut into paragraph blocks (see [`tagmark_core::blocks`]); each block
//! is keyed by a hash of what it shows, so an edit re-renders only the blocks it
//! touches. Blocks are grouped in chunks of [`CHUNK`], and chunks carry
//! `content-visibility: auto`, so the browser skips layout and paint of those off
//! screen, and while scrolling a 1 MB document it weighs ~60 chunks a frame rather
//! than ~2,000 blocks (each skippable box is a paint layer and an intersection
//! check of its own). A long document's first blocks are rendered at
//! once and the rest follow in slices of about [`SLICE_BUDGET_MS`] each, one after
//! each paint, so the first screen appears without waiting for the whole document
//! and the page answers input while the rest arrives.
//!
//! Text is always inserted as text nodes, never as HTML. Label names are drawn by
//! CSS (`::after { content: attr(data-label) }`), so a mark's text content is
//! exactly its span's text and DOM offsets map exactly to the document.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::html::Div;
use leptos::prelude::*;
use tagmark_core::blocks::{Block, Node};
use wasm_bindgen::JsCast;

use super::use_state;
use crate::actions::{self, Edge};
use crate::dom;
use crate::state::AppState;

/// Text (bytes) rendered in the first pass: more than a screen of the pane.
const FIRST_BYTES: usize = 6_000;
/// Blocks added by the first of the later passes; later passes adapt to [`SLICE_BUDGET_MS`].
const SLICE: usize = 16;
/// How long one later pass may take (ms), so that the page answers input within a frame.
const SLICE_BUDGET_MS: f64 = 12.0;
/// Blocks per chunk, the unit the browser skips when off screen.
const CHUNK: usize = dom::CHUNK_BLOCKS;

/// Which marks are selected: (start, end, label) in code points, as the marks carry them.
type SelectedKey = Option<(usize, usize, String)>;

/// The annotated text, or the empty state when there is no text.
#[component]
pub fn Rendered() -> impl IntoView {
    let state = use_state();
    let shown = RwSignal::new(state.view.with_untracked(|v| first_pass(&v.blocks)));
    let generation = StoredValue::new(0u64);
    let root: NodeRef<Div> = NodeRef::new();

    // On every new parse: show the first screen now, the rest in later tasks, each
    // after a paint and each about SLICE_BUDGET_MS long.
    Effect::new(move |_| {
        let (total, first) = state.view.with(|v| (v.blocks.len(), first_pass(&v.blocks)));
        generation.update_value(|g| *g += 1);
        let this_generation = generation.get_value();
        if shown.get_untracked() < total {
            shown.set(first.max(shown.get_untracked()).min(total));
        }
        grow(shown, total, generation, this_generation, SLICE);
    });

    let selector = Selector::new(move || -> SelectedKey {
        let selected = state.selected.get()?;
        let view = state.view.get();
        Some((
            view.cp(selected.start),
            view.cp(selected.end),
            selected.label,
        ))
    });
    provide_context(selector.clone());

    // Show a pending selection (from the keyboard, or snapped) as the DOM selection.
    Effect::new(move |_| {
        let pending = state.pending.get();
        let caret = state.caret.get_untracked();
        if let (Some((start, end)), Some(el)) = (pending, root.get_untracked()) {
            let focus_at_end = caret.is_none_or(|(a, f)| f >= a);
            state
                .view
                .with_untracked(|v| dom::set_selection_bytes(&el, v, start, end, focus_at_end));
        }
    });

    let chunks = move || {
        let n = shown.get().min(state.view.with(|v| v.blocks.len()));
        (0..n.div_ceil(CHUNK)).collect::<Vec<usize>>()
    };
    // The source is empty exactly when the text is (a tag with nothing in it is kept as text).
    // A preview of the document being restored is drawn although the editor is still empty.
    let is_empty = move || state.editor.with(|e| e.text().is_empty()) && !state.previewing.get();

    let on_mouseup = move |ev: leptos::ev::MouseEvent| {
        if ev.button() != 0 || state.dragging.get_untracked().is_some() {
            return;
        }
        let Some(el) = root.get_untracked() else {
            return;
        };
        on_pointer_up(&state, &el, &ev);
    };

    view! {
        <Show when=move || !is_empty() fallback=|| view! { <EmptyState/> }>
            <div class="rendered" data-testid="rendered" aria-label="Annotated text" tabindex="0"
                node_ref=root on:mouseup=on_mouseup
                inert=move || state.previewing.get() aria-busy=move || state.previewing.get().then_some("true")>
                <For each=chunks key=|i| *i let:index>
                    <ChunkView index=index shown=shown/>
                </For>
                <Caret root=root/>
                <Handles root=root/>
                <super::SuggestionMarks root=root/>
            </div>
        </Show>
    }
}

/// How many blocks the first pass renders: those that hold the first [`FIRST_BYTES`].
fn first_pass(blocks: &[Arc<Block>]) -> usize {
    let mut before = 0;
    blocks
        .iter()
        .take_while(|b| {
            let starts_at = before;
            before += b.range.len();
            starts_at < FIRST_BYTES
        })
        .count()
}

/// Adds `slice` more blocks after the next paint, then goes on with a slice sized
/// so that the pass takes about [`SLICE_BUDGET_MS`], until all `total` are shown or
/// another parse (`generation`) starts over.
fn grow(
    shown: RwSignal<usize>,
    total: usize,
    generation: StoredValue<u64>,
    this: u64,
    slice: usize,
) {
    if generation.try_get_value() != Some(this)
        || shown.try_get_untracked().is_none_or(|n| n >= total)
    {
        return;
    }
    request_animation_frame(move || {
        set_timeout(
            move || {
                if generation.try_get_value() != Some(this) {
                    return;
                }
                let start = now_ms();
                let _ = shown.try_update(|n| *n = (*n + slice).min(total));
                // The view updates in the tasks the update queued; this one runs after them.
                leptos::task::spawn_local(async move {
                    let spent = (now_ms() - start).max(0.5);
                    let next = ((slice as f64) * SLICE_BUDGET_MS / spent)
                        .clamp(1.0, (slice * 2) as f64) as usize;
                    grow(shown, total, generation, this, next.max(1));
                });
            },
            Duration::from_millis(0),
        )
    });
}

/// `performance.now()`, in ms.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// After a click or a drag in the text: select the clicked span, or take the
/// selected text (snapped to words unless Alt is held or snapping is off).
fn on_pointer_up(state: &AppState, root: &web_sys::Element, ev: &leptos::ev::MouseEvent) {
    let view = state.view.get_untracked();
    match dom::selection_bytes(root, &view) {
        Some((start, end)) if start < end => {
            let snap = state.snap_words.get_untracked() && !ev.alt_key();
            let mut selected = None;
            state.select(|e| selected = e.select_text(start, end, snap));
            if selected.is_none() {
                dom::clear_selection();
            }
        }
        collapsed => {
            let mark = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("mark").ok().flatten());
            let span = mark.and_then(|m| {
                let num = |a: &str| m.get_attribute(a).and_then(|v| v.parse::<usize>().ok());
                let index = view.find_span(
                    num("data-start")?,
                    num("data-end")?,
                    &m.get_attribute("data-label")?,
                )?;
                view.doc.spans.get(index).cloned()
            });
            state.select(|e| match span {
                Some(span) => {
                    e.set_caret(Some((span.start, span.end)));
                    e.select_span(Some(span));
                }
                None => {
                    e.select_span(None);
                    e.set_caret(collapsed.map(|(a, _)| (a, a)));
                }
            });
        }
    }
}

/// What the rendered pane shows before there is any text.
#[component]
fn EmptyState() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="empty" data-testid="empty-state">
            <p class="empty__lead">"Paste a seed into the source pane, or open a file."</p>
            <p class="empty__hint">
                "A seed is text whose entities are marked with inline tags, like "
                <code>"the <model>NeuraScale-9</model> architecture"</code>
                ". Each tagged span shows up here in its label's colour; select text and press a label's key to tag more."
            </p>
            <button class="button button--primary" data-testid="empty-load-example"
                on:click=move |_| state.open_documents(vec![("example.txt", "inline", tagmark_core::EXAMPLE_SEED)])>
                "Load the example seed"
            </button>
        </div>
    }
}

/// The blocks a chunk shows, each with how many equal blocks come before it in the
/// chunk (so that a repeated line has a key of its own).
type Shown = Arc<Vec<(Arc<Block>, usize)>>;

/// `blocks` with their occurrence numbers.
fn numbered(blocks: &[Arc<Block>]) -> Shown {
    let mut out: Vec<(Arc<Block>, usize)> = Vec::with_capacity(blocks.len());
    for b in blocks {
        let n = out.iter().filter(|(o, _)| o.key == b.key).count();
        out.push((Arc::clone(b), n));
    }
    Arc::new(out)
}

/// Whether two lists show the same blocks at the same offsets.
fn same_blocks(a: &[(Arc<Block>, usize)], b: &[(Arc<Block>, usize)]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b.iter()).all(|((x, m), (y, n))| {
            m == n && x.key == y.key && x.start_cp == y.start_cp && x.range == y.range
        })
}

/// A run of [`CHUNK`] blocks that the browser lays out and paints only near the screen.
///
/// A chunk the browser skips (off screen) does not follow a new view at once: it is
/// queued on [`AppState::catch_up`] and follows in a later task, or as soon as the
/// browser stops skipping it (`contentvisibilityautostatechange`).
#[component]
fn ChunkView(
    /// Which chunk: blocks `index * CHUNK ..`.
    index: usize,
    /// How many blocks of the document are rendered so far.
    shown: RwSignal<usize>,
) -> impl IntoView {
    let state = use_state();
    // The chunk's blocks among the first `n` of the document.
    let range = move |n: usize| {
        let end = n.min((index + 1) * CHUNK);
        (index * CHUNK).min(end)..end
    };
    let current = move || -> Shown {
        let n = shown.get_untracked();
        state
            .view
            .with_untracked(|v| numbered(&v.blocks[range(n.min(v.blocks.len()))]))
    };
    let published = RwSignal::new(current());
    let skipped = StoredValue::new(false);
    let stale = StoredValue::new(false);
    // Shows `next` (the chunk's blocks now): it is up to date.
    let show = move |next: Shown| {
        if stale.try_set_value(false).is_some() {
            return;
        }
        if published.with_untracked(|p| !same_blocks(p, &next)) {
            published.set(next);
        }
    };
    let publish = move || show(current());
    Effect::new(move |_| {
        state.view.track();
        shown.track();
        let next = current();
        // Blocks only added at the end (the first render growing, slice by slice)
        // go in at once: that is the growing's own pace, and nothing moved.
        let grows =
            published.with_untracked(|p| p.len() < next.len() && same_blocks(p, &next[..p.len()]));
        if !skipped.get_value() || (!stale.get_value() && grows) {
            show(next);
        } else if !stale.get_value() {
            stale.set_value(true);
            state.catch_up.push(move || {
                if stale.try_get_value() == Some(true) {
                    publish();
                }
            });
        }
    });
    let el: NodeRef<Div> = NodeRef::new();
    Effect::new(move |_| {
        let Some(el) = el.get() else { return };
        dom::listen_until_cleanup(&el, "contentvisibilityautostatechange", move |ev| {
            let now_skipped = js_sys::Reflect::get(&ev, &"skipped".into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            let _ = skipped.try_set_value(now_skipped);
            if !now_skipped && stale.try_get_value() == Some(true) {
                publish();
            }
        });
    });
    // Until a chunk is first laid out, the browser takes this for its height: about a
    // line per 110 bytes and per paragraph (2.2em a line), so the scrollbar is near right.
    // A memo, so that an edit elsewhere does not set every chunk's style again.
    let estimate = Memo::new(move |_| {
        let lines: usize = published.with(|p| p.iter().map(|(b, _)| 1 + b.range.len() / 110).sum());
        format!("contain-intrinsic-size: auto {}em", lines * 22 / 10)
    });
    view! {
        <div class="chunk" style=move || estimate.get() node_ref=el>
            <For each=move || published.get().to_vec() key=|(b, n)| (b.key, *n) let:item>
                <BlockView block=item.0 occurrence=item.1 published=published/>
            </For>
        </div>
    }
}

/// One paragraph block. It keeps its elements when it moves (text typed before it):
/// its offsets follow the chunk's list, the rest is drawn once.
#[component]
fn BlockView(
    /// The block as it was when drawn.
    block: Arc<Block>,
    /// How many equal blocks come before it in its chunk.
    occurrence: usize,
    /// What the chunk shows now, where this block's offsets are read.
    published: RwSignal<Shown>,
) -> impl IntoView {
    let state = use_state();
    let selector = expect_context::<Selector<SelectedKey>>();
    let view = state.view.get_untracked();
    let key = (block.key, occurrence);
    let (cp0, byte0) = (block.start_cp, block.range.start);
    // How far the block moved since it was drawn: (code points, bytes).
    let moved = Memo::new(move |_| {
        published.with(|p| {
            p.iter()
                .find(|(b, n)| (b.key, *n) == key)
                .map_or((0, 0), |(b, _)| {
                    (
                        b.start_cp as isize - cp0 as isize,
                        b.range.start as isize - byte0 as isize,
                    )
                })
        })
    });
    let nodes: Vec<AnyView> = block
        .nodes
        .iter()
        .map(|n| node_view(n, view.text(), &view.colors, &selector, moved))
        .collect();
    let at = move |base: usize, by: isize| (base as isize + by).max(0) as usize;
    view! {
        <div class="block" data-start=move || at(cp0, moved.get().0) data-byte=move || at(byte0, moved.get().1)>
            {nodes}
        </div>
    }
}

/// The view of `node`, whose block has since moved by `moved` (code points, bytes).
fn node_view(
    node: &Node,
    text: &str,
    colors: &HashMap<String, String>,
    selector: &Selector<SelectedKey>,
    moved: Memo<(isize, isize)>,
) -> AnyView {
    match node {
        Node::Text(range) => text.get(range.clone()).unwrap_or("").to_string().into_any(),
        Node::Mark(mark) => {
            let children: Vec<AnyView> = mark
                .children
                .iter()
                .map(|c| node_view(c, text, colors, selector, moved))
                .collect();
            let color = colors
                .get(&mark.label)
                .map(String::as_str)
                .unwrap_or("#ddd");
            let class = match (mark.first, mark.last) {
                (true, true) => "mark mark--first mark--last",
                (true, false) => "mark mark--first",
                (false, true) => "mark mark--last",
                (false, false) => "mark",
            };
            let (start, end, label) = (mark.start, mark.end, mark.label.clone());
            let at = move |base: usize| (base as isize + moved.get().0).max(0) as usize;
            let selector = selector.clone();
            view! {
                <mark
                    class=class
                    class:mark--selected=move || selector.selected(&Some((at(start), at(end), label.clone())))
                    data-testid=if mark.first { "mark" } else { "mark-part" }
                    data-label=mark.label.clone()
                    data-start=move || at(start)
                    data-end=move || at(end)
                    style=format!("--mark-color:{color}")
                >
                    {children}
                </mark>
            }
            .into_any()
        }
    }
}

/// Position of a client rect inside the scrolled `root`: (left, top) in its content box.
fn inside(root: &web_sys::Element, rect: &web_sys::DomRect) -> (f64, f64) {
    let base = root.get_bounding_client_rect();
    (
        rect.left() - base.left() + root.scroll_left() as f64,
        rect.top() - base.top() + root.scroll_top() as f64,
    )
}

/// The keyboard caret, drawn where the collapsed keyboard selection is.
#[component]
fn Caret(
    /// The rendered pane.
    root: NodeRef<Div>,
) -> impl IntoView {
    let state = use_state();
    let style = move || {
        let (anchor, focus) = state.caret.get()?;
        if anchor != focus || state.selected.get().is_some() {
            return None;
        }
        let el = root.get()?;
        let view = state.view.get();
        let (node, offset) = dom::dom_position(&el, &view, focus)?;
        let range = web_sys::window()?.document()?.create_range().ok()?;
        range.set_start(&node, offset).ok()?;
        range.collapse_with_to_start(true);
        let rect = range.get_bounding_client_rect();
        let (left, top) = inside(&el, &rect);
        Some(format!(
            "left:{left}px;top:{top}px;height:{}px",
            rect.height().max(16.0)
        ))
    };
    view! {
        <Show when=move || style().is_some()>
            <div class="caret" data-testid="caret" style=style></div>
        </Show>
    }
}

/// Drag handles on the selected span's two edges.
///
/// The handles stay in the page and are only moved (or hidden): inserting elements
/// into the rendered pane would make the browser lay it out again. Where they go is
/// measured in the next animation frame, just before that frame is drawn, so that an
/// edit's DOM changes are laid out once, with the frame, rather than synchronously
/// in the middle of the key press and then again for the frame.
#[component]
fn Handles(
    /// The rendered pane.
    root: NodeRef<Div>,
) -> impl IntoView {
    let state = use_state();
    // Where the handles go (start style, end style), or None to hide them.
    let placed = RwSignal::new(None::<(String, String)>);
    let measure_pending = StoredValue::new(false);
    // Left edge of the first piece, right edge of the last.
    let places = move || {
        let span = state.selected.get_untracked()?;
        let el = root.get_untracked()?;
        let view = state.view.get_untracked();
        let selector = format!(
            "mark[data-start=\"{}\"][data-end=\"{}\"][data-label=\"{}\"]",
            view.cp(span.start),
            view.cp(span.end),
            span.label
        );
        let pieces = el.query_selector_all(&selector).ok()?;
        let first: web_sys::Element = pieces.item(0)?.dyn_into().ok()?;
        let last: web_sys::Element = pieces.item(pieces.length() - 1)?.dyn_into().ok()?;
        let first_rects = first.get_client_rects();
        let last_rects = last.get_client_rects();
        let start = first_rects.get(0)?;
        let end = last_rects.get(last_rects.length().checked_sub(1)?)?;
        let (sl, st) = inside(&el, &start);
        let (el_, et) = inside(&el, &end);
        Some((
            format!("left:{}px;top:{st}px;height:{}px", sl - 3.0, start.height()),
            format!(
                "left:{}px;top:{et}px;height:{}px",
                el_ + end.width() - 3.0,
                end.height()
            ),
        ))
    };
    // On a new selection or view: hide the handles at once when nothing is selected,
    // else place them in the next frame (one measurement per frame).
    Effect::new(move |_| {
        let has_span = state.selected.with(Option::is_some);
        state.view.track();
        root.track();
        if !has_span {
            placed.set(None);
            return;
        }
        if measure_pending.get_value() {
            return;
        }
        measure_pending.set_value(true);
        request_animation_frame(move || {
            // `try_set_value` hands the value back when the handles were unmounted meanwhile.
            if measure_pending.try_set_value(false).is_some() {
                return;
            }
            let _ = placed.try_set(places());
        });
    });
    let start_drag = move |edge: Edge| {
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            ev.stop_propagation();
            state.dragging.set(Some(edge));
        }
    };
    // While dragging: follow the pointer; on release, resize.
    let preview = RwSignal::new(None::<(usize, usize)>);
    let move_handle = window_event_listener(leptos::ev::mousemove, move |ev| {
        let Some(edge) = state.dragging.get_untracked() else {
            return;
        };
        let view = state.view.get_untracked();
        let Some(pos) = dom::byte_at_point(&view, ev.client_x() as f64, ev.client_y() as f64)
        else {
            return;
        };
        let snap = state.snap_words.get_untracked() && !ev.alt_key();
        let Some((s, e)) = state.with_editor(|ed| ed.drag_preview(edge, pos, snap)) else {
            return;
        };
        preview.set(Some((s, e)));
        if let Some(el) = root.get_untracked() {
            dom::set_selection_bytes(&el, &view, s, e, edge == Edge::End);
        }
    });
    let up_handle = window_event_listener(leptos::ev::mouseup, move |_| {
        if state.dragging.get_untracked().is_none() {
            return;
        }
        state.dragging.set(None);
        dom::clear_selection();
        if let (Some(span), Some((s, e))) =
            (state.selected.get_untracked(), preview.get_untracked())
        {
            preview.set(None);
            if (s, e) != (span.start, span.end) {
                actions::resize(&state, &span, s, e);
            }
        }
    });
    on_cleanup(move || {
        move_handle.remove();
        up_handle.remove();
    });
    let style = move |end: bool| {
        placed.with(|p| match p {
            Some((s, e)) => {
                if end {
                    e.clone()
                } else {
                    s.clone()
                }
            }
            None => "display:none".to_string(),
        })
    };
    view! {
        <div class="handle handle--start" data-testid="handle-start" style=move || style(false)
            title="Drag to move the start (Alt: by character)" on:mousedown=start_drag(Edge::Start)></div>
        <div class="handle handle--end" data-testid="handle-end" style=move || style(true)
            title="Drag to move the end (Alt: by character)" on:mousedown=start_drag(Edge::End)></div>
    }
}
