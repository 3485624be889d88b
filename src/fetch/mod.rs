//! The fetch stage: every distinct cited URL, fetched once, politely, into a [`Fetched`].
//!
//! Site operators judge the tool by its manners and users by its honesty, so this stage
//! (issue 3) is built around three promises:
//!
//! - **Polite**: per-host intervals and in-flight caps (`ratelimit.rs`), retries that back
//!   off and obey `Retry-After` (`retry.rs`), one request per URL even when citations that
//!   share it are checked at the same moment.
//! - **Safe**: only http and https; link-local and cloud-metadata addresses are refused
//!   after DNS resolution, private ranges too on request.
//! - **Honest**: every transport failure is a [`FetchOutcome`], never an `Err`; a machine
//!   without network yields `not-checked` for everything (see [`FetchRun`]), never a wall
//!   of dead links.
//!
//! ```no_run
//! # async fn demo() -> Result<(), citecheck::fetch::Error> {
//! use citecheck::fetch::{FetchConfig, Fetcher};
//!
//! let fetcher = Fetcher::new(FetchConfig::default())?;
//! let run = fetcher.fetch_all(["https://example.org/".to_string()]).await;
//! for page in &run.results {
//!     let _ = (page.outcome.code(), page.status, &page.final_url);
//! }
//! # Ok(()) }
//! ```

mod body;
mod cache;
mod client;
mod config;
mod ratelimit;
mod remap;
mod request;
mod retry;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tokio::sync::OnceCell;
use tokio::task::JoinSet;

use crate::lock;

pub use crate::text::decode_text;
pub use crate::types::{
    Body, CharsetSource, FetchOutcome, Fetched, PageHeaders, Redirect, TransportFailure,
};
pub use crate::urls::host;
pub use config::{
    Error, FetchConfig, HostConfig, RemapRule, DEFAULT_CACHE_DIR, DEFAULT_USER_AGENT,
};

/// Fetches URLs; build one per run and share it (cloning is cheap).
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

/// What every fetch of a run shares.
pub(crate) struct Inner {
    config: Arc<FetchConfig>,
    client: reqwest::Client,
    limiter: ratelimit::Limiter,
    host_headers: HashMap<String, HeaderMap>,
    remap: remap::Remap,
    cache: Option<cache::Cache>,
    /// Fetches in progress, so that concurrent requests for one URL share one fetch.
    in_flight: Mutex<HashMap<String, Arc<OnceCell<Fetched>>>>,
}

/// The result of [`Fetcher::fetch_all`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRun {
    /// One record per distinct URL, sorted by URL.
    pub results: Vec<Fetched>,
    /// True when no host could be resolved or reached at all: the machine has no network.
    /// Every network failure is then reported as `not-checked` rather than as a dead link,
    /// and the caller should say so once.
    pub network_unreachable: bool,
    /// True when the run was stopped (Ctrl-C) before every URL was fetched.
    pub interrupted: bool,
}

impl Fetcher {
    /// Builds the HTTP client and validates the configuration.
    pub fn new(config: FetchConfig) -> Result<Fetcher, Error> {
        if config.max_concurrency == 0 {
            return Err(Error::ZeroConcurrency);
        }
        let config = Arc::new(config);
        let inner = Inner {
            client: client::build(&config)?,
            limiter: ratelimit::Limiter::new(Arc::clone(&config)),
            host_headers: host_headers(&config)?,
            remap: remap::Remap::new(&config.remap)?,
            cache: config.cache_dir.clone().map(cache::Cache::new),
            in_flight: Mutex::new(HashMap::new()),
            config,
        };
        Ok(Fetcher {
            inner: Arc::new(inner),
        })
    }

    /// Fetches one URL. Concurrent calls for the same URL share a single fetch.
    pub async fn fetch(&self, url: &str) -> Fetched {
        let cell = {
            let mut map = self.in_flight();
            Arc::clone(map.entry(url.to_owned()).or_default())
        };
        cell.get_or_init(|| self.fetch_once(url)).await;
        {
            let mut map = self.in_flight();
            if map.get(url).is_some_and(|c| Arc::ptr_eq(c, &cell)) {
                map.remove(url);
            }
        }
        // The last holder takes the record without copying its body.
        match Arc::try_unwrap(cell) {
            Ok(cell) => cell.into_inner().unwrap_or_else(|| Fetched::new(url)),
            Err(shared) => shared.get().cloned().unwrap_or_else(|| Fetched::new(url)),
        }
    }

    /// Fetches every distinct URL of `urls` concurrently, within the politeness limits.
    pub async fn fetch_all(&self, urls: impl IntoIterator<Item = String>) -> FetchRun {
        let collected: Arc<Mutex<Vec<Fetched>>> = Arc::default();
        let sink = Arc::clone(&collected);
        let ended = self
            .fetch_each(
                urls,
                move |f| lock(&sink).push(f),
                std::future::pending::<()>(),
            )
            .await;
        let mut results = std::mem::take(&mut *lock(&collected));
        results.sort_by(|a, b| a.url.cmp(&b.url));
        if ended.network_unreachable {
            for f in results.iter_mut() {
                ended.relabel(f);
            }
        }
        FetchRun {
            results,
            network_unreachable: ended.network_unreachable,
            interrupted: ended.interrupted,
        }
    }

    /// Fetches every distinct URL of `urls` and hands each record to `each` the moment
    /// its fetch ends, on the fetching task, keeping nothing itself: a caller that
    /// inspects the page and writes its result away holds the bodies in flight, never a
    /// record per URL of the run.
    ///
    /// When `stop` completes (Ctrl-C), no new request starts, requests in flight are
    /// abandoned, and `each` is not called for the URLs not reached (the caller knows
    /// which: it was never handed them). The cache stays readable: entries are written
    /// whole or not at all. When this returns, `each` has been dropped.
    pub async fn fetch_each<F, S>(
        &self,
        urls: impl IntoIterator<Item = String>,
        each: F,
        stop: S,
    ) -> Ended
    where
        F: Fn(Fetched) + Send + Sync + 'static,
        S: std::future::Future<Output = ()>,
    {
        let distinct: BTreeSet<String> = urls.into_iter().collect();
        let each = Arc::new(each);
        let watch: Arc<Mutex<NetWatch>> = Arc::default();
        // One queue per host, each worked by its own task with at most the host's
        // concurrency in flight: a long queue for one host never blocks another, and the
        // run holds a future per request in flight rather than per URL, so memory follows
        // the number of hosts, not the number of pages.
        let mut queues: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for url in distinct {
            queues.entry(self.queue_key(&url)).or_default().push(url);
        }
        let mut hosts = JoinSet::new();
        for (host, urls) in queues {
            let limit = self.inner.config.host_settings(&host).1;
            let me = self.clone();
            let (each, watch) = (Arc::clone(&each), Arc::clone(&watch));
            hosts.spawn(async move {
                let mut queue = urls.into_iter();
                let mut running = JoinSet::new();
                loop {
                    while running.len() < limit {
                        let Some(url) = queue.next() else { break };
                        let (me, each, watch) = (me.clone(), Arc::clone(&each), Arc::clone(&watch));
                        running.spawn(async move {
                            let fetched = me.fetch(&url).await;
                            lock(&watch).see(&fetched);
                            each(fetched);
                        });
                    }
                    match running.join_next().await {
                        Some(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                        Some(_) => {}
                        None => break,
                    }
                }
            });
        }
        let mut interrupted = false;
        tokio::pin!(stop);
        loop {
            tokio::select! {
                joined = hosts.join_next() => match joined {
                    Some(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                    Some(_) => {}
                    None => break,
                },
                () = &mut stop, if !interrupted => {
                    interrupted = true;
                    // Dropping a host's task aborts its requests in flight.
                    hosts.abort_all();
                }
            }
        }
        // An aborted request task is dropped by the runtime a moment later, not by
        // `abort_all`: the caller may own what `each` captured only once every copy is gone.
        let dropped = Arc::downgrade(&each);
        drop(each);
        while dropped.strong_count() > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        let network_unreachable = lock(&watch).down();
        Ended {
            network_unreachable,
            interrupted,
        }
    }

    /// The interval now in force for `host`, after any 429 slow-downs.
    pub fn host_interval(&self, host: &str) -> std::time::Duration {
        self.inner.limiter.interval(host)
    }

    /// The host whose politeness governs `url`: that of the URL actually requested,
    /// after remapping, as the limiter sees it.
    fn queue_key(&self, url: &str) -> String {
        let target = self.inner.remap.apply(url);
        host(target.as_deref().unwrap_or(url)).unwrap_or_default()
    }

    fn in_flight(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<OnceCell<Fetched>>>> {
        lock(&self.inner.in_flight)
    }

    /// One real fetch: cache, then network.
    async fn fetch_once(&self, url: &str) -> Fetched {
        let inner = &*self.inner;
        let started = tokio::time::Instant::now();
        let mut f = Fetched::new(url);
        f.remapped = inner.remap.apply(url);
        let target = f.remapped.clone().unwrap_or_else(|| url.to_owned());
        if let Some(hit) = self.cached(&target, url).await {
            return hit;
        }
        if inner.config.offline {
            f.detail = Some("offline, and not in the cache".to_owned());
            return f;
        }
        request::follow(inner, &target, &mut f).await;
        f.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if let Some(cache) = &inner.cache {
            cache.put(&target, &f).await;
        }
        f
    }

    async fn cached(&self, target: &str, url: &str) -> Option<Fetched> {
        let cache = self.inner.cache.as_ref()?;
        let max_age = (!self.inner.config.offline).then_some(self.inner.config.cache_max_age);
        let mut hit = cache.get(target, max_age).await?;
        hit.url = url.to_owned();
        hit.from_cache = true;
        Some(hit)
    }
}

/// Per-host headers, validated once.
fn host_headers(config: &FetchConfig) -> Result<HashMap<String, HeaderMap>, Error> {
    let mut out = HashMap::new();
    for (host, settings) in &config.hosts {
        let mut map = HeaderMap::new();
        for (name, value) in &settings.headers {
            let bad = || Error::Header {
                host: host.clone(),
                name: name.clone(),
            };
            let n = HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad())?;
            let v = HeaderValue::from_str(value).map_err(|_| bad())?;
            map.insert(n, v);
        }
        out.insert(host.to_ascii_lowercase(), map);
    }
    Ok(out)
}

/// How a [`Fetcher::fetch_each`] run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    /// True when no host could be resolved or reached at all: the machine has no network.
    /// Every record that went to the network then failed for that reason, and must be
    /// reported as `not-checked` (see [`Ended::relabel`]), never as a dead link.
    pub network_unreachable: bool,
    /// True when the run was stopped (Ctrl-C) before every URL was fetched.
    pub interrupted: bool,
}

impl Ended {
    /// Relabels a record of this run `not-checked` when the network was down and the
    /// record went to the network (cached and refused ones keep their outcome).
    pub fn relabel(&self, f: &mut Fetched) {
        if self.network_unreachable && f.attempts > 0 {
            f.outcome = FetchOutcome::NotChecked;
        }
    }
}

/// Watches the records of a run go by to tell, at its end, whether the network was down.
///
/// Every URL that was tried must have failed before any server answered (DNS or connect).
/// One host refusing connections or missing from DNS is a dead link, so the run must also
/// span two hosts or more, or carry a failure that only a missing network explains (the
/// resolver unreachable, no route). Kept as three facts, not a list of records, so that
/// watching costs nothing per page.
#[derive(Debug, Default)]
struct NetWatch {
    tried: bool,
    answered: bool,
    /// Hosts that failed, up to the two that settle the question.
    hosts: BTreeSet<String>,
    strong: bool,
}

impl NetWatch {
    fn see(&mut self, f: &Fetched) {
        if f.attempts == 0 {
            return;
        }
        self.tried = true;
        let unreachable = f.status.is_none() && f.failure.is_some_and(|x| x.is_unreachable());
        if !unreachable {
            self.answered = true;
            return;
        }
        if self.hosts.len() < 2 {
            self.hosts.insert(host_of(&f.final_url).to_owned());
        }
        self.strong |= f.failure.is_some_and(|x| x.is_network_down());
    }

    fn down(&self) -> bool {
        self.tried && !self.answered && (self.hosts.len() >= 2 || self.strong)
    }
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}
