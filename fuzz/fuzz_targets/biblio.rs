//! Bibliographic lookups on any input: DOIs and ISBNs found in any text or URL, any
//! answer body read as each source's JSON, and the match rule on any reference against
//! any record. None of it may panic.
#![no_main]

use citecheck::biblio::{crossref, datacite, doi, doiorg, openalex, openlibrary, rule, uncovered, Plan};
use citecheck::types::{BiblioRecord, BiblioSource};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = doi::in_text(text);
    let _ = doi::in_url(text);
    let _ = doi::isbn(text);
    let _ = doi::clean(text);
    let _ = doi::path_segment(text);
    let _ = crossref::parse_work(text);
    let _ = crossref::parse_list(text);
    let _ = datacite::parse_work(text);
    let _ = openalex::parse_list(text);
    let _ = openlibrary::parse_list(text);
    let _ = doiorg::registered(text);
    // The text as a reference, against a record titled with each half of it.
    let (a, b) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i));
    for c in citecheck::extract::parse_one(text) {
        let _ = Plan::of(&c);
        let _ = uncovered(&c);
        let cited = rule::Cited::new(
            &c.raw,
            c.title.as_deref(),
            &c.authors,
            c.date.map(|d| d.year),
            c.container.as_deref(),
        );
        for title in [a, b] {
            let record = BiblioRecord {
                source: BiblioSource::Crossref,
                id: String::new(),
                doi: None,
                url: String::new(),
                title: title.to_owned(),
                authors: vec![b.to_owned(), a.to_owned()],
                year: Some(2000),
                other_years: vec![1999],
                container: Some(a.to_owned()),
                kind: None,
            };
            let _ = rule::assess(&cited, &record);
        }
    }
});
