//! Saying what a run could not check, so that a green CI job means "checked".

use citecheck::config::Config;
use citecheck::fetch::FetchOutcome;
use citecheck::report::github::run_warning;
use citecheck::report::schema::Report;

use super::args::FetchArgs;
use super::shared::Messages;

/// What a run left unchecked, and what to do about it.
#[derive(Debug)]
pub struct Unchecked {
    /// The message, for people.
    pub message: String,
    /// `--require-network` or `require_network`: the run fails (exit 2).
    pub required: bool,
}

impl Unchecked {
    /// The citations with a URL that `report` did not check (network unreachable,
    /// offline and not cached, names that prove nothing), or `None` when it checked
    /// them all or was interrupted (which says so itself).
    pub fn of(
        report: &Report,
        args: &FetchArgs,
        config: &Config,
    ) -> anyhow::Result<Option<Unchecked>> {
        if report.run.incomplete {
            return Ok(None);
        }
        let mut count = 0usize;
        report.citations.for_each_slim(|e| {
            if e.fetch
                .as_ref()
                .is_some_and(|f| f.outcome == FetchOutcome::NotChecked)
            {
                count += 1;
            }
        })?;
        if count == 0 && !report.run.network_unreachable {
            return Ok(None);
        }
        let with_url = report.summary.with_url;
        let what = format!(
            "{count} of {with_url} {} with a URL {} not checked",
            plural(with_url, "citation", "citations"),
            if count == 1 { "was" } else { "were" }
        );
        let why = if report.run.network_unreachable {
            let detail = report
                .run
                .network_detail
                .as_deref()
                .unwrap_or("no host answered");
            format!("the network is unreachable ({detail}); nothing is classified as dead: {what}")
        } else if report.run.settings.offline {
            format!("{what} (offline, and not in the cache)")
        } else {
            match report.run.network_detail.as_deref() {
                Some(d) => format!("{what} ({d})"),
                None => what,
            }
        };
        Ok(Some(Unchecked {
            message: why,
            required: args.require_network || config.file.require_network.unwrap_or(false),
        }))
    }

    /// Warns on stderr and, in CI, as a workflow warning on stdout (returned).
    pub fn warn(&self, messages: Messages) -> String {
        messages.warn(&self.message);
        if in_ci() {
            run_warning(&self.message)
        } else {
            String::new()
        }
    }

    /// The error that fails the run when the network is required.
    pub fn enforce(&self) -> anyhow::Result<()> {
        if self.required {
            anyhow::bail!(
                "{}; the network is required (--require-network, require_network = true)",
                self.message
            );
        }
        Ok(())
    }
}

/// `word` or its plural, for `n`.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// True in a CI job: GitHub Actions, or any CI that sets `CI`.
fn in_ci() -> bool {
    let set = |name: &str| {
        std::env::var(name).is_ok_and(|v| {
            !matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "" | "0" | "false" | "no"
            )
        })
    };
    set("GITHUB_ACTIONS") || set("CI")
}
