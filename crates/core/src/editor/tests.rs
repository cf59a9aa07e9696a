//! Unit tests of the editor.

use super::*;
use crate::parse;

fn editor(source: &str) -> Editor {
    Editor::new(source)
}

#[test]
fn a_span_edit_writes_the_source_and_undo_brings_it_back() {
    let mut e = editor("the quick fox");
    e.set_pending(Some((4, 9)));
    let done = e.apply_label("adj").unwrap();
    assert_eq!(done.to_string(), "Tagged as adj.");
    assert!(!e.source_is_written(), "written only when asked for");
    assert_eq!(e.source(), "the <adj>quick</adj> fox");
    assert_eq!(e.selection().span, Some(Span::new(4, 9, "adj")));
    assert_eq!(e.selection().pending, None);
    assert!(e.take_change().is_some_and(|c| c.inserted.len() == 1));
    assert_eq!(e.take_change(), None, "taken once");
    let undone = e.undo().unwrap();
    assert!(e.take_change().is_some_and(|c| c.removed.len() == 1));
    assert_eq!(undone.to_string(), "Undone.");
    assert_eq!(e.source(), "the quick fox");
    assert_eq!(e.selection().span, None);
    let redone = e.redo().unwrap();
    assert_eq!(redone.to_string(), "Redone.");
    assert_eq!(e.source(), "the <adj>quick</adj> fox");
    assert_eq!(
        e.selection().span,
        Some(Span::new(4, 9, "adj")),
        "redo selects the span it brought back"
    );
    assert_eq!(e.redo(), Err(Refusal::NothingToRedo));
    assert_eq!(Refusal::NothingToRedo.to_string(), "Nothing to redo.");
}

#[test]
fn relabel_remove_resize_and_nudge_the_selected_span() {
    let mut e = editor("the <a>quick</a> brown fox");
    assert_eq!(e.remove_selected(), Err(Refusal::NoSpanSelected));
    e.select_span(Some(Span::new(4, 9, "a")));
    assert_eq!(
        e.apply_label("b").unwrap(),
        Labelled::Relabelled(Span::new(4, 9, "b"))
    );
    assert_eq!(e.source(), "the <b>quick</b> brown fox");
    assert_eq!(
        e.nudge(Edge::End, true, false).unwrap(),
        Span::new(4, 15, "b")
    );
    assert_eq!(e.source(), "the <b>quick brown</b> fox");
    assert_eq!(e.resize_selected(4, 4), Err(Refusal::EmptySpan));
    e.select_span(Some(Span::new(4, 15, "b")));
    assert_eq!(
        e.nudge(Edge::Start, false, true).unwrap(),
        Span::new(3, 15, "b")
    );
    e.select_span(Some(Span::new(3, 15, "b")));
    let end = e.text().len();
    assert_eq!(e.resize_selected(3, end).unwrap(), Span::new(3, end, "b"));
    assert_eq!(e.nudge(Edge::End, true, false), Err(Refusal::NoWordThatWay));
    assert_eq!(e.remove_selected().unwrap(), Span::new(3, end, "b"));
    assert_eq!(e.source(), "the quick brown fox");
    assert_eq!(e.selection().span, None);
    assert_eq!(
        e.apply_label("1bad"),
        Err(Refusal::InvalidLabel("1bad".into()))
    );
    assert_eq!(e.apply_label("ok"), Err(Refusal::NothingSelected));
    assert!(!Refusal::NothingSelected.is_warning() && Refusal::EmptySpan.is_warning());
}

#[test]
fn typing_is_recorded_as_undo_steps() {
    let mut e = editor("a <x>b</x> c");
    assert_eq!(e.type_source(12..12, " <y>d</y>").unwrap(), Typed::Recorded);
    assert_eq!(e.source(), "a <x>b</x> c <y>d</y>");
    assert_eq!(e.document().spans.len(), 2);
    assert!(e.history().can_undo());
    while e.history().can_undo() {
        e.undo().unwrap();
    }
    assert_eq!(e.source(), "a <x>b</x> c");
    assert_eq!(e.type_source(2..2, "").unwrap(), Typed::Unchanged);
    assert_eq!(
        e.type_source(3..99, "x"),
        Err(Refusal::BadSourceRange {
            start: 3,
            end: 99,
            len: 12
        }),
    );
    let mut e = editor("é");
    assert!(
        matches!(
            e.type_source(1..1, "x"),
            Err(Refusal::BadSourceRange { .. })
        ),
        "inside a character"
    );
    assert!(e
        .type_source(1..1, "x")
        .unwrap_err()
        .to_string()
        .contains("not a range of the source"));
}

#[test]
fn the_textarea_path_keeps_line_breaks_it_did_not_touch() {
    let mut e = editor("<a>one</a>\r\ntwo");
    assert_eq!(e.type_textarea("<a>one</a>\ntwo!"), Typed::Recorded);
    assert_eq!(e.source(), "<a>one</a>\r\ntwo!");
    assert_eq!(e.type_textarea("<a>one</a>\ntwo!"), Typed::Unchanged);
}

#[test]
fn a_selected_span_that_typing_removed_is_deselected() {
    let mut e = editor("<a>one</a> two");
    e.select_span(Some(Span::new(0, 3, "a")));
    e.type_source(0..3, "").unwrap();
    assert_eq!(e.selection().span, None);
}

#[test]
fn with_broken_tags_edits_keep_them_and_refuse_to_pair_with_them() {
    let mut e = editor("head <gpu>TPUs and ran</x> end");
    assert_eq!(e.diagnostics().len(), 2);
    e.set_pending(Some((0, 4)));
    e.apply_label("x").unwrap();
    assert!(e.source_is_written(), "checked by writing");
    assert_eq!(e.source(), "<x>head</x> <gpu>TPUs and ran</x> end");
    let end = e.text().find("TPUs").unwrap() + 4;
    e.set_pending(Some((5, end)));
    let refusal = e.apply_label("gpu").unwrap_err();
    assert!(matches!(
        refusal,
        Refusal::WouldPairWithBrokenTag { problems: 2, .. }
    ));
    assert_eq!(
        refusal.to_string(),
        format!(
            "Not changed: written as tags, this would pair with a broken tag in the source and change other spans. \
             Fix the 2 problems in the source first (the first: 1:13, {}).",
            e.diagnostics()[0].message()
        )
    );
    assert_eq!(
        e.source(),
        "<x>head</x> <gpu>TPUs and ran</x> end",
        "nothing changed"
    );
    assert_eq!(e.history().undo_len(), 1);
    e.undo().unwrap();
    assert_eq!(e.source(), "head <gpu>TPUs and ran</x> end");
}

#[test]
fn moving_the_caret_and_between_spans() {
    let mut e = editor("<a>one</a> two <b>three</b>");
    assert!(e.select_next());
    assert_eq!(e.selection().span, Some(Span::new(0, 3, "a")));
    assert!(e.select_next());
    assert!(!e.select_next(), "past the last span");
    assert_eq!(e.selection().span, Some(Span::new(8, 13, "b")));
    let moved = e.move_caret(false, false, false, true);
    assert_eq!(
        moved.caret,
        (8, 8),
        "from the caret the span selection left"
    );
    assert_eq!(e.selection().span, None);
    let moved = e.move_caret(false, true, false, true);
    assert_eq!(moved.caret, (8, 7));
    assert_eq!(
        e.selection().pending,
        None,
        "only a space: nothing to snap to"
    );
    let moved = e.move_caret(false, true, false, true);
    assert_eq!(moved.pending, Some((4, 7)));
    assert!(e.select_prev());
    assert_eq!(e.selection().span, Some(Span::new(0, 3, "a")));
}

#[test]
fn a_drag_preview_snaps_the_selected_span_edge() {
    let mut e = editor("the <a>quick</a> brown fox");
    assert_eq!(e.drag_preview(Edge::End, 12, true), None);
    e.select_span(Some(Span::new(4, 9, "a")));
    assert_eq!(e.drag_preview(Edge::End, 12, true), Some((4, 15)));
}

#[test]
fn loading_another_document_does_not_record_and_keeps_the_given_history() {
    let mut e = editor("a");
    e.replace_source("b <x>c</x>".into(), false);
    assert!(!e.history().can_undo());
    let parsed = parse("z");
    let e = Editor::from_parsed("z".into(), parsed).with_history(History::new());
    assert_eq!(e.source(), "z");
}

#[test]
fn a_text_selection_snaps_to_words_unless_asked_not_to() {
    let mut e = editor("<a>the</a> quick fox");
    e.select_span(Some(Span::new(0, 3, "a")));
    assert_eq!(e.select_text(5, 7, true), Some((4, 9)));
    assert_eq!(
        e.selection(),
        &Selection {
            span: None,
            pending: Some((4, 9)),
            caret: Some((4, 9))
        }
    );
    assert_eq!(e.select_text(5, 7, false), Some((5, 7)));
    assert_eq!(
        e.select_text(3, 4, true),
        None,
        "only a space: nothing to snap to"
    );
    assert_eq!(e.selection().pending, None);
    assert_eq!(
        e.selection().caret,
        Some((5, 7)),
        "the caret stays where it was"
    );
    assert_eq!(e.select_text(2, 99, false), None, "past the end");
}
