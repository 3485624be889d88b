//! Text that PDF tools give, one test per layout: every file gives its paper's
//! citations.
//!
//! `tests/fixtures/pdftext/` holds two papers typeset by Typst (`make.py`) in several
//! layouts and turned into text by `pdftotext` as people run it: notes numbered
//! `1 Text` (the LaTeX shape), two columns side by side (`-layout`), a viewer's copy
//! (content order, no page breaks) and Chinese notes labelled `［1］`. Each folder's
//! `truth.json` was written by hand from the paper's source.

use serde::Deserialize;

use citecheck::extract::{extract, Format};

use crate::support::fixture;

#[derive(Debug, Deserialize)]
struct Truth {
    files: std::collections::BTreeMap<String, Vec<Row>>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Row {
    note: String,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
    ibid: bool,
    page: u32,
}

/// What a file cannot give, and why: (file, index in the truth, field).
const KNOWN: &[(&str, usize, &str, &str)] = &[
    // `pdftotext` without `-layout` deletes the hyphen at a line break, inside URLs
    // too (`speeches-` / `remarks` -> `speechesremarks`): the URL is not in the text.
    // (The second URL's `remarksby-president` is mended: the title says "Remarks by
    // President".)
    (
        "en-number-space/text.txt",
        2,
        "url",
        "hyphen deleted by pdftotext",
    ),
    // Without page breaks, note 4's second half comes after the next page's body.
    (
        "en-number-space/viewer.txt",
        5,
        "missing",
        "a note split by body text",
    ),
];

fn check(folder: &str) {
    let truth: Truth = serde_json::from_str(
        &std::fs::read_to_string(fixture(&format!("pdftext/{folder}/truth.json"))).unwrap(),
    )
    .unwrap();
    let mut problems = Vec::new();
    for (file, want) in &truth.files {
        let name = format!("{folder}/{file}");
        let text = std::fs::read_to_string(fixture(&format!("pdftext/{name}"))).unwrap();
        assert_eq!(Format::detect(None, &text), Format::PdfText, "{name}");
        let got: Vec<Row> = extract(&name, &text, Format::PdfText)
            .into_iter()
            .map(|c| Row {
                note: c.note,
                url: c.url,
                title: c.title,
                date: c.date.map(|d| d.to_string()),
                ibid: c.ibid,
                page: c.page.unwrap_or(0),
            })
            .collect();
        let mut at = 0;
        for (i, w) in want.iter().enumerate() {
            let known = |field: &str| {
                KNOWN
                    .iter()
                    .any(|&(f, k, what, _)| f == name && k == i && what == field)
            };
            if known("missing") {
                if got.get(at).is_some_and(|g| g == w) {
                    problems.push(format!("{name} #{i}: found, but listed as missing"));
                }
                continue;
            }
            let Some(g) = got.get(at) else {
                problems.push(format!("{name} #{i}: missing"));
                continue;
            };
            at += 1;
            for (field, a, b) in [
                ("note", Some(g.note.clone()), Some(w.note.clone())),
                ("url", g.url.clone(), w.url.clone()),
                ("title", g.title.clone(), w.title.clone()),
                ("date", g.date.clone(), w.date.clone()),
                ("ibid", Some(g.ibid.to_string()), Some(w.ibid.to_string())),
                ("page", Some(g.page.to_string()), Some(w.page.to_string())),
            ] {
                if (a == b) == known(field) {
                    problems.push(format!("{name} #{i} {field}: got {a:?}, want {b:?}"));
                }
            }
        }
        if got.len() != at {
            problems.push(format!("{name}: {} citations, want {at}", got.len()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn number_space_labels_raw_layout_and_viewer_copy() {
    check("en-number-space");
}

#[test]
fn two_columns_side_by_side() {
    check("en-columns");
}

#[test]
fn chinese_full_width_labels() {
    check("zh-fullwidth");
}

#[test]
fn numbers_after_their_notes() {
    // LibreOffice's footnotes: the number follows a note of more than one line.
    let text = std::fs::read_to_string(fixture("papers/zh-footnotes/lo.layout.txt")).unwrap();
    let got = extract("lo", &text, Format::PdfText);
    let notes: Vec<&str> = got.iter().map(|c| c.note.as_str()).collect();
    assert_eq!(
        notes,
        ["1", "2", "3", "4", "4", "5", "6", "7", "8", "9", "10", "11"]
    );
}

#[test]
fn number_space_file_is_never_empty() {
    // Regression (#14): `extract --input pdf-text` gave `[]` on number-space notes.
    let text = "Half of the links had died.1\n\n1 Jonathan Zittrain, “Perma,” Harvard Law Review Forum 127 (2014), https://harvardlawreview.org/forum/vol-127/perma-scoping-and-addressing-\nthe-problem-of-link-and-reference-rot-in-legal-citations/.\n";
    let got = extract("x", text, Format::PdfText);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].url.as_deref(),
        Some("https://harvardlawreview.org/forum/vol-127/perma-scoping-and-addressing-the-problem-of-link-and-reference-rot-in-legal-citations/")
    );
    // And text with no footnote block at all still gives its URLs.
    let got = extract("x", "See https://a.org/x for more.\n", Format::PdfText);
    assert_eq!(got.len(), 1);
}
