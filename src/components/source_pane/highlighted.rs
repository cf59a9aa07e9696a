//! The highlighted copy of the source pane's window that sits behind its textarea:
//! one row per line, tags in their label's colour with dimmed brackets, escapes
//! marked, diagnostics underlined (each with its message in `data-message`), and
//! the tags of the span selected in the rendered pane lit up.
//!
//! Rows are keyed by what they show, so typing in one line re-renders that row only.
//! Text goes in as text nodes, never as HTML.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use leptos::either::Either;
use leptos::prelude::*;
use tagmark_core::highlight::{pieces, PieceKind};
use tagmark_core::source_lines::{SourceLines, Window};

use crate::state::ShownDiagnostic;

/// One piece of a row, ready to draw.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct Cell {
    /// The source text.
    pub text: String,
    /// CSS classes.
    pub class: &'static str,
    /// The label's colour, for a tag.
    pub color: Option<String>,
    /// The diagnostic's message, when one covers the piece.
    pub message: Option<String>,
}

/// One line of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// What it shows, hashed, and which of the equal rows it is: a stable key.
    pub key: (u64, usize),
    /// Its pieces.
    pub cells: Vec<Cell>,
}

/// The rows of `window` of `source`: `diagnostics` underlined, `colors` by label,
/// the tags whose bytes are in `lit` lit up.
pub fn rows(
    source: &str,
    lines: &SourceLines,
    window: &Window,
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
            let cells: Vec<Cell> = pieces(&source[range.clone()], range.start, &ranges)
                .into_iter()
                .map(|p| {
                    let lit_tag = p.tag.as_ref().is_some_and(|t| lit.contains(t));
                    let class = match (&p.kind, p.diagnostic.is_some(), lit_tag) {
                        (PieceKind::Text, false, _) => "src-text",
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
                    Cell {
                        text: source[p.range.clone()].to_string(),
                        class,
                        color: p.label.as_ref().and_then(|l| colors.get(l).cloned()),
                        message: p
                            .diagnostic
                            .map(|i| diagnostics_message(diagnostics, &ranges, i)),
                    }
                })
                .collect();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            cells.hash(&mut h);
            let hash = h.finish();
            let n = seen.entry(hash).or_default();
            *n += 1;
            Row {
                key: (hash, *n),
                cells,
            }
        })
        .collect()
}

/// The message of the `i`th of `ranges` (those of `diagnostics` that fit the source).
fn diagnostics_message(
    diagnostics: &[ShownDiagnostic],
    ranges: &[Range<usize>],
    i: usize,
) -> String {
    let r = &ranges[i];
    diagnostics
        .iter()
        .find(|d| d.bytes == (r.start, r.end))
        .map(|d| d.message.clone())
        .unwrap_or_default()
}

/// The rows, drawn; only rows whose content changed are built again.
#[component]
pub fn Highlighted(
    /// The rows to draw, top to bottom.
    rows: Memo<Vec<Row>>,
) -> impl IntoView {
    view! {
        <div class="source__backdrop" aria-hidden="true">
            <For each=move || rows.get() key=|row| row.key let:row>
                <div class="src-line">
                    {row.cells.into_iter().map(|c| {
                        // Plain text is a text node: a window has thousands of pieces, and
                        // every element costs style and layout when the window moves.
                        if c.class == "src-text" && c.message.is_none() {
                            Either::Left(c.text)
                        } else {
                            Either::Right(view! {
                                <span class=c.class style:color=c.color data-message=c.message>{c.text}</span>
                            })
                        }
                    }).collect_view()}
                </div>
            </For>
        </div>
    }
}
