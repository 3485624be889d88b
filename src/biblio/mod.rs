//! Checking citations against bibliographic databases and DOI registries.
//!
//! Two questions a link checker cannot answer: does a work cited without a URL exist,
//! and does a DOI name the work cited? A citation with a DOI (in its URL or its text) is
//! looked up in the DOI's registry: Crossref, then DataCite, then the resolver's handle
//! API, which alone can say that a DOI is registered nowhere. A citation without a URL
//! is searched for by title, authors, year and container in Crossref, OpenAlex and, for
//! books, Open Library; [`rule`] decides whether a record found is the work.
//!
//! Every request goes through the run's [`Fetcher`], so each source gets per-host
//! politeness (see [`politeness`]), `Retry-After`, the on-disk cache and `--offline`
//! like any page. A source that does not answer never makes a work `not-found`: only
//! answers count as absence.

pub mod crossref;
pub mod datacite;
pub mod doi;
pub mod doiorg;
mod judge;
pub mod openalex;
pub mod openlibrary;
mod plan;
pub mod rule;

use std::sync::Arc;
use std::time::Duration;

use crate::fetch::{FetchConfig, Fetcher, HostConfig};
use crate::types::Verdict;
use crate::types::{
    Asked, BiblioLookup, BiblioRecord, BiblioSource, Citation, FetchOutcome, Fetched, SourceAnswer,
};

pub use judge::combine;
pub use plan::{uncovered, Plan, Query};

/// Where each source answers, and who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BiblioConfig {
    /// Crossref's REST API.
    pub crossref: String,
    /// DataCite's REST API.
    pub datacite: String,
    /// The DOI resolver (its handle API says whether a DOI exists).
    pub doi_org: String,
    /// OpenAlex's API.
    pub openalex: String,
    /// Open Library.
    pub openlibrary: String,
    /// A contact address sent to Crossref and OpenAlex, as they ask.
    pub mailto: Option<String>,
    /// An OpenAlex API key, for more than a trial's worth of searches a day.
    pub openalex_key: Option<String>,
    /// The sources asked; the others are skipped.
    pub sources: Vec<BiblioSource>,
}

impl Default for BiblioConfig {
    fn default() -> BiblioConfig {
        BiblioConfig {
            crossref: crossref::DEFAULT_ENDPOINT.to_owned(),
            datacite: datacite::DEFAULT_ENDPOINT.to_owned(),
            doi_org: doiorg::DEFAULT_ENDPOINT.to_owned(),
            openalex: openalex::DEFAULT_ENDPOINT.to_owned(),
            openlibrary: openlibrary::DEFAULT_ENDPOINT.to_owned(),
            mailto: None,
            openalex_key: None,
            sources: BiblioSource::ALL.to_vec(),
        }
    }
}

impl BiblioConfig {
    fn endpoint(&self, source: BiblioSource) -> &str {
        match source {
            BiblioSource::Crossref => &self.crossref,
            BiblioSource::Datacite => &self.datacite,
            BiblioSource::DoiOrg => &self.doi_org,
            BiblioSource::Openalex => &self.openalex,
            BiblioSource::Openlibrary => &self.openlibrary,
        }
    }

    fn uses(&self, source: BiblioSource) -> bool {
        self.sources.contains(&source)
    }
}

/// Each source's own pace, as its documentation asks: Crossref's polite pool allows a
/// few list queries a second with few in flight, OpenAlex ten requests a second, Open
/// Library about one a second; the registries answer single records quickly.
const PACE: [(BiblioSource, Duration, usize); 5] = [
    (BiblioSource::Crossref, Duration::from_millis(350), 2),
    (BiblioSource::Datacite, Duration::from_millis(200), 2),
    (BiblioSource::DoiOrg, Duration::from_millis(200), 2),
    (BiblioSource::Openalex, Duration::from_millis(100), 2),
    (BiblioSource::Openlibrary, Duration::from_secs(1), 1),
];

/// Adds each source's pace to `fetch` for its host, unless the configuration already
/// names that host (a user's `[hosts."api.crossref.org"]` wins). With a `mailto`, the
/// `User-Agent` sent to Crossref and OpenAlex names it too, as their etiquette asks
/// (`citecheck/0.1 (...) (mailto:me@example.org)`), unless the user set that header
/// for the host; other hosts never see the address.
pub fn politeness(fetch: &mut FetchConfig, biblio: &BiblioConfig) {
    for (source, interval, concurrency) in PACE {
        let Some(host) = crate::urls::host(biblio.endpoint(source)) else {
            continue;
        };
        let agent = biblio
            .mailto
            .as_deref()
            .filter(|_| matches!(source, BiblioSource::Crossref | BiblioSource::Openalex))
            .map(|m| format!("{} (mailto:{m})", fetch.user_agent))
            // A header value is visible ASCII; an address that is not stays in the query.
            .filter(|ua| ua.bytes().all(|b| (0x20..0x7f).contains(&b)));
        let settings = match fetch
            .hosts
            .iter_mut()
            .find(|(h, _)| h.eq_ignore_ascii_case(&host))
        {
            Some((_, settings)) => settings,
            None => fetch.hosts.entry(host).or_insert(HostConfig {
                request_interval: Some(interval),
                concurrency: Some(concurrency),
                ..HostConfig::default()
            }),
        };
        if let Some(agent) = agent {
            if !settings
                .headers
                .keys()
                .any(|k| k.eq_ignore_ascii_case("user-agent"))
            {
                settings.headers.insert("user-agent".to_owned(), agent);
            }
        }
    }
}

/// What the bibliographic check of one citation found, and its verdict on that
/// evidence alone (see [`combine`] for a citation whose page was also fetched).
#[derive(Debug, Clone, PartialEq)]
pub struct Looked {
    /// The lookup, for the report.
    pub lookup: BiblioLookup,
    /// The verdict on the bibliographic evidence.
    pub verdict: Verdict,
    /// Where the DOI came from, for a DOI lookup.
    pub origin: Option<doi::Origin>,
    /// True when every source asked failed before any server answered (no route, no
    /// DNS): on a machine without network this is not checked, not unverifiable.
    pub unreachable: bool,
}

/// Looks citations up; build one per run and share it (cloning is cheap).
#[derive(Clone)]
pub struct Biblio {
    fetcher: Fetcher,
    config: Arc<BiblioConfig>,
}

/// One source's answer to one request.
pub(crate) struct Reply {
    pub asked: Asked,
    pub body: Option<String>,
    pub unreachable: bool,
}

impl Biblio {
    /// Looks things up through `fetcher` (its politeness, cache and offline mode apply).
    pub fn new(fetcher: Fetcher, config: BiblioConfig) -> Biblio {
        Biblio {
            fetcher,
            config: Arc::new(config),
        }
    }

    /// Checks `c` as `plan` says.
    pub async fn check(&self, c: &Citation, plan: &Plan) -> Looked {
        let cited = judge::cited(c);
        match plan {
            Plan::Doi { doi, origin } => {
                let mut looked = self.by_doi(c, &cited, doi).await;
                looked.origin = Some(*origin);
                looked
            }
            Plan::Search { query, isbn, book } => {
                self.search(c, &cited, query, isbn.as_deref(), *book).await
            }
        }
    }

    /// The DOI's record: Crossref, else DataCite, else whether doi.org knows it at all.
    async fn by_doi(&self, c: &Citation, cited: &rule::Cited, doi: &str) -> Looked {
        let mut asked = Vec::new();
        let mut unreachable = true;
        let registries = [
            (
                BiblioSource::Crossref,
                crossref::work_url(&self.config.crossref, doi, self.mailto()),
            ),
            (
                BiblioSource::Datacite,
                datacite::work_url(&self.config.datacite, doi),
            ),
        ];
        for (source, url) in registries {
            if !self.config.uses(source) {
                continue;
            }
            let mut reply = self.ask(source, &url).await;
            unreachable &= reply.unreachable;
            let record = reply.body.as_deref().and_then(|b| match source {
                BiblioSource::Crossref => crossref::parse_work(b),
                _ => datacite::parse_work(b),
            });
            if let Some(record) = record {
                reply.asked.answer = SourceAnswer::Matched;
                asked.push(reply.asked);
                return judge::doi_record(c, cited, doi, record, asked);
            }
            if reply.body.is_some() {
                // An answer that is not a record: the registry's problem, not the DOI's.
                reply.asked.answer = SourceAnswer::Failed;
                reply.asked.detail = Some("the answer is not a record".to_owned());
            }
            asked.push(reply.asked);
        }
        let registered = if self.config.uses(BiblioSource::DoiOrg) {
            let url = doiorg::handle_url(&self.config.doi_org, doi);
            let mut reply = self.ask(BiblioSource::DoiOrg, &url).await;
            unreachable &= reply.unreachable;
            let known = match reply.asked.answer {
                SourceAnswer::Unknown => Some(false),
                _ => reply.body.as_deref().and_then(doiorg::registered),
            };
            if reply.asked.answer != SourceAnswer::Unknown {
                reply.asked.answer = match known {
                    Some(true) => SourceAnswer::Matched,
                    Some(false) => SourceAnswer::Unknown,
                    None if reply.body.is_some() => SourceAnswer::Failed,
                    None => reply.asked.answer,
                };
            }
            asked.push(reply.asked);
            known
        } else {
            None
        };
        let mut looked = judge::doi_without_record(doi, registered, asked);
        looked.unreachable = unreachable
            && looked
                .lookup
                .asked
                .iter()
                .all(|a| a.answer == SourceAnswer::Failed);
        looked
    }

    /// A search: the ISBN's record first, then Crossref, OpenAlex and (for books) Open
    /// Library, until one gives the work.
    async fn search(
        &self,
        c: &Citation,
        cited: &rule::Cited,
        query: &Query,
        isbn: Option<&str>,
        book: bool,
    ) -> Looked {
        let mut asked = Vec::new();
        let mut candidates: Vec<BiblioRecord> = Vec::new();
        let mut unreachable = true;
        let mut steps: Vec<(BiblioSource, String)> = Vec::new();
        if let Some(isbn) = isbn {
            steps.push((
                BiblioSource::Openlibrary,
                openlibrary::isbn_url(&self.config.openlibrary, isbn),
            ));
        }
        steps.push((
            BiblioSource::Crossref,
            crossref::search_url(&self.config.crossref, query, self.mailto()),
        ));
        steps.push((
            BiblioSource::Openalex,
            openalex::search_url(
                &self.config.openalex,
                query,
                self.mailto(),
                self.config.openalex_key.as_deref(),
            ),
        ));
        if book || isbn.is_some() {
            steps.push((
                BiblioSource::Openlibrary,
                openlibrary::search_url(&self.config.openlibrary, query),
            ));
        }
        for (source, url) in steps {
            if !self.config.uses(source) {
                continue;
            }
            let mut reply = self.ask(source, &url).await;
            unreachable &= reply.unreachable;
            if reply.asked.answer == SourceAnswer::Unknown {
                // A search that is "not found" is a broken endpoint, not an empty answer.
                reply.asked.answer = SourceAnswer::Failed;
            }
            let records = reply.body.as_deref().and_then(|b| match source {
                BiblioSource::Crossref => crossref::parse_list(b),
                BiblioSource::Openalex => openalex::parse_list(b),
                _ => openlibrary::parse_list(b),
            });
            match records {
                Some(records) => {
                    let assessed: Vec<rule::Assessment> =
                        records.iter().map(|r| rule::assess(cited, r)).collect();
                    let same = assessed.iter().any(|a| a.decision == rule::Decision::Same);
                    reply.asked.answer = if same {
                        SourceAnswer::Matched
                    } else {
                        SourceAnswer::NoMatch
                    };
                    candidates.extend(records);
                    asked.push(reply.asked);
                    // A record that is the work beyond doubt ends the search; a weaker one
                    // (another year, a subtitle dropped) may be a neighbour of the work
                    // that the next source holds.
                    if assessed.iter().any(rule::conclusive) {
                        break;
                    }
                }
                None => {
                    if reply.body.is_some() {
                        reply.asked.answer = SourceAnswer::Failed;
                        reply.asked.detail = Some("the answer is not a list of records".to_owned());
                    }
                    asked.push(reply.asked);
                }
            }
        }
        let mut looked = judge::search(c, cited, query, isbn, candidates, asked);
        looked.unreachable = unreachable
            && looked
                .lookup
                .asked
                .iter()
                .all(|a| a.answer == SourceAnswer::Failed);
        looked
    }

    fn mailto(&self) -> Option<&str> {
        self.config.mailto.as_deref()
    }

    /// One request to one source, through the fetcher.
    async fn ask(&self, source: BiblioSource, url: &str) -> Reply {
        let f: Fetched = self.fetcher.fetch(url).await;
        let (answer, detail) = match f.outcome {
            FetchOutcome::Ok => (SourceAnswer::NoMatch, None),
            FetchOutcome::NotFound => (SourceAnswer::Unknown, None),
            FetchOutcome::NotChecked => (SourceAnswer::NotChecked, f.detail.clone()),
            other => (
                SourceAnswer::Failed,
                Some(match (f.status, &f.detail) {
                    (Some(s), _) => format!("HTTP {s}"),
                    (None, Some(d)) => d.clone(),
                    (None, None) => other.code().to_owned(),
                }),
            ),
        };
        let body = (f.outcome == FetchOutcome::Ok)
            .then(|| f.body.and_then(|b| b.text))
            .flatten();
        let unreachable = f.status.is_none() && f.failure.is_some_and(|x| x.is_unreachable());
        Reply {
            asked: Asked {
                source,
                answer,
                requests: if f.from_cache { 0 } else { f.attempts },
                from_cache: f.from_cache,
                detail,
            },
            body,
            unreachable,
        }
    }
}

/// Drops markup some sources keep in titles (`<i>`, `<sub>`, `<scp>`), decodes the few
/// entities they use, and collapses white space.
pub(crate) fn clean_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let tag_len = after
            .find('>')
            .filter(|n| *n <= 64)
            .filter(|_| {
                let name = after.trim_start_matches('/');
                name.starts_with(|c: char| c.is_ascii_alphabetic())
            })
            .filter(|n| !after[..*n].contains('<'));
        match tag_len {
            Some(n) => rest = &after[n + 1..],
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_dropped() {
        assert_eq!(
            clean_markup("The <i>Drosophila</i>  genome &amp; <sub>2</sub> more"),
            "The Drosophila genome & 2 more"
        );
        assert_eq!(
            clean_markup("p < 0.05 in <scp>rna</scp>"),
            "p < 0.05 in rna"
        );
        assert_eq!(clean_markup("<unclosed"), "<unclosed");
    }

    #[test]
    fn pace_is_added_only_where_the_user_said_nothing() {
        let mut fetch = FetchConfig::default();
        fetch.hosts.insert(
            "API.crossref.org".into(),
            HostConfig {
                request_interval: Some(Duration::from_secs(5)),
                ..HostConfig::default()
            },
        );
        politeness(&mut fetch, &BiblioConfig::default());
        assert_eq!(
            fetch.host_settings("api.crossref.org").0,
            Duration::from_secs(5)
        );
        assert_eq!(
            fetch.host_settings("api.openalex.org"),
            (Duration::from_millis(100), 2)
        );
        assert_eq!(
            fetch.host_settings("openlibrary.org"),
            (Duration::from_secs(1), 1)
        );
        // Without a mailto, no header is added anywhere.
        assert!(fetch.hosts.values().all(|h| h.headers.is_empty()));
    }

    #[test]
    fn the_mailto_goes_in_the_user_agent_of_crossref_and_openalex_only() {
        let mut fetch = FetchConfig {
            user_agent: "citecheck/0.1".into(),
            ..FetchConfig::default()
        };
        fetch.hosts.insert(
            "api.openalex.org".into(),
            HostConfig {
                headers: [("User-Agent".to_owned(), "mine/1".to_owned())].into(),
                ..HostConfig::default()
            },
        );
        let biblio = BiblioConfig {
            mailto: Some("me@example.org".into()),
            ..BiblioConfig::default()
        };
        politeness(&mut fetch, &biblio);
        assert_eq!(
            fetch.hosts["api.crossref.org"].headers["user-agent"],
            "citecheck/0.1 (mailto:me@example.org)"
        );
        // The user's own header for a host wins.
        let openalex = &fetch.hosts["api.openalex.org"].headers;
        assert_eq!(openalex.len(), 1);
        assert_eq!(openalex["User-Agent"], "mine/1");
        for host in ["api.datacite.org", "doi.org", "openlibrary.org"] {
            assert!(fetch.hosts[host].headers.is_empty(), "{host}");
        }
        // An address a header cannot carry stays out of it (the query still has it).
        let mut fetch = FetchConfig::default();
        let biblio = BiblioConfig {
            mailto: Some("mé@example.org".into()),
            ..BiblioConfig::default()
        };
        politeness(&mut fetch, &biblio);
        assert!(fetch.hosts["api.crossref.org"].headers.is_empty());
    }
}
