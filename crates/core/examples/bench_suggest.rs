//! Prints how long suggestions take for a 250 KB document, whole and per slice
//! (the app computes one slice per frame; the goal is no frame over 50 ms).
//!
//! Run: `cargo run --release -p tagmark-core --example bench_suggest [KB] [SLICE_BYTES]`
//! (`RULES=0,2` keeps only those of the three rules).

use std::collections::HashSet;
use std::time::Instant;

use tagmark_core::patterns::PatternRule;
use tagmark_core::suggest::{chunks, Suggester};
use tagmark_core::{parse, EXAMPLE_SEED};

fn main() {
    let kb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(250);
    let slice: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(16 * 1024);
    let mut source = String::new();
    let mut i = 0;
    while source.len() < kb * 1024 {
        source.push_str(&EXAMPLE_SEED.replace("NeuraScale-8", &format!("NeuraScale-{}", i % 17)));
        source.push_str("\n\n");
        i += 1;
    }
    let doc = parse(&source).document;
    let mut rules = vec![
        PatternRule::regex("params", r"\d+(\.\d+)? (billion|trillion)").unwrap(),
        PatternRule::regex("year", r"(19|20)\d\d").unwrap(),
        PatternRule::tokens(
            "org",
            r#"[{"lower": "open"}, {"lower": "research"}, {"IS_TITLE": true}]"#,
        )
        .unwrap(),
    ];
    if let Ok(keep) = std::env::var("RULES") {
        let keep: Vec<usize> = keep.split(',').filter_map(|k| k.parse().ok()).collect();
        rules = rules
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep.contains(i))
            .map(|(_, r)| r)
            .collect();
    }
    let t = Instant::now();
    let suggester = Suggester::new(&[&doc], &rules);
    let index_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let whole = suggester.suggest(&doc, &HashSet::new());
    let whole_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut worst: f64 = 0.0;
    let mut parts = Vec::new();
    let ranges = chunks(&doc.text, slice);
    for r in &ranges {
        let t = Instant::now();
        parts.extend(suggester.candidates(&doc, r.clone()));
        worst = worst.max(t.elapsed().as_secs_f64() * 1e3);
    }
    let t = Instant::now();
    let finished = Suggester::finish(&doc, parts, &HashSet::new());
    let finish_ms = t.elapsed().as_secs_f64() * 1e3;
    assert_eq!(finished, whole);
    println!(
        "suggestions for {} KB ({} spans, 3 rules): index {index_ms:.1} ms; whole {whole_ms:.1} ms; {} slices of {} B, slowest {worst:.1} ms; finish {finish_ms:.1} ms; {} suggestions",
        doc.text.len() / 1024,
        doc.spans.len(),
        ranges.len(),
        slice,
        whole.len()
    );
}
