//! Stage 3: a fetched page in, [`PageMeta`] out: what the page says about itself.
//!
//! A link that answers 200 can still be the wrong page, a moved page, a "Page not found"
//! served as 200 or a bot wall (issue 4). This stage gathers the evidence the compare stage
//! needs to tell those apart: every title and date the page states, each with where it was
//! found, plus the soft-404 and bot-wall flags. It makes no judgement about the citation.
//!
//! HTML is read in two passes so that a megabyte of markup costs milliseconds: a linear
//! scan ([`lean`]) drops scripts, styles and comments and keeps JSON-LD, then only the
//! document head and a window around the article header are parsed with `scraper` and
//! walked once (`html.rs`). PDFs are read with `lopdf` (`pdf.rs`), with a byte-level
//! fallback for files cut at the size cap.
//!
//! ```
//! use citecheck::inspect::inspect_text;
//!
//! let html = r#"<html><head><title>Budget 2024 | Ministry</title>
//!   <meta property="og:site_name" content="Ministry">
//!   <meta property="article:published_time" content="2024-02-28T09:00:00+08:00">
//!   </head><body><h1>Budget 2024</h1></body></html>"#;
//! let meta = inspect_text(html, Some("https://example.gov/news/budget"));
//! assert_eq!(meta.title.as_deref(), Some("Budget 2024"));
//! assert_eq!(meta.date.as_deref(), Some("2024-02-28"));
//! ```

mod choose;
mod dates;
mod flags;
mod html;
mod jsonld;
pub mod lean;
mod pdf;
pub mod text;
mod titles;

pub use crate::types::{DateCandidate, DateKind, PageKind, PageMeta, Precision, TitleCandidate};
use crate::types::{FetchOutcome, Fetched};

/// Separators pages put between a title and a site or section name.
pub use titles::SEPARATORS;

/// Inspects a fetched page; failures and bodiless fetches give an empty [`PageMeta`]
/// (with `blocked` set when the fetch itself was blocked).
pub fn inspect(fetched: &Fetched) -> PageMeta {
    let Some(body) = &fetched.body else {
        return PageMeta {
            blocked: fetched.outcome == FetchOutcome::Blocked,
            ..PageMeta::default()
        };
    };
    let url = Some(fetched.final_url.as_str());
    let mut meta = if is_pdf(fetched.content_type.as_deref(), &body.bytes) {
        pdf::inspect_pdf(&body.bytes, url)
    } else if let Some(text) = &body.text {
        inspect_text(text, url)
    } else {
        PageMeta::default()
    };
    flags::from_fetch(fetched, &mut meta);
    meta
}

/// Inspects raw bytes, as from a file: PDFs by their signature, anything else decoded
/// with the fetch stage's charset rules.
pub fn inspect_bytes(bytes: &[u8], content_type: Option<&str>, url: Option<&str>) -> PageMeta {
    if is_pdf(content_type, bytes) {
        return pdf::inspect_pdf(bytes, url);
    }
    let host = url
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let text = crate::text::decode_text(bytes, content_type, &host);
    inspect_text(&text, url)
}

/// Inspects a decoded HTML page (or any text); `url` is its address, for URL dates.
pub fn inspect_text(text: &str, url: Option<&str>) -> PageMeta {
    let url = url.and_then(|u| url::Url::parse(u).ok());
    html::inspect_html(text, url.as_ref())
}

fn is_pdf(content_type: Option<&str>, bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    memchr::memmem::find(head, b"%PDF-").is_some()
        || content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("application/pdf"))
}
