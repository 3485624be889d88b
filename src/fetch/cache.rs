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
//! failures are transient and are asked again on the next run.
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

    /// The entry for `url`, if present, readable, and (with `max_age`) fresh enough.
    pub async fn get(&self, url: &str, max_age: Option<Duration>) -> Option<Fetched> {
        let data = tokio::fs::read(self.path(url)).await.ok()?;
        let (meta, bytes) = parse(&data)?;
        if let Some(max_age) = max_age {
            let age = now_secs().saturating_sub(meta.stored_at);
            if age > max_age.as_secs() {
                return None;
            }
        }
        let mut fetched = meta.fetched;
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
        let got = cache.get(url, Some(Duration::from_secs(60))).await.unwrap();
        let body = got.body.unwrap();
        assert_eq!(body.text.as_deref(), Some("<title>Hi</title>"));
        assert_eq!(body.bytes, b"<title>Hi</title>");
        assert_eq!(got.status, Some(200));
        assert!(cache.get("https://example.org/b", None).await.is_none());
    }

    #[tokio::test]
    async fn transient_failures_are_not_cached() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let mut f = Fetched::new("https://example.org/t");
        f.outcome = FetchOutcome::Timeout;
        cache.put(&f.url.clone(), &f).await;
        assert!(cache.get("https://example.org/t", None).await.is_none());
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
            assert!(cache.get(url, None).await.is_none(), "cut at {cut}");
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
