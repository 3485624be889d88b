//! `citecheck inspect URL|FILE`: what one page says about itself.

use std::fmt::Write as _;

use anyhow::Context;

use citecheck::fetch::{FetchConfig, Fetcher};
use citecheck::inspect::{self, PageMeta};

use super::args::{Format, InspectArgs};
use super::exit::Outcome;
use super::run::{emit, Global};

/// Inspects a URL (fetched politely, once) or a saved file, and prints the result.
pub fn run(args: InspectArgs, global: &Global) -> anyhow::Result<Outcome> {
    let config = global.config()?;
    let settings = config.fetch_config(&args.fetch.overrides())?;
    emit(&inspect(
        &args.target,
        args.url.as_deref(),
        args.format,
        settings,
    )?)
}

/// Inspects a URL (fetched politely, once) or a saved file, and renders the result.
fn inspect(
    target: &str,
    url: Option<&str>,
    format: Format,
    settings: FetchConfig,
) -> anyhow::Result<String> {
    let meta = if is_url(target) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        let fetcher = Fetcher::new(settings)?;
        let fetched = runtime.block_on(fetcher.fetch(target));
        inspect::inspect(&fetched)
    } else {
        let bytes = std::fs::read(target).with_context(|| format!("cannot read {target}"))?;
        inspect::inspect_bytes(&bytes, None, url)
    };
    Ok(match format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&meta)?),
        Format::Markdown => markdown(&meta),
    })
}

fn is_url(target: &str) -> bool {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A short human-readable summary: best guesses, flags, then every candidate.
fn markdown(meta: &PageMeta) -> String {
    let mut out = String::new();
    let or_none = |s: Option<&str>| s.unwrap_or("(none)").to_owned();
    let _ = writeln!(out, "- title: {}", or_none(meta.title.as_deref()));
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
