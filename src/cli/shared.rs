//! What the subcommands share: the global flags, warnings, stdout and stderr, and the
//! exit code a report's verdicts give.

use std::io::Write;

use citecheck::config::Config;
use citecheck::report;

use super::exit::Outcome;

/// What every subcommand gets from the global flags.
#[derive(Debug)]
pub struct Global {
    /// `--config`.
    pub config: Option<std::path::PathBuf>,
    /// Where warnings go, and how much to say.
    pub messages: Messages,
}

impl Global {
    /// Reads the config file (`--config`, else `citations.toml` when present).
    pub fn config(&self) -> anyhow::Result<Config> {
        Ok(Config::load(self.config.as_deref())?)
    }
}

/// Exit 1 when a verdict fails the policy.
pub fn verdict_outcome(report: &report::schema::Report) -> Outcome {
    if report.summary.failing > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// Writes `text` to stdout.
pub fn emit(text: &str) -> anyhow::Result<Outcome> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome::Clean)
}

/// Writes `text` to stderr as it is (workflow commands, verbose lines).
#[allow(
    clippy::print_stderr,
    reason = "the CLI is where messages reach the user"
)]
pub fn to_stderr(text: &str) {
    if !text.is_empty() {
        eprint!("{text}");
    }
}

/// Warnings on stderr, unless `--quiet`; details with `-v`.
#[derive(Debug, Clone, Copy)]
pub struct Messages {
    /// `-q`: errors only.
    pub quiet: bool,
    /// `-v` (1), `-vv` (2); 0 with `-q`.
    pub verbose: u8,
}

impl Messages {
    /// A warning, unless `--quiet`.
    #[allow(
        clippy::print_stderr,
        reason = "the CLI is where warnings reach the user"
    )]
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("citecheck: warning: {}", strip_controls(message));
        }
    }
}

/// Keeps terminal escape sequences from documents and pages off the user's terminal.
pub fn strip_controls(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}
