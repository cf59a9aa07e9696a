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
    words_from_segments(text, segments(text))
}

/// [`words`] from segments already computed with [`segments`] (saves a second pass).
pub fn words_from_segments(text: &str, segments: impl IntoIterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    segments.into_iter().filter(|r| !is_space(&text[r.clone()])).collect()
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
    fn tokens_split_at_cuts() {
        let text = "x firetrucks y";
        // A span over "fire" and another over " y".
        let t = tokens(text, &[2, 12], &[6, 14]);
        assert_eq!(strs(text, &t), ["x", "fire", "trucks", " ", "y"]);
    }
}
