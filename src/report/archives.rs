//! What report.md and the citation card say about archives: the copy offered and how
//! it was checked, why none was, and what `--save-live` saved.

use std::fmt::Write;

use super::markdown::{escape, link};
use super::schema::{Entry, Report};

/// What the archive lookup of `e` came to, for people: the copy, where it is held and
/// that it was read and found to be the work; or why there is none. `None` when no
/// lookup was made.
pub(crate) fn archive_text(e: &Entry, unreachable: &str) -> Option<String> {
    use crate::types::LookupOutcome;
    let lookup = e.archive_lookup.as_ref();
    Some(match (&e.archive, lookup.map(|l| l.outcome)) {
        (Some(a), _) => {
            let mut facts: Vec<String> = Vec::new();
            if let Some(name) = &a.archive {
                facts.push(escape(name));
            } else if a.source == crate::types::SnapshotSource::KnownMove {
                facts.push("moved".to_owned());
            }
            if let Some(d) = &a.date {
                facts.push(escape(d));
            }
            let checked = match &a.checked {
                Some(c) => format!("; checked: {}", escape(&c.reason)),
                None => "; not checked".to_owned(),
            };
            format!("{} ({}{checked})", link(&a.url), facts.join(", "))
        }
        (None, Some(LookupOutcome::None)) => match lookup.map(|l| l.rejected.as_slice()) {
            Some([first, rest @ ..]) => format!(
                "none that is the work cited: {} capture(s) read and turned down, the closest ({}, {}): {}",
                rest.len() + 1,
                escape(&first.archive),
                escape(first.date.as_deref().unwrap_or("undated")),
                escape(&first.why)
            ),
            _ => "none in the archives".to_owned(),
        },
        (None, Some(LookupOutcome::Unreachable)) => format!(
            "{unreachable}: {}",
            escape(
                lookup
                    .and_then(|l| l.detail.as_deref())
                    .unwrap_or("no answer")
            )
        ),
        _ => return None,
    })
}

/// What `--save-live` asked the Internet Archive to capture, sorted by URL.
pub(crate) fn saved(r: &Report, out: &mut String) {
    if r.run.saved.is_empty() {
        return;
    }
    let mut pages: Vec<_> = r.run.saved.iter().collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let count = |o: &str| pages.iter().filter(|p| p.outcome == o).count();
    let _ = writeln!(
        out,
        "## Saved to the Internet Archive\n\n{} saved, {} with a recent capture already, {} \
         failed, {} over this run's cap.\n\n| page | outcome | capture | detail |\n|---|---|---|---|",
        count("saved"),
        count("recent"),
        count("failed"),
        count("skipped")
    );
    for p in pages {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} |",
            link(&p.url),
            escape(&p.outcome),
            p.snapshot.as_deref().map(link).unwrap_or_default(),
            escape(p.detail.as_deref().unwrap_or(""))
        );
    }
    out.push('\n');
}
