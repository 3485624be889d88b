//! The fetch stage against servers started by each test on loopback (127.0.0.1-9).
//!
//! Nothing here touches the internet: host names such as `a.test` are mapped to loopback
//! addresses with `FetchConfig::resolve`, and timings are taken on the server side, in
//! the responders, so they measure what a site operator would see.

mod bodies;
mod cache;
mod politeness;
mod redirects;
mod retries;
mod safety;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use citecheck::fetch::FetchConfig;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// A config for tests: no proxy from the environment, no default interval, short waits.
pub fn config() -> FetchConfig {
    FetchConfig {
        host_request_interval: Duration::ZERO,
        proxy_from_env: false,
        retry_base_delay: Duration::from_millis(50),
        max_retry_wait: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
        canaries: vec![crate::support::live_canary()],
        ..FetchConfig::default()
    }
}

/// Maps host `name` to the loopback address `ip` in `cfg`.
pub fn resolve(cfg: &mut FetchConfig, name: &str, ip: &str) {
    let ip: IpAddr = ip.parse().expect("an IP address");
    cfg.resolve.insert(name.to_owned(), vec![ip]);
}

/// A mock server listening on `ip` (one of 127.0.0.1-9), on a free port.
pub async fn server_on(ip: &str) -> MockServer {
    let listener = std::net::TcpListener::bind((ip, 0)).expect("a free loopback port");
    MockServer::builder().listener(listener).start().await
}

/// `http://NAME:PORT` for a server, to be used with a `resolve` entry for NAME.
pub fn base(name: &str, server: &MockServer) -> String {
    format!("http://{name}:{}", server.address().port())
}

/// A fixture page's bytes.
pub fn page(name: &str) -> Vec<u8> {
    std::fs::read(crate::support::fixture(&format!("pages/{name}"))).expect("the fixture exists")
}

/// A responder that records when each request arrived and answers from a script: the
/// n-th request gets the n-th template, the last one repeats.
#[derive(Clone)]
pub struct Scripted {
    times: Arc<Mutex<Vec<Instant>>>,
    calls: Arc<AtomicUsize>,
    script: Vec<ResponseTemplate>,
}

impl Scripted {
    /// Always the same answer.
    pub fn always(template: ResponseTemplate) -> Scripted {
        Scripted::new(vec![template])
    }

    /// The answers in order.
    pub fn new(script: Vec<ResponseTemplate>) -> Scripted {
        Scripted {
            times: Arc::default(),
            calls: Arc::default(),
            script,
        }
    }

    /// Arrival times so far, in order.
    pub fn times(&self) -> Vec<Instant> {
        let mut t = self.times.lock().expect("not poisoned").clone();
        t.sort();
        t
    }
}

impl Respond for Scripted {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.times
            .lock()
            .expect("not poisoned")
            .push(Instant::now());
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        self.script[n.min(self.script.len() - 1)].clone()
    }
}

/// An address on `ip` where nothing listens: connecting is refused.
pub fn closed_port(ip: &str) -> SocketAddr {
    let listener = std::net::TcpListener::bind((ip, 0)).expect("a free loopback port");
    let addr = listener.local_addr().expect("a bound address");
    drop(listener);
    addr
}

/// A raw TCP server on 127.0.0.1 whose every connection is handled by `handle`.
pub async fn raw_server<F, Fut>(handle: F) -> SocketAddr
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free loopback port");
    let addr = listener.local_addr().expect("a bound address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(handle(stream));
        }
    });
    addr
}

/// Reads an HTTP request head from `stream` (enough to answer it).
pub async fn read_head(stream: &mut tokio::net::TcpStream) {
    use tokio::io::AsyncReadExt;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}
