//! Editing spans while the source has broken tags.
//!
//! A broken tag (unclosed, stray, crossing, empty) is kept as text, and the
//! diagnostics list says where it is. Span edits in the rendered pane still work:
//! the document is written back with its broken tags as they were
//! ([`tagmark_core::write::write_keeping`]) and parsed again to check that it says
//! what the edit meant. When a new tag would pair with a broken one (and so change
//! other spans), the edit is refused with the reason, and nothing changes.

use std::sync::Arc;

use leptos::prelude::*;

use tagmark_core::edit::TextChange;
use tagmark_core::{parse, Change, Document, Edit};

use crate::state::{shown_diagnostics, AppState, NoticeKind, ParsedView};

/// The written-back source of an edited document and its parse, when that parse
/// is the edited document with the same problems as before.
struct Checked {
    source: String,
    parsed: tagmark_core::Parsed,
}

impl AppState {
    /// [`AppState::apply_edit`] for a source with diagnostics.
    pub(crate) fn apply_edit_keeping(&self, view: &Arc<ParsedView>, edit: Edit) -> Option<Change> {
        let mut doc = view.doc.clone();
        let change = match edit.apply(&mut doc) {
            Ok(change) => change,
            Err(err) => {
                self.notify(NoticeKind::Warning, err.to_string());
                return None;
            }
        };
        if change.is_empty() {
            return Some(change);
        }
        let checked = self.check(view, &doc, &change)?;
        self.history.update_value(|h| h.record(edit, change.clone()));
        self.history_rev.update(|n| *n += 1);
        self.publish_checked(view, doc, &change, checked);
        Some(change)
    }

    /// Undo or redo for a source with diagnostics: the step is checked like an edit.
    pub(crate) fn step_history_keeping(&self, view: &Arc<ParsedView>, undo: bool) {
        let step = self.history.with_value(|h| if undo { h.peek_undo() } else { h.peek_redo() });
        let Some(change) = step else {
            self.notify(NoticeKind::Info, if undo { "Nothing to undo." } else { "Nothing to redo." });
            return;
        };
        let mut doc = view.doc.clone();
        if let Err(err) = change.apply(&mut doc) {
            self.notify(NoticeKind::Warning, err.to_string());
            return;
        }
        let Some(checked) = self.check(view, &doc, &change) else { return };
        // The step fits: take it in the history too (it makes the same change).
        let mut check = view.doc.clone();
        let _ = self.history.try_update_value(|h| if undo { h.undo(&mut check) } else { h.redo(&mut check) });
        self.history_rev.update(|n| *n += 1);
        let selected = change.inserted.first().map(|s| s.span.clone());
        self.publish_checked(view, doc, &change, checked);
        self.selected.set(selected);
        self.pending.set(None);
        self.notify(NoticeKind::Info, if undo { "Undone." } else { "Redone." });
    }

    /// Writes `doc` back with the broken tags kept and parses it again. `None`
    /// (after saying why) when the source would not mean `doc` with the same problems.
    fn check(&self, view: &ParsedView, doc: &Document, change: &Change) -> Option<Checked> {
        let literal_tags = shift(&view.literal_tags, change.text.as_ref());
        let source = tagmark_core::write::write_keeping(doc, &literal_tags);
        let parsed = parse(&source);
        if parsed.document == *doc && parsed.diagnostics.len() == view.diagnostics.len() {
            return Some(Checked { source, parsed });
        }
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
        None
    }

    /// Shows the checked document: only the blocks the change touched are built
    /// again, and the diagnostics move to where the written tags put them.
    fn publish_checked(&self, view: &ParsedView, doc: Document, change: &Change, checked: Checked) {
        let mut next = view.after_change(doc, change, &self.labels.get_untracked());
        next.diagnostics = shown_diagnostics(&checked.source, &checked.parsed.diagnostics);
        next.literal_tags = checked.parsed.literal_tags;
        self.publish_view(next);
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
