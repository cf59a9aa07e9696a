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
//! - [`word_at`], [`snap_to_words`]: for turning a selection into whole words.
//! - [`tokens`]: words split further wherever a span begins or ends, so that
//!   every span covers whole tokens (used by the Prodigy and CoNLL writers).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Every UAX #29 word-boundary segment of `text`, in order, whitespace included.
/// The segments cover the text exactly.
pub fn segments(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    text.split_word_bound_indices().map(|(i, s)| i..i + s.len())
}

/// True when `s` is all whitespace (and not empty).
pub fn is_space(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_whitespace)
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
    segments(text).filter(|r| !is_space(&text[r.clone()])).collect()
}

/// The word (non-whitespace segment) that contains byte `offset`, if any. An
/// offset at the very end of a word counts as in it, so a caret just after a
/// word finds it.
pub fn word_at(text: &str, offset: usize) -> Option<Range<usize>> {
    let mut before = None;
    for r in segments(text) {
        if r.start > offset {
            break;
        }
        if !is_space(&text[r.clone()]) {
            if r.contains(&offset) {
                return Some(r);
            }
            if r.end == offset {
                before = Some(r);
            }
        }
    }
    before
}

/// Widens `range` to whole words and trims whitespace from its ends: every word
/// it touches is covered entirely. Returns an empty range at `range.start`
/// (clamped to a character boundary) when the range holds only whitespace.
pub fn snap_to_words(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut first: Option<Range<usize>> = None;
    let mut last: Option<Range<usize>> = None;
    for r in segments(text) {
        if r.start >= end && !(start == end && r.start == start) {
            break;
        }
        let overlaps = r.end > start && (r.start < end || (start == end && r.start == start));
        if overlaps && !is_space(&text[r.clone()]) {
            first.get_or_insert_with(|| r.clone());
            last = Some(r);
        }
    }
    match (first, last) {
        (Some(f), Some(l)) => f.start..l.end,
        _ => start..start,
    }
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
            if !space || starts.binary_search(&p.start).is_ok() || ends.binary_search(&p.end).is_ok() {
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
        assert_eq!(strs(text, &words(text)), ["日", "本", "語", "e\u{301}te", ",", "can't", "2.5", "👨🏻‍🚒", "!"]);
    }

    #[test]
    fn word_at_and_snap() {
        let text = "the firetrucks go";
        assert_eq!(word_at(text, 6), Some(4..14));
        assert_eq!(word_at(text, 14), Some(4..14));
        assert_eq!(word_at(text, 3), Some(0..3));
        assert_eq!(snap_to_words(text, 6..9), 4..14);
        assert_eq!(snap_to_words(text, 2..6), 0..14);
        assert_eq!(snap_to_words(text, 3..4), 3..3);
        assert_eq!(snap_to_words(text, 5..5), 4..14);
    }

    #[test]
    fn tokens_split_at_cuts() {
        let text = "x firetrucks y";
        // A span over "fire" and another over " y".
        let t = tokens(text, &[2, 12], &[6, 14]);
        assert_eq!(strs(text, &t), ["x", "fire", "trucks", " ", "y"]);
    }
}
