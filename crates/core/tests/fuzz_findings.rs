//! Regression tests for what fuzzing found (issue 9, items 7–13). Each test
//! opens with the bug it pins; each failed before its fix.

use std::time::Instant;

use tagmark_core::corpus::Corpus;
use tagmark_core::edit::{IndexedSpan, SpanRef, TextChange};
use tagmark_core::format::{
    self, ErrorKind, Format, InputFile, NamedDocument, ReadOptions, WriteOptions,
};
use tagmark_core::{parse, store, Change, Document, Edit, EditError, History, Span};

fn read_one(format: Format, name: &str, content: &str) -> format::Read {
    format::read(format, name, content, &ReadOptions::default())
}

fn brat_files(doc: &NamedDocument) -> (String, String) {
    let files = format::write(
        Format::Brat,
        std::slice::from_ref(doc),
        &WriteOptions::default(),
    )
    .into_files("x", Format::Brat);
    let txt = files
        .iter()
        .find(|f| f.name.ends_with(".txt"))
        .map(|f| f.content.clone())
        .unwrap_or_default();
    let ann = files
        .iter()
        .find(|f| f.name.ends_with(".ann"))
        .map(|f| f.content.clone())
        .unwrap_or_default();
    (txt, ann)
}

fn brat_read(txt: &str, ann: &str) -> format::Read {
    format::brat::read("d.txt", txt, Some(ann), &ReadOptions::default())
}

// Item 7: the brat writer kept a leading U+FEFF in the .txt and counted it, the
// reader stripped it, so tagmark could not read its own brat output.
#[test]
fn a_byte_order_mark_is_a_character_in_brat() {
    let text = "\u{feff}Ada met Bob";
    let doc = NamedDocument::new(
        "d",
        Document {
            text: text.into(),
            spans: vec![Span::new(3, 6, "PER"), Span::new(11, 14, "PER")],
        },
    );
    let (txt, ann) = brat_files(&doc);
    assert_eq!(txt, text);
    assert!(
        ann.contains("PER 1 4\tAda"),
        "offsets count the BOM as one character: {ann}"
    );
    let read = brat_read(&txt, &ann);
    assert!(
        read.errors.is_empty() && read.warnings.is_empty(),
        "{:?} {:?}",
        read.errors,
        read.warnings
    );
    assert_eq!(read.docs[0].document, doc.document);
}

// Item 7: the inline and CoNLL readers dropped a leading BOM (a lost character).
#[test]
fn a_byte_order_mark_is_kept_by_the_inline_and_conll_readers() {
    let source = "\u{feff}<PER>Ada</PER> met Bob";
    let read = read_one(Format::Inline, "a.txt", source);
    assert_eq!(read.docs[0].document.text, "\u{feff}Ada met Bob");
    assert_eq!(read.docs[0].document.spans, [Span::new(3, 6, "PER")]);
    let written = format::write(Format::Inline, &read.docs, &WriteOptions::default()).into_text();
    assert_eq!(
        written, source,
        "inline parse → write is byte-identical with a BOM"
    );

    let conll = read_one(Format::Conll, "a.conll", "\u{feff}Ada\tB-PER\nmet\tO\n");
    assert!(conll.errors.is_empty(), "{:?}", conll.errors);
    assert_eq!(conll.docs[0].document.text, "\u{feff}Ada met");
    assert_eq!(conll.docs[0].document.spans, [Span::new(0, 6, "PER")]);
}

// Item 8: the CoNLL writer dropped a span with an empty label and said nothing.
#[test]
fn every_writer_reports_a_span_with_an_empty_label() {
    let doc = NamedDocument::new(
        "d",
        Document {
            text: "Ada met Bob".into(),
            spans: vec![Span::new(0, 3, ""), Span::new(8, 11, "PER")],
        },
    );
    for format in Format::ALL {
        let written = format::write(format, std::slice::from_ref(&doc), &WriteOptions::default());
        let about_empty = written
            .warnings
            .iter()
            .filter(|w| w.span.as_ref().is_some_and(|s| s.label.is_empty()))
            .count();
        assert_eq!(about_empty, 1, "{format}: {:?}", written.warnings);
    }
}

// Item 8: the brat reader accepted an empty type.
#[test]
fn brat_refuses_an_empty_type() {
    let read = brat_read("Ada met Bob", "T1\t 0 3\tAda\nT2\tPER 8 11\tBob\n");
    assert_eq!(read.errors.len(), 1, "{:?}", read.errors);
    assert_eq!(read.errors[0].kind, ErrorKind::EmptyLabel);
    assert_eq!(read.errors[0].line, Some(1));
    assert_eq!(read.docs[0].document.spans, [Span::new(8, 11, "PER")]);
}

// Item 9: the duplicate check compared each span with every earlier one on the
// same range: 10⁵ spans on one range with different labels took 17 s (doccano)
// and 26.6 s (brat). Linear now; the time is printed, not asserted.
#[test]
fn a_hundred_thousand_spans_on_one_range() {
    const N: usize = 100_000;
    let labels: Vec<String> = (0..N).map(|i| format!("L{i}")).collect();
    let triples: Vec<String> = labels.iter().map(|l| format!("[0,3,\"{l}\"]")).collect();
    let line = format!(
        "{{\"text\":\"Ada\",\"label\":[{},[0,3,\"L7\"]]}}\n",
        triples.join(",")
    );
    let t = Instant::now();
    let read = read_one(Format::Doccano, "big.jsonl", &line);
    eprintln!("doccano, {N} spans on one range: {:?}", t.elapsed());
    assert_eq!(read.docs[0].document.spans.len(), N + 1);
    assert_eq!(
        read.warnings.len(),
        1,
        "only the repeated `L7` is a duplicate"
    );

    let ann: String = labels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("T{}\t{l} 0 3\tAda\n", i + 1))
        .collect();
    let t = Instant::now();
    let read = brat_read("Ada", &ann);
    eprintln!("brat, {N} spans on one range: {:?}", t.elapsed());
    assert_eq!(read.docs[0].document.spans.len(), N);
    assert!(read.warnings.is_empty());
}

// Item 10: removing a span whose label is not a tag name (readers accept
// `PER LOC`, `é`) could not be undone: `History::undo` returned `Stale`.
#[test]
fn an_imported_label_survives_edit_and_undo() {
    for label in ["PER LOC", "é", "", "1st"] {
        let mut doc = Document {
            text: "Ada met Bob".into(),
            spans: vec![Span::new(0, 3, label), Span::new(8, 11, "PER")],
        };
        let before = doc.clone();
        let mut history = History::new();
        history
            .apply(
                &mut doc,
                Edit::RemoveSpan {
                    target: SpanRef::Index(0),
                },
            )
            .unwrap();
        assert_eq!(
            history.undo(&mut doc),
            Ok(Some(Change {
                text_len: 11,
                span_count: 1,
                text: None,
                removed: vec![],
                inserted: vec![IndexedSpan {
                    index: 0,
                    span: Span::new(0, 3, label)
                }],
            })),
            "label {label:?}"
        );
        assert_eq!(doc, before);
        // Resizing, and typing inside it, keep the label; undo brings it back.
        history
            .apply(
                &mut doc,
                Edit::Resize {
                    index: 0,
                    start: 0,
                    end: 2,
                },
            )
            .unwrap();
        history
            .apply(
                &mut doc,
                Edit::ReplaceText {
                    range: 1..1,
                    with: "x".into(),
                },
            )
            .unwrap();
        assert_eq!(doc.spans[0], Span::new(0, 3, label));
        history.undo(&mut doc).unwrap();
        history.undo(&mut doc).unwrap();
        assert_eq!(doc, before, "label {label:?}");
        history.redo(&mut doc).unwrap();
        assert_eq!(doc.spans[0], Span::new(0, 2, label));
    }
}

// Item 11: a brat id `T18446744073709551615` made the next id overflow (a panic
// with overflow checks, a wrap to `T0` without).
#[test]
fn new_ids_never_overflow_or_collide() {
    let max = u64::MAX;
    let ann = format!("T{max}\tPER 0 3\tAda\nT1\tPER 8 11\tBob\nR1\tKnows Arg1:T{max} Arg2:T1\n");
    let mut doc = brat_read("Ada met Bob", &ann).docs.remove(0);
    doc.document.spans.push(Span::new(4, 7, "ACT"));
    doc.document.sort_spans();
    let (_, out) = brat_files(&doc);
    let ids: Vec<&str> = out
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids collide: {out}");
    assert!(
        out.contains(&format!("T{max}\tPER 0 3\tAda")) && out.contains("R1\tKnows"),
        "{out}"
    );
    let again = brat_read("Ada met Bob", &out);
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    assert_eq!(again.docs[0].document.spans, doc.document.spans);

    // An id past u128 too, and one at its end.
    let big = format!(
        "T{}\tPER 0 3\tAda\nT{}\tPER 8 11\tBob\n",
        u128::MAX,
        "9".repeat(60)
    );
    let mut doc = brat_read("Ada met Bob", &big).docs.remove(0);
    doc.document.spans.push(Span::new(4, 7, "ACT"));
    doc.document.sort_spans();
    let (_, out) = brat_files(&doc);
    assert!(out.contains("T1\tACT 4 7\tmet"), "{out}");
}

// Item 11: Label Studio region ids end in numbers too.
#[test]
fn label_studio_region_ids_never_collide() {
    let task = format!(
        r#"[{{"id": {max}, "data": {{"text": "Ada met Bob"}}, "annotations": [{{"id": 1, "result": [
            {{"id": "tm{max}", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {{"start": 0, "end": 3, "text": "Ada", "labels": ["PER"]}}}}]}}]}}]"#,
        max = u64::MAX
    );
    let mut doc = read_one(Format::LabelStudio, "t.json", &task)
        .docs
        .remove(0);
    doc.document.spans.push(Span::new(8, 11, "PER"));
    let out = format::write(Format::LabelStudio, &[doc], &WriteOptions::default()).into_text();
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<String> = value[0]["annotations"][0]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "{out}");
}

// Item 11: `next_id` from a restored corpus overflowed on a document id of u64::MAX.
#[test]
fn document_ids_from_a_restored_corpus_never_overflow_or_collide() {
    let mut corpus = Corpus::new();
    corpus.add_documents(
        [("a.txt", "inline", "one"), ("b.txt", "inline", "two")]
            .map(|(n, f, s)| (n.to_string(), f.to_string(), s.to_string())),
    );
    let mut backup: serde_json::Value =
        serde_json::from_str(&store::encode(&corpus, &Default::default())).unwrap();
    backup["next_id"] = serde_json::json!(u64::MAX);
    backup["docs"][0]["id"] = serde_json::json!(u64::MAX);
    backup["docs"][1]["id"] = serde_json::json!(0);
    let (mut restored, _) = store::decode(&backup.to_string()).unwrap();
    restored.add_documents(
        [("c.txt", "inline", "three"), ("d.txt", "inline", "four")]
            .map(|(n, f, s)| (n.to_string(), f.to_string(), s.to_string())),
    );
    let mut ids: Vec<u64> = restored.docs().iter().map(|d| d.id().0).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "{ids:?}");
}

// Item 11: arithmetic on hand-made `Change` records overflowed.
#[test]
fn hand_made_changes_are_refused_not_overflowed() {
    let mut doc = Document {
        text: "Ada".into(),
        spans: vec![Span::new(0, 3, "PER")],
    };
    let before = doc.clone();
    let changes = [
        Change {
            text_len: 3,
            span_count: 1,
            text: Some(TextChange {
                start: usize::MAX,
                old: "x".into(),
                new: String::new(),
            }),
            ..Change::default()
        },
        Change {
            text_len: 3,
            span_count: 0,
            removed: vec![IndexedSpan {
                index: 0,
                span: Span::new(0, 3, "PER"),
            }],
            ..Change::default()
        },
        Change {
            text_len: usize::MAX,
            span_count: 1,
            text: Some(TextChange {
                start: 0,
                old: String::new(),
                new: "x".into(),
            }),
            ..Change::default()
        },
    ];
    for change in changes {
        let inverse = change.inverse();
        let _ = change.affected();
        assert!(
            matches!(change.apply(&mut doc), Err(EditError::Stale { .. })),
            "{change:?}"
        );
        assert!(
            matches!(inverse.apply(&mut doc), Err(EditError::Stale { .. })),
            "{inverse:?}"
        );
        assert_eq!(doc, before);
    }
}

// Item 13: a file with only `\r` line breaks reported every problem on line 1.
#[test]
fn cr_only_files_report_lines() {
    let p = parse("one\r<a>two\rthree</b>\r\nfour\n<c>");
    let at: Vec<String> = p.diagnostics.iter().map(|d| d.at.to_string()).collect();
    assert_eq!(at, ["2:1", "3:6", "5:1"]);
}

// Item 13: Label Studio `"text": 5` said the field was missing.
#[test]
fn label_studio_text_of_the_wrong_kind_says_so() {
    let read = read_one(
        Format::LabelStudio,
        "t.json",
        r#"[{"data": {"text": 5}, "annotations": []}]"#,
    );
    assert_eq!(read.errors.len(), 1);
    let message = read.errors[0].to_string();
    assert!(
        message.contains("`data.text` should be a string, not a number"),
        "{message}"
    );
}

// Item 13: `convert --to inline` wrote broken tags escaped, where the app keeps
// them byte for byte.
#[test]
fn inline_to_inline_keeps_broken_tags() {
    for source in [
        "a <b>bold\nnext <PER>Ada</PER>",
        "x </i> <ORG>Acme</ORG> <y",
        "<a><b>t</a></b> <c>",
    ] {
        let read = read_one(Format::Inline, "a.txt", source);
        assert!(!read.errors.is_empty());
        let written = format::write(Format::Inline, &read.docs, &WriteOptions::default());
        assert_eq!(written.into_text(), source);
    }
    // After an edit that moves the text, the broken tag moves with it.
    let mut doc = read_one(Format::Inline, "a.txt", "a <b>bold <PER>Ada</PER>")
        .docs
        .remove(0);
    let old = doc.document.text.clone();
    doc.document.text.insert_str(0, "so ");
    for s in &mut doc.document.spans {
        s.start += 3;
        s.end += 3;
    }
    doc.meta.text_changed(&old, &doc.document.text);
    let written = format::write(Format::Inline, &[doc], &WriteOptions::default()).into_text();
    assert_eq!(written, "so a <b>bold <PER>Ada</PER>");
}

#[test]
fn read_files_keeps_a_bom_in_brat_pairs() {
    let inputs = [
        InputFile::new("d.ann", "T1\tPER 1 4\tAda\n"),
        InputFile::new("d.txt", "\u{feff}Ada"),
    ];
    let all = format::read_files(&inputs, None, &ReadOptions::default());
    assert!(
        all.read.errors.is_empty() && all.read.warnings.is_empty(),
        "{:?}",
        all.read
    );
    assert_eq!(all.read.docs[0].document.spans, [Span::new(3, 6, "PER")]);
}
