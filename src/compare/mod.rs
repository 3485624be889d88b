//! Stage 4: a citation, its fetch and its page in, a [`Verdict`] out.
//!
//! Verdicts are data, never errors: a dead link is the answer the tool was asked for.
//! Each verdict has a stable [`Code`] (documented in `docs/verdicts.md`) and carries the
//! evidence it rests on, so that a reader can check the tool's judgement: the HTTP
//! status, the final URL, every title and date compared and their scores.
//!
//! The order of the checks encodes how sure each kind of evidence is: no URL or no check
//! at all (`skipped`), the server saying the page is gone (`dead`), no usable answer
//! (`unverifiable`, which is not evidence of rot), then what the page says: its title
//! first, since a wrong title means a wrong page, then its date.
//!
//! ```
//! use citecheck::compare::{compare, Code};
//! use citecheck::fetch::{FetchOutcome, Fetched};
//! use citecheck::inspect::inspect_text;
//!
//! let cite = &citecheck::extract::parse_one(
//!     "U.S. Department of State, “United States-India Relations,” November 9, 2023, \
//!      https://www.state.gov/united-states-india-relations/.",
//! )[0];
//! let mut fetched = Fetched::new("https://www.state.gov/united-states-india-relations/");
//! fetched.outcome = FetchOutcome::Ok;
//! fetched.status = Some(200);
//! let page = inspect_text(
//!     "<title>United States-India Relations - United States Department of State</title>",
//!     Some(fetched.final_url.as_str()),
//! );
//! let verdict = compare(cite, &fetched, &page);
//! assert_eq!(verdict.code, Code::Verified);
//! assert_eq!(verdict.code.as_str(), "verified");
//! ```

pub mod date;
pub mod title;

use serde::{Deserialize, Serialize};

use crate::extract::Citation;
use crate::fetch::{FetchOutcome, Fetched};
use crate::inspect::PageMeta;

pub use date::{DateCheck, DateResult};

/// The stable verdict codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// Reachable, the title matches, and the date agrees or the page gives none.
    Verified,
    /// Reachable, but the page is about something else: drift or a wrong URL.
    TitleMismatch,
    /// Reachable and the title matches, but the page states another date.
    DateMismatch,
    /// 404 or 410, a host name that does not exist, a soft 404, or a deep link sent
    /// to the site's home page.
    Dead,
    /// Blocked, timed out, server or network errors: no evidence either way.
    Unverifiable,
    /// Not checked: no URL, excluded by policy, or offline without a cached copy.
    Skipped,
}

impl Code {
    /// Every code, in documentation order.
    pub const ALL: [Code; 6] = [
        Code::Verified,
        Code::TitleMismatch,
        Code::DateMismatch,
        Code::Dead,
        Code::Unverifiable,
        Code::Skipped,
    ];

    /// The kebab-case code, as serialised and documented.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Verified => "verified",
            Code::TitleMismatch => "title-mismatch",
            Code::DateMismatch => "date-mismatch",
            Code::Dead => "dead",
            Code::Unverifiable => "unverifiable",
            Code::Skipped => "skipped",
        }
    }

    /// A one-line description, for reports and `docs/verdicts.md`.
    pub fn description(self) -> &'static str {
        match self {
            Code::Verified => "the page is there and says what the citation claims",
            Code::TitleMismatch => "the page is there but is about something else",
            Code::DateMismatch => "the page is there but states another date",
            Code::Dead => "the page is gone",
            Code::Unverifiable => "the page could not be checked; no evidence of rot",
            Code::Skipped => "the citation was not checked",
        }
    }
}

/// A judgement on one citation, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The stable code.
    pub code: Code,
    /// Why, in one sentence for people.
    pub reason: String,
    /// What the judgement rests on.
    pub evidence: Evidence,
}

/// The facts behind a verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The HTTP status of the last response.
    pub status: Option<u16>,
    /// Where the redirects ended.
    pub final_url: Option<String>,
    /// The fetch outcome code (`ok`, `not-found`, `timeout`...).
    pub outcome: Option<String>,
    /// The title comparison, when a title was cited and the page was read.
    pub title: Option<TitleCheck>,
    /// The date comparison, when the page was read.
    pub date: Option<DateCheck>,
}

/// The title comparison: the best match and every candidate's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TitleCheck {
    /// The cited title.
    pub cited: String,
    /// The best score, 0 to 1.
    pub score: f32,
    /// The page text that matched best.
    pub matched: Option<String>,
    /// Where that text came from (`og:title`, `title`, `lead`...).
    pub source: Option<String>,
    /// Every candidate compared, with its score.
    pub candidates: Vec<ScoredTitle>,
}

/// One page title and its similarity to the cited title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredTitle {
    /// The page's title text.
    pub value: String,
    /// Where it was found.
    pub source: String,
    /// Similarity to the cited title, 0 to 1.
    pub score: f32,
}

/// A `skipped` verdict for a citation that was never fetched.
pub fn skipped(reason: &str) -> Verdict {
    Verdict {
        code: Code::Skipped,
        reason: reason.to_owned(),
        evidence: Evidence::default(),
    }
}

/// Judges one citation from its fetch and the page's metadata.
pub fn compare(citation: &Citation, fetched: &Fetched, page: &PageMeta) -> Verdict {
    if citation.url.is_none() {
        return skipped("the citation has no URL");
    }
    let mut evidence = Evidence {
        status: fetched.status,
        final_url: Some(fetched.final_url.clone()),
        outcome: Some(fetched.outcome.code().to_owned()),
        ..Evidence::default()
    };
    if let Some((code, reason)) = by_outcome(fetched) {
        return Verdict {
            code,
            reason,
            evidence,
        };
    }
    if page.blocked {
        let why = page.flag_reason.as_deref().unwrap_or("bot wall");
        return verdict(
            Code::Unverifiable,
            format!("blocked by a bot wall ({why})"),
            evidence,
        );
    }
    if page.soft_404 {
        let why = page.flag_reason.as_deref().unwrap_or("not found");
        return verdict(Code::Dead, format!("soft 404: {why}"), evidence);
    }
    evidence.date = Some(date::check(citation.date.as_ref(), page));
    let title = citation.title.as_deref().map(|t| check_title(t, page));
    evidence.title = title.clone();
    if let Some(t) = &title {
        if t.candidates.is_empty() && t.matched.is_none() {
            return verdict(
                Code::Unverifiable,
                "the page states no title to compare".to_owned(),
                evidence,
            );
        }
        if t.score < title::MATCH {
            let found = t.matched.as_deref().unwrap_or("");
            let reason = format!("the page's title is {found:?} (score {:.2})", t.score);
            return verdict(Code::TitleMismatch, reason, evidence);
        }
    }
    date_verdict(evidence)
}

fn verdict(code: Code, reason: String, evidence: Evidence) -> Verdict {
    Verdict {
        code,
        reason,
        evidence,
    }
}

/// The verdict once the title is settled (or not cited): the date decides.
fn date_verdict(evidence: Evidence) -> Verdict {
    let check = evidence.date.clone();
    let Some(check) = check else {
        return verdict(Code::Verified, "the page is reachable".to_owned(), evidence);
    };
    let show =
        |d: Option<crate::extract::PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let (code, reason) = match check.result {
        DateResult::Differs => (
            Code::DateMismatch,
            format!(
                "cited {}, the page says {} ({})",
                show(check.cited),
                show(check.found),
                check.source.as_deref().unwrap_or("")
            ),
        ),
        DateResult::UpdatedSince => (
            Code::Verified,
            "title and date match; the page was updated since".to_owned(),
        ),
        DateResult::CitesUpdate => (
            Code::Verified,
            "title matches; the cited date is the page's last update".to_owned(),
        ),
        DateResult::PageStatesNone => (
            Code::Verified,
            "title matches; the page states no date".to_owned(),
        ),
        DateResult::Agrees => (Code::Verified, "title and date match".to_owned()),
        DateResult::NotCited => (Code::Verified, "title matches".to_owned()),
    };
    verdict(code, reason, evidence)
}

/// The verdict a fetch outcome settles on its own, before the page is read.
fn by_outcome(fetched: &Fetched) -> Option<(Code, String)> {
    let status = fetched
        .status
        .map(|s| format!("status {s}"))
        .unwrap_or_else(|| fetched.outcome.code().to_owned());
    let detail = fetched.detail.as_deref().unwrap_or("");
    Some(match fetched.outcome {
        FetchOutcome::Ok => return None,
        FetchOutcome::NotFound => (
            Code::Dead,
            format!("the server says the page is gone ({status})"),
        ),
        FetchOutcome::Gone => (Code::Dead, "the host name does not exist".to_owned()),
        FetchOutcome::NotChecked => (
            Code::Skipped,
            "not checked (offline or no network)".to_owned(),
        ),
        FetchOutcome::Excluded => (Code::Skipped, "excluded by the address policy".to_owned()),
        FetchOutcome::UnsupportedScheme | FetchOutcome::InvalidUrl => (
            Code::Skipped,
            format!("not a checkable http(s) URL ({})", fetched.outcome.code()),
        ),
        FetchOutcome::Blocked => (Code::Unverifiable, format!("blocked ({status})")),
        other => (
            Code::Unverifiable,
            format!("{} {detail}", other.code()).trim().to_owned(),
        ),
    })
}

/// Scores the cited title against every title candidate and the page's lead text.
fn check_title(cited: &str, page: &PageMeta) -> TitleCheck {
    // The best guess comes first: it is the page's title with the site name removed,
    // which may differ from every raw candidate.
    let best = page.title.iter().map(|t| (t.as_str(), "best"));
    let raw = page
        .titles
        .iter()
        .map(|t| (t.value.as_str(), t.source.as_str()));
    let mut candidates: Vec<ScoredTitle> = best
        .chain(raw)
        .map(|(value, source)| ScoredTitle {
            value: value.to_owned(),
            source: source.to_owned(),
            score: title::similarity(cited, value),
        })
        .collect();
    if !page.lead.is_empty() {
        candidates.push(ScoredTitle {
            value: crate::inspect::text::truncate_chars(&page.lead, 200).to_owned(),
            source: "lead".to_owned(),
            score: title::in_text(cited, &page.lead),
        });
    }
    // Highest score first; ties keep the page's order of trust (a stable sort).
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[b].score.total_cmp(&candidates[a].score));
    let best = order.first().map(|&i| &candidates[i]);
    let (score, matched, source) = match best {
        Some(b) => (b.score, Some(b.value.clone()), Some(b.source.clone())),
        None => (0.0, None, None),
    };
    // Keep the page's own order in the evidence; the best is named above.
    candidates.retain(|c| c.source != "lead" || c.score > 0.0);
    TitleCheck {
        cited: cited.to_owned(),
        score,
        matched,
        source,
        candidates,
    }
}

#[cfg(test)]
mod tests;
