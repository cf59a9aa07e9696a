//! Helpers the readers and writers share: offsets in and out, span ids,
//! duplicate and overlap warnings.

use std::ops::Range;

use serde_json::Value;

use super::{ErrorKind, NamedDocument, Warning};
use crate::document::{Document, Span};
use crate::offsets::{OffsetError, OffsetMap, OffsetUnit};

/// Converts `[start, end)` in `unit` into a byte range of `text`, or explains why not.
pub(crate) fn byte_range(
    map: &OffsetMap,
    text: &str,
    start: i64,
    end: i64,
    unit: OffsetUnit,
    label: &str,
) -> Result<Range<usize>, ErrorKind> {
    let bad = |problem: String| ErrorKind::Offset {
        label: label.to_string(),
        start,
        end,
        unit,
        problem,
    };
    if start < 0 || end < 0 {
        return Err(bad("offsets cannot be negative".to_string()));
    }
    if end <= start {
        return Err(bad("the span is empty or reversed".to_string()));
    }
    let conv = |o: i64| {
        map.to_byte(o as usize, unit)
            .map_err(|e: OffsetError| bad(e.to_string()))
    };
    let (s, e) = (conv(start)?, conv(end)?);
    debug_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
    Ok(s..e)
}

/// Describes a span for messages: `` `label` 19–29 "firetrucks" `` (code points).
pub(crate) struct SpanDescriber<'a> {
    text: &'a str,
    map: Option<OffsetMap>,
}

impl<'a> SpanDescriber<'a> {
    pub(crate) fn new(text: &'a str) -> SpanDescriber<'a> {
        SpanDescriber { text, map: None }
    }

    pub(crate) fn describe(&mut self, span: &Span) -> String {
        let text = self.text;
        let map = self.map.get_or_insert_with(|| OffsetMap::new(text));
        let cp = |b: usize| map.from_byte(b, OffsetUnit::Codepoints).unwrap_or(b);
        let covered = text.get(span.start..span.end).unwrap_or("");
        let mut shown: String = covered.chars().take(40).collect();
        if shown.len() < covered.len() {
            shown.push('…');
        }
        format!(
            "`{}` {}–{} {:?}",
            span.label,
            cp(span.start),
            cp(span.end),
            shown
        )
    }
}

/// Warns about spans with exactly the same range and label as an earlier one.
/// Linear in the number of spans: each group of spans with one range keeps a
/// set of the labels seen in it (a line with 10⁵ spans on one range took
/// seconds when each span was compared with every earlier one).
pub(crate) fn warn_duplicates(doc: &Document, location: &str, warnings: &mut Vec<Warning>) {
    let mut describer = None;
    let mut group: Option<(usize, usize)> = None;
    let mut labels: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for s in &doc.spans {
        // Spans are in document order: spans with the same range are adjacent.
        if group != Some((s.start, s.end)) {
            group = Some((s.start, s.end));
            labels.clear();
        }
        if !labels.insert(s.label.as_str()) {
            let d = describer.get_or_insert_with(|| SpanDescriber::new(&doc.text));
            warnings.push(Warning {
                location: location.to_string(),
                span: Some(s.clone()),
                message: format!("span {} is given twice; both are kept", d.describe(s)),
            });
        }
    }
}

/// The unit named by a record's `meta.offsets`, if any.
pub(crate) fn declared_unit(meta: Option<&Value>) -> Option<OffsetUnit> {
    meta?
        .get("offsets")?
        .as_str()
        .and_then(OffsetUnit::from_name)
}

/// The spans of `doc` that fit its text, with their offsets in `unit`; the others
/// are reported in `warnings`.
pub(crate) fn offsets_out<'a>(
    doc: &'a NamedDocument,
    unit: OffsetUnit,
    warnings: &mut Vec<Warning>,
) -> Vec<(&'a Span, usize, usize)> {
    let d = &doc.document;
    let map = if unit == OffsetUnit::Bytes {
        None
    } else {
        Some(OffsetMap::new(&d.text))
    };
    let mut out = Vec::with_capacity(d.spans.len());
    for s in &d.spans {
        if d.check_range(s.start, s.end).is_err() || s.label.is_empty() {
            warnings.push(Warning {
                location: doc.name.clone(),
                span: Some(s.clone()),
                message: format!(
                    "span `{}` at bytes {}..{} left out: it is empty, has no label, or does not fit the text",
                    s.label, s.start, s.end
                ),
            });
            continue;
        }
        let (start, end) = match &map {
            None => (s.start, s.end),
            Some(m) => match (m.from_byte(s.start, unit), m.from_byte(s.end, unit)) {
                (Ok(a), Ok(b)) => (a, b),
                _ => continue, // unreachable: checked above
            },
        };
        out.push((s, start, end));
    }
    out
}

/// Warns about each span that overlaps an earlier one (nested or crossing), for
/// formats whose consumers may not accept overlaps; `why` ends the message.
pub(crate) fn warn_overlaps(doc: &NamedDocument, why: &str, warnings: &mut Vec<Warning>) {
    let mut describer: Option<SpanDescriber> = None;
    let mut widest: Option<&Span> = None;
    for s in &doc.document.spans {
        if let Some(w) = widest {
            if s.start < w.end {
                let d = describer.get_or_insert_with(|| SpanDescriber::new(&doc.document.text));
                let message = format!(
                    "span {} overlaps span {}: {why}",
                    d.describe(s),
                    d.describe(w)
                );
                warnings.push(Warning {
                    location: doc.name.clone(),
                    span: Some(s.clone()),
                    message,
                });
            }
        }
        if widest.is_none_or(|w| s.end > w.end) {
            widest = Some(s);
        }
    }
}

/// Ids for `spans` of `doc`: the source's id where a [`SpanId`] with one range
/// matches the span's label and range (each used once), else `prefix` + a number
/// after every known id's, retired ones included (so an id other lines refer to
/// never comes to mean another span).
pub(crate) fn assign_ids(doc: &NamedDocument, spans: &[&Span], prefix: &str) -> Vec<String> {
    let known = &doc.meta.span_ids;
    let mut fresh = FreshIds::new(prefix, known.iter().map(|k| k.id.as_str()));
    // (start, end, label) → ids not used yet, last one first.
    let mut free: std::collections::HashMap<(usize, usize, &str), Vec<&str>> =
        std::collections::HashMap::new();
    for k in known.iter().rev() {
        if let [r] = k.ranges.as_slice() {
            free.entry((r.start, r.end, k.label.as_str()))
                .or_default()
                .push(&k.id);
        }
    }
    spans
        .iter()
        .map(|s| {
            match free
                .get_mut(&(s.start, s.end, s.label.as_str()))
                .and_then(|v| v.pop())
            {
                Some(id) => id.to_string(),
                None => fresh.next_id(),
            }
        })
        .collect()
}

/// New ids `prefix` + a number that collide with none of the ids given: numbers
/// count up from one past the largest known one, and when that would overflow
/// (a source may say `T18446744073709551615`) they start again from 1, skipping
/// every id taken.
pub(crate) struct FreshIds<'a> {
    prefix: &'a str,
    taken: std::collections::HashSet<String>,
    next: u128,
}

impl<'a> FreshIds<'a> {
    pub(crate) fn new<'k>(
        prefix: &'a str,
        known: impl IntoIterator<Item = &'k str>,
    ) -> FreshIds<'a> {
        let taken: std::collections::HashSet<String> =
            known.into_iter().map(str::to_string).collect();
        let max = taken
            .iter()
            .filter_map(|id| id.strip_prefix(prefix).and_then(|n| n.parse::<u128>().ok()))
            .max()
            .unwrap_or(0);
        FreshIds {
            prefix,
            taken,
            next: max.checked_add(1).unwrap_or(1),
        }
    }

    /// The next id not taken (it is then taken).
    pub(crate) fn next_id(&mut self) -> String {
        loop {
            let id = format!("{}{}", self.prefix, self.next);
            self.next = self.next.checked_add(1).unwrap_or(1);
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}
