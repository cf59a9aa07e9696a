//! Suggestions from the user's pattern rules.

use std::ops::Range;

use super::{Source, Suggestion};
use crate::inventory::normalize;
use crate::patterns::Matcher;
use crate::phrases::SegmentedText;

/// Each match of a rule starting in `keep`.
pub(super) fn candidates(
    rules: &Matcher,
    text: &str,
    seg: &SegmentedText<'_>,
    keep: Range<usize>,
    out: &mut Vec<Suggestion>,
) {
    if rules.is_empty() {
        return;
    }
    for m in rules.find(text, seg, keep) {
        out.push(Suggestion {
            key: normalize(&text[m.range.clone()]),
            range: m.range,
            label: m.label,
            source: Source::Rule,
        });
    }
}
