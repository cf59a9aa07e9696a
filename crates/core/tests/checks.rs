//! The consistency checks on small fixtures: each check, with Unicode, CRLF and nested spans,
//! and each fix applied.

use tagmark_core::checks::{self, Check, CheckOptions, Problem, Severity};
use tagmark_core::labels::LabelSet;
use tagmark_core::{parse, Document};

fn doc(source: &str) -> Document {
    let parsed = parse(source);
    assert!(parsed.is_clean(), "{source}: {:?}", parsed.diagnostics);
    parsed.document
}

fn run_only(docs: &[&Document], check: Check) -> Vec<Problem> {
    checks::run(
        docs,
        &CheckOptions {
            checks: vec![check],
            labels: None,
            focus: None,
            range: None,
            tagged: None,
        },
    )
}

/// (doc, text of the place) of each problem.
fn places(docs: &[&Document], problems: &[Problem]) -> Vec<(usize, String)> {
    problems
        .iter()
        .map(|p| (p.doc, docs[p.doc].text[p.range.clone()].to_string()))
        .collect()
}

/// Applies the fix of problem `p` and returns the written document.
fn fixed(docs: &[&Document], p: &Problem) -> String {
    let mut d = docs[p.doc].clone();
    p.fix
        .as_ref()
        .expect("a fix")
        .edit
        .apply(&mut d)
        .expect("the fix applies");
    tagmark_core::write(&d)
}

#[test]
fn untagged_repeat_in_the_document_and_across_documents() {
    let a = doc("<model>Orion-3</model> beat Orion-30 and Orion-3.");
    let b = doc("In Zürich, Orion-3 ran.\r\nThen <city>Zürich</city> again, and Zürichsee.");
    let docs = [&a, &b];
    let problems = run_only(&docs, Check::UntaggedRepeat);
    assert_eq!(
        places(&docs, &problems),
        [
            (0, "Orion-3".into()),
            (1, "Zürich".into()),
            (1, "Orion-3".into())
        ]
    );
    assert!(problems
        .iter()
        .all(|p| p.severity == Severity::Warning && p.check == Check::UntaggedRepeat));
    assert_eq!(
        problems[0].message,
        "`Orion-3` is not tagged here, but it is tagged `model` once in this document"
    );
    assert_eq!(
        problems[2].message,
        "`Orion-3` is not tagged here, but it is tagged `model` once in other documents"
    );
    assert_eq!(
        fixed(&docs, &problems[0]),
        "<model>Orion-3</model> beat Orion-30 and <model>Orion-3</model>."
    );
    assert_eq!(
        fixed(&docs, &problems[1]),
        "In <city>Zürich</city>, Orion-3 ran.\r\nThen <city>Zürich</city> again, and Zürichsee."
    );
}

#[test]
fn untagged_repeat_across_line_breaks_and_not_inside_its_own_label() {
    let a = doc("<org>Acme Corp</org> hired Acme\r\nCorp staff; <org>the Acme Corp board</org>.");
    let problems = run_only(&[&a], Check::UntaggedRepeat);
    // The CRLF occurrence is found; the one inside an `org` span is not reported.
    assert_eq!(places(&[&a], &problems), [(0, "Acme\r\nCorp".into())]);
}

#[test]
fn untagged_repeat_without_a_fix_when_tagging_would_cross() {
    let a = doc("<x>New York</x> and <y>old New</y> York");
    let problems = run_only(&[&a], Check::UntaggedRepeat);
    assert_eq!(places(&[&a], &problems), [(0, "New York".into())]);
    assert!(problems[0].fix.is_none());
}

#[test]
fn label_conflict_with_counts_and_majority_fix() {
    let a = doc("<org>Apple</org> and <org>Apple</org> sell; I ate an <fruit>Apple</fruit>.");
    let b = doc("<org>Apple</org> again");
    let docs = [&a, &b];
    let problems = run_only(&docs, Check::LabelConflict);
    assert_eq!(places(&docs, &problems), [(0, "Apple".into())]);
    assert_eq!(problems[0].range.start, a.spans[2].start);
    assert_eq!(
        problems[0].message,
        "`Apple` is tagged `fruit` here, but the documents tag it org ×3, fruit ×1"
    );
    assert!(fixed(&docs, &problems[0]).ends_with("I ate an <org>Apple</org>."));
    // A tie has no majority: both are reported, neither has a fix.
    let c = doc("<a>Ωmega</a> <b>Ωmega</b>");
    let problems = run_only(&[&c], Check::LabelConflict);
    assert_eq!(problems.len(), 2);
    assert!(problems.iter().all(|p| p.fix.is_none()));
}

#[test]
fn boundary_faults_and_fixes() {
    let a = doc("the Neura<model>Scale-9</model> and <p>2.5 trillion </p>x, <q>(GPUs</q> <r>Foo (Bar)</r> <s>Acme Inc.</s> <t>end.</t>");
    let problems = run_only(&[&a], Check::Boundary);
    let got: Vec<(String, String)> = problems
        .iter()
        .map(|p| (a.text[p.range.clone()].to_string(), p.message.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Scale-9".into(),
                "the `model` span `Scale-9` starts inside the word `NeuraScale`".into()
            ),
            (
                "2.5 trillion ".into(),
                "the `p` span `2.5 trillion ` ends with whitespace".into()
            ),
            (
                "(GPUs".into(),
                "the `q` span `(GPUs` starts with the punctuation `(`".into()
            ),
            (
                "end.".into(),
                "the `t` span `end.` ends with the punctuation `.`".into()
            ),
        ]
    );
    assert!(fixed(&[&a], &problems[0]).starts_with("the <model>NeuraScale-9</model> and"));
    assert!(fixed(&[&a], &problems[1]).contains("<p>2.5 trillion</p> x"));
    assert!(fixed(&[&a], &problems[2]).contains("(<q>GPUs</q>"));
    assert!(fixed(&[&a], &problems[3]).ends_with("<t>end</t>."));
}

#[test]
fn boundary_inside_a_word_with_unicode() {
    let a = doc("Zür<city>ich</city> 👨🏻‍🚒<x>ok</x>");
    let problems = run_only(&[&a], Check::Boundary);
    assert_eq!(places(&[&a], &problems), [(0, "ich".into())]);
    assert_eq!(
        fixed(&[&a], &problems[0]),
        "<city>Zürich</city> 👨🏻‍🚒<x>ok</x>"
    );
}

#[test]
fn unknown_label_only_with_a_label_set() {
    let a = doc("<model>X</model> <Model>Y</Model> <misc>Z</misc>");
    let set = LabelSet::from_names(["model", "params"]);
    let problems = checks::run(
        &[&a],
        &CheckOptions {
            checks: vec![Check::UnknownLabel],
            labels: Some(&set),
            focus: None,
            range: None,
            tagged: None,
        },
    );
    assert_eq!(places(&[&a], &problems), [(0, "Y".into()), (0, "Z".into())]);
    assert!(problems.iter().all(|p| p.severity == Severity::Error));
    assert_eq!(
        problems[0].message,
        "`Y` is tagged `Model`, which is not in the label set; did you mean `model`?"
    );
    assert_eq!(
        problems[1].message,
        "`Z` is tagged `misc`, which is not in the label set (model, params)"
    );
    assert_eq!(
        fixed(&[&a], &problems[0]),
        "<model>X</model> <model>Y</model> <misc>Z</misc>"
    );
    assert!(problems[1].fix.is_none());
    assert!(run_only(&[&a], Check::UnknownLabel).is_empty());
}

#[test]
fn label_case_prefers_the_set_then_the_most_used() {
    let a = doc("<model>A</model> <model>B</model>");
    let b = doc("<Model>C</Model>");
    let docs = [&a, &b];
    let problems = run_only(&docs, Check::LabelCase);
    assert_eq!(places(&docs, &problems), [(1, "C".into())]);
    assert_eq!(
        problems[0].message,
        "`C` is tagged `Model`, which differs from `model` only in case (`model` ×2, `Model` ×1)"
    );
    assert_eq!(fixed(&docs, &problems[0]), "<model>C</model>");
    let set = LabelSet::from_names(["Model"]);
    let problems = checks::run(
        &docs,
        &CheckOptions {
            checks: vec![Check::LabelCase],
            labels: Some(&set),
            focus: None,
            range: None,
            tagged: None,
        },
    );
    assert_eq!(places(&docs, &problems), [(0, "A".into()), (0, "B".into())]);
}

#[test]
fn duplicate_and_self_nested() {
    let a = doc("<org><org>Bank</org></org> of <org>the <org>Ωest</org></org>\r\n<x><y>z</y></x>");
    let problems = checks::run(
        &[&a],
        &CheckOptions {
            checks: vec![Check::Duplicate, Check::SelfNested],
            labels: None,
            focus: None,
            range: None,
            tagged: None,
        },
    );
    let got: Vec<(Check, String)> = problems
        .iter()
        .map(|p| (p.check, a.text[p.range.clone()].to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (Check::Duplicate, "Bank".into()),
            (Check::SelfNested, "Ωest".into())
        ]
    );
    assert_eq!(problems[0].severity, Severity::Error);
    assert_eq!(problems[1].severity, Severity::Info);
    assert_eq!(
        problems[1].message,
        "the `org` span `Ωest` is inside another `org` span, `the Ωest`"
    );
    assert_eq!(
        fixed(&[&a], &problems[0]),
        "<org>Bank</org> of <org>the <org>Ωest</org></org>\r\n<x><y>z</y></x>"
    );
    assert_eq!(
        fixed(&[&a], &problems[1]),
        "<org><org>Bank</org></org> of <org>the Ωest</org>\r\n<x><y>z</y></x>"
    );
}

#[test]
fn example_seed_is_clean_but_for_nothing_surprising() {
    let a = doc(tagmark_core::EXAMPLE_SEED);
    let problems = checks::run(&[&a], &CheckOptions::default());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn check_names_are_stable() {
    let names: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(
        names,
        [
            "untagged-repeat",
            "label-conflict",
            "boundary",
            "unknown-label",
            "label-case",
            "duplicate",
            "self-nested"
        ]
    );
    assert_eq!(
        checks::parse_check_list("boundary, duplicate").unwrap(),
        [Check::Boundary, Check::Duplicate]
    );
    let err = checks::parse_check_list("boundary,nope").unwrap_err();
    assert_eq!(err.name, "nope");
    assert!(err
        .to_string()
        .starts_with("there is no check named `nope`; the checks are untagged-repeat, "));
}

#[test]
fn focus_reports_one_document_compared_with_all() {
    let a = doc("<model>Orion-3</model> and Orion-3");
    let b = doc("Orion-3 again <x>y </x>");
    let docs = [&a, &b];
    let all = checks::run(&docs, &CheckOptions::default());
    let only_b = checks::run(
        &docs,
        &CheckOptions {
            focus: Some(1),
            ..CheckOptions::default()
        },
    );
    assert_eq!(
        places(&docs, &all),
        [
            (0, "Orion-3".into()),
            (1, "Orion-3".into()),
            (1, "y ".into())
        ]
    );
    assert_eq!(only_b, all[1..]);
}

#[test]
fn slices_of_one_document_report_what_the_whole_does() {
    let mut source = String::new();
    for i in 0..300 {
        source.push_str(&format!(
            "Line {i}: <model>Orion-3</model> and Orion-3, <x>Neura</x>Scale <org>Acme\r\nCorp </org> Acme\nCorp\r\n"
        ));
    }
    let a = doc(&source);
    let b = doc("<org>Acme</org> <fruit>Orion-3</fruit>");
    let docs = [&b, &a];
    let whole = checks::run(
        &docs,
        &CheckOptions {
            focus: Some(1),
            ..CheckOptions::default()
        },
    );
    let mut sliced = Vec::new();
    for r in tagmark_core::suggest::chunks(&a.text, 700) {
        sliced.extend(checks::run(
            &docs,
            &CheckOptions {
                focus: Some(1),
                range: Some(r),
                ..CheckOptions::default()
            },
        ));
    }
    assert_eq!(sliced, whole);
    // The same with the tagged strings indexed once, as the app does.
    let tagged = checks::tagged::TaggedStrings::new(&docs);
    let mut prepared = Vec::new();
    for r in tagmark_core::suggest::chunks(&a.text, 700) {
        prepared.extend(checks::run(
            &docs,
            &CheckOptions {
                focus: Some(1),
                range: Some(r),
                tagged: Some(&tagged),
                ..CheckOptions::default()
            },
        ));
    }
    assert_eq!(prepared, whole);
    assert!(whole.len() > 1200, "{}", whole.len());
}

/// Every tagged string with its keys, label counts and places, by id.
fn tagged_table(t: &tagmark_core::checks::tagged::TaggedStrings) -> Vec<String> {
    t.index
        .iter()
        .map(|(id, e)| {
            format!(
                "{:?} {:?} {:?} {:?}",
                t.index.get(id).0,
                e.text,
                e.labels,
                e.places
            )
        })
        .collect()
}

#[test]
fn tagged_strings_built_again_with_the_keys_of_an_earlier_build_are_the_same() {
    use tagmark_core::checks::tagged::TaggedStrings;
    let before = [
        parse("<m>NeuraScale-9</m> and <m> NeuraScale-9</m> beat <o>Ardent AI</o>; <m>日本 ＡＩ</m> <x> </x>").document,
        parse("<m>NeuraScale-8</m> by <o>Ardent AI</o>, <p>2.5 trillion</p>").document,
    ];
    // One span relabelled, one removed, one added, one string changed.
    let after = [
        parse("<o>NeuraScale-9</o> and  NeuraScale-9 beat <o>Ardent AI</o>; <m>日本 ＡＩ</m> <x> </x> <m>Zeta-2</m>").document,
        parse("<m>NeuraScale-8b</m> by <o>Ardent AI</o>, <p>2.5 trillion</p>").document,
    ];
    let known = TaggedStrings::new(&[&before[0], &before[1]]).into_known_keys();
    let reused = TaggedStrings::reusing(&[&after[0], &after[1]], known);
    let fresh = TaggedStrings::new(&[&after[0], &after[1]]);
    assert_eq!(tagged_table(&reused), tagged_table(&fresh));
    assert!(tagged_table(&fresh).iter().any(|r| r.contains("Zeta-2")));
}
