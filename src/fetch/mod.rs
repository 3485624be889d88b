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
mod dns;
mod network;
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
pub use network::{Network, DEFAULT_CANARIES};

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
    /// What the fetches have shown about the network, for judging their failures.
    evidence: Arc<network::Evidence>,
    /// Fetches in progress, so that concurrent requests for one URL share one fetch.
    in_flight: Mutex<HashMap<String, Arc<OnceCell<Fetched>>>>,
}

/// The result of [`Fetcher::fetch_all`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRun {
    /// One record per distinct URL, sorted by URL.
    pub results: Vec<Fetched>,
    /// True when nothing proved the network reachable while fetches failed: the machine
    /// seems to have no network. Every transport failure is then reported as
    /// `not-checked` rather than as a dead link, and the caller should say so once.
    pub network_unreachable: bool,
    /// What the run knew about its network (see [`Network`]).
    pub network: Network,
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
        let evidence = Arc::new(network::Evidence::default());
        let inner = Inner {
            client: client::build(&config, Arc::clone(&evidence))?,
            evidence,
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
        self.fetch_with(url, &Ask::default()).await
    }

    /// Fetches one URL asked as `ask` says (extra headers, no cache). Concurrent calls
    /// for the same URL and headers share a single fetch.
    pub async fn fetch_with(&self, url: &str, ask: &Ask) -> Fetched {
        let key = ask.key(url);
        let cell = {
            let mut map = self.in_flight();
            Arc::clone(map.entry(key.clone()).or_default())
        };
        cell.get_or_init(|| self.fetch_once(url, ask)).await;
        {
            let mut map = self.in_flight();
            if map.get(&key).is_some_and(|c| Arc::ptr_eq(c, &cell)) {
                map.remove(&key);
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
        for f in results.iter_mut() {
            ended.network.relabel(f);
        }
        FetchRun {
            results,
            network_unreachable: ended.network_unreachable,
            network: ended.network,
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
            let each = Arc::clone(&each);
            hosts.spawn(async move {
                let mut queue = urls.into_iter();
                let mut running = JoinSet::new();
                loop {
                    while running.len() < limit {
                        let Some(url) = queue.next() else { break };
                        let (me, each) = (me.clone(), Arc::clone(&each));
                        running.spawn(async move {
                            let fetched = me.fetch(&url).await;
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
        let network = self.network().await;
        Ended {
            network_unreachable: !network.reachable,
            network,
            interrupted,
        }
    }

    /// What the fetches so far have shown about the network, with the canaries asked
    /// when a failure needs proof that the network works (see [`Network`]).
    pub async fn network(&self) -> Network {
        let cfg = &self.inner.config;
        let probe = network::ProbeSettings {
            fixed: Arc::new(cfg.resolve.clone()),
            timeout: cfg.connect_timeout,
            proxy: cfg.proxy_from_env.then(network::env_proxy).flatten(),
        };
        self.inner.evidence.judge(&cfg.canaries, &probe).await
    }

    /// The interval now in force for `host`, after any 429 slow-downs.
    pub fn host_interval(&self, host: &str) -> std::time::Duration {
        self.inner.limiter.interval(host)
    }

    /// The host whose politeness governs `url`: that of the URL actually requested,
    /// after remapping, as the limiter sees it.
    fn queue_key(&self, url: &str) -> String {
        let asked = crate::urls::bare_www(url).map(|bare| format!("https://{bare}"));
        let asked = asked.as_deref().unwrap_or(url);
        let target = self.inner.remap.apply(asked);
        host(target.as_deref().unwrap_or(asked)).unwrap_or_default()
    }

    fn in_flight(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<OnceCell<Fetched>>>> {
        lock(&self.inner.in_flight)
    }

    /// One real fetch. A `www.` URL cited without a scheme is asked as `https://`, as
    /// browsers now do, then as `http://` when no server answered; the record keeps the
    /// URL as cited, and `remapped` says which was requested.
    async fn fetch_once(&self, url: &str, ask: &Ask) -> Fetched {
        let Some(bare) = crate::urls::bare_www(url) else {
            return self.fetch_as(url, url, ask).await;
        };
        let unanswered = |f: &Fetched| {
            f.failure.is_some() || (f.attempts == 0 && f.outcome == FetchOutcome::NotChecked)
        };
        let https = self.fetch_as(url, &format!("https://{bare}"), ask).await;
        if !unanswered(&https) {
            return https;
        }
        let http = self.fetch_as(url, &format!("http://{bare}"), ask).await;
        if unanswered(&http) {
            https
        } else {
            http
        }
    }

    /// One fetch of `asked` for the cited `url`: cache, then network.
    async fn fetch_as(&self, url: &str, asked: &str, ask: &Ask) -> Fetched {
        let inner = &*self.inner;
        let started = tokio::time::Instant::now();
        let mut f = Fetched::new(url);
        f.remapped = inner
            .remap
            .apply(asked)
            .or_else(|| (asked != url).then(|| asked.to_owned()));
        let target = f.remapped.clone().unwrap_or_else(|| url.to_owned());
        let cache_key = ask.key(&target);
        if let Some(hit) = self.cached(&cache_key, url, ask).await {
            return hit;
        }
        if inner.config.offline {
            f.detail = Some("offline, and not in the cache".to_owned());
            return f;
        }
        request::follow(inner, &target, &mut f, &ask.header_map()).await;
        inner.evidence.fetched(&f);
        f.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if let Some(cache) = inner.cache.as_ref().filter(|_| !ask.fresh) {
            cache.put(&cache_key, &f).await;
        }
        f
    }

    async fn cached(&self, target: &str, url: &str, ask: &Ask) -> Option<Fetched> {
        let cache = self.inner.cache.as_ref().filter(|_| !ask.fresh)?;
        let cfg = &self.inner.config;
        let freshness = cache::Freshness {
            max_age: (!cfg.offline).then_some(cfg.cache_max_age),
            failure_max_age: Some(cfg.cache_failure_max_age),
            recheck_failures: cfg.recheck_failures,
        };
        let mut hit = cache.get(target, freshness).await?;
        hit.url = url.to_owned();
        hit.from_cache = true;
        Some(hit)
    }
}

/// How to ask for one URL, beyond the run's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ask {
    /// Extra request headers, sent on every hop (`Accept-Datetime` for a Memento
    /// TimeGate); names or values that HTTP cannot carry are left out.
    pub headers: Vec<(String, String)>,
    /// Neither read nor write the cache: for requests that act, such as asking an
    /// archive to capture a page, whose answer must never be replayed.
    pub fresh: bool,
}

impl Ask {
    /// The key that tells this request apart in the cache and among fetches in flight:
    /// the URL, and the extra headers when there are any.
    fn key(&self, url: &str) -> String {
        let mut key = url.to_owned();
        for (name, value) in &self.headers {
            key.push('\n');
            key.push_str(&name.to_ascii_lowercase());
            key.push_str(": ");
            key.push_str(value);
        }
        if self.fresh {
            key.push_str("\nfresh");
        }
        key
    }

    fn header_map(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in &self.headers {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                map.insert(n, v);
            }
        }
        map
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// True when nothing proved the network reachable while fetches failed: every
    /// transport failure of the run must then be reported as `not-checked` (see
    /// [`Network::relabel`]), never as a dead link.
    pub network_unreachable: bool,
    /// What the run knew about its network.
    pub network: Network,
    /// True when the run was stopped (Ctrl-C) before every URL was fetched.
    pub interrupted: bool,
}
