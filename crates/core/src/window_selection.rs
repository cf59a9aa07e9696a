//! A selection of the whole source seen through a textarea that holds only a window
//! of its lines.
//!
//! The source pane's textarea holds the lines around the rows in view. A selection
//! the user made can reach past the window once the window moves (a `Shift`+`↓`
//! selection grown over many screens, or a caret left behind by scrolling away).
//! The textarea then shows the part of the selection inside the window, and the pane
//! keeps the whole one as a [`Selection`] in source bytes: [`shown`] is what the
//! textarea is given, and [`read`] turns what the textarea reports back into the
//! whole selection, so that a `Shift`+arrow keeps the far end where it was.

use crate::source_lines::Window;

/// A selection in source bytes: where it started (`anchor`) and its moving end
/// (`focus`, where the caret is). `anchor > focus` is a selection made backwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Selection {
    /// The end that stays where it is while the selection is extended.
    pub anchor: usize,
    /// The end that moves, where the caret is.
    pub focus: usize,
}

impl Selection {
    /// A caret at `at` (nothing selected).
    pub fn caret(at: usize) -> Selection {
        Selection {
            anchor: at,
            focus: at,
        }
    }

    /// The bytes selected, whichever way the selection was made.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.anchor.min(self.focus)..self.anchor.max(self.focus)
    }

    /// Whether some part of it lies outside `window`, so that the textarea cannot
    /// hold it all.
    pub fn leaves(&self, window: &Window) -> bool {
        let outside = |at: usize| at < window.bytes.start || at > window.bytes.end;
        outside(self.anchor) || outside(self.focus)
    }
}

/// What a textarea holding `window` shows of a selection: `(anchor, focus)` in UTF-16
/// units of the window's view, each end clamped to the window.
pub fn shown(source: &str, window: &Window, selection: Selection) -> (usize, usize) {
    (
        window.source_to_view(source, selection.anchor),
        window.source_to_view(source, selection.focus),
    )
}

/// The whole selection, from what a textarea holding `window` reports (`anchor`,
/// `focus` in UTF-16 units of the window's view) and the selection it was last
/// given (`held`):
///
/// - unchanged since it was given `held`: `held`, however far past the window it reaches;
/// - extended from the end it was given as `held`'s anchor (`Shift` with an arrow
///   or a click): that anchor, wherever it is, and the new focus;
/// - anything else (a click, a caret moved): what the textarea reports.
pub fn read(
    source: &str,
    window: &Window,
    anchor: usize,
    focus: usize,
    held: Option<Selection>,
) -> Selection {
    let at = |utf16: usize| window.view_to_source(source, utf16);
    let reported = Selection {
        anchor: at(anchor),
        focus: at(focus),
    };
    let Some(held) = held else {
        return reported;
    };
    let (held_anchor, held_focus) = shown(source, window, held);
    if (anchor, focus) == (held_anchor, held_focus) {
        return held;
    }
    if anchor == held_anchor && anchor != focus {
        return Selection {
            anchor: held.anchor,
            focus: reported.focus,
        };
    }
    reported
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source_lines::SourceLines;

    fn setup() -> (String, Window) {
        let source: String = (0..10).map(|i| format!("line {i}\r\n")).collect();
        let lines = SourceLines::new(&source);
        let window = lines.window(4..6);
        (source, window)
    }

    #[test]
    fn a_selection_from_above_the_window_is_kept_while_its_focus_moves() {
        let (source, window) = setup();
        let held = Selection {
            anchor: 3,
            focus: source.find("line 5").unwrap() + 2,
        };
        let (a, f) = shown(&source, &window, held);
        assert_eq!(a, 0, "the anchor above the window is shown at its start");
        assert_eq!(read(&source, &window, a, f, Some(held)), held);
        // Shift+→ once: the focus moves on, the anchor stays far above.
        let moved = read(&source, &window, a, f + 1, Some(held));
        assert_eq!(moved.anchor, 3);
        assert_eq!(moved.focus, held.focus + 1);
        // A click elsewhere: the textarea's own caret.
        let clicked = read(&source, &window, f, f, Some(held));
        assert_eq!(clicked, Selection::caret(held.focus));
    }

    #[test]
    fn a_backward_selection_reaching_below_the_window_keeps_its_anchor() {
        let (source, window) = setup();
        let held = Selection {
            anchor: source.len() - 2,
            focus: source.find("line 4").unwrap(),
        };
        let (a, f) = shown(&source, &window, held);
        assert_eq!(a, "line 4\nline 5".len());
        assert_eq!(f, 0);
        assert!(held.leaves(&window));
        let moved = read(&source, &window, a, f + 2, Some(held));
        assert_eq!(moved.anchor, source.len() - 2);
        assert_eq!(moved.focus, held.focus + 2);
        assert_eq!(moved.range(), held.focus + 2..source.len() - 2);
    }

    #[test]
    fn a_caret_left_behind_by_scrolling_comes_back() {
        let (source, window) = setup();
        let held = Selection::caret(8);
        let (a, f) = shown(&source, &window, held);
        assert_eq!((a, f), (0, 0));
        assert_eq!(read(&source, &window, 0, 0, Some(held)), held);
        assert!(held.leaves(&window));
        assert!(!Selection::caret(window.bytes.start).leaves(&window));
    }
}
