//! One URL, from the first request to the last redirect: retries, redirects, outcome.
//!
//! Redirects are followed here rather than by reqwest so that each hop is recorded, each
//! target's scheme and address are checked before it is contacted, each hop waits its
//! turn at its own host, and per-host headers (which may carry credentials) are only ever
//! sent to the host they were configured for.

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, CONTENT_TYPE, LOCATION};
use reqwest::Url;
use tokio::time::Instant;

use super::body::{self, RawBody};
use super::client::{self, Classified};
use super::dns::AddressPolicy;
use super::network::Evidence;
use super::retry;
use super::Inner;
use crate::types::{FetchOutcome, Fetched, PageHeaders, Redirect, TransportFailure};

/// What one request (with its retries) came back with.
enum Exchange {
    /// A response: status, headers, and the body for non-redirects.
    Answered(Answer),
    /// No usable response.
    Failed(Classified, String),
}

struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Option<RawBody>,
}

/// Fetches `target` (already remapped) into `f`, following redirects.
pub(crate) async fn follow(inner: &Inner, target: &str, f: &mut Fetched, extra: &HeaderMap) {
    let mut url = match Url::parse(target) {
        Ok(u) => u,
        Err(e) => return end(f, FetchOutcome::InvalidUrl, Some(e.to_string())),
    };
    let mut seen = HashSet::new();
    loop {
        f.final_url = url.to_string();
        if let Some(outcome) = precheck(inner, &url) {
            return end(f, outcome, None);
        }
        seen.insert(url.clone());
        let answer = match request(inner, &url, &mut f.attempts, extra).await {
            Exchange::Answered(a) => a,
            Exchange::Failed(Classified::Excluded, detail) => {
                return end(f, FetchOutcome::Excluded, Some(detail))
            }
            Exchange::Failed(Classified::Failure(failure), detail) => {
                f.failure = Some(failure);
                return end(f, failure.outcome(), Some(detail));
            }
        };
        if !is_redirect(answer.status) {
            return finish(f, answer, &url);
        }
        f.redirects.push(Redirect {
            url: url.to_string(),
            status: answer.status,
        });
        f.status = Some(answer.status);
        let Some(next) = location(&answer.headers, &url) else {
            let detail = "redirect without a usable Location header".to_owned();
            return end(f, FetchOutcome::ServerError, Some(detail));
        };
        if f.redirects.len() > inner.config.max_redirects || seen.contains(&next) {
            f.final_url = next.to_string();
            return end(f, FetchOutcome::TooManyRedirects, None);
        }
        url = next;
    }
}

fn end(f: &mut Fetched, outcome: FetchOutcome, detail: Option<String>) {
    f.outcome = outcome;
    f.detail = detail;
}

/// The outcome that ends the fetch before contacting `url`, if any.
fn precheck(inner: &Inner, url: &Url) -> Option<FetchOutcome> {
    if !matches!(url.scheme(), "http" | "https") {
        return Some(FetchOutcome::UnsupportedScheme);
    }
    let policy = AddressPolicy {
        exclude_private: inner.config.exclude_private,
    };
    // reqwest connects to IP literals without asking the resolver, so the address policy
    // must be applied to them here.
    match url.host() {
        None => Some(FetchOutcome::InvalidUrl),
        Some(url::Host::Ipv4(ip)) if !policy.allows(ip.into()) => Some(FetchOutcome::Excluded),
        Some(url::Host::Ipv6(ip)) if !policy.allows(ip.into()) => Some(FetchOutcome::Excluded),
        Some(_) => None,
    }
}

fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The redirect target, relative to `base`. Credentials in the URL are dropped when the
/// target is on another host, so they are never sent to it.
fn location(headers: &HeaderMap, base: &Url) -> Option<Url> {
    let value = headers.get(LOCATION)?.to_str().ok()?;
    let mut next = base.join(value.trim()).ok()?;
    if next.host_str() != base.host_str() {
        // Both calls fail only for URLs that cannot have credentials; nothing to drop.
        let _ = next.set_username("");
        let _ = next.set_password(None);
    }
    Some(next)
}

/// One request with its retries; `attempts` counts every request sent.
async fn request(inner: &Inner, url: &Url, attempts: &mut u32, extra: &HeaderMap) -> Exchange {
    let host = url.host_str().unwrap_or_default().to_owned();
    let mut retries = 0;
    loop {
        *attempts += 1;
        let exchange = attempt(inner, url, &host, extra).await;
        if retries >= inner.config.max_retries {
            return exchange;
        }
        let Some(wait) = retry_wait(inner, &host, &exchange, retries + 1) else {
            return exchange;
        };
        retries += 1;
        tokio::time::sleep(wait).await;
    }
}

/// How long to wait before retrying `exchange`, or `None` when it is final.
fn retry_wait(inner: &Inner, host: &str, exchange: &Exchange, retry: u32) -> Option<Duration> {
    let cfg = &inner.config;
    let backoff = retry::backoff(retry, cfg.retry_base_delay, cfg.max_retry_wait);
    match exchange {
        Exchange::Answered(a) if retry::is_retryable_status(a.status) => {
            if a.status == 429 {
                inner.limiter.slow_down(host);
            }
            match retry::retry_after(&a.headers, SystemTime::now(), cfg.max_retry_wait) {
                // The server asked the whole host to wait: hold back every request to it,
                // this retry included, through the host's schedule.
                Some(wait) => {
                    inner.limiter.defer(host, Instant::now() + wait);
                    Some(Duration::ZERO)
                }
                None => Some(backoff),
            }
        }
        Exchange::Failed(Classified::Failure(f), _) if f.is_retryable() => Some(backoff),
        _ => None,
    }
}

/// One request: wait for the host's turn, send, read the body, all within the timeout.
async fn attempt(inner: &Inner, url: &Url, host: &str, extra: &HeaderMap) -> Exchange {
    let _permit = inner.limiter.acquire(host).await;
    let mut builder = inner.client.get(url.clone()).headers(extra.clone());
    if let Some(headers) = inner.host_headers.get(host) {
        builder = builder.headers(headers.clone());
    }
    let timeout = inner.config.timeout;
    let exchange = exchange(builder, inner.config.max_body, &inner.evidence);
    match tokio::time::timeout(timeout, exchange).await {
        Ok(x) => x,
        Err(_) => Exchange::Failed(
            Classified::Failure(TransportFailure::Timeout),
            format!("no complete answer within {} ms", timeout.as_millis()),
        ),
    }
}

async fn exchange(builder: reqwest::RequestBuilder, cap: usize, evidence: &Evidence) -> Exchange {
    let resp = match builder.send().await {
        Ok(r) => r,
        Err(e) => return failed(&e),
    };
    evidence.answered(resp.remote_addr());
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = if is_redirect(status) {
        None
    } else {
        match body::read_capped(resp, cap).await {
            Ok(raw) => Some(raw),
            Err(e) => return failed(&e),
        }
    };
    Exchange::Answered(Answer {
        status,
        headers,
        body,
    })
}

fn failed(e: &reqwest::Error) -> Exchange {
    Exchange::Failed(client::classify(e), client::describe(e))
}

/// Records the final response in `f` and classifies it.
fn finish(f: &mut Fetched, answer: Answer, url: &Url) {
    f.status = Some(answer.status);
    f.headers = page_headers(&answer.headers);
    f.content_type = header(&answer.headers, &CONTENT_TYPE);
    f.outcome = FetchOutcome::from_status(answer.status);
    if f.headers.cf_mitigated.as_deref() == Some("challenge") {
        f.outcome = FetchOutcome::Blocked;
    }
    if let Some(raw) = answer.body {
        let ct = f.content_type.as_deref();
        if raw.truncated && f.outcome == FetchOutcome::Ok && !body::head_is_useful(ct) {
            f.outcome = FetchOutcome::TooLarge;
        }
        f.body = Some(body::finish(raw, ct, url.host_str().unwrap_or_default()));
    }
}

fn page_headers(h: &HeaderMap) -> PageHeaders {
    PageHeaders {
        retry_after: header(h, &reqwest::header::RETRY_AFTER),
        last_modified: header(h, &reqwest::header::LAST_MODIFIED),
        cf_mitigated: header(h, &HeaderName::from_static("cf-mitigated")),
        server: header(h, &reqwest::header::SERVER),
        content_length: header(h, &reqwest::header::CONTENT_LENGTH).and_then(|v| v.parse().ok()),
        content_encoding: header(h, &reqwest::header::CONTENT_ENCODING),
        memento_datetime: header(h, &HeaderName::from_static("memento-datetime")),
    }
}

fn header(h: &HeaderMap, name: &HeaderName) -> Option<String> {
    h.get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}
