//! DataCite's REST API, `/dois/{doi}`: the registry of DOIs that Crossref does not hold
//! (data, software, arXiv preprints, many theses and reports).
//!
//! The answer is JSON:API: `{"data": {"id": doi, "type": "dois", "attributes": {...}}}`
//! with `titles` [{title}], `creators` [{name, givenName, familyName, nameType}],
//! `publisher` (a string, or an object with `name` in newer answers),
//! `container` {title}, `publicationYear` (a number, or a string in older records) and
//! `types` {resourceTypeGeneral}. An unknown DOI is a 404 with an `errors` list.

use serde::Deserialize;
use serde_json::Value;

use super::clean_markup;
use super::doi::path_segment;
use crate::types::{BiblioRecord, BiblioSource};

/// The public endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://api.datacite.org";

/// The URL of the record of `doi`.
pub fn work_url(endpoint: &str, doi: &str) -> String {
    format!(
        "{}/dois/{}",
        endpoint.trim_end_matches('/'),
        path_segment(doi)
    )
}

#[derive(Deserialize)]
struct Envelope {
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    id: String,
    attributes: Attributes,
}

#[derive(Deserialize)]
struct Attributes {
    #[serde(default)]
    titles: Vec<Title>,
    #[serde(default)]
    creators: Vec<Creator>,
    #[serde(default)]
    publisher: Value,
    #[serde(default)]
    container: Value,
    #[serde(rename = "publicationYear", default)]
    year: Value,
    #[serde(default)]
    types: Value,
}

#[derive(Deserialize)]
struct Title {
    title: Option<String>,
    #[serde(rename = "titleType")]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct Creator {
    name: Option<String>,
    #[serde(rename = "familyName")]
    family: Option<String>,
    #[serde(rename = "givenName")]
    given: Option<String>,
}

/// The record in a `/dois/{doi}` answer.
pub fn parse_work(body: &str) -> Option<BiblioRecord> {
    let env: Envelope = serde_json::from_str(body).ok()?;
    let a = env.data.attributes;
    // The main title; subtitles and translations come as further entries with a type.
    let title = a
        .titles
        .iter()
        .find(|t| t.kind.is_none())
        .or_else(|| a.titles.first())
        .and_then(|t| t.title.as_deref())
        .map(clean_markup)
        .filter(|t| !t.is_empty())?;
    let title = match a
        .titles
        .iter()
        .find(|t| t.kind.as_deref() == Some("Subtitle"))
        .and_then(|t| t.title.as_deref())
    {
        Some(sub) if !sub.trim().is_empty() => format!("{title}: {}", clean_markup(sub)),
        _ => title,
    };
    let authors = a
        .creators
        .into_iter()
        .filter_map(|c| match (c.family, c.given, c.name) {
            (Some(f), Some(g), _) => Some(format!("{f}, {g}")),
            (Some(f), None, _) => Some(f),
            (None, _, Some(n)) => Some(n),
            _ => None,
        })
        .collect();
    let year = match &a.year {
        Value::Number(n) => n.as_u64().and_then(|y| u16::try_from(y).ok()),
        Value::String(s) => s.trim().get(..4).and_then(|y| y.parse().ok()),
        _ => None,
    }
    .filter(|y| (1000..=2999).contains(y));
    let container = text_field(&a.container, "title").or_else(|| match &a.publisher {
        Value::String(s) => Some(s.clone()),
        other => text_field(other, "name"),
    });
    let doi = env.data.id.to_lowercase();
    Some(BiblioRecord {
        source: BiblioSource::Datacite,
        id: doi.clone(),
        url: format!("https://doi.org/{doi}"),
        doi: Some(doi),
        title,
        authors,
        year,
        other_years: Vec::new(),
        container: container.filter(|c| !c.trim().is_empty()),
        kind: text_field(&a.types, "resourceTypeGeneral"),
    })
}

fn text_field(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preprint() {
        let body = r#"{"data":{"id":"10.48550/arxiv.1706.03762","type":"dois","attributes":{
            "doi":"10.48550/arxiv.1706.03762","identifiers":[],
            "creators":[{"name":"Vaswani, Ashish","nameType":"Personal","givenName":"Ashish","familyName":"Vaswani","affiliation":[]},
                        {"name":"Google Brain","nameType":"Organizational"}],
            "titles":[{"title":"Attention Is All You Need"},{"title":"A Transformer","titleType":"Subtitle"}],
            "publisher":{"name":"arXiv"},"container":{},"publicationYear":2017,
            "types":{"ris":"GEN","bibtex":"misc","citeproc":"article","schemaOrg":"ScholarlyArticle","resourceTypeGeneral":"Preprint"},
            "url":"https://arxiv.org/abs/1706.03762"}}}"#;
        let r = parse_work(body).unwrap();
        assert_eq!(r.title, "Attention Is All You Need: A Transformer");
        assert_eq!(r.authors, ["Vaswani, Ashish", "Google Brain"]);
        assert_eq!(r.year, Some(2017));
        assert_eq!(r.container.as_deref(), Some("arXiv"));
        assert_eq!(r.kind.as_deref(), Some("Preprint"));
        assert_eq!(r.url, "https://doi.org/10.48550/arxiv.1706.03762");
    }

    #[test]
    fn older_shapes_and_errors() {
        let body = r#"{"data":{"id":"10.5061/DRYAD.8515","attributes":{
            "titles":[{"title":"Data from: A new malaria agent"}],"creators":[],
            "publisher":"Dryad","publicationYear":"2011","container":{"title":"Dryad Digital Repository"}}}}"#;
        let r = parse_work(body).unwrap();
        assert_eq!(r.id, "10.5061/dryad.8515");
        assert_eq!(r.year, Some(2011));
        assert_eq!(r.container.as_deref(), Some("Dryad Digital Repository"));
        let missing = r#"{"errors":[{"status":"404","title":"The resource you are looking for doesn't exist."}]}"#;
        assert!(parse_work(missing).is_none());
        assert_eq!(
            work_url("https://api.datacite.org", "10.5061/dryad.8515"),
            "https://api.datacite.org/dois/10.5061/dryad.8515"
        );
    }
}
