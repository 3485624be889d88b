//! `report.html` at scale and on real data: 10,000 citations (file size, time to render
//! and to open in Chromium, the table paged so that it stays usable), and the corpus
//! against its simulated web, whose screenshot is `docs/report.png`.
//!
//! `CITECHECK_UPDATE_SCREENSHOT=1 cargo test --test it corpus_report_html` writes a new
//! `docs/report.png`.

use std::time::Instant;

use citecheck::report::schema::{Entries, Entry, Report, RunFacts, Settings};
use citecheck::types::{
    Citation, Evidence, FetchOutcome, Fetched, PageMeta, Snapshot, SnapshotSource, Verdict,
    VerdictCode,
};

use crate::chromium::Chromium;
use crate::html::{drive, Dom};
use crate::support::{citecheck_env, root, stderr};
use crate::web::Web;

const LARGE: usize = 10_000;

/// Citation `i` of a large report: three documents, 250 hosts, cited 1995 to 2025, a mix
/// of verdicts, and titles, URLs and reasons as long as real ones.
fn large_entry(i: usize) -> Entry {
    let code = match i % 20 {
        0..=11 => VerdictCode::Verified,
        12 | 13 => VerdictCode::Dead,
        14 => VerdictCode::TitleMismatch,
        15 => VerdictCode::DateMismatch,
        16 | 17 => VerdictCode::Unverifiable,
        18 => VerdictCode::NotFound,
        _ => VerdictCode::Skipped,
    };
    let host = format!("news-site-{}.example.org", i % 250);
    let url = format!("https://{host}/2021/06/section/article-about-topic-number-{i}.html");
    let year = 1995 + (i % 31) as u16;
    let citation = Citation {
        document: format!("papers/volume-{}.pdf", i * 3 / LARGE),
        page: Some((i % 300) as u32 + 1),
        note: (i % 180 + 1).to_string(),
        line: i * 3 + 1,
        raw: String::new(),
        url: (code != VerdictCode::Skipped).then(|| url.clone()),
        title: Some(format!(
            "The long and winding title of cited article number {i}, with a subtitle"
        )),
        authors: vec!["A. Author".to_owned()],
        container: Some("The Example Times".to_owned()),
        date: citecheck::date::PartialDate::new(year, Some(6), Some(21)),
        accessed: None,
        ibid: false,
    };
    let fetched = (code != VerdictCode::Skipped).then(|| {
        let mut f = Fetched::new(&url);
        f.status = Some(if code == VerdictCode::Dead { 404 } else { 200 });
        f.outcome = FetchOutcome::from_status(f.status.unwrap_or(200));
        f.final_url = url.clone();
        f.attempts = 1;
        f
    });
    let page = fetched.as_ref().map(|_| PageMeta {
        title: Some(format!("Article {i} about a topic | The Example Times")),
        date: Some(format!("{year}-06-21")),
        ..PageMeta::default()
    });
    let verdict = Verdict {
        verdict: code,
        reason: format!(
            "the title matches (score 0.{:02}) and the date agrees",
            i % 100
        ),
        evidence: Evidence {
            title_score: fetched.as_ref().map(|_| (i % 101) as f64 / 100.0),
            ..Evidence::default()
        },
    };
    let archive = (code == VerdictCode::Dead).then(|| Snapshot {
        url: format!("https://web.archive.org/web/2021/{url}"),
        date: Some("2021-06-22".to_owned()),
        source: SnapshotSource::Memento,
        archive: Some("Internet Archive".to_owned()),
        checked: None,
    });
    Entry::new(citation, fetched.as_ref(), page, verdict, archive)
}

fn large_report() -> Report {
    let run = RunFacts {
        tool: "0.1.0".to_owned(),
        date: "2026-01-01".to_owned(),
        documents: (0..3).map(|d| format!("papers/volume-{d}.pdf")).collect(),
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
        network_detail: None,
        incomplete: false,
        merge_problems: Vec::new(),
        shard: None,
        saved: Vec::new(),
    };
    Report::new(run, Entries::Memory((0..LARGE).map(large_entry).collect())).unwrap()
}

/// Writes the 10,000-citation report and opens it in Chromium; prints the figures.
#[test]
fn report_html_of_ten_thousand_citations_stays_usable() {
    let report = large_report();
    let start = Instant::now();
    let html = citecheck::report::html::render(&report).unwrap();
    let render = start.elapsed();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let mb = html.len() as f64 / 1e6;
    eprintln!("report.html for {LARGE} citations: {mb:.1} MB, written in {render:?}");
    assert!(html.len() < 16_000_000, "{mb:.1} MB");
    assert_eq!(html.matches("<tr data-i=").count(), LARGE);

    let Some(browser) = Chromium::find("report_html_of_ten_thousand_citations_stays_usable") else {
        return;
    };
    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><title>blank</title>").unwrap();
    let baseline = browser.dump_dom(&blank, "").elapsed;
    let run = browser.dump_dom(&page, "");
    let dom = Dom::of(&run.stdout);
    dom.assert_script_ran_cleanly();
    assert!(run.console.is_empty(), "console: {:#?}", run.console);
    assert!(run.page_requests().is_empty(), "{:#?}", run.page_requests());
    assert_eq!(dom.root("data-matching"), LARGE.to_string());
    assert_eq!(dom.root("data-shown"), "100", "the table is paged");
    assert_eq!(dom.count("tbody tr.off"), LARGE - 100);
    // Opened on a linked view: sorted by similarity, filtered by verdict and words.
    let view = "verdict=dead&q=site-12.&sort=5-desc";
    let filtered = Dom::of(&browser.dump_dom(&page, view).stdout);
    filtered.assert_script_ran_cleanly();
    let dead_on_12: usize = (0..LARGE)
        .map(large_entry)
        .filter(|e| e.verdict == VerdictCode::Dead)
        .filter(|e| {
            e.citation
                .url
                .as_deref()
                .is_some_and(|u| u.contains("site-12."))
        })
        .count();
    assert_eq!(filtered.root("data-matching"), dead_on_12.to_string());
    let png = dir.path().join("large.png");
    let shot = browser.screenshot(&page, &png, (1280, 1400));
    assert!(std::fs::metadata(&png).unwrap().len() > 20_000);
    eprintln!(
        "Chromium, {LARGE} citations: page parsed and script done {} ms after navigation \
         start ({} ms opened sorted and filtered); --dump-dom {:?} and --screenshot {:?} wall \
         time, against {:?} for a blank page",
        dom.root("data-ms"),
        filtered.root("data-ms"),
        run.elapsed,
        shot.elapsed,
        baseline
    );
    assert!(run.elapsed.as_secs() < 120, "{:?}", run.elapsed);

    let seen = drive(&browser, &page, DRIVER, &[]);
    eprintln!("Chromium, {LARGE} citations, a reader's actions: {seen}");
    assert_eq!(seen["order"], "descending", "{seen}");
    let top: Vec<f64> = serde_json::from_value(seen["top"].clone()).unwrap();
    assert_eq!(top.len(), 100, "{seen}");
    assert!(
        top[0] == 1.0 && top.windows(2).all(|w| w[0] >= w[1]),
        "highest similarity first: {seen}"
    );
    let on_12 = (0..LARGE)
        .map(large_entry)
        .filter(|e| {
            e.citation
                .url
                .as_deref()
                .is_some_and(|u| u.contains("site-12."))
        })
        .count();
    assert_eq!(seen["searched"], on_12.to_string(), "{seen}");
    assert!(
        seen["page"].as_str().unwrap().starts_with("page 2 of "),
        "{seen}"
    );
    assert_eq!(seen["dead"], dead_on_12.to_string(), "{seen}");
    assert!(
        dead_on_12 > 0 && dead_on_12 < on_12,
        "the test filters something"
    );
    assert!(
        seen["hash"].as_str().unwrap().contains("verdict=dead"),
        "the view is in the URL: {seen}"
    );
}

/// Plays a reader on the 10,000-citation report: clicks a column twice, types in the
/// search box, turns the page, picks a verdict; times each (script, style and layout),
/// and leaves what it saw in `data-driver` on `<html>`.
const DRIVER: &str = r##"<script>(() => {
  const root = document.documentElement;
  const time = (f) => { const s = performance.now(); f(); void document.body.offsetHeight;
    return Math.round(performance.now() - s); };
  const input = (el, value) => { el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true })); };
  const out = {};
  const similarity = document.querySelectorAll("#table th button")[5];
  out.sortMs = time(() => similarity.click());
  out.sortAgainMs = time(() => similarity.click());
  out.order = root.querySelector("#table th[aria-sort]").getAttribute("aria-sort");
  out.top = Array.from(document.querySelectorAll("#table tbody tr:not(.off):not([hidden])"))
    .map((r) => Number(r.cells[5].getAttribute("data-s")));
  out.pageMs = time(() => document.querySelector("#pager [data-go=next]").click());
  out.page = document.getElementById("page").textContent;
  out.searchMs = time(() => input(document.querySelector("#filters [name=q]"), "site-12."));
  out.searched = root.getAttribute("data-matching");
  out.verdictMs = time(() => input(document.querySelector("#filters [name=verdict]"), "dead"));
  out.dead = root.getAttribute("data-matching");
  out.hash = location.hash;
  root.setAttribute("data-driver", JSON.stringify(out));
})();</script>"##;

/// The corpus against its simulated web (as in `e2e`), opened in Chromium.
#[tokio::test(flavor = "multi_thread")]
async fn corpus_report_html_in_chromium() {
    let Some(browser) = Chromium::find("corpus_report_html_in_chromium") else {
        return;
    };
    let (server, _web) = crate::e2e::corpus_web().start().await;
    let dir = crate::e2e::project(&Web::config(&server));
    let path = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        citecheck_env(&path, &["check"], &[("SOURCE_DATE_EPOCH", "1795651200")])
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let page = dir.path().join("reports/report.html");
    let run = browser.dump_dom(&page, "");
    let dom = Dom::of(&run.stdout);
    dom.assert_script_ran_cleanly();
    assert!(run.console.is_empty(), "console: {:#?}", run.console);
    assert!(run.page_requests().is_empty(), "{:#?}", run.page_requests());
    assert_eq!(dom.count("tbody tr"), 68);
    assert_eq!(
        dom.count("#chart-hosts svg > g"),
        12,
        "the twelve worst hosts"
    );
    assert!(dom.count("#chart-years rect.v-dead") >= 1);
    let copies = dom.attrs("tbody td:nth-child(7) a", "href");
    assert!(!copies.is_empty(), "validated copies are linked");
    assert!(copies.iter().all(|h| h.starts_with("http")), "{copies:?}");
    assert!(
        copies
            .iter()
            .any(|h| h.contains("bidenwhitehouse.archives.gov")),
        "the known move: {copies:?}"
    );
    let worst = dom.text("#chart-hosts svg > g:first-child text");
    assert_eq!(
        worst, "www.whitehouse.govwww.whitehouse.gov",
        "label and its tooltip"
    );

    let png = dir.path().join("report.png");
    let shot = browser.screenshot(&page, &png, (1280, 1800));
    assert!(shot.console.is_empty(), "console: {:#?}", shot.console);
    assert!(std::fs::metadata(&png).unwrap().len() > 50_000);
    if std::env::var_os("CITECHECK_UPDATE_SCREENSHOT").is_some() {
        std::fs::copy(&png, root().join("docs/report.png")).unwrap();
    }
}
