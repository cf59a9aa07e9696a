//! Prints how long the consistency checks take over 1,000 seeds (the goal: under a second).
//!
//! Run: `cargo run --release -p tagmark-core --example bench_checks [N]`
//!
//! The seeds are the example seed with its model names, numbers and years varied,
//! so that repeats, conflicts and untagged strings occur across documents.

use std::time::Instant;

use tagmark_core::checks::{self, CheckOptions};
use tagmark_core::{parse, Document, EXAMPLE_SEED};

fn seeds(n: usize) -> Vec<Document> {
    (0..n)
        .map(|i| {
            let source = EXAMPLE_SEED
                .replace("NeuraScale-9", &format!("NeuraScale-{}", i % 37))
                .replace("NeuraScale-8", &format!("NeuraScale-{}", (i + 1) % 37))
                .replace("2.5 trillion", &format!("{}.5 trillion", i % 9))
                .replace(
                    "<year>2023</year>",
                    &format!("<year>{}</year>", 1990 + i % 30),
                )
                // Every seventh seed leaves its first hardware untagged, every eleventh labels it otherwise.
                .replacen(
                    "<hardware>512 NVIDIA A100 GPUs</hardware>",
                    if i % 7 == 0 {
                        "512 NVIDIA A100 GPUs"
                    } else if i % 11 == 0 {
                        "<gpu>512 NVIDIA A100 GPUs</gpu>"
                    } else {
                        "<hardware>512 NVIDIA A100 GPUs</hardware>"
                    },
                    1,
                );
            parse(&source).document
        })
        .collect()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let docs = seeds(n);
    let refs: Vec<&Document> = docs.iter().collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let spans: usize = docs.iter().map(|d| d.spans.len()).sum();
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..5 {
        let t = Instant::now();
        found = checks::run(&refs, &CheckOptions::default()).len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "checks over {n} seeds ({:.1} MB, {spans} spans): median {:.0} ms, best {:.0} ms, {found} problems",
        bytes as f64 / 1e6,
        times[2],
        times[0]
    );
}
