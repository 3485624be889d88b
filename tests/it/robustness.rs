//! No input makes extraction panic, and large inputs stay linear.
//!
//! Property tests run in CI; the cargo-fuzz targets under `fuzz/` search longer.

use citecheck::extract::{extract, parse_one, Format};
use proptest::prelude::*;

/// Pieces the extractor treats specially, so random documents hit its edge cases.
const PIECES: &[&str] = &[
    "[1] ",
    "[2]",
    "1 Smith, ",
    "2“Title",
    "\n1\n",
    "\n2\n",
    "word.1 ",
    "［1］",
    "\u{ad}\n",
    "          ",
    " and ",
    "；以及 ",
    "① ",
    "②",
    "1. ",
    " ",
    "\n",
    "\n\n",
    "\u{c}",
    "https://",
    "http://",
    "www.",
    "Http://",
    ".",
    "-",
    "/",
    "。",
    "，",
    "“",
    "”",
    "《",
    "》",
    "‘",
    "’",
    "\"",
    "Ibid.",
    "同上",
    "参见 ",
    "See ",
    "-196-",
    "2024年第1期",
    "资料来源：",
    "June 22, 2023",
    "2023 年第 1 期",
    "accessed",
    "访问",
    "%20",
    "#:~:text=",
    "a",
    "中",
    "é",
    "\r",
    "[^x]: ",
    "```",
    "<",
    ">",
    "(",
    ")",
    "[",
    "]",
    "\u{0}",
    "\u{FFFD}",
    "\u{1F600}",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..200).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn structured_documents_never_panic(text in document()) {
        for format in [Format::PdfText, Format::Markdown, Format::Plain] {
            for c in extract("d", &text, format) {
                if let Some(url) = &c.url {
                    prop_assert!(!url.is_empty() && !url.contains(char::is_whitespace));
                    // Every cited URL has a host, bare `www.` ones included.
                    let _ = citecheck::urls::host(url);
                }
            }
        }
        let _ = parse_one(&text);
    }

    #[test]
    fn url_helpers_never_panic(text in any::<String>()) {
        let _ = citecheck::urls::host(&text);
        let _ = citecheck::urls::bare_www(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = extract("d", &text, Format::detect(None, &text));
        let _ = parse_one(&text);
    }
}

#[test]
fn a_one_megabyte_footnote_and_many_footnotes_are_handled() {
    let long = format!(
        "[1] “{}”, https://x.org/{}\n",
        "word ".repeat(200_000),
        "a-".repeat(100_000)
    );
    let cites = extract("d", &long, Format::PdfText);
    assert_eq!(cites.len(), 1);
    let many: String = (1..=999)
        .map(|n| format!("[{n}] A, “T{n},” 2020, https://x.org/{n}.\n"))
        .collect();
    assert_eq!(extract("d", &many, Format::PdfText).len(), 999);
}
