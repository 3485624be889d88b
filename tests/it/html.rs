//! `report.html` as its readers meet it: written by `check`, the same bytes on every run,
//! hostile page text kept as text, and, in headless Chromium, charts drawn, the table
//! filtered, searched and sorted by its script, no console message and no request.

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::chromium::Chromium;
use crate::support::{citecheck_env, stderr};

/// Footnotes whose pages give every kind of verdict, one of them hostile.
const NOTES: &str = "Text.[^1] More.[^2] And.[^3] Also.[^4] Then.[^5] Last.[^6] End.[^7]\n\n\
[^1]: Jane Roe, “The Quiet Rise of Link Rot,” Example Times, March 4, 2021, https://news.example/ok.\n\
[^2]: “Gone Page,” June 2, 2018, https://news.example/gone.\n\
[^3]: “A Report on Ports,” May 2020, https://other.example/other.\n\
[^4]: “Annual Defense Review,” 2022, https://other.example/dated.\n\
[^5]: Mallory, “Quotes \"here\" & 'there',” 2017, https://evil.example/hostile.\n\
[^6]: John Doe, “A Book Without URL,” 2015.\n\
[^7]: “Behind a Wall,” 2019, https://walled.example/x.\n";

/// A page title that tries to close the cell, run a script and plant a link.
const HOSTILE_TITLE: &str = "&lt;/td&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;\
&lt;a href=&quot;javascript:alert(1)&quot; onclick=&quot;x()&quot;&gt;click&lt;/a&gt;";

fn page(title: &str, date: Option<&str>) -> ResponseTemplate {
    let meta = date
        .map(|d| format!("<meta property=\"article:published_time\" content=\"{d}\">"))
        .unwrap_or_default();
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/html; charset=utf-8")
        .set_body_string(format!(
            "<html><head><title>{title}</title>{meta}</head><body><h1>{title}</h1></body></html>"
        ))
}

async fn serve() -> MockServer {
    let server = MockServer::start().await;
    let routes = [
        (
            "/news/ok",
            page("The Quiet Rise of Link Rot", Some("2021-03-04")),
        ),
        ("/news/gone", ResponseTemplate::new(404)),
        ("/other/other", page("Something Entirely Different", None)),
        (
            "/other/dated",
            page("Annual Defense Review", Some("2019-01-10")),
        ),
        ("/evil/hostile", page(HOSTILE_TITLE, None)),
        ("/walled/x", ResponseTemplate::new(403)),
    ];
    for (p, answer) in routes {
        Mock::given(path(p))
            .respond_with(answer)
            .mount(&server)
            .await;
    }
    server
}

/// Runs `check` on [`NOTES`] against `server` in `dir`; returns report.html's path.
async fn check(dir: &Path, server: &MockServer) -> PathBuf {
    std::fs::write(dir.join("notes.md"), NOTES).unwrap();
    std::fs::write(
        dir.join("citations.toml"),
        format!(
            "corpus = [\"notes.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\n\
             archive = false\n\n[biblio]\nenabled = false\n\n\
             [[remap]]\npattern = '^https://([a-z]+)\\.example/(.*)$'\n\
             replace = 'http://127.0.0.1:{}/${{1}}/${{2}}'\n",
            server.address().port()
        ),
    )
    .unwrap();
    let d = dir.to_owned();
    let out = tokio::task::spawn_blocking(move || {
        citecheck_env(&d, &["check"], &[("SOURCE_DATE_EPOCH", "1795651200")])
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    dir.join("reports/report.html")
}

/// The HTML with what changes between runs and versions masked, and the stylesheet and
/// script (tested in the browser) left out.
fn masked(html: &str) -> String {
    let rules = [
        (r":\d{2,5}/", ":[PORT]/"),
        (r"'sha256-[A-Za-z0-9+/=]+'", "'sha256-[HASH]'"),
        (r"(?s)<style>[^<]*</style>", "<style>[CSS]</style>"),
        (r"(?s)<script>.*?</script>", "<script>[JS]</script>"),
        (
            r"citecheck \d+\.\d+\.\d+[0-9A-Za-z.+-]*",
            "citecheck [VERSION]",
        ),
        (r"<dd>\d{4}-\d{2}-\d{2} with", "<dd>[DATE] with"),
        (r"yes, \d+ \w+ old", "yes, [AGE] old"),
    ];
    rules.iter().fold(html.to_owned(), |text, (re, to)| {
        regex::Regex::new(re)
            .unwrap()
            .replace_all(&text, *to)
            .into_owned()
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn check_writes_report_html_the_same_on_every_run() {
    let (server, dir) = (serve().await, tempfile::tempdir().unwrap());
    let html = std::fs::read_to_string(check(dir.path(), &server).await).unwrap();
    let (server2, dir2) = (serve().await, tempfile::tempdir().unwrap());
    let again = std::fs::read_to_string(check(dir2.path(), &server2).await).unwrap();
    assert_eq!(masked(&html), masked(&again), "two runs, two reports");
    insta::assert_snapshot!("report_html", masked(&html));
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_page_titles_stay_text_in_report_html() {
    let (server, dir) = (serve().await, tempfile::tempdir().unwrap());
    let html = std::fs::read_to_string(check(dir.path(), &server).await).unwrap();
    let doc = Html::parse_document(&html);
    let all = |css: &str| doc.select(&Selector::parse(css).unwrap()).count();
    assert_eq!(all("script"), 1, "only the report's own script");
    assert_eq!(all("[onclick]"), 0);
    assert_eq!(all("a[href^=javascript], a[href^=JAVASCRIPT]"), 0);
    assert_eq!(all("tbody tr"), 7);
    let row: String = doc
        .select(&Selector::parse("tbody tr:nth-child(5)").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        row.contains("</td><script>document.title='pwned'</script>"),
        "the title shows as text: {row}"
    );
}

/// Loads the report in Chromium: as it opens, filtered by a linked view, searched and
/// sorted; and takes a screenshot.
#[tokio::test(flavor = "multi_thread")]
async fn report_html_works_in_chromium_without_the_network() {
    let Some(browser) = Chromium::find("report_html_works_in_chromium_without_the_network") else {
        return;
    };
    let (server, dir) = (serve().await, tempfile::tempdir().unwrap());
    let page = check(dir.path(), &server).await;

    let run = browser.dump_dom(&page, "");
    let dom = Dom::of(&run.stdout);
    dom.assert_script_ran_cleanly();
    assert!(run.console.is_empty(), "console: {:#?}", run.console);
    assert!(run.page_requests().is_empty(), "{:#?}", run.page_requests());
    assert_eq!(dom.count("#charts svg"), 3, "three charts");
    assert!(dom.count("#charts svg rect") >= 7, "bars drawn");
    assert_eq!(dom.count("tbody tr"), 7);
    assert_eq!(dom.count("tbody tr[hidden]"), 0);
    assert_eq!(dom.root("data-matching"), "7");
    assert_eq!(dom.text("#count"), "Showing 1–7 of 7 matching (7 in all).");
    assert_ne!(dom.text("title"), "pwned", "no injected script ran");
    assert!(
        dom.count("#filters[hidden]") == 0,
        "the script shows the filters"
    );

    // A linked view: only the dead citations.
    let dead = Dom::of(&browser.dump_dom(&page, "verdict=dead").stdout);
    dead.assert_script_ran_cleanly();
    assert_eq!(dead.root("data-matching"), "1");
    assert_eq!(dead.count("tbody tr:not([hidden])"), 1);
    assert_eq!(dead.count("tbody tr[hidden]"), 6, "the filter hides rows");
    assert_eq!(dead.count("tbody tr[data-v=dead]:not([hidden])"), 1);

    let attention = Dom::of(&browser.dump_dom(&page, "verdict=attention&doc=0").stdout);
    assert_eq!(
        attention.root("data-matching"),
        "4",
        "the findings: not verified, skipped or unverifiable"
    );

    let search = Dom::of(&browser.dump_dom(&page, "q=annual%20defense").stdout);
    assert_eq!(search.root("data-matching"), "1");
    assert_eq!(
        search.text("tbody tr:not([hidden]) td:nth-child(3)"),
        "date-mismatch"
    );

    // Sorted by similarity, highest first: the column's keys descend down the table.
    let sorted = Dom::of(&browser.dump_dom(&page, "sort=5-desc").stdout);
    let keys: Vec<f64> = sorted
        .attrs("tbody tr td:nth-child(6)", "data-s")
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(keys.len(), 7);
    assert!(keys.windows(2).all(|w| w[0] >= w[1]), "{keys:?}");
    assert!(keys[0] > keys[6], "{keys:?}");
    assert_eq!(
        sorted.attrs("th[aria-sort]", "aria-sort"),
        ["descending"],
        "the header says how the table is sorted"
    );

    let png = dir.path().join("report.png");
    let shot = browser.screenshot(&page, &png, (1280, 1400));
    assert!(shot.console.is_empty(), "console: {:#?}", shot.console);
    assert!(
        shot.page_requests().is_empty(),
        "{:#?}",
        shot.page_requests()
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "a real screenshot"
    );
}

/// The harness itself can fail: a page that logs to the console and loads an image from
/// elsewhere is caught at both.
#[test]
fn the_chromium_harness_sees_console_messages_and_requests() {
    let Some(browser) = Chromium::find("the_chromium_harness_sees_console_messages_and_requests")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("leaky.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><title>leaky</title><img src=\"http://leak.invalid/pixel.png\">\
         <script>console.error('boom'); missing();</script>",
    )
    .unwrap();
    let run = browser.dump_dom(&page, "");
    assert!(
        run.console.iter().any(|l| l.contains("boom")),
        "{:#?}",
        run.console
    );
    assert!(
        run.console
            .iter()
            .any(|l| l.contains("Uncaught ReferenceError")),
        "{:#?}",
        run.console
    );
    assert!(
        run.page_requests()
            .iter()
            .any(|r| r.contains("leak.invalid/pixel.png")),
        "{:#?}",
        run.requests
    );
}

/// Runs `driver` (a `<script>` that leaves JSON in `data-driver` on `<html>`) after the
/// report's own script, on a copy of the report whose CSP (which rightly refuses the
/// driver) is taken out; returns the JSON.
pub(crate) fn drive(
    browser: &Chromium,
    page: &Path,
    driver: &str,
    flags: &[&str],
) -> serde_json::Value {
    let html = std::fs::read_to_string(page).unwrap();
    let csp = regex::Regex::new(r#"<meta http-equiv="Content-Security-Policy"[^>]*>"#).unwrap();
    let html = csp
        .replace(&html, "")
        .replace("</body>", &format!("{driver}</body>"));
    let driven = page.with_file_name("driven.html");
    std::fs::write(&driven, html).unwrap();
    let run = browser.dump_dom_with(&driven, flags);
    assert!(run.console.is_empty(), "console: {:#?}", run.console);
    let dom = Dom::of(&run.stdout);
    assert_eq!(dom.root("data-errors"), "0");
    serde_json::from_str(&dom.root("data-driver")).expect("the driver ran")
}

/// What the stylesheet made of the page: colour scheme, background, how rows lay out.
const LOOKS: &str = r##"<script>(() => {
  const style = (css) => getComputedStyle(document.querySelector(css));
  document.documentElement.setAttribute("data-driver", JSON.stringify({
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    background: style("body").backgroundColor,
    row: style("#table tbody tr").display,
    head: style("#table thead").position,
    chartText: style("#charts svg text").fill,
  }));
})();</script>"##;

/// Light and dark, desktop and phone, and in print.
#[tokio::test(flavor = "multi_thread")]
async fn report_html_follows_dark_mode_phones_and_print() {
    let Some(browser) = Chromium::find("report_html_follows_dark_mode_phones_and_print") else {
        return;
    };
    let (server, dir) = (serve().await, tempfile::tempdir().unwrap());
    let page = check(dir.path(), &server).await;
    let light = drive(&browser, &page, LOOKS, &["--window-size=1280,900"]);
    assert_eq!(light["dark"], false, "{light}");
    assert_eq!(light["background"], "rgb(255, 255, 255)", "{light}");
    assert_eq!(light["row"], "table-row", "a table on a desktop: {light}");
    let dark = drive(
        &browser,
        &page,
        LOOKS,
        &[
            "--force-dark-mode",
            "--blink-settings=preferredColorScheme=0",
        ],
    );
    assert_eq!(dark["dark"], true, "{dark}");
    assert_eq!(dark["background"], "rgb(20, 23, 27)", "{dark}");
    assert_ne!(
        dark["chartText"], light["chartText"],
        "the charts follow: {dark}"
    );
    let phone = drive(&browser, &page, LOOKS, &["--window-size=390,844"]);
    assert_eq!(phone["row"], "block", "rows as cards on a phone: {phone}");
    assert_eq!(
        phone["head"], "absolute",
        "the header row moved out of sight: {phone}"
    );

    let pdf = dir.path().join("report.pdf");
    let printed = browser.print(&page, &pdf);
    assert!(
        printed.console.is_empty(),
        "console: {:#?}",
        printed.console
    );
    assert!(
        printed.page_requests().is_empty(),
        "{:#?}",
        printed.page_requests()
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.starts_with(b"%PDF") && bytes.len() > 10_000,
        "a printed report"
    );
}

/// A dumped DOM and the questions the tests ask of it.
pub(crate) struct Dom(Html);

impl Dom {
    pub fn of(dump: &str) -> Dom {
        assert!(dump.contains("<html"), "Chromium dumped no DOM: {dump}");
        Dom(Html::parse_document(dump))
    }

    pub fn count(&self, css: &str) -> usize {
        self.0.select(&Selector::parse(css).unwrap()).count()
    }

    pub fn text(&self, css: &str) -> String {
        self.0
            .select(&Selector::parse(css).unwrap())
            .next()
            .map(|e| e.text().collect())
            .unwrap_or_default()
    }

    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.0
            .select(&Selector::parse(css).unwrap())
            .filter_map(|e| e.value().attr(name).map(str::to_owned))
            .collect()
    }

    /// An attribute the report's script sets on `<html>`.
    pub fn root(&self, name: &str) -> String {
        self.attrs("html", name).pop().unwrap_or_default()
    }

    /// The script finished, nothing threw, the CSP refused nothing, nothing was loaded.
    pub fn assert_script_ran_cleanly(&self) {
        assert_eq!(self.root("data-js"), "ready", "the report's script ran");
        assert_eq!(self.root("data-errors"), "0", "no script error");
        assert_eq!(self.root("data-blocked"), "0", "no CSP violation");
        assert_eq!(self.root("data-resources"), "0", "nothing loaded");
    }
}
