//! The document model: plain text and the labelled spans over it.
//!
//! Spans are byte ranges into [`Document::text`]; both ends always lie on
//! `char` boundaries. Conversion to code points or UTF-16 happens only at the
//! edges (see [`crate::offsets`]).

use std::cmp::Reverse;
use std::fmt;
use std::ops::Range;

/// One labelled span: a half-open byte range `start..end` of the text and its label.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Span {
    /// Byte offset of the first byte of the span.
    pub start: usize,
    /// Byte offset one past the last byte of the span.
    pub end: usize,
    /// The label name, e.g. `model`.
    pub label: String,
}

impl Span {
    /// A span over `start..end` with `label`.
    pub fn new(start: usize, end: usize, label: impl Into<String>) -> Span {
        Span {
            start,
            end,
            label: label.into(),
        }
    }

    /// The byte range of the span.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no text.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when `self` and `other` overlap without one containing the other.
    pub fn crosses(&self, other: &Span) -> bool {
        (self.start < other.start && other.start < self.end && self.end < other.end)
            || (other.start < self.start && self.start < other.end && other.end < self.end)
    }

    /// True when `other` lies inside `self` (equal ranges count).
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A document: plain text and its spans, kept in document order.
///
/// Document order sorts spans by start ascending, then end descending, so that an
/// outer span comes before the spans nested in it; spans with the same range keep
/// the order in which they were added (the first is the outermost).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// The text with all markup removed.
    pub text: String,
    /// The spans, in document order.
    pub spans: Vec<Span>,
}

/// Why a span cannot be part of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanError {
    /// `start..end` is empty or reversed.
    Empty {
        /// Start byte.
        start: usize,
        /// End byte.
        end: usize,
    },
    /// The range reaches past the end of the text.
    OutOfRange {
        /// End byte asked for.
        end: usize,
        /// Length of the text in bytes.
        len: usize,
    },
    /// An end of the span falls inside a multi-byte character.
    NotCharBoundary {
        /// The offending byte offset.
        offset: usize,
    },
    /// The label is empty or not a valid tag name.
    BadLabel {
        /// The label given.
        label: String,
    },
}

impl fmt::Display for SpanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpanError::Empty { start, end } => {
                write!(f, "the span {start}..{end} is empty: a span must cover at least one character")
            }
            SpanError::OutOfRange { end, len } => {
                write!(f, "the span ends at byte {end}, past the end of the text ({len} bytes)")
            }
            SpanError::NotCharBoundary { offset } => {
                write!(f, "byte offset {offset} falls inside a character")
            }
            SpanError::BadLabel { label } => write!(
                f,
                "`{label}` is not a valid label: use a letter followed by letters, digits, `_` or `-`"
            ),
        }
    }
}

impl std::error::Error for SpanError {}

/// True when `name` is a valid label (and tag) name: `[A-Za-z][A-Za-z0-9_-]*`.
pub fn is_valid_label(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl Document {
    /// A document with `text` and no spans.
    pub fn new(text: impl Into<String>) -> Document {
        Document {
            text: text.into(),
            spans: Vec::new(),
        }
    }

    /// A document with `text` and `spans`, checked and put in document order.
    pub fn with_spans(text: impl Into<String>, spans: Vec<Span>) -> Result<Document, SpanError> {
        let mut doc = Document::new(text);
        for span in &spans {
            doc.check_span(span)?;
        }
        doc.spans = spans;
        doc.sort_spans();
        Ok(doc)
    }

    /// Checks that `span` is non-empty, inside the text, on character boundaries, with a valid label.
    pub fn check_span(&self, span: &Span) -> Result<(), SpanError> {
        self.check_range(span.start, span.end)?;
        if !is_valid_label(&span.label) {
            return Err(SpanError::BadLabel {
                label: span.label.clone(),
            });
        }
        Ok(())
    }

    /// Checks that `start..end` is a non-empty range of the text on character boundaries.
    pub fn check_range(&self, start: usize, end: usize) -> Result<(), SpanError> {
        if end <= start {
            return Err(SpanError::Empty { start, end });
        }
        if end > self.text.len() {
            return Err(SpanError::OutOfRange {
                end,
                len: self.text.len(),
            });
        }
        for offset in [start, end] {
            if !self.text.is_char_boundary(offset) {
                return Err(SpanError::NotCharBoundary { offset });
            }
        }
        Ok(())
    }

    /// Puts the spans in document order (stable: equal ranges keep their order).
    pub fn sort_spans(&mut self) {
        crate::sort::sort_by_key(&mut self.spans, |s| (s.start, Reverse(s.end)));
    }

    /// Inserts `span` at its place in document order (after spans with the same range)
    /// and returns its index.
    pub fn insert_span(&mut self, span: Span) -> usize {
        let key = (span.start, Reverse(span.end));
        let index = self
            .spans
            .partition_point(|s| (s.start, Reverse(s.end)) <= key);
        self.spans.insert(index, span);
        index
    }

    /// The text a span covers (empty if the span does not fit the text).
    pub fn span_text(&self, span: &Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Pairs of span indices `(i, j)`, `i < j`, whose ranges cross.
    pub fn crossing_pairs(&self) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        // Spans are in document order; a span can only cross later spans that start before it ends.
        for (i, a) in self.spans.iter().enumerate() {
            for (j, b) in self.spans.iter().enumerate().skip(i + 1) {
                if b.start >= a.end {
                    break;
                }
                if a.crosses(b) {
                    pairs.push((i, j));
                }
            }
        }
        pairs
    }

    /// The distinct labels in order of first appearance.
    pub fn labels(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for span in &self.spans {
            if !seen.contains(&span.label.as_str()) {
                seen.push(&span.label);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_labels() {
        assert!(is_valid_label("model"));
        assert!(is_valid_label("B-x_1"));
        assert!(!is_valid_label(""));
        assert!(!is_valid_label("1abc"));
        assert!(!is_valid_label("a b"));
        assert!(!is_valid_label("é"));
    }

    #[test]
    fn document_order_puts_outer_first() {
        let doc = Document::with_spans(
            "abcdef",
            vec![
                Span::new(2, 3, "b"),
                Span::new(0, 6, "a"),
                Span::new(0, 2, "c"),
            ],
        )
        .unwrap();
        let labels: Vec<_> = doc.spans.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["a", "c", "b"]);
    }

    #[test]
    fn rejects_bad_spans() {
        let doc = Document::new("héllo");
        assert_eq!(
            doc.check_range(2, 2),
            Err(SpanError::Empty { start: 2, end: 2 })
        );
        assert_eq!(
            doc.check_range(0, 2),
            Err(SpanError::NotCharBoundary { offset: 2 })
        );
        assert_eq!(
            doc.check_range(0, 9),
            Err(SpanError::OutOfRange { end: 9, len: 6 })
        );
        assert!(doc.check_range(0, 3).is_ok());
    }

    #[test]
    fn finds_crossing_pairs() {
        let doc = Document::with_spans(
            "abcdefgh",
            vec![
                Span::new(0, 4, "a"),
                Span::new(2, 6, "b"),
                Span::new(1, 3, "c"),
            ],
        )
        .unwrap();
        // order: a(0,4) c(1,3) b(2,6); a×b and c×b cross
        assert_eq!(doc.crossing_pairs(), vec![(0, 2), (1, 2)]);
    }
}
