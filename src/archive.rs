//! Where a gone page can still be read: known site moves, then the Internet Archive.
//!
//! A dead citation is more useful to an editor with a replacement next to it. Two sources,
//! most trustworthy first:
//!
//! 1. **Known moves**: sites that moved whole sections with their paths intact, such as
//!    the Biden White House (`www.whitehouse.gov` pages of 2021-01-20 to 2025-01-20 now
//!    live at `bidenwhitehouse.archives.gov`). The moved URL is fetched to confirm it.
//! 2. **The Wayback Machine's availability API**
//!    (`/wayback/available?url=U&timestamp=YYYYMMDD`), asking for the snapshot closest to
//!    the cited date. It goes through the same [`Fetcher`] as everything else, so
//!    archive.org gets the same per-host politeness, `Retry-After` handling and caching:
//!    it blocks clients that ignore its 429s.

use serde::Deserialize;

use crate::date::PartialDate;
use crate::fetch::Fetcher;
use crate::types::FetchOutcome;
pub use crate::types::{ArchiveLookup, LookupOutcome, Snapshot, SnapshotSource};

/// The Internet Archive's availability endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://archive.org/wayback/available";

/// What one archive lookup came to: a copy, certainly none, or no answer to go by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A readable copy.
    Found(Snapshot),
    /// The archive answered: it holds no readable copy.
    None,
    /// The archive could not be asked or gave no usable answer; why, in words.
    Unreachable(String),
}

impl Lookup {
    /// The copy, when one was found.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        match self {
            Lookup::Found(s) => Some(s),
            _ => None,
        }
    }

    /// The lookup as a report states it.
    pub fn report(&self) -> ArchiveLookup {
        let (outcome, detail) = match self {
            Lookup::Found(_) => (LookupOutcome::Found, None),
            Lookup::None => (LookupOutcome::None, None),
            Lookup::Unreachable(why) => (LookupOutcome::Unreachable, Some(why.clone())),
        };
        ArchiveLookup { outcome, detail }
    }
}

/// A site section that moved with its paths intact.
struct Move {
    /// The host the pages were cited on.
    host: &'static str,
    /// The first and last day the old host served these pages (inclusive).
    from: (u16, u8, u8),
    until: (u16, u8, u8),
    /// Where they live now.
    to: &'static str,
}

/// Moves worth a rule: whole sites archived under a new host, paths unchanged.
const MOVES: &[Move] = &[
    Move {
        host: "www.whitehouse.gov",
        from: (2021, 1, 20),
        until: (2025, 1, 20),
        to: "bidenwhitehouse.archives.gov",
    },
    Move {
        host: "whitehouse.gov",
        from: (2021, 1, 20),
        until: (2025, 1, 20),
        to: "bidenwhitehouse.archives.gov",
    },
    Move {
        host: "www.whitehouse.gov",
        from: (2017, 1, 20),
        until: (2021, 1, 20),
        to: "trumpwhitehouse.archives.gov",
    },
    Move {
        host: "www.whitehouse.gov",
        from: (2009, 1, 20),
        until: (2017, 1, 20),
        to: "obamawhitehouse.archives.gov",
    },
];

/// The moved address of `url`, when a known move covers it: the citation's date (or
/// else a date in the URL's path) must fall in the period the old host served the page.
pub fn known_move(url: &str, cited: Option<PartialDate>) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let when = cited.or_else(|| date_in_path(parsed.path()))?;
    let m = MOVES
        .iter()
        .find(|m| m.host == host && overlaps(when, m.from, m.until))?;
    let mut moved = parsed.clone();
    moved.set_host(Some(m.to)).ok()?;
    // The archives are served over https only.
    moved.set_scheme("https").ok()?;
    Some(moved.to_string())
}

/// Whether a date known to the year, month or day can fall within `[from, until]`.
fn overlaps(d: PartialDate, from: (u16, u8, u8), until: (u16, u8, u8)) -> bool {
    let first = (
        d.year,
        d.month.unwrap_or(1),
        d.day.or(d.month.map(|_| 1)).unwrap_or(1),
    );
    let last = (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31));
    last >= from && first <= until
}

/// `/2023/06/22/` or `/wp-content/uploads/2022/10/`: the year and month a path was
/// published under, when it says so.
fn date_in_path(path: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(2).find_map(|w| {
        let year: u16 = (w[0].len() == 4).then(|| w[0].parse().ok()).flatten()?;
        let month: u8 = (w[1].len() == 2).then(|| w[1].parse().ok()).flatten()?;
        if (1990..=2100).contains(&year) {
            PartialDate::new(year, Some(month), None)
        } else {
            None
        }
    })
}

/// The availability API's answer; only the fields we read.
#[derive(Debug, Deserialize)]
struct Availability {
    #[serde(default)]
    archived_snapshots: Snapshots,
}

#[derive(Debug, Default, Deserialize)]
struct Snapshots {
    closest: Option<Closest>,
}

#[derive(Debug, Deserialize)]
struct Closest {
    #[serde(default)]
    available: bool,
    url: String,
    timestamp: String,
    #[serde(default)]
    status: Option<String>,
}

/// Finds readable copies of gone pages.
#[derive(Clone)]
pub struct Archive {
    fetcher: Fetcher,
    endpoint: String,
}

impl Archive {
    /// Looks things up through `fetcher` (its politeness, cache and remap rules apply)
    /// at `endpoint` (the availability API; [`DEFAULT_ENDPOINT`] in real use).
    pub fn new(fetcher: Fetcher, endpoint: &str) -> Archive {
        Archive {
            fetcher,
            endpoint: endpoint.to_owned(),
        }
    }

    /// A copy of `url` near `cited` (the citation's date, else its access date): a known
    /// move that answers, else the closest Wayback snapshot that was captured with a 2xx.
    pub async fn find(&self, url: &str, cited: Option<PartialDate>) -> Lookup {
        if let Some(moved) = known_move(url, cited) {
            let page = self.fetcher.fetch(&moved).await;
            if page.outcome == FetchOutcome::Ok {
                // The public address, not where a remap rule or mirror sent the request.
                let url = if page.is_redirected() && page.remapped.is_none() {
                    page.final_url
                } else {
                    moved
                };
                return Lookup::Found(Snapshot {
                    url,
                    date: None,
                    source: SnapshotSource::KnownMove,
                });
            }
        }
        self.wayback(url, cited).await
    }

    async fn wayback(&self, url: &str, cited: Option<PartialDate>) -> Lookup {
        let Ok(mut query) = url::Url::parse(&self.endpoint) else {
            return Lookup::Unreachable(format!("invalid archive endpoint '{}'", self.endpoint));
        };
        query.query_pairs_mut().append_pair("url", url);
        if let Some(d) = cited {
            // The middle of a month or year cited without a day: the closest snapshot is
            // then as likely to be before as after the cited version.
            let stamp = format!(
                "{:04}{:02}{:02}",
                d.year,
                d.month.unwrap_or(7),
                d.day.unwrap_or(if d.month.is_some() { 15 } else { 1 })
            );
            query.query_pairs_mut().append_pair("timestamp", &stamp);
        }
        let answer = self.fetcher.fetch(query.as_str()).await;
        if answer.outcome != FetchOutcome::Ok {
            let status = answer
                .status
                .map(|s| format!(" (HTTP {s})"))
                .unwrap_or_default();
            let detail = answer
                .detail
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            return Lookup::Unreachable(format!(
                "the archive answered {}{status}{detail}",
                answer.outcome.code()
            ));
        }
        let text = answer.body.as_ref().and_then(|b| b.text.as_deref());
        let Some(found) = text.and_then(|t| serde_json::from_str::<Availability>(t).ok()) else {
            return Lookup::Unreachable(
                "the archive's answer is not the availability API's JSON".to_owned(),
            );
        };
        let Some(closest) = found.archived_snapshots.closest else {
            return Lookup::None;
        };
        let captured_ok = closest.status.as_deref().is_none_or(|s| s.starts_with('2'));
        if !closest.available || !captured_ok || !closest.url.starts_with("http") {
            return Lookup::None;
        }
        Lookup::Found(Snapshot {
            // The API answers with http:// links; the archive serves https.
            url: closest
                .url
                .strip_prefix("http://")
                .map_or(closest.url.clone(), |rest| format!("https://{rest}")),
            date: stamp_date(&closest.timestamp),
            source: SnapshotSource::Wayback,
        })
    }
}

/// `20230622123456` -> `2023-06-22`.
fn stamp_date(stamp: &str) -> Option<String> {
    let d = stamp.get(..8)?;
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<PartialDate> {
        PartialDate::parse_iso(s)
    }

    #[test]
    fn whitehouse_pages_of_the_biden_years_moved() {
        let cases = [
            (
                "https://www.whitehouse.gov/briefing-room/statements-releases/2023/06/22/joint-statement/#:~:text=x",
                None,
                Some("https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2023/06/22/joint-statement/#:~:text=x"),
            ),
            (
                "https://www.whitehouse.gov/wp-content/uploads/2022/02/U.S.-Indo-Pacific-Strategy.pdf",
                None,
                Some("https://bidenwhitehouse.archives.gov/wp-content/uploads/2022/02/U.S.-Indo-Pacific-Strategy.pdf"),
            ),
            // The cited date decides when the path has none.
            (
                "http://www.whitehouse.gov/about",
                date("2024-05"),
                Some("https://bidenwhitehouse.archives.gov/about"),
            ),
            (
                "https://www.whitehouse.gov/about",
                date("2019-03-02"),
                Some("https://trumpwhitehouse.archives.gov/about"),
            ),
            // A page of the current administration, and an undated one: no rule applies.
            ("https://www.whitehouse.gov/about", date("2025-06-01"), None),
            ("https://www.whitehouse.gov/about", None, None),
            ("https://www.state.gov/2023/06/x", None, None),
            ("not a url", date("2023"), None),
        ];
        for (url, cited, want) in cases {
            assert_eq!(known_move(url, cited).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn partial_dates_overlap_a_period_by_any_day() {
        let from = (2021, 1, 20);
        let until = (2025, 1, 20);
        assert!(overlaps(date("2021").unwrap(), from, until));
        assert!(overlaps(date("2025-01").unwrap(), from, until));
        assert!(!overlaps(date("2025-01-21").unwrap(), from, until));
        assert!(!overlaps(date("2021-01-19").unwrap(), from, until));
    }

    #[test]
    fn stamps() {
        assert_eq!(stamp_date("20230622123456").as_deref(), Some("2023-06-22"));
        assert_eq!(stamp_date("2023"), None);
        assert_eq!(stamp_date("2023x622123456"), None);
    }
}
