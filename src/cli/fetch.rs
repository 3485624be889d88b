//! From fetch flags to a finished check: the one place that builds the tokio runtime.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;

use citecheck::archive::Archive;
use citecheck::biblio::Biblio;
use citecheck::check::{self, Checked};
use citecheck::compare::VerdictCode;
use citecheck::config::{Config, FetchOverrides};
use citecheck::extract::Citation;
use citecheck::fetch::{FetchConfig, Fetched, Fetcher};
use citecheck::history::{Clock, History};
use citecheck::report::baseline::Baseline;
use citecheck::report::schema::{utc_date, Report, RunFacts, Settings};

use super::args::FetchArgs;
use super::progress::Progress;
use super::shared::Messages;

impl FetchArgs {
    /// The flags (and `CITECHECK_*` variables, which clap has already folded in).
    pub fn overrides(&self) -> FetchOverrides {
        FetchOverrides {
            max_concurrency: self.max_concurrency,
            host_concurrency: self.host_concurrency,
            host_request_interval: self.host_request_interval,
            timeout: self.timeout,
            max_retries: self.max_retries,
            user_agent: self.user_agent.clone(),
            no_cache: self.no_cache,
            offline: self.offline,
            cache_dir: self.cache_dir.clone(),
            remap: self.remap.clone(),
            canaries: self.canaries.clone(),
            recheck_failures: self.recheck_failures,
        }
    }
}

/// What `check` does beyond fetching and judging, when asked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// Ask the Internet Archive to capture the live pages (`--save-live`).
    pub save_live: bool,
    /// Findings accepted for now (`--baseline`).
    pub baseline: Option<&'a Baseline>,
}

/// Fetches, inspects and judges `citations`, with a progress bar; Ctrl-C stops the run
/// and judges what was fetched (a second Ctrl-C exits at once).
pub fn check(
    config: &Config,
    args: &FetchArgs,
    citations: Vec<Citation>,
    documents: Vec<String>,
    shard: Option<String>,
    messages: Messages,
    extras: Extras<'_>,
) -> anyhow::Result<Report> {
    let Extras {
        save_live,
        baseline,
    } = extras;
    let mut settings = config.fetch_config(&args.overrides())?;
    let biblio_settings = config.biblio_config();
    if let Some(b) = &biblio_settings {
        citecheck::biblio::politeness(&mut settings, b);
    }
    let run_settings = describe(&settings, config.fail_on());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let fetcher = runtime
        .block_on(async { Fetcher::new(settings) })
        .context("invalid fetch settings")?;
    let archive = config
        .archive_settings()?
        .map(|settings| Archive::new(fetcher.clone(), check::page_judge(), settings));
    let save = config.save_settings(save_live);
    let history = open_history(config, args, messages);
    let biblio = biblio_settings.map(|b| Biblio::new(fetcher.clone(), b));
    let options = check::Options {
        archive: archive.as_ref(),
        biblio: biblio.as_ref(),
        history: history.as_ref().map(|(h, policy)| Clock {
            history: h,
            policy: *policy,
            now: now_secs(),
        }),
        save_live: save.as_ref(),
        now: now_secs(),
        baseline,
    };
    let progress = Progress::new(
        citations.iter().filter_map(|c| c.url.as_deref()),
        messages.quiet,
        messages.verbose,
    );
    let bar = progress.clone();
    let checked: Checked = runtime
        .block_on(check::check(
            citations,
            &fetcher,
            options,
            move |f: &Fetched| bar.fetched(f),
            interrupt(),
        ))
        .context("cannot keep the results in a temporary file")?;
    progress.finish();
    for w in &checked.warnings {
        messages.warn(w);
    }
    let run = RunFacts {
        tool: env!("CARGO_PKG_VERSION").to_owned(),
        date: today(),
        documents,
        settings: run_settings,
        network_unreachable: checked.network_unreachable,
        network_detail: checked.network.detail.clone(),
        incomplete: checked.interrupted,
        merge_problems: Vec::new(),
        shard,
        saved: checked.saved,
    };
    Report::new(run, checked.entries).context("cannot read the results back")
}

/// The history of earlier runs, unless it is off; a history that cannot be opened (a
/// newer schema, a file held by another run) is said once, and the run goes on without.
fn open_history(
    config: &Config,
    args: &FetchArgs,
    messages: Messages,
) -> Option<(History, citecheck::history::Policy)> {
    let settings = config.history(args.no_history || args.offline)?;
    match History::open(&settings.file, settings.retention) {
        Ok(h) => Some((h, settings.policy)),
        Err(e) => {
            messages.warn(&format!(
                "{:#}; failures are judged on this run alone",
                anyhow::Error::from(e)
            ));
            None
        }
    }
}

/// The run's time in seconds since the Unix epoch: `SOURCE_DATE_EPOCH` when set, so
/// that the history's days agree with the report's date.
fn now_secs() -> i64 {
    i64::try_from(run_time()).unwrap_or(i64::MAX)
}

fn describe(s: &FetchConfig, fail_on: Vec<VerdictCode>) -> Settings {
    let ms = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    Settings {
        host_request_interval_ms: ms(s.host_request_interval),
        host_concurrency: s.host_concurrency,
        max_concurrency: s.max_concurrency,
        timeout_ms: ms(s.timeout),
        max_retries: s.max_retries,
        cache: s.cache_dir.is_some(),
        offline: s.offline,
        fail_on,
    }
}

/// Today in UTC, or the day of `SOURCE_DATE_EPOCH` for reproducible reports.
fn today() -> String {
    utc_date(run_time())
}

/// Now, or `SOURCE_DATE_EPOCH` for reproducible reports.
fn run_time() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        })
}

/// Completes on the first Ctrl-C; a second one ends the process, for a user who does not
/// want to wait even for the reports.
async fn interrupt() {
    if tokio::signal::ctrl_c().await.is_err() {
        // No signal handling on this platform: never interrupt.
        std::future::pending::<()>().await;
    }
    tokio::spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            std::process::exit(130);
        }
    });
}
