//! The one place that reads and writes the DOM selection of the rendered pane.
//!
//! The rendered pane is a list of `.block` elements, each with `data-byte` (its
//! byte offset in the plain text); the text nodes inside a block, in order, are
//! exactly the block's text (labels are drawn by CSS and are not text). A DOM
//! position (node, offset) becomes a byte offset by measuring the UTF-16 length of
//! the text from the block's start to it (`Range::to_string`) and converting that
//! with the block's [`OffsetMap`]. The reverse walks the block's text nodes.

use tagmark_core::{OffsetMap, OffsetUnit};

/// Blocks per `.chunk` element of the rendered pane (chunk `i` holds blocks
/// `i * CHUNK_BLOCKS ..`): the unit the browser skips when it is off screen.
pub const CHUNK_BLOCKS: usize = 32;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use crate::state::ParsedView;

/// Calls `f` on every `event` at `el` until the calling owner (a component or an
/// effect run) is cleaned up, when the listener is removed.
pub fn listen_until_cleanup(
    el: &Element,
    event: &'static str,
    f: impl Fn(web_sys::Event) + 'static,
) {
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(f);
    let _ = el.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    let held = send_wrapper::SendWrapper::new((el.clone(), listener));
    leptos::prelude::on_cleanup(move || {
        let (el, listener) = &*held;
        let _ = el.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    });
}

/// The `.block` element that contains `node`, if any.
fn block_of(node: &Node) -> Option<Element> {
    let element = match node.dyn_ref::<Element>() {
        Some(el) => el.clone(),
        None => node.parent_element()?,
    };
    element.closest(".block").ok().flatten()
}

/// The byte offset in the plain text of the DOM position (`node`, `offset`).
pub fn byte_at(view: &ParsedView, node: &Node, offset: u32) -> Option<usize> {
    let block = block_of(node)?;
    let block_start: usize = block.get_attribute("data-byte")?.parse().ok()?;
    let document = block.owner_document()?;
    let range = document.create_range().ok()?;
    range.set_start(&block, 0).ok()?;
    range.set_end(node, offset).ok()?;
    let utf16 = range.to_string().length() as usize;
    let block_text = view.block_text_at(block_start)?;
    let within = OffsetMap::new(block_text)
        .to_byte(utf16, OffsetUnit::Utf16)
        .ok()?;
    Some(block_start + within)
}

/// The current DOM selection inside `root` as an ordered byte range, with whether it is collapsed.
pub fn selection_bytes(root: &Element, view: &ParsedView) -> Option<(usize, usize)> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.range_count() == 0 {
        return None;
    }
    let anchor = selection.anchor_node()?;
    let focus = selection.focus_node()?;
    if !root.contains(Some(&anchor)) || !root.contains(Some(&focus)) {
        return None;
    }
    let a = byte_at(view, &anchor, selection.anchor_offset())?;
    let f = byte_at(view, &focus, selection.focus_offset())?;
    Some((a.min(f), a.max(f)))
}

/// The DOM position of byte `byte` of the plain text inside `root`.
pub fn dom_position(root: &Element, view: &ParsedView, byte: usize) -> Option<(Node, u32)> {
    let block_start = view.block_start_of(byte)?;
    let block = root
        .query_selector(&format!(".block[data-byte=\"{block_start}\"]"))
        .ok()??;
    let block_text = view.block_text_at(block_start)?;
    let mut remaining = OffsetMap::new(block_text)
        .from_byte(byte - block_start, OffsetUnit::Utf16)
        .ok()? as u32;
    // Walk the text nodes in order.
    let mut last: Option<Node> = None;
    let mut stack: Vec<Node> = vec![block.clone().into()];
    let mut order: Vec<Node> = Vec::new();
    while let Some(node) = stack.pop() {
        if node.node_type() == Node::TEXT_NODE {
            order.push(node);
            continue;
        }
        let children = node.child_nodes();
        for i in (0..children.length()).rev() {
            if let Some(child) = children.item(i) {
                stack.push(child);
            }
        }
    }
    for node in order {
        let len = node
            .text_content()
            .map(|t| t.encode_utf16().count() as u32)
            .unwrap_or(0);
        if remaining <= len {
            return Some((node, remaining));
        }
        remaining -= len;
        last = Some(node);
    }
    last.map(|n| {
        let len = n
            .text_content()
            .map(|t| t.encode_utf16().count() as u32)
            .unwrap_or(0);
        (n, len)
    })
    .or(Some((block.into(), 0)))
}

/// Shows the byte range `start..end` as the DOM selection (collapsed when equal),
/// with the focus at `focus_at_end`'s side.
pub fn set_selection_bytes(
    root: &Element,
    view: &ParsedView,
    start: usize,
    end: usize,
    focus_at_end: bool,
) {
    let (Some((sn, so)), Some((en, eo))) = (
        dom_position(root, view, start),
        dom_position(root, view, end),
    ) else {
        return;
    };
    let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) else {
        return;
    };
    let result = if focus_at_end {
        selection.set_base_and_extent(&sn, so, &en, eo)
    } else {
        selection.set_base_and_extent(&en, eo, &sn, so)
    };
    if result.is_ok() {
        if let Some(el) = en.parent_element() {
            scroll_into_view(&el);
        }
    }
}

/// Scrolls `el` into view if it is off screen.
pub fn scroll_into_view(el: &Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Clears the DOM selection.
pub fn clear_selection() {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.remove_all_ranges();
    }
}

/// The byte offset under the viewport point (`x`, `y`), for dragging a span's edge.
pub fn byte_at_point(view: &ParsedView, x: f64, y: f64) -> Option<usize> {
    let document = web_sys::window()?.document()?;
    let position = document.caret_position_from_point(x as f32, y as f32)?;
    let node = position.offset_node()?;
    byte_at(view, &node, position.offset())
}
