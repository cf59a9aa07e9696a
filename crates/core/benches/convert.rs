//! Convert benchmark: an inline-tagged corpus (the example seed replicated, with
//! some emoji and CJK mixed in) read as inline, then written to every format and
//! read back. Prints MB/s of inline input per format.
//!
//! `cargo bench -p tagmark-core --bench convert` (size: `TAGMARK_BENCH_MB`, default 20).
//! The 100 MB end-to-end figures come from `scripts/bench_convert.sh` (the CLI).

use std::time::Instant;

use tagmark_core::format::{self, Format, InputFile, ReadOptions, WriteOptions};

fn main() {
    let mb: usize = std::env::var("TAGMARK_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let seed = tagmark_core::EXAMPLE_SEED;
    let flavoured = format!("{seed}\n👨🏻‍🚒 <model>日本語モデル</model> e\u{301}tude.\r\n");
    // Documents of about 1 MB each.
    let mut doc = String::new();
    while doc.len() < 1_000_000 {
        doc.push_str(&flavoured);
    }
    let inputs: Vec<InputFile> = (0..mb.max(1))
        .map(|i| InputFile::new(format!("doc{i}.txt"), doc.clone()))
        .collect();
    let total: usize = inputs.iter().map(|i| i.content.len()).sum();
    let mbytes = total as f64 / 1e6;
    let t = Instant::now();
    let read = format::read_files(&inputs, Some(Format::Inline), &ReadOptions::default());
    let secs = t.elapsed().as_secs_f64();
    println!(
        "read inline      {mbytes:7.1} MB  {:8.1} MB/s",
        mbytes / secs
    );
    let docs = read.read.docs;
    let opts = WriteOptions::default();
    for f in Format::ALL {
        let t = Instant::now();
        let written = format::write(f, &docs, &opts);
        let w = t.elapsed().as_secs_f64();
        let files = written.into_files("bench", f);
        let t = Instant::now();
        let inputs: Vec<InputFile> = files
            .into_iter()
            .map(|f| InputFile::new(f.name, f.content))
            .collect();
        let back = format::read_files(&inputs, Some(f), &ReadOptions::default());
        let r = t.elapsed().as_secs_f64();
        assert!(back.read.errors.is_empty(), "{f}: {}", back.read.errors[0]);
        println!(
            "{:<16} write {:8.1} MB/s   read back {:8.1} MB/s   (MB of inline input per second)",
            f.name(),
            mbytes / w,
            mbytes / r
        );
    }
}
