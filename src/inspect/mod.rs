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

use serde::{Deserialize, Serialize};

use crate::extract::PartialDate;
use crate::fetch::{FetchOutcome, Fetched};

/// Separators pages put between a title and a site or section name.
pub use titles::SEPARATORS;

/// What a page says about itself: titles, dates, site, and warning flags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageMeta {
    /// The best guess at the page's own title, site name removed.
    pub title: Option<String>,
    /// The best published date, `YYYY-MM-DD` (a page that states only an update date
    /// gives that); null when the page states no date to the day.
    pub date: Option<String>,
    /// The best modified date, `YYYY-MM-DD`, kept apart from the published one.
    pub modified: Option<String>,
    /// Every title candidate, in order of trust.
    pub titles: Vec<TitleCandidate>,
    /// Every date candidate, published and modified, in order of trust.
    pub dates: Vec<DateCandidate>,
    /// The site's name, as the page states it.
    pub site_name: Option<String>,
    /// What kind of document this is.
    pub kind: PageKind,
    /// True for a page served with success that says it does not exist.
    pub soft_404: bool,
    /// True for a bot wall or challenge page instead of the content.
    pub blocked: bool,
    /// What raised `soft_404` or `blocked`, for reports.
    pub flag_reason: Option<String>,
    /// The start of the page's main text (a PDF's first page), for title matching.
    pub lead: String,
}

/// A title the page states, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleCandidate {
    /// The title text, white space collapsed.
    pub value: String,
    /// Where it was found: `og:title`, `json-ld:headline`, `title`, `h1`, `pdf:info`...
    pub source: String,
}

/// A date the page states, where, and whether it is a publication or a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateCandidate {
    /// The date, as precise as stated (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub value: PartialDate,
    /// Where it was found: `article:published_time`, `json-ld:datePublished`, `url`...
    pub source: String,
    /// Published or modified.
    pub kind: DateKind,
    /// How precise the stated date is.
    pub precision: Precision,
}

/// Publication or modification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateKind {
    /// When the page was first published.
    Published,
    /// When the page was last changed.
    Modified,
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// Known to the year.
    Year,
    /// Known to the month.
    Month,
    /// Known to the day.
    Day,
}

impl Precision {
    /// The precision of a partial date.
    pub fn of(date: &PartialDate) -> Precision {
        match (date.month, date.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }
}

/// What kind of document a page is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    /// An HTML (or XHTML) page.
    Html,
    /// A PDF document.
    Pdf,
    /// Anything else, or nothing.
    #[default]
    Other,
}

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
    let text = crate::fetch::decode_text(bytes, content_type, &host);
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
