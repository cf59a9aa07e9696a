//! Suggestions from the shape of tagged strings: the same letters and
//! punctuation with other digits (see [`crate::phrases::KeyKind::Shape`]).

use std::ops::Range;

use super::{Source, Suggestion};
use crate::checks::tagged::TaggedStrings;
use crate::inventory::normalize;
use crate::phrases::{is_digit, KeyKind, PhraseIndex, SegmentedText};

/// The shapes of the tagged strings that have a digit and a letter, each with
/// the label of the first string of that shape (strings by most used label).
pub(super) fn shapes_of(tagged: &TaggedStrings) -> PhraseIndex<String> {
    let mut shapes = PhraseIndex::new(KeyKind::Shape);
    for (_, entry) in tagged.index.iter() {
        let t = &entry.text;
        if t.chars().any(is_digit) && t.chars().any(char::is_alphabetic) {
            shapes.entry(t, || entry.top_label().to_string());
        }
    }
    shapes
}

/// Each whole-word occurrence of a shape starting in `keep`.
pub(super) fn candidates(
    shapes: &PhraseIndex<String>,
    text: &str,
    seg: &SegmentedText<'_>,
    keep: Range<usize>,
    out: &mut Vec<Suggestion>,
) {
    let first = seg.segments.partition_point(|r| r.start < keep.start);
    let last = seg.segments.partition_point(|r| r.start < keep.end);
    for m in shapes.find_in(seg, first..last) {
        out.push(Suggestion {
            key: normalize(&text[m.range.clone()]),
            range: m.range,
            label: shapes.get(m.phrase).1.clone(),
            source: Source::Shape,
        });
    }
}
