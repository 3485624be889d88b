//! The reports as their readers meet them: Markdown rendered to HTML as GitHub would,
//! JUnit XML, GitHub annotations, the policy's exit codes, and `--only`.

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{citecheck_env, read_report, stderr, stdout};

/// Footnotes whose text tries to break out of a table, a link, the HTML or the terminal.
const HOSTILE: &str = "Text.[^a] More.[^b] And.[^c]\n\n\
[^a]: Mallory, “A | pipe `tick` <script>alert(1)</script> [x](javascript:alert(1)) \u{1b}[31mred\u{1b}[0m,” \
Site, June 1, 2023, https://evil.example/a.\n\
[^b]: “Gone page,” June 2, 2023, https://evil.example/gone.\n\
[^c]: “Secret,” https://user:hunter2@evil.example/private.\n";

async fn serve() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/a"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string("<title>A | pipe</title>"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(path("/private"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<title>Secret</title>"))
        .mount(&server)
        .await;
    server
}

async fn check(
    dir: &std::path::Path,
    server: &MockServer,
    extra: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    std::fs::write(dir.join("notes.md"), HOSTILE).unwrap();
    std::fs::write(
        dir.join("citations.toml"),
        format!(
            "corpus = [\"notes.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 0\narchive = false\n\
             [[remap]]\npattern = '^https://(?:[^@/]*@)?evil\\.example/(.*)$'\nreplace = 'http://127.0.0.1:{}/${{1}}'\n",
            server.address().port()
        ),
    )
    .unwrap();
    let dir = dir.to_owned();
    let mut args = vec!["check".to_owned()];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut env: Vec<(&str, &str)> =
            env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        env.push(("SOURCE_DATE_EPOCH", "1795651200"));
        citecheck_env(&dir, &args, &env)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_cannot_break_the_markdown_report() {
    let server = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let out = check(dir.path(), &server, &["--junit", "junit.xml"], &[]).await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "a dead link fails the policy: {}",
        stderr(&out)
    );
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    assert!(!md.contains('\u{1b}'), "no terminal escapes in the report");
    assert!(!md.contains("hunter2"), "no password in the report");
    assert!(
        md.contains("user:\\*\\*\\*@") || md.contains("user:***@"),
        "{md}"
    );

    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES),
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "{html}");
    // Every table row has as many cells as its header: no `|` from a title split a row.
    for table in html.split("<table>").skip(1) {
        let table = table.split("</table>").next().unwrap();
        let thead = table.split("</thead>").next().unwrap();
        let head = thead.matches("<th").count() - thead.matches("<thead").count();
        for row in table
            .split("</thead>")
            .nth(1)
            .unwrap()
            .split("<tr>")
            .skip(1)
        {
            assert_eq!(row.matches("<td").count(), head, "{row}");
        }
    }
    assert!(html.matches("<table>").count() >= 4, "{html}");

    let json = std::fs::read_to_string(dir.path().join("reports/report.json")).unwrap();
    assert!(!json.contains("hunter2"));
    let junit = std::fs::read_to_string(dir.path().join("junit.xml")).unwrap();
    assert!(junit.contains("<failure type=\"dead\""), "{junit}");
    assert!(!junit.contains("<script"), "{junit}");
    assert!(
        !junit.contains('\u{1b}') && !junit.contains("hunter2"),
        "{junit}"
    );
    assert!(
        !stdout(&out).contains('\u{1b}'),
        "no escapes reach the terminal"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn github_annotations_policy_and_only() {
    let server = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let out = check(dir.path(), &server, &[], &[("GITHUB_ACTIONS", "true")]).await;
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.starts_with("::error file=notes.md,line=") && l.contains("dead"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("title=citecheck%3A dead"), "{line}");

    // A policy that does not fail on `dead` passes the same run.
    let toml = dir.path().join("citations.toml");
    let config = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("fail_on = [\"date-mismatch\"]\n{config}")).unwrap();
    let out = check_again(dir.path(), &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(&toml, format!("fail_on = [\"deaf\"]\n{config}")).unwrap();
    let out = check_again(dir.path(), &[]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("citations.toml:1:"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&toml, config).unwrap();

    // `--only` re-checks one footnote.
    let out = check_again(dir.path(), &["--only", "notes.md::b"]).await;
    assert_eq!(out.status.code(), Some(1));
    let report: Value = read_report(&dir.path().join("reports"));
    let notes: Vec<&str> = report["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["b"]);
    let out = check_again(dir.path(), &["--only", "notes.md::zz"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no such footnote"),
        "{}",
        stderr(&out)
    );
}

async fn check_again(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let dir = dir.to_owned();
    let mut args = vec!["check".to_owned(), "--no-cache".to_owned()];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        citecheck_env(&dir, &args, &[])
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn output_paths_are_made_and_checked_before_any_fetching() {
    let server = serve().await;
    let dir = tempfile::tempdir().unwrap();
    // A JUnit file in folders that do not exist yet: made, and written.
    let out = check(dir.path(), &server, &["--junit", "deep/dir/j.xml"], &[]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let junit = std::fs::read_to_string(dir.path().join("deep/dir/j.xml")).unwrap();
    assert!(junit.contains("<testsuite"), "{junit}");
    let fetched = server.received_requests().await.unwrap().len();
    assert!(fetched > 0);

    // Unwritable outputs fail at once: no request is sent.
    std::fs::create_dir(dir.path().join("a-folder")).unwrap();
    std::fs::write(dir.path().join("a-file"), "").unwrap();
    let cases: [&[&str]; 4] = [
        &["--junit", "a-folder"],
        &["--report-dir", "a-file/reports"],
        &["--sarif", "a-folder"],
        &["--sarif", "a-file/out.sarif"],
    ];
    for args in cases {
        let out = check(dir.path(), &server, args, &[]).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            fetched,
            "{args:?}: nothing fetched"
        );
    }
}
