//! Crossref's REST API: `/works/{doi}` for a DOI, `/works?query.bibliographic=` for a
//! reference without one.
//!
//! Both answer with a message envelope (`{"status": "ok", "message-type": "work" |
//! "work-list", "message": ...}`). A work has `DOI`, `title` and `subtitle` (arrays),
//! `author` (`given`/`family`, or `name` for organisations), `container-title`, dates as
//! `{"date-parts": [[y, m, d]]}` under `issued`, `published-print`, `published-online`,
//! and `type`. Titles may carry JATS markup (`<i>`, `<sub>`), which is dropped. Crossref
//! asks for a `mailto` so that it can reach whoever runs a misbehaving client: it goes
//! in the query, which also keeps it out of the cache key's way of other sources.

use serde::Deserialize;

use super::doi::path_segment;
use super::{clean_markup, Query};
use crate::types::{BiblioRecord, BiblioSource};

/// The public endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://api.crossref.org";

/// Records asked for per search: the best few, since the rule decides, not the rank.
const ROWS: usize = 5;

/// The fields a search needs; fewer bytes than whole records.
const SELECT: &str =
    "DOI,title,subtitle,author,container-title,issued,published-print,published-online,type";

/// The URL of the record of `doi`.
pub fn work_url(endpoint: &str, doi: &str, mailto: Option<&str>) -> String {
    let mut url = format!(
        "{}/works/{}",
        endpoint.trim_end_matches('/'),
        path_segment(doi)
    );
    if let Some(m) = mailto {
        url.push_str("?mailto=");
        url.push_str(&encode(m));
    }
    url
}

/// The URL of a bibliographic search for `q` (the reference as printed, when it is).
pub fn search_url(endpoint: &str, q: &Query, mailto: Option<&str>) -> String {
    let mut url = format!(
        "{}/works?query.bibliographic={}&rows={ROWS}&select={SELECT}",
        endpoint.trim_end_matches('/'),
        encode(&q.bibliographic())
    );
    if let Some(m) = mailto {
        url.push_str("&mailto=");
        url.push_str(&encode(m));
    }
    url
}

/// Query-component encoding (form style: spaces as `+`).
pub(super) fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[derive(Deserialize)]
struct Envelope<T> {
    message: T,
}

#[derive(Deserialize)]
struct List {
    #[serde(default)]
    items: Vec<Work>,
}

#[derive(Deserialize)]
struct Work {
    #[serde(rename = "DOI")]
    doi: String,
    #[serde(default)]
    title: Vec<String>,
    #[serde(default)]
    subtitle: Vec<String>,
    #[serde(default)]
    author: Vec<Author>,
    #[serde(rename = "container-title", default)]
    container: Vec<String>,
    issued: Option<DateParts>,
    #[serde(rename = "published-print")]
    print: Option<DateParts>,
    #[serde(rename = "published-online")]
    online: Option<DateParts>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct Author {
    given: Option<String>,
    family: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct DateParts {
    #[serde(rename = "date-parts", default)]
    parts: Vec<Vec<Option<i64>>>,
}

impl DateParts {
    fn year(&self) -> Option<u16> {
        let y = self.parts.first()?.first().copied().flatten()?;
        u16::try_from(y).ok().filter(|y| (1000..=2999).contains(y))
    }
}

/// The record in a `/works/{doi}` answer.
pub fn parse_work(body: &str) -> Option<BiblioRecord> {
    let env: Envelope<Work> = serde_json::from_str(body).ok()?;
    record(env.message)
}

/// The records of a search answer, in the order given (best first).
pub fn parse_list(body: &str) -> Option<Vec<BiblioRecord>> {
    let env: Envelope<List> = serde_json::from_str(body).ok()?;
    Some(env.message.items.into_iter().filter_map(record).collect())
}

fn record(w: Work) -> Option<BiblioRecord> {
    let mut title = clean_markup(w.title.first()?);
    if let Some(sub) = w.subtitle.first().map(|s| clean_markup(s)) {
        if !sub.is_empty() && !title.to_lowercase().contains(&sub.to_lowercase()) {
            title = format!("{title}: {sub}");
        }
    }
    let doi = w.doi.to_lowercase();
    let authors = w
        .author
        .into_iter()
        .filter_map(|a| match (a.family, a.given, a.name) {
            (Some(f), Some(g), _) => Some(format!("{f}, {g}")),
            (Some(f), None, _) => Some(f),
            (None, _, Some(n)) => Some(n),
            _ => None,
        })
        .collect();
    // The year the work came out in print, else online: what a citation usually gives.
    let years: Vec<u16> = [&w.print, &w.issued, &w.online]
        .into_iter()
        .filter_map(|d| d.as_ref().and_then(DateParts::year))
        .collect();
    let year = years.first().copied();
    let mut other_years: Vec<u16> = years.into_iter().filter(|y| Some(*y) != year).collect();
    other_years.dedup();
    Some(BiblioRecord {
        source: BiblioSource::Crossref,
        id: doi.clone(),
        url: format!("https://doi.org/{doi}"),
        doi: Some(doi),
        title,
        authors,
        year,
        other_years,
        container: w.container.first().map(|c| clean_markup(c)),
        kind: w.kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORK: &str = r#"{"status":"ok","message-type":"work","message-version":"1.0.0","message":{
        "indexed":{"date-parts":[[2024,3,1]],"date-time":"2024-03-01T10:00:00Z","timestamp":1709287200000},
        "publisher":"Informa UK Limited","issue":"1","DOI":"10.1080/03071841003683468",
        "type":"journal-article","created":{"date-parts":[[2010,3,31]]},
        "page":"52-57","source":"Crossref","title":["Creating the Next Generation of NATO Partnerships"],
        "subtitle":[],"prefix":"10.1080","volume":"155",
        "author":[{"given":"Stephan","family":"Frühling","sequence":"first","affiliation":[]},
                  {"given":"Benjamin","family":"Schreer","sequence":"additional","affiliation":[]}],
        "container-title":["The RUSI Journal"],"short-container-title":["The RUSI Journal"],
        "published-print":{"date-parts":[[2010,2]]},"published-online":{"date-parts":[[2010,3,31]]},
        "issued":{"date-parts":[[2010,2]]},"URL":"https://doi.org/10.1080/03071841003683468"}}"#;

    #[test]
    fn a_work() {
        let r = parse_work(WORK).unwrap();
        assert_eq!(r.doi.as_deref(), Some("10.1080/03071841003683468"));
        assert_eq!(r.title, "Creating the Next Generation of NATO Partnerships");
        assert_eq!(r.authors, ["Frühling, Stephan", "Schreer, Benjamin"]);
        assert_eq!(r.year, Some(2010));
        assert_eq!(r.container.as_deref(), Some("The RUSI Journal"));
        assert_eq!(r.url, "https://doi.org/10.1080/03071841003683468");
        assert_eq!(r.kind.as_deref(), Some("journal-article"));
    }

    #[test]
    fn a_list_with_markup_subtitles_and_organisations() {
        let body = r#"{"status":"ok","message-type":"work-list","message":{"total-results":2,
            "items":[
              {"DOI":"10.1000/A","title":["The <i>Drosophila</i> genome"],"subtitle":["a first look"],
               "author":[{"name":"FlyBase Consortium","sequence":"first"}],"issued":{"date-parts":[[null]]},
               "container-title":[],"score":61.2},
              {"DOI":"10.1000/b","score":12.0}
            ],"items-per-page":5,"query":{"start-index":0,"search-terms":null}}}"#;
        let list = parse_list(body).unwrap();
        assert_eq!(list.len(), 1, "an item without a title is no record");
        assert_eq!(list[0].title, "The Drosophila genome: a first look");
        assert_eq!(list[0].authors, ["FlyBase Consortium"]);
        assert_eq!(list[0].year, None);
        assert_eq!(list[0].container, None);
        assert_eq!(list[0].id, "10.1000/a");
        assert!(parse_list("<html>busy</html>").is_none());
        assert!(parse_list(r#"{"message":{}}"#).unwrap().is_empty());
    }

    #[test]
    fn urls_encode_and_carry_the_mailto() {
        assert_eq!(
            work_url(
                "https://api.crossref.org/",
                "10.1000/a;b",
                Some("me@example.org")
            ),
            "https://api.crossref.org/works/10.1000/a%3Bb?mailto=me%40example.org"
        );
        let mut q = Query {
            text: String::new(),
            title: "Title & more".into(),
            authors: vec!["Smith".into()],
            year: Some(2020),
            container: None,
        };
        let url = search_url(DEFAULT_ENDPOINT, &q, None);
        assert!(url.starts_with("https://api.crossref.org/works?query.bibliographic=Title+%26+more+Smith+2020&rows=5&select=DOI,"), "{url}");
        // The reference as printed, when there is one.
        q.text = "Smith, J. Title & more. 2020.".into();
        let url = search_url(DEFAULT_ENDPOINT, &q, None);
        assert!(
            url.contains("query.bibliographic=Smith%2C+J.+Title+%26+more.+2020.&"),
            "{url}"
        );
    }
}
