//! OpenAlex, `/works?search=`: works with and without DOIs, books and chapters, theses,
//! and more languages than Crossref.
//!
//! The answer is `{"meta": {"count", "page", "per_page"}, "results": [...]}`, each work
//! with `id` (`https://openalex.org/W...`), `doi` (a `https://doi.org/` link or null),
//! `display_name` (the title), `publication_year`, `type`, `authorships`
//! [{author: {display_name}, raw_author_name}] and `primary_location` {source:
//! {display_name}}. OpenAlex asks for an API key (`api_key=`) for more than a trial's
//! worth of requests a day, and for an email (`mailto=`) to reach whoever misbehaves.

use serde::Deserialize;

use super::crossref::encode;
use super::{clean_markup, Query};
use crate::types::{BiblioRecord, BiblioSource};

/// The public endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://api.openalex.org";

/// Records asked for per search.
const PER_PAGE: usize = 5;

/// The URL of a search for `q`'s title.
pub fn search_url(endpoint: &str, q: &Query, mailto: Option<&str>, key: Option<&str>) -> String {
    let mut url = format!(
        "{}/works?search={}&per-page={PER_PAGE}&select=id,doi,display_name,publication_year,type,authorships,primary_location",
        endpoint.trim_end_matches('/'),
        encode(&q.title)
    );
    if let Some(m) = mailto {
        url.push_str("&mailto=");
        url.push_str(&encode(m));
    }
    if let Some(k) = key {
        url.push_str("&api_key=");
        url.push_str(&encode(k));
    }
    url
}

#[derive(Deserialize)]
struct Page {
    results: Vec<Work>,
}

#[derive(Deserialize)]
struct Work {
    id: String,
    doi: Option<String>,
    display_name: Option<String>,
    title: Option<String>,
    publication_year: Option<i64>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    authorships: Vec<Authorship>,
    primary_location: Option<Location>,
}

#[derive(Deserialize)]
struct Authorship {
    author: Option<Author>,
    raw_author_name: Option<String>,
}

#[derive(Deserialize)]
struct Author {
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct Location {
    source: Option<Venue>,
}

#[derive(Deserialize)]
struct Venue {
    display_name: Option<String>,
}

/// The records of a search answer, best first.
pub fn parse_list(body: &str) -> Option<Vec<BiblioRecord>> {
    let page: Page = serde_json::from_str(body).ok()?;
    Some(page.results.into_iter().filter_map(record).collect())
}

fn record(w: Work) -> Option<BiblioRecord> {
    let title = clean_markup(w.display_name.as_deref().or(w.title.as_deref())?);
    if title.is_empty() {
        return None;
    }
    let doi = w
        .doi
        .as_deref()
        .and_then(|d| d.split_once("10.").map(|(_, rest)| format!("10.{rest}")))
        .map(|d| d.to_lowercase());
    let authors = w
        .authorships
        .into_iter()
        .filter_map(|a| a.author.and_then(|x| x.display_name).or(a.raw_author_name))
        .collect();
    let year = w
        .publication_year
        .and_then(|y| u16::try_from(y).ok())
        .filter(|y| (1000..=2999).contains(y));
    let url = match &doi {
        Some(d) => format!("https://doi.org/{d}"),
        None => w.id.clone(),
    };
    Some(BiblioRecord {
        source: BiblioSource::Openalex,
        id: w.id.rsplit('/').next().unwrap_or(&w.id).to_owned(),
        doi,
        url,
        title,
        authors,
        year,
        other_years: Vec::new(),
        container: w
            .primary_location
            .and_then(|l| l.source)
            .and_then(|s| s.display_name),
        kind: w.kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_results() {
        let body = r#"{"meta":{"count":2,"db_response_time_ms":31,"page":1,"per_page":5,"groups_count":null},
          "results":[
            {"id":"https://openalex.org/W2889417357","doi":"https://doi.org/10.1177/0974928418785477",
             "display_name":"Indo-US Defence Industry Cooperation: A Prognosis","publication_year":2018,
             "type":"article","authorships":[{"author_position":"first","author":{"id":"https://openalex.org/A1","display_name":"Laxman Kumar Behera"},"raw_author_name":"Laxman Kumar Behera"},
               {"author":null,"raw_author_name":"G. Balachandran"}],
             "primary_location":{"source":{"id":"https://openalex.org/S1","display_name":"India Quarterly","type":"journal"}}},
            {"id":"https://openalex.org/W1","doi":null,"display_name":"Indo-US relations","publication_year":1999,
             "type":"book","authorships":[],"primary_location":{"source":null}}
          ]}"#;
        let list = parse_list(body).unwrap();
        assert_eq!(list.len(), 2);
        let r = &list[0];
        assert_eq!(r.id, "W2889417357");
        assert_eq!(r.doi.as_deref(), Some("10.1177/0974928418785477"));
        assert_eq!(r.url, "https://doi.org/10.1177/0974928418785477");
        assert_eq!(r.authors, ["Laxman Kumar Behera", "G. Balachandran"]);
        assert_eq!(r.container.as_deref(), Some("India Quarterly"));
        assert_eq!(list[1].url, "https://openalex.org/W1");
        assert_eq!(list[1].container, None);
        assert!(parse_list("[]").is_none());
    }

    #[test]
    fn the_search_url() {
        let q = Query {
            title: "Indo-US Defence".into(),
            ..Query::default()
        };
        let url = search_url(DEFAULT_ENDPOINT, &q, Some("a@b.org"), Some("k"));
        assert!(
            url.starts_with(
                "https://api.openalex.org/works?search=Indo-US+Defence&per-page=5&select="
            ),
            "{url}"
        );
        assert!(url.ends_with("&mailto=a%40b.org&api_key=k"), "{url}");
    }
}
