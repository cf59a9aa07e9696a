//! Prodigy's JSONL tasks (as `ner_manual` and `spans_manual` save them).
//!
//! Written: `{"text", "tokens": [{text, start, end, id, ws}], "spans": [{start,
//! end, token_start, token_end, label}], "answer", "meta"}`, with `token_end`
//! **inclusive**, as Prodigy has it. Tokens are the source's tokens when every
//! span aligns with them (a document read from Prodigy or CoNLL), else the
//! UAX #29 words of the text split wherever a span begins or ends (see
//! [`crate::tokenize::tokens`]), so every span covers whole tokens. As spaCy
//! (which Prodigy uses) has it, `ws` is true only for one space (U+0020) after
//! a token, and any other whitespace (more spaces, a line break, leading
//! whitespace) is a token of its own, so `Doc(vocab, words, spaces)` rebuilds
//! `text` exactly ([`crate::tokenize::spaced`]). `answer` is
//! the source's or the review status's (`accept`, `reject`, `ignore`), and
//! left out for a document with neither. Prodigy's own fields (`_input_hash`,
//! `_task_hash`, `_view_id`, …) are written back when the document came from
//! Prodigy.
//!
//! Read: `text` and `spans` (`start`/`end`; when they are missing, from
//! `token_start`/`token_end` and the tokens). A patterns file (`label` +
//! `pattern`, no text) is an error that says so.

use serde_json::Value;

use super::json::{self, int, kind_of, label, Record};
use super::{
    declared_unit, offsets_out, push_extra, push_meta, take_meta, ErrorKind, Format, FormatError,
    NamedDocument, Read, ReadOptions, RecordCtx, Warning, WriteOptions,
};
use crate::offsets::{OffsetMap, OffsetUnit};

/// Converts increasing byte offsets (token starts and ends) to `unit` in one pass over the text.
struct Forward<'a> {
    text: &'a [u8],
    unit: OffsetUnit,
    byte: usize,
    pos: usize,
}

impl<'a> Forward<'a> {
    fn new(text: &'a str, unit: OffsetUnit) -> Forward<'a> {
        Forward {
            text: text.as_bytes(),
            unit,
            byte: 0,
            pos: 0,
        }
    }

    /// The offset of `byte` (a character boundary, not before the previous one asked).
    fn at(&mut self, byte: usize) -> usize {
        if self.unit == OffsetUnit::Bytes || byte < self.byte {
            return if self.unit == OffsetUnit::Bytes {
                byte
            } else {
                self.restart(byte)
            };
        }
        let run = &self.text[self.byte..byte.min(self.text.len())];
        // Code points: bytes that are not UTF-8 continuation bytes; UTF-16 adds one per 4-byte character.
        let chars = run.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        let extra = if self.unit == OffsetUnit::Utf16 {
            run.iter().filter(|&&b| b >= 0xF0).count()
        } else {
            0
        };
        self.pos += chars + extra;
        self.byte = byte;
        self.pos
    }

    fn restart(&mut self, byte: usize) -> usize {
        self.byte = 0;
        self.pos = 0;
        self.at(byte)
    }
}

/// Reads Prodigy JSONL (or a JSON list of tasks).
pub fn read(name: &str, content: &str, opts: &ReadOptions) -> Read {
    json::read_records(name, content, |Record { line, value }, read| {
        let fail = |errors: &mut Vec<FormatError>, kind| {
            errors.push(FormatError::new(name, Some(line), kind))
        };
        let Ok(mut rec) = json::object(value, "task").map_err(|k| fail(&mut read.errors, k)) else {
            return None;
        };
        let text = match rec.shift_remove("text") {
            None if rec.contains_key("pattern") => Err(ErrorKind::NotDocuments {
                message: "this is a Prodigy patterns file (`label` + `pattern`), not annotated tasks: it has no text".into(),
            }),
            text => json::text(text),
        };
        let Ok(text) = text.map_err(|k| fail(&mut read.errors, k)) else {
            return None;
        };
        let unit = declared_unit(rec.get("meta")).unwrap_or(opts.unit(Format::Prodigy));
        let meta = take_meta(&mut rec);
        let mut ctx = RecordCtx::new(name, line, &text, unit, &mut read.errors);
        // Tokens, as byte ranges (all or nothing).
        let mut tokens: Option<Vec<std::ops::Range<usize>>> = None;
        if let Some(list) = rec.shift_remove("tokens") {
            match read_tokens(&list, &ctx.map, &text, unit) {
                Ok(t) => tokens = Some(t),
                Err(k) => ctx.error(k),
            }
        }
        if let Some(list) = rec.shift_remove("spans") {
            match list {
                Value::Array(items) => {
                    for (j, item) in items.iter().enumerate() {
                        let field = format!("spans[{j}]");
                        let Value::Object(o) = item else {
                            ctx.error(ErrorKind::BadField {
                                field,
                                expected: format!("an object, not {}", kind_of(item)),
                            });
                            continue;
                        };
                        let l = label(o.get("label"), &format!("{field}.label"));
                        if o.get("start").is_none() && o.get("token_start").is_some() {
                            // Offsets from tokens (token_end inclusive).
                            let ts = int(o.get("token_start"), &format!("{field}.token_start"));
                            let te = int(o.get("token_end"), &format!("{field}.token_end"));
                            let (Ok(ts), Ok(te)) = (ts, te) else {
                                ctx.error(ErrorKind::BadField {
                                    field,
                                    expected: "whole-number `token_start` and `token_end`".into(),
                                });
                                continue;
                            };
                            let range = tokens.as_ref().and_then(|t| {
                                let a = t.get(usize::try_from(ts).ok()?)?;
                                let b = t.get(usize::try_from(te).ok()?)?;
                                (a.start < b.end).then_some(a.start..b.end)
                            });
                            match (range, l) {
                                (Some(r), Ok(l)) => {
                                    ctx.spans.push(crate::Span::new(r.start, r.end, l))
                                }
                                (None, _) => ctx.error(ErrorKind::BadField {
                                    field,
                                    expected: format!(
                                        "token indices {ts}..={te} of the task's tokens"
                                    ),
                                }),
                                (_, Err(k)) => ctx.error(k),
                            }
                            continue;
                        }
                        ctx.add(
                            int(o.get("start"), &format!("{field}.start")),
                            int(o.get("end"), &format!("{field}.end")),
                            l,
                        );
                    }
                }
                other => ctx.error(ErrorKind::BadField {
                    field: "spans".into(),
                    expected: format!("a list of spans, not {}", kind_of(&other)),
                }),
            }
        }
        let document = ctx.document();
        let answer = match rec.shift_remove("answer") {
            Some(Value::String(a)) => Some(a),
            Some(other) => {
                rec.insert("answer".into(), other);
                None
            }
            None => None,
        };
        let mut doc = NamedDocument::new(String::new(), document);
        doc.meta.source = Some(Format::Prodigy);
        doc.meta.answer = answer;
        doc.meta.meta = meta;
        doc.meta.tokens = tokens;
        doc.meta.extra = rec;
        Some((doc, Vec::new()))
    })
}

fn read_tokens(
    list: &Value,
    map: &OffsetMap,
    text: &str,
    unit: OffsetUnit,
) -> Result<Vec<std::ops::Range<usize>>, ErrorKind> {
    let Value::Array(items) = list else {
        return Err(ErrorKind::BadField {
            field: "tokens".into(),
            expected: format!("a list, not {}", kind_of(list)),
        });
    };
    let mut out = Vec::with_capacity(items.len());
    let mut last_end = 0;
    for (j, t) in items.iter().enumerate() {
        let field = format!("tokens[{j}]");
        let s = int(t.get("start"), &format!("{field}.start"))?;
        let e = int(t.get("end"), &format!("{field}.end"))?;
        let label = t.get("text").and_then(Value::as_str).unwrap_or("token");
        let r = super::byte_range(map, text, s, e, unit, label)?;
        if r.start < last_end {
            return Err(ErrorKind::BadField {
                field,
                expected: "a token after the one before it".into(),
            });
        }
        last_end = r.end;
        out.push(r);
    }
    Ok(out)
}

/// The tokens to write for `doc`: the source's when every span aligns with them, else fresh ones.
pub(crate) fn tokens_for(
    doc: &NamedDocument,
    spans: &[&crate::Span],
) -> Vec<std::ops::Range<usize>> {
    let text = &doc.document.text;
    if let Some(t) = &doc.meta.tokens {
        let fits = t.iter().all(|r| {
            r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
        }) && t.windows(2).all(|w| w[0].end <= w[1].start);
        if fits {
            let aligned = spans.iter().all(|s| {
                t.binary_search_by_key(&s.start, |r| r.start).is_ok()
                    && t.binary_search_by_key(&s.end, |r| r.end).is_ok()
            });
            if aligned {
                return t.clone();
            }
        }
    }
    let mut starts: Vec<usize> = spans.iter().map(|s| s.start).collect();
    let mut ends: Vec<usize> = spans.iter().map(|s| s.end).collect();
    starts.sort_unstable();
    starts.dedup();
    ends.sort_unstable();
    ends.dedup();
    crate::tokenize::tokens(text, &starts, &ends)
}

/// Writes one document as a Prodigy task line.
pub fn write_record(
    doc: &NamedDocument,
    opts: &WriteOptions,
    out: &mut String,
    warnings: &mut Vec<Warning>,
) {
    let text = &doc.document.text;
    let spans = offsets_out(doc, opts.unit(Format::Prodigy), warnings);
    let span_refs: Vec<&crate::Span> = spans.iter().map(|(s, _, _)| *s).collect();
    let tokens = crate::tokenize::spaced(text, &tokens_for(doc, &span_refs));
    let mut conv = Forward::new(text, opts.unit(Format::Prodigy));
    out.push_str("{\"text\":");
    json::push_str(out, text);
    out.push_str(",\"tokens\":[");
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"text\":");
        json::push_str(out, &text[t.range.clone()]);
        out.push_str(",\"start\":");
        json::push_uint(out, conv.at(t.range.start));
        out.push_str(",\"end\":");
        json::push_uint(out, conv.at(t.range.end));
        out.push_str(",\"id\":");
        json::push_uint(out, i);
        out.push_str(",\"ws\":");
        out.push_str(if t.space_after { "true" } else { "false" });
        out.push('}');
    }
    out.push_str("],\"spans\":[");
    for (k, (s, start, end)) in spans.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        // Every span boundary is a token boundary (tokens_for guarantees it).
        let ts = tokens
            .binary_search_by_key(&s.start, |t| t.range.start)
            .unwrap_or(0);
        let te = tokens
            .binary_search_by_key(&s.end, |t| t.range.end)
            .unwrap_or(ts);
        out.push_str("{\"start\":");
        json::push_uint(out, *start);
        out.push_str(",\"end\":");
        json::push_uint(out, *end);
        out.push_str(",\"token_start\":");
        json::push_uint(out, ts);
        out.push_str(",\"token_end\":");
        json::push_uint(out, te);
        out.push_str(",\"label\":");
        json::push_str(out, &s.label);
        out.push('}');
    }
    out.push(']');
    // No answer for a document nobody has reviewed: that is how Prodigy's input
    // tasks look (and `prodigy db-in` takes a missing answer as `accept`).
    if let Some(answer) = &doc.meta.answer {
        out.push_str(",\"answer\":");
        json::push_str(out, answer);
    }
    push_meta(
        out,
        &doc.meta.meta,
        opts.unit(Format::Prodigy),
        Format::Prodigy,
        true,
    );
    if doc.meta.source == Some(Format::Prodigy) {
        push_extra(
            out,
            &doc.meta.extra,
            &["text", "tokens", "spans", "answer", "meta"],
        );
    }
    out.push_str("}\n");
}
