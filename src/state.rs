//! The app state: the corpus, the [`Editor`] of the current document, and the
//! view the panes draw.
//!
//! The editor ([`tagmark_core::editor::Editor`]) is the one owner of the current
//! document: its source, the parsed document, the undo history, the selection
//! and the broken-tag literals. The app holds it in one signal and sends it
//! commands; what it answers (an outcome, or a refusal with its reason) becomes
//! a notice. Typing in the source pane waits in a small buffer until a pause
//! (debounced), then goes to the editor as typing. Each change publishes one
//! immutable [`ParsedView`] (blocks, legend, colours, diagnostics), which shares
//! the editor's document rather than copying it.
//!
//! The corpus is not reactive (it can hold thousands of documents);
//! [`AppState::corpus_rev`] is bumped whenever something a list shows changes.
//! It owns the label set; [`AppState::labels`] is a read-only view of it. It gets
//! the current document's source just after the next paint (writing a long
//! source and parsing it for the lists should not hold up a key press).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use tagmark_core::blocks::{blocks, Block};
use tagmark_core::corpus::{Corpus, DocId, NewDocument, Status};
use tagmark_core::edit::{Change, Edit, History};
use tagmark_core::editor::textarea::TextareaOffsets;
use tagmark_core::editor::{Edge, Editor, Refusal};
use tagmark_core::labels::LabelSet;
use tagmark_core::{Document, LineCol, OffsetMap, OffsetUnit, Span};

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
    /// The offending range in the source, in bytes.
    pub bytes: (usize, usize),
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

/// A snapshot of the current document, ready to draw.
#[derive(Debug, Default)]
pub struct ParsedView {
    /// The document: plain text and spans (the editor's, shared).
    pub doc: Arc<Document>,
    /// Code points ↔ bytes for the plain text.
    pub offsets: Option<Arc<OffsetMap>>,
    /// Paragraph blocks to render.
    pub blocks: Vec<Arc<Block>>,
    /// Diagnostics in source order.
    pub diagnostics: Vec<ShownDiagnostic>,
    /// Labels in the text, in order of first use, with colours and counts.
    pub legend: Vec<LegendEntry>,
    /// Colour of each label (of the label set and the text).
    pub colors: HashMap<String, String>,
}

impl ParsedView {
    /// Everything the panes show of the editor's document.
    pub fn from_editor(editor: &Editor, labels: &LabelSet) -> ParsedView {
        let diagnostics = shown_diagnostics(editor.source(), editor.diagnostics());
        ParsedView::from_document(editor.shared_document(), diagnostics, labels)
    }

    /// Prepares a view of `doc`.
    pub fn from_document(
        doc: Arc<Document>,
        diagnostics: Vec<ShownDiagnostic>,
        labels: &LabelSet,
    ) -> ParsedView {
        let colors = label_colors(labels, doc.labels());
        ParsedView::with_colors(doc, diagnostics, colors)
    }

    /// Prepares a view of `doc` drawn in `colors` (by label).
    pub fn with_colors(
        doc: Arc<Document>,
        diagnostics: Vec<ShownDiagnostic>,
        colors: HashMap<String, String>,
    ) -> ParsedView {
        let legend = legend(&doc, &colors);
        ParsedView {
            blocks: blocks(&doc).into_iter().map(Arc::new).collect(),
            offsets: Some(Arc::new(OffsetMap::new(&doc.text))),
            doc,
            diagnostics,
            legend,
            colors,
        }
    }

    /// A view of a saved preview (its text, spans and colours); None when its spans
    /// do not fit its text (a damaged record).
    pub fn from_preview(preview: &tagmark_core::store::Preview) -> Option<ParsedView> {
        let doc = Arc::new(preview.document().ok()?);
        let colors = preview.colors.iter().cloned().collect();
        Some(ParsedView::with_colors(doc, Vec::new(), colors))
    }

    /// The view after `change` turned `self.doc` into `doc`. When the text is the
    /// same, only the blocks the change touched are built again (the others keep
    /// their keys, so the page does not re-render them).
    pub fn after_change(
        &self,
        doc: Arc<Document>,
        change: &Change,
        labels: &LabelSet,
    ) -> ParsedView {
        let (Some(offsets), None, Some(affected)) =
            (&self.offsets, &change.text, change.affected())
        else {
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
        let i = self
            .blocks
            .binary_search_by_key(&start, |b| b.range.start)
            .ok()?;
        self.doc.text.get(self.blocks[i].range.clone())
    }

    /// The index of the block containing byte `byte` (the last block for the end of the text).
    pub fn block_index_of(&self, byte: usize) -> Option<usize> {
        self.blocks
            .partition_point(|b| b.range.start <= byte)
            .checked_sub(1)
    }

    /// The start byte of the block containing byte `byte` (the last block for the end of the text).
    pub fn block_start_of(&self, byte: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.range.start <= byte);
        self.blocks.get(i.checked_sub(1)?).map(|b| b.range.start)
    }

    /// Code-point offset of byte `byte`.
    pub fn cp(&self, byte: usize) -> usize {
        self.offsets
            .as_ref()
            .and_then(|m| m.from_byte(byte, OffsetUnit::Codepoints).ok())
            .unwrap_or(0)
    }

    /// Byte offset of code point `cp`.
    pub fn byte(&self, cp: usize) -> Option<usize> {
        self.offsets
            .as_ref()?
            .to_byte(cp, OffsetUnit::Codepoints)
            .ok()
    }

    /// The span with code-point range `start..end` and `label`, by index.
    pub fn find_span(&self, start_cp: usize, end_cp: usize, label: &str) -> Option<usize> {
        let (start, end) = (self.byte(start_cp)?, self.byte(end_cp)?);
        self.doc
            .spans
            .iter()
            .position(|s| s.start == start && s.end == end && s.label == label)
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
    /// Bumped whenever the corpus changes in a way a list shows (documents, statuses, names, current, labels).
    pub corpus_rev: RwSignal<u64>,
    /// The current document being edited: the one owner of its source, document,
    /// history and selection. Change it through [`AppState::command`] and the other methods here.
    pub editor: RwSignal<Editor, LocalStorage>,
    /// Bumped when the source is replaced from outside the textarea (example, file,
    /// an edit in the rendered pane), so the textarea takes the new value.
    pub loaded: RwSignal<u64>,
    /// What the panes draw of the current document.
    pub view: RwSignal<Arc<ParsedView>>,
    /// True while `view` is the saved first screen of the document being restored
    /// (see [`AppState::show_preview`]): drawn, but not the editor's, so the rendered
    /// pane is inert and keys wait.
    pub previewing: RwSignal<bool>,
    /// The label set, read-only: the corpus owns it (change it with [`AppState::update_labels`]).
    pub labels: Memo<LabelSet>,
    /// A request to select a UTF-16 range in the source textarea.
    pub select_in_source: RwSignal<Option<(u32, u32)>>,
    /// The selected span, if any (the editor's selection, read-only).
    pub selected: Memo<Option<Span>>,
    /// A text selection (bytes of the plain text) waiting for a label (the editor's, read-only).
    pub pending: Memo<Option<(usize, usize)>>,
    /// The keyboard caret in the rendered pane: (anchor, focus) bytes (the editor's, read-only).
    pub caret: Memo<Option<(usize, usize)>>,
    /// Snap selections to word boundaries (on by default).
    pub snap_words: RwSignal<bool>,
    /// The latest message for the status bar.
    pub notice: RwSignal<Option<Notice>>,
    /// The type-ahead label picker's query, when it is open.
    pub picker: RwSignal<Option<String>>,
    /// Whether the shortcuts overlay is open.
    pub shortcuts_open: RwSignal<bool>,
    /// Whether the label manager is open.
    pub labels_open: RwSignal<bool>,
    /// Whether the corpus panel (spans per label, statuses, inventory) is open.
    pub corpus_open: RwSignal<bool>,
    /// The edge of the selected span being dragged, if any.
    pub dragging: RwSignal<Option<Edge>>,
    /// Bumped when the editor's history changes (for the undo/redo buttons and the saver).
    pub history_rev: RwSignal<u64>,
    /// The document list's filter: next/previous document and "set status and move on" follow it.
    pub filter: RwSignal<tagmark_core::corpus::Filter>,
    /// Histories of the other open documents, kept while the page lives.
    histories: StoredValue<HashMap<DocId, History>, LocalStorage>,
    /// Which document the editor's history belongs to.
    history_doc: StoredValue<Option<DocId>, LocalStorage>,
    /// Off-screen chunks of the rendered pane still to be brought up to date.
    pub catch_up: crate::after_paint::AfterPaint,
    /// Jobs that wait for the next paint, one per frame.
    pub after_paint: crate::after_paint::AfterPaint,
    /// The source as typed and not yet given to the editor (it waits for a pause in typing).
    typed: StoredValue<Option<String>, LocalStorage>,
    parse_timer: StoredValue<Option<leptos::leptos_dom::helpers::TimeoutHandle>, LocalStorage>,
    write_back_pending: StoredValue<bool, LocalStorage>,
    pending_store: StoredValue<Option<DocId>, LocalStorage>,
    /// What ends the preview drawn by [`AppState::preview_then`], until it has run.
    preview_done: StoredValue<Option<Box<dyn FnOnce()>>, LocalStorage>,
}

impl AppState {
    /// Creates an empty state.
    pub fn new() -> AppState {
        let corpus = StoredValue::new_local(Corpus::new());
        let corpus_rev = RwSignal::new(0);
        let editor = RwSignal::new_local(Editor::default());
        AppState {
            corpus,
            corpus_rev,
            editor,
            loaded: RwSignal::new(0),
            view: RwSignal::new(Arc::new(ParsedView::default())),
            previewing: RwSignal::new(false),
            labels: Memo::new(move |_| {
                corpus_rev.track();
                corpus.with_value(|c| c.labels().clone())
            }),
            select_in_source: RwSignal::new(None),
            selected: Memo::new(move |_| editor.with(|e| e.selection().span.clone())),
            pending: Memo::new(move |_| editor.with(|e| e.selection().pending)),
            caret: Memo::new(move |_| editor.with(|e| e.selection().caret)),
            snap_words: RwSignal::new(true),
            notice: RwSignal::new(None),
            picker: RwSignal::new(None),
            shortcuts_open: RwSignal::new(false),
            labels_open: RwSignal::new(false),
            corpus_open: RwSignal::new(false),
            dragging: RwSignal::new(None),
            history_rev: RwSignal::new(0),
            filter: RwSignal::new(tagmark_core::corpus::Filter::all()),
            catch_up: crate::after_paint::AfterPaint::one_per_task(),
            after_paint: crate::after_paint::AfterPaint::one_per_frame(),
            histories: StoredValue::new_local(HashMap::new()),
            history_doc: StoredValue::new_local(None),
            typed: StoredValue::new_local(None),
            parse_timer: StoredValue::new_local(None),
            write_back_pending: StoredValue::new_local(false),
            pending_store: StoredValue::new_local(None),
            preview_done: StoredValue::new_local(None),
        }
    }

    /// Shows `text` in the status bar.
    pub fn notify(&self, kind: NoticeKind, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            text: text.into(),
            kind,
        }));
    }

    /// Shows why the editor refused a command.
    pub fn refused(&self, refusal: &Refusal) {
        let kind = if refusal.is_warning() {
            NoticeKind::Warning
        } else {
            NoticeKind::Info
        };
        self.notify(kind, refusal.to_string());
    }

    /// Runs `f` on the corpus and tells lists that it changed.
    pub fn update_corpus<R>(&self, f: impl FnOnce(&mut Corpus) -> R) -> R {
        let result = self
            .corpus
            .try_update_value(f)
            .expect("the corpus lives as long as the app");
        self.corpus_rev.update(|n| *n += 1);
        result
    }

    /// Reads the corpus (tracks [`Self::corpus_rev`] when called in a reactive context).
    pub fn with_corpus<R>(&self, f: impl FnOnce(&Corpus) -> R) -> R {
        self.corpus_rev.track();
        self.corpus.with_value(f)
    }

    /// Changes the label set (the corpus's) and redraws the view with its colours.
    pub fn update_labels(&self, f: impl FnOnce(&mut LabelSet)) {
        let changed = self.update_corpus(|c| {
            let mut set = c.labels().clone();
            f(&mut set);
            let changed = set != *c.labels();
            c.set_labels(set);
            changed
        });
        if changed {
            self.refresh_view();
        }
    }

    /// Reads the editor without tracking it.
    pub fn with_editor<R>(&self, f: impl FnOnce(&Editor) -> R) -> R {
        self.editor.with_untracked(f)
    }

    /// Reads the current source (written from the document first if a span edit left it unwritten).
    pub fn with_source<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        self.editor.with_untracked(|e| f(e.source()))
    }

    /// True when the source the panes show is at hand: typed and waiting, or
    /// written by the editor (after a span edit it is written when first read).
    pub fn source_is_written(&self) -> bool {
        self.typed.with_value(Option::is_some)
            || self.editor.with_untracked(Editor::source_is_written)
    }

    /// Reads the source as the source pane shows it: with the typing that waits for its
    /// pause (which [`Self::with_source`] does not see yet).
    pub fn with_shown_source<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        self.typed.with_value(|typed| match typed.as_deref() {
            Some(source) => f(source),
            None => self.editor.with_untracked(|e| f(e.source())),
        })
    }

    /// Changes the editor's selection (no document change).
    pub fn select(&self, f: impl FnOnce(&mut Editor)) {
        // What is selected may be in a chunk still to be brought up to date, and is
        // then looked up and scrolled to by its offsets.
        self.catch_up.flush();
        let mut f = Some(f);
        self.update_editor(&mut |e| {
            if let Some(f) = f.take() {
                f(e);
            }
        });
    }

    /// Runs `f` on the editor and notifies its readers. Not generic, so that each
    /// command does not bring its own copy of the signal's update code.
    fn update_editor(&self, f: &mut dyn FnMut(&mut Editor)) {
        self.editor.update(|e| f(e));
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
            self.typed.set_value(Some(text));
            self.loaded.update(|n| *n += 1);
            self.parse_now();
        }
    }

    /// Makes document `index` the current one.
    pub fn switch_to(&self, index: usize) {
        self.flush();
        // The corpus parsed the document when it was added or changed: the editor
        // takes that parse rather than parse a long document a second time.
        let (incoming, source, parsed) = self.update_corpus(|c| {
            c.set_current(index);
            match c.current_doc() {
                Some(d) => (Some(d.id()), d.source().to_string(), d.parsed().clone()),
                None => (None, String::new(), tagmark_core::parse("")),
            }
        });
        let outgoing = self.history_doc.get_value();
        let history = if incoming == outgoing {
            self.editor.with_untracked(|e| e.history().clone())
        } else {
            let previous = self
                .editor
                .try_update_untracked(Editor::take_history)
                .unwrap_or_default();
            self.histories.update_value(|all| {
                if let Some(id) = outgoing {
                    all.insert(id, previous);
                }
            });
            incoming
                .and_then(|id| {
                    self.histories
                        .try_update_value(|all| all.remove(&id))
                        .flatten()
                })
                .unwrap_or_default()
        };
        self.history_doc.set_value(incoming);
        self.editor
            .set(Editor::from_parsed(source, parsed).with_history(history));
        self.history_rev.update(|n| *n += 1);
        self.loaded.update(|n| *n += 1);
        if self.previewing.get_untracked() {
            self.previewing.set(false);
        }
        self.after_parse();
    }

    /// Sets the current document's review status and moves to the next document.
    pub fn set_status_and_advance(&self, status: Status) {
        self.flush();
        let next = self.update_corpus(|c| c.set_status_and_advance(status));
        self.switch_to(next);
    }

    /// The source pane's textarea now holds `value`: its change goes to the editor
    /// after a pause in typing (line breaks the user did not touch keep their bytes).
    pub fn edit_source(&self, value: String) {
        self.typed.update_value(|typed| {
            let source = match typed.as_deref() {
                Some(base) => tagmark_core::line_breaks::apply_textarea_value(base, &value),
                None => self.editor.with_untracked(|e| {
                    tagmark_core::line_breaks::apply_textarea_value(e.source(), &value)
                }),
            };
            *typed = Some(source);
        });
        self.schedule_parse();
    }

    /// Replaces the bytes `range` of the current source with `inserted` (typing in a
    /// source pane that measures in bytes); parsed after a pause in typing, like the textarea.
    /// A range that is not one of the source (out of bounds, inside a character) is refused with a notice.
    pub fn type_source(&self, range: std::ops::Range<usize>, inserted: &str) {
        let spliced = self.typed.try_update_value(|typed| {
            let next = match typed.as_deref() {
                Some(base) => tagmark_core::editor::splice(base, range, inserted),
                None => self
                    .editor
                    .with_untracked(|e| tagmark_core::editor::splice(e.source(), range, inserted)),
            }?;
            *typed = Some(next);
            Ok(())
        });
        match spliced {
            Some(Err(refusal)) => self.refused(&refusal),
            _ => self.schedule_parse(),
        }
    }

    fn schedule_parse(&self) {
        if let Some(handle) = self.parse_timer.get_value() {
            handle.clear();
        }
        let this = *self;
        let handle = set_timeout_with_handle(move || this.parse_now(), PARSE_DEBOUNCE).ok();
        self.parse_timer.set_value(handle);
    }

    /// True when no parse, write-back or corpus update is waiting for a timer or a frame.
    pub fn is_idle(&self) -> bool {
        self.parse_timer.with_value(Option::is_none)
            && self.typed.with_value(Option::is_none)
            && !self.write_back_pending.get_value()
            && self.pending_store.with_value(Option::is_none)
    }

    /// Gives typing that waits for a pause to the editor at once, and brings the
    /// corpus up to date (before switching documents or saving).
    pub fn flush(&self) {
        self.write_back();
        if self.typed.with_value(Option::is_some) {
            self.parse_now();
        }
        // After the parse, which leaves the corpus update waiting for the next frame
        // (a hidden page may never draw one).
        self.store_pending();
    }

    /// Gives typing that waits for a pause to the editor now (recorded for undo),
    /// and redraws the view.
    pub fn parse_now(&self) {
        if let Some(handle) = self.parse_timer.get_value() {
            handle.clear();
            self.parse_timer.set_value(None);
        }
        if let Some(source) = self.typed.try_update_value(Option::take).flatten() {
            // Typing is recorded once the history belongs to a document (not the first text of an empty page).
            let record = self.history_doc.get_value().is_some();
            let mut source = Some(source);
            self.update_editor(&mut |e| {
                if let Some(source) = source.take() {
                    e.replace_source(source, record);
                }
            });
        }
        if self.history_doc.get_value().is_none() {
            self.history_doc
                .set_value(self.corpus.with_value(|c| c.current_doc().map(|d| d.id())));
        }
        self.history_rev.update(|n| *n += 1);
        self.after_parse();
    }

    /// After the editor parsed a new source: the label set learns its labels, the
    /// view is redrawn, and the corpus gets the source after the next paint.
    fn after_parse(&self) {
        let labels = self.editor.with_untracked(|e| {
            e.document()
                .labels()
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
        });
        let mut set = self.corpus.with_value(|c| c.labels().clone());
        if set.add_missing(labels.iter().map(String::as_str)) > 0 {
            self.update_corpus(|c| c.set_labels(set));
        }
        mark_parsed();
        self.refresh_view();
        self.store_source_later();
    }

    /// Draws `preview`, the saved first screen of the document being restored, while
    /// the rest is read: the view only (the editor, the corpus and the store are not
    /// touched). The next [`AppState::switch_to`] or [`AppState::end_preview`] ends it.
    /// Does nothing when the editor already holds text (opened before the store was read).
    pub fn show_preview(&self, preview: &tagmark_core::store::Preview) {
        if !self.editor.with_untracked(|e| e.text().is_empty()) {
            return;
        }
        let Some(view) = ParsedView::from_preview(preview) else {
            return;
        };
        self.previewing.set(true);
        self.view.set(Arc::new(view));
    }

    /// Draws `preview`, the first blocks of a long source just pasted over the whole
    /// document (its labels coloured as the whole document will colour them: in
    /// order of first use after the label set's), and parses the source after the
    /// paint (or at once, [`AppState::finish_preview`], when a key comes first).
    pub fn preview_until_parsed(&self, preview: tagmark_core::store::Preview) {
        let state = *self;
        self.preview_then(preview, move || state.flush());
    }

    /// Draws `preview` (coloured as [`AppState::preview_until_parsed`] says), and runs
    /// `then`, which must make the view the editor's, after the paint; at once when
    /// `preview` cannot be drawn.
    pub fn preview_then(
        &self,
        preview: tagmark_core::store::Preview,
        then: impl FnOnce() + 'static,
    ) {
        let Ok(doc) = preview.document() else {
            then();
            return;
        };
        let colors = label_colors(&self.labels.get_untracked(), doc.labels());
        let view = ParsedView::with_colors(Arc::new(doc), Vec::new(), colors);
        self.finish_preview();
        self.previewing.set(true);
        self.view.set(Arc::new(view));
        self.preview_done.set_value(Some(Box::new(then)));
        let state = *self;
        leptos::task::spawn_local(async move {
            crate::after_paint::next_paint().await;
            state.finish_preview();
        });
    }

    /// Ends a preview drawn by [`AppState::preview_then`] now: what was to run after
    /// its paint runs at once (a key pressed meanwhile is for the document, not the
    /// preview). Does nothing when there is none.
    pub fn finish_preview(&self) {
        let Some(then) = self.preview_done.try_update_value(Option::take).flatten() else {
            return;
        };
        if self.previewing.get_untracked() {
            self.previewing.set(false);
        }
        then();
    }

    /// Ends a preview that nothing replaced (the store could not be read, or held
    /// something else): the view goes back to the editor's.
    pub fn end_preview(&self) {
        if self.previewing.get_untracked() {
            self.previewing.set(false);
            self.refresh_view();
        }
    }

    /// Draws the view afresh from the editor (e.g. after the label colours changed).
    pub fn refresh_view(&self) {
        let labels = self.labels.get_untracked();
        let view = self
            .editor
            .with_untracked(|e| ParsedView::from_editor(e, &labels));
        self.view.set(Arc::new(view));
    }

    /// Runs an editor command that may change the document (a span edit, undo, redo).
    /// On success the view redraws what the change touched and the source is
    /// written back after the next paint; a refusal changes nothing and is shown.
    pub fn command<T>(&self, f: impl FnOnce(&mut Editor) -> Result<T, Refusal>) -> Option<T> {
        let mut f = Some(f);
        let mut outcome = None;
        self.run_command(&mut |e| {
            // Called once: `update_editor` runs its closure once.
            let Some(f) = f.take() else { return Ok(()) };
            outcome = Some(f(e)?);
            Ok(())
        });
        outcome
    }

    /// The body of [`AppState::command`], not generic (see [`AppState::update_editor`]).
    fn run_command(&self, f: &mut dyn FnMut(&mut Editor) -> Result<(), Refusal>) {
        // Typing that waits for its pause goes first: the command acts on the text as shown.
        if self.typed.with_value(Option::is_some) {
            self.parse_now();
        }
        let mut result = Ok(());
        self.update_editor(&mut |e| result = f(e));
        if let Err(refusal) = result {
            self.refused(&refusal);
            return;
        }
        if let Some(change) = self
            .editor
            .try_update_untracked(Editor::take_change)
            .flatten()
        {
            let labels = self.labels.get_untracked();
            let view = self.view.get_untracked();
            let next = self.editor.with_untracked(|e| {
                let mut next = view.after_change(e.shared_document(), &change, &labels);
                if !e.diagnostics().is_empty() {
                    next.diagnostics = shown_diagnostics(e.source(), e.diagnostics());
                }
                next
            });
            self.publish_view(next);
        }
        self.history_rev.update(|n| *n += 1);
    }

    /// Applies a span edit made in the rendered pane (see [`AppState::command`]).
    pub fn apply_edit(&self, edit: Edit) -> Option<Change> {
        self.command(|e| e.apply(edit))
    }

    /// Undoes the last change to the current document.
    pub fn undo(&self) {
        if let Some(done) = self.command(Editor::undo) {
            self.notify(NoticeKind::Info, done.to_string());
        }
    }

    /// Redoes the last undone change.
    pub fn redo(&self) {
        if let Some(done) = self.command(Editor::redo) {
            self.notify(NoticeKind::Info, done.to_string());
        }
    }

    /// Publishes an edited document: the rendered pane updates at once; the source
    /// is written back (source pane, corpus) just after the next frame is painted,
    /// so the key press is answered within the frame. (Replacing text in a textarea
    /// makes the browser lay all of it out again: ~80 ms for 250 KB.)
    pub fn publish_view(&self, view: ParsedView) {
        self.view.set(Arc::new(view));
        if self.write_back_pending.get_value() {
            return;
        }
        self.write_back_pending.set_value(true);
        let this = *self;
        self.after_paint.push_first(move || this.write_back());
    }

    /// Writes the edited document back (source pane, corpus), if an edit is waiting for it.
    fn write_back(&self) {
        if !self.write_back_pending.get_value() {
            return;
        }
        self.write_back_pending.set_value(false);
        self.loaded.update(|n| *n += 1);
        // The corpus's copy (which re-indexes a long text for search) in a task of
        // its own, after the next paint: not in the same frame as the source pane's.
        self.store_source_later();
    }

    /// Gives the corpus the current source after the next paint (the corpus parses
    /// it again for its lists, which a long document should not make the user wait for).
    fn store_source_later(&self) {
        let Some(id) = self.corpus.with_value(|c| c.current_doc().map(|d| d.id())) else {
            self.store_source();
            return;
        };
        let first = self
            .pending_store
            .try_update_value(|p| p.replace(id).is_none())
            .unwrap_or(true);
        if first {
            let this = *self;
            self.after_paint.push(move || this.store_pending());
        }
    }

    /// Gives the corpus the source waiting in [`Self::store_source_later`], if any.
    fn store_pending(&self) {
        let Some(id) = self.pending_store.try_update_value(Option::take).flatten() else {
            return;
        };
        let source = self.editor.with_untracked(|e| e.source().to_string());
        let index = self
            .corpus
            .with_value(|c| c.position(id).filter(|&i| c.docs()[i].source() != source));
        if let Some(index) = index {
            // The editor parsed it: the corpus keeps that parse rather than parse again.
            let parsed = self.editor.with_untracked(Editor::parsed);
            self.update_corpus(|c| c.set_parsed(index, source, parsed));
        }
    }

    fn store_source(&self) {
        let source = self.editor.with_untracked(|e| e.source().to_string());
        let changed = self
            .corpus
            .with_value(|c| c.current_doc().map(|d| d.source() != source));
        match changed {
            Some(true) => {
                let parsed = self.editor.with_untracked(Editor::parsed);
                self.update_corpus(|c| {
                    let current = c.current();
                    c.set_parsed(current, source, parsed)
                });
            }
            Some(false) => {}
            None if !source.is_empty() => {
                // The editor parsed it: the corpus keeps that parse rather than parse again.
                let parsed = self.editor.with_untracked(Editor::parsed);
                self.update_corpus(|c| c.add_parsed("untitled.txt", "inline", source, parsed));
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
pub fn shown_diagnostics(
    source: &str,
    diagnostics: &[tagmark_core::Diagnostic],
) -> Vec<ShownDiagnostic> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    // The textarea shows `\r\n` as one `\n` and counts UTF-16 units.
    let offsets = TextareaOffsets::new(source);
    diagnostics
        .iter()
        .map(|d| ShownDiagnostic {
            at: d.at,
            message: d.message(),
            utf16: (offsets.utf16(d.range.start), offsets.utf16(d.range.end)),
            bytes: (d.range.start, d.range.end),
        })
        .collect()
}

/// Publishes `window.__tagmark_parsed_at` (performance.now() when the last parse
/// finished), which the browser benchmark reads: a test hook, only in builds with
/// the `test-hooks` feature.
fn mark_parsed() {
    #[cfg(feature = "test-hooks")]
    {
        let Some(window) = web_sys::window() else {
            return;
        };
        let now = window.performance().map(|p| p.now()).unwrap_or(0.0);
        let _ = js_sys::Reflect::set(&window, &"__tagmark_parsed_at".into(), &now.into());
    }
}
