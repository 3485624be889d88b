//! The cache across runs (issue 14): a failure is never kept as long as a success, and
//! every entry says whether it came from the cache and how old it was.

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{citecheck_env, read_report, stderr};

/// A page that is missing on the first request and back on every later one.
async fn comes_back() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/page"))
        .respond_with(ResponseTemplate::new(404))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("<html><head><title>The Page</title></head></html>"),
        )
        .mount(&server)
        .await;
    server
}

fn project(server: &MockServer, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        format!("Claim.[^1]\n\n[^1]: “The Page,” {}/page\n", server.uri()),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"doc.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\n\
             archive = false\n{extra}"
        ),
    )
    .unwrap();
    dir
}

async fn check(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, Value) {
    let dir = dir.to_owned();
    let mut all = vec!["check".to_owned()];
    all.extend(args.iter().map(|s| (*s).to_owned()));
    let reports = dir.join("reports");
    let out = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = all.iter().map(String::as_str).collect();
        citecheck_env(&dir, &args, &[])
    })
    .await
    .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    (out.status.code(), read_report(&reports))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cached_404_is_rechecked_on_request_and_entries_say_they_are_cached() {
    let server = comes_back().await;
    let dir = project(&server, "");
    let (code, report) = check(dir.path(), &[]).await;
    assert_eq!(code, Some(1));
    let entry = &report["citations"][0];
    assert_eq!(entry["verdict"], "dead");
    assert_eq!(entry["fetch"]["from_cache"], false);
    assert_eq!(entry["fetch"]["cache_age_s"], Value::Null);

    // Within the hour the 404 is served from the cache, and the reports say so.
    let (code, report) = check(dir.path(), &[]).await;
    assert_eq!(code, Some(1));
    let entry = &report["citations"][0];
    assert_eq!(entry["fetch"]["from_cache"], true);
    assert!(
        entry["fetch"]["cache_age_s"].as_u64().unwrap() < 3600,
        "{entry}"
    );
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    assert!(
        md.contains("| 404 | yes, "),
        "the cache column says so: {md}"
    );

    // `--recheck-failures` asks again: the page is back.
    let (code, report) = check(dir.path(), &["--recheck-failures"]).await;
    assert_eq!(code, Some(0));
    let entry = &report["citations"][0];
    assert_eq!(entry["verdict"], "verified", "{entry}");
    assert_eq!(entry["fetch"]["from_cache"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cached_failure_expires_before_a_success() {
    let server = comes_back().await;
    let dir = project(&server, "cache_failure_max_age = \"1s\"\n");
    let (code, _) = check(dir.path(), &[]).await;
    assert_eq!(code, Some(1));
    // Past the failure's age, well within the success's (a day).
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (code, report) = check(dir.path(), &[]).await;
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["citations"][0]["fetch"]["from_cache"], false);
    // The success is now served from the cache.
    let (_, report) = check(dir.path(), &[]).await;
    assert_eq!(report["citations"][0]["fetch"]["from_cache"], true);
    assert_eq!(report["citations"][0]["verdict"], "verified");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
