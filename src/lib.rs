//! citecheck reads a document's footnotes, fetches every cited URL politely, checks that
//! the page still says what the footnote claims, and writes a reliability report.
//!
//! The pipeline has one module per stage, each handing one type forward:
//! [`extract`] (document → [`Citation`]), [`fetch`] (URL → [`types::Fetched`]),
//! [`inspect`] (page → [`types::PageMeta`]), [`compare`] (→ [`types::Verdict`]) and
//! [`report`]. The types they hand forward live in the neutral [`types`] module, and the
//! helpers several stages share in [`date`], [`text`] and [`urls`], so that no stage
//! depends on another stage's code for its data.
//!
//! ```
//! use citecheck::extract::{extract, Format};
//!
//! let text = "Body text.[1]\n[1] U.S. Department of State, “United States-India Relations,” \
//!             November 9, 2023, https://\n\nwww.state.gov/united-states-india-relations/.\n";
//! let citations = extract("doc.txt", text, Format::PdfText);
//! assert_eq!(citations[0].url.as_deref(), Some("https://www.state.gov/united-states-india-relations/"));
//! ```

#![deny(missing_docs)]

pub mod archive;
pub mod biblio;
pub mod check;
pub mod compare;
pub mod config;
pub mod date;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod fix;
pub mod history;
pub mod inspect;
pub mod report;
pub mod shard;
pub mod text;
pub mod types;
pub mod urls;

pub use error::Error;
pub use types::Citation;

/// Locks `m`, ignoring poisoning: every lock here guards data that a panicking holder
/// leaves whole (a single assignment or append), and the panic itself is raised again
/// where its task is joined.
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
