//! `tagmark stats`: the inventory of the documents given, as a table and as JSON,
//! over several files and formats; bad input and usage errors.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

mod common;
use common::{err, out, tagmark};

/// A fresh temporary folder for one test, holding `files`.
fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tagmark-stats-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, content) in files {
        std::fs::write(dir.join(file), content).unwrap();
    }
    dir
}

fn p(dir: &Path, file: &str) -> String {
    dir.join(file).display().to_string()
}

/// An inline seed and a doccano file (UTF-16 offsets) with a reviewed record.
const SEED: &str = "the <org>Apple</org> and <org>Apple</org>\r\nwith an <fruit>Apple</fruit> in 🗻 <city>Zürich</city>\n";
const DOCCANO: &str = concat!(
    r#"{"text":"🗻 Zürich and Apple","label":[[3,9,"city"],[14,19,"org"]],"meta":{"status":"accepted"}}"#,
    "\n",
    r#"{"text":"Nothing here","label":[]}"#,
    "\n"
);

#[test]
fn table_counts_every_file_together() {
    let dir = folder("table", &[("seed.txt", SEED), ("more.jsonl", DOCCANO)]);
    let o = tagmark(
        &["stats", &p(&dir, "seed.txt"), &p(&dir, "more.jsonl")],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let want = "\
3 document(s), 6 span(s), 3 label(s)

Documents per status
  to do            2
  accepted         1
  rejected         0
  skipped          0

Spans per label
  label   spans    docs  strings
  org         3       2        1
  city        2       2        1
  fruit       1       1        1

org (3 span(s), 1 string(s))
        3  Apple  [conflict: org ×3, fruit ×1]

city (2 span(s), 1 string(s))
        2  Zürich

fruit (1 span(s), 1 string(s))
        1  Apple  [conflict: org ×3, fruit ×1]

Conflicts (a string tagged with more than one label): 1
  Apple: org ×3, fruit ×1
";
    assert_eq!(out(&o), want);
    // Which format each file was read as goes to stderr.
    assert!(err(&o).contains("more.jsonl as doccano"), "{}", err(&o));
}

#[test]
fn json_lists_occurrences_in_code_points() {
    let dir = folder("json", &[("seed.txt", SEED), ("more.jsonl", DOCCANO)]);
    let o = tagmark(
        &[
            "stats",
            "--format",
            "json",
            "-q",
            &p(&dir, "seed.txt"),
            &p(&dir, "more.jsonl"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(err(&o), "");
    let v: Value = serde_json::from_str(&out(&o)).expect("one JSON object");
    assert_eq!(v["documents"], 3);
    assert_eq!(v["spans"], 6);
    assert_eq!(
        v["statuses"],
        json!({"todo": 2, "accepted": 1, "rejected": 0, "skipped": 0})
    );
    let labels: Vec<&str> = v["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["org", "city", "fruit"]);
    let apple = &v["labels"][0]["strings"][0];
    assert_eq!(apple["text"], "Apple");
    assert_eq!(apple["count"], 3);
    assert_eq!(apple["conflict"], json!({"org": 3, "fruit": 1}));
    assert_eq!(
        apple["occurrences"],
        json!([
            {"document": "seed", "start": 4, "end": 9},
            {"document": "seed", "start": 14, "end": 19},
            {"document": "more-1", "start": 13, "end": 18},
        ])
    );
    // Zürich after `…\r\nwith an Apple in 🗻 `: the CRLF counts two, the emoji one
    // (two in doccano's UTF-16 offsets, [3, 9] in the input).
    let zurich = &v["labels"][1]["strings"][0]["occurrences"];
    assert_eq!(
        zurich,
        &json!([{"document": "seed", "start": 40, "end": 46}, {"document": "more-1", "start": 2, "end": 8}])
    );
    let seed_chars: Vec<char> = SEED
        .replace("<org>", "")
        .replace("</org>", "")
        .replace("<fruit>", "")
        .replace("</fruit>", "")
        .replace("<city>", "")
        .replace("</city>", "")
        .chars()
        .collect();
    assert_eq!(seed_chars[40..46].iter().collect::<String>(), "Zürich");
    assert_eq!(
        v["conflicts"],
        json!([{"text": "Apple", "labels": {"org": 3, "fruit": 1}}])
    );
}

#[test]
fn standard_input_and_all_strings() {
    let many: String = (0..12).map(|i| format!("<n>w{i:02}</n> ")).collect();
    let o = tagmark(&["stats", "-"], Some(&many));
    assert_eq!(o.status.code(), Some(0));
    let table = out(&o);
    assert!(table.contains("        1  w09\n  … 2 more\n"), "{table}");
    assert!(err(&o).contains("`--all` lists every one"), "{}", err(&o));
    assert!(!table.contains("w10"));
    let all = out(&tagmark(&["stats", "--all", "-"], Some(&many)));
    assert!(
        all.contains("        1  w11\n") && !all.contains(" more\n"),
        "{all}"
    );
}

#[test]
fn bad_input_is_named_by_file_and_line_and_the_rest_is_counted() {
    let dir = folder(
        "bad",
        &[
            ("good.txt", "<org>Apple</org>"),
            ("broken.txt", "ok\nthe <org>Apple and more\n"),
        ],
    );
    let o = tagmark(
        &["stats", "-q", &p(&dir, "good.txt"), &p(&dir, "broken.txt")],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains(&format!(
            "{}:2:5: error: `<org>` is never closed",
            p(&dir, "broken.txt")
        )),
        "{}",
        err(&o)
    );
    assert!(
        err(&o).contains("the figures count the 2 document(s) read"),
        "{}",
        err(&o)
    );
    assert!(
        out(&o).starts_with("2 document(s), 1 span(s), 1 label(s)\n"),
        "{}",
        out(&o)
    );

    // A doccano record with an offset past its text names the line.
    let dir = folder(
        "badjson",
        &[(
            "x.jsonl",
            "{\"text\":\"abc\",\"label\":[]}\n{\"text\":\"abc\",\"label\":[[0,9,\"L\"]]}\n",
        )],
    );
    let o = tagmark(&["stats", "-q", &p(&dir, "x.jsonl")], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).starts_with(&format!("{}:2", p(&dir, "x.jsonl"))),
        "{}",
        err(&o)
    );

    // A file that cannot be read: exit 2, the others still counted.
    let o = tagmark(
        &["stats", "-q", &p(&dir, "x.jsonl"), "/nonexistent/y.txt"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("cannot read `/nonexistent/y.txt`"),
        "{}",
        err(&o)
    );
    // The record with the bad span is still read, without that span.
    assert!(
        out(&o).starts_with("2 document(s), 0 span(s)"),
        "{}",
        out(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["stats", "--format", "xml"][..],
        &["stats", "--bogus"],
        &["stats", "--format"],
        &["stats", "-", "-"],
    ] {
        let o = tagmark(args, Some(""));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(err(&o).starts_with("tagmark: error: "), "{}", err(&o));
        assert!(out(&o).is_empty());
    }
    let help = out(&tagmark(&["help", "stats"], None));
    assert!(
        help.contains("--format FORMAT") && help.contains("case"),
        "{help}"
    );
    assert!(out(&tagmark(&["--help"], None)).contains("tagmark stats"));
}

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures")
        .join(path)
        .display()
        .to_string()
}

#[test]
fn statuses_come_from_prodigy_answers_and_brat_pairs_are_one_document() {
    // 373 Prodigy headlines: 372 accepted, one ignored (skipped); `India` is tagged LOCATION and ORG.
    let prodigy = fixture("prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl");
    let brat = fixture("brat/000-introduction.ann");
    let o = tagmark(&["stats", "--format", "json", "-q", &prodigy, &brat], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(
        v["documents"], 374,
        "the .ann and its .txt are one document"
    );
    assert_eq!(
        v["statuses"],
        json!({"todo": 1, "accepted": 372, "rejected": 0, "skipped": 1})
    );
    assert_eq!(
        v["conflicts"],
        json!([{"text": "India", "labels": {"LOCATION": 1, "ORG": 1}}])
    );
    let org = v["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "ORG")
        .unwrap();
    assert_eq!(org["strings"][0]["text"], "Uber");
    assert_eq!(org["strings"][0]["count"], 12);
}
