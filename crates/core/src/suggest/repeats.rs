//! Suggestions from other occurrences of tagged strings.

use std::ops::Range;

use super::{Source, Suggestion};
use crate::checks::tagged::TaggedStrings;
use crate::inventory::normalize;
use crate::phrases::SegmentedText;

/// Each whole-word occurrence of a tagged string starting in `keep`, with its most used label.
pub(super) fn candidates(
    tagged: &TaggedStrings,
    text: &str,
    seg: &SegmentedText<'_>,
    keep: Range<usize>,
    out: &mut Vec<Suggestion>,
) {
    if tagged.index.is_empty() {
        return;
    }
    let first = seg.segments.partition_point(|r| r.start < keep.start);
    let last = seg.segments.partition_point(|r| r.start < keep.end);
    for m in tagged.index.find_in(seg, first..last) {
        let entry = tagged.index.get(m.phrase).1;
        out.push(Suggestion {
            key: normalize(&text[m.range.clone()]),
            range: m.range,
            label: entry.top_label().to_string(),
            source: Source::Repeat,
        });
    }
}
