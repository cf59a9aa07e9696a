//! The highlighted copy of the source pane's window that sits behind its textarea:
//! one row per line, tags in their label's colour with dimmed brackets, escapes
//! marked, diagnostics underlined (each with its message in `data-message`), and
//! the tags of the span selected in the rendered pane lit up.
//!
//! Rows are keyed by what they show, so typing in one line re-renders that row only.
//! Each row is built as one string of HTML, its text escaped ([`tagmark_core::html`]):
//! a scroll that brings in a window of new rows then costs one `innerHTML` per row,
//! not an element or text node per piece (a window has thousands of pieces).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use leptos::prelude::*;
use tagmark_core::highlight::{pieces, Piece, PieceKind};
use tagmark_core::html::{push_attr, push_text};
use tagmark_core::source_lines::{cut_after_columns, SourceLines, Window};

use crate::state::ShownDiagnostic;

/// One line of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// What it shows, hashed, and which of the equal rows it is: a stable key.
    pub key: (u64, usize),
    /// Its pieces as HTML: plain text as text, the rest in a `span` with its classes,
    /// the label's colour and the diagnostic's message (`data-message`).
    pub html: String,
}

/// The rows of `window` of `source`, each cut after `columns` columns
/// ([`cut_after_columns`]): `diagnostics` underlined, `colors` by label, the tags
/// whose bytes are in `lit` lit up.
pub fn rows(
    source: &str,
    lines: &SourceLines,
    window: &Window,
    columns: usize,
    diagnostics: &[ShownDiagnostic],
    colors: &HashMap<String, String>,
    lit: &[Range<usize>],
) -> Vec<Row> {
    let ranges: Vec<Range<usize>> = diagnostics
        .iter()
        .map(|d| d.bytes.0..d.bytes.1)
        .filter(|r| r.end <= source.len())
        .collect();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    window
        .lines
        .clone()
        .map(|line| {
            let range = lines.content(line);
            // Only the columns that can be in view (see `MIN_COLUMN_PX`).
            let range =
                range.start..range.start + cut_after_columns(&source[range.clone()], columns);
            let html = row_html(source, range, &ranges, diagnostics, colors, lit);
            let mut h = std::collections::hash_map::DefaultHasher::new();
            html.hash(&mut h);
            let hash = h.finish();
            let n = seen.entry(hash).or_default();
            *n += 1;
            Row {
                key: (hash, *n),
                html,
            }
        })
        .collect()
}

/// The HTML of the source bytes `range` (one line, or its start): plain text as
/// text, each other piece in a `span` (see [`Row::html`]), and a whole tag that is
/// neither lit nor underlined in one `src-tag` span.
fn row_html(
    source: &str,
    range: Range<usize>,
    ranges: &[Range<usize>],
    diagnostics: &[ShownDiagnostic],
    colors: &HashMap<String, String>,
    lit: &[Range<usize>],
) -> String {
    let mut html = String::with_capacity(range.len() + 16);
    let all = pieces(&source[range.clone()], range.start, ranges);
    let color_of = |p: &Piece| {
        p.label
            .as_ref()
            .and_then(|l| colors.get(l))
            .map(String::as_str)
    };
    let mut at = 0;
    while at < all.len() {
        let p = &all[at];
        // A whole tag is one element, its brackets dimmed by its style: a line of tags
        // is then a third of the elements.
        if let Some((tag, n)) = whole_tag(&all[at..], lit) {
            let (open, close) = (&all[at], &all[at + n - 1]);
            let width = |q: &Piece| source[q.range.clone()].chars().count();
            let widths = format!("--a:{}ch;--z:{}ch", width(open), width(close));
            push_span(
                &mut html,
                "src-tag",
                color_of(p),
                &widths,
                None,
                &source[tag],
            );
            at += n;
            continue;
        }
        at += 1;
        let lit_tag = p.tag.as_ref().is_some_and(|t| lit.contains(t));
        let class = match (&p.kind, p.diagnostic.is_some(), lit_tag) {
            // Plain text is a text node.
            (PieceKind::Text, false, _) => {
                push_text(&mut html, &source[p.range.clone()]);
                continue;
            }
            (PieceKind::Text, true, _) => "src-text src-diag",
            (PieceKind::Escape, false, _) => "src-escape",
            (PieceKind::Escape, true, _) => "src-escape src-diag",
            (PieceKind::Bracket, false, false) => "src-bracket",
            (PieceKind::Bracket, true, false) => "src-bracket src-diag",
            (PieceKind::Bracket, _, true) => "src-bracket src-lit",
            (PieceKind::Name, false, false) => "src-name",
            (PieceKind::Name, true, false) => "src-name src-diag",
            (PieceKind::Name, _, true) => "src-name src-lit",
        };
        let message = p
            .diagnostic
            .map(|i| diagnostics_message(diagnostics, ranges, i));
        let text = &source[p.range.clone()];
        push_span(&mut html, class, color_of(p), "", message, text);
    }
    html
}

/// When `pieces` starts with a whole tag (its opening bracket, name and closing
/// bracket all there), not lit and under no diagnostic: the tag's bytes and how many
/// pieces it is.
fn whole_tag(pieces: &[Piece], lit: &[Range<usize>]) -> Option<(Range<usize>, usize)> {
    let first = pieces.first()?;
    let tag = first.tag.as_ref()?;
    if first.kind != PieceKind::Bracket || first.range.start != tag.start || lit.contains(tag) {
        return None;
    }
    let n = pieces
        .iter()
        .take_while(|q| q.tag.as_ref() == Some(tag) && q.diagnostic.is_none())
        .count();
    let last = &pieces[n.checked_sub(2)? + 1];
    (last.kind == PieceKind::Bracket && last.range.end == tag.end).then(|| (tag.clone(), n))
}

/// Appends `<span class=… style=…>text</span>`: the label's colour as `--c` (which
/// `style/main.css` mixes with the text colour), then `style`; the diagnostic's
/// message as `data-message`.
fn push_span(
    html: &mut String,
    class: &str,
    color: Option<&str>,
    style: &str,
    message: Option<&str>,
    text: &str,
) {
    html.push_str("<span class=\"");
    html.push_str(class);
    html.push('"');
    if color.is_some() || !style.is_empty() {
        html.push_str(" style=\"");
        if let Some(color) = color {
            html.push_str("--c:");
            push_attr(html, color);
            html.push(';');
        }
        html.push_str(style);
        html.push('"');
    }
    if let Some(message) = message {
        html.push_str(" data-message=\"");
        push_attr(html, message);
        html.push('"');
    }
    html.push('>');
    push_text(html, text);
    html.push_str("</span>");
}

/// The message of the `i`th of `ranges` (those of `diagnostics` that fit the source).
fn diagnostics_message<'a>(
    diagnostics: &'a [ShownDiagnostic],
    ranges: &[Range<usize>],
    i: usize,
) -> &'a str {
    let r = &ranges[i];
    diagnostics
        .iter()
        .find(|d| d.bytes == (r.start, r.end))
        .map_or("", |d| d.message.as_str())
}

/// The rows, drawn; only rows whose content changed are built again.
#[component]
pub fn Highlighted(
    /// The rows to draw, top to bottom.
    rows: Memo<Vec<Row>>,
    /// Where the rows are drawn: the CSS transform that moves the first from the
    /// window's first line to its own (up or down: while a scroll is under way the
    /// rows in view are drawn before the textarea's window follows them). The gutter
    /// is moved by the same.
    #[prop(into)]
    shift: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="source__backdrop" aria-hidden="true" style:transform=shift>
            <For each=move || rows.get() key=|row| row.key let:row>
                <div class="src-line" inner_html=row.html></div>
            </For>
        </div>
    }
}
