//! Running a parsed command line.

use std::collections::BTreeSet;
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
            let citations = extract_all(&config, &paths, input, messages)?;
            emit(&render(&citations, format))
        }
        Command::Cite {
            text,
            no_fetch,
            format,
            fetch,
        } => {
            let citations = extract::parse_one(&text);
            let urls: Vec<String> = citations.iter().filter_map(|c| c.url.clone()).collect();
            if no_fetch || urls.is_empty() {
                let out = match (format, citations.as_slice()) {
                    (Format::Json, [one]) => format!("{}\n", serde_json::to_string_pretty(one)?),
                    _ => render(&citations, format),
                };
                return emit(&out);
            }
            // Comparing the page with the citation comes with the compare stage; until
            // then `cite` reports what the fetch found.
            let config = Config::load(cli.config.as_deref())?;
            let run = fetch::fetch_all(&config, &fetch, urls, cli.quiet)?;
            if run.network_unreachable {
                messages.warn("no host could be reached: the network seems to be down");
            }
            let out = match format {
                Format::Json => report::fetch_json(&run),
                Format::Markdown => {
                    let mut out = render(&citations, format);
                    out.push('\n');
                    out.push_str(&report::markdown::fetches(&citations, &run));
                    out
                }
            };
            emit(&out)
        }
        Command::Check {
            paths,
            report_dir,
            shard,
            fetch,
        } => {
            let config = Config::load(cli.config.as_deref())?;
            let mut citations = extract_all(&config, &paths, None, messages)?;
            if let Some(shard) = shard {
                citations.retain(|c| shard.contains(c));
            }
            let dir = report_dir.unwrap_or_else(|| config.root.join(&config.report_dir));
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create report folder {}", dir.display()))?;
            let path = dir.join("citations.json");
            write(&path, &report::citations_json(&citations))?;
            let with_url: Vec<&str> = citations.iter().filter_map(|c| c.url.as_deref()).collect();
            let distinct: BTreeSet<&str> = with_url.iter().copied().collect();
            let urls = distinct.iter().map(|u| (*u).to_owned()).collect();
            let run = fetch::fetch_all(&config, &fetch, urls, cli.quiet)?;
            if run.interrupted {
                messages.warn("interrupted: the reports cover only the URLs fetched so far");
            }
            if run.network_unreachable {
                messages.warn(
                    "no host could be reached: the network seems to be down; \
                     nothing is classified as dead",
                );
            }
            let fetch_path = dir.join("fetch.json");
            write(&fetch_path, &report::fetch_json(&run))?;
            let mut out = report::markdown::fetches(&citations, &run);
            out.push_str(&format!(
                "\n{} citations, {} with a URL ({} distinct); written to {} and {}.\n",
                citations.len(),
                with_url.len(),
                distinct.len(),
                path.display(),
                fetch_path.display()
            ));
            emit(&out)?;
            Ok(if run.interrupted {
                Outcome::Interrupted
            } else {
                Outcome::Clean
            })
        }
    }
}

fn write(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn render(citations: &[Citation], format: Format) -> String {
    match format {
        Format::Json => report::citations_json(citations),
        Format::Markdown => report::markdown::citations(citations),
    }
}

/// Extracts every document named on the command line, or else the corpus.
fn extract_all(
    config: &Config,
    paths: &[PathBuf],
    input: Option<Input>,
    messages: Messages,
) -> anyhow::Result<Vec<Citation>> {
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
    let mut out = Vec::new();
    for path in &paths {
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
        out.extend(extract::extract(&doc.path, &doc.text, format));
    }
    Ok(out)
}

fn emit(text: &str) -> anyhow::Result<Outcome> {
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
