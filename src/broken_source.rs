//! Editing spans while the source has broken tags.
//!
//! A broken tag (unclosed, stray, crossing, empty) is kept as text, and the
//! diagnostics list says where it is. Span edits in the rendered pane still work:
//! the document is written back with its broken tags as they were
//! ([`tagmark_core::write::write_keeping`]) and parsed again to check that it says
//! what the edit meant. When a new tag would pair with a broken one (and so change
//! other spans), the edit is refused with the reason, and nothing changes.

use leptos::prelude::*;

use tagmark_core::edit::TextChange;
use tagmark_core::{parse, Change, Document};

use crate::state::{shown_diagnostics, AppState, NoticeKind, ParsedView};

impl AppState {
    /// The view after `change` turned `view.doc` into `doc`: only the blocks the
    /// change touched are built again. For a source with broken tags, the document
    /// is first written back with them kept and parsed again, and the diagnostics
    /// move to where the written tags put them; `None` (after saying why) when that
    /// source would not mean `doc` with the same problems.
    pub(crate) fn view_after(&self, view: &ParsedView, doc: Document, change: &Change) -> Option<ParsedView> {
        let labels = self.labels.get_untracked();
        if view.diagnostics.is_empty() {
            return Some(view.after_change(doc, change, &labels));
        }
        let literal_tags = shift(&view.literal_tags, change.text.as_ref());
        let source = tagmark_core::write::write_keeping(&doc, &literal_tags);
        let parsed = parse(&source);
        if parsed.document != doc || parsed.diagnostics.len() != view.diagnostics.len() {
            self.refuse(view);
            return None;
        }
        let mut next = view.after_change(doc, change, &labels);
        next.diagnostics = shown_diagnostics(&source, &parsed.diagnostics);
        next.literal_tags = parsed.literal_tags;
        Some(next)
    }

    fn refuse(&self, view: &ParsedView) {
        let first = view.diagnostics.first().map(|d| format!(" (the first: {}, {})", d.at, d.message)).unwrap_or_default();
        let n = view.diagnostics.len();
        self.notify(
            NoticeKind::Warning,
            format!(
                "Not changed: written as tags, this would pair with a broken tag in the source and change other spans. \
                 Fix the {n} problem{} in the source first{first}.",
                if n == 1 { "" } else { "s" }
            ),
        );
    }
}

/// The offsets of the broken tags after `text` replaced part of the text: those
/// after it move, those inside it are gone.
fn shift(literal_tags: &[usize], text: Option<&TextChange>) -> Vec<usize> {
    let Some(text) = text else { return literal_tags.to_vec() };
    let old = text.old_range();
    literal_tags
        .iter()
        .filter_map(|&at| {
            if at < old.start {
                Some(at)
            } else if at >= old.end {
                Some(at - old.len() + text.new.len())
            } else {
                None
            }
        })
        .collect()
}
