//! Suggested spans: each source on fixtures (Unicode, CRLF, nested), pattern
//! files, and a property test that any accepted subset never crosses.

use std::collections::HashSet;

use proptest::prelude::*;
use tagmark_core::patterns::{self, PatternRule};
use tagmark_core::suggest::{accept_all, chunks, Source, Suggester, Suggestion};
use tagmark_core::{parse, Document, EXAMPLE_SEED};

fn doc(source: &str) -> Document {
    let parsed = parse(source);
    assert!(parsed.is_clean(), "{source}: {:?}", parsed.diagnostics);
    parsed.document
}

fn suggest(docs: &[&Document], which: usize, rules: &[PatternRule]) -> Vec<Suggestion> {
    Suggester::new(docs, rules).suggest(docs[which], &HashSet::new())
}

/// (text, label, source) of each suggestion.
fn shown(d: &Document, s: &[Suggestion]) -> Vec<(String, String, Source)> {
    s.iter()
        .map(|s| {
            (
                d.text[s.range.clone()].to_string(),
                s.label.clone(),
                s.source,
            )
        })
        .collect()
}

#[test]
fn example_seed_suggests_the_predecessor_and_its_parameters() {
    let d = doc(EXAMPLE_SEED);
    let got = shown(&d, &suggest(&[&d], 0, &[]));
    assert!(
        got.contains(&("NeuraScale-8".into(), "model".into(), Source::Shape)),
        "{got:?}"
    );
    assert!(
        got.contains(&("1.5 trillion".into(), "params".into(), Source::Shape)),
        "{got:?}"
    );
    // `30 trillion` has another shape than `2.5 trillion`.
    assert!(!got.iter().any(|(t, _, _)| t == "30 trillion"), "{got:?}");
}

#[test]
fn repeats_in_the_document_and_the_corpus() {
    let a = doc("<city>Zürich</city> and Zürich, not Zürichsee; <org>Acme Corp</org>");
    let b = doc("Acme\r\nCorp moved to Zürich.");
    let docs = [&a, &b];
    assert_eq!(
        shown(&a, &suggest(&docs, 0, &[])),
        [("Zürich".into(), "city".into(), Source::Repeat)]
    );
    assert_eq!(
        shown(&b, &suggest(&docs, 1, &[])),
        [
            ("Acme\r\nCorp".into(), "org".into(), Source::Repeat),
            ("Zürich".into(), "city".into(), Source::Repeat)
        ]
    );
    // Both occurrences of a string share a key, so they can be accepted together.
    let s = suggest(&docs, 1, &[]);
    assert_eq!(s[0].key, "Acme Corp");
}

#[test]
fn same_shape_needs_the_same_letters_and_digit_count() {
    let a = doc(
        "<model>Orion-2</model> then Orion-3, Orion-30, Orion-X and Ørion-4 <model>Ørion-5</model>",
    );
    let got = shown(&a, &suggest(&[&a], 0, &[]));
    assert_eq!(
        got,
        [
            ("Orion-3".into(), "model".into(), Source::Shape),
            ("Ørion-4".into(), "model".into(), Source::Shape)
        ]
    );
}

#[test]
fn never_crossing_a_span_nor_inside_its_own_label() {
    // `Acme Corp` would cross `<x>Corp shares</x>`; inside `<org>…</org>` it is not offered.
    let a = doc("<org>Acme Corp</org>: Acme <x>Corp shares</x>, <org>the Acme Corp board</org>, <y>Acme Corp</y>");
    assert!(suggest(&[&a], 0, &[]).is_empty());
    // Nested in a span of another label it is offered.
    let b = doc("<org>Acme Corp</org> and <deal>the Acme Corp merger</deal>");
    assert_eq!(
        shown(&b, &suggest(&[&b], 0, &[])),
        [("Acme Corp".into(), "org".into(), Source::Repeat)]
    );
}

#[test]
fn rules_phrase_tokens_and_regex() {
    let rules = patterns::read_jsonl(
        r#"{"label": "params", "pattern": "\\d+(\\.\\d+)? (billion|trillion)", "regex": true}
{"label": "year", "pattern": "(19|20)\\d\\d", "regex": true}

{"label": "org", "pattern": [{"lower": "open"}, {"LOWER": "research"}, {"IS_TITLE": true, "OP": "+"}]}
{"label": "gpu", "pattern": "A100 GPUs", "id": "g1"}"#,
    )
    .unwrap();
    let d = doc("In 2023 (not 120234) the open research Foundation Labs ran 7 billion steps on 512 A100\r\nGPUs.");
    let got = shown(&d, &suggest(&[&d], 0, &rules));
    assert_eq!(
        got,
        [
            ("2023".into(), "year".into(), Source::Rule),
            (
                "open research Foundation Labs".into(),
                "org".into(),
                Source::Rule
            ),
            ("7 billion".into(), "params".into(), Source::Rule),
            ("A100\r\nGPUs".into(), "gpu".into(), Source::Rule),
        ]
    );
    // Written back as read (the id kept, the regex flagged).
    let written = patterns::write_jsonl(&rules);
    assert!(
        written.contains(r#"{"label":"gpu","pattern":"A100 GPUs","id":"g1"}"#),
        "{written}"
    );
    assert!(written.contains(r#""regex":true"#));
    assert_eq!(patterns::read_jsonl(&written).unwrap().len(), 4);
}

#[test]
fn pattern_errors_name_the_line() {
    let errors = patterns::read_jsonl(
        "{\"label\": \"a\", \"pattern\": \"x\"}\n{\"pattern\": \"x\"}\nnot json\n{\"label\": \"b\", \"pattern\": [{\"POS\": \"NOUN\"}]}\n{\"label\": \"c\", \"pattern\": \"(\", \"regex\": true}\n{\"label\": \"d\", \"pattern\": [{\"lower\": \"x\", \"OP\": \"{2}\"}]}",
    )
    .unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 5, "{messages:?}");
    assert_eq!(messages[0], "line 2: the rule has no \"label\" string");
    assert!(messages[1].starts_with("line 3: it is not JSON"));
    assert_eq!(messages[2], "line 4: token 1 of the pattern: `POS` needs spaCy's language model, which tagmark does not have");
    assert!(
        messages[3].starts_with("line 5: the regular expression does not work: "),
        "{}",
        messages[3]
    );
    assert!(
        messages[4].starts_with("line 6: token 1 of the pattern: `OP` is \"{2}\""),
        "{}",
        messages[4]
    );
}

#[test]
fn sources_agree_on_one_suggestion_per_range() {
    // A repeat and a rule for the same range: one suggestion, the repeat's.
    let rules = vec![PatternRule::phrase("place", "Zürich").unwrap()];
    let a = doc("<city>Zürich</city> Zürich");
    assert_eq!(
        shown(&a, &suggest(&[&a], 0, &rules)),
        [("Zürich".into(), "city".into(), Source::Repeat)]
    );
}

#[test]
fn slices_find_what_the_whole_finds() {
    let mut source = String::new();
    for i in 0..400 {
        source.push_str(&format!("Line {i}: <model>NeuraScale-9</model> beat NeuraScale-{} and Acme\nCorp; <org>Acme Corp</org>\r\n", i % 10));
    }
    let d = doc(&source);
    let s = Suggester::new(&[&d], &[]);
    let whole = s.suggest(&d, &HashSet::new());
    let mut parts = Vec::new();
    for r in chunks(&d.text, 1000) {
        parts.extend(s.candidates(&d, r));
    }
    assert_eq!(Suggester::finish(&d, parts, &HashSet::new()), whole);
    assert!(whole.len() > 700, "{}", whole.len());
}

#[test]
fn accept_all_for_one_string_is_one_change_and_undoes() {
    let a = doc("<org>Acme</org> met Acme and Acme; Zürich.");
    let s = suggest(&[&a], 0, &[]);
    let acme: Vec<&Suggestion> = s
        .iter()
        .filter(|x| x.key == "Acme" && x.label == "org")
        .collect();
    assert_eq!(acme.len(), 2);
    let change = accept_all(&a, &acme).unwrap();
    let mut b = a.clone();
    change.apply(&mut b).unwrap();
    assert_eq!(
        tagmark_core::write(&b),
        "<org>Acme</org> met <org>Acme</org> and <org>Acme</org>; Zürich."
    );
    change.inverse().apply(&mut b).unwrap();
    assert_eq!(b, a);
}

#[test]
fn rejected_suggestions_are_not_offered_again() {
    let a = doc("<org>Acme</org> met Acme and Acme.");
    let s = suggest(&[&a], 0, &[]);
    let rejected: HashSet<_> = [(s[0].range.start, s[0].range.end, s[0].label.clone())].into();
    let again = Suggester::new(&[&a], &[]).suggest(&a, &rejected);
    assert_eq!(again, s[1..]);
}

const WORDS: &[&str] = &[
    "Orion-3",
    "Orion-30",
    "Acme",
    "Corp",
    "the",
    "2.5",
    "1.5",
    "trillion",
    "Zürich",
    "👨🏻‍🚒",
    "\r\n",
    "of",
    "A100",
];

fn arb_doc() -> impl Strategy<Value = Document> {
    (
        prop::collection::vec(0..WORDS.len(), 1..40),
        prop::collection::vec((0usize..40, 1usize..4, 0usize..3), 0..12),
    )
        .prop_map(|(words, spans)| {
            let mut text = String::new();
            let mut starts = Vec::new();
            for w in &words {
                starts.push(text.len());
                text.push_str(WORDS[*w]);
                starts.push(text.len());
                text.push(' ');
            }
            let mut d = Document::new(text);
            for (first, len, label) in spans {
                let first = first % words.len();
                let last = (first + len).min(words.len()) - 1;
                let span = tagmark_core::Span::new(
                    starts[2 * first],
                    starts[2 * last + 1],
                    ["model", "org", "params"][label],
                );
                // Refused edits (crossing, identical) leave the document as it was.
                let _ = tagmark_core::Edit::AddSpan { span }.apply(&mut d);
            }
            d
        })
}

fn rules() -> Vec<PatternRule> {
    vec![
        PatternRule::regex("params", r"\d+(\.\d+)? trillion").unwrap(),
        PatternRule::phrase("org", "Acme Corp").unwrap(),
        PatternRule::tokens(
            "thing",
            r#"[{"lower": "the"}, {"IS_TITLE": true, "OP": "+"}]"#,
        )
        .unwrap(),
        PatternRule::regex("misc", r"Corp of the").unwrap(),
    ]
}

proptest! {
    #[test]
    fn accepting_any_subset_never_crosses(d in arb_doc(), other in arb_doc(), pick in prop::collection::vec(any::<bool>(), 64)) {
        let rules = rules();
        let s = Suggester::new(&[&d, &other], &rules).suggest(&d, &HashSet::new());
        let chosen: Vec<&Suggestion> = s.iter().zip(pick.iter().cycle()).filter(|(_, p)| **p).map(|(s, _)| s).collect();
        // One by one, in any order (here: last first), every accept is allowed.
        let mut one_by_one = d.clone();
        for x in chosen.iter().rev() {
            prop_assert!(x.accept().apply(&mut one_by_one).is_ok(), "{x:?} refused in {one_by_one:?}");
        }
        prop_assert!(one_by_one.crossing_pairs().is_empty());
        // All at once, as one change.
        let change = accept_all(&d, &chosen).unwrap();
        let mut together = d.clone();
        change.apply(&mut together).unwrap();
        prop_assert!(together.crossing_pairs().is_empty());
        prop_assert_eq!(together.spans.len(), d.spans.len() + chosen.len());
        let mut sorted = one_by_one.clone();
        sorted.sort_spans();
        prop_assert_eq!(&together.text, &sorted.text);
        // Rejecting them all leaves the document as it was. A range that two
        // sources label differently offers the next label once the first is
        // rejected; rejecting until nothing is left ends, and touches no span.
        let before = d.clone();
        let suggester = Suggester::new(&[&d, &other], &rules);
        let mut rejected: HashSet<(usize, usize, String)> = HashSet::new();
        let mut shown = s.clone();
        for _ in 0..4 {
            rejected.extend(shown.iter().map(|x| (x.range.start, x.range.end, x.label.clone())));
            shown = suggester.suggest(&d, &rejected);
        }
        prop_assert!(shown.is_empty(), "{shown:?}");
        prop_assert_eq!(&d, &before);
    }
}

#[test]
fn the_editor_records_accept_all_as_one_undo_step() {
    use tagmark_core::editor::Editor;
    let seed = "<org>Acme</org> met Acme and Acme.";
    let mut editor = Editor::new(seed);
    let s = Suggester::new(&[editor.document()], &[]).suggest(editor.document(), &HashSet::new());
    let all: Vec<&Suggestion> = s.iter().collect();
    let change = accept_all(editor.document(), &all).unwrap();
    editor.apply_change(all[0].accept(), change).unwrap();
    assert_eq!(
        editor.source(),
        "<org>Acme</org> met <org>Acme</org> and <org>Acme</org>."
    );
    assert_eq!(editor.history().undo_len(), 1);
    editor.undo().unwrap();
    assert_eq!(editor.source(), seed);
    editor.redo().unwrap();
    assert_eq!(editor.document().spans.len(), 3);
}
