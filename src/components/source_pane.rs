//! The source pane: the inline-tagged text, tags highlighted, that stays smooth on a
//! 1 MB seed.
//!
//! A textarea holding a whole long document makes the browser lay all of it out on
//! every change (about half a second for 1 MB). So the pane keeps only a *window* of
//! lines in the DOM, the way CodeMirror 6 and Monaco do, and keeps the native
//! textarea for typing (input methods, spell check off, native copy, cut and paste,
//! selection, a text box to screen readers):
//!
//! - Every line is one row of [`ROW_PX`] (`white-space: pre`, no wrapping; long lines
//!   scroll sideways). A spacer as tall as all the rows gives the scroll bar its size.
//! - The textarea holds the lines around the rows in view ([`SourceLines::window_around`]:
//!   up to [`MARGIN_LINES`] on each side, within [`WINDOW_BYTES`]), placed at its first
//!   line's row. Its text is transparent; behind it the lines near the rows in view
//!   are drawn highlighted ([`highlighted`]), and a gutter shows their numbers.
//! - An `input` event becomes a splice: the part of the textarea's value that changed
//!   is turned into a byte range of the source and the text typed
//!   ([`AppState::type_source`]); `\r\n` and lone `\r` outside it keep their bytes.
//! - Scrolling moves the window when the rows in view near its edge: at once when the
//!   caret is what moves; when the view is scrolled, the rows in view are drawn at
//!   once and the textarea follows after [`SETTLE_MS`] of pause. The selection is
//!   carried over in source bytes, whole even where it reaches past the new window
//!   ([`window_selection`]): a `Shift`+arrow selection grows over any number of
//!   screens, and a caret left behind by scrolling away is brought back into view
//!   by the next key, as in a textarea holding everything.
//! - What the window cannot do natively is done here: `Ctrl`+`A` selects the whole
//!   document; copy, cut, typing and deleting over a selection that reaches past the
//!   window act on all of it; paste is read from the clipboard event and spliced in
//!   (the textarea never lays out a 1 MB value); undo and redo are the app's history,
//!   one with the rendered pane's edits.
//! - `Ctrl`+`Home` and `Ctrl`+`End` go to the document's start and end (with `Shift`,
//!   select to there); `Ctrl`+`G` opens *Go to line*.
//! - The caret inside a tagged span selects that span in the rendered pane; a span
//!   selected there lights up its tags here and scrolls them into view.
//!
//! Tests and scripts read and set the whole text with `window.__tagmark_source()`
//! and `window.__tagmark_set_source(text)` (a build with the `test-hooks` feature); `fill` on the textarea still works for a
//! document that fits in one window.

mod goto_line;
mod highlighted;

use std::ops::Range;
use std::sync::Arc;

use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use tagmark_core::highlight::{pair_at, tag_pairs};
use tagmark_core::line_breaks::{diff, source_offset};
use tagmark_core::source_lines::{near_rows, typed_text, SourceLines, Window};
use tagmark_core::window_selection::{self, Selection};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

use super::use_state;
use crate::state::AppState;
use goto_line::GoToLine;
use highlighted::Highlighted;
use tagmark_core::store::{Preview, PreviewSize};

/// The height of one line (px); `style/main.css` sets the same (`.source`).
pub const ROW_PX: f64 = 20.0;
/// Lines kept in the textarea beyond the rows in view, on each side (at most).
pub const MARGIN_LINES: usize = 8;
/// Lines drawn highlighted beyond the rows in view, on each side (rounded out to
/// multiples of this): the textarea's margin lines are there for the caret, and are
/// not drawn until they scroll near (a fast scroll brings in a whole new window on
/// every frame, and each drawn line costs style, layout and paint).
pub const DRAWN_MARGIN: usize = 4;
/// The narrowest a column of the pane's monospace font can be (px): a row is drawn
/// up to the column this many pixels make at the pane's right edge (and 32 more).
/// Rows of a long line are cut there, so a scroll does not lay out and paint the
/// hundreds of columns out of view on the right (13 px monospace: about 7.8 px).
pub const MIN_COLUMN_PX: f64 = 6.0;
/// Bytes the textarea holds at most (the rows in view always go in, however long).
pub const WINDOW_BYTES: usize = 24 * 1024;
/// When the view is scrolled (not by the caret moving) past what the textarea's window
/// keeps, the rows in view are drawn at once and the textarea follows them once the
/// scroll has paused this long (ms): moving it costs a layout of all its lines, which
/// on every frame of a fast scroll of a long document made frames miss.
pub const SETTLE_MS: u64 = 80;

/// What the pane keeps between events; every field is cheap to copy.
#[derive(Clone, Copy)]
struct Pane {
    state: AppState,
    textarea: NodeRef<Textarea>,
    scroller: NodeRef<Div>,
    spacer: NodeRef<Div>,
    /// The lines of the current source.
    lines: RwSignal<Arc<SourceLines>>,
    /// Which text `lines` indexes (see [`source_key`]).
    lines_key: StoredValue<(usize, usize, u64)>,
    /// The window the textarea holds.
    window: RwSignal<Window>,
    /// The lines the window should hold (kept across edits that add or remove lines).
    want: StoredValue<Range<usize>>,
    /// Asks the sync to run again (after a scroll that leaves the window).
    rewindow: RwSignal<u64>,
    /// The lines near the rows in view ([`near_rows`] with [`DRAWN_MARGIN`]), drawn
    /// highlighted, and the columns drawn of each.
    near: RwSignal<(Range<usize>, usize)>,
    /// The textarea's value as last written or typed.
    shown: StoredValue<String>,
    /// A selection (source bytes) to set, and bring its focus into view, at the next sync.
    pending: StoredValue<Option<Selection>>,
    /// The whole selection when it reaches past the window (the textarea holds its
    /// part inside): see [`window_selection::read`].
    held: StoredValue<Option<Selection>>,
    /// An input method is composing: the textarea is left alone until it ends.
    composing: StoredValue<bool>,
    /// The tags of the span selected in the rendered pane.
    lit: RwSignal<Vec<Range<usize>>>,
    /// The scroller's scroll top and height (px) as last read in a scroll event or
    /// set here: reading them after an edit changed the page would make the browser
    /// lay the page out in the middle of the task, and again for the frame.
    view_box: StoredValue<Option<(f64, f64)>>,
    /// The scroller's scroll left and width (px), read with `view_box`.
    view_x: StoredValue<(f64, f64)>,
    /// The page has been painted since the pane was mounted: its box may be read
    /// (before, reading it would make the browser lay the page out in the middle of
    /// building it; a restored 1 MB document: about 30 ms, and again for the frame).
    painted: StoredValue<bool>,
    goto_open: RwSignal<bool>,
    /// The textarea will follow the rows in view when this fires (see [`SETTLE_MS`]).
    settle: StoredValue<Option<TimeoutHandle>>,
}

/// The editable source with highlighted tags, a line-number gutter and *Go to line*.
#[component]
pub fn SourcePane() -> impl IntoView {
    let state = use_state();
    let first = Arc::new(state.with_shown_source(SourceLines::new));
    let first_window = first.window(0..MARGIN_LINES);
    let pane = Pane {
        state,
        textarea: NodeRef::new(),
        scroller: NodeRef::new(),
        spacer: NodeRef::new(),
        lines: RwSignal::new(first),
        lines_key: StoredValue::new(state.with_shown_source(source_key)),
        window: RwSignal::new(first_window.clone()),
        want: StoredValue::new(first_window.lines.clone()),
        rewindow: RwSignal::new(0),
        near: RwSignal::new((0..MARGIN_LINES, usize::MAX)),
        shown: StoredValue::new(String::new()),
        pending: StoredValue::new(None),
        held: StoredValue::new(None),
        composing: StoredValue::new(false),
        lit: RwSignal::new(Vec::new()),
        view_box: StoredValue::new(None),
        view_x: StoredValue::new((0.0, 2000.0)),
        painted: StoredValue::new(false),
        goto_open: RwSignal::new(false),
        settle: StoredValue::new(None),
    };
    #[cfg(feature = "test-hooks")]
    expose_test_hooks(state);

    // Until the first paint the pane is taken to be at the top and as tall as the
    // window; then it is measured, and the window of lines chosen again.
    leptos::task::spawn_local(async move {
        crate::after_paint::next_paint().await;
        if pane.painted.try_set_value(true).is_none() {
            pane.view_box.set_value(None);
            pane.rewindow.update(|n| *n += 1);
        }
    });
    // A new window size: the height in view is read again.
    let resize = window_event_listener(leptos::ev::resize, move |_| pane.on_scroll());
    on_cleanup(move || {
        resize.remove();
        pane.cancel_settle();
    });

    // The one place the textarea's value is written: the source was replaced from
    // outside (a document opened, an edit written back, undo), or the window moved.
    Effect::new(move |_| {
        state.loaded.track();
        pane.rewindow.track();
        if pane.textarea.get().is_some() {
            pane.sync();
        }
    });

    // A diagnostic clicked: select its tag (the request is in UTF-16 units of the whole text).
    Effect::new(move |_| {
        let Some((a, b)) = state.select_in_source.get() else {
            return;
        };
        state.select_in_source.set(None);
        let (a, b) = state.with_shown_source(|s| {
            let whole = pane.lines.with_untracked(|l| l.window(0..l.count()));
            (
                whole.view_to_source(s, a as usize),
                whole.view_to_source(s, b as usize),
            )
        });
        pane.go_to(a, b);
    });

    // A span selected in the rendered pane: light up its tags, and bring them into view,
    // after the next paint (finding them writes the source of an edited document and
    // reads all of it: the rendered pane's change is drawn first).
    Effect::new(move |_| {
        let selected = state.selected.get();
        state.after_paint.push(move || light_up(pane, selected));
    });
    fn light_up(pane: Pane, selected: Option<tagmark_core::Span>) {
        let state = pane.state;
        if pane.lit.try_get_untracked().is_none()
            || state.selected.try_get_untracked().flatten() != selected
        {
            // Unmounted, or another span was selected meanwhile (its own job follows).
            return;
        }
        let found = selected.and_then(|span| {
            let literal = state.with_editor(|e| e.literal_tags().to_vec());
            let spans = state.view.with_untracked(|v| Arc::clone(&v.doc));
            state.with_shown_source(|s| {
                tag_pairs(s, &literal, &spans.spans)
                    .into_iter()
                    .find(|p| p.text == span.range() && p.label == span.label)
            })
        });
        match found {
            Some(pair) => {
                pane.lit.set(vec![pair.open.clone(), pair.close.clone()]);
                pane.reveal(pair.open.start);
            }
            None => pane.lit.set(Vec::new()),
        }
    }

    // The lines drawn: those near the rows in view (in the window, or not yet in it
    // while a fast scroll is under way).
    let drawn = Memo::new(move |_| {
        let near = pane.near.with(|(lines, _)| lines.clone());
        let count = pane.lines.with(|l| l.count());
        near.start.min(count)..near.end.min(count)
    });
    // Where they are drawn: moved from the window's first line to their own.
    let shift = Memo::new(move |_| {
        let rows = drawn.get().start as f64 - pane.window.with(|w| w.lines.start) as f64;
        format!("translateY({}px)", rows * ROW_PX)
    });
    let columns = Memo::new(move |_| pane.near.with(|(_, columns)| *columns));
    let rows = Memo::new(move |previous: Option<&Vec<highlighted::Row>>| {
        let drawn = drawn.get();
        let columns = columns.get();
        let lines = pane.lines.get();
        let lit = pane.lit.get();
        state.view.track();
        // A span edit's new source is written after the paint (the write-back then
        // moves the window and draws these rows again): reading it here would write
        // a long document in the key's task.
        if let Some(previous) = previous.filter(|_| !state.source_is_written()) {
            return previous.clone();
        }
        if drawn.is_empty() || drawn.end > lines.count() {
            return Vec::new();
        }
        let window = lines.window(drawn);
        state.view.with_untracked(|view| {
            state.with_shown_source(|s| {
                if window.bytes.end > s.len() {
                    return Vec::new();
                }
                highlighted::rows(
                    s,
                    &lines,
                    &window,
                    columns,
                    &view.diagnostics,
                    &view.colors,
                    &lit,
                )
            })
        })
    });
    let gutter = move || {
        let lines = drawn.get();
        (lines.start + 1..=lines.end)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let top = move || format!("{}px", pane.window.with(|w| w.lines.start) as f64 * ROW_PX);
    let rows_tall = move || format!("{}px", pane.window.with(|w| w.lines.len()) as f64 * ROW_PX);
    let wide = move || format!("calc({}ch + 6ch)", pane.lines.with(|l| l.widest()));
    let count = move || pane.lines.with(|l| l.count());

    view! {
        <div class="source" data-testid="source-scroller" node_ref=pane.scroller
            on:scroll=move |_| pane.on_scroll()
            on:mousedown=move |ev| pane.on_row_mousedown(&ev)>
            <div class="source__spacer" node_ref=pane.spacer style:min-width=wide>
                <div class="source__window" style:top=top>
                    <pre class="source__gutter" aria-hidden="true" data-testid="source-gutter"
                        style:transform=shift>{gutter}</pre>
                    <div class="source__code" style:height=rows_tall>
                        <Highlighted rows=rows shift=shift/>
                        <textarea
                            class="source__input"
                            data-testid="source"
                            node_ref=pane.textarea
                            spellcheck="false"
                            wrap="off"
                            autocomplete="off"
                            aria-label="Source text with inline tags"
                            aria-multiline="true"
                            readonly=move || state.previewing.get()
                            placeholder="Paste a seed here: text with inline tags such as <model>NeuraScale-9</model>"
                            on:beforeinput=move |ev| pane.on_beforeinput(&ev)
                            on:input=move |_| pane.on_input()
                            on:keydown=move |ev| pane.on_keydown(&ev)
                            on:keyup=move |_| pane.on_caret()
                            on:mouseup=move |_| pane.on_caret()
                            on:select=move |_| pane.on_caret()
                            on:paste=move |ev| pane.on_paste(&ev)
                            on:copy=move |ev| pane.on_copy(&ev, false)
                            on:cut=move |ev| pane.on_copy(&ev, true)
                            on:compositionstart=move |_| pane.composing.set_value(true)
                            on:compositionend=move |_| {
                                pane.composing.set_value(false);
                                pane.rewindow.update(|n| *n += 1);
                            }
                            on:mousemove=move |ev| pane.on_hover(&ev)
                            // Leaving the pane (or a script's `change` event) parses at once rather than
                            // after the typing pause.
                            on:change=move |_| state.flush()
                        ></textarea>
                    </div>
                </div>
            </div>
        </div>
        <Show when=move || pane.goto_open.get()>
            <GoToLine lines=count() on_close=move |_| pane.goto_open.set(false)
                go=move |text: String| {
                    let lines = pane.lines.get_untracked();
                    match state.with_shown_source(|s| goto_line::target(s, &lines, &text)) {
                        Ok(byte) => {
                            pane.go_to(byte, byte);
                            None
                        }
                        Err(err) => Some(err.to_string()),
                    }
                }/>
        </Show>
    }
}

impl Pane {
    fn el(&self) -> Option<HtmlTextAreaElement> {
        self.textarea.get_untracked()
    }

    fn focused(&self, el: &HtmlTextAreaElement) -> bool {
        let el: &web_sys::Element = el.as_ref();
        document().active_element().is_some_and(|a| a == *el)
    }

    /// The rows in view now.
    fn visible(&self, lines: &SourceLines) -> Range<usize> {
        let (top, height) = self.view_box();
        lines.rows_in_view(top, height, ROW_PX)
    }

    /// The scroller's scroll top and height (px): as last read, else read now.
    fn view_box(&self) -> (f64, f64) {
        if let Some(known) = self.view_box.get_value() {
            return known;
        }
        if !self.painted.get_value() {
            let height = window().inner_height().ok().and_then(|h| h.as_f64());
            return (0.0, height.unwrap_or(1000.0));
        }
        let read = self.scroller.get_untracked().map_or((0.0, 600.0), |s| {
            self.view_x
                .set_value((s.scroll_left() as f64, s.client_width() as f64));
            (s.scroll_top() as f64, s.client_height() as f64)
        });
        self.view_box.set_value(Some(read));
        read
    }

    /// Scrolls the scroller to `top` (px) and remembers where it is.
    fn scroll_to(&self, scroller: &web_sys::HtmlElement, top: f64) {
        scroller.set_scroll_top(top as i32);
        // Not read back (that would lay the page out now): the browser may clamp it
        // at the end, and the scroll event it sends brings the true place.
        let height = self.view_box.get_value().map(|(_, h)| h);
        self.view_box.set_value(height.map(|h| (top, h)));
    }

    /// The whole selection in source bytes, read through `window` (which the value
    /// shows), with the part past the window that the textarea cannot hold.
    fn selection(&self, el: &HtmlTextAreaElement, source: &str, window: &Window) -> Selection {
        let start = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        let end = el.selection_end().ok().flatten().unwrap_or(0) as usize;
        let backward = el.selection_direction().ok().flatten().as_deref() == Some("backward");
        let (anchor, focus) = if backward { (end, start) } else { (start, end) };
        window_selection::read(source, window, anchor, focus, self.held.get_value())
    }

    /// Gives the textarea (holding `window`) the part of `selection` inside it, and
    /// keeps the whole of it when it reaches past.
    fn set_selection(
        &self,
        el: &HtmlTextAreaElement,
        source: &str,
        window: &Window,
        selection: Selection,
    ) {
        let (anchor, focus) = window_selection::shown(source, window, selection);
        let direction = if focus < anchor {
            "backward"
        } else {
            "forward"
        };
        let _ = el.set_selection_range_with_direction(
            anchor.min(focus) as u32,
            anchor.max(focus) as u32,
            direction,
        );
        self.hold(selection, window);
    }

    /// Keeps `selection` whole when it reaches past `window`, else forgets any.
    fn hold(&self, selection: Selection, window: &Window) {
        self.held
            .set_value(selection.leaves(window).then_some(selection));
    }

    /// The whole selection now (the window the textarea holds, read through).
    fn current_selection(&self, el: &HtmlTextAreaElement) -> Selection {
        let window = self.window.get_untracked();
        self.state
            .with_shown_source(|s| self.selection(el, s, &window))
    }

    /// Brings the line of source byte `byte` into view unless it is in view.
    fn reveal(&self, byte: usize) {
        let (Some(scroller), Some(spacer)) =
            (self.scroller.get_untracked(), self.spacer.get_untracked())
        else {
            return;
        };
        let line = self.lines.with_untracked(|l| l.line_of(byte));
        let visible = self.lines.with_untracked(|l| self.visible(l));
        if visible.start < line && line + 1 < visible.end {
            return;
        }
        // The spacer may not have its new height yet.
        let lines = self.lines.with_untracked(|l| l.count());
        set_height(&spacer, lines);
        let top = (line as f64 * ROW_PX - self.view_box().1 / 3.0).max(0.0);
        self.scroll_to(&scroller, top);
        self.rewindow.update(|n| *n += 1);
    }

    /// Selects source bytes `a..b`, brings them into view and gives the textarea the focus.
    fn go_to(&self, a: usize, b: usize) {
        self.select(Selection {
            anchor: a,
            focus: b,
        });
    }

    /// Sets `selection`, brings its focus into view and gives the textarea the focus.
    fn select(&self, selection: Selection) {
        self.pending.set_value(Some(selection));
        self.reveal(selection.focus);
        self.rewindow.update(|n| *n += 1);
        if let Some(el) = self.el() {
            let _ = el.focus();
            // Focus may scroll the textarea (still at the old place) into view: read
            // the scroll position again before the window is chosen.
            self.view_box.set_value(None);
        }
    }

    /// Puts the window of the current source into the textarea (only what differs),
    /// moving the window when the rows in view left it, and keeps or sets the selection.
    fn sync(&self) {
        let Some(el) = self.el() else { return };
        self.state
            .with_shown_source(|source| self.sync_with(&el, source));
    }

    /// The lines of `source`: those indexed last when it is the same text (a scroll),
    /// else indexed afresh.
    fn lines_of(&self, source: &str) -> Arc<SourceLines> {
        let key = source_key(source);
        if self.lines_key.get_value() == key {
            return self.lines.get_untracked();
        }
        self.lines_key.set_value(key);
        Arc::new(SourceLines::new(source))
    }

    fn sync_with(&self, el: &HtmlTextAreaElement, source: &str) {
        let lines = self.lines_of(source);
        if let Some(spacer) = self.spacer.get_untracked() {
            set_height(&spacer, lines.count());
        }
        if let Some(pending) = self.pending.get_value() {
            // Scroll first, so the window is chosen around the new place.
            self.reveal_now(&lines, pending.focus);
        }
        let current = lines.window(self.want.get_value());
        let composing = self.composing.get_value();
        let visible = self.visible(&lines);
        self.set_near(&visible);
        let target = if composing || lines.keeps(&current, &visible) {
            current.clone()
        } else {
            lines.window_around(visible, MARGIN_LINES, WINDOW_BYTES)
        };
        let text = target.view(source);
        // What the textarea holds is `shown` (written here or typed): not read back,
        // which would copy its whole value out of the page on every scroll step.
        if !composing && self.shown.with_value(|shown| *shown != *text) {
            let keep = (self.focused(el) && target != current)
                .then(|| self.selection(el, source, &current));
            write_value(el, &text);
            if let Some(kept) = keep {
                self.set_selection(el, source, &target, kept);
            }
        }
        if let Some(pending) = self.pending.try_update_value(Option::take).flatten() {
            self.set_selection(el, source, &target, pending);
        }
        self.shown.set_value(text.into_owned());
        self.want.set_value(target.lines.clone());
        if !Arc::ptr_eq(&lines, &self.lines.get_untracked()) {
            self.lines.set(lines);
        }
        if self.window.with_untracked(|w| *w != target) {
            self.window.set(target);
        }
    }

    /// Scrolls so that the line of `byte` is in view (during a sync).
    fn reveal_now(&self, lines: &SourceLines, byte: usize) {
        let Some(scroller) = self.scroller.get_untracked() else {
            return;
        };
        let line = lines.line_of(byte);
        let visible = self.visible(lines);
        if visible.start < line && line + 1 < visible.end {
            return;
        }
        let top = (line as f64 * ROW_PX - self.view_box().1 / 3.0).max(0.0);
        self.scroll_to(&scroller, top);
    }

    /// Draws the lines near the rows `visible` (once they are some other lines).
    fn set_near(&self, visible: &Range<usize>) {
        let lines = near_rows(visible, DRAWN_MARGIN);
        // Columns up to the right edge, at least MIN_COLUMN_PX each, and a margin;
        // rounded up so that a small sideways scroll draws nothing again.
        let (left, width) = self.view_x.get_value();
        let columns = ((left + width) / MIN_COLUMN_PX).ceil() as usize + 32;
        let near = (lines, columns.div_ceil(64) * 64);
        if self.near.with_untracked(|n| *n != near) {
            self.near.set(near);
        }
    }

    fn on_scroll(&self) {
        self.view_box.set_value(None);
        let (moved, follows_caret) = self.lines.with_untracked(|lines| {
            let visible = self.visible(lines);
            self.set_near(&visible);
            let moved = self.window.with_untracked(|w| !lines.keeps(w, &visible));
            (moved, moved && self.caret_in(lines, &visible))
        });
        if !moved || self.composing.get_value() {
            return;
        }
        self.cancel_settle();
        if follows_caret {
            // The caret moving on (arrow keys, typing): the window moves with it now.
            self.rewindow.update(|n| *n += 1);
            return;
        }
        // Scrolled (the wheel, the scroll bar): the rows in view are drawn now, and
        // the textarea follows once the scroll pauses.
        let pane = *self;
        let settled = move || {
            pane.settle.try_set_value(None);
            pane.rewindow.try_update(|n| *n += 1);
        };
        let handle =
            set_timeout_with_handle(settled, std::time::Duration::from_millis(SETTLE_MS)).ok();
        self.settle.set_value(handle);
    }

    /// Forgets a pending follow of the scroll (see [`SETTLE_MS`]).
    fn cancel_settle(&self) {
        if let Some(handle) = self.settle.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    /// Whether the textarea has the focus with its caret (the moving end of its
    /// selection) on one of the rows `visible`: a scroll that keeps it in view is the
    /// browser following the caret.
    fn caret_in(&self, lines: &SourceLines, visible: &Range<usize>) -> bool {
        let Some(el) = self.el().filter(|el| self.focused(el)) else {
            return false;
        };
        let window = self.window.get_untracked();
        let focus = self.state.with_shown_source(|s| {
            (window.bytes.end <= s.len()).then(|| self.selection(&el, s, &window).focus)
        });
        focus.is_some_and(|at| visible.contains(&lines.line_of(at)))
    }

    /// A press on a drawn row the textarea does not cover yet (it follows a scroll
    /// when the scroll pauses): the textarea moves there now and takes the caret
    /// where the row was pressed (with `Shift`, the selection is extended to there).
    fn on_row_mousedown(&self, ev: &web_sys::MouseEvent) {
        if ev.button() != 0 {
            return;
        }
        let Some(row) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest(".src-line").ok().flatten())
        else {
            return;
        };
        // Which line: the row's place among the rows drawn.
        let mut index = 0;
        let mut before = row.previous_element_sibling();
        while let Some(el) = before {
            index += 1;
            before = el.previous_element_sibling();
        }
        let line = self.near.with_untracked(|(lines, _)| lines.start + index);
        // Which column: where the point falls in the row's text (UTF-16 units), with
        // the textarea out of the hit test (it may have followed the scroll by now).
        let textarea = self.el().map(|el| {
            let el: &web_sys::HtmlElement = el.as_ref();
            el.style()
        });
        if let Some(style) = &textarea {
            let _ = style.set_property("pointer-events", "none");
        }
        let column = document()
            .caret_position_from_point(ev.client_x() as f32, ev.client_y() as f32)
            .and_then(|p| Some((p.offset_node()?, p.offset() as usize)))
            .filter(|(node, _)| row.contains(Some(node)))
            .map_or(0, |(node, offset)| utf16_before(&row, &node) + offset);
        if let Some(style) = &textarea {
            let _ = style.remove_property("pointer-events");
        }
        ev.prevent_default();
        let lines = self.lines.get_untracked();
        if line >= lines.count() {
            return;
        }
        let byte = self.state.with_shown_source(|s| {
            let one = lines.window(line..line + 1);
            one.view_to_source(s, column)
        });
        self.cancel_settle();
        // With Shift the selection is extended to there, as a textarea does.
        let anchor = match self.el() {
            Some(el) if ev.shift_key() => self.current_selection(&el).anchor,
            _ => byte,
        };
        self.select(Selection {
            anchor,
            focus: byte,
        });
    }

    /// The textarea's value changed (typing, an input method, cut, drop, `fill`): the
    /// part that differs from what it held becomes a splice of the source.
    fn on_input(&self) {
        // While a restored document's preview is drawn the editor does not hold it yet:
        // the textarea is read-only, and nothing typed may go into the empty editor.
        if self.state.previewing.get_untracked() {
            return;
        }
        let Some(el) = self.el() else { return };
        let value = el.value();
        let old = self.shown.get_value();
        let window = self.window.get_untracked();
        let lines = self.lines.get_untracked();
        let (range, typed, want) = self.state.with_shown_source(|source| {
            let (a, b_old, b_new) = diff(&old, &value);
            let slice = &source[window.bytes.clone()];
            let range = window.bytes.start + source_offset(slice, a)
                ..window.bytes.start + source_offset(slice, b_old);
            let typed = value[a..b_new].to_string();
            let added =
                typed.matches('\n').count() as isize - lines.breaks_in(range.clone()) as isize;
            let end =
                (window.lines.end as isize + added).max(window.lines.start as isize + 1) as usize;
            (range, typed, window.lines.start..end)
        });
        self.held.set_value(None);
        let inserted = self
            .state
            .with_shown_source(|s| typed_text(s, &lines, range.clone(), &typed));
        self.shown.set_value(value);
        self.want.set_value(want);
        self.state.type_source(range, &inserted);
        self.rewindow.update(|n| *n += 1);
    }

    /// The keys the pane answers itself: select all, undo and redo, go to line.
    fn on_keydown(&self, ev: &web_sys::KeyboardEvent) {
        // A key for a pasted or opened document whose preview is drawn: parse it now,
        // and take the key (the textarea is read-only only while a preview is drawn).
        if self.state.previewing.get_untracked() {
            self.state.finish_preview();
            if let Some(el) = self.el().filter(|_| !self.state.previewing.get_untracked()) {
                el.set_read_only(false);
            }
        }
        if ev.is_composing() {
            return;
        }
        let command = ev.ctrl_key() || ev.meta_key();
        if !command {
            self.before_key(ev);
        }
        if !command || ev.alt_key() {
            return;
        }
        let Some(el) = self.el() else { return };
        let key = ev.key().to_lowercase();
        match key.as_str() {
            // The document's start and end, not the window's (with Shift: select to there).
            "home" | "end" => {
                let at = if key == "home" {
                    0
                } else {
                    self.state.with_shown_source(str::len)
                };
                let anchor = if ev.shift_key() {
                    self.current_selection(&el).anchor
                } else {
                    at
                };
                self.select(Selection { anchor, focus: at });
            }
            "a" => {
                let window = self.window.get_untracked();
                self.state.with_shown_source(|s| {
                    let all = Selection {
                        anchor: 0,
                        focus: s.len(),
                    };
                    self.set_selection(&el, s, &window, all);
                });
            }
            "z" if ev.shift_key() => self.state.redo(),
            "z" => self.state.undo(),
            "y" => self.state.redo(),
            "g" => self.goto_open.set(true),
            _ => return,
        }
        ev.prevent_default();
        ev.stop_propagation();
    }

    /// Before a key that moves the caret or types acts, the window is put in place, so
    /// that the key acts as in a textarea holding everything: a window still to follow
    /// a scroll (see [`SETTLE_MS`]) follows it now (keys pressed quickly would
    /// otherwise reach its last line, where `↓` goes to the line's end), and a caret
    /// left behind outside the window by scrolling away is brought back.
    fn before_key(&self, ev: &web_sys::KeyboardEvent) {
        let key = ev.key();
        if matches!(
            key.as_str(),
            "Shift" | "Control" | "Alt" | "Meta" | "CapsLock" | "Tab" | "Escape"
        ) {
            return;
        }
        let lagging = self.settle.with_value(Option::is_some);
        self.cancel_settle();
        let window = self.window.get_untracked();
        let left_behind = self
            .held
            .get_value()
            .filter(|held| !(window.bytes.start..=window.bytes.end).contains(&held.focus));
        if let Some(held) = left_behind {
            self.pending.set_value(Some(held));
        }
        if lagging || left_behind.is_some() {
            self.sync();
        }
    }

    /// Before the textarea changes its value: typing or deleting over a selection
    /// that reaches past the window acts on the whole selection here (the textarea
    /// would change only the part it holds).
    fn on_beforeinput(&self, ev: &web_sys::InputEvent) {
        if self.state.previewing.get_untracked() {
            return;
        }
        let Some(selection) = self.el().and_then(|el| self.selection_past_window(&el)) else {
            return;
        };
        let kind = ev.input_type();
        let typed = match kind.as_str() {
            "insertText" | "insertReplacementText" => ev.data().unwrap_or_default(),
            "insertLineBreak" | "insertParagraph" => "\n".to_string(),
            _ if kind.starts_with("delete") && selection.anchor != selection.focus => String::new(),
            // Anything else (an input method, a drop) goes to the textarea's part.
            _ => return,
        };
        ev.prevent_default();
        self.splice(selection.range(), &typed);
        self.rewindow.update(|n| *n += 1);
    }

    /// The whole selection when it reaches past the window (the textarea holds only
    /// its part inside, and cannot act on all of it by itself).
    fn selection_past_window(&self, el: &HtmlTextAreaElement) -> Option<Selection> {
        self.held.get_value()?;
        let selection = self.current_selection(el);
        selection
            .leaves(&self.window.get_untracked())
            .then_some(selection)
    }

    /// Replaces source bytes `range` with `text` as typed there (its line breaks in
    /// the document's style), and puts the caret after it at the next sync; returns
    /// the text put in.
    fn splice(&self, range: Range<usize>, text: &str) -> String {
        let lines = self.lines.get_untracked();
        let inserted = self
            .state
            .with_shown_source(|s| typed_text(s, &lines, range.clone(), text));
        self.held.set_value(None);
        self.pending
            .set_value(Some(Selection::caret(range.start + inserted.len())));
        self.state.type_source(range, &inserted);
        inserted
    }

    /// The caret or selection moved: keep the whole selection where it reaches past
    /// the window, and select in the rendered pane the span whose tags hold the caret.
    fn on_caret(&self) {
        let Some(el) = self.el() else { return };
        let window = self.window.get_untracked();
        let selection = self.current_selection(&el);
        self.hold(selection, &window);
        if selection.anchor != selection.focus || self.composing.get_value() {
            return;
        }
        let state = self.state;
        // Only while the editor has parsed what the pane shows (not in a typing pause).
        if !state.is_idle() {
            return;
        }
        let literal = state.with_editor(|e| e.literal_tags().to_vec());
        let doc = state.view.with_untracked(|v| Arc::clone(&v.doc));
        let span = state.with_shown_source(|s| {
            if window.bytes.end > s.len() {
                return None;
            }
            let at = selection.focus;
            let pairs = tag_pairs(s, &literal, &doc.spans);
            let pair = pair_at(&pairs, at)?;
            doc.spans
                .iter()
                .find(|sp| sp.range() == pair.text && sp.label == pair.label)
                .cloned()
        });
        let Some(span) = span else { return };
        if state.selected.get_untracked().as_ref() != Some(&span) {
            let caret = (span.start, span.end);
            state.select(|e| {
                e.select_span(Some(span));
                e.set_caret(Some(caret));
            });
            // Bring the mark into view in the rendered pane once it is drawn selected.
            request_animation_frame(|| {
                if let Ok(Some(mark)) =
                    document().query_selector("[data-testid=rendered] .mark--selected")
                {
                    let opts = web_sys::ScrollIntoViewOptions::new();
                    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    mark.scroll_into_view_with_scroll_into_view_options(&opts);
                }
            });
        }
    }

    /// Paste: spliced into the source from the clipboard event, so that a long text
    /// is never laid out by the textarea.
    fn on_paste(&self, ev: &web_sys::ClipboardEvent) {
        self.state.finish_preview();
        if self.state.previewing.get_untracked() {
            ev.prevent_default();
            return;
        }
        let Some(text) = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
        else {
            return;
        };
        let Some(el) = self.el() else { return };
        ev.prevent_default();
        let range = self.current_selection(&el).range();
        let replaces_all =
            range.start == 0 && self.state.with_shown_source(|s| range.end == s.len());
        let inserted = self.splice(range, &text);
        // A paste is one act: parse it now rather than after the typing pause. A long
        // text that replaces everything shows its first blocks first (parsed from its
        // first lines), and is parsed whole after that paint.
        let preview = replaces_all
            .then(|| Preview::from_source_start(&inserted, PreviewSize::default(), |_| None))
            .flatten();
        match preview {
            Some(preview) => self.state.preview_until_parsed(preview),
            None => self.state.flush(),
        }
        self.rewindow.update(|n| *n += 1);
    }

    /// Copy and cut of a selection that reaches past the window (`Ctrl`+`A`, a long
    /// `Shift` selection) serve all of it from the source; any other selection is the
    /// textarea's own.
    fn on_copy(&self, ev: &web_sys::ClipboardEvent, cut: bool) {
        let Some(selection) = self.el().and_then(|el| self.selection_past_window(&el)) else {
            return;
        };
        // A caret alone (left outside the window by a scroll) copies nothing, as in
        // any textarea: the clipboard is left as it is.
        if selection.anchor == selection.focus {
            return;
        }
        let Some(data) = ev.clipboard_data() else {
            return;
        };
        let range = selection.range();
        // The source's own bytes (its `\r\n` kept).
        let text = self
            .state
            .with_shown_source(|s| s[range.clone()].to_string());
        if data.set_data("text/plain", &text).is_err() {
            return;
        }
        ev.prevent_default();
        if cut {
            self.splice(range, "");
            self.rewindow.update(|n| *n += 1);
        }
    }

    /// Shows the message of the diagnostic under the pointer as the textarea's tooltip
    /// (the underline is drawn behind the textarea, which takes the pointer).
    fn on_hover(&self, ev: &web_sys::MouseEvent) {
        let Some(el) = self.el() else { return };
        let hit = document().elements_from_point(ev.client_x() as f32, ev.client_y() as f32);
        let message = hit
            .iter()
            .filter_map(|e| e.dyn_into::<web_sys::Element>().ok())
            .find(|e| e.class_list().contains("src-diag"))
            .and_then(|e| e.get_attribute("data-message"));
        match message {
            Some(m) => {
                if el.title() != m {
                    el.set_title(&m);
                }
            }
            None => {
                if !el.title().is_empty() {
                    let _ = el.remove_attribute("title");
                }
            }
        }
    }
}

/// Tells one text from another cheaply: where its bytes are, how many, and a hash of
/// a few stretches of them (a new text is a new string; this catches one that reuses
/// the old one's place and length).
fn source_key(source: &str) -> (usize, usize, u64) {
    use std::hash::{Hash, Hasher};
    let bytes = source.as_bytes();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for k in 0..8 {
        let at = bytes.len() * k / 8;
        bytes[at..(at + 64).min(bytes.len())].hash(&mut h);
    }
    (bytes.as_ptr() as usize, bytes.len(), h.finish())
}

/// The UTF-16 units of `row`'s text before `node` (a node inside it).
fn utf16_before(row: &web_sys::Element, node: &web_sys::Node) -> usize {
    let mut units = 0;
    let mut stack = vec![row.first_child()];
    while let Some(top) = stack.pop() {
        let Some(current) = top else { continue };
        if current == *node {
            return units;
        }
        stack.push(current.next_sibling());
        if current.node_type() == web_sys::Node::TEXT_NODE {
            units += current
                .text_content()
                .map_or(0, |t| t.encode_utf16().count());
        } else {
            stack.push(current.first_child());
        }
    }
    units
}

/// Makes the spacer as tall as `lines` rows.
fn set_height(spacer: &web_sys::HtmlDivElement, lines: usize) {
    let el: &web_sys::HtmlElement = spacer.as_ref();
    let _ = el
        .style()
        .set_property("height", &format!("{}px", lines as f64 * ROW_PX));
}

/// Replaces the textarea's value with `text`, touching only the part that differs, so
/// that the browser keeps the selection where it can.
fn write_value(el: &HtmlTextAreaElement, text: &str) {
    let old = el.value();
    let (a, b_old, b_new) = diff(&old, text);
    let utf16 = |s: &str| s.encode_utf16().count() as u32;
    let start = utf16(&old[..a]);
    let end = start + utf16(&old[a..b_old]);
    if el
        .set_range_text_with_start_and_end(&text[a..b_new], start, end)
        .is_err()
        || el.value() != text
    {
        el.set_value(text);
    }
}

/// Only with the `test-hooks` cargo feature (the e2e and benchmark build):
/// `window.__tagmark_source()` gives the whole source; `window.__tagmark_set_source(text)`
/// replaces it as typing would (for tests and benchmarks: the textarea holds a window).
#[cfg(feature = "test-hooks")]
fn expose_test_hooks(state: AppState) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsValue;
    let Some(window) = web_sys::window() else {
        return;
    };
    let get = Closure::<dyn Fn() -> JsValue>::new(move || {
        JsValue::from(state.with_shown_source(str::to_string))
    });
    let set = Closure::<dyn Fn(String)>::new(move |text: String| {
        let len = state.with_shown_source(str::len);
        state.type_source(0..len, &text);
        // Shown at once, as if typed: the pane re-reads the source.
        state.loaded.update(|n| *n += 1);
    });
    let _ = js_sys::Reflect::set(&window, &"__tagmark_source".into(), get.as_ref());
    let _ = js_sys::Reflect::set(&window, &"__tagmark_set_source".into(), set.as_ref());
    get.forget();
    set.forget();
}
