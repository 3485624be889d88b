//! Inspection throughput: pages per second over the shared benchmark pages (when
//! `../shared/bench/pages` is there), and the cost of a 1 MB page against a small one.

#![allow(missing_docs, reason = "criterion_group! generates undocumented items")]

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use citecheck::inspect::inspect_bytes;

/// The shared benchmark pages, if this checkout sits beside `shared/`.
fn bench_pages() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/pages/html");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

const ARTICLE: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<title>Defence pact signed in New Delhi | Daily Example</title>
<meta property="og:title" content="Defence pact signed in New Delhi">
<meta property="article:published_time" content="2023-11-09T12:00:00Z">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Defence pact signed in New Delhi","datePublished":"2023-11-09"}</script>
</head><body><nav class="menu"><a href="/">Home</a></nav>
<article><h1>Defence pact signed in New Delhi</h1><p class="byline">November 9, 2023</p>
<p>The two governments signed the pact on Thursday.</p>"#;

/// A page like the ones `bench/fetch.py` serves (3.6 KB): head metadata, JSON-LD, a
/// header with `<h1>` and `<time>`, three paragraphs and a sidebar of links.
fn fetch_bench_page() -> String {
    let para = "The two governments agreed to deepen cooperation on defence production, \
        supply chains and maritime security, and to review progress every year. "
        .repeat(6);
    let related: String = (0..10)
        .map(|k| format!("<li><a href=\"/p/{k}.html\">Related {k}</a></li>"))
        .collect();
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Article 17 on news.example | Example News</title>
<meta property="og:title" content="Article 17 on news.example">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-06-18T10:00:00Z">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Article 17 on news.example","datePublished":"2023-06-18"}}</script>
</head><body><header><h1>Article 17 on news.example</h1><time datetime="2023-06-18">June 18, 2023</time></header>
<article><p>{para}</p><p>{para}</p><p>{para}</p></article>
<aside><ul>{related}</ul></aside>
</body></html>
"#
    )
}

/// A page of about 1 MB: the article above, then long inline scripts, sidebars full of
/// dates, and paragraphs, as heavy news pages are.
fn megabyte_page() -> String {
    let mut page = String::from(ARTICLE);
    let script = format!("<script>var data = \"{}\";</script>\n", "x".repeat(2000));
    let sidebar = "<aside class=\"sidebar\"><ul><li><a>Story</a> <time datetime=\"2024-05-01\">May 1, 2024</time></li></ul></aside>\n";
    let para = "<p>Officials said the agreement covers joint production, logistics and training, and that talks will continue next year in Washington.</p>\n";
    while page.len() < 1024 * 1024 {
        page.push_str(&script);
        page.push_str(sidebar);
        page.push_str(&para.repeat(8));
    }
    page.push_str("</article></body></html>");
    page
}

fn pages(c: &mut Criterion) {
    let pages = bench_pages();
    if !pages.is_empty() {
        let mut group = c.benchmark_group("inspect");
        group.throughput(Throughput::Elements(pages.len() as u64));
        group.sample_size(10);
        group.bench_function(format!("{} bench pages", pages.len()), |b| {
            b.iter(|| {
                pages
                    .iter()
                    .map(|p| {
                        inspect_bytes(p, Some("text/html"), Some("https://example.org/a"))
                            .titles
                            .len()
                    })
                    .sum::<usize>()
            })
        });
        group.finish();
    }
    let big = megabyte_page();
    let bench_page = fetch_bench_page();
    let mut group = c.benchmark_group("inspect-size");
    group.bench_function("fetch-bench page (3.6 KB)", |b| {
        b.iter(|| {
            inspect_bytes(
                bench_page.as_bytes(),
                Some("text/html"),
                Some("https://news.example/p/17.html"),
            )
            .date
        })
    });
    group.bench_function("article page (1 KB)", |b| {
        b.iter(|| inspect_bytes(ARTICLE.as_bytes(), Some("text/html"), None).date)
    });
    group.bench_function("article page padded to 1 MB", |b| {
        b.iter(|| inspect_bytes(big.as_bytes(), Some("text/html"), None).date)
    });
    group.finish();
}

/// Whether the linear pre-pass (`inspect::lean`) still pays for itself: the HTML parse
/// of whole pages against the pre-pass plus the parse of what it keeps.
fn lean_pays(c: &mut Criterion) {
    let mut pages = bench_pages();
    pages.push(megabyte_page().into_bytes());
    let pages: Vec<String> = pages
        .into_iter()
        .map(|p| String::from_utf8_lossy(&p).into_owned())
        .collect();
    let mut group = c.benchmark_group("lean-pays");
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("scraper, whole pages", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| scraper::Html::parse_document(p).tree.nodes().count())
                .sum::<usize>()
        })
    });
    group.bench_function("lean, then scraper on what it keeps", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| {
                    let lean = citecheck::inspect::lean::lean(p);
                    scraper::Html::parse_document(&lean.document())
                        .tree
                        .nodes()
                        .count()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

/// Markup built to be slow: deep nesting (html5ever's tree builder is quadratic in it),
/// thousands of titles, and JSON-LD nested thousands deep.
fn hostile(c: &mut Criterion) {
    let pages = [
        (
            "nested 20,000 deep",
            format!("<html><body><h1>T</h1>{}x", "<time>".repeat(20_000)),
        ),
        (
            "20,000 titles and headings",
            format!(
                "<head>{}</head><body>{}",
                "<meta property=\"og:title\" content=\"a\">".repeat(20_000),
                "<h1>x</h1>".repeat(20_000)
            ),
        ),
        (
            "JSON-LD nested 5,000 deep",
            format!(
                "<script type=application/ld+json>{}</script>",
                "{\"@graph\":[".repeat(5_000)
            ),
        ),
    ];
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    for (name, page) in &pages {
        group.bench_function(*name, |b| {
            b.iter(|| citecheck::inspect::inspect_text(page, None).titles.len())
        });
    }
    group.finish();
}

criterion_group!(benches, pages, lean_pays, hostile);
criterion_main!(benches);
