//! From fetch flags to a running fetcher: the one place that builds the tokio runtime.

use anyhow::Context;

use citecheck::config::{Config, FetchOverrides};
use citecheck::fetch::{FetchRun, Fetcher};

use super::args::FetchArgs;

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

/// Fetches every distinct URL with the settings in force.
pub fn fetch_all(
    config: &Config,
    args: &FetchArgs,
    urls: impl IntoIterator<Item = String>,
) -> anyhow::Result<FetchRun> {
    let settings = config.fetch_config(&args.overrides())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let fetcher = runtime
        .block_on(async { Fetcher::new(settings) })
        .context("invalid fetch settings")?;
    // Reports carry no bodies: dropping each one as its fetch ends keeps memory flat
    // however many pages a run fetches.
    Ok(runtime.block_on(fetcher.fetch_all_with(urls, |f| f.body = None)))
}
