//! Flags, as clap sees them. Names follow lychee's where the two tools overlap.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

use citecheck::config::parse_duration;
use citecheck::fetch::RemapRule;
use citecheck::shard::Shard;

use super::help;

/// Checks that the web pages cited in a document's footnotes still exist and still
/// say what the footnotes claim.
#[derive(Debug, Parser)]
#[command(
    name = "citecheck",
    version,
    about,
    max_term_width = 100,
    after_long_help = help::MAIN
)]
pub struct Cli {
    /// The config file (corpus list and settings).
    #[arg(long, global = true, env = "CITECHECK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print each request on stderr: method, URL, status, time, cache (-vv: also
    /// redirects, retries, the URL requested and why a fetch failed).
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
    #[command(after_long_help = help::CHECK)]
    Check(CheckArgs),
    /// Print the citations of documents, without touching the network.
    #[command(after_long_help = help::EXTRACT)]
    Extract(ExtractArgs),
    /// Join the report.json files of shards into one report (json, md, html).
    #[command(after_long_help = help::MERGE)]
    Merge(MergeArgs),
    /// Check one footnote or reference string: parse it, fetch the cited page and judge
    /// it.
    #[command(after_long_help = help::CITE)]
    Cite(CiteArgs),
    /// Print what one page says about itself: titles, dates, site, soft-404 and bot-wall
    /// flags, and for a URL what its fetch came to.
    #[command(after_long_help = help::INSPECT)]
    Inspect(InspectArgs),
    /// Write a repaired copy of a document: a checked archived copy beside each dead or
    /// changed link (Markdown), Robust Links attributes (HTML), or a list of corrections
    /// (PDF, Word, text).
    #[command(after_long_help = help::FIX)]
    Fix(FixArgs),
}

/// `citecheck fix`.
#[derive(Debug, Args)]
pub struct FixArgs {
    /// The document to repair.
    pub document: PathBuf,
    /// Take the verdicts from this report.json instead of checking the document again.
    #[arg(long, value_name = "REPORT.json")]
    pub report: Option<PathBuf>,
    /// Overwrite the document (Markdown and HTML only) instead of writing a copy.
    #[arg(long, conflicts_with = "output")]
    pub in_place: bool,
    /// Where to write the repaired copy (or the Markdown list of corrections)
    /// [default: DOC.fixed.md / DOC.fixed.html / DOC.corrections.md beside DOC].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Read the document as this kind instead of recognising it from its bytes.
    #[arg(long, value_enum)]
    pub input: Option<Input>,
    /// How to fetch.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// `citecheck check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Documents to check instead of the corpus in citations.toml (PDF, DOCX, ODT,
    /// HTML, Markdown, text; `-` reads stdin).
    pub paths: Vec<PathBuf>,
    /// Read the documents as this kind instead of recognising it from their bytes.
    #[arg(long, value_enum)]
    pub input: Option<Input>,
    /// Where to write the reports [default: reports].
    #[arg(long, env = "CITECHECK_REPORT_DIR", value_name = "DIR")]
    pub report_dir: Option<PathBuf>,
    /// Also write a JUnit XML report (one test case per citation) to FILE.
    #[arg(long, env = "CITECHECK_JUNIT", value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write the findings as SARIF 2.1.0 (for GitHub code scanning) to FILE.
    #[arg(long, env = "CITECHECK_SARIF", value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// The verdicts that fail the run (exit 1), comma-separated, or `none` to only report;
    /// overrides `fail_on` in citations.toml [default: dead,title-mismatch].
    #[arg(long, env = "CITECHECK_FAIL_ON", value_name = "VERDICTS", value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,
    /// Re-check one footnote: DOC:PAGE:NOTE (DOC may be the file name alone; PAGE is
    /// empty for formats without pages, e.g. notes.md::klein).
    #[arg(long, value_name = "DOC:PAGE:NOTE")]
    pub only: Option<String>,
    /// Check only the K-th of N shards (every host in exactly one shard, so that
    /// politeness per host holds when several CI jobs share a corpus).
    #[arg(long, env = "CITECHECK_SHARD", value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Findings in this baseline file are reported but fail nothing: only new ones fail
    /// the run.
    #[arg(long, env = "CITECHECK_BASELINE", value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write this run's findings to FILE, as a baseline for later runs.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Ask the Internet Archive to capture the live cited pages it holds no recent copy
    /// of (politely: one at a time, at most save_live_max); the report lists them.
    #[arg(long, env = "CITECHECK_SAVE_LIVE", value_parser = BoolishValueParser::new())]
    pub save_live: bool,
    /// How to fetch.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// `citecheck extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Documents to read instead of the corpus in citations.toml (PDF, DOCX, ODT,
    /// HTML, Markdown, text; `-` reads stdin).
    pub paths: Vec<PathBuf>,
    /// Output format: json (an array with one object per citation, in document order)
    /// or markdown (a table per document).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Read the documents as this kind instead of recognising it from their bytes.
    #[arg(long, value_enum)]
    pub input: Option<Input>,
}

/// `citecheck merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' report.json files.
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// Where to write the merged reports [default: reports].
    #[arg(long, env = "CITECHECK_REPORT_DIR", value_name = "DIR")]
    pub report_dir: Option<PathBuf>,
    /// Also write the merged findings as SARIF 2.1.0 (for GitHub code scanning) to FILE.
    #[arg(long, env = "CITECHECK_SARIF", value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// Judge the merged report by this policy instead of the shards' (comma-separated
    /// verdicts, or `none`), e.g. when the shards ran with `--fail-on none`.
    #[arg(long, env = "CITECHECK_FAIL_ON", value_name = "VERDICTS", value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,
    /// Accept a set of reports that lacks a shard, repeats one or mixes runs: the merged
    /// report is still marked incomplete, but the exit code follows the verdicts.
    #[arg(long)]
    pub allow_partial: bool,
}

/// `citecheck cite`.
#[derive(Debug, Args)]
pub struct CiteArgs {
    /// The footnote or reference text.
    #[arg(value_parser = non_empty)]
    pub text: String,
    /// Only parse; do not fetch the cited page.
    #[arg(long)]
    pub no_fetch: bool,
    /// Output format: json (the checked citation, as an entry of report.json; with
    /// --no-fetch, the parsed citation as `extract` prints it) or markdown (a card for
    /// people).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// How to fetch.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// `citecheck inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// An http(s) URL to fetch, or a saved page (HTML or PDF).
    pub target: String,
    /// The saved page's address, for dates in URLs and site names.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Output format: json (the page's metadata, and for a URL a `fetch` object) or
    /// markdown (a summary for people).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// How to fetch a URL.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Fetch settings; each is also a key in citations.toml (flag > environment > file).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Fetching")]
pub struct FetchArgs {
    /// Requests in flight across all hosts [default: 64].
    #[arg(long, env = "CITECHECK_MAX_CONCURRENCY", value_name = "N")]
    pub max_concurrency: Option<NonZeroUsize>,
    /// Requests in flight to one host [default: 2].
    #[arg(long, env = "CITECHECK_HOST_CONCURRENCY", value_name = "N")]
    pub host_concurrency: Option<NonZeroUsize>,
    /// Minimum time between two requests to one host, e.g. 1s, 250ms [default: 1s].
    #[arg(long, env = "CITECHECK_HOST_REQUEST_INTERVAL", value_name = "DURATION", value_parser = parse_duration)]
    pub host_request_interval: Option<Duration>,
    /// Limit on one request, connect to last byte [default: 30s].
    #[arg(long, env = "CITECHECK_TIMEOUT", value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// Retries after 429, 5xx, resets and timeouts (never after 404) [default: 3].
    #[arg(long, env = "CITECHECK_MAX_RETRIES", value_name = "N")]
    pub max_retries: Option<u32>,
    /// The User-Agent header [default: citecheck/VERSION (+project URL)].
    #[arg(long, env = "CITECHECK_USER_AGENT", value_name = "TEXT")]
    pub user_agent: Option<String>,
    /// Neither read nor write the on-disk cache.
    #[arg(long, env = "CITECHECK_NO_CACHE", conflicts_with = "offline", value_parser = BoolishValueParser::new())]
    pub no_cache: bool,
    /// Use only the cache; anything not cached is reported as not checked, never as dead.
    #[arg(long, env = "CITECHECK_OFFLINE", value_parser = BoolishValueParser::new())]
    pub offline: bool,
    /// Fetch again every URL whose cached answer is a failure (404, other 4xx, too
    /// large, redirect loop), however fresh.
    #[arg(long, env = "CITECHECK_RECHECK_FAILURES", value_parser = BoolishValueParser::new())]
    pub recheck_failures: bool,
    /// A host that proves the network works when fetches fail (resolved and connected
    /// to, nothing sent): HOST:PORT, repeatable [default: one.one.one.one:443,
    /// www.wikipedia.org:443].
    #[arg(
        long = "canary",
        env = "CITECHECK_CANARY",
        value_name = "HOST:PORT",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub canaries: Vec<String>,
    /// Fail (exit 2) when the network cannot be reached or a cited URL was not checked,
    /// so that a green CI job always means "checked".
    #[arg(long, env = "CITECHECK_REQUIRE_NETWORK", value_parser = BoolishValueParser::new())]
    pub require_network: bool,
    /// Neither read nor write the history of earlier runs: a failure that may pass stays
    /// `failing` (the history is also left alone with --offline).
    #[arg(long, env = "CITECHECK_NO_HISTORY", value_parser = BoolishValueParser::new())]
    pub no_history: bool,
    /// Where the cache lives [default: .citecheck/cache beside citations.toml].
    #[arg(long, env = "CITECHECK_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Rewrite URLs before fetching: 'REGEX REPLACEMENT' with ${1} groups; repeatable,
    /// first match wins (in the environment, one rule per line).
    #[arg(long = "remap", env = "CITECHECK_REMAP", value_name = "'REGEX REPLACEMENT'", value_parser = parse_remap, value_delimiter = '\n')]
    pub remap: Vec<RemapRule>,
}

/// Text with something in it: an empty footnote is a mistake, not a citation.
fn non_empty(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("the text is empty; give a footnote or reference".to_owned());
    }
    Ok(text.to_owned())
}

/// The verdicts of `--fail-on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailOn(pub Vec<citecheck::types::VerdictCode>);

/// `dead,title-mismatch`, or `none` for a policy that fails on nothing.
fn parse_fail_on(text: &str) -> Result<FailOn, String> {
    use citecheck::types::VerdictCode;
    if text.trim() == "none" {
        return Ok(FailOn(Vec::new()));
    }
    let mut codes = Vec::new();
    for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let code = VerdictCode::parse(word).ok_or_else(|| {
            let known: Vec<&str> = VerdictCode::ALL.iter().map(|c| c.code()).collect();
            format!(
                "unknown verdict '{word}'; expected some of {}, or none",
                known.join(", ")
            )
        })?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    if codes.is_empty() {
        return Err("give verdicts such as dead,title-mismatch, or none".to_owned());
    }
    Ok(FailOn(codes))
}

/// A duration above zero: a zero timeout would fail every request.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    let d = parse_duration(text)?;
    if d.is_zero() {
        return Err("must be more than 0, e.g. 30s".to_owned());
    }
    Ok(d)
}

/// `--remap 'REGEX REPLACEMENT'`, as lychee spells it.
fn parse_remap(text: &str) -> Result<RemapRule, String> {
    let (pattern, replace) = text
        .trim()
        .split_once(char::is_whitespace)
        .ok_or("expected 'REGEX REPLACEMENT', separated by a space")?;
    regex::Regex::new(pattern).map_err(|e| format!("invalid regex '{pattern}': {e}"))?;
    Ok(RemapRule {
        pattern: pattern.to_owned(),
        replace: replace.trim().to_owned(),
    })
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON, for machines.
    Json,
    /// Markdown, for people.
    Markdown,
}

/// Input kinds, for `--input`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Input {
    /// A PDF file.
    Pdf,
    /// A Word document (.docx).
    Docx,
    /// An OpenDocument text (.odt).
    Odt,
    /// An HTML article.
    Html,
    /// Text extracted from a PDF, footnotes per page.
    PdfText,
    /// Markdown with `[^label]:` footnotes.
    Markdown,
    /// Any text: each bare URL is a citation.
    Plain,
}

impl Input {
    /// The library's format for this kind.
    pub fn format(self) -> citecheck::extract::Format {
        use citecheck::extract::Format as F;
        match self {
            Input::Pdf => F::Pdf,
            Input::Docx => F::Docx,
            Input::Odt => F::Odt,
            Input::Html => F::Html,
            Input::PdfText => F::PdfText,
            Input::Markdown => F::Markdown,
            Input::Plain => F::Plain,
        }
    }
}
