//! Safety and honesty: refused addresses and schemes, and a run without network.

use citecheck::fetch::{FetchOutcome, Fetcher, TransportFailure};
use wiremock::{Mock, ResponseTemplate};

use super::{base, closed_port, config, resolve, server_on};

#[tokio::test]
async fn the_metadata_address_is_excluded_without_connecting() {
    let fetcher = Fetcher::new(config()).unwrap();
    let f = fetcher
        .fetch("http://169.254.169.254/latest/meta-data/")
        .await;
    assert_eq!(
        (f.outcome, f.attempts, f.status),
        (FetchOutcome::Excluded, 0, None)
    );
    let f = fetcher.fetch("http://[fe80::1]/").await;
    assert_eq!(f.outcome, FetchOutcome::Excluded);
}

#[tokio::test]
async fn a_name_resolving_to_link_local_is_excluded() {
    let mut cfg = config();
    resolve(&mut cfg, "metadata.test", "169.254.169.254");
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher
        .fetch("http://metadata.test/computeMetadata/v1/")
        .await;
    assert_eq!(f.outcome, FetchOutcome::Excluded);
    assert_eq!(f.status, None);
}

#[tokio::test]
async fn exclude_private_refuses_loopback_by_address_and_by_name() {
    let server = server_on("127.0.0.2").await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let mut cfg = config();
    cfg.exclude_private = true;
    resolve(&mut cfg, "internal.test", "127.0.0.2");
    let fetcher = Fetcher::new(cfg).unwrap();
    let by_ip = fetcher.fetch(&format!("{}/", server.uri())).await;
    let by_name = fetcher
        .fetch(&format!("{}/", base("internal.test", &server)))
        .await;
    assert_eq!(by_ip.outcome, FetchOutcome::Excluded);
    assert_eq!(by_name.outcome, FetchOutcome::Excluded);
}

#[tokio::test]
async fn only_http_and_https_are_fetched() {
    let fetcher = Fetcher::new(config()).unwrap();
    let run = fetcher
        .fetch_all([
            "ftp://127.0.0.1/file".to_owned(),
            "file:///etc/passwd".to_owned(),
            "not a url".to_owned(),
        ])
        .await;
    let got: Vec<_> = run.results.iter().map(|f| f.outcome).collect();
    assert_eq!(
        got,
        [
            FetchOutcome::UnsupportedScheme,
            FetchOutcome::UnsupportedScheme,
            FetchOutcome::InvalidUrl
        ]
    );
    assert!(!run.network_unreachable, "nothing was tried");
}

#[tokio::test]
async fn no_reachable_host_means_not_checked_not_dead() {
    let a = closed_port("127.0.0.2");
    let b = closed_port("127.0.0.3");
    let mut cfg = config();
    cfg.max_retries = 0;
    cfg.canaries = vec![crate::support::dead_canary().to_string()];
    let fetcher = Fetcher::new(cfg).unwrap();
    let run = fetcher
        .fetch_all([format!("http://{a}/x"), format!("http://{b}/y")])
        .await;
    assert!(run.network_unreachable);
    for f in &run.results {
        assert_eq!(f.outcome, FetchOutcome::NotChecked, "{}", f.url);
        assert_eq!(f.failure, Some(TransportFailure::Connect));
    }
}

#[tokio::test]
async fn one_dead_host_among_live_ones_is_a_network_error() {
    let live = server_on("127.0.0.4").await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&live)
        .await;
    let dead = closed_port("127.0.0.5");
    let mut cfg = config();
    cfg.max_retries = 0;
    let fetcher = Fetcher::new(cfg).unwrap();
    let run = fetcher
        .fetch_all([format!("{}/ok", live.uri()), format!("http://{dead}/x")])
        .await;
    assert!(!run.network_unreachable);
    let got: Vec<_> = run.results.iter().map(|f| f.outcome).collect();
    assert_eq!(got, [FetchOutcome::Ok, FetchOutcome::NetworkError]);
}

#[tokio::test]
async fn a_single_refused_host_is_not_a_network_outage() {
    let dead = closed_port("127.0.0.6");
    let mut cfg = config();
    cfg.max_retries = 0;
    let fetcher = Fetcher::new(cfg).unwrap();
    let run = fetcher.fetch_all([format!("http://{dead}/x")]).await;
    assert!(!run.network_unreachable);
    assert_eq!(run.results[0].outcome, FetchOutcome::NetworkError);
}

#[tokio::test]
async fn a_refused_host_is_not_checked_when_the_canary_is_down_too() {
    // One host only, so nothing in the run itself tells a dead site from a dead network.
    let dead = closed_port("127.0.0.6");
    let mut cfg = config();
    cfg.max_retries = 0;
    cfg.canaries = vec![crate::support::dead_canary().to_string()];
    let fetcher = Fetcher::new(cfg).unwrap();
    let run = fetcher.fetch_all([format!("http://{dead}/x")]).await;
    assert!(run.network_unreachable);
    assert_eq!(run.results[0].outcome, FetchOutcome::NotChecked);
    let detail = run.results[0].detail.as_deref().unwrap();
    assert!(
        detail.starts_with("the network is unreachable (canary: cannot connect to"),
        "{detail}"
    );
}

#[tokio::test]
async fn a_missing_name_is_gone_only_when_other_names_resolve() {
    let mut cfg = config();
    cfg.max_retries = 0;
    cfg.resolve.insert("gone.test".into(), Vec::new());
    // A canary given as an address proves the route, not the resolver.
    cfg.canaries = vec![crate::support::live_port().to_string()];
    let fetcher = Fetcher::new(cfg.clone()).unwrap();
    let run = fetcher.fetch_all(["http://gone.test/a".to_owned()]).await;
    assert!(!run.network_unreachable);
    assert!(!run.network.names_resolve);
    assert_eq!(run.results[0].outcome, FetchOutcome::NotChecked);
    assert!(
        run.results[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("a missing name proves nothing"),
        "{:?}",
        run.results[0].detail
    );
    // A canary known by name, resolved and reached: the missing name stands.
    cfg.canaries = vec![crate::support::live_canary()];
    let fetcher = Fetcher::new(cfg).unwrap();
    let run = fetcher.fetch_all(["http://gone.test/a".to_owned()]).await;
    assert_eq!(run.results[0].outcome, FetchOutcome::Gone);
    assert_eq!(run.network, citecheck::fetch::Network::default());
}
