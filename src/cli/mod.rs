//! Everything that knows about the terminal: flags, output, exit codes.

mod args;
mod check;
mod cite;
mod documents;
mod exit;
mod extract;
mod fetch;
mod help;
mod inspect;
mod merge;
mod progress;
mod reports;
mod run;
mod sarif;
mod unchecked;
mod verbose;

use std::process::ExitCode;

use clap::Parser;

/// Parses the command line, runs it and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let args = match args::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            // clap prints help and version to stdout with exit 0, usage errors with 2.
            let _ = e.print();
            return if e.use_stderr() {
                exit::usage()
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    exit::from_result(run::run(args))
}
