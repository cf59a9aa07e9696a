//! Property tests of editing (issue 3): random edit sequences on random documents,
//! checked step by step against a naive model of every edit, with the document
//! invariants after each step, and undo/redo of the whole sequence.

use proptest::prelude::*;
use proptest::test_runner::Config;
use tagmark_core::document::is_valid_label;
use tagmark_core::edit::{Edit, History, SpanRef};
use tagmark_core::words;
use tagmark_core::{Document, Span};

// ------------------------------------------------------------------ generators

const FRAGMENTS: &[&str] = &[
    "a",
    "bc",
    "model",
    " ",
    "\n",
    "\r\n",
    "é",
    "e\u{301}",
    "日本語",
    "👨🏻‍🚒",
    "😊",
    "<",
    "&lt;",
    "-",
    "1.5",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..16).prop_map(|v| v.concat())
}

const LABELS: &[&str] = &["a", "b", "model", "x-1"];

fn document() -> impl Strategy<Value = Document> {
    text()
        .prop_flat_map(|text| {
            let n = text.chars().count() + 1;
            (
                Just(text),
                prop::collection::vec((0..n, 0..n, prop::sample::select(LABELS)), 0..8),
            )
        })
        .prop_map(|(text, candidates)| {
            let bounds = boundaries(&text);
            let mut spans: Vec<Span> = Vec::new();
            for (a, b, label) in candidates {
                let span = Span::new(bounds[a.min(b)], bounds[a.max(b)], label);
                if span.start < span.end && !spans.iter().any(|s| s.crosses(&span) || *s == span) {
                    spans.push(span);
                }
            }
            Document::with_spans(text, spans).unwrap()
        })
}

fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// Raw material for one edit; turned into an edit against the document of the moment.
type Seed = (u8, usize, usize, usize, bool, &'static str, &'static str);

fn seeds() -> impl Strategy<Value = Vec<Seed>> {
    let label = prop::sample::select(&["a", "b", "model", "x-1", "1bad", ""][..]);
    let fragment = prop::sample::select(&["", "z", " ", "é", "👨🏻‍🚒", "\r\n", "new words"][..]);
    prop::collection::vec(
        (
            0u8..8,
            any::<usize>(),
            any::<usize>(),
            any::<usize>(),
            any::<bool>(),
            label,
            fragment,
        ),
        1..40,
    )
}

/// Turns a seed into an edit for `doc`. Offsets are mostly char boundaries, but
/// sometimes any byte (inside characters, past the end) to exercise refusals.
fn make_edit(doc: &Document, seed: &Seed) -> Edit {
    let &(op, x, y, z, flag, label, fragment) = seed;
    let bounds = boundaries(&doc.text);
    let offset = |r: usize| {
        if r.is_multiple_of(9) {
            r / 9 % (doc.text.len() + 2)
        } else {
            bounds[r % bounds.len()]
        }
    };
    let (s, e) = (offset(x), offset(y));
    let n = doc.spans.len();
    let index = if n == 0 { z % 2 } else { z % (n + 1) };
    match op {
        0 => Edit::AddSpan {
            span: Span::new(s.min(e), s.max(e), label),
        },
        1 if flag && index < n => Edit::RemoveSpan {
            target: SpanRef::Span(doc.spans[index].clone()),
        },
        1 => Edit::RemoveSpan {
            target: SpanRef::Index(index),
        },
        2 => Edit::Relabel {
            index,
            label: label.to_string(),
        },
        3 => {
            // Often move just one end, as the UI does.
            let (start, end) = match (doc.spans.get(index), x % 3) {
                (Some(span), 0) => (s.min(span.end), span.end),
                (Some(span), 1) => (span.start, e.max(span.start)),
                _ => (s.min(e), s.max(e)),
            };
            Edit::Resize { index, start, end }
        }
        4 => Edit::RenameLabel {
            from: LABELS[x % LABELS.len()].into(),
            to: label.into(),
        },
        5 => Edit::RemoveLabel {
            label: LABELS[x % LABELS.len()].into(),
            move_to: flag.then(|| label.into()),
        },
        6 if flag => {
            // Snap a random selection to words and tag it, as the UI does.
            match words::snap_to_words(&doc.text, s, e) {
                Some((start, end)) => Edit::AddSpan {
                    span: Span::new(start, end, label),
                },
                None => Edit::ReplaceText {
                    range: s.min(e)..s.max(e),
                    with: fragment.into(),
                },
            }
        }
        _ => Edit::ReplaceText {
            range: if flag { s..e } else { s.min(e)..s.max(e) },
            with: fragment.into(),
        },
    }
}

// ------------------------------------------------------------------ the naive model

fn fits(text: &str, start: usize, end: usize) -> bool {
    start < end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

fn sorted(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end))); // stable
    spans
}

fn model_move_label(doc: &Document, from: &str, to: &str) -> Document {
    let mut taken: Vec<(usize, usize)> = doc
        .spans
        .iter()
        .filter(|s| s.label == to)
        .map(|s| (s.start, s.end))
        .collect();
    let mut spans = Vec::new();
    for s in &doc.spans {
        if s.label != from {
            spans.push(s.clone());
        } else if !taken.contains(&(s.start, s.end)) {
            taken.push((s.start, s.end));
            spans.push(Span::new(s.start, s.end, to));
        }
    }
    Document {
        text: doc.text.clone(),
        spans,
    }
}

/// What the edit should do, written as plainly as possible; `None` for a refusal.
fn model_apply(doc: &Document, edit: &Edit) -> Option<Document> {
    let mut out = doc.clone();
    let ok_span = |s: &Span, except: Option<usize>| {
        fits(&doc.text, s.start, s.end)
            && is_valid_label(&s.label)
            && doc
                .spans
                .iter()
                .enumerate()
                .all(|(j, o)| Some(j) == except || (o != s && !o.crosses(s)))
    };
    match edit {
        Edit::AddSpan { span } => {
            if !ok_span(span, None) {
                return None;
            }
            out.spans.push(span.clone());
            out.spans = sorted(out.spans);
        }
        Edit::RemoveSpan { target } => {
            let i = match target {
                SpanRef::Index(i) => *i,
                SpanRef::Span(s) => doc.spans.iter().position(|o| o == s)?,
            };
            if i >= doc.spans.len() {
                return None;
            }
            out.spans.remove(i);
        }
        Edit::Relabel { index, label } => {
            let old = doc.spans.get(*index)?;
            if !is_valid_label(label) {
                return None;
            }
            if old.label == *label {
                return Some(out);
            }
            let new = Span::new(old.start, old.end, label.clone());
            if doc
                .spans
                .iter()
                .enumerate()
                .any(|(j, o)| j != *index && *o == new)
            {
                return None;
            }
            out.spans[*index] = new;
        }
        Edit::Resize { index, start, end } => {
            let old = doc.spans.get(*index)?;
            let new = Span::new(*start, *end, old.label.clone());
            if (old.start, old.end) == (*start, *end) {
                return Some(out);
            }
            if !ok_span(&new, Some(*index)) {
                return None;
            }
            out.spans.remove(*index);
            out.spans.push(new);
            out.spans = sorted(out.spans);
        }
        Edit::RenameLabel { from, to }
        | Edit::RemoveLabel {
            label: from,
            move_to: Some(to),
        } => {
            if !is_valid_label(to) {
                return None;
            }
            if from != to {
                out = model_move_label(doc, from, to);
            }
        }
        Edit::RemoveLabel {
            label,
            move_to: None,
        } => out.spans.retain(|s| s.label != *label),
        Edit::ReplaceText { range, with } => {
            let (a, b) = (range.start, range.end);
            if a > b
                || b > doc.text.len()
                || !doc.text.is_char_boundary(a)
                || !doc.text.is_char_boundary(b)
            {
                return None;
            }
            if doc.text[a..b] == **with {
                return Some(out); // replacing text by itself changes nothing
            }
            let n = with.len();
            let shift = |p: usize| p + n - (b - a);
            out.text.replace_range(a..b, with);
            out.spans = Vec::new();
            for s in &doc.spans {
                let (start, end) = if s.end <= a {
                    (s.start, s.end) // before: unchanged
                } else if s.start >= b {
                    (shift(s.start), shift(s.end)) // after: moves
                } else {
                    // overlapping: a start inside the replaced text goes after the
                    // replacement, an end inside it goes to its start.
                    let start = if s.start <= a { s.start } else { a + n };
                    let end = if s.end >= b { shift(s.end) } else { a };
                    (start, end)
                };
                if start < end {
                    out.spans.push(Span::new(start, end, s.label.clone()));
                }
            }
            out.spans = sorted(out.spans);
        }
    }
    Some(out)
}

// ------------------------------------------------------------------ invariants

fn check_invariants(doc: &Document) -> Result<(), TestCaseError> {
    for s in &doc.spans {
        prop_assert!(
            doc.check_span(s).is_ok(),
            "invalid span {:?} in {:?}",
            s,
            doc.text
        );
    }
    prop_assert!(
        doc.crossing_pairs().is_empty(),
        "crossing spans: {:?}",
        doc.spans
    );
    prop_assert!(
        doc.spans
            .is_sorted_by_key(|s| (s.start, std::cmp::Reverse(s.end))),
        "not in document order"
    );
    Ok(())
}

fn config() -> Config {
    Config {
        cases: 512,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Every edit does exactly what the naive model says (or is refused exactly when
    /// the model refuses it, leaving the document unchanged); the invariants hold
    /// after every step; undoing everything restores the start exactly and redoing
    /// everything comes back to the end exactly.
    #[test]
    fn random_edit_sequences(start in document(), seeds in seeds()) {
        check_invariants(&start)?;
        let mut doc = start.clone();
        let mut history = History::new();
        let mut states = vec![doc.clone()];
        for seed in &seeds {
            let edit = make_edit(&doc, seed);
            let expected = model_apply(&doc, &edit);
            let before = doc.clone();
            match history.apply(&mut doc, edit.clone()) {
                Ok(change) => {
                    prop_assert_eq!(Some(&doc), expected.as_ref(), "{:?} on {:?}", edit, before);
                    prop_assert_eq!(change.inverse().inverse(), change.clone());
                    prop_assert_eq!(change.is_empty(), doc == before);
                    if !change.is_empty() {
                        states.push(doc.clone());
                    }
                    // The affected range holds every span that changed.
                    if let Some(r) = change.affected() {
                        for s in &change.inserted {
                            prop_assert!(r.start <= s.span.start && s.span.end <= r.end);
                        }
                    }
                }
                Err(e) => {
                    prop_assert!(expected.is_none(), "{:?} refused ({}) but the model accepts it", edit, e);
                    prop_assert_eq!(&doc, &before, "a refused edit changed the document");
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            check_invariants(&doc)?;
        }
        let end = doc.clone();
        prop_assert_eq!(history.undo_len(), states.len() - 1);

        // The history survives serialization.
        let json = serde_json::to_string(&history).unwrap();
        let mut history: History = serde_json::from_str(&json).unwrap();

        // Undo everything, checking each intermediate state.
        for state in states.iter().rev().skip(1) {
            prop_assert!(history.undo(&mut doc).unwrap().is_some());
            prop_assert_eq!(&doc, state);
            check_invariants(&doc)?;
        }
        prop_assert!(history.undo(&mut doc).unwrap().is_none());
        prop_assert_eq!(&doc, &start);
        // Redo everything.
        for state in states.iter().skip(1) {
            prop_assert!(history.redo(&mut doc).unwrap().is_some());
            prop_assert_eq!(&doc, state);
        }
        prop_assert!(history.redo(&mut doc).unwrap().is_none());
        prop_assert_eq!(&doc, &end);
    }

    /// Undo part of the way, then a new edit: redo is gone, and undoing everything
    /// still restores the start.
    #[test]
    fn new_edit_after_undo_clears_redo(start in document(), seeds in seeds(), back in 1usize..5) {
        let mut doc = start.clone();
        let mut history = History::new();
        for seed in &seeds {
            let edit = make_edit(&doc, seed);
            let _ = history.apply(&mut doc, edit);
        }
        for _ in 0..back {
            let _ = history.undo(&mut doc).unwrap();
        }
        let edit = Edit::ReplaceText { range: 0..0, with: "typed ".into() };
        history.apply(&mut doc, edit).unwrap();
        prop_assert!(!history.can_redo());
        while history.undo(&mut doc).unwrap().is_some() {}
        prop_assert_eq!(doc, start);
    }

    /// A change replayed on a document it does not fit is refused, not misapplied.
    #[test]
    fn stale_steps_are_refused(start in document(), seeds in seeds()) {
        let mut doc = start.clone();
        let mut history = History::new();
        for seed in &seeds {
            let edit = make_edit(&doc, seed);
            let _ = history.apply(&mut doc, edit);
        }
        // Make sure there is a step to undo, even when every seeded edit was refused.
        history.apply(&mut doc, Edit::ReplaceText { range: 0..0, with: "typed ".into() }).unwrap();
        // Change the document behind the history's back.
        let mut other = doc.clone();
        other.text.insert(0, 'Q');
        for s in &mut other.spans {
            s.label.push('Q');
        }
        let before = other.clone();
        prop_assert!(history.can_undo());
        prop_assert!(history.undo(&mut other).is_err());
        prop_assert_eq!(other, before);
    }

    /// Word snapping: the result covers the trimmed selection, starts and ends on
    /// non-whitespace, and starts and ends on UAX #29 word boundaries.
    #[test]
    fn snapping_is_sound(text in text(), x in any::<usize>(), y in any::<usize>()) {
        let (x, y) = (x % (text.len() + 1), y % (text.len() + 1));
        if let Some((start, end)) = words::snap_to_words(&text, x, y) {
            prop_assert!(start < end && end <= text.len());
            prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            let sel = &text[start..end];
            prop_assert!(!sel.starts_with(char::is_whitespace) && !sel.ends_with(char::is_whitespace));
            let bounds: Vec<usize> = unicode_segmentation::UnicodeSegmentation::split_word_bound_indices(text.as_str())
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            prop_assert!(bounds.contains(&start) && bounds.contains(&end), "{:?} {}..{}", text, start, end);
            let (lo, hi) = (x.min(y), x.max(y));
            if lo < hi {
                // Everything selected that is not whitespace is kept.
                let trimmed = text.get(lo..hi).map(str::trim);
                if let Some(t) = trimmed.filter(|t| !t.is_empty()) {
                    prop_assert!(sel.contains(t), "{:?} lost from {:?}", t, sel);
                }
            }
        } else if x != y {
            let (lo, hi) = (x.min(y), x.max(y));
            if let Some(t) = text.get(lo..hi) {
                prop_assert!(t.trim().is_empty(), "{:?} refused", t);
            }
        }
    }

    /// Moving by character and by word always lands on boundaries and makes progress.
    #[test]
    fn steps_land_on_boundaries(text in text(), pos in any::<usize>()) {
        let pos = pos % (text.len() + 1);
        let floor = (0..=pos).rev().find(|&p| text.is_char_boundary(p)).unwrap();
        for (next, prev) in [
            (words::next_char(&text, pos), words::prev_char(&text, pos)),
            (words::next_word_boundary(&text, pos), words::prev_word_boundary(&text, pos)),
        ] {
            prop_assert!(text.is_char_boundary(next) && text.is_char_boundary(prev));
            prop_assert!(next > floor || floor == text.len());
            prop_assert!(prev < floor || floor == 0);
        }
        for p in [words::next_word_end(&text, pos), words::next_word_start(&text, pos)].into_iter().flatten() {
            prop_assert!(p > floor && text.is_char_boundary(p));
        }
        for p in [words::prev_word_end(&text, pos), words::prev_word_start(&text, pos)].into_iter().flatten() {
            prop_assert!(p < floor && text.is_char_boundary(p));
        }
    }
}
