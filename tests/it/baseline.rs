//! `check --baseline` / `--write-baseline`: findings already accepted fail nothing; only
//! new ones fail the run, and renumbered notes do not make old findings new.

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{citecheck_env, read_report, stderr};

async fn site() -> MockServer {
    let server = MockServer::start().await;
    for gone in ["/gone", "/also-gone"] {
        Mock::given(path(gone))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
    }
    Mock::given(path("/fine"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<title>The Fine Page</title>"))
        .mount(&server)
        .await;
    server
}

fn write_doc(dir: &std::path::Path, notes: &[(&str, &str, &str)], uri: &str) {
    let mut doc = String::from("Claims.\n\n");
    for (label, title, p) in notes {
        doc.push_str(&format!("[^{label}]: “{title},” {uri}{p}\n\n"));
    }
    std::fs::write(dir.join("doc.md"), doc).unwrap();
}

async fn check(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, Value, String) {
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
    let report = read_report(&reports);
    (out.status.code(), report, stderr(&out))
}

#[tokio::test(flavor = "multi_thread")]
async fn only_new_findings_fail_the_run() {
    let server = site().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        "corpus = [\"doc.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\n\
         archive = false\nhistory = false\n",
    )
    .unwrap();
    let uri = server.uri();
    write_doc(
        dir.path(),
        &[
            ("1", "The Gone Page", "/gone"),
            ("2", "The Fine Page", "/fine"),
        ],
        &uri,
    );
    let (code, _, err) = check(dir.path(), &["--write-baseline", "baseline.json"]).await;
    assert_eq!(code, Some(1), "{err}");
    let baseline = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(
        baseline.starts_with("{\"schema\": \"citecheck/baseline/v1\""),
        "{baseline}"
    );
    assert_eq!(
        baseline.matches("\"verdict\":\"dead\"").count(),
        1,
        "{baseline}"
    );

    // The same finding, under another note number: accepted, the run passes.
    write_doc(
        dir.path(),
        &[
            ("a", "The Fine Page", "/fine"),
            ("b", "The Gone Page", "/gone"),
        ],
        &uri,
    );
    let (code, report, err) = check(
        dir.path(),
        &["--baseline", "baseline.json", "--junit", "junit.xml"],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let junit = std::fs::read_to_string(dir.path().join("junit.xml")).unwrap();
    assert!(junit.contains("failures=\"0\""), "{junit}");
    assert_eq!(report["summary"]["failing"], 0);
    assert_eq!(report["summary"]["baselined"], 1);
    let gone = report["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["verdict"] == "dead")
        .unwrap();
    assert_eq!(gone["baselined"], true);
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    assert!(
        md.contains("1 more is in the baseline and fails nothing."),
        "{md}"
    );

    // A new dead link fails the run; the accepted one still does not count.
    write_doc(
        dir.path(),
        &[
            ("1", "The Gone Page", "/gone"),
            ("2", "Another Gone Page", "/also-gone"),
        ],
        &uri,
    );
    let (code, report, _) = check(dir.path(), &["--baseline", "baseline.json"]).await;
    assert_eq!(code, Some(1));
    assert_eq!(report["summary"]["failing"], 1);
    assert_eq!(report["summary"]["baselined"], 1);

    // The accepted finding fixed: the baseline says it is stale.
    write_doc(dir.path(), &[("1", "The Fine Page", "/fine")], &uri);
    let (code, _, err) = check(dir.path(), &["--baseline", "baseline.json"]).await;
    assert_eq!(code, Some(0));
    assert!(
        err.contains("1 finding(s) of the baseline no longer occur"),
        "{err}"
    );

    // A file that is not a baseline is a usage error, before any fetching.
    std::fs::write(
        dir.path().join("bad.json"),
        "{\"schema\": \"other\", \"findings\": []}",
    )
    .unwrap();
    let out = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        move || citecheck_env(&dir, &["check", "--baseline", "bad.json"], &[])
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("this citecheck reads"),
        "{}",
        stderr(&out)
    );
}
