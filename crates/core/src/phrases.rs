//! Phrases as sequences of word segments, and finding them in a text by whole words.
//!
//! The consistency checks ([`crate::checks`]) and the suggestions
//! ([`crate::suggest`]) both ask "where else does this tagged string occur?".
//! Scanning every document for every tagged string would be N×M; instead each
//! phrase is cut into UAX #29 segments ([`crate::tokenize::segments`]) and indexed
//! by its first segment's *key*. A text is cut the same way once, and at each of
//! its segments one hash lookup finds the few phrases that can start there.
//!
//! Because a match is a run of whole segments, both its ends are word boundaries:
//! a phrase `Orion-3` (`Orion`, `-`, `3`) never matches inside `Orion-30` (`30`).
//!
//! Two keys are used:
//! - [`KeyKind::Exact`]: the segment as it is; any run of whitespace counts as one
//!   space, so `Apple\r\nInc` matches `Apple Inc`.
//! - [`KeyKind::Shape`]: also every decimal digit becomes `d`, so `NeuraScale-8`
//!   has the shape of `NeuraScale-9` and `1.5` the shape of `2.5` (but `30` has
//!   another shape than `3`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use crate::tokenize::{is_space, segments};

/// How segments are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// The same characters (whitespace runs are equal to one space).
    Exact,
    /// The same characters with every decimal digit read as `d`.
    Shape,
}

/// The key of one segment under `kind`.
pub fn segment_key(segment: &str, kind: KeyKind) -> Cow<'_, str> {
    if is_space(segment) {
        return Cow::Borrowed(" ");
    }
    match kind {
        KeyKind::Exact => Cow::Borrowed(segment),
        KeyKind::Shape => {
            if segment.chars().any(is_digit) {
                Cow::Owned(
                    segment
                        .chars()
                        .map(|c| if is_digit(c) { 'd' } else { c })
                        .collect(),
                )
            } else {
                Cow::Borrowed(segment)
            }
        }
    }
}

/// True for a digit: an ASCII digit, or a numeric character of another script
/// (Unicode `Nd`, `Nl` and `No`: `٣`, `３`, `²`, `Ⅳ`). The standard library has no
/// test for `Nd` alone, and a shape that reads `m²` like `m2` does no harm.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

/// The keys of a phrase's segments, or `None` when it has no segment that is
/// not whitespace. Leading and trailing whitespace is left out.
pub fn phrase_keys(phrase: &str, kind: KeyKind) -> Option<Vec<String>> {
    let trimmed = phrase.trim_matches(crate::tokenize::is_space_char);
    if trimmed.is_empty() {
        return None;
    }
    Some(
        segments(trimmed)
            .map(|r| segment_key(&trimmed[r], kind).into_owned())
            .collect(),
    )
}

/// The part of `text` to cut into segments to find the phrases that start in
/// `range`: from the start of the line `range` starts on to the end of the line
/// after it ends (so a phrase running past `range`'s end is found whole).
pub fn around(text: &str, range: Range<usize>) -> Range<usize> {
    let (from, to) = (range.start.min(text.len()), range.end.min(text.len()));
    let a = memchr::memrchr(b'\n', &text.as_bytes()[..from]).map_or(0, |i| i + 1);
    let e = memchr::memchr(b'\n', &text.as_bytes()[to..]).map_or(text.len(), |i| to + i + 1);
    a..e
}

/// A text cut into segments, with each segment's key.
pub struct SegmentedText<'a> {
    /// The byte range of each segment in the text.
    pub segments: Vec<Range<usize>>,
    keys: Vec<Cow<'a, str>>,
}

impl<'a> SegmentedText<'a> {
    /// Cuts `text` into segments and keys them under `kind`.
    pub fn new(text: &'a str, kind: KeyKind) -> SegmentedText<'a> {
        let segments: Vec<Range<usize>> = segments(text).collect();
        let keys = segments
            .iter()
            .map(|r| segment_key(&text[r.clone()], kind))
            .collect();
        SegmentedText { segments, keys }
    }

    /// The same segments keyed under another `kind` (no second segmentation).
    pub fn rekey(&self, text: &'a str, kind: KeyKind) -> SegmentedText<'a> {
        let keys = self
            .segments
            .iter()
            .map(|r| segment_key(&text[r.clone()], kind))
            .collect();
        SegmentedText {
            segments: self.segments.clone(),
            keys,
        }
    }

    /// The key of segment `i`.
    pub fn key(&self, i: usize) -> &str {
        &self.keys[i]
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// True when the text has no segment.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }
}

/// Phrases indexed by their first segment's key; each carries a value `V`.
pub struct PhraseIndex<V> {
    kind: KeyKind,
    by_first: HashMap<String, Vec<usize>>,
    phrases: Vec<(Vec<String>, V)>,
    ids: HashMap<Vec<String>, usize>,
    /// Phrases as given to [`PhraseIndex::entry`], each with its id: a text seen
    /// before is not cut into segments again (a corpus names the same things often).
    by_text: HashMap<String, usize>,
    /// Keys cut by an earlier index of the same kind ([`PhraseIndex::with_known`]),
    /// by phrase text, taken as the phrases come.
    known: HashMap<String, Vec<String>>,
}

/// The keys an index cut, by phrase text ([`PhraseIndex::into_known_keys`]): an
/// index built again after a small change (one span edited among thousands) takes
/// them instead of cutting every phrase into segments again.
#[derive(Debug, Default)]
pub struct KnownKeys {
    kind: Option<KeyKind>,
    by_text: HashMap<String, Vec<String>>,
}

/// One place where a phrase of a [`PhraseIndex`] occurs in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Which phrase ([`PhraseIndex::get`]).
    pub phrase: usize,
    /// The bytes it covers in the text.
    pub range: Range<usize>,
}

impl<V> PhraseIndex<V> {
    /// An empty index comparing segments by `kind`.
    pub fn new(kind: KeyKind) -> PhraseIndex<V> {
        PhraseIndex {
            kind,
            by_first: HashMap::new(),
            phrases: Vec::new(),
            ids: HashMap::new(),
            by_text: HashMap::new(),
            known: HashMap::new(),
        }
    }

    /// An empty index that takes the keys of the phrases in `known` from it rather
    /// than cutting them again (when `known` came from an index of the same kind).
    /// What it holds is exactly what [`PhraseIndex::new`] would hold.
    pub fn with_known(kind: KeyKind, known: KnownKeys) -> PhraseIndex<V> {
        let mut index = PhraseIndex::new(kind);
        if known.kind == Some(kind) {
            index.known = known.by_text;
        }
        index
    }

    /// Gives up the index, keeping the keys of every phrase it was given, by text.
    pub fn into_known_keys(self) -> KnownKeys {
        let mut keys: Vec<Option<Vec<String>>> =
            self.phrases.into_iter().map(|(k, _)| Some(k)).collect();
        let mut by_text = HashMap::with_capacity(self.by_text.len());
        for (text, id) in self.by_text {
            // Several texts may share an id (" X" and "X"): one takes the keys, the
            // others are cut again if they come back.
            if let Some(k) = keys[id].take() {
                by_text.insert(text, k);
            }
        }
        KnownKeys {
            kind: Some(self.kind),
            by_text,
        }
    }

    /// How this index compares segments.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The value of `phrase`, created with `make` when the phrase is new. `None`
    /// when the phrase is only whitespace.
    pub fn entry(&mut self, phrase: &str, make: impl FnOnce() -> V) -> Option<(usize, &mut V)> {
        if let Some(&id) = self.by_text.get(phrase) {
            return Some((id, &mut self.phrases[id].1));
        }
        let keys = match self.known.remove(phrase) {
            Some(keys) => keys,
            None => phrase_keys(phrase, self.kind)?,
        };
        let id = match self.ids.get(&keys) {
            Some(&id) => id,
            None => {
                let id = self.phrases.len();
                self.by_first.entry(keys[0].clone()).or_default().push(id);
                self.ids.insert(keys.clone(), id);
                self.phrases.push((keys, make()));
                id
            }
        };
        self.by_text.insert(phrase.to_string(), id);
        Some((id, &mut self.phrases[id].1))
    }

    /// The id of `phrase`, if indexed.
    pub fn find(&self, phrase: &str) -> Option<usize> {
        self.ids.get(&phrase_keys(phrase, self.kind)?).copied()
    }

    /// The keys and value of phrase `id`.
    pub fn get(&self, id: usize) -> (&[String], &V) {
        let (keys, value) = &self.phrases[id];
        (keys, value)
    }

    /// Every phrase and its value, by id.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &V)> {
        self.phrases.iter().enumerate().map(|(i, (_, v))| (i, v))
    }

    /// Every phrase's value, to change, by id.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.phrases.iter_mut().map(|(_, v)| v)
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// True when no phrase is indexed.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Every occurrence of every phrase in `text` (cut with this index's kind), in
    /// order of start. Occurrences may overlap.
    pub fn find_all(&self, text: &SegmentedText<'_>) -> Vec<PhraseMatch> {
        self.find_in(text, 0..text.len())
    }

    /// As [`PhraseIndex::find_all`], for the phrases that start at one of the
    /// segments `from` (they may end past it): a long text can be searched a slice at a time.
    pub fn find_in(&self, text: &SegmentedText<'_>, from: Range<usize>) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        if self.phrases.is_empty() {
            return out;
        }
        for i in from.start..from.end.min(text.len()) {
            let Some(candidates) = self.by_first.get(text.key(i)) else {
                continue;
            };
            for &id in candidates {
                let keys = &self.phrases[id].0;
                let n = keys.len();
                if i + n > text.len() {
                    continue;
                }
                if (1..n).all(|j| text.key(i + j) == keys[j]) {
                    out.push(PhraseMatch {
                        phrase: id,
                        range: text.segments[i].start..text.segments[i + n - 1].end,
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_script_count_as_digits() {
        for c in ['0', '9', '٣', '३', '３', '²', 'Ⅳ'] {
            assert!(is_digit(c), "{c}");
        }
        for c in ['a', 'x', '-', ' ', 'é', '中'] {
            assert!(!is_digit(c), "{c}");
        }
        assert_eq!(segment_key("NeuraScale-٩", KeyKind::Shape), "NeuraScale-d");
    }

    #[test]
    fn whole_words_only() {
        let mut index = PhraseIndex::new(KeyKind::Exact);
        index.entry("Orion-3", || ());
        let text = "Orion-30 and Orion-3, (Orion-3)";
        let seg = SegmentedText::new(text, KeyKind::Exact);
        let found: Vec<_> = index
            .find_all(&seg)
            .into_iter()
            .map(|m| &text[m.range])
            .collect();
        assert_eq!(found, ["Orion-3", "Orion-3"]);
        assert_eq!(index.find_all(&seg)[0].range, 13..20);
    }

    #[test]
    fn shapes_and_whitespace() {
        let mut index = PhraseIndex::new(KeyKind::Shape);
        index.entry("NeuraScale-9", || ());
        index.entry("2.5 trillion", || ());
        let text = "NeuraScale-8 had 1.5\r\ntrillion, not 30 trillion; NeuraScale-10";
        let seg = SegmentedText::new(text, KeyKind::Shape);
        let found: Vec<_> = index
            .find_all(&seg)
            .into_iter()
            .map(|m| &text[m.range])
            .collect();
        assert_eq!(found, ["NeuraScale-8", "1.5\r\ntrillion"]);
    }

    #[test]
    fn unicode_segments() {
        let mut index = PhraseIndex::new(KeyKind::Exact);
        index.entry("Zürich", || ());
        index.entry("東京", || ());
        let text = "👨🏻‍🚒 in Zürich, Zürichsee, 東京都";
        let seg = SegmentedText::new(text, KeyKind::Exact);
        let found: Vec<_> = index
            .find_all(&seg)
            .into_iter()
            .map(|m| &text[m.range])
            .collect();
        // UAX #29 puts each ideograph on its own, so 東京 is found inside 東京都.
        assert_eq!(found, ["Zürich", "東京"]);
    }
}
