//! A readable copy of a gone page, as the archive lookup hands it to the report.

use serde::{Deserialize, Serialize};

use super::VerdictCode;

/// A readable copy of a cited page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Where to read it.
    pub url: String,
    /// When it was captured (`YYYY-MM-DD`), for an archive snapshot; `None` for a move.
    pub date: Option<String>,
    /// How it was found.
    pub source: SnapshotSource,
    /// The archive that holds it (`Internet Archive`, `Arquivo.pt`...); null for a move.
    #[serde(default)]
    pub archive: Option<String>,
    /// What the copy was found to say when it was read and compared with the citation,
    /// like a live page; null when it was not read.
    #[serde(default)]
    pub checked: Option<SnapshotCheck>,
}

/// A copy read and compared with the citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotCheck {
    /// The verdict the copy earns as a page: `verified`, or `date-mismatch` for the
    /// right work in another version.
    pub verdict: VerdictCode,
    /// Why, in words.
    pub reason: String,
    /// The copy's own title, when it states one.
    pub title: Option<String>,
}

/// How a [`Snapshot`] was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SnapshotSource {
    /// A known move of a whole site section, confirmed by fetching the new address.
    KnownMove,
    /// The Wayback Machine.
    Wayback,
    /// A web archive, through the Memento protocol (RFC 7089).
    Memento,
}

/// An archive lookup as a report states it: so that "no copy" and "could not ask" differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveLookup {
    /// How the lookup ended.
    pub outcome: LookupOutcome,
    /// Why the archive could not be asked, when it could not.
    pub detail: Option<String>,
    /// Captures read and turned down (a soft 404, a login wall, another work), closest
    /// first.
    #[serde(default)]
    pub rejected: Vec<RejectedCapture>,
}

/// A capture that was read and is not the work cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedCapture {
    /// The capture.
    pub url: String,
    /// When it was captured (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The archive.
    pub archive: String,
    /// Why it was turned down.
    pub why: String,
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

/// What `--save-live` did for one live page, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPage {
    /// The page.
    pub url: String,
    /// `saved`, `recent` (a capture younger than the setting exists), `failed`, or
    /// `skipped` (over the run's cap).
    pub outcome: String,
    /// The new capture (or the recent one), when known.
    pub snapshot: Option<String>,
    /// Why it failed, when it did.
    pub detail: Option<String>,
}
