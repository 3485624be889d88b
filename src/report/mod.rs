//! The last stage: rendering for people (Markdown) and machines (JSON).
//!
//! Every renderer returns a `String`; only the CLI writes it anywhere. Text that came
//! from a document or a web page is untrusted and goes through [`markdown::escape`].

pub mod markdown;

use crate::extract::Citation;
use crate::fetch::FetchRun;

/// Citations as a pretty JSON array, one object per citation, in document order.
pub fn citations_json(citations: &[Citation]) -> String {
    let mut out = serde_json::to_string_pretty(citations).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// The fetch stage's records as a pretty JSON array, sorted by URL, without bodies and
/// timings: what was learned, not how long it took, so that reruns compare equal.
pub fn fetch_json(run: &FetchRun) -> String {
    let records: Vec<serde_json::Value> = run
        .results
        .iter()
        .filter_map(|f| {
            let mut v = serde_json::to_value(f).ok()?;
            if let Some(map) = v.as_object_mut() {
                map.remove("body");
                map.remove("elapsed_ms");
            }
            Some(v)
        })
        .collect();
    let doc = serde_json::json!({
        "network_unreachable": run.network_unreachable,
        "interrupted": run.interrupted,
        "results": records,
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}
