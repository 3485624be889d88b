//! Archive lookups against a local stand-in for archive.org and for a moved site.

use citecheck::archive::{Archive, Lookup, SnapshotSource};
use citecheck::date::PartialDate;
use citecheck::fetch::{Fetcher, RemapRule};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::fetch::config;

fn fetcher(server: &MockServer) -> Fetcher {
    let mut cfg = config();
    cfg.remap.push(RemapRule {
        pattern: r"^https://bidenwhitehouse\.archives\.gov/(.*)$".into(),
        replace: format!("http://127.0.0.1:{}/biden/${{1}}", server.address().port()),
    });
    Fetcher::new(cfg).unwrap()
}

fn endpoint(server: &MockServer) -> String {
    format!("{}/wayback/available", server.uri())
}

#[tokio::test]
async fn a_known_move_that_answers_comes_first() {
    let server = MockServer::start().await;
    Mock::given(path(
        "/biden/briefing-room/statements-releases/2023/06/22/joint/",
    ))
    .respond_with(ResponseTemplate::new(200).set_body_string("<title>Joint</title>"))
    .expect(1)
    .mount(&server)
    .await;
    Mock::given(path("/wayback/available"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let archive = Archive::new(fetcher(&server), &endpoint(&server));
    let found = archive
        .find(
            "https://www.whitehouse.gov/briefing-room/statements-releases/2023/06/22/joint/",
            PartialDate::parse_iso("2023-06-22"),
        )
        .await
        .snapshot()
        .cloned()
        .unwrap();
    assert_eq!(found.source, SnapshotSource::KnownMove);
    // The public address of the moved page, not the test server it was remapped to.
    assert_eq!(
        found.url,
        "https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2023/06/22/joint/"
    );
    server.verify().await;
}

#[tokio::test]
async fn the_closest_wayback_snapshot_to_the_cited_date() {
    let server = MockServer::start().await;
    let cited = "https://www.whitehouse.gov/gone/2023/06/page/";
    // The moved copy is gone too, so the archive is asked, with the cited day.
    Mock::given(path("/biden/gone/2023/06/page/"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/wayback/available"))
        .and(query_param("url", cited))
        .and(query_param("timestamp", "20230622"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"url": "x", "archived_snapshots": {"closest": {"status": "200",
               "available": true, "timestamp": "20230623101500",
               "url": "http://web.archive.org/web/20230623101500/https://www.whitehouse.gov/gone/2023/06/page/"}}}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let archive = Archive::new(fetcher(&server), &endpoint(&server));
    let found = archive
        .find(cited, PartialDate::parse_iso("2023-06-22"))
        .await
        .snapshot()
        .cloned()
        .unwrap();
    assert_eq!(found.source, SnapshotSource::Wayback);
    assert_eq!(found.date.as_deref(), Some("2023-06-23"));
    assert_eq!(
        found.url,
        "https://web.archive.org/web/20230623101500/https://www.whitehouse.gov/gone/2023/06/page/"
    );
    server.verify().await;
}

#[tokio::test]
async fn no_snapshot_or_a_failed_capture_is_none_and_a_broken_answer_is_unreachable() {
    let server = MockServer::start().await;
    let answers = [
        ("https://a.example/none", r#"{"archived_snapshots": {}}"#),
        (
            "https://a.example/404",
            r#"{"archived_snapshots": {"closest": {"status": "404", "available": true,
               "timestamp": "20200101000000", "url": "http://web.archive.org/web/2020/x"}}}"#,
        ),
        ("https://a.example/junk", "<html>not json</html>"),
    ];
    for (url, body) in answers {
        Mock::given(path("/wayback/available"))
            .and(query_param("url", url))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
            .mount(&server)
            .await;
    }
    let archive = Archive::new(fetcher(&server), &endpoint(&server));
    assert_eq!(archive.find(answers[0].0, None).await, Lookup::None);
    assert_eq!(archive.find(answers[1].0, None).await, Lookup::None);
    let junk = archive.find(answers[2].0, None).await;
    assert!(
        matches!(&junk, Lookup::Unreachable(why) if why.contains("not the availability API")),
        "{junk:?}"
    );
}

#[tokio::test]
async fn an_archive_that_fails_says_so_rather_than_none() {
    let server = MockServer::start().await;
    Mock::given(path("/wayback/available"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let archive = Archive::new(fetcher(&server), &endpoint(&server));
    let lookup = archive.find("https://a.example/x", None).await;
    let Lookup::Unreachable(why) = &lookup else {
        panic!("{lookup:?}")
    };
    assert!(why.contains("server-error (HTTP 503)"), "{why}");
    let report = serde_json::to_value(lookup.report()).unwrap();
    assert_eq!(report["outcome"], "unreachable");
    // Nothing listens at the endpoint at all.
    let closed = crate::fetch::closed_port("127.0.0.1");
    let archive = Archive::new(
        fetcher(&server),
        &format!("http://{closed}/wayback/available"),
    );
    let lookup = archive.find("https://a.example/x", None).await;
    assert!(
        matches!(&lookup, Lookup::Unreachable(why) if why.contains("network-error")),
        "{lookup:?}"
    );
}

#[tokio::test]
async fn the_archive_is_asked_politely_after_a_429() {
    let server = MockServer::start().await;
    Mock::given(path("/wayback/available"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/wayback/available"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"archived_snapshots": {}}"#))
        .mount(&server)
        .await;
    let f = fetcher(&server);
    let archive = Archive::new(f.clone(), &endpoint(&server));
    let started = std::time::Instant::now();
    assert_eq!(
        archive.find("https://a.example/x", None).await,
        Lookup::None
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(900));
    let times: Vec<_> = server.received_requests().await.unwrap();
    assert_eq!(times.len(), 2, "one 429, then one retry after the wait");
    assert!(f.host_interval("127.0.0.1") >= std::time::Duration::from_millis(250));
}
