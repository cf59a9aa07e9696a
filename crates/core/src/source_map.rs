//! From a place in a parsed document's text back to the inline source it came from.
//!
//! The text of a [`Parsed`] document is the source without the tags that form
//! spans and with each escape (`&lt;`, `&gt;`, `&amp;`) read as one character.
//! Tags kept as literal text (the broken ones) are in the text, and every one of
//! them lies inside the range of a [`crate::Diagnostic`]. So walking the source
//! once, dropping the tags that are not in a diagnostic's range and shrinking the
//! escapes, pairs every text offset with its source offset. `tagmark lint` uses
//! it to print `path:line:col` of a problem found in the text.

use crate::offsets::{LineCol, LineIndex};
use crate::parse::Parsed;
use crate::syntax::{match_escape, match_tag};

/// Text offsets paired with source offsets, and the source's lines.
pub struct SourceMap<'a> {
    source: &'a str,
    /// `(text offset, source offset)` where each run of copied text begins, ascending.
    runs: Vec<(usize, usize)>,
    lines: LineIndex,
}

impl<'a> SourceMap<'a> {
    /// The map for `parsed`, the result of [`crate::parse`]`(source)`.
    pub fn new(source: &'a str, parsed: &Parsed) -> SourceMap<'a> {
        let bytes = source.as_bytes();
        let mut literal = parsed
            .diagnostics
            .iter()
            .map(|d| d.range.clone())
            .collect::<Vec<_>>();
        crate::sort::sort_by_key(&mut literal, |r| r.start);
        let is_literal = |at: usize| {
            // Diagnostic ranges do not overlap: only the last one starting at or before `at` can hold it.
            let k = literal.partition_point(|r| r.start <= at);
            literal[..k].last().is_some_and(|r| r.contains(&at))
        };
        let mut runs = vec![(0, 0)];
        let mut text_at = 0;
        let mut copied_from = 0;
        for at in memchr::memchr2_iter(b'<', b'&', bytes) {
            if at < copied_from {
                continue;
            }
            let (len, out) = if bytes[at] == b'&' {
                match match_escape(&bytes[at..]) {
                    Some((len, ch)) => (len, ch.len_utf8()),
                    None => continue,
                }
            } else {
                match match_tag(&bytes[at..]) {
                    Some((len, _, _)) if !is_literal(at) => (len, 0),
                    _ => continue,
                }
            };
            text_at += at - copied_from;
            copied_from = at + len;
            text_at += out;
            runs.push((text_at, copied_from));
        }
        SourceMap {
            source,
            runs,
            lines: LineIndex::new(source),
        }
    }

    /// The source byte offset of text byte `offset`. An offset where a tag was
    /// removed maps to just after that tag (the first character of the span's text).
    pub fn source_offset(&self, offset: usize) -> usize {
        let k = self.runs.partition_point(|&(t, _)| t <= offset).max(1) - 1;
        let (t, s) = self.runs[k];
        // An offset inside an escape's single character maps to the escape's start.
        (s + (offset - t)).min(self.source.len())
    }

    /// Line and column (1-based, columns in characters) in the source of text byte `offset`.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut at = self.source_offset(offset);
        while !self.source.is_char_boundary(at) {
            at -= 1;
        }
        self.lines.line_col(self.source, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str) {
        let parsed = crate::parse(source);
        let map = SourceMap::new(source, &parsed);
        let text = &parsed.document.text;
        for (i, c) in text.char_indices() {
            let at = map.source_offset(i);
            let here = &source[at..];
            let escaped = match c {
                '<' => here.starts_with("&lt;"),
                '>' => here.starts_with("&gt;"),
                '&' => here.starts_with("&amp;"),
                _ => false,
            };
            assert!(
                here.starts_with(c) || escaped,
                "{source:?}: text {i} ({c:?}) maps to {at}: {here:?}"
            );
        }
    }

    #[test]
    fn maps_every_character() {
        check("plain");
        check("a <x>b</x> c");
        check("<a>x <b>y</b></a> &lt;b> AT&T &amp; z");
        check("broken <a>x</b> <c> and </d> <e></e>é");
        check("crossing <a>1 <b>2</a> 3</b> 👨🏻‍🚒 <m>Zürich</m>\r\nline <p>two</p>");
    }

    #[test]
    fn lines_and_columns() {
        let source = "one <m>x</m>\r\nzwei <p>Zürich</p> 👨🏻‍🚒 <q>y</q>";
        let parsed = crate::parse(source);
        let map = SourceMap::new(source, &parsed);
        let doc = &parsed.document;
        let at = |i: usize| map.line_col(doc.spans[i].start);
        assert_eq!((at(0).line, at(0).column), (1, 8));
        assert_eq!((at(1).line, at(1).column), (2, 9));
        // The firefighter emoji is four code points.
        assert_eq!((at(2).line, at(2).column), (2, 28));
    }
}
