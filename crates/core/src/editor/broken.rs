//! Editing spans while the source has broken tags.
//!
//! A broken tag (unclosed, stray, crossing, empty) is kept as text, and the
//! diagnostics say where it is. A span edit is written back with the broken
//! tags as they were ([`crate::write::write_keeping`]) and parsed again to check
//! that the source says what the edit meant. When a new tag would pair with a
//! broken one (and so change other spans), the edit is refused with the reason.

use crate::document::Document;
use crate::edit::TextChange;
use crate::parse::{parse, Diagnostic, Parsed};
use crate::write::write_keeping;

use super::Refusal;

/// The offsets of the broken tags after `text` replaced part of the text: those
/// after it move, those inside it are gone.
pub fn shift_literal_tags(literal_tags: &[usize], text: Option<&TextChange>) -> Vec<usize> {
    let Some(text) = text else {
        return literal_tags.to_vec();
    };
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

/// The source of `doc` with the broken tags at `literal_tags` kept, and its
/// parse, when that source means `doc` with the same kinds of problems as
/// `diagnostics` (in order); else the refusal that says why.
pub fn check_keeping(
    doc: &Document,
    literal_tags: &[usize],
    diagnostics: &[Diagnostic],
) -> Result<(String, Parsed), Refusal> {
    let source = write_keeping(doc, literal_tags);
    let parsed = parse(&source);
    // The same kinds of problem in the same order (a kind's positions move with the text).
    let kinds = |d: &[Diagnostic]| {
        d.iter()
            .map(|d| std::mem::discriminant(&d.kind))
            .collect::<Vec<_>>()
    };
    if parsed.document != *doc || kinds(&parsed.diagnostics) != kinds(diagnostics) {
        return Err(Refusal::WouldPairWithBrokenTag {
            problems: diagnostics.len(),
            first: diagnostics.first().map(|d| (d.at, d.message())),
        });
    }
    Ok((source, parsed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;
    use crate::edit::Edit;

    #[test]
    fn tags_after_a_replaced_text_move_and_those_inside_go() {
        let change = TextChange {
            start: 4,
            old: "ab".into(),
            new: "xyz".into(),
        };
        assert_eq!(
            shift_literal_tags(&[1, 4, 5, 6, 9], Some(&change)),
            vec![1, 7, 10]
        );
        assert_eq!(shift_literal_tags(&[1, 4], None), vec![1, 4]);
    }

    #[test]
    fn an_edit_that_would_pair_with_a_broken_tag_is_refused() {
        // `<gpu>` is unclosed and `</x>` stray: a gpu span over "uses <gpu>TPUs" would be
        // written as <gpu>uses <gpu>TPUs</gpu>, whose close tag pairs with the broken one.
        let parsed = parse("head <gpu>TPUs and ran</x> end");
        let mut doc = parsed.document.clone();
        let end = doc.text.find("TPUs").unwrap() + 4;
        Edit::AddSpan {
            span: Span::new(0, end, "gpu"),
        }
        .apply(&mut doc)
        .unwrap();
        let refusal = check_keeping(&doc, &parsed.literal_tags, &parsed.diagnostics).unwrap_err();
        assert!(
            matches!(refusal, Refusal::WouldPairWithBrokenTag { problems: 2, .. }),
            "{refusal:?}"
        );
        assert!(
            refusal
                .to_string()
                .starts_with("Not changed: written as tags"),
            "{refusal}"
        );
        assert!(
            refusal
                .to_string()
                .contains("problems in the source first (the first: 1:6,"),
            "{refusal}"
        );
        // Tagging "head" keeps the broken tag as it was.
        let mut doc = parsed.document.clone();
        Edit::AddSpan {
            span: Span::new(0, 4, "x"),
        }
        .apply(&mut doc)
        .unwrap();
        let (source, again) =
            check_keeping(&doc, &parsed.literal_tags, &parsed.diagnostics).unwrap();
        assert_eq!(source, "<x>head</x> <gpu>TPUs and ran</x> end");
        assert_eq!(again.document, doc);
    }
}
