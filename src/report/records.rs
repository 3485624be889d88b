//! The "Bibliographic records" section of `report.md`: for every citation checked
//! against a bibliographic source, the record found (linked, so that it can stand in for
//! a missing URL), how it was found, and what differs from the citation.

use std::fmt::Write;

use super::markdown::{escape, link};
use super::schema::Entry;
use crate::types::{BiblioLookup, BiblioRecord};

/// The section's rows, gathered as the entries go by.
#[derive(Default)]
pub(super) struct Records {
    rows: String,
}

impl Records {
    /// Adds `e`'s row, when it was looked up.
    pub fn add(&mut self, e: &Entry, place: &str, cited: &str, badge: &str) {
        let Some(lookup) = &e.biblio else {
            return;
        };
        let _ = writeln!(
            self.rows,
            "| {place} | {cited} | {badge} | {} | {} | {} |",
            record(lookup),
            escape(&lookup.describe()),
            differences(lookup)
        );
    }

    /// Writes the section, or nothing when no citation was looked up.
    pub fn write<W: std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        w.write_all(
            b"## Bibliographic records\n\n\
              | where | cited title | verdict | record | looked up | what differs |\n\
              |---|---|---|---|---|---|\n",
        )?;
        w.write_all(self.rows.as_bytes())?;
        w.write_all(b"\n")
    }
}

/// The record as a reader would cite it, linked; "closest:" when it is not the work.
pub(super) fn record(lookup: &BiblioLookup) -> String {
    let Some(r) = &lookup.record else {
        return if lookup.matched {
            "the DOI is registered; no metadata".to_owned()
        } else {
            "none".to_owned()
        };
    };
    let prefix = if lookup.matched { "" } else { "closest: " };
    format!("{prefix}{}", describe(r))
}

/// `[Title](link) — Authors · 2010 · Journal · Crossref`.
fn describe(r: &BiblioRecord) -> String {
    let title = match link(&r.url) {
        l if l.starts_with('<') => format!("[{}]({})", escape(&r.title), &l[1..l.len() - 1]),
        l => format!("{} {l}", escape(&r.title)),
    };
    let mut parts = Vec::new();
    if !r.authors.is_empty() {
        let shown: Vec<&str> = r.authors.iter().take(3).map(String::as_str).collect();
        let more = if r.authors.len() > 3 { " et al." } else { "" };
        parts.push(format!("{}{more}", escape(&shown.join("; "))));
    }
    if let Some(y) = r.year {
        parts.push(y.to_string());
    }
    if let Some(c) = &r.container {
        parts.push(escape(c));
    }
    parts.push(r.source.name().to_owned());
    format!("{title} — {}", parts.join(" · "))
}

/// `year: 2012 (record: 2018)`, one per field, or an em dash.
pub(super) fn differences(lookup: &BiblioLookup) -> String {
    if lookup.differences.is_empty() {
        return "—".to_owned();
    }
    lookup
        .differences
        .iter()
        .map(|d| {
            format!(
                "{}: {} (record: {})",
                escape(&d.field),
                escape(&d.cited),
                escape(&d.record)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
