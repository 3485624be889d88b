//! The bibliographic check as a user meets it, through the binary: `cite "Reference"`
//! answers whether the work exists, which record it is and what differs; `check` does
//! not fail a run on `not-found` unless `fail_on` lists it; a source that is down makes
//! citations `unverifiable`, never `not-found`; `--offline` asks nothing; the `mailto`
//! reaches Crossref and OpenAlex, in the query and the `User-Agent`, and no one else.

use serde_json::Value;
use wiremock::MockServer;

use crate::bibdb::BibDb;
use crate::support::{citecheck, read_report, stderr, stdout};

const REAL: &str = "Stephan Frühling and Benjamin Schreer, “Creating the Next Generation of NATO \
                    Partnerships,” The RUSI Journal, Vol.155, No.1, 2010, pp.52-57.";
const OTHER_YEAR: &str = "Laxman Kumar Behera and G. Balachandran, “Indo-US Defence Industry \
                          Cooperation: A Prognosis,” India Quarterly, Vol.74, No.3, 2012, pp.341-342.";
const FABRICATED: &str = "Stephan Frühling and Benjamin Schreer, “Building the Next Alliance of \
                          Pacific Democracies,” The RUSI Journal, Vol.155, No.1, 2010, pp.52-57.";

/// A project whose every host name reaches `db`; `extra` adds top-level keys.
fn project(db: &MockServer, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "host_request_interval = \"0s\"\nmax_retries = 0\ntimeout = \"5s\"\narchive = false\n\
             cache_dir = \"cache\"\n{extra}\n\n[biblio]\nmailto = \"editor@example.org\"\n\n{}",
            crate::web::Web::config(db)
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("paper.md"),
        format!("Text.[^1] More.[^2]\n\n[^1]: {REAL}\n[^2]: {FABRICATED}\n"),
    )
    .unwrap();
    dir
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(out)))
}

#[tokio::test(flavor = "multi_thread")]
async fn cite_says_whether_the_work_exists_which_record_and_what_differs() {
    let (server, db) = BibDb::new(crate::biblio::works()).start().await;
    let dir = project(&server, "");
    let run = |args: Vec<&'static str>| {
        let dir = dir.path().to_owned();
        tokio::task::spawn_blocking(move || citecheck(&dir, &args))
    };
    // It exists: the record, linked, and how it was found.
    let out = run(vec!["cite", "--no-cache", "--format", "markdown", REAL])
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let card = stdout(&out);
    assert!(
        card.starts_with("✅ `verified` — Crossref knows this work"),
        "{card}"
    );
    assert!(
        card.contains("https://doi.org/10.1080/03071841003683468"),
        "{card}"
    );
    assert!(
        card.contains("- **Looked up:** by search: Crossref found it"),
        "{card}"
    );
    // It exists, but not as cited: what differs, field by field.
    let out = run(vec!["cite", "--no-cache", "--format", "json", OTHER_YEAR])
        .await
        .unwrap();
    let v = json(&out);
    assert_eq!(v["verdict"], "date-mismatch", "{v}");
    assert_eq!(v["biblio"]["record"]["doi"], "10.1177/0974928418785477");
    let differences = v["biblio"]["differences"].as_array().unwrap();
    assert!(
        differences
            .iter()
            .any(|d| d["field"] == "year" && d["cited"] == "2012" && d["record"] == "2018"),
        "{v}"
    );
    let out = run(vec![
        "cite",
        "--no-cache",
        "--format",
        "markdown",
        OTHER_YEAR,
    ])
    .await
    .unwrap();
    let card = stdout(&out);
    assert!(card.contains("- **Differs:**"), "{card}");
    assert!(card.contains("2012") && card.contains("2018"), "{card}");
    // No source knows it: not-found, which does not fail by default.
    let out = run(vec!["cite", "--no-cache", "--format", "json", FABRICATED])
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["verdict"], "not-found", "{v}");
    assert_eq!(v["biblio"]["matched"], false, "{v}");
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .starts_with("no bibliographic source (Crossref and OpenAlex) knows"),
        "{v}"
    );
    // The mailto went to Crossref and OpenAlex in the User-Agent too, and nowhere else.
    let agents = db.agents();
    assert!(!agents.is_empty());
    for (host, agent) in &agents {
        let polite = matches!(host.as_str(), "api.crossref.org" | "api.openalex.org");
        assert_eq!(
            agent.ends_with("(mailto:editor@example.org)"),
            polite,
            "{host}: {agent}"
        );
        assert!(agent.starts_with("citecheck/"), "{agent}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn not_found_fails_a_run_only_when_fail_on_lists_it() {
    let (server, _db) = BibDb::new(crate::biblio::works()).start().await;
    for (extra, code) in [
        ("", 0),
        ("fail_on = [\"dead\", \"title-mismatch\", \"not-found\"]", 1),
    ] {
        let dir = project(&server, extra);
        let path = dir.path().to_owned();
        let out = tokio::task::spawn_blocking(move || citecheck(&path, &["check", "paper.md"]))
            .await
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{extra}: {}", stderr(&out));
        let report = read_report(&dir.path().join("reports"));
        let verdicts: Vec<&str> = report["citations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["verdict"].as_str().unwrap())
            .collect();
        assert_eq!(verdicts, ["verified", "not-found"], "{report}");
        assert_eq!(report["summary"]["failing"], code, "{report}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_source_down_or_offline_never_makes_not_found() {
    let (server, db) = BibDb::new(crate::biblio::works()).start().await;
    let dir = project(&server, "");
    let run = |args: &'static [&'static str]| {
        let path = dir.path().to_owned();
        tokio::task::spawn_blocking(move || citecheck(&path, args))
    };
    // Offline with an empty cache: nothing is asked, nothing concluded.
    let out = run(&["check", "paper.md", "--offline"]).await.unwrap();
    assert!(db.hits().is_empty(), "{:?}", db.hits());
    let report = read_report(&dir.path().join("reports"));
    for c in report["citations"].as_array().unwrap() {
        assert_eq!(c["verdict"], "skipped", "{c}");
    }
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // OpenAlex is down: the work Crossref knows is still found, the fabricated one is
    // not concluded from half the sources.
    db.take_down("api.openalex.org");
    let out = run(&["check", "paper.md", "--no-cache"]).await.unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let report = read_report(&dir.path().join("reports"));
    let c = report["citations"].as_array().unwrap();
    assert_eq!(c[0]["verdict"], "verified", "{}", c[0]);
    assert_eq!(c[1]["verdict"], "unverifiable", "{}", c[1]);
    let reason = c[1]["reason"].as_str().unwrap();
    assert!(
        reason.contains("OpenAlex did not answer (HTTP 503)"),
        "{reason}"
    );
}
