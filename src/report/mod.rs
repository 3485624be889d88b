//! The last stage: rendering for people (Markdown) and machines (JSON).
//!
//! Every renderer returns a `String`; only the CLI writes it anywhere. Text that came
//! from a document or a web page is untrusted and goes through [`markdown::escape`].

pub mod markdown;

use crate::extract::Citation;

/// Citations as a pretty JSON array, one object per citation, in document order.
pub fn citations_json(citations: &[Citation]) -> String {
    let mut out = serde_json::to_string_pretty(citations).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}
