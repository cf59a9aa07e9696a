//! The inline-tag writer: [`Document`] → source text with `<label>…</label>` tags.
//!
//! It escapes as little as possible, so that a well-formed source without `&`
//! comes back byte for byte: a `<` is written as `&lt;` only where it would
//! otherwise read as a tag, and a `&` as `&amp;` only where it would otherwise
//! read as one of the escapes `&lt;`, `&gt;`, `&amp;`. Because every tag begins
//! with `<`, a tag written at a span boundary can never complete a tag or an
//! escape begun in the text before it, so each stretch of text between two
//! boundaries is escaped on its own.

use std::fmt;

use crate::document::{Document, Span};
use crate::syntax::{match_escape, match_tag};

/// Why a span was left out of the inline text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unwritable {
    /// The span crosses an earlier span (inline tags can only nest).
    Crossing {
        /// The span left out.
        span: Span,
        /// The span it crosses.
        other: Span,
    },
    /// The span covers no text, or does not fit the text.
    Invalid {
        /// The span left out.
        span: Span,
    },
}

impl fmt::Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unwritable::Crossing { span, other } => write!(
                f,
                "span `{}` at bytes {}..{} crosses span `{}` at {}..{}: inline tags can only nest, so it was left out",
                span.label, span.start, span.end, other.label, other.start, other.end
            ),
            Unwritable::Invalid { span } => write!(
                f,
                "span `{}` at bytes {}..{} is empty or outside the text, so it was left out",
                span.label, span.start, span.end
            ),
        }
    }
}

/// Writes `doc` as inline-tagged text. Spans that cannot be written are left out;
/// use [`write_checked`] to learn which.
pub fn write(doc: &Document) -> String {
    write_checked(doc).0
}

/// Writes `doc` as inline-tagged text and reports the spans left out.
pub fn write_checked(doc: &Document) -> (String, Vec<Unwritable>) {
    let text = &doc.text;
    let tag_bytes: usize = doc.spans.iter().map(|s| 5 + 2 * s.label.len()).sum();
    let mut out = String::with_capacity(text.len() + tag_bytes + 16);
    let mut skipped = Vec::new();
    let mut open: Vec<&Span> = Vec::new();
    let mut pos = 0;

    let mut close_until = |limit: usize, open: &mut Vec<&Span>, out: &mut String, pos: &mut usize| {
        while let Some(top) = open.last() {
            if top.end > limit {
                break;
            }
            push_escaped(out, &text[*pos..top.end]);
            *pos = top.end;
            out.push_str("</");
            out.push_str(&top.label);
            out.push('>');
            open.pop();
        }
    };

    for span in &doc.spans {
        if doc.check_span(span).is_err() {
            skipped.push(Unwritable::Invalid { span: span.clone() });
            continue;
        }
        close_until(span.start, &mut open, &mut out, &mut pos);
        if let Some(top) = open.last() {
            if span.end > top.end || span.start < pos {
                skipped.push(Unwritable::Crossing { span: span.clone(), other: (*top).clone() });
                continue;
            }
        }
        push_escaped(&mut out, &text[pos..span.start]);
        pos = span.start;
        out.push('<');
        out.push_str(&span.label);
        out.push('>');
        open.push(span);
    }
    close_until(usize::MAX, &mut open, &mut out, &mut pos);
    push_escaped(&mut out, &text[pos..]);
    (out, skipped)
}

/// Appends `segment` (text between two span boundaries), escaping what would otherwise be markup.
fn push_escaped(out: &mut String, segment: &str) {
    let bytes = segment.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'<' || b == b'&') {
        let at = i + p;
        let escape = if bytes[at] == b'<' {
            match_tag(&bytes[at..]).map(|_| "&lt;")
        } else {
            match_escape(&bytes[at..]).map(|_| "&amp;")
        };
        if let Some(escape) = escape {
            out.push_str(&segment[copied..at]);
            out.push_str(escape);
            copied = at + 1;
        }
        i = at + 1;
    }
    out.push_str(&segment[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn writes_nested_tags() {
        let doc = Document::with_spans("x y", vec![Span::new(0, 3, "a"), Span::new(2, 3, "b")]).unwrap();
        assert_eq!(write(&doc), "<a>x <b>y</b></a>");
    }

    #[test]
    fn escapes_only_what_would_be_markup() {
        let doc = Document::new("a < b, <b> and </b>, AT&T, &lt; &amp &gt;");
        let out = write(&doc);
        assert_eq!(out, "a < b, &lt;b> and &lt;/b>, AT&T, &amp;lt; &amp &amp;gt;");
        assert_eq!(parse(&out).document, doc);
    }

    #[test]
    fn tag_like_text_across_a_boundary_is_not_escaped() {
        // "<a>x" where a span starts after "<a": the written tag breaks the would-be tag.
        let doc = Document::with_spans("<a>x", vec![Span::new(2, 4, "b")]).unwrap();
        assert_eq!(write(&doc), "<a<b>>x</b>");
        assert_eq!(parse(&write(&doc)).document, doc);
    }

    #[test]
    fn reports_crossing_and_empty_spans() {
        let doc = Document {
            text: "abcdef".into(),
            spans: vec![Span::new(0, 3, "a"), Span::new(1, 5, "b"), Span::new(4, 4, "c")],
        };
        let (out, skipped) = write_checked(&doc);
        assert_eq!(out, "<a>abc</a>def");
        assert_eq!(skipped.len(), 2);
        assert!(skipped[0].to_string().contains("crosses span `a`"));
    }

    #[test]
    fn the_seed_round_trips() {
        let src = crate::EXAMPLE_SEED;
        assert_eq!(write(&parse(src).document), src);
    }
}
