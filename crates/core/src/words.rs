//! Word and character steps for selections and span boundaries.
//!
//! Word boundaries are those of Unicode Standard Annex #29 (from the
//! `unicode-segmentation` crate), characters are user-perceived characters
//! (extended grapheme clusters: `👨🏻‍🚒`, `e\u{301}` and `\r\n` are one each).
//! All positions are byte offsets into the text; any offset is accepted and is
//! first moved back to a `char` boundary (and clamped to the text).
//!
//! A *word* here is a UAX #29 segment that holds a letter, a digit or a symbol
//! such as an emoji: `NeuraScale-8` is the words `NeuraScale` and `8` around the
//! segment `-`, and `1.5` is one word. Whitespace and punctuation are not words,
//! so moving by a word skips them.
//!
//! - Selections: [`snap_to_words`] (and [`word_at`] for a caret or a double-click).
//! - Moving a caret: [`next_word_boundary`], [`prev_word_boundary`], [`next_char`],
//!   [`prev_char`].
//! - Resizing a span by a word: its end grows with [`next_word_end`] and shrinks
//!   with [`prev_word_end`]; its start grows with [`prev_word_start`] and shrinks
//!   with [`next_word_start`]. By a character: [`next_char`] and [`prev_char`].
//!
//! Every function works on the line around the position (a line break is always a
//! word boundary), so its cost does not grow with the length of the document.

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// `pos` clamped to the text and moved back to a `char` boundary.
fn floor(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// `pos` clamped to the text and moved forward to a `char` boundary.
fn ceil(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos += 1;
    }
    pos
}

/// Start of the line holding `pos`: just after the previous `\n` (always a word boundary).
fn line_start(text: &str, pos: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..pos]).map_or(0, |i| i + 1)
}

/// End of the line holding `pos`, just after its `\n` (always a word boundary).
fn line_end(text: &str, pos: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i + 1)
}

/// True when a segment is a word: it holds a letter, a digit or a symbol.
fn is_word(segment: &str) -> bool {
    segment.chars().any(|c| c.is_alphanumeric() || is_symbol(c))
}

/// Symbols and pictographs (arrows, maths, dingbats, emoji) count as word characters,
/// so that a span can be made over an emoji by word.
fn is_symbol(c: char) -> bool {
    matches!(c, '\u{2100}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}' | '©' | '®' | '°' | '±' | '×' | '÷')
}

/// Word segments from the line holding `pos` onwards: `(start, end, is_word)`, absolute offsets.
fn segments_from(text: &str, pos: usize) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let base = line_start(text, pos);
    text[base..]
        .split_word_bound_indices()
        .map(move |(i, s)| (base + i, base + i + s.len(), is_word(s)))
}

/// Word segments up to the end of the line holding `pos`, last first.
fn segments_back(text: &str, pos: usize) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let end = line_end(text, pos);
    text[..end]
        .split_word_bound_indices()
        .rev()
        .map(|(i, s)| (i, i + s.len(), is_word(s)))
}

/// The UAX #29 segment holding the character at `pos` (`pos < text.len()`, a char boundary).
fn segment_at(text: &str, pos: usize) -> (usize, usize, bool) {
    segments_from(text, pos)
        .find(|&(_, end, _)| end > pos)
        .unwrap_or((pos, text.len(), false))
}

/// Start of the character before `pos` (a char boundary, `pos > 0`).
fn char_before(text: &str, pos: usize) -> usize {
    text[..pos].char_indices().next_back().map_or(0, |(i, _)| i)
}

fn is_space_at(text: &str, pos: usize) -> bool {
    text[pos..].chars().next().is_some_and(char::is_whitespace)
}

fn trim(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && is_space_at(text, start) {
        start = ceil(text, start + 1);
    }
    while end > start && is_space_at(text, char_before(text, end)) {
        end = char_before(text, end);
    }
    (start, end)
}

/// Snaps a selection to whole words: trims surrounding whitespace, then moves
/// each end outward to the nearest UAX #29 word boundary, so that a selection
/// starting or ending inside a word takes the whole word. Returns `None` when
/// the selection holds only whitespace.
///
/// The ends may be given in either order and need not be `char` boundaries. An
/// empty selection (a caret) gives the word at the caret, as [`word_at`] does.
/// A selection across line breaks works: only its two ends are moved.
///
/// ```
/// use tagmark_core::words::snap_to_words;
/// let text = "the NeuraScale-8 has 1.5 trillion parameters";
/// // " Scale-8 has 1.5 tr" → "NeuraScale-8 has 1.5 trillion"
/// assert_eq!(snap_to_words(text, 9, 27), Some((4, 33)));
/// assert_eq!(snap_to_words(text, 3, 4), None);
/// ```
pub fn snap_to_words(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let (start, end) = (floor(text, start.min(end)), ceil(text, start.max(end)));
    if start == end {
        return word_at(text, start);
    }
    let (start, end) = trim(text, start, end);
    if start == end {
        return None;
    }
    let start = segment_at(text, start).0;
    let end = segment_at(text, char_before(text, end)).1;
    // A segment can begin or end with whitespace only in odd cases (a combining
    // mark after a space); trim again so that the result never does.
    let (start, end) = trim(text, start, end);
    (start < end).then_some((start, end))
}

/// The word at a caret (or a double-click) at `pos`: the word holding the
/// character at `pos`, else the word just before `pos`. `None` when neither is a word.
pub fn word_at(text: &str, pos: usize) -> Option<(usize, usize)> {
    let pos = floor(text, pos);
    if pos < text.len() {
        let (start, end, word) = segment_at(text, pos);
        if word {
            return Some((start, end));
        }
    }
    if pos > 0 {
        let (start, end, word) = segment_at(text, char_before(text, pos));
        if word {
            return Some((start, end));
        }
    }
    None
}

/// The next position after `pos` where a word starts or ends (caret movement by
/// word); `text.len()` when there is none.
pub fn next_word_boundary(text: &str, pos: usize) -> usize {
    let pos = floor(text, pos);
    segments_from(text, pos)
        .filter(|s| s.2)
        .flat_map(|(start, end, _)| [start, end])
        .find(|&b| b > pos)
        .unwrap_or(text.len())
}

/// The previous position before `pos` where a word starts or ends (caret movement
/// by word); `0` when there is none.
pub fn prev_word_boundary(text: &str, pos: usize) -> usize {
    let pos = floor(text, pos);
    segments_back(text, pos)
        .filter(|s| s.2)
        .flat_map(|(start, end, _)| [end, start])
        .find(|&b| b < pos)
        .unwrap_or(0)
}

/// The end of the first word that ends after `pos`: where a span's end goes when
/// it grows by a word. `None` when no word follows.
pub fn next_word_end(text: &str, pos: usize) -> Option<usize> {
    let pos = floor(text, pos);
    segments_from(text, pos)
        .find(|&(_, end, word)| word && end > pos)
        .map(|s| s.1)
}

/// The start of the first word that starts after `pos`: where a span's start goes
/// when it shrinks by a word. `None` when no word follows.
pub fn next_word_start(text: &str, pos: usize) -> Option<usize> {
    let pos = floor(text, pos);
    segments_from(text, pos)
        .find(|&(start, _, word)| word && start > pos)
        .map(|s| s.0)
}

/// The start of the last word that starts before `pos`: where a span's start goes
/// when it grows by a word. `None` when no word precedes.
pub fn prev_word_start(text: &str, pos: usize) -> Option<usize> {
    let pos = floor(text, pos);
    segments_back(text, pos)
        .find(|&(start, _, word)| word && start < pos)
        .map(|s| s.0)
}

/// The end of the last word that ends before `pos`: where a span's end goes when
/// it shrinks by a word. `None` when no word precedes.
pub fn prev_word_end(text: &str, pos: usize) -> Option<usize> {
    let pos = floor(text, pos);
    segments_back(text, pos)
        .find(|&(_, end, word)| word && end < pos)
        .map(|s| s.1)
}

/// The end of the user-perceived character at `pos` (its grapheme cluster);
/// `text.len()` at the end.
pub fn next_char(text: &str, pos: usize) -> usize {
    let pos = floor(text, pos);
    let mut cursor = GraphemeCursor::new(pos, text.len(), true);
    match cursor.next_boundary(text, 0) {
        Ok(Some(next)) => next,
        Ok(None) => text.len(),
        Err(_) => text[pos..]
            .chars()
            .next()
            .map_or(text.len(), |c| pos + c.len_utf8()),
    }
}

/// The start of the user-perceived character before `pos`; `0` at the start.
pub fn prev_char(text: &str, pos: usize) -> usize {
    let pos = floor(text, pos);
    let mut cursor = GraphemeCursor::new(pos, text.len(), true);
    match cursor.prev_boundary(text, 0) {
        Ok(Some(prev)) => prev,
        Ok(None) => 0,
        Err(_) => char_before(text, pos),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "the NeuraScale-8 has 1.5 trillion parameters";

    fn snap(text: &str, sel: &str) -> Option<String> {
        let start = text.find(sel).unwrap();
        snap_to_words(text, start, start + sel.len()).map(|(s, e)| text[s..e].to_string())
    }

    #[test]
    fn snapping_extends_to_words_and_trims() {
        assert_eq!(snap(SEED, "raSca").as_deref(), Some("NeuraScale"));
        assert_eq!(
            snap(SEED, " NeuraScale-8 ").as_deref(),
            Some("NeuraScale-8")
        );
        assert_eq!(snap(SEED, "5 trill").as_deref(), Some("1.5 trillion"));
        assert_eq!(snap(SEED, "e-").as_deref(), Some("NeuraScale-"));
        assert_eq!(snap(SEED, " "), None);
        assert_eq!(snap_to_words(SEED, 33, 20), Some((21, 33)), "reversed ends");
        assert_eq!(
            snap_to_words(SEED, 6, 6),
            Some((4, 14)),
            "a caret gives its word"
        );
        assert_eq!(snap_to_words("", 0, 5), None);
    }

    #[test]
    fn snapping_across_lines_and_unicode() {
        let text = "first line\r\nsecond 👨🏻‍🚒 e\u{301}té 日本語";
        assert_eq!(snap(text, "ne\r\nsec").as_deref(), Some("line\r\nsecond"));
        // Inside the emoji's bytes: the whole ZWJ sequence.
        let fire = text.find('👨').unwrap();
        assert_eq!(snapped(text, fire + 1, fire + 2), "👨🏻‍🚒");
        // The combining accent stays with its letter.
        let e = text.find("e\u{301}").unwrap();
        assert_eq!(snapped(text, e + 1, e + 2), "e\u{301}té");
        // Offsets inside a character are fine (moved to boundaries).
        let cjk = text.find('本').unwrap();
        assert_eq!(
            snapped(text, cjk + 1, cjk + 2).chars().count(),
            snapped(text, cjk, cjk + 3).chars().count()
        );
    }

    fn snapped(text: &str, s: usize, e: usize) -> &str {
        let (s, e) = snap_to_words(text, s, e).unwrap();
        &text[s..e]
    }

    #[test]
    fn word_at_a_caret() {
        assert_eq!(word_at(SEED, 0), Some((0, 3)));
        assert_eq!(word_at(SEED, 3), Some((0, 3)), "just after a word");
        assert_eq!(
            word_at(SEED, 14),
            Some((4, 14)),
            "before `-`, after the word"
        );
        assert_eq!(word_at("a  b", 2), None);
        assert_eq!(word_at("", 0), None);
    }

    #[test]
    fn word_at_and_snap_on_plain_words() {
        // The cases of the former `tokenize::{word_at, snap_to_words}` (now
        // removed: this module is the one word snapper); a whitespace-only
        // selection gives `None` here where that gave an empty range.
        let text = "the firetrucks go";
        assert_eq!(word_at(text, 6), Some((4, 14)));
        assert_eq!(word_at(text, 14), Some((4, 14)));
        assert_eq!(word_at(text, 3), Some((0, 3)));
        assert_eq!(snap_to_words(text, 6, 9), Some((4, 14)));
        assert_eq!(snap_to_words(text, 2, 6), Some((0, 14)));
        assert_eq!(snap_to_words(text, 3, 4), None);
        assert_eq!(snap_to_words(text, 5, 5), Some((4, 14)));
    }

    #[test]
    fn caret_moves_by_word_edges() {
        let text = "ab, cd\nef";
        let mut pos = 0;
        let mut stops = vec![];
        while pos < text.len() {
            pos = next_word_boundary(text, pos);
            stops.push(pos);
        }
        assert_eq!(stops, [2, 4, 6, 7, 9]);
        let mut back = vec![];
        while pos > 0 {
            pos = prev_word_boundary(text, pos);
            back.push(pos);
        }
        assert_eq!(back, [7, 6, 4, 2, 0]);
    }

    #[test]
    fn resizing_by_word() {
        // Span "NeuraScale" (4..14).
        assert_eq!(next_word_end(SEED, 14), Some(16), "grow the end over `-8`");
        assert_eq!(prev_word_end(SEED, 16), Some(14), "shrink it back");
        assert_eq!(prev_word_end(SEED, 14), Some(3));
        assert_eq!(prev_word_start(SEED, 4), Some(0), "grow the start");
        assert_eq!(
            next_word_start(SEED, 4),
            Some(15),
            "shrink the start past `-`"
        );
        assert_eq!(prev_word_start(SEED, 0), None);
        assert_eq!(next_word_end(SEED, SEED.len()), None);
        assert_eq!(next_word_start(SEED, 40), None);
        assert_eq!(prev_word_end(SEED, 3), None);
        assert_eq!(next_word_end(SEED, 21), Some(24), "`1.5` is one word");
    }

    #[test]
    fn moving_by_character_keeps_clusters_whole() {
        let text = "a👨🏻‍🚒e\u{301}\r\nb";
        let mut pos = 0;
        let mut stops = vec![];
        while pos < text.len() {
            pos = next_char(text, pos);
            stops.push(&text[..pos]);
        }
        assert_eq!(stops, ["a", "a👨🏻‍🚒", "a👨🏻‍🚒e\u{301}", "a👨🏻‍🚒e\u{301}\r\n", text]);
        assert_eq!(prev_char(text, text.len()), text.len() - 1);
        assert_eq!(prev_char(text, text.len() - 1), text.len() - 3);
        assert_eq!(prev_char(text, 1), 0);
        assert_eq!(prev_char(text, 0), 0);
        assert_eq!(next_char(text, text.len()), text.len());
        // Inside a character: moved back to its start first.
        assert_eq!(next_char(text, 2), 1 + "👨🏻‍🚒".len());
    }
}
