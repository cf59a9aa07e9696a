//! brat standoff: the text in `NAME.txt`, the annotations in `NAME.ann`.
//!
//! Text-bound annotations are `T1<TAB>LABEL START END<TAB>covered text`, offsets in
//! code points of the `.txt` (as Python reads it: `\r\n` is two). A
//! discontinuous annotation (`START END;START END`) is read as one span per
//! fragment, with a warning; written back to brat, fragments that are all
//! still there become one discontinuous annotation again, under their id.
//!
//! brat's reader refuses a fragment that holds a line break, so a span across
//! line breaks is written as fragments between them, as brat itself writes it
//! (`T1<TAB>LABEL 4 14;15 24<TAB>512 NVIDIA A100 GPUs`: the text field is the
//! fragments' text joined by spaces). Line breaks are what Python's
//! `str.splitlines()` breaks at (`\n`, `\r\n`, `\r`, and U+000B, U+000C,
//! U+001C–U+001E, U+0085, U+2028, U+2029), since brat reads the `.ann` file
//! line by line with Python. Read back, fragments with only line breaks between
//! them are one span again, without a warning.
//!
//! Every other line (`R` relations, `E` events, `A`/`M` attributes, `N`
//! normalizations, `#` notes, …) is kept as it was and written back in its
//! place; `T` ids are kept for the spans that still have their label and range,
//! so the other lines' references stay valid. A kept line that refers to an
//! annotation no longer there is left out and reported. Labels are brat types:
//! no whitespace.

use super::{
    assign_ids, byte_range, file_names, file_stem, offsets_out, BratItem, BratMeta, ErrorKind,
    Format, FormatError, NamedDocument, OutputFile, Read, ReadOptions, SpanDescriber, SpanId,
    Warning, WriteOptions,
};
use crate::document::{Document, Span};
use crate::offsets::OffsetMap;

/// Reads a brat document: `txt_name`/`text` is the `.txt`, `ann` the `.ann`
/// content (`None` when there is none: a document without spans, with a warning).
pub fn read(txt_name: &str, text: &str, ann: Option<&str>, opts: &ReadOptions) -> Read {
    let mut read = Read::default();
    let ann_name = super::partner_name(txt_name, "ann");
    // A byte order mark is a character of the text, as brat and Python read it:
    // offsets count it and the text keeps it.
    let map = OffsetMap::new(text);
    let mut spans = Vec::new();
    let mut ids = Vec::new();
    let mut items = Vec::new();
    let unit = opts.unit(Format::Brat);
    let Some(ann) = ann else {
        read.warnings.push(Warning {
            location: txt_name.to_string(),
            span: None,
            message: format!("no `{ann_name}` was given: the document has no annotations"),
        });
        let mut doc = NamedDocument::new(file_stem(txt_name), Document::new(text));
        doc.meta.source = Some(Format::Brat);
        read.docs.push(doc);
        return read;
    };
    let ann = ann.strip_prefix('\u{feff}').unwrap_or(ann);
    for (i, raw) in ann.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with('T') {
            items.push(BratItem::Line(line.to_string()));
            continue;
        }
        let err = |message: String| {
            FormatError::new(&ann_name, Some(line_no), ErrorKind::Syntax { message })
        };
        let mut fields = line.splitn(3, '\t');
        let (id, middle, covered) = (fields.next().unwrap_or(""), fields.next(), fields.next());
        let Some(middle) = middle else {
            read.errors.push(err(format!(
                "`{id}` should be followed by a tab, the type and the offsets"
            )));
            continue;
        };
        let Some((label, offsets)) = middle.split_once(' ') else {
            read.errors.push(err(format!(
                "`{id}` has a type but no offsets: expected `TYPE START END`"
            )));
            continue;
        };
        if label.is_empty() {
            read.errors.push(FormatError::new(
                &ann_name,
                Some(line_no),
                ErrorKind::EmptyLabel,
            ));
            continue;
        }
        let mut ranges = Vec::new();
        let mut failed = false;
        for frag in offsets.split(';') {
            let mut nums = frag.split_whitespace();
            let parsed = match (nums.next(), nums.next(), nums.next()) {
                (Some(a), Some(b), None) => a.parse::<i64>().ok().zip(b.parse::<i64>().ok()),
                _ => None,
            };
            let Some((s, e)) = parsed else {
                read.errors.push(err(format!(
                    "`{id}`: `{frag}` is not a pair of offsets `START END`"
                )));
                failed = true;
                break;
            };
            match byte_range(&map, text, s, e, unit, label) {
                Ok(r) => ranges.push(r),
                Err(kind) => {
                    read.errors
                        .push(FormatError::new(&ann_name, Some(line_no), kind));
                    failed = true;
                    break;
                }
            }
        }
        if failed || ranges.is_empty() {
            continue;
        }
        if let Some(covered) = covered {
            let raw: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
            let actual: Vec<String> = raw.iter().map(|r| flatten(r)).collect();
            if raw.join(" ") != covered && actual.join(" ") != covered && actual.concat() != covered
            {
                read.warnings.push(Warning {
                    location: format!("{ann_name}:{line_no}"),
                    span: None,
                    message: format!(
                        "`{id}` says it covers {covered:?}, but its offsets cover {:?} in the text; the offsets are used",
                        actual.join(" ")
                    ),
                });
            }
        }
        let ranges = join_across_line_breaks(text, ranges);
        for r in &ranges {
            spans.push(Span::new(r.start, r.end, label));
        }
        if ranges.len() > 1 {
            read.warnings.push(Warning {
                location: format!("{ann_name}:{line_no}"),
                span: None,
                message: format!(
                    "`{id}` ({label}) is discontinuous: read as {} separate spans; written back to brat it is one annotation again",
                    ranges.len()
                ),
            });
        }
        ids.push(SpanId {
            id: id.to_string(),
            label: label.to_string(),
            ranges,
        });
        items.push(BratItem::Entity(id.to_string()));
    }
    let mut document = Document {
        text: text.to_string(),
        spans,
    };
    document.sort_spans();
    super::warn_duplicates(&document, &ann_name, &mut read.warnings);
    let mut doc = NamedDocument::new(file_stem(txt_name), document);
    doc.meta.source = Some(Format::Brat);
    doc.meta.span_ids = ids;
    doc.meta.brat = Some(BratMeta { items });
    read.docs.push(doc);
    read
}

/// Covered text as older `.ann` files hold it: line breaks and tabs become spaces.
fn flatten(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// True for a character Python's `str.splitlines()` ends a line at (brat reads
/// `.ann` files line by line with Python, so none may be inside a fragment).
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The fragments brat writes for the byte range `r` of `text`: its runs of
/// characters between line breaks (none when it holds only line breaks).
pub fn fragments(text: &str, r: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text[r.clone()].char_indices() {
        let at = r.start + i;
        match (is_line_break(c), start) {
            (true, Some(s)) => {
                out.push(s..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..r.end);
    }
    out
}

/// Fragments read from one annotation, with those that only line breaks
/// separate joined into one range (brat's way of writing a span across lines).
fn join_across_line_breaks(
    text: &str,
    ranges: Vec<std::ops::Range<usize>>,
) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        if let Some(last) = out.last_mut() {
            if last.end <= r.start && text[last.end..r.start].chars().all(is_line_break) {
                last.end = r.end;
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// The id a brat line defines (its first field) and the ids it refers to.
fn line_refs(line: &str) -> (&str, Vec<&str>) {
    let mut fields = line.split('\t');
    let id = fields.next().unwrap_or("");
    let refs = fields
        .next()
        .unwrap_or("")
        .split_whitespace()
        .map(|tok| tok.rsplit(':').next().unwrap_or(tok))
        .filter(|tok| {
            let mut cs = tok.chars();
            matches!(
                cs.next(),
                Some('T' | 'E' | 'R' | 'A' | 'M' | 'N' | '#' | '*')
            ) && tok.len() > 1
                && cs.all(|c| c.is_ascii_digit())
        })
        .collect();
    (id, refs)
}

/// Writes the `.ann` content of one document.
pub fn write_ann(doc: &NamedDocument, opts: &WriteOptions, warnings: &mut Vec<Warning>) -> String {
    let text = &doc.document.text;
    let mut describer = SpanDescriber::new(text);
    let unit = opts.unit(Format::Brat);
    let all = offsets_out(doc, unit, warnings);
    let map = OffsetMap::new(text);
    let mut spans = Vec::with_capacity(all.len());
    for (s, a, b) in all {
        let frags = fragments(text, s.start..s.end);
        let why = if s.label.chars().any(char::is_whitespace) {
            Some("brat types cannot contain whitespace")
        } else if frags.is_empty() {
            Some("it covers only line breaks, and brat fragments cannot hold them")
        } else {
            None
        };
        if let Some(why) = why {
            warnings.push(Warning {
                location: doc.name.clone(),
                span: Some(s.clone()),
                message: format!("span {} left out: {why}", describer.describe(s)),
            });
            continue;
        }
        if frags.first().is_some_and(|f| f.start != s.start)
            || frags.last().is_some_and(|f| f.end != s.end)
        {
            warnings.push(Warning {
                location: doc.name.clone(),
                span: Some(s.clone()),
                message: format!(
                    "span {} is written without the line breaks at its edges: brat fragments cannot hold them",
                    describer.describe(s)
                ),
            });
        }
        // Offsets of each fragment in the unit asked for (the span's own when it is one fragment).
        let frag_offsets = if frags.len() == 1 && frags[0] == (s.start..s.end) {
            format!("{a} {b}")
        } else {
            let at = |byte: usize| map.from_byte(byte, unit).unwrap_or(byte);
            frags
                .iter()
                .map(|f| format!("{} {}", at(f.start), at(f.end)))
                .collect::<Vec<_>>()
                .join(";")
        };
        let covered = frags
            .iter()
            .map(|f| &text[f.clone()])
            .collect::<Vec<_>>()
            .join(" ");
        spans.push((s, frag_offsets, covered));
    }
    let own = doc.meta.source == Some(Format::Brat);
    let mut used = vec![false; spans.len()];
    // (id, line) for every T line, in the order decided below.
    let mut entity_lines: Vec<(String, String)> = Vec::new();
    if own {
        // Discontinuous annotations whose fragments are all still there.
        for known in doc.meta.span_ids.iter().filter(|k| k.ranges.len() > 1) {
            let mut picks = Vec::new();
            for r in &known.ranges {
                let found = spans.iter().enumerate().position(|(i, (s, _, _))| {
                    !used[i]
                        && !picks.contains(&i)
                        && s.label == known.label
                        && s.start == r.start
                        && s.end == r.end
                });
                match found {
                    Some(i) => picks.push(i),
                    None => break,
                }
            }
            if picks.len() == known.ranges.len() {
                let frags: Vec<&str> = picks.iter().map(|&i| spans[i].1.as_str()).collect();
                let covered: Vec<&str> = picks.iter().map(|&i| spans[i].2.as_str()).collect();
                for &i in &picks {
                    used[i] = true;
                }
                entity_lines.push((
                    known.id.clone(),
                    format!(
                        "{}\t{} {}\t{}",
                        known.id,
                        known.label,
                        frags.join(";"),
                        covered.join(" ")
                    ),
                ));
            }
        }
    }
    let rest: Vec<usize> = (0..spans.len()).filter(|&i| !used[i]).collect();
    let rest_spans: Vec<&Span> = rest.iter().map(|&i| spans[i].0).collect();
    let ids = if own {
        assign_ids(doc, &rest_spans, "T")
    } else {
        (1..=rest.len()).map(|n| format!("T{n}")).collect()
    };
    for (&i, id) in rest.iter().zip(ids) {
        let (s, frags, covered) = &spans[i];
        entity_lines.push((id.clone(), format!("{id}\t{} {frags}\t{covered}", s.label)));
    }
    let mut out = String::new();
    let items = doc
        .meta
        .brat
        .as_ref()
        .filter(|_| own)
        .map(|b| b.items.as_slice())
        .unwrap_or(&[]);
    // Lines in the source's order: known T ids where they were, other lines as they were.
    let mut lines: Vec<(String, bool)> = Vec::new(); // (line, is entity)
    let mut placed = vec![false; entity_lines.len()];
    let by_id: std::collections::HashMap<&str, usize> = entity_lines
        .iter()
        .enumerate()
        .map(|(k, (id, _))| (id.as_str(), k))
        .collect();
    for item in items {
        match item {
            BratItem::Entity(id) => {
                if let Some(&k) = by_id.get(id.as_str()) {
                    if !placed[k] {
                        placed[k] = true;
                        lines.push((entity_lines[k].1.clone(), true));
                    }
                }
            }
            BratItem::Line(l) => lines.push((l.clone(), false)),
        }
    }
    // New T lines go before the first non-T line of the source (or at the end).
    let insert_at = lines.iter().position(|(_, e)| !e).unwrap_or(lines.len());
    let new: Vec<(String, bool)> = entity_lines
        .iter()
        .zip(&placed)
        .filter(|(_, &p)| !p)
        .map(|((_, l), _)| (l.clone(), true))
        .collect();
    lines.splice(insert_at..insert_at, new);
    // Drop kept lines that refer to annotations no longer there, until none does.
    let mut keep = vec![true; lines.len()];
    loop {
        let defined: std::collections::HashSet<&str> = lines
            .iter()
            .zip(&keep)
            .filter(|(_, &k)| k)
            .map(|((l, _), _)| l.split('\t').next().unwrap_or(""))
            .collect();
        let mut changed = false;
        let mut dropped = Vec::new();
        for (i, (l, entity)) in lines.iter().enumerate() {
            if !keep[i] || *entity {
                continue;
            }
            let (_, refs) = line_refs(l);
            if let Some(missing) = refs.iter().find(|r| !defined.contains(*r)) {
                dropped.push((i, missing.to_string()));
            }
        }
        for (i, missing) in dropped {
            keep[i] = false;
            changed = true;
            warnings.push(Warning {
                location: doc.name.clone(),
                span: None,
                message: format!(
                    "brat line `{}` left out: it refers to `{missing}`, which is no longer there",
                    lines[i].0.replace('\t', " ")
                ),
            });
        }
        if !changed {
            break;
        }
    }
    for ((l, _), k) in lines.iter().zip(&keep) {
        if *k {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// Writes each document as `NAME.txt` + `NAME.ann`.
pub fn write_files(
    docs: &[NamedDocument],
    opts: &WriteOptions,
    warnings: &mut Vec<Warning>,
) -> Vec<OutputFile> {
    let mut files = Vec::with_capacity(docs.len() * 2);
    for (name, doc) in file_names(docs).into_iter().zip(docs) {
        files.push(OutputFile {
            name: format!("{name}.txt"),
            content: doc.document.text.clone(),
        });
        files.push(OutputFile {
            name: format!("{name}.ann"),
            content: write_ann(doc, opts, warnings),
        });
    }
    files
}
