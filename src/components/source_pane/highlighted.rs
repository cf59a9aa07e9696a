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
use tagmark_core::highlight::{pieces, PieceKind};
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
            let mut html = String::with_capacity(range.len() + 16);
            let all = pieces(&source[range.clone()], range.start, &ranges);
            let mut at = 0;
            while at < all.len() {
                let p = &all[at];
                at += 1;
                let lit_tag = p.tag.as_ref().is_some_and(|t| lit.contains(t));
                // A whole tag, neither lit nor underlined, is one element (its brackets
                // dimmed by its style): a line of tags is then a third of the elements.
                if let (PieceKind::Bracket, None, false, Some(tag)) =
                    (&p.kind, p.diagnostic, lit_tag, &p.tag)
                {
                    let more = all[at..]
                        .iter()
                        .take_while(|q| q.tag.as_ref() == Some(tag) && q.diagnostic.is_none())
                        .count();
                    let last = all[at..at + more].last();
                    if let Some(last) = last.filter(|q| {
                        q.kind == PieceKind::Bracket
                            && q.range.end == tag.end
                            && tag.start == p.range.start
                    }) {
                        let color = p.label.as_ref().and_then(|l| colors.get(l));
                        let (open, close) = (&source[p.range.clone()], &source[last.range.clone()]);
                        push_tag(&mut html, &source[tag.clone()], open, close, color);
                        at += more;
                        continue;
                    }
                }
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
                html.push_str("<span class=\"");
                html.push_str(class);
                html.push('"');
                if let Some(color) = p.label.as_ref().and_then(|l| colors.get(l)) {
                    html.push_str(" style=\"--c:");
                    push_attr(&mut html, color);
                    html.push('"');
                }
                if let Some(i) = p.diagnostic {
                    html.push_str(" data-message=\"");
                    push_attr(&mut html, diagnostics_message(diagnostics, &ranges, i));
                    html.push('"');
                }
                html.push('>');
                push_text(&mut html, &source[p.range.clone()]);
                html.push_str("</span>");
            }
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

/// Appends a whole tag `text` as one `src-tag` element: in `color`, its brackets
/// `open` and `close` (`<` or `</`, and `>`) dimmed through the widths `--a` and `--z`
/// (`style/main.css` draws the text with a gradient of those widths).
fn push_tag(html: &mut String, text: &str, open: &str, close: &str, color: Option<&String>) {
    html.push_str("<span class=\"src-tag\" style=\"");
    if let Some(color) = color {
        html.push_str("--c:");
        push_attr(html, color);
        html.push(';');
    }
    let width = |s: &str| s.chars().count();
    html.push_str(&format!("--a:{}ch;--z:{}ch\">", width(open), width(close)));
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
    /// How many of the window's lines are above the first row (not drawn).
    #[prop(into)]
    above: Signal<usize>,
) -> impl IntoView {
    let pad = move || format!("{}px", above.get() as f64 * super::ROW_PX);
    view! {
        <div class="source__backdrop" aria-hidden="true" style:padding-top=pad>
            <For each=move || rows.get() key=|row| row.key let:row>
                <div class="src-line" inner_html=row.html></div>
            </For>
        </div>
    }
}
