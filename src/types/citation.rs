//! What the extract stage hands forward: one cited work, located in its document.

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;

/// One cited work, located in its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The document's path as given.
    pub document: String,
    /// Page number, where the format has pages.
    pub page: Option<u32>,
    /// The footnote label as printed: `"3"`, `"②"`, `"klein"`.
    pub note: String,
    /// 1-based line where the footnote starts.
    pub line: usize,
    /// The footnote text, unwrapped.
    pub raw: String,
    /// The cited URL, rebuilt and stripped of trailing punctuation.
    pub url: Option<String>,
    /// The cited title, without its quotes.
    pub title: Option<String>,
    /// Authors as printed, one per entry.
    pub authors: Vec<String>,
    /// The site, journal or publisher.
    pub container: Option<String>,
    /// Publication date, as precise as cited.
    pub date: Option<PartialDate>,
    /// The date the author accessed the page, kept apart from publication.
    pub accessed: Option<PartialDate>,
    /// True when the note said `Ibid.` or `同上` and repeats the previous citation.
    pub ibid: bool,
}
