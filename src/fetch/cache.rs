//! The on-disk cache of what fetches learned, so a re-run (or `--offline`) does not ask
//! every server again.
//!
//! One file per URL, named by a SHA-256 of the request (never by URL text, which could
//! hold `../` or names the file system rejects). Each file is written to a temporary name
//! and renamed into place, so a run killed mid-write leaves either the old entry or a
//! stray temporary file, never a half entry; a file that still fails to parse (a crash
//! between write and flush) is treated as a miss.
//!
//! Only answers worth remembering are cached: a response whose status settles the question
//! (2xx, 404/410, other 4xx, too large, redirect loops). Timeouts, 5xx, blocks and network
//! failures are transient and are asked again on the next run. A failure is never kept as
//! long as a success: pages come back (a site restored, a deploy fixed), and a cached 404
//! would go on calling them dead.
//!
//! File layout: a magic line, one line of JSON (the [`Fetched`] record without its body
//! text), then the raw body bytes; the text is decoded again on load.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::body::{self, RawBody};
use crate::types::{FetchOutcome, Fetched};

const MAGIC: &[u8] = b"citecheck-cache v1\n";

/// A cache folder.
pub(crate) struct Cache {
    dir: PathBuf,
}

/// The JSON line of an entry.
#[derive(Serialize, Deserialize)]
struct Meta {
    /// When the fetch happened, in seconds since the Unix epoch.
    stored_at: u64,
    /// How many body bytes follow the JSON line (absent when there is no body).
    body_len: Option<usize>,
    fetched: Fetched,
}

impl Cache {
    /// A cache in `dir`, created on first write.
    pub fn new(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    /// The entry for `url`, if present, readable, and fresh enough for `freshness`.
    pub async fn get(&self, url: &str, freshness: Freshness) -> Option<Fetched> {
        let data = tokio::fs::read(self.path(url)).await.ok()?;
        let (meta, bytes) = parse(&data)?;
        let age = now_secs().saturating_sub(meta.stored_at);
        if !freshness.serves(&meta.fetched, age) {
            return None;
        }
        let mut fetched = meta.fetched;
        fetched.cache_age_s = Some(age);
        if let (Some(body), Some(len)) = (fetched.body.as_mut(), meta.body_len) {
            let raw = RawBody {
                bytes: bytes.get(..len)?.to_vec(),
                truncated: body.truncated,
            };
            let host = reqwest::Url::parse(&fetched.final_url).ok();
            let host = host.as_ref().and_then(|u| u.host_str()).unwrap_or_default();
            *body = body::finish(raw, fetched.content_type.as_deref(), host);
        }
        Some(fetched)
    }

    /// Stores `fetched` under `url` when its answer is worth keeping. Failures to write are
    /// ignored: the cache is an optimisation, and the run's results do not depend on it.
    pub async fn put(&self, url: &str, fetched: &Fetched) {
        if !worth_caching(fetched) {
            return;
        }
        let _ = self.write(url, fetched).await;
    }

    async fn write(&self, url: &str, fetched: &Fetched) -> std::io::Result<()> {
        let mut record = fetched.clone();
        record.cache_age_s = None;
        let bytes = record.body.as_mut().map(|b| {
            b.text = None;
            std::mem::take(&mut b.bytes)
        });
        let meta = Meta {
            stored_at: now_secs(),
            body_len: bytes.as_ref().map(Vec::len),
            fetched: record,
        };
        let mut data = MAGIC.to_vec();
        serde_json::to_writer(&mut data, &meta)?;
        data.push(b'\n');
        data.extend_from_slice(bytes.as_deref().unwrap_or_default());
        tokio::fs::create_dir_all(&self.dir).await?;
        let path = self.path(url);
        let tmp = temp_name(&path);
        tokio::fs::write(&tmp, &data).await?;
        if let Err(e) = tokio::fs::rename(&tmp, &path).await {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(e);
        }
        Ok(())
    }

    /// The entry's file: a hash of the request, never URL text.
    pub fn path(&self, url: &str) -> PathBuf {
        let digest = Sha256::digest(format!("GET {url}").as_bytes());
        let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{name}.entry"))
    }
}

/// Which cached entries may be served.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Freshness {
    /// The oldest success served; `None` serves any age (offline).
    pub max_age: Option<Duration>,
    /// The oldest failure served (capped by `max_age`).
    pub failure_max_age: Option<Duration>,
    /// Serve no failure at all.
    pub recheck_failures: bool,
}

impl Freshness {
    /// True when an entry holding `f`, stored `age` seconds ago, may be served.
    fn serves(&self, f: &Fetched, age: u64) -> bool {
        let failed = f.outcome != FetchOutcome::Ok;
        if failed && self.recheck_failures {
            return false;
        }
        let limit = match (failed, self.max_age, self.failure_max_age) {
            (true, Some(all), Some(failures)) => Some(all.min(failures)),
            (true, None, failures) => failures,
            (_, all, _) => all,
        };
        limit.is_none_or(|l| age <= l.as_secs())
    }
}

fn worth_caching(f: &Fetched) -> bool {
    matches!(
        f.outcome,
        FetchOutcome::Ok
            | FetchOutcome::NotFound
            | FetchOutcome::ClientError
            | FetchOutcome::TooLarge
            | FetchOutcome::TooManyRedirects
    )
}

/// Splits an entry into its metadata and body bytes; `None` for anything malformed.
fn parse(data: &[u8]) -> Option<(Meta, &[u8])> {
    let rest = data.strip_prefix(MAGIC)?;
    let newline = memchr::memchr(b'\n', rest)?;
    let meta: Meta = serde_json::from_slice(&rest[..newline]).ok()?;
    let bytes = &rest[newline + 1..];
    if meta.body_len.unwrap_or(0) != bytes.len() {
        return None;
    }
    Some((meta, bytes))
}

/// A temporary name beside `path`, unique to this process and write.
fn temp_name(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(
        ".{}.{:016x}.tmp",
        std::process::id(),
        fastrand::u64(..)
    ));
    PathBuf::from(name)
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Body;

    fn page(text: &str) -> Fetched {
        let mut f = Fetched::new("https://example.org/a");
        f.outcome = FetchOutcome::Ok;
        f.status = Some(200);
        f.content_type = Some("text/html; charset=utf-8".into());
        f.body = Some(Body {
            text: Some(text.into()),
            bytes: text.as_bytes().to_vec(),
            charset: Some("UTF-8".into()),
            charset_source: None,
            truncated: false,
        });
        f
    }

    #[tokio::test]
    async fn round_trip_and_max_age() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"));
        let url = "https://example.org/a";
        cache.put(url, &page("<title>Hi</title>")).await;
        let fresh = Freshness {
            max_age: Some(Duration::from_secs(60)),
            failure_max_age: Some(Duration::from_secs(60)),
            recheck_failures: false,
        };
        let got = cache.get(url, fresh).await.unwrap();
        assert_eq!(got.cache_age_s.map(|a| a <= 60), Some(true));
        let body = got.body.unwrap();
        assert_eq!(body.text.as_deref(), Some("<title>Hi</title>"));
        assert_eq!(body.bytes, b"<title>Hi</title>");
        assert_eq!(got.status, Some(200));
        assert!(cache.get("https://example.org/b", ANY).await.is_none());
    }

    const ANY: Freshness = Freshness {
        max_age: None,
        failure_max_age: None,
        recheck_failures: false,
    };

    #[test]
    fn failures_are_kept_for_less_time_than_successes() {
        let hour = Some(Duration::from_secs(3600));
        let day = Some(Duration::from_secs(86_400));
        let online = Freshness {
            max_age: day,
            failure_max_age: hour,
            recheck_failures: false,
        };
        let ok = page("x");
        let mut gone = Fetched::new("https://example.org/a");
        gone.outcome = FetchOutcome::NotFound;
        gone.status = Some(404);
        assert!(online.serves(&ok, 7200));
        assert!(online.serves(&gone, 1800));
        assert!(
            !online.serves(&gone, 7200),
            "a 404 two hours old is asked again"
        );
        assert!(!online.serves(&ok, 90_000));
        // A failure age longer than the success age is capped by it.
        let odd = Freshness {
            max_age: hour,
            failure_max_age: day,
            recheck_failures: false,
        };
        assert!(!odd.serves(&gone, 7200));
        let recheck = Freshness {
            recheck_failures: true,
            ..online
        };
        assert!(!recheck.serves(&gone, 0));
        assert!(recheck.serves(&ok, 0));
        // Offline, any success is served; failures keep their own limit.
        let offline = Freshness {
            max_age: None,
            ..online
        };
        assert!(offline.serves(&ok, 10_000_000));
        assert!(!offline.serves(&gone, 7200));
    }

    #[tokio::test]
    async fn transient_failures_are_not_cached() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let mut f = Fetched::new("https://example.org/t");
        f.outcome = FetchOutcome::Timeout;
        cache.put(&f.url.clone(), &f).await;
        assert!(cache.get("https://example.org/t", ANY).await.is_none());
    }

    #[tokio::test]
    async fn torn_or_foreign_files_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let url = "https://example.org/a";
        cache.put(url, &page("<title>Hi</title>")).await;
        let path = cache.path(url);
        let full = std::fs::read(&path).unwrap();
        for cut in [0, 5, MAGIC.len() + 10, full.len() - 3] {
            std::fs::write(&path, &full[..cut]).unwrap();
            assert!(cache.get(url, ANY).await.is_none(), "cut at {cut}");
        }
    }

    #[test]
    fn file_names_are_hashes() {
        let cache = Cache::new(PathBuf::from("c"));
        let p = cache.path("https://x.org/../../etc/passwd");
        let name = p.file_name().unwrap().to_str().unwrap();
        assert_eq!(name.len(), 64 + ".entry".len());
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'));
    }
}
