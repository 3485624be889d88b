//! `citecheck merge`: the reports of shards joined into one.

use anyhow::Context;

use citecheck::report::schema::Report;

use super::args::MergeArgs;
use super::exit::Outcome;
use super::reports::{terminal_summary, write_reports};
use super::run::{emit, verdict_outcome, Global};

/// Reads the shards' report.json files, joins them and writes the merged reports.
pub fn run(args: MergeArgs, global: &Global) -> anyhow::Result<Outcome> {
    let mut parts = Vec::new();
    for path in &args.reports {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let part: Report = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a citecheck report", path.display()))?;
        parts.push(part);
    }
    let merged = Report::merge(parts).map_err(anyhow::Error::msg)?;
    let config = global.config()?;
    let dir = args
        .report_dir
        .unwrap_or_else(|| config.root.join(&config.report_dir));
    let (markdown, _) = write_reports(&dir, &merged)?;
    if !global.messages.quiet {
        emit(&terminal_summary(&markdown))?;
    }
    Ok(verdict_outcome(&merged))
}
