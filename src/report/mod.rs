//! The last stage: rendering for people (Markdown) and machines (JSON).
//!
//! Every renderer returns a `String`; only the CLI writes it anywhere. Text that came
//! from a document or a web page is untrusted and goes through [`markdown::escape`].

pub mod github;
pub mod human;
pub mod junit;
pub mod markdown;
mod redact;
pub mod schema;

pub use redact::{redact_passwords, RedactingWriter};

use crate::extract::Citation;

/// Citations as a pretty JSON array, one object per citation, in document order.
pub fn citations_json(citations: &[Citation]) -> String {
    let out = serde_json::to_string_pretty(citations).unwrap_or_else(|_| "[]".to_string());
    let mut out = redact_passwords(&out).into_owned();
    out.push('\n');
    out
}
