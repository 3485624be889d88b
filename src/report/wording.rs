//! Phrases that report.md and report.html both print, worded once so that the two reports
//! never disagree. They hold no page-derived text, so they need no escaping.

use super::schema::{Entry, Settings};
use crate::types::FetchOutcome;

/// The fetch settings in one line: `1 s between requests to a host, 2 in flight per host, …`.
pub fn settings(s: &Settings) -> String {
    format!(
        "{} between requests to a host, {} in flight per host, {} overall, timeout {}, up to \
         {} retries, cache {}{}",
        millis(s.host_request_interval_ms),
        s.host_concurrency,
        s.max_concurrency,
        millis(s.timeout_ms),
        s.max_retries,
        if s.cache { "on" } else { "off" },
        if s.offline {
            " (offline: cache only)"
        } else {
            ""
        }
    )
}

/// Whether the answer came from the on-disk cache, and how old it was (`yes, 3 h old`,
/// `no`); for a bibliographic lookup, whether every source's answer was cached. `None`
/// when nothing was asked.
pub fn cache(e: &Entry) -> Option<String> {
    if let Some(f) = &e.fetch {
        if f.outcome == FetchOutcome::NotChecked && !f.from_cache {
            return None;
        }
        return Some(match (f.from_cache, f.cache_age_s) {
            (true, Some(age)) => format!("yes, {} old", age_text(age)),
            (true, None) => "yes".to_owned(),
            (false, _) => "no".to_owned(),
        });
    }
    // A source not asked at all (offline, not cached) is neither.
    let asked: Vec<bool> = e
        .biblio
        .iter()
        .flat_map(|b| &b.asked)
        .filter(|a| a.from_cache || a.requests > 0)
        .map(|a| a.from_cache)
        .collect();
    let cached = asked.iter().filter(|c| **c).count();
    match (cached, asked.len()) {
        (_, 0) => None,
        (0, _) => Some("no".to_owned()),
        (c, n) if c == n => Some("yes".to_owned()),
        (c, n) => Some(format!("{c} of {n} sources")),
    }
}

/// What stands in for the page's own title and date when what the page says about itself
/// is not the cited page's ("404 Not Found", "Access Denied"): `bot wall` or `error page`
/// (a 404, a server error, a soft 404). `None` for a page whose title and date count.
pub fn stand_in(e: &Entry) -> Option<&'static str> {
    let meta = e.page_meta.as_ref()?;
    let outcome = e.fetch.as_ref().map(|f| f.outcome);
    if meta.blocked || outcome == Some(FetchOutcome::Blocked) {
        Some("bot wall")
    } else if meta.soft_404 || outcome.is_some_and(|o| o != FetchOutcome::Ok) {
        Some("error page")
    } else {
        None
    }
}

/// `45 s`, `12 min`, `3 h`, `2 d`: the age of a cached answer, to the unit that reads.
fn age_text(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86_400 => format!("{} h", secs / 3600),
        _ => format!("{} d", secs / 86_400),
    }
}

/// A duration in whole seconds where it is one (`1 s`), else in milliseconds (`250 ms`).
pub fn millis(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_durations_read_in_their_unit() {
        assert_eq!(age_text(59), "59 s");
        assert_eq!(age_text(60), "1 min");
        assert_eq!(age_text(3 * 3600 + 5), "3 h");
        assert_eq!(age_text(2 * 86_400), "2 d");
        assert_eq!(millis(2000), "2 s");
        assert_eq!(millis(250), "250 ms");
    }
}
