//! spaCy / displaCy JSONL: `{"text": …, "ents": [{"start", "end", "label"}]}`,
//! the shape of displaCy's manual input (`displacy.render(doc, style="ent",
//! manual=True)`) and of `Doc.to_json()`'s `ents`.
//!
//! Read also: spaCy v2 training tuples, `["text", {"entities": [[start, end,
//! "LABEL"], …]}]`, one a line or as one JSON list. Offsets are code points (as
//! Python counts) unless the record's `meta.offsets` or
//! [`ReadOptions::offsets`] say otherwise.
//!
//! `Doc.ents` cannot hold overlapping entities (they belong in `Doc.spans`),
//! so overlapping spans are written and reported.

use serde_json::Value;

use super::json::{self, int, kind_of, label, Record};
use super::{
    declared_unit, offsets_out, push_extra, push_meta, take_meta, warn_overlaps, ErrorKind, Format,
    FormatError, NamedDocument, Read, ReadOptions, RecordCtx, Warning, WriteOptions,
};

/// Reads spaCy JSONL (or a JSON list of records or of v2 tuples).
pub fn read(name: &str, content: &str, opts: &ReadOptions) -> Read {
    json::read_records(name, content, |Record { line, value }, read| {
        let bad = |field: &str, expected: String| {
            FormatError::new(
                name,
                Some(line),
                ErrorKind::BadField {
                    field: field.into(),
                    expected,
                },
            )
        };
        // Normalise both shapes to (text, entity list, the rest).
        let (text, ents, mut rec, tuple) = match value {
            Value::Object(mut rec) => {
                let text = rec.shift_remove("text");
                let ents = rec
                    .shift_remove("ents")
                    .or_else(|| rec.shift_remove("entities"));
                (text, ents, rec, false)
            }
            Value::Array(mut items) if items.len() == 2 => {
                let annots = items.pop();
                let text = items.pop();
                match annots {
                    Some(Value::Object(mut a)) => {
                        let ents = a.shift_remove("entities");
                        (text, ents, a, true)
                    }
                    other => {
                        let found = other.as_ref().map_or("nothing", kind_of);
                        read.errors.push(bad(
                            "[1]",
                            format!("an object with `entities`, not {found}"),
                        ));
                        return None;
                    }
                }
            }
            other => {
                read.errors.push(bad(
                    "record",
                    format!("an object with `text` and `ents` or a `[text, {{\"entities\": …}}]` pair, not {}", kind_of(&other)),
                ));
                return None;
            }
        };
        let Ok(text) =
            json::text(text).map_err(|k| read.errors.push(FormatError::new(name, Some(line), k)))
        else {
            return None;
        };
        let unit = declared_unit(rec.get("meta")).unwrap_or(opts.unit(Format::Spacy));
        let meta = take_meta(&mut rec);
        let mut ctx = RecordCtx::new(name, line, &text, unit, &mut read.errors);
        match ents {
            None => {}
            Some(Value::Array(items)) => {
                for (j, item) in items.iter().enumerate() {
                    let field = format!("ents[{j}]");
                    match item {
                        Value::Object(o) => {
                            ctx.add(
                                int(
                                    o.get("start").or_else(|| o.get("start_char")),
                                    &format!("{field}.start"),
                                ),
                                int(
                                    o.get("end").or_else(|| o.get("end_char")),
                                    &format!("{field}.end"),
                                ),
                                label(o.get("label"), &format!("{field}.label")),
                            );
                        }
                        Value::Array(t) if t.len() == 3 => {
                            ctx.add_triple(t, &field);
                        }
                        other => ctx.error(ErrorKind::BadField {
                            field,
                            expected: format!(
                                "`{{start, end, label}}` or `[start, end, label]`, not {}",
                                kind_of(other)
                            ),
                        }),
                    }
                }
            }
            Some(other) => ctx.error(ErrorKind::BadField {
                field: "ents".into(),
                expected: format!("a list of entities, not {}", kind_of(&other)),
            }),
        }
        let document = ctx.document();
        let mut doc = NamedDocument::new(String::new(), document);
        doc.meta.source = Some(Format::Spacy);
        doc.meta.meta = meta;
        if !tuple {
            doc.meta.extra = rec;
        }
        Some((doc, Vec::new()))
    })
}

/// Writes one document as a displaCy/spaCy JSON line.
pub fn write_record(
    doc: &NamedDocument,
    opts: &WriteOptions,
    out: &mut String,
    warnings: &mut Vec<Warning>,
) {
    out.push_str("{\"text\":");
    json::push_str(out, &doc.document.text);
    out.push_str(",\"ents\":[");
    for (k, (s, start, end)) in offsets_out(doc, opts.unit(Format::Spacy), warnings)
        .iter()
        .enumerate()
    {
        if k > 0 {
            out.push(',');
        }
        out.push_str("{\"start\":");
        json::push_uint(out, *start);
        out.push_str(",\"end\":");
        json::push_uint(out, *end);
        out.push_str(",\"label\":");
        json::push_str(out, &s.label);
        out.push('}');
    }
    out.push(']');
    push_meta(
        out,
        &doc.meta.meta,
        opts.unit(Format::Spacy),
        Format::Spacy,
        true,
    );
    if doc.meta.source == Some(Format::Spacy) {
        push_extra(out, &doc.meta.extra, &["text", "ents", "meta"]);
    }
    out.push_str("}\n");
    warn_overlaps(
        doc,
        "spaCy's `Doc.ents` cannot hold overlapping entities (use `Doc.spans`)",
        warnings,
    );
}
