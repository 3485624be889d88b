//! Reading a capture like a live page before offering it: an archive keeps whatever the
//! site served, so a capture listed with a date may be a "page not found", a login wall,
//! a deep link sent home, or another article that once lived at the address.
//!
//! The capture is fetched unaltered where the archive allows it, then seen through the
//! original URL (its redirects inside the archive mapped back to the site's own), so
//! that the inspect and compare stages judge it exactly as they judge the live page.

use super::memento::{day, parse_http_date, Memento};
use super::sources::{original_of, Source};
use super::Judge;
use crate::fetch::Fetcher;
use crate::types::{
    Citation, FetchOutcome, Fetched, RejectedCapture, Snapshot, SnapshotCheck, SnapshotSource,
    VerdictCode,
};

/// Reads `m`, a capture of `citation`'s URL in `source`, and offers it when it is the
/// work cited; says why not otherwise.
pub(super) async fn check(
    fetcher: &Fetcher,
    judge: &Judge,
    citation: &Citation,
    source: &Source,
    m: &Memento,
) -> Result<Snapshot, RejectedCapture> {
    let f = fetcher.fetch(&source.raw_of(&m.url)).await;
    let at = f
        .headers
        .memento_datetime
        .as_deref()
        .and_then(parse_http_date)
        .unwrap_or(m.at);
    let reject = |why: String| RejectedCapture {
        url: m.url.clone(),
        date: Some(day(at)),
        archive: source.name.clone(),
        why,
    };
    if f.outcome != FetchOutcome::Ok {
        let status = f.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
        return Err(reject(format!(
            "the capture cannot be read: {}{status}",
            f.outcome.code()
        )));
    }
    let url = citation.url.as_deref().unwrap_or(&m.url);
    let seen = as_original(&f, url);
    let (page, verdict) = judge(citation, &seen);
    if let Some(wall) = login_wall(page.title.as_deref(), citation.title.as_deref()) {
        return Err(reject(wall));
    }
    if !matches!(
        verdict.verdict,
        VerdictCode::Verified | VerdictCode::DateMismatch
    ) {
        return Err(reject(format!(
            "{}: {}",
            verdict.verdict.code(),
            verdict.reason
        )));
    }
    Ok(Snapshot {
        url: readable(&f, &m.url),
        date: Some(day(at)),
        source: SnapshotSource::Memento,
        archive: Some(source.name.clone()),
        checked: Some(SnapshotCheck {
            verdict: verdict.verdict,
            reason: verdict.reason,
            title: page.title,
        }),
    })
}

/// Titles of the sign-in and subscription pages that archives capture in place of the
/// article (their crawlers have no account); live, such a page is a paywall, which is
/// not the reader's loss, but as "the copy" it is worthless.
const LOGIN_TITLES: &[&str] = &[
    "sign in",
    "sign-in",
    "log in",
    "login",
    "log on",
    "subscribe to continue",
    "subscribe to read",
    "subscriber login",
    "register to continue",
    "create an account",
];

/// Why a capture is a login wall, when its title says so and the cited title does not.
fn login_wall(title: Option<&str>, cited: Option<&str>) -> Option<String> {
    let t = title?.trim().to_lowercase();
    let cited = cited.unwrap_or("").to_lowercase();
    LOGIN_TITLES
        .iter()
        .find(|w| t.starts_with(*w) && !cited.starts_with(*w))
        .map(|_| {
            format!(
                "a login wall: the capture's title is {:?}",
                title.unwrap_or("")
            )
        })
}

/// The capture as if the site had served it: its URLs (the redirects the archive
/// replayed included) mapped back to the original ones.
pub(super) fn as_original(f: &Fetched, url: &str) -> Fetched {
    let mut seen = f.clone();
    seen.url = url.to_owned();
    seen.remapped = None;
    seen.final_url = original_of(&f.final_url).unwrap_or_else(|| url.to_owned());
    for r in &mut seen.redirects {
        if let Some(original) = original_of(&r.url) {
            r.url = original;
        }
    }
    // Hops inside the archive that stay on the same original (a timestamp corrected to
    // the nearest capture) are not the site's redirects.
    seen.redirects.retain(|r| r.url != seen.final_url);
    seen
}

/// The address a reader is given: the capture the archive ended on, in its usual replay
/// form (with the archive's banner), not the unaltered one read here.
fn readable(f: &Fetched, listed: &str) -> String {
    if !f.is_redirected() {
        return listed.to_owned();
    }
    f.final_url.replacen("id_/", "/", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Redirect;

    #[test]
    fn login_walls_by_their_title() {
        assert!(login_wall(Some("Sign in | News"), Some("Steel tariffs")).is_some());
        assert!(login_wall(Some("Subscribe to continue reading"), None).is_some());
        // A work about logging in is not a wall.
        assert_eq!(
            login_wall(
                Some("Login security in 2023"),
                Some("Login security in 2023")
            ),
            None
        );
        assert_eq!(
            login_wall(Some("Steel tariffs"), Some("Steel tariffs")),
            None
        );
        assert_eq!(login_wall(None, Some("x")), None);
    }

    #[test]
    fn a_capture_seen_through_the_original_url() {
        let mut f = Fetched::new(
            "https://web.archive.org/web/20230101000000id_/https://a.example/deep/page",
        );
        f.redirects = vec![
            Redirect {
                url: "https://web.archive.org/web/20230101000000id_/https://a.example/deep/page"
                    .into(),
                status: 302,
            },
            Redirect {
                url: "https://web.archive.org/web/20230101000005id_/https://a.example/deep/page"
                    .into(),
                status: 301,
            },
        ];
        f.final_url = "https://web.archive.org/web/20230101000009id_/https://a.example/".into();
        let seen = as_original(&f, "https://a.example/deep/page");
        assert_eq!(seen.url, "https://a.example/deep/page");
        assert_eq!(seen.final_url, "https://a.example/");
        assert_eq!(seen.redirects.len(), 2);
        assert!(seen
            .redirects
            .iter()
            .all(|r| r.url == "https://a.example/deep/page"));
        assert_eq!(
            readable(&f, "x"),
            "https://web.archive.org/web/20230101000009/https://a.example/"
        );
        // A capture that does not redirect keeps the address the TimeMap listed.
        let plain = Fetched::new("https://archive.ph/AbCd");
        assert_eq!(
            readable(&plain, "https://archive.ph/AbCd"),
            "https://archive.ph/AbCd"
        );
    }
}
