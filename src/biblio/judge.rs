//! From what the sources said to a verdict, in words a reader can check.
//!
//! The order of the questions: did a source give the work (`verified`, or
//! `date-mismatch` when its year is another)? Did any source fail to answer (then
//! nothing can be concluded: `unverifiable`, or `skipped` when nothing was asked at all)?
//! Is the work of a kind no source covers (`unverifiable`, with that reason)? Only then
//! `not-found`, with the closest record for the reader to judge.

use super::doi::Origin;
use super::plan::{uncovered, Query};
use super::rule::{self, Assessment, Authors, Cited, Decision, Year};
use super::Looked;
use crate::types::{
    Asked, BiblioLookup, BiblioRecord, Citation, Difference, Evidence, LookupMethod, ScoredTitle,
    SourceAnswer, Verdict, VerdictCode,
};

/// What `c` offers for matching. A citation that repeats the previous one (`Ibid.`)
/// has that one's fields but not its text, so the fields are added to the text.
pub(super) fn cited(c: &Citation) -> Cited {
    let mut text = c.raw.clone();
    for part in c
        .authors
        .iter()
        .chain(c.title.iter())
        .chain(c.container.iter())
    {
        if !text.contains(part.as_str()) {
            text.push_str(" \n ");
            text.push_str(part);
        }
    }
    Cited::new(
        &text,
        c.title.as_deref(),
        &c.authors,
        c.date.map(|d| d.year),
        c.container.as_deref(),
    )
}

/// The verdict on a DOI's record: the citation's title, authors and year against it.
pub(super) fn doi_record(
    c: &Citation,
    cited: &Cited,
    doi: &str,
    record: BiblioRecord,
    asked: Vec<Asked>,
) -> Looked {
    let a = rule::assess(cited, &record);
    let differences = differences(c, &record, &a);
    let name = record.source.name();
    let titled = cited.title.is_some();
    let (code, reason) = if titled && a.title < crate::text::title::TITLE_MATCH {
        (
            VerdictCode::TitleMismatch,
            format!(
                "the DOI {doi} names another work in {name}: “{}”{}",
                record.title,
                by_and_year(&record)
            ),
        )
    } else if a.year == Year::Differs {
        (
            VerdictCode::DateMismatch,
            format!(
                "{name} knows the DOI {doi}, but as of {}, not {}",
                year_text(&record),
                cited.year.map(|y| y.to_string()).unwrap_or_default()
            ),
        )
    } else if titled {
        (
            VerdictCode::Verified,
            format!(
                "{name} knows the DOI {doi}: the title matches (score {:.2})",
                a.title
            ),
        )
    } else {
        (
            VerdictCode::Verified,
            format!("{name} knows the DOI {doi}: “{}”", record.title),
        )
    };
    let matched = code != VerdictCode::TitleMismatch;
    looked(
        BiblioLookup {
            method: LookupMethod::Doi,
            doi: Some(doi.to_owned()),
            isbn: None,
            title_score: titled.then_some(round(a.title)),
            record: Some(record),
            matched,
            differences,
            asked,
        },
        code,
        reason,
    )
}

/// The verdict on a DOI no metadata registry gave a record for.
pub(super) fn doi_without_record(doi: &str, registered: Option<bool>, asked: Vec<Asked>) -> Looked {
    let failed = failures(&asked);
    let (code, reason) = match registered {
        Some(false) if failed.is_empty() => (
            VerdictCode::Dead,
            format!(
                "the DOI {doi} is not registered: doi.org, Crossref and DataCite do not know it"
            ),
        ),
        Some(true) if failed.is_empty() => (
            VerdictCode::Verified,
            format!(
                "the DOI {doi} is registered (doi.org), with an agency whose metadata is not \
                 read here: the title was not compared"
            ),
        ),
        _ if asked.iter().all(|a| a.answer == SourceAnswer::NotChecked) => (
            VerdictCode::Skipped,
            format!("not checked: the registries' answers about {doi} are not cached (offline)"),
        ),
        _ => (
            VerdictCode::Unverifiable,
            format!(
                "the DOI {doi} could not be checked: {}",
                if failed.is_empty() {
                    "no registry answered".to_owned()
                } else {
                    failed
                }
            ),
        ),
    };
    looked(
        BiblioLookup {
            method: LookupMethod::Doi,
            doi: Some(doi.to_owned()),
            isbn: None,
            record: None,
            matched: registered == Some(true),
            title_score: None,
            differences: Vec::new(),
            asked,
        },
        code,
        reason,
    )
}

/// The verdict on a search: the best candidate, judged by the rule.
pub(super) fn search(
    c: &Citation,
    cited: &Cited,
    _query: &Query,
    isbn: Option<&str>,
    candidates: Vec<BiblioRecord>,
    asked: Vec<Asked>,
) -> Looked {
    // The best by the rule; among equals the first, from the source asked first.
    let best = candidates
        .into_iter()
        .enumerate()
        .map(|(i, r)| (rule::assess(cited, &r), r, std::cmp::Reverse(i)))
        .max_by_key(|(a, _, i)| (rule::rank(a), *i))
        .map(|(a, r, _)| (a, r));
    let method = if isbn.is_some()
        && asked
            .first()
            .is_some_and(|a| a.answer == SourceAnswer::Matched)
    {
        LookupMethod::Isbn
    } else {
        LookupMethod::Search
    };
    let mut lookup = BiblioLookup {
        method,
        doi: None,
        isbn: isbn.map(str::to_owned),
        record: None,
        matched: false,
        title_score: None,
        differences: Vec::new(),
        asked,
    };
    if let Some((a, record)) = best.as_ref().filter(|(a, _)| a.decision == Decision::Same) {
        lookup.matched = true;
        lookup.title_score = Some(round(a.title));
        lookup.differences = differences(c, record, a);
        lookup.record = Some(record.clone());
        let (code, reason) = found(cited, record, a);
        return looked(lookup, code, reason);
    }
    // The closest record, for the reader to judge, when it is close at all.
    let other_authors = best
        .as_ref()
        .is_some_and(|(a, _)| a.decision == Decision::OtherAuthors);
    // The cited title, equal, with nobody on one side to compare: the year alone
    // cannot tell the work from a namesake, so it is not absent.
    let namesake = best
        .as_ref()
        .is_some_and(|(a, _)| a.equal && a.authors == Authors::Unknown);
    if let Some((a, record)) = best.filter(|(a, _)| a.title >= 0.5) {
        lookup.title_score = Some(round(a.title));
        lookup.differences = differences(c, &record, &a);
        lookup.record = Some(record);
    }
    let (code, reason) = absent(c, &lookup, other_authors, namesake);
    looked(lookup, code, reason)
}

/// `verified` or `date-mismatch` for the record that is the work.
fn found(cited: &Cited, record: &BiblioRecord, a: &Assessment) -> (VerdictCode, String) {
    let id = record
        .doi
        .as_ref()
        .map(|d| format!("doi:{d}"))
        .unwrap_or_else(|| record.url.clone());
    let name = record.source.name();
    if a.year == Year::Differs {
        return (
            VerdictCode::DateMismatch,
            format!(
                "{name} knows this work ({id}), but as of {}, not {}",
                year_text(record),
                cited.year.map(|y| y.to_string()).unwrap_or_default()
            ),
        );
    }
    let differs = if a.equal {
        ""
    } else {
        "; the cited title differs from the record's"
    };
    (
        VerdictCode::Verified,
        format!(
            "{name} knows this work: “{}”{} ({id}; title score {:.2}{differs})",
            record.title,
            by_and_year(record),
            a.title
        ),
    )
}

/// The verdict when no source gave the work.
fn absent(
    c: &Citation,
    lookup: &BiblioLookup,
    other_authors: bool,
    namesake: bool,
) -> (VerdictCode, String) {
    let failed = failures(&lookup.asked);
    let answered: Vec<&str> = lookup
        .asked
        .iter()
        .filter(|a| {
            matches!(
                a.answer,
                SourceAnswer::NoMatch | SourceAnswer::Unknown | SourceAnswer::Matched
            )
        })
        .map(|a| a.source.name())
        .collect();
    if !lookup.asked.is_empty()
        && lookup
            .asked
            .iter()
            .all(|a| a.answer == SourceAnswer::NotChecked)
    {
        return (
            VerdictCode::Skipped,
            "not checked: the bibliographic sources' answers are not cached (offline)".to_owned(),
        );
    }
    let nothing_in = if answered.is_empty() {
        String::new()
    } else {
        format!("; {} found no record of it", list(&answered))
    };
    if !failed.is_empty() || lookup.asked.is_empty() {
        let why = if failed.is_empty() {
            "no source was asked".to_owned()
        } else {
            failed
        };
        return (
            VerdictCode::Unverifiable,
            format!("the bibliographic sources could not be searched: {why}{nothing_in}"),
        );
    }
    if let Some(why) = uncovered(c) {
        return (
            VerdictCode::Unverifiable,
            format!("could not be checked: {why}{nothing_in}"),
        );
    }
    if c.authors.is_empty() && c.date.is_none() {
        return (
            VerdictCode::Unverifiable,
            format!(
                "the citation names no author and no year: a title alone is too little to tell \
                 a missing work from a namesake{nothing_in}"
            ),
        );
    }
    if let (Some(r), true) = (&lookup.record, namesake) {
        return (
            VerdictCode::Unverifiable,
            format!(
                "{} knows a work with this title, “{}”{} ({}), but with no author on one side \
                 to compare, its year alone cannot tell the cited work from a namesake",
                r.source.name(),
                r.title,
                by_and_year(r),
                r.url
            ),
        );
    }
    let closest = match (&lookup.record, other_authors) {
        (Some(r), true) => {
            return (
                VerdictCode::NotFound,
                format!(
                "{} knows a work with this title, “{}”{}, but none of the cited authors wrote it",
                r.source.name(),
                r.title,
                by_and_year(r)
            ),
            )
        }
        (Some(r), _) => format!(
            "; the closest is “{}”{} ({})",
            r.title,
            by_and_year(r),
            r.url
        ),
        (None, _) => String::new(),
    };
    (
        VerdictCode::NotFound,
        format!(
            "no bibliographic source ({}) knows a work with this title and these authors{closest}",
            list(&answered)
        ),
    )
}

/// What differs between the citation and the record, field by field.
fn differences(c: &Citation, r: &BiblioRecord, a: &Assessment) -> Vec<Difference> {
    let mut out = Vec::new();
    let diff = |field: &str, cited: String, record: String| Difference {
        field: field.to_owned(),
        cited,
        record,
    };
    if let Some(t) = c.title.as_deref().filter(|_| a.title < 0.95) {
        out.push(diff("title", t.to_owned(), r.title.clone()));
    }
    if a.authors == Authors::Differ {
        out.push(diff("authors", c.authors.join("; "), r.authors.join("; ")));
    }
    if a.year == Year::Differs {
        let cited = c.date.map(|d| d.year.to_string()).unwrap_or_default();
        out.push(diff("year", cited, year_text(r)));
    }
    if let (false, Some(cc), Some(rc)) =
        (a.container, c.container.as_deref(), r.container.as_deref())
    {
        out.push(diff("container", cc.to_owned(), rc.to_owned()));
    }
    out
}

/// Combines the page's verdict with the DOI registry's, for a citation with both.
///
/// A DOI that is registered nowhere, or that names another work, is a fault of the
/// citation whatever its page says. Otherwise the page decides, except where it could
/// not be read (a bot wall, a timeout, offline): then the registry's answer stands, and
/// when the URL is the DOI's own link, a landing page whose title differs (a consent
/// page, a journal's home) does not outweigh the registry.
pub fn combine(page: Verdict, looked: &Looked) -> Verdict {
    let b = &looked.verdict;
    let own_link = matches!(looked.origin, Some(Origin::Resolver | Origin::Publisher));
    let registry_wins = match (b.verdict, page.verdict) {
        (VerdictCode::Dead | VerdictCode::TitleMismatch, _) => {
            // A DOI read from a publisher's path may be misread; a live page outweighs it.
            !(looked.origin == Some(Origin::Publisher) && page.verdict == VerdictCode::Verified)
        }
        (
            VerdictCode::Verified | VerdictCode::DateMismatch,
            VerdictCode::Unverifiable | VerdictCode::Skipped,
        ) => true,
        (VerdictCode::Verified, VerdictCode::TitleMismatch) => own_link,
        _ => false,
    };
    if !registry_wins {
        return page;
    }
    let note = match page.verdict {
        VerdictCode::Unverifiable | VerdictCode::Skipped | VerdictCode::TitleMismatch => {
            format!("; the page itself: {}", page.reason)
        }
        _ => String::new(),
    };
    Verdict {
        verdict: b.verdict,
        reason: format!("{}{note}", b.reason),
        evidence: if b.evidence.title_score.is_some() {
            b.evidence.clone()
        } else {
            page.evidence
        },
    }
}

fn looked(lookup: BiblioLookup, verdict: VerdictCode, reason: String) -> Looked {
    let evidence = Evidence {
        title_score: lookup.title_score,
        title_matched: lookup
            .record
            .as_ref()
            .zip(lookup.title_score)
            .map(|(r, s)| ScoredTitle {
                value: r.title.clone(),
                source: r.source.code().to_owned(),
                score: s,
            }),
        titles: Vec::new(),
        date: None,
    };
    Looked {
        lookup,
        verdict: Verdict {
            verdict,
            reason,
            evidence,
        },
        origin: None,
        unreachable: false,
    }
}

/// The sources that did not answer, with why: `Crossref (HTTP 503)`.
fn failures(asked: &[Asked]) -> String {
    let failed: Vec<String> = asked
        .iter()
        .filter(|a| a.answer == SourceAnswer::Failed)
        .map(|a| match &a.detail {
            Some(d) => format!("{} did not answer ({d})", a.source.name()),
            None => format!("{} did not answer", a.source.name()),
        })
        .collect();
    failed.join(", ")
}

/// ` by Frühling, Stephan and Schreer, Benjamin (2010)`, shortened for long lists.
fn by_and_year(r: &BiblioRecord) -> String {
    let authors = match r.authors.as_slice() {
        [] => String::new(),
        [one] => format!(" by {one}"),
        [one, two] => format!(" by {one} and {two}"),
        [one, ..] => format!(" by {one} et al."),
    };
    let year = r.year.map(|y| format!(" ({y})")).unwrap_or_default();
    format!("{authors}{year}")
}

fn year_text(r: &BiblioRecord) -> String {
    r.year
        .map(|y| y.to_string())
        .unwrap_or_else(|| "an unknown year".to_owned())
}

fn list(names: &[&str]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for n in names {
        if !seen.contains(n) {
            seen.push(n);
        }
    }
    match seen.as_slice() {
        [] => "none".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(code: VerdictCode, reason: &str) -> Verdict {
        Verdict {
            verdict: code,
            reason: reason.to_owned(),
            evidence: Evidence::default(),
        }
    }

    /// The registry's answer about a DOI found at `origin`: registered or not.
    fn registry(registered: bool, origin: Origin) -> Looked {
        let mut l = doi_without_record("10.1080/x", Some(registered), Vec::new());
        l.origin = Some(origin);
        l
    }

    #[test]
    fn a_bot_wall_no_longer_hides_a_registered_doi() {
        let wall = page(
            VerdictCode::Unverifiable,
            "the site refused the request (HTTP 403)",
        );
        for origin in [Origin::Resolver, Origin::Publisher, Origin::Text] {
            let v = combine(wall.clone(), &registry(true, origin));
            assert_eq!(v.verdict, VerdictCode::Verified, "{origin:?}");
            assert!(
                v.reason
                    .ends_with("; the page itself: the site refused the request (HTTP 403)"),
                "{}",
                v.reason
            );
        }
    }

    #[test]
    fn a_doi_registered_nowhere_is_dead_unless_a_publisher_page_shows_the_work() {
        let live = page(VerdictCode::Verified, "the title matches");
        let v = combine(live.clone(), &registry(false, Origin::Resolver));
        assert_eq!(v.verdict, VerdictCode::Dead);
        let v = combine(live.clone(), &registry(false, Origin::Text));
        assert_eq!(v.verdict, VerdictCode::Dead);
        // A DOI read from a publisher's path may be misread; the live page is the work.
        let v = combine(live, &registry(false, Origin::Publisher));
        assert_eq!(v.verdict, VerdictCode::Verified);
    }

    #[test]
    fn a_landing_page_with_another_title_does_not_outweigh_the_registry_on_its_own_link() {
        let consent = page(VerdictCode::TitleMismatch, "the page is “Cookie settings”");
        let v = combine(consent.clone(), &registry(true, Origin::Resolver));
        assert_eq!(v.verdict, VerdictCode::Verified);
        // A DOI given in the text beside some other URL: that page is what was cited.
        let v = combine(consent, &registry(true, Origin::Text));
        assert_eq!(v.verdict, VerdictCode::TitleMismatch);
        // A dead page stays dead whatever the registry says.
        let gone = page(VerdictCode::Dead, "HTTP 404");
        assert_eq!(
            combine(gone, &registry(true, Origin::Resolver)).verdict,
            VerdictCode::Dead
        );
    }
}
