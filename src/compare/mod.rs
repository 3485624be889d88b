//! Stage 4: a citation and what its page says -> a [`Verdict`].
//!
//! A verdict is data with a stable code, never an error. The order of the questions
//! matters, and follows what an editor would ask: is there anything to check (else
//! `skipped`)? Did the site answer at all, or refuse (`unverifiable`: a bot wall is not
//! rot)? Is the page gone (`dead`: 404/410, a name that no longer exists, a "not found"
//! page served with 200, a deep link sent to the home page)? Is it about what the
//! footnote says (`title-mismatch`)? Is it the version cited (`date-mismatch`)?
//! Only then `verified`. Every verdict carries the evidence it rests on.

pub mod date;

use crate::text::title;
use crate::types::{Citation, FetchOutcome, Fetched, PageMeta};

pub use crate::types::{DateAgreement, DateCheck, Evidence, ScoredTitle, Verdict, VerdictCode};

pub use crate::text::title::{TEXT_MATCH, TITLE_MATCH};

/// Judges one citation. `fetched` is `None` when nothing was fetched for it (no URL);
/// `page` is what inspection found on the fetched page, if it was inspected.
pub fn compare(citation: &Citation, fetched: Option<&Fetched>, page: Option<&PageMeta>) -> Verdict {
    let Some(f) = fetched.filter(|_| citation.url.is_some()) else {
        return settled(VerdictCode::Skipped, "no URL to check".to_owned());
    };
    let empty = PageMeta::default();
    let page = page.unwrap_or(&empty);
    if let Some((code, reason)) = transport(f).or_else(|| not_the_page(f, page)) {
        return settled(code, reason);
    }
    let mut evidence = Evidence::default();
    if let Some(cited) = citation.title.as_deref().filter(|t| !t.trim().is_empty()) {
        let best = score_titles(cited, page, &mut evidence);
        // A page that states no title at all is no evidence of another subject (titles
        // drawn by scripts, bare documents): it is judged on the rest.
        if let Some(b) = best.filter(|b| b.score < TITLE_MATCH) {
            let reason = format!(
                "the page's title is “{}” (score {:.2} against the cited title)",
                b.value, b.score
            );
            return Verdict {
                verdict: VerdictCode::TitleMismatch,
                reason,
                evidence,
            };
        }
    }
    judge_date(citation, page, &f.final_url, evidence)
}

/// A verdict settled before the page's content is compared: no evidence to show.
fn settled(verdict: VerdictCode, reason: String) -> Verdict {
    Verdict {
        verdict,
        reason,
        evidence: Evidence::default(),
    }
}

/// A page that answered but is not the page cited: a deep link sent to the home page,
/// a bot wall, or a "not found" page served as a success.
fn not_the_page(f: &Fetched, page: &PageMeta) -> Option<(VerdictCode, String)> {
    if redirected_home(f) {
        let reason = "the deep link now redirects to the site's home page";
        return Some((VerdictCode::Dead, reason.to_owned()));
    }
    if page.blocked {
        let why = page.flag_reason.as_deref().unwrap_or("a bot check");
        let reason = format!("the page is a bot wall ({why})");
        return Some((VerdictCode::Unverifiable, reason));
    }
    if page.soft_404 {
        let why = page
            .flag_reason
            .as_deref()
            .unwrap_or("it says it does not exist");
        let reason = format!("the page answers but is not there ({why})");
        return Some((VerdictCode::Dead, reason));
    }
    None
}

/// Scores every title the page states against the cited one, into `evidence`, and
/// returns the best; when none matches, the page's text may hold the cited title.
fn score_titles(cited: &str, page: &PageMeta, evidence: &mut Evidence) -> Option<ScoredTitle> {
    evidence.titles = page
        .titles
        .iter()
        .map(|t| ScoredTitle {
            value: t.value.clone(),
            source: t.source.clone(),
            score: round(title::score(cited, &t.value)),
        })
        .collect();
    let mut best = evidence
        .titles
        .iter()
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .cloned();
    if best.as_ref().is_none_or(|b| b.score < TITLE_MATCH) && !page.lead.is_empty() {
        let found = round(title::found_in_text(cited, &page.lead));
        if found >= TEXT_MATCH {
            best = Some(ScoredTitle {
                value: cited.to_owned(),
                source: "text".to_owned(),
                score: found,
            });
        }
    }
    evidence.title_score = best.as_ref().map(|b| b.score);
    evidence.title_matched = best.clone();
    best
}

/// The last question, once the title matched or could not be compared: is it the
/// version cited? `date-mismatch` if not, else `verified`.
/// A file's own dates (a PDF's creation date, an upload path of `url`) are weighed as
/// such (see [`date::check_weighed`]).
fn judge_date(citation: &Citation, page: &PageMeta, url: &str, mut evidence: Evidence) -> Verdict {
    let document = Some((page.kind, url));
    let dates = date::check_weighed(citation.date, &page.dates, |d| {
        date::is_file_date(d, document)
    });
    let (agreement, page_date, modified) = (dates.agreement, dates.page_date, dates.modified);
    let file_date = dates.weak && citation.date.is_some();
    evidence.date = Some(dates);
    if agreement == DateAgreement::Differs {
        let (cited, on_page) = (
            citation.date.map(|d| d.to_string()).unwrap_or_default(),
            page_date.map(|d| d.to_string()).unwrap_or_default(),
        );
        return Verdict {
            verdict: VerdictCode::DateMismatch,
            reason: format!("cited as of {cited}, the page says {on_page}"),
            evidence,
        };
    }
    let mut reason = match (evidence.title_score, page.titles.is_empty()) {
        (Some(s), _) => format!("the title matches (score {s:.2})"),
        (None, true) => "reachable; the page states no title to compare".to_owned(),
        (None, false) => "reachable; the citation gives no title to compare".to_owned(),
    };
    match agreement {
        DateAgreement::Agrees => reason.push_str(" and the date agrees"),
        DateAgreement::UpdatedSince => {
            let m = modified.map(|d| d.to_string()).unwrap_or_default();
            reason.push_str(&format!(" and the date agrees; updated since, on {m}"));
        }
        DateAgreement::Unknown if file_date => {
            let d = page_date.map(|d| d.to_string()).unwrap_or_default();
            reason.push_str(&format!(
                "; no publication date found (the file's own date, {d}, is not evidence of \
                 publication)"
            ));
        }
        _ => {}
    }
    Verdict {
        verdict: VerdictCode::Verified,
        reason,
        evidence,
    }
}

/// The verdict a fetch settles on its own, before the page is read: everything but
/// [`FetchOutcome::Ok`]. A failure that may pass (a timeout, a reset, a 5xx, a 429 after
/// retries) is `failing`, never `dead`: only failures seen again over days make it dead
/// (see the history); a refusal (401, 403, a bot wall) is no evidence at all.
fn transport(f: &Fetched) -> Option<(VerdictCode, String)> {
    use VerdictCode::{Dead, Failing, Skipped, Unverifiable};
    let status = f.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
    let detail = |fallback: &str| f.detail.clone().unwrap_or_else(|| fallback.to_owned());
    Some(match f.outcome {
        FetchOutcome::Ok => return None,
        FetchOutcome::NotFound => (
            Dead,
            format!("the server says the page does not exist{status}"),
        ),
        FetchOutcome::Gone => (Dead, "the host name no longer exists".to_owned()),
        FetchOutcome::InvalidUrl => (Dead, "the URL is malformed".to_owned()),
        FetchOutcome::NotChecked => (Skipped, format!("not checked: {}", detail("not fetched"))),
        FetchOutcome::Excluded => (Skipped, "excluded by the address policy".to_owned()),
        FetchOutcome::UnsupportedScheme => (Skipped, "not an http(s) link".to_owned()),
        FetchOutcome::Blocked if f.status == Some(429) => (
            Failing,
            "the server kept answering 429 (too many requests), after retries".to_owned(),
        ),
        FetchOutcome::Blocked => (
            Unverifiable,
            format!("the site refused the request{status}; a bot wall is not link rot"),
        ),
        FetchOutcome::Timeout => (Failing, "no answer within the timeout".to_owned()),
        FetchOutcome::TooLarge => (
            Unverifiable,
            "the document is larger than the size cap and not one whose start can be read"
                .to_owned(),
        ),
        FetchOutcome::TooManyRedirects => (Unverifiable, "the redirects do not end".to_owned()),
        FetchOutcome::ServerError => (Failing, format!("the server failed{status}, after retries")),
        FetchOutcome::ClientError => (
            Unverifiable,
            format!("the server rejected the request{status}"),
        ),
        other => (
            Failing,
            format!("the connection failed: {}", detail(other.code())),
        ),
    })
}

/// A deep link whose redirects end at the site's root: the page is gone, whatever the
/// home page's status says.
fn redirected_home(f: &Fetched) -> bool {
    if f.redirects.is_empty() {
        return false;
    }
    let (Ok(asked), Ok(ended)) = (
        url::Url::parse(f.remapped.as_deref().unwrap_or(&f.url)),
        url::Url::parse(&f.final_url),
    ) else {
        return false;
    };
    let is_home = |p: &str| {
        matches!(
            p.trim_end_matches('/').to_ascii_lowercase().as_str(),
            "" | "/index.html" | "/index.htm" | "/index.php" | "/home" | "/en" | "/default.aspx"
        )
    };
    let deep = !is_home(asked.path()) || asked.query().is_some();
    deep && is_home(ended.path()) && ended.query().is_none()
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests;
