//! Unit tests of the corpus.

use super::search::Folded;
use super::*;

fn corpus(n: usize) -> Corpus {
    let mut c = Corpus::new();
    c.add_documents((0..n).map(|i| (format!("d{i}"), "inline", format!("doc <x>{i}</x>"))));
    c
}

#[test]
fn status_keys_and_names() {
    for s in Status::ALL {
        assert_eq!(Status::from_key(s.key()), Some(s));
        assert_eq!(Status::from_key(s.key().to_ascii_lowercase()), Some(s));
        assert_eq!(Status::from_id(s.id()), Some(s));
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            format!("\"{}\"", s.id())
        );
    }
    assert_eq!(Status::from_key('a'), Some(Status::Accepted));
    assert_eq!(Status::from_key('x'), Some(Status::Rejected));
    assert_eq!(Status::from_key('s'), Some(Status::Skipped));
    assert_eq!(Status::from_key('u'), Some(Status::Todo));
    assert_eq!(Status::from_key('q'), None);
    assert_eq!(Status::Todo.to_string(), "to do");
    assert!(!Status::Todo.is_done() && Status::Skipped.is_done());
}

#[test]
fn any_status_may_follow_any_other() {
    let mut c = corpus(1);
    for a in Status::ALL {
        for b in Status::ALL {
            c.set_status(0, a);
            assert_eq!(c.set_status(0, b), a != b);
            assert_eq!(c.docs()[0].status(), b);
        }
    }
}

#[test]
fn names_are_made_unique() {
    let mut c = Corpus::new();
    let r = c.add_documents([
        ("a.txt", "inline", ""),
        ("A.TXT", "inline", ""),
        ("a.txt", "inline", ""),
        ("", "inline", ""),
        ("  ", "inline", ""),
        ("v1.2.tar", "inline", ""),
        ("v1.2.tar", "inline", ""),
        ("notes", "inline", ""),
        ("notes", "inline", ""),
        (".hidden", "inline", ""),
        (".hidden", "inline", ""),
    ]);
    assert_eq!(r, 0..11);
    let names: Vec<&str> = c.docs().iter().map(|d| d.name()).collect();
    assert_eq!(
        names,
        [
            "a.txt",
            "A-2.TXT",
            "a-3.txt",
            "document",
            "document-2",
            "v1.2.tar",
            "v1.2-2.tar",
            "notes",
            "notes-2",
            ".hidden",
            ".hidden-2"
        ]
    );
    assert_eq!(c.rename(7, "NOTES-2"), Some("NOTES-2-2"));
    assert_eq!(c.rename(8, "notes-2"), Some("notes-2"));
    assert_eq!(c.rename(99, "x"), None);
    let ids: HashSet<DocId> = c.docs().iter().map(|d| d.id()).collect();
    assert_eq!(ids.len(), 11);
}

#[test]
fn review_with_keys_advances() {
    let mut c = corpus(4);
    assert_eq!(c.current(), 0);
    assert_eq!(c.set_status_and_advance(Status::Accepted), 1);
    assert_eq!(c.set_status_and_advance(Status::Rejected), 2);
    assert_eq!(c.set_status_and_advance(Status::Skipped), 3);
    // On the last document it stays.
    assert_eq!(c.set_status_and_advance(Status::Accepted), 3);
    assert_eq!(c.prev_doc(), 2);
    assert_eq!(c.prev_doc(), 1);
    assert_eq!(c.prev_doc(), 0);
    assert_eq!(c.prev_doc(), 0);
    assert_eq!(c.next_doc(), 1);
    assert_eq!(c.next_todo(), None);
    assert_eq!(c.current(), 1);
    c.set_status(2, Status::Todo);
    c.set_current(3);
    assert_eq!(c.next_todo(), Some(2)); // wraps around
                                        // U puts a document back to to-do.
    assert_eq!(c.set_status_and_advance(Status::from_key('u').unwrap()), 3);
    assert_eq!(c.docs()[2].status(), Status::Todo);
    let p = c.progress();
    assert_eq!(
        (p.total, p.todo, p.accepted, p.rejected, p.skipped, p.done()),
        (4, 1, 2, 1, 0, 3)
    );
    assert_eq!(p.fraction(), 0.75);
    assert_eq!(Corpus::new().progress().fraction(), 0.0);
}

#[test]
fn advance_within_a_filter() {
    let mut c = corpus(5);
    c.set_status(1, Status::Accepted);
    c.set_status(2, Status::Accepted);
    let todo = Filter::status(Status::Todo);
    assert_eq!(c.filter(&todo), [0, 3, 4]);
    assert_eq!(c.set_status_and_advance_in(Status::Skipped, &todo), 3);
    assert_eq!(c.set_status_and_advance_in(Status::Skipped, &todo), 4);
    assert_eq!(c.prev_in(&Filter::status(Status::Skipped)), 3);
    assert_eq!(c.prev_in(&todo), 3, "no to-do document before: stays");
    assert_eq!(c.set_status_and_advance_in(Status::Accepted, &todo), 4);
    let mut empty = Corpus::new();
    assert_eq!(empty.set_status_and_advance(Status::Accepted), 0);
    assert_eq!(empty.next_doc(), 0);
    assert_eq!(empty.prev_doc(), 0);
    assert_eq!(empty.next_todo(), None);
    assert!(empty.current_doc().is_none());
}

#[test]
fn filters_by_status_label_and_diagnostics() {
    let mut c = Corpus::new();
    c.add_documents([
        ("a", "inline", "<model>M</model> and <year>2020</year>"),
        ("b", "inline", "<year>1999</year>"),
        ("c", "doccano", "nothing <open>here"),
    ]);
    assert_eq!(c.docs()[0].span_count(), 2);
    assert_eq!(c.docs()[0].labels(), ["model", "year"]);
    assert!(c.docs()[2].has_diagnostics());
    assert_eq!(c.docs()[2].diagnostic_count(), 1);
    assert_eq!(c.filter(&Filter::label("year")), [0, 1]);
    assert_eq!(c.filter(&Filter::label("model")), [0]);
    assert_eq!(c.filter(&Filter::label("open")), Vec::<usize>::new());
    assert_eq!(
        c.filter(&Filter {
            with_diagnostics: true,
            ..Filter::all()
        }),
        [2]
    );
    c.set_status(1, Status::Rejected);
    let f = Filter {
        status: Some(Status::Todo),
        label: Some("year".into()),
        with_diagnostics: false,
    };
    assert_eq!(c.filter(&f), [0]);
    assert!(Filter::all().is_all() && !f.is_all());
    // The cache follows the source.
    c.set_source(1, "<model>X</model>");
    assert_eq!(c.filter(&Filter::label("model")), [0, 1]);
    c.set_labels(LabelSet::from_names(["year", "country"]));
    assert_eq!(
        c.label_usage(),
        [("year".to_string(), 1), ("model".to_string(), 2)]
    );
}

#[test]
fn search_is_case_insensitive_with_snippets() {
    let mut c = Corpus::new();
    c.add_documents([
        (
            "a",
            "inline",
            "The <model>NeuraScale</model> model.\nNEURAL nets.",
        ),
        ("b", "inline", "nothing"),
        ("c", "inline", "neuraneura"),
    ]);
    let r = c.search("neura", 10);
    assert_eq!((r.total, r.docs), (4, 2));
    let found: Vec<(usize, Range<usize>)> =
        r.hits.iter().map(|h| (h.doc, h.range.clone())).collect();
    assert_eq!(found, [(0, 4..9), (0, 22..27), (2, 0..5), (2, 5..10)]);
    assert_eq!(&c.docs()[0].text()[22..27], "NEURA");
    let s = &r.hits[1].snippet;
    assert_eq!(s.text, "The NeuraScale model. NEURAL nets.");
    assert_eq!(&s.text[s.highlight.clone()], "NEURA");
    let r = c.search("NEURA", 1);
    assert_eq!((r.hits.len(), r.total), (1, 4));
    assert_eq!(c.search("", 10), SearchResults::default());
    assert_eq!(c.search("absent", 10).total, 0);
}

#[test]
fn search_handles_emoji_cjk_and_length_changing_case() {
    let mut c = Corpus::new();
    let text = "前文👨🏻‍🚒東京タワーİstanbul ΣΊΣΥΦΟΣ straße 🇯🇵 end";
    c.add_document("u", "inline", text);
    let check = |q: &str, want: &str| {
        let r = c.search(q, 10);
        assert_eq!(r.total, 1, "{q}");
        let h = &r.hits[0];
        assert_eq!(&text[h.range.clone()], want, "{q}");
        assert_eq!(&h.snippet.text[h.snippet.highlight.clone()], want);
    };
    check("東京", "東京");
    check("👨🏻‍🚒", "👨🏻‍🚒");
    // `İ` lower-cases to two characters (`i` + U+0307): the match covers all of `İ`.
    check("i̇stanbul", "İstanbul");
    check("stanbul", "stanbul");
    check("σίσυφοσ", "ΣΊΣΥΦΟΣ");
    check("STRAẞE", "straße");
    check("🇯🇵", "🇯🇵");
    check("END", "end");
    // Snippets cut on grapheme boundaries and mark the cut.
    let long = format!("{}X{}", "👨🏻‍🚒".repeat(40), "東".repeat(40));
    c.add_document("long", "inline", long.as_str());
    let r = c.search("x", 10);
    let s = &r.hits[0].snippet;
    assert_eq!(
        s.text,
        format!(
            "…{}X{}…",
            "👨🏻‍🚒".repeat(SNIPPET_CONTEXT),
            "東".repeat(SNIPPET_CONTEXT)
        )
    );
    assert_eq!(&s.text[s.highlight.clone()], "X");
}

#[test]
fn folded_offsets_map_back() {
    // Mixed regular and irregular characters: every match maps to whole characters.
    let text = "aİbİİcẞd";
    let f = Folded::new(text);
    for (q, want) in [
        ("b", "b"),
        ("c", "c"),
        ("d", "d"),
        ("i", "İ"),
        ("i\u{307}i\u{307}", "İİ"),
        ("ß", "ẞ"),
        ("i\u{307}i\u{307}c", "İİc"),
        ("\u{307}b", "İb"),
    ] {
        let at = f.text.find(q).unwrap();
        let range = f.original_start(at)..f.original_end(at + q.len());
        assert_eq!(&text[range], want, "{q}");
    }
}

#[test]
fn remove_clear_and_current() {
    let mut c = corpus(5);
    c.set_current(3);
    c.remove(1);
    assert_eq!((c.current(), c.current_doc().unwrap().name()), (2, "d3"));
    c.remove(2);
    assert_eq!((c.current(), c.current_doc().unwrap().name()), (2, "d4"));
    c.remove(2);
    assert_eq!((c.current(), c.current_doc().unwrap().name()), (1, "d2"));
    assert!(c.remove(9).is_none());
    assert_eq!(c.clear(), 2);
    assert!(c.is_empty() && c.current_doc().is_none());
    // Ids are not reused.
    c.add_document("new", "inline", "x");
    assert_eq!(c.docs()[0].id(), DocId(5));
    assert_eq!(c.current(), 0);
}

#[test]
fn export_scope() {
    let mut c = corpus(3);
    c.set_status(1, Status::Accepted);
    assert_eq!(c.export(ExportScope::All).len(), 3);
    let accepted: Vec<&str> = c
        .export(ExportScope::Accepted)
        .iter()
        .map(|d| d.name())
        .collect();
    assert_eq!(accepted, ["d1"]);
}

/// A record of changes to documents `docs`, removals `removed`, and the corpus record when `meta`.
fn dirty(docs: &[DocId], removed: &[DocId], meta: bool) -> crate::dirty::Dirty {
    let mut d = crate::dirty::Dirty::new();
    docs.iter().for_each(|id| d.doc_changed(*id));
    removed.iter().for_each(|id| d.doc_removed(*id));
    if meta {
        d.meta_changed();
    }
    d
}

#[test]
fn changes_record_what_to_save() {
    let mut c = corpus(3);
    let ch = c.take_changes();
    assert_eq!(ch, dirty(&[DocId(0), DocId(1), DocId(2)], &[], true));
    assert!(!c.has_changes() && c.take_changes().is_empty());
    c.set_source(1, "doc <x>1</x>"); // unchanged
    assert!(!c.has_changes());
    c.set_source(1, "edited");
    assert_eq!(c.docs()[1].updated(), 1);
    assert_eq!(c.take_changes(), dirty(&[DocId(1)], &[], false));
    c.set_status(2, Status::Skipped);
    c.remove(1);
    c.next_doc();
    let ch = c.take_changes();
    assert_eq!(ch, dirty(&[DocId(2)], &[DocId(1)], true));
    c.add_document("tmp", "inline", "");
    c.remove(2);
    assert_eq!(c.take_changes(), dirty(&[], &[DocId(3)], true));
}

/// Reads a brat pair and adds it to a corpus as the app does.
fn brat_corpus() -> Corpus {
    use crate::format::{read_files, InputFile, ReadOptions};
    let files = [
        InputFile::new("n.txt", "Ann met Bob in Rome."),
        InputFile::new(
            "n.ann",
            "T1\tPER 0 3\tAnn\nT2\tPER 8 11\tBob\nT3\tLOC 15 19\tRome\nR1\tMeets Arg1:T1 Arg2:T2\nA1\tNegated T1\n#1\tAnnotatorNotes T3\tcapital\n",
        ),
    ];
    let doc = read_files(&files, None, &ReadOptions::default())
        .read
        .docs
        .remove(0);
    let mut c = Corpus::new();
    c.add_documents([("n", "brat", crate::write(&doc.document), doc.meta)]);
    c
}

/// The `.ann` the corpus document exports to, and the warnings.
fn ann(c: &Corpus) -> (String, Vec<String>) {
    use crate::format::{write, Format, NamedDocument, WriteOptions};
    let d = &c.docs()[0];
    let mut named = NamedDocument::new(d.name(), d.document().clone());
    named.meta = d.meta().clone();
    let w = write(Format::Brat, &[named], &WriteOptions::default());
    let warnings = w.warnings.iter().map(|w| w.message.clone()).collect();
    (w.into_files("n", Format::Brat).remove(1).content, warnings)
}

#[test]
fn imported_meta_is_kept_and_follows_edits() {
    let mut c = brat_corpus();
    assert_eq!(c.docs()[0].meta().span_ids.len(), 3);
    let (out, warnings) = ann(&c);
    assert_eq!(
        out,
        "T1\tPER 0 3\tAnn\nT2\tPER 8 11\tBob\nT3\tLOC 15 19\tRome\nR1\tMeets Arg1:T1 Arg2:T2\nA1\tNegated T1\n#1\tAnnotatorNotes T3\tcapital\n"
    );
    assert!(warnings.is_empty(), "{warnings:?}");

    // A span edit (Bob untagged, "met" tagged) leaves the text and the meta alone;
    // the relation to the removed T2 is left out with a warning, and the new
    // span gets a fresh id.
    let before = c.docs()[0].meta().clone();
    c.set_source(0, "<PER>Ann</PER> <V>met</V> Bob in <LOC>Rome</LOC>.");
    assert_eq!(c.docs()[0].meta(), &before);
    let (out, warnings) = ann(&c);
    assert_eq!(out, "T1\tPER 0 3\tAnn\nT3\tLOC 15 19\tRome\nT4\tV 4 7\tmet\nA1\tNegated T1\n#1\tAnnotatorNotes T3\tcapital\n");
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("`R1 Meets Arg1:T1 Arg2:T2` left out: it refers to `T2`"),
        "{warnings:?}"
    );

    // A text edit before Rome: T3 moves with its span, the ids of spans the
    // edit touched are retired (never reused), and the lines stay consistent.
    c.set_source(
        0,
        "<PER>Ann</PER> <V>met</V> Bob in lovely <LOC>Rome</LOC>.",
    );
    let meta = c.docs()[0].meta();
    assert_eq!(meta.span_ids[2].ranges.len(), 1);
    assert_eq!(meta.span_ids[2].ranges[0], 22..26);
    assert_eq!(meta.span_ids[0].ranges, [0..3]);
    let (out, _) = ann(&c);
    assert_eq!(out, "T1\tPER 0 3\tAnn\nT3\tLOC 22 26\tRome\nT4\tV 4 7\tmet\nA1\tNegated T1\n#1\tAnnotatorNotes T3\tcapital\n");
    // An edit inside Ann's span retires T1: A1 goes (reported), and the span
    // gets an id after every id the source used.
    c.set_source(
        0,
        "<PER>Ana</PER> <V>met</V> Bob in lovely <LOC>Rome</LOC>.",
    );
    assert!(c.docs()[0].meta().span_ids[0].ranges.is_empty());
    let (out, warnings) = ann(&c);
    assert_eq!(
        out,
        "T3\tLOC 22 26\tRome\nT4\tPER 0 3\tAna\nT5\tV 4 7\tmet\n#1\tAnnotatorNotes T3\tcapital\n"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`A1 Negated T1` left out")),
        "{warnings:?}"
    );
    // Renaming and status changes keep it; so does an unchanged source.
    c.rename(0, "m");
    c.set_status(0, Status::Accepted);
    assert_eq!(c.docs()[0].meta().span_ids.len(), 3);
}

#[test]
fn a_text_change_drops_source_tokens() {
    use crate::format::Meta;
    let meta = Meta {
        tokens: Some(vec![0..1, 2..3]),
        ..Meta::default()
    };
    let mut c = Corpus::new();
    c.add_documents([("p", "prodigy", "<X>a</X> b", meta.clone())]);
    c.set_source(0, "a <X>b</X>");
    assert_eq!(c.docs()[0].meta(), &meta, "a span edit keeps the tokens");
    c.set_source(0, "a <X>bc</X>");
    assert_eq!(c.docs()[0].meta().tokens, None);
}

#[test]
fn adding_a_thousand_seeds() {
    let seeds: Vec<(String, &str, &str)> = (0..1000)
        .map(|i| (format!("seed-{i}.txt"), "inline", crate::EXAMPLE_SEED))
        .collect();
    let mut c = Corpus::new();
    assert_eq!(c.add_documents(seeds), 0..1000);
    assert_eq!(c.docs()[999].span_count(), 11);
    assert_eq!(c.filter(&Filter::label("year")).len(), 1000);
    assert_eq!(c.search("NeuraScale", 5).docs, 1000);
}

#[test]
fn set_parsed_is_set_source_without_a_second_parse() {
    let mut a = corpus(2);
    let mut b = corpus(2);
    let source = "doc <y>changed</y> <x>1</x>";
    assert!(a.set_source(1, source));
    assert!(b.set_parsed(1, source, parse(source)));
    assert_eq!(a, b);
    assert_eq!(a.docs()[1].parsed(), b.docs()[1].parsed());
    assert_eq!(b.search("CHANGED", 5).total, 1, "search sees the new text");
    assert!(!b.set_parsed(1, source, parse(source)), "unchanged");
    assert!(!b.set_parsed(9, source, parse(source)), "out of range");
    // Only the spans changed: the text and its search copy stay.
    assert!(b.set_parsed(1, "doc changed <x>1</x>", parse("doc changed <x>1</x>")));
    assert_eq!(b.search("changed", 5).total, 1);
}

#[test]
fn add_parsed_is_add_document_without_a_second_parse() {
    let source = "the <model>NeuraScale-9</model> and NeuraScale-9";
    let mut a = corpus(2);
    let mut b = corpus(2);
    let i = a.add_document("doc-1.txt", "inline", source);
    let j = b.add_parsed("doc-1.txt", "inline", source, parse(source));
    assert_eq!((i, j), (2, 2));
    assert_eq!(a, b);
    assert_eq!(
        b.docs()[2].name(),
        a.docs()[2].name(),
        "the name is made unique the same way"
    );
    assert_ne!(b.docs()[2].id(), b.docs()[1].id());
    assert_eq!(a.docs()[2].parsed(), b.docs()[2].parsed());
    assert_eq!(
        b.search("neurascale-9", 5).total,
        2,
        "search folds it when first asked"
    );
    // Into an empty corpus: it becomes the current document.
    let mut c = Corpus::new();
    c.add_parsed("x.txt", "inline", source, parse(source));
    assert_eq!(c.current_doc().map(|d| d.name()), Some("x.txt"));
}

/// A corpus read back from the store derives nothing up front; `prepare` fills
/// in the rest in slices. At every stage — nothing prepared, some prepared, all
/// prepared — search, filters and counts must see every document (a lazy index
/// that skipped an unprepared document would lose it from the results).
#[test]
fn lazy_preparation_loses_no_document() {
    let sources: Vec<String> = (0..7)
        .map(|i| match i % 3 {
            0 => format!("Doc {i}: the <model>Neura{i}</model> ΣΊΣΥΦΟΣ"),
            1 => format!("doc {i} about <year>20{i}0</year> and NEURA"),
            _ => format!("broken {i} <open>neura"),
        })
        .collect();
    let stored = || {
        let docs = sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                CorpusDoc::new(
                    DocId(i as u64),
                    format!("d{i}"),
                    "inline",
                    s.clone(),
                    Status::Todo,
                    0,
                )
            })
            .collect();
        Corpus::restore(docs, 3, LabelSet::default(), 7)
    };
    let mut eager = Corpus::new();
    eager.add_documents(
        sources
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("d{i}"), "inline", s.clone())),
    );
    let queries = ["neura", "NEURA", "σίσυφος", "doc", "20", "absent"];
    let expected: Vec<SearchResults> = queries.iter().map(|q| eager.search(q, 100)).collect();
    assert_eq!(expected[0].docs, 7, "the reference sees every document");

    // Nothing prepared: a restored corpus has derived nothing yet.
    let c = stored();
    assert!(c.docs().iter().all(|d| !d.is_prepared()));
    for (q, want) in queries.iter().zip(&expected) {
        assert_eq!(
            &c.search(q, 100),
            want,
            "search {q:?} before any preparation"
        );
    }
    let c = stored();
    assert_eq!(
        c.filter(&Filter::label("year")),
        eager.filter(&Filter::label("year"))
    );
    assert_eq!(
        c.filter(&Filter {
            with_diagnostics: true,
            ..Filter::all()
        }),
        eager.filter(&Filter {
            with_diagnostics: true,
            ..Filter::all()
        })
    );

    // Prepared slice by slice: the current document first, then in order, until done.
    let c = stored();
    assert!(!c.prepare(1));
    assert!(
        c.docs()[3].is_prepared(),
        "the current document is prepared first"
    );
    assert_eq!(c.docs().iter().filter(|d| d.is_prepared()).count(), 1);
    for (q, want) in queries.iter().zip(&expected) {
        assert_eq!(
            &c.search(q, 100),
            want,
            "search {q:?} with one document prepared"
        );
    }
    let c = stored();
    assert!(!c.prepare(2));
    assert!(!c.prepare(2));
    for (q, want) in queries.iter().zip(&expected) {
        assert_eq!(&c.search(q, 100), want, "search {q:?} half prepared");
    }
    let mut steps = 0;
    while !c.prepare(2) {
        steps += 1;
        assert!(steps < 10, "prepare makes progress");
    }
    assert!(c.docs().iter().all(CorpusDoc::is_prepared));
    assert!(c.prepare(1), "nothing left");
    for (q, want) in queries.iter().zip(&expected) {
        assert_eq!(&c.search(q, 100), want, "search {q:?} once prepared");
    }
    let counts = |c: &Corpus| {
        c.docs()
            .iter()
            .map(|d| (d.span_count(), d.diagnostic_count()))
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&c), counts(&eager));

    // A change of an unprepared document's source: the old parse is made to
    // compare texts, and search sees the new text.
    let mut c = stored();
    assert!(c.set_source(5, "now <model>Other</model>"));
    assert_eq!(c.search("other", 10).docs, 1);
    assert_eq!(c.search("neura", 100).docs, 6);
}
