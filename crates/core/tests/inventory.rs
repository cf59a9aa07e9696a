//! The entity inventory (`tagmark_core::inventory`): counts, strings, occurrences,
//! conflicts and statuses over small corpora with Unicode, CRLF and nested spans.

use tagmark_core::corpus::{Corpus, Status};
use tagmark_core::inventory::{normalize, status_from_meta, Inventory, Occurrence, Source};
use tagmark_core::{parse, Document};

/// A corpus of inline sources, each with a status.
fn corpus(docs: &[(&str, &str, Status)]) -> Corpus {
    let mut c = Corpus::new();
    c.add_documents(
        docs.iter()
            .map(|(name, source, _)| (name.to_string(), "inline".to_string(), source.to_string())),
    );
    for (i, (_, _, status)) in docs.iter().enumerate() {
        c.set_status(i, *status);
    }
    c
}

/// `(text, count)` of a label's strings, in the inventory's order.
fn strings<'a>(inv: &'a Inventory, label: &str) -> Vec<(&'a str, usize)> {
    inv.label(label)
        .expect(label)
        .strings
        .iter()
        .map(|s| (s.text.as_str(), s.count()))
        .collect()
}

#[test]
fn counts_labels_strings_and_statuses() {
    let c = corpus(&[
        (
            "a.txt",
            "<org>Apple</org> sells <fruit>apple</fruit>s; <org>Apple</org> again",
            Status::Accepted,
        ),
        (
            "b.txt",
            "<org>Apple</org> and <org>Orion-3</org>; an <fruit>Apple</fruit> a day",
            Status::Todo,
        ),
        (
            "c.txt",
            "<org>Orion-3</org> beats <org>Apple</org>",
            Status::Rejected,
        ),
        ("d.txt", "no spans here", Status::Todo),
    ]);
    let inv = Inventory::of_corpus(&c);
    assert_eq!((inv.docs, inv.spans), (4, 8));
    assert_eq!(
        inv.statuses,
        vec![
            (Status::Todo, 2),
            (Status::Accepted, 1),
            (Status::Rejected, 1),
            (Status::Skipped, 0)
        ]
    );
    assert_eq!(inv.status_count(Status::Todo), 2);
    // Labels by span count, most first.
    let labels: Vec<(&str, usize, usize)> = inv
        .labels
        .iter()
        .map(|l| (l.label.as_str(), l.spans, l.docs))
        .collect();
    assert_eq!(labels, [("org", 6, 3), ("fruit", 2, 2)]);
    // Strings by count, then text; no case folding (`apple` ≠ `Apple`).
    assert_eq!(strings(&inv, "org"), [("Apple", 4), ("Orion-3", 2)]);
    assert_eq!(strings(&inv, "fruit"), [("Apple", 1), ("apple", 1)]);
    // Occurrences: document index and byte range, in corpus order.
    let apple = &inv.label("org").unwrap().strings[0];
    let at: Vec<(usize, &str)> = apple
        .occurrences
        .iter()
        .map(|o| (o.doc, &c.docs()[o.doc].text()[o.range.clone()]))
        .collect();
    assert_eq!(at, [(0, "Apple"), (0, "Apple"), (1, "Apple"), (2, "Apple")]);
    assert_eq!(
        apple.occurrences[1],
        Occurrence {
            doc: 0,
            range: 20..25
        }
    );
    // `Apple` is tagged org ×4 and fruit ×1: one conflict; `apple` is only a fruit.
    assert_eq!(inv.conflicts.len(), 1);
    let conflict = inv.conflict("Apple").expect("Apple conflicts");
    assert_eq!(
        conflict.labels,
        [("org".to_string(), 4), ("fruit".to_string(), 1)]
    );
    assert_eq!(conflict.summary(), "org ×4, fruit ×1");
    assert_eq!(conflict.total(), 5);
    assert!(inv.conflict("apple").is_none());
    assert!(inv.conflict("Orion-3").is_none());
}

#[test]
fn nested_spans_count_each_label() {
    // An org nested in a product, and a span nested in itself.
    let c = corpus(&[(
        "n.txt",
        "<product><org>Apple</org> Watch</product> and <loc><loc>Paris</loc></loc>",
        Status::Skipped,
    )]);
    let inv = Inventory::of_corpus(&c);
    assert_eq!(inv.spans, 4);
    assert_eq!(strings(&inv, "product"), [("Apple Watch", 1)]);
    assert_eq!(strings(&inv, "org"), [("Apple", 1)]);
    // Both `loc` spans hold `Paris`: one string, counted twice, in one document.
    assert_eq!(strings(&inv, "loc"), [("Paris", 2)]);
    assert_eq!(inv.label("loc").unwrap().docs, 1);
    assert!(inv.conflicts.is_empty());
    assert_eq!(inv.status_count(Status::Skipped), 1);
}

#[test]
fn unicode_strings_keep_byte_ranges_and_give_code_points_in_json() {
    let source =
        "🗻∈🌏 <city>東京</city>, <city>Zürich</city> and <emoji>👨🏻‍🚒</emoji>; <city>東京</city>";
    let c = corpus(&[("u.txt", source, Status::Todo)]);
    let inv = Inventory::of_corpus(&c);
    assert_eq!(strings(&inv, "city"), [("東京", 2), ("Zürich", 1)]);
    assert_eq!(strings(&inv, "emoji"), [("👨🏻‍🚒", 1)]);
    let text = c.docs()[0].text();
    let tokyo = &inv.label("city").unwrap().strings[0].occurrences[0];
    assert_eq!(tokyo.range, 12..18);
    assert_eq!(&text[tokyo.range.clone()], "東京");
    let sources: Vec<Source> = c
        .docs()
        .iter()
        .map(|d| Source {
            name: d.name(),
            document: d.document(),
            status: d.status(),
        })
        .collect();
    let json = inv.to_json(&sources);
    let occ = &json["labels"][0]["strings"][0]["occurrences"][0];
    // `🗻∈🌏 ` is 4 code points, so 東京 is 4..6 in code points (bytes 12..18).
    assert_eq!(
        occ,
        &serde_json::json!({"document": "u.txt", "start": 4, "end": 6})
    );
    let emoji = &json["labels"][1]["strings"][0];
    assert_eq!(emoji["text"], "👨🏻‍🚒");
    let (s, e) = (
        emoji["occurrences"][0]["start"].as_u64().unwrap(),
        emoji["occurrences"][0]["end"].as_u64().unwrap(),
    );
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(
        chars[s as usize..e as usize].iter().collect::<String>(),
        "👨🏻‍🚒"
    );
    // Snippets cut on grapheme boundaries around the span.
    let snip = tokyo.snippet(text).unwrap();
    assert_eq!(&snip.text[snip.highlight.clone()], "東京");
    assert!(
        Occurrence {
            doc: 0,
            range: 13..18
        }
        .snippet(text)
        .is_none(),
        "a range inside a character has no snippet"
    );
}

#[test]
fn crlf_and_whitespace_runs_are_one_space() {
    // The same name across a CRLF, an LF, a tab and a no-break space: one string.
    let c = corpus(&[
        (
            "w.txt",
            "<loc>New\r\nYork</loc> and <loc>New\nYork</loc>\r\n<loc>New \t York</loc>",
            Status::Todo,
        ),
        (
            "x.txt",
            "<loc>New\u{a0}York</loc> or <loc> </loc>",
            Status::Todo,
        ),
    ]);
    let inv = Inventory::of_corpus(&c);
    assert_eq!(strings(&inv, "loc"), [("New York", 4), (" ", 1)]);
    // Occurrences keep the original bytes, CRLF included.
    let first = &inv.label("loc").unwrap().strings[0].occurrences[0];
    assert_eq!(&c.docs()[0].text()[first.range.clone()], "New\r\nYork");
    assert_eq!(normalize("  a \r\n\r\n b  "), "a b");
    assert_eq!(normalize("\r\n"), " ");
    assert_eq!(normalize(""), "");
    assert_eq!(normalize("Ab"), "Ab");
}

#[test]
fn ties_sort_by_text_and_conflicts_by_total() {
    let c = corpus(&[(
        "t.txt",
        "<a>zeta</a> <a>alpha</a> <a>mid</a> <a>mid</a> <b>zeta</b> <b>zeta</b> <c>alpha</c> <b>alpha</b>",
        Status::Todo,
    )]);
    let inv = Inventory::of_corpus(&c);
    assert_eq!(strings(&inv, "a"), [("mid", 2), ("alpha", 1), ("zeta", 1)]);
    let labels: Vec<&str> = inv.labels.iter().map(|l| l.label.as_str()).collect();
    // a: 4 spans, b: 3, c: 1.
    assert_eq!(labels, ["a", "b", "c"]);
    let conflicts: Vec<(&str, String)> = inv
        .conflicts
        .iter()
        .map(|c| (c.text.as_str(), c.summary()))
        .collect();
    // alpha: 3 spans over a, b, c (ties by name); zeta: 3 over b ×2, a ×1. Equal totals sort by text.
    assert_eq!(
        conflicts,
        [
            ("alpha", "a ×1, b ×1, c ×1".to_string()),
            ("zeta", "b ×2, a ×1".to_string())
        ]
    );
}

#[test]
fn broken_tags_do_not_hide_the_good_spans() {
    // An unclosed tag stays text; the spans around it are counted.
    let c = corpus(&[(
        "e.txt",
        "<org>Apple</org> <bad>oops and <org>Orion</org>",
        Status::Todo,
    )]);
    assert!(c.docs()[0].has_diagnostics());
    let inv = Inventory::of_corpus(&c);
    assert_eq!(strings(&inv, "org"), [("Apple", 1), ("Orion", 1)]);
}

#[test]
fn empty_corpus_and_documents_from_other_formats() {
    let inv = Inventory::of_corpus(&Corpus::new());
    assert_eq!(
        (inv.docs, inv.spans, inv.labels.len(), inv.conflicts.len()),
        (0, 0, 0, 0)
    );
    assert_eq!(inv.statuses.iter().map(|(_, n)| n).sum::<usize>(), 0);
    assert!(inv
        .to_table(None)
        .starts_with("0 document(s), 0 span(s), 0 label(s)\n"));
    // Documents built directly (as the CLI does from any format), with a label that is not a tag name.
    let doc = Document::with_spans("Ada Lovelace", vec![]).unwrap();
    let mut other = Document::new("Ada Lovelace");
    other.spans.push(tagmark_core::Span::new(0, 12, "PER LOC"));
    let inv = Inventory::build([
        Source {
            name: "one",
            document: &doc,
            status: Status::Todo,
        },
        Source {
            name: "two",
            document: &other,
            status: Status::Accepted,
        },
    ]);
    assert_eq!(strings(&inv, "PER LOC"), [("Ada Lovelace", 1)]);
    assert_eq!(
        inv.label("PER LOC").unwrap().strings[0].occurrences[0].doc,
        1
    );
}

#[test]
fn table_lists_statuses_labels_strings_and_conflicts() {
    let c = corpus(&[
        (
            "a",
            "<org>Apple</org> <org>Apple</org> <fruit>Apple</fruit> <org>IBM</org>",
            Status::Accepted,
        ),
        ("b", "<fruit>pear</fruit>", Status::Todo),
    ]);
    let table = Inventory::of_corpus(&c).to_table(Some(1));
    let want = "\
2 document(s), 5 span(s), 2 label(s)

Documents per status
  to do            1
  accepted         1
  rejected         0
  skipped          0

Spans per label
  label   spans    docs  strings
  org         3       1        2
  fruit       2       2        2

org (3 span(s), 2 string(s))
        2  Apple  [conflict: org ×2, fruit ×1]
  … 1 more

fruit (2 span(s), 2 string(s))
        1  Apple  [conflict: org ×2, fruit ×1]
  … 1 more

Conflicts (a string tagged with more than one label): 1
  Apple: org ×2, fruit ×1
";
    assert_eq!(table, want);
}

#[test]
fn status_comes_from_meta_status_or_prodigy_answer() {
    let mut meta = tagmark_core::format::Meta::default();
    assert_eq!(status_from_meta(&meta), None);
    meta.answer = Some("reject".into());
    assert_eq!(status_from_meta(&meta), Some(Status::Rejected));
    meta.meta
        .insert("status".into(), serde_json::json!("skipped"));
    assert_eq!(status_from_meta(&meta), Some(Status::Skipped));
    meta.meta
        .insert("status".into(), serde_json::json!("nonsense"));
    assert_eq!(status_from_meta(&meta), Some(Status::Rejected));
}

#[test]
fn the_example_seed() {
    let parsed = parse(tagmark_core::EXAMPLE_SEED);
    let inv = Inventory::build([Source {
        name: "example",
        document: &parsed.document,
        status: Status::Todo,
    }]);
    assert_eq!(inv.spans, parsed.document.spans.len());
    let model = inv.label("model").expect("the example tags models");
    assert_eq!(model.strings[0].text, "NeuraScale-9");
    assert_eq!(model.strings[0].count(), 3);
}

mod properties {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;
    use tagmark_core::corpus::Status;
    use tagmark_core::inventory::{normalize, Inventory, Source};
    use tagmark_core::{Document, Span};

    /// A document over a few words (some with a CRLF or non-ASCII) with spans on word boundaries.
    fn document() -> impl Strategy<Value = Document> {
        const WORDS: [&str; 6] = ["Apple", "apple", "東京", "New\r\nYork", "Orion-3", "👨🏻‍🚒"];
        (
            prop::collection::vec(0..WORDS.len(), 1..8),
            prop::collection::vec((0usize..8, 1usize..3, 0usize..3), 0..6),
        )
            .prop_map(|(words, spans)| {
                let mut text = String::new();
                let mut bounds = Vec::new();
                for w in &words {
                    let start = text.len();
                    text.push_str(WORDS[*w]);
                    bounds.push((start, text.len()));
                    text.push(' ');
                }
                let spans = spans
                    .into_iter()
                    .filter_map(|(first, len, label)| {
                        let (start, _) = *bounds.get(first)?;
                        let (_, end) = *bounds.get((first + len - 1).min(bounds.len() - 1))?;
                        Some(Span::new(start, end, ["org", "fruit", "loc"][label]))
                    })
                    .collect();
                Document::with_spans(text, spans).expect("spans on word boundaries")
            })
    }

    proptest! {
        /// Every span is counted once, under its label and its normalised text; conflicts are
        /// exactly the strings with more than one label, with the right counts; orders hold.
        #[test]
        fn counts_agree_with_a_plain_model(docs in prop::collection::vec(document(), 0..6)) {
            let inv = Inventory::build(docs.iter().map(|d| Source { name: "d", document: d, status: Status::Todo }));
            let mut model: BTreeMap<(String, String), usize> = BTreeMap::new();
            for d in &docs {
                for s in &d.spans {
                    *model.entry((s.label.clone(), normalize(d.span_text(s)))).or_default() += 1;
                }
            }
            let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
            prop_assert_eq!(inv.spans, docs.iter().map(|d| d.spans.len()).sum::<usize>());
            for l in &inv.labels {
                prop_assert_eq!(l.spans, l.strings.iter().map(|s| s.count()).sum::<usize>());
                for w in l.strings.windows(2) {
                    prop_assert!((w[1].count(), &w[0].text) < (w[0].count(), &w[1].text));
                }
                for s in &l.strings {
                    for o in &s.occurrences {
                        let doc = &docs[o.doc];
                        prop_assert_eq!(normalize(&doc.text[o.range.clone()]), s.text.clone());
                        prop_assert!(doc.spans.iter().any(|x| x.range() == o.range && x.label == l.label));
                    }
                    seen.insert((l.label.clone(), s.text.clone()), s.count());
                }
            }
            prop_assert_eq!(&seen, &model);
            let mut labels_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for (label, text) in model.keys() {
                labels_of.entry(text.as_str()).or_default().insert(label.as_str());
            }
            let want: BTreeSet<&str> = labels_of.iter().filter(|(_, ls)| ls.len() > 1).map(|(t, _)| *t).collect();
            let got: BTreeSet<&str> = inv.conflicts.iter().map(|c| c.text.as_str()).collect();
            prop_assert_eq!(got, want);
            for c in &inv.conflicts {
                for (label, n) in &c.labels {
                    prop_assert_eq!(Some(n), model.get(&(label.clone(), c.text.clone())));
                }
            }
        }
    }
}
