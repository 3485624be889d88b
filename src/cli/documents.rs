//! The documents a command reads: the PATHs given, or else the corpus of citations.toml.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};

use citecheck::config::Config;
use citecheck::extract::{self, document, Citation};
use citecheck::report;

use super::args::Input;
use super::shared::Messages;

/// Like [`extract_all`], also naming the documents read, for the report.
pub fn extract_documents(
    config: &Config,
    paths: &[PathBuf],
    input: Option<Input>,
    messages: Messages,
) -> anyhow::Result<(Vec<String>, Vec<Citation>)> {
    let paths = document_paths(config, paths)?;
    let names = paths.iter().map(|p| p.display().to_string()).collect();
    Ok((names, extract_paths(&paths, input, messages)?))
}

/// Extracts every document named on the command line, or else the corpus.
pub fn extract_all(
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

/// Reads each document (`-` is stdin) and extracts its citations.
fn extract_paths(
    paths: &[PathBuf],
    input: Option<Input>,
    messages: Messages,
) -> anyhow::Result<Vec<Citation>> {
    let mut out = Vec::new();
    read_each(paths, input, messages, |c| {
        out.push(c);
        Ok(())
    })?;
    Ok(out)
}

/// `extract --format json`: each citation written as it is read, one document at a
/// time, so that a large corpus is never held as citations.
pub fn extract_json(
    config: &Config,
    paths: &[PathBuf],
    input: Option<Input>,
    messages: Messages,
) -> anyhow::Result<()> {
    let paths = document_paths(config, paths)?;
    let open = || {
        let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        report::CitationsJson::new(stdout)
    };
    // Opened at the first citation: a document that cannot be read leaves stdout empty.
    let mut json = None;
    read_each(&paths, input, messages, |c| {
        if json.is_none() {
            json = Some(open()?);
        }
        if let Some(json) = json.as_mut() {
            json.push(&c)?;
        }
        Ok(())
    })?;
    let json = match json {
        Some(json) => json,
        None => open()?,
    };
    json.finish()?.flush()?;
    Ok(())
}

/// Reads each document (`-` is stdin) and hands its citations to `take` as they are
/// made; a document with none is named on stderr, so that a PDF without footnotes
/// never looks clean.
fn read_each(
    paths: &[PathBuf],
    input: Option<Input>,
    messages: Messages,
    mut take: impl FnMut(Citation) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut stdin_read = false;
    for path in paths {
        let bytes = if path.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_read, true) {
                bail!("- (stdin) can be given only once");
            }
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
                .context("cannot read stdin")?;
            buf
        } else {
            document::read_bytes(path)?
        };
        let name = path.display().to_string();
        let mut read = document::read_document(&name, bytes, input.map(Input::format))?;
        for w in &read.warnings {
            messages.warn(w);
        }
        let mut found = false;
        for c in read.citations(&name) {
            found = true;
            take(c)?;
        }
        if !found {
            messages.warn(&format!(
                "{name}: no citations found (read as {}): no footnote, endnote or URL",
                format_name(read.format)
            ));
        }
    }
    Ok(())
}

/// How a format is named in messages.
fn format_name(format: extract::Format) -> &'static str {
    match format {
        extract::Format::Pdf => "PDF",
        extract::Format::Docx => "Word document",
        extract::Format::Odt => "OpenDocument text",
        extract::Format::Html => "HTML",
        extract::Format::PdfText => "text extracted from PDF",
        extract::Format::Markdown => "Markdown",
        extract::Format::Plain => "plain text",
    }
}
