//! Word tokens by Unicode word boundaries (UAX #29, via `unicode-segmentation`).
//!
//! All ranges are byte ranges of the text, on character boundaries, like spans.
//! UAX #29 keeps an emoji ZWJ sequence (`👨🏻‍🚒`), a letter with its combining
//! marks, `\r\n`, numbers such as `2.5` and words such as `can't` whole; it
//! splits punctuation off and puts each CJK ideograph on its own (it has no
//! dictionary).
//!
//! - [`segments`]: every segment between two word boundaries, whitespace included.
//! - [`words`]: the word-like segments (everything but whitespace).
//! - Turning a selection or a caret into whole words is [`crate::words`]'s job
//!   ([`crate::words::snap_to_words`], [`crate::words::word_at`]); its words are
//!   letters, digits and symbols only, where these tokens include punctuation.
//! - [`tokens`]: words split further wherever a span begins or ends, so that
//!   every span covers whole tokens (used by the Prodigy and CoNLL writers).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Every UAX #29 word-boundary segment of `text`, in order, whitespace included,
/// each split further where it changes between whitespace and not (UAX #29
/// keeps U+202F inside a word as a joiner, where Python and spaCy split on it).
/// The segments cover the text exactly, and each is all whitespace or has none.
pub fn segments(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    text.split_word_bound_indices()
        .flat_map(|(i, s)| split_at_space_changes(i, s))
}

/// `s` (at byte `at` of its text) as runs of whitespace and of other characters.
fn split_at_space_changes(at: usize, s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    let mut chars = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, first) = chars.next()?;
        debug_assert_eq!(start, from);
        let space = is_space_char(first);
        let mut end = start + first.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if is_space_char(c) != space {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        from = end;
        Some(at + start..at + end)
    })
}

/// True for what Python's `str.isspace()` (and so `str.split()`, spaCy's
/// tokenizer and the CoNLL readers) treats as whitespace: Unicode's White_Space
/// characters plus the information separators U+001C–U+001F.
pub fn is_space_char(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// True when `s` is all whitespace ([`is_space_char`]) and not empty.
pub fn is_space(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_space_char)
}

/// A token as spaCy's `Doc(vocab, words, spaces)` holds it: its byte range, and
/// whether one space (U+0020) follows it outside any token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpacedToken {
    /// The token's byte range.
    pub range: Range<usize>,
    /// True when the next character is a space that belongs to no token.
    pub space_after: bool,
}

/// Completes `tokens` (sorted, not overlapping) so that they rebuild `text` the
/// way spaCy does: each token's text, followed by one space when `space_after`.
/// As spaCy's tokenizer does, one space after a token becomes its
/// `space_after`; any other text between tokens (more whitespace, a line break,
/// leading whitespace) becomes a token of its own. So `"A\r\nB\n"` gives `A`,
/// `\r\n`, `B`, `\n`, none followed by a space.
///
/// A span boundary that is a boundary of `tokens` stays a token boundary, as
/// long as no span begins or ends inside the text between two tokens.
pub fn spaced(text: &str, tokens: &[Range<usize>]) -> Vec<SpacedToken> {
    let mut out: Vec<SpacedToken> = Vec::with_capacity(tokens.len() * 2);
    let mut pos = 0;
    let end = text.len()..text.len();
    for t in tokens.iter().chain(std::iter::once(&end)) {
        if t.start > pos {
            let mut gap_start = pos;
            if let Some(last) = out.last_mut() {
                if last.range.end == pos && text[pos..].starts_with(' ') {
                    last.space_after = true;
                    gap_start = pos + 1;
                }
            }
            if gap_start < t.start {
                out.push(SpacedToken {
                    range: gap_start..t.start,
                    space_after: false,
                });
            }
        }
        if !t.is_empty() {
            out.push(SpacedToken {
                range: t.clone(),
                space_after: false,
            });
        }
        pos = pos.max(t.end);
    }
    out
}

/// The byte ranges of the word-like tokens of `text`: every UAX #29 segment that
/// is not whitespace (words, numbers, punctuation, emoji, each ideograph).
///
/// ```
/// let text = "👨🏻‍🚒 firemen drive firetrucks.";
/// let words: Vec<&str> = tagmark_core::tokenize::words(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(words, ["👨🏻‍🚒", "firemen", "drive", "firetrucks", "."]);
/// ```
pub fn words(text: &str) -> Vec<Range<usize>> {
    words_from_segments(text, segments(text))
}

/// [`words`] from segments already computed with [`segments`] (saves a second pass).
pub fn words_from_segments(
    text: &str,
    segments: impl IntoIterator<Item = Range<usize>>,
) -> Vec<Range<usize>> {
    segments
        .into_iter()
        .filter(|r| !is_space(&text[r.clone()]))
        .collect()
}

/// Tokens for span formats: the [`words`] of `text`, each split further at every
/// byte offset in `starts` or `ends` (span starts and ends, sorted) that falls
/// inside it, plus the pieces of whitespace that begin at an offset in `starts`
/// or end at one in `ends` (a span that begins or ends with whitespace), so
/// that every span covers whole tokens.
pub fn tokens(text: &str, starts: &[usize], ends: &[usize]) -> Vec<Range<usize>> {
    tokens_from_segments(text, segments(text), starts, ends)
}

/// [`tokens`] from segments already computed with [`segments`] (saves a second pass).
pub fn tokens_from_segments(
    text: &str,
    segments: impl IntoIterator<Item = Range<usize>>,
    starts: &[usize],
    ends: &[usize],
) -> Vec<Range<usize>> {
    let mut cuts: Vec<usize> = starts.iter().chain(ends).copied().collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut c = 0; // index of the first cut > current segment start
    for seg in segments {
        while c < cuts.len() && cuts[c] <= seg.start {
            c += 1;
        }
        let space = is_space(&text[seg.clone()]);
        let mut from = seg.start;
        let mut k = c;
        let mut pieces = Vec::new();
        while k < cuts.len() && cuts[k] < seg.end {
            pieces.push(from..cuts[k]);
            from = cuts[k];
            k += 1;
        }
        pieces.push(from..seg.end);
        for p in pieces {
            if p.is_empty() {
                continue;
            }
            if !space
                || starts.binary_search(&p.start).is_ok()
                || ends.binary_search(&p.end).is_ok()
            {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs<'a>(text: &'a str, rs: &[Range<usize>]) -> Vec<&'a str> {
        rs.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn words_keep_graphemes_whole() {
        let text = "日本語 e\u{301}te, can't 2.5\r\n👨🏻‍🚒!";
        assert_eq!(
            strs(text, &words(text)),
            [
                "日",
                "本",
                "語",
                "e\u{301}te",
                ",",
                "can't",
                "2.5",
                "👨🏻‍🚒",
                "!"
            ]
        );
    }

    #[test]
    fn python_whitespace_splits_words() {
        // U+202F is a joiner in UAX #29 and U+001C-U+001F are not White_Space; Python splits on all of them.
        let text = "5\u{202f}000 a\u{1f}b c\u{a0}d";
        assert_eq!(strs(text, &words(text)), ["5", "000", "a", "b", "c", "d"]);
    }

    #[test]
    fn spaced_tokens_rebuild_the_text() {
        for text in [
            "A\r\nB\n",
            "  lead  two\tx ",
            "a\u{202f}b\r\rc",
            "",
            " ",
            "x",
        ] {
            let toks = spaced(text, &words(text));
            let rebuilt: String = toks
                .iter()
                .map(|t| {
                    format!(
                        "{}{}",
                        &text[t.range.clone()],
                        if t.space_after { " " } else { "" }
                    )
                })
                .collect();
            assert_eq!(rebuilt, text);
        }
        let text = "A\r\nB\n";
        let toks = spaced(text, &words(text));
        assert_eq!(
            toks.iter()
                .map(|t| &text[t.range.clone()])
                .collect::<Vec<_>>(),
            ["A", "\r\n", "B", "\n"]
        );
        assert!(toks.iter().all(|t| !t.space_after));
    }

    #[test]
    fn tokens_split_at_cuts() {
        let text = "x firetrucks y";
        // A span over "fire" and another over " y".
        let t = tokens(text, &[2, 12], &[6, 14]);
        assert_eq!(strs(text, &t), ["x", "fire", "trucks", " ", "y"]);
    }
}
