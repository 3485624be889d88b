//! Running a parsed command line.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};

use citecheck::config::Config;
use citecheck::extract::{self, document, Citation};
use citecheck::report;

use super::args::{Cli, Command, Format, Input};
use super::exit::Outcome;
use super::fetch;

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let messages = Messages { quiet: cli.quiet };
    match cli.command {
        Command::Extract {
            paths,
            format,
            input,
        } => {
            let config = Config::load(cli.config.as_deref())?;
            match format {
                Format::Json => extract_json(&document_paths(&config, &paths)?, input, messages),
                Format::Markdown => {
                    let citations = extract_all(&config, &paths, input, messages)?;
                    emit(&render(&citations, format))
                }
            }
        }
        Command::Inspect {
            target,
            url,
            format,
            fetch,
        } => {
            let config = Config::load(cli.config.as_deref())?;
            let settings = config.fetch_config(&fetch.overrides())?;
            emit(&super::inspect::run(
                &target,
                url.as_deref(),
                format,
                settings,
            )?)
        }
        Command::Merge {
            reports,
            report_dir,
        } => {
            let mut parts = Vec::new();
            for path in &reports {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let part: report::schema::Report = serde_json::from_str(&text)
                    .with_context(|| format!("{} is not a citecheck report", path.display()))?;
                parts.push(part);
            }
            let merged = report::schema::Report::merge(parts).map_err(anyhow::Error::msg)?;
            let config = Config::load(cli.config.as_deref())?;
            let dir = report_dir.unwrap_or_else(|| config.root.join(&config.report_dir));
            let (markdown, _) = write_reports(&dir, &merged)?;
            if !cli.quiet {
                emit(&terminal_summary(&markdown))?;
            }
            Ok(verdict_outcome(&merged))
        }
        Command::Cite {
            text,
            no_fetch,
            format,
            fetch,
        } => {
            let citations = extract::parse_one(&text);
            if no_fetch || citations.iter().all(|c| c.url.is_none()) {
                let out = match (format, citations.as_slice()) {
                    (Format::Json, [one]) => format!("{}\n", serde_json::to_string_pretty(one)?),
                    _ => render(&citations, format),
                };
                return emit(&out);
            }
            let config = Config::load(cli.config.as_deref())?;
            let report = fetch::check(&config, &fetch, citations, Vec::new(), None, cli.quiet)?;
            if report.run.network_unreachable {
                messages.warn("no host could be reached: the network seems to be down");
            }
            let out = match format {
                Format::Json => {
                    let json = if report.citations.len() == 1 {
                        let mut one = None;
                        report.citations.for_each(|e| one = Some(e.clone()))?;
                        serde_json::to_string_pretty(&one)?
                    } else {
                        serde_json::to_string_pretty(&report.citations)?
                    };
                    format!("{}\n", report::redact_passwords(&json))
                }
                Format::Markdown => report::human::render(&report)?,
            };
            emit(&out)?;
            Ok(verdict_outcome(&report))
        }
        Command::Check {
            paths,
            report_dir,
            junit,
            only,
            shard,
            fetch,
        } => {
            let config = Config::load(cli.config.as_deref())?;
            let (documents, mut citations) = extract_documents(&config, &paths, messages)?;
            if let Some(shard) = shard {
                citations.retain(|c| shard.contains(c));
            }
            if let Some(only) = &only {
                let (doc, page, note) = parse_only(only)?;
                citations.retain(|c| matches_only(c, doc, page, note));
                if citations.is_empty() {
                    bail!("--only {only}: no such footnote in the documents checked");
                }
            }
            let dir = report_dir.unwrap_or_else(|| config.root.join(&config.report_dir));
            // Before the fetching, not after: an unwritable folder must not cost a run.
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create report folder {}", dir.display()))?;
            let report = fetch::check(
                &config,
                &fetch,
                citations,
                documents,
                shard.map(|s| s.to_string()),
                cli.quiet,
            )?;
            if report.run.network_unreachable {
                messages.warn(
                    "no host could be reached: the network seems to be down; \
                     nothing is classified as dead",
                );
            }
            if report.run.incomplete {
                messages.warn("interrupted: the reports cover only the URLs fetched so far");
            }
            let (markdown, [md_path, json_path]) = write_reports(&dir, &report)?;
            if let Some(path) = &junit {
                let file = std::fs::File::create(path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                report::junit::write(&report, std::io::BufWriter::new(file))
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            let mut out = String::new();
            if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") {
                out.push_str(&report::github::annotations(&report)?);
            }
            if !cli.quiet {
                out.push_str(&terminal_summary(&markdown));
                out.push_str(&format!(
                    "\nReports: {} and {}\n",
                    md_path.display(),
                    json_path.display()
                ));
            }
            emit(&out)?;
            Ok(if report.run.incomplete {
                Outcome::Interrupted
            } else {
                verdict_outcome(&report)
            })
        }
    }
}

/// Writes `report.json` and `report.md` into `dir`, both streamed; returns the summary and
/// "Needs attention" sections of the Markdown, and both paths.
fn write_reports(
    dir: &std::path::Path,
    report: &report::schema::Report,
) -> anyhow::Result<(String, [PathBuf; 2])> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create report folder {}", dir.display()))?;
    let json_path = dir.join("report.json");
    let md_path = dir.join("report.md");
    let json = |path: &std::path::Path| -> anyhow::Result<()> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        report
            .write_json(std::io::BufWriter::new(file))
            .with_context(|| format!("cannot write {}", path.display()))
    };
    let md = |path: &std::path::Path| -> anyhow::Result<String> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        report::human::write(report, std::io::BufWriter::new(file))
            .with_context(|| format!("cannot write {}", path.display()))
    };
    // Each is a pass or two over every entry: side by side, a large run's reports take
    // the time of the longer one.
    let (json, head) = std::thread::scope(|s| {
        let json = s.spawn(|| json(&json_path));
        let head = md(&md_path);
        let json = json.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (json, head)
    });
    json?;
    let head = head?;
    Ok((head, [md_path, json_path]))
}

/// Exit 1 when a verdict fails the policy.
fn verdict_outcome(report: &report::schema::Report) -> Outcome {
    if report.summary.failing > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// The report's summary and "Needs attention" sections, for the terminal (the full
/// tables are in report.md). The Markdown is already escaped; controls are stripped
/// once more because this goes to a terminal.
fn terminal_summary(markdown: &str) -> String {
    let start = markdown.find("## Summary").unwrap_or(0);
    let end = markdown.find("## All citations").unwrap_or(markdown.len());
    strip_controls(markdown.get(start..end).unwrap_or_default())
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

fn render(citations: &[Citation], format: Format) -> String {
    match format {
        Format::Json => report::citations_json(citations),
        Format::Markdown => report::markdown::citations(citations),
    }
}

/// Like [`extract_all`], also naming the documents read, for the report.
fn extract_documents(
    config: &Config,
    paths: &[PathBuf],
    messages: Messages,
) -> anyhow::Result<(Vec<String>, Vec<Citation>)> {
    let paths = document_paths(config, paths)?;
    let names = paths.iter().map(|p| p.display().to_string()).collect();
    Ok((names, extract_paths(&paths, None, messages)?))
}

/// Extracts every document named on the command line, or else the corpus.
fn extract_all(
    config: &Config,
    paths: &[PathBuf],
    input: Option<Input>,
    messages: Messages,
) -> anyhow::Result<Vec<Citation>> {
    extract_paths(&document_paths(config, paths)?, input, messages)
}

/// The documents named on the command line, or else the corpus.
fn document_paths(config: &Config, paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let paths = if paths.is_empty() {
        config.documents()?
    } else {
        paths.to_vec()
    };
    if paths.is_empty() {
        bail!(
            "no documents to read: give a PATH, or list documents under `corpus` in {}",
            citecheck::config::DEFAULT_FILE
        );
    }
    Ok(paths)
}

fn extract_paths(
    paths: &[PathBuf],
    input: Option<Input>,
    messages: Messages,
) -> anyhow::Result<Vec<Citation>> {
    let mut out = Vec::new();
    for path in paths {
        let (doc, format) = read_document(path, input, messages)?;
        out.extend(extract::extract(&doc.path, &doc.text, format));
    }
    Ok(out)
}

/// Reads one document and tells its format, warning about what was odd in it.
fn read_document(
    path: &std::path::Path,
    input: Option<Input>,
    messages: Messages,
) -> anyhow::Result<(document::Document, extract::Format)> {
    let doc = document::read(path)?;
    for w in &doc.warnings {
        messages.warn(w);
    }
    let format = match input {
        Some(Input::PdfText) => extract::Format::PdfText,
        Some(Input::Markdown) => extract::Format::Markdown,
        Some(Input::Plain) => extract::Format::Plain,
        None => extract::Format::detect(Some(path), &doc.text),
    };
    Ok((doc, format))
}

/// `extract --format json`: each citation written as it is read, one document at a
/// time, so that a large corpus is never held as citations.
fn extract_json(
    paths: &[PathBuf],
    input: Option<Input>,
    messages: Messages,
) -> anyhow::Result<Outcome> {
    let mut json = None;
    for path in paths {
        // Nothing is printed before the first document is read: a path that cannot
        // be read leaves stdout empty.
        let (doc, format) = read_document(path, input, messages)?;
        let json = match &mut json {
            Some(json) => json,
            None => json.insert(report::CitationsJson::new(
                std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            )?),
        };
        for c in extract::citations(&doc.path, &doc.text, format) {
            json.push(&c)?;
        }
    }
    let json = match json {
        Some(json) => json,
        None => report::CitationsJson::new(std::io::BufWriter::new(std::io::stdout().lock()))?,
    };
    json.finish()?.flush()?;
    Ok(Outcome::Clean)
}

pub(super) fn emit(text: &str) -> anyhow::Result<Outcome> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome::Clean)
}

/// Warnings on stderr, unless `--quiet`.
#[derive(Debug, Clone, Copy)]
struct Messages {
    quiet: bool,
}

impl Messages {
    #[allow(
        clippy::print_stderr,
        reason = "the CLI is where warnings reach the user"
    )]
    fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("citecheck: warning: {}", strip_controls(message));
        }
    }
}

/// Keeps terminal escape sequences from documents and pages off the user's terminal.
fn strip_controls(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}
