//! `citecheck check`: the main job, from documents to reports.

use std::path::Path;

use anyhow::{bail, Context};

use citecheck::extract::Citation;
use citecheck::report;
use citecheck::report::baseline::Baseline;

use super::args::CheckArgs;
use super::documents::extract_documents;
use super::exit::Outcome;
use super::fetch;
use super::reports::{terminal_summary, write_reports};
use super::sarif::write_sarif;
use super::shared::{emit, verdict_outcome, Global, Messages};
use super::unchecked::Unchecked;

/// Extracts, fetches, judges, writes the reports and prints the summary.
pub fn run(args: CheckArgs, global: &Global) -> anyhow::Result<Outcome> {
    let messages = global.messages;
    let mut config = global.config()?;
    if let Some(fail_on) = &args.fail_on {
        config.file.fail_on = Some(fail_on.0.clone());
    }
    let (documents, mut citations) = extract_documents(&config, &args.paths, args.input, messages)?;
    select(&mut citations, &args)?;
    let dir = args
        .report_dir
        .unwrap_or_else(|| config.root.join(&config.report_dir));
    prepare_outputs(&dir, &[args.junit.as_deref(), args.sarif.as_deref()])?;
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::read(path).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let report = fetch::check(
        &config,
        &args.fetch,
        citations,
        documents,
        args.shard.map(|s| s.to_string()),
        messages,
        fetch::Extras {
            save_live: args.save_live,
            baseline: baseline.as_ref(),
        },
    )?;
    if let Some(b) = &baseline {
        note_stale(b, &report, messages)?;
    }
    if let Some(path) = &args.write_baseline {
        write_baseline(path, &report)?;
    }
    let unchecked = Unchecked::of(&report, &args.fetch, &config)?;
    if report.run.incomplete {
        messages.warn("interrupted: the reports cover only the URLs fetched so far");
    }
    let (markdown, [md_path, json_path, html_path]) = write_reports(&dir, &report)?;
    if let Some(path) = &args.junit {
        write_junit(path, &report)?;
    }
    if let Some(path) = &args.sarif {
        write_sarif(path, &report)?;
    }
    let mut out = String::new();
    if let Some(u) = &unchecked {
        out.push_str(&u.warn(messages));
    }
    if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") {
        out.push_str(&report::github::annotations(&report)?);
    }
    if !messages.quiet {
        out.push_str(&terminal_summary(&markdown));
        out.push_str(&format!(
            "\nReports: {}, {} and {}\n",
            md_path.display(),
            json_path.display(),
            html_path.display()
        ));
    }
    emit(&out)?;
    if let Some(u) = &unchecked {
        u.enforce()?;
    }
    Ok(if report.run.incomplete {
        Outcome::Interrupted
    } else {
        verdict_outcome(&report)
    })
}

/// Says which accepted findings the run no longer shows, so that the baseline can be
/// trimmed (stale entries would hide the same finding if it came back).
fn note_stale(
    b: &Baseline,
    report: &report::schema::Report,
    messages: Messages,
) -> anyhow::Result<()> {
    let mut entries = Vec::new();
    report
        .citations
        .for_each_slim(|e| entries.push(e.clone()))?;
    let stale = b.unmatched(&entries);
    if !stale.is_empty() {
        messages.warn(&format!(
            "{} finding(s) of the baseline no longer occur (fixed, or their citation is gone);              --write-baseline rewrites it",
            stale.len()
        ));
    }
    Ok(())
}

/// Writes the run's findings as a baseline.
fn write_baseline(path: &Path, report: &report::schema::Report) -> anyhow::Result<()> {
    let mut entries = Vec::new();
    report
        .citations
        .for_each_slim(|e| entries.push(e.clone()))?;
    std::fs::write(path, Baseline::of(&entries).to_json())
        .with_context(|| format!("cannot write the baseline {}", path.display()))
}

/// Keeps the citations of this shard, and with `--only` the one footnote asked for.
fn select(citations: &mut Vec<Citation>, args: &CheckArgs) -> anyhow::Result<()> {
    if let Some(shard) = args.shard {
        citations.retain(|c| shard.contains(c));
    }
    if let Some(only) = &args.only {
        let (doc, page, note) = parse_only(only)?;
        citations.retain(|c| matches_only(c, doc, page, note));
        if citations.is_empty() {
            bail!("--only {only}: no such footnote in the documents checked");
        }
    }
    Ok(())
}

fn write_junit(path: &Path, report: &report::schema::Report) -> anyhow::Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    report::junit::write(report, std::io::BufWriter::new(file))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Makes the report folder and the folders of the other output files (JUnit, SARIF),
/// and checks that each can be written: before the fetching, not after, because an
/// unwritable folder must not cost a run.
pub(super) fn prepare_outputs(dir: &Path, files: &[Option<&Path>]) -> anyhow::Result<()> {
    writable_folder(dir).with_context(|| format!("cannot write reports to {}", dir.display()))?;
    for path in files.iter().flatten() {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if path.is_dir() {
            bail!("cannot write {}: it is a folder", path.display());
        }
        writable_folder(parent).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Creates `dir` and proves a file can be written there.
fn writable_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    tempfile::NamedTempFile::new_in(dir).map(drop)
}

/// `DOC:PAGE:NOTE`, split from the right so that DOC may hold colons.
fn parse_only(text: &str) -> anyhow::Result<(&str, Option<u32>, &str)> {
    let mut parts = text.rsplitn(3, ':');
    let (Some(note), Some(page), Some(doc)) = (parts.next(), parts.next(), parts.next()) else {
        bail!("--only expects DOC:PAGE:NOTE, e.g. india-us-defense-2024.txt:10:3");
    };
    let page = match page.trim() {
        "" => None,
        p => Some(
            p.parse()
                .with_context(|| format!("--only: page '{p}' is not a number"))?,
        ),
    };
    Ok((doc, page, note))
}

fn matches_only(c: &Citation, doc: &str, page: Option<u32>, note: &str) -> bool {
    // Whole trailing components: the file name alone, or any tail of the path.
    std::path::Path::new(&c.document).ends_with(doc) && c.page == page && c.note == note
}
