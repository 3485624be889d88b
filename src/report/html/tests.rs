//! The HTML report from in-memory reports: hostile text stays text, only web URLs
//! become links, the same report gives the same bytes, spooled or not.

use scraper::{Html, Selector};

use super::*;
use crate::report::schema::{Entry, RunFacts, Settings};
use crate::report::Spool;
use crate::types::{
    ArchiveLookup, Citation, Evidence, FetchOutcome, Fetched, LookupOutcome, PageMeta, Snapshot,
    SnapshotSource, Verdict,
};

fn citation(doc: &str, note: &str, title: Option<&str>, url: Option<&str>) -> Citation {
    Citation {
        document: doc.to_owned(),
        page: Some(3),
        note: note.to_owned(),
        line: 7,
        raw: String::new(),
        url: url.map(str::to_owned),
        title: title.map(str::to_owned),
        authors: Vec::new(),
        container: None,
        date: crate::date::PartialDate::parse_iso("2021-05-04"),
        accessed: None,
        ibid: false,
    }
}

fn entry(c: Citation, code: VerdictCode, reason: &str, fetched: Option<Fetched>) -> Entry {
    let page = fetched.as_ref().map(|_| PageMeta {
        title: Some("Page <b>title</b> \"quoted\"".to_owned()),
        date: Some("2021-05-04".to_owned()),
        ..PageMeta::default()
    });
    let verdict = Verdict {
        verdict: code,
        reason: reason.to_owned(),
        evidence: Evidence {
            title_score: fetched.as_ref().map(|_| 0.42),
            ..Evidence::default()
        },
    };
    Entry::new(c, fetched.as_ref(), page, verdict, None)
}

fn fetched(url: &str, status: u16, final_url: &str) -> Fetched {
    let mut f = Fetched::new(url);
    f.status = Some(status);
    f.outcome = FetchOutcome::from_status(status);
    f.final_url = final_url.to_owned();
    f.attempts = 1;
    f
}

fn hostile_entries() -> Vec<Entry> {
    let doc = "papers/a \"quoted\" 'doc' <i>.md";
    let script = "<script>alert(1)</script>";
    let mut dead = entry(
        citation(doc, "1", Some(script), Some("https://a.org/gone")),
        VerdictCode::Dead,
        "404 <img src=x onerror=alert(1)>",
        Some(fetched("https://a.org/gone", 404, "javascript:alert(2)")),
    );
    dead.archive = Some(Snapshot {
        url: "data:text/html,<script>alert(3)</script>".to_owned(),
        date: Some("2020-01-01\"><script>".to_owned()),
        source: SnapshotSource::Wayback,
        archive: Some("<b>Archive</b>".to_owned()),
        checked: None,
    });
    let mut moved = entry(
        citation(
            doc,
            "2\" onmouseover=\"alert(4)",
            Some("Moved"),
            Some("javascript:alert(5)"),
        ),
        VerdictCode::TitleMismatch,
        "the page is about something else",
        Some(fetched(
            "javascript:alert(5)",
            200,
            "https://b.org/x?a=1&b=\"2\"",
        )),
    );
    moved.archive_lookup = Some(ArchiveLookup {
        outcome: LookupOutcome::Unreachable,
        detail: Some("timeout <b>".to_owned()),
        rejected: Vec::new(),
    });
    let mut ok = entry(
        citation(
            "b.md",
            "3",
            Some("Fine"),
            Some("https://user:hunter2@c.org/p"),
        ),
        VerdictCode::Verified,
        "title matches",
        Some(fetched(
            "https://user:hunter2@c.org/p",
            200,
            "https://user:hunter2@c.org/p",
        )),
    );
    let f = ok.fetch.as_mut().unwrap();
    (f.from_cache, f.cache_age_s) = (true, Some(7200));
    let none = entry(
        citation("b.md", "4", Some("No URL"), None),
        VerdictCode::Skipped,
        "no URL to check",
        None,
    );
    vec![dead, moved, ok, none]
}

fn run_facts() -> RunFacts {
    RunFacts {
        tool: "citecheck 0.1.0".to_owned(),
        date: "2026-01-01".to_owned(),
        documents: vec![
            "papers/a \"quoted\" 'doc' <i>.md".to_owned(),
            "b.md".to_owned(),
        ],
        settings: Settings {
            host_request_interval_ms: 1000,
            host_concurrency: 2,
            max_concurrency: 64,
            timeout_ms: 30_000,
            max_retries: 3,
            cache: true,
            offline: false,
            fail_on: vec![VerdictCode::Dead],
        },
        network_unreachable: false,
        network_detail: Some("canary <script>".to_owned()),
        incomplete: false,
        merge_problems: Vec::new(),
        shard: None,
        saved: Vec::new(),
    }
}

fn report(entries: Vec<Entry>) -> Report {
    Report::new(run_facts(), Entries::Memory(entries)).unwrap()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn hostile_text_stays_text_and_only_web_urls_are_links() {
    let html = render(&report(hostile_entries())).unwrap();
    let doc = Html::parse_document(&html);
    assert_eq!(select(&doc, "script").len(), 1, "only our own script");
    assert_eq!(select(&doc, "img, iframe, object, embed, link").len(), 0);
    for el in select(&doc, "*") {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}={value}");
            if name == "href" {
                assert!(
                    value.starts_with("https://") || value.starts_with('#'),
                    "href {value}"
                );
            }
        }
    }
    let rows = select(&doc, "tbody tr");
    assert_eq!(rows.len(), 4);
    for r in &rows {
        assert_eq!(r.children().filter(|c| c.value().is_element()).count(), 8);
    }
    let first: String = rows[0].text().collect();
    assert!(first.contains("<script>alert(1)</script>"), "{first}");
    assert!(
        first.contains("404 <img src=x onerror=alert(1)>"),
        "{first}"
    );
    assert!(
        first.contains("javascript:alert(2)"),
        "shown, not linked: {first}"
    );
    assert!(
        first.contains("data:text/html"),
        "shown, not linked: {first}"
    );
    let second: String = rows[1].text().collect();
    assert!(
        second.contains("note 2\" onmouseover=\"alert(4)"),
        "{second}"
    );
    assert!(
        second.contains("archive unreachable: timeout <b>"),
        "{second}"
    );
    assert!(!html.contains("hunter2"), "passwords are masked");
    // A 404 page's title is not the cited page's title.
    assert!(!first.contains("Page <b>title</b>"), "{first}");
    assert!(first.contains("error page"), "{first}");
    assert!(second.contains("Page <b>title</b> \"quoted\""), "{second}");
}

#[test]
fn the_policy_allows_only_the_pages_own_style_and_script() {
    let html = render(&report(hostile_entries())).unwrap();
    let doc = Html::parse_document(&html);
    let meta = select(&doc, "meta[http-equiv=Content-Security-Policy]");
    let policy = meta[0].value().attr("content").unwrap();
    assert!(policy.starts_with("default-src 'none';"), "{policy}");
    assert!(!policy.contains("unsafe"), "{policy}");
    let style: String = select(&doc, "style")[0].text().collect();
    let script: String = select(&doc, "script")[0].text().collect();
    assert!(policy.contains(&format!(
        "style-src '{}' '{}'",
        sha256(&style),
        sha256(NOSCRIPT_CSS)
    )));
    assert!(policy.contains(&format!("script-src '{}'", sha256(&script))));
    assert_eq!(
        select(&doc, "[style]").len(),
        0,
        "no style attribute: the CSP forbids them"
    );
}

#[test]
fn script_stylesheet_and_renderer_agree() {
    for (i, (name, _)) in rows::COLUMNS.iter().enumerate() {
        let label = format!("td:nth-child({})::before{{content:\"{name}\"}}", i + 1);
        assert!(CSS.contains(&label), "{label}");
    }
    assert!(JS.contains(&format!("const PAGE = {PAGE_ROWS};")));
    let first_hidden = format!("tr:nth-child(n+{})", PAGE_ROWS + 1);
    assert!(CSS.contains(&first_hidden) && NOSCRIPT_CSS.contains(&first_hidden));
    assert!(
        CSS.contains("[hidden]{display:none!important}"),
        "filtered rows stay hidden"
    );
}

#[test]
fn base64_is_the_standard_alphabet() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
}

#[test]
fn same_report_same_bytes_whether_spooled_or_in_memory() {
    let entries = hostile_entries();
    let memory = render(&report(entries.clone())).unwrap();
    assert_eq!(memory, render(&report(entries.clone())).unwrap());
    let spool = Spool::new(entries.len(), 3).unwrap();
    for (i, e) in entries.iter().enumerate().rev() {
        spool.put(i, e);
    }
    let spooled = Report::new(run_facts(), Entries::Spooled(spool)).unwrap();
    assert_eq!(render(&spooled).unwrap(), memory);
}

#[test]
fn summary_counts_and_filters_follow_the_report() {
    let r = report(hostile_entries());
    let html = render(&r).unwrap();
    let doc = Html::parse_document(&html);
    let reliability: String = select(&doc, "#reliability")[0].text().collect();
    assert_eq!(reliability, "33%", "1 verified of 3 checkable");
    let dead: String = select(&doc, "a.count.v-dead b")[0].text().collect();
    assert_eq!(dead, "1");
    let docs: Vec<String> = select(&doc, "select[name=doc] option")
        .iter()
        .map(|o| o.text().collect())
        .collect();
    assert_eq!(docs, ["all", "a \"quoted\" 'doc' <i>.md", "b.md"]);
    let rows = select(&doc, "tbody tr");
    let attr = |i: usize, a: &str| rows[i].value().attr(a).map(str::to_owned);
    assert_eq!(attr(0, "data-v").as_deref(), Some("dead"));
    assert_eq!(attr(0, "data-a").as_deref(), Some("1"));
    assert_eq!(attr(2, "data-a"), None, "verified needs no attention");
    assert_eq!(attr(3, "data-d").as_deref(), Some("1"));
    assert!(html.contains("cache: yes, 2 h old"), "{html}");
    assert_eq!(select(&doc, "#charts svg").len(), 3);
}

#[test]
fn an_empty_report_renders() {
    let html = render(&report(Vec::new())).unwrap();
    assert!(html.contains("No citations."), "{html}");
    assert!(html.contains(">n/a<"), "{html}");
    assert!(html.ends_with("</html>\n"));
}

/// Text built from the pieces that break HTML: whatever a document or a page says, the
/// report holds one script, no handler, no link but to the web, and the text as written.
fn hostile_text() -> impl proptest::strategy::Strategy<Value = String> {
    let pieces = proptest::sample::select(
        &[
            "<",
            ">",
            "&",
            "\"",
            "'",
            "`",
            "=",
            "/",
            "\\",
            " ",
            "\n",
            "\u{0}",
            "\u{1b}",
            "\u{202e}",
            "<script>",
            "</script>",
            "</td>",
            "</tr>",
            "<!--",
            "-->",
            "<![CDATA[",
            "javascript:",
            "JaVaScRiPt:",
            "data:",
            "onerror=",
            "onclick=\"x()\"",
            "<a href=",
            "<svg onload=",
            "&lt;",
            "&#x3C;",
            "https://",
            "http://a.org/",
            "user:pw@",
            "é",
            "中",
            "%20",
            "#",
            "?",
            "</style>",
            "<style>",
            "</textarea>",
            "<noscript>",
        ][..],
    );
    proptest::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

use proptest::strategy::Strategy as _;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]
    #[test]
    fn no_text_can_add_markup(title in hostile_text(), url in hostile_text(), other in hostile_text()) {
        let mut e = entry(
            citation(&other, &other, Some(&title), Some(&url)),
            VerdictCode::TitleMismatch,
            &other,
            Some(fetched(&url, 200, &other)),
        );
        e.page_meta.as_mut().unwrap().title = Some(title.clone());
        e.archive = Some(Snapshot { url: url.clone(), date: Some(other.clone()), source: SnapshotSource::Wayback, archive: Some(title.clone()), checked: None });
        let html = render(&report(vec![e])).unwrap();
        let doc = Html::parse_document(&html);
        proptest::prop_assert_eq!(select(&doc, "script").len(), 1);
        proptest::prop_assert_eq!(select(&doc, "style").len(), 1);
        proptest::prop_assert_eq!(select(&doc, "tbody tr").len(), 1);
        proptest::prop_assert_eq!(select(&doc, "tbody td").len(), 8);
        for el in select(&doc, "*") {
            for (name, value) in el.value().attrs() {
                proptest::prop_assert!(!name.starts_with("on"), "{}={}", name, value);
                if name == "href" {
                    proptest::prop_assert!(
                        value.starts_with("https://") || value.starts_with("http://") || value.starts_with('#'),
                        "{}", value
                    );
                }
            }
        }
        let cell: String = select(&doc, "tbody td span.ptitle")[0].text().collect();
        proptest::prop_assert_eq!(cell, expected_text(&title));
    }
}

/// What [`escape::text`] promises a reader sees: the text, controls and bidi overrides
/// dropped, line breaks as spaces, passwords masked.
fn expected_text(s: &str) -> String {
    crate::report::redact_passwords(s)
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}
