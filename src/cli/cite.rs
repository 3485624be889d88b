//! `citecheck cite TEXT`: one footnote or reference, parsed, fetched and judged.

use citecheck::biblio::Plan;
use citecheck::extract;
use citecheck::report;

use super::args::{CiteArgs, Format};
use super::exit::Outcome;
use super::extract::render;
use super::fetch;
use super::shared::{emit, strip_controls, to_stderr, verdict_outcome, Global};
use super::unchecked::Unchecked;

/// Parses the text; unless `--no-fetch` (or when there is nothing to check: no URL, and
/// nothing to look up), checks what it cites.
pub fn run(args: CiteArgs, global: &Global) -> anyhow::Result<Outcome> {
    let citations = extract::parse_one(&args.text);
    let config = if args.no_fetch {
        None
    } else {
        Some(global.config()?)
    };
    // A citation without a URL is still checked when the bibliographic sources can be
    // asked about it.
    let checkable = |c: &citecheck::Citation| {
        c.url.is_some()
            || config
                .as_ref()
                .is_some_and(|cfg| cfg.biblio_config().is_some() && Plan::of(c).is_some())
    };
    let any = citations.iter().any(checkable);
    let Some(config) = config.filter(|_| any) else {
        let out = match (args.format, citations.as_slice()) {
            (Format::Json, [one]) => format!("{}\n", serde_json::to_string_pretty(one)?),
            _ => render(&citations, args.format),
        };
        return emit(&out);
    };
    let report = fetch::check(
        &config,
        &args.fetch,
        citations,
        Vec::new(),
        None,
        global.messages,
        fetch::Extras::default(),
    )?;
    let unchecked = Unchecked::of(&report, &args.fetch, &config)?;
    if let Some(u) = &unchecked {
        // On stderr: stdout is the JSON or the card, which a workflow command would break.
        to_stderr(&u.warn(global.messages));
    }
    let out = match args.format {
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
        Format::Markdown => strip_controls(&report::card::cards(&report)?),
    };
    emit(&out)?;
    if let Some(u) = &unchecked {
        u.enforce()?;
    }
    Ok(verdict_outcome(&report))
}
