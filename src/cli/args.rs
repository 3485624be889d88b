//! Flags, as clap sees them. Names follow lychee's where the two tools overlap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Checks that the web pages cited in a document's footnotes still exist and still
/// say what the footnotes claim.
#[derive(Debug, Parser)]
#[command(name = "citecheck", version, about, max_term_width = 100)]
pub struct Cli {
    /// The config file (corpus list and settings).
    #[arg(long, global = true, env = "CITECHECK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more about what is happening.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every citation of the corpus (or of PATHs) and write the reports.
    Check {
        /// Documents to check instead of the corpus in citations.toml.
        paths: Vec<PathBuf>,
        /// Where to write the reports [default: reports].
        #[arg(long, env = "CITECHECK_REPORT_DIR", value_name = "DIR")]
        report_dir: Option<PathBuf>,
    },
    /// Print the citations of documents, without touching the network.
    Extract {
        /// Documents to read instead of the corpus in citations.toml.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Read the documents as this kind instead of guessing from name and content.
        #[arg(long, value_enum)]
        input: Option<Input>,
    },
    /// Parse one footnote or reference string (and, later, verify it).
    Cite {
        /// The footnote or reference text.
        text: String,
        /// Only parse; do not fetch the cited page.
        #[arg(long)]
        no_fetch: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Print what one page says about itself: titles, dates, site, soft-404 and bot-wall
    /// flags.
    Inspect {
        /// An http(s) URL to fetch, or a saved page (HTML or PDF).
        target: String,
        /// The saved page's address, for dates in URLs and site names.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON: an array with one object per citation.
    Json,
    /// A Markdown table per document.
    Markdown,
}

/// Input kinds, for `--input`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Input {
    /// Text extracted from a PDF, footnotes per page.
    PdfText,
    /// Markdown with `[^label]:` footnotes.
    Markdown,
    /// Any text: each bare URL is a citation.
    Plain,
}
