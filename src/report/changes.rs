//! The "Over time" section of `report.md`: what the history of runs shows beyond this
//! run's verdicts, URLs that flip between up and down, and pages whose title changed.

use std::fmt::Write;

use super::markdown::{escape, link};
use super::schema::Entry;

/// The rows of the section, gathered as the entries go by; one row per URL.
#[derive(Default)]
pub(super) struct Changes {
    rows: String,
    seen: std::collections::HashSet<String>,
}

impl Changes {
    /// Notes `e` when its URL is flaky or drifted.
    pub fn note(&mut self, e: &Entry) {
        let (Some(h), Some(url)) = (e.history.as_ref(), e.citation.url.as_deref()) else {
            return;
        };
        if !(h.flaky || h.drift.is_some()) || !self.seen.insert(url.to_owned()) {
            return;
        }
        let mut what = Vec::new();
        if h.flaky {
            what.push(format!(
                "flaky: changed between up and down {} times in its recent checks",
                h.flips
            ));
        }
        if let Some(d) = &h.drift {
            what.push(format!(
                "the title changed since {}: was “{}”, now “{}”",
                escape(&d.previous_date),
                escape(&d.previous),
                escape(&d.current)
            ));
        }
        let _ = writeln!(self.rows, "| {} | {} |", link(url), what.join("; "));
    }

    /// The section, or nothing when no URL changed.
    pub fn write(&self, out: &mut String) {
        if self.rows.is_empty() {
            return;
        }
        out.push_str("## Over time\n\n| URL | since the earlier runs |\n|---|---|\n");
        out.push_str(&self.rows);
        out.push('\n');
    }
}
