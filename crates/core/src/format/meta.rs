//! Keeping a document's [`Meta`] right when an editor changes its text, and
//! the serde forms that let it be stored ([`Format`] by name, ranges as pairs).

use std::ops::Range;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{Format, Meta};

/// Top-level fields of a Prodigy task that are hashes of its text: stale once the text changes.
const TEXT_HASHES: [&str; 2] = ["_input_hash", "_task_hash"];

impl Meta {
    /// True when there is nothing in it (a document typed or opened as inline tags).
    pub fn is_empty(&self) -> bool {
        *self == Meta::default()
    }

    /// Updates what depends on the text after it changed from `old` to `new`:
    /// - the source's tokens are dropped (writers tokenize afresh);
    /// - each span id's ranges move with the text around the change; an id whose
    ///   range the change touched is *retired* (its ranges emptied: it matches no
    ///   span, is never given to another, and what refers to it is left out, with a
    ///   warning, when written);
    /// - Prodigy's `_input_hash` and `_task_hash` are dropped (Prodigy recomputes them);
    /// - broken inline tags ([`Meta::literal_tags`]) move with the text; those in
    ///   the changed stretch are dropped.
    ///
    /// The change is taken as one replaced stretch between the longest common
    /// prefix and suffix of the two texts (which is exact for a single edit, and
    /// safe for any: a range outside the stretch covers the same text as before).
    /// Does nothing when the texts are equal.
    pub fn text_changed(&mut self, old: &str, new: &str) {
        if old == new {
            return;
        }
        self.tokens = None;
        for key in TEXT_HASHES {
            self.extra.shift_remove(key);
        }
        if self.span_ids.is_empty() && self.literal_tags.is_empty() {
            return;
        }
        let (prefix, suffix) = common_ends(old, new);
        let changed_end = old.len() - suffix;
        let shift = |b: usize| b + new.len() - old.len();
        // A broken tag inside the changed stretch is gone (or no longer whole).
        self.literal_tags.retain(|&at| at < prefix || at >= changed_end);
        for at in &mut self.literal_tags {
            if *at >= changed_end {
                *at = shift(*at);
            }
        }
        for id in &mut self.span_ids {
            let moved: Option<Vec<Range<usize>>> = id
                .ranges
                .iter()
                .map(|r| {
                    if r.end <= prefix {
                        Some(r.clone())
                    } else if r.start >= changed_end {
                        Some(shift(r.start)..shift(r.end))
                    } else {
                        None
                    }
                })
                .collect();
            id.ranges = moved.unwrap_or_default();
        }
    }
}

/// The lengths in bytes of the longest common prefix and of the longest common
/// suffix not overlapping it, both ending on character boundaries of both texts.
fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut prefix = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    // Equal bytes up to `prefix`: a boundary of one is a boundary of the other.
    while !a.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = x.len().min(y.len()) - prefix;
    let mut suffix = x.iter().rev().zip(y.iter().rev()).take(room).take_while(|(p, q)| p == q).count();
    // The suffixes' bytes are equal, so `a`'s boundary at its start is `b`'s too.
    while !a.is_char_boundary(a.len() - suffix) {
        suffix -= 1;
    }
    (prefix, suffix)
}

impl Serialize for Format {
    /// A format is stored as its [`Format::name`].
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Format {
    /// Reads any name [`Format::from_name`] knows.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Format, D::Error> {
        let name = String::deserialize(d)?;
        Format::from_name(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown format `{name}`")))
    }
}

/// Reads a field that is present as `Some`, even when it is `null` (absent is `None` by `default`).
pub(super) fn present_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// Byte ranges as `[start, end]` pairs.
pub(super) mod ranges {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(ranges: &[Range<usize>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(ranges.iter().map(|r| (r.start, r.end)))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Range<usize>>, D::Error> {
        let pairs = Vec::<(usize, usize)>::deserialize(d)?;
        Ok(pairs.into_iter().map(|(a, b)| a..b).collect())
    }
}

/// Optional byte ranges as `[start, end]` pairs.
pub(super) mod opt_ranges {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(ranges: &Option<Vec<Range<usize>>>, s: S) -> Result<S::Ok, S::Error> {
        match ranges {
            Some(r) => super::ranges::serialize(r, s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Range<usize>>>, D::Error> {
        Option::<Vec<(usize, usize)>>::deserialize(d).map(|o| o.map(|v| v.into_iter().map(|(a, b)| a..b).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{BratItem, BratMeta, LabelStudioMeta, SpanId};
    use serde_json::json;

    fn id(id: &str, label: &str, ranges: &[Range<usize>]) -> SpanId {
        SpanId { id: id.into(), label: label.into(), ranges: ranges.to_vec() }
    }

    #[test]
    fn common_ends_respect_char_boundaries() {
        assert_eq!(common_ends("abc", "abc"), (3, 0));
        assert_eq!(common_ends("a b", "a xb"), (2, 1));
        // é and è share their first byte: the prefix stops before it.
        assert_eq!(common_ends("café!", "cafè!"), (3, 1));
        assert_eq!(common_ends("", "x"), (0, 0));
        // Repeated letters: prefix and suffix never overlap.
        assert_eq!(common_ends("aa", "aaa"), (2, 0));
    }

    #[test]
    fn a_text_change_moves_keeps_and_retires() {
        let old = "Ann met Bob in Rome";
        let new = "Ann met Robert in Rome"; // "Bob" → "Robert"
        let mut m = Meta {
            tokens: Some(vec![0..3, 4..7]),
            span_ids: vec![
                id("T1", "PER", &[0..3]),
                id("T2", "PER", &[8..11]),
                id("T3", "LOC", &[15..19]),
                id("T4", "X", &[0..3, 15..19]),
                id("T5", "X", &[4..11]),
            ],
            ..Meta::default()
        };
        m.extra.insert("_input_hash".into(), json!(1));
        m.extra.insert("_view_id".into(), json!("ner_manual"));
        m.text_changed(old, new);
        assert_eq!(m.tokens, None);
        assert_eq!(m.extra.keys().collect::<Vec<_>>(), ["_view_id"]);
        let ranges: Vec<_> = m.span_ids.iter().map(|k| k.ranges.clone()).collect();
        assert_eq!(ranges, [vec![0..3], vec![], vec![18..22], vec![0..3, 18..22], vec![]]);
        assert_eq!(&new[18..22], "Rome");
        // The same text again changes nothing.
        let before = m.clone();
        m.text_changed(new, new);
        assert_eq!(m, before);
    }

    #[test]
    fn serde_round_trip_is_compact() {
        assert_eq!(serde_json::to_string(&Meta::default()).unwrap(), "{}");
        let mut m = Meta {
            source: Some(Format::Brat),
            id: Some(Value::Null),
            answer: Some("accept".into()),
            tokens: Some(vec![0..2]),
            span_ids: vec![id("T1", "PER", &[0..3]), id("T2", "PER", &[])],
            brat: Some(BratMeta { items: vec![BratItem::Entity("T1".into()), BratItem::Line("#1\tnote T1\tx".into())] }),
            label_studio: Some(LabelStudioMeta { from_name: "label".into(), ..LabelStudioMeta::default() }),
            ..Meta::default()
        };
        m.meta.insert("source".into(), json!("wiki"));
        m.extra.insert("_view_id".into(), json!("ner"));
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.starts_with(r#"{"source":"brat","id":null,"answer":"accept","#), "{json}");
        assert!(json.contains(r#""tokens":[[0,2]]"#) && json.contains(r#""ranges":[[0,3]]"#), "{json}");
        assert!(json.contains(r##"{"entity":"T1"},{"line":"#1\tnote T1\tx"}"##), "{json}");
        let back: Meta = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<Meta>(r#"{"source":"nope"}"#).is_err());
    }
}
