//! What readers of `report.md` asked for: the line of each footnote, the cited date
//! beside the page's, a reason on every row, whether the answer came from the cache, no
//! error page's title shown as the page's, and a reliability figure that counts only
//! what could be judged.

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{citecheck_env, read_report, stderr};

const NOTES: &str = "Body.[^a] More.[^b] And.[^c] Also.[^d]\n\n\
[^a]: Ann Author, “A Title,” Site, June 1, 2023, https://cited.example/a.\n\
[^b]: “Gone Page,” Site, May 2, 2019, https://cited.example/gone.\n\
[^c]: “Walled Page,” Site, 2021, https://cited.example/wall.\n\
[^d]: “A Book Without a Link,” 2020.\n";

async fn serve() -> MockServer {
    let server = MockServer::start().await;
    let html = |status: u16, body: &str| {
        ResponseTemplate::new(status)
            .insert_header("content-type", "text/html")
            .set_body_string(body.to_owned())
    };
    let pages = [
        ("/a", html(200, "<html><head><title>A Title</title><meta property=\"article:published_time\" content=\"2023-06-01\"></head><body><h1>A Title</h1></body></html>")),
        // Python's http.server and nginx answer a 404 with pages titled so.
        ("/gone", html(404, "<html><head><title>Error response</title></head><body><h1>404 Not Found</h1></body></html>")),
        ("/wall", html(403, "<html><head><title>Access Denied</title></head><body>Reference #18.abc</body></html>")),
    ];
    for (p, page) in pages {
        Mock::given(path(p)).respond_with(page).mount(&server).await;
    }
    server
}

fn run(dir: &std::path::Path) -> std::process::Output {
    citecheck_env(dir, &["check"], &[("SOURCE_DATE_EPOCH", "1795651200")])
}

#[tokio::test(flavor = "multi_thread")]
async fn rows_give_line_dates_reason_cache_and_no_error_page_title() {
    let server = serve().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), NOTES).unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"notes.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\narchive = false\n\
             [biblio]\nenabled = false\n\
             [[remap]]\npattern = '^https://cited\\.example/(.*)$'\nreplace = 'http://127.0.0.1:{}/${{1}}'\n",
            server.address().port()
        ),
    )
    .unwrap();
    let path = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || run(&path))
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    let row = |note: &str| -> Vec<String> {
        let line = md
            .lines()
            .find(|l| l.starts_with(&format!("|  | {note} | ")))
            .unwrap_or_else(|| panic!("no row for note {note}: {md}"));
        line.split(" | ")
            .map(|c| c.trim_matches('|').trim().to_owned())
            .collect()
    };
    let header = md
        .lines()
        .find(|l| l.starts_with("| page | note | line |"))
        .unwrap();
    let columns: Vec<&str> = header
        .split(" | ")
        .map(|c| c.trim_matches('|').trim())
        .collect();
    let at = |name: &str| columns.iter().position(|c| *c == name).unwrap();
    let a = row("a");
    assert_eq!(a[at("line")], "3", "the footnote's line: {a:?}");
    assert_eq!(a[at("cited date")], "2023-06-01");
    assert_eq!(a[at("page date")], "2023-06-01");
    assert_eq!(at("page date"), at("cited date") + 1, "side by side");
    assert_eq!(a[at("page title")], "A Title");
    assert_eq!(a[at("cache")], "no");
    assert!(a[at("why")].contains("title matches"), "{a:?}");

    let gone = row("b");
    assert!(gone[at("verdict")].contains("dead"), "{gone:?}");
    assert!(
        !md.contains("Error response"),
        "a 404 page's title is not the page's: {md}"
    );
    assert_eq!(gone[at("page title")], "*error page*");
    assert_eq!(gone[at("cited date")], "2019-05-02");
    let wall = row("c");
    assert!(!md.contains("Access Denied"), "{md}");
    assert_eq!(wall[at("page title")], "*bot wall*");
    let book = row("d");
    assert!(book[at("verdict")].contains("skipped"), "{book:?}");
    assert!(
        !book[at("why")].is_empty(),
        "a skipped row says why: {book:?}"
    );
    assert_ne!(book[at("why")], "not-checked");

    // One verified, one dead: 50 %, the bot wall and the skipped book apart.
    assert!(
        md.contains("**Reliability: 50%** (1 of 2 judged citations verified"),
        "{md}"
    );
    assert!(md.contains("Not counted: 1 unverifiable"), "{md}");
    let wall_row = md.find("## Could not be judged").unwrap();
    let attention = md.find("## Needs attention").unwrap();
    let walled = md.find("`notes.md` note c").unwrap();
    assert!(walled > wall_row && wall_row > attention, "{md}");
    let json: Value = read_report(&dir.path().join("reports"));
    let summary = &json["summary"];
    assert_eq!(
        (
            &summary["judged"],
            &summary["judged_reliability"],
            &summary["reliability"]
        ),
        (&Value::from(2), &Value::from(0.5), &Value::from(0.333)),
        "`reliability` keeps its v1 meaning"
    );
    assert!(md.contains("```mermaid\nxychart-beta\n"), "{md}");
    assert!(
        md.contains("x-axis \"cited year\" [\"2019\", \"2023\"]"),
        "{md}"
    );
    assert!(md.contains("    bar [100, 0]\n"), "{md}");

    // Again: the answers now come from the cache, and the report says so.
    let path = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || run(&path))
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    let line = md.lines().find(|l| l.starts_with("|  | a | ")).unwrap();
    assert!(
        line.contains(" | yes, ") && line.contains(" s old | "),
        "{line}"
    );

    // Offline with an empty cache: every row is skipped, and each says why.
    let path = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        citecheck_env(&path, &["check", "--offline", "--cache-dir", "empty"], &[])
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    let line = md.lines().find(|l| l.starts_with("|  | a | ")).unwrap();
    let why = line.split(" | ").nth(8).unwrap();
    assert!(why.starts_with("not checked: "), "{line}");
    assert!(
        why.len() > "not checked: ".len() + 5,
        "says why it was not: {line}"
    );
    assert!(
        md.contains("**Reliability: n/a** (no citation could be judged)"),
        "{md}"
    );
}
