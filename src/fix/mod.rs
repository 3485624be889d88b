//! `citecheck fix`: repairs drawn from a check, for the document's own format.
//!
//! A repair only ever adds: the cited URL stays where the author put it, and a copy
//! that was read and found to be the work cited goes beside it, so that a reader can
//! judge both, as Wikipedia's `{{cite web |archive-url=}}` does. Markdown gets a link
//! beside the dead one, HTML gets the Robust Links attributes on the anchor, and the
//! formats that cannot be edited safely (PDF, Word, text) get a list of corrections.

mod html;
mod list;
mod markdown;

use serde::{Deserialize, Serialize};

use crate::report::schema::Entry;
use crate::types::{SnapshotSource, VerdictCode};

pub use html::fix_html;
pub use list::{to_csv, to_markdown};
pub use markdown::{fix_markdown, Forms};

/// What a correction offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CorrectionKind {
    /// A capture in a web archive, read and found to be the work cited.
    Archived,
    /// The same page at a new address: a known site move, checked.
    Moved,
    /// The site's own permanent redirect (301/308) to a page that is the work cited.
    Redirected,
}

impl CorrectionKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            CorrectionKind::Archived => "archived",
            CorrectionKind::Moved => "moved",
            CorrectionKind::Redirected => "redirected",
        }
    }
}

/// One repair: the cited URL, the one to give beside it, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The note's label as printed.
    pub note: String,
    /// The page, for paged formats.
    pub page: Option<u32>,
    /// The line in the document.
    pub line: usize,
    /// The URL as cited.
    pub old_url: String,
    /// The URL to give beside it.
    pub new_url: String,
    /// What the new URL is.
    pub kind: CorrectionKind,
    /// The capture's day (`YYYY-MM-DD`), for an archived copy.
    pub date: Option<String>,
    /// The archive that holds it.
    pub archive: Option<String>,
    /// Why, in words: the verdict of the cited URL and how the new one was checked.
    pub why: String,
}

/// Verdicts whose citations get the copy offered: the page is gone, or it changed and
/// no longer holds the work. `failing` and `unverifiable` pages may come back, and a
/// false repair costs more than a missed one.
fn needs_copy(v: VerdictCode) -> bool {
    matches!(v, VerdictCode::Dead | VerdictCode::TitleMismatch)
}

/// The corrections for the entries of one document, in document order, one per
/// citation that has one.
pub fn corrections<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Vec<Correction> {
    entries.into_iter().filter_map(correction).collect()
}

fn correction(e: &Entry) -> Option<Correction> {
    let old_url = e.citation.url.clone()?;
    let (new_url, kind, date, archive, checked) = if let Some(s) = &e.archive {
        let checked = s.checked.as_ref()?;
        let kind = match s.source {
            SnapshotSource::KnownMove => CorrectionKind::Moved,
            SnapshotSource::Memento | SnapshotSource::Wayback => CorrectionKind::Archived,
        };
        if kind == CorrectionKind::Archived && !needs_copy(e.verdict) {
            return None;
        }
        let how = format!("{} ({})", checked.verdict.code(), checked.reason);
        (s.url.clone(), kind, s.date.clone(), s.archive.clone(), how)
    } else {
        let moved = permanent_redirect(e)?;
        (moved, CorrectionKind::Redirected, None, None, String::new())
    };
    if new_url == old_url {
        return None;
    }
    let why = match kind {
        CorrectionKind::Redirected if checked.is_empty() => format!(
            "the site answers with a permanent redirect to a page that is the work cited ({})",
            e.reason
        ),
        _ => format!(
            "{}: {}; the copy was checked: {checked}",
            e.verdict.code(),
            e.reason
        ),
    };
    Some(Correction {
        note: e.citation.note.clone(),
        page: e.citation.page,
        line: e.citation.line,
        old_url,
        new_url,
        kind,
        date,
        archive,
        why,
    })
}

/// The final URL of a verified citation whose every redirect was permanent (301, 308):
/// the site says the page has moved for good, and the page there is the work.
fn permanent_redirect(e: &Entry) -> Option<String> {
    if e.verdict != VerdictCode::Verified {
        return None;
    }
    let f = e.fetch.as_ref()?;
    // A remapped fetch went somewhere the document does not point to.
    if f.redirects.is_empty() || f.remapped.is_some() {
        return None;
    }
    f.redirects
        .iter()
        .all(|r| matches!(r.status, 301 | 308))
        .then(|| f.final_url.clone())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
}

/// Where the corrections go in the document: `(correction, placed)`; those not placed
/// (a URL only in a code block, say) are listed for the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placed {
    /// The repaired document.
    pub text: String,
    /// Corrections written into it.
    pub placed: Vec<Correction>,
    /// Corrections for which no place was found.
    pub unplaced: Vec<Correction>,
}

/// One correction per cited URL: a URL cited in several notes is repaired once
/// wherever it occurs.
pub(crate) fn by_url(corrections: &[Correction]) -> Vec<&Correction> {
    let mut seen = std::collections::HashSet::new();
    corrections
        .iter()
        .filter(|c| seen.insert(c.old_url.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::schema::FetchInfo;
    use crate::types::{
        Citation, Evidence, FetchOutcome, Redirect, Snapshot, SnapshotCheck, Verdict,
    };

    pub(crate) fn entry(url: &str, verdict: VerdictCode, archive: Option<Snapshot>) -> Entry {
        let citation = Citation {
            document: "paper.md".into(),
            page: None,
            note: "1".into(),
            line: 3,
            raw: url.into(),
            url: Some(url.into()),
            title: Some("T".into()),
            authors: Vec::new(),
            container: None,
            date: None,
            accessed: None,
            ibid: false,
        };
        let v = Verdict {
            verdict,
            reason: "the server says the page does not exist (HTTP 404)".into(),
            evidence: Evidence::default(),
        };
        Entry::new(citation, None, None, v, archive)
    }

    pub(crate) fn snapshot(url: &str, source: SnapshotSource) -> Snapshot {
        Snapshot {
            url: url.into(),
            date: Some("2023-06-21".into()),
            source,
            archive: Some("Internet Archive".into()),
            checked: Some(SnapshotCheck {
                verdict: VerdictCode::Verified,
                reason: "the title matches".into(),
                title: Some("T".into()),
            }),
        }
    }

    #[test]
    fn only_checked_copies_of_gone_or_changed_pages() {
        let snap = || {
            Some(snapshot(
                "https://web.archive.org/web/2023/x",
                SnapshotSource::Memento,
            ))
        };
        let dead = entry("https://a.example/x", VerdictCode::Dead, snap());
        let c = corrections([&dead]);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].kind, CorrectionKind::Archived);
        assert!(
            c[0].why.starts_with("dead: the server says"),
            "{}",
            c[0].why
        );
        assert!(c[0].why.contains("checked: verified"), "{}", c[0].why);
        let changed = entry("https://a.example/x", VerdictCode::TitleMismatch, snap());
        assert_eq!(corrections([&changed]).len(), 1);
        // A page that may come back, and a copy nobody read, are left alone.
        let failing = entry("https://a.example/x", VerdictCode::Failing, snap());
        assert!(corrections([&failing]).is_empty());
        let mut unread = snapshot(
            "https://web.archive.org/web/2023/x",
            SnapshotSource::Wayback,
        );
        unread.checked = None;
        let dead_unread = entry("https://a.example/x", VerdictCode::Dead, Some(unread));
        assert!(corrections([&dead_unread]).is_empty());
    }

    #[test]
    fn a_known_move_and_a_permanent_redirect_are_offered() {
        let moved = entry(
            "https://www.whitehouse.gov/x",
            VerdictCode::Dead,
            Some(snapshot(
                "https://bidenwhitehouse.archives.gov/x",
                SnapshotSource::KnownMove,
            )),
        );
        assert_eq!(corrections([&moved])[0].kind, CorrectionKind::Moved);
        let mut redirected = entry("http://a.example/old", VerdictCode::Verified, None);
        let mut f = FetchInfo::from(&crate::types::Fetched::new("http://a.example/old"));
        f.outcome = FetchOutcome::Ok;
        f.final_url = "https://a.example/new".into();
        f.redirects = vec![Redirect {
            url: "http://a.example/old".into(),
            status: 301,
        }];
        redirected.fetch = Some(f.clone());
        let c = corrections([&redirected]);
        assert_eq!(c[0].new_url, "https://a.example/new");
        assert_eq!(c[0].kind, CorrectionKind::Redirected);
        // A temporary redirect says nothing about where the page lives.
        f.redirects[0].status = 302;
        redirected.fetch = Some(f);
        assert!(corrections([&redirected]).is_empty());
    }
}
