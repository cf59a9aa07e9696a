//! End-to-end tests of the `tagmark` binary: arguments, exit statuses, stdout/stderr.

use std::path::{Path, PathBuf};

const FIREMEN: &str = "👨🏻‍🚒 firemen drive <VEHICLE>firetrucks</VEHICLE>";

mod common;
use common::{err, out, tagmark};

/// A fresh temporary folder for one test.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tagmark-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures")
        .join(path)
        .display()
        .to_string()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn help_explains_both_commands() {
    for args in [&["--help"][..], &["help"], &[]] {
        let o = tagmark(args, None);
        assert_eq!(o.status.code(), Some(0));
        let s = out(&o);
        assert!(
            s.contains("tagmark convert") && s.contains("tagmark lint"),
            "{s}"
        );
    }
    for args in [&["convert", "--help"][..], &["help", "convert"]] {
        let s = out(&tagmark(args, None));
        assert!(
            s.contains("--offsets") && s.contains("label-studio") && s.contains("--scheme"),
            "{s}"
        );
    }
    let s = out(&tagmark(&["help", "lint"], None));
    assert!(s.contains("path:line:col: error: message"), "{s}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["convert", "--to", "nope"],
        &["convert", "--offsets"],
        &["lint", "--bogus"],
    ] {
        let o = tagmark(args, Some(""));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(err(&o).starts_with("tagmark: error: "), "{}", err(&o));
        assert!(out(&o).is_empty());
    }
    let o = tagmark(&["convert", "/nonexistent/x.txt"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("cannot read `/nonexistent/x.txt`"),
        "{}",
        err(&o)
    );
}

#[test]
fn lint_reports_like_a_compiler() {
    let o = tagmark(&["lint"], Some("fine <a>text</a>\n"));
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).is_empty());

    let o = tagmark(&["lint"], Some("ok\n日本 <b>bold\n"));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "<stdin>:2:4: error: `<b>` is never closed: add `</b>` where the span ends\n"
    );

    let dir = temp("lint");
    let good = dir.join("good.txt");
    let bad = dir.join("bad.txt");
    std::fs::write(&good, "a < b").unwrap();
    std::fs::write(&bad, "x</y> <a>q <b>r</a> s</b>").unwrap();
    let o = tagmark(&["lint", p(&good), p(&bad)], None);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<String> = out(&o).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("{}:1:2: error: `</y>`", p(&bad))),
        "{}",
        lines[0]
    );
    assert!(err(&o).contains("3 error(s) in 1 of 2 file(s)"));

    let o = tagmark(&["lint", p(&good), "/nonexistent"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn convert_defaults_to_doccano_in_utf16() {
    // doccano's own unit is UTF-16 (its web app counts JavaScript string indices).
    let o = tagmark(&["convert"], Some(FIREMEN));
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "{\"text\":\"👨🏻‍🚒 firemen drive firetrucks\",\"label\":[[22,32,\"VEHICLE\"]]}\n"
    );
    assert!(err(&o).contains("reading <stdin> as inline"), "{}", err(&o));

    let o = tagmark(
        &["convert", "--from", "inline", "--offsets", "codepoints"],
        Some(FIREMEN),
    );
    assert!(
        out(&o).contains("[[19,29,\"VEHICLE\"]],\"meta\":{\"offsets\":\"codepoints\"}"),
        "{}",
        out(&o)
    );
    assert!(
        err(&o).is_empty(),
        "told the format, so nothing to say: {}",
        err(&o)
    );

    // The other formats default to code points.
    let o = tagmark(
        &["convert", "--from", "inline", "--to", "spacy"],
        Some(FIREMEN),
    );
    assert!(out(&o).contains("\"start\":19,\"end\":29"), "{}", out(&o));

    // --help says which unit each format defaults to.
    let h = out(&tagmark(&["help", "convert"], None));
    assert!(
        h.lines()
            .any(|l| l.trim_start().starts_with("doccano") && l.contains("utf16")),
        "{h}"
    );
    assert!(
        h.lines()
            .any(|l| l.trim_start().starts_with("label-studio") && l.contains("codepoints")),
        "{h}"
    );

    let o = tagmark(
        &["convert", "--from=inline", "--offsets=bytes"],
        Some(FIREMEN),
    );
    assert!(out(&o).contains("[[30,40,\"VEHICLE\"]]"), "{}", out(&o));
}

#[test]
fn convert_every_format_and_back() {
    let dir = temp("every");
    let seed = dir.join("seed.txt");
    std::fs::write(&seed, tagmark_core::EXAMPLE_SEED).unwrap();
    let reference = out(&tagmark(&["convert", p(&seed)], None));
    for (to, ext) in [
        ("doccano", "jsonl"),
        ("prodigy", "jsonl"),
        ("spacy", "jsonl"),
        ("label-studio", "json"),
        ("conll", "conll"),
    ] {
        let file = dir.join(format!("seed.{ext}"));
        let o = tagmark(&["convert", "--to", to, "-o", p(&file), p(&seed)], None);
        assert_eq!(o.status.code(), Some(0), "{to}: {}", err(&o));
        let back = tagmark(&["convert", p(&file)], None);
        assert_eq!(back.status.code(), Some(0), "{to}: {}", err(&back));
        assert!(
            err(&back).contains(&format!("as {to}")),
            "{to}: {}",
            err(&back)
        );
        if to == "conll" {
            assert_eq!(out(&back).matches("\"model\"").count(), 3);
        } else if to == "label-studio" {
            // Label Studio tasks carry an id (the first task's is 1), which doccano keeps.
            assert_eq!(out(&back), reference.replacen("{", "{\"id\":1,", 1), "{to}");
        } else {
            assert_eq!(out(&back), reference, "{to}");
        }
    }
    // brat into a folder, read back from the .ann or the .txt.
    let brat = dir.join("brat");
    let o = tagmark(&["convert", "--to", "brat", "-o", p(&brat), p(&seed)], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(brat.join("seed.txt").is_file() && brat.join("seed.ann").is_file());
    for file in ["seed.ann", "seed.txt"] {
        let back = tagmark(&["convert", p(&brat.join(file))], None);
        assert_eq!(out(&back), reference, "{file}: {}", err(&back));
        assert!(err(&back).contains("as brat"), "{}", err(&back));
    }
    // inline to stdout (one document) and into a folder.
    let inline = tagmark(
        &[
            "convert",
            "--from",
            "brat",
            "--to",
            "inline",
            p(&brat.join("seed.ann")),
        ],
        None,
    );
    assert_eq!(out(&inline), tagmark_core::EXAMPLE_SEED);
    let folder = dir.join("inline");
    let o = tagmark(
        &[
            "convert",
            "--to",
            "inline",
            "-o",
            p(&folder),
            p(&dir.join("seed.jsonl")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(folder.join("seed.txt")).unwrap(),
        tagmark_core::EXAMPLE_SEED
    );
}

#[test]
fn one_file_per_document_needs_a_folder() {
    let o = tagmark(&["convert", "--to", "brat"], Some(FIREMEN));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("-o DIR"), "{}", err(&o));
    let two = "{\"text\": \"a\", \"label\": []}\n{\"text\": \"b\", \"label\": []}\n";
    let o = tagmark(&["convert", "--to", "inline"], Some(two));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("there are 2"), "{}", err(&o));
    let dir = temp("many");
    let o = tagmark(&["convert", "--to", "inline", "-o", p(&dir)], Some(two));
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("stdin-1.txt")).unwrap(),
        "a"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("stdin-2.txt")).unwrap(),
        "b"
    );
}

#[test]
fn input_errors_name_file_and_line_and_keep_the_rest() {
    let f = fixture("doccano/example.jsonl");
    let o = tagmark(&["convert", "--to", "spacy", &f], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("example.jsonl:3: error: the record has no `text` field"),
        "{}",
        err(&o)
    );
    assert_eq!(out(&o).lines().count(), 2);

    let f = fixture("doccano/labeling.invalid.conll");
    let o = tagmark(&["convert", &f], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("labeling.invalid.conll:1:17: error: `SOCCERO` is not a tag"),
        "{}",
        err(&o)
    );
    assert!(
        out(&o).contains("\"United Arab Emirates\"") || out(&o).contains("United Arab Emirates")
    );
}

#[test]
fn what_a_format_cannot_hold_is_reported_with_a_count() {
    let o = tagmark(
        &["convert", "--to", "conll"],
        Some("<LOC>New <CITY>York</CITY></LOC> and <P>fire</P>trucks"),
    );
    assert_eq!(o.status.code(), Some(0));
    let e = err(&o);
    assert!(
        e.contains("stdin: warning: span `CITY` 4–8 \"York\" left out"),
        "{e}"
    );
    assert!(
        e.contains("does not align with the word \"firetrucks\""),
        "{e}"
    );
    assert!(
        e.contains("2 warning(s) writing conll, 2 of them about spans"),
        "{e}"
    );
    assert_eq!(
        out(&o),
        "New\tB-LOC\nYork\tI-LOC\nand\tO\nfire\tB-P\ntrucks\tO\n\n"
    );
}

#[test]
fn label_studio_is_one_json_list_and_conll_schemes_apply() {
    let o = tagmark(&["convert", "--to", "label-studio"], Some(FIREMEN));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).expect("a JSON list");
    assert_eq!(v[0]["annotations"][0]["result"][0]["value"]["start"], 19);
    let o = tagmark(
        &["convert", "--to", "conll", "--scheme", "bilou"],
        Some("<A>x</A> <B>y z</B>"),
    );
    assert_eq!(out(&o), "x\tU-A\ny\tB-B\nz\tL-B\n\n");
}

#[test]
fn detection_is_explained_and_brat_partners_are_found() {
    let dir = temp("brat");
    std::fs::copy(fixture("brat/000-introduction.txt"), dir.join("intro.txt")).unwrap();
    std::fs::copy(fixture("brat/000-introduction.ann"), dir.join("intro.ann")).unwrap();
    let o = tagmark(
        &[
            "convert",
            "--to",
            "brat",
            "-o",
            p(&dir.join("out")),
            p(&dir.join("intro.txt")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("as brat"), "{}", err(&o));
    let ann = std::fs::read_to_string(dir.join("out/intro.ann")).unwrap();
    assert_eq!(ann, std::fs::read_to_string(dir.join("intro.ann")).unwrap());
    let o = tagmark(
        &[
            "convert",
            fixture("prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl").as_str(),
        ],
        None,
    );
    assert!(err(&o).contains("as prodigy: "), "{}", err(&o));
    assert_eq!(out(&o).lines().count(), 373);
}

// Issue 9, item 12: `tagmark lint /dev/zero` grew to 4 GB in 5 s. An input over
// the limit is refused with the file and the limit named, and the others are read.
#[test]
fn an_input_over_the_size_limit_is_refused() {
    let o = tagmark(&["lint", "--max-size", "64K", "/dev/zero"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("`/dev/zero` is too large: it goes on past the limit of 64 KiB"),
        "{}",
        err(&o)
    );

    // A file whose size is known is refused before it is read: 300 MiB (sparse)
    // is over the default limit of 256 MiB.
    let dir = temp("size");
    let big = dir.join("big.jsonl");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(300 << 20)
        .unwrap();
    let small = dir.join("small.txt");
    std::fs::write(&small, "<PER>Ada</PER>").unwrap();
    let o = tagmark(&["convert", "-q", p(&big), p(&small)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("big.jsonl` is too large: 300 MiB is over the limit of 256 MiB"),
        "{}",
        err(&o)
    );
    assert!(
        out(&o).contains("\"label\":[[0,3,\"PER\"]]"),
        "the other input is still converted: {}",
        out(&o)
    );
    let o = tagmark(&["lint", "--max-size", "1G", p(&small)], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = tagmark(&["lint", "--max-size", "lots"], None);
    assert_eq!(o.status.code(), Some(2));
}

// Issue 9, item 13: invalid UTF-8 was reported at a byte offset, not line:col.
#[test]
fn invalid_utf8_is_reported_at_line_and_column() {
    let dir = temp("utf8");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"one\r\nt\xc3\xa9t\xe9\n").unwrap();
    let o = tagmark(&["lint", p(&bad)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("bad.txt` is not UTF-8 text: the bytes at 2:4 (byte 9)"),
        "{}",
        err(&o)
    );
}

// Issue 9, items 7 and 13: a BOM is kept, a CR-only file has lines, and
// `convert --to inline` keeps broken tags byte for byte, as the app does.
#[test]
fn inline_to_inline_keeps_the_source() {
    let source = "\u{feff}a <b>bold\rnext <PER>Ada</PER> </i>";
    let o = tagmark(
        &["convert", "-q", "--from", "inline", "--to", "inline", "-"],
        Some(source),
    );
    assert_eq!(out(&o), source, "{}", err(&o));
    let o = tagmark(&["lint", "-"], Some(source));
    assert!(
        out(&o).contains("<stdin>:1:4: error: `<b>`")
            && out(&o).contains("<stdin>:2:21: error: `</i>`"),
        "{}",
        out(&o)
    );
}

// Issue 12: consistency checks in `tagmark lint`, across all the files given.
#[test]
fn lint_checks_repeats_across_files() {
    let dir = temp("lint-checks");
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");
    std::fs::write(&a, "the <model>NeuraScale-9</model> beat Orion-30.\n").unwrap();
    std::fs::write(
        &b,
        "Zürich:\r\nNeuraScale-9 and <fruit>Apple</fruit>, <org>Apple</org> <org>Apple</org>",
    )
    .unwrap();
    let o = tagmark(&["lint", p(&a), p(&b)], None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "warnings alone exit 0: {}",
        err(&o)
    );
    assert_eq!(
        out(&o),
        format!(
            "{b}:2:1: warning: `NeuraScale-9` is not tagged here, but it is tagged `model` once in other documents [untagged-repeat]\n\
             {b}:2:25: warning: `Apple` is tagged `fruit` here, but the documents tag it org ×2, fruit ×1 [label-conflict]\n",
            b = p(&b)
        )
    );
    assert!(
        err(&o).contains("0 error(s) in 0 of 2 file(s); 2 warning(s), 0 info"),
        "{}",
        err(&o)
    );
    // One file alone has nothing to repeat.
    let o = tagmark(&["lint", p(&a)], None);
    assert_eq!((o.status.code(), out(&o).as_str()), (Some(0), ""));
}

#[test]
fn lint_choose_checks_and_exit_codes() {
    let source = "<org><org>Bank</org></org> of <org>the <org>West</org></org> and <x>Orion-3 </x>";
    // duplicate is an error: exit 1; self-nested is an info, boundary a warning.
    let o = tagmark(&["lint", "-"], Some(source));
    assert_eq!(o.status.code(), Some(1));
    let stdout = out(&o);
    let lines: Vec<&str> = stdout
        .lines()
        .map(|l| l.rsplit_once(" [").unwrap().1)
        .collect();
    assert_eq!(
        lines,
        ["duplicate]", "self-nested]", "boundary]"],
        "{}",
        out(&o)
    );
    assert!(out(&o).starts_with("<stdin>:1:11: error: the `org` span `Bank` is there twice, with the same range [duplicate]\n"), "{}", out(&o));
    let o = tagmark(&["lint", "--skip", "duplicate", "-"], Some(source));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o).lines().count(), 2);
    let o = tagmark(&["lint", "--checks", "boundary", "-"], Some(source));
    assert_eq!(
        out(&o),
        "<stdin>:1:69: warning: the `x` span `Orion-3 ` ends with whitespace [boundary]\n"
    );
    // An unknown check is a usage error.
    let o = tagmark(&["lint", "--checks", "boundary,typo", "-"], Some(source));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--checks: there is no check named `typo`; the checks are untagged-repeat, label-conflict"), "{}", err(&o));
    let o = tagmark(&["lint", "--skip", "nope"], Some(source));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn lint_json_lines() {
    let o = tagmark(
        &["lint", "--format", "json", "-"],
        Some("a <b>x\n<m>Zürich</m> and Zürich"),
    );
    assert_eq!(o.status.code(), Some(1));
    let rows: Vec<serde_json::Value> = out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{}", out(&o));
    assert_eq!(rows[0]["check"], "syntax");
    assert_eq!(rows[0]["severity"], "error");
    assert_eq!(
        (rows[0]["line"].as_u64(), rows[0]["column"].as_u64()),
        (Some(1), Some(3))
    );
    let r = &rows[1];
    assert_eq!(r["path"], "<stdin>");
    assert_eq!(r["check"], "untagged-repeat");
    assert_eq!(r["severity"], "warning");
    assert_eq!(
        (r["line"].as_u64(), r["column"].as_u64()),
        (Some(2), Some(19))
    );
    // Code points of the text without tags (the broken `<b>` is text): "a <b>x\nZürich and " is 18.
    assert_eq!(
        (r["start"].as_u64(), r["end"].as_u64()),
        (Some(18), Some(24))
    );
    assert_eq!(r["fix"], "tag as `m`");
    assert!(r["message"]
        .as_str()
        .unwrap()
        .starts_with("`Zürich` is not tagged here"));
}

#[test]
fn lint_unknown_labels_with_a_label_set() {
    let dir = temp("lint-labels");
    let set = dir.join("labels.json");
    std::fs::write(&set, r#"{"labels": [{"name": "model"}]}"#).unwrap();
    let o = tagmark(
        &["lint", "--labels", p(&set), "-"],
        Some("<model>A</model> <Model>B</Model>"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("<stdin>:1:25: error: `B` is tagged `Model`, which is not in the label set; did you mean `model`? [unknown-label]"), "{}", out(&o));
    let o = tagmark(
        &["lint", "--labels", p(&set), "--skip", "unknown-label", "-"],
        Some("<model>A</model> <Model>B</Model>"),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).contains("[label-case]"));
    std::fs::write(&set, "{nope").unwrap();
    let o = tagmark(&["lint", "--labels", p(&set), "-"], Some("x"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("--labels: `") && err(&o).contains("is not valid JSON (line 1"),
        "{}",
        err(&o)
    );
}
