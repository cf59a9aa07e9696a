//! Which format a file is in, from its name and its content, and why.
//!
//! The rules, in order:
//! 1. `.ann` is brat; `.conll`, `.iob`, `.bio`, `.bioes`, `.bilou` are CoNLL.
//! 2. JSON (the first non-blank character is `{` or `[`): the first record
//!    decides. `data` → Label Studio; a field holding a list of
//!    `{start, end, labels}` → Label Studio JSON_MIN; `ents` (without Prodigy's
//!    `answer` or hashes) → spaCy (`Doc.to_json()` has `tokens` too); `tokens`, or `spans` with
//!    `answer`/`_task_hash`/`_input_hash`, or `pattern` → Prodigy; `ents`, or a
//!    `["text", {"entities": …}]` pair → spaCy; `label`/`labels`/`entities`
//!    → doccano; a bare `spans` list → Prodigy; only `text` → doccano.
//! 3. Lines like `T1<TAB>…` → a brat `.ann`.
//! 4. Lines like `token TAG` with BIO-style tags → CoNLL.
//! 5. A `.json`/`.jsonl` file whose first records tell nothing: a JSON list
//!    is Label Studio, JSONL doccano (reading then reports what is wrong).
//! 6. Anything else is inline-tagged text.

use serde_json::Value;

use super::Format;

/// A detected format and the reason, as a phrase (`"it is JSON with `tokens` and `spans`"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    /// The format.
    pub format: Format,
    /// Why, for people: shown as "reading X as FORMAT: REASON".
    pub reason: String,
}

fn found(format: Format, reason: impl Into<String>) -> Detection {
    Detection {
        format,
        reason: reason.into(),
    }
}

/// Detects the format of `content`, named `name` (a file name or path; may be empty).
pub fn detect(name: &str, content: &str) -> Detection {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "ann" => return found(Format::Brat, "the file name ends in `.ann` (brat standoff)"),
        "conll" | "iob" | "bio" | "bioes" | "iobes" | "bilou" | "conllu" => {
            return found(Format::Conll, format!("the file name ends in `.{ext}`"))
        }
        _ => {}
    }
    let body = content.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') || body.starts_with('[') {
        if let Some(d) = detect_json(body) {
            return d;
        }
    }
    if matches!(ext, "json" | "jsonl" | "ndjson") {
        let format = if ext == "json" && body.starts_with('[') {
            Format::LabelStudio
        } else {
            Format::Doccano
        };
        return found(format, format!("the file name ends in `.{ext}` (its first records do not tell which tool wrote it)"));
    }
    let lines: Vec<&str> = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    if let Some(first) = lines.first() {
        if is_brat_line(first)
            && lines.iter().filter(|l| is_brat_line(l)).count() * 10 >= lines.len() * 9
        {
            return found(
                Format::Brat,
                "its lines look like brat annotations (`T1<TAB>TYPE START END<TAB>text`)",
            );
        }
        let data: Vec<&&str> = lines
            .iter()
            .filter(|l| !l.starts_with("-DOCSTART-"))
            .collect();
        let conll_like = data.iter().filter(|l| is_conll_line(l)).count();
        if !data.is_empty() && conll_like * 10 >= data.len() * 8 {
            return found(
                Format::Conll,
                "its lines look like `token TAG` with IOB-style tags",
            );
        }
        if lines.iter().any(|l| l.starts_with("-DOCSTART-")) {
            return found(Format::Conll, "it has `-DOCSTART-` lines");
        }
    }
    found(
        Format::Inline,
        "it is not JSON, brat or CoNLL, so it is read as inline-tagged text",
    )
}

fn is_brat_line(line: &str) -> bool {
    let Some((id, _)) = line.split_once('\t') else {
        return false;
    };
    let mut cs = id.chars();
    matches!(
        cs.next(),
        Some('T' | 'R' | 'E' | 'A' | 'M' | 'N' | '#' | '*')
    ) && cs.all(|c| c.is_ascii_digit())
}

fn is_tag(t: &str) -> bool {
    t == "O"
        || t.split_once(['-', '_'])
            .is_some_and(|(p, l)| matches!(p, "B" | "I" | "L" | "U" | "E" | "S") && !l.is_empty())
}

fn is_conll_line(line: &str) -> bool {
    let fields: Vec<&str> = if line.contains('\t') {
        line.split('\t').map(str::trim).collect()
    } else {
        line.split(crate::tokenize::is_space_char)
            .filter(|f| !f.is_empty())
            .collect()
    };
    if fields.len() >= 2 && fields.last().is_some_and(|t| is_tag(t)) {
        return true;
    }
    // spaCy's sentence-per-line `token|POS|TAG` layout.
    !fields.is_empty()
        && fields
            .iter()
            .all(|f| f.contains('|') && f.rsplit('|').next().is_some_and(is_tag))
}

/// The first record of a JSON or JSONL input.
fn first_record(body: &str) -> Option<Value> {
    // A JSONL line (an object, or a spaCy tuple), or a one-line JSON list of
    // records; a broken line is skipped (its error comes when reading).
    for line in body.lines().filter(|l| !l.trim().is_empty()).take(20) {
        if let Ok(v) = serde_json::from_str::<Value>(line.trim()) {
            return Some(match v {
                Value::Array(items) if !items.first().is_some_and(Value::is_string) => {
                    items.into_iter().next()?
                }
                v => v,
            });
        }
    }
    if let Some(rest) = body.strip_prefix('[') {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        if let Some(Ok(v)) = stream.next() {
            return Some(v);
        }
    }
    None
}

fn detect_json(body: &str) -> Option<Detection> {
    let rec = first_record(body)?;
    let obj = match &rec {
        Value::Object(o) => o,
        Value::Array(a) if a.len() == 2 && a[0].is_string() && a[1].get("entities").is_some() => {
            return Some(found(
                Format::Spacy,
                "it holds `[\"text\", {\"entities\": …}]` pairs (spaCy v2 training data)",
            ))
        }
        _ => return None,
    };
    let has = |k: &str| obj.contains_key(k);
    if obj.get("data").is_some_and(Value::is_object) {
        return Some(found(
            Format::LabelStudio,
            "it is JSON with tasks holding `data` (Label Studio)",
        ));
    }
    let region_list = obj.iter().any(|(_, v)| {
        v.as_array().is_some_and(|l| {
            l.first()
                .is_some_and(|r| r.get("labels").is_some() && r.get("start").is_some())
        })
    });
    if region_list {
        return Some(found(
            Format::LabelStudio,
            "it is JSON with `{start, end, labels}` regions (Label Studio JSON_MIN)",
        ));
    }
    // spaCy's `Doc.to_json()` has `tokens` too: its `ents` make it spaCy's.
    if has("ents") && !has("answer") && !has("_task_hash") && !has("_input_hash") {
        return Some(found(
            Format::Spacy,
            "it is JSON with `ents` (spaCy's `Doc.to_json()` or displaCy)",
        ));
    }
    if has("tokens") || (has("spans") && (has("answer") || has("_task_hash") || has("_input_hash")))
    {
        return Some(found(
            Format::Prodigy,
            "it is JSON with `tokens` or `spans` and `answer` (Prodigy)",
        ));
    }
    if has("pattern") && !has("text") {
        return Some(found(
            Format::Prodigy,
            "it is JSON with `pattern` (a Prodigy patterns file)",
        ));
    }
    if has("ents") {
        return Some(found(
            Format::Spacy,
            "it is JSON with `ents` (spaCy/displaCy)",
        ));
    }
    if has("label") || has("labels") || has("entities") {
        return Some(found(
            Format::Doccano,
            "it is JSON with `label` or `entities` (doccano)",
        ));
    }
    if has("spans") {
        return Some(found(Format::Prodigy, "it is JSON with `spans` (Prodigy)"));
    }
    if has("text") {
        return Some(found(
            Format::Doccano,
            "it is JSON with `text` and no spans (read as doccano)",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format() {
        let cases = [
            (
                "a.jsonl",
                r#"{"text": "x", "label": [[0, 1, "A"]]}"#,
                Format::Doccano,
            ),
            (
                "a.jsonl",
                r#"{"text": "x", "entities": []}"#,
                Format::Doccano,
            ),
            (
                "a.jsonl",
                r#"{"text": "x", "tokens": [], "spans": []}"#,
                Format::Prodigy,
            ),
            ("a.jsonl", r#"{"text": "x", "ents": []}"#, Format::Spacy),
            // spaCy's Doc.to_json(): tokens and ents.
            (
                "a.jsonl",
                r#"{"text": "x", "ents": [{"start": 0, "end": 1, "label": "A"}], "sents": [], "tokens": [{"id": 0, "start": 0, "end": 1}]}"#,
                Format::Spacy,
            ),
            (
                "a.json",
                r#"[["x", {"entities": [[0, 1, "A"]]}]]"#,
                Format::Spacy,
            ),
            (
                "a.jsonl",
                r#"["x", {"entities": [[0, 1, "A"]]}]"#,
                Format::Spacy,
            ),
            (
                "a.json",
                "[\n {\"data\": {\"text\": \"x\"}, \"annotations\": []}\n]",
                Format::LabelStudio,
            ),
            (
                "a.json",
                r#"[{"text": "x", "label": [{"start": 0, "end": 1, "labels": ["A"]}]}]"#,
                Format::LabelStudio,
            ),
            ("a.ann", "T1\tA 0 1\tx\n", Format::Brat),
            ("", "T1\tA 0 1\tx\nR1\tr Arg1:T1 Arg2:T1\n", Format::Brat),
            ("a.txt", "x\tB-A\ny\tO\n\nz\tU-B\n", Format::Conll),
            ("a.txt", "-DOCSTART- -X- O O\n\nx NN _ B-A\n", Format::Conll),
            ("a.iob", "x|NN|B-A y|NN|O\n", Format::Conll),
            ("a.txt", "the <m>x</m> y", Format::Inline),
            ("a.txt", "{not json", Format::Inline),
            (
                "a.jsonl",
                "{broken\n{\"text\": \"x\", \"tokens\": []}\n",
                Format::Prodigy,
            ),
            ("a.jsonl", "{broken\n", Format::Doccano),
        ];
        for (name, content, want) in cases {
            assert_eq!(detect(name, content).format, want, "{name}: {content}");
        }
    }
}
