//! `[biblio]` in `citations.toml`: which bibliographic sources to ask, where, and as whom.

use serde::Deserialize;

use super::Config;
use crate::biblio::BiblioConfig;
use crate::types::BiblioSource;

/// `[biblio]`: every key optional.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBiblio {
    /// Look up citations with a DOI or without a URL (default true).
    pub enabled: Option<bool>,
    /// A contact address Crossref and OpenAlex ask clients to send.
    pub mailto: Option<String>,
    /// The sources asked (default all).
    pub sources: Option<Vec<BiblioSource>>,
    /// Crossref's REST API.
    pub crossref_endpoint: Option<String>,
    /// DataCite's REST API.
    pub datacite_endpoint: Option<String>,
    /// The DOI resolver, whose handle API says whether a DOI exists.
    pub doi_endpoint: Option<String>,
    /// OpenAlex's API.
    pub openalex_endpoint: Option<String>,
    /// Open Library.
    pub openlibrary_endpoint: Option<String>,
    /// An OpenAlex API key.
    pub openalex_api_key: Option<String>,
}

impl Config {
    /// The bibliographic lookup settings, or `None` when `[biblio] enabled = false`.
    pub fn biblio_config(&self) -> Option<BiblioConfig> {
        let raw = self.file.biblio.clone().unwrap_or_default();
        if raw.enabled == Some(false) {
            return None;
        }
        let d = BiblioConfig::default();
        let nonempty = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        Some(BiblioConfig {
            crossref: raw.crossref_endpoint.unwrap_or(d.crossref),
            datacite: raw.datacite_endpoint.unwrap_or(d.datacite),
            doi_org: raw.doi_endpoint.unwrap_or(d.doi_org),
            openalex: raw.openalex_endpoint.unwrap_or(d.openalex),
            openlibrary: raw.openlibrary_endpoint.unwrap_or(d.openlibrary),
            mailto: nonempty(raw.mailto),
            openalex_key: nonempty(raw.openalex_api_key),
            sources: raw.sources.unwrap_or(d.sources),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn keys_and_defaults() {
        let c = Config::parse("", "x", PathBuf::new()).unwrap();
        assert_eq!(c.biblio_config(), Some(BiblioConfig::default()));
        let c = Config::parse(
            "[biblio]\nmailto = \"me@example.org\"\nsources = [\"crossref\", \"doi-org\"]\n\
             crossref_endpoint = \"http://127.0.0.1:9/\"\n",
            "x",
            PathBuf::new(),
        )
        .unwrap();
        let b = c.biblio_config().unwrap();
        assert_eq!(b.mailto.as_deref(), Some("me@example.org"));
        assert_eq!(b.sources, [BiblioSource::Crossref, BiblioSource::DoiOrg]);
        assert_eq!(b.crossref, "http://127.0.0.1:9/");
        let off = Config::parse("[biblio]\nenabled = false\n", "x", PathBuf::new()).unwrap();
        assert_eq!(off.biblio_config(), None);
        let err = Config::parse(
            "[biblio]\nmail_to = \"x\"\n",
            "citations.toml",
            PathBuf::new(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("citations.toml:2:1: unknown field `mail_to`"),
            "{err}"
        );
        let err = Config::parse("[biblio]\nsources = [\"scholar\"]\n", "c", PathBuf::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown variant `scholar`"), "{err}");
    }
}
