//! CoNLL token-per-line files: `token<TAB>TAG`, a blank line after each
//! sentence, `-DOCSTART- -X- O O` between documents.
//!
//! Written: tags in IOB2 (default), BILOU or IOBES ([`ConllScheme`]). Tokens
//! are the source's (a document read from CoNLL or Prodigy) when every span
//! aligns with them, else the UAX #29 words of the text; each line of the text
//! is a sentence (a span never straddles two). What CoNLL cannot hold is
//! reported: a span that overlaps an earlier one (nested or crossing; the
//! earlier, outer one is kept), a span that does not align with words (the
//! word is split into tokens at the span's edge so the span is kept), a span
//! with whitespace at an edge (trimmed), a label with whitespace (left out).
//!
//! Whitespace is what Python's `str.split()` splits on ([`tokenize::is_space_char`]:
//! Unicode's White_Space, U+202F included, and U+001C–U+001F), so every token
//! written is one field to spaCy's `spacy convert` and the other readers.
//!
//! Read: 2 or more columns separated by tabs or whitespace, the token first and the
//! tag last (so CoNLL-2003's 4 columns and spaCy's `token POS TAG` work), and
//! spaCy's sentence-per-line `token|POS|TAG` layout. Tags in IOB2, IOB1, BILOU
//! or IOBES are all understood; any other tag is an error naming the line (the
//! token is kept, outside any span). The text is rebuilt from the tokens: one
//! space between tokens, a line break between sentences.

use super::{
    file_stem, offsets_out, ConllScheme, ErrorKind, Format, FormatError, NamedDocument, Read,
    SpanDescriber, Warning, WriteOptions,
};
use crate::document::{Document, Span};
use crate::tokenize;

/// A parsed tag: the prefix letter (`O` for outside) and the label.
fn parse_tag(tag: &str) -> Option<(char, &str)> {
    if tag == "O" {
        return Some(('O', ""));
    }
    let (prefix, label) = tag.split_once(['-', '_'])?;
    let p = match prefix {
        "B" | "I" | "L" | "U" | "E" | "S" => prefix.chars().next()?,
        _ => return None,
    };
    (!label.is_empty()).then_some((p, label))
}

struct Builder {
    text: String,
    spans: Vec<Span>,
    tokens: Vec<std::ops::Range<usize>>,
    open: Option<(usize, String)>,
    sentence_has_tokens: bool,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            text: String::new(),
            spans: Vec::new(),
            tokens: Vec::new(),
            open: None,
            sentence_has_tokens: false,
        }
    }

    fn close(&mut self) {
        if let Some((start, label)) = self.open.take() {
            let end = self.tokens.last().map_or(start, |t| t.end);
            if end > start {
                self.spans.push(Span::new(start, end, label));
            }
        }
    }

    fn end_sentence(&mut self) {
        self.close();
        self.sentence_has_tokens = false;
    }

    fn token(&mut self, token: &str, tag: Option<(char, &str)>) {
        if self.sentence_has_tokens {
            self.text.push(' ');
        } else if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.sentence_has_tokens = true;
        let start = self.text.len();
        let (prefix, label) = tag.unwrap_or(('O', ""));
        let continues = matches!(&self.open, Some((_, l)) if l == label);
        match prefix {
            'I' | 'L' | 'E' if continues => {}
            'O' => self.close(),
            _ => {
                self.close();
                self.open = Some((start, label.to_string()));
            }
        }
        self.text.push_str(token);
        self.tokens.push(start..self.text.len());
        if matches!(prefix, 'L' | 'E' | 'U' | 'S') {
            self.close();
        }
    }

    fn finish(mut self) -> Option<(Document, Vec<std::ops::Range<usize>>)> {
        self.close();
        if self.tokens.is_empty() {
            return None;
        }
        let mut doc = Document {
            text: self.text,
            spans: self.spans,
        };
        doc.sort_spans();
        Some((doc, self.tokens))
    }
}

/// Reads a CoNLL file: one document, or one per `-DOCSTART-` section.
pub fn read(name: &str, content: &str) -> Read {
    let mut read = Read::default();
    // A byte order mark is kept: it is not whitespace (Python's `str.split()`
    // keeps it too), so it is part of the first token.
    let mut builders = vec![Builder::new()];
    for (i, raw) in content.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches(tokenize::is_space_char);
        let Some(b) = builders.last_mut() else { break };
        if line.is_empty() {
            b.end_sentence();
            continue;
        }
        if line
            .trim_start_matches('\u{feff}')
            .starts_with("-DOCSTART-")
        {
            builders.push(Builder::new());
            continue;
        }
        let tabbed = line.contains('\t');
        // Untabbed: fields split as Python's `str.split()` does (as spaCy's CoNLL reader does).
        let fields: Vec<&str> = if tabbed {
            line.split('\t').collect()
        } else {
            line.split(tokenize::is_space_char)
                .filter(|f| !f.is_empty())
                .collect()
        };
        // spaCy's sentence-per-line layout: `token|POS|TAG token|POS|TAG …`.
        if !tabbed && fields.iter().all(|f| f.contains('|')) {
            let triples: Vec<(&str, &str)> = fields
                .iter()
                .filter_map(|f| Some((f.split('|').next()?, f.rsplit('|').next()?)))
                .collect();
            if triples.iter().all(|(_, t)| parse_tag(t).is_some()) {
                for (tok, tag) in triples {
                    b.token(tok, parse_tag(tag));
                }
                b.end_sentence();
                continue;
            }
        }
        if line.starts_with('#') && fields.last().and_then(|t| parse_tag(t)).is_none() {
            continue; // a comment
        }
        let token = fields[0].trim_matches(tokenize::is_space_char);
        if fields.len() < 2 {
            read.errors.push(FormatError {
                file: name.to_string(),
                line: Some(line_no),
                column: Some(1),
                kind: ErrorKind::Syntax {
                    message: format!("`{token}` has no tag: expected `token TAG` (2 or more columns, tab or space separated)"),
                },
            });
            b.token(token, None);
            continue;
        }
        let tag = fields[fields.len() - 1].trim_matches(tokenize::is_space_char);
        match parse_tag(tag) {
            Some(t) => b.token(token, Some(t)),
            None => {
                let column = line.rfind(tag).map_or(1, |p| line[..p].chars().count() + 1);
                read.errors.push(FormatError {
                    file: name.to_string(),
                    line: Some(line_no),
                    column: Some(column),
                    kind: ErrorKind::UnknownTag {
                        tag: tag.to_string(),
                    },
                });
                b.token(token, None);
            }
        }
    }
    let stem = file_stem(name);
    let docs: Vec<(Document, Vec<std::ops::Range<usize>>)> =
        builders.into_iter().filter_map(Builder::finish).collect();
    let many = docs.len() > 1;
    for (i, (document, tokens)) in docs.into_iter().enumerate() {
        let mut doc = NamedDocument::new(
            if many {
                format!("{stem}-{}", i + 1)
            } else {
                stem.clone()
            },
            document,
        );
        doc.meta.source = Some(Format::Conll);
        doc.meta.tokens = Some(tokens);
        read.docs.push(doc);
    }
    read
}

/// Writes one document's sentences (each followed by a blank line).
pub fn write_document(
    doc: &NamedDocument,
    opts: &WriteOptions,
    out: &mut String,
    warnings: &mut Vec<Warning>,
) {
    let text = &doc.document.text;
    let mut describer = SpanDescriber::new(text);
    // Spans left out for being empty, unlabelled or outside the text are reported too.
    let fitting = offsets_out(doc, crate::OffsetUnit::Bytes, warnings);
    let mut warn = |span: &Span, message: String| {
        warnings.push(Warning {
            location: doc.name.clone(),
            span: Some(span.clone()),
            message,
        });
    };
    // The spans CoNLL can hold: no overlaps, no whitespace at the edges or in labels.
    let mut spans: Vec<Span> = Vec::new();
    let mut kept_end = 0;
    let mut last_kept: Option<Span> = None;
    for (s, _, _) in fitting {
        if s.label.chars().any(tokenize::is_space_char) {
            let m = format!(
                "span {} left out: a CoNLL tag cannot contain whitespace",
                describer.describe(s)
            );
            warn(s, m);
            continue;
        }
        let covered = &text[s.start..s.end];
        let trimmed_start =
            s.start + (covered.len() - covered.trim_start_matches(tokenize::is_space_char).len());
        let trimmed_end =
            s.end - (covered.len() - covered.trim_end_matches(tokenize::is_space_char).len());
        if trimmed_end <= trimmed_start {
            let m = format!(
                "span {} left out: it covers only whitespace, which CoNLL has no tokens for",
                describer.describe(s)
            );
            warn(s, m);
            continue;
        }
        if let Some(prev) = &last_kept {
            if trimmed_start < kept_end {
                let m = format!(
                    "span {} left out: it overlaps span {}, and CoNLL tags cannot nest or overlap",
                    describer.describe(s),
                    describer.describe(prev)
                );
                warn(s, m);
                continue;
            }
        }
        if (trimmed_start, trimmed_end) != (s.start, s.end) {
            let m = format!(
                "span {} trimmed: CoNLL tokens hold no whitespace at a span's edge",
                describer.describe(s)
            );
            warn(s, m);
        }
        let kept = Span::new(trimmed_start, trimmed_end, s.label.clone());
        kept_end = trimmed_end;
        last_kept = Some(kept.clone());
        spans.push(kept);
    }
    // Tokens: the source's if every span aligns with them and none is whitespace, else words.
    let refs: Vec<&Span> = spans.iter().collect();
    let source_tokens = doc.meta.tokens.as_ref().filter(|_| {
        let t = super::prodigy::tokens_for(doc, &refs);
        Some(&t) == doc.meta.tokens.as_ref()
            && t.iter()
                .all(|r| !tokenize::is_space(&text[r.clone()]) && !r.is_empty())
    });
    let tokens = match source_tokens {
        Some(t) => t.clone(),
        None => {
            let segments: Vec<std::ops::Range<usize>> = tokenize::segments(text).collect();
            let words = tokenize::words_from_segments(text, segments.iter().cloned());
            // Report spans whose edges fall inside a word.
            for s in &spans {
                for edge in [s.start, s.end] {
                    let i = words.partition_point(|w| w.end <= edge);
                    if let Some(w) = words.get(i) {
                        if w.start < edge && edge < w.end {
                            let m = format!(
                                "span {} does not align with the word {:?}: the word is split into tokens at the span's edge",
                                describer.describe(s),
                                &text[w.clone()]
                            );
                            warn(s, m);
                            break;
                        }
                    }
                }
            }
            let starts: Vec<usize> = spans.iter().map(|s| s.start).collect();
            let ends: Vec<usize> = spans.iter().map(|s| s.end).collect();
            tokenize::tokens_from_segments(text, segments, &starts, &ends)
        }
    };
    if tokens.is_empty() {
        warnings.push(Warning {
            location: doc.name.clone(),
            span: None,
            message: "the document has no tokens, so CoNLL holds nothing of it".to_string(),
        });
        return;
    }
    let mut k = 0; // next span
    let mut in_span: Option<&Span> = None;
    let mut prev_end: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        if let Some(pe) = prev_end {
            if in_span.is_none() && text[pe..t.start].contains('\n') {
                out.push('\n');
            }
        }
        prev_end = Some(t.end);
        while k < spans.len() && spans[k].end <= t.start {
            k += 1;
        }
        let span = spans
            .get(k)
            .filter(|s| s.start <= t.start && t.end <= s.end);
        out.push_str(&text[t.clone()]);
        out.push('\t');
        match span {
            None => out.push('O'),
            Some(s) => {
                let first = s.start == t.start;
                let last = s.end == t.end || tokens.get(i + 1).is_none_or(|n| n.start >= s.end);
                let prefix = match (opts.scheme, first, last) {
                    (ConllScheme::Iob2, true, _) => "B-",
                    (ConllScheme::Iob2, false, _) => "I-",
                    (ConllScheme::Bilou, true, true) => "U-",
                    (ConllScheme::Bilou, true, false) => "B-",
                    (ConllScheme::Bilou, false, true) => "L-",
                    (ConllScheme::Iobes, true, true) => "S-",
                    (ConllScheme::Iobes, true, false) => "B-",
                    (ConllScheme::Iobes, false, true) => "E-",
                    (_, false, false) => "I-",
                };
                out.push_str(prefix);
                out.push_str(&s.label);
            }
        }
        out.push('\n');
        in_span = span.filter(|s| s.end > t.end);
    }
    out.push('\n');
}
