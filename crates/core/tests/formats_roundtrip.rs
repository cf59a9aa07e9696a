//! Property tests: document → format → document is the identity, for every
//! format, over generated documents with emoji (👨🏻‍🚒), CJK, combining marks,
//! `\r\n`, leading and trailing whitespace and nested (and, where the format
//! holds them, crossing) spans, in every offset unit.

use proptest::prelude::*;
use tagmark_core::format::{self, Format, InputFile, NamedDocument, ReadOptions, WriteOptions};
use tagmark_core::{Document, OffsetUnit, Span};

const PIECES: &[&str] = &[
    "👨🏻‍🚒",
    "😊",
    "日本語",
    "中",
    "e\u{301}",
    "n\u{303}a",
    "\r\n",
    "\n",
    "\r",
    " ",
    "  ",
    "\t",
    "a",
    "firetrucks",
    "x y",
    "\u{a0}",
    "5\u{202f}000",
    "\u{1f}",
    "\u{2028}",
    ",",
    ".",
    "<",
    "&lt;",
    "&",
    "\"",
    "\\",
    "naïve",
    "Zürich",
    "<b>",
    "{",
    "]",
];
const LABELS: &[&str] = &["PER", "ORG", "loc", "B-x", "a_1"];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
}

/// A document with arbitrary spans (nested and crossing) on character boundaries.
fn any_doc() -> impl Strategy<Value = Document> {
    text()
        .prop_flat_map(|t| {
            let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
            let n = bounds.len();
            let spans = prop::collection::vec((0..n, 0..n, prop::sample::select(LABELS)), 0..8);
            (Just(t), Just(bounds), spans)
        })
        .prop_map(|(t, bounds, raw)| {
            let mut spans: Vec<Span> = Vec::new();
            for (a, b, l) in raw {
                let (s, e) = (bounds[a.min(b)], bounds[a.max(b)]);
                let span = Span::new(s, e, l);
                if s < e && !spans.contains(&span) {
                    spans.push(span);
                }
            }
            let mut doc = Document { text: t, spans };
            doc.sort_spans();
            doc
        })
}

/// Like [`any_doc`], without crossing pairs (what inline tags hold).
fn nested_doc() -> impl Strategy<Value = Document> {
    any_doc().prop_map(|mut doc| {
        let mut kept: Vec<Span> = Vec::new();
        for s in doc.spans.drain(..) {
            if !kept.iter().any(|k| k.crosses(&s)) {
                kept.push(s);
            }
        }
        doc.spans = kept;
        doc.sort_spans();
        doc
    })
}

fn units() -> impl Strategy<Value = OffsetUnit> {
    prop::sample::select(vec![
        OffsetUnit::Codepoints,
        OffsetUnit::Utf16,
        OffsetUnit::Bytes,
    ])
}

/// Writes `doc` as `format` and reads it back.
fn round_trip(
    format: Format,
    doc: &Document,
    unit: OffsetUnit,
) -> (Vec<NamedDocument>, Vec<String>) {
    let named = NamedDocument::new("doc", doc.clone());
    let written = format::write(
        format,
        &[named],
        &WriteOptions {
            offsets: Some(unit),
            ..WriteOptions::default()
        },
    );
    let inputs: Vec<InputFile> = written
        .into_files("doc", format)
        .into_iter()
        .map(|f| InputFile::new(f.name, f.content))
        .collect();
    // brat has no room for the unit: read it with the unit it was written in. The
    // others say theirs when it is not their format's default, which reading assumes.
    let read_unit = if format == Format::Brat {
        Some(unit)
    } else {
        None
    };
    let all = format::read_files(&inputs, Some(format), &ReadOptions { offsets: read_unit });
    let errors = all.read.errors.iter().map(|e| e.to_string()).collect();
    (all.read.docs, errors)
}

/// What `format` holds of `doc`: all of it, except that brat fragments hold no
/// line break, so a span loses the line breaks at its edges (and one of line
/// breaks only is left out, with a warning).
fn held(format: Format, doc: &Document) -> Document {
    if format != Format::Brat {
        return doc.clone();
    }
    let spans: Vec<Span> = doc
        .spans
        .iter()
        .filter_map(|s| {
            let f = format::brat::fragments(&doc.text, s.start..s.end);
            Some(Span::new(f.first()?.start, f.last()?.end, s.label.clone()))
        })
        .collect();
    let mut held = Document {
        text: doc.text.clone(),
        spans,
    };
    held.sort_spans();
    held
}

fn check(format: Format, doc: &Document, unit: OffsetUnit) -> Result<(), TestCaseError> {
    let (docs, errors) = round_trip(format, doc, unit);
    prop_assert!(errors.is_empty(), "{format}: {errors:?}");
    prop_assert_eq!(docs.len(), 1);
    prop_assert_eq!(
        &docs[0].document,
        &held(format, doc),
        "{} in {}",
        format,
        unit
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn doccano_round_trips(doc in any_doc(), unit in units()) { check(Format::Doccano, &doc, unit)?; }

    #[test]
    fn prodigy_round_trips(doc in any_doc(), unit in units()) { check(Format::Prodigy, &doc, unit)?; }

    #[test]
    fn spacy_round_trips(doc in any_doc(), unit in units()) { check(Format::Spacy, &doc, unit)?; }

    #[test]
    fn label_studio_round_trips(doc in any_doc(), unit in units()) { check(Format::LabelStudio, &doc, unit)?; }

    #[test]
    fn brat_round_trips(doc in any_doc(), unit in units()) { check(Format::Brat, &doc, unit)?; }

    #[test]
    fn inline_round_trips(doc in nested_doc()) { check(Format::Inline, &doc, OffsetUnit::Codepoints)?; }

    /// Several documents in one JSONL/JSON file come back in order.
    #[test]
    fn many_documents_round_trip(docs in prop::collection::vec(any_doc(), 0..5), unit in units()) {
        for format in [Format::Doccano, Format::Prodigy, Format::Spacy, Format::LabelStudio] {
            let named: Vec<NamedDocument> = docs.iter().map(|d| NamedDocument::new("d", d.clone())).collect();
            let out = format::write(format, &named, &WriteOptions { offsets: Some(unit), ..WriteOptions::default() }).into_text();
            let read = format::read(format, "x.json", &out, &ReadOptions::default());
            prop_assert!(read.errors.is_empty(), "{format}: {:?}", read.errors);
            let back: Vec<Document> = read.docs.into_iter().map(|d| d.document).collect();
            prop_assert_eq!(&back, &docs, "{}", format);
        }
    }

    /// Prodigy spans align with the tokens written, `token_end` inclusive.
    #[test]
    fn prodigy_spans_align_with_tokens(doc in any_doc()) {
        let out = format::write(Format::Prodigy, &[NamedDocument::new("d", doc)], &WriteOptions::default()).into_text();
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        let tokens = v["tokens"].as_array().unwrap();
        for s in v["spans"].as_array().unwrap() {
            let ts = s["token_start"].as_u64().unwrap() as usize;
            let te = s["token_end"].as_u64().unwrap() as usize;
            prop_assert_eq!(&tokens[ts]["start"], &s["start"]);
            prop_assert_eq!(&tokens[te]["end"], &s["end"]);
        }
    }

    /// Prodigy tokens rebuild the text as spaCy's `Doc(words, spaces)` does: each
    /// token's text, then one space when `ws`; no token is empty.
    #[test]
    fn prodigy_tokens_rebuild_the_text(doc in any_doc()) {
        let text = doc.text.clone();
        let out = format::write(Format::Prodigy, &[NamedDocument::new("d", doc)], &WriteOptions::default()).into_text();
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        let mut rebuilt = String::new();
        for t in v["tokens"].as_array().unwrap() {
            let word = t["text"].as_str().unwrap();
            prop_assert!(!word.is_empty());
            rebuilt.push_str(word);
            if t["ws"].as_bool().unwrap() {
                rebuilt.push(' ');
            }
        }
        prop_assert_eq!(rebuilt, text);
    }

    /// Every CoNLL token is one field to Python's `str.split()`.
    #[test]
    fn conll_tokens_hold_no_python_whitespace(doc in any_doc()) {
        let out = format::write(Format::Conll, &[NamedDocument::new("d", doc)], &WriteOptions::default()).into_text();
        for line in out.lines().filter(|l| !l.is_empty()) {
            // Python's str.isspace(), written out here rather than taken from the crate under test.
            let python_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
            let fields: Vec<&str> = line.split(python_space).filter(|f| !f.is_empty()).collect();
            prop_assert_eq!(fields.len(), 2, "{:?}", line);
        }
    }
}

/// CoNLL holds token sequences: single spaces between tokens, a line break
/// between sentences, non-overlapping spans of whole tokens.
fn conll_doc() -> impl Strategy<Value = Document> {
    // Each entry is one UAX #29 word.
    let word = prop::sample::select(vec![
        "👨🏻‍🚒",
        "firetrucks",
        "日",
        "e\u{301}te",
        "naïve",
        "2.5",
        ",",
        "Thrun",
        "😊",
        "can't",
        "-",
    ]);
    let sentence = prop::collection::vec(
        (
            word,
            prop::option::weighted(0.3, prop::sample::select(LABELS)),
            1..3usize,
        ),
        1..6,
    );
    prop::collection::vec(sentence, 1..4).prop_map(|sentences| {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (si, sentence) in sentences.iter().enumerate() {
            if si > 0 {
                text.push('\n');
            }
            for (wi, (word, label, len)) in sentence.iter().enumerate() {
                if wi > 0 {
                    text.push(' ');
                }
                let start = text.len();
                for k in 0..*len {
                    if k > 0 {
                        text.push(' ');
                    }
                    text.push_str(word);
                }
                if let Some(l) = label {
                    spans.push(Span::new(start, text.len(), *l));
                }
            }
        }
        Document { text, spans }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn conll_round_trips(doc in conll_doc(), scheme in prop::sample::select(vec![
        format::ConllScheme::Iob2, format::ConllScheme::Bilou, format::ConllScheme::Iobes,
    ])) {
        let named = NamedDocument::new("d", doc.clone());
        let written = format::write(Format::Conll, &[named], &WriteOptions { scheme, ..WriteOptions::default() });
        prop_assert!(written.warnings.is_empty(), "{:?}", written.warnings);
        let read = format::read(Format::Conll, "d.conll", &written.into_text(), &ReadOptions::default());
        prop_assert!(read.errors.is_empty(), "{:?}", read.errors);
        prop_assert_eq!(read.docs.len(), 1);
        prop_assert_eq!(&read.docs[0].document, &doc);
    }

    /// Anything written as CoNLL reads back with every kept span's text, and
    /// every span left out or changed is reported.
    #[test]
    fn conll_reports_what_it_cannot_hold(doc in any_doc()) {
        let named = NamedDocument::new("d", doc.clone());
        let written = format::write(Format::Conll, &[named], &WriteOptions::default());
        let warned = written.warnings.len();
        let read = format::read(Format::Conll, "d.conll", &written.into_text(), &ReadOptions::default());
        prop_assert!(read.errors.is_empty(), "{:?}", read.errors);
        let back: Vec<(String, String)> = read.docs.first().map_or(Vec::new(), |d| {
            d.document.spans.iter().map(|s| (s.label.clone(), d.document.span_text(s).to_string())).collect()
        });
        // Every span read back is one written, with its text: the same characters, as
        // tokens (CoNLL holds no whitespace, and a word may be split where another span ends).
        let squeeze = |t: &str| t.chars().filter(|c| !tagmark_core::tokenize::is_space_char(*c)).collect::<String>();
        let mut written: Vec<(String, String)> =
            doc.spans.iter().map(|s| (s.label.clone(), squeeze(doc.span_text(s)))).collect();
        for (label, text) in &back {
            let found = written.iter().position(|(l, t)| l == label && *t == squeeze(text));
            prop_assert!(found.is_some(), "span {:?} {:?} read back is none of those written: {:?}", label, text, doc.spans);
            if let Some(i) = found {
                written.swap_remove(i);
            }
        }
        let candidates = doc.spans.iter().filter(|s| !doc.span_text(s).trim().is_empty()).count();
        prop_assert!(back.len() + warned >= candidates.min(doc.spans.len()),
            "{} spans back, {} warnings, {} spans", back.len(), warned, doc.spans.len());
    }
}

#[test]
fn several_docs_in_conll_are_separated_by_docstart() {
    let docs = vec![
        NamedDocument::new(
            "a",
            Document::with_spans("x y", vec![Span::new(0, 1, "A")]).unwrap(),
        ),
        NamedDocument::new(
            "b",
            Document::with_spans("z", vec![Span::new(0, 1, "B")]).unwrap(),
        ),
    ];
    let out = format::write(Format::Conll, &docs, &WriteOptions::default()).into_text();
    assert_eq!(out, "x\tB-A\ny\tO\n\n-DOCSTART- -X- O O\n\nz\tB-B\n\n");
    let read = format::read(Format::Conll, "ab.conll", &out, &ReadOptions::default());
    let back: Vec<Document> = read.docs.into_iter().map(|d| d.document).collect();
    assert_eq!(
        back,
        docs.into_iter().map(|d| d.document).collect::<Vec<_>>()
    );
}

/// Input made of pieces of every format's syntax, shuffled: readers and
/// detection must never panic, whatever they are given.
fn junk() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"text\"",
        "\"label\"",
        "\"spans\"",
        "\"tokens\"",
        "\"start\"",
        "\"end\"",
        "\"token_start\"",
        "\"token_end\"",
        "\"data\"",
        "\"annotations\"",
        "\"result\"",
        "\"value\"",
        "\"labels\"",
        "\"ents\"",
        "\"entities\"",
        "\"meta\"",
        "\"offsets\"",
        "\"utf16\"",
        "0",
        "1",
        "-1",
        "3",
        "99",
        "1.5",
        "null",
        "\"😊\"",
        "\"x\"",
        "\n",
        "\t",
        " ",
        "T1",
        "R1",
        "Org",
        ";",
        "B-PER",
        "I-PER",
        "O",
        "-DOCSTART-",
        "<a>",
        "</a>",
        "👨🏻‍🚒",
        "e\u{301}",
        "\r\n",
        "\\",
        "\"",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn readers_never_panic(input in junk(), other in junk()) {
        let opts = ReadOptions::default();
        let _ = format::detect("x", &input);
        for f in Format::ALL {
            let _ = format::read(f, "x.json", &input, &opts);
        }
        let _ = format::brat::read("x.txt", &other, Some(&input), &opts);
        let _ = format::read_files(&[InputFile::new("x.ann", input.clone()), InputFile::new("x.txt", other)], None, &opts);
    }

    /// Writers take any document, even one with spans that do not fit its text.
    #[test]
    fn writers_never_panic(doc in any_doc(), junk_spans in prop::collection::vec((0..40usize, 0..40usize, "[a-z ]{0,3}"), 0..4)) {
        let mut doc = doc;
        doc.spans.extend(junk_spans.into_iter().map(|(s, e, l)| Span::new(s, e, l)));
        let docs = [NamedDocument::new("d", doc)];
        for f in Format::ALL {
            for unit in [OffsetUnit::Codepoints, OffsetUnit::Utf16, OffsetUnit::Bytes] {
                let _ = format::write(f, &docs, &WriteOptions { offsets: Some(unit), ..WriteOptions::default() });
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Real output with one offset changed or cut short reads without a panic,
    /// and every problem comes with the file's name.
    #[test]
    fn damaged_files_give_errors_not_panics(doc in any_doc(), at in 0usize..10_000, digit in 0u8..10, cut in any::<bool>()) {
        let docs = [NamedDocument::new("d", doc)];
        for f in Format::ALL {
            let files = format::write(f, &docs, &WriteOptions::default()).into_files("d", f);
            let inputs: Vec<InputFile> = files
                .into_iter()
                .map(|o| {
                    let mut c = o.content;
                    let digits: Vec<usize> = c.char_indices().filter(|(_, ch)| ch.is_ascii_digit()).map(|(i, _)| i).collect();
                    if cut {
                        let mut p = at % (c.len() + 1);
                        while !c.is_char_boundary(p) { p -= 1; }
                        c.truncate(p);
                    } else if !digits.is_empty() {
                        let i = digits[at % digits.len()];
                        c.replace_range(i..i + 1, &format!("{digit}{digit}"));
                    }
                    InputFile::new(o.name, c)
                })
                .collect();
            let all = format::read_files(&inputs, Some(f), &ReadOptions::default());
            for e in &all.read.errors {
                prop_assert!(e.to_string().starts_with("d."), "{}", e);
            }
        }
    }
}

/// Prodigy's `answer` is written only when it is known (a review status or the
/// source's), and read back as it was.
#[test]
fn prodigy_answer_only_when_known() {
    let doc = Document {
        text: "Ada met Bob".into(),
        spans: vec![Span::new(0, 3, "PER")],
    };
    let write = |answer: Option<&str>| {
        let mut named = NamedDocument::new("d", doc.clone());
        named.meta.answer = answer.map(str::to_string);
        let out = format::write(Format::Prodigy, &[named], &WriteOptions::default());
        out.into_files("d", Format::Prodigy).remove(0).content
    };
    let unreviewed = write(None);
    assert!(!unreviewed.contains("\"answer\""), "{unreviewed}");
    for answer in ["accept", "reject", "ignore"] {
        let line = write(Some(answer));
        assert!(line.contains(&format!("\"answer\":\"{answer}\"")), "{line}");
        let read = format::read_files(
            &[InputFile::new("d.jsonl", line)],
            Some(Format::Prodigy),
            &ReadOptions::default(),
        );
        assert_eq!(read.read.docs[0].meta.answer.as_deref(), Some(answer));
    }
}
