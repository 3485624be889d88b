//! `--sarif FILE`: valid SARIF 2.1.0 (checked against the official schema, vendored in
//! tests/fixtures/schemas), one result per finding on the footnote's line and column,
//! the same bytes on every run, and the same findings from `merge` as from one run.

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{citecheck_env, fixture, stderr};

/// Line 1 holds a body link; the footnotes start on line 3.
const NOTES: &str =
    "Intro, see <https://b.example/gone-too> and more.[^a] More.[^b] And.[^c] Also.[^d]\n\n\
[^a]: Ann Author, “A Title,” Site, June 1, 2023, https://a.example/a.\n\
[^b]: “Gone Page,” Site, May 2, 2019, https://a.example/gone.\n\
[^c]: “Walled Page,” Site, 2021, https://b.example/wall.\n\
[^d]: “The Cited Subject,” Site, 2022, https://b.example/other.\n";

async fn serve() -> MockServer {
    let server = MockServer::start().await;
    let html = |status: u16, body: &str| {
        ResponseTemplate::new(status)
            .insert_header("content-type", "text/html")
            .set_body_string(body.to_owned())
    };
    let pages = [
        ("/a", html(200, "<title>A Title</title>")),
        ("/gone", html(404, "<title>404 Not Found</title>")),
        ("/gone-too", html(410, "<title>Gone</title>")),
        ("/wall", html(403, "<title>Access Denied</title>")),
        (
            "/other",
            html(200, "<title>Something Else Entirely, Elsewhere</title>"),
        ),
    ];
    for (p, page) in pages {
        Mock::given(path(p)).respond_with(page).mount(&server).await;
    }
    server
}

fn project(server: &MockServer) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), NOTES).unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"notes.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\narchive = false\n\
             [biblio]\nenabled = false\n\
             [[remap]]\npattern = '^https://[ab]\\.example/(.*)$'\nreplace = 'http://127.0.0.1:{}/${{1}}'\n",
            server.address().port()
        ),
    )
    .unwrap();
    dir
}

async fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let dir = dir.to_owned();
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        citecheck_env(&dir, &args, &[("SOURCE_DATE_EPOCH", "1795651200")])
    })
    .await
    .unwrap()
}

/// The official SARIF 2.1.0 schema (OASIS, errata 01).
fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(fixture("schemas/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

pub(crate) fn assert_valid(sarif: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}\n{sarif:#}");
}

pub(crate) fn read(p: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn sarif_validates_and_places_each_finding_on_its_footnote() {
    let server = serve().await;
    let dir = project(&server);
    let out = run(dir.path(), &["check", "--sarif", "out/citecheck.sarif"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("out/citecheck.sarif")).unwrap();
    let sarif: Value = serde_json::from_str(&text).unwrap();
    assert_valid(&sarif);

    let run0 = &sarif["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "citecheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "dead",
            "title-mismatch",
            "date-mismatch",
            "failing",
            "not-found",
            "unverifiable"
        ]
    );
    let docs = std::fs::read_to_string(crate::support::root().join("docs/verdicts.md")).unwrap();
    for r in driver["rules"].as_array().unwrap() {
        let help = r["help"]["markdown"].as_str().unwrap();
        assert!(
            docs.contains(help),
            "{}: the help is the docs' section",
            r["id"]
        );
        assert!(help.len() > 100);
    }

    // One result per finding: verified citations give none.
    let results = run0["results"].as_array().unwrap();
    let found: Vec<(&str, &str, u64, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                loc["region"]["startLine"].as_u64().unwrap(),
                loc["region"]["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // The body link: at its URL, column 13 of line 1.
            ("dead", "error", 1, 13),
            ("dead", "error", 4, 1),
            ("unverifiable", "warning", 5, 1),
            ("title-mismatch", "error", 6, 1),
        ],
        "{text}"
    );
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert!(loc["uri"].as_str().unwrap().ends_with("notes.md"), "{r}");
        let rule = &driver["rules"][r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
    }
    assert!(results[1]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("https://a.example/gone"));
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);

    // The same bytes again (from the cache this time: nothing in SARIF depends on it).
    let out = run(dir.path(), &["check", "--sarif", "out/again.sarif"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let again = std::fs::read_to_string(dir.path().join("out/again.sarif")).unwrap();
    assert_eq!(again, text, "SARIF is deterministic");
}

#[tokio::test(flavor = "multi_thread")]
async fn merge_writes_the_sarif_of_the_whole_run_under_its_own_policy() {
    let server = serve().await;
    let dir = project(&server);
    let whole = run(
        dir.path(),
        &["check", "--no-cache", "--sarif", "whole.sarif"],
    )
    .await;
    assert_eq!(whole.status.code(), Some(1), "{}", stderr(&whole));
    for k in ["1", "2"] {
        let shard = format!("{k}/2");
        let out_dir = format!("shards/{k}");
        let out = run(
            dir.path(),
            &[
                "check",
                "--no-cache",
                "--shard",
                &shard,
                "--report-dir",
                &out_dir,
            ],
        )
        .await;
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    }
    let out = run(
        dir.path(),
        &[
            "merge",
            "shards/1/report.json",
            "shards/2/report.json",
            "--report-dir",
            "merged",
            "--sarif",
            "merged/citecheck.sarif",
            "--fail-on",
            "dead,title-mismatch",
        ],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "the merge applies the policy: {}",
        stderr(&out)
    );
    let merged = read(&dir.path().join("merged/citecheck.sarif"));
    assert_valid(&merged);
    assert_eq!(merged, read(&dir.path().join("whole.sarif")));
}

#[test]
fn the_schema_check_rejects_what_github_would() {
    // A level SARIF does not know, a region line 0, a result without a message.
    let bad = serde_json::json!({
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "citecheck", "informationUri": "not a uri"}},
            "results": [
                {"ruleId": "dead", "level": "fatal", "message": {"text": "x"}},
                {"ruleId": "dead", "message": {"text": "x"}, "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "a.md"}, "region": {"startLine": 0}}}]},
                {"ruleId": "dead"}
            ]
        }]
    });
    let errors = validator().iter_errors(&bad).count();
    assert!(errors >= 3, "{errors} errors");
}

#[tokio::test(flavor = "multi_thread")]
async fn fail_on_sets_the_exit_code_and_the_levels() {
    let server = serve().await;
    let dir = project(&server);
    let levels = |p: &str| -> Vec<(String, String)> {
        read(&dir.path().join(p))["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_owned(),
                    r["level"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let out = run(
        dir.path(),
        &["check", "--fail-on", "none", "--sarif", "none.sarif"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "report only: {}", stderr(&out));
    assert!(levels("none.sarif").iter().all(|(_, l)| l == "warning"));

    let out = run(
        dir.path(),
        &[
            "check",
            "--fail-on",
            "unverifiable",
            "--sarif",
            "walls.sarif",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    for (rule, level) in levels("walls.sarif") {
        let want = if rule == "unverifiable" {
            "error"
        } else {
            "warning"
        };
        assert_eq!(level, want, "{rule}");
    }

    for bad in ["deaf", ""] {
        let out = run(dir.path(), &["check", "--fail-on", bad]).await;
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr(&out));
    }
    // The environment says the same, the flag wins over it.
    let dir2 = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        citecheck_env(&dir2, &["check"], &[("CITECHECK_FAIL_ON", "none")])
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
