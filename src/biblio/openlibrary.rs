//! Open Library's search, `/search.json`: books, by title or by ISBN (`q=isbn:...`).
//!
//! The answer is `{"numFound", "start", "docs": [...]}`, each work with `key`
//! (`/works/OL...W`), `title`, `subtitle`, `author_name` [..], `first_publish_year`,
//! `publish_year` [..] (every edition's) and `publisher` [..]. A book cited in a reprint
//! or a later edition carries that edition's year, so every edition's year counts.
//! Open Library asks clients to say who they are in the `User-Agent` and to keep to
//! about one request a second.

use serde::Deserialize;

use super::crossref::encode;
use super::{clean_markup, Query};
use crate::types::{BiblioRecord, BiblioSource};

/// The public endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://openlibrary.org";

const FIELDS: &str = "key,title,subtitle,author_name,first_publish_year,publish_year,publisher";
const LIMIT: usize = 5;

/// The URL of a title search for `q`.
pub fn search_url(endpoint: &str, q: &Query) -> String {
    format!(
        "{}/search.json?title={}&limit={LIMIT}&fields={FIELDS}",
        endpoint.trim_end_matches('/'),
        encode(&q.title)
    )
}

/// The URL of the works with `isbn`.
pub fn isbn_url(endpoint: &str, isbn: &str) -> String {
    format!(
        "{}/search.json?q=isbn:{}&limit={LIMIT}&fields={FIELDS}",
        endpoint.trim_end_matches('/'),
        encode(isbn)
    )
}

#[derive(Deserialize)]
struct Page {
    docs: Vec<Doc>,
}

#[derive(Deserialize)]
struct Doc {
    key: String,
    title: Option<String>,
    subtitle: Option<String>,
    #[serde(default)]
    author_name: Vec<String>,
    first_publish_year: Option<i64>,
    #[serde(default)]
    publish_year: Vec<i64>,
    #[serde(default)]
    publisher: Vec<String>,
}

/// The records of a search answer, best first.
pub fn parse_list(body: &str) -> Option<Vec<BiblioRecord>> {
    let page: Page = serde_json::from_str(body).ok()?;
    Some(page.docs.into_iter().filter_map(record).collect())
}

fn record(d: Doc) -> Option<BiblioRecord> {
    let mut title = clean_markup(d.title.as_deref()?);
    if title.is_empty() {
        return None;
    }
    if let Some(sub) = d.subtitle.as_deref().map(clean_markup) {
        if !sub.is_empty() {
            title = format!("{title}: {sub}");
        }
    }
    let year_of = |y: i64| u16::try_from(y).ok().filter(|y| (1000..=2999).contains(y));
    let year = d.first_publish_year.and_then(year_of);
    let mut other_years: Vec<u16> = d
        .publish_year
        .iter()
        .filter_map(|y| year_of(*y))
        .filter(|y| Some(*y) != year)
        .collect();
    other_years.sort_unstable();
    other_years.dedup();
    let key = d.key.trim_start_matches('/').to_owned();
    Some(BiblioRecord {
        source: BiblioSource::Openlibrary,
        url: format!("https://openlibrary.org/{key}"),
        id: key,
        doi: None,
        title,
        authors: d.author_name,
        year,
        other_years,
        container: d.publisher.into_iter().next(),
        kind: Some("book".to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_with_editions() {
        let body = r#"{"numFound":1,"start":0,"numFoundExact":true,"num_found":1,"q":"","offset":null,
          "docs":[{"key":"/works/OL20000001W","title":"India-US Relations in the Age of Uncertainty",
            "subtitle":"An Uneasy Courtship","author_name":["B. M. Jain"],"first_publish_year":2015,
            "publish_year":[2016,2015,2017],"publisher":["Routledge","Taylor & Francis"]}]}"#;
        let list = parse_list(body).unwrap();
        let r = &list[0];
        assert_eq!(
            r.title,
            "India-US Relations in the Age of Uncertainty: An Uneasy Courtship"
        );
        assert_eq!(r.id, "works/OL20000001W");
        assert_eq!(r.url, "https://openlibrary.org/works/OL20000001W");
        assert_eq!(r.year, Some(2015));
        assert_eq!(r.other_years, [2016, 2017]);
        assert_eq!(r.container.as_deref(), Some("Routledge"));
        assert!(parse_list(r#"{"numFound":0}"#).is_none());
    }

    #[test]
    fn urls() {
        assert_eq!(
            isbn_url(DEFAULT_ENDPOINT, "9781138940422"),
            "https://openlibrary.org/search.json?q=isbn:9781138940422&limit=5&fields=key,title,subtitle,author_name,first_publish_year,publish_year,publisher"
        );
        let q = Query {
            title: "Age of Uncertainty".into(),
            ..Query::default()
        };
        assert!(search_url(DEFAULT_ENDPOINT, &q).contains("title=Age+of+Uncertainty&"));
    }
}
