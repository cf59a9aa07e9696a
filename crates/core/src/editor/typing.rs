//! Turning typing into undo steps: the change from the document before to the
//! document after a source edit, as steps of the history.

use std::collections::HashSet;

use crate::document::{Document, Span};
use crate::edit::{Edit, History, SpanRef};
use crate::line_breaks::diff;

/// Records the change typing made (`old` → `new`) in `history`: the text
/// replaced, then the spans that went, then the spans that came. Returns false
/// when those steps do not give `new` exactly; the history may then hold part
/// of them and must be cleared rather than left wrong.
pub fn record_typing(history: &mut History, old: &Document, new: &Document) -> bool {
    let mut doc = old.clone();
    let (a, b_old, b_new) = diff(&old.text, &new.text);
    if a < b_old || a < b_new {
        let edit = Edit::ReplaceText {
            range: a..b_old,
            with: new.text[a..b_new].to_string(),
        };
        if history.apply(&mut doc, edit).is_err() {
            return false;
        }
    }
    // Hash sets keep this linear: a long document has thousands of spans.
    let in_new: HashSet<&Span> = new.spans.iter().collect();
    let gone: Vec<Span> = doc
        .spans
        .iter()
        .filter(|s| !in_new.contains(s))
        .cloned()
        .collect();
    for span in gone {
        if history
            .apply(
                &mut doc,
                Edit::RemoveSpan {
                    target: SpanRef::Span(span),
                },
            )
            .is_err()
        {
            return false;
        }
    }
    let in_doc: HashSet<&Span> = doc.spans.iter().collect();
    let added: Vec<Span> = new
        .spans
        .iter()
        .filter(|s| !in_doc.contains(s))
        .cloned()
        .collect();
    for span in added {
        if history.apply(&mut doc, Edit::AddSpan { span }).is_err() {
            return false;
        }
    }
    doc == *new
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    #[test]
    fn typing_becomes_steps_that_undo_to_the_old_document() {
        let old = parse("the <m>quick</m> fox").document;
        let new = parse("the <m>quick</m> brown <a>fox</a>").document;
        let mut history = History::new();
        assert!(record_typing(&mut history, &old, &new));
        let mut doc = new.clone();
        while history.can_undo() {
            history.undo(&mut doc).unwrap();
        }
        assert_eq!(doc, old);
        while history.can_redo() {
            history.redo(&mut doc).unwrap();
        }
        assert_eq!(doc, new);
    }

    #[test]
    fn an_unchanged_document_records_nothing() {
        let doc = parse("a <x>b</x>").document;
        let mut history = History::new();
        assert!(record_typing(&mut history, &doc, &doc));
        assert!(!history.can_undo());
    }
}
