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
        } => {
            if !no_fetch {
                messages.warn("verifying a citation needs the fetch stage, which is not built yet; printing the parse only");
            }
            let citations = extract::parse_one(&text);
            let out = match (format, citations.as_slice()) {
                (Format::Json, [one]) => format!("{}\n", serde_json::to_string_pretty(one)?),
                _ => render(&citations, format),
            };
            emit(&out)
        }
        Command::Inspect {
            target,
            url,
            format,
        } => emit(&super::inspect::run(&target, url.as_deref(), format)?),
        Command::Check { paths, report_dir } => {
            let config = Config::load(cli.config.as_deref())?;
            let citations = extract_all(&config, &paths, None, messages)?;
            let dir = report_dir.unwrap_or_else(|| config.root.join(&config.report_dir));
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create report folder {}", dir.display()))?;
            let path = dir.join("citations.json");
            std::fs::write(&path, report::citations_json(&citations))
                .with_context(|| format!("cannot write {}", path.display()))?;
            let with_url: Vec<&str> = citations.iter().filter_map(|c| c.url.as_deref()).collect();
            let distinct: BTreeSet<&str> = with_url.iter().copied().collect();
            let mut out = report::markdown::citations(&citations);
            out.push_str(&format!(
                "\n{} citations, {} with a URL ({} distinct); written to {}.\n\
                 Fetching and verifying the pages is not built yet: this run only extracts.\n",
                citations.len(),
                with_url.len(),
                distinct.len(),
                path.display()
            ));
            emit(&out)
        }
    }
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
