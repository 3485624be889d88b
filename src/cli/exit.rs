//! The one place that decides exit codes: 0 nothing fails the policy, 1 findings fail
//! it, 2 usage, config or I/O error, 130 interrupted by Ctrl-C (reports written). A
//! closed pipe (`citecheck extract | head`) is 0.

use std::process::ExitCode;

/// Usage, configuration or I/O error.
pub fn usage() -> ExitCode {
    ExitCode::from(2)
}

/// What a command achieved, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing fails the policy.
    Clean,
    /// Findings fail the policy.
    Findings,
    /// Stopped by Ctrl-C after writing what was done (128 + SIGINT, as shells expect).
    Interrupted,
}

/// Prints an error once, with its causes, and picks the code.
#[allow(
    clippy::print_stderr,
    reason = "the CLI is where errors reach the user"
)]
pub fn from_result(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("citecheck: error: {e:#}");
            usage()
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
