//! Throughput of the inline-tag parser and writer on a ~1 MB seed-style corpus.
//!
//! The corpus comes from `gen_docs.py --sizes huge` (the benchmark generator in
//! the repository's `scripts/`), or from `$TAGMARK_BENCH_DATA`: a directory that
//! holds `huge.txt` (used as is) or `gen_docs.py`. When Python or the script is
//! missing, a seed-like corpus is synthesised here.
//!
//! Run: `cargo bench -p tagmark-core --bench parse_write -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tagmark_core::{parse, write};

fn bench_dir() -> PathBuf {
    match std::env::var_os("TAGMARK_BENCH_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts"),
    }
}

/// The generated 1 MB seed, or `None` when it cannot be generated here.
fn generated_corpus() -> Option<(String, String)> {
    let dir = bench_dir();
    if let Ok(text) = std::fs::read_to_string(dir.join("huge.txt")) {
        return Some((text, format!("{}/huge.txt", dir.display())));
    }
    let script = dir.join("gen_docs.py");
    if !script.is_file() {
        return None;
    }
    let out = std::env::temp_dir().join(format!("tagmark-bench-{}", std::process::id()));
    let status = Command::new("python3")
        .arg(&script)
        .args(["--sizes", "huge", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .ok()?;
    let text = if status.success() {
        std::fs::read_to_string(out.join("huge.txt")).ok()
    } else {
        None
    };
    let _ = std::fs::remove_dir_all(&out);
    text.map(|t| (t, format!("{} --sizes huge", script.display())))
}

/// A seed-like corpus (~1 MB, ~10,000 spans over six labels) made without Python.
fn synthetic_corpus() -> String {
    const LABELS: [(&str, &[&str]); 6] = [
        ("model", &["NeuraScale-9", "QuantaMind-3", "HyperNet-XL"]),
        ("params", &["2.5 trillion", "175 billion", "70B"]),
        ("country", &["the United States", "France", "Japan"]),
        ("hardware", &["512 NVIDIA A100 GPUs", "TPU v5 pods"]),
        ("training", &["3 months", "six weeks"]),
        ("year", &["2023", "2024"]),
    ];
    const FILLER: &[&str] = &[
        "the",
        "architecture",
        "has",
        "emerged",
        "as",
        "a",
        "significant",
        "breakthrough,",
        "boasting",
        "parameters.",
        "Developed",
        "by",
        "consortium",
        "of",
        "research",
        "institutions",
        "in",
        "leveraging",
        "distributed",
        "training",
        "framework",
        "across",
        "nodes;",
        "results",
        "on",
        "benchmarks",
        "(MoE)",
        "routing",
        "déjà",
        "vu",
        "—",
        "“efficient”",
        "35%",
        "<",
        "&",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut out = String::with_capacity(1_050_000);
    let mut words = 0;
    while out.len() < 1_000_000 {
        if next(14) == 0 {
            let (label, values) = LABELS[next(LABELS.len())];
            out.push_str(&format!(
                "<{label}>{}</{label}> ",
                values[next(values.len())]
            ));
        } else {
            out.push_str(FILLER[next(FILLER.len())]);
            out.push(' ');
        }
        words += 1;
        if words % 120 == 0 {
            out.push_str("\n\n");
        }
    }
    out
}

fn parse_write(c: &mut Criterion) {
    let (source, origin) =
        generated_corpus().unwrap_or_else(|| (synthetic_corpus(), "synthetic".into()));
    let doc = parse(&source).document;
    let written = write(&doc);
    assert_eq!(written, source, "the corpus must round-trip");
    eprintln!(
        "corpus: {origin}: {} bytes of source, {} bytes of text, {} spans",
        source.len(),
        doc.text.len(),
        doc.spans.len()
    );

    let mut group = c.benchmark_group("inline_1mb");
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.bench_function("parse", |b| b.iter(|| parse(black_box(&source))));
    group.bench_function("write", |b| b.iter(|| write(black_box(&doc))));
    group.bench_function("parse+write", |b| {
        b.iter(|| write(&parse(black_box(&source)).document))
    });
    // The rendered pane's blocks (each keyed by a hash of what it shows).
    group.bench_function("blocks", |b| {
        b.iter(|| tagmark_core::blocks::blocks(black_box(&doc)).len())
    });
    // The assistants' first step after an edit: the tagged strings, from scratch
    // and with the keys the previous run cut.
    use tagmark_core::checks::tagged::TaggedStrings;
    group.bench_function("tagged strings", |b| {
        b.iter(|| TaggedStrings::new(&[black_box(&doc)]))
    });
    group.bench_function("tagged strings again", |b| {
        b.iter_batched(
            || TaggedStrings::new(&[&doc]).into_known_keys(),
            |known| TaggedStrings::reusing(&[black_box(&doc)], known),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("offset map", |b| {
        b.iter(|| tagmark_core::OffsetMap::new(black_box(&doc.text)))
    });
    group.finish();
}

criterion_group!(benches, parse_write);
criterion_main!(benches);
