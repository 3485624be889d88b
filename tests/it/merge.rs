//! `merge` checks its shards (issue 14): a missing shard, a shard given twice or shards
//! made with other settings give a report marked incomplete, and exit 2 unless
//! `--allow-partial`.

use std::path::Path;

use crate::support::{citecheck, fixture, read_report, stderr};

/// Checks `doc` as shard `k` of 2 into `dir/shard-k`, offline: nothing leaves the machine.
fn shard(dir: &Path, k: u32, extra: &[&str]) -> String {
    let doc = fixture("docs/english-endnotes.txt");
    let out_dir = dir.join(format!("shard-{k}{}", extra.join("")));
    let shard = format!("{k}/2");
    let mut args = vec![
        "check",
        doc.to_str().unwrap(),
        "--offline",
        "--shard",
        &shard,
        "--report-dir",
        out_dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = citecheck(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out_dir.join("report.json").to_string_lossy().into_owned()
}

fn merge(dir: &Path, parts: &[&str], extra: &[&str]) -> (Option<i32>, String, serde_json::Value) {
    let merged = dir.join("merged");
    let mut args = vec!["merge"];
    args.extend_from_slice(parts);
    args.extend(["--report-dir", merged.to_str().unwrap()]);
    args.extend_from_slice(extra);
    let out = citecheck(dir, &args);
    (out.status.code(), stderr(&out), read_report(&merged))
}

#[test]
fn a_partial_or_doubled_set_of_shards_is_flagged_and_fails_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let one = shard(dir.path(), 1, &[]);
    let two = shard(dir.path(), 2, &[]);

    let (code, err, whole) = merge(dir.path(), &[&one, &two], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(whole["run"]["incomplete"], false);
    assert_eq!(whole["run"]["merge_problems"], serde_json::json!([]));
    let total = whole["summary"]["citations"].as_u64().unwrap();
    let html = std::fs::read_to_string(dir.path().join("merged/report.html")).unwrap();
    assert_eq!(
        html.matches("<tr data-i=").count() as u64,
        total,
        "merge writes report.html"
    );

    // One shard of two.
    let (code, err, report) = merge(dir.path(), &[&one], &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("one shard is missing: shard 2/2"), "{err}");
    assert!(err.contains("--allow-partial"), "{err}");
    assert_eq!(report["run"]["incomplete"], true);
    let md = std::fs::read_to_string(dir.path().join("merged/report.md")).unwrap();
    assert!(md.contains("Incomplete merge"), "{md}");
    let html = std::fs::read_to_string(dir.path().join("merged/report.html")).unwrap();
    assert!(html.contains("Incomplete merge"), "report.html says so too");

    // The same shard twice: counted once.
    let (code, err, report) = merge(dir.path(), &[&one, &two, &two], &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("shard 2/2 is given twice"), "{err}");
    assert_eq!(report["summary"]["citations"].as_u64().unwrap(), total);

    // Accepted on request: still marked incomplete, exit by the verdicts.
    let (code, err, report) = merge(dir.path(), &[&one], &["--allow-partial"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(report["run"]["incomplete"], true);
    assert!(err.contains("warning: one shard is missing"), "{err}");

    // Shards made with other settings.
    let slow = shard(dir.path(), 2, &["--timeout=5s"]);
    let (code, err, _) = merge(dir.path(), &[&one, &slow], &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("was made with other settings than"), "{err}");
}
