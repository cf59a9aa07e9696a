//! JSON helpers shared by the JSON formats: splitting an input into records with
//! line numbers, typed field access with good errors, the reading context of
//! a record, `meta` and extra fields in and out, and a fast string writer.

use std::ops::Range;

use serde_json::{Map, Value};

use super::{
    byte_range, file_stem, record_name, warn_duplicates, ErrorKind, Format, FormatError,
    NamedDocument, Read, Warning,
};

use crate::document::{Document, Span};
use crate::offsets::{OffsetMap, OffsetUnit};

/// One JSON record of an input and the line it starts on.
pub(crate) struct Record {
    pub line: usize,
    pub value: Value,
}

/// Splits `content` into records: the elements of a top-level JSON list, or one
/// value per non-blank line (JSONL). A record that does not parse is reported in
/// `errors` and skipped; the others are kept.
pub(crate) fn records(file: &str, content: &str, errors: &mut Vec<FormatError>) -> Vec<Record> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    match split_array(content) {
        ArraySplit::Elements(elements) => {
            let mut out = Vec::with_capacity(elements.len());
            let mut line = 1;
            let mut counted = 0;
            for (start, end) in elements {
                line += content.as_bytes()[counted..start]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                counted = start;
                let column = content[..start]
                    .rfind('\n')
                    .map_or(start, |n| start - n - 1);
                match serde_json::from_str::<Value>(&content[start..end]) {
                    Ok(value) => out.push(Record { line, value }),
                    Err(e) => errors.push(json_error(file, line, column, &e)),
                }
            }
            out
        }
        ArraySplit::Broken(offset) => {
            // Let serde_json say what is wrong, and where.
            match serde_json::from_str::<Value>(content) {
                Err(e) => errors.push(json_error(file, 1, 0, &e)),
                Ok(_) => {
                    let line = 1 + content.as_bytes()[..offset]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                    errors.push(FormatError::new(
                        file,
                        Some(line),
                        ErrorKind::Json {
                            message: "the list is not closed".into(),
                        },
                    ))
                }
            }
            Vec::new()
        }
        ArraySplit::NotArray => {
            let mut out = Vec::new();
            for (i, raw) in content.split('\n').enumerate() {
                let l = raw.trim();
                if l.is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(l) {
                    Ok(value) => out.push(Record { line: i + 1, value }),
                    Err(e) => errors.push(json_error(
                        file,
                        i + 1,
                        raw.len() - raw.trim_start().len(),
                        &e,
                    )),
                }
            }
            out
        }
    }
}

/// A serde_json error at a record starting on `line` (1-based) and `column` (0-based byte).
fn json_error(file: &str, line: usize, column: usize, e: &serde_json::Error) -> FormatError {
    let full = e.to_string();
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let (l, c) = (e.line().max(1), e.column());
    let (line, col) = if l == 1 {
        (line, column + c)
    } else {
        (line + l - 1, c)
    };
    FormatError {
        file: file.to_string(),
        line: Some(line),
        column: Some(col.max(1)),
        kind: ErrorKind::Json { message },
    }
}

enum ArraySplit {
    /// Byte ranges of the elements of the top-level list.
    Elements(Vec<(usize, usize)>),
    /// It starts as a list but does not end as one (offset of the start).
    Broken(usize),
    /// Not a single top-level list (JSONL, or a one-line tuple record).
    NotArray,
}

/// Finds the elements of a top-level JSON list spanning all of `content`.
/// A list whose first element is a string is a spaCy v2 tuple, not a list of records.
fn split_array(content: &str) -> ArraySplit {
    let bytes = content.as_bytes();
    let Some(open) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return ArraySplit::NotArray;
    };
    if bytes[open] != b'[' {
        return ArraySplit::NotArray;
    }
    let mut elements = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut start: Option<usize> = None;
    let mut i = open + 1;
    let mut close = None;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                start.get_or_insert(i);
            }
            b'[' | b'{' => {
                depth += 1;
                start.get_or_insert(i);
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            b']' => {
                if let Some(s) = start.take() {
                    elements.push((s, i));
                }
                close = Some(i);
                break;
            }
            b',' if depth == 0 => {
                if let Some(s) = start.take() {
                    elements.push((s, i));
                }
            }
            b if b.is_ascii_whitespace() => {}
            _ => {
                start.get_or_insert(i);
            }
        }
        i += 1;
    }
    let Some(close) = close else {
        return ArraySplit::Broken(open);
    };
    if bytes[close + 1..].iter().any(|b| !b.is_ascii_whitespace()) {
        return ArraySplit::NotArray; // e.g. JSONL of spaCy tuples
    }
    if let Some(&(s, _)) = elements.first() {
        if bytes[s] == b'"' {
            return ArraySplit::NotArray; // a single `["text", {...}]` tuple
        }
    }
    // Trim trailing whitespace from each element.
    for e in &mut elements {
        while e.1 > e.0 && bytes[e.1 - 1].is_ascii_whitespace() {
            e.1 -= 1;
        }
    }
    ArraySplit::Elements(elements)
}

/// Reads the JSON(L) records of file `name` one by one with `each`, which gives
/// the record's document (or `None`, having noted its errors in the [`Read`]) and
/// any warnings to report after those about duplicate spans. Each document is
/// named after the file (by record, with its `meta.id` when it has one, when
/// there are several); errors end up sorted by line.
pub(crate) fn read_records(
    name: &str,
    content: &str,
    mut each: impl FnMut(Record, &mut Read) -> Option<(NamedDocument, Vec<Warning>)>,
) -> Read {
    let mut read = Read::default();
    let stem = file_stem(name);
    let records = records(name, content, &mut read.errors);
    let many = records.len() > 1;
    for (i, record) in records.into_iter().enumerate() {
        let line = record.line;
        let Some((mut doc, warnings)) = each(record, &mut read) else {
            continue;
        };
        doc.name = if many {
            record_name(&stem, i + 1, doc.meta.id.as_ref())
        } else {
            stem.clone()
        };
        warn_duplicates(&doc.document, &format!("{name}:{line}"), &mut read.warnings);
        warn_unread_span_fields(&doc, &format!("{name}:{line}"), &mut read.warnings);
        read.warnings.extend(warnings);
        read.docs.push(doc);
    }
    crate::sort::sort_by_key(&mut read.errors, |e| e.line);
    read
}

/// Fields that hold spans in one of the JSON formats: doccano's `label`,
/// `labels` and `entities`, Prodigy's `spans`, spaCy's `ents`, Label Studio's
/// `annotations`, `predictions`, `completions` and `result`.
const SPAN_FIELDS: [&str; 9] = [
    "label",
    "labels",
    "entities",
    "spans",
    "ents",
    "annotations",
    "predictions",
    "completions",
    "result",
];

/// Warns about each field of a record that the reader did not read (it is in
/// [`crate::format::Meta::extra`]) and that holds spans in another format, so
/// that no span is lost without a word (e.g. spaCy's `Doc.to_json()` `ents`
/// read as Prodigy, or its span groups under `spans` read as spaCy).
fn warn_unread_span_fields(doc: &NamedDocument, location: &str, warnings: &mut Vec<Warning>) {
    let reader = doc.meta.source.map_or("this", |f| f.name());
    for (key, value) in &doc.meta.extra {
        let holds = match value {
            Value::Array(items) => items.len(),
            Value::Object(groups) => groups.len(),
            _ => 0,
        };
        if holds == 0 || !SPAN_FIELDS.contains(&key.as_str()) {
            continue;
        }
        warnings.push(Warning {
            location: location.to_string(),
            span: None,
            message: format!(
                "the record's `{key}` field ({holds} item(s)) is not read by the {reader} reader, so any spans in it are not imported: \
                 if the file is in another format, name it (e.g. `--from spacy` for `ents`)"
            ),
        });
    }
}

/// What a JSON value is, for messages.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A record that must be a JSON object; else a [`ErrorKind::BadField`] naming
/// it `what` (`"record"`, `"task"`).
pub(crate) fn object(
    value: Value,
    what: &str,
) -> Result<serde_json::Map<String, Value>, ErrorKind> {
    match value {
        Value::Object(o) => Ok(o),
        other => Err(ErrorKind::BadField {
            field: what.into(),
            expected: format!("an object, not {}", kind_of(&other)),
        }),
    }
}

/// A record's `text` field (already taken out of it): a string, else a
/// [`ErrorKind::BadField`] or [`ErrorKind::MissingField`] naming `text`.
pub(crate) fn text(v: Option<Value>) -> Result<String, ErrorKind> {
    match v {
        Some(Value::String(t)) => Ok(t),
        Some(other) => Err(ErrorKind::BadField {
            field: "text".into(),
            expected: format!("a string, not {}", kind_of(&other)),
        }),
        None => Err(ErrorKind::MissingField {
            field: "text".into(),
        }),
    }
}

/// `v` as an integer offset, or a [`ErrorKind::BadField`] naming `field`.
pub(crate) fn int(v: Option<&Value>, field: &str) -> Result<i64, ErrorKind> {
    match v {
        Some(Value::Number(n)) => n.as_i64().ok_or_else(|| ErrorKind::BadField {
            field: field.to_string(),
            expected: format!("a whole number, not {n}"),
        }),
        Some(other) => Err(ErrorKind::BadField {
            field: field.to_string(),
            expected: format!("a whole number, not {}", kind_of(other)),
        }),
        None => Err(ErrorKind::MissingField {
            field: field.to_string(),
        }),
    }
}

/// `v` as a label string.
pub(crate) fn label(v: Option<&Value>, field: &str) -> Result<String, ErrorKind> {
    match v {
        Some(Value::String(s)) if s.is_empty() => Err(ErrorKind::EmptyLabel),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(ErrorKind::BadField {
            field: field.to_string(),
            expected: format!("a label (a string), not {}", kind_of(other)),
        }),
        None => Err(ErrorKind::MissingField {
            field: field.to_string(),
        }),
    }
}

/// Appends `s` as a JSON string literal.
pub(crate) fn push_str(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        if esc.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(esc);
        }
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
    out.push('"');
}

/// Appends any JSON value (compact).
pub(crate) fn push_value(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => push_str(out, s),
        other => out.push_str(&serde_json::to_string(other).unwrap_or_else(|_| "null".into())),
    }
}

/// Appends an unsigned integer.
pub(crate) fn push_uint(out: &mut String, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// Appends `"key":` (the key must need no escaping beyond what [`push_str`] does).
pub(crate) fn push_key(out: &mut String, key: &str) {
    push_str(out, key);
    out.push(':');
}

/// Writes `"meta": {...}` (the document's meta plus `offsets` when not `format`'s default unit), if not empty.
pub(crate) fn push_meta(
    out: &mut String,
    meta: &Map<String, Value>,
    unit: OffsetUnit,
    format: Format,
    comma: bool,
) {
    let default = format.default_offsets();
    if meta.is_empty() && unit == default {
        return;
    }
    let mut m = meta.clone();
    if unit != default {
        m.insert(
            "offsets".to_string(),
            Value::String(unit.name().to_string()),
        );
    }
    if comma {
        out.push(',');
    }
    push_key(out, "meta");
    push_value(out, &Value::Object(m));
}

/// Writes each field of `extra` as `,"key":value`, skipping `skip` keys.
pub(crate) fn push_extra(out: &mut String, extra: &Map<String, Value>, skip: &[&str]) {
    for (k, v) in extra {
        if skip.contains(&k.as_str()) {
            continue;
        }
        out.push(',');
        push_key(out, k);
        push_value(out, v);
    }
}

/// The record's `meta` object without tagmark's `offsets` key.
pub(crate) fn take_meta(record: &mut Map<String, Value>) -> Map<String, Value> {
    match record.remove("meta") {
        Some(Value::Object(mut m)) => {
            m.shift_remove("offsets");
            m
        }
        Some(other) => {
            let mut m = Map::new();
            m.insert("meta".to_string(), other);
            m
        }
        None => Map::new(),
    }
}

/// Reading context for one record of a JSON format.
pub(crate) struct RecordCtx<'a> {
    pub file: &'a str,
    pub line: usize,
    pub text: &'a str,
    pub map: OffsetMap,
    pub unit: OffsetUnit,
    pub spans: Vec<Span>,
    pub errors: &'a mut Vec<FormatError>,
}

impl<'a> RecordCtx<'a> {
    pub(crate) fn new(
        file: &'a str,
        line: usize,
        text: &'a str,
        unit: OffsetUnit,
        errors: &'a mut Vec<FormatError>,
    ) -> RecordCtx<'a> {
        RecordCtx {
            file,
            line,
            text,
            map: OffsetMap::new(text),
            unit,
            spans: Vec::new(),
            errors,
        }
    }

    /// Reports `kind` at this record's line.
    pub(crate) fn error(&mut self, kind: ErrorKind) {
        self.errors
            .push(FormatError::new(self.file, Some(self.line), kind));
    }

    /// Adds the span `start..end` (in the record's unit) or reports why it cannot be.
    /// Returns the byte range when added.
    pub(crate) fn add(
        &mut self,
        start: Result<i64, ErrorKind>,
        end: Result<i64, ErrorKind>,
        label: Result<String, ErrorKind>,
    ) -> Option<Range<usize>> {
        let (start, end, label) = match (start, end, label) {
            (Ok(s), Ok(e), Ok(l)) => (s, e, l),
            (Err(k), _, _) | (_, Err(k), _) | (_, _, Err(k)) => {
                self.error(k);
                return None;
            }
        };
        match byte_range(&self.map, self.text, start, end, self.unit, &label) {
            Ok(r) => {
                self.spans.push(Span::new(r.start, r.end, label));
                Some(r)
            }
            Err(k) => {
                self.error(k);
                None
            }
        }
    }

    /// The document: the text and the spans added, in document order.
    /// Adds a span given as a `[start, end, label]` triple found at `field`
    /// (errors name `field[0]`, `field[1]`, `field[2]`).
    pub(crate) fn add_triple(&mut self, t: &[Value], field: &str) -> Option<Range<usize>> {
        self.add(
            int(t.first(), &format!("{field}[0]")),
            int(t.get(1), &format!("{field}[1]")),
            label(t.get(2), &format!("{field}[2]")),
        )
    }

    pub(crate) fn document(&mut self) -> Document {
        let mut doc = Document {
            text: self.text.to_string(),
            spans: std::mem::take(&mut self.spans),
        };
        doc.sort_spans();
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_strings() {
        let mut out = String::new();
        push_str(&mut out, "a\"b\\c\nd\u{1}é👨🏻‍🚒");
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\u0001é👨🏻‍🚒\"");
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "a\"b\\c\nd\u{1}é👨🏻‍🚒");
    }

    #[test]
    fn splits_lists_and_lines() {
        let mut errors = Vec::new();
        let r = records(
            "f",
            "[\n {\"a\": \"],\"},\n {\"b\": [1, 2]}\n]\n",
            &mut errors,
        );
        assert!(errors.is_empty());
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].line, r[1].line), (2, 3));
        let r = records("f", "{\"a\":1}\n\n{bad\n{\"c\":3}\n", &mut errors);
        assert_eq!(r.len(), 2);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(3));
        // A spaCy tuple on one line is a record, not a list of records.
        let r = records("f", "[\"text\", {\"entities\": []}]", &mut errors);
        assert_eq!(r.len(), 1);
        assert!(r[0].value.is_array());
    }

    #[test]
    fn broken_list_is_reported() {
        let mut errors = Vec::new();
        let r = records("f.json", "[{\"a\": 1},\n{\"b\": ", &mut errors);
        assert!(r.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].to_string().starts_with("f.json:"),
            "{}",
            errors[0]
        );
    }
}
