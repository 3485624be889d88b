//! `citecheck inspect URL|FILE`: what one page says about itself, and for a URL what
//! its fetch came to.

use std::fmt::Write as _;

use anyhow::Context;
use serde::Serialize;

use citecheck::fetch::{FetchConfig, Fetcher};
use citecheck::inspect::{self, PageMeta};
use citecheck::report::schema::FetchInfo;
use citecheck::types::Fetched;

use super::args::{Format, InspectArgs};
use super::exit::Outcome;
use super::shared::{emit, strip_controls, to_stderr, Global};
use super::verbose;

/// Inspects a URL (fetched politely, once) or a saved file and prints the result; exit 1
/// when a URL gave no page at all (the fetch outcome says why).
pub fn run(args: InspectArgs, global: &Global) -> anyhow::Result<Outcome> {
    let inspected = if is_url(&args.target) {
        let config = global.config()?;
        let settings = config.fetch_config(&args.fetch.overrides())?;
        let fetched = fetch(&args.target, settings)?;
        if global.messages.verbose > 0 {
            to_stderr(&verbose::fetch_lines(&fetched, global.messages.verbose));
        }
        Inspected {
            meta: inspect::inspect(&fetched),
            fetch: Some(FetchInfo::from(&fetched)),
        }
    } else {
        let target = &args.target;
        let bytes = std::fs::read(target).with_context(|| format!("cannot read {target}"))?;
        Inspected {
            meta: inspect::inspect_bytes(&bytes, None, args.url.as_deref()),
            fetch: None,
        }
    };
    emit(&match args.format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&inspected)?),
        Format::Markdown => strip_controls(&markdown(&inspected)),
    })?;
    let nothing = inspected.fetch.as_ref().is_some_and(|f| f.status.is_none());
    Ok(if nothing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// What `inspect` prints: the page's metadata, and for a URL how the fetch went.
#[derive(Serialize)]
struct Inspected {
    #[serde(flatten)]
    meta: PageMeta,
    /// Absent for a file, so that a saved page's output is the `PageMeta` alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    fetch: Option<FetchInfo>,
}

/// Fetches `url` once; a failure that the network does not prove to be the site's is
/// `not-checked`, as in `check`.
fn fetch(url: &str, settings: FetchConfig) -> anyhow::Result<Fetched> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let fetcher = Fetcher::new(settings)?;
        let mut fetched = fetcher.fetch(url).await;
        fetcher.network().await.relabel(&mut fetched);
        Ok(fetched)
    })
}

fn is_url(target: &str) -> bool {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    let bare =
        citecheck::urls::bare_www(target).is_some() && !std::path::Path::new(target).exists();
    lower.starts_with("http://") || lower.starts_with("https://") || bare
}

/// A short human-readable summary: the fetch, best guesses, flags, then every candidate.
fn markdown(inspected: &Inspected) -> String {
    let meta = &inspected.meta;
    let mut out = String::new();
    let or_none = |s: Option<&str>| s.unwrap_or("(none)").to_owned();
    if let Some(f) = &inspected.fetch {
        fetch_summary(f, &mut out);
    }
    let title = or_none(meta.title.as_deref());
    match inspected.fetch.as_ref().and_then(|f| f.status) {
        // An error page's title ("Error response", "Not Found") is the server's, not
        // the cited page's.
        Some(status) if !(200..300).contains(&status) && meta.title.is_some() => {
            let _ = writeln!(out, "- title: {title} (of the HTTP {status} page)");
        }
        _ => {
            let _ = writeln!(out, "- title: {title}");
        }
    }
    let _ = writeln!(out, "- date: {}", or_none(meta.date.as_deref()));
    let _ = writeln!(out, "- site: {}", or_none(meta.site_name.as_deref()));
    if meta.soft_404 || meta.blocked {
        let flag = if meta.blocked { "blocked" } else { "soft 404" };
        let _ = writeln!(
            out,
            "- flag: {flag} ({})",
            or_none(meta.flag_reason.as_deref())
        );
    }
    out.push_str("\n| source | title |\n|---|---|\n");
    for t in &meta.titles {
        let _ = writeln!(out, "| {} | {} |", t.source, t.value.replace('|', "\\|"));
    }
    out.push_str("\n| source | kind | date |\n|---|---|---|\n");
    for d in &meta.dates {
        let kind = serde_json::to_value(d.kind).ok();
        let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("");
        let _ = writeln!(out, "| {} | {kind} | {} |", d.source, d.value);
    }
    out
}

/// `- fetch: HTTP 404 (not-found)`, then where it ended and why it failed.
fn fetch_summary(f: &FetchInfo, out: &mut String) {
    let status = f.status.map(|s| format!("HTTP {s} ")).unwrap_or_default();
    let cached = if f.from_cache { ", from the cache" } else { "" };
    let _ = writeln!(out, "- fetch: {status}({}){cached}", f.outcome.code());
    let _ = writeln!(out, "- final URL: {}", f.final_url);
    if let Some(failure) = f.failure {
        let code = serde_json::to_value(failure).ok();
        let code = code.as_ref().and_then(|c| c.as_str()).unwrap_or("other");
        let _ = writeln!(out, "- failure: {code}");
    }
    if let Some(detail) = &f.detail {
        let _ = writeln!(out, "- detail: {detail}");
    }
}
