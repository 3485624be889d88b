//! The last stage: rendering for people (Markdown) and machines (JSON).
//!
//! Renderers write into whatever `io::Write` they are given (or return a `String` for
//! small reports); only the CLI chooses files. A check's entries stream through them
//! from a [`Spool`] on disk, so no renderer holds a report's citations. Text that came
//! from a document or a web page is untrusted and goes through [`markdown::escape`].

pub mod github;
pub mod human;
pub mod junit;
pub mod markdown;
pub mod merge;
mod records;
mod redact;
pub mod schema;
mod spool;

pub use redact::{redact_passwords, RedactingWriter};
pub use spool::Spool;

use crate::types::Citation;

/// Citations as a pretty JSON array, one object per citation, in document order.
pub fn citations_json(citations: &[Citation]) -> String {
    let out = serde_json::to_string_pretty(citations).unwrap_or_else(|_| "[]".to_string());
    let mut out = redact_passwords(&out).into_owned();
    out.push('\n');
    out
}
