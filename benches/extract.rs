//! Extraction throughput on a large input: the corpus repeated to about 50 MB.

#![allow(missing_docs, reason = "criterion_group! generates undocumented items")]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use citecheck::extract::{extract, Format};

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

criterion_group!(benches, corpus_50mb);
criterion_main!(benches);
