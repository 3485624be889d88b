//! Archive lookups against local stand-ins for web archives (Memento TimeMaps in link
//! format, TimeGates answering `Accept-Datetime` with a redirect, captures carrying
//! `Memento-Datetime`) and for a moved site. Every capture offered must have been read
//! and found to be the work cited.

use std::time::{Duration, Instant};

use citecheck::archive::{Archive, ArchiveSettings, LookupOutcome, SnapshotSource, Source};
use citecheck::date::PartialDate;
use citecheck::fetch::{Fetcher, RemapRule};
use citecheck::types::VerdictCode;
use citecheck::Citation;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::fetch::config;

fn judge() -> citecheck::archive::Judge {
    citecheck::check::page_judge()
}

const CITED: &str = "https://news.example/2023/06/steel-tariffs";
const TITLE: &str = "Steel tariffs rise for a third year";

fn fetcher(server: &MockServer) -> Fetcher {
    let mut cfg = config();
    cfg.remap.push(RemapRule {
        pattern: r"^https://bidenwhitehouse\.archives\.gov/(.*)$".into(),
        replace: format!("http://127.0.0.1:{}/biden/${{1}}", server.address().port()),
    });
    Fetcher::new(cfg).unwrap()
}

/// An archive served by `server` under `/{id}/`, Wayback-style (`id_` replays raw).
fn source(server: &MockServer, id: &str) -> Source {
    Source {
        id: id.to_owned(),
        name: format!("Archive {id}"),
        timemap: format!("{}/{id}/timemap/link/", server.uri()),
        timegate: Some(format!("{}/{id}/", server.uri())),
        raw: true,
    }
}

fn settings(sources: Vec<Source>) -> ArchiveSettings {
    ArchiveSettings {
        sources,
        max_tried: 5,
    }
}

fn citation(url: &str, title: &str, accessed: Option<&str>) -> Citation {
    Citation {
        document: "paper.md".into(),
        page: None,
        note: "1".into(),
        line: 1,
        raw: format!("{title}, {url}"),
        url: Some(url.to_owned()),
        title: Some(title.to_owned()),
        authors: Vec::new(),
        container: None,
        date: None,
        accessed: accessed.and_then(PartialDate::parse_iso),
        ibid: false,
    }
}

fn page(title: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/html; charset=utf-8")
        .set_body_string(format!(
            "<!doctype html><html><head><title>{title} | News</title></head>\
             <body><h1>{title}</h1><p>The story, at some length, as it was printed.</p></body></html>"
        ))
}

/// `(stamp, http date)` of a capture.
const JUN_2020: (&str, &str) = ("20200601120000", "Mon, 01 Jun 2020 12:00:00 GMT");
const JUN_20: (&str, &str) = ("20230620080000", "Tue, 20 Jun 2023 08:00:00 GMT");
const JUN_21: (&str, &str) = ("20230621090000", "Wed, 21 Jun 2023 09:00:00 GMT");
const JUN_25: (&str, &str) = ("20230625100000", "Sun, 25 Jun 2023 10:00:00 GMT");

fn timemap(server: &MockServer, id: &str, url: &str, captures: &[(&str, &str)]) -> String {
    let base = format!("{}/{id}", server.uri());
    let mut lines = vec![
        format!("<{url}>; rel=\"original\""),
        format!("<{base}/timemap/link/{url}>; rel=\"self\"; type=\"application/link-format\""),
        format!("<{base}/{url}>; rel=\"timegate\""),
    ];
    for (stamp, date) in captures {
        lines.push(format!(
            "<{base}/{stamp}/{url}>; rel=\"memento\"; datetime=\"{date}\""
        ));
    }
    lines.join(",\n")
}

async fn serve_timemap(server: &MockServer, id: &str, url: &str, captures: &[(&str, &str)]) {
    Mock::given(path(format!("/{id}/timemap/link/{url}")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/link-format")
                .set_body_string(timemap(server, id, url, captures)),
        )
        .expect(1)
        .mount(server)
        .await;
}

/// A raw replay of a capture: the page as captured, with its `Memento-Datetime`.
async fn serve_capture(
    server: &MockServer,
    id: &str,
    capture: (&str, &str),
    body: ResponseTemplate,
    hits: u64,
) {
    Mock::given(path(format!("/{id}/{}id_/{CITED}", capture.0)))
        .respond_with(body.insert_header("memento-datetime", capture.1))
        .expect(hits)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_known_move_that_answers_comes_first() {
    let server = MockServer::start().await;
    Mock::given(path(
        "/biden/briefing-room/statements-releases/2023/06/22/joint/",
    ))
    .respond_with(page("Joint Statement"))
    .expect(1)
    .mount(&server)
    .await;
    Mock::given(path("/ia/timemap/link/"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let archive = Archive::new(
        fetcher(&server),
        judge(),
        settings(vec![source(&server, "ia")]),
    );
    let cited = citation(
        "https://www.whitehouse.gov/briefing-room/statements-releases/2023/06/22/joint/",
        "Joint Statement",
        Some("2023-06-22"),
    );
    let found = archive.find(&cited, None).await.snapshot.unwrap();
    assert_eq!(found.source, SnapshotSource::KnownMove);
    // The public address of the moved page, not the test server it was remapped to.
    assert_eq!(
        found.url,
        "https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2023/06/22/joint/"
    );
    assert_eq!(found.checked.unwrap().verdict, VerdictCode::Verified);
    server.verify().await;
}

#[tokio::test]
async fn the_capture_closest_before_the_access_date_is_read_and_offered() {
    let server = MockServer::start().await;
    serve_timemap(&server, "ia", CITED, &[JUN_2020, JUN_20, JUN_21, JUN_25]).await;
    // Only the closest capture before 2023-06-22 is read: the later one is closer in
    // time but the author cannot have seen it.
    serve_capture(&server, "ia", JUN_21, page(TITLE), 1).await;
    for other in [JUN_2020, JUN_20, JUN_25] {
        serve_capture(&server, "ia", other, page(TITLE), 0).await;
    }
    let archive = Archive::new(
        fetcher(&server),
        judge(),
        settings(vec![source(&server, "ia")]),
    );
    let lookup = archive
        .find(&citation(CITED, TITLE, Some("2023-06-22")), None)
        .await;
    let found = lookup.snapshot.clone().unwrap();
    assert_eq!(found.source, SnapshotSource::Memento);
    assert_eq!(found.archive.as_deref(), Some("Archive ia"));
    assert_eq!(found.date.as_deref(), Some("2023-06-21"));
    // The reader gets the replay address, not the raw one read.
    assert_eq!(
        found.url,
        format!("{}/ia/{}/{CITED}", server.uri(), JUN_21.0)
    );
    let checked = found.checked.unwrap();
    assert_eq!(checked.verdict, VerdictCode::Verified);
    assert_eq!(checked.title.as_deref(), Some(TITLE));
    assert_eq!(lookup.report().outcome, LookupOutcome::Found);
    assert!(lookup.rejected.is_empty());
    server.verify().await;
}

#[tokio::test]
async fn a_captured_soft_404_and_login_wall_are_skipped_for_the_next_good_capture() {
    let server = MockServer::start().await;
    serve_timemap(&server, "ia", CITED, &[JUN_2020, JUN_20, JUN_21]).await;
    let soft_404 = ResponseTemplate::new(200).set_body_string(
        "<title>Page not found | News</title><h1>Sorry, the page you are looking for does not exist</h1>",
    );
    let login = ResponseTemplate::new(200).set_body_string(
        "<title>Sign in | News</title><h1>Log in to continue reading</h1><form><input name=user></form>",
    );
    serve_capture(&server, "ia", JUN_21, soft_404, 1).await;
    serve_capture(&server, "ia", JUN_20, login, 1).await;
    serve_capture(&server, "ia", JUN_2020, page(TITLE), 1).await;
    let archive = Archive::new(
        fetcher(&server),
        judge(),
        settings(vec![source(&server, "ia")]),
    );
    let lookup = archive
        .find(&citation(CITED, TITLE, Some("2023-06-22")), None)
        .await;
    assert_eq!(lookup.snapshot.unwrap().date.as_deref(), Some("2020-06-01"));
    let why: Vec<(&str, &str)> = lookup
        .rejected
        .iter()
        .map(|r| (r.date.as_deref().unwrap(), r.why.as_str()))
        .collect();
    assert_eq!(why.len(), 2, "{why:?}");
    assert_eq!(why[0].0, "2023-06-21");
    assert!(why[0].1.starts_with("dead: "), "{why:?}");
    assert_eq!(why[1].0, "2023-06-20");
    assert!(why[1].1.contains("login"), "{why:?}");
    server.verify().await;
}

#[tokio::test]
async fn another_work_at_the_address_is_not_offered() {
    let server = MockServer::start().await;
    serve_timemap(&server, "ia", CITED, &[JUN_21]).await;
    serve_capture(
        &server,
        "ia",
        JUN_21,
        page("Ten gardening tips for a dry summer"),
        1,
    )
    .await;
    let archive = Archive::new(
        fetcher(&server),
        judge(),
        settings(vec![source(&server, "ia")]),
    );
    let lookup = archive
        .find(&citation(CITED, TITLE, Some("2023-06-22")), None)
        .await;
    assert_eq!(lookup.snapshot, None);
    let report = lookup.report();
    assert_eq!(report.outcome, LookupOutcome::None);
    assert!(
        report.rejected[0].why.starts_with("title-mismatch"),
        "{:?}",
        report.rejected
    );
}

#[tokio::test]
async fn the_timegate_answers_when_the_timemap_cannot_be_had() {
    let server = MockServer::start().await;
    // A block page served with 200 is no TimeMap.
    Mock::given(path(format!("/ia/timemap/link/{CITED}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("<html><title>Rate limited</title><p>Slow down</p></html>"),
        )
        .mount(&server)
        .await;
    // RFC 7089 pattern 2.2: the TimeGate redirects to the memento nearest the
    // Accept-Datetime asked for.
    Mock::given(method("GET"))
        .and(path(format!("/ia/{CITED}")))
        // wiremock's `header` matcher splits values at commas, which HTTP dates hold.
        .and(|r: &Request| {
            r.headers
                .get("accept-datetime")
                .is_some_and(|v| v == "Thu, 22 Jun 2023 23:59:59 GMT")
        })
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("/ia/{}/{CITED}", JUN_21.0).as_str())
                .insert_header("vary", "accept-datetime"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(format!("/ia/{}/{CITED}", JUN_21.0)))
        .respond_with(page(TITLE).insert_header("memento-datetime", JUN_21.1))
        .expect(1)
        .mount(&server)
        .await;
    serve_capture(&server, "ia", JUN_21, page(TITLE), 1).await;
    let archive = Archive::new(
        fetcher(&server),
        judge(),
        settings(vec![source(&server, "ia")]),
    );
    let lookup = archive
        .find(&citation(CITED, TITLE, Some("2023-06-22")), None)
        .await;
    let found = lookup
        .snapshot
        .clone()
        .unwrap_or_else(|| panic!("{lookup:?}"));
    assert_eq!(found.date.as_deref(), Some("2023-06-21"));
    assert_eq!(
        found.url,
        format!("{}/ia/{}/{CITED}", server.uri(), JUN_21.0)
    );
    server.verify().await;
}

#[tokio::test]
async fn a_second_archive_holds_the_good_copy() {
    let server = MockServer::start().await;
    serve_timemap(&server, "ia", CITED, &[JUN_21]).await;
    serve_capture(
        &server,
        "ia",
        JUN_21,
        ResponseTemplate::new(200).set_body_string("<title>404 | News</title>"),
        1,
    )
    .await;
    serve_timemap(&server, "pt", CITED, &[JUN_20]).await;
    serve_capture(&server, "pt", JUN_20, page(TITLE), 1).await;
    // An archive that holds nothing answers 404 to its TimeMap: an answer, not a failure.
    Mock::given(path(format!("/uk/timemap/link/{CITED}")))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let sources = vec![
        source(&server, "ia"),
        source(&server, "pt"),
        source(&server, "uk"),
    ];
    let archive = Archive::new(fetcher(&server), judge(), settings(sources));
    let lookup = archive
        .find(&citation(CITED, TITLE, Some("2023-06-22")), None)
        .await;
    let found = lookup.snapshot.clone().unwrap();
    assert_eq!(found.archive.as_deref(), Some("Archive pt"));
    assert_eq!(lookup.rejected[0].archive, "Archive ia");
    assert!(lookup.failures.is_empty(), "{:?}", lookup.failures);
    server.verify().await;
}

#[tokio::test]
async fn an_archive_that_fails_says_so_rather_than_none() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/ia/timemap/link/{CITED}")))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(path(format!("/ia/{CITED}")))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let archive = Archive::new(
        fetcher(&server),
        judge(),
        settings(vec![source(&server, "ia")]),
    );
    let lookup = archive.find(&citation(CITED, TITLE, None), None).await;
    let report = lookup.report();
    assert_eq!(report.outcome, LookupOutcome::Unreachable);
    let detail = report.detail.unwrap();
    assert!(
        detail.contains("Archive ia: the TimeMap gave server-error (HTTP 503)"),
        "{detail}"
    );
    // Nothing listens at the archive at all.
    let closed = crate::fetch::closed_port("127.0.0.1");
    let gone = Source {
        timemap: format!("http://{closed}/timemap/link/"),
        timegate: None,
        ..source(&server, "gone")
    };
    let archive = Archive::new(fetcher(&server), judge(), settings(vec![gone]));
    let report = archive
        .find(&citation(CITED, TITLE, None), None)
        .await
        .report();
    assert_eq!(report.outcome, LookupOutcome::Unreachable);
    assert!(report.detail.unwrap().contains("network-error"));
}

#[tokio::test]
async fn the_archive_is_asked_politely_after_a_429() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/ia/timemap/link/{CITED}")))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    serve_timemap(&server, "ia", CITED, &[JUN_21]).await;
    serve_capture(&server, "ia", JUN_21, page(TITLE), 1).await;
    let f = fetcher(&server);
    let archive = Archive::new(f.clone(), judge(), settings(vec![source(&server, "ia")]));
    let started = Instant::now();
    let lookup = archive.find(&citation(CITED, TITLE, None), None).await;
    assert!(lookup.snapshot.is_some(), "{lookup:?}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests.len(),
        3,
        "one 429, the retry after the wait, the capture"
    );
    assert!(f.host_interval("127.0.0.1") >= Duration::from_millis(250));
}

#[tokio::test]
async fn at_most_max_tried_captures_are_read() {
    let server = MockServer::start().await;
    serve_timemap(&server, "ia", CITED, &[JUN_2020, JUN_20, JUN_21]).await;
    let gone = || ResponseTemplate::new(200).set_body_string("<title>Page not found</title>");
    serve_capture(&server, "ia", JUN_21, gone(), 1).await;
    serve_capture(&server, "ia", JUN_20, gone(), 1).await;
    serve_capture(&server, "ia", JUN_2020, page(TITLE), 0).await;
    let mut s = settings(vec![source(&server, "ia")]);
    s.max_tried = 2;
    let archive = Archive::new(fetcher(&server), judge(), s);
    let lookup = archive
        .find(&citation(CITED, TITLE, Some("2023-06-22")), None)
        .await;
    assert_eq!(lookup.snapshot, None);
    assert_eq!(lookup.rejected.len(), 2);
    server.verify().await;
}
