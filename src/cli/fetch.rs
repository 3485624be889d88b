//! From fetch flags to a running fetcher: the one place that builds the tokio runtime.

use anyhow::Context;

use citecheck::config::{Config, FetchOverrides};
use citecheck::fetch::{FetchRun, Fetched, Fetcher};

use super::args::FetchArgs;
use super::progress::Progress;

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
        }
    }
}

/// Fetches every distinct URL with the settings in force, with a progress bar; Ctrl-C
/// stops the run and returns what was fetched (a second Ctrl-C exits at once).
pub fn fetch_all(
    config: &Config,
    args: &FetchArgs,
    urls: Vec<String>,
    quiet: bool,
) -> anyhow::Result<FetchRun> {
    let settings = config.fetch_config(&args.overrides())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let fetcher = runtime
        .block_on(async { Fetcher::new(settings) })
        .context("invalid fetch settings")?;
    let progress = Progress::new(urls.iter().map(String::as_str), quiet);
    let bar = progress.clone();
    // Reports carry no bodies: dropping each one as its fetch ends keeps memory flat
    // however many pages a run fetches.
    let each = move |f: &mut Fetched| {
        bar.fetched(f);
        f.body = None;
    };
    let run = runtime.block_on(fetcher.fetch_all_with(urls, each, interrupt()));
    progress.finish();
    Ok(run)
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
