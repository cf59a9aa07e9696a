//! Property tests of the source pane's line index and window mapping
//! ([`tagmark_core::source_lines`]) and of its highlighting ([`tagmark_core::highlight`]),
//! against plain reference models: lines found by splitting the text by hand, offsets
//! found by encoding the textarea's view to UTF-16.

use proptest::prelude::*;
use tagmark_core::highlight::{pair_at, pieces, tag_pairs};
use tagmark_core::line_breaks::{apply_textarea_value, textarea_view};
use tagmark_core::source_lines::{typed_text, SourceLines};
use tagmark_core::window_selection::{read, shown, Selection};
use tagmark_core::{parse, LineCol};

/// Texts with every kind of line break (mixed), astral characters, combining marks and,
/// now and then, a very long line.
fn text() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        4 => "[a-z <>/&;é]{0,6}",
        1 => Just("🗻∈🌏".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("<m>".to_string()),
        1 => Just("</m>".to_string()),
        1 => Just("&lt;".to_string()),
        1 => (1usize..3).prop_map(|n| "x👨🏻‍🚒y".repeat(n * 150)), // lines of 2–5 KB
    ];
    proptest::collection::vec(part, 0..16).prop_map(|p| p.concat())
}

/// The reference: each line's (start, content end) found by walking the bytes.
fn reference_lines(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                out.push((start, i));
                i += 2;
                start = i;
            }
            b'\r' | b'\n' => {
                out.push((start, i));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push((start, b.len()));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A line cut for drawing keeps its first `columns` user-perceived characters
    /// whole (and nothing after them), at a character boundary.
    #[test]
    fn a_line_cut_for_drawing_keeps_its_first_columns_whole(
        line in "([a-z <>/\t]|é|e\u{301}|🦀|👩\u{200d}🔬|中|\r){0,40}",
        columns in 0usize..50,
    ) {
        use unicode_segmentation::UnicodeSegmentation;
        let cut = tagmark_core::source_lines::cut_after_columns(&line, columns);
        prop_assert!(line.is_char_boundary(cut));
        let kept: Vec<&str> = line[..cut].graphemes(true).collect();
        let all: Vec<&str> = line.graphemes(true).collect();
        prop_assert_eq!(&kept[..], &all[..columns.min(all.len())]);
    }

    /// The lines drawn hold every row in view, reach at most two margins past them,
    /// and end at multiples of the margin (a scroll of a line or two leaves them
    /// where they are).
    #[test]
    fn drawn_lines_cover_the_rows_in_view(
        v in (0usize..700, 1usize..60).prop_map(|(a, n)| a..a + n),
        margin in 1usize..20,
    ) {
        let d = tagmark_core::source_lines::near_rows(&v, margin);
        prop_assert!(d.start <= v.start && v.end <= d.end, "{d:?} misses {v:?}");
        prop_assert!(d.start + 2 * margin >= v.start, "{d:?} starts too early for {v:?}");
        prop_assert!(d.end <= v.end + 2 * margin, "{d:?} ends too late for {v:?}");
        prop_assert!(d.start.is_multiple_of(margin));
        prop_assert!(d.end.is_multiple_of(margin));
    }

    /// Lines, line_of, line:col and back agree with the reference at every char boundary.
    #[test]
    fn lines_and_columns_match_the_reference(s in text()) {
        let lines = SourceLines::new(&s);
        let reference = reference_lines(&s);
        prop_assert_eq!(lines.count(), reference.len());
        for (l, &(start, end)) in reference.iter().enumerate() {
            prop_assert_eq!(lines.content(l), start..end);
            prop_assert_eq!(lines.start(l), start);
        }
        let widest = reference.iter().map(|&(a, b)| s[a..b].chars().count()).max().unwrap_or(0);
        prop_assert_eq!(lines.widest(), widest);
        // Every boundary of a short text; some 200 spread over a long one.
        let all: Vec<usize> = s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len())).collect();
        let step = (all.len() / 200).max(1);
        for &byte in all.iter().step_by(step) {
            let line = reference.iter().rposition(|&(start, _)| start <= byte).unwrap();
            prop_assert_eq!(lines.line_of(byte), line);
            let at = lines.line_col(&s, byte);
            let (start, end) = reference[line];
            prop_assert_eq!(at, LineCol { line: line + 1, column: s[start..byte.min(end)].chars().count() + 1 });
            if byte <= end {
                prop_assert_eq!(lines.byte_of(&s, at), Ok(byte));
            }
        }
        let past = LineCol { line: reference.len() + 1, column: 1 };
        prop_assert!(lines.byte_of(&s, past).is_err());
    }

    /// A window's view is the textarea view of its lines, and its UTF-16 offsets map to
    /// source bytes and back exactly (a `\r\n` is one unit in the view, two bytes in the source).
    #[test]
    fn a_window_maps_utf16_to_bytes_and_back(s in text(), a in 0usize..40, n in 1usize..40) {
        let lines = SourceLines::new(&s);
        let w = lines.window(a..a + n);
        prop_assert!(w.lines.start < w.lines.end && w.lines.end <= lines.count());
        let view = w.view(&s).into_owned();
        let expected: Vec<&str> = (w.lines.clone()).map(|l| &s[lines.content(l)]).collect();
        prop_assert_eq!(&view, &textarea_view(&expected.join("\n")).into_owned());
        // Every UTF-16 boundary of the view maps to a source byte that maps back to it.
        let mut units = 0;
        let mut boundaries = vec![0usize];
        for ch in view.chars() {
            units += ch.len_utf16();
            boundaries.push(units);
        }
        let step = (boundaries.len() / 100).max(1);
        for &u in boundaries.iter().step_by(step) {
            let byte = w.view_to_source(&s, u);
            prop_assert!(w.bytes.start <= byte && byte <= w.bytes.end);
            prop_assert_eq!(w.source_to_view(&s, byte), u);
            // The view text before `u` is the textarea view of the source before `byte`.
            let before: String = textarea_view(&s[w.bytes.start..byte]).into_owned();
            prop_assert_eq!(before.encode_utf16().count(), u);
        }
    }

    /// The rows in view and the window around them always hold the rows in view.
    #[test]
    fn windows_hold_the_rows_in_view(s in text(), top in 0f64..2_000.0, height in 1f64..200.0, margin in 1usize..30, budget in 0usize..3000) {
        let lines = SourceLines::new(&s);
        let rows = lines.rows_in_view(top, height, 18.0);
        prop_assert!(rows.start < rows.end && rows.end <= lines.count());
        let w = lines.window_around(rows.clone(), margin, budget);
        prop_assert!(w.lines.start <= rows.start && rows.end <= w.lines.end);
        prop_assert!(w.lines.start + margin >= rows.start && w.lines.end <= rows.end + margin);
        // Over the budget only when the rows in view alone are.
        let rows_bytes = lines.content(rows.end - 1).end - lines.start(rows.start);
        prop_assert!(w.bytes.len() <= budget.max(rows_bytes));
        prop_assert!(lines.keeps(&w, &rows));
        prop_assert_eq!(w.bytes.start, lines.start(w.lines.start));
        prop_assert_eq!(w.bytes.end, lines.content(w.lines.end - 1).end);
    }

    /// Highlight pieces cover each line exactly, in order, and tag pairs give exactly
    /// the parser's spans; the innermost pair around a span's text is that span's.
    #[test]
    fn pieces_cover_lines_and_pairs_are_the_parsers_spans(s in text()) {
        let lines = SourceLines::new(&s);
        let parsed = parse(&s);
        let diagnostics: Vec<_> = parsed.diagnostics.iter().map(|d| d.range.clone()).collect();
        for l in 0..lines.count() {
            let range = lines.content(l);
            let p = pieces(&s[range.clone()], range.start, &diagnostics);
            let mut at = range.start;
            for piece in &p {
                prop_assert_eq!(piece.range.start, at);
                prop_assert!(piece.range.end > at);
                at = piece.range.end;
            }
            prop_assert_eq!(at, range.end);
        }
        let pairs = tag_pairs(&s, &parsed.literal_tags, &parsed.document.spans);
        let mut got: Vec<_> = pairs.iter().map(|p| (p.text.clone(), p.label.clone())).collect();
        let mut want: Vec<_> = parsed.document.spans.iter().map(|s| (s.range(), s.label.clone())).collect();
        got.sort_by_key(|(r, l)| (r.start, r.end, l.clone()));
        want.sort_by_key(|(r, l)| (r.start, r.end, l.clone()));
        prop_assert_eq!(got, want);
        for p in &pairs {
            prop_assert_eq!(&s[p.open.clone()], format!("<{}>", p.label));
            prop_assert_eq!(&s[p.close.clone()], format!("</{}>", p.label));
            prop_assert_eq!(pair_at(&pairs, p.open.end).map(|q| q.open.clone()).is_some(), true);
        }
    }

    /// Typing into a window (the text between two of its UTF-16 offsets replaced by what
    /// the textarea got) gives the same source as the whole-text rule of
    /// `apply_textarea_value`, whose tests pin that untouched line breaks keep their bytes.
    #[test]
    fn typing_in_a_window_is_typing_in_the_whole_text(s in text(), a in 0usize..40, n in 1usize..40, from in 0usize..4000, len in 0usize..20, typed in "[a-z\n]{0,4}") {
        let lines = SourceLines::new(&s);
        let w = lines.window(a..a + n);
        let view = w.view(&s).into_owned();
        let units: Vec<u16> = view.encode_utf16().collect();
        let from = w.source_to_view(&s, w.view_to_source(&s, from.min(units.len())));
        let to = w.source_to_view(&s, w.view_to_source(&s, (from + len).min(units.len())));
        let (start, end) = (w.view_to_source(&s, from), w.view_to_source(&s, to));
        let mut ours = String::new();
        ours.push_str(&s[..start]);
        ours.push_str(&typed_text(&s, &lines, start..end, &typed));
        ours.push_str(&s[end..]);
        let whole_view = textarea_view(&s).into_owned();
        let offset = textarea_view(&s[..w.bytes.start]).encode_utf16().count();
        let whole: Vec<u16> = whole_view.encode_utf16().collect();
        let value = String::from_utf16(&[&whole[..offset + from], typed.encode_utf16().collect::<Vec<_>>().as_slice(), &whole[offset + to..]].concat()).unwrap();
        prop_assert_eq!(textarea_view(&ours).into_owned(), value.clone());
        let theirs = apply_textarea_value(&s, &value);
        // Both keep every untouched byte; they agree whenever the change is not ambiguous
        // (apply_textarea_value diffs, so it may place an insertion elsewhere in a run of equal text).
        prop_assert_eq!(textarea_view(&theirs).into_owned(), value);
        prop_assert!(ours.starts_with(&s[..start]) && ours.ends_with(&s[end..]));
    }

    /// A selection carried past the window's edge is read back whole while the
    /// textarea shows only its part inside the window, and extending it from the
    /// end it was given as its anchor (`Shift`+arrow) keeps that anchor, however far
    /// outside the window it is.
    #[test]
    fn a_selection_reaching_past_the_window_is_read_back_whole(s in text(), a in 0usize..40, n in 1usize..40, anchor in 0usize..6000, focus in 0usize..6000, step in 0usize..30) {
        let lines = SourceLines::new(&s);
        let w = lines.window(a..a + n);
        // Ends at character boundaries that a textarea can hold (not inside \r\n).
        let whole = lines.window(0..lines.count());
        let at = |u: usize| {
            let units = whole.view(&s).encode_utf16().count();
            whole.view_to_source(&s, u.min(units))
        };
        let held = Selection { anchor: at(anchor), focus: at(focus) };
        let (sa, sf) = shown(&s, &w, held);
        prop_assert_eq!(read(&s, &w, sa, sf, Some(held)), held);
        prop_assert_eq!(held.leaves(&w), held.anchor < w.bytes.start || held.anchor > w.bytes.end || held.focus < w.bytes.start || held.focus > w.bytes.end);
        // The textarea's focus moves somewhere in the window (its anchor stays).
        let units = w.view(&s).encode_utf16().count();
        let moved = w.source_to_view(&s, w.view_to_source(&s, (sf + step).min(units)));
        if moved != sf && moved != sa {
            let got = read(&s, &w, sa, moved, Some(held));
            prop_assert_eq!(got.anchor, held.anchor);
            prop_assert_eq!(got.focus, w.view_to_source(&s, moved));
        }
        // Nothing held: what the textarea reports.
        prop_assert_eq!(read(&s, &w, sa, sf, None), Selection { anchor: w.view_to_source(&s, sa), focus: w.view_to_source(&s, sf) });
    }
}
