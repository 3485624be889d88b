//! Verdicts end to end over small pages: one test per code, and the order of the checks.

use super::*;
use crate::fetch::Redirect;
use crate::inspect::inspect_text;

const URL: &str = "https://example.gov/news/2024/budget-approved";

fn cite(title: Option<&str>, date: Option<&str>) -> Citation {
    Citation {
        document: "doc.txt".into(),
        page: None,
        note: "1".into(),
        line: 1,
        raw: String::new(),
        url: Some(URL.into()),
        title: title.map(str::to_owned),
        authors: Vec::new(),
        container: None,
        date: date.and_then(crate::extract::PartialDate::parse_iso),
        accessed: None,
        ibid: false,
    }
}

fn fetched(outcome: FetchOutcome, status: Option<u16>) -> Fetched {
    let mut f = Fetched::new(URL);
    f.outcome = outcome;
    f.status = status;
    f
}

const PAGE: &str = r#"<html><head><title>Parliament approves the 2024 budget | Example Gov</title>
<meta property="article:published_time" content="2024-02-28T09:00:00+08:00">
<meta property="article:modified_time" content="2024-03-10T09:00:00+08:00">
</head><body><h1>Parliament approves the 2024 budget</h1><p>Text.</p></body></html>"#;

fn judge(c: &Citation, f: &Fetched, html: &str) -> Verdict {
    compare(c, f, &inspect_text(html, Some(URL)))
}

#[test]
fn one_case_per_code() {
    let ok = fetched(FetchOutcome::Ok, Some(200));
    let title = Some("Parliament Approves the 2024 Budget");
    let cases: Vec<(Citation, Fetched, &str, Code)> = vec![
        (
            cite(title, Some("2024-02-28")),
            ok.clone(),
            PAGE,
            Code::Verified,
        ),
        (
            cite(title, Some("2024-02")),
            ok.clone(),
            PAGE,
            Code::Verified,
        ),
        (
            cite(Some("Football results of the week"), None),
            ok.clone(),
            PAGE,
            Code::TitleMismatch,
        ),
        (
            cite(title, Some("2023-05-01")),
            ok.clone(),
            PAGE,
            Code::DateMismatch,
        ),
        (
            cite(title, None),
            fetched(FetchOutcome::NotFound, Some(404)),
            "",
            Code::Dead,
        ),
        (
            cite(title, None),
            fetched(FetchOutcome::Gone, None),
            "",
            Code::Dead,
        ),
        (
            cite(title, None),
            fetched(FetchOutcome::Timeout, None),
            "",
            Code::Unverifiable,
        ),
        (
            cite(title, None),
            fetched(FetchOutcome::Blocked, Some(403)),
            "",
            Code::Unverifiable,
        ),
        (
            cite(title, None),
            fetched(FetchOutcome::NotChecked, None),
            "",
            Code::Skipped,
        ),
        (
            cite(title, None),
            ok.clone(),
            "<title>Page not found</title><h1>404</h1>",
            Code::Dead,
        ),
        (
            cite(title, None),
            ok.clone(),
            "<title>Just a moment...</title><p>Checking your browser</p>",
            Code::Unverifiable,
        ),
    ];
    for (c, f, html, want) in cases {
        let v = judge(&c, &f, html);
        assert_eq!(v.code, want, "{:?} / {:?}: {}", c.title, c.date, v.reason);
    }
    let mut no_url = cite(title, None);
    no_url.url = None;
    assert_eq!(judge(&no_url, &ok, PAGE).code, Code::Skipped);
}

#[test]
fn evidence_is_recorded() {
    let v = judge(
        &cite(
            Some("Parliament approves the 2024 budget"),
            Some("2024-02-28"),
        ),
        &fetched(FetchOutcome::Ok, Some(200)),
        PAGE,
    );
    assert_eq!(v.evidence.status, Some(200));
    assert_eq!(v.evidence.final_url.as_deref(), Some(URL));
    let t = v.evidence.title.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(t.score, 1.0);
    assert!(t.candidates.iter().any(|c| c.source == "h1"));
    let d = v.evidence.date.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(d.result, DateResult::UpdatedSince);
    assert_eq!(d.source.as_deref(), Some("article:published_time"));
}

#[test]
fn deep_link_sent_home_is_dead() {
    let mut f = fetched(FetchOutcome::Ok, Some(200));
    f.redirects.push(Redirect {
        url: URL.into(),
        status: 301,
    });
    f.final_url = "https://example.gov/".into();
    f.body = Some(crate::fetch::Body {
        text: Some("<title>Example Gov</title>".into()),
        bytes: Vec::new(),
        charset: None,
        charset_source: None,
        truncated: false,
    });
    let page = crate::inspect::inspect(&f);
    let v = compare(&cite(Some("Budget"), None), &f, &page);
    assert_eq!(v.code, Code::Dead, "{}", v.reason);
}

#[test]
fn codes_are_stable_and_unique() {
    let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        names,
        [
            "verified",
            "title-mismatch",
            "date-mismatch",
            "dead",
            "unverifiable",
            "skipped"
        ]
    );
    for c in Code::ALL {
        assert_eq!(
            serde_json::to_value(c).ok(),
            Some(serde_json::json!(c.as_str()))
        );
        assert!(!c.description().is_empty());
    }
}
