//! Property tests of the inline-tag format (issue 2) and of offset conversion.
//!
//! 1. `parse(write(doc)) == doc`, clean, for every document.
//! 2. `write(parse(src)) == src` for every clean source without `&`.
//! 3. Parsing is total and accounts for every byte: checked against a naive
//!    reference model of the format on arbitrary strings and tag soup.
//! 4. `OffsetMap` and `LineIndex` agree with a naive `char_indices` model.

use proptest::prelude::*;
use proptest::test_runner::Config;
use tagmark_core::offsets::{LineIndex, OffsetError};
use tagmark_core::write::write_keeping;
use tagmark_core::{parse, write, Document, LineCol, OffsetMap, OffsetUnit, Span};

// ------------------------------------------------------------------ generators

/// Text fragments chosen to hit every corner of the format and of Unicode.
const TEXT_FRAGMENTS: &[&str] = &[
    "a",
    "x",
    "model",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "NeuraScale-9",
    "2.5",
    "é",
    "e\u{301}",
    "日本語",
    "中",
    "👨🏻‍🚒",
    "😊",
    "🗻",
    "\u{200d}",
    "\u{feff}",
    "<",
    ">",
    "&",
    "&lt;",
    "&gt;",
    "&amp;",
    "&amp",
    "&lt",
    "lt;",
    "amp;",
    "gt;",
    "&&",
    "<b>",
    "</x>",
    "</",
    "<a",
    "<a b>",
    "<3",
    "3<4",
    "<2>",
    "<- ",
    "<>",
    "</>",
    "<é>",
    "a < b",
    "AT&T",
    "/",
    "-",
    "_",
    "b>",
    "x>",
];

fn text_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(TEXT_FRAGMENTS).prop_map(str::to_string),
        2 => any::<char>().prop_map(|c| c.to_string()),
        1 => "\\PC{0,6}",
    ]
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop::collection::vec(text_fragment(), 0..24).prop_map(|v| v.concat())
}

const LABELS: &[&str] = &["a", "b", "x", "model", "B-x_1", "Z-"];

fn label() -> impl Strategy<Value = String> {
    prop::sample::select(LABELS).prop_map(str::to_string)
}

/// A document with arbitrary text and properly nested spans: candidate ranges on
/// character boundaries are accepted greedily unless empty or crossing an accepted
/// one, so equal ranges, shared boundaries and equal labels all occur.
fn document() -> impl Strategy<Value = Document> {
    arbitrary_text()
        .prop_flat_map(|text| {
            let n = text.chars().count() + 1;
            let candidates = prop::collection::vec((0..n, 0..n, label(), any::<bool>()), 0..12);
            (Just(text), candidates)
        })
        .prop_map(|(text, candidates)| {
            let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            bounds.push(text.len());
            let mut spans: Vec<Span> = Vec::new();
            for (a, b, label, dup) in candidates {
                // Sometimes duplicate an accepted range, to get equal ranges often.
                let (start, end) = match spans.last() {
                    Some(last) if dup => (last.start, last.end),
                    _ => (bounds[a.min(b)], bounds[a.max(b)]),
                };
                let span = Span::new(start, end, label);
                if start < end && spans.iter().all(|s| !s.crosses(&span)) {
                    spans.push(span);
                }
            }
            Document::with_spans(text, spans).expect("generated spans are valid")
        })
}

/// Source text pieces that never form a tag or an escape on their own and
/// contain no `&` (for property 2).
const PLAIN_FRAGMENTS: &[&str] = &[
    "a",
    "word",
    " ",
    "\n",
    "\r\n",
    "é",
    "e\u{301}",
    "日本",
    "👨🏻‍🚒",
    "😊",
    "a < b",
    "3<4",
    "<3",
    "<2>",
    "<- b",
    "<>",
    "</>",
    "<a b>",
    "<é>",
    ">",
    "x>",
    "/",
    "-",
    "lt;",
];

/// A well-formed source: a sequence of plain text and elements with non-empty content.
fn well_formed_source() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(PLAIN_FRAGMENTS).prop_map(str::to_string);
    let tree = leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            2 => prop::collection::vec(inner.clone(), 1..6).prop_map(|v| v.concat()),
            1 => (label(), prop::collection::vec(inner, 1..4))
                .prop_map(|(l, v)| format!("<{l}>{}</{l}>", v.concat())),
        ]
    });
    prop::collection::vec(tree, 0..6).prop_map(|v| v.concat())
}

/// Tag soup: random open and close tags, escapes, near-tags and arbitrary text.
fn tag_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => label().prop_map(|l| format!("<{l}>")),
        3 => label().prop_map(|l| format!("</{l}>")),
        4 => text_fragment(),
        1 => well_formed_source(),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        max_global_rejects: 100_000,
        ..Config::default()
    }
}

// ------------------------------------------------------------------ reference model

/// A tag found by the naive model: byte range, name, closing?
#[derive(Clone, Debug)]
struct ModelTag {
    start: usize,
    end: usize,
    name: String,
    close: bool,
}

/// `<name>` / `</name>` with `name = [A-Za-z][A-Za-z0-9_-]*`, found char by char.
fn model_tags(src: &str) -> Vec<ModelTag> {
    let mut tags = Vec::new();
    for (i, c) in src.char_indices() {
        if c != '<' {
            continue;
        }
        let mut rest = src[i + 1..].chars().peekable();
        let close = rest.peek() == Some(&'/');
        if close {
            rest.next();
        }
        let mut name = String::new();
        let mut ok = false;
        for c in rest {
            if name.is_empty() && c.is_ascii_alphabetic()
                || !name.is_empty() && (c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                name.push(c);
            } else {
                ok = c == '>' && !name.is_empty();
                break;
            }
        }
        if ok {
            let len = name.len() + 2 + usize::from(close);
            tags.push(ModelTag {
                start: i,
                end: i + len,
                name,
                close,
            });
        }
    }
    tags
}

/// Decodes `&lt;` `&gt;` `&amp;` left to right.
fn model_decode(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("&lt;") {
            out.push('<');
            rest = r;
        } else if let Some(r) = rest.strip_prefix("&gt;") {
            out.push('>');
            rest = r;
        } else if let Some(r) = rest.strip_prefix("&amp;") {
            out.push('&');
            rest = r;
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Lines end at `\n`, `\r\n` or a lone `\r` (a CR-only file has lines too).
fn model_line_col(src: &str, byte: usize) -> LineCol {
    let b = src.as_bytes();
    let breaks: Vec<usize> = (0..byte)
        .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .collect();
    let line_start = breaks.last().map_or(0, |p| p + 1);
    LineCol {
        line: breaks.len() + 1,
        column: src[line_start..byte].chars().count() + 1,
    }
}

/// Checks everything the parser promises about `src` against the naive model.
fn check_total(src: &str) -> Result<(), TestCaseError> {
    let parsed = parse(src);
    let doc = &parsed.document;
    let tags = model_tags(src);

    // Diagnostics: inside the source, on char boundaries, sorted, at the right place,
    // each covering exactly one tag or (for an empty span) an adjacent open/close pair.
    let mut last = 0;
    for d in &parsed.diagnostics {
        prop_assert!(
            d.range.start < d.range.end && d.range.end <= src.len(),
            "{d:?}"
        );
        prop_assert!(src.is_char_boundary(d.range.start) && src.is_char_boundary(d.range.end));
        prop_assert!(d.range.start >= last, "diagnostics out of order");
        last = d.range.start;
        prop_assert_eq!(d.at, model_line_col(src, d.range.start));
        let covered: Vec<&ModelTag> = tags
            .iter()
            .filter(|t| d.range.start <= t.start && t.end <= d.range.end)
            .collect();
        let exact = match covered.as_slice() {
            [t] => t.start == d.range.start && t.end == d.range.end,
            [o, c] => {
                !o.close
                    && c.close
                    && o.name == c.name
                    && o.start == d.range.start
                    && o.end == c.start
                    && c.end == d.range.end
            }
            _ => false,
        };
        prop_assert!(exact, "diagnostic {d:?} does not cover exactly a tag");
        // The literal tag is kept as document text.
        prop_assert!(
            doc.text.contains(&src[d.range.clone()]),
            "literal tag lost: {d:?}"
        );
        prop_assert!(!d.message().is_empty());
    }

    // Tags not reported are paired; they nest, and every name matches its partner.
    let reported = |t: &ModelTag| {
        parsed
            .diagnostics
            .iter()
            .any(|d| d.range.start <= t.start && t.end <= d.range.end)
    };
    let mut text = String::new();
    let mut copied = 0;
    let mut stack: Vec<(usize, &str, usize)> = Vec::new(); // (open order, name, text start)
    let mut spans: Vec<(usize, Span)> = Vec::new();
    let mut paired_bytes = 0;
    for (k, t) in tags.iter().enumerate() {
        if reported(t) {
            continue;
        }
        text.push_str(&model_decode(&src[copied..t.start]));
        copied = t.end;
        paired_bytes += t.end - t.start;
        if t.close {
            let (order, name, start) = stack.pop().ok_or_else(|| {
                TestCaseError::fail(format!(
                    "unreported close tag at {} has no partner",
                    t.start
                ))
            })?;
            prop_assert_eq!(name, t.name.as_str(), "paired tags do not match");
            prop_assert!(start < text.len(), "a paired span is empty");
            spans.push((order, Span::new(start, text.len(), name)));
        } else {
            stack.push((k, &t.name, text.len()));
        }
    }
    prop_assert!(stack.is_empty(), "unreported open tags left: {stack:?}");
    text.push_str(&model_decode(&src[copied..]));
    spans.sort_by_key(|(order, _)| *order);
    let spans: Vec<Span> = spans.into_iter().map(|(_, s)| s).collect();

    prop_assert_eq!(&doc.text, &text);
    prop_assert_eq!(&doc.spans, &spans);

    // Byte accounting: text = source − paired tags − what the escapes shrank.
    let shrink = escape_shrink(src);
    prop_assert_eq!(doc.text.len(), src.len() - paired_bytes - shrink);
    let written: usize = doc.spans.iter().map(|s| 2 * s.label.len() + 5).sum();
    prop_assert_eq!(written, paired_bytes);

    // Every span is valid in the text, and the spans are in document order without crossing.
    for s in &doc.spans {
        prop_assert!(doc.check_span(s).is_ok(), "invalid span {s:?}");
    }
    prop_assert!(doc.crossing_pairs().is_empty());
    let mut sorted = doc.clone();
    sorted.sort_spans();
    prop_assert_eq!(&sorted, doc);
    Ok(())
}

/// Bytes the escapes in `src` shrink by when decoded (escapes never straddle a tag,
/// since they contain no `<` and tags no `&`, so the whole source can be scanned).
fn escape_shrink(src: &str) -> usize {
    let b = src.as_bytes();
    let (mut i, mut shrink) = (0, 0);
    while i < b.len() {
        if b[i..].starts_with(b"&lt;") || b[i..].starts_with(b"&gt;") {
            shrink += 3;
            i += 4;
        } else if b[i..].starts_with(b"&amp;") {
            shrink += 4;
            i += 5;
        } else {
            i += 1;
        }
    }
    shrink
}

// ------------------------------------------------------------------ properties

proptest! {
    #![proptest_config(config(768))]

    /// Property 1: writing then parsing gives the document back, with no diagnostics.
    #[test]
    fn write_then_parse_is_identity(doc in document()) {
        let src = write(&doc);
        let parsed = parse(&src);
        prop_assert!(parsed.diagnostics.is_empty(), "{:?} from {:?}", parsed.diagnostics, src);
        prop_assert_eq!(parsed.document, doc);
    }

    /// Property 2: a clean source without `&` is written back byte for byte.
    #[test]
    fn parse_then_write_is_identity(src in prop_oneof![3 => well_formed_source(), 1 => tag_soup()]) {
        let parsed = parse(&src);
        prop_assume!(parsed.is_clean() && !src.contains('&'));
        prop_assert_eq!(write(&parsed.document), src);
    }

    /// Completeness: every well-formed source (plain text that forms no tag, and
    /// non-empty properly nested elements) parses without diagnostics.
    #[test]
    fn well_formed_sources_are_clean(src in well_formed_source()) {
        let parsed = parse(&src);
        prop_assert!(parsed.is_clean(), "{:?}", parsed.diagnostics);
        prop_assert_eq!(write(&parsed.document), src);
    }

    /// Property 3: parsing is total and every byte is accounted for (against the model).
    #[test]
    fn parsing_is_total_on_tag_soup(src in tag_soup()) {
        check_total(&src)?;
    }

    /// Property 3 on arbitrary strings.
    #[test]
    fn parsing_is_total_on_any_string(src in any::<String>()) {
        check_total(&src)?;
    }

    /// Parsing a written document is clean even when the text itself is tag soup.
    #[test]
    fn tag_soup_text_round_trips(text in tag_soup()) {
        let doc = Document::new(text);
        let parsed = parse(&write(&doc));
        prop_assert!(parsed.is_clean());
        prop_assert_eq!(parsed.document, doc);
    }

    /// The writer accepts spans in any order (the fields are public) and writes
    /// them as if sorted; it used to panic on out-of-order spans.
    #[test]
    fn write_accepts_spans_in_any_order(
        (text, spans) in document().prop_flat_map(|d| (Just(d.text), Just(d.spans).prop_shuffle()))
    ) {
        let shuffled = Document { text, spans };
        let mut sorted = shuffled.clone();
        sorted.sort_spans();
        prop_assert_eq!(write(&shuffled), write(&sorted));
        prop_assert_eq!(parse(&write(&shuffled)).document, sorted);
    }

    /// Broken tags written back with `write_keeping` stay broken: the source means
    /// the same document with the same problems, and with no `&` in it comes back
    /// byte for byte.
    #[test]
    fn broken_tags_are_written_back_as_they_were(src in tag_soup()) {
        let parsed = parse(&src);
        let written = write_keeping(&parsed.document, &parsed.literal_tags);
        let again = parse(&written);
        prop_assert_eq!(&again.document, &parsed.document);
        // The same problems in the same order. Positions may move where an `&` was
        // escaped, so each kind is compared without its `LineCol` fields.
        let kinds = |p: &tagmark_core::Parsed| p.diagnostics.iter().map(|d| kind_without_positions(&d.kind)).collect::<Vec<_>>();
        prop_assert_eq!(kinds(&again), kinds(&parsed), "{:?} became {:?}", src, written);
        prop_assert_eq!(&again.literal_tags, &parsed.literal_tags);
        if !src.contains('&') {
            prop_assert_eq!(written, src);
        }
    }

    /// Offsets: every byte, code point and UTF-16 offset against a naive model.
    #[test]
    fn offsets_agree_with_naive_model(text in arbitrary_text()) {
        check_offsets(&text)?;
    }
}

fn check_offsets(text: &str) -> Result<(), TestCaseError> {
    use OffsetUnit::*;
    let map = OffsetMap::new(text);
    // The naive model: for each byte offset, its code point and UTF-16 index, or None inside a char.
    let mut cp_of_byte: Vec<Option<usize>> = vec![None; text.len() + 1];
    let mut byte_of_utf16: Vec<Option<usize>> = Vec::new();
    let mut byte_of_cp: Vec<usize> = Vec::new();
    let mut utf16_of_byte: Vec<Option<usize>> = vec![None; text.len() + 1];
    let (mut cp, mut u16) = (0, 0);
    for (b, c) in text.char_indices() {
        cp_of_byte[b] = Some(cp);
        utf16_of_byte[b] = Some(u16);
        byte_of_cp.push(b);
        byte_of_utf16.push(Some(b));
        if c.len_utf16() == 2 {
            byte_of_utf16.push(None);
        }
        cp += 1;
        u16 += c.len_utf16();
    }
    cp_of_byte[text.len()] = Some(cp);
    utf16_of_byte[text.len()] = Some(u16);
    byte_of_cp.push(text.len());
    byte_of_utf16.push(Some(text.len()));
    prop_assert_eq!(map.len(Bytes), text.len());
    prop_assert_eq!(map.len(Codepoints), cp);
    prop_assert_eq!(map.len(Utf16), u16);
    prop_assert_eq!(map.is_ascii(), text.is_ascii());

    for b in 0..=text.len() {
        match cp_of_byte[b] {
            Some(c) => {
                prop_assert_eq!(map.from_byte(b, Codepoints), Ok(c));
                prop_assert_eq!(map.from_byte(b, Utf16), Ok(utf16_of_byte[b].unwrap()));
                prop_assert_eq!(map.from_byte(b, Bytes), Ok(b));
                // Round trips bytes → cp → bytes and bytes → utf16 → bytes.
                prop_assert_eq!(map.to_byte(c, Codepoints), Ok(b));
                prop_assert_eq!(map.to_byte(utf16_of_byte[b].unwrap(), Utf16), Ok(b));
            }
            None => {
                let inside = OffsetError::InsideCharacter {
                    offset: b,
                    unit: Bytes,
                };
                prop_assert_eq!(map.from_byte(b, Codepoints), Err(inside.clone()));
                prop_assert_eq!(map.from_byte(b, Utf16), Err(inside.clone()));
                prop_assert_eq!(map.from_byte(b, Bytes), Err(inside));
            }
        }
    }
    for (c, &b) in byte_of_cp.iter().enumerate() {
        prop_assert_eq!(map.to_byte(c, Codepoints), Ok(b));
        prop_assert_eq!(
            map.convert(c, Codepoints, Utf16),
            Ok(utf16_of_byte[b].unwrap())
        );
        prop_assert_eq!(map.convert(c, Codepoints, Codepoints), Ok(c));
    }
    for (u, b) in byte_of_utf16.iter().enumerate() {
        match b {
            Some(b) => {
                prop_assert_eq!(map.to_byte(u, Utf16), Ok(*b));
                prop_assert_eq!(
                    map.convert(u, Utf16, Codepoints),
                    Ok(cp_of_byte[*b].unwrap())
                );
                prop_assert_eq!(map.convert(u, Utf16, Utf16), Ok(u));
            }
            None => {
                let inside = OffsetError::InsideCharacter {
                    offset: u,
                    unit: Utf16,
                };
                prop_assert_eq!(map.to_byte(u, Utf16), Err(inside.clone()));
                prop_assert_eq!(map.convert(u, Utf16, Codepoints), Err(inside.clone()));
                prop_assert_eq!(map.convert(u, Utf16, Utf16), Err(inside));
            }
        }
    }
    for unit in [Bytes, Codepoints, Utf16] {
        let len = map.len(unit);
        let err = OffsetError::OutOfRange {
            offset: len + 1,
            unit,
            len,
        };
        prop_assert_eq!(map.convert(len + 1, unit, Bytes), Err(err));
    }

    // Lines and columns.
    let lines = LineIndex::new(text);
    for b in text.char_indices().map(|(i, _)| i).chain([text.len()]) {
        let at = model_line_col(text, b);
        prop_assert_eq!(lines.line_col(text, b), at);
        prop_assert_eq!(lines.byte_of(text, at), b);
    }
    Ok(())
}

// ------------------------------------------------------------------ fixed cases

#[test]
fn unicode_corner_cases_round_trip() {
    let text = "👨🏻‍🚒 日本語 e\u{301} \r\n a < b &lt; <b> </x> AT&T &amp;";
    let fire = "👨🏻‍🚒".len();
    let doc = Document::with_spans(
        text,
        vec![
            Span::new(0, fire, "a"),
            Span::new(0, fire, "a"),
            Span::new(0, text.len(), "b"),
        ],
    )
    .unwrap();
    let src = write(&doc);
    let parsed = parse(&src);
    assert!(parsed.is_clean());
    assert_eq!(parsed.document, doc);
    check_total(&src).unwrap();
}

#[test]
fn model_agrees_on_known_cases() {
    for src in [
        "<a>x <b>y</a> z</b>",
        "<a><b></a></b>",
        "a<x></x>b",
        "<a>x</b>y</a>",
        "x</b>",
        "<a><a>x</a></a>",
        "<a>&lt;</a>&amp;lt;",
        "<<a>>x</a>",
        crate_seed(),
    ] {
        check_total(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    }
}

fn crate_seed() -> &'static str {
    tagmark_core::EXAMPLE_SEED
}

/// A diagnostic kind with its names but without the positions it points at.
fn kind_without_positions(kind: &tagmark_core::DiagnosticKind) -> (&'static str, Vec<String>) {
    use tagmark_core::DiagnosticKind as K;
    match kind {
        K::Unclosed { name } => ("unclosed", vec![name.clone()]),
        K::StrayClose { name } => ("stray-close", vec![name.clone()]),
        K::Mismatched { name, open, .. } => ("mismatched", vec![name.clone(), open.clone()]),
        K::Crossing { name, other, .. } => ("crossing", vec![name.clone(), other.clone()]),
        K::CrossingClose { name, .. } => ("crossing-close", vec![name.clone()]),
        K::Empty { name } => ("empty", vec![name.clone()]),
    }
}
