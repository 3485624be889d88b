//! Where a gone page can still be read: known site moves, then the web archives, each
//! copy read and compared with the citation before it is offered.
//!
//! Wikipedia's InternetArchiveBot writes into articles the Wayback capture closest before
//! the access date with status 200, without looking at it, so captured "page not found"
//! pages and login walls end up in print. Here, in order of trust:
//!
//! 1. **Known moves** ([`known_move`]): whole sites archived under a new host with their
//!    paths intact; the moved page is fetched and compared with the citation.
//! 2. **Memento** (RFC 7089): the TimeMap of every configured archive (Internet Archive,
//!    archive.today, Library of Congress, Arquivo.pt, UK Web Archive, Perma.cc, and an
//!    aggregator if configured), or its TimeGate with `Accept-Datetime` when the TimeMap
//!    cannot be had. The captures are tried closest before the citation's access date
//!    first (else its publication date, else the document's), then the earliest after;
//!    each is fetched, inspected and compared like a live page, and the first that is the
//!    work cited is offered. A soft 404, a bot wall or another work is turned down, and
//!    the report says so.
//!
//! Every request goes through the run's [`Fetcher`], so the archives get the same
//! per-host politeness, `Retry-After` handling and cache as the cited sites: archive.org
//! blocks clients that ignore its 429s.

pub mod memento;
mod moves;
pub mod save;
mod sources;
mod validate;

use std::sync::Arc;

use tokio::task::JoinSet;

use crate::date::{days_from_civil, days_in_month, PartialDate};
use crate::fetch::{Ask, Fetcher};
use crate::types::{
    Citation, FetchOutcome, Fetched, PageMeta, RejectedCapture, Verdict, VerdictCode,
};
use memento::Memento;

pub use crate::types::{ArchiveLookup, LookupOutcome, Snapshot, SnapshotSource};
pub use moves::known_move;
pub use sources::{aggregator, known, known_ids, original_of, Source};

/// Captures read at most per URL before giving up: each costs the archive a request.
pub const DEFAULT_MAX_TRIED: usize = 5;

/// Which archives to ask, and how hard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveSettings {
    /// The archives, in order of preference (the order breaks ties between captures of
    /// the same moment).
    pub sources: Vec<Source>,
    /// Captures read at most per URL.
    pub max_tried: usize,
}

impl Default for ArchiveSettings {
    fn default() -> ArchiveSettings {
        ArchiveSettings {
            sources: known_ids().into_iter().filter_map(known).collect(),
            max_tried: DEFAULT_MAX_TRIED,
        }
    }
}

/// What one lookup came to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookup {
    /// The copy offered, read and found to be the work cited.
    pub snapshot: Option<Snapshot>,
    /// Captures read and turned down, in the order tried.
    pub rejected: Vec<RejectedCapture>,
    /// Archives that could not be asked, and why.
    pub failures: Vec<String>,
    /// True when at least one archive answered (with captures or with none).
    pub answered: bool,
}

impl Lookup {
    /// The copy, when one was found.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    /// The lookup as a report states it.
    pub fn report(&self) -> ArchiveLookup {
        let outcome = if self.snapshot.is_some() {
            LookupOutcome::Found
        } else if self.answered {
            LookupOutcome::None
        } else {
            LookupOutcome::Unreachable
        };
        let detail = (outcome == LookupOutcome::Unreachable || !self.failures.is_empty())
            .then(|| self.failures.join("; "))
            .filter(|d| !d.is_empty());
        ArchiveLookup {
            outcome,
            detail,
            rejected: self.rejected.clone(),
        }
    }
}

/// How a page is judged against a citation: what it says about itself, and the verdict.
/// The archive stage reads copies but leaves judging to the inspect and compare stages,
/// which the caller joins here, so that a copy is judged exactly as a live page is.
pub type Judge = Arc<dyn Fn(&Citation, &Fetched) -> (PageMeta, Verdict) + Send + Sync>;

/// Finds copies of gone pages that are still the work cited.
#[derive(Clone)]
pub struct Archive {
    fetcher: Fetcher,
    settings: Arc<ArchiveSettings>,
    judge: Judge,
}

/// A capture and the archive that lists it.
#[derive(Debug, Clone)]
struct Candidate {
    memento: Memento,
    source: usize,
}

impl Archive {
    /// Looks things up through `fetcher` (its politeness, cache and remap rules apply),
    /// and judges each copy with `judge`.
    pub fn new(fetcher: Fetcher, judge: Judge, settings: ArchiveSettings) -> Archive {
        Archive {
            fetcher,
            settings: Arc::new(settings),
            judge,
        }
    }

    /// A copy of what `citation` cites, as of its access date (else its publication
    /// date, else `document_date`): a known move that is still the work, else the
    /// closest capture that is.
    pub async fn find(&self, citation: &Citation, document_date: Option<PartialDate>) -> Lookup {
        let Some(url) = citation.url.as_deref() else {
            return Lookup::default();
        };
        if let Some(found) = self.moved(citation, url).await {
            return Lookup {
                snapshot: Some(found),
                answered: true,
                ..Lookup::default()
            };
        }
        let when = citation.accessed.or(citation.date).or(document_date);
        let target = when.map_or(i64::MAX, end_of);
        let (candidates, mut lookup) = self.captures(url, target).await;
        for c in candidates.iter().take(self.settings.max_tried) {
            let Some(source) = self.settings.sources.get(c.source) else {
                continue;
            };
            match validate::check(&self.fetcher, &self.judge, citation, source, &c.memento).await {
                Ok(snapshot) => {
                    lookup.snapshot = Some(snapshot);
                    break;
                }
                Err(rejected) => lookup.rejected.push(rejected),
            }
        }
        lookup
    }

    /// The moved address of `url`, when a known move covers it and the moved page is
    /// the work cited.
    async fn moved(&self, citation: &Citation, url: &str) -> Option<Snapshot> {
        let moved = known_move(url, citation.date.or(citation.accessed))?;
        let page = self.fetcher.fetch(&moved).await;
        if page.outcome != FetchOutcome::Ok {
            return None;
        }
        let (meta, verdict) = (self.judge)(citation, &page);
        if !matches!(
            verdict.verdict,
            VerdictCode::Verified | VerdictCode::DateMismatch
        ) {
            return None;
        }
        // The public address, not where a remap rule or mirror sent the request.
        let url = if page.is_redirected() && page.remapped.is_none() {
            page.final_url.clone()
        } else {
            moved
        };
        Some(Snapshot {
            url,
            date: None,
            source: SnapshotSource::KnownMove,
            archive: None,
            checked: Some(crate::types::SnapshotCheck {
                verdict: verdict.verdict,
                reason: verdict.reason,
                title: meta.title,
            }),
        })
    }

    /// Every archive's captures of `url`, in the order to try them around `target`.
    async fn captures(&self, url: &str, target: i64) -> (Vec<Candidate>, Lookup) {
        let mut tasks = JoinSet::new();
        for (i, source) in self.settings.sources.iter().enumerate() {
            let (fetcher, source, url) = (self.fetcher.clone(), source.clone(), url.to_owned());
            tasks.spawn(async move { (i, listed(&fetcher, &source, &url, target).await) });
        }
        let mut lookup = Lookup::default();
        let mut found: Vec<Candidate> = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok((i, Ok(mementos))) => {
                    lookup.answered = true;
                    found.extend(
                        mementos
                            .into_iter()
                            .map(|memento| Candidate { memento, source: i }),
                    );
                }
                Ok((i, Err(why))) => {
                    let name = self.settings.sources.get(i).map_or("", |s| s.name.as_str());
                    lookup.failures.push(format!("{name}: {why}"));
                }
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(_) => {}
            }
        }
        lookup.failures.sort();
        (order(found, target), lookup)
    }
}

/// The captures `source` lists for `url`: its TimeMap, else what its TimeGate answers
/// for `target`. `Err` says why the archive could not be asked.
async fn listed(
    fetcher: &Fetcher,
    source: &Source,
    url: &str,
    target: i64,
) -> Result<Vec<Memento>, String> {
    let map = fetcher.fetch(&source.timemap_of(url)).await;
    match map.outcome {
        FetchOutcome::Ok => {
            let text = map
                .body
                .as_ref()
                .and_then(|b| b.text.as_deref())
                .unwrap_or("");
            // An HTML page served with 200 (a block page, a search form) has `<...>` too,
            // but no link with a `rel`: it is no answer, and the TimeGate is asked.
            let links = memento::parse_links(text);
            if links.iter().any(|l| l.param("rel").is_some()) || text.trim().is_empty() {
                return Ok(memento::mementos(text));
            }
        }
        // No capture of this URL: the archive answered.
        FetchOutcome::NotFound => return Ok(Vec::new()),
        _ => {}
    }
    let Some(gate) = source.timegate_of(url) else {
        return Err(failed("TimeMap", &map));
    };
    let ask = Ask {
        headers: vec![(
            "Accept-Datetime".to_owned(),
            memento::http_date(target.min(4_102_444_800)),
        )],
        fresh: false,
    };
    let page = fetcher.fetch_with(&gate, &ask).await;
    match (page.outcome, page.headers.memento_datetime.as_deref()) {
        (FetchOutcome::Ok, Some(stamp)) => Ok(memento::parse_http_date(stamp)
            .map(|at| Memento {
                url: page.final_url.clone(),
                at,
            })
            .into_iter()
            .collect()),
        (FetchOutcome::NotFound, _) => Ok(Vec::new()),
        _ => Err(format!(
            "{}; {}",
            failed("TimeMap", &map),
            failed("TimeGate", &page)
        )),
    }
}

fn failed(what: &str, f: &crate::types::Fetched) -> String {
    let status = f.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
    let outcome = if f.outcome == FetchOutcome::Ok {
        "an answer that is not a TimeMap"
    } else {
        f.outcome.code()
    };
    format!("the {what} gave {outcome}{status}")
}

/// Captures at or before `target`, closest first, then those after it, earliest first;
/// a capture listed twice (an aggregator and its archive) once.
fn order(mut found: Vec<Candidate>, target: i64) -> Vec<Candidate> {
    found.sort_by_key(|c| {
        let before = c.memento.at <= target;
        let distance = (i128::from(target) - i128::from(c.memento.at)).abs();
        (!before, distance, c.source)
    });
    let mut seen = std::collections::HashSet::new();
    found.retain(|c| seen.insert(c.memento.url.clone()));
    found
}

/// The last second of the period a date names (the day, the month or the year), as a
/// Unix time: an author who accessed a page "in June 2023" may have seen any capture of
/// that month.
pub fn end_of(d: PartialDate) -> i64 {
    let month = d.month.unwrap_or(12);
    let day = d.day.unwrap_or_else(|| days_in_month(d.year, month));
    (days_from_civil(i64::from(d.year), month, day) + 1) * 86_400 - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(at: i64, source: usize, url: &str) -> Candidate {
        Candidate {
            memento: Memento {
                url: url.to_owned(),
                at,
            },
            source,
        }
    }

    #[test]
    fn closest_before_first_then_earliest_after() {
        let found = vec![
            candidate(100, 0, "a"),
            candidate(900, 0, "b"),
            candidate(400, 1, "c"),
            candidate(600, 0, "d"),
            candidate(450, 0, "e"),
            candidate(400, 0, "f"),
            candidate(400, 2, "c"),
        ];
        let urls: Vec<String> = order(found, 500)
            .into_iter()
            .map(|c| c.memento.url)
            .collect();
        assert_eq!(urls, ["e", "f", "c", "a", "d", "b"]);
    }

    #[test]
    fn the_end_of_a_day_a_month_a_year() {
        let d = |s: &str| PartialDate::parse_iso(s).unwrap();
        assert_eq!(end_of(d("1970-01-01")), 86_399);
        assert_eq!(end_of(d("2024-02")), end_of(d("2024-02-29")));
        assert_eq!(end_of(d("2023")), end_of(d("2023-12-31")));
    }

    #[test]
    fn a_lookup_says_found_none_or_unreachable() {
        let mut l = Lookup::default();
        assert_eq!(l.report().outcome, LookupOutcome::Unreachable);
        l.answered = true;
        assert_eq!(l.report().outcome, LookupOutcome::None);
        l.failures.push("Perma.cc: the TimeMap gave timeout".into());
        assert_eq!(
            l.report().detail.as_deref(),
            Some("Perma.cc: the TimeMap gave timeout")
        );
    }
}
