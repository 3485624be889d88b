//! The data the pipeline hands forward, in one neutral place.
//!
//! Each stage produces one of these and later stages read it: a [`Citation`] from
//! `extract`, a [`Fetched`] from `fetch`, a [`PageMeta`] from `inspect`, a [`Verdict`]
//! from `compare`, a [`Snapshot`] from `archive`, a [`BiblioLookup`] from `biblio`. They live here, not in the stage that
//! makes them, so that a stage depends on data and never on another stage's code.

mod citation;
mod fetched;
mod history;
mod page;
mod record;
mod snapshot;
mod verdict;

pub use crate::text::CharsetSource;
pub use citation::Citation;
pub use fetched::{Body, FetchOutcome, Fetched, PageHeaders, Redirect, TransportFailure};
pub use history::{Drift, HistoryNote};
pub use page::{DateCandidate, DateKind, PageKind, PageMeta, Precision, TitleCandidate};
pub use record::{
    Asked, BiblioLookup, BiblioRecord, BiblioSource, Difference, LookupMethod, SourceAnswer,
};
pub use snapshot::{
    ArchiveLookup, LookupOutcome, RejectedCapture, SavedPage, Snapshot, SnapshotCheck,
    SnapshotSource,
};
pub use verdict::{DateAgreement, DateCheck, Evidence, ScoredTitle, Verdict, VerdictCode};
