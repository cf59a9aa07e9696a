//! The inline-tag parser: source text with `<label>…</label>` tags → [`Document`] + [`Diagnostic`]s.
//!
//! Parsing is total: it never fails and never panics. Tags that cannot form a
//! span (unclosed, stray, mismatched, crossing, empty) are reported and kept as
//! literal text, so no input byte disappears.
//!
//! It runs in three passes over the source: find the tags, match them with a
//! stack, then copy the text between the tags that form spans.

use std::fmt;
use std::ops::Range;

use crate::document::{Document, Span};
use crate::offsets::{LineCol, LineIndex};
use crate::syntax::{match_escape, match_tag};

/// What is wrong with a piece of markup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiagnosticKind {
    /// `<name>` is never closed.
    Unclosed {
        /// The tag's name.
        name: String,
    },
    /// `</name>` with no open tag at all.
    StrayClose {
        /// The tag's name.
        name: String,
    },
    /// `</name>` while another tag is open and no `<name>` is.
    Mismatched {
        /// The closing tag's name.
        name: String,
        /// The innermost open tag's name.
        open: String,
        /// Where that open tag is.
        open_at: LineCol,
    },
    /// `<name>` is still open when an enclosing tag closes: the two cross.
    Crossing {
        /// The tag left open.
        name: String,
        /// The tag that closed over it.
        other: String,
        /// Where `</other>` is.
        other_at: LineCol,
    },
    /// `</name>` closes a tag already reported as crossing.
    CrossingClose {
        /// The tag's name.
        name: String,
        /// Where its `<name>` is.
        open_at: LineCol,
    },
    /// `<name></name>` with nothing between.
    Empty {
        /// The tag's name.
        name: String,
    },
}

/// A problem in the source, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong.
    pub kind: DiagnosticKind,
    /// The byte range of the offending tag in the source.
    pub range: Range<usize>,
    /// Line and column (1-based, in characters) of the start of the range.
    pub at: LineCol,
}

impl Diagnostic {
    /// The message, a sentence a person can act on.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiagnosticKind::Unclosed { name } => {
                write!(f, "`<{name}>` is never closed: add `</{name}>` where the span ends")
            }
            DiagnosticKind::StrayClose { name } => {
                write!(f, "`</{name}>` has no matching `<{name}>` before it")
            }
            DiagnosticKind::Mismatched { name, open, open_at } => write!(
                f,
                "`</{name}>` does not match the open tag `<{open}>` at {open_at}: close `<{open}>` first or fix the name"
            ),
            DiagnosticKind::Crossing { name, other, other_at } => write!(
                f,
                "`<{name}>` crosses `<{other}>`: `</{other}>` at {other_at} closes while `<{name}>` is still open; spans must nest"
            ),
            DiagnosticKind::CrossingClose { name, open_at } => write!(
                f,
                "`</{name}>` closes `<{name}>` at {open_at}, which crosses another span; spans must nest"
            ),
            DiagnosticKind::Empty { name } => {
                write!(f, "`<{name}></{name}>` is an empty span: put text between the tags or remove them")
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.kind)
    }
}

/// The result of parsing: the document and every problem found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The document (text without the tags that form spans, and those spans).
    pub document: Document,
    /// Problems, in source order. Empty when the source is well-formed.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// True when there are no diagnostics.
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }
}

/// One tag found in the source.
struct Tag {
    range: Range<usize>,
    name: Range<usize>,
    close: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    /// Not decided yet (an open tag on the stack).
    Pending,
    /// Part of a span; for an open tag, the index of its close tag.
    Paired(usize),
    /// The close half of a pair.
    Closer,
    /// Kept as literal text.
    Literal,
}

/// Parses inline-tagged `source`. Never fails; see [`Parsed::diagnostics`].
pub fn parse(source: &str) -> Parsed {
    let tags = find_tags(source);
    let (roles, mut problems) = match_tags(source, &tags);
    let document = build(source, &tags, &roles);
    problems.sort_by_key(|(start, _, _)| *start);
    let diagnostics = if problems.is_empty() {
        Vec::new()
    } else {
        let lines = LineIndex::new(source);
        problems
            .into_iter()
            .map(|(start, end, kind)| Diagnostic { kind, range: start..end, at: lines.line_col(source, start) })
            .collect()
    };
    Parsed { document, diagnostics }
}

fn find_tags(source: &str) -> Vec<Tag> {
    let bytes = source.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + p;
        match match_tag(&bytes[at..]) {
            Some((len, close, name)) => {
                tags.push(Tag { range: at..at + len, name: at + name.start..at + name.end, close });
                i = at + len;
            }
            None => i = at + 1,
        }
    }
    tags
}

type Problem = (usize, usize, DiagnosticKind);

fn match_tags(source: &str, tags: &[Tag]) -> (Vec<Role>, Vec<Problem>) {
    let name = |t: &Tag| &source[t.name.clone()];
    let mut roles = vec![Role::Pending; tags.len()];
    let mut problems: Vec<Problem> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    // Open tags dropped because they crossed: (tag index, the close that crossed them).
    let mut crossed: Vec<usize> = Vec::new();
    // Line/column lookups are only needed for messages that name a second position.
    let mut lines: Option<LineIndex> = None;
    let mut at = |byte: usize| lines.get_or_insert_with(|| LineIndex::new(source)).line_col(source, byte);

    for (i, tag) in tags.iter().enumerate() {
        if !tag.close {
            stack.push(i);
            continue;
        }
        let n = name(tag);
        match stack.iter().rposition(|&o| name(&tags[o]) == n) {
            Some(p) => {
                for &inner in &stack[p + 1..] {
                    roles[inner] = Role::Literal;
                    crossed.push(inner);
                    problems.push((
                        tags[inner].range.start,
                        tags[inner].range.end,
                        DiagnosticKind::Crossing {
                            name: name(&tags[inner]).to_string(),
                            other: n.to_string(),
                            other_at: at(tag.range.start),
                        },
                    ));
                }
                let open = stack[p];
                stack.truncate(p);
                if tags[open].range.end == tag.range.start {
                    roles[open] = Role::Literal;
                    roles[i] = Role::Literal;
                    problems.push((
                        tags[open].range.start,
                        tag.range.end,
                        DiagnosticKind::Empty { name: n.to_string() },
                    ));
                } else {
                    roles[open] = Role::Paired(i);
                    roles[i] = Role::Closer;
                }
            }
            None => {
                roles[i] = Role::Literal;
                let kind = if let Some(c) = crossed.iter().rposition(|&o| name(&tags[o]) == n) {
                    let open = crossed.remove(c);
                    DiagnosticKind::CrossingClose { name: n.to_string(), open_at: at(tags[open].range.start) }
                } else if let Some(&top) = stack.last() {
                    DiagnosticKind::Mismatched {
                        name: n.to_string(),
                        open: name(&tags[top]).to_string(),
                        open_at: at(tags[top].range.start),
                    }
                } else {
                    DiagnosticKind::StrayClose { name: n.to_string() }
                };
                problems.push((tag.range.start, tag.range.end, kind));
            }
        }
    }
    for open in stack {
        roles[open] = Role::Literal;
        problems.push((
            tags[open].range.start,
            tags[open].range.end,
            DiagnosticKind::Unclosed { name: name(&tags[open]).to_string() },
        ));
    }
    (roles, problems)
}

/// Copies `source[from..to]` into `text`, decoding the three escapes.
fn push_text(text: &mut String, source: &str, from: usize, to: usize) {
    let segment = &source[from..to];
    let bytes = segment.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'&') {
        let at = i + p;
        match match_escape(&bytes[at..]) {
            Some((len, ch)) => {
                text.push_str(&segment[copied..at]);
                text.push(ch);
                copied = at + len;
                i = copied;
            }
            None => i = at + 1,
        }
    }
    text.push_str(&segment[copied..]);
}

fn build(source: &str, tags: &[Tag], roles: &[Role]) -> Document {
    let mut text = String::with_capacity(source.len());
    // Text position of each open tag that forms a span, by tag index.
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (open tag index, text start)
    let mut spans: Vec<(usize, Span)> = Vec::new(); // (open tag index, span)
    let mut copied = 0;
    for (i, tag) in tags.iter().enumerate() {
        match roles[i] {
            Role::Literal | Role::Pending => continue,
            Role::Paired(_) | Role::Closer => {}
        }
        push_text(&mut text, source, copied, tag.range.start);
        copied = tag.range.end;
        match roles[i] {
            Role::Paired(_) => starts.push((i, text.len())),
            Role::Closer => {
                // The innermost open span is the one this tag closes (matching guarantees nesting).
                if let Some((open, start)) = starts.pop() {
                    spans.push((open, Span::new(start, text.len(), &source[tag.name.clone()])));
                }
            }
            _ => {}
        }
    }
    push_text(&mut text, source, copied, source.len());
    // Open-tag order is document order: start ascending, the outer span first.
    spans.sort_by_key(|(open, _)| *open);
    Document { text, spans: spans.into_iter().map(|(_, s)| s).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(src: &str) -> Vec<(String, String)> {
        let p = parse(src);
        p.document.spans.iter().map(|s| (s.label.clone(), p.document.span_text(s).to_string())).collect()
    }

    fn messages(src: &str) -> Vec<String> {
        parse(src).diagnostics.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn simple_and_nested() {
        let p = parse("the <model>NeuraScale-9</model> has <params>2.5 trillion</params>");
        assert!(p.is_clean());
        assert_eq!(p.document.text, "the NeuraScale-9 has 2.5 trillion");
        assert_eq!(p.document.spans, vec![Span::new(4, 16, "model"), Span::new(21, 33, "params")]);
        assert_eq!(
            spans("<a>x <b>y</b></a>"),
            vec![("a".into(), "x y".into()), ("b".into(), "y".into())]
        );
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        for src in ["a < b", "3<4", "<3", "a <- b", "<2>", "x<y", "<a b>", "<>", "a > b"] {
            let p = parse(src);
            assert!(p.is_clean(), "{src}");
            assert_eq!(p.document.text, src);
        }
    }

    #[test]
    fn escapes_decode() {
        let p = parse("&lt;b&gt; &amp;lt; AT&T <x>&lt;</x>");
        assert!(p.is_clean());
        assert_eq!(p.document.text, "<b> &lt; AT&T <");
        assert_eq!(p.document.spans, vec![Span::new(14, 15, "x")]);
    }

    #[test]
    fn unclosed_keeps_text() {
        let p = parse("a <b>bold\nnext");
        assert_eq!(p.document.text, "a <b>bold\nnext");
        assert_eq!(messages("a <b>bold\nnext"), ["1:3: `<b>` is never closed: add `</b>` where the span ends"]);
        assert_eq!(p.diagnostics[0].range, 2..5);
    }

    #[test]
    fn stray_and_mismatched() {
        assert_eq!(messages("x</b>"), ["1:2: `</b>` has no matching `<b>` before it"]);
        let p = parse("<a>x</b>y</a>");
        assert_eq!(p.document.text, "x</b>y");
        assert_eq!(p.document.spans, vec![Span::new(0, 6, "a")]);
        assert_eq!(
            messages("<a>x</b>y</a>"),
            ["1:5: `</b>` does not match the open tag `<a>` at 1:1: close `<a>` first or fix the name"]
        );
    }

    #[test]
    fn crossing() {
        let src = "<a>x <b>y</a> z</b>";
        let p = parse(src);
        assert_eq!(p.document.text, "x <b>y z</b>");
        assert_eq!(p.document.spans, vec![Span::new(0, 6, "a")]);
        let m = messages(src);
        assert_eq!(m.len(), 2);
        assert!(m[0].starts_with("1:6: `<b>` crosses `<a>`: `</a>` at 1:10"), "{}", m[0]);
        assert!(m[1].starts_with("1:16: `</b>` closes `<b>` at 1:6"), "{}", m[1]);
    }

    #[test]
    fn empty_span() {
        let p = parse("a<x></x>b");
        assert_eq!(p.document.text, "a<x></x>b");
        assert!(p.document.spans.is_empty());
        assert_eq!(messages("a<x></x>b"), ["1:2: `<x></x>` is an empty span: put text between the tags or remove them"]);
    }

    #[test]
    fn columns_count_characters() {
        let p = parse("日本\n👨🏻‍🚒 <x>y");
        assert_eq!(p.diagnostics[0].at, LineCol { line: 2, column: 6 });
    }

    #[test]
    fn same_range_keeps_outer_first() {
        let p = parse("<a><b>x</b></a>");
        assert_eq!(p.document.spans, vec![Span::new(0, 1, "a"), Span::new(0, 1, "b")]);
    }

    #[test]
    fn seed_has_eleven_spans() {
        let src = crate::EXAMPLE_SEED;
        let p = parse(src);
        assert!(p.is_clean());
        assert_eq!(p.document.spans.len(), 11);
        assert_eq!(p.document.labels(), ["model", "params", "country", "hardware", "training", "year"]);
    }
}
