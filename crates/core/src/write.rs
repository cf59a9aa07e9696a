//! The inline-tag writer: [`Document`] → source text with `<label>…</label>` tags.
//!
//! It escapes as little as possible, so that a well-formed source without `&`
//! comes back byte for byte: a `<` is written as `&lt;` only where it would
//! otherwise read as a tag, and a `&` as `&amp;` only where it would otherwise
//! read as one of the escapes `&lt;`, `&gt;`, `&amp;`. Because every tag begins
//! with `<`, a tag written at a span boundary can never complete a tag or an
//! escape begun in the text before it, so each stretch of text between two
//! boundaries is escaped on its own.

use std::cmp::Reverse;
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
///
/// Spans need not be in document order: a document whose spans are out of order
/// (its fields are public) is written as if they were sorted.
pub fn write_checked(doc: &Document) -> (String, Vec<Unwritable>) {
    write_spans_keeping(doc, &[])
}

/// Writes `doc` as inline-tagged text, leaving unescaped the tag-like text that
/// begins at each byte offset of `literal_tags` (ascending), so that it reads as a
/// tag again. With the [`Parsed::literal_tags`](crate::parse::Parsed::literal_tags)
/// of a source with broken tags, the broken tags are written back as they were
/// (and stay broken) instead of being escaped into text; spans added around them
/// are written as tags as usual. Parse the result to check that it means what was
/// intended: a new tag may pair with a broken one.
pub fn write_keeping(doc: &Document, literal_tags: &[usize]) -> String {
    write_spans_keeping(doc, literal_tags).0
}

fn write_spans_keeping(doc: &Document, literal_tags: &[usize]) -> (String, Vec<Unwritable>) {
    let key = |s: &Span| (s.start, Reverse(s.end));
    if doc.spans.is_sorted_by_key(key) {
        write_spans(doc, doc.spans.iter(), literal_tags)
    } else {
        let mut sorted: Vec<&Span> = doc.spans.iter().collect();
        crate::sort::sort_by_key(&mut sorted, |s| key(s));
        write_spans(doc, sorted.into_iter(), literal_tags)
    }
}

fn write_spans<'a>(
    doc: &'a Document,
    spans: impl Iterator<Item = &'a Span>,
    literal_tags: &'a [usize],
) -> (String, Vec<Unwritable>) {
    let text = &doc.text;
    let tag_bytes: usize = doc.spans.iter().map(|s| 5 + 2 * s.label.len()).sum();
    let mut out = String::with_capacity(text.len() + tag_bytes + 16);
    let mut skipped = Vec::new();
    let mut open: Vec<&Span> = Vec::new();
    let mut text_out = TextWriter::new(text, literal_tags);

    for span in spans {
        if doc.check_span(span).is_err() {
            skipped.push(Unwritable::Invalid { span: span.clone() });
            continue;
        }
        close_until(span.start, &mut open, &mut out, &mut text_out);
        if span.start < text_out.pos {
            // Only possible when spans repeat out of order; never for a sorted document.
            skipped.push(Unwritable::Invalid { span: span.clone() });
            continue;
        }
        if let Some(top) = open.last() {
            if span.end > top.end {
                skipped.push(Unwritable::Crossing {
                    span: span.clone(),
                    other: (*top).clone(),
                });
                continue;
            }
        }
        text_out.copy_until(&mut out, span.start);
        out.push('<');
        out.push_str(&span.label);
        out.push('>');
        open.push(span);
    }
    close_until(usize::MAX, &mut open, &mut out, &mut text_out);
    text_out.copy_until(&mut out, text.len());
    (out, skipped)
}

/// Closes the open spans that end at or before `limit`, innermost first.
fn close_until(
    limit: usize,
    open: &mut Vec<&Span>,
    out: &mut String,
    text_out: &mut TextWriter<'_>,
) {
    while let Some(top) = open.last() {
        if top.end > limit {
            break;
        }
        text_out.copy_until(out, top.end);
        out.push_str("</");
        out.push_str(&top.label);
        out.push('>');
        open.pop();
    }
}

/// Copies the text out in stretches between span boundaries, escaping what would
/// otherwise be markup. The text is searched for `<` and `&` once, as a whole;
/// each stretch then looks only at the candidates inside it.
struct TextWriter<'a> {
    text: &'a str,
    /// Everything before `pos` has been written.
    pos: usize,
    candidates: std::iter::Peekable<memchr::Memchr2<'a>>,
    /// Offsets of `<`s to write as they are (see [`write_keeping`]), ascending; the
    /// ones passed are dropped from the front.
    keep: &'a [usize],
}

impl<'a> TextWriter<'a> {
    fn new(text: &'a str, keep: &'a [usize]) -> TextWriter<'a> {
        TextWriter {
            text,
            pos: 0,
            candidates: memchr::memchr2_iter(b'<', b'&', text.as_bytes()).peekable(),
            keep,
        }
    }

    /// True when the `<` at `at` is one to keep as it is.
    fn kept(&mut self, at: usize) -> bool {
        while let Some((&first, rest)) = self.keep.split_first() {
            if first >= at {
                return first == at;
            }
            self.keep = rest;
        }
        false
    }

    /// Writes `text[pos..to]` (a stretch between two span boundaries) and moves `pos` to `to`.
    fn copy_until(&mut self, out: &mut String, to: usize) {
        // A tag or an escape must lie wholly inside the stretch to be read as one,
        // because the tags written around the stretch begin with `<` (see the module docs).
        let stretch = &self.text.as_bytes()[..to];
        let mut copied = self.pos;
        while let Some(&at) = self.candidates.peek() {
            if at >= to {
                break;
            }
            self.candidates.next();
            let escape = if stretch[at] == b'<' {
                if self.kept(at) {
                    continue;
                }
                match_tag(&stretch[at..]).map(|_| "&lt;")
            } else {
                match_escape(&stretch[at..]).map(|_| "&amp;")
            };
            if let Some(escape) = escape {
                out.push_str(&self.text[copied..at]);
                out.push_str(escape);
                copied = at + 1;
            }
        }
        out.push_str(&self.text[copied..to]);
        self.pos = to;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn writes_nested_tags() {
        let doc =
            Document::with_spans("x y", vec![Span::new(0, 3, "a"), Span::new(2, 3, "b")]).unwrap();
        assert_eq!(write(&doc), "<a>x <b>y</b></a>");
    }

    #[test]
    fn escapes_only_what_would_be_markup() {
        let doc = Document::new("a < b, <b> and </b>, AT&T, &lt; &amp &gt;");
        let out = write(&doc);
        assert_eq!(
            out,
            "a < b, &lt;b> and &lt;/b>, AT&T, &amp;lt; &amp &amp;gt;"
        );
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
    fn broken_tags_are_kept_around_a_new_span() {
        let src = "a <b>bold and </x> more";
        let parsed = parse(src);
        assert_eq!(parsed.diagnostics.len(), 2);
        assert_eq!(parsed.literal_tags, vec![2, 14]);
        let mut doc = parsed.document.clone();
        doc.insert_span(Span::new(19, 23, "m"));
        let out = write_keeping(&doc, &parsed.literal_tags);
        assert_eq!(out, "a <b>bold and </x> <m>more</m>");
        let again = parse(&out);
        assert_eq!(again.document, doc);
        assert_eq!(again.diagnostics.len(), 2);
        // Plain `write` escapes them (and so changes what the source says).
        assert_eq!(write(&doc), "a &lt;b>bold and &lt;/x> <m>more</m>");
    }

    #[test]
    fn a_new_tag_that_pairs_with_a_broken_one_shows_in_the_parse() {
        let parsed = parse("a <b> c");
        let mut doc = parsed.document.clone();
        doc.insert_span(Span::new(0, 7, "b"));
        let out = write_keeping(&doc, &parsed.literal_tags);
        assert_ne!(parse(&out).document, doc);
    }

    #[test]
    fn reports_crossing_and_empty_spans() {
        let doc = Document {
            text: "abcdef".into(),
            spans: vec![
                Span::new(0, 3, "a"),
                Span::new(1, 5, "b"),
                Span::new(4, 4, "c"),
            ],
        };
        let (out, skipped) = write_checked(&doc);
        assert_eq!(out, "<a>abc</a>def");
        assert_eq!(skipped.len(), 2);
        assert!(skipped[0].to_string().contains("crosses span `a`"));
    }

    /// Regression: `write` panicked (slicing `text[6..0]`) on a document whose spans
    /// were not in document order, which the public fields allow.
    #[test]
    fn spans_out_of_order_are_written_sorted() {
        let doc = Document {
            text: "abcdefgh".into(),
            spans: vec![
                Span::new(5, 6, "b"),
                Span::new(0, 2, "a"),
                Span::new(0, 8, "c"),
            ],
        };
        let (out, skipped) = write_checked(&doc);
        assert_eq!(out, "<c><a>ab</a>cde<b>f</b>gh</c>");
        assert!(skipped.is_empty());
    }

    #[test]
    fn the_seed_round_trips() {
        let src = crate::EXAMPLE_SEED;
        assert_eq!(write(&parse(src).document), src);
    }
}
