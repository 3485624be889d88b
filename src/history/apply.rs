//! A run's entries judged against the history, and the run added to it.
//!
//! Runs once the fetching is over and the network's evidence has relabelled what it does
//! not prove: a failure the network cannot vouch for is `skipped`, and neither counts
//! against its URL nor is recorded.

use std::collections::HashMap;
use std::io;

use super::policy::{day, judge, Check, Policy, Signal};
use super::store::{History, Observation};
use crate::report::schema::Entry;
use crate::report::Spool;
use crate::types::{FetchOutcome, HistoryNote, VerdictCode};

/// A history and the moment of the run, for [`apply`].
#[derive(Debug, Clone, Copy)]
pub struct Clock<'a> {
    /// The history file.
    pub history: &'a History,
    /// The policy for failures over time.
    pub policy: Policy,
    /// The run's time, in seconds since the Unix epoch.
    pub now: i64,
}

/// Judges the entries of every URL in `citing` against their history, turns a `failing`
/// URL `dead` when the policy confirms it, and records the run. Returns the warnings for
/// the user (a history that could not be read or written); fails only when the spool
/// cannot be read.
pub fn apply(
    clock: Clock<'_>,
    spool: &Spool,
    citing: &HashMap<String, Vec<usize>>,
) -> io::Result<Vec<String>> {
    let mut urls: Vec<(&String, &Vec<usize>)> = citing.iter().collect();
    urls.sort();
    let mut seen = Vec::new();
    for (url, indices) in urls {
        let Some(first) = indices.first() else {
            continue;
        };
        let Some(entry) = spool.get(*first)? else {
            continue;
        };
        let Some(observation) = observe(url, &entry) else {
            continue;
        };
        let past = match clock.history.past(url) {
            Ok(p) => p,
            Err(e) => {
                return Ok(vec![format!(
                    "the history cannot be read: {}",
                    anyhow_like(&e)
                )])
            }
        };
        let now = Check {
            at: clock.now,
            signal: observation.signal,
            title: observation.title.clone(),
        };
        let mut note = judge(&past.checks, &now, clock.policy);
        note.checks = past.total;
        note.first_checked = past.first_checked.map(day);
        for &i in indices {
            if let Some(mut e) = spool.get(i)? {
                escalate(&mut e, &note, clock.policy);
                e.history = Some(note.clone());
                spool.put(i, &e);
            }
        }
        // A cached answer was recorded when it was fetched: it is not a new check.
        if !entry.fetch.as_ref().is_some_and(|f| f.from_cache) {
            seen.push(observation);
        }
    }
    Ok(match clock.history.record(&seen, clock.now) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!(
            "this run is not in the history: {}",
            anyhow_like(&e)
        )],
    })
}

/// An error with its causes, as one line.
fn anyhow_like(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// What this run saw of `url`, from its first entry; `None` when it was not checked.
fn observe(url: &str, e: &Entry) -> Option<Observation> {
    let signal = signal(e)?;
    let f = e.fetch.as_ref()?;
    let page = e.page_meta.as_ref();
    Some(Observation {
        url: url.to_owned(),
        signal,
        outcome: f.outcome.code().to_owned(),
        status: f.status,
        title: page.and_then(|p| p.title.clone()),
        date: page.and_then(|p| p.date.clone()),
    })
}

/// What a check showed: gone, failing, refused or up.
fn signal(e: &Entry) -> Option<Signal> {
    let f = e.fetch.as_ref()?;
    Some(match f.outcome {
        // The page answered; the verdict says whether it was the page (a soft 404 and a
        // deep link sent home are gone, a bot wall says nothing).
        FetchOutcome::Ok => match e.verdict {
            VerdictCode::Dead => Signal::Permanent,
            VerdictCode::Unverifiable => Signal::Refused,
            VerdictCode::Skipped => return None,
            _ => Signal::Up,
        },
        FetchOutcome::NotFound | FetchOutcome::Gone | FetchOutcome::InvalidUrl => Signal::Permanent,
        FetchOutcome::Blocked if f.status == Some(429) => Signal::Transient,
        FetchOutcome::Timeout | FetchOutcome::ServerError | FetchOutcome::NetworkError => {
            Signal::Transient
        }
        FetchOutcome::Blocked
        | FetchOutcome::ClientError
        | FetchOutcome::TooLarge
        | FetchOutcome::TooManyRedirects => Signal::Refused,
        _ => return None,
    })
}

/// A `failing` entry becomes `dead` when the policy confirms it, and says how long it
/// has failed either way.
fn escalate(e: &mut Entry, note: &HistoryNote, policy: Policy) {
    if e.verdict != VerdictCode::Failing {
        return;
    }
    let since = note.failing_since.as_deref().unwrap_or("today");
    if note.confirmed_dead {
        e.verdict = VerdictCode::Dead;
        e.reason = format!(
            "failing since {since}, at {} checks over {} days: {}",
            note.failures, note.failing_days, e.reason
        );
    } else {
        e.reason = format!(
            "failing since {since} ({} of {} checks): {}",
            note.failures.min(policy.dead_after_checks),
            policy.dead_after_checks,
            e.reason
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::schema::FetchInfo;
    use crate::types::{Citation, Fetched, Verdict};

    fn entry(outcome: FetchOutcome, status: Option<u16>, verdict: VerdictCode) -> Entry {
        let mut f = Fetched::new("https://a.example/x");
        f.outcome = outcome;
        f.status = status;
        let c = Citation {
            document: "d.md".into(),
            page: None,
            note: "1".into(),
            line: 1,
            raw: String::new(),
            url: Some("https://a.example/x".into()),
            title: None,
            authors: Vec::new(),
            container: None,
            date: None,
            accessed: None,
            ibid: false,
        };
        let v = Verdict {
            verdict,
            reason: "why".into(),
            evidence: Default::default(),
        };
        let mut e = Entry::new(c, Some(&f), None, v, None);
        e.fetch = Some(FetchInfo::from(&f));
        e
    }

    #[test]
    fn signals_follow_the_fetch_and_the_page() {
        use FetchOutcome as O;
        use VerdictCode as V;
        let cases = [
            (O::Ok, Some(200), V::Verified, Some(Signal::Up)),
            (O::Ok, Some(200), V::TitleMismatch, Some(Signal::Up)),
            (O::Ok, Some(200), V::Dead, Some(Signal::Permanent)),
            (O::Ok, Some(200), V::Unverifiable, Some(Signal::Refused)),
            (O::NotFound, Some(404), V::Dead, Some(Signal::Permanent)),
            (O::Gone, None, V::Dead, Some(Signal::Permanent)),
            (
                O::ServerError,
                Some(503),
                V::Failing,
                Some(Signal::Transient),
            ),
            (O::Timeout, None, V::Failing, Some(Signal::Transient)),
            (O::Blocked, Some(429), V::Failing, Some(Signal::Transient)),
            (
                O::Blocked,
                Some(403),
                V::Unverifiable,
                Some(Signal::Refused),
            ),
            (
                O::Blocked,
                Some(401),
                V::Unverifiable,
                Some(Signal::Refused),
            ),
            (O::NotChecked, None, V::Skipped, None),
        ];
        for (outcome, status, verdict, want) in cases {
            assert_eq!(
                signal(&entry(outcome, status, verdict)),
                want,
                "{outcome:?}"
            );
        }
    }

    #[test]
    fn failing_entries_say_since_when_and_become_dead_when_confirmed() {
        let policy = Policy::default();
        let mut note = HistoryNote {
            failing_since: Some("2026-12-01".into()),
            failures: 2,
            failing_days: 2,
            ..HistoryNote::default()
        };
        let mut e = entry(FetchOutcome::ServerError, Some(503), VerdictCode::Failing);
        escalate(&mut e, &note, policy);
        assert_eq!(e.verdict, VerdictCode::Failing);
        assert!(
            e.reason
                .starts_with("failing since 2026-12-01 (2 of 3 checks): why"),
            "{}",
            e.reason
        );
        note.confirmed_dead = true;
        note.failures = 3;
        let mut e = entry(FetchOutcome::ServerError, Some(503), VerdictCode::Failing);
        escalate(&mut e, &note, policy);
        assert_eq!(e.verdict, VerdictCode::Dead);
        assert!(e.reason.ends_with(": why"), "{}", e.reason);
        // Only failing entries change.
        let mut e = entry(FetchOutcome::Blocked, Some(403), VerdictCode::Unverifiable);
        escalate(&mut e, &note, policy);
        assert_eq!(e.verdict, VerdictCode::Unverifiable);
    }
}
