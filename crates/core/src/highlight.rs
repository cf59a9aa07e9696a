//! What the source pane draws: the inline source cut into pieces to colour, and the
//! tag pairs that tie its bytes to the spans of the parsed document.
//!
//! - [`pieces`] cuts a stretch of source (a line, say: a tag never spans a line
//!   break) into brackets, tag names, escapes and text, each also cut where a
//!   diagnostic starts or ends, so that a diagnostic can be underlined exactly.
//! - [`tag_pairs`] finds, in one pass, every pair of tags that forms a span, with
//!   the span's range in the plain text. The source pane uses it both ways: the
//!   caret inside a pair selects its span, and a selected span lights up its tags.
//!
//! The lexical rules are [`crate::syntax`]'s, so a piece drawn as a tag is exactly a
//! tag to the parser. Whether a tag forms a span or is kept as literal text (a
//! broken tag) is the parser's decision: [`tag_pairs`] takes it from
//! [`crate::Parsed::literal_tags`].

use std::collections::HashMap;
use std::ops::Range;

use crate::syntax::{match_escape, match_tag};
use crate::Span;

/// What a piece of source is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PieceKind {
    /// Plain text.
    Text,
    /// A tag's `<`, `</` or `>`.
    Bracket,
    /// A tag's name.
    Name,
    /// An escape (`&lt;`, `&gt;`, `&amp;`).
    Escape,
}

/// A run of source bytes drawn one way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Its bytes in the source.
    pub range: Range<usize>,
    /// What it is.
    pub kind: PieceKind,
    /// For a bracket or name: the whole tag's bytes (`<name>`).
    pub tag: Option<Range<usize>>,
    /// For a bracket or name: the tag's name.
    pub label: Option<String>,
    /// The index (into the list passed to [`pieces`]) of a diagnostic that covers it.
    pub diagnostic: Option<usize>,
}

/// A piece before diagnostics are laid over it: its bytes, kind, the tag pair it
/// belongs to (its span's text range) and its label.
type Token = (
    Range<usize>,
    PieceKind,
    Option<Range<usize>>,
    Option<String>,
);

/// Cuts `text`, the source bytes from `base` on, into pieces that cover it in order.
/// `diagnostics` are byte ranges in the source; a piece is cut where one starts or
/// ends, and carries the first one that covers it (an empty range covers the
/// character it starts at).
pub fn pieces(text: &str, base: usize, diagnostics: &[Range<usize>]) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    let mut plain = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr2(b'<', b'&', &bytes[i..]) {
        let at = i + off;
        let matched = if bytes[at] == b'<' {
            match_tag(&bytes[at..]).map(|(len, close, name)| {
                let tag = base + at..base + at + len;
                let label = Some(text[at + name.start..at + name.end].to_string());
                let parts = [
                    (at..at + name.start, PieceKind::Bracket),
                    (at + name.start..at + name.end, PieceKind::Name),
                    (at + name.end..at + len, PieceKind::Bracket),
                ];
                let _ = close;
                (
                    len,
                    parts
                        .into_iter()
                        .map(|(r, k)| (r, k, Some(tag.clone()), label.clone()))
                        .collect::<Vec<_>>(),
                )
            })
        } else {
            match_escape(&bytes[at..])
                .map(|(len, _)| (len, vec![(at..at + len, PieceKind::Escape, None, None)]))
        };
        match matched {
            Some((len, parts)) => {
                if plain < at {
                    tokens.push((plain..at, PieceKind::Text, None, None));
                }
                tokens.extend(parts);
                i = at + len;
                plain = i;
            }
            None => i = at + 1,
        }
    }
    if plain < text.len() {
        tokens.push((plain..text.len(), PieceKind::Text, None, None));
    }
    let mut out = Vec::with_capacity(tokens.len());
    let end = base + text.len();
    let hits: Vec<(usize, Range<usize>)> = diagnostics
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.start..r.end.max(r.start + 1)))
        .filter(|(_, r)| r.start < end && base < r.end)
        .collect();
    for (range, kind, tag, label) in tokens {
        let (a, b) = (base + range.start, base + range.end);
        // Cut where a diagnostic starts or ends inside this token (on char boundaries).
        let mut cuts: Vec<usize> = hits
            .iter()
            .flat_map(|(_, r)| [r.start, r.end])
            .filter(|&c| a < c && c < b && text.is_char_boundary(c - base))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = a;
        for to in cuts.into_iter().chain(std::iter::once(b)) {
            let diagnostic = hits
                .iter()
                .find(|(_, r)| r.start <= from && to <= r.end)
                .map(|(i, _)| *i);
            out.push(Piece {
                range: from..to,
                kind: kind.clone(),
                tag: tag.clone(),
                label: label.clone(),
                diagnostic,
            });
            from = to;
        }
    }
    out
}

/// Two tags that form a span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagPair {
    /// The label.
    pub label: String,
    /// The opening tag's bytes in the source.
    pub open: Range<usize>,
    /// The closing tag's bytes in the source.
    pub close: Range<usize>,
    /// The span's bytes in the plain text.
    pub text: Range<usize>,
}

impl TagPair {
    /// The source bytes from the opening tag's `<` to the closing tag's `>`.
    pub fn outer(&self) -> Range<usize> {
        self.open.start..self.close.end
    }
}

/// Every pair of tags in `source` that forms a span, in the order their closing tags
/// come. `literal_tags` are the text offsets where the parser kept a broken tag as
/// text ([`crate::Parsed::literal_tags`]) and `spans` the spans it found. A tag at
/// such an offset is text unless it opens one of `spans` there, or closes the one the
/// tag on top of the stack opened (a span and a broken tag can begin at one offset).
pub fn tag_pairs(source: &str, literal_tags: &[usize], spans: &[Span]) -> Vec<TagPair> {
    let bytes = source.as_bytes();
    let mut pairs = Vec::new();
    let mut open: Vec<(Range<usize>, Range<usize>, usize)> = Vec::new(); // tag, name, text start
    let mut literal = literal_tags.iter().copied().peekable();
    let mut starts: HashMap<(usize, &str), usize> = HashMap::new();
    let mut whole: HashMap<(usize, usize, &str), usize> = HashMap::new();
    if !literal_tags.is_empty() {
        for s in spans {
            *starts.entry((s.start, s.label.as_str())).or_default() += 1;
            *whole.entry((s.start, s.end, s.label.as_str())).or_default() += 1;
        }
    }
    let mut text = 0; // text offset of source byte `i`
    let mut i = 0;
    while let Some(off) = memchr::memchr2(b'<', b'&', &bytes[i..]) {
        let at = i + off;
        text += off;
        i = at;
        if bytes[at] == b'&' {
            let len = match_escape(&bytes[at..]).map_or(1, |(len, _)| len);
            text += 1;
            i += len;
            continue;
        }
        let Some((len, close, name)) = match_tag(&bytes[at..]) else {
            text += 1;
            i += 1;
            continue;
        };
        let name = at + name.start..at + name.end;
        let label = &source[name.clone()];
        let top = open
            .last()
            .filter(|(_, n, _)| &source[n.clone()] == label)
            .map(|(_, _, start)| *start);
        while literal.next_if(|&l| l < text).is_some() {}
        if literal.peek() == Some(&text) {
            let real = if close {
                top.is_some_and(|start| take(&mut whole, (start, text, label)))
            } else {
                take(&mut starts, (text, label))
            };
            if !real {
                literal.next();
                text += len;
                i += len;
                continue;
            }
        }
        if !close {
            open.push((at..at + len, name, text));
        } else if let Some(start) = top {
            let (tag, _, _) = open.pop().expect("top is the last open tag");
            pairs.push(TagPair {
                label: label.to_string(),
                open: tag,
                close: at..at + len,
                text: start..text,
            });
        }
        i += len;
    }
    pairs
}

/// Takes one of `key` from a multiset; false when there is none left.
fn take<K: std::hash::Hash + Eq>(map: &mut HashMap<K, usize>, key: K) -> bool {
    match map.get_mut(&key) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    }
}

/// The innermost pair whose tags enclose source byte `byte` (from the opening tag's
/// `<` up to, not including, the end of the closing tag).
pub fn pair_at(pairs: &[TagPair], byte: usize) -> Option<&TagPair> {
    pairs
        .iter()
        .filter(|p| p.open.start <= byte && byte < p.close.end)
        .min_by_key(|p| p.close.end - p.open.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn kinds(text: &str) -> Vec<(&str, PieceKind)> {
        pieces(text, 0, &[])
            .into_iter()
            .map(|p| (&text[p.range], p.kind))
            .collect()
    }

    #[test]
    fn tags_escapes_and_text() {
        use PieceKind::*;
        assert_eq!(
            kinds("a <b>x</b> &lt; 3<4 AT&T"),
            [
                ("a ", Text),
                ("<", Bracket),
                ("b", Name),
                (">", Bracket),
                ("x", Text),
                ("</", Bracket),
                ("b", Name),
                (">", Bracket),
                (" ", Text),
                ("&lt;", Escape),
                (" 3<4 AT&T", Text)
            ]
        );
        let p = pieces("<model>", 10, &[]);
        assert_eq!(p[1].label.as_deref(), Some("model"));
        assert_eq!(p[1].tag, Some(10..17));
    }

    #[test]
    fn a_diagnostic_cuts_the_pieces_it_covers() {
        let text = "ab <x>cd";
        let p = pieces(text, 100, &[101..106]);
        let shown: Vec<(&str, Option<usize>)> = p
            .iter()
            .map(|p| (&text[p.range.start - 100..p.range.end - 100], p.diagnostic))
            .collect();
        assert_eq!(
            shown,
            [
                ("a", None),
                ("b ", Some(0)),
                ("<", Some(0)),
                ("x", Some(0)),
                (">", Some(0)),
                ("cd", None)
            ]
        );
    }

    #[test]
    fn pairs_give_each_span_its_tags() {
        let source = "a <m>b &lt;<n>c</n></m> </x> <p>d</p>";
        let parsed = parse(source);
        let pairs = tag_pairs(source, &parsed.literal_tags, &parsed.document.spans);
        let spans: Vec<(String, Range<usize>)> = pairs
            .iter()
            .map(|p| (p.label.clone(), p.text.clone()))
            .collect();
        let mut expected: Vec<(String, Range<usize>)> = parsed
            .document
            .spans
            .iter()
            .map(|s| (s.label.clone(), s.range()))
            .collect();
        let mut got = spans.clone();
        got.sort_by_key(|(l, r)| (r.start, r.end, l.clone()));
        expected.sort_by_key(|(l, r)| (r.start, r.end, l.clone()));
        assert_eq!(got, expected);
        let inner = pair_at(&pairs, source.find('c').unwrap()).unwrap();
        assert_eq!(inner.label, "n");
        assert_eq!(pair_at(&pairs, 0), None);
    }
}
