//! `--save-live`: asking the Internet Archive to capture the live cited pages it has no
//! recent copy of, so that a reader who finds one gone next year still has it.
//!
//! Opt-in, and polite: the archive's TimeMap is read first (through the cache) and a
//! page captured within `recent` is left alone; the captures are asked one at a time,
//! `interval` apart, at most `max` per run; a capture request is never cached or
//! replayed, and a 429 slows the archive's host down like any other.

use std::time::Duration;

use super::memento;
use super::sources::{known, original_of, Source};
use crate::fetch::{Ask, Fetcher};
use crate::types::FetchOutcome;
pub use crate::types::SavedPage;

/// The Internet Archive's Save Page Now: the page's URL is appended.
pub const DEFAULT_ENDPOINT: &str = "https://web.archive.org/save/";

/// How `--save-live` behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveSettings {
    /// The capture endpoint; the page's URL is appended.
    pub endpoint: String,
    /// A capture younger than this is recent enough: no new one is asked.
    pub recent: Duration,
    /// The least time between two capture requests.
    pub interval: Duration,
    /// Captures asked at most per run.
    pub max: usize,
}

impl Default for SaveSettings {
    fn default() -> SaveSettings {
        SaveSettings {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            recent: Duration::from_secs(90 * 86_400),
            interval: Duration::from_secs(10),
            max: 50,
        }
    }
}

/// Asks for captures of `urls` (live pages), each at most once; `now` is the run's time.
pub async fn save_live(
    fetcher: &Fetcher,
    mut urls: Vec<String>,
    now: i64,
    settings: &SaveSettings,
) -> Vec<SavedPage> {
    urls.sort();
    urls.dedup();
    let Some(ia) = known("internet-archive") else {
        return Vec::new();
    };
    let recent = i64::try_from(settings.recent.as_secs()).unwrap_or(i64::MAX);
    let mut out = Vec::new();
    let mut asked = 0;
    for url in urls {
        if let Some(latest) = latest(fetcher, &ia, &url).await {
            if latest.at >= now.saturating_sub(recent) {
                out.push(page(&url, "recent", Some(latest.url), None));
                continue;
            }
        }
        if asked >= settings.max {
            out.push(page(
                &url,
                "skipped",
                None,
                Some("over this run's cap".into()),
            ));
            continue;
        }
        if asked > 0 {
            tokio::time::sleep(settings.interval).await;
        }
        asked += 1;
        out.push(save(fetcher, settings, &url).await);
    }
    out
}

/// The archive's latest capture of `url`, if its TimeMap lists one.
async fn latest(fetcher: &Fetcher, ia: &Source, url: &str) -> Option<memento::Memento> {
    let map = fetcher.fetch(&ia.timemap_of(url)).await;
    let text = map.body.as_ref().and_then(|b| b.text.as_deref())?;
    (map.outcome == FetchOutcome::Ok)
        .then(|| memento::mementos(text).pop())
        .flatten()
}

async fn save(fetcher: &Fetcher, settings: &SaveSettings, url: &str) -> SavedPage {
    let ask = Ask {
        headers: Vec::new(),
        fresh: true,
    };
    let f = fetcher
        .fetch_with(&format!("{}{url}", settings.endpoint), &ask)
        .await;
    if f.outcome != FetchOutcome::Ok {
        let status = f.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
        let why = format!("{}{status}", f.outcome.code());
        return page(url, "failed", None, Some(why));
    }
    // The archive answers with (or redirects to) the new capture.
    let snapshot = original_of(&f.final_url).map(|_| f.final_url.clone());
    page(url, "saved", snapshot, None)
}

fn page(url: &str, outcome: &str, snapshot: Option<String>, detail: Option<String>) -> SavedPage {
    SavedPage {
        url: url.to_owned(),
        outcome: outcome.to_owned(),
        snapshot,
        detail,
    }
}
