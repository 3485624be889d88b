//! The last stage: rendering for people (Markdown) and machines (JSON).
//!
//! Renderers write into whatever `io::Write` they are given (or return a `String` for
//! small reports); only the CLI chooses files. A check's entries stream through them
//! from a [`Spool`] on disk, so no renderer holds a report's citations. Text that came
//! from a document or a web page is untrusted and goes through [`markdown::escape`].

pub mod card;
mod entry;
pub mod github;
pub mod human;
pub mod junit;
pub mod markdown;
pub mod merge;
mod redact;
pub mod schema;
mod spool;

pub use redact::{redact_passwords, to_json, write_json};
pub use spool::Spool;

use crate::types::Citation;

/// Citations as a pretty JSON array, one object per citation, in document order.
pub fn citations_json(citations: &[Citation]) -> String {
    to_json(citations).unwrap_or_else(|_| "[]\n".to_owned())
}
