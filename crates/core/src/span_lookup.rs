//! Fast questions about a document's spans around a byte range: which spans
//! overlap it, would a new span over it cross one, is it inside a span of a label.
//!
//! Spans are in document order (start ascending); a running maximum of their
//! ends lets a lookup stop as soon as no earlier span can reach the range, so a
//! lookup costs the spans near the range, not all of them.

use std::ops::Range;

use crate::document::Span;

/// The spans of one document, ready for range lookups.
pub struct SpanLookup<'a> {
    spans: &'a [Span],
    /// `max_end[k]`: the largest end among `spans[..=k]`.
    max_end: Vec<usize>,
}

impl<'a> SpanLookup<'a> {
    /// A lookup over `spans`, which must be in document order ([`crate::Document::spans`]).
    pub fn new(spans: &'a [Span]) -> SpanLookup<'a> {
        let mut max = 0;
        let max_end = spans
            .iter()
            .map(|s| {
                max = max.max(s.end);
                max
            })
            .collect();
        SpanLookup { spans, max_end }
    }

    /// The indices of the spans that share at least one byte with `range`, last first.
    pub fn overlapping(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let upto = self.spans.partition_point(|s| s.start < range.end);
        (0..upto)
            .rev()
            .take_while(move |&k| self.max_end[k] > range.start)
            .filter(move |&k| self.spans[k].end > range.start)
    }

    /// True when a span over `range` would cross one of the spans.
    pub fn crosses(&self, range: Range<usize>) -> bool {
        let probe = Span::new(range.start, range.end, "");
        self.overlapping(range)
            .any(|k| self.spans[k].crosses(&probe))
    }

    /// True when a span has exactly `range` (any label).
    pub fn has_range(&self, range: Range<usize>) -> bool {
        self.overlapping(range.clone())
            .any(|k| self.spans[k].range() == range)
    }

    /// True when a span labelled `label` contains `range` (equal ranges count).
    pub fn inside_label(&self, range: Range<usize>, label: &str) -> bool {
        self.overlapping(range.clone()).any(|k| {
            let s = &self.spans[k];
            s.label == label && s.start <= range.start && range.end <= s.end
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        // "aaaa bbbb cccc dddd": a long span 0..19, b 5..9, c 10..14
        let spans = vec![
            Span::new(0, 19, "all"),
            Span::new(5, 9, "b"),
            Span::new(10, 14, "c"),
        ];
        let l = SpanLookup::new(&spans);
        assert_eq!(l.overlapping(6..12).collect::<Vec<_>>(), [2, 1, 0]);
        assert_eq!(l.overlapping(14..15).collect::<Vec<_>>(), [0]);
        assert!(l.crosses(7..12));
        assert!(!l.crosses(5..14));
        assert!(l.has_range(10..14));
        assert!(!l.has_range(10..13));
        assert!(l.inside_label(11..12, "c"));
        assert!(!l.inside_label(11..12, "b"));
        assert!(l.inside_label(0..19, "all"));
    }
}
