//! What a source said beyond text and spans ([`Meta`] and its parts), keeping
//! it right when an editor changes the text, and the serde forms that let it be stored ([`Format`] by name, ranges as pairs).

use std::ops::Range;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use serde_json::Map;

use super::Format;

/// What a source said about a document beyond its text and spans. Writers use
/// what fits their format and ignore the rest.
///
/// It is serializable (the app stores it with each imported document): empty
/// fields are left out, ranges are `[start, end]` pairs of byte offsets, the
/// format is its [`Format::name`]. An editor that changes the document's text
/// calls [`Meta::text_changed`], which keeps what still fits the new text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// The format it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Format>,
    /// The record's id (doccano/Label Studio `id`), written back where the format has one.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_value"
    )]
    pub id: Option<Value>,
    /// Prodigy's `answer` (`accept`, `reject`, `ignore`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The record's `meta` object (doccano, Prodigy, spaCy, Label Studio), carried
    /// between JSON formats. tagmark's own `offsets` key is not kept here.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub meta: Map<String, Value>,
    /// Other top-level fields of the source record, written back only to the same format.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
    /// Tokens (byte ranges) from the source (Prodigy `tokens`, CoNLL rows), reused
    /// by the Prodigy and CoNLL writers when every span aligns with them.
    /// An editor that changes the text sets this to `None` ([`Meta::text_changed`]).
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_ranges")]
    pub tokens: Option<Vec<Range<usize>>>,
    /// Ids the source gave to spans (brat `T` ids, Label Studio region ids), matched
    /// to spans by label and range when writing back (spans added later get new
    /// ids, never one of these). An editor that changes the text moves the ranges
    /// with it, and empties the ranges of an id whose span the change touched
    /// ([`Meta::text_changed`]): such a *retired* id matches no span, so what
    /// refers to it is left out (and reported) on writing, and it is not given
    /// to another span.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub span_ids: Vec<SpanId>,
    /// Inline: where the source's broken tags begin (byte offsets of the text,
    /// ascending; [`crate::parse::Parsed::literal_tags`]), so that the inline
    /// writer gives them back as they were rather than escaped, as the app does.
    /// An editor that changes the text moves them with it ([`Meta::text_changed`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub literal_tags: Vec<usize>,
    /// brat: the `.ann` lines in their order, for writing them back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brat: Option<BratMeta>,
    /// Label Studio: the task parts tagmark does not model, for writing them back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_studio: Option<LabelStudioMeta>,
}

/// An id given to a span (or, for a discontinuous brat annotation, to several
/// fragments) by the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanId {
    /// The id, e.g. `T3`.
    pub id: String,
    /// The label.
    pub label: String,
    /// The byte ranges (more than one for a discontinuous brat annotation; none
    /// for an id retired by a change of the text, see [`Meta::span_ids`]).
    #[serde(with = "ranges")]
    pub ranges: Vec<Range<usize>>,
}

/// The `.ann` file's lines in order: text-bound annotations by id, everything else verbatim.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BratMeta {
    /// The lines.
    pub items: Vec<BratItem>,
}

/// One line of a `.ann` file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BratItem {
    /// A text-bound annotation (`T…`), written from the document's spans.
    Entity(String),
    /// Any other line (`R`, `E`, `A`, `M`, `N`, `#`, …), kept as it was.
    Line(String),
}

/// The parts of a Label Studio task tagmark does not model.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LabelStudioMeta {
    /// The `from_name` of the labels (the `<Labels>` control), e.g. `label`.
    pub from_name: String,
    /// The `to_name` (the `<Text>` object), e.g. `text`.
    pub to_name: String,
    /// The key of the text in `data`, e.g. `text`.
    pub data_key: String,
    /// The other fields of `data`.
    pub data: Map<String, Value>,
    /// Results that are not text labels (relations, choices, …), kept as they were.
    pub other_results: Vec<Value>,
    /// The annotation's other fields (`completed_by`, `lead_time`, …).
    pub annotation: Map<String, Value>,
    /// True when the spans came from `predictions` rather than `annotations`.
    pub prediction: bool,
}

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
        self.literal_tags
            .retain(|&at| at < prefix || at >= changed_end);
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
    let mut suffix = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take(room)
        .take_while(|(p, q)| p == q)
        .count();
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
        Format::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown format `{name}`")))
    }
}

/// Reads a field that is present as `Some`, even when it is `null` (absent is `None` by `default`).
pub(super) fn present_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// Byte ranges as `[start, end]` pairs.
pub(super) mod ranges {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        ranges: &[Range<usize>],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(ranges.iter().map(|r| (r.start, r.end)))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Range<usize>>, D::Error> {
        let pairs = Vec::<(usize, usize)>::deserialize(d)?;
        Ok(pairs.into_iter().map(|(a, b)| a..b).collect())
    }
}

/// Optional byte ranges as `[start, end]` pairs.
pub(super) mod opt_ranges {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        ranges: &Option<Vec<Range<usize>>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match ranges {
            Some(r) => super::ranges::serialize(r, s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<Range<usize>>>, D::Error> {
        Option::<Vec<(usize, usize)>>::deserialize(d)
            .map(|o| o.map(|v| v.into_iter().map(|(a, b)| a..b).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{BratItem, BratMeta, LabelStudioMeta, SpanId};
    use serde_json::json;

    fn id(id: &str, label: &str, ranges: &[Range<usize>]) -> SpanId {
        SpanId {
            id: id.into(),
            label: label.into(),
            ranges: ranges.to_vec(),
        }
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
        assert_eq!(
            ranges,
            [vec![0..3], vec![], vec![18..22], vec![0..3, 18..22], vec![]]
        );
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
            brat: Some(BratMeta {
                items: vec![
                    BratItem::Entity("T1".into()),
                    BratItem::Line("#1\tnote T1\tx".into()),
                ],
            }),
            label_studio: Some(LabelStudioMeta {
                from_name: "label".into(),
                ..LabelStudioMeta::default()
            }),
            ..Meta::default()
        };
        m.meta.insert("source".into(), json!("wiki"));
        m.extra.insert("_view_id".into(), json!("ner"));
        let json = serde_json::to_string(&m).unwrap();
        assert!(
            json.starts_with(r#"{"source":"brat","id":null,"answer":"accept","#),
            "{json}"
        );
        assert!(
            json.contains(r#""tokens":[[0,2]]"#) && json.contains(r#""ranges":[[0,3]]"#),
            "{json}"
        );
        assert!(
            json.contains(r##"{"entity":"T1"},{"line":"#1\tnote T1\tx"}"##),
            "{json}"
        );
        let back: Meta = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<Meta>(r#"{"source":"nope"}"#).is_err());
    }
}
