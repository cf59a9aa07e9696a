//! The inventory (`tagmark stats`, the app's corpus panel) over 1,000 seeds.
//!
//! The seeds are the example seed with its model names and numbers varied per
//! seed (about 2.4 MB, 11,000 spans, 121 distinct strings). Parsing is
//! done before timing: the app's corpus keeps every document parsed.
//!
//! Run: `cargo bench -p tagmark-core --bench inventory -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use tagmark_core::corpus::Corpus;
use tagmark_core::inventory::{Inventory, Source};

/// 1,000 seeds: the example seed with names and numbers that differ from seed to seed.
fn seeds() -> Corpus {
    let mut corpus = Corpus::new();
    corpus.add_documents((0..1000).map(|i| {
        let source = tagmark_core::EXAMPLE_SEED
            .replace("NeuraScale-9", &format!("NeuraScale-{}", i % 97))
            .replace("2.5 trillion", &format!("{}.5 trillion", i % 13))
            .replace("3 months", &format!("{} months", i % 7 + 1));
        (format!("seed-{i:04}.txt"), "inline".to_string(), source)
    }));
    corpus
}

fn bench(c: &mut Criterion) {
    let corpus = seeds();
    let inv = Inventory::of_corpus(&corpus);
    let distinct: usize = inv.labels.iter().map(|l| l.strings.len()).sum();
    println!(
        "{} seeds, {} spans, {} distinct strings, {} conflicts",
        inv.docs,
        inv.spans,
        distinct,
        inv.conflicts.len()
    );
    c.bench_function("inventory of 1,000 seeds", |b| {
        b.iter(|| black_box(Inventory::of_corpus(black_box(&corpus))))
    });
    let sources: Vec<Source> = corpus
        .docs()
        .iter()
        .map(|d| Source {
            name: d.name(),
            document: d.document(),
            status: d.status(),
        })
        .collect();
    c.bench_function("inventory of 1,000 seeds as JSON", |b| {
        b.iter(|| black_box(inv.to_json(&sources)).to_string().len())
    });
    c.bench_function("inventory of 1,000 seeds as a table", |b| {
        b.iter(|| black_box(inv.to_table(Some(10))).len())
    });
    // The assistants' first step over the same spans: every tagged string, indexed.
    let docs: Vec<&tagmark_core::Document> = corpus.docs().iter().map(|d| d.document()).collect();
    c.bench_function("tagged strings of 1,000 seeds", |b| {
        b.iter(|| {
            black_box(tagmark_core::checks::tagged::TaggedStrings::new(black_box(
                &docs,
            )))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
