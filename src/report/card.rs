//! One citation's card: what `citecheck cite --format markdown` prints, for a person
//! checking a single footnote rather than reading a corpus report.

use std::fmt::Write;

use super::human::badge;
use super::markdown::{escape, link};
use super::schema::{Entry, Report};

/// A card per entry of `report`, in order, separated by a blank line.
pub fn cards(report: &Report) -> std::io::Result<String> {
    let mut out = String::new();
    report.citations.for_each(|e| {
        if !out.is_empty() {
            out.push('\n');
        }
        card(e, &mut out);
    })?;
    Ok(out)
}

/// The verdict and its reason, then what was cited, fetched, found and archived.
fn card(e: &Entry, out: &mut String) {
    let _ = writeln!(out, "{} — {}\n", badge(e.verdict), escape(&e.reason));
    cited(e, out);
    if let Some(f) = &e.fetch {
        let status = f.status.map(|s| format!("HTTP {s} ")).unwrap_or_default();
        let mut line = format!("{status}({})", f.outcome.code());
        if f.final_url != e.citation.url.as_deref().unwrap_or_default() {
            let _ = write!(line, ", ended at {}", link(&f.final_url));
        }
        if let Some(age) = f.cache_age_s {
            let _ = write!(line, ", from the cache ({age} s old)");
        }
        if let Some(d) = &f.detail {
            let _ = write!(line, ": {}", escape(d));
        }
        let _ = writeln!(out, "- **Fetch:** {line}");
    }
    if let Some(m) = &e.page_meta {
        let or_none = |s: Option<&str>| s.map_or_else(|| "(none)".to_owned(), escape);
        let _ = writeln!(
            out,
            "- **Page:** title {}, date {}, site {}",
            or_none(m.title.as_deref()),
            or_none(m.date.as_deref()),
            or_none(m.site_name.as_deref())
        );
    }
    if let Some(score) = e.scores.title_score {
        let _ = writeln!(out, "- **Title similarity:** {score:.2}");
    }
    if let Some(lookup) = &e.biblio {
        let _ = writeln!(out, "- **Record:** {}", super::records::record(lookup));
        let _ = writeln!(out, "- **Looked up:** {}", escape(&lookup.describe()));
        if !lookup.differences.is_empty() {
            let _ = writeln!(
                out,
                "- **Differs:** {}",
                super::records::differences(lookup)
            );
        }
    }
    archive(e, out);
}

/// Title, authors, container and date as the citation gives them, and its URL.
fn cited(e: &Entry, out: &mut String) {
    let c = &e.citation;
    let mut parts: Vec<String> = Vec::new();
    parts.extend(c.title.as_deref().map(|t| format!("“{}”", escape(t))));
    if !c.authors.is_empty() {
        parts.push(escape(&c.authors.join(", ")));
    }
    parts.extend(c.container.as_deref().map(escape));
    parts.extend(c.date.map(|d| d.to_string()));
    if !parts.is_empty() {
        let _ = writeln!(out, "- **Cited:** {}", parts.join(", "));
    }
    if let Some(url) = &c.url {
        let _ = writeln!(out, "- **URL:** {}", link(url));
    }
}

fn archive(e: &Entry, out: &mut String) {
    let Some(text) = super::archives::archive_text(e, "the archive could not be asked") else {
        return;
    };
    let _ = writeln!(out, "- **Archived copy:** {text}");
}
