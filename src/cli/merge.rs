//! `citecheck merge`: the reports of shards joined into one, after checking that they
//! are the shards of one run, each once.

use anyhow::{bail, Context};

use citecheck::report::merge::Shards;
use citecheck::report::schema::{Report, Summary};

use super::args::MergeArgs;
use super::check::prepare_outputs;
use super::exit::Outcome;
use super::reports::{terminal_summary, write_reports};
use super::sarif::write_sarif;
use super::shared::{emit, verdict_outcome, Global};

/// Reads the shards' report.json files, joins them and writes the merged reports. A set
/// that lacks a shard, repeats one or mixes runs gives a report marked incomplete and
/// exit 2, unless `--allow-partial`.
pub fn run(args: MergeArgs, global: &Global) -> anyhow::Result<Outcome> {
    let mut parts = Vec::new();
    for path in &args.reports {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let part: Report = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a citecheck report", path.display()))?;
        parts.push((path.display().to_string(), part));
    }
    let shards = Shards::check(parts);
    let mut merged = Report::merge(shards.reports).map_err(anyhow::Error::msg)?;
    if let Some(fail_on) = &args.fail_on {
        merged.run.settings.fail_on = fail_on.0.clone();
        merged.summary = Summary::of(&merged.citations, &fail_on.0)?;
    }
    if !shards.problems.is_empty() {
        merged.run.incomplete = true;
        merged.run.merge_problems = shards.problems.clone();
    }
    let config = global.config()?;
    let dir = args
        .report_dir
        .unwrap_or_else(|| config.root.join(&config.report_dir));
    prepare_outputs(&dir, &[args.sarif.as_deref()])?;
    let (markdown, _) = write_reports(&dir, &merged)?;
    if let Some(path) = &args.sarif {
        write_sarif(path, &merged)?;
    }
    for problem in &shards.problems {
        global.messages.warn(problem);
    }
    if !global.messages.quiet {
        emit(&terminal_summary(&markdown))?;
    }
    if !shards.problems.is_empty() && !args.allow_partial {
        bail!(
            "the merged report is incomplete ({}); pass --allow-partial to accept it",
            shards.problems.join("; ")
        );
    }
    Ok(verdict_outcome(&merged))
}
