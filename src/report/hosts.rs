//! The "Hosts" section of `report.md`: per host, the URLs, citations, requests and
//! verdicts, so that a reader sees which sites rot and which refuse robots.

use std::collections::{BTreeMap, HashSet};
use std::io;

use super::markdown::escape;
use super::schema::Entry;
use crate::types::VerdictCode;

/// The hosts table, counted as the entries go by.
#[derive(Default)]
pub(super) struct Hosts {
    rows: BTreeMap<String, HostRow>,
    /// URLs already counted, so that a URL cited twice counts its requests once.
    seen: HashSet<String>,
}

#[derive(Default)]
struct HostRow {
    urls: usize,
    citations: usize,
    requests: u32,
    verdicts: BTreeMap<VerdictCode, usize>,
}

impl Hosts {
    /// Counts `e` under its URL's host.
    pub fn count(&mut self, e: &Entry) {
        let Some(url) = e.citation.url.as_deref() else {
            return;
        };
        let row = self.rows.entry(host(url)).or_default();
        row.citations += 1;
        *row.verdicts.entry(e.verdict).or_default() += 1;
        if !self.seen.contains(url) {
            self.seen.insert(url.to_owned());
            row.urls += 1;
            row.requests += e.fetch.as_ref().map_or(0, |f| f.attempts);
        }
    }

    /// Writes the section.
    pub fn write<W: io::Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"## Hosts\n\n")?;
        if self.rows.is_empty() {
            return w.write_all(b"No URLs.\n");
        }
        w.write_all(
            b"| host | URLs | citations | requests | verified | dead | mismatch | failing | unverifiable | skipped |\n\
              |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        )?;
        for (h, row) in &self.rows {
            let n = |c: VerdictCode| row.verdicts.get(&c).copied().unwrap_or(0);
            writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                escape(h),
                row.urls,
                row.citations,
                row.requests,
                n(VerdictCode::Verified),
                n(VerdictCode::Dead),
                n(VerdictCode::TitleMismatch) + n(VerdictCode::DateMismatch),
                n(VerdictCode::Failing),
                n(VerdictCode::Unverifiable),
                n(VerdictCode::Skipped),
            )?;
        }
        Ok(())
    }
}

fn host(url: &str) -> String {
    crate::urls::host(url).unwrap_or_default()
}
