//! Per-host intervals and caps, host independence, and one request per URL.

use std::time::Duration;

use citecheck::fetch::{FetchOutcome, Fetcher, HostConfig};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use super::{base, config, resolve, server_on, Scripted};

#[tokio::test]
async fn per_host_interval_spaces_request_starts() {
    let server = server_on("127.0.0.2").await;
    let rec = Scripted::always(ResponseTemplate::new(200));
    Mock::given(method("GET"))
        .respond_with(rec.clone())
        .expect(5)
        .mount(&server)
        .await;
    let mut cfg = config();
    resolve(&mut cfg, "a.test", "127.0.0.2");
    cfg.hosts.insert(
        "a.test".into(),
        HostConfig {
            request_interval: Some(Duration::from_millis(200)),
            concurrency: Some(5),
            ..HostConfig::default()
        },
    );
    let fetcher = Fetcher::new(cfg).unwrap();
    let urls = (0..5).map(|i| format!("{}/p{i}", base("a.test", &server)));
    let run = fetcher.fetch_all(urls).await;
    assert!(run.results.iter().all(|f| f.outcome == FetchOutcome::Ok));

    let t = rec.times();
    let span = t[4] - t[0];
    assert!(span >= Duration::from_millis(760), "span {span:?}");
    for pair in t.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(150), "gap {gap:?}");
    }
}

#[tokio::test]
async fn per_host_cap_limits_requests_in_flight() {
    let server = server_on("127.0.0.3").await;
    let delay = Duration::from_millis(300);
    let rec = Scripted::always(ResponseTemplate::new(200).set_delay(delay));
    Mock::given(method("GET"))
        .respond_with(rec.clone())
        .expect(6)
        .mount(&server)
        .await;
    let mut cfg = config();
    resolve(&mut cfg, "b.test", "127.0.0.3");
    cfg.host_concurrency = 2;
    let fetcher = Fetcher::new(cfg).unwrap();
    let urls = (0..6).map(|i| format!("{}/p{i}", base("b.test", &server)));
    fetcher.fetch_all(urls).await;

    // With at most two in flight and each answer taking `delay`, any three arrivals
    // span at least one full `delay`.
    let t = rec.times();
    for w in t.windows(3) {
        let span = w[2] - w[0];
        assert!(
            span >= delay - Duration::from_millis(30),
            "3 in flight: {span:?}"
        );
    }
}

#[tokio::test]
async fn a_slow_host_does_not_delay_another() {
    let slow = server_on("127.0.0.4").await;
    let fast = server_on("127.0.0.5").await;
    let slow_rec = Scripted::always(ResponseTemplate::new(200).set_delay(Duration::from_secs(1)));
    let fast_rec = Scripted::always(ResponseTemplate::new(200));
    Mock::given(method("GET"))
        .respond_with(slow_rec.clone())
        .expect(3)
        .mount(&slow)
        .await;
    Mock::given(method("GET"))
        .respond_with(fast_rec.clone())
        .expect(3)
        .mount(&fast)
        .await;
    let mut cfg = config();
    resolve(&mut cfg, "a-slow.test", "127.0.0.4");
    resolve(&mut cfg, "z-fast.test", "127.0.0.5");
    cfg.host_concurrency = 1;
    cfg.max_concurrency = 2;
    let fetcher = Fetcher::new(cfg).unwrap();
    // The slow host's URLs sort first, so a naive queue would serve them first.
    let mut urls: Vec<String> = (0..3)
        .map(|i| format!("{}/{i}", base("a-slow.test", &slow)))
        .collect();
    urls.extend((0..3).map(|i| format!("{}/{i}", base("z-fast.test", &fast))));
    fetcher.fetch_all(urls).await;

    let (s, f) = (slow_rec.times(), fast_rec.times());
    assert_eq!((s.len(), f.len()), (3, 3));
    assert!(
        f[2] < s[1],
        "the fast host waited for the slow one: fast done {:?} after the slow host's first",
        f[2] - s[0]
    );
}

#[tokio::test]
async fn duplicate_urls_cause_one_request() {
    let server = server_on("127.0.0.6").await;
    Mock::given(path("/same"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(200)))
        .expect(1)
        .mount(&server)
        .await;
    let mut cfg = config();
    resolve(&mut cfg, "d.test", "127.0.0.6");
    let fetcher = Fetcher::new(cfg).unwrap();
    let url = format!("{}/same", base("d.test", &server));
    let run = fetcher.fetch_all(vec![url.clone(), url.clone(), url]).await;
    assert_eq!(run.results.len(), 1);
    assert_eq!(run.results[0].outcome, FetchOutcome::Ok);
}

#[tokio::test]
async fn concurrent_fetches_of_one_url_share_a_request() {
    let server = server_on("127.0.0.6").await;
    Mock::given(path("/shared"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    let mut cfg = config();
    resolve(&mut cfg, "e.test", "127.0.0.6");
    let fetcher = Fetcher::new(cfg).unwrap();
    let url = format!("{}/shared", base("e.test", &server));
    let (a, b, c) = tokio::join!(
        fetcher.fetch(&url),
        fetcher.fetch(&url),
        fetcher.fetch(&url)
    );
    assert_eq!(a, b);
    assert_eq!(b, c);
    assert_eq!(a.status, Some(200));
}

#[tokio::test]
async fn results_are_sorted_by_url_and_distinct() {
    let server = server_on("127.0.0.7").await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(3)
        .mount(&server)
        .await;
    let fetcher = Fetcher::new(config()).unwrap();
    let b = server.uri();
    let urls = vec![
        format!("{b}/c"),
        format!("{b}/a"),
        format!("{b}/b"),
        format!("{b}/a"),
    ];
    let run = fetcher.fetch_all(urls).await;
    let got: Vec<&str> = run.results.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(got, [format!("{b}/a"), format!("{b}/b"), format!("{b}/c")]);
    assert!(!run.network_unreachable);
}
