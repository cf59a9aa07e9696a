//! The app state: the source text, its parsed view, and requests between panes.
//!
//! The source text is the single source of truth. Every change to it schedules a
//! parse (debounced while typing); the parse result is kept as one immutable
//! [`ParsedView`] so that panes read a consistent snapshot.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use tagmark_core::blocks::{blocks, Block};
use tagmark_core::{parse, LineCol, OffsetMap, OffsetUnit};

use crate::colors;

/// How long typing must pause before the source is parsed again.
pub const PARSE_DEBOUNCE: Duration = Duration::from_millis(120);

/// Where the source is kept between visits.
const STORAGE_KEY: &str = "tagmark.source";

/// One problem, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownDiagnostic {
    /// Line and column in the source.
    pub at: LineCol,
    /// The message.
    pub message: String,
    /// The offending range in the source, in UTF-16 code units (textarea offsets).
    pub utf16: (u32, u32),
}

/// One legend row.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// Label name.
    pub label: String,
    /// CSS colour.
    pub color: String,
    /// Number of spans with this label.
    pub count: usize,
}

/// A parsed snapshot of the source.
#[derive(Debug, Default)]
pub struct ParsedView {
    /// The plain text.
    pub text: String,
    /// Paragraph blocks to render.
    pub blocks: Vec<Arc<Block>>,
    /// Diagnostics in source order.
    pub diagnostics: Vec<ShownDiagnostic>,
    /// Labels in order of first use, with colours and counts.
    pub legend: Vec<LegendEntry>,
    /// Colour of each label.
    pub colors: HashMap<String, String>,
    /// Number of spans.
    pub span_count: usize,
}

impl ParsedView {
    /// Parses `source` and prepares everything the panes show.
    pub fn build(source: &str) -> ParsedView {
        let parsed = parse(source);
        let doc = &parsed.document;
        let labels = doc.labels();
        let colors = colors::assign(labels.iter().copied());
        let legend = labels
            .iter()
            .map(|&label| LegendEntry {
                label: label.to_string(),
                color: colors.get(label).cloned().unwrap_or_default(),
                count: doc.spans.iter().filter(|s| s.label == label).count(),
            })
            .collect();
        let diagnostics = if parsed.diagnostics.is_empty() {
            Vec::new()
        } else {
            let map = OffsetMap::new(source);
            let utf16 = |b: usize| map.from_byte(b, OffsetUnit::Utf16).unwrap_or(0) as u32;
            parsed
                .diagnostics
                .iter()
                .map(|d| ShownDiagnostic {
                    at: d.at,
                    message: d.message(),
                    utf16: (utf16(d.range.start), utf16(d.range.end)),
                })
                .collect()
        };
        ParsedView {
            blocks: blocks(doc).into_iter().map(Arc::new).collect(),
            span_count: doc.spans.len(),
            text: parsed.document.text,
            diagnostics,
            legend,
            colors,
        }
    }
}

/// State shared by every component through context.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The source text as last typed, pasted or loaded.
    pub source: RwSignal<String>,
    /// Bumped when the source is replaced from outside the textarea (example, file),
    /// so the textarea takes the new value without fighting the user's typing.
    pub loaded: RwSignal<u64>,
    /// The latest parse.
    pub view: RwSignal<Arc<ParsedView>>,
    /// A request to select a UTF-16 range in the source textarea.
    pub select_in_source: RwSignal<Option<(u32, u32)>>,
    pending: StoredValue<Option<leptos::leptos_dom::helpers::TimeoutHandle>, LocalStorage>,
}

impl AppState {
    /// Creates the state, restoring the source saved by the last visit.
    pub fn new() -> AppState {
        let saved: String = <gloo::storage::LocalStorage as gloo::storage::Storage>::get(STORAGE_KEY).unwrap_or_default();
        let state = AppState {
            source: RwSignal::new(String::new()),
            loaded: RwSignal::new(0),
            view: RwSignal::new(Arc::new(ParsedView::default())),
            select_in_source: RwSignal::new(None),
            pending: StoredValue::new_local(None),
        };
        if !saved.is_empty() {
            state.load(saved);
        }
        state
    }

    /// Replaces the source (example, file, restore) and parses it at once.
    pub fn load(&self, text: String) {
        self.source.set(text);
        self.loaded.update(|n| *n += 1);
        self.parse_now();
    }

    /// Records text typed or pasted in the source pane and parses it after a pause.
    pub fn edit(&self, text: String) {
        self.source.set(text);
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        let this = *self;
        let handle = set_timeout_with_handle(move || this.parse_now(), PARSE_DEBOUNCE).ok();
        self.pending.set_value(handle);
    }

    /// Parses the current source now and publishes the result.
    pub fn parse_now(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
        }
        let source = self.source.get_untracked();
        let view = ParsedView::build(&source);
        mark_parsed();
        self.view.set(Arc::new(view));
        save(&source);
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// Saves the source for the next visit; a full or missing storage only costs the restore.
fn save(source: &str) {
    if let Err(err) = <gloo::storage::LocalStorage as gloo::storage::Storage>::set(STORAGE_KEY, source) {
        gloo::console::warn!(format!("tagmark: could not save the source: {err}"));
    }
}

/// Publishes `window.__tagmark_parsed_at` (performance.now() when the last parse
/// finished), which the browser benchmark reads.
fn mark_parsed() {
    let now = web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0);
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__tagmark_parsed_at".into(), &now.into());
    }
}
