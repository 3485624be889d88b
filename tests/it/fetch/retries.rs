//! Retries: which answers are asked again, and how long the fetcher waits.

use std::time::Duration;

use citecheck::fetch::{FetchOutcome, Fetcher, TransportFailure};
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

use super::{config, raw_server, read_head, server_on, Scripted};

#[tokio::test]
async fn retry_after_is_honoured_and_the_host_slowed_down() {
    let server = server_on("127.0.0.2").await;
    let rec = Scripted::new(vec![
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        ResponseTemplate::new(200),
    ]);
    Mock::given(path("/limited"))
        .respond_with(rec.clone())
        .expect(2)
        .mount(&server)
        .await;
    let fetcher = Fetcher::new(config()).unwrap();
    let f = fetcher.fetch(&format!("{}/limited", server.uri())).await;
    assert_eq!(
        (f.outcome, f.status, f.attempts),
        (FetchOutcome::Ok, Some(200), 2)
    );
    let t = rec.times();
    let waited = t[1] - t[0];
    assert!(
        waited >= Duration::from_millis(950),
        "retried after {waited:?}"
    );
    // The 429 raised the host's interval for the rest of the run.
    assert!(fetcher.host_interval("127.0.0.2") > Duration::ZERO);
}

#[tokio::test]
async fn an_absurd_retry_after_is_capped() {
    let server = server_on("127.0.0.2").await;
    let rec = Scripted::new(vec![
        ResponseTemplate::new(503).insert_header("Retry-After", "86400"),
        ResponseTemplate::new(200),
    ]);
    Mock::given(path("/day"))
        .respond_with(rec.clone())
        .expect(2)
        .mount(&server)
        .await;
    let mut cfg = config();
    cfg.max_retry_wait = Duration::from_millis(300);
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher.fetch(&format!("{}/day", server.uri())).await;
    assert_eq!(f.outcome, FetchOutcome::Ok);
    let t = rec.times();
    let waited = t[1] - t[0];
    assert!(waited >= Duration::from_millis(250), "{waited:?}");
    assert!(waited < Duration::from_secs(10), "{waited:?}");
}

#[tokio::test]
async fn a_503_then_200_succeeds_after_a_retry() {
    let server = server_on("127.0.0.3").await;
    let rec = Scripted::new(vec![ResponseTemplate::new(503), ResponseTemplate::new(200)]);
    Mock::given(path("/flaky"))
        .respond_with(rec)
        .expect(2)
        .mount(&server)
        .await;
    let fetcher = Fetcher::new(config()).unwrap();
    let f = fetcher.fetch(&format!("{}/flaky", server.uri())).await;
    assert_eq!(
        (f.outcome, f.status, f.attempts),
        (FetchOutcome::Ok, Some(200), 2)
    );
}

#[tokio::test]
async fn persistent_5xx_ends_as_server_error_after_all_retries() {
    let server = server_on("127.0.0.3").await;
    Mock::given(path("/down"))
        .respond_with(ResponseTemplate::new(502))
        .expect(3)
        .mount(&server)
        .await;
    let mut cfg = config();
    cfg.max_retries = 2;
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher.fetch(&format!("{}/down", server.uri())).await;
    assert_eq!(
        (f.outcome, f.status, f.attempts),
        (FetchOutcome::ServerError, Some(502), 3)
    );
}

#[tokio::test]
async fn not_found_and_forbidden_are_not_retried() {
    let server = server_on("127.0.0.4").await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/removed"))
        .respond_with(ResponseTemplate::new(410))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/private"))
        .respond_with(ResponseTemplate::new(403))
        .expect(1)
        .mount(&server)
        .await;
    let fetcher = Fetcher::new(config()).unwrap();
    let b = server.uri();
    let run = fetcher
        .fetch_all([
            format!("{b}/gone"),
            format!("{b}/removed"),
            format!("{b}/private"),
        ])
        .await;
    let got: Vec<_> = run
        .results
        .iter()
        .map(|f| (f.outcome, f.attempts))
        .collect();
    assert_eq!(
        got,
        [
            (FetchOutcome::NotFound, 1),
            (FetchOutcome::Blocked, 1),
            (FetchOutcome::NotFound, 1)
        ]
    );
}

#[tokio::test]
async fn a_bot_challenge_is_blocked() {
    let server = server_on("127.0.0.4").await;
    Mock::given(path("/challenge"))
        .respond_with(ResponseTemplate::new(403).insert_header("cf-mitigated", "challenge"))
        .expect(1)
        .mount(&server)
        .await;
    let fetcher = Fetcher::new(config()).unwrap();
    let f = fetcher.fetch(&format!("{}/challenge", server.uri())).await;
    assert_eq!(f.outcome, FetchOutcome::Blocked);
    assert_eq!(f.headers.cf_mitigated.as_deref(), Some("challenge"));
}

#[tokio::test]
async fn a_connection_reset_is_retried_then_a_network_error() {
    let addr = raw_server(|mut stream| async move {
        read_head(&mut stream).await;
        // Linger zero makes the close a RST, not a FIN.
        #[expect(
            deprecated,
            reason = "a zero linger does not block: the close is a RST"
        )]
        let _ = stream.set_linger(Some(Duration::ZERO));
        drop(stream);
    })
    .await;
    let mut cfg = config();
    cfg.max_retries = 1;
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher.fetch(&format!("http://{addr}/reset")).await;
    assert_eq!(f.outcome, FetchOutcome::NetworkError);
    assert_eq!(f.failure, Some(TransportFailure::Reset));
    assert_eq!(f.attempts, 2);
    assert!(f.detail.is_some());
}
