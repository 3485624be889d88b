//! When a failure that may pass becomes `dead`, when a URL is flaky, when a page drifted:
//! pure functions of a URL's recorded checks, so that time can be simulated in tests.
//!
//! The rule follows Wikipedia's InternetArchiveBot, which repairs links on hundreds of
//! wikis: a permanent signal (404, 410, a name that no longer exists, a soft 404, a deep
//! link sent home) is dead at once; a transient one (timeouts, resets, 5xx, 429) only
//! after it was seen on `dead_after_checks` different days, the first at least
//! `dead_after_days` days before the last, with no success in between. Several checks on
//! one day count once: a CI job re-run ten times in an outage is one piece of evidence.
//! Refusals (401, 403, bot walls) neither count nor break a run of failures: they say
//! nothing about whether the page is there.

use crate::text::title;
use crate::types::{Drift, HistoryNote};

const DAY: i64 = 86_400;

/// How many recent checks are looked at for flips between up and down.
const FLAKY_WINDOW: usize = 10;

/// Two titles scoring below this against each other are a change of content, not a
/// change of punctuation or of a counter in the title.
const SAME_TITLE: f64 = 0.8;

/// What one check of a URL showed, as far as the policy cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// The page answered (verified, or another page or version: it is there).
    Up,
    /// Gone for sure: 404/410, a missing name, a soft 404, a deep link sent home.
    Permanent,
    /// Failed in a way that may pass: timeouts, resets, 5xx, 429 after retries.
    Transient,
    /// Refused (401, 403, a bot wall) or otherwise no evidence either way.
    Refused,
}

impl Signal {
    /// The stable name stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Signal::Up => "up",
            Signal::Permanent => "permanent",
            Signal::Transient => "transient",
            Signal::Refused => "refused",
        }
    }

    /// The signal stored as `code`, if it is one.
    pub fn parse(code: &str) -> Option<Signal> {
        [
            Signal::Up,
            Signal::Permanent,
            Signal::Transient,
            Signal::Refused,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    fn is_down(self) -> bool {
        matches!(self, Signal::Permanent | Signal::Transient)
    }
}

/// One check, as the policy reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// When, in seconds since the Unix epoch.
    pub at: i64,
    /// What it showed.
    pub signal: Signal,
    /// The page's title, when it answered.
    pub title: Option<String>,
}

/// The `citations.toml` policy for failures over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Checks on different days a transient failure needs to be dead.
    pub dead_after_checks: u32,
    /// Days from the first to the last of those failures.
    pub dead_after_days: u32,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            dead_after_checks: 3,
            dead_after_days: 3,
        }
    }
}

/// Judges `now` against the checks before it (oldest first): how long the URL has been
/// failing, whether that confirms it dead, whether it flips, whether its title drifted.
pub fn judge(past: &[Check], now: &Check, policy: Policy) -> HistoryNote {
    let mut note = HistoryNote::default();
    if now.signal.is_down() {
        failing(past, now, policy, &mut note);
    }
    note.flips = flips(past, now);
    note.flaky = note.flips >= 2;
    note.drift = drift(past, now);
    note
}

/// Fills in the run of failures that `now` ends.
fn failing(past: &[Check], now: &Check, policy: Policy, note: &mut HistoryNote) {
    let streak: Vec<&Check> = past
        .iter()
        .rev()
        .take_while(|c| c.signal != Signal::Up)
        .filter(|c| c.signal.is_down())
        .chain(std::iter::once(now))
        .collect();
    let since = streak.iter().map(|c| c.at).min().unwrap_or(now.at);
    let mut days: Vec<i64> = streak.iter().map(|c| c.at.div_euclid(DAY)).collect();
    days.sort_unstable();
    days.dedup();
    note.failing_since = Some(day(since));
    note.failures = u32::try_from(days.len()).unwrap_or(u32::MAX);
    let span = now.at.saturating_sub(since).max(0) / DAY;
    note.failing_days = u32::try_from(span).unwrap_or(u32::MAX);
    note.confirmed_dead = now.signal == Signal::Transient
        && note.failures >= policy.dead_after_checks
        && note.failing_days >= policy.dead_after_days;
}

/// Changes between up and down over the last checks, refusals left out.
fn flips(past: &[Check], now: &Check) -> u32 {
    let recent: Vec<bool> = past
        .iter()
        .chain(std::iter::once(now))
        .filter(|c| c.signal != Signal::Refused)
        .map(|c| c.signal.is_down())
        .collect();
    let start = recent.len().saturating_sub(FLAKY_WINDOW);
    let window = recent.get(start..).unwrap_or_default();
    let changes = window.windows(2).filter(|w| w[0] != w[1]).count();
    u32::try_from(changes).unwrap_or(u32::MAX)
}

/// The title `now` shows against the last title an earlier check saw, when the two are
/// different content.
fn drift(past: &[Check], now: &Check) -> Option<Drift> {
    let current = now.title.as_deref().filter(|_| now.signal == Signal::Up)?;
    let before = past
        .iter()
        .rev()
        .find(|c| c.signal == Signal::Up && c.title.is_some())?;
    let previous = before.title.as_deref()?;
    let changed = title::normalise(previous) != title::normalise(current)
        && title::score(previous, current).min(title::score(current, previous)) < SAME_TITLE;
    changed.then(|| Drift {
        previous: previous.to_owned(),
        previous_date: day(before.at),
        current: current.to_owned(),
    })
}

/// `YYYY-MM-DD` of a Unix time, in UTC.
pub fn day(at: i64) -> String {
    let (y, m, d) = crate::date::civil_from_days(at.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_796_000_000;

    fn check(day: i64, hour: i64, signal: Signal) -> Check {
        Check {
            at: T0 + day * DAY + hour * 3600,
            signal,
            title: None,
        }
    }

    fn run(checks: &[Check]) -> HistoryNote {
        let (now, past) = checks.split_last().unwrap();
        judge(past, now, Policy::default())
    }

    use Signal::{Permanent, Refused, Transient, Up};

    #[test]
    fn down_once_then_up_is_never_dead() {
        let n = run(&[check(0, 0, Transient)]);
        assert!(!n.confirmed_dead);
        assert_eq!(n.failures, 1);
        let n = run(&[check(0, 0, Transient), check(4, 0, Up)]);
        assert!(!n.confirmed_dead);
        assert_eq!(n.failing_since, None);
        // Down again after the recovery: a new run of failures, one check long.
        let n = run(&[
            check(0, 0, Transient),
            check(1, 0, Transient),
            check(2, 0, Up),
            check(5, 0, Transient),
        ]);
        assert_eq!((n.failures, n.confirmed_dead), (1, false));
    }

    #[test]
    fn down_three_times_over_a_week_is_dead() {
        let n = run(&[
            check(0, 0, Transient),
            check(3, 0, Transient),
            check(7, 0, Transient),
        ]);
        assert!(n.confirmed_dead, "{n:?}");
        assert_eq!((n.failures, n.failing_days), (3, 7));
        assert_eq!(n.failing_since.as_deref(), Some(day(T0).as_str()));
    }

    #[test]
    fn many_checks_on_one_day_or_too_few_days_are_not_enough() {
        let same_day: Vec<Check> = (0..10).map(|h| check(0, h, Transient)).collect();
        let n = run(&same_day);
        assert_eq!((n.failures, n.confirmed_dead), (1, false));
        // Three days in a row: three checks, but only two days from first to last.
        let n = run(&[
            check(0, 1, Transient),
            check(1, 1, Transient),
            check(2, 1, Transient),
        ]);
        assert_eq!(
            (n.failures, n.failing_days, n.confirmed_dead),
            (3, 2, false)
        );
        // Two checks a week apart: long enough, not often enough.
        let n = run(&[check(0, 0, Transient), check(7, 0, Transient)]);
        assert!(!n.confirmed_dead);
    }

    #[test]
    fn refusals_neither_count_nor_break_a_run_and_are_never_dead() {
        let n = run(&[
            check(0, 0, Transient),
            check(2, 0, Refused),
            check(3, 0, Transient),
            check(5, 0, Transient),
        ]);
        assert_eq!((n.failures, n.confirmed_dead), (3, true));
        let walls: Vec<Check> = (0..20).map(|d| check(d, 0, Refused)).collect();
        let n = run(&walls);
        assert_eq!(n, HistoryNote::default(), "a paywall is never failing");
    }

    #[test]
    fn a_permanent_signal_is_dead_at_once_and_counts_with_transient_ones() {
        let n = run(&[check(0, 0, Permanent)]);
        assert!(!n.confirmed_dead, "already dead: nothing to confirm");
        assert_eq!(n.failures, 1);
        let n = run(&[
            check(0, 0, Permanent),
            check(2, 0, Transient),
            check(4, 0, Transient),
        ]);
        assert!(n.confirmed_dead);
    }

    #[test]
    fn flapping_urls_are_flaky() {
        let n = run(&[check(0, 0, Up), check(1, 0, Transient), check(2, 0, Up)]);
        assert_eq!((n.flips, n.flaky), (2, true));
        let n = run(&[check(0, 0, Up), check(1, 0, Transient)]);
        assert!(!n.flaky, "down once is not flaky");
        // Refusals are left out; old flips fall out of the window.
        let mut checks = vec![check(0, 0, Up), check(1, 0, Transient), check(2, 0, Up)];
        checks.extend((3..20).map(|d| check(d, 0, Up)));
        checks.push(check(20, 0, Refused));
        assert!(!run(&checks).flaky);
    }

    #[test]
    fn a_changed_title_is_drift_and_a_reworded_one_is_not() {
        let titled = |d: i64, t: &str| Check {
            title: Some(t.to_owned()),
            ..check(d, 0, Up)
        };
        let n = run(&[
            titled(0, "U.S. Relations With India"),
            titled(3, "Page moved: see our new site"),
        ]);
        let d = n.drift.unwrap();
        assert_eq!(d.previous, "U.S. Relations With India");
        assert_eq!(d.previous_date, day(T0));
        let n = run(&[
            titled(0, "U.S. Relations With India"),
            titled(3, "U.S. relations with India"),
        ]);
        assert_eq!(n.drift, None);
        // A check that did not reach the page has no title to compare.
        let n = run(&[titled(0, "A"), check(1, 0, Transient)]);
        assert_eq!(n.drift, None);
    }

    #[test]
    fn signal_codes_round_trip() {
        for s in [Up, Permanent, Transient, Refused] {
            assert_eq!(Signal::parse(s.code()), Some(s));
        }
        assert_eq!(Signal::parse("x"), None);
    }
}
