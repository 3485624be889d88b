//! What the compare stage hands forward: a verdict with a stable code and its evidence.
//!
//! The report, the config (`fail_on`) and the CLI all speak these codes, so they live
//! here, apart from the rules that choose them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;

/// The stable verdict codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictCode {
    /// Reachable, the title matches, the date agrees or the page gives none.
    Verified,
    /// Reachable, but the page is about something else.
    TitleMismatch,
    /// The right page, but a different date: another version, or a wrong citation.
    DateMismatch,
    /// Gone: 404/410, a host that no longer exists, a soft 404, a deep link sent home.
    Dead,
    /// No evidence either way: blocked, timed out, server or network errors.
    Unverifiable,
    /// Nothing was checked: no URL, excluded, offline, no network.
    Skipped,
    /// Failed in a way that may pass (timeouts, resets, 5xx, 429 after retries), and not
    /// yet often enough, over enough days, to be called dead.
    Failing,
    /// No bibliographic source knows a work with this title and author: possibly
    /// fabricated or garbled.
    NotFound,
}

impl VerdictCode {
    /// Every code, in the order reports list them.
    pub const ALL: [VerdictCode; 8] = [
        VerdictCode::Dead,
        VerdictCode::TitleMismatch,
        VerdictCode::DateMismatch,
        VerdictCode::Failing,
        VerdictCode::NotFound,
        VerdictCode::Unverifiable,
        VerdictCode::Verified,
        VerdictCode::Skipped,
    ];

    /// The stable kebab-case code.
    pub fn code(self) -> &'static str {
        match self {
            VerdictCode::Verified => "verified",
            VerdictCode::TitleMismatch => "title-mismatch",
            VerdictCode::DateMismatch => "date-mismatch",
            VerdictCode::Dead => "dead",
            VerdictCode::Unverifiable => "unverifiable",
            VerdictCode::Skipped => "skipped",
            VerdictCode::Failing => "failing",
            VerdictCode::NotFound => "not-found",
        }
    }

    /// The code for `text`, if it is one.
    pub fn parse(text: &str) -> Option<VerdictCode> {
        VerdictCode::ALL.into_iter().find(|c| c.code() == text)
    }
}

impl fmt::Display for VerdictCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A verdict, why, and what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The stable code.
    pub verdict: VerdictCode,
    /// The reason, in words, for people.
    pub reason: String,
    /// What was compared.
    pub evidence: Evidence,
}

/// What a verdict rests on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The best title score (0 to 1), when titles were compared.
    pub title_score: Option<f64>,
    /// The page title that scored best, and where it came from.
    pub title_matched: Option<ScoredTitle>,
    /// Every title candidate compared, with its score.
    pub titles: Vec<ScoredTitle>,
    /// The date comparison, when the citation gives a date.
    pub date: Option<DateCheck>,
}

/// A page title candidate and its score against the cited title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredTitle {
    /// The candidate as the page states it.
    pub value: String,
    /// Where it came from (`og:title`, `title`, `h1`, `pdf:info`, `text`...).
    pub source: String,
    /// Its similarity to the cited title, rounded to three decimals.
    pub score: f64,
}

/// How the cited date and the page's dates relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateAgreement {
    /// The page's publication date matches at the cited precision (a day of slack for
    /// time zones).
    Agrees,
    /// The publication date matches and the page was modified later: updated since.
    UpdatedSince,
    /// The page's publication date is a different one.
    Differs,
    /// Nothing to compare: no cited date, or no date on the page.
    Unknown,
}

/// The outcome of the date comparison, with the page date it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateCheck {
    /// How the dates relate.
    pub agreement: DateAgreement,
    /// The page date compared, if any.
    pub page_date: Option<PartialDate>,
    /// Where that date came from (`article:published_time`, `url`, ...).
    pub source: Option<String>,
    /// The latest modification date, when the page gives one after the cited date.
    pub modified: Option<PartialDate>,
    /// True when the page date is only a file's own date (a PDF's creation date, a date
    /// in an upload path): it can support a match, never make a mismatch.
    #[serde(default)]
    pub weak: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_verdicts_md_has_one_section_per_code_and_no_other() {
        let doc = include_str!("../../docs/verdicts.md");
        let sections: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .map(|h| h.trim().trim_matches('`'))
            .collect();
        let mut codes: Vec<&str> = VerdictCode::ALL.iter().map(|c| c.code()).collect();
        let mut documented = sections.clone();
        codes.sort_unstable();
        documented.sort_unstable();
        assert_eq!(
            documented, codes,
            "sections of docs/verdicts.md: {sections:?}"
        );
    }
}
