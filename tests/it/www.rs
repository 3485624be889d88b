//! `www.` URLs cited without a scheme (issue 14): fetched as `https://`, then `http://`,
//! and reported as cited — never "malformed", never dead for want of a scheme.

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::fetch::server_on;
use crate::support::{citecheck_env, read_report, stderr};

async fn page_server(server: MockServer) -> MockServer {
    Mock::given(path("/page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("<html><head><title>Bare Page</title></head></html>"),
        )
        .expect(1..)
        .mount(&server)
        .await;
    server
}

async fn check(dir: &std::path::Path, args: Vec<String>) -> (Option<i32>, Value) {
    let reports = dir.join("reports");
    let dir = dir.to_owned();
    let out = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        citecheck_env(&dir, &args, &[])
    })
    .await
    .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    (out.status.code(), read_report(&reports))
}

fn project(doc: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.md"), doc).unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"doc.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\n\
             cache = false\narchive = false\n{extra}"
        ),
    )
    .unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bare_www_url_is_asked_as_https_first_and_reported_as_cited() {
    let server = page_server(MockServer::start().await).await;
    let doc = "Claim.[^1]\n\n[^1]: “Bare Page,” www.bare.test/page\n";
    let dir = project(doc, "");
    // The https:// form is sent to the test server; an http:// request would not match.
    let rule = format!(
        r"^https://www\.bare\.test/(.*)$ http://127.0.0.1:{}/${{1}}",
        server.address().port()
    );
    let args = vec!["check".to_owned(), "--remap".to_owned(), rule];
    let (code, report) = check(dir.path(), args).await;
    assert_eq!(code, Some(0));
    let entry = &report["citations"][0];
    assert_eq!(entry["url"], "www.bare.test/page", "reported as cited");
    assert_eq!(entry["verdict"], "verified", "{entry}");
    assert_eq!(entry["fetch"]["status"], 200);
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bare_www_url_falls_back_to_http_when_https_gets_no_answer() {
    // A plain-HTTP server: the https:// attempt fails its TLS handshake.
    let server = page_server(server_on("127.0.0.2").await).await;
    let port = server.address().port();
    let doc = format!("Claim.[^1]\n\n[^1]: “Bare Page,” www.bare.test:{port}/page\n");
    let dir = project(&doc, "[resolve]\n\"www.bare.test\" = \"127.0.0.2\"\n");
    let (code, report) = check(dir.path(), vec!["check".to_owned()]).await;
    assert_eq!(code, Some(0));
    let entry = &report["citations"][0];
    assert_eq!(entry["url"], format!("www.bare.test:{port}/page"));
    assert_eq!(entry["verdict"], "verified", "{entry}");
    assert_eq!(
        entry["fetch"]["remapped"],
        format!("http://www.bare.test:{port}/page")
    );
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    assert!(md.contains("| www.bare.test |"), "the host column: {md}");
}
