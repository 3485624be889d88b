use super::*;
use crate::date::PartialDate;
use crate::types::Redirect;
use crate::types::{DateCandidate, DateKind, Precision, TitleCandidate};

fn citation(title: Option<&str>, date: Option<&str>) -> Citation {
    let mut c = crate::extract::parse_one("x").into_iter().next().unwrap();
    c.url = Some("https://news.example/2023/06/22/story/".to_owned());
    c.title = title.map(str::to_owned);
    c.date = date.and_then(PartialDate::parse_iso);
    c
}

fn fetched(outcome: FetchOutcome, status: Option<u16>) -> Fetched {
    let mut f = Fetched::new("https://news.example/2023/06/22/story/");
    f.outcome = outcome;
    f.status = status;
    f
}

fn page(titles: &[(&str, &str)], dates: &[(&str, &str, DateKind)]) -> PageMeta {
    PageMeta {
        titles: titles
            .iter()
            .map(|(v, s)| TitleCandidate {
                value: (*v).to_owned(),
                source: (*s).to_owned(),
            })
            .collect(),
        dates: dates
            .iter()
            .map(|(v, s, k)| {
                let value = PartialDate::parse_iso(v).unwrap();
                DateCandidate {
                    value,
                    source: (*s).to_owned(),
                    kind: *k,
                    precision: Precision::of(&value),
                }
            })
            .collect(),
        ..PageMeta::default()
    }
}

const TITLE: &str = "Defense Part of Deepening Overall U.S.-India Relationship";

#[test]
fn transport_outcomes() {
    let c = citation(Some(TITLE), Some("2023-06-22"));
    let cases = [
        (FetchOutcome::NotFound, Some(404), VerdictCode::Dead),
        (FetchOutcome::Gone, None, VerdictCode::Dead),
        (FetchOutcome::Blocked, Some(403), VerdictCode::Unverifiable),
        (FetchOutcome::ServerError, Some(503), VerdictCode::Failing),
        (FetchOutcome::Timeout, None, VerdictCode::Failing),
        (FetchOutcome::NetworkError, None, VerdictCode::Failing),
        (FetchOutcome::Blocked, Some(429), VerdictCode::Failing),
        (FetchOutcome::Blocked, Some(401), VerdictCode::Unverifiable),
        (
            FetchOutcome::ClientError,
            Some(400),
            VerdictCode::Unverifiable,
        ),
        (
            FetchOutcome::TooManyRedirects,
            Some(302),
            VerdictCode::Unverifiable,
        ),
        (FetchOutcome::NotChecked, None, VerdictCode::Skipped),
        (FetchOutcome::Excluded, None, VerdictCode::Skipped),
        (FetchOutcome::UnsupportedScheme, None, VerdictCode::Skipped),
    ];
    for (outcome, status, want) in cases {
        let v = compare(&c, Some(&fetched(outcome, status)), None);
        assert_eq!(v.verdict, want, "{outcome:?}: {}", v.reason);
        assert!(!v.reason.is_empty());
    }
    let mut no_url = c.clone();
    no_url.url = None;
    assert_eq!(compare(&no_url, None, None).verdict, VerdictCode::Skipped);
}

#[test]
fn page_contents() {
    let ok = fetched(FetchOutcome::Ok, Some(200));
    let pub_ = DateKind::Published;
    let cases: Vec<(Citation, PageMeta, VerdictCode)> = vec![
        (
            citation(Some(TITLE), Some("2023-06-22")),
            page(
                &[(
                    &format!("{TITLE} > U.S. Department of Defense > News"),
                    "title",
                )],
                &[("2023-06-22", "article:published_time", pub_)],
            ),
            VerdictCode::Verified,
        ),
        (
            citation(Some(TITLE), Some("2023-06")),
            page(
                &[(TITLE, "og:title")],
                &[("2023-06-30", "json-ld:datePublished", pub_)],
            ),
            VerdictCode::Verified,
        ),
        (
            citation(Some(TITLE), Some("2023-06-22")),
            page(&[("Subscribe to our newsletter", "title")], &[]),
            VerdictCode::TitleMismatch,
        ),
        (
            citation(Some(TITLE), Some("2023-06-22")),
            page(
                &[(TITLE, "og:title")],
                &[("2021-02-01", "article:published_time", pub_)],
            ),
            VerdictCode::DateMismatch,
        ),
        // The URL's date is not trusted over the page's own.
        (
            citation(Some(TITLE), Some("2023-06-22")),
            page(
                &[(TITLE, "og:title")],
                &[
                    ("2023-06-22", "url", pub_),
                    ("2023-01-01", "article:published_time", pub_),
                ],
            ),
            VerdictCode::DateMismatch,
        ),
        // No title on the page, no date: reachable is all we know.
        (
            citation(Some(TITLE), Some("2023-06-22")),
            PageMeta::default(),
            VerdictCode::Verified,
        ),
        (
            citation(None, None),
            page(&[("Anything", "title")], &[]),
            VerdictCode::Verified,
        ),
    ];
    for (c, p, want) in cases {
        let v = compare(&c, Some(&ok), Some(&p));
        assert_eq!(v.verdict, want, "{p:?}: {}", v.reason);
    }
}

#[test]
fn a_title_found_only_in_the_text_matches() {
    let ok = fetched(FetchOutcome::Ok, Some(200));
    let mut p = page(&[("Department of Defense", "title")], &[]);
    p.lead = format!("Home > News > {TITLE} > By Jim Garamone");
    let v = compare(&citation(Some(TITLE), None), Some(&ok), Some(&p));
    assert_eq!(v.verdict, VerdictCode::Verified, "{}", v.reason);
    assert_eq!(v.evidence.title_matched.unwrap().source, "text");
}

#[test]
fn walls_soft_404s_and_redirects_home() {
    let c = citation(Some(TITLE), None);
    let ok = fetched(FetchOutcome::Ok, Some(200));
    let wall = PageMeta {
        blocked: true,
        flag_reason: Some("Cloudflare challenge".into()),
        ..PageMeta::default()
    };
    assert_eq!(
        compare(&c, Some(&ok), Some(&wall)).verdict,
        VerdictCode::Unverifiable
    );
    let soft = PageMeta {
        soft_404: true,
        ..PageMeta::default()
    };
    assert_eq!(
        compare(&c, Some(&ok), Some(&soft)).verdict,
        VerdictCode::Dead
    );

    let mut home = ok.clone();
    home.redirects.push(Redirect {
        url: home.url.clone(),
        status: 301,
    });
    home.final_url = "https://news.example/".to_owned();
    let v = compare(
        &c,
        Some(&home),
        Some(&page(&[("News Example", "title")], &[])),
    );
    assert_eq!(v.verdict, VerdictCode::Dead, "{}", v.reason);

    // A redirect to another deep page is a move, judged by its content.
    home.final_url = "https://news.example/articles/story".to_owned();
    let v = compare(&c, Some(&home), Some(&page(&[(TITLE, "title")], &[])));
    assert_eq!(v.verdict, VerdictCode::Verified, "{}", v.reason);
}

#[test]
fn updated_since_is_verified_and_said() {
    let ok = fetched(FetchOutcome::Ok, Some(200));
    let p = page(
        &[(TITLE, "og:title")],
        &[
            ("2023-06-22", "article:published_time", DateKind::Published),
            ("2024-02-01", "article:modified_time", DateKind::Modified),
        ],
    );
    let v = compare(
        &citation(Some(TITLE), Some("2023-06-22")),
        Some(&ok),
        Some(&p),
    );
    assert_eq!(v.verdict, VerdictCode::Verified);
    assert!(v.reason.contains("updated since"), "{}", v.reason);
}

#[test]
fn codes_round_trip() {
    for c in VerdictCode::ALL {
        assert_eq!(VerdictCode::parse(c.code()), Some(c));
        assert_eq!(serde_json::to_value(c).unwrap(), c.code());
    }
    assert_eq!(VerdictCode::parse("alive"), None);
}
