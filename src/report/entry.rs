//! One citation's entry in `report.json`: the citation, what its fetch found, what the
//! page says, and the verdict. Its own module because both the report ([`super::schema`])
//! and the spool that holds entries during a check ([`super::Spool`]) need it.

use serde::{Deserialize, Serialize};

use crate::types::{
    ArchiveLookup, BiblioLookup, Citation, Evidence, FetchOutcome, Fetched, HistoryNote, PageMeta,
    Redirect, Snapshot, TransportFailure, Verdict, VerdictCode,
};

/// One citation: where it is, what it says, what the web says, and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The citation as extracted.
    #[serde(flatten)]
    pub citation: Citation,
    /// The verdict code.
    pub verdict: VerdictCode,
    /// Why, in words.
    pub reason: String,
    /// What the fetch found; null without a URL.
    pub fetch: Option<FetchInfo>,
    /// What the page says about itself; null when no page was read.
    pub page_meta: Option<PageMeta>,
    /// The title and date comparison.
    pub scores: Evidence,
    /// A readable copy of a dead or unverifiable page, if one was found.
    pub archive: Option<Snapshot>,
    /// How the archive lookup went (found, none, unreachable); null when none was made.
    #[serde(default)]
    pub archive_lookup: Option<ArchiveLookup>,
    /// What earlier runs say about the URL (failing since, flaky, drift); null without a
    /// history or a check to add to it.
    #[serde(default)]
    pub history: Option<HistoryNote>,
    /// True when the finding is in the baseline given with `--baseline`: reported, but
    /// it does not fail the run.
    #[serde(default)]
    pub baselined: bool,
    /// The bibliographic check (by DOI, ISBN or search) and the record found; null when
    /// none was made.
    #[serde(default)]
    pub biblio: Option<BiblioLookup>,
}

/// The fetch of a citation's URL, without body or timing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchInfo {
    /// The transport outcome code.
    pub outcome: FetchOutcome,
    /// The last HTTP status, if any answer came.
    pub status: Option<u16>,
    /// Where the redirects ended.
    pub final_url: String,
    /// The URL actually requested, when a remap rule rewrote it.
    pub remapped: Option<String>,
    /// Each redirect followed.
    pub redirects: Vec<Redirect>,
    /// Why the transport failed, when it did.
    pub failure: Option<TransportFailure>,
    /// The failure in words.
    pub detail: Option<String>,
    /// The `Content-Type` of the last response.
    pub content_type: Option<String>,
    /// Requests sent, retries and redirects included.
    pub attempts: u32,
    /// True when the answer came from the cache.
    pub from_cache: bool,
    /// How old the cached answer was, in seconds; null when fetched in this run.
    #[serde(default)]
    pub cache_age_s: Option<u64>,
}

impl From<&Fetched> for FetchInfo {
    fn from(f: &Fetched) -> FetchInfo {
        FetchInfo {
            outcome: f.outcome,
            status: f.status,
            final_url: f.final_url.clone(),
            remapped: f.remapped.clone(),
            redirects: f.redirects.clone(),
            failure: f.failure,
            detail: f.detail.clone(),
            content_type: f.content_type.clone(),
            attempts: f.attempts,
            from_cache: f.from_cache,
            cache_age_s: f.cache_age_s,
        }
    }
}

impl Entry {
    /// Puts a citation, its fetch, page and verdict together.
    pub fn new(
        citation: Citation,
        fetched: Option<&Fetched>,
        page: Option<PageMeta>,
        verdict: Verdict,
        archive: Option<Snapshot>,
    ) -> Entry {
        Entry {
            citation,
            verdict: verdict.verdict,
            reason: verdict.reason,
            fetch: fetched.map(FetchInfo::from),
            page_meta: page,
            scores: verdict.evidence,
            archive,
            archive_lookup: None,
            history: None,
            baselined: false,
            biblio: None,
        }
    }
}
