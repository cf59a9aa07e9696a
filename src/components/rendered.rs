//! The rendered pane: the plain text with every span as a coloured `<mark>`.
//!
//! The text is cut into paragraph blocks (see [`tagmark_core::blocks`]); each block
//! is keyed by a hash of what it shows, so a change re-renders only the blocks it
//! touches. Blocks carry `content-visibility: auto`, so the browser skips layout
//! and paint of those off screen. A long document's first blocks are rendered at
//! once and the rest follow in slices, so the first screen appears without waiting
//! for the whole document.
//!
//! Text is always inserted as text nodes, never as HTML. Label names are drawn by
//! CSS (`::after { content: attr(data-label) }`), so a mark's text content is
//! exactly its span's text.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use tagmark_core::blocks::{Block, Node};

use super::use_state;

/// Blocks rendered in the first pass.
const FIRST_SLICE: usize = 40;
/// Blocks added by each later pass.
const SLICE: usize = 250;

/// The annotated text, or the empty state when there is no text.
#[component]
pub fn Rendered() -> impl IntoView {
    let state = use_state();
    let shown = RwSignal::new(FIRST_SLICE);
    let generation = StoredValue::new(0u64);

    // On every new parse: show the first slice now, the rest in later tasks.
    Effect::new(move |_| {
        let total = state.view.get().blocks.len();
        generation.update_value(|g| *g += 1);
        let this_generation = generation.get_value();
        shown.set(FIRST_SLICE.min(total));
        fn grow(shown: RwSignal<usize>, total: usize, generation: StoredValue<u64>, this: u64) {
            if generation.get_value() != this || shown.get_untracked() >= total {
                return;
            }
            set_timeout(
                move || {
                    if generation.get_value() == this {
                        shown.update(|n| *n = (*n + SLICE).min(total));
                        grow(shown, total, generation, this);
                    }
                },
                Duration::from_millis(0),
            );
        }
        grow(shown, total, generation, this_generation);
    });

    let blocks = move || {
        let view = state.view.get();
        let n = shown.get().min(view.blocks.len());
        view.blocks[..n].to_vec()
    };
    let is_empty = move || state.source.with(|s| s.is_empty());

    view! {
        <Show when=move || !is_empty() fallback=|| view! { <EmptyState/> }>
            <div class="rendered" data-testid="rendered" aria-label="Annotated text">
                <For each=blocks key=|b| b.key let:block>
                    <BlockView block=block/>
                </For>
            </div>
        </Show>
    }
}

/// What the rendered pane shows before there is any text.
#[component]
fn EmptyState() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="empty" data-testid="empty-state">
            <p class="empty__lead">"Paste a seed into the source pane on the left, or open a .txt file."</p>
            <p class="empty__hint">
                "A seed is text whose entities are marked with inline tags, like "
                <code>"the <model>NeuraScale-9</model> architecture"</code>
                ". Each tagged span shows up here in its label's colour."
            </p>
            <button class="button button--primary" data-testid="empty-load-example"
                on:click=move |_| state.open_documents(vec![("example.txt".into(), "inline".into(), tagmark_core::EXAMPLE_SEED.to_string())])>
                "Load the example seed"
            </button>
        </div>
    }
}

/// One paragraph block.
#[component]
fn BlockView(
    /// The block to show.
    block: Arc<Block>,
) -> impl IntoView {
    let state = use_state();
    let view = state.view.get_untracked();
    let nodes: Vec<AnyView> = block.nodes.iter().map(|n| node_view(n, view.text(), &view.colors)).collect();
    view! { <div class="block" data-start=block.start_cp data-byte=block.range.start>{nodes}</div> }
}

fn node_view(node: &Node, text: &str, colors: &HashMap<String, String>) -> AnyView {
    match node {
        Node::Text(range) => text.get(range.clone()).unwrap_or("").to_string().into_any(),
        Node::Mark(mark) => {
            let children: Vec<AnyView> = mark.children.iter().map(|c| node_view(c, text, colors)).collect();
            let color = colors.get(&mark.label).map(String::as_str).unwrap_or("#ddd");
            let class = match (mark.first, mark.last) {
                (true, true) => "mark mark--first mark--last",
                (true, false) => "mark mark--first",
                (false, true) => "mark mark--last",
                (false, false) => "mark",
            };
            view! {
                <mark
                    class=class
                    data-testid=if mark.first { "mark" } else { "mark-part" }
                    data-label=mark.label.clone()
                    data-start=mark.start
                    data-end=mark.end
                    style=format!("--mark-color:{color}")
                >
                    {children}
                </mark>
            }
            .into_any()
        }
    }
}
