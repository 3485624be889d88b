//! Everything that knows about the terminal: flags, output, exit codes.

mod args;
mod check;
mod cite;
mod documents;
mod exit;
mod extract;
mod fetch;
mod fix;
mod help;
mod inspect;
mod merge;
mod progress;
mod reports;
mod sarif;
mod shared;
mod unchecked;
mod verbose;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use exit::Outcome;
use shared::{Global, Messages};

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
    exit::from_result(run(args))
}

/// Runs one command: each subcommand is one function, in the file of its name.
fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let global = Global {
        config: cli.config,
        messages: Messages {
            quiet: cli.quiet,
            verbose: if cli.quiet { 0 } else { cli.verbose },
        },
    };
    match cli.command {
        Command::Check(args) => check::run(args, &global),
        Command::Extract(args) => extract::run(args, &global),
        Command::Merge(args) => merge::run(args, &global),
        Command::Cite(args) => cite::run(args, &global),
        Command::Inspect(args) => inspect::run(args, &global),
        Command::Fix(args) => fix::run(args, &global),
    }
}
