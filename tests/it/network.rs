//! Evidence before "dead" (issue 14): a failure to reach a site counts against the site
//! only when the run has proved that it can reach the network. The canary is pointed at
//! loopback ports with `[resolve]`, open or closed; nothing leaves the machine.

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

use crate::fetch::server_on;
use crate::support::{citecheck_env, dead_canary, live_port, read_report, stderr, stdout};

/// Runs citecheck off the async runtime, so that the test's servers keep answering.
async fn run(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let dir = dir.to_owned();
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        citecheck_env(&dir, &args, &env)
    })
    .await
    .unwrap()
}

/// A project whose `canary.test` resolves to loopback and whose other names are as
/// `resolve` says; the canary's port is `open` or closed.
fn project(doc: &str, resolve: &str, open: bool) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.txt"), doc).unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"doc.txt\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\n\
             connect_timeout = \"2s\"\narchive = false\ncache = false\n\n\
             [resolve]\n\"canary.test\" = \"127.0.0.1\"\n{resolve}\n"
        ),
    )
    .unwrap();
    let port = if open {
        live_port().port()
    } else {
        dead_canary().port()
    };
    (dir, format!("canary.test:{port}"))
}

fn verdicts(report: &Value) -> Vec<String> {
    report["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["verdict"].as_str().unwrap().to_owned())
        .collect()
}

const ONE_HOST: &str = "https://www.gone.test/a\nhttps://www.gone.test/b\n";

#[tokio::test(flavor = "multi_thread")]
async fn a_document_on_one_missing_host_is_dead_only_when_the_canary_answers() {
    let resolve = "\"www.gone.test\" = []";
    // The canary's port is closed: the run cannot prove it is online.
    let (dir, canary) = project(ONE_HOST, resolve, false);
    let out = run(dir.path(), &["check"], &[("CITECHECK_CANARY", &canary)]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = read_report(&dir.path().join("reports"));
    assert_eq!(verdicts(&report), ["skipped", "skipped"]);
    assert_eq!(report["run"]["network_unreachable"], true);
    let detail = report["run"]["network_detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("cannot connect to {canary}")),
        "{detail}"
    );
    assert!(
        stderr(&out).contains("the network is unreachable"),
        "{}",
        stderr(&out)
    );
    for c in report["citations"].as_array().unwrap() {
        assert_eq!(c["fetch"]["outcome"], "not-checked", "{c}");
        assert_eq!(c["fetch"]["failure"], "dns-not-found", "{c}");
    }

    // The same document with the canary's port open: the missing name is the site's.
    let (dir, canary) = project(ONE_HOST, resolve, true);
    let out = run(dir.path(), &["check"], &[("CITECHECK_CANARY", &canary)]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = read_report(&dir.path().join("reports"));
    assert_eq!(verdicts(&report), ["dead", "dead"]);
    assert_eq!(report["run"]["network_unreachable"], false);
    assert_eq!(report["run"]["network_detail"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_reachable_local_host_proves_nothing_about_the_other() {
    let local = server_on("127.0.0.2").await;
    Mock::given(path("/page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("<html><head><title>Local page</title></head></html>"),
        )
        .mount(&local)
        .await;
    let port = local.address().port();
    let doc = format!("http://local.test:{port}/page\nhttps://far.test/article\n");
    let resolve = "\"local.test\" = \"127.0.0.2\"\n\"far.test\" = []";
    let (dir, canary) = project(&doc, resolve, false);
    let out = run(dir.path(), &["check"], &[("CITECHECK_CANARY", &canary)]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = read_report(&dir.path().join("reports"));
    assert_eq!(verdicts(&report), ["verified", "skipped"]);
    assert_eq!(report["run"]["network_unreachable"], true);

    let (dir, canary) = project(&doc, resolve, true);
    let out = run(dir.path(), &["check"], &[("CITECHECK_CANARY", &canary)]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = read_report(&dir.path().join("reports"));
    assert_eq!(verdicts(&report), ["verified", "dead"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn only_one_footnote_is_not_dead_without_evidence() {
    let doc = "https://a.gone.test/x\nhttps://b.gone.test/y\n";
    let resolve = "\"a.gone.test\" = []\n\"b.gone.test\" = []";
    let (dir, canary) = project(doc, resolve, false);
    let out = run(
        dir.path(),
        &["check", "--only", "doc.txt::url-1"],
        &[("CITECHECK_CANARY", &canary)],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = read_report(&dir.path().join("reports"));
    assert_eq!(verdicts(&report), ["skipped"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn cite_with_dns_failing_is_not_dead() {
    let dir = tempfile::tempdir().unwrap();
    // Every name, the canary's included, is missing: as on a machine whose DNS is down.
    std::fs::write(
        dir.path().join("citations.toml"),
        "max_retries = 0\narchive = false\ncache = false\n[resolve]\n\"*\" = []\n",
    )
    .unwrap();
    let text = "Anne Applebaum, “The Bad Guys Are Winning,” The Atlantic, June 3, 2021, \
                https://www.theatlantic.com/magazine/archive/2021/12/the-autocrats-are-winning/620526/.";
    let out = run(
        dir.path(),
        &["cite", text],
        &[("CITECHECK_CANARY", "canary.test:443")],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let entry: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(entry["verdict"], "skipped", "{entry}");
    assert_eq!(entry["fetch"]["outcome"], "not-checked");
    assert!(
        stderr(&out).contains("the network is unreachable (canary: canary.test:443: no such host"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn in_ci_a_run_that_checked_nothing_warns_and_require_network_fails_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.txt"), ONE_HOST).unwrap();
    // Offline with an empty cache: nothing is fetched at all.
    let args = ["check", "doc.txt", "--offline"];
    let out = citecheck_env(dir.path(), &args, &[("CI", "true")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "::warning title=citecheck::2 of 2 citations with a URL were not checked \
             (offline, and not in the cache)"
        ),
        "{}",
        stdout(&out)
    );
    // Outside CI: the warning on stderr only.
    let out = citecheck_env(dir.path(), &args, &[]);
    assert!(!stdout(&out).contains("::warning"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("2 of 2 citations"),
        "{}",
        stderr(&out)
    );

    // Required: by flag, by variable (any boolean spelling), by key.
    let mut flagged = args.to_vec();
    flagged.extend(["--require-network", "--report-dir", "required"]);
    let out = citecheck_env(dir.path(), &flagged, &[("CI", "true")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the network is required"),
        "{}",
        stderr(&out)
    );
    assert!(
        dir.path().join("reports/report.json").is_file(),
        "reports written first"
    );
    for value in ["1", "yes", "true"] {
        let out = citecheck_env(dir.path(), &args, &[("CITECHECK_REQUIRE_NETWORK", value)]);
        assert_eq!(out.status.code(), Some(2), "{value}: {}", stderr(&out));
    }
    let out = citecheck_env(dir.path(), &args, &[("CITECHECK_REQUIRE_NETWORK", "0")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(
        dir.path().join("citations.toml"),
        "require_network = true\n",
    )
    .unwrap();
    let out = citecheck_env(dir.path(), &args, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
