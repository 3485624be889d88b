//! The first promise: every citation of the real corpus extracted exactly.
//!
//! `tests/fixtures/corpus-truth.json` was annotated by reading the footnotes by hand,
//! independently of the extractor; it lists one entry per citation.

use std::collections::BTreeSet;

use citecheck::extract::{extract, Format};
use serde::Deserialize;

use crate::support::{fixture, root};

#[derive(Debug, Deserialize)]
struct Truth {
    page: u32,
    note: String,
    line: usize,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
    ibid: bool,
}

fn corpus_text() -> String {
    std::fs::read_to_string(root().join("corpus/india-us-defense-2024.txt")).unwrap()
}

fn truth() -> Vec<Truth> {
    serde_json::from_str(&std::fs::read_to_string(fixture("corpus-truth.json")).unwrap()).unwrap()
}

#[test]
fn detected_as_pdf_text() {
    assert_eq!(Format::detect(None, &corpus_text()), Format::PdfText);
}

#[test]
fn every_citation_matches_the_hand_annotation() {
    let got = extract("corpus.txt", &corpus_text(), Format::PdfText);
    let want = truth();
    let mut problems = Vec::new();
    for (i, w) in want.iter().enumerate() {
        let Some(g) = got.get(i) else {
            problems.push(format!("#{i}: missing (page {} note {})", w.page, w.note));
            continue;
        };
        let here = format!("#{i} page {} note {} line {}", w.page, w.note, w.line);
        let date = g.date.map(|d| d.to_string());
        let checks = [
            (
                "page",
                Some(g.page.unwrap_or(0).to_string()),
                Some(w.page.to_string()),
            ),
            ("note", Some(g.note.clone()), Some(w.note.clone())),
            ("line", Some(g.line.to_string()), Some(w.line.to_string())),
            ("url", g.url.clone(), w.url.clone()),
            ("title", g.title.clone(), w.title.clone()),
            ("date", date, w.date.clone()),
            ("ibid", Some(g.ibid.to_string()), Some(w.ibid.to_string())),
        ];
        for (field, got, want) in checks {
            if got != want {
                problems.push(format!("{here}: {field}: got {got:?}, want {want:?}"));
            }
        }
    }
    if got.len() != want.len() {
        problems.push(format!(
            "{} citations extracted, {} annotated",
            got.len(),
            want.len()
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn counts_match_the_brief() {
    let got = extract("corpus.txt", &corpus_text(), Format::PdfText);
    let notes: BTreeSet<(Option<u32>, &str)> =
        got.iter().map(|c| (c.page, c.note.as_str())).collect();
    assert_eq!(notes.len(), 66, "footnotes");
    let own_url = got.iter().filter(|c| !c.ibid && c.url.is_some()).count();
    assert_eq!(own_url, 56, "citations that print a URL");
    let distinct: BTreeSet<&str> = got.iter().filter_map(|c| c.url.as_deref()).collect();
    assert_eq!(distinct.len(), 44, "distinct URLs");
    let without = got.iter().filter(|c| !c.ibid && c.url.is_none()).count();
    assert_eq!(without, 10, "citations without URL");
    assert_eq!(got.iter().filter(|c| c.ibid).count(), 2, "ibid notes");
    assert!(
        got.iter().filter(|c| !c.ibid).all(|c| c.title.is_some()),
        "every citation has a title"
    );
}

#[test]
fn markdown_listing_of_the_corpus() {
    let got = extract(
        "corpus/india-us-defense-2024.txt",
        &corpus_text(),
        Format::PdfText,
    );
    let md = citecheck::report::markdown::citations(&got);
    // Same input, same output, byte for byte.
    assert_eq!(
        md,
        citecheck::report::markdown::citations(&extract(
            "corpus/india-us-defense-2024.txt",
            &corpus_text(),
            Format::PdfText
        ))
    );
    insta::assert_snapshot!("corpus_markdown", md);
}
