//! Property tests of the editor (issue 10): random sources (broken tags
//! included) and random command sequences, checked after every step against
//! the editor's promises:
//! - the source and the document agree: parsing the source gives the document,
//!   the diagnostics and the broken-tag literals the editor reports;
//! - a refused command changes nothing (source, document, history, selection);
//! - typing is the naive splice of the source;
//! - an accepted span edit undoes to the document before it and redoes to the one after.

use proptest::prelude::*;
use proptest::test_runner::Config;
use tagmark_core::editor::{Edge, Editor};
use tagmark_core::parse;

const FRAGMENTS: &[&str] = &[
    "a",
    "bc",
    "model",
    " ",
    "\n",
    "\r\n",
    "é",
    "日本語",
    "👨🏻‍🚒",
    "<a>",
    "</a>",
    "<b>",
    "</b>",
    "<",
    "&lt;",
    "-",
];

fn source() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..14).prop_map(|v| v.concat())
}

/// One command, from raw numbers turned into offsets of the editor's text or source at that moment.
#[derive(Clone, Debug)]
enum Command {
    Type(usize, usize, &'static str),
    Tag(usize, usize, &'static str),
    SelectNext,
    SelectPrev,
    Remove,
    Nudge(bool, bool, bool),
    Caret(bool, bool, bool),
    Undo,
    Redo,
}

fn command() -> impl Strategy<Value = Command> {
    let label = prop::sample::select(&["a", "b", "model", "1bad"][..]);
    let fragment = prop::sample::select(FRAGMENTS);
    prop_oneof![
        (any::<usize>(), any::<usize>(), fragment).prop_map(|(x, y, f)| Command::Type(x, y, f)),
        (any::<usize>(), any::<usize>(), label).prop_map(|(x, y, l)| Command::Tag(x, y, l)),
        Just(Command::SelectNext),
        Just(Command::SelectPrev),
        Just(Command::Remove),
        (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c)| Command::Nudge(a, b, c)),
        (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c)| Command::Caret(a, b, c)),
        Just(Command::Undo),
        Just(Command::Redo),
    ]
}

fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

fn check_agree(e: &Editor) -> Result<(), TestCaseError> {
    let parsed = parse(e.source());
    prop_assert_eq!(&parsed.document, e.document(), "source {:?}", e.source());
    prop_assert_eq!(&parsed.diagnostics, &e.diagnostics().to_vec());
    prop_assert_eq!(&parsed.literal_tags, &e.literal_tags().to_vec());
    prop_assert_eq!(
        parsed,
        e.parsed(),
        "what the corpus keeps is the parse of the source"
    );
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 300, ..Config::default() })]

    #[test]
    fn the_editor_keeps_its_promises(start in source(), commands in prop::collection::vec(command(), 1..30)) {
        let mut e = Editor::new(start);
        for command in commands {
            check_agree(&e)?;
            let before = e.clone();
            let undo_len = e.history().undo_len();
            let outcome: Result<(), String> = match command {
                Command::Type(x, y, fragment) => {
                    let b = boundaries(e.source());
                    let (s, t) = (b[x % b.len()], b[y % b.len()]);
                    let range = s.min(t)..s.max(t);
                    let mut naive = e.source().to_string();
                    naive.replace_range(range.clone(), fragment);
                    let r = e.type_source(range, fragment).map(|_| ()).map_err(|r| r.to_string());
                    prop_assert!(r.is_ok(), "typing on character boundaries is never refused: {:?}", r);
                    prop_assert_eq!(e.source(), naive.as_str());
                    r
                }
                Command::Tag(x, y, label) => {
                    let b = boundaries(e.text());
                    let (s, t) = (b[x % b.len()], b[y % b.len()]);
                    if s != t {
                        e.set_pending(Some((s.min(t), s.max(t))));
                    }
                    e.apply_label(label).map(|_| ()).map_err(|r| r.to_string())
                }
                Command::SelectNext => { e.select_next(); Ok(()) }
                Command::SelectPrev => { e.select_prev(); Ok(()) }
                Command::Remove => e.remove_selected().map(|_| ()).map_err(|r| r.to_string()),
                Command::Nudge(start, right, by_char) => {
                    let edge = if start { Edge::Start } else { Edge::End };
                    e.nudge(edge, right, by_char).map(|_| ()).map_err(|r| r.to_string())
                }
                Command::Caret(right, extend, by_char) => { e.move_caret(right, extend, by_char, true); Ok(()) }
                Command::Undo => e.undo().map(|_| ()).map_err(|r| r.to_string()),
                Command::Redo => e.redo().map(|_| ()).map_err(|r| r.to_string()),
            };
            match outcome {
                Err(reason) => {
                    prop_assert!(!reason.is_empty());
                    prop_assert_eq!(e.source(), before.source(), "a refusal ({}) changed the source", reason);
                    prop_assert_eq!(e.document(), before.document());
                    prop_assert_eq!(e.history(), before.history());
                    if !matches!(command, Command::Tag(..)) {
                        // A Tag sets the pending selection before it is refused.
                        prop_assert_eq!(e.selection(), before.selection());
                    }
                }
                Ok(()) => {
                    let is_span_edit = matches!(command, Command::Tag(..) | Command::Remove | Command::Nudge(..));
                    if is_span_edit && e.document() != before.document() {
                        prop_assert_eq!(e.history().undo_len(), undo_len + 1, "one step per span edit");
                        let after = e.document().clone();
                        let mut replay = e.clone();
                        replay.undo().map_err(|r| TestCaseError::fail(r.to_string()))?;
                        prop_assert_eq!(replay.document(), before.document(), "undo gives the document before");
                        prop_assert_eq!(replay.diagnostics().len(), before.diagnostics().len(), "with the broken tags it had");
                        prop_assert_eq!(&parse(replay.source()).document, before.document());
                        replay.redo().map_err(|r| TestCaseError::fail(r.to_string()))?;
                        prop_assert_eq!(replay.document(), &after);
                    }
                }
            }
        }
        check_agree(&e)?;
    }
}

/// The sequences above do accept span edits (a property that only ever saw
/// refusals would check nothing): a fixed run counts them.
#[test]
fn span_edits_are_accepted_in_a_plain_run() {
    let mut e = Editor::new("one two <a>three</a> four");
    e.set_pending(Some((0, 3)));
    e.apply_label("b").unwrap();
    assert!(e.select_next());
    e.nudge(Edge::End, true, false).unwrap();
    e.remove_selected().unwrap();
    assert_eq!(e.history().undo_len(), 3);
    assert_eq!(parse(e.source()).document, *e.document());
}
