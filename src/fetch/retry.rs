//! When to try again, and how long to wait first.
//!
//! Only answers that may say "not now" are retried: 429, 500, 502, 503, 504, resets and
//! timeouts (a 500 is often a passing overload behind a proxy; one more try is cheap).
//! A 404 or any other 4xx is an answer, and asking again would only add load. Waits grow
//! exponentially with jitter, so many citations on one struggling host do not retry in
//! lockstep; a server's `Retry-After` wins over our own backoff but is capped, because a
//! document-controlled server must not be able to park the run for a day.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// True for the statuses worth asking again.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for, capped at `cap`; `None` when absent or
/// unreadable. A date in the past means "now".
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime, cap: Duration) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = match value.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => {
            let when = httpdate::parse_http_date(value).ok()?;
            when.duration_since(now).unwrap_or(Duration::ZERO)
        }
    };
    Some(wait.min(cap))
}

/// The backoff before retry number `retry` (1-based): `base * 2^(retry-1)`, scaled by a
/// random factor in [0.5, 1.0), capped at `cap`.
pub(crate) fn backoff(retry: u32, base: Duration, cap: Duration) -> Duration {
    let exp = base.saturating_mul(1u32 << retry.saturating_sub(1).min(16));
    let jittered = exp.mul_f64(0.5 + fastrand::f64() * 0.5);
    jittered.min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn with_retry_after(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(v).unwrap());
        h
    }

    const CAP: Duration = Duration::from_secs(60);

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        let cases = [
            ("1", Some(Duration::from_secs(1))),
            (" 5 ", Some(Duration::from_secs(5))),
            ("86400", Some(CAP)),
            (later.as_str(), Some(Duration::from_secs(30))),
            (earlier.as_str(), Some(Duration::ZERO)),
            ("soon", None),
            ("-3", None),
        ];
        for (value, want) in cases {
            assert_eq!(
                retry_after(&with_retry_after(value), now, CAP),
                want,
                "{value}"
            );
        }
        assert_eq!(retry_after(&HeaderMap::new(), now, CAP), None);
    }

    #[test]
    fn backoff_grows_with_jitter_and_stays_capped() {
        let base = Duration::from_millis(100);
        for retry in 1..=4 {
            let full = base * (1 << (retry - 1));
            let got = backoff(retry, base, CAP);
            assert!(got >= full / 2 && got <= full, "{retry}: {got:?}");
        }
        assert_eq!(
            backoff(40, base, Duration::from_secs(2)),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for s in [429, 500, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [200, 301, 400, 401, 403, 404, 410, 501] {
            assert!(!is_retryable_status(s));
        }
    }
}
