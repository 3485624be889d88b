//! Any bytes, read as a document of every format: extraction must not panic, every URL
//! it returns must be non-empty and free of white space, and reading its host (bare
//! `www.` URLs included) must not panic either.
#![no_main]

use citecheck::extract::{document, extract, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(doc) = document::decode("fuzz", data) else { return };
    for format in [Format::PdfText, Format::Markdown, Format::Plain] {
        for c in extract("fuzz", &doc.text, format) {
            if let Some(url) = c.url {
                assert!(!url.is_empty() && !url.contains(char::is_whitespace), "{url:?}");
                let _ = citecheck::urls::host(&url);
            }
        }
    }
});
