//! `citecheck extract`: the citations of documents, without the network.

use citecheck::extract::Citation;
use citecheck::report;

use super::args::{ExtractArgs, Format};
use super::documents::{extract_all, extract_json};
use super::exit::Outcome;
use super::shared::{emit, Global};

/// Prints the citations of the documents (or the corpus).
pub fn run(args: ExtractArgs, global: &Global) -> anyhow::Result<Outcome> {
    let config = global.config()?;
    match args.format {
        Format::Json => {
            extract_json(&config, &args.paths, args.input, global.messages)?;
            Ok(Outcome::Clean)
        }
        Format::Markdown => {
            let citations = extract_all(&config, &args.paths, args.input, global.messages)?;
            emit(&render(&citations, args.format))
        }
    }
}

/// Citations as JSON (an array) or Markdown (a table per document).
pub fn render(citations: &[Citation], format: Format) -> String {
    match format {
        Format::Json => report::citations_json(citations),
        Format::Markdown => report::markdown::citations(citations),
    }
}
