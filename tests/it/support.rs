//! Helpers shared by the integration tests.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root, where `corpus/` and `tests/fixtures/` live.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file's path.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Runs the citecheck binary in `dir` with a clean environment, as a user would.
pub fn citecheck(dir: &Path, args: &[&str]) -> Output {
    citecheck_env(dir, args, &[])
}

/// Runs the citecheck binary in `dir` with a clean environment plus `env`. The network
/// canary is a loopback listener (the network "works") unless `env` names another:
/// no test may contact the real canaries.
pub fn citecheck_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("CITECHECK_CANARY", live_canary())
        .envs(env.iter().copied())
        .output()
        .expect("the citecheck binary runs")
}

/// A canary that says the network works: `localhost` (a name the system resolver knows
/// without a network) at a port that accepts connections for as long as the tests run.
pub fn live_canary() -> String {
    format!("localhost:{}", live_port().port())
}

/// The loopback address behind [`live_canary`].
pub fn live_port() -> SocketAddr {
    static LIVE: OnceLock<SocketAddr> = OnceLock::new();
    *LIVE.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        let addr = listener.local_addr().expect("a bound address");
        std::thread::spawn(move || {
            // Accept and hang up: the canary only connects.
            for stream in listener.incoming() {
                drop(stream);
            }
        });
        addr
    })
}

/// A loopback address where nothing listens: a canary that says the network is down.
pub fn dead_canary() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    let addr = listener.local_addr().expect("a bound address");
    drop(listener);
    addr
}

/// Stdout of a run, as UTF-8.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr of a run, as UTF-8.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Reads a report folder's `report.json`.
pub fn read_report(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("report.json")).expect("report.json written");
    serde_json::from_str(&text).expect("report.json is JSON")
}

/// The fetch records of a report, one per distinct URL, sorted by URL, each with its
/// `url`: the view the fetch-level assertions read.
pub fn fetch_view(report: &serde_json::Value) -> serde_json::Value {
    let mut by_url = std::collections::BTreeMap::new();
    for c in report["citations"].as_array().expect("citations") {
        if let (Some(url), Some(fetch)) = (c["url"].as_str(), c["fetch"].as_object()) {
            let mut record = fetch.clone();
            record.insert("url".into(), url.into());
            by_url
                .entry(url.to_owned())
                .or_insert(serde_json::Value::Object(record));
        }
    }
    serde_json::json!({
        "network_unreachable": report["run"]["network_unreachable"],
        "interrupted": report["run"]["incomplete"],
        "results": by_url.into_values().collect::<Vec<_>>(),
    })
}
