//! The last stage: rendering for people (Markdown) and machines (JSON).
//!
//! Every renderer returns a `String`; only the CLI writes it anywhere. Text that came
//! from a document or a web page is untrusted and goes through [`markdown::escape`].

pub mod markdown;
mod redact;

pub use redact::redact_passwords;

use crate::extract::Citation;
use crate::fetch::{FetchOutcome, FetchRun, PageHeaders, Redirect, TransportFailure};

/// Citations as a pretty JSON array, one object per citation, in document order.
pub fn citations_json(citations: &[Citation]) -> String {
    let out = serde_json::to_string_pretty(citations).unwrap_or_else(|_| "[]".to_string());
    let mut out = redact_passwords(&out).into_owned();
    out.push('\n');
    out
}

/// The fetch stage's records as pretty JSON, sorted by URL, without bodies and timings:
/// what was learned, not how long it took, so that reruns compare equal. Serialized
/// straight from the records, because a run may hold tens of thousands.
pub fn fetch_json(run: &FetchRun) -> String {
    #[derive(serde::Serialize)]
    struct Record<'a> {
        url: &'a str,
        remapped: Option<&'a str>,
        final_url: &'a str,
        status: Option<u16>,
        redirects: &'a [Redirect],
        outcome: FetchOutcome,
        failure: Option<TransportFailure>,
        detail: Option<&'a str>,
        content_type: Option<&'a str>,
        headers: &'a PageHeaders,
        attempts: u32,
        from_cache: bool,
    }
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        network_unreachable: bool,
        interrupted: bool,
        results: Vec<Record<'a>>,
    }
    let doc = Doc {
        network_unreachable: run.network_unreachable,
        interrupted: run.interrupted,
        results: run
            .results
            .iter()
            .map(|f| Record {
                url: &f.url,
                remapped: f.remapped.as_deref(),
                final_url: &f.final_url,
                status: f.status,
                redirects: &f.redirects,
                outcome: f.outcome,
                failure: f.failure,
                detail: f.detail.as_deref(),
                content_type: f.content_type.as_deref(),
                headers: &f.headers,
                attempts: f.attempts,
                from_cache: f.from_cache,
            })
            .collect(),
    };
    let out = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    let mut out = redact_passwords(&out).into_owned();
    out.push('\n');
    out
}
