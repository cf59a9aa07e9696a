//! doccano's sequence-labelling JSONL.
//!
//! Written: one line per document, `{"text": …, "label": [[start, end, "LABEL"], …]}`
//! with spans in document order, plus `id` and `meta` when the document has
//! them (and `meta.offsets` when the unit is not UTF-16). A document read
//! from doccano's `entities` variant is written back in that variant, with its
//! entity ids and `relations`.
//!
//! Read: `label` (or `labels`) as `[start, end, label]` triples or
//! `{start_offset, end_offset, label}` objects, and the `entities` variant
//! (`{"text", "entities": [{id, start_offset, end_offset, label}], "relations"}`);
//! the text under `text` (or `data`, as doccano 1.x exported it). Category
//! labels (plain strings, from text classification) are kept aside as
//! `categories` and reported.
//!
//! Offsets are UTF-16 code units, as doccano's web app counts them (JavaScript
//! string indices, doccano issue #2290), unless the record's `meta.offsets` or
//! [`ReadOptions::offsets`] say otherwise; an offset inside a character (between
//! the two halves of a surrogate pair) is an error naming its line. doccano holds overlapping spans only
//! in projects that allow overlapping entities, so overlaps are written and
//! reported.

use serde_json::{Map, Value};

use super::json::{self, int, kind_of, label, Record};
use super::{
    declared_unit, offsets_out, push_extra, push_meta, take_meta, warn_overlaps, ErrorKind, Format,
    FormatError, NamedDocument, Read, ReadOptions, RecordCtx, SpanId, Warning, WriteOptions,
};

/// Reads doccano JSONL (or a JSON list of the same records).
pub fn read(name: &str, content: &str, opts: &ReadOptions) -> Read {
    json::read_records(name, content, |Record { line, value }, read| {
        let location = format!("{name}:{line}");
        let fail = |errors: &mut Vec<FormatError>, kind| {
            errors.push(FormatError::new(name, Some(line), kind))
        };
        let Ok(mut rec) = json::object(value, "record").map_err(|k| fail(&mut read.errors, k))
        else {
            return None;
        };
        let text = rec
            .shift_remove("text")
            .or_else(|| rec.shift_remove("data"));
        let Ok(text) = json::text(text).map_err(|k| fail(&mut read.errors, k)) else {
            return None;
        };
        let unit = declared_unit(rec.get("meta")).unwrap_or(opts.unit(Format::Doccano));
        let meta = take_meta(&mut rec);
        let id = rec.shift_remove("id");
        let mut ctx = RecordCtx::new(name, line, &text, unit, &mut read.errors);
        let mut span_ids = Vec::new();
        let mut categories = Vec::new();
        for key in ["label", "labels"] {
            let Some(list) = rec.shift_remove(key) else {
                continue;
            };
            let Value::Array(items) = list else {
                ctx.error(ErrorKind::BadField {
                    field: key.into(),
                    expected: format!("a list of spans, not {}", kind_of(&list)),
                });
                continue;
            };
            for (j, item) in items.iter().enumerate() {
                let field = format!("{key}[{j}]");
                match item {
                    Value::Array(t) if t.len() == 3 => {
                        ctx.add_triple(t, &field);
                    }
                    Value::Object(o) => {
                        let s = o.get("start_offset").or_else(|| o.get("start"));
                        let e = o.get("end_offset").or_else(|| o.get("end"));
                        ctx.add(
                            int(s, &format!("{field}.start_offset")),
                            int(e, &format!("{field}.end_offset")),
                            label(o.get("label"), &format!("{field}.label")),
                        );
                    }
                    Value::String(_) => categories.push(item.clone()),
                    other => ctx.error(ErrorKind::BadField {
                        field,
                        expected: format!("`[start, end, \"label\"]`, not {}", kind_of(other)),
                    }),
                }
            }
        }
        let mut entities_variant = false;
        if let Some(list) = rec.shift_remove("entities") {
            entities_variant = true;
            match list {
                Value::Array(items) => {
                    for (j, item) in items.iter().enumerate() {
                        let field = format!("entities[{j}]");
                        let Value::Object(o) = item else {
                            ctx.error(ErrorKind::BadField {
                                field,
                                expected: format!("an object, not {}", kind_of(item)),
                            });
                            continue;
                        };
                        let added = ctx.add(
                            int(o.get("start_offset"), &format!("{field}.start_offset")),
                            int(o.get("end_offset"), &format!("{field}.end_offset")),
                            label(o.get("label"), &format!("{field}.label")),
                        );
                        if let (Some(r), Some(id)) = (added, o.get("id")) {
                            let label = ctx
                                .spans
                                .last()
                                .map(|s| s.label.clone())
                                .unwrap_or_default();
                            let id = match id {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            };
                            span_ids.push(SpanId {
                                id,
                                label,
                                ranges: vec![r],
                            });
                        }
                    }
                }
                other => ctx.error(ErrorKind::BadField {
                    field: "entities".into(),
                    expected: format!("a list of entities, not {}", kind_of(&other)),
                }),
            }
        }
        let document = ctx.document();
        let mut extra: Map<String, Value> = rec;
        if !categories.is_empty() {
            read.warnings.push(super::Warning {
                location: location.clone(),
                span: None,
                message: format!(
                    "{} category label(s) (text classification, not spans) kept aside as `categories`: they are written back only to doccano",
                    categories.len()
                ),
            });
            extra.insert("categories".into(), Value::Array(categories));
        }
        if entities_variant {
            extra.insert("_tagmark_entities".into(), Value::Bool(true));
        }
        let mut doc = NamedDocument::new(String::new(), document);
        doc.meta.source = Some(Format::Doccano);
        doc.meta.id = id;
        doc.meta.meta = meta;
        doc.meta.extra = extra;
        doc.meta.span_ids = span_ids;
        Some((doc, Vec::new()))
    })
}

/// The relations whose `from_id` and `to_id` are among the entity ids written;
/// the others (their entity removed, or its text edited) are reported.
fn kept_relations(
    doc: &NamedDocument,
    relations: &[Value],
    ids: &[String],
    warnings: &mut Vec<Warning>,
) -> Vec<Value> {
    let id_text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    relations
        .iter()
        .filter(|r| {
            let missing = ["from_id", "to_id"].into_iter().filter_map(|k| r.get(k)).map(id_text).find(|id| !ids.contains(id));
            match missing {
                None => true,
                Some(missing) => {
                    warnings.push(Warning {
                        location: doc.name.clone(),
                        span: None,
                        message: format!(
                            "doccano relation {} left out: it refers to entity `{missing}`, which is no longer there",
                            serde_json::to_string(r).unwrap_or_default()
                        ),
                    });
                    false
                }
            }
        })
        .cloned()
        .collect()
}

/// Writes one document as a doccano JSONL line.
pub fn write_record(
    doc: &NamedDocument,
    opts: &WriteOptions,
    out: &mut String,
    warnings: &mut Vec<Warning>,
) {
    let from_doccano = doc.meta.source == Some(Format::Doccano);
    let entities = from_doccano && doc.meta.extra.contains_key("_tagmark_entities");
    out.push('{');
    let mut comma = false;
    if let Some(id) = &doc.meta.id {
        json::push_key(out, "id");
        json::push_value(out, id);
        comma = true;
    }
    if comma {
        out.push(',');
    }
    json::push_key(out, "text");
    json::push_str(out, &doc.document.text);
    let spans = offsets_out(doc, opts.unit(Format::Doccano), warnings);
    let mut written_ids = Vec::new();
    if entities {
        out.push_str(",\"entities\":[");
        let ids = super::assign_ids(
            doc,
            &spans.iter().map(|(s, _, _)| *s).collect::<Vec<_>>(),
            "",
        );
        written_ids.clone_from(&ids);
        for (k, ((s, start, end), id)) in spans.iter().zip(ids).enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str("{\"id\":");
            match id.parse::<i64>() {
                Ok(n) => json::push_uint(out, n.max(0) as usize),
                Err(_) => json::push_str(out, &id),
            }
            out.push_str(",\"label\":");
            json::push_str(out, &s.label);
            out.push_str(",\"start_offset\":");
            json::push_uint(out, *start);
            out.push_str(",\"end_offset\":");
            json::push_uint(out, *end);
            out.push('}');
        }
        out.push(']');
    } else {
        out.push_str(",\"label\":[");
        for (k, (s, start, end)) in spans.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push('[');
            json::push_uint(out, *start);
            out.push(',');
            json::push_uint(out, *end);
            out.push(',');
            json::push_str(out, &s.label);
            out.push(']');
        }
        out.push(']');
    }
    push_meta(
        out,
        &doc.meta.meta,
        opts.unit(Format::Doccano),
        Format::Doccano,
        true,
    );
    if from_doccano {
        let mut extra = std::borrow::Cow::Borrowed(&doc.meta.extra);
        if entities {
            if let Some(Value::Array(relations)) = doc.meta.extra.get("relations") {
                let kept = kept_relations(doc, relations, &written_ids, warnings);
                if kept.len() < relations.len() {
                    extra
                        .to_mut()
                        .insert("relations".to_string(), Value::Array(kept));
                }
            }
        }
        push_extra(out, &extra, &["_tagmark_entities", "label", "entities"]);
    }
    out.push_str("}\n");
    warn_overlaps(
        doc,
        "doccano shows overlapping spans only in projects that allow overlapping entities",
        warnings,
    );
}
