//! The documents a command reads: the PATHs given, or else the corpus of citations.toml.

use std::path::PathBuf;

use anyhow::bail;

use citecheck::config::Config;
use citecheck::extract::{self, document, Citation};

use super::args::Input;
use super::run::Messages;

/// Like [`extract_all`], also naming the documents read, for the report.
pub fn extract_documents(
    config: &Config,
    paths: &[PathBuf],
    messages: Messages,
) -> anyhow::Result<(Vec<String>, Vec<Citation>)> {
    let paths = document_paths(config, paths)?;
    let names = paths.iter().map(|p| p.display().to_string()).collect();
    Ok((names, extract_paths(&paths, None, messages)?))
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

fn extract_paths(
    paths: &[PathBuf],
    input: Option<Input>,
    messages: Messages,
) -> anyhow::Result<Vec<Citation>> {
    let mut out = Vec::new();
    for path in paths {
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
