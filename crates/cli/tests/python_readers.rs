//! Exports read by the tools that own the formats: runs
//! `tests/python/check_readers.py` (spaCy's `Doc`, `spacy convert`, seqeval's
//! strict mode, label-studio-converter, brat's rule) on a short set of
//! documents with the `tagmark` binary built for this test. `scripts/test.sh`
//! runs the same check on more documents as a stage of its own.
//!
//! The readers live in a venv that `scripts/test.sh` makes (`target/pyenv`);
//! `TAGMARK_READERS_PYTHON` names another Python that has them. Without one the
//! test fails when `CI` is set (a check that did not run must not pass there),
//! and elsewhere says loudly that it did not run.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python with the readers installed, if any.
fn readers_python() -> Option<PathBuf> {
    let python = match std::env::var_os("TAGMARK_READERS_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => root().join("target/pyenv/bin/python"),
    };
    let ok = Command::new(&python)
        .args(["-c", "import spacy, seqeval, label_studio_converter"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(python)
}

#[test]
fn the_owners_readers_read_every_export() {
    let Some(python) = readers_python() else {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        let message = "the format owners' Python readers are not installed (target/pyenv, or TAGMARK_READERS_PYTHON): \
                       run scripts/test.sh, which installs them";
        assert!(!ci, "{message}");
        eprintln!("NOT RUN: {message}");
        return;
    };
    let script = root().join("tests/python/check_readers.py");
    let o = Command::new(python)
        .arg(script)
        .args([
            "--tagmark",
            env!("CARGO_BIN_EXE_tagmark"),
            "--docs",
            "40",
            "--seed",
            "3",
        ])
        .output()
        .expect("run check_readers.py");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("every reader agrees"), "{stdout}");
}
