//! Checks over time: `check` run on simulated days (`SOURCE_DATE_EPOCH` is the run's
//! clock) against a loopback site that is up, down or walled, with the history file
//! beside the cache.

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{citecheck_env, read_report, stderr};

const DAY: u64 = 86_400;
/// 2026-12-01, midday UTC.
const T0: u64 = 1_796_126_400;

const DOC: &str = "# Notes\n\nText.[^1]\n\n[^1]: “Annual Report,” Example Agency, \
                   https://agency.example/reports/annual\n";

/// A project citing one page of `agency.example`, remapped to `server`.
fn project(server: &MockServer, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), DOC).unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"notes.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\n\
             archive = false\ncache = false\n{extra}\n[[remap]]\n\
             pattern = '^https://agency\\.example/(.*)$'\nreplace = 'http://127.0.0.1:{}/${{1}}'\n",
            server.address().port()
        ),
    )
    .unwrap();
    dir
}

/// The site answers `status` (with the report's title when 200) until the next call.
async fn serve(server: &MockServer, status: u16, title: &str) {
    server.reset().await;
    let page = ResponseTemplate::new(status)
        .insert_header("content-type", "text/html")
        .set_body_string(format!("<html><head><title>{title}</title></head></html>"));
    Mock::given(path("/reports/annual"))
        .respond_with(page)
        .mount(server)
        .await;
}

/// `check` on day `day` after [`T0`].
async fn check_on(dir: &Path, day: u64) -> Output {
    let dir = dir.to_owned();
    let epoch = (T0 + day * DAY).to_string();
    tokio::task::spawn_blocking(move || {
        citecheck_env(&dir, &["check"], &[("SOURCE_DATE_EPOCH", &epoch)])
    })
    .await
    .unwrap()
}

fn entry(dir: &Path) -> Value {
    read_report(&dir.join("reports"))["citations"][0].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_down_once_then_up_is_never_dead() {
    let server = MockServer::start().await;
    let dir = project(&server, "");
    serve(&server, 503, "").await;
    let out = check_on(dir.path(), 0).await;
    // `failing` is not in the default policy: the run passes.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let e = entry(dir.path());
    assert_eq!(e["verdict"], "failing", "{e}");
    assert!(
        e["reason"]
            .as_str()
            .unwrap()
            .starts_with("failing since 2026-12-01 (1 of 3 checks): the server failed (HTTP 503)"),
        "{e}"
    );
    assert!(dir.path().join(".citecheck/history.sqlite").is_file());
    serve(&server, 200, "Annual Report").await;
    check_on(dir.path(), 4).await;
    let e = entry(dir.path());
    assert_eq!(e["verdict"], "verified", "{e}");
    assert_eq!(e["history"]["checks"], 1, "{e}");
    assert_eq!(e["history"]["first_checked"], "2026-12-01");
    // Down again: a new run of failures, one check long.
    serve(&server, 503, "").await;
    check_on(dir.path(), 9).await;
    let e = entry(dir.path());
    assert_eq!(e["verdict"], "failing", "{e}");
    assert_eq!(e["history"]["failures"], 1, "{e}");
    assert_eq!(e["history"]["failing_since"], "2026-12-10", "{e}");
    assert_eq!(e["history"]["flaky"], true, "up, down, up, down: {e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_down_three_times_over_a_week_is_dead() {
    let server = MockServer::start().await;
    let dir = project(&server, "");
    serve(&server, 503, "").await;
    for (day, verdict, code) in [(0, "failing", 0), (3, "failing", 0), (7, "dead", 1)] {
        let out = check_on(dir.path(), day).await;
        assert_eq!(out.status.code(), Some(code), "day {day}: {}", stderr(&out));
        let e = entry(dir.path());
        assert_eq!(e["verdict"], verdict, "day {day}: {e}");
    }
    let e = entry(dir.path());
    assert!(
        e["reason"]
            .as_str()
            .unwrap()
            .starts_with("failing since 2026-12-01, at 3 checks over 7 days"),
        "{e}"
    );
    assert_eq!(e["history"]["confirmed_dead"], true);
    // Re-running on the same day adds no evidence: the same verdict, still 3 days.
    check_on(dir.path(), 7).await;
    assert_eq!(entry(dir.path())["history"]["failures"], 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paywall_is_never_dead_however_long_it_lasts() {
    let server = MockServer::start().await;
    let dir = project(&server, "");
    serve(&server, 403, "Subscribe to read").await;
    for day in [0, 3, 7, 14, 30] {
        let out = check_on(dir.path(), day).await;
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let e = entry(dir.path());
        assert_eq!(e["verdict"], "unverifiable", "day {day}: {e}");
        assert_eq!(e["history"]["failing_since"], Value::Null, "{e}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_title_is_reported_as_drift() {
    let server = MockServer::start().await;
    let dir = project(&server, "");
    serve(&server, 200, "Annual Report").await;
    check_on(dir.path(), 0).await;
    assert_eq!(entry(dir.path())["history"]["drift"], Value::Null);
    serve(&server, 200, "Annual Report 2026: Budget and Outlook").await;
    check_on(dir.path(), 2).await;
    let drift = entry(dir.path())["history"]["drift"].clone();
    assert_eq!(drift["previous"], "Annual Report", "{drift}");
    assert_eq!(drift["previous_date"], "2026-12-01");
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    assert!(
        md.contains("Annual Report 2026: Budget and Outlook"),
        "{md}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_history_and_offline_runs_leave_the_history_alone() {
    let server = MockServer::start().await;
    let dir = project(&server, "");
    serve(&server, 503, "").await;
    let epoch = T0.to_string();
    let path = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        citecheck_env(
            &path,
            &["check", "--no-history"],
            &[("SOURCE_DATE_EPOCH", &epoch)],
        )
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!dir.path().join(".citecheck/history.sqlite").exists());
    let e = entry(dir.path());
    assert_eq!(e["verdict"], "failing");
    assert_eq!(e["history"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_killed_mid_check_leaves_the_history_whole() {
    let server = MockServer::start().await;
    let dir = project(&server, "timeout = \"60s\"");
    serve(&server, 503, "").await;
    check_on(dir.path(), 0).await;
    check_on(dir.path(), 3).await;
    // The third run hangs on the page; it is killed before it can write.
    server.reset().await;
    Mock::given(path("/reports/annual"))
        .respond_with(ResponseTemplate::new(503).set_delay(std::time::Duration::from_secs(60)))
        .mount(&server)
        .await;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .arg("check")
        .current_dir(dir.path())
        .env_clear()
        .env("CITECHECK_CANARY", crate::support::live_canary())
        .env("SOURCE_DATE_EPOCH", (T0 + 7 * DAY).to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the request to arrive, then kill the run without warning.
    for _ in 0..200 {
        if !server.received_requests().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let db = dir.path().join(".citecheck/history.sqlite");
    assert_eq!(integrity(&db), "ok");
    // The two earlier checks are there; the killed run added nothing, and the next run
    // on day 7 finds the page dead on three days' evidence.
    serve(&server, 503, "").await;
    check_on(dir.path(), 7).await;
    let e = entry(dir.path());
    assert_eq!(e["verdict"], "dead", "{e}");
    assert_eq!(e["history"]["checks"], 2, "{e}");
}

/// A process that dies inside its write transaction (as `kill -9` or a power cut would
/// leave it): the history reopens whole, without the half-written run.
#[test]
fn a_write_cut_off_mid_transaction_is_rolled_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("history.sqlite");
    let h =
        citecheck::history::History::open(&db, citecheck::history::Retention::default()).unwrap();
    let seen = |url: &str| citecheck::history::Observation {
        url: url.to_owned(),
        signal: citecheck::history::Signal::Transient,
        outcome: "timeout".to_owned(),
        status: None,
        title: None,
        date: None,
    };
    h.record(&[seen("https://a.example/")], 1_000).unwrap();
    drop(h);
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "history::crash_inside_a_transaction",
            "--nocapture",
        ])
        .env("CITECHECK_TEST_CRASH_DB", &db)
        .output()
        .unwrap();
    assert!(
        !child.status.success(),
        "the helper must die: {}",
        String::from_utf8_lossy(&child.stdout)
    );
    assert!(
        String::from_utf8_lossy(&child.stdout).contains("inserted 5000 rows"),
        "{}",
        String::from_utf8_lossy(&child.stdout)
    );
    assert_eq!(integrity(&db), "ok");
    let h =
        citecheck::history::History::open(&db, citecheck::history::Retention::default()).unwrap();
    let past = h.past("https://a.example/").unwrap();
    assert_eq!(past.total, 1, "the cut-off run left nothing: {past:?}");
    assert_eq!(h.past("https://crash.example/0").unwrap().total, 0);
    h.record(&[seen("https://a.example/")], 2_000).unwrap();
    assert_eq!(h.past("https://a.example/").unwrap().total, 2);
}

/// The helper of [`a_write_cut_off_mid_transaction_is_rolled_back`]: does nothing unless
/// that test starts it.
#[test]
fn crash_inside_a_transaction() {
    let Some(db) = std::env::var_os("CITECHECK_TEST_CRASH_DB") else {
        return;
    };
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    for i in 0..5000 {
        tx.execute(
            "INSERT INTO urls (url, first_checked) VALUES (?1, 1500)",
            [format!("https://crash.example/{i}")],
        )
        .unwrap();
    }
    tx.execute("DELETE FROM checks", []).unwrap();
    #[allow(clippy::print_stdout, reason = "the parent test reads it")]
    {
        println!("inserted 5000 rows");
    }
    use std::io::Write;
    std::io::stdout().flush().unwrap();
    // No commit, no rollback, no destructor: the process is gone.
    std::process::abort();
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}
