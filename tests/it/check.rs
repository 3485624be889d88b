//! `check` and `cite` fetching through the command line, against a loopback server that
//! plays several real hosts by way of `--remap`, `CITECHECK_*` variables and
//! `citations.toml`: the same code path a user's run takes to the live web.

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{citecheck, citecheck_env, fetch_view, read_report, stderr, stdout};

const DOC: &str = "\
https://www.state.gov/united-states-india-relations/
https://www.defense.gov/News/Releases/Release/Article/3436500/
https://thediplomat.com/2023/06/gone-page/
https://www.state.gov/united-states-india-relations/
";

/// Several sites behind one server, each under `/HOST/`; `state_gov_requests` is how
/// many requests the twice-cited state.gov page must get (checked when the server drops).
async fn web(state_gov_requests: u64) -> MockServer {
    let server = MockServer::start().await;
    let page = |title: &str| {
        ResponseTemplate::new(200)
            .insert_header("content-type", "text/html; charset=utf-8")
            .set_body_string(format!("<html><head><title>{title}</title></head></html>"))
    };
    Mock::given(path("/state.gov/united-states-india-relations/"))
        .respond_with(page("U.S. Relations With India"))
        .expect(state_gov_requests)
        .mount(&server)
        .await;
    Mock::given(path("/defense.gov/News/Releases/Release/Article/3436500/"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/defense.gov/moved"))
        .mount(&server)
        .await;
    Mock::given(path("/defense.gov/moved"))
        .respond_with(page("Moved"))
        .mount(&server)
        .await;
    Mock::given(path("/thediplomat.com/2023/06/gone-page/"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    server
}

fn remap(server: &MockServer) -> String {
    format!(
        r"^https?://(?:www\.)?([a-z.]+)/(.*)$ http://127.0.0.1:{}/${{1}}/${{2}}",
        server.address().port()
    )
}

fn outcomes(report: &Value) -> Vec<(String, String)> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["url"].as_str().unwrap().to_owned(),
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

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

#[tokio::test(flavor = "multi_thread")]
async fn check_fetches_each_distinct_url_once_through_a_remap_flag() {
    let server = web(1).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("urls.txt"), DOC).unwrap();
    let rule = remap(&server);
    let out = run(
        dir.path(),
        &[
            "check",
            "urls.txt",
            "--remap",
            &rule,
            "--host-request-interval",
            "0s",
            "--max-retries",
            "0",
        ],
        &[],
    )
    .await;
    // The 404 is `dead`, which the default policy fails on.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let full = read_report(&dir.path().join("reports"));
    let verdicts: Vec<&str> = full["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["verified", "verified", "dead", "verified"]);
    let report = fetch_view(&full);
    assert_eq!(
        outcomes(&report),
        [
            (
                "https://thediplomat.com/2023/06/gone-page/".to_owned(),
                "not-found".to_owned()
            ),
            (
                "https://www.defense.gov/News/Releases/Release/Article/3436500/".to_owned(),
                "ok".to_owned()
            ),
            (
                "https://www.state.gov/united-states-india-relations/".to_owned(),
                "ok".to_owned()
            ),
        ]
    );
    assert_eq!(report["network_unreachable"], false);
    let defense = &report["results"][1];
    assert_eq!(defense["redirects"][0]["status"], 301);
    assert!(defense["final_url"]
        .as_str()
        .unwrap()
        .ends_with("/defense.gov/moved"));
    let text = stdout(&out);
    assert!(text.contains("| ❌ `dead` | 1 |"), "{text}");
    assert!(text.contains("| ✅ `verified` | 3 |"), "{text}");
    assert!(
        text.contains("4 citations, 4 with a URL, 3 distinct URLs"),
        "{text}"
    );
    // `expect(1)` on the state.gov page: cited twice, fetched once.
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_come_from_environment_and_config_and_the_cache_serves_a_rerun() {
    // First run, then the `--no-cache` run; the cached rerun and the remapped run add none.
    let server = web(2).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("urls.txt"), DOC).unwrap();
    let port = server.address().port();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"urls.txt\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\n\
             cache_dir = \"my-cache\"\n\n[[remap]]\npattern = '^https?://(?:www\\.)?([a-z.]+)/(.*)$'\n\
             replace = 'http://127.0.0.1:{port}/${{1}}/${{2}}'\n"
        ),
    )
    .unwrap();
    let first = run(
        dir.path(),
        &["check"],
        &[("CITECHECK_USER_AGENT", "env-agent/1")],
    )
    .await;
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let requests = server.received_requests().await.unwrap();
    assert!(!requests.is_empty());
    for r in &requests {
        assert_eq!(r.headers.get("user-agent").unwrap(), "env-agent/1");
    }
    assert!(
        dir.path().join("my-cache").is_dir(),
        "cache_dir from the file"
    );

    // A rerun is served from the cache: no new request reaches the server.
    let before = requests.len();
    let second = run(dir.path(), &["check"], &[]).await;
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert_eq!(server.received_requests().await.unwrap().len(), before);
    let report = fetch_view(&read_report(&dir.path().join("reports")));
    assert!(report["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["from_cache"] == true));

    // `--no-cache` (here by its variable) goes to the network again.
    let third = run(dir.path(), &["check"], &[("CITECHECK_NO_CACHE", "true")]).await;
    assert_eq!(third.status.code(), Some(1), "{}", stderr(&third));
    assert!(server.received_requests().await.unwrap().len() > before);

    // A flag beats the variable: the first rule matches first and sends everything to a
    // path the server does not know.
    let rule = format!(r"^(.*)$ http://127.0.0.1:{port}/nowhere");
    let fourth = run(
        dir.path(),
        &["check", "--no-cache", "--remap", &rule],
        &[("CITECHECK_REMAP", "^x$ y")],
    )
    .await;
    assert_eq!(fourth.status.code(), Some(1), "{}", stderr(&fourth));
    let report = fetch_view(&read_report(&dir.path().join("reports")));
    assert!(
        outcomes(&report).iter().all(|(_, o)| o == "not-found"),
        "{report}"
    );
}

#[test]
fn offline_without_cache_and_bad_values_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("urls.txt"), DOC).unwrap();
    let out = citecheck(
        dir.path(),
        &["check", "urls.txt", "--offline", "--no-cache"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = citecheck(dir.path(), &["check", "urls.txt", "--timeout", "soon"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid duration 'soon'"),
        "{}",
        stderr(&out)
    );
    let out = citecheck(dir.path(), &["check", "urls.txt", "--remap", "("]);
    assert_eq!(out.status.code(), Some(2));
    let out = citecheck(dir.path(), &["check", "urls.txt", "--max-concurrency", "0"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::write(
        dir.path().join("citations.toml"),
        "offline = true\ncache = false\n",
    )
    .unwrap();
    let out = citecheck(dir.path(), &["check", "urls.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("offline"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn cite_fetches_the_cited_page() {
    let server = web(1).await;
    let dir = tempfile::tempdir().unwrap();
    let rule = remap(&server);
    let text = "U.S. Department of State, “U.S. Relations With India,” \
                https://www.state.gov/united-states-india-relations/.";
    let out = run(
        dir.path(),
        &[
            "cite",
            text,
            "--remap",
            &rule,
            "--no-cache",
            "--max-retries",
            "0",
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let entry: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(entry["fetch"]["outcome"], "ok");
    assert_eq!(entry["fetch"]["status"], 200);
    assert_eq!(entry["title"], "U.S. Relations With India");
    assert_eq!(entry["verdict"], "verified", "{entry}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_standard_proxy_variables_are_honoured() {
    // The server plays an HTTP proxy: it receives absolute-form requests for the real
    // host names, which never reach DNS.
    let proxy = MockServer::start().await;
    Mock::given(path("/united-states-india-relations/"))
        .and(wiremock::matchers::header("host", "www.state.gov"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<title>India</title>"))
        .expect(1)
        .mount(&proxy)
        .await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("urls.txt"),
        "http://www.state.gov/united-states-india-relations/\n",
    )
    .unwrap();
    let proxy_url = format!("http://127.0.0.1:{}", proxy.address().port());
    let out = run(
        dir.path(),
        &["check", "urls.txt", "--no-cache", "--max-retries", "0"],
        &[("HTTP_PROXY", &proxy_url)],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = fetch_view(&read_report(&dir.path().join("reports")));
    assert_eq!(report["results"][0]["outcome"], "ok", "{report}");
    proxy.verify().await;
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_writes_what_was_fetched_and_says_the_run_is_incomplete() {
    let server = MockServer::start().await;
    Mock::given(path("/fast"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<title>Fast</title>"))
        .mount(&server)
        .await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(60)))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let base = server.uri();
    std::fs::write(
        dir.path().join("urls.txt"),
        format!("{base}/fast\n{base}/slow\n"),
    )
    .unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args([
            "check",
            "urls.txt",
            "--host-request-interval",
            "0s",
            "--timeout",
            "120s",
        ])
        .current_dir(dir.path())
        .env_clear()
        .env("CITECHECK_CANARY", crate::support::live_canary())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until both requests have reached the server, then interrupt.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while server.received_requests().await.unwrap().len() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "requests never arrived"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let pid = child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    let report = fetch_view(&read_report(&dir.path().join("reports")));
    assert_eq!(report["interrupted"], true);
    let got = outcomes(&report);
    assert_eq!(got[0], (format!("{base}/fast"), "ok".to_owned()));
    assert_eq!(got[1], (format!("{base}/slow"), "not-checked".to_owned()));
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    assert!(md.contains("Incomplete"), "{md}");
    // The cache holds the finished fetch and nothing half-written: a rerun reads it.
    let rerun = run(dir.path(), &["check", "urls.txt", "--offline"], &[]).await;
    assert_eq!(rerun.status.code(), Some(0), "{}", stderr(&rerun));
    let report = fetch_view(&read_report(&dir.path().join("reports")));
    assert_eq!(report["results"][0]["from_cache"], true, "{report}");
}

#[test]
fn shards_split_the_corpus_by_host_and_cover_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::support::root().join("corpus/india-us-defense-2024.txt");
    let corpus = corpus.to_str().unwrap();
    let mut seen = Vec::new();
    let mut hosts_per_shard: Vec<std::collections::BTreeSet<String>> = Vec::new();
    for k in 1..=3 {
        let reports = dir.path().join(format!("shard-{k}"));
        let shard = format!("{k}/3");
        let out = citecheck(
            dir.path(),
            &[
                "check",
                corpus,
                "--shard",
                &shard,
                "--offline",
                "--report-dir",
                reports.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report = read_report(&reports);
        let mut hosts = std::collections::BTreeSet::new();
        for c in report["citations"].as_array().unwrap() {
            seen.push((c["page"].clone(), c["note"].clone(), c["url"].clone()));
            if let Some(u) = c["url"].as_str() {
                hosts.insert(url::Url::parse(u).unwrap().host_str().unwrap().to_owned());
            }
        }
        hosts_per_shard.push(hosts);
    }
    assert_eq!(seen.len(), 68, "every citation in exactly one shard");
    for (i, a) in hosts_per_shard.iter().enumerate() {
        for b in &hosts_per_shard[i + 1..] {
            assert!(a.is_disjoint(b), "a host in two shards: {a:?} {b:?}");
        }
    }
    let out = citecheck(dir.path(), &["check", corpus, "--shard", "4/3"]);
    assert_eq!(out.status.code(), Some(2));

    // `merge` joins the shards into the report an unsharded run writes.
    let whole = dir.path().join("whole");
    let out = citecheck(
        dir.path(),
        &[
            "check",
            corpus,
            "--offline",
            "--report-dir",
            whole.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let parts: Vec<String> = (1..=3)
        .map(|k| {
            dir.path()
                .join(format!("shard-{k}/report.json"))
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let merged = dir.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(String::as_str));
    args.extend(["--report-dir", merged.to_str().unwrap()]);
    let out = citecheck(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (a, b) = (read_report(&whole), read_report(&merged));
    let key = |r: &Value| -> Vec<String> {
        r["citations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| format!("{}:{}:{}", c["page"], c["note"], c["url"]))
            .collect()
    };
    assert_eq!(key(&a), key(&b));
    assert!(a["citations"] == b["citations"]);
    assert_eq!(a["summary"], b["summary"]);
    let out = citecheck(dir.path(), &["merge", "nowhere.json"]);
    assert_eq!(out.status.code(), Some(2));
}
