//! The inline-tag seed format (`<label>…</label>`), one document per file.
//!
//! Reading uses [`crate::parse()`]: its diagnostics become errors (with line and
//! column) and the document is kept with its text intact. Writing uses
//! [`crate::write_checked`]: crossing spans and labels that are not tag names
//! are reported.

use super::{
    file_names, file_stem, ErrorKind, Format, FormatError, NamedDocument, OutputFile, Read,
    SpanDescriber, Warning,
};
use crate::document::{is_valid_label, Document};
use crate::write::{write_checked, Unwritable};

/// Reads one inline-tagged document named after the stem of `name`.
pub fn read(name: &str, content: &str) -> Read {
    // A byte order mark is kept as a character of the text (as Python reads it).
    let parsed = crate::parse::parse(content);
    let errors = parsed
        .diagnostics
        .iter()
        .map(|d| FormatError {
            file: name.to_string(),
            line: Some(d.at.line),
            column: Some(d.at.column),
            kind: ErrorKind::Syntax {
                message: d.message(),
            },
        })
        .collect();
    let mut doc = NamedDocument::new(file_stem(name), parsed.document);
    doc.meta.source = Some(Format::Inline);
    doc.meta.literal_tags = parsed.literal_tags;
    Read {
        docs: vec![doc],
        warnings: Vec::new(),
        errors,
    }
}

/// Writes one document as inline-tagged text; spans it cannot hold go to `warnings`.
pub fn write_document(doc: &NamedDocument, warnings: &mut Vec<Warning>) -> String {
    let mut describer = SpanDescriber::new(&doc.document.text);
    let mut bad_labels = Vec::new();
    let written;
    let (out, skipped) = if doc.document.spans.iter().all(|s| is_valid_label(&s.label)) {
        write_checked(&doc.document)
    } else {
        let mut spans = Vec::with_capacity(doc.document.spans.len());
        for s in &doc.document.spans {
            if is_valid_label(&s.label) {
                spans.push(s.clone());
            } else {
                bad_labels.push(s.clone());
            }
        }
        written = Document {
            text: doc.document.text.clone(),
            spans,
        };
        write_checked(&written)
    };
    let out = keep_broken_tags(doc, out, warnings);
    for s in bad_labels {
        warnings.push(Warning {
            location: doc.name.clone(),
            message: format!(
                "span {} left out: its label is not a tag name (a letter, then letters, digits, `_` or `-`)",
                describer.describe(&s)
            ),
            span: Some(s),
        });
    }
    for u in skipped {
        let (span, message) = match u {
            Unwritable::Crossing { span, other } => {
                let m = format!(
                    "span {} left out: it crosses span {}, and inline tags can only nest",
                    describer.describe(&span),
                    describer.describe(&other)
                );
                (span, m)
            }
            Unwritable::Invalid { span } => {
                let m = format!(
                    "span {} left out: it is empty or outside the text",
                    describer.describe(&span)
                );
                (span, m)
            }
        };
        warnings.push(Warning {
            location: doc.name.clone(),
            span: Some(span),
            message,
        });
    }
    out
}

/// The document written with its broken tags as they were in the source
/// ([`crate::write::write_keeping`], as the app writes them), when that reads
/// back as the same document; else `escaped` (the broken tags written as
/// escaped text), with a warning.
fn keep_broken_tags(doc: &NamedDocument, escaped: String, warnings: &mut Vec<Warning>) -> String {
    let tags = &doc.meta.literal_tags;
    let text = &doc.document.text;
    if tags.is_empty() || tags.iter().any(|&at| !text.is_char_boundary(at)) || !tags.is_sorted() {
        return escaped;
    }
    // What the escaped output holds (spans it could write), with the broken tags kept.
    let meant = crate::parse::parse(&escaped).document;
    let kept = crate::write::write_keeping(&meant, tags);
    let reread = crate::parse::parse(&kept);
    if reread.document == meant && reread.literal_tags == *tags {
        return kept;
    }
    warnings.push(Warning {
        location: doc.name.clone(),
        span: None,
        message: "the broken tags of the source are written as escaped text (`&lt;`): kept as they were, they would pair with the tags of the spans".to_string(),
    });
    escaped
}

/// Writes each document to `NAME.txt`.
pub fn write_files(docs: &[NamedDocument], warnings: &mut Vec<Warning>) -> Vec<OutputFile> {
    file_names(docs)
        .into_iter()
        .zip(docs)
        .map(|(name, doc)| OutputFile {
            name: format!("{name}.txt"),
            content: write_document(doc, warnings),
        })
        .collect()
}
