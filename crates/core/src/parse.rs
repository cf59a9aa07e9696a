//! The inline-tag parser: source text with `<label>…</label>` tags → [`Document`] + [`Diagnostic`]s.
//!
//! Parsing is total: it never fails and never panics. Tags that cannot form a
//! span (unclosed, stray, mismatched, crossing, empty) are reported and kept as
//! literal text, so no input byte disappears.
//!
//! It runs in three passes over the source: find the tags, match them with a
//! stack, then copy the text between the tags that form spans.

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;
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
    /// Where the tags kept as literal text (the broken ones) begin in the
    /// document's text, ascending byte offsets. [`crate::write::write_keeping`]
    /// writes them back as they were, so an edit of the spans around them keeps
    /// them broken rather than escaping them. Empty when the source is well-formed.
    pub literal_tags: Vec<usize>,
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
    /// The name interned: equal names have equal ids.
    id: usize,
    close: bool,
}

impl Tag {
    /// The byte range of the name: after `<` or `</`, before `>`.
    fn name(&self) -> Range<usize> {
        self.range.start + 1 + usize::from(self.close)..self.range.end - 1
    }
}

/// One escape found in the source: where it starts, its length and the character it stands for.
struct Escape {
    at: usize,
    len: usize,
    ch: char,
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    /// Not decided yet (an open tag on the stack).
    Pending,
    /// The open half of a span.
    Opener,
    /// The close half of a span.
    Closer,
    /// Kept as literal text.
    Literal,
}

/// Parses inline-tagged `source`. Never fails; see [`Parsed::diagnostics`].
///
/// Runs in O(n) time (plus O(d log n) for d diagnostics), whatever the input:
/// deep stacks of unclosed tags and long lines full of errors stay linear.
pub fn parse(source: &str) -> Parsed {
    let (tags, escapes, names) = scan(source);
    let mut lines: Option<LineIndex> = None;
    let (roles, mut problems) = match_tags(source, &tags, names, &mut lines);
    let (document, literal_tags) = build(source, &tags, &escapes, &roles);
    crate::sort::sort_by_key(&mut problems, |(start, _, _)| *start);
    let diagnostics = if problems.is_empty() {
        Vec::new()
    } else {
        let lines = lines.get_or_insert_with(|| LineIndex::new(source));
        problems
            .into_iter()
            .map(|(start, end, kind)| Diagnostic {
                kind,
                range: start..end,
                at: lines.line_col(source, start),
            })
            .collect()
    };
    Parsed {
        document,
        diagnostics,
        literal_tags,
    }
}

/// FNV-1a, a fast hash for the short tag names (no protection against crafted
/// collisions is needed: they would only slow down interning, never break it).
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Finds every tag and every escape in one pass, and interns the tag names.
/// Returns the tags, the escapes and the number of distinct names.
fn scan(source: &str) -> (Vec<Tag>, Vec<Escape>, usize) {
    let bytes = source.as_bytes();
    let mut tags = Vec::new();
    let mut escapes = Vec::new();
    let mut ids: HashMap<&str, usize, BuildHasherDefault<Fnv>> = HashMap::default();
    // A small direct-mapped cache in front of the map: a document uses few labels,
    // so nearly every name is found here with one comparison and no hashing.
    let mut cache: [Option<(&str, usize)>; 64] = [None; 64];
    // A tag holds only one `<` and an escape only one `&`, each its first byte,
    // so every `<` and `&` can be tried on its own.
    for at in memchr::memchr2_iter(b'<', b'&', bytes) {
        if bytes[at] == b'&' {
            if let Some((len, ch)) = match_escape(&bytes[at..]) {
                escapes.push(Escape { at, len, ch });
            }
            continue;
        }
        if let Some((len, close, name)) = match_tag(&bytes[at..]) {
            let text = &source[at + name.start..at + name.end];
            let nb = text.as_bytes();
            let slot = (nb.len() * 7 + usize::from(nb[0]) + usize::from(nb[nb.len() - 1]) * 3)
                % cache.len();
            let id = match cache[slot] {
                Some((cached, id)) if cached == text => id,
                _ => {
                    let next = ids.len();
                    let id = *ids.entry(text).or_insert(next);
                    cache[slot] = Some((text, id));
                    id
                }
            };
            tags.push(Tag {
                range: at..at + len,
                id,
                close,
            });
        }
    }
    (tags, escapes, ids.len())
}

type Problem = (usize, usize, DiagnosticKind);

/// Pairs the tags with a stack. Each name keeps the stack positions of its open
/// tags and the tags dropped for crossing, so that a close tag finds its partner
/// in O(1) and the whole pass is linear even for pathological input.
fn match_tags(
    source: &str,
    tags: &[Tag],
    names: usize,
    lines: &mut Option<LineIndex>,
) -> (Vec<Role>, Vec<Problem>) {
    let name = |t: &Tag| &source[t.name()];
    let mut roles = vec![Role::Pending; tags.len()];
    let mut problems: Vec<Problem> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    // For each name id: the positions in `stack` of its open tags, ascending.
    let mut open: Vec<Vec<usize>> = vec![Vec::new(); names];
    // For each name id: open tags dropped because they crossed, in the order dropped.
    let mut crossed: Vec<Vec<usize>> = vec![Vec::new(); names];
    // Line/column lookups are only needed for messages that name a second position.
    let mut at = |byte: usize| {
        lines
            .get_or_insert_with(|| LineIndex::new(source))
            .line_col(source, byte)
    };

    for (i, tag) in tags.iter().enumerate() {
        if !tag.close {
            open[tag.id].push(stack.len());
            stack.push(i);
            continue;
        }
        let n = name(tag);
        match open[tag.id].last().copied() {
            Some(p) => {
                if p + 1 < stack.len() {
                    let other_at = at(tag.range.start);
                    for &inner in &stack[p + 1..] {
                        roles[inner] = Role::Literal;
                        crossed[tags[inner].id].push(inner);
                        problems.push((
                            tags[inner].range.start,
                            tags[inner].range.end,
                            DiagnosticKind::Crossing {
                                name: name(&tags[inner]).to_string(),
                                other: n.to_string(),
                                other_at,
                            },
                        ));
                    }
                }
                // Everything above `p` and `p` itself leaves the stack, topmost first,
                // so each is the last position recorded for its name.
                for &gone in stack[p..].iter().rev() {
                    open[tags[gone].id].pop();
                }
                let opener = stack[p];
                stack.truncate(p);
                if tags[opener].range.end == tag.range.start {
                    roles[opener] = Role::Literal;
                    roles[i] = Role::Literal;
                    problems.push((
                        tags[opener].range.start,
                        tag.range.end,
                        DiagnosticKind::Empty {
                            name: n.to_string(),
                        },
                    ));
                } else {
                    roles[opener] = Role::Opener;
                    roles[i] = Role::Closer;
                }
            }
            None => {
                roles[i] = Role::Literal;
                let kind = if let Some(dropped) = crossed[tag.id].pop() {
                    DiagnosticKind::CrossingClose {
                        name: n.to_string(),
                        open_at: at(tags[dropped].range.start),
                    }
                } else if let Some(&top) = stack.last() {
                    DiagnosticKind::Mismatched {
                        name: n.to_string(),
                        open: name(&tags[top]).to_string(),
                        open_at: at(tags[top].range.start),
                    }
                } else {
                    DiagnosticKind::StrayClose {
                        name: n.to_string(),
                    }
                };
                problems.push((tag.range.start, tag.range.end, kind));
            }
        }
    }
    for opener in stack {
        roles[opener] = Role::Literal;
        problems.push((
            tags[opener].range.start,
            tags[opener].range.end,
            DiagnosticKind::Unclosed {
                name: name(&tags[opener]).to_string(),
            },
        ));
    }
    (roles, problems)
}

/// Copies `source[from..to]` into `text`, decoding the escapes in it; `escapes[*next..]`
/// are the escapes not yet passed.
fn push_text(
    text: &mut String,
    source: &str,
    from: usize,
    to: usize,
    escapes: &[Escape],
    next: &mut usize,
) {
    let mut copied = from;
    while let Some(e) = escapes.get(*next) {
        if e.at >= to {
            break;
        }
        text.push_str(&source[copied..e.at]);
        text.push(e.ch);
        copied = e.at + e.len;
        *next += 1;
    }
    text.push_str(&source[copied..to]);
}

fn build(source: &str, tags: &[Tag], escapes: &[Escape], roles: &[Role]) -> (Document, Vec<usize>) {
    let mut text = String::with_capacity(source.len());
    // Spans in the order of their open tags, which is document order: start ascending,
    // the outer span first. Each is pushed when its open tag is met; its end is set
    // when the close tag is (matching guarantees that paired tags nest).
    let mut spans: Vec<Span> = Vec::new();
    let mut open: Vec<usize> = Vec::new(); // indices into `spans` of the open spans
    let mut copied = 0;
    let mut next_escape = 0;
    let mut literal_tags = Vec::new();
    for (tag, role) in tags.iter().zip(roles) {
        push_text(
            &mut text,
            source,
            copied,
            tag.range.start,
            escapes,
            &mut next_escape,
        );
        if !matches!(role, Role::Opener | Role::Closer) {
            // A broken tag stays in the text (copied with what follows it): note where.
            copied = tag.range.start;
            literal_tags.push(text.len());
            continue;
        }
        copied = tag.range.end;
        if *role == Role::Opener {
            open.push(spans.len());
            spans.push(Span::new(text.len(), text.len(), &source[tag.name()]));
        } else if let Some(k) = open.pop() {
            spans[k].end = text.len();
        }
    }
    push_text(
        &mut text,
        source,
        copied,
        source.len(),
        escapes,
        &mut next_escape,
    );
    (Document { text, spans }, literal_tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(src: &str) -> Vec<(String, String)> {
        let p = parse(src);
        p.document
            .spans
            .iter()
            .map(|s| (s.label.clone(), p.document.span_text(s).to_string()))
            .collect()
    }

    fn messages(src: &str) -> Vec<String> {
        parse(src)
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn simple_and_nested() {
        let p = parse("the <model>NeuraScale-9</model> has <params>2.5 trillion</params>");
        assert!(p.is_clean());
        assert_eq!(p.document.text, "the NeuraScale-9 has 2.5 trillion");
        assert_eq!(
            p.document.spans,
            vec![Span::new(4, 16, "model"), Span::new(21, 33, "params")]
        );
        assert_eq!(
            spans("<a>x <b>y</b></a>"),
            vec![("a".into(), "x y".into()), ("b".into(), "y".into())]
        );
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        for src in [
            "a < b", "3<4", "<3", "a <- b", "<2>", "x<y", "<a b>", "<>", "a > b",
        ] {
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
        assert_eq!(
            messages("a <b>bold\nnext"),
            ["1:3: `<b>` is never closed: add `</b>` where the span ends"]
        );
        assert_eq!(p.diagnostics[0].range, 2..5);
    }

    #[test]
    fn stray_and_mismatched() {
        assert_eq!(
            messages("x</b>"),
            ["1:2: `</b>` has no matching `<b>` before it"]
        );
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
        assert!(
            m[0].starts_with("1:6: `<b>` crosses `<a>`: `</a>` at 1:10"),
            "{}",
            m[0]
        );
        assert!(
            m[1].starts_with("1:16: `</b>` closes `<b>` at 1:6"),
            "{}",
            m[1]
        );
    }

    #[test]
    fn empty_span() {
        let p = parse("a<x></x>b");
        assert_eq!(p.document.text, "a<x></x>b");
        assert!(p.document.spans.is_empty());
        assert_eq!(
            messages("a<x></x>b"),
            ["1:2: `<x></x>` is an empty span: put text between the tags or remove them"]
        );
    }

    #[test]
    fn columns_count_characters() {
        let p = parse("日本\n👨🏻‍🚒 <x>y");
        assert_eq!(p.diagnostics[0].at, LineCol { line: 2, column: 6 });
    }

    #[test]
    fn same_range_keeps_outer_first() {
        let p = parse("<a><b>x</b></a>");
        assert_eq!(
            p.document.spans,
            vec![Span::new(0, 1, "a"), Span::new(0, 1, "b")]
        );
    }

    /// Regression: parsing was quadratic on pathological input, so a pasted 1 MB
    /// of broken tags took minutes. A close tag searched the whole stack of open
    /// tags (`<a>` × n then `</b>` × n), a close after crossings searched the list
    /// of crossed tags, and every diagnostic counted its column by walking its line
    /// from the start (thousands of errors on one long line).
    #[test]
    fn pathological_inputs_stay_linear() {
        let n = 40_000;
        let started = std::time::Instant::now();
        let deep = format!("{}{}", "<a>".repeat(n), "</b>".repeat(n));
        let p = parse(&deep);
        assert_eq!(p.diagnostics.len(), 2 * n);
        assert_eq!(p.document.text, deep);
        assert_eq!(
            p.diagnostics[2 * n - 1].at,
            LineCol {
                line: 1,
                column: deep.len() - 3
            }
        );
        let crossed = format!("<x>{}</x>{}", "<b>".repeat(n), "</c>".repeat(n));
        assert_eq!(parse(&crossed).diagnostics.len(), 2 * n);
        let long_line = "é<a>".repeat(2 * n);
        let p = parse(&long_line);
        assert_eq!(
            p.diagnostics.last().map(|d| d.at),
            Some(LineCol {
                line: 1,
                column: 8 * n - 2
            })
        );
        // Linear work takes well under a second even unoptimised; the quadratic parser took minutes.
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn seed_has_eleven_spans() {
        let src = crate::EXAMPLE_SEED;
        let p = parse(src);
        assert!(p.is_clean());
        assert_eq!(p.document.spans.len(), 11);
        assert_eq!(
            p.document.labels(),
            ["model", "params", "country", "hardware", "training", "year"]
        );
    }
}
