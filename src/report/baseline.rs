//! Baselines: the findings a project has accepted for now, so that CI fails only on new
//! ones (as `cargo deny` and clippy users expect of a checker brought into an old
//! corpus).
//!
//! A finding is keyed by its document, its verdict, and its URL (or, without one, its
//! raw text), not by its note number: renumbering the notes of a document must not
//! turn old findings into new ones. The file is JSON, sorted, one finding per line, so
//! that it diffs well under version control.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::schema::Entry;
use crate::types::VerdictCode;

/// The schema tag of a baseline file.
pub const SCHEMA: &str = "citecheck/baseline/v1";

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// The document's path as given.
    pub document: String,
    /// The verdict code.
    pub verdict: VerdictCode,
    /// The cited URL, or null for a citation without one.
    pub url: Option<String>,
    /// The citation's raw text, for a citation without a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

impl Finding {
    /// The finding `e` is, when its verdict is one (not `verified` or `skipped`).
    pub fn of(e: &Entry) -> Option<Finding> {
        if matches!(e.verdict, VerdictCode::Verified | VerdictCode::Skipped) {
            return None;
        }
        Some(Finding {
            document: e.citation.document.clone(),
            verdict: e.verdict,
            url: e.citation.url.clone(),
            raw: e.citation.url.is_none().then(|| e.citation.raw.clone()),
        })
    }
}

/// A baseline as read from or written to a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// [`SCHEMA`].
    pub schema: String,
    /// The findings, sorted.
    pub findings: BTreeSet<Finding>,
}

impl Baseline {
    /// The baseline of the findings among `entries`.
    pub fn of<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Baseline {
        Baseline {
            schema: SCHEMA.to_owned(),
            findings: entries.into_iter().filter_map(Finding::of).collect(),
        }
    }

    /// Reads a baseline file; an error says what is wrong with it.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a citecheck baseline: {e}", path.display()))?;
        if b.schema != SCHEMA {
            return Err(format!(
                "{} is a baseline of schema {:?}; this citecheck reads {SCHEMA:?}",
                path.display(),
                b.schema
            ));
        }
        Ok(b)
    }

    /// The file's text: one finding per line, sorted.
    pub fn to_json(&self) -> String {
        let mut s = format!("{{\"schema\": \"{SCHEMA}\", \"findings\": [\n");
        let lines: Vec<String> = self
            .findings
            .iter()
            .filter_map(|f| serde_json::to_string(f).ok())
            .map(|l| format!("  {l}"))
            .collect();
        s.push_str(&lines.join(",\n"));
        s.push_str("\n]}\n");
        s
    }

    /// True when `e`'s finding is accepted.
    pub fn contains(&self, e: &Entry) -> bool {
        Finding::of(e).is_some_and(|f| self.findings.contains(&f))
    }

    /// The accepted findings that `entries` no longer show: fixed, or their citation
    /// gone (cargo-deny warns of such stale entries too).
    pub fn unmatched<'a>(&self, entries: impl IntoIterator<Item = &'a Entry>) -> Vec<Finding> {
        let now: BTreeSet<Finding> = entries.into_iter().filter_map(Finding::of).collect();
        self.findings.difference(&now).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Citation, Evidence, Verdict};

    fn entry(note: &str, url: Option<&str>, verdict: VerdictCode) -> Entry {
        let citation = Citation {
            document: "paper.txt".into(),
            page: None,
            note: note.into(),
            line: 1,
            raw: "raw text".into(),
            url: url.map(str::to_owned),
            title: None,
            authors: Vec::new(),
            container: None,
            date: None,
            accessed: None,
            ibid: false,
        };
        let v = Verdict {
            verdict,
            reason: String::new(),
            evidence: Evidence::default(),
        };
        Entry::new(citation, None, None, v, None)
    }

    #[test]
    fn keyed_by_document_verdict_and_url_not_by_note() {
        let old = [
            entry("1", Some("https://a.example/x"), VerdictCode::Dead),
            entry("2", None, VerdictCode::NotFound),
            entry("3", Some("https://a.example/ok"), VerdictCode::Verified),
        ];
        let b = Baseline::of(&old);
        assert_eq!(b.findings.len(), 2);
        // Renumbered: still accepted. Another verdict or URL: new.
        assert!(b.contains(&entry("7", Some("https://a.example/x"), VerdictCode::Dead)));
        assert!(!b.contains(&entry(
            "1",
            Some("https://a.example/x"),
            VerdictCode::TitleMismatch
        )));
        assert!(!b.contains(&entry("1", Some("https://a.example/y"), VerdictCode::Dead)));
        assert!(b.contains(&entry("9", None, VerdictCode::NotFound)));
        // Round trip through the file form, and staleness.
        let text = b.to_json();
        let back: Baseline = serde_json::from_str(&text).unwrap();
        assert_eq!(back, b);
        assert_eq!(text.lines().count(), 4, "{text}");
        let fixed = [entry(
            "1",
            Some("https://a.example/x"),
            VerdictCode::Verified,
        )];
        assert_eq!(b.unmatched(&fixed).len(), 2);
    }
}
