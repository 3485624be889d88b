//! Extraction throughput on large inputs: the corpus repeated to about 50 MB, and single
//! reference strings a megabyte long.

#![allow(missing_docs, reason = "criterion_group! generates undocumented items")]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use citecheck::extract::{extract, parse_one, Format};

fn corpus_50mb(c: &mut Criterion) {
    let one = include_str!("../corpus/india-us-defense-2024.txt");
    let copies = (50 * 1024 * 1024) / one.len() + 1;
    let big = one.repeat(copies);
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(10);
    group.bench_function("pdf-text corpus x50MB", |b| {
        b.iter(|| extract("big.txt", &big, Format::PdfText).len())
    });
    group.finish();
}

/// One reference string a megabyte long, three ways: references run together, quotes
/// that never close, and an endless list of names. Each must stay linear.
fn megabyte_reference(c: &mut Criterion) {
    let unit = "Smith, J., “Title, with a comma,” Journal 12 (2010): 1–9, https://a.org/x y. 王世达：《论》，";
    let inputs = [
        (
            "references run together",
            unit.repeat((1 << 20) / unit.len() + 1),
        ),
        ("unclosed quotes", "“".repeat(1 << 20)),
        ("a list of names", "Aa Bb, ".repeat(150_000)),
    ];
    let mut group = c.benchmark_group("reference parse (1 MB)");
    group.sample_size(10);
    for (name, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| b.iter(|| parse_one(text).len()));
    }
    group.finish();
}

criterion_group!(benches, corpus_50mb, megabyte_reference);
criterion_main!(benches);
