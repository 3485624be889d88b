//! Bodies: the size cap (also after decompression), the total timeout, and charsets.

use std::time::Duration;

use citecheck::fetch::{CharsetSource, FetchOutcome, Fetcher, TransportFailure};
use tokio::io::AsyncWriteExt;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{base, config, page, raw_server, read_head, resolve, server_on};

async fn serve(server: &MockServer, at: &str, response: ResponseTemplate) {
    Mock::given(path(at))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_trickling_server_is_cut_off_by_the_timeout() {
    let addr = raw_server(|mut stream| async move {
        read_head(&mut stream).await;
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..600 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if stream.write_all(b"<").await.is_err() {
                return;
            }
        }
    })
    .await;
    let mut cfg = config();
    cfg.timeout = Duration::from_secs(1);
    cfg.max_retries = 0;
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher.fetch(&format!("http://{addr}/slow")).await;
    // No clock is read: a timeout per read would never fire while a byte comes every
    // 100 ms, and after 60 s the server hangs up short of its Content-Length, which is a
    // reset, not a timeout. Only the total timeout gives this outcome.
    assert_eq!(f.outcome, FetchOutcome::Timeout);
    assert_eq!(f.failure, Some(TransportFailure::Timeout));
}

#[tokio::test]
async fn a_body_over_the_cap_is_cut_and_kept() {
    let server = server_on("127.0.0.2").await;
    let mut html = b"<html><head><title>Long</title></head><body>".to_vec();
    html.resize(1024 * 1024, b'x');
    serve(
        &server,
        "/long",
        ResponseTemplate::new(200).set_body_raw(html, "text/html"),
    )
    .await;
    let mut cfg = config();
    cfg.max_body = 64 * 1024;
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher.fetch(&format!("{}/long", server.uri())).await;
    assert_eq!(f.outcome, FetchOutcome::Ok);
    let body = f.body.unwrap();
    assert!(body.truncated);
    assert_eq!(body.bytes.len(), 64 * 1024);
    assert!(body.text.unwrap().contains("<title>Long</title>"));
}

#[tokio::test]
async fn a_compression_bomb_stops_at_the_cap_whatever_the_encoding() {
    // The same 64 MiB page (a title, then spaces), compressed three ways: gzip and
    // deflate take ~64 KiB on the wire, brotli 148 bytes.
    let server = server_on("127.0.0.2").await;
    let encodings = [
        ("gzip", "bomb.html.gz"),
        ("deflate", "bomb.html.zz"),
        ("br", "bomb.html.br"),
    ];
    for (encoding, file) in encodings {
        let bomb = ResponseTemplate::new(200)
            .set_body_raw(page(file), "text/html")
            .insert_header("Content-Encoding", encoding);
        serve(&server, &format!("/bomb-{encoding}"), bomb).await;
    }
    let mut cfg = config();
    cfg.max_body = 1024 * 1024;
    let fetcher = Fetcher::new(cfg).unwrap();
    for (encoding, _) in encodings {
        let f = fetcher
            .fetch(&format!("{}/bomb-{encoding}", server.uri()))
            .await;
        assert_eq!(f.outcome, FetchOutcome::Ok, "{encoding}: {:?}", f.detail);
        let body = f.body.unwrap();
        assert!(body.truncated, "{encoding}");
        assert_eq!(body.bytes.len(), 1024 * 1024, "{encoding}");
        assert!(
            body.text
                .unwrap()
                .starts_with("<!DOCTYPE html><html><head><title>Bomb"),
            "{encoding}"
        );
    }
}

#[tokio::test]
async fn a_binary_over_the_cap_is_too_large() {
    let server = server_on("127.0.0.3").await;
    let zip = ResponseTemplate::new(200).set_body_raw(vec![0u8; 200_000], "application/zip");
    serve(&server, "/data.zip", zip).await;
    let mut cfg = config();
    cfg.max_body = 10_000;
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher.fetch(&format!("{}/data.zip", server.uri())).await;
    assert_eq!(f.outcome, FetchOutcome::TooLarge);
    assert_eq!(f.body.unwrap().text, None);
}

#[tokio::test]
async fn gbk_declared_in_meta_decodes() {
    let server = server_on("127.0.0.4").await;
    let gbk = ResponseTemplate::new(200).set_body_raw(page("gbk-meta.html"), "text/html");
    serve(&server, "/gbk", gbk).await;
    let fetcher = Fetcher::new(config()).unwrap();
    let f = fetcher.fetch(&format!("{}/gbk", server.uri())).await;
    let body = f.body.unwrap();
    assert_eq!(body.charset.as_deref(), Some("GBK"));
    assert_eq!(body.charset_source, Some(CharsetSource::Meta));
    assert!(body
        .text
        .unwrap()
        .contains("<title>中国外交部：中美关系的现状与前景</title>"));
}

#[tokio::test]
async fn undeclared_gbk_is_detected() {
    let server = server_on("127.0.0.4").await;
    let gbk = ResponseTemplate::new(200).set_body_raw(page("gbk-nometa.html"), "text/html");
    serve(&server, "/plain", gbk).await;
    let mut cfg = config();
    resolve(&mut cfg, "news.example.cn", "127.0.0.4");
    let fetcher = Fetcher::new(cfg).unwrap();
    let f = fetcher
        .fetch(&format!("{}/plain", base("news.example.cn", &server)))
        .await;
    let body = f.body.unwrap();
    assert_eq!(body.charset_source, Some(CharsetSource::Detected));
    assert_eq!(body.charset.as_deref(), Some("GBK"));
    assert!(body.text.unwrap().contains("印度与美国的国防合作"));
}

#[tokio::test]
async fn the_http_charset_wins_over_detection() {
    let server = server_on("127.0.0.5").await;
    let sjis = ResponseTemplate::new(200)
        .set_body_raw(page("shift_jis.html"), "text/html; charset=Shift_JIS");
    serve(&server, "/jp", sjis).await;
    let fetcher = Fetcher::new(config()).unwrap();
    let f = fetcher.fetch(&format!("{}/jp", server.uri())).await;
    let body = f.body.unwrap();
    assert_eq!(body.charset_source, Some(CharsetSource::Http));
    assert!(body.text.unwrap().contains("<title>日本の防衛政策</title>"));
}

#[tokio::test]
async fn headers_that_matter_are_kept() {
    let server = server_on("127.0.0.5").await;
    let ok = ResponseTemplate::new(200)
        .set_body_raw(page("ok.html"), "text/html; charset=utf-8")
        .insert_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")
        .insert_header("Server", "nginx");
    serve(&server, "/ok", ok).await;
    let fetcher = Fetcher::new(config()).unwrap();
    let f = fetcher.fetch(&format!("{}/ok", server.uri())).await;
    assert_eq!(f.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(
        f.headers.last_modified.as_deref(),
        Some("Wed, 21 Oct 2015 07:28:00 GMT")
    );
    assert_eq!(f.headers.server.as_deref(), Some("nginx"));
    assert!(f
        .body
        .unwrap()
        .text
        .unwrap()
        .contains("A page that still exists"));
}
