//! The fuzz driver: mutated inputs for every reader, the store and journal
//! decoders, and random edit/undo sequences, checking invariants after each.
//!
//! It is a plain deterministic generator and mutator (a seeded xorshift over a
//! corpus of the fixture files and of tagmark's own outputs): cargo-fuzz needs
//! a nightly compiler. Run as a test (debug build: overflow checks on), it
//! tries a bounded number of inputs per target, a few seconds in all; more on
//! demand:
//!
//! ```sh
//! TAGMARK_FUZZ_RUNS=200000 cargo test -p tagmark-core --release --test fuzz -- --nocapture
//! TAGMARK_FUZZ_SEED=12345 cargo test -p tagmark-core --test fuzz    # another sequence
//! ```
//!
//! (`--release` is faster but turns overflow checks off; the debug default keeps them.)
//! A failure prints the target, the seed and the input that failed, so it can
//! be replayed and turned into a regression test in `fuzz_findings.rs`.
//!
//! Invariants:
//! - no reader, decoder, writer (of what a reader gave) or edit panics
//!   (arithmetic overflow included);
//! - every span a reader gives fits its document's text;
//! - inline: parse → write (broken tags kept) gives back the same bytes for a
//!   source without `&`, and write → parse gives back the same document;
//! - write → read is the identity for what each format holds: the text comes
//!   back, no span comes back that was not there, and every span that does not
//!   come back was reported by the writer (for CoNLL, which rebuilds the text
//!   from tokens, by count);
//! - edits: a refused edit changes nothing; undoing every step gives back the
//!   first document, and redoing every step the last.

use std::panic::{catch_unwind, AssertUnwindSafe};

use tagmark_core::corpus::Corpus;
use tagmark_core::edit::SpanRef;
use tagmark_core::format::{self, Format, InputFile, NamedDocument, ReadOptions, WriteOptions};
use tagmark_core::journal::Journal;
use tagmark_core::store::{self, StoredSession};
use tagmark_core::write::write_keeping;
use tagmark_core::{parse, Document, Edit, History, OffsetUnit, Span};

/// Inputs per target when `TAGMARK_FUZZ_RUNS` is not set.
const DEFAULT_RUNS: usize = 400;

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn runs() -> usize {
    std::env::var("TAGMARK_FUZZ_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_RUNS)
}

fn seed(target: &str) -> u64 {
    let base = std::env::var("TAGMARK_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x7A6D_A2C0_FFEE);
    // Each target its own sequence, so that one can be replayed alone.
    target.bytes().fold(base | 1, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01B3)
    }) | 1
}

/// Runs `check` on `input`; on a panic, fails naming the target, seed, run and input.
fn run<I: std::fmt::Debug>(target: &str, seed: u64, n: usize, input: &I, check: impl FnOnce()) {
    if let Err(e) = catch_unwind(AssertUnwindSafe(check)) {
        let what = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        panic!("fuzz target `{target}` failed (TAGMARK_FUZZ_SEED base, target seed {seed}, run {n}): {what}\ninput: {input:?}");
    }
}

/// Text pieces that have broken things before: line breaks of every kind, a
/// BOM, emoji, combining marks, tag and escape look-alikes, JSON and brat syntax,
/// numbers at the ends of the integer types.
const TOKENS: &[&str] = &[
    "\u{feff}",
    "\r\n",
    "\r",
    "\n",
    "\t",
    " ",
    "\u{a0}",
    "\u{202f}",
    "\u{1c}",
    "\u{2028}",
    "👨🏻‍🚒",
    "😊",
    "日本語",
    "e\u{301}",
    "<",
    ">",
    "</",
    "<a>",
    "</a>",
    "<PER>",
    "</PER>",
    "<x y>",
    "&",
    "&lt;",
    "&gt;",
    "&amp;",
    "\"",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    ";",
    "0",
    "-1",
    "1",
    "18446744073709551615",
    "9223372036854775808",
    "340282366920938463463374607431768211456",
    "1e999",
    "null",
    "true",
    "T1",
    "T18446744073709551615",
    "\"text\":",
    "\"label\":",
    "\"spans\":",
    "\"tokens\":",
    "\"ents\":",
    "\"id\":",
    "\"start\":",
    "\"end\":",
    "\"token_start\":",
    "\"token_end\":",
    "\"annotations\":",
    "\"result\":",
    "\"value\":",
    "\"labels\":",
    "-DOCSTART-",
    "B-PER",
    "I-PER",
    "L-",
    "U-X",
    "O",
    "#",
    "R1\tRel Arg1:T1 Arg2:T2",
    "PER LOC",
    "é",
];

/// A mutation of `input`: bytes changed, tokens put in, parts cut, doubled or spliced with `other`.
fn mutate(rng: &mut Rng, input: &str, other: &str) -> String {
    let mut bytes = input.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let len = bytes.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                bytes[i] = rng.next() as u8;
            }
            1 | 2 => {
                let i = rng.below(len + 1);
                let t = rng.pick(TOKENS).as_bytes();
                bytes.splice(i..i, t.iter().copied());
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(16)).min(len);
                bytes.drain(a..b);
            }
            4 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                let part = bytes[a..b].to_vec();
                let at = rng.below(len + 1);
                bytes.splice(at..at, part);
            }
            5 => {
                let o = other.as_bytes();
                let cut = rng.below(len + 1);
                let from = rng.below(o.len() + 1);
                bytes.truncate(cut);
                bytes.extend_from_slice(&o[from..]);
            }
            _ => {
                // A digit run made huge or negative.
                if let Some(i) = bytes
                    .iter()
                    .position(|b| b.is_ascii_digit())
                    .map(|p| (p + rng.below(len)) % len.max(1))
                {
                    let t = rng.pick(&[
                        "18446744073709551615",
                        "-9223372036854775808",
                        "4294967296",
                        "99999999999999999999",
                    ]);
                    bytes.splice(i..i, t.bytes());
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A document from pieces, with spans on character boundaries (nested, crossing,
/// repeated) and labels of every kind a reader lets through.
fn random_doc(rng: &mut Rng) -> Document {
    const PIECES: &[&str] = &[
        "Ada",
        "met",
        "Bob",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "👨🏻‍🚒",
        "😊",
        "日本語",
        "e\u{301}",
        "\u{a0}",
        ",",
        ".",
        "<",
        "&lt;",
        "&",
        "\"",
        "naïve",
        "<b>",
        "x y",
        "\u{feff}",
        "1",
    ];
    const LABELS: &[&str] = &["PER", "ORG", "loc", "B-x", "a_1", "PER LOC", "é", "x-y"];
    let mut text = String::new();
    for _ in 0..rng.below(24) {
        let piece = *rng.pick(PIECES);
        text.push_str(piece);
    }
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut spans = Vec::new();
    for _ in 0..rng.below(7) {
        let (a, b) = (rng.below(bounds.len()), rng.below(bounds.len()));
        let (s, e) = (bounds[a.min(b)], bounds[a.max(b)]);
        let span = Span::new(s, e, *rng.pick(LABELS));
        if s < e && !spans.contains(&span) {
            spans.push(span);
        }
    }
    let mut doc = Document { text, spans };
    doc.sort_spans();
    doc
}

fn fixtures() -> Vec<InputFile> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(content) = std::fs::read_to_string(&p) {
                // Long files slow every run; their first lines are enough.
                let content: String = content.lines().take(40).collect::<Vec<_>>().join("\n");
                out.push(InputFile::new(
                    p.file_name().unwrap_or_default().to_string_lossy(),
                    content,
                ));
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Seeds for a format's reader: fixtures, and tagmark's own output of generated documents.
fn seeds(rng: &mut Rng, format: Format) -> Vec<String> {
    let mut out: Vec<String> = fixtures().into_iter().map(|f| f.content).collect();
    for _ in 0..8 {
        let doc = NamedDocument::new("d", random_doc(rng));
        let opts = WriteOptions {
            offsets: *rng.pick(&[
                None,
                Some(OffsetUnit::Codepoints),
                Some(OffsetUnit::Utf16),
                Some(OffsetUnit::Bytes),
            ]),
            ..WriteOptions::default()
        };
        for file in format::write(format, &[doc], &opts).into_files("d", format) {
            out.push(file.content);
        }
    }
    out
}

fn check_read(read: &format::Read) {
    for d in &read.docs {
        for s in &d.document.spans {
            assert!(
                d.document.check_range(s.start, s.end).is_ok(),
                "span {s:?} does not fit {:?}",
                d.document.text
            );
        }
    }
}

#[test]
fn fuzz_readers() {
    for format in Format::ALL {
        let target = format!("read {format}");
        let seed = seed(&target);
        let mut rng = Rng(seed);
        let corpus = seeds(&mut rng, format);
        for n in 0..runs() {
            let (a, b) = (rng.below(corpus.len()), rng.below(corpus.len()));
            let input = mutate(&mut rng, &corpus[a], &corpus[b]);
            let opts = ReadOptions {
                offsets: *rng.pick(&[
                    None,
                    Some(OffsetUnit::Codepoints),
                    Some(OffsetUnit::Utf16),
                    Some(OffsetUnit::Bytes),
                ]),
            };
            run(&target, seed, n, &input, || {
                let read = if format == Format::Brat {
                    let text = mutate(
                        &mut Rng(seed ^ n as u64),
                        "Ada met Bob in 日本 😊\r\nand\rthen",
                        "",
                    );
                    format::brat::read("d.txt", &text, Some(&input), &opts)
                } else {
                    format::read(format, "d.in", &input, &opts)
                };
                check_read(&read);
                // Writing what was read (its ids, tokens and kept lines) back, in every format.
                for to in Format::ALL {
                    let _ = format::write(
                        to,
                        &read.docs,
                        &WriteOptions {
                            offsets: opts.offsets,
                            ..WriteOptions::default()
                        },
                    );
                }
                // Detection and reading what it detected.
                let all = format::read_files(&[InputFile::new("x", input.clone())], None, &opts);
                check_read(&all.read);
            });
        }
    }
}

#[test]
fn fuzz_inline_round_trip() {
    let target = "inline parse → write";
    let seed = seed(target);
    let mut rng = Rng(seed);
    let corpus: Vec<String> = (0..16)
        .map(|_| tagmark_core::write(&random_doc(&mut rng)))
        .chain([tagmark_core::EXAMPLE_SEED.to_string()])
        .collect();
    for n in 0..runs() * 4 {
        let (a, b) = (rng.below(corpus.len()), rng.below(corpus.len()));
        let source = mutate(&mut rng, &corpus[a], &corpus[b]);
        run(target, seed, n, &source, || {
            let parsed = parse(&source);
            let written = write_keeping(&parsed.document, &parsed.literal_tags);
            if !source.contains('&') {
                assert_eq!(
                    written, source,
                    "parse → write (broken tags kept) is not byte-identical"
                );
            }
            let clean = tagmark_core::write(&parsed.document);
            assert_eq!(
                parse(&clean).document,
                parsed.document,
                "write → parse is not the identity"
            );
        });
    }
}

/// `a` minus `b`, as multisets.
fn minus(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut rest: Vec<&Span> = b.iter().collect();
    a.iter()
        .filter(|s| match rest.iter().position(|o| o == s) {
            Some(i) => {
                rest.swap_remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

#[test]
fn fuzz_write_read_identity() {
    for format in Format::ALL {
        let target = format!("write {format} → read");
        let seed = seed(&target);
        let mut rng = Rng(seed);
        for n in 0..runs() {
            let doc = random_doc(&mut rng);
            let unit = *rng.pick(&[
                None,
                Some(OffsetUnit::Codepoints),
                Some(OffsetUnit::Utf16),
                Some(OffsetUnit::Bytes),
            ]);
            run(&target, seed, n, &doc, || {
                let named = NamedDocument::new("d", doc.clone());
                let written = format::write(
                    format,
                    &[named],
                    &WriteOptions {
                        offsets: unit,
                        ..WriteOptions::default()
                    },
                );
                let reported: Vec<Span> = written
                    .warnings
                    .iter()
                    .filter_map(|w| w.span.clone())
                    .collect();
                let written_warnings = written.warnings.clone();
                let files: Vec<InputFile> = written
                    .into_files("d", format)
                    .into_iter()
                    .map(|f| InputFile::new(f.name, f.content))
                    .collect();
                let read = format::read_files(&files, Some(format), &ReadOptions { offsets: unit });
                assert!(
                    read.read.errors.is_empty(),
                    "tagmark cannot read its own {format}: {:?}",
                    read.read.errors
                );
                if format == Format::Conll && read.read.docs.is_empty() {
                    // A text without tokens: CoNLL holds nothing of it, and says so.
                    assert!(
                        doc.text.trim().is_empty() && !written_warnings.is_empty(),
                        "{files:?}"
                    );
                    return;
                }
                assert_eq!(read.read.docs.len(), 1, "{files:?}");
                let back = &read.read.docs[0].document;
                if format == Format::Conll {
                    // CoNLL rebuilds the text from tokens: the spans come back, not their offsets.
                    let lost = doc.spans.len().saturating_sub(back.spans.len());
                    assert!(
                        lost <= reported.len(),
                        "CoNLL lost {lost} spans and reported {}: {files:?}",
                        reported.len()
                    );
                } else {
                    assert_eq!(back.text, doc.text);
                    // A span reported as written without the line breaks at its edges (brat)
                    // comes back as exactly that: the reported span, trimmed of line breaks.
                    let trimmed_of_reported = |e: &Span| {
                        let only_breaks = |r: std::ops::Range<usize>| {
                            doc.text[r].chars().all(is_python_line_break)
                        };
                        reported.iter().any(|r| {
                            r.label == e.label
                                && r.start <= e.start
                                && e.end <= r.end
                                && only_breaks(r.start..e.start)
                                && only_breaks(e.end..r.end)
                        })
                    };
                    let extra: Vec<Span> = minus(&back.spans, &doc.spans)
                        .into_iter()
                        .filter(|e| !trimmed_of_reported(e))
                        .collect();
                    assert!(
                        extra.is_empty(),
                        "{format} read back spans that were not there: {extra:?}"
                    );
                    let lost = minus(&doc.spans, &back.spans);
                    let silent = minus(&lost, &reported);
                    assert!(
                        silent.is_empty(),
                        "{format} lost spans without a word: {silent:?}"
                    );
                }
            });
        }
    }
}

#[test]
fn fuzz_store_and_journal_decoders() {
    let target = "store and journal decoders";
    let seed = seed(target);
    let mut rng = Rng(seed);
    let mut corpus = Corpus::new();
    corpus.add_documents((0..4).map(|i| {
        (
            format!("d{i}.txt"),
            "inline".to_string(),
            tagmark_core::write(&random_doc(&mut rng)),
        )
    }));
    let session = StoredSession::default();
    let backup = store::encode(&corpus, &session);
    let docs: Vec<String> = corpus.docs().iter().map(store::encode_doc).collect();
    let meta = store::encode_meta(&corpus, &session, "tab-1", 3);
    let journal = Journal {
        meta: meta.clone(),
        docs: docs.clone(),
        removed: vec![corpus.docs()[0].id()],
        base: 3,
    };
    let pieces = journal.pieces("tab-1", 600);
    let seeds = [
        backup,
        meta,
        journal.encode(),
        docs.join("\n"),
        pieces[0].1.clone(),
        pieces[1].1.clone(),
    ];
    for n in 0..runs() {
        let (a, b) = (rng.below(seeds.len()), rng.below(seeds.len()));
        let input = mutate(&mut rng, &seeds[a], &seeds[b]);
        run(target, seed, n, &input, || {
            if let Ok((mut c, _)) = store::decode(&input) {
                c.add_documents([("new.txt".to_string(), "inline".to_string(), "x".to_string())]);
                let mut ids: Vec<_> = c.docs().iter().map(|d| d.id()).collect();
                ids.sort();
                ids.dedup();
                assert_eq!(ids.len(), c.docs().len(), "two documents share an id");
            }
            let _ = store::decode_doc(&input);
            let stored_meta = store::decode_meta(&input).ok();
            let records: Vec<_> = docs
                .iter()
                .filter_map(|d| store::decode_doc(d).ok())
                .collect();
            if let Ok(j) = Journal::decode(&input) {
                let (mut m, mut d) = (stored_meta.clone(), records.clone());
                if j.apply(&mut m, &mut d).is_err() {
                    assert_eq!(
                        d, records,
                        "a journal that cannot be applied changed the records"
                    );
                }
                let _ = store::assemble(m, d);
            }
            // The journal's pieces, one of them mutated, put back together.
            let mut items = pieces.clone();
            let k = n % items.len();
            items[k].1 = input.clone();
            for g in Journal::gather(items.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
                if let Ok(j) = g.journal {
                    let _ = j.fits(stored_meta.as_ref());
                    let (mut m, mut d) = (stored_meta.clone(), records.clone());
                    let _ = j.apply(&mut m, &mut d);
                }
            }
            let _ = store::assemble(stored_meta, records);
        });
    }
}

/// A random edit, often a bad one.
fn random_edit(rng: &mut Rng, doc: &Document) -> Edit {
    let len = doc.text.len();
    let pos = |rng: &mut Rng| {
        if rng.chance(20) {
            rng.below(len + 3)
        } else {
            rng.below(len + 1)
        }
    };
    let label = |rng: &mut Rng| {
        rng.pick(&["PER", "ORG", "b", "PER LOC", "", "é"])
            .to_string()
    };
    let index = |rng: &mut Rng| rng.below(doc.spans.len() + 1);
    match rng.below(8) {
        0 | 1 => {
            let (a, b) = (pos(rng), pos(rng));
            Edit::AddSpan {
                span: Span::new(a.min(b), a.max(b), label(rng)),
            }
        }
        2 => match doc.spans.get(index(rng)) {
            Some(s) if rng.chance(2) => Edit::RemoveSpan {
                target: SpanRef::Span(s.clone()),
            },
            _ => Edit::RemoveSpan {
                target: SpanRef::Index(index(rng)),
            },
        },
        3 => Edit::Relabel {
            index: index(rng),
            label: label(rng),
        },
        4 => {
            let (a, b) = (pos(rng), pos(rng));
            Edit::Resize {
                index: index(rng),
                start: a.min(b),
                end: a.max(b),
            }
        }
        5 => Edit::RenameLabel {
            from: label(rng),
            to: label(rng),
        },
        6 => Edit::RemoveLabel {
            label: label(rng),
            move_to: rng.chance(2).then(|| label(rng)),
        },
        _ => {
            let (a, b) = (pos(rng), pos(rng));
            Edit::ReplaceText {
                range: a.min(b)..a.max(b),
                with: rng.pick(&["", "x", " ", "😊", "\r\n", "<a>"]).to_string(),
            }
        }
    }
}

#[test]
fn fuzz_edit_undo_sequences() {
    let target = "edit and undo";
    let seed = seed(target);
    let mut rng = Rng(seed);
    for n in 0..runs() {
        let start = random_doc(&mut rng);
        let edits: Vec<Edit> = {
            let mut d = start.clone();
            (0..1 + rng.below(12))
                .map(|_| {
                    let e = random_edit(&mut rng, &d);
                    let _ = e.apply(&mut d);
                    e
                })
                .collect()
        };
        run(target, seed, n, &(&start, &edits), || {
            let mut doc = start.clone();
            let mut history = History::new();
            let mut states = vec![doc.clone()];
            for edit in &edits {
                let before = doc.clone();
                match history.apply(&mut doc, edit.clone()) {
                    Ok(change) if !change.is_empty() => states.push(doc.clone()),
                    Ok(_) => assert_eq!(doc, before, "an empty change changed the document"),
                    Err(_) => assert_eq!(doc, before, "a refused edit changed the document"),
                }
                assert!(
                    doc.spans
                        .is_sorted_by_key(|s| (s.start, std::cmp::Reverse(s.end))),
                    "spans out of order"
                );
                for s in &doc.spans {
                    assert!(
                        doc.check_range(s.start, s.end).is_ok(),
                        "span {s:?} does not fit"
                    );
                }
            }
            for want in states.iter().rev().skip(1) {
                history.undo(&mut doc).expect("undo");
                assert_eq!(&doc, want, "undo did not give back the earlier document");
            }
            assert!(!history.can_undo());
            for want in states.iter().skip(1) {
                history.redo(&mut doc).expect("redo");
                assert_eq!(&doc, want, "redo did not give back the later document");
            }
        });
    }
}

/// The characters Python's `str.splitlines()` breaks lines at (brat reads `.ann` files with it).
fn is_python_line_break(c: char) -> bool {
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
