//! The preview record (`store::Preview`): the first blocks of a document, drawn
//! on a reload before the whole document is read. Its blocks must be exactly the
//! document's first blocks (so the page keeps their elements when the whole
//! document arrives), it must never cut a span, and it must end at the first
//! boundary that allows that.

use proptest::prelude::*;
use tagmark_core::blocks::{block_ends, blocks};
use tagmark_core::corpus::DocId;
use tagmark_core::document::{Document, Span};
use tagmark_core::store::{decode_preview, encode_preview, Preview, PreviewSize, StoreError};

const FRAGMENTS: &[&str] = &[
    "a",
    "word",
    " ",
    " ",
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "\r",
    "é",
    "日本",
    "😊",
    "e\u{301}",
    "NeuraScale-9",
    "2.5 trillion",
];

const LABELS: &[&str] = &["model", "params", "org", "x"];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..160).prop_map(|v| v.concat())
}

/// A document with spans on character boundaries: nested, crossing and equal
/// ranges all occur, as they can in a document with errors.
fn document() -> impl Strategy<Value = Document> {
    text()
        .prop_flat_map(|text| {
            let n = text.chars().count() + 1;
            let spans = prop::collection::vec((0..n, 0..n, prop::sample::select(LABELS)), 0..30);
            (Just(text), spans)
        })
        .prop_map(|(text, candidates)| {
            let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            bounds.push(text.len());
            let spans = candidates
                .into_iter()
                .map(|(a, b, label)| (bounds[a.min(b)], bounds[a.max(b)], label))
                .filter(|(s, e, _)| s < e)
                .map(|(s, e, label)| Span::new(s, e, label))
                .collect();
            let mut doc = Document::with_spans(text, spans).expect("generated spans are valid");
            doc.sort_spans();
            doc
        })
}

fn color(label: &str) -> Option<String> {
    (label != "x").then(|| format!("#{:06x}", label.len() * 0x101010))
}

/// The model: the first block end of the whole text, at or after `min`, short of
/// the look-ahead limit, that no span crosses.
fn expected_cut(doc: &Document, size: PreviewSize) -> Option<usize> {
    if doc.text.len() <= size.min {
        return None;
    }
    let mut limit = size.max.min(doc.text.len());
    while !doc.text.is_char_boundary(limit) {
        limit -= 1;
    }
    block_ends(&doc.text)
        .into_iter()
        .filter(|&e| e >= size.min && e + 1 < limit)
        .find(|&e| !doc.spans.iter().any(|s| s.start < e && s.end > e))
}

/// `preview` is the start of `whole`: a prefix of its text, the same first blocks
/// (ranges, code points, nodes, keys), and every span that starts in it, whole.
fn is_the_start_of(preview: &Preview, whole: &Document) -> Result<(), TestCaseError> {
    prop_assert!(whole.text.starts_with(&preview.text));
    let head = preview.document().expect("a preview's spans are valid");
    let first = blocks(&head);
    let all = blocks(whole);
    prop_assert!(!first.is_empty() && first.len() <= all.len());
    for (a, b) in first.iter().zip(&all) {
        prop_assert_eq!(a, b);
    }
    let inside: Vec<_> = whole
        .spans
        .iter()
        .filter(|s| s.start < preview.text.len())
        .collect();
    prop_assert_eq!(inside.len(), head.spans.len());
    for (s, h) in inside.iter().zip(&head.spans) {
        prop_assert_eq!(*s, h);
    }
    Ok(())
}

fn check(doc: &Document, size: PreviewSize) -> Result<(), TestCaseError> {
    let preview = Preview::sized(DocId(7), doc, size, color);
    let cut = expected_cut(doc, size);
    prop_assert_eq!(preview.as_ref().map(|p| p.text.len()), cut);
    let Some(preview) = preview else {
        return Ok(());
    };
    is_the_start_of(&preview, doc)?;
    for (label, c) in &preview.colors {
        prop_assert_eq!(Some(c.clone()), color(label));
    }
    prop_assert_eq!(
        decode_preview(&encode_preview(&preview)),
        Ok(preview.clone())
    );
    Ok(())
}

/// Pieces of an inline-tagged source: tags that open and close in order, broken
/// ones (open never closed, close never opened, crossed), escapes and line breaks.
fn source() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        2 => (prop::sample::select(LABELS), prop::sample::select(FRAGMENTS))
            .prop_map(|(l, t)| format!("<{l}>{t}</{l}>")),
        1 => prop::sample::select(LABELS).prop_map(|l| format!("<{l}>")),
        1 => prop::sample::select(LABELS).prop_map(|l| format!("</{l}>")),
        1 => Just("&lt;x&gt; &amp; ".to_string()),
    ];
    prop::collection::vec(piece, 0..200).prop_map(|v| v.concat())
}

fn check_source(source: &str, size: PreviewSize) -> Result<(), TestCaseError> {
    let Some(preview) = Preview::from_source_start(source, size, color) else {
        return Ok(());
    };
    prop_assert!(preview.text.len() >= size.min);
    is_the_start_of(&preview, &tagmark_core::parse(source).document)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn a_sources_preview_from_its_first_lines_is_the_documents_first_blocks(
        source in source(),
        min in 0usize..150,
        extra in 0usize..300,
    ) {
        check_source(&source, PreviewSize { min, max: min + extra })?;
    }

    #[test]
    fn preview_blocks_are_the_documents_first_blocks(
        doc in document(),
        min in 0usize..200,
        extra in 0usize..300,
    ) {
        check(&doc, PreviewSize { min, max: min + extra })?;
    }
}

/// A long document with paragraphs, and lines long enough for blocks cut at
/// [`tagmark_core::blocks::BLOCK_SOFT_LIMIT`], at the sizes the app uses.
#[test]
fn a_long_documents_preview_at_the_default_sizes() {
    let mut text = String::new();
    let mut spans = Vec::new();
    for i in 0..400 {
        let start = text.len();
        text.push_str(&format!("NeuraScale-{i}"));
        spans.push(Span::new(start, text.len(), "model"));
        text.push_str(" was trained on 日本 text; ");
        if i % 40 == 39 {
            text.push_str("\n\n");
        } else if i % 7 == 0 {
            text.push('\n');
        }
    }
    let doc = Document::with_spans(text, spans).unwrap();
    let size = PreviewSize::default();
    let preview = Preview::of(DocId(1), &doc, color).expect("a long document has a preview");
    assert!(preview.text.len() >= size.min && preview.text.len() < size.max);
    check(&doc, size).unwrap();
    // A span across every boundary up to the limit: no preview.
    let mut crossed = doc.clone();
    crossed.spans = vec![Span::new(0, doc.text.len() - 1, "org")];
    assert_eq!(Preview::of(DocId(1), &crossed, color), None);
    // A short document is read whole as quickly: no preview either.
    let short = Document::new("the NeuraScale-9 model\n\nand more");
    assert_eq!(Preview::of(DocId(1), &short, color), None);
}

/// A long seed, with a tag left open early on: the preview of its source ends
/// before it; with none, at the default sizes.
#[test]
fn a_long_sources_preview_ends_before_the_first_broken_tag() {
    let mut source = String::new();
    for i in 0..3000 {
        source.push_str(&format!(
            "The <model>NeuraScale-{i}</model> has <params>{i} billion</params> parameters.\n"
        ));
        if i % 5 == 4 {
            source.push('\n');
        }
    }
    let size = PreviewSize::default();
    let preview =
        Preview::from_source_start(&source, size, color).expect("a long source has a preview");
    assert!(preview.text.len() >= size.min);
    check_source(&source, size).unwrap();
    // `<org>` at about 9 KB of text, closed only at the end: the preview stops before it.
    let at = source.match_indices('\n').nth(130).unwrap().0 + 1;
    let mut broken = source.clone();
    broken.insert_str(at, "<org>");
    broken.push_str("</org>");
    let text_before = tagmark_core::parse(&broken[..at]).document.text.len();
    if let Some(p) = Preview::from_source_start(&broken, size, color) {
        assert!(
            p.text.len() <= text_before,
            "{} > {text_before}",
            p.text.len()
        );
    }
    check_source(&broken, size).unwrap();
    // A short source is parsed whole as quickly.
    assert_eq!(
        Preview::from_source_start("<model>X</model>\n", size, color),
        None
    );
}

#[test]
fn a_record_of_another_format_or_a_newer_version_is_refused() {
    let doc_record = r#"{"format":"tagmark-doc","version":2,"id":1,"name":"a","source":"x"}"#;
    assert!(matches!(
        decode_preview(doc_record),
        Err(StoreError::NotTagmark {
            expected: "tagmark-preview",
            ..
        })
    ));
    let newer =
        r#"{"format":"tagmark-preview","version":99,"doc":1,"text":"","spans":[],"colors":[]}"#;
    assert!(matches!(
        decode_preview(newer),
        Err(StoreError::Newer { version: 99, .. })
    ));
    assert!(decode_preview("{\"format\":\"tagmark-preview\"").is_err());
}
