//! The command line's manners (issue 14): help with examples and exit codes, usage
//! errors, boolean variables, plurals, `-v`, and `cite`'s card.

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{citecheck, citecheck_env, read_report, root, stderr, stdout};

#[test]
fn help_shows_examples_and_exit_codes() {
    for command in ["", "check", "extract", "cite", "inspect", "merge", "fix"] {
        let mut args: Vec<&str> = command.split_whitespace().collect();
        args.push("--help");
        let out = citecheck(&root(), &args);
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = stdout(&out);
        assert!(help.contains("Examples:\n"), "{command}: {help}");
        assert!(help.contains("Exit codes:\n"), "{command}: {help}");
        let name = if command.is_empty() { "main" } else { command };
        insta::assert_snapshot!(format!("help_{name}"), help);
    }
    let cite = stdout(&citecheck(&root(), &["cite", "--help"]));
    assert!(!cite.contains("later, verify"), "{cite}");
    for command in ["cite", "inspect"] {
        let help = stdout(&citecheck(&root(), &[command, "--help"]));
        assert!(!help.contains("a table per document"), "{command}: {help}");
        assert!(
            !help.contains("one object per citation"),
            "{command}: {help}"
        );
    }
}

#[test]
fn empty_text_zero_timeouts_and_boolean_variables() {
    let dir = tempfile::tempdir().unwrap();
    for text in ["", "  \n "] {
        let out = citecheck(dir.path(), &["cite", text]);
        assert_eq!(out.status.code(), Some(2), "{text:?}");
        assert!(
            stderr(&out).contains("the text is empty"),
            "{}",
            stderr(&out)
        );
    }
    let closed = crate::fetch::closed_port("127.0.0.1");
    std::fs::write(dir.path().join("doc.txt"), format!("http://{closed}/x\n")).unwrap();
    let out = citecheck(dir.path(), &["check", "doc.txt", "--timeout", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("must be more than 0"),
        "{}",
        stderr(&out)
    );
    let out = citecheck_env(
        dir.path(),
        &["check", "doc.txt"],
        &[("CITECHECK_TIMEOUT", "0s")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    let offline = |value: &str| {
        let out = citecheck_env(
            dir.path(),
            &["check", "doc.txt", "--max-retries", "0"],
            &[("CITECHECK_OFFLINE", value)],
        );
        assert_eq!(out.status.code(), Some(0), "{value}: {}", stderr(&out));
        read_report(&dir.path().join("reports"))["run"]["settings"]["offline"].clone()
    };
    for on in ["1", "true", "yes", "on"] {
        assert_eq!(offline(on), true, "{on}");
    }
    for off in ["0", "false", "no", "off"] {
        assert_eq!(offline(off), false, "{off}");
    }
    let out = citecheck_env(
        dir.path(),
        &["check", "doc.txt"],
        &[("CITECHECK_OFFLINE", "maybe")],
    );
    assert_eq!(out.status.code(), Some(2));

    std::fs::write(dir.path().join("citations.toml"), "timeout = 0\n").unwrap();
    let out = citecheck(dir.path(), &["check", "doc.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("timeout must be more than 0"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn one_citation_is_one_citation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.txt"), "https://one.example/a\n").unwrap();
    let out = citecheck(dir.path(), &["check", "doc.txt", "--offline"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 citation, 1 with a URL, 1 distinct URL."),
        "{}",
        stdout(&out)
    );
}

async fn site() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/old"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/page"))
        .mount(&server)
        .await;
    Mock::given(path("/page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("<html><head><title>The Quad at Twenty</title></head></html>"),
        )
        .mount(&server)
        .await;
    server
}

async fn run(dir: &std::path::Path, args: Vec<String>) -> std::process::Output {
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        citecheck_env(&dir, &args, &[])
    })
    .await
    .unwrap()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_shows_each_request() {
    let server = site().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/old", server.uri());
    std::fs::write(dir.path().join("doc.txt"), format!("{url}\n")).unwrap();
    let base = [
        "check",
        "doc.txt",
        "--no-cache",
        "--host-request-interval",
        "0s",
    ];
    let quiet = run(dir.path(), strings(&base)).await;
    assert!(!stderr(&quiet).contains("GET "), "{}", stderr(&quiet));

    let mut args = strings(&base);
    args.push("-v".into());
    let out = run(dir.path(), args).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("GET {url} -> 200 ok (")), "{err}");
    assert!(!err.contains("301 from"), "{err}");

    let mut args = strings(&base);
    args.push("-vv".into());
    let err = stderr(&run(dir.path(), args).await);
    assert!(err.contains(&format!("    301 from {url}")), "{err}");
    assert!(
        err.contains(&format!("    ended at {}/page", server.uri())),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cite_prints_one_card_in_markdown() {
    let server = site().await;
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Jane Doe, “The Quad at Twenty,” Review, June 22, 2023, {}/page.",
        server.uri()
    );
    let args = strings(&["cite", &text, "--format", "markdown", "--no-cache"]);
    let out = run(dir.path(), args).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let card = stdout(&out);
    assert!(
        card.starts_with("✅ `verified` — the title matches"),
        "{card}"
    );
    assert!(
        card.contains("- **Cited:** “The Quad at Twenty”, Jane Doe"),
        "{card}"
    );
    assert!(card.contains("- **Fetch:** HTTP 200 (ok)"), "{card}");
    assert!(
        !card.contains("## Summary") && !card.contains("# Citation check"),
        "{card}"
    );
    // The same citation as JSON is one entry of report.json.
    let out = run(dir.path(), strings(&["cite", &text, "--no-cache"])).await;
    let entry: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(entry["verdict"], "verified");
}
