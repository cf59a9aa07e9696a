//! Moving through the text: the keyboard caret, the next or previous span, a
//! span's edge nudged by a word or a character, and a dragged edge snapped to a word.
//!
//! Pure functions of the text and spans, so that each can be tested natively;
//! [`super::Editor`] calls them with its document and selection.

use crate::document::Span;
use crate::words;

/// Which end of a span moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edge {
    /// The start.
    Start,
    /// The end.
    End,
}

/// Where the caret is after a step, and the text it selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaretMove {
    /// The anchor and the focus (bytes of the text); equal when nothing is selected.
    pub caret: (usize, usize),
    /// The text selection waiting for a label (snapped to words when asked), if any.
    pub pending: Option<(usize, usize)>,
}

/// Moves the caret (`anchor`, `focus`) right or left by a word boundary or a
/// character; with `extend` the anchor stays and the selection grows or shrinks.
/// A selection snaps to whole words when `snap` is set and the step is by word.
pub fn move_caret(
    text: &str,
    (anchor, focus): (usize, usize),
    right: bool,
    extend: bool,
    by_char: bool,
    snap: bool,
) -> CaretMove {
    let focus = match (by_char, right) {
        (true, true) => words::next_char(text, focus),
        (true, false) => words::prev_char(text, focus),
        (false, true) => words::next_word_boundary(text, focus),
        (false, false) => words::prev_word_boundary(text, focus),
    };
    let anchor = if extend { anchor } else { focus };
    let pending = if anchor == focus {
        None
    } else {
        let (s, e) = (anchor.min(focus), anchor.max(focus));
        let snapped = if snap && !by_char {
            words::snap_to_words(text, s, e)
        } else {
            Some((s, e))
        };
        snapped.filter(|(a, b)| a < b)
    };
    CaretMove {
        caret: (anchor, focus),
        pending,
    }
}

/// The index of the span after (`forward`) or before the `selected` span, or
/// else after or before the `caret` (from the first or the last span without
/// one); `None` past the last or before the first.
pub fn adjacent_span(
    spans: &[Span],
    selected: Option<&Span>,
    caret: Option<usize>,
    forward: bool,
) -> Option<usize> {
    let at = selected.and_then(|s| spans.iter().position(|x| x == s));
    let index = match (at, forward) {
        (Some(i), true) => Some(i + 1),
        (Some(i), false) => i.checked_sub(1),
        (None, true) => caret.map_or(Some(0), |c| spans.iter().position(|s| s.start >= c)),
        (None, false) => caret.map_or(spans.len().checked_sub(1), |c| {
            spans.iter().rposition(|s| s.start < c)
        }),
    };
    index.filter(|&i| i < spans.len())
}

/// Where `edge` of `span` goes when nudged right or left by a word (a start to
/// a word start, an end to a word end) or a character; `None` when there is no
/// word that way.
pub fn nudge_target(
    text: &str,
    span: &Span,
    edge: Edge,
    right: bool,
    by_char: bool,
) -> Option<usize> {
    let pos = if edge == Edge::Start {
        span.start
    } else {
        span.end
    };
    match (by_char, edge, right) {
        (true, _, true) => Some(words::next_char(text, pos)),
        (true, _, false) => Some(words::prev_char(text, pos)),
        (false, Edge::Start, true) => words::next_word_start(text, pos),
        (false, Edge::Start, false) => words::prev_word_start(text, pos),
        (false, Edge::End, true) => words::next_word_end(text, pos),
        (false, Edge::End, false) => words::prev_word_end(text, pos),
    }
}

/// The range `span` would have with `edge` dragged to byte `pos`: snapped to
/// the start or end of the word there when `snap` is set, and never past the
/// other edge (the span may shrink to nothing, which a resize then refuses).
pub fn drag_edge(text: &str, span: &Span, edge: Edge, pos: usize, snap: bool) -> (usize, usize) {
    let pos = pos.min(text.len());
    let pos = if snap {
        match edge {
            Edge::Start => words::word_at(text, pos).map_or(pos, |(s, _)| s),
            Edge::End => words::word_at(text, pos.saturating_sub(1)).map_or(pos, |(_, e)| e),
        }
    } else {
        pos
    };
    match edge {
        Edge::Start => (pos.min(span.end), span.end),
        Edge::End => (span.start, pos.max(span.start)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_steps_by_word_and_extends_with_snapping() {
        let text = "the quick fox";
        let m = move_caret(text, (0, 0), true, false, false, true);
        assert_eq!(
            m,
            CaretMove {
                caret: (3, 3),
                pending: None
            }
        );
        let m = move_caret(text, (0, 0), true, true, true, true);
        assert_eq!(
            m,
            CaretMove {
                caret: (0, 1),
                pending: Some((0, 1))
            },
            "by character: no snapping"
        );
        let m = move_caret(text, (5, 5), true, true, false, true);
        assert_eq!(m.caret, (5, 9));
        assert_eq!(
            m.pending,
            Some((4, 9)),
            "a word selection snaps to the whole word"
        );
        let m = move_caret(text, (5, 9), false, true, false, false);
        assert_eq!(
            m.pending,
            Some((4, 5)),
            "without snapping the selection is exact"
        );
    }

    #[test]
    fn adjacent_spans_from_a_selection_or_the_caret() {
        let spans = vec![
            Span::new(0, 3, "a"),
            Span::new(4, 9, "b"),
            Span::new(10, 13, "c"),
        ];
        assert_eq!(adjacent_span(&spans, None, None, true), Some(0));
        assert_eq!(adjacent_span(&spans, None, None, false), Some(2));
        assert_eq!(adjacent_span(&spans, Some(&spans[1]), None, true), Some(2));
        assert_eq!(
            adjacent_span(&spans, Some(&spans[2]), None, true),
            None,
            "past the last"
        );
        assert_eq!(
            adjacent_span(&spans, Some(&spans[0]), None, false),
            None,
            "before the first"
        );
        assert_eq!(adjacent_span(&spans, None, Some(5), true), Some(2));
        assert_eq!(adjacent_span(&spans, None, Some(5), false), Some(1));
        assert_eq!(adjacent_span(&[], None, None, false), None);
    }

    #[test]
    fn nudges_move_an_edge_to_the_next_word_edge() {
        let text = "the quick brown fox";
        let span = Span::new(4, 9, "x");
        assert_eq!(nudge_target(text, &span, Edge::End, true, false), Some(15));
        assert_eq!(
            nudge_target(text, &span, Edge::Start, false, false),
            Some(0)
        );
        assert_eq!(nudge_target(text, &span, Edge::Start, true, true), Some(5));
        assert_eq!(
            nudge_target(text, &Span::new(16, 19, "x"), Edge::End, true, false),
            None
        );
    }

    #[test]
    fn a_dragged_edge_snaps_to_the_word_and_stops_at_the_other_edge() {
        let text = "the quick brown fox";
        let span = Span::new(4, 9, "x");
        assert_eq!(drag_edge(text, &span, Edge::End, 12, true), (4, 15));
        assert_eq!(drag_edge(text, &span, Edge::End, 12, false), (4, 12));
        assert_eq!(drag_edge(text, &span, Edge::Start, 1, true), (0, 9));
        assert_eq!(
            drag_edge(text, &span, Edge::Start, 17, false),
            (9, 9),
            "never past the end"
        );
        assert_eq!(
            drag_edge(text, &span, Edge::End, 99, false),
            (4, 19),
            "clamped to the text"
        );
    }
}
