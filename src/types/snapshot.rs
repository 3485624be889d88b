//! A readable copy of a gone page, as the archive lookup hands it to the report.

use serde::{Deserialize, Serialize};

/// A readable copy of a cited page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Where to read it.
    pub url: String,
    /// When it was captured (`YYYY-MM-DD`), for an archive snapshot; `None` for a move.
    pub date: Option<String>,
    /// How it was found.
    pub source: SnapshotSource,
}

/// How a [`Snapshot`] was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SnapshotSource {
    /// A known move of a whole site section, confirmed by fetching the new address.
    KnownMove,
    /// The Wayback Machine.
    Wayback,
}

/// An archive lookup as a report states it: so that "no copy" and "could not ask" differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveLookup {
    /// How the lookup ended.
    pub outcome: LookupOutcome,
    /// Why the archive could not be asked, when it could not.
    pub detail: Option<String>,
}

/// How an archive lookup ended. Stable kebab-case codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LookupOutcome {
    /// A readable copy was found.
    Found,
    /// The archive holds no readable copy.
    None,
    /// The archive did not answer usably (network, timeout, refusal, server error).
    Unreachable,
}
