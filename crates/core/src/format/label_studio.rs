//! Label Studio's JSON task list (its "JSON" export, and the tasks it imports).
//!
//! Written: `[{"data": {"text": …}, "annotations": [{"result": [{"id",
//! "from_name": "label", "to_name": "text", "type": "labels", "value": {"start",
//! "end", "text", "labels": ["L"]}}]}]}, …]`, one task a line inside the list.
//! (`id` only when the document has one.) A document read from Label Studio keeps its task id, data key, other data
//! fields, `from_name`/`to_name`, region ids, non-label results (relations,
//! choices, …) and annotation fields; one read from `predictions` is written
//! back as `predictions`.
//!
//! Read: tasks with `annotations` (or the older `completions`) and/or
//! `predictions` (the first non-cancelled annotation with results is used, else
//! the first prediction; other annotations are reported), and the JSON_MIN
//! export (flat records: the text field, and a list of `{start, end, text,
//! labels}` under the control's name). A single task object or JSONL also read.
//!
//! ## Offsets
//! Label Studio stores `value.start`/`value.end` of text regions in Unicode
//! code points: its front end converts the browser's UTF-16 positions since
//! label-studio-frontend PR #308 (2022); exports made before that counted UTF-16
//! units, and its issue tracker has examples of both (e.g. HumanSignal/label-studio
//! #1347, #4988). tagmark reads and writes code points by default and, because
//! each region carries its `text`, checks it: when a region's text does not
//! match at the code-point offsets but does at UTF-16 (or byte) offsets, that
//! unit is used and a warning says so.

use serde_json::{Map, Value};

use super::json::{self, int, kind_of, Record};
use super::{
    assign_ids, byte_range, declared_unit, offsets_out, push_extra, push_meta, take_meta,
    ErrorKind, Format, FormatError, LabelStudioMeta, NamedDocument, Read, ReadOptions, SpanId,
    Warning, WriteOptions,
};
use crate::document::{Document, Span};
use crate::offsets::{OffsetMap, OffsetUnit};

/// Reads a Label Studio JSON export (full or JSON_MIN), a list of tasks to import, or JSONL of tasks.
pub fn read(name: &str, content: &str, opts: &ReadOptions) -> Read {
    json::read_records(name, content, |Record { line, value }, read| {
        let result = json::object(value, "task").and_then(|task| {
            let location = format!("{name}:{line}");
            if task.contains_key("data") {
                read_task(task, opts, &location)
            } else {
                read_min(task, opts, &location)
            }
        });
        match result {
            Ok((doc, warnings, errors)) => {
                read.errors.extend(
                    errors
                        .into_iter()
                        .map(|k| FormatError::new(name, Some(line), k)),
                );
                Some((doc, warnings))
            }
            Err(k) => {
                read.errors.push(FormatError::new(name, Some(line), k));
                None
            }
        }
    })
}

type TaskRead = (NamedDocument, Vec<Warning>, Vec<ErrorKind>);

/// The text of `data`: under `text`, else the only (first) string field. Returns (key, text).
fn data_text(data: &Map<String, Value>) -> Option<(String, String)> {
    if let Some(Value::String(t)) = data.get("text") {
        return Some(("text".into(), t.clone()));
    }
    data.iter()
        .find_map(|(k, v)| v.as_str().map(|t| (k.clone(), t.to_string())))
}

/// Why a task has no text: `field` is there but not a string (`"text": 5`), or it is missing.
fn missing_text(value: Option<&Value>, field: &str) -> ErrorKind {
    match value {
        Some(v) => ErrorKind::BadField {
            field: field.into(),
            expected: format!("a string, not {}", kind_of(v)),
        },
        None => ErrorKind::MissingField {
            field: field.into(),
        },
    }
}

fn read_task(
    mut task: Map<String, Value>,
    opts: &ReadOptions,
    location: &str,
) -> Result<TaskRead, ErrorKind> {
    let data = match task.shift_remove("data") {
        Some(Value::Object(d)) => d,
        Some(other) => {
            return Err(ErrorKind::BadField {
                field: "data".into(),
                expected: format!("an object, not {}", kind_of(&other)),
            })
        }
        None => Map::new(),
    };
    let Some((data_key, text)) = data_text(&data) else {
        return Err(missing_text(data.get("text"), "data.text"));
    };
    let mut other_data = data;
    other_data.shift_remove(&data_key);
    let unit = declared_unit(task.get("meta")).unwrap_or(opts.unit(Format::LabelStudio));
    let meta = take_meta(&mut task);
    let id = task.shift_remove("id");
    let mut warnings = Vec::new();
    // Pick the annotation: the first not cancelled with results, else the first prediction.
    let mut chosen: Option<(Map<String, Value>, bool)> = None;
    let mut ignored = 0;
    for key in ["annotations", "completions"] {
        if let Some(Value::Array(list)) = task.shift_remove(key) {
            for a in list {
                let Value::Object(a) = a else { continue };
                let cancelled = a
                    .get("was_cancelled")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let has_results = a
                    .get("result")
                    .and_then(Value::as_array)
                    .is_some_and(|r| !r.is_empty());
                if chosen.is_none() && !cancelled && has_results {
                    chosen = Some((a, false));
                } else if has_results && !cancelled {
                    ignored += 1;
                }
            }
        }
    }
    let predictions = task.shift_remove("predictions");
    if chosen.is_none() {
        if let Some(Value::Array(list)) = predictions {
            if let Some(Value::Object(p)) = list.into_iter().next() {
                chosen = Some((p, true));
            }
        }
    }
    if ignored > 0 {
        warnings.push(Warning {
            location: location.to_string(),
            span: None,
            message: format!(
                "the task has {ignored} more annotation(s) with results; only the first is read"
            ),
        });
    }
    let (mut annotation, prediction) = chosen.unwrap_or_default();
    let results = match annotation.shift_remove("result") {
        Some(Value::Array(r)) => r,
        _ => Vec::new(),
    };
    let mut ls = LabelStudioMeta {
        data_key,
        data: other_data,
        prediction,
        ..LabelStudioMeta::default()
    };
    let regions: Vec<Region> = results
        .into_iter()
        .filter_map(|r| {
            let is_label = r
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.ends_with("labels"))
                && r.get("value")
                    .is_some_and(|v| v.get("start").is_some_and(Value::is_number));
            if is_label {
                Some(Region::from_result(r))
            } else {
                ls.other_results.push(r);
                None
            }
        })
        .collect();
    if let Some(first) = regions.first() {
        ls.from_name = first.from_name.clone();
        ls.to_name = first.to_name.clone();
    }
    ls.annotation = annotation;
    let (document, span_ids, errors) = build(&text, regions, unit, location, &mut warnings);
    let mut doc = NamedDocument::new(String::new(), document);
    doc.meta.source = Some(Format::LabelStudio);
    doc.meta.id = id;
    doc.meta.meta = meta;
    doc.meta.span_ids = span_ids;
    doc.meta.extra = task;
    doc.meta.label_studio = Some(ls);
    Ok((doc, warnings, errors))
}

/// The ids of one Label Studio export: every task (and its annotation) gets an
/// id, as in Label Studio's own exports (label-studio-converter needs them).
/// A document's own id is kept; the others are numbers after every number
/// written so far, so a new id never repeats one written before it.
#[derive(Clone, Debug, Default)]
pub struct TaskIds {
    tasks: IdSequence,
    annotations: IdSequence,
}

/// Ids given so far, and the next number to give.
#[derive(Clone, Debug, Default)]
struct IdSequence {
    used: std::collections::HashSet<String>,
    next: u64,
    /// Past `u64::MAX`, ids are strings `tagmark-N`.
    overflow: u64,
}

impl IdSequence {
    /// The id to write: `kept` when given, else a new number. The second value is
    /// the kept id again when an earlier record of the export already had it.
    fn take(&mut self, kept: Option<&Value>) -> (Value, Option<String>) {
        if let Some(v) = kept {
            let key = v.to_string();
            if let Some(n) = v.as_u64() {
                self.next = self.next.max(n.saturating_add(1));
            }
            let dup = (!self.used.insert(key.clone())).then_some(key);
            return (v.clone(), dup);
        }
        loop {
            self.next = self.next.max(1);
            let id = match self.next.checked_add(1) {
                Some(after) => Value::from(std::mem::replace(&mut self.next, after)),
                None => {
                    self.overflow = self.overflow.saturating_add(1);
                    Value::from(format!("tagmark-{}", self.overflow))
                }
            };
            if self.used.insert(id.to_string()) {
                return (id, None);
            }
        }
    }
}

/// A JSON_MIN record: flat fields, the text, and lists of `{start, end, text, labels}`.
fn read_min(
    mut task: Map<String, Value>,
    opts: &ReadOptions,
    location: &str,
) -> Result<TaskRead, ErrorKind> {
    let is_region_list = |v: &Value| {
        v.as_array().is_some_and(|l| {
            !l.is_empty()
                && l.iter().all(|r| {
                    r.get("start").is_some() && r.get("end").is_some() && r.get("labels").is_some()
                })
        })
    };
    let Some((data_key, text)) = data_text(&task) else {
        return Err(missing_text(task.get("text"), "text"));
    };
    task.shift_remove(&data_key);
    let unit = declared_unit(task.get("meta")).unwrap_or(opts.unit(Format::LabelStudio));
    let meta = take_meta(&mut task);
    let keys: Vec<String> = task
        .iter()
        .filter(|(_, v)| is_region_list(v))
        .map(|(k, _)| k.clone())
        .collect();
    let mut regions = Vec::new();
    for key in &keys {
        if let Some(Value::Array(list)) = task.shift_remove(key) {
            for value in list {
                regions.push(Region {
                    id: None,
                    from_name: key.clone(),
                    to_name: data_key.clone(),
                    value,
                });
            }
        }
    }
    let id = task.shift_remove("id");
    let mut warnings = Vec::new();
    let (document, span_ids, errors) = build(&text, regions, unit, location, &mut warnings);
    let mut doc = NamedDocument::new(String::new(), document);
    doc.meta.source = Some(Format::LabelStudio);
    doc.meta.id = id;
    doc.meta.meta = meta;
    doc.meta.span_ids = span_ids;
    doc.meta.label_studio = Some(LabelStudioMeta {
        from_name: keys.first().cloned().unwrap_or_else(|| "label".into()),
        to_name: data_key.clone(),
        data_key,
        ..LabelStudioMeta::default()
    });
    doc.meta.extra = task;
    Ok((doc, warnings, errors))
}

struct Region {
    id: Option<String>,
    from_name: String,
    to_name: String,
    value: Value,
}

impl Region {
    fn from_result(r: Value) -> Region {
        let s = |k: &str| {
            r.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Region {
            id: r.get("id").and_then(Value::as_str).map(str::to_string),
            from_name: s("from_name"),
            to_name: s("to_name"),
            value: r.get("value").cloned().unwrap_or(Value::Null),
        }
    }
}

/// Builds the document from the regions, checking each region's `text`.
fn build(
    text: &str,
    regions: Vec<Region>,
    unit: OffsetUnit,
    location: &str,
    warnings: &mut Vec<Warning>,
) -> (Document, Vec<SpanId>, Vec<ErrorKind>) {
    let map = OffsetMap::new(text);
    let mut errors = Vec::new();
    let mut spans = Vec::new();
    let mut ids = Vec::new();
    let mut switched: Vec<OffsetUnit> = Vec::new();
    for region in regions {
        let v = &region.value;
        let start = int(v.get("start"), "value.start");
        let end = int(v.get("end"), "value.end");
        let (start, end) = match (start, end) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(k), _) | (_, Err(k)) => {
                errors.push(k);
                continue;
            }
        };
        let labels: Vec<String> = match v.get("labels").or_else(|| v.get("hypertextlabels")) {
            Some(Value::Array(l)) => l
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            Some(Value::String(l)) => vec![l.clone()],
            _ => Vec::new(),
        };
        if labels.is_empty() || labels.iter().any(String::is_empty) {
            errors.push(ErrorKind::EmptyLabel);
            continue;
        }
        let expected = v.get("text").and_then(Value::as_str);
        let first_label = labels[0].as_str();
        let mut range = byte_range(&map, text, start, end, unit, first_label);
        if let Some(expected) = expected {
            let matches = |r: &Result<std::ops::Range<usize>, ErrorKind>| {
                r.as_ref()
                    .is_ok_and(|r| text.get(r.clone()) == Some(expected))
            };
            if !matches(&range) {
                let alternatives = [OffsetUnit::Utf16, OffsetUnit::Codepoints, OffsetUnit::Bytes];
                if let Some((u, r)) = alternatives
                    .iter()
                    .filter(|&&u| u != unit)
                    .map(|&u| (u, byte_range(&map, text, start, end, u, first_label)))
                    .find(|(_, r)| matches(r))
                {
                    if !switched.contains(&u) {
                        switched.push(u);
                    }
                    range = r;
                }
            }
        }
        let range = match range {
            Ok(r) => r,
            Err(k) => {
                errors.push(k);
                continue;
            }
        };
        for l in &labels {
            spans.push(Span::new(range.start, range.end, l.clone()));
        }
        if let Some(id) = region.id {
            for l in labels {
                ids.push(SpanId {
                    id: id.clone(),
                    label: l,
                    ranges: vec![range.clone()],
                });
            }
        }
    }
    for u in switched {
        warnings.push(Warning {
            location: location.to_string(),
            span: None,
            message: format!(
                "region texts match the text only when offsets are read as {u}, not {unit}; they were read as {u}"
            ),
        });
    }
    let mut doc = Document {
        text: text.to_string(),
        spans,
    };
    doc.sort_spans();
    (doc, ids, errors)
}

/// Writes one document as a Label Studio task (no trailing comma or newline).
pub fn write_task(
    doc: &NamedDocument,
    opts: &WriteOptions,
    ids: &mut TaskIds,
    out: &mut String,
    warnings: &mut Vec<Warning>,
) {
    let own = doc.meta.source == Some(Format::LabelStudio);
    let ls = doc
        .meta
        .label_studio
        .clone()
        .filter(|_| own)
        .unwrap_or_default();
    let from_name = if ls.from_name.is_empty() {
        "label"
    } else {
        &ls.from_name
    };
    let data_key = if ls.data_key.is_empty() {
        "text"
    } else {
        &ls.data_key
    };
    let to_name = if ls.to_name.is_empty() {
        data_key
    } else {
        &ls.to_name
    };
    let text = &doc.document.text;
    out.push('{');
    out.push_str("\"id\":");
    let task_id = ids.tasks.take(doc.meta.id.as_ref());
    if let Some(dup) = &task_id.1 {
        warnings.push(Warning {
            location: doc.name.clone(),
            span: None,
            message: format!("task id {dup} is given to an earlier task of this export too; it is written as it was"),
        });
    }
    json::push_value(out, &task_id.0);
    out.push_str(",\"data\":{");
    json::push_key(out, data_key);
    json::push_str(out, text);
    push_extra(out, &ls.data, &[data_key]);
    out.push_str("},");
    json::push_key(
        out,
        if ls.prediction {
            "predictions"
        } else {
            "annotations"
        },
    );
    out.push('[');
    if !ls.annotation.contains_key("id") {
        // Label Studio's exports give every annotation an id (its converter and importer expect one).
        out.push_str("{\"id\":");
        json::push_value(out, &ids.annotations.take(None).0);
        out.push_str(",\"result\":[");
    } else {
        ids.annotations.take(ls.annotation.get("id"));
        out.push_str("{\"result\":[");
    }
    let spans = offsets_out(doc, opts.unit(Format::LabelStudio), warnings);
    let refs: Vec<&Span> = spans.iter().map(|(s, _, _)| *s).collect();
    let ids = if own {
        assign_ids(doc, &refs, "tm")
    } else {
        (1..=refs.len()).map(|n| format!("tm{n}")).collect()
    };
    let mut first = true;
    // Ids a kept result may refer to: the regions written and the kept results.
    let mut defined: std::collections::HashSet<String> = ids.iter().cloned().collect();
    defined.extend(
        ls.other_results
            .iter()
            .filter_map(|r| r.get("id")?.as_str().map(str::to_string)),
    );
    for ((s, start, end), id) in spans.iter().zip(ids) {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str("{\"id\":");
        json::push_str(out, &id);
        out.push_str(",\"from_name\":");
        json::push_str(out, from_name);
        out.push_str(",\"to_name\":");
        json::push_str(out, to_name);
        out.push_str(",\"type\":\"labels\",\"value\":{\"start\":");
        json::push_uint(out, *start);
        out.push_str(",\"end\":");
        json::push_uint(out, *end);
        out.push_str(",\"text\":");
        json::push_str(out, &text[s.start..s.end]);
        out.push_str(",\"labels\":[");
        json::push_str(out, &s.label);
        out.push_str("]}}");
    }
    for r in &ls.other_results {
        // A relation to a region no longer there (its span removed, or its text edited) is left out.
        let missing = ["from_id", "to_id"]
            .into_iter()
            .filter_map(|k| r.get(k)?.as_str())
            .find(|id| !defined.contains(*id));
        if let Some(missing) = missing {
            warnings.push(Warning {
                location: doc.name.clone(),
                span: None,
                message: format!(
                    "Label Studio result {} left out: it refers to region `{missing}`, which is no longer there",
                    serde_json::to_string(r).unwrap_or_default()
                ),
            });
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        json::push_value(out, r);
    }
    out.push(']');
    push_extra(out, &ls.annotation, &["result"]);
    out.push_str("}]");
    push_meta(
        out,
        &doc.meta.meta,
        opts.unit(Format::LabelStudio),
        Format::LabelStudio,
        true,
    );
    if own {
        push_extra(
            out,
            &doc.meta.extra,
            &["id", "data", "annotations", "predictions", "meta"],
        );
    }
    out.push('}');
}
