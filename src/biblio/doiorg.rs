//! The DOI resolver's handle API, `/api/handles/{doi}`: whether a DOI is registered at
//! all, with any registration agency (Crossref and DataCite, but also mEDRA, JaLC, KISTI,
//! CNKI's and others whose metadata we do not read).
//!
//! A registered DOI answers 200 with `{"responseCode": 1, "handle": ..., "values":
//! [...]}`; an unknown one 404 with `{"responseCode": 100}`. Only this answer makes a
//! DOI unknown: the metadata registries each know only their own DOIs.

use serde::Deserialize;

use super::doi::path_segment;

/// The public endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://doi.org";

/// The URL that says whether `doi` is registered.
pub fn handle_url(endpoint: &str, doi: &str) -> String {
    format!(
        "{}/api/handles/{}?type=URL",
        endpoint.trim_end_matches('/'),
        path_segment(doi)
    )
}

#[derive(Deserialize)]
struct SourceAnswer {
    #[serde(rename = "responseCode")]
    code: i64,
}

/// `Some(true)` for a registered DOI, `Some(false)` for an unknown one, `None` when the
/// answer says neither.
pub fn registered(body: &str) -> Option<bool> {
    let a: SourceAnswer = serde_json::from_str(body).ok()?;
    match a.code {
        1 => Some(true),
        100 => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers() {
        assert_eq!(
            registered(
                r#"{"responseCode":1,"handle":"10.1000/182","values":[{"index":1,"type":"URL","data":{"format":"string","value":"https://www.doi.org/"}}]}"#
            ),
            Some(true)
        );
        assert_eq!(
            registered(r#"{"responseCode":100,"handle":"10.1000/nope"}"#),
            Some(false)
        );
        assert_eq!(registered(r#"{"responseCode":2}"#), None);
        assert_eq!(registered("<html>"), None);
        assert_eq!(
            handle_url("https://doi.org", "10.1000/182"),
            "https://doi.org/api/handles/10.1000/182?type=URL"
        );
    }
}
