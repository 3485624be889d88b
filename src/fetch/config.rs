//! The fetch stage's settings, with the defaults in one place.
//!
//! Defaults suit citations rather than crawling: few URLs per host, a polite one request
//! per second to each, generous timeouts, and a body cap big enough for HTML metadata and
//! a PDF's first pages. The CLI and `citations.toml` fill this struct; the library never
//! reads the environment or the terminal itself (except the standard proxy variables, when
//! [`FetchConfig::proxy_from_env`] is on).

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The default `User-Agent`: who we are and where to complain.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "citecheck/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/citecheck/citecheck)"
);

/// The cache folder the CLI should use when none is configured (relative to the run).
pub const DEFAULT_CACHE_DIR: &str = ".citecheck/cache";

/// How the fetch stage behaves; build a [`super::Fetcher`] from it once per run.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    /// The `User-Agent` header sent with every request.
    pub user_agent: String,
    /// Requests in flight across all hosts.
    pub max_concurrency: usize,
    /// Requests in flight to one host, unless the host overrides it.
    pub host_concurrency: usize,
    /// Minimum time between the starts of two requests to one host.
    pub host_request_interval: Duration,
    /// Per-host overrides, keyed by host name as it appears in URLs (`www.reuters.com`).
    pub hosts: BTreeMap<String, HostConfig>,
    /// Limit on one request attempt, from connecting to the last body byte.
    pub timeout: Duration,
    /// Limit on establishing a connection.
    pub connect_timeout: Duration,
    /// Retries after the first attempt, for 429, 500, 502, 503, 504, resets and timeouts.
    pub max_retries: u32,
    /// The first backoff delay; each retry doubles it (with jitter).
    pub retry_base_delay: Duration,
    /// Longest wait before a retry, whatever `Retry-After` asks for.
    pub max_retry_wait: Duration,
    /// Redirects followed before giving up with `too-many-redirects`.
    pub max_redirects: usize,
    /// Bytes of (decompressed) body kept; reading stops there.
    pub max_body: usize,
    /// Also refuse private and loopback addresses (link-local ones are always refused).
    pub exclude_private: bool,
    /// Fixed addresses for host names, like curl's `--resolve`; the address policy still
    /// applies to them. Useful for mirrors and test servers. The name `*` matches every
    /// name without an entry of its own; an empty list means the name does not exist.
    pub resolve: BTreeMap<String, Vec<IpAddr>>,
    /// Honour `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`. Through a proxy the proxy
    /// resolves names, so only literal IP addresses can be checked by the address policy.
    pub proxy_from_env: bool,
    /// URL rewrite rules applied before fetching, first match wins.
    pub remap: Vec<RemapRule>,
    /// Where to keep the on-disk cache; `None` disables it.
    pub cache_dir: Option<PathBuf>,
    /// Cache entries older than this are fetched again.
    pub cache_max_age: Duration,
    /// Cached failures (4xx, too large, redirect loops) older than this are fetched
    /// again; never longer than `cache_max_age`, so a page that comes back is seen soon.
    pub cache_failure_max_age: Duration,
    /// Never serve a cached failure: fetch every such URL again.
    pub recheck_failures: bool,
    /// Serve only from the cache; anything not cached is `not-checked`.
    pub offline: bool,
    /// Hosts (`host:port`, port 443 when left out) that prove the network works when
    /// a run's fetches fail: resolved and connected to, nothing sent. Empty: only an
    /// answer from a public address during the run proves it.
    pub canaries: Vec<String>,
}

impl Default for FetchConfig {
    fn default() -> FetchConfig {
        FetchConfig {
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            max_concurrency: 64,
            host_concurrency: 2,
            host_request_interval: Duration::from_secs(1),
            hosts: BTreeMap::new(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_retries: 3,
            retry_base_delay: Duration::from_millis(500),
            max_retry_wait: Duration::from_secs(60),
            max_redirects: 10,
            max_body: 5 * 1024 * 1024,
            exclude_private: false,
            resolve: BTreeMap::new(),
            proxy_from_env: true,
            remap: Vec::new(),
            cache_dir: None,
            cache_max_age: Duration::from_secs(24 * 60 * 60),
            cache_failure_max_age: Duration::from_secs(60 * 60),
            recheck_failures: false,
            offline: false,
            canaries: super::DEFAULT_CANARIES.map(str::to_owned).to_vec(),
        }
    }
}

impl FetchConfig {
    /// The politeness settings in force for `host` (interval, concurrency), overrides
    /// applied; host names match case-insensitively, as DNS does.
    pub fn host_settings(&self, host: &str) -> (Duration, usize) {
        let o = self
            .hosts
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(host))
            .map(|(_, h)| h);
        let interval = o
            .and_then(|h| h.request_interval)
            .unwrap_or(self.host_request_interval);
        let concurrency = o
            .and_then(|h| h.concurrency)
            .unwrap_or(self.host_concurrency);
        (interval, concurrency.max(1))
    }
}

/// Settings for one host, each falling back to the global value when unset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostConfig {
    /// Minimum time between request starts to this host.
    pub request_interval: Option<Duration>,
    /// Requests in flight to this host.
    pub concurrency: Option<usize>,
    /// Extra headers sent to this host only (never to a host it redirects to).
    pub headers: BTreeMap<String, String>,
}

/// One URL rewrite: a regex and its replacement with `${1}`-style groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemapRule {
    /// The regular expression matched against the whole URL.
    pub pattern: String,
    /// The replacement, with `${1}` or `${name}` for groups.
    pub replace: String,
}

/// A configuration the fetch stage cannot run with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A remap pattern is not a valid regular expression.
    #[error("invalid remap pattern '{pattern}'")]
    Remap {
        /// The pattern as written.
        pattern: String,
        /// The regex parser's complaint.
        #[source]
        source: regex::Error,
    },
    /// A per-host header name or value is not valid HTTP.
    #[error("invalid header '{name}' for host '{host}'")]
    Header {
        /// The host the header was configured for.
        host: String,
        /// The header name.
        name: String,
    },
    /// The user agent is not a valid header value.
    #[error("invalid user agent '{0}'")]
    UserAgent(String),
    /// A concurrency limit of zero would never start a request.
    #[error("max_concurrency must be at least 1")]
    ZeroConcurrency,
    /// The HTTP client could not be built (for instance, no TLS roots).
    #[error("cannot build the HTTP client")]
    Client(#[source] reqwest::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_overrides_fall_back_to_the_globals() {
        let mut cfg = FetchConfig::default();
        cfg.hosts.insert(
            "www.Reuters.com".into(),
            HostConfig {
                request_interval: Some(Duration::from_secs(5)),
                concurrency: Some(0),
                ..HostConfig::default()
            },
        );
        assert_eq!(
            cfg.host_settings("www.reuters.com"),
            (Duration::from_secs(5), 1)
        );
        assert_eq!(cfg.host_settings("doi.org"), (Duration::from_secs(1), 2));
        assert!(DEFAULT_USER_AGENT.starts_with("citecheck/0."));
    }
}
