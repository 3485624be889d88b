//! A local stand-in for the bibliographic databases: Crossref, DataCite, doi.org's handle
//! API, OpenAlex and Open Library, each answering in its documented JSON shape from one
//! list of works, served from one loopback server that routes by the `Host` header.
//!
//! Like the real ones, its searches always return something: the works that share the
//! most words with the query, best first, near neighbours included. Whether one of them
//! is the cited work is for citecheck's rule to decide.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Which databases hold a work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Crossref,
    Datacite,
    Openalex,
    Openlibrary,
}

/// A work as the databases hold it.
#[derive(Debug, Clone)]
pub struct Work {
    pub doi: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    /// (given, family); an empty family is an organisation named by `given`.
    pub authors: Vec<(String, String)>,
    pub year: u16,
    pub container: Option<String>,
    pub kind: &'static str,
    pub isbn: Option<String>,
    pub held_by: Vec<Db>,
}

impl Work {
    /// A journal article in Crossref and OpenAlex.
    pub fn article(
        doi: &str,
        title: &str,
        authors: &[(&str, &str)],
        year: u16,
        journal: &str,
    ) -> Work {
        Work {
            doi: Some(doi.to_owned()),
            title: title.to_owned(),
            subtitle: None,
            authors: authors
                .iter()
                .map(|(g, f)| ((*g).to_owned(), (*f).to_owned()))
                .collect(),
            year,
            container: Some(journal.to_owned()),
            kind: "journal-article",
            isbn: None,
            held_by: vec![Db::Crossref, Db::Openalex],
        }
    }

    /// A book in OpenAlex and Open Library (and Crossref, with a DOI).
    pub fn book(
        title: &str,
        subtitle: Option<&str>,
        authors: &[(&str, &str)],
        year: u16,
        publisher: &str,
    ) -> Work {
        Work {
            doi: None,
            title: title.to_owned(),
            subtitle: subtitle.map(str::to_owned),
            authors: authors
                .iter()
                .map(|(g, f)| ((*g).to_owned(), (*f).to_owned()))
                .collect(),
            year,
            container: Some(publisher.to_owned()),
            kind: "book",
            isbn: None,
            held_by: vec![Db::Openalex, Db::Openlibrary],
        }
    }

    fn full_title(&self) -> String {
        match &self.subtitle {
            Some(s) => format!("{}: {s}", self.title),
            None => self.title.clone(),
        }
    }

    fn words(&self) -> Vec<String> {
        let mut text = self.full_title();
        for (g, f) in &self.authors {
            text.push_str(&format!(" {g} {f}"));
        }
        text.push_str(&format!(" {}", self.year));
        if let Some(c) = &self.container {
            text.push_str(&format!(" {c}"));
        }
        words(&text)
    }

    fn crossref(&self) -> Value {
        json!({
            "DOI": self.doi.clone().unwrap_or_default(),
            "type": self.kind,
            "title": [self.title],
            "subtitle": self.subtitle.iter().collect::<Vec<_>>(),
            "author": self.authors.iter().map(|(g, f)| if f.is_empty() {
                json!({"name": g, "sequence": "first", "affiliation": []})
            } else {
                json!({"given": g, "family": f, "sequence": "additional", "affiliation": []})
            }).collect::<Vec<_>>(),
            "container-title": self.container.iter().collect::<Vec<_>>(),
            "issued": {"date-parts": [[self.year]]},
            "published-print": {"date-parts": [[self.year, 3]]},
            "publisher": "Informa UK Limited",
            "score": 42.5,
        })
    }

    fn datacite(&self) -> Value {
        json!({"data": {"id": self.doi, "type": "dois", "attributes": {
            "doi": self.doi,
            "titles": [{"title": self.full_title()}],
            "creators": self.authors.iter().map(|(g, f)| json!({
                "name": format!("{f}, {g}"), "givenName": g, "familyName": f, "nameType": "Personal"
            })).collect::<Vec<_>>(),
            "publisher": {"name": self.container.clone().unwrap_or_default()},
            "container": {},
            "publicationYear": self.year,
            "types": {"resourceTypeGeneral": "Preprint"},
        }}})
    }

    fn openalex(&self, i: usize) -> Value {
        json!({
            "id": format!("https://openalex.org/W{}", 1000 + i),
            "doi": self.doi.as_ref().map(|d| format!("https://doi.org/{d}")),
            "display_name": self.full_title(),
            "publication_year": self.year,
            "type": if self.kind == "book" { "book" } else { "article" },
            "authorships": self.authors.iter().map(|(g, f)| json!({
                "author_position": "middle",
                "author": {"id": "https://openalex.org/A1", "display_name": format!("{g} {f}").trim()},
                "raw_author_name": format!("{g} {f}").trim(),
            })).collect::<Vec<_>>(),
            "primary_location": {"source": self.container.as_ref().map(|c| json!({"display_name": c, "type": "journal"}))},
        })
    }

    fn openlibrary(&self, i: usize) -> Value {
        json!({
            "key": format!("/works/OL{}W", 2000 + i),
            "title": self.title,
            "subtitle": self.subtitle,
            "author_name": self.authors.iter().map(|(g, f)| format!("{g} {f}").trim().to_owned()).collect::<Vec<_>>(),
            "first_publish_year": self.year,
            "publish_year": [self.year, self.year + 2],
            "publisher": self.container.iter().collect::<Vec<_>>(),
        })
    }
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The databases.
#[derive(Clone)]
pub struct BibDb {
    works: Arc<Vec<Work>>,
    /// Hosts that answer 503 to everything.
    down: Arc<Mutex<HashSet<String>>>,
    hits: Arc<Mutex<Vec<(String, String)>>>,
    /// (host, User-Agent) of every request.
    agents: Arc<Mutex<Vec<(String, String)>>>,
}

impl BibDb {
    pub fn new(works: Vec<Work>) -> BibDb {
        BibDb {
            works: Arc::new(works),
            down: Arc::default(),
            hits: Arc::default(),
            agents: Arc::default(),
        }
    }

    /// Serves it on 127.0.0.1.
    pub async fn start(self) -> (MockServer, BibDb) {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(self.clone())
            .mount(&server)
            .await;
        (server, self)
    }

    /// Makes `host` answer 503 from now on.
    pub fn take_down(&self, host: &str) {
        self.down.lock().unwrap().insert(host.to_owned());
    }

    /// Every request as (host, path with query), in arrival order.
    pub fn hits(&self) -> Vec<(String, String)> {
        self.hits.lock().unwrap().clone()
    }

    /// The `User-Agent` of every request, as (host, agent), in arrival order.
    pub fn agents(&self) -> Vec<(String, String)> {
        self.agents.lock().unwrap().clone()
    }

    /// Requests per host.
    pub fn count(&self, host: &str) -> usize {
        self.hits().iter().filter(|(h, _)| h == host).count()
    }

    fn ranked(&self, db: Db, query: &str) -> Vec<(usize, &Work)> {
        let q: HashSet<String> = words(query).into_iter().collect();
        let mut scored: Vec<(usize, usize, &Work)> = self
            .works
            .iter()
            .enumerate()
            .filter(|(_, w)| w.held_by.contains(&db))
            .map(|(i, w)| (w.words().iter().filter(|x| q.contains(*x)).count(), i, w))
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(5).map(|(_, i, w)| (i, w)).collect()
    }

    fn by_doi(&self, db: Db, doi: &str) -> Option<(usize, &Work)> {
        self.works.iter().enumerate().find(|(_, w)| {
            w.held_by.contains(&db)
                && w.doi
                    .as_deref()
                    .is_some_and(|d| d.eq_ignore_ascii_case(doi))
        })
    }
}

fn json_response(status: u16, body: &Value, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), content_type)
}

impl Respond for BibDb {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let host = req
            .headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .split(':')
            .next()
            .unwrap_or_default()
            .to_owned();
        let path = percent(req.url.path());
        let q = |k: &str| {
            req.url
                .query_pairs()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let full = match req.url.query() {
            Some(query) => format!("{path}?{query}"),
            None => path.clone(),
        };
        self.hits.lock().unwrap().push((host.clone(), full));
        let agent = req
            .headers
            .get("user-agent")
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        self.agents.lock().unwrap().push((host.clone(), agent));
        if self.down.lock().unwrap().contains(&host) {
            return ResponseTemplate::new(503).set_body_string("Service Unavailable");
        }
        match host.as_str() {
            "api.crossref.org" => {
                if let Some(doi) = path.strip_prefix("/works/") {
                    return match self.by_doi(Db::Crossref, doi) {
                        Some((_, w)) => json_response(
                            200,
                            &json!({"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": w.crossref()}),
                            "application/json",
                        ),
                        None => ResponseTemplate::new(404).set_body_string("Resource not found."),
                    };
                }
                let items: Vec<Value> = self
                    .ranked(Db::Crossref, &q("query.bibliographic"))
                    .into_iter()
                    .map(|(_, w)| w.crossref())
                    .collect();
                json_response(
                    200,
                    &json!({"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                        "message": {"facets": {}, "total-results": 1_000_000, "items": items, "items-per-page": 5,
                                    "query": {"start-index": 0, "search-terms": null}}}),
                    "application/json",
                )
            }
            "api.datacite.org" => {
                let doi = path.strip_prefix("/dois/").unwrap_or_default();
                match self.by_doi(Db::Datacite, doi) {
                    Some((_, w)) => json_response(200, &w.datacite(), "application/vnd.api+json"),
                    None => json_response(
                        404,
                        &json!({"errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]}),
                        "application/vnd.api+json",
                    ),
                }
            }
            "doi.org" => {
                let doi = path.strip_prefix("/api/handles/").unwrap_or_default();
                let known = self.works.iter().any(|w| {
                    w.doi
                        .as_deref()
                        .is_some_and(|d| d.eq_ignore_ascii_case(doi))
                });
                if known {
                    json_response(
                        200,
                        &json!({"responseCode": 1, "handle": doi, "values": []}),
                        "application/json",
                    )
                } else {
                    json_response(
                        404,
                        &json!({"responseCode": 100, "handle": doi}),
                        "application/json",
                    )
                }
            }
            "api.openalex.org" => {
                let results: Vec<Value> = self
                    .ranked(Db::Openalex, &q("search"))
                    .into_iter()
                    .map(|(i, w)| w.openalex(i))
                    .collect();
                json_response(
                    200,
                    &json!({"meta": {"count": results.len(), "db_response_time_ms": 12, "page": 1, "per_page": 5}, "results": results}),
                    "application/json",
                )
            }
            "openlibrary.org" => {
                let isbn = q("q").strip_prefix("isbn:").map(str::to_owned);
                let docs: Vec<Value> = match isbn {
                    Some(isbn) => self
                        .works
                        .iter()
                        .enumerate()
                        .filter(|(_, w)| {
                            w.held_by.contains(&Db::Openlibrary)
                                && w.isbn.as_deref() == Some(isbn.as_str())
                        })
                        .map(|(i, w)| w.openlibrary(i))
                        .collect(),
                    None => self
                        .ranked(Db::Openlibrary, &q("title"))
                        .into_iter()
                        .map(|(i, w)| w.openlibrary(i))
                        .collect(),
                };
                json_response(
                    200,
                    &json!({"numFound": docs.len(), "start": 0, "numFoundExact": true, "docs": docs}),
                    "application/json",
                )
            }
            _ => ResponseTemplate::new(404).set_body_string("no such host"),
        }
    }
}

fn percent(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(v) = u8::from_str_radix(&path[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
