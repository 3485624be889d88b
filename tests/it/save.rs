//! `check --save-live`: live cited pages without a recent capture are sent to a
//! stand-in for the Internet Archive's Save Page Now, politely, and the report lists
//! them; without the flag nothing is asked.

use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{citecheck_env, read_report, stderr};

/// The run's day: 2026-11-26.
const NOW: &str = "1795651200";

async fn site() -> MockServer {
    let server = MockServer::start().await;
    let uri = server.uri();
    for (p, title) in [
        ("/recent", "The Recent Page"),
        ("/old", "The Old Page"),
        ("/never", "The Never Page"),
    ] {
        Mock::given(path(p))
            .respond_with(
                ResponseTemplate::new(200).set_body_string(format!("<title>{title}</title>")),
            )
            .mount(&server)
            .await;
    }
    // The Internet Archive's TimeMaps: a capture ten days old, one three years old,
    // and none at all (404).
    for (p, date) in [
        ("/recent", "Mon, 16 Nov 2026 00:00:00 GMT"),
        ("/old", "Mon, 01 Jan 2024 00:00:00 GMT"),
    ] {
        Mock::given(path(format!("/ia/web/timemap/link/{uri}{p}")))
            .respond_with(ResponseTemplate::new(200).set_body_string(format!(
                "<{uri}{p}>; rel=\"original\",\n\
                 <https://web.archive.org/web/20240101000000/{uri}{p}>; rel=\"memento\"; datetime=\"{date}\"\n"
            )))
            .mount(&server)
            .await;
    }
    Mock::given(path(format!("/ia/web/timemap/link/{uri}/never")))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    // Save Page Now: busy once (429), then each capture request is answered with a
    // redirect to the new capture.
    Mock::given(path(format!("/save/{uri}/never")))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    for p in ["/old", "/never"] {
        Mock::given(path(format!("/save/{uri}{p}")))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("/web/20261126000000/{uri}{p}").as_str()),
            )
            .mount(&server)
            .await;
        Mock::given(path(format!("/web/20261126000000/{uri}{p}")))
            .respond_with(ResponseTemplate::new(200).set_body_string("<title>saved</title>"))
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn live_pages_without_a_recent_capture_are_saved_and_listed() {
    let server = site().await;
    let uri = server.uri();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        format!(
            "Claims.[^1][^2][^3]\n\n[^1]: “The Recent Page,” {uri}/recent\n\n\
             [^2]: “The Old Page,” {uri}/old\n\n[^3]: “The Never Page,” {uri}/never\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"doc.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 1\n\
             history = false\nsave_live_endpoint = \"{uri}/save/\"\n\
             save_live_interval = \"50ms\"\n\n[[remap]]\n\
             pattern = '^https://web\\.archive\\.org/(.*)$'\nreplace = '{uri}/ia/${{1}}'\n"
        ),
    )
    .unwrap();
    let run = |args: &'static [&'static str]| {
        let dir = dir.path().to_owned();
        tokio::task::spawn_blocking(move || {
            citecheck_env(&dir, args, &[("SOURCE_DATE_EPOCH", NOW)])
        })
    };
    let saves = |requests: &[wiremock::Request]| {
        requests
            .iter()
            .filter(|r| r.url.path().starts_with("/save/"))
            .count()
    };
    // Not asked: nothing is saved.
    let out = run(&["check"]).await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(saves(&server.received_requests().await.unwrap()), 0);
    assert_eq!(
        read_report(&dir.path().join("reports"))["run"]["saved"],
        serde_json::json!([])
    );

    let out = run(&["check", "--save-live"]).await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = read_report(&dir.path().join("reports"));
    let saved = report["run"]["saved"].as_array().unwrap();
    let outcome = |p: &str| {
        saved
            .iter()
            .find(|s| s["url"] == format!("{uri}{p}"))
            .unwrap_or_else(|| panic!("{p} in {saved:?}"))
            .clone()
    };
    assert_eq!(outcome("/recent")["outcome"], "recent");
    assert_eq!(outcome("/old")["outcome"], "saved");
    assert_eq!(
        outcome("/old")["snapshot"],
        format!("{uri}/web/20261126000000/{uri}/old")
    );
    // The archive's 429 was waited out, not counted as a failure.
    assert_eq!(outcome("/never")["outcome"], "saved", "{saved:?}");
    // Two pages asked once each, plus the one retry after the 429.
    assert_eq!(saves(&server.received_requests().await.unwrap()), 3);
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    assert!(md.contains("## Saved to the Internet Archive"), "{md}");
    assert!(
        md.contains("2 saved, 1 with a recent capture already, 0 failed, 0 over this run's cap."),
        "{md}"
    );
}
