//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// Runs the citecheck binary in `dir` with a clean environment plus `env`.
pub fn citecheck_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .output()
        .expect("the citecheck binary runs")
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
