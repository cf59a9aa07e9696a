//! Fixture tests: files written by the tools that own each format (copied from
//! `../shared/fixtures/` into `tests/fixtures/`, see its README) load with the
//! spans their authors meant; the offset examples from peers' bug trackers hold.

use std::path::PathBuf;

use tagmark_core::format::{
    self, detect, Format, InputFile, NamedDocument, Read, ReadOptions, WriteOptions,
};
use tagmark_core::{Document, OffsetUnit, Span};

fn fixture(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read_fixture(format: Format, path: &str) -> Read {
    format::read(format, path, &fixture(path), &ReadOptions::default())
}

/// (label, covered text) of every span.
fn spans(doc: &Document) -> Vec<(String, String)> {
    doc.spans
        .iter()
        .map(|s| (s.label.clone(), doc.span_text(s).to_string()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn one(text: &str, spans: Vec<Span>) -> Vec<NamedDocument> {
    vec![NamedDocument::new(
        "doc",
        Document::with_spans(text, spans).unwrap(),
    )]
}

// ---------------------------------------------------------------- offsets

const FIREMEN: &str = "👨🏻‍🚒 firemen drive firetrucks";

#[test]
fn firetrucks_offsets_in_every_unit() {
    let start = FIREMEN.find("firetrucks").unwrap();
    let docs = one(FIREMEN, vec![Span::new(start, start + 10, "VEHICLE")]);
    for (unit, (s, e)) in [
        (OffsetUnit::Codepoints, (19, 29)),
        (OffsetUnit::Utf16, (22, 32)),
        (OffsetUnit::Bytes, (30, 40)),
    ] {
        let opts = WriteOptions {
            offsets: Some(unit),
            ..WriteOptions::default()
        };
        let out = format::write(Format::Doccano, &docs, &opts).into_text();
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(
            v["label"][0],
            serde_json::json!([s, e, "VEHICLE"]),
            "{unit}: {out}"
        );
        if unit != OffsetUnit::Utf16 {
            assert_eq!(v["meta"]["offsets"], unit.name());
        } else {
            assert!(
                v.get("meta").is_none(),
                "UTF-16 is doccano's default and needs no note: {out}"
            );
        }
        // Read back honours the unit in the metadata.
        let back = format::read(Format::Doccano, "x.jsonl", &out, &ReadOptions::default());
        assert_eq!(back.docs[0].document, docs[0].document);
        // Every offset-carrying format, in every unit.
        for f in [Format::Prodigy, Format::Spacy, Format::LabelStudio] {
            let out = format::write(f, &docs, &opts).into_text();
            assert!(
                out.contains(&format!("\"start\":{s},\"end\":{e}")),
                "{f} {unit}: {out}"
            );
            let back = format::read(f, "x.json", &out, &ReadOptions::default());
            assert_eq!(back.docs[0].document, docs[0].document, "{f} {unit}");
        }
        let ann = format::brat::write_ann(&docs[0], &opts, &mut Vec::new());
        assert_eq!(ann, format!("T1\tVEHICLE {s} {e}\tfiretrucks\n"));
    }
}

#[test]
fn doccano_utf16_by_default_as_doccano_counts() {
    let docs = one(FIREMEN, vec![Span::new(30, 40, "VEHICLE")]);
    let out = format::write(Format::Doccano, &docs, &WriteOptions::default()).into_text();
    assert_eq!(
        out,
        "{\"text\":\"👨🏻‍🚒 firemen drive firetrucks\",\"label\":[[22,32,\"VEHICLE\"]]}\n"
    );
    // Read with the same default.
    let back = format::read(Format::Doccano, "x.jsonl", &out, &ReadOptions::default());
    assert_eq!(back.docs[0].document, docs[0].document);
    // The other formats default to code points.
    for f in [Format::Prodigy, Format::Spacy, Format::LabelStudio] {
        assert_eq!(f.default_offsets(), OffsetUnit::Codepoints);
        let out = format::write(f, &docs, &WriteOptions::default()).into_text();
        assert!(out.contains("\"start\":19,\"end\":29"), "{f}: {out}");
    }
    // An offset inside a character in UTF-16 (between the halves of 😊) is an error with its line.
    let src =
        "{\"text\": \"ok\", \"label\": []}\n{\"text\": \"a😊b\", \"label\": [[2, 4, \"X\"]]}\n";
    let read = format::read(Format::Doccano, "s.jsonl", src, &ReadOptions::default());
    assert_eq!(read.errors.len(), 1, "{:?}", read.errors);
    assert_eq!(read.errors[0].line, Some(2));
    assert!(
        read.errors[0]
            .to_string()
            .starts_with("s.jsonl:2: the span `X` at 2..4 (utf16) does not fit the text"),
        "{}",
        read.errors[0]
    );
}

#[test]
fn smiley_offsets() {
    let text = "I like it 😊 .";
    let b = text.find('😊').unwrap();
    let docs = one(text, vec![Span::new(b, b + 4, "EMOJI")]);
    let cp = format::write(Format::Spacy, &docs, &WriteOptions::default()).into_text();
    assert!(cp.contains("\"start\":10,\"end\":11"), "{cp}");
    let u16 = format::write(
        Format::Spacy,
        &docs,
        &WriteOptions {
            offsets: Some(OffsetUnit::Utf16),
            ..Default::default()
        },
    )
    .into_text();
    assert!(u16.contains("\"start\":10,\"end\":12"), "{u16}");
}

#[test]
fn offsets_inside_a_character_or_out_of_range_are_errors_with_line() {
    let src = "{\"text\": \"ok\", \"label\": [[0, 2, \"A\"]]}\n\
               {\"text\": \"😊 x\", \"label\": [[0, 1, \"A\"], [3, 4, \"B\"]], \"meta\": {\"offsets\": \"utf16\"}}\n\
               {\"text\": \"abc\", \"label\": [[1, 9, \"A\"]]}\n\
               {\"text\": \"abc\", \"label\": [[2, 1, \"A\"]]}\n\
               not json\n";
    let read = format::read(Format::Doccano, "bad.jsonl", src, &ReadOptions::default());
    let messages: Vec<String> = read.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(
        messages[0].starts_with("bad.jsonl:2: ")
            && messages[0].contains("falls inside a character"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with("bad.jsonl:3: ")
            && messages[1].contains("past the end of the text"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].starts_with("bad.jsonl:4: ") && messages[2].contains("empty or reversed"),
        "{}",
        messages[2]
    );
    assert!(
        messages[3].starts_with("bad.jsonl:5:2: this is not valid JSON"),
        "{}",
        messages[3]
    );
    // Nothing else loaded is lost: four documents, with every good span.
    assert_eq!(read.docs.len(), 4);
    assert_eq!(spans(&read.docs[0].document), pairs(&[("A", "ok")]));
    assert_eq!(spans(&read.docs[1].document), pairs(&[("B", "x")]));
}

// ---------------------------------------------------------------- doccano

#[test]
fn doccano_example_with_a_record_without_text() {
    let read = read_fixture(Format::Doccano, "doccano/example.jsonl");
    assert_eq!(read.docs.len(), 2);
    assert_eq!(spans(&read.docs[0].document), pairs(&[("LOC", "e")]));
    assert!(read.docs[1].document.spans.is_empty());
    assert_eq!(read.docs[0].meta.meta["wikiPageID"], 1);
    assert_eq!(read.errors.len(), 1);
    assert_eq!(
        read.errors[0].to_string(),
        "doccano/example.jsonl:3: the record has no `text` field"
    );
}

#[test]
fn doccano_overlapping_keeps_both_and_warns() {
    let read = read_fixture(Format::Doccano, "doccano/example_overlapping.jsonl");
    assert!(read.errors.is_empty());
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[("LOC", "e"), ("LOC", "e")])
    );
    assert_eq!(read.warnings.len(), 1, "{:?}", read.warnings);
}

#[test]
fn doccano_export_example() {
    let read = read_fixture(Format::Doccano, "doccano/export_example.jsonl");
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    let all: Vec<_> = read.docs.iter().map(|d| spans(&d.document)).collect();
    assert_eq!(
        all,
        vec![
            pairs(&[("ORG", "EU"), ("MISC", "German")]),
            pairs(&[("PERSON", "Peter Blackburn")]),
            pairs(&[("PERSON", "Obama")])
        ]
    );
    // Written back, the same records (compact JSON).
    let out = format::write(Format::Doccano, &read.docs, &WriteOptions::default()).into_text();
    let want: Vec<serde_json::Value> = fixture("doccano/export_example.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(got, want);
}

#[test]
fn doccano_entities_variant_round_trips_with_relations() {
    let src = r#"{"id": 7, "text": "Obama was born in Hawaii", "entities": [{"id": 1, "label": "PER", "start_offset": 0, "end_offset": 5}, {"id": 2, "label": "LOC", "start_offset": 18, "end_offset": 24}], "relations": [{"id": 0, "from_id": 1, "to_id": 2, "type": "born_in"}]}"#;
    let read = format::read(Format::Doccano, "r.jsonl", src, &ReadOptions::default());
    assert!(read.errors.is_empty());
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[("PER", "Obama"), ("LOC", "Hawaii")])
    );
    let out = format::write(Format::Doccano, &read.docs, &WriteOptions::default()).into_text();
    let got: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let want: serde_json::Value = serde_json::from_str(src).unwrap();
    assert_eq!(got, want);
}

#[test]
fn doccano_conll_files() {
    let read = read_fixture(Format::Conll, "doccano/example.conll");
    assert!(read.errors.is_empty());
    assert_eq!(read.docs.len(), 1);
    assert_eq!(read.docs[0].document.text, "JAPAN GET\nNadim Ladki");
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[("LOC", "JAPAN"), ("PER", "Nadim Ladki")])
    );

    let read = read_fixture(Format::Conll, "doccano/labeling.trailing.conll");
    assert!(read.errors.is_empty());
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[("LOC", "JAPAN"), ("PER", "CHINA")])
    );

    // doccano rejects this file; so does tagmark, clearly, and keeps the rest.
    let read = read_fixture(Format::Conll, "doccano/labeling.invalid.conll");
    assert_eq!(read.errors.len(), 1);
    let message = read.errors[0].to_string();
    assert!(
        message.starts_with(
            "doccano/labeling.invalid.conll:1:17: `SOCCERO` is not a tag of a known scheme"
        ),
        "{message}"
    );
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[
            ("LOC", "JAPAN"),
            ("PER", "CHINA"),
            ("PER", "Nadim Ladki"),
            ("LOC", "AL-AIN"),
            ("LOC", "United Arab Emirates")
        ])
    );
}

// ---------------------------------------------------------------- spaCy CoNLL/IOB

#[test]
fn spacy_iob_files_in_four_layouts_mean_the_same() {
    let want = pairs(&[
        ("PERSON", "Sebastian Thrun"),
        ("ORG", "Google"),
        ("DATE", "2007"),
        ("NORP", "American"),
        ("PERSON", "Thrun"),
        ("ORG", "Recode"),
        ("DATE", "earlier this week"),
    ]);
    for file in [
        "spacy/ner-token-per-line.iob",
        "spacy/ner-token-per-line-with-pos.iob",
        "spacy/ner-token-per-line-conll2003.iob",
        "spacy/ner-sent-per-line.iob",
    ] {
        let content = fixture(file);
        assert_eq!(detect(file, &content).format, Format::Conll, "{file}");
        let read = format::read(Format::Conll, file, &content, &ReadOptions::default());
        assert!(read.errors.is_empty(), "{file}: {:?}", read.errors);
        assert_eq!(read.docs.len(), 1, "{file}");
        assert_eq!(spans(&read.docs[0].document), want, "{file}");
        assert!(
            read.docs[0]
                .document
                .text
                .starts_with("When Sebastian Thrun started"),
            "{file}"
        );
    }
}

#[test]
fn conll_schemes_written() {
    let doc = Document::with_spans(
        "Sebastian Thrun met Google",
        vec![Span::new(0, 15, "PER"), Span::new(20, 26, "ORG")],
    )
    .unwrap();
    let docs = vec![NamedDocument::new("d", doc)];
    let tags = |scheme| {
        let out = format::write(
            Format::Conll,
            &docs,
            &WriteOptions {
                scheme,
                ..Default::default()
            },
        )
        .into_text();
        out.lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').nth(1).unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        tags(format::ConllScheme::Iob2),
        ["B-PER", "I-PER", "O", "B-ORG"]
    );
    assert_eq!(
        tags(format::ConllScheme::Bilou),
        ["B-PER", "L-PER", "O", "U-ORG"]
    );
    assert_eq!(
        tags(format::ConllScheme::Iobes),
        ["B-PER", "E-PER", "O", "S-ORG"]
    );
}

#[test]
fn conll_reports_nested_and_unaligned_spans() {
    let doc = Document::with_spans(
        "the firetrucks of New York",
        vec![
            Span::new(4, 8, "PART"),
            Span::new(18, 26, "LOC"),
            Span::new(22, 26, "CITY"),
        ],
    )
    .unwrap();
    let written = format::write(
        Format::Conll,
        &[NamedDocument::new("d", doc)],
        &WriteOptions::default(),
    );
    let messages: Vec<String> = written.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`CITY` 22–26 \"York\" left out: it overlaps span `LOC`")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`PART` 4–8 \"fire\" does not align with the word \"firetrucks\"")),
        "{messages:#?}"
    );
    let text = written.into_text();
    assert!(
        text.starts_with("the\tO\nfire\tB-PART\ntrucks\tO\n"),
        "{text}"
    );
}

// ---------------------------------------------------------------- brat

#[test]
fn brat_introduction_keeps_every_line_kind() {
    let txt = fixture("brat/000-introduction.txt");
    let ann = fixture("brat/000-introduction.ann");
    let read = format::brat::read(
        "brat/000-introduction.txt",
        &txt,
        Some(&ann),
        &ReadOptions::default(),
    );
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    let doc = &read.docs[0];
    assert_eq!(doc.name, "000-introduction");
    assert_eq!(
        spans(&doc.document),
        pairs(&[
            ("Organization", "Citibank"),
            ("Transfer-money", "moving"),
            ("Money", "$100 million"),
            ("Person", "Raul Salinas de Gortari"),
            ("Person", "former Mexican president"),
            ("Organization", "banks"),
            ("GPE", "Switzerland"),
        ])
    );
    // Written back: the same .ann, byte for byte, and the same text.
    let files = format::write(Format::Brat, &read.docs, &WriteOptions::default())
        .into_files("x", Format::Brat);
    assert_eq!(files[0].name, "000-introduction.txt");
    assert_eq!(files[0].content, txt);
    assert_eq!(files[1].name, "000-introduction.ann");
    assert_eq!(files[1].content, ann);
}

#[test]
fn brat_ids_stay_and_dangling_lines_are_reported() {
    let txt = fixture("brat/000-introduction.txt");
    let ann = fixture("brat/000-introduction.ann");
    let mut read = format::brat::read(
        "000-introduction.txt",
        &txt,
        Some(&ann),
        &ReadOptions::default(),
    );
    let doc = &mut read.docs[0];
    // Drop "former Mexican president" (T5) and add a new span.
    let text = doc.document.text.clone();
    doc.document
        .spans
        .retain(|s| &text[s.start..s.end] != "former Mexican president");
    let at = doc.document.text.find("tutorial").unwrap();
    doc.document.insert_span(Span::new(at, at + 8, "Thing"));
    let mut warnings = Vec::new();
    let out = format::brat::write_ann(doc, &WriteOptions::default(), &mut warnings);
    assert!(out.contains("T7\tGPE 549 560\tSwitzerland\n"), "{out}");
    assert!(out.contains("T8\tThing "), "{out}");
    assert!(!out.contains("T5\t"));
    // R1, A3, A4 and N1 referred to T5.
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(warnings
        .iter()
        .all(|w| w.message.contains("refers to `T5`")));
    assert!(out.contains("E1\tTransfer-money:T3"));
}

#[test]
fn brat_empty_ann_and_discontinuous_spans() {
    let txt = fixture("brat/010-navigation.txt");
    let read = format::brat::read(
        "010-navigation.txt",
        &txt,
        Some(""),
        &ReadOptions::default(),
    );
    assert!(read.errors.is_empty() && read.docs[0].document.spans.is_empty());

    let text = "North and South America";
    let ann = "T1\tLocation 0 5;16 23\tNorth America\nT2\tLocation 10 23\tSouth America\nA1\tNegated T1\n";
    let read = format::brat::read("d.txt", text, Some(ann), &ReadOptions::default());
    assert!(read.errors.is_empty());
    assert_eq!(read.warnings.len(), 1);
    assert!(
        read.warnings[0].message.contains("discontinuous"),
        "{}",
        read.warnings[0]
    );
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[
            ("Location", "North"),
            ("Location", "South America"),
            ("Location", "America")
        ])
    );
    let out = format::brat::write_ann(&read.docs[0], &WriteOptions::default(), &mut Vec::new());
    assert_eq!(out, ann);
}

#[test]
fn brat_bad_lines_are_errors_with_line_numbers() {
    let read = format::brat::read(
        "d.txt",
        "abc",
        Some("T1\tX 0 1\ta\nT2\tX 0 9\tabc\nT3\tX zero\tq\n"),
        &ReadOptions::default(),
    );
    let m: Vec<String> = read.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].starts_with("d.ann:2: the span `X` at 0..9 (codepoints) does not fit the text"),
        "{}",
        m[0]
    );
    assert!(
        m[1].starts_with("d.ann:3: `T3`: `zero` is not a pair of offsets"),
        "{}",
        m[1]
    );
    assert_eq!(read.docs[0].document.spans.len(), 1);
}

#[test]
fn brat_pairs_by_name_from_either_file() {
    let inputs = vec![
        InputFile::new(
            "a/000-introduction.ann",
            fixture("brat/000-introduction.ann"),
        ),
        InputFile::new(
            "a/000-introduction.txt",
            fixture("brat/000-introduction.txt"),
        ),
    ];
    let all = format::read_files(&inputs, None, &ReadOptions::default());
    assert_eq!(all.detections.len(), 1);
    assert_eq!(all.detections[0].1.format, Format::Brat);
    assert_eq!(all.read.docs.len(), 1);
    assert_eq!(all.read.docs[0].document.spans.len(), 7);
    let alone = format::read_files(&inputs[..1], None, &ReadOptions::default());
    assert_eq!(alone.read.errors.len(), 1);
    assert!(
        alone.read.errors[0]
            .to_string()
            .contains("a/000-introduction.txt"),
        "{}",
        alone.read.errors[0]
    );
}

// ---------------------------------------------------------------- Prodigy

#[test]
fn prodigy_news_headlines() {
    let path = "prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl";
    let content = fixture(path);
    assert_eq!(detect(path, &content).format, Format::Prodigy);
    let read = format::read(Format::Prodigy, path, &content, &ReadOptions::default());
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(read.docs.len(), 373);
    assert_eq!(
        read.docs
            .iter()
            .map(|d| d.document.spans.len())
            .sum::<usize>(),
        303
    );
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[("ORG", "Uber"), ("LOCATION", "Silicon Valley")])
    );
    // Every span matches its tokens (token_end inclusive) in the source.
    assert_eq!(content.lines().count(), read.docs.len());
    for (line, doc) in content.lines().zip(&read.docs) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let tokens = v["tokens"].as_array().unwrap();
        let source_spans = v["spans"].as_array().cloned().unwrap_or_default();
        assert_eq!(source_spans.len(), doc.document.spans.len(), "{line}");
        for (s, span) in source_spans.iter().zip(&doc.document.spans) {
            let ts = s["token_start"].as_u64().unwrap() as usize;
            let te = s["token_end"].as_u64().unwrap() as usize;
            let from_tokens: Vec<&str> = tokens[ts..=te]
                .iter()
                .map(|t| t["text"].as_str().unwrap())
                .collect();
            assert!(doc.document.span_text(span).starts_with(from_tokens[0]));
            assert!(doc
                .document
                .span_text(span)
                .ends_with(from_tokens[from_tokens.len() - 1]));
        }
    }
    // Written back: the same tasks (tokens reused, hashes, meta and answer kept; ws added).
    let out = format::write(Format::Prodigy, &read.docs, &WriteOptions::default()).into_text();
    assert_eq!(out.lines().count(), content.lines().count());
    for (a, b) in content.lines().zip(out.lines()) {
        let want: serde_json::Value = serde_json::from_str(a).unwrap();
        let got: serde_json::Value = serde_json::from_str(b).unwrap();
        for key in [
            "text",
            "answer",
            "meta",
            "_input_hash",
            "_task_hash",
            "_view_id",
        ] {
            assert_eq!(got[key], want[key], "{key}");
        }
        let strip = |v: &serde_json::Value| {
            v.as_array().map(|a| {
                a.iter()
                    .map(|t| (t["start"].clone(), t["end"].clone(), t["text"].clone()))
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(strip(&got["tokens"]), strip(&want["tokens"]));
        let spans_of = |v: &serde_json::Value| {
            v.as_array().map(|a| {
                a.iter()
                    .map(|s| {
                        (
                            s["start"].clone(),
                            s["end"].clone(),
                            s["token_start"].clone(),
                            s["token_end"].clone(),
                            s["label"].clone(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            spans_of(&got["spans"]).unwrap_or_default(),
            spans_of(&want["spans"]).unwrap_or_default()
        );
    }
}

#[test]
fn prodigy_patterns_file_is_a_clear_error() {
    let path = "prodigy/patterns_countries-GPE.jsonl";
    let read = read_fixture(Format::Prodigy, path);
    assert!(read.docs.is_empty());
    assert!(!read.errors.is_empty());
    assert!(
        read.errors[0].to_string().contains("Prodigy patterns file"),
        "{}",
        read.errors[0]
    );
}

// ---------------------------------------------------------------- spaCy JSON

#[test]
fn spacy_v2_tuples_and_displacy_records() {
    let src = "[[\"Uber blew through $1 million\", {\"entities\": [[0, 4, \"ORG\"], [18, 28, \"MONEY\"]]}],\n [\"Google rebrands\", {\"entities\": [[0, 6, \"ORG\"]]}]]";
    assert_eq!(detect("train.json", src).format, Format::Spacy);
    let read = format::read(Format::Spacy, "train.json", src, &ReadOptions::default());
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[("ORG", "Uber"), ("MONEY", "$1 million")])
    );
    assert_eq!(read.docs[1].name, "train-2");
    let out = format::write(Format::Spacy, &read.docs[..1], &WriteOptions::default()).into_text();
    assert_eq!(
        out,
        "{\"text\":\"Uber blew through $1 million\",\"ents\":[{\"start\":0,\"end\":4,\"label\":\"ORG\"},{\"start\":18,\"end\":28,\"label\":\"MONEY\"}]}\n"
    );
}

// ---------------------------------------------------------------- Label Studio

const LS_TASKS: &str = r#"[
  {"id": 1, "data": {"text": "Opossums like to be aloft in trees."},
   "annotations": [{"id": 11, "completed_by": 1, "result": [
     {"id": "abc", "from_name": "label", "to_name": "text", "type": "labels",
      "value": {"start": 0, "end": 8, "text": "Opossums", "labels": ["Animal"]}},
     {"id": "def", "from_name": "label", "to_name": "text", "type": "labels",
      "value": {"start": 29, "end": 34, "text": "trees", "labels": ["Plant"]}},
     {"from_id": "abc", "to_id": "def", "type": "relation", "direction": "right"}]}]},
  {"id": 2, "data": {"text": "💩This is an annotation."},
   "predictions": [{"model_version": "v1", "result": [
     {"id": "p1", "from_name": "ner", "to_name": "text", "type": "labels",
      "value": {"start": 13, "end": 23, "text": "annotation", "labels": ["Thing"]}}]}]}
]"#;

#[test]
fn label_studio_annotations_predictions_and_utf16_fallback() {
    assert_eq!(detect("export.json", LS_TASKS).format, Format::LabelStudio);
    let read = format::read(
        Format::LabelStudio,
        "export.json",
        LS_TASKS,
        &ReadOptions::default(),
    );
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[("Animal", "Opossums"), ("Plant", "trees")])
    );
    // HumanSignal/label-studio#1347: UTF-16 offsets after an emoji; the region text tells.
    assert_eq!(
        spans(&read.docs[1].document),
        pairs(&[("Thing", "annotation")])
    );
    assert_eq!(read.warnings.len(), 1);
    assert!(
        read.warnings[0].message.contains("read as utf16"),
        "{}",
        read.warnings[0]
    );
    // Written back: relation, ids, from_name and predictions kept; offsets now in code points.
    let out = format::write(Format::LabelStudio, &read.docs, &WriteOptions::default()).into_text();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let result = &v[0]["annotations"][0]["result"];
    assert_eq!(result[0]["id"], "abc");
    assert_eq!(result[2]["type"], "relation");
    assert_eq!(v[0]["annotations"][0]["completed_by"], 1);
    let p = &v[1]["predictions"][0];
    assert_eq!(p["model_version"], "v1");
    assert_eq!(p["result"][0]["from_name"], "ner");
    assert_eq!(p["result"][0]["value"]["start"], 12);
    assert_eq!(p["result"][0]["value"]["end"], 22);
}

#[test]
fn label_studio_json_min() {
    let src = r#"[{"id": 5, "text": "Opossums like trees.", "label": [{"start": 0, "end": 8, "text": "Opossums", "labels": ["Animal"]}], "annotator": 1, "lead_time": 3.2}]"#;
    assert_eq!(detect("min.json", src).format, Format::LabelStudio);
    let read = format::read(
        Format::LabelStudio,
        "min.json",
        src,
        &ReadOptions::default(),
    );
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[("Animal", "Opossums")])
    );
}

#[test]
fn gen_docs_outputs_agree() {
    // Written by ../shared/bench/gen_docs.py --sizes small --astral (emoji in the text):
    // inline, doccano (code points, so read as such: doccano's default is UTF-16) and
    // Label Studio (UTF-16) hold the same spans.
    let inline = read_fixture(Format::Inline, "gen_docs/small.txt");
    assert!(inline.errors.is_empty());
    let want = spans(&inline.docs[0].document);
    assert_eq!(want.len(), 10);
    let path = "gen_docs/small.doccano.jsonl";
    let doccano = format::read(
        Format::Doccano,
        path,
        &fixture(path),
        &ReadOptions {
            offsets: Some(OffsetUnit::Codepoints),
        },
    );
    assert!(doccano.errors.is_empty());
    assert_eq!(spans(&doccano.docs[0].document), want);
    for f in ["gen_docs/small.ls.json", "gen_docs/small.ls_pred.json"] {
        let ls = read_fixture(Format::LabelStudio, f);
        assert!(ls.errors.is_empty(), "{f}: {:?}", ls.errors);
        assert_eq!(spans(&ls.docs[0].document), want, "{f}");
    }
}

// ---------------------------------------------------------------- inline

#[test]
fn inline_crossing_spans_are_reported_on_export() {
    let doc =
        Document::with_spans("abcdef", vec![Span::new(0, 4, "a"), Span::new(2, 6, "b")]).unwrap();
    let written = format::write(
        Format::Inline,
        &[NamedDocument::new("x", doc)],
        &WriteOptions::default(),
    );
    assert_eq!(written.warnings.len(), 1);
    assert_eq!(
        written.warnings[0].to_string(),
        "x: span `b` 2–6 \"cdef\" left out: it crosses span `a` 0–4 \"abcd\", and inline tags can only nest"
    );
    assert_eq!(
        written.into_files("x", Format::Inline)[0].content,
        "<a>abcd</a>ef"
    );
}

#[test]
fn seed_exports_to_every_format_and_back() {
    let read = format::read(
        Format::Inline,
        "seed.txt",
        tagmark_core::EXAMPLE_SEED,
        &ReadOptions::default(),
    );
    let doc = &read.docs[0];
    assert_eq!(doc.document.spans.len(), 11);
    for f in Format::ALL {
        let written = format::write(f, &read.docs, &WriteOptions::default());
        assert!(written.warnings.is_empty(), "{f}: {:?}", written.warnings);
        let inputs: Vec<InputFile> = written
            .into_files("seed", f)
            .into_iter()
            .map(|o| InputFile::new(o.name, o.content))
            .collect();
        let all = format::read_files(&inputs, None, &ReadOptions::default());
        assert_eq!(
            all.detections[0].1.format, f,
            "detected {:?}",
            all.detections
        );
        assert!(all.read.errors.is_empty(), "{f}: {:?}", all.read.errors);
        if f == Format::Conll {
            // CoNLL rebuilds the text from tokens: `NeuraScale-9` comes back as `NeuraScale - 9`.
            let squeeze = |v: Vec<(String, String)>| {
                v.into_iter()
                    .map(|(l, t)| (l, t.replace(' ', "")))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                squeeze(spans(&all.read.docs[0].document)),
                squeeze(spans(&doc.document))
            );
        } else {
            assert_eq!(all.read.docs[0].document, doc.document, "{f}");
        }
    }
}

// ------------------------------------------------- relations to removed spans

#[test]
fn relations_to_removed_spans_are_left_out_and_reported() {
    // doccano: removing Hawaii leaves the relation dangling.
    let src = r#"{"id": 7, "text": "Obama was born in Hawaii", "entities": [{"id": 1, "label": "PER", "start_offset": 0, "end_offset": 5}, {"id": 2, "label": "LOC", "start_offset": 18, "end_offset": 24}], "relations": [{"id": 0, "from_id": 1, "to_id": 2, "type": "born_in"}]}"#;
    let mut read = format::read(Format::Doccano, "r.jsonl", src, &ReadOptions::default());
    read.docs[0].document.spans.pop();
    let written = format::write(Format::Doccano, &read.docs, &WriteOptions::default());
    assert_eq!(written.warnings.len(), 1);
    assert!(
        written.warnings[0].message.contains("refers to entity `2`"),
        "{}",
        written.warnings[0]
    );
    let v: serde_json::Value = serde_json::from_str(written.into_text().trim()).unwrap();
    assert_eq!(v["relations"], serde_json::json!([]));
    assert_eq!(v["entities"][0]["id"], 1);

    // Label Studio: removing the trees region does the same.
    let mut read = format::read(
        Format::LabelStudio,
        "export.json",
        LS_TASKS,
        &ReadOptions::default(),
    );
    read.docs[0].document.spans.pop();
    let written = format::write(
        Format::LabelStudio,
        &read.docs[..1],
        &WriteOptions::default(),
    );
    assert_eq!(written.warnings.len(), 1);
    assert!(
        written.warnings[0]
            .message
            .contains("refers to region `def`"),
        "{}",
        written.warnings[0]
    );
    let v: serde_json::Value = serde_json::from_str(&written.into_text()).unwrap();
    let result = v[0]["annotations"][0]["result"].as_array().unwrap();
    assert_eq!(result.len(), 1);
    assert_eq!(result[0]["id"], "abc");
}

// ---------------------------------------------------------------- what the owners' readers need

#[test]
fn brat_span_across_line_breaks_is_written_as_fragments_and_read_as_one() {
    for (text, frags) in [
        (
            "on 512 NVIDIA\nA100 GPUs",
            "3 13;14 23\t512 NVIDIA A100 GPUs",
        ),
        (
            "on 512 NVIDIA\r\nA100 GPUs",
            "3 13;15 24\t512 NVIDIA A100 GPUs",
        ),
        (
            "on 512 NVIDIA\r\r\nA100\tGPUs",
            "3 13;16 25\t512 NVIDIA A100\tGPUs",
        ),
    ] {
        let docs = one(text, vec![Span::new(3, text.len(), "hardware")]);
        let mut warnings = Vec::new();
        let ann = format::brat::write_ann(&docs[0], &WriteOptions::default(), &mut warnings);
        assert_eq!(ann, format!("T1\thardware {frags}\n"), "{text:?}");
        assert!(warnings.is_empty(), "{warnings:?}");
        let read = format::brat::read("d.txt", text, Some(&ann), &ReadOptions::default());
        assert!(
            read.errors.is_empty() && read.warnings.is_empty(),
            "{:?} {:?}",
            read.errors,
            read.warnings
        );
        assert_eq!(read.docs[0].document, docs[0].document, "{text:?}");
    }
    // Line breaks at a span's edges cannot be in a fragment: written without them, and said so.
    let docs = one(
        "a\nb\n",
        vec![
            Span::new(0, 2, "X"),
            Span::new(2, 4, "Y"),
            Span::new(1, 2, "Z"),
        ],
    );
    let mut warnings = Vec::new();
    let ann = format::brat::write_ann(&docs[0], &WriteOptions::default(), &mut warnings);
    assert_eq!(ann, "T1\tX 0 1\ta\nT2\tY 2 3\tb\n");
    let messages: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].contains("`X` 0–2")
            && messages[0].contains("without the line breaks at its edges"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`Z` 1–2")
            && messages[1].contains("left out: it covers only line breaks"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("`Y` 2–4")
            && messages[2].contains("without the line breaks at its edges"),
        "{messages:?}"
    );
}

#[test]
fn label_studio_tasks_and_annotations_have_ids() {
    let mut a = one("x y", vec![Span::new(0, 1, "A")]).remove(0);
    let b = one("z", vec![]).remove(0);
    let mut c = one("w", vec![]).remove(0);
    a.meta.id = Some(serde_json::json!(7));
    c.meta.id = Some(serde_json::json!("task-c"));
    let out = format::write(Format::LabelStudio, &[a, b, c], &WriteOptions::default()).into_text();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&serde_json::Value> = v.as_array().unwrap().iter().map(|t| &t["id"]).collect();
    // Kept ids stay; a new one comes after every number written before it.
    assert_eq!(
        ids,
        [
            &serde_json::json!(7),
            &serde_json::json!(8),
            &serde_json::json!("task-c")
        ]
    );
    let ann_ids: Vec<&serde_json::Value> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["annotations"][0]["id"])
        .collect();
    assert_eq!(
        ann_ids,
        [
            &serde_json::json!(1),
            &serde_json::json!(2),
            &serde_json::json!(3)
        ]
    );
    // Read back and written again, the ids are the same.
    let read = format::read(Format::LabelStudio, "t.json", &out, &ReadOptions::default());
    let again =
        format::write(Format::LabelStudio, &read.docs, &WriteOptions::default()).into_text();
    let w: serde_json::Value = serde_json::from_str(&again).unwrap();
    for (t, u) in v.as_array().unwrap().iter().zip(w.as_array().unwrap()) {
        assert_eq!(
            (&t["id"], &t["annotations"][0]["id"]),
            (&u["id"], &u["annotations"][0]["id"])
        );
    }
}

#[test]
fn spacy_doc_to_json_is_spacy_and_unread_span_fields_are_reported() {
    // What spaCy 3.8's Doc.to_json() gives for "Uber in Paris" with two entities.
    let src = r#"{"text":"Uber in Paris","ents":[{"start":0,"end":4,"label":"ORG"},{"start":8,"end":13,"label":"GPE"}],"sents":[{"start":0,"end":13}],"tokens":[{"id":0,"start":0,"end":4,"tag":"","pos":"","morph":"","lemma":"","dep":"","head":0},{"id":1,"start":5,"end":7,"tag":"","pos":"","morph":"","lemma":"","dep":"","head":1},{"id":2,"start":8,"end":13,"tag":"","pos":"","morph":"","lemma":"","dep":"","head":2}]}"#;
    assert_eq!(detect("doc.jsonl", src).format, Format::Spacy);
    let read = format::read(Format::Spacy, "doc.jsonl", src, &ReadOptions::default());
    assert_eq!(
        spans(&read.docs[0].document),
        pairs(&[("ORG", "Uber"), ("GPE", "Paris")])
    );
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    // Read as Prodigy (as asked), the `ents` are not read: said, not silent.
    let read = format::read(Format::Prodigy, "doc.jsonl", src, &ReadOptions::default());
    assert!(read.docs[0].document.spans.is_empty());
    assert_eq!(read.warnings.len(), 1, "{:?}", read.warnings);
    assert!(
        read.warnings[0].to_string().starts_with(
            "doc.jsonl:1: the record's `ents` field (2 item(s)) is not read by the prodigy reader"
        ),
        "{}",
        read.warnings[0]
    );
}

#[test]
fn prodigy_tokens_rebuild_the_text_as_spacy_does() {
    let text = "  A\r\nB  c\n";
    let docs = one(text, vec![Span::new(5, 6, "X"), Span::new(8, 9, "Y")]);
    let out = format::write(Format::Prodigy, &docs, &WriteOptions::default()).into_text();
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let tokens = v["tokens"].as_array().unwrap();
    let words: Vec<(&str, bool)> = tokens
        .iter()
        .map(|t| (t["text"].as_str().unwrap(), t["ws"].as_bool().unwrap()))
        .collect();
    // spaCy's layout: one space after a token is its `ws`; other whitespace is a token.
    assert_eq!(
        words,
        [
            ("  ", false),
            ("A", false),
            ("\r\n", false),
            ("B", true),
            (" ", false),
            ("c", false),
            ("\n", false)
        ]
    );
    let rebuilt: String = words
        .iter()
        .map(|(w, ws)| format!("{w}{}", if *ws { " " } else { "" }))
        .collect();
    assert_eq!(rebuilt, text);
    let spans: Vec<(u64, u64)> = v["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["token_start"].as_u64().unwrap(),
                s["token_end"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(spans, [(3, 3), (5, 5)]);
}

#[test]
fn conll_splits_on_what_python_splits_on() {
    let text = "5\u{202f}000 a\u{1f}b";
    let docs = one(text, vec![Span::new(0, text.find(' ').unwrap(), "NUM")]);
    let out = format::write(Format::Conll, &docs, &WriteOptions::default()).into_text();
    assert_eq!(out, "5\tB-NUM\n000\tI-NUM\na\tO\nb\tO\n\n");
    // And reads `token TAG` split on them.
    let read = format::read(
        Format::Conll,
        "x.conll",
        "5\u{202f}B-NUM\n000\u{1f}I-NUM\n",
        &ReadOptions::default(),
    );
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(spans(&read.docs[0].document), pairs(&[("NUM", "5 000")]));
}
