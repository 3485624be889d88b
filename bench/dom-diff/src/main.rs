//! Compares citecheck's HTML tree builder (`src/inspect/dom.rs`, compiled in here as a
//! module) with html5ever, through `scraper`, on the files named on the command line.
//!
//! For each file it compares the body's text nodes (what inspection's walk reads), the same
//! text with white space collapsed, and the sequence of elements with the attributes the
//! walk uses most (`<tbody>` that html5ever implies is left out). It prints how many files
//! agree on each; `SHOW=N` prints the first N text differences, with `NODES=1` at the level
//! of text nodes.
//!
//! Usage: cargo run --release -- ../../../shared/bench/pages/html/*
//!        cargo run --release -- ../../fuzz/corpus/inspect_html/*

#[allow(dead_code)]
#[path = "../../../src/inspect/dom.rs"]
mod dom;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

fn ours(html: &str) -> (Vec<String>, Vec<String>) {
    let d = dom::Dom::parse(html);
    let mut texts = Vec::new();
    let mut els = Vec::new();
    let mut in_body = false;
    for i in 0..d.len() {
        match d.item(i) {
            dom::Item::Text(t) => {
                if in_body {
                    texts.push(t.to_owned())
                }
            }
            dom::Item::Element(name) => {
                if name == "body" {
                    in_body = true;
                }
                els.push(format!(
                    "{name}{:?}{:?}{:?}",
                    d.attr(i, "class"),
                    d.attr(i, "content"),
                    d.attr(i, "datetime")
                ));
            }
        }
    }
    (texts, els)
}

fn theirs(html: &str) -> (Vec<String>, Vec<String>) {
    let doc = Html::parse_document(html);
    let mut texts = Vec::new();
    let mut els = Vec::new();
    let mut in_body = false;
    for edge in doc.tree.root().traverse() {
        if let Edge::Open(n) = edge {
            match n.value() {
                Node::Text(t) => {
                    if in_body {
                        texts.push(t.to_string())
                    }
                }
                Node::Element(e) => {
                    let name = e.name();
                    if name == "body" {
                        in_body = true;
                    }
                    if name == "tbody" && e.attrs().next().is_none() {
                        continue;
                    }
                    els.push(format!(
                        "{name}{:?}{:?}{:?}",
                        e.attr("class"),
                        e.attr("content"),
                        e.attr("datetime")
                    ));
                }
                _ => {}
            }
        }
    }
    (texts, els)
}

fn main() {
    let mut n = 0;
    let mut same_text = 0;
    let mut same_joined = 0;
    let mut same_els = 0;
    let mut show = std::env::var("SHOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0usize);
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let html = String::from_utf8_lossy(&bytes);
        let (a_t, a_e) = ours(&html);
        let (b_t, b_e) = theirs(&html);
        n += 1;
        if a_t == b_t {
            same_text += 1;
        } else if std::env::var("NODES").is_ok() && show > 0 {
            show -= 1;
            let k = a_t
                .iter()
                .zip(b_t.iter())
                .take_while(|(x, y)| x == y)
                .count();
            eprintln!(
                "== {path} node {k}\n ours:   {:?}\n theirs: {:?}",
                &a_t[k.saturating_sub(2)..(k + 3).min(a_t.len())],
                &b_t[k.saturating_sub(2)..(k + 3).min(b_t.len())]
            );
        }
        let ja: String = a_t
            .concat()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let jb: String = b_t
            .concat()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if ja == jb {
            same_joined += 1;
        } else if show > 0 {
            show -= 1;
            let k = ja
                .chars()
                .zip(jb.chars())
                .take_while(|(x, y)| x == y)
                .count();
            let a: String = ja.chars().skip(k.saturating_sub(60)).take(160).collect();
            let b: String = jb.chars().skip(k.saturating_sub(60)).take(160).collect();
            eprintln!("== {path}\n ours:   {a:?}\n theirs: {b:?}");
        }
        if a_e == b_e {
            same_els += 1;
        }
    }
    println!("files {n}: text nodes identical {same_text}, text identical (whitespace-collapsed) {same_joined}, element sequence identical {same_els}");
}
