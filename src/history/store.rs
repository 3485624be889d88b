//! The history database: one SQLite file beside the cache, written once per run in one
//! transaction.
//!
//! SQLite in WAL mode gives what a history needs without a server: a run killed in the
//! middle of its write leaves the database as it was before (the transaction is rolled
//! back when the file is next opened), and a second run at the same time reads freely and
//! waits its turn to write, up to [`BUSY_TIMEOUT`]; past that it is told the file is
//! locked, and its run goes on without recording.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

pub use super::error::Error;
use super::policy::{Check, Signal};
use super::schema;
use crate::lock;

/// How long a run waits for another run's write before it gives up on recording.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What one run saw of one URL: a row of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The URL as cited.
    pub url: String,
    /// What the check showed.
    pub signal: Signal,
    /// The fetch outcome code (`ok`, `not-found`, `timeout`...).
    pub outcome: String,
    /// The HTTP status, when a response came.
    pub status: Option<u16>,
    /// The page's title, when it answered.
    pub title: Option<String>,
    /// The page's date, when it states one.
    pub date: Option<String>,
}

/// A URL's recorded checks, oldest first, and what pruning folded away.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Past {
    /// The checks still kept.
    pub checks: Vec<Check>,
    /// Every check ever recorded, pruned ones included.
    pub total: u32,
    /// When the URL was first checked.
    pub first_checked: Option<i64>,
}

/// How long checks are kept, and how many per URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Checks older than this are folded into the URL's counts.
    pub keep: Duration,
    /// At most this many checks per URL are kept, newest first.
    pub max_checks: u32,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            keep: Duration::from_secs(365 * 86_400),
            max_checks: 50,
        }
    }
}

/// An open history file.
#[derive(Debug)]
pub struct History {
    conn: Mutex<Connection>,
    path: PathBuf,
    retention: Retention,
}

impl History {
    /// Opens (or creates) the history at `path`, bringing its schema up to date.
    pub fn open(path: &Path, retention: Retention) -> Result<History, Error> {
        let open_err = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                open_err(rusqlite::Error::InvalidPath(
                    format!("{}: {e}", dir.display()).into(),
                ))
            })?;
        }
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // WAL: readers never wait for the writer, and a killed writer leaves the file whole.
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| locked_or(e, path, open_err))?;
        if !mode.eq_ignore_ascii_case("wal") {
            conn.pragma_update(None, "journal_mode", "DELETE")
                .map_err(open_err)?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        schema::migrate(&mut conn, path).map_err(|e| match e {
            Error::Database(db) => locked_or(db, path, open_err),
            other => other,
        })?;
        Ok(History {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            retention,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The recorded checks of `url`, oldest first.
    pub fn past(&self, url: &str) -> Result<Past, Error> {
        let conn = lock(&self.conn);
        let Some((id, first, pruned)) = conn
            .query_row(
                "SELECT id, first_checked, pruned_checks FROM urls WHERE url = ?1",
                [url],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, u32>(2)?,
                    ))
                },
            )
            .optional()?
        else {
            return Ok(Past::default());
        };
        let mut stmt = conn.prepare_cached(
            "SELECT at, signal, title FROM checks WHERE url_id = ?1 ORDER BY at, rowid",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut checks = Vec::new();
        for row in rows {
            let (at, signal, title) = row?;
            // A signal this build does not know (a newer writer) is left out, not guessed.
            if let Some(signal) = Signal::parse(&signal) {
                checks.push(Check { at, signal, title });
            }
        }
        let kept = u32::try_from(checks.len()).unwrap_or(u32::MAX);
        Ok(Past {
            checks,
            total: pruned.saturating_add(kept),
            first_checked: Some(first),
        })
    }

    /// Records what a run saw at `now`, all of it or nothing, then prunes what the
    /// retention no longer keeps.
    pub fn record(&self, seen: &[Observation], now: i64) -> Result<(), Error> {
        let mut conn = lock(&self.conn);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.locked(e))?;
        tx.execute(
            "INSERT INTO runs (at, urls, tool) VALUES (?1, ?2, ?3)",
            params![
                now,
                i64::try_from(seen.len()).unwrap_or(i64::MAX),
                env!("CARGO_PKG_VERSION")
            ],
        )?;
        for o in seen {
            insert(&tx, o, now)?;
        }
        prune(&tx, now, self.retention)?;
        tx.commit().map_err(|e| self.locked(e))
    }

    fn locked(&self, e: rusqlite::Error) -> Error {
        locked_or(e, &self.path, Error::Database)
    }
}

/// [`Error::Locked`] for a busy database, else `other(e)`.
fn locked_or(
    e: rusqlite::Error,
    path: &Path,
    other: impl FnOnce(rusqlite::Error) -> Error,
) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            Error::Locked(path.to_path_buf())
        }
        _ => other(e),
    }
}

fn insert(tx: &rusqlite::Transaction<'_>, o: &Observation, now: i64) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO urls (url, first_checked) VALUES (?1, ?2) ON CONFLICT(url) DO NOTHING",
        params![o.url, now],
    )?;
    tx.execute(
        "INSERT INTO checks (url_id, at, signal, outcome, status, title, date)
         SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM urls WHERE url = ?1",
        params![
            o.url,
            now,
            o.signal.code(),
            o.outcome,
            o.status,
            o.title,
            o.date
        ],
    )?;
    Ok(())
}

/// Folds checks older than the retention, and beyond the newest `max_checks` of a URL,
/// into the URL's counts; forgets URLs with no check left.
fn prune(tx: &rusqlite::Transaction<'_>, now: i64, r: Retention) -> rusqlite::Result<()> {
    let cutoff = now.saturating_sub(i64::try_from(r.keep.as_secs()).unwrap_or(i64::MAX));
    tx.execute(
        "CREATE TEMP TABLE IF NOT EXISTS doomed (rid INTEGER PRIMARY KEY, url_id INTEGER, down INTEGER)",
        [],
    )?;
    tx.execute("DELETE FROM doomed", [])?;
    tx.execute(
        "INSERT INTO doomed (rid, url_id, down)
         SELECT rowid, url_id, signal IN ('transient', 'permanent') FROM (
             SELECT rowid, url_id, signal, at,
                    ROW_NUMBER() OVER (PARTITION BY url_id ORDER BY at DESC, rowid DESC) AS n
             FROM checks)
         WHERE at < ?1 OR n > ?2",
        params![cutoff, r.max_checks],
    )?;
    tx.execute(
        "UPDATE urls SET
             pruned_checks = pruned_checks + (SELECT COUNT(*) FROM doomed d WHERE d.url_id = urls.id),
             pruned_failures = pruned_failures + (SELECT COALESCE(SUM(down), 0) FROM doomed d WHERE d.url_id = urls.id)
         WHERE id IN (SELECT url_id FROM doomed)",
        [],
    )?;
    tx.execute(
        "DELETE FROM checks WHERE rowid IN (SELECT rid FROM doomed)",
        [],
    )?;
    tx.execute(
        "DELETE FROM urls WHERE NOT EXISTS (SELECT 1 FROM checks c WHERE c.url_id = urls.id)",
        [],
    )?;
    tx.execute("DELETE FROM runs WHERE at < ?1", [cutoff])?;
    tx.execute("DELETE FROM doomed", [])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    const T0: i64 = 1_796_000_000;

    fn seen(url: &str, signal: Signal, title: Option<&str>) -> Observation {
        Observation {
            url: url.to_owned(),
            signal,
            outcome: "ok".to_owned(),
            status: Some(200),
            title: title.map(str::to_owned),
            date: None,
        }
    }

    #[test]
    fn records_and_reads_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::open(&dir.path().join("h/history.sqlite"), Retention::default()).unwrap();
        assert_eq!(h.past("https://a.example/").unwrap(), Past::default());
        h.record(&[seen("https://a.example/", Signal::Up, Some("A"))], T0)
            .unwrap();
        h.record(
            &[
                seen("https://a.example/", Signal::Transient, None),
                seen("https://b.example/", Signal::Permanent, None),
            ],
            T0 + DAY,
        )
        .unwrap();
        let a = h.past("https://a.example/").unwrap();
        assert_eq!(a.total, 2);
        assert_eq!(a.first_checked, Some(T0));
        let signals: Vec<Signal> = a.checks.iter().map(|c| c.signal).collect();
        assert_eq!(signals, [Signal::Up, Signal::Transient]);
        assert_eq!(a.checks[0].title.as_deref(), Some("A"));
        assert_eq!(h.past("https://b.example/").unwrap().total, 1);
    }

    #[test]
    fn pruning_keeps_counts_and_forgets_urls_no_longer_checked() {
        let dir = tempfile::tempdir().unwrap();
        let r = Retention {
            keep: Duration::from_secs(30 * DAY as u64),
            max_checks: 5,
        };
        let h = History::open(&dir.path().join("history.sqlite"), r).unwrap();
        for d in 0..8 {
            let signal = if d % 2 == 0 {
                Signal::Up
            } else {
                Signal::Transient
            };
            h.record(&[seen("https://a.example/", signal, None)], T0 + d * DAY)
                .unwrap();
        }
        h.record(&[seen("https://old.example/", Signal::Up, None)], T0)
            .unwrap();
        let a = h.past("https://a.example/").unwrap();
        assert_eq!(a.checks.len(), 5, "the newest five are kept");
        assert_eq!(a.total, 8, "and the others counted");
        assert_eq!(a.checks[0].at, T0 + 3 * DAY);
        // Forty days on, only the URL checked again remains.
        h.record(
            &[seen("https://a.example/", Signal::Up, None)],
            T0 + 40 * DAY,
        )
        .unwrap();
        let a = h.past("https://a.example/").unwrap();
        assert_eq!((a.checks.len(), a.total), (1, 9));
        assert_eq!(h.past("https://old.example/").unwrap(), Past::default());
        let conn = lock(&h.conn);
        let failures: u32 = conn
            .query_row("SELECT pruned_failures FROM urls", [], |r| r.get(0))
            .unwrap();
        assert_eq!(failures, 4);
        let runs: u32 = conn
            .query_row("SELECT COUNT(*) FROM runs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(runs, 1, "runs older than the retention go too");
    }

    #[test]
    fn a_second_writer_waits_or_is_told_it_is_locked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        let h = History::open(&path, Retention::default()).unwrap();
        let mut other = Connection::open(&path).unwrap();
        other.busy_timeout(Duration::from_millis(10)).unwrap();
        let tx = other
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        // Reading while another run writes works (WAL).
        assert_eq!(h.past("https://a.example/").unwrap(), Past::default());
        lock(&h.conn)
            .busy_timeout(Duration::from_millis(50))
            .unwrap();
        let err = h
            .record(&[seen("https://a.example/", Signal::Up, None)], T0)
            .unwrap_err();
        assert!(matches!(err, Error::Locked(_)), "{err:?}");
        assert!(err.to_string().contains("locked by another citecheck run"));
        tx.commit().unwrap();
        h.record(&[seen("https://a.example/", Signal::Up, None)], T0)
            .unwrap();
    }
}
