//! Redirects: the chain is recorded, loops and bad targets end the fetch, credentials stay
//! with their host, and remap rules apply first.

use std::collections::BTreeMap;

use citecheck::fetch::{FetchOutcome, Fetcher, HostConfig, Redirect, RemapRule};
use wiremock::matchers::{header_exists, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{base, config, resolve, server_on};

fn redirect(status: u16, to: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("Location", to)
}

async fn mount(server: &MockServer, at: &str, response: ResponseTemplate) {
    Mock::given(path(at))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn the_chain_is_recorded() {
    let server = server_on("127.0.0.2").await;
    mount(&server, "/old", redirect(301, "/newer")).await;
    mount(&server, "/newer", redirect(302, "/new")).await;
    mount(&server, "/new", ResponseTemplate::new(200)).await;
    let fetcher = Fetcher::new(config()).unwrap();
    let b = server.uri();
    let f = fetcher.fetch(&format!("{b}/old")).await;
    assert_eq!(f.outcome, FetchOutcome::Ok);
    assert!(f.is_redirected());
    assert_eq!(f.final_url, format!("{b}/new"));
    assert_eq!(
        f.redirects,
        [
            Redirect {
                url: format!("{b}/old"),
                status: 301
            },
            Redirect {
                url: format!("{b}/newer"),
                status: 302
            }
        ]
    );
}

#[tokio::test]
async fn a_redirect_loop_ends_as_too_many_redirects() {
    let server = server_on("127.0.0.2").await;
    mount(&server, "/a", redirect(302, "/b")).await;
    mount(&server, "/b", redirect(302, "/a")).await;
    let fetcher = Fetcher::new(config()).unwrap();
    let f = fetcher.fetch(&format!("{}/a", server.uri())).await;
    assert_eq!(f.outcome, FetchOutcome::TooManyRedirects);
    assert_eq!(f.redirects.len(), 2);
}

#[tokio::test]
async fn a_long_chain_stops_at_the_limit() {
    let server = server_on("127.0.0.3").await;
    for i in 0..10 {
        mount(
            &server,
            &format!("/r{i}"),
            redirect(307, &format!("/r{}", i + 1)),
        )
        .await;
    }
    let mut cfg = config();
    cfg.max_redirects = 3;
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher.fetch(&format!("{}/r0", server.uri())).await;
    assert_eq!(f.outcome, FetchOutcome::TooManyRedirects);
    assert_eq!(
        f.attempts, 4,
        "gives up without requesting the target beyond the limit"
    );
}

#[tokio::test]
async fn a_redirect_to_a_file_url_is_unsupported() {
    let server = server_on("127.0.0.3").await;
    mount(&server, "/sneaky", redirect(302, "file:///etc/passwd")).await;
    let fetcher = Fetcher::new(config()).unwrap();
    let f = fetcher.fetch(&format!("{}/sneaky", server.uri())).await;
    assert_eq!(f.outcome, FetchOutcome::UnsupportedScheme);
    assert_eq!(f.final_url, "file:///etc/passwd");
    assert_eq!(f.body, None);
}

#[tokio::test]
async fn credentials_are_not_forwarded_to_another_host() {
    let a = server_on("127.0.0.4").await;
    let b = server_on("127.0.0.5").await;
    let mut cfg = config();
    resolve(&mut cfg, "a.test", "127.0.0.4");
    resolve(&mut cfg, "b.test", "127.0.0.5");
    let target = format!("{}/landing", base("b.test", &b));
    Mock::given(path("/start"))
        .and(header_exists("authorization"))
        .respond_with(redirect(302, &target))
        .expect(1)
        .mount(&a)
        .await;
    Mock::given(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&b)
        .await;
    Mock::given(header_exists("cookie"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&b)
        .await;
    Mock::given(path("/landing"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&b)
        .await;
    let headers = BTreeMap::from([
        ("Authorization".to_owned(), "Bearer secret".to_owned()),
        ("Cookie".to_owned(), "session=1".to_owned()),
    ]);
    cfg.hosts.insert(
        "a.test".into(),
        HostConfig {
            headers,
            ..HostConfig::default()
        },
    );
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher
        .fetch(&format!("{}/start", base("a.test", &a)))
        .await;
    assert_eq!(f.outcome, FetchOutcome::Ok);
    assert_eq!(f.final_url, target);
}

#[tokio::test]
async fn remap_rules_rewrite_before_fetching() {
    let server = server_on("127.0.0.6").await;
    Mock::given(path("/mirror/report.html"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let mut cfg = config();
    cfg.remap.push(RemapRule {
        pattern: r"^https://moved\.example/(.*)$".into(),
        replace: format!("{}/mirror/${{1}}", server.uri()),
    });
    let fetcher = Fetcher::new(cfg).unwrap();
    let url = "https://moved.example/report.html";
    let f = fetcher.fetch(url).await;
    assert_eq!(f.outcome, FetchOutcome::Ok);
    assert_eq!(f.url, url);
    assert_eq!(
        f.remapped,
        Some(format!("{}/mirror/report.html", server.uri()))
    );
}

#[tokio::test]
async fn bad_configuration_is_an_error_not_an_outcome() {
    let mut cfg = config();
    cfg.remap.push(RemapRule {
        pattern: "(unclosed".into(),
        replace: String::new(),
    });
    assert!(Fetcher::new(cfg).is_err());
    let mut cfg = config();
    cfg.hosts.insert(
        "x.test".into(),
        HostConfig {
            headers: BTreeMap::from([("bad header".to_owned(), "v".to_owned())]),
            ..HostConfig::default()
        },
    );
    let err = Fetcher::new(cfg).err().unwrap();
    assert_eq!(
        err.to_string(),
        "invalid header 'bad header' for host 'x.test'"
    );
}
