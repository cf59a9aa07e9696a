//! Unit tests of the stored format.
use super::*;
use crate::corpus::{Corpus, CorpusDoc, DocId, Status};
use crate::format::Meta;
use crate::labels::{LabelDef, LabelSet};
use proptest::prelude::*;

fn sample() -> (Corpus, StoredSession) {
    let mut c = Corpus::new();
    c.add_documents([
        ("a.txt", "inline", "the <model>NeuraScale</model> 🚀"),
        ("b", "doccano", "日本 <country>Japan</country>"),
        ("c", "inline", "broken <x>"),
    ]);
    c.set_labels(
        LabelSet::from_json(r##"{"labels":[{"name":"model","color":"#7aecec","hotkey":"1"}]}"##)
            .unwrap(),
    );
    c.set_status(0, Status::Accepted);
    c.set_current(1);
    c.remove(2);
    let session = StoredSession {
        doc: Some(c.current_doc().unwrap().id()),
        selection: Some((3, 9)),
        history: serde_json::json!({"undo": [{"op": "add"}], "redo": []}),
    };
    (c, session)
}

#[test]
fn backup_round_trip() {
    let (c, s) = sample();
    let json = encode(&c, &s);
    assert!(
        json.starts_with("{\n  \"format\": \"tagmark-corpus\",\n  \"version\": 2,"),
        "{json}"
    );
    let (c2, s2) = decode(&json).unwrap();
    assert_eq!(c2, c);
    assert_eq!(s2, s);
    assert_eq!(c2.current(), 1);
    assert_eq!(c2.next_id(), 3, "ids are not reused after a removal");
    assert_eq!(c2.docs()[0].span_count(), 1);
}

#[test]
fn records_round_trip_in_any_order() {
    let (c, s) = sample();
    let meta = encode_meta(&c, &s, "tab-1", 5);
    assert!(
        meta.starts_with(
            r#"{"format":"tagmark-meta","version":2,"writer":"tab-1","revision":5,"order":[0,1]"#
        ),
        "{meta}"
    );
    let mut docs: Vec<DocRecord> = c
        .docs()
        .iter()
        .map(|d| decode_doc(&encode_doc(d)).unwrap())
        .collect();
    docs.reverse();
    let meta = decode_meta(&meta).unwrap();
    assert_eq!((meta.revision, meta.writer.as_str()), (5, "tab-1"));
    let a = assemble(Some(meta), docs);
    assert_eq!(a.corpus, c);
    assert_eq!(a.session, s);
    assert!(a.unlisted.is_empty() && a.missing.is_empty());
    let doc = encode_doc(&c.docs()[0]);
    assert!(doc.starts_with(r#"{"format":"tagmark-doc","version":2,"id":0,"name":"a.txt","status":"accepted","updated":1,"source_format":"inline","source":"the <model>NeuraScale</model> 🚀"}"#), "{doc}");
}

#[test]
fn assemble_keeps_unlisted_documents() {
    let (c, s) = sample();
    let mut meta = decode_meta(&encode_meta(&c, &s, "t", 1)).unwrap();
    meta.order = vec![DocId(0), DocId(9)];
    let docs = c.docs().iter().map(DocRecord::of).collect();
    let mut a = assemble(Some(meta), docs);
    let names: Vec<&str> = a.corpus.docs().iter().map(|d| d.name()).collect();
    assert_eq!(names, ["a.txt", "b"]);
    assert_eq!((a.unlisted, a.missing), (vec![DocId(1)], vec![DocId(9)]));
    assert!(
        a.corpus.take_changes().meta(),
        "the repaired order is saved next time"
    );
    // No corpus record at all: documents by id, nothing lost.
    let a = assemble(None, c.docs().iter().map(DocRecord::of).collect());
    assert_eq!(a.corpus.len(), 2);
    assert_eq!(a.corpus.docs()[0].id(), DocId(0));
}

/// What tagmark's first release left in `localStorage["tagmark.source"]`.
const V0_STRING: &str =
    r#""the <model>NeuraScale-9</model> has <params>2.5 trillion</params> parameters""#;
/// The hypothetical object shape of version 0.
const V0_OBJECT: &str = r##"{
  "source": "trained in <country>Japan</country> in <year>2021</year>",
  "labels": ["country", {"name": "year", "color": "#ffcc00", "hotkey": "2"}]
}"##;

#[test]
fn migrates_version_0() {
    let (c, s) = decode(V0_STRING).unwrap();
    assert_eq!(c.len(), 1);
    let doc = c.current_doc().unwrap();
    assert_eq!(
        (doc.name(), doc.source_format(), doc.status()),
        ("document", "inline", Status::Todo)
    );
    assert_eq!(doc.span_count(), 2);
    assert_eq!(s.doc, Some(doc.id()));
    assert!(s.history.is_null() && s.selection.is_none());

    let (mut c, _) = decode(V0_OBJECT).unwrap();
    assert_eq!(c.docs()[0].text(), "trained in Japan in 2021");
    assert_eq!(c.labels().labels[0], LabelDef::new("country"));
    assert_eq!(c.labels().labels[1].hotkey, Some('2'));
    // The migrated corpus is all unsaved: autosave writes it to the new store.
    let ch = c.take_changes();
    assert_eq!(ch.docs().len(), 1);
    assert!(ch.meta());
    // An empty first-release source is an empty corpus.
    assert!(decode("\"\"").unwrap().0.is_empty());
    // And it survives the round trip into version 1.
    let (c2, _) = decode(&encode(&c, &StoredSession::default())).unwrap();
    assert_eq!(c2, c);
}

#[test]
fn refuses_newer_versions() {
    let newer =
        r#"{"format":"tagmark-corpus","version":3,"docs":"a shape this page does not know"}"#;
    let err = decode(newer).unwrap_err();
    assert_eq!(
        err,
        StoreError::Newer {
            version: 3,
            supported: 2
        }
    );
    assert_eq!(
        err.to_string(),
        "written by a newer tagmark (version 3); this page reads up to version 2: update the page"
    );
    let meta = r#"{"format":"tagmark-meta","version":3,"order":{}}"#;
    assert_eq!(
        decode_meta(meta),
        Err(StoreError::Newer {
            version: 3,
            supported: 2
        })
    );
    let doc = r#"{"format":"tagmark-doc","version":9}"#;
    assert_eq!(
        decode_doc(doc),
        Err(StoreError::Newer {
            version: 9,
            supported: 2
        })
    );
}

/// Records and a backup exactly as version 1 wrote them.
const V1_DOC: &str = r#"{"format":"tagmark-doc","version":1,"id":4,"name":"a.txt","status":"accepted","updated":2,"source_format":"doccano","source":"the <model>X</model>"}"#;
const V1_META: &str = r#"{"format":"tagmark-meta","version":1,"writer":"tab-9","revision":3,"order":[4],"current":4,"next_id":5,"labels":[{"name":"model","color":null,"hotkey":"1"}],"session":{"doc":4,"selection":null,"history":null}}"#;
const V1_BACKUP: &str = r#"{"format":"tagmark-corpus","version":1,"current":4,"next_id":5,"labels":[],"session":{"doc":4,"selection":null,"history":null},"docs":[{"id":4,"name":"a.txt","status":"accepted","updated":2,"source_format":"doccano","source":"the <model>X</model>"}]}"#;

#[test]
fn reads_version_1_without_meta() {
    let record = decode_doc(V1_DOC).unwrap();
    assert!(record.meta.is_empty());
    let a = assemble(Some(decode_meta(V1_META).unwrap()), vec![record]);
    let doc = &a.corpus.docs()[0];
    assert_eq!(
        (doc.name(), doc.status(), doc.span_count()),
        ("a.txt", Status::Accepted, 1)
    );
    assert!(doc.meta().is_empty());
    // Written back as version 2, with no meta field while there is none.
    assert_eq!(
        encode_doc(doc),
        V1_DOC.replace(r#""version":1"#, r#""version":2"#),
    );
    let (c, s) = decode(V1_BACKUP).unwrap();
    assert_eq!(c.docs(), a.corpus.docs());
    assert_eq!(s.doc, Some(DocId(4)));
}

#[test]
fn meta_is_stored_with_its_document() {
    use crate::format::{read_files, InputFile, ReadOptions};
    let files = [
        InputFile::new("n.txt", "Ann met Bob."),
        InputFile::new("n.ann", "T1\tPER 0 3\tAnn\nT2\tPER 8 11\tBob\nR1\tMeets Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tsure\n"),
    ];
    let read = read_files(&files, None, &ReadOptions::default()).read;
    let doc = read.docs.into_iter().next().unwrap();
    let meta = doc.meta.clone();
    let mut c = Corpus::new();
    let source = crate::write(&doc.document);
    c.add_documents([("n", "brat", source, meta.clone())]);
    assert_eq!(c.docs()[0].meta(), &meta);
    let json = encode_doc(&c.docs()[0]);
    assert!(
        json.contains(
            r#""meta":{"source":"brat","span_ids":[{"id":"T1","label":"PER","ranges":[[0,3]]}"#
        ),
        "{json}"
    );
    let back = decode_doc(&json).unwrap().into_doc();
    assert_eq!(back, c.docs()[0]);
    assert_eq!(back.meta(), &meta);
    let (c2, _) = decode(&encode(&c, &StoredSession::default())).unwrap();
    assert_eq!(c2, c);
}

#[test]
fn corrupt_input_errors_have_positions() {
    let (c, s) = sample();
    let json = encode(&c, &s);
    let cut = &json[..json.len() / 2];
    let err = decode(cut).unwrap_err();
    let StoreError::Syntax { line, column, .. } = err else {
        panic!("{err:?}")
    };
    assert!(line > 1 && column > 0);
    assert!(
        err.to_string().starts_with(&format!(
            "the stored data is not valid JSON (line {line}, column {column}): EOF while parsing"
        )),
        "{err}"
    );

    let err = decode(
        "{\"format\": \"tagmark-corpus\",\n \"version\": 1,\n \"docs\": [{\"id\": \"seven\"}]}",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the stored data is not in tagmark's format (line 3, column 24): invalid type: string \"seven\", expected u64"
    );
    let err = decode("{\"format\": \"tagmark-corpus\", \"version\": 1}").unwrap_err();
    assert!(
        matches!(&err, StoreError::Shape { message, .. } if message == "missing field `docs`"),
        "{err:?}"
    );
    let err = decode(r#"{"format": "tagmark-corpus", "version": "1"}"#).unwrap_err();
    assert!(matches!(err, StoreError::Shape { line: 1, .. }), "{err:?}");
    assert!(matches!(
        decode("not json"),
        Err(StoreError::Syntax {
            line: 1,
            column: 2,
            ..
        })
    ));
    assert!(matches!(decode(""), Err(StoreError::Syntax { .. })));

    assert_eq!(
        decode("{\"docs\": []}").unwrap_err().to_string(),
        "this is not a tagmark corpus backup (it has no \"format\" field)"
    );
    assert_eq!(
        decode("[1, 2]").unwrap_err().to_string().split(" (").next(),
        Some("the stored data is not in tagmark's format")
    );
    let meta = encode_meta(&c, &s, "t", 1);
    assert_eq!(
        decode(&meta).unwrap_err().to_string(),
        "this is not a tagmark corpus backup (its \"format\" is \"tagmark-meta\")"
    );
    assert_eq!(
        decode_doc(&meta).unwrap_err().to_string(),
        "this is not a tagmark document record (its \"format\" is \"tagmark-meta\")"
    );
    assert!(matches!(
        decode_meta(r#"{"format":"tagmark-meta"}"#),
        Err(StoreError::Shape { .. })
    ));
}

#[test]
fn two_tabs_do_not_overwrite_each_other() {
    // Nothing stored: anyone may write.
    assert_eq!(check_write(0, "", 0, "a"), Ok(()));
    // The revision this tab saw: fine.
    assert_eq!(check_write(4, "b", 4, "a"), Ok(()));
    // This tab's own write.
    assert_eq!(check_write(5, "a", 4, "a"), Ok(()));
    // Another tab wrote since.
    let err = check_write(6, "b", 4, "a").unwrap_err();
    assert_eq!(
        err,
        Conflict {
            stored_revision: 6,
            stored_writer: "b".into(),
            seen_revision: 4
        }
    );
    assert!(err
        .to_string()
        .starts_with("another tab saved this corpus after this tab last loaded or saved it"));
    // The store was replaced by an older or fresh corpus of another tab.
    assert!(check_write(1, "b", 4, "a").is_err());

    // The same story with two writers sharing one stored record.
    let (c, s) = sample();
    let mut stored: Option<MetaRecord> = None;
    let mut a = Writer::new("a");
    let mut b = Writer::new("b");
    a.loaded(stored.as_ref());
    b.loaded(stored.as_ref());
    let save = |w: &mut Writer, stored: &mut Option<MetaRecord>| -> Result<u64, Conflict> {
        let rev = w.begin(stored.as_ref())?;
        *stored = Some(decode_meta(&encode_meta(&c, &s, &w.id, rev)).unwrap());
        w.committed(rev);
        Ok(rev)
    };
    assert_eq!(save(&mut a, &mut stored), Ok(1));
    assert_eq!(save(&mut a, &mut stored), Ok(2));
    let err = save(&mut b, &mut stored).unwrap_err();
    assert_eq!(
        (
            err.stored_revision,
            err.stored_writer.as_str(),
            err.seen_revision
        ),
        (2, "a", 0)
    );
    // b reloads, then both take turns only after reading each other.
    b.loaded(stored.as_ref());
    assert_eq!(save(&mut b, &mut stored), Ok(3));
    assert!(save(&mut a, &mut stored).is_err());
    // a chooses to overwrite.
    let rev = a.overwrite(stored.as_ref());
    a.committed(rev);
    assert_eq!(rev, 4);
}

fn arb_corpus() -> impl Strategy<Value = (Corpus, StoredSession)> {
    let doc = (
        ".{0,12}",
        prop::sample::select(vec!["inline", "doccano", "brat"]),
        ".{0,40}",
        0..4usize,
        any::<bool>(),
    );
    (
        prop::collection::vec(doc, 0..8),
        prop::collection::vec(
            (
                "[a-z][a-z0-9_-]{0,6}",
                prop::option::of("#[0-9a-f]{6}"),
                prop::option::of("[0-9]"),
            ),
            0..4,
        ),
        0..10usize,
        prop::option::of((0..100usize, 0..100usize)),
        prop::collection::vec(".{0,8}", 0..3),
        0..3usize,
    )
        .prop_map(|(docs, labels, current, selection, history, removals)| {
            let mut c = Corpus::new();
            c.add_documents(docs.iter().map(|(n, f, s, _, _)| {
                // Documents "read from brat" carry a meta to store, with a span id and a note line.
                let mut meta = Meta::default();
                if *f == "brat" {
                    meta.source = Some(crate::format::Format::Brat);
                    meta.span_ids = vec![crate::format::SpanId {
                        id: "T1".into(),
                        label: "e".into(),
                        ranges: vec![0..s.len()],
                    }];
                    meta.brat = Some(crate::format::BratMeta {
                        items: vec![
                            crate::format::BratItem::Entity("T1".into()),
                            crate::format::BratItem::Line(format!("#1\tAnnotatorNotes T1\t{n}")),
                        ],
                    });
                }
                (n.clone(), *f, s.clone(), meta)
            }));
            for (i, (_, _, s, status, edit)) in docs.iter().enumerate() {
                c.set_status(i, Status::ALL[*status]);
                if *edit {
                    c.set_source(i, format!("<e>{s}</e>"));
                }
            }
            for _ in 0..removals {
                c.remove(current % (c.len() + 1));
            }
            c.set_labels(LabelSet {
                labels: labels
                    .into_iter()
                    .map(|(name, color, hotkey)| LabelDef {
                        name,
                        color,
                        hotkey: hotkey.and_then(|k| k.chars().next()),
                    })
                    .collect(),
            });
            c.set_current(current);
            let session = StoredSession {
                doc: c.current_doc().map(CorpusDoc::id),
                selection,
                history: serde_json::json!({ "undo": history, "depth": 3 }),
            };
            (c, session)
        })
}

proptest! {
    #[test]
    fn any_corpus_round_trips((c, s) in arb_corpus()) {
        let (c2, s2) = decode(&encode(&c, &s)).unwrap();
        prop_assert_eq!(&c2, &c);
        prop_assert_eq!(&s2, &s);
        prop_assert_eq!(c2.current(), c.current());

        let meta = decode_meta(&encode_meta(&c, &s, "tab", 7)).unwrap();
        let docs: Vec<DocRecord> = c.docs().iter().rev().map(|d| decode_doc(&encode_doc(d)).unwrap()).collect();
        let a = assemble(Some(meta), docs);
        prop_assert_eq!(&a.corpus, &c);
        prop_assert_eq!(&a.session, &s);
        prop_assert!(a.unlisted.is_empty() && a.missing.is_empty());
    }

    #[test]
    fn decode_never_panics(s in "\\PC{0,60}") {
        let _ = decode(&s);
        let _ = decode_meta(&s);
        let _ = decode_doc(&s);
    }
}
