//! Per-host politeness: a minimum interval between request starts, a cap on requests in
//! flight per host, and a global cap.
//!
//! Each host has its own semaphore and schedule, so a slow or throttled host only ever
//! waits on itself. The map of hosts is behind a `std` mutex held for a lookup only, never
//! across an `.await`. The order of acquisition matters: host permit, then global permit,
//! then the host's next start slot. Taking the host permit first means a host with many
//! queued URLs holds at most `concurrency` global permits while it waits for its interval,
//! instead of filling the global cap with requests that are only sleeping.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::lock;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::config::FetchConfig;

/// The longest interval a host can be slowed down to after repeated 429s.
const MAX_PENALTY_INTERVAL: Duration = Duration::from_secs(30);
/// The smallest interval a 429 raises a host to, for hosts configured with none.
const MIN_PENALTY_INTERVAL: Duration = Duration::from_millis(250);

/// The politeness state of every host seen in this run.
pub(crate) struct Limiter {
    config: Arc<FetchConfig>,
    global: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

/// One host's limits and schedule.
struct Host {
    permits: Arc<Semaphore>,
    schedule: Mutex<Schedule>,
}

struct Schedule {
    /// The earliest instant the next request may start.
    next_start: Instant,
    /// The current interval; raised when the host answers 429.
    interval: Duration,
}

/// Held while a request to a host is in flight; dropping it frees both caps.
pub(crate) struct Permit {
    _host: Option<OwnedSemaphorePermit>,
    _global: Option<OwnedSemaphorePermit>,
}

impl Limiter {
    /// A limiter with no hosts yet.
    pub fn new(config: Arc<FetchConfig>) -> Limiter {
        let global = Arc::new(Semaphore::new(config.max_concurrency.max(1)));
        Limiter {
            config,
            global,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until a request to `host` may start, and returns the permit to hold while
    /// it runs.
    pub async fn acquire(&self, host: &str) -> Permit {
        let state = self.host(host);
        // The semaphores are never closed, so acquiring cannot fail; `ok()` keeps that
        // assumption from becoming a panic.
        let host_permit = Arc::clone(&state.permits).acquire_owned().await.ok();
        let global = Arc::clone(&self.global).acquire_owned().await.ok();
        let start = state.reserve();
        // Most starts are due at once; registering a timer for them costs a wake-up.
        if start > Instant::now() {
            tokio::time::sleep_until(start).await;
        }
        Permit {
            _host: host_permit,
            _global: global,
        }
    }

    /// Keeps every request to `host` from starting before `until` (a `Retry-After`).
    pub fn defer(&self, host: &str, until: Instant) {
        let state = self.host(host);
        let mut s = lock(&state.schedule);
        s.next_start = s.next_start.max(until);
    }

    /// Doubles `host`'s interval for the rest of the run: it answered 429.
    pub fn slow_down(&self, host: &str) {
        let state = self.host(host);
        let mut s = lock(&state.schedule);
        s.interval = (s.interval * 2)
            .max(MIN_PENALTY_INTERVAL)
            .min(MAX_PENALTY_INTERVAL.max(s.interval));
    }

    /// The interval now in force for `host` (for tests and reports).
    pub fn interval(&self, host: &str) -> Duration {
        lock(&self.host(host).schedule).interval
    }

    fn host(&self, host: &str) -> Arc<Host> {
        let mut hosts = lock(&self.hosts);
        let entry = hosts.entry(host.to_owned()).or_insert_with(|| {
            let (interval, concurrency) = self.config.host_settings(host);
            Arc::new(Host {
                permits: Arc::new(Semaphore::new(concurrency)),
                schedule: Mutex::new(Schedule {
                    next_start: Instant::now(),
                    interval,
                }),
            })
        });
        Arc::clone(entry)
    }
}

impl Host {
    /// Claims the next start slot: now, or one interval after the previous claim.
    fn reserve(&self) -> Instant {
        let mut s = lock(&self.schedule);
        let start = s.next_start.max(Instant::now());
        s.next_start = start + s.interval;
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(interval_ms: u64) -> Limiter {
        Limiter::new(Arc::new(FetchConfig {
            host_request_interval: Duration::from_millis(interval_ms),
            ..FetchConfig::default()
        }))
    }

    #[tokio::test(start_paused = true)]
    async fn starts_are_spaced_by_the_interval() {
        let l = limiter(100);
        let t0 = Instant::now();
        for i in 0..3u32 {
            drop(l.acquire("a").await);
            assert!(Instant::now() - t0 >= Duration::from_millis(100) * i);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn hosts_do_not_wait_on_each_other() {
        let l = limiter(1000);
        drop(l.acquire("a").await);
        let t0 = Instant::now();
        drop(l.acquire("b").await);
        assert!(Instant::now() - t0 < Duration::from_millis(10));
    }

    #[test]
    fn slow_down_doubles_and_is_capped() {
        let l = limiter(0);
        l.slow_down("a");
        assert_eq!(l.interval("a"), MIN_PENALTY_INTERVAL);
        for _ in 0..20 {
            l.slow_down("a");
        }
        assert_eq!(l.interval("a"), MAX_PENALTY_INTERVAL);
    }
}
