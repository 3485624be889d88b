//! The on-disk cache: served on the next run, the only source offline, and readable after
//! a run that was killed mid-write.

use citecheck::fetch::{FetchOutcome, Fetcher};
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

use super::{config, page, server_on};

#[tokio::test]
async fn a_second_run_and_an_offline_run_use_the_cache() {
    let server = server_on("127.0.0.7").await;
    Mock::given(path("/ok"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page("ok.html"), "text/html"))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config();
    cfg.cache_dir = Some(dir.path().join("cache"));
    let url = format!("{}/ok", server.uri());

    let first = Fetcher::new(cfg.clone()).unwrap().fetch(&url).await;
    assert!(!first.from_cache);
    let second = Fetcher::new(cfg.clone()).unwrap().fetch(&url).await;
    assert!(second.from_cache);
    assert_eq!(second.status, Some(200));
    assert_eq!(
        second.body.as_ref().unwrap().text,
        first.body.as_ref().unwrap().text
    );

    cfg.offline = true;
    let offline = Fetcher::new(cfg).unwrap();
    assert_eq!(offline.fetch(&url).await.outcome, FetchOutcome::Ok);
    let miss = offline
        .fetch(&format!("{}/never-fetched", server.uri()))
        .await;
    assert_eq!((miss.outcome, miss.attempts), (FetchOutcome::NotChecked, 0));
}

#[tokio::test]
async fn a_killed_run_leaves_a_readable_cache() {
    let server = server_on("127.0.0.7").await;
    Mock::given(path("/page"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page("ok.html"), "text/html"))
        .expect(2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cache");
    let mut cfg = config();
    cfg.cache_dir = Some(cache_dir.clone());
    let url = format!("{}/page", server.uri());
    Fetcher::new(cfg.clone()).unwrap().fetch(&url).await;

    // What a kill can leave: a stray temporary file, and an entry cut short.
    let entries: Vec<_> = std::fs::read_dir(&cache_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        entries.len(),
        1,
        "no temporary file left behind: {entries:?}"
    );
    let entry = &entries[0];
    std::fs::write(
        cache_dir.join("stray.entry.123.tmp"),
        b"citecheck-cache v1\n{\"sto",
    )
    .unwrap();
    let full = std::fs::read(entry).unwrap();
    std::fs::write(entry, &full[..full.len() / 2]).unwrap();

    let again = Fetcher::new(cfg).unwrap().fetch(&url).await;
    assert_eq!(again.outcome, FetchOutcome::Ok);
    assert!(!again.from_cache, "a torn entry is a miss, fetched again");
    // The refetch rewrote the entry whole: the next run is served from it.
    cfg_again_reads(&url, &cache_dir).await;
}

async fn cfg_again_reads(url: &str, cache_dir: &std::path::Path) {
    let mut cfg = config();
    cfg.cache_dir = Some(cache_dir.to_path_buf());
    cfg.offline = true;
    let f = Fetcher::new(cfg).expect("a valid config").fetch(url).await;
    assert!(f.from_cache);
    assert_eq!(f.outcome, FetchOutcome::Ok);
}
