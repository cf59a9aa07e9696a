//! The app state: the corpus, the document being edited, its parsed view, the
//! label set, the selection and the undo history.
//!
//! The current document's inline source text is the single source of truth for
//! what it contains. Typing in the source pane schedules a parse (debounced);
//! an edit made in the rendered pane is applied to the parsed [`Document`], then
//! written back as inline tags, so the two panes never disagree. Each parse or
//! edit publishes one immutable [`ParsedView`], so panes read a consistent snapshot.
//!
//! The corpus itself is not reactive (it can hold thousands of documents);
//! [`AppState::corpus_rev`] is bumped whenever something a list shows changes.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use tagmark_core::blocks::{blocks, Block};
use tagmark_core::corpus::{Corpus, DocId, NewDocument, Status};
use tagmark_core::edit::{Edit, History, SpanRef};
use tagmark_core::labels::LabelSet;
use tagmark_core::{parse, Document, LineCol, OffsetMap, OffsetUnit, Span};

use crate::colors;

/// How long typing must pause before the source is parsed again.
pub const PARSE_DEBOUNCE: Duration = Duration::from_millis(120);

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

/// A parsed snapshot of the current document.
#[derive(Debug, Default)]
pub struct ParsedView {
    /// The document: plain text and spans.
    pub doc: Document,
    /// Code points ↔ bytes for the plain text.
    pub offsets: Option<Arc<OffsetMap>>,
    /// Paragraph blocks to render.
    pub blocks: Vec<Arc<Block>>,
    /// Diagnostics in source order.
    pub diagnostics: Vec<ShownDiagnostic>,
    /// Where the broken tags (kept as text) begin in the text; see
    /// [`tagmark_core::Parsed::literal_tags`]. Empty when the source is well-formed.
    pub literal_tags: Vec<usize>,
    /// Labels in the text, in order of first use, with colours and counts.
    pub legend: Vec<LegendEntry>,
    /// Colour of each label (of the label set and the text).
    pub colors: HashMap<String, String>,
}

impl ParsedView {
    /// Parses `source` and prepares everything the panes show.
    pub fn from_source(source: &str, labels: &LabelSet) -> ParsedView {
        ParsedView::from_parsed(source, parse(source), labels)
    }

    /// Prepares everything the panes show from `parsed`, the parse of `source`.
    pub fn from_parsed(source: &str, parsed: tagmark_core::Parsed, labels: &LabelSet) -> ParsedView {
        let diagnostics = shown_diagnostics(source, &parsed.diagnostics);
        let mut view = ParsedView::from_document(parsed.document, diagnostics, labels);
        view.literal_tags = parsed.literal_tags;
        view
    }

    /// Prepares a view of `doc` (already parsed or edited).
    pub fn from_document(doc: Document, diagnostics: Vec<ShownDiagnostic>, labels: &LabelSet) -> ParsedView {
        let colors = label_colors(labels, doc.labels());
        let legend = legend(&doc, &colors);
        ParsedView {
            blocks: blocks(&doc).into_iter().map(Arc::new).collect(),
            offsets: Some(Arc::new(OffsetMap::new(&doc.text))),
            doc,
            diagnostics,
            literal_tags: Vec::new(),
            legend,
            colors,
        }
    }

    /// The view after `change` turned `self.doc` into `doc`. When the text is the
    /// same, only the blocks the change touched are built again (the others keep
    /// their keys, so the page does not re-render them).
    pub fn after_change(&self, doc: Document, change: &tagmark_core::Change, labels: &LabelSet) -> ParsedView {
        let (Some(offsets), None, Some(affected)) = (&self.offsets, &change.text, change.affected()) else {
            return ParsedView::from_document(doc, Vec::new(), labels);
        };
        let colors = label_colors(labels, doc.labels());
        let blocks = self
            .blocks
            .iter()
            .map(|b| {
                let touched = b.range.start <= affected.end && affected.start <= b.range.end;
                if touched {
                    Arc::new(tagmark_core::blocks::block(&doc, offsets, b.range.clone()))
                } else {
                    Arc::clone(b)
                }
            })
            .collect();
        let legend = legend(&doc, &colors);
        ParsedView {
            blocks,
            offsets: Some(Arc::clone(offsets)),
            doc,
            diagnostics: Vec::new(),
            literal_tags: Vec::new(),
            legend,
            colors,
        }
    }

    /// The plain text.
    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// Number of spans.
    pub fn span_count(&self) -> usize {
        self.doc.spans.len()
    }

    /// The text of the block that starts at byte `start`.
    pub fn block_text_at(&self, start: usize) -> Option<&str> {
        let i = self.blocks.binary_search_by_key(&start, |b| b.range.start).ok()?;
        self.doc.text.get(self.blocks[i].range.clone())
    }

    /// The start byte of the block containing byte `byte` (the last block for the end of the text).
    pub fn block_start_of(&self, byte: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.range.start <= byte);
        self.blocks.get(i.checked_sub(1)?).map(|b| b.range.start)
    }

    /// Code-point offset of byte `byte`.
    pub fn cp(&self, byte: usize) -> usize {
        self.offsets.as_ref().and_then(|m| m.from_byte(byte, OffsetUnit::Codepoints).ok()).unwrap_or(0)
    }

    /// Byte offset of code point `cp`.
    pub fn byte(&self, cp: usize) -> Option<usize> {
        self.offsets.as_ref()?.to_byte(cp, OffsetUnit::Codepoints).ok()
    }

    /// The span with code-point range `start..end` and `label`, by index.
    pub fn find_span(&self, start_cp: usize, end_cp: usize, label: &str) -> Option<usize> {
        let (start, end) = (self.byte(start_cp)?, self.byte(end_cp)?);
        self.doc.spans.iter().position(|s| s.start == start && s.end == end && s.label == label)
    }
}

/// The legend rows of `doc`: labels in order of first use, with colours and counts.
fn legend(doc: &Document, colors: &HashMap<String, String>) -> Vec<LegendEntry> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for span in &doc.spans {
        *counts.entry(span.label.as_str()).or_default() += 1;
    }
    doc.labels()
        .into_iter()
        .map(|label| LegendEntry {
            label: label.to_string(),
            color: colors.get(label).cloned().unwrap_or_default(),
            count: counts.get(label).copied().unwrap_or(0),
        })
        .collect()
}

/// Colours for the label set's labels and the labels in the text: a label's own
/// colour if it has one, else the stable palette assignment.
pub fn label_colors<'a>(labels: &'a LabelSet, in_text: Vec<&'a str>) -> HashMap<String, String> {
    let names = labels.labels.iter().map(|l| l.name.as_str()).chain(in_text);
    let mut colors = colors::assign(names);
    for label in &labels.labels {
        if let Some(color) = &label.color {
            colors.insert(label.name.clone(), color.clone());
        }
    }
    colors
}

/// How a notice looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something happened as asked.
    Info,
    /// An action was refused or something needs attention.
    Warning,
    /// Something failed (e.g. storage).
    Error,
}

/// A message shown in the status bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// What to say.
    pub text: String,
    /// How to show it.
    pub kind: NoticeKind,
}

/// State shared by every component through context.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Every open document. Not reactive: read it inside something that tracks [`Self::corpus_rev`].
    pub corpus: StoredValue<Corpus, LocalStorage>,
    /// Bumped whenever the corpus changes in a way a list shows (documents, statuses, names, current).
    pub corpus_rev: RwSignal<u64>,
    /// The current document's source text as last typed, pasted, loaded or written back.
    pub source: RwSignal<String>,
    /// Bumped when the source is replaced from outside the textarea (example, file,
    /// an edit in the rendered pane), so the textarea takes the new value.
    pub loaded: RwSignal<u64>,
    /// The latest parse of the current document.
    pub view: RwSignal<Arc<ParsedView>>,
    /// The label set: labels found in the text plus any the user added.
    pub labels: RwSignal<LabelSet>,
    /// A request to select a UTF-16 range in the source textarea.
    pub select_in_source: RwSignal<Option<(u32, u32)>>,
    /// The selected span, if any.
    pub selected: RwSignal<Option<Span>>,
    /// A text selection (bytes of the plain text) waiting for a label.
    pub pending: RwSignal<Option<(usize, usize)>>,
    /// Snap selections to word boundaries (on by default).
    pub snap_words: RwSignal<bool>,
    /// The latest message for the status bar.
    pub notice: RwSignal<Option<Notice>>,
    /// The caret and selection of keyboard selection in the rendered pane: (anchor, focus) bytes.
    pub caret: RwSignal<Option<(usize, usize)>>,
    /// The type-ahead label picker's query, when it is open.
    pub picker: RwSignal<Option<String>>,
    /// Whether the shortcuts overlay is open.
    pub shortcuts_open: RwSignal<bool>,
    /// Whether the label manager is open.
    pub labels_open: RwSignal<bool>,
    /// Whether the corpus panel (spans per label, statuses, inventory) is open.
    pub corpus_open: RwSignal<bool>,
    /// The edge of the selected span being dragged, if any.
    pub dragging: RwSignal<Option<crate::actions::Edge>>,
    /// The current document's undo history.
    pub history: StoredValue<History, LocalStorage>,
    /// Bumped when the history changes (for the undo/redo buttons).
    pub history_rev: RwSignal<u64>,
    /// Histories of the other open documents, kept while the page lives.
    histories: StoredValue<HashMap<DocId, History>, LocalStorage>,
    /// Which document the history belongs to.
    history_doc: StoredValue<Option<DocId>, LocalStorage>,
    parse_timer: StoredValue<Option<leptos::leptos_dom::helpers::TimeoutHandle>, LocalStorage>,
    write_back_pending: StoredValue<bool, LocalStorage>,
    pending_store: StoredValue<Option<(DocId, String)>, LocalStorage>,
}

impl AppState {
    /// Creates an empty state.
    pub fn new() -> AppState {
        AppState {
            corpus: StoredValue::new_local(Corpus::new()),
            corpus_rev: RwSignal::new(0),
            source: RwSignal::new(String::new()),
            loaded: RwSignal::new(0),
            view: RwSignal::new(Arc::new(ParsedView::default())),
            labels: RwSignal::new(LabelSet::default()),
            select_in_source: RwSignal::new(None),
            selected: RwSignal::new(None),
            pending: RwSignal::new(None),
            snap_words: RwSignal::new(true),
            notice: RwSignal::new(None),
            caret: RwSignal::new(None),
            picker: RwSignal::new(None),
            shortcuts_open: RwSignal::new(false),
            labels_open: RwSignal::new(false),
            corpus_open: RwSignal::new(false),
            dragging: RwSignal::new(None),
            history: StoredValue::new_local(History::new()),
            history_rev: RwSignal::new(0),
            histories: StoredValue::new_local(HashMap::new()),
            history_doc: StoredValue::new_local(None),
            parse_timer: StoredValue::new_local(None),
            write_back_pending: StoredValue::new_local(false),
            pending_store: StoredValue::new_local(None),
        }
    }

    /// Shows `text` in the status bar.
    pub fn notify(&self, kind: NoticeKind, text: impl Into<String>) {
        self.notice.set(Some(Notice { text: text.into(), kind }));
    }

    /// Runs `f` on the corpus and tells lists that it changed.
    pub fn update_corpus<R>(&self, f: impl FnOnce(&mut Corpus) -> R) -> R {
        let result = self.corpus.try_update_value(f).expect("the corpus lives as long as the app");
        self.corpus_rev.update(|n| *n += 1);
        result
    }

    /// Reads the corpus (tracks [`Self::corpus_rev`] when called in a reactive context).
    pub fn with_corpus<R>(&self, f: impl FnOnce(&Corpus) -> R) -> R {
        self.corpus_rev.track();
        self.corpus.with_value(f)
    }

    /// Opens documents (each a [`NewDocument`] or `(name, source format, inline
    /// source)`) and shows the first of them.
    pub fn open_documents<D: Into<NewDocument>>(&self, docs: Vec<D>) {
        if docs.is_empty() {
            return;
        }
        let range = self.update_corpus(|c| c.add_documents(docs));
        self.switch_to(range.start);
    }

    /// Replaces the current document's source (or opens a new document when there is none).
    pub fn load(&self, name: &str, text: String) {
        if self.corpus.with_value(|c| c.is_empty()) {
            self.open_documents(vec![(name.to_string(), "inline".to_string(), text)]);
        } else {
            self.flush();
            self.source.set(text);
            self.after_source_change();
        }
    }

    /// Makes document `index` the current one.
    pub fn switch_to(&self, index: usize) {
        self.flush();
        // The corpus parsed the document when it was added or changed: show that
        // parse rather than parse a long document a second time.
        let (source, parsed) = self.update_corpus(|c| {
            c.set_current(index);
            c.current_doc().map(|d| (d.source().to_string(), Some(d.parsed().clone()))).unwrap_or_default()
        });
        self.selected.set(None);
        self.pending.set(None);
        self.caret.set(None);
        self.swap_history();
        self.source.set(source);
        self.loaded.update(|n| *n += 1);
        self.parse(false, parsed);
    }

    /// Keeps the outgoing document's history and takes the incoming one's.
    fn swap_history(&self) {
        let incoming = self.corpus.with_value(|c| c.current_doc().map(|d| d.id()));
        let outgoing = self.history_doc.get_value();
        if incoming == outgoing {
            return;
        }
        let previous = self.history.try_update_value(std::mem::take).unwrap_or_default();
        self.histories.update_value(|all| {
            if let Some(id) = outgoing {
                all.insert(id, previous);
            }
            if let Some(id) = incoming {
                let next = all.remove(&id).unwrap_or_default();
                self.history.set_value(next);
            }
        });
        self.history_doc.set_value(incoming);
        self.history_rev.update(|n| *n += 1);
    }

    /// Sets the current document's review status and moves to the next document.
    pub fn set_status_and_advance(&self, status: Status) {
        self.flush();
        let next = self.update_corpus(|c| c.set_status_and_advance(status));
        self.switch_to(next);
    }

    /// Records text typed or pasted in the source pane and parses it after a pause.
    pub fn edit_source(&self, text: String) {
        self.source.set(text);
        if let Some(handle) = self.parse_timer.get_value() {
            handle.clear();
        }
        let this = *self;
        let handle = set_timeout_with_handle(move || this.parse_now(), PARSE_DEBOUNCE).ok();
        self.parse_timer.set_value(handle);
    }

    fn after_source_change(&self) {
        self.loaded.update(|n| *n += 1);
        self.parse_now();
    }

    /// True when no parse, write-back or corpus update is waiting for a timer or a frame.
    pub fn is_idle(&self) -> bool {
        self.parse_timer.with_value(Option::is_none)
            && !self.write_back_pending.get_value()
            && self.pending_store.with_value(Option::is_none)
    }

    /// Parses a pending source change at once (before switching documents or saving).
    pub fn flush(&self) {
        self.write_back();
        if self.parse_timer.get_value().is_some() {
            self.parse_now();
        }
        // After the parse, which leaves its source waiting for the next frame (a hidden
        // page may never draw one).
        self.store_pending();
    }

    /// Parses the current source now, publishes the result and stores it in the corpus.
    /// The change from the previous parse is recorded for undo.
    pub fn parse_now(&self) {
        self.parse(true, None);
    }

    /// Parses the current source (or takes `parsed`, its parse already made);
    /// `record` says whether the change from the view shown so far is an edit of
    /// this document (typing) or another document altogether.
    fn parse(&self, record: bool, parsed: Option<tagmark_core::Parsed>) {
        if let Some(handle) = self.parse_timer.get_value() {
            handle.clear();
            self.parse_timer.set_value(None);
        }
        let source = self.source.get_untracked();
        let mut labels = self.labels.get_untracked();
        let parsed = parsed.unwrap_or_else(|| parse(&source));
        let view = ParsedView::from_parsed(&source, parsed, &labels);
        if record {
            self.record_typing(&self.view.get_untracked().doc, &view.doc);
        }
        if labels.add_missing(view.doc.labels()) > 0 {
            self.labels.set(labels);
        }
        mark_parsed();
        let keep = self.selected.get_untracked().filter(|s| view.doc.spans.contains(s));
        self.selected.set(keep);
        self.view.set(Arc::new(view));
        self.store_source_later(source);
    }

    /// Records the change typing made (old → new document) as history steps:
    /// the text replaced, then the spans that differ. When the steps cannot be
    /// replayed exactly, the history is cleared rather than left wrong.
    fn record_typing(&self, old: &Document, new: &Document) {
        if old == new || self.history_doc.get_value().is_none() {
            self.history_doc.set_value(self.corpus.with_value(|c| c.current_doc().map(|d| d.id())));
            return;
        }
        let ok = self
            .history
            .try_update_value(|history| {
                let mut doc = old.clone();
                let (a, b_old, b_new) = tagmark_core::line_breaks::diff(&old.text, &new.text);
                if a < b_old || a < b_new {
                    let edit = Edit::ReplaceText { range: a..b_old, with: new.text[a..b_new].to_string() };
                    if history.apply(&mut doc, edit).is_err() {
                        return false;
                    }
                }
                // Hash sets keep this linear: a long document has thousands of spans.
                let in_new: std::collections::HashSet<&Span> = new.spans.iter().collect();
                let gone: Vec<Span> = doc.spans.iter().filter(|s| !in_new.contains(s)).cloned().collect();
                for span in gone {
                    if history.apply(&mut doc, Edit::RemoveSpan { target: SpanRef::Span(span) }).is_err() {
                        return false;
                    }
                }
                let in_doc: std::collections::HashSet<&Span> = doc.spans.iter().collect();
                let added: Vec<Span> = new.spans.iter().filter(|s| !in_doc.contains(s)).cloned().collect();
                for span in added {
                    if history.apply(&mut doc, Edit::AddSpan { span }).is_err() {
                        return false;
                    }
                }
                doc == *new
            })
            .unwrap_or(false);
        if !ok {
            self.history.update_value(History::clear);
        }
        self.history_rev.update(|n| *n += 1);
    }

    /// Applies a span edit made in the rendered pane, records it for undo, and writes
    /// the document back as inline tags. A refused edit changes nothing and says why.
    pub fn apply_edit(&self, edit: Edit) -> Option<tagmark_core::edit::Change> {
        let view = self.view.get_untracked();
        let mut doc = view.doc.clone();
        let change = match edit.apply(&mut doc) {
            Ok(change) => change,
            Err(err) => {
                self.notify(NoticeKind::Warning, err.to_string());
                return None;
            }
        };
        if !change.is_empty() {
            // Checked before it is recorded: with broken tags in the source it may be refused.
            let next = self.view_after(&view, doc, &change)?;
            self.history.update_value(|h| h.record(edit, change.clone()));
            self.publish_view(next);
        }
        self.history_rev.update(|n| *n += 1);
        Some(change)
    }

    /// Undoes the last change to the current document.
    pub fn undo(&self) {
        self.step_history(true);
    }

    /// Redoes the last undone change.
    pub fn redo(&self) {
        self.step_history(false);
    }

    fn step_history(&self, undo: bool) {
        self.flush();
        let view = self.view.get_untracked();
        let Some(change) = self.history.with_value(|h| h.peek(undo)) else {
            self.notify(NoticeKind::Info, if undo { "Nothing to undo." } else { "Nothing to redo." });
            return;
        };
        let mut doc = view.doc.clone();
        if let Err(err) = change.apply(&mut doc) {
            self.notify(NoticeKind::Warning, err.to_string());
            return;
        }
        // Checked before the history moves: with broken tags in the source it may be refused.
        let Some(next) = self.view_after(&view, doc, &change) else { return };
        self.history.update_value(|h| h.commit(undo));
        self.history_rev.update(|n| *n += 1);
        // Select what the step brought back, if it was a span.
        let selected = change.inserted.first().map(|s| s.span.clone());
        self.publish_view(next);
        self.selected.set(selected);
        self.pending.set(None);
        self.notify(NoticeKind::Info, if undo { "Undone." } else { "Redone." });
    }

    /// Publishes an edited document: the rendered pane updates at once; the document
    /// is written back as inline tags (source pane, corpus) just after the next frame
    /// is painted, so the key press is answered within the frame. (Replacing text in
    /// a textarea makes the browser lay all of it out again: ~80 ms for 250 KB.)
    pub fn publish_view(&self, view: ParsedView) {
        self.view.set(Arc::new(view));
        if self.write_back_pending.get_value() {
            return;
        }
        self.write_back_pending.set_value(true);
        let this = *self;
        request_animation_frame(move || set_timeout(move || this.write_back(), Duration::ZERO));
    }

    /// Writes the edited document back as inline tags, if an edit is waiting for it.
    fn write_back(&self) {
        if !self.write_back_pending.get_value() {
            return;
        }
        self.write_back_pending.set_value(false);
        let source = self.view.with_untracked(|v| tagmark_core::write::write_keeping(&v.doc, &v.literal_tags));
        self.source.set(source.clone());
        self.loaded.update(|n| *n += 1);
        self.store_source(source);
    }

    /// Stores a parsed source in the corpus after the next paint (the corpus parses
    /// it again for its lists, which a long document should not make the user wait for).
    fn store_source_later(&self, source: String) {
        let Some(id) = self.corpus.with_value(|c| c.current_doc().map(|d| d.id())) else {
            self.store_source(source);
            return;
        };
        let first = self.pending_store.try_update_value(|p| p.replace((id, source)).is_none()).unwrap_or(true);
        if first {
            let this = *self;
            request_animation_frame(move || set_timeout(move || this.store_pending(), Duration::ZERO));
        }
    }

    /// Stores the source waiting in [`Self::store_source_later`], if any.
    fn store_pending(&self) {
        let Some((id, source)) = self.pending_store.try_update_value(Option::take).flatten() else { return };
        let index = self.corpus.with_value(|c| c.position(id).filter(|&i| c.docs()[i].source() != source));
        if let Some(index) = index {
            self.update_corpus(|c| c.set_source(index, source));
        }
    }

    fn store_source(&self, source: String) {
        let changed = self.corpus.with_value(|c| c.current_doc().map(|d| d.source() != source));
        match changed {
            Some(true) => {
                self.update_corpus(|c| {
                    let current = c.current();
                    c.set_source(current, source)
                });
            }
            Some(false) => {}
            None if !source.is_empty() => {
                self.update_corpus(|c| c.add_document("untitled.txt", "inline", source));
            }
            None => {}
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// The diagnostics of `source`, ready to show.
pub fn shown_diagnostics(source: &str, diagnostics: &[tagmark_core::Diagnostic]) -> Vec<ShownDiagnostic> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let map = OffsetMap::new(source);
    // The textarea shows `\r\n` as one `\n`: its offsets count one unit less per CRLF.
    let crlf: Vec<usize> = source.match_indices("\r\n").map(|(i, _)| i).collect();
    let utf16 = |b: usize| {
        let before = crlf.partition_point(|&i| i < b);
        (map.from_byte(b, OffsetUnit::Utf16).unwrap_or(0) - before) as u32
    };
    diagnostics
        .iter()
        .map(|d| ShownDiagnostic { at: d.at, message: d.message(), utf16: (utf16(d.range.start), utf16(d.range.end)) })
        .collect()
}

/// Publishes `window.__tagmark_parsed_at` (performance.now() when the last parse
/// finished), which the browser benchmark reads.
fn mark_parsed() {
    let Some(window) = web_sys::window() else { return };
    let now = window.performance().map(|p| p.now()).unwrap_or(0.0);
    let _ = js_sys::Reflect::set(&window, &"__tagmark_parsed_at".into(), &now.into());
}
