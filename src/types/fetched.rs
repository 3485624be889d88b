//! What a fetch learned, as plain data for the inspect and compare stages.
//!
//! Transport failures are outcomes, not errors: a dead link is the *answer* the tool was
//! asked for, so it travels forward as a [`FetchOutcome`] next to everything else the fetch
//! saw. Nothing here decides a verdict; that is the compare stage's job.

use serde::{Deserialize, Serialize};

use crate::text::CharsetSource;

/// Everything one URL's fetch learned, whatever happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fetched {
    /// The URL as requested (before remapping and redirects).
    pub url: String,
    /// The URL after remap rules, when a rule rewrote it.
    pub remapped: Option<String>,
    /// The last URL requested: the end of the redirect chain.
    pub final_url: String,
    /// The HTTP status of the last response, if any response came.
    pub status: Option<u16>,
    /// Each redirect followed, in order: the URL that answered and its status.
    pub redirects: Vec<Redirect>,
    /// How the fetch ended.
    pub outcome: FetchOutcome,
    /// Why the transport failed, when it did before any usable response.
    pub failure: Option<TransportFailure>,
    /// A human-readable detail of a failure (the underlying error message).
    pub detail: Option<String>,
    /// The `Content-Type` of the last response.
    pub content_type: Option<String>,
    /// The response headers later stages and reports care about.
    pub headers: PageHeaders,
    /// The body of the last response, up to the size cap; `None` for failures and redirects.
    pub body: Option<Body>,
    /// HTTP requests sent for this URL, counting retries and redirect hops.
    pub attempts: u32,
    /// Wall time from the start of this fetch to its end, waits included.
    pub elapsed_ms: u64,
    /// True when this record came from the on-disk cache rather than the network.
    pub from_cache: bool,
    /// How old the cached record was when it was served, in seconds; `None` when it
    /// came from the network.
    #[serde(default)]
    pub cache_age_s: Option<u64>,
}

impl Fetched {
    /// An empty record for `url`, before anything happened.
    pub fn new(url: &str) -> Fetched {
        Fetched {
            url: url.to_owned(),
            remapped: None,
            final_url: url.to_owned(),
            status: None,
            redirects: Vec::new(),
            outcome: FetchOutcome::NotChecked,
            failure: None,
            detail: None,
            content_type: None,
            headers: PageHeaders::default(),
            body: None,
            attempts: 0,
            elapsed_ms: 0,
            from_cache: false,
            cache_age_s: None,
        }
    }

    /// True when at least one redirect was followed (the outcome stays [`FetchOutcome::Ok`]
    /// for a redirect that ends at a live page; compare `final_url` with `url` to judge it).
    pub fn is_redirected(&self) -> bool {
        !self.redirects.is_empty()
    }
}

/// One hop of a redirect chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redirect {
    /// The URL that answered with a redirect.
    pub url: String,
    /// Its status (301, 302, 303, 307 or 308).
    pub status: u16,
}

/// The response headers that matter downstream; everything else is dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageHeaders {
    /// `Retry-After`, verbatim.
    pub retry_after: Option<String>,
    /// `Last-Modified`, verbatim: a fallback date for pages that state none.
    pub last_modified: Option<String>,
    /// `cf-mitigated` (Cloudflare sets `challenge` when it serves a bot check).
    pub cf_mitigated: Option<String>,
    /// `Server`, to explain blocks in reports.
    pub server: Option<String>,
    /// `Content-Length` as announced (the body may have been cut at the cap).
    pub content_length: Option<u64>,
    /// `Content-Encoding`, verbatim.
    pub content_encoding: Option<String>,
    /// `Memento-Datetime` (RFC 7089), verbatim: when an archive captured this copy.
    #[serde(default)]
    pub memento_datetime: Option<String>,
}

/// A response body, cut at the size cap and decoded to text when it is text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    /// The decoded text, for HTML, XML, JSON and other text; `None` for PDFs and binaries.
    pub text: Option<String>,
    /// The decompressed bytes as received, at most the configured cap.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The encoding used to decode `text` (WHATWG name, e.g. `GBK`), if decoded.
    pub charset: Option<String>,
    /// How the charset was chosen.
    pub charset_source: Option<CharsetSource>,
    /// True when the body was longer than the cap and reading stopped there.
    pub truncated: bool,
}

/// How a fetch ended. Stable kebab-case codes; new ones may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FetchOutcome {
    /// A 2xx answer (possibly after redirects; see [`Fetched::is_redirected`]).
    Ok,
    /// 404 or 410: the server says the page does not exist.
    NotFound,
    /// The host name does not exist in DNS (NXDOMAIN).
    Gone,
    /// 401, 403, 429 (after retries) or 451, or a bot challenge such as `cf-mitigated`.
    Blocked,
    /// Another 4xx status: the server refused the request for a reason of its own.
    ClientError,
    /// A 5xx status after retries, or a response no client can follow.
    ServerError,
    /// No complete answer within the timeout (connect, headers or body).
    Timeout,
    /// The connection failed: refused, reset, TLS, or a DNS failure other than NXDOMAIN.
    NetworkError,
    /// A body over the cap that is not a document whose head is useful (not text or PDF);
    /// text and PDF bodies over the cap are [`FetchOutcome::Ok`] with `truncated = true`.
    TooLarge,
    /// Not http or https, at the start or as a redirect target.
    UnsupportedScheme,
    /// Not a URL at all, or one without a host.
    InvalidUrl,
    /// Refused by the address policy (link-local, cloud metadata, or private ranges).
    Excluded,
    /// Not attempted or not conclusive: offline mode with no cache entry, or no network.
    NotChecked,
    /// More redirects than allowed, or a redirect loop.
    TooManyRedirects,
}

impl FetchOutcome {
    /// The stable kebab-case code, as serialized.
    pub fn code(self) -> &'static str {
        match self {
            FetchOutcome::Ok => "ok",
            FetchOutcome::NotFound => "not-found",
            FetchOutcome::Gone => "gone",
            FetchOutcome::Blocked => "blocked",
            FetchOutcome::ClientError => "client-error",
            FetchOutcome::ServerError => "server-error",
            FetchOutcome::Timeout => "timeout",
            FetchOutcome::NetworkError => "network-error",
            FetchOutcome::TooLarge => "too-large",
            FetchOutcome::UnsupportedScheme => "unsupported-scheme",
            FetchOutcome::InvalidUrl => "invalid-url",
            FetchOutcome::Excluded => "excluded",
            FetchOutcome::NotChecked => "not-checked",
            FetchOutcome::TooManyRedirects => "too-many-redirects",
        }
    }

    /// The outcome for a final (non-redirect, post-retry) HTTP status.
    pub fn from_status(status: u16) -> FetchOutcome {
        match status {
            200..=299 => FetchOutcome::Ok,
            404 | 410 => FetchOutcome::NotFound,
            401 | 403 | 429 | 451 => FetchOutcome::Blocked,
            400..=499 => FetchOutcome::ClientError,
            // 1xx and 3xx here mean a response we cannot follow: the server's fault.
            _ => FetchOutcome::ServerError,
        }
    }
}

/// Why the transport failed before a usable response, for reports and for telling a dead
/// host from a dead network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TransportFailure {
    /// The name does not exist (NXDOMAIN).
    DnsNotFound,
    /// The resolver failed or could not be reached.
    Dns,
    /// The TCP connection was refused, or failed for a reason other than routing.
    Connect,
    /// No route to the network or host (`ENETUNREACH`, `EHOSTUNREACH`, `ENETDOWN`).
    NoRoute,
    /// Connecting took longer than the connect timeout.
    ConnectTimeout,
    /// The whole request took longer than the total timeout.
    Timeout,
    /// The connection was reset or closed mid-exchange.
    Reset,
    /// The response could not be decoded (bad compression, bad HTTP).
    Decode,
    /// Anything else the HTTP client reported.
    Other,
}

impl TransportFailure {
    /// True when this failure happened before any server answered, the signature of a
    /// machine without network.
    pub fn is_unreachable(self) -> bool {
        matches!(
            self,
            TransportFailure::DnsNotFound
                | TransportFailure::Dns
                | TransportFailure::Connect
                | TransportFailure::NoRoute
                | TransportFailure::ConnectTimeout
        )
    }

    /// True when this failure alone says the machine has no network: the resolver or
    /// the route is missing, rather than one host being down.
    pub fn is_network_down(self) -> bool {
        matches!(self, TransportFailure::Dns | TransportFailure::NoRoute)
    }

    /// True when another attempt may succeed (resets and timeouts).
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            TransportFailure::Reset | TransportFailure::Timeout | TransportFailure::ConnectTimeout
        )
    }

    /// The outcome this failure ends in when retries are exhausted.
    pub fn outcome(self) -> FetchOutcome {
        match self {
            TransportFailure::DnsNotFound => FetchOutcome::Gone,
            TransportFailure::Timeout | TransportFailure::ConnectTimeout => FetchOutcome::Timeout,
            _ => FetchOutcome::NetworkError,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_serialized_names() {
        use FetchOutcome::*;
        let all = [
            Ok,
            NotFound,
            Gone,
            Blocked,
            ClientError,
            ServerError,
            Timeout,
            NetworkError,
            TooLarge,
            UnsupportedScheme,
            InvalidUrl,
            Excluded,
            NotChecked,
            TooManyRedirects,
        ];
        for o in all {
            assert_eq!(serde_json::to_value(o).unwrap(), o.code());
        }
    }

    #[test]
    fn json_has_codes_and_no_raw_bytes() {
        let mut f = Fetched::new("https://example.org/");
        f.outcome = FetchOutcome::TooManyRedirects;
        f.body = Some(Body {
            text: Some("hi".into()),
            bytes: b"hi".to_vec(),
            charset: Some("UTF-8".into()),
            charset_source: Some(CharsetSource::Http),
            truncated: false,
        });
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["outcome"], "too-many-redirects");
        assert_eq!(json["body"]["charset_source"], "http");
        assert!(json["body"].get("bytes").is_none());
    }

    #[test]
    fn statuses_map_to_outcomes() {
        use FetchOutcome::*;
        let cases = [
            (200, Ok),
            (204, Ok),
            (404, NotFound),
            (410, NotFound),
            (401, Blocked),
            (403, Blocked),
            (429, Blocked),
            (451, Blocked),
            (400, ClientError),
            (500, ServerError),
            (503, ServerError),
            (300, ServerError),
        ];
        for (status, want) in cases {
            assert_eq!(FetchOutcome::from_status(status), want, "{status}");
        }
    }
}
