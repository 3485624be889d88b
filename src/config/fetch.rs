//! The fetch settings of `citations.toml`, and how flags and environment variables are
//! layered over them into a [`FetchConfig`].

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

use super::{Config, DurationValue};
use crate::error::Error;
use crate::fetch::{FetchConfig, HostConfig, RemapRule, DEFAULT_CACHE_DIR};

/// `[hosts."www.reuters.com"]`: politeness and headers for one host.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHost {
    /// Minimum time between two requests to this host.
    pub request_interval: Option<DurationValue>,
    /// Requests in flight to this host.
    pub concurrency: Option<NonZeroUsize>,
    /// Extra request headers for this host only.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

/// `[[remap]]`: a URL rewrite, checked when the file is read so that a bad pattern is
/// reported with its line and column.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRemap {
    /// A regular expression matched against the whole URL.
    #[serde(deserialize_with = "regex_pattern")]
    pub pattern: String,
    /// The replacement, with `${1}` groups.
    pub replace: String,
}

fn regex_pattern<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let pattern = String::deserialize(d)?;
    regex::Regex::new(&pattern).map_err(|e| {
        serde::de::Error::custom(format!(
            "invalid remap pattern: {}",
            one_line(&e.to_string())
        ))
    })?;
    Ok(pattern)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One address or several, as written under `[resolve]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged, expecting = "an IP address or a list of IP addresses")]
pub enum Addresses {
    /// `"127.0.0.2"`.
    One(IpAddr),
    /// `["127.0.0.2", "::1"]`.
    Many(Vec<IpAddr>),
}

impl Addresses {
    fn to_vec(&self) -> Vec<IpAddr> {
        match self {
            Addresses::One(ip) => vec![*ip],
            Addresses::Many(ips) => ips.clone(),
        }
    }
}

/// One canary or several, as written under `canary`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged, expecting = "a host:port or a list of them")]
pub enum Canaries {
    /// `"one.one.one.one:443"`.
    One(String),
    /// `["one.one.one.one:443", "intranet.example:443"]`.
    Many(Vec<String>),
}

impl Canaries {
    fn to_vec(&self) -> Vec<String> {
        match self {
            Canaries::One(c) => vec![c.clone()],
            Canaries::Many(cs) => cs.clone(),
        }
    }
}

/// What the command line (flags, then `CITECHECK_*` variables) says about fetching;
/// `None` and `false` leave the file's value or the default in force.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchOverrides {
    /// `--max-concurrency`.
    pub max_concurrency: Option<NonZeroUsize>,
    /// `--host-concurrency`.
    pub host_concurrency: Option<NonZeroUsize>,
    /// `--host-request-interval`.
    pub host_request_interval: Option<Duration>,
    /// `--timeout`.
    pub timeout: Option<Duration>,
    /// `--max-retries`.
    pub max_retries: Option<u32>,
    /// `--user-agent`.
    pub user_agent: Option<String>,
    /// `--no-cache`: neither read nor write the cache.
    pub no_cache: bool,
    /// `--offline`: cache only.
    pub offline: bool,
    /// `--cache-dir`, relative to the current folder.
    pub cache_dir: Option<PathBuf>,
    /// `--remap` rules; they come before the file's, so the first match is the flag's.
    pub remap: Vec<RemapRule>,
    /// `--canary`; replaces the file's list.
    pub canaries: Vec<String>,
    /// `--recheck-failures`.
    pub recheck_failures: bool,
}

impl Config {
    /// The fetch settings in force: `overrides` over the file over the defaults.
    pub fn fetch_config(&self, o: &FetchOverrides) -> Result<FetchConfig, Error> {
        let f = &self.file;
        let d = FetchConfig::default();
        let secs = |v: Option<DurationValue>, default: Duration| v.map_or(default, |x| x.0);
        let timeout = o.timeout.unwrap_or_else(|| secs(f.timeout, d.timeout));
        if timeout.is_zero() {
            return Err(Error::Config(
                "timeout must be more than 0: no request can finish in no time".to_owned(),
            ));
        }
        let (cache_dir, offline) = self.cache(o)?;
        Ok(FetchConfig {
            user_agent: o
                .user_agent
                .clone()
                .or_else(|| f.user_agent.clone())
                .unwrap_or(d.user_agent),
            max_concurrency: o
                .max_concurrency
                .or(f.max_concurrency)
                .map_or(d.max_concurrency, NonZeroUsize::get),
            host_concurrency: o
                .host_concurrency
                .or(f.host_concurrency)
                .map_or(d.host_concurrency, NonZeroUsize::get),
            host_request_interval: o
                .host_request_interval
                .unwrap_or_else(|| secs(f.host_request_interval, d.host_request_interval)),
            hosts: self.hosts(),
            timeout,
            connect_timeout: secs(f.connect_timeout, d.connect_timeout),
            max_retries: o.max_retries.or(f.max_retries).unwrap_or(d.max_retries),
            retry_base_delay: d.retry_base_delay,
            max_retry_wait: secs(f.max_retry_wait, d.max_retry_wait),
            max_redirects: f.max_redirects.unwrap_or(d.max_redirects),
            max_body: f.max_body.map_or(d.max_body, |x| x.0),
            exclude_private: f.exclude_private.unwrap_or(d.exclude_private),
            resolve: f
                .resolve
                .iter()
                .map(|(name, a)| (name.to_ascii_lowercase(), a.to_vec()))
                .collect(),
            proxy_from_env: f.proxy_from_env.unwrap_or(d.proxy_from_env),
            remap: self.remap(o),
            cache_dir,
            cache_max_age: secs(f.cache_max_age, d.cache_max_age),
            cache_failure_max_age: secs(f.cache_failure_max_age, d.cache_failure_max_age),
            recheck_failures: o.recheck_failures || f.recheck_failures.unwrap_or(false),
            offline,
            canaries: if o.canaries.is_empty() {
                f.canary.as_ref().map_or(d.canaries, Canaries::to_vec)
            } else {
                o.canaries.clone()
            },
        })
    }

    /// The cache folder (`None` when the cache is off) and whether the run is offline;
    /// offline without a cache could check nothing at all.
    fn cache(&self, o: &FetchOverrides) -> Result<(Option<PathBuf>, bool), Error> {
        let f = &self.file;
        let cache_on = !o.no_cache && f.cache.unwrap_or(true);
        let offline = o.offline || f.offline.unwrap_or(false);
        if offline && !cache_on {
            return Err(Error::Config(
                "offline mode reads only the cache, but the cache is off (`--no-cache` or \
                 `cache = false`)"
                    .to_owned(),
            ));
        }
        let cache_dir = cache_on.then(|| {
            o.cache_dir.clone().unwrap_or_else(|| {
                self.root
                    .join(f.cache_dir.as_deref().unwrap_or(DEFAULT_CACHE_DIR.as_ref()))
            })
        });
        Ok((cache_dir, offline))
    }

    /// `[hosts."..."]`, as the fetch stage takes them.
    fn hosts(&self) -> BTreeMap<String, HostConfig> {
        self.file
            .hosts
            .iter()
            .map(|(name, h)| {
                let host = HostConfig {
                    request_interval: h.request_interval.map(|x| x.0),
                    concurrency: h.concurrency.map(NonZeroUsize::get),
                    headers: h.headers.clone(),
                };
                (name.clone(), host)
            })
            .collect()
    }

    /// The flags' rules, then the file's: the first match wins, so the flag's.
    fn remap(&self, o: &FetchOverrides) -> Vec<RemapRule> {
        o.remap
            .iter()
            .cloned()
            .chain(self.file.remap.iter().map(|r| RemapRule {
                pattern: r.pattern.clone(),
                replace: r.replace.clone(),
            }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::parse(text, "citations.toml", PathBuf::from("/proj"))
    }

    const FULL: &str = r#"
max_concurrency = 16
host_concurrency = 1
host_request_interval = "250ms"
timeout = "20s"
connect_timeout = 5
max_retries = 5
max_retry_wait = "2m"
max_redirects = 4
max_body = "1 MiB"
user_agent = "lab-bot/1"
cache_dir = "cache"
cache_max_age = "12h"
cache_failure_max_age = "10m"
recheck_failures = true
canary = "intranet.example:8443"
require_network = true
exclude_private = true
proxy_from_env = false

[hosts."www.reuters.com"]
request_interval = "5s"
concurrency = 1
headers = { "Accept-Language" = "en" }

[resolve]
"www.state.gov" = "127.0.0.2"
"*" = ["127.0.0.3", "::1"]

[[remap]]
pattern = "^https://old\\.example/(.*)$"
replace = "https://new.example/${1}"
"#;

    #[test]
    fn every_key_reaches_the_fetch_config() {
        let c = parse(FULL)
            .unwrap()
            .fetch_config(&FetchOverrides::default())
            .unwrap();
        assert_eq!(c.max_concurrency, 16);
        assert_eq!(c.host_concurrency, 1);
        assert_eq!(c.host_request_interval, Duration::from_millis(250));
        assert_eq!(c.timeout, Duration::from_secs(20));
        assert_eq!(c.connect_timeout, Duration::from_secs(5));
        assert_eq!(c.max_retries, 5);
        assert_eq!(c.max_retry_wait, Duration::from_secs(120));
        assert_eq!(c.max_redirects, 4);
        assert_eq!(c.max_body, 1024 * 1024);
        assert_eq!(c.user_agent, "lab-bot/1");
        assert_eq!(c.cache_dir, Some(PathBuf::from("/proj/cache")));
        assert_eq!(c.cache_max_age, Duration::from_secs(12 * 3600));
        assert_eq!(c.cache_failure_max_age, Duration::from_secs(600));
        assert!(c.recheck_failures);
        assert_eq!(c.canaries, ["intranet.example:8443"]);
        assert!(c.exclude_private);
        assert!(!c.proxy_from_env);
        assert_eq!(
            c.host_settings("www.reuters.com"),
            (Duration::from_secs(5), 1)
        );
        assert_eq!(c.hosts["www.reuters.com"].headers["Accept-Language"], "en");
        assert_eq!(c.remap.len(), 1);
        assert_eq!(
            c.resolve["www.state.gov"],
            ["127.0.0.2".parse::<IpAddr>().unwrap()]
        );
        assert_eq!(c.resolve["*"].len(), 2);
    }

    #[test]
    fn canaries_from_the_file_as_one_or_a_list_and_from_flags() {
        let list = parse("canary = [\"a.example:443\", \"10.0.0.1:80\"]\n").unwrap();
        let c = list.fetch_config(&FetchOverrides::default()).unwrap();
        assert_eq!(c.canaries, ["a.example:443", "10.0.0.1:80"]);
        let flag = FetchOverrides {
            canaries: vec!["b.example:1".into()],
            ..FetchOverrides::default()
        };
        assert_eq!(list.fetch_config(&flag).unwrap().canaries, ["b.example:1"]);
        let none = parse("")
            .unwrap()
            .fetch_config(&FetchOverrides::default())
            .unwrap();
        assert_eq!(none.canaries, crate::fetch::DEFAULT_CANARIES);
        assert!(parse("canary = 443\n").is_err());
        assert_eq!(
            parse("require_network = true\n")
                .unwrap()
                .file
                .require_network,
            Some(true)
        );
    }

    #[test]
    fn flags_beat_the_file_and_the_file_beats_defaults() {
        let config = parse(FULL).unwrap();
        let o = FetchOverrides {
            max_concurrency: NonZeroUsize::new(3),
            host_request_interval: Some(Duration::from_millis(20)),
            timeout: Some(Duration::from_secs(1)),
            max_retries: Some(0),
            user_agent: Some("flag/2".into()),
            cache_dir: Some(PathBuf::from("elsewhere")),
            remap: vec![RemapRule {
                pattern: "x".into(),
                replace: "y".into(),
            }],
            ..FetchOverrides::default()
        };
        let c = config.fetch_config(&o).unwrap();
        assert_eq!(c.max_concurrency, 3);
        assert_eq!(c.host_concurrency, 1, "not overridden: the file's value");
        assert_eq!(c.host_request_interval, Duration::from_millis(20));
        assert_eq!(c.timeout, Duration::from_secs(1));
        assert_eq!(c.max_retries, 0);
        assert_eq!(c.user_agent, "flag/2");
        assert_eq!(c.cache_dir, Some(PathBuf::from("elsewhere")));
        assert_eq!(c.remap[0].pattern, "x", "flag rules match first");
        assert_eq!(c.remap.len(), 2);

        let defaults = parse("")
            .unwrap()
            .fetch_config(&FetchOverrides::default())
            .unwrap();
        let d = FetchConfig::default();
        assert_eq!(defaults.max_concurrency, d.max_concurrency);
        assert_eq!(defaults.host_request_interval, d.host_request_interval);
        assert_eq!(
            defaults.cache_dir,
            Some(PathBuf::from("/proj").join(DEFAULT_CACHE_DIR))
        );
    }

    #[test]
    fn cache_switches() {
        let off = FetchOverrides {
            no_cache: true,
            ..FetchOverrides::default()
        };
        assert_eq!(
            parse("").unwrap().fetch_config(&off).unwrap().cache_dir,
            None
        );
        let file_off = parse("cache = false").unwrap();
        assert_eq!(
            file_off
                .fetch_config(&FetchOverrides::default())
                .unwrap()
                .cache_dir,
            None
        );
        let offline = FetchOverrides {
            offline: true,
            ..FetchOverrides::default()
        };
        let err = file_off.fetch_config(&offline).unwrap_err().to_string();
        assert!(err.contains("offline"), "{err}");
        assert!(
            parse("offline = true")
                .unwrap()
                .fetch_config(&FetchOverrides::default())
                .unwrap()
                .offline
        );
    }

    #[test]
    fn bad_values_name_their_line_and_column() {
        let cases = [
            (
                "timeout = \"fast\"\n",
                "citations.toml:1:11: invalid duration 'fast'",
            ),
            ("max_concurrency = 0\n", "citations.toml:1:19:"),
            (
                "max_body = \"5 parsecs\"\n",
                "citations.toml:1:12: invalid size unit",
            ),
            (
                "[[remap]]\npattern = \"(\"\nreplace = \"x\"\n",
                "citations.toml:2:11: invalid remap pattern",
            ),
            (
                "[resolve]\n\"a.example\" = \"localhost\"\n",
                "citations.toml:2:15: an IP address or a list of IP addresses",
            ),
            (
                "[hosts.\"a.example\"]\nconcurency = 1\n",
                "citations.toml:2:1: unknown field `concurency`",
            ),
        ];
        for (text, want) in cases {
            let msg = parse(text).unwrap_err().to_string();
            assert!(msg.starts_with(want), "{text:?}: {msg}");
        }
    }
}
