//! `citations.toml`: the corpus list and every setting, validated before anything runs.
//!
//! Layers, strongest first: command-line flag, `CITECHECK_*` environment variable (both
//! resolved by the CLI), this file, built-in defaults. Unknown keys are errors that name
//! the key, line and column: a typo must not silently fall back to a default.

mod archive;
mod biblio;
mod fetch;
mod history;
mod values;

use std::collections::BTreeMap;
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

pub use archive::RawArchiveSource;
pub use biblio::RawBiblio;
pub use fetch::{Addresses, Canaries, FetchOverrides, RawHost, RawRemap};
pub use history::HistorySettings;
pub use values::{parse_duration, parse_size, DurationValue, SizeValue};

/// The file `check` and `extract` read when `--config` is not given.
pub const DEFAULT_FILE: &str = "citations.toml";

/// The settings as written in the file; every key optional.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Documents to check: paths or globs, relative to the config file.
    pub corpus: Option<Vec<String>>,
    /// Where `check` writes its reports.
    pub report_dir: Option<PathBuf>,
    /// Requests in flight across all hosts.
    pub max_concurrency: Option<NonZeroUsize>,
    /// Requests in flight to one host.
    pub host_concurrency: Option<NonZeroUsize>,
    /// Minimum time between two requests to one host.
    pub host_request_interval: Option<DurationValue>,
    /// Limit on one request attempt, connect to last byte.
    pub timeout: Option<DurationValue>,
    /// Limit on establishing a connection.
    pub connect_timeout: Option<DurationValue>,
    /// Retries after the first attempt (429, 5xx, resets, timeouts).
    pub max_retries: Option<u32>,
    /// Longest wait before a retry, whatever `Retry-After` asks.
    pub max_retry_wait: Option<DurationValue>,
    /// Redirects followed before giving up.
    pub max_redirects: Option<usize>,
    /// Bytes of (decompressed) body kept per page.
    pub max_body: Option<SizeValue>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// Keep what fetches learn on disk between runs.
    pub cache: Option<bool>,
    /// Where the cache lives, relative to this file.
    pub cache_dir: Option<PathBuf>,
    /// Cache entries older than this are fetched again.
    pub cache_max_age: Option<DurationValue>,
    /// Cached failures (4xx, redirect loops) older than this are fetched again.
    pub cache_failure_max_age: Option<DurationValue>,
    /// Never serve a cached failure: fetch it again.
    pub recheck_failures: Option<bool>,
    /// Serve only from the cache.
    pub offline: Option<bool>,
    /// Also refuse private and loopback addresses.
    pub exclude_private: Option<bool>,
    /// Honour `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`.
    pub proxy_from_env: Option<bool>,
    /// Hosts that prove the network works when fetches fail (`host:port`, or a list).
    pub canary: Option<Canaries>,
    /// Fail the run (exit 2) when the network could not be reached or a cited URL was
    /// not checked, so that a green CI job always means "checked".
    pub require_network: Option<bool>,
    /// Verdicts that fail the run (exit code 1).
    pub fail_on: Option<Vec<crate::types::VerdictCode>>,
    /// Look up archived copies of dead, failing, unverifiable and changed pages.
    pub archive: Option<bool>,
    /// The archives asked, by id, in order of preference.
    pub archives: Option<Vec<String>>,
    /// A Memento aggregator's TimeMap prefix (the URL is appended), asked as well.
    pub archive_aggregator: Option<String>,
    /// Captures read at most per URL before giving up.
    pub archive_max_tried: Option<NonZeroUsize>,
    /// Archives of one's own: `[[archive_source]] id, name, timemap, timegate, raw`.
    #[serde(default)]
    pub archive_source: Vec<RawArchiveSource>,
    /// Ask the Internet Archive to capture live cited pages with no recent capture.
    pub save_live: Option<bool>,
    /// A capture younger than this needs no new one.
    pub save_live_recent: Option<DurationValue>,
    /// The least time between two capture requests.
    pub save_live_interval: Option<DurationValue>,
    /// Captures asked at most per run.
    pub save_live_max: Option<usize>,
    /// The Save Page Now endpoint (the page's URL is appended).
    pub save_live_endpoint: Option<String>,
    /// How `fix` writes an archived copy beside a Markdown link (`{url}`, `{date}`,
    /// `{archive}` are filled in).
    pub fix_archived_form: Option<String>,
    /// How `fix` writes a moved page's new address beside a Markdown link.
    pub fix_moved_form: Option<String>,
    /// Keep a history of checks across runs, and judge failures over time.
    pub history: Option<bool>,
    /// Where the history lives, relative to this file.
    pub history_file: Option<PathBuf>,
    /// Checks on different days before a failure that may pass is `dead`.
    pub dead_after_checks: Option<NonZeroU32>,
    /// Days from the first to the last of those checks.
    pub dead_after_days: Option<u32>,
    /// How long checks are kept in the history.
    pub history_keep: Option<DurationValue>,
    /// How many checks per URL the history keeps.
    pub history_max_checks: Option<NonZeroU32>,
    /// Bibliographic lookups: `[biblio] mailto = "..."`, endpoints, sources.
    pub biblio: Option<RawBiblio>,
    /// Fixed addresses for host names, like curl's `--resolve`: `[resolve]
    /// "www.example.org" = "10.0.0.5"` (or a list; `"*"` for every other name).
    #[serde(default)]
    pub resolve: BTreeMap<String, Addresses>,
    /// Per-host politeness and headers: `[hosts."www.reuters.com"]`.
    #[serde(default)]
    pub hosts: BTreeMap<String, RawHost>,
    /// URL rewrites before fetching: `[[remap]] pattern = "..." replace = "..."`.
    #[serde(default)]
    pub remap: Vec<RawRemap>,
}

/// Validated settings, with defaults applied and paths resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Globs or paths of the corpus, resolved against the config file's folder.
    pub corpus: Vec<String>,
    /// Where reports go.
    pub report_dir: PathBuf,
    /// The folder the config file lives in (the current folder without one).
    pub root: PathBuf,
    /// The file as written, for the settings later layers resolve
    /// (see [`Config::fetch_config`]).
    pub file: RawConfig,
}

impl Config {
    /// Reads `path`; a missing default file means built-in defaults, a missing
    /// explicit file is an error.
    pub fn load(path: Option<&Path>) -> Result<Config, Error> {
        let (file, explicit) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from(DEFAULT_FILE), false),
        };
        let root = file.parent().map(Path::to_path_buf).unwrap_or_default();
        match std::fs::read_to_string(&file) {
            Ok(text) => Config::parse(&text, &file.display().to_string(), root),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(RawConfig::default().validate(root))
            }
            Err(source) => Err(Error::Read { path: file, source }),
        }
    }

    /// Parses config text; `name` appears in error messages.
    pub fn parse(text: &str, name: &str, root: PathBuf) -> Result<Config, Error> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| Error::Config(describe(name, text, &e)))?;
        Ok(raw.validate(root))
    }

    /// The verdicts that fail a run: `fail_on`, or by default rot and wrong pages (bot
    /// walls and other unverifiable pages are no evidence of rot).
    pub fn fail_on(&self) -> Vec<crate::types::VerdictCode> {
        use crate::types::VerdictCode;
        self.file
            .fail_on
            .clone()
            .unwrap_or_else(|| vec![VerdictCode::Dead, VerdictCode::TitleMismatch])
    }

    /// Expands the corpus globs into document paths, sorted, each glob matching
    /// at least one file.
    pub fn documents(&self) -> Result<Vec<PathBuf>, Error> {
        let mut out = Vec::new();
        for pattern in &self.corpus {
            let full = self.root.join(pattern);
            let full = full.to_string_lossy();
            let paths = glob::glob(&full)
                .map_err(|e| Error::Corpus(format!("corpus pattern '{pattern}': {e}")))?;
            let mut matched: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            if matched.is_empty() {
                return Err(Error::Corpus(format!(
                    "corpus pattern '{pattern}' matches no file"
                )));
            }
            matched.sort();
            out.extend(matched);
        }
        out.dedup();
        Ok(out)
    }
}

impl RawConfig {
    /// Applies defaults.
    pub fn validate(self, root: PathBuf) -> Config {
        Config {
            corpus: self.corpus.clone().unwrap_or_default(),
            report_dir: self
                .report_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("reports")),
            root,
            file: self,
        }
    }
}

/// `citations.toml:3:1: unknown field `corpse`, expected ...`
fn describe(name: &str, text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end_matches('\n');
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            format!("{name}:{line}:{col}: {message}")
        }
        None => format!("{name}: {message}"),
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_line_and_column() {
        let err = Config::parse(
            "corpus = [\"a.txt\"]\n\n  corpse = 1\n",
            "citations.toml",
            PathBuf::new(),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("citations.toml:3:3: unknown field `corpse`"),
            "{msg}"
        );
    }

    #[test]
    fn defaults() {
        let c = Config::parse("", "x", PathBuf::from("/r")).unwrap();
        assert_eq!(c.report_dir, PathBuf::from("reports"));
        assert!(c.corpus.is_empty());
    }
}
