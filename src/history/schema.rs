//! The history's schema and its migrations, one step per version, recorded in SQLite's
//! `user_version` so that every file says which steps it has had.
//!
//! A step is only ever added, never edited: a file made by any earlier citecheck is
//! brought up to date by the steps after its version, in one transaction.

use std::path::Path;

use rusqlite::Connection;

use super::error::Error;

/// Each step takes the schema from version `i` to `i + 1`.
const STEPS: &[&str] = &[
    // 1: each URL, and each check of it.
    "CREATE TABLE urls (
         id INTEGER PRIMARY KEY,
         url TEXT NOT NULL UNIQUE,
         first_checked INTEGER NOT NULL
     );
     CREATE TABLE checks (
         url_id INTEGER NOT NULL REFERENCES urls(id) ON DELETE CASCADE,
         at INTEGER NOT NULL,
         signal TEXT NOT NULL,
         outcome TEXT NOT NULL,
         status INTEGER,
         title TEXT,
         date TEXT
     );
     CREATE INDEX checks_by_url ON checks (url_id, at);",
    // 2: pruning keeps counts of what it folded away; each run is noted.
    "ALTER TABLE urls ADD COLUMN pruned_checks INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE urls ADD COLUMN pruned_failures INTEGER NOT NULL DEFAULT 0;
     CREATE TABLE runs (
         id INTEGER PRIMARY KEY,
         at INTEGER NOT NULL,
         urls INTEGER NOT NULL,
         tool TEXT NOT NULL
     );",
];

/// The version this build writes.
pub const VERSION: i64 = STEPS.len() as i64;

/// Brings the schema of `conn` up to [`VERSION`]; refuses a file from a newer build.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), Error> {
    // Read first, without a lock: a file already up to date must open even while another
    // run writes to it.
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found == VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another run may have migrated it while this one waited for the lock.
    let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > VERSION {
        return Err(Error::Newer {
            path: path.to_path_buf(),
            found,
            known: VERSION,
        });
    }
    let from = usize::try_from(found).unwrap_or(0);
    for step in STEPS.iter().skip(from) {
        tx.execute_batch(step)?;
    }
    if found < VERSION {
        tx.pragma_update(None, "user_version", VERSION)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{History, Retention};

    #[test]
    fn a_version_1_file_is_migrated_with_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(STEPS[0]).unwrap();
            conn.execute_batch(
                "INSERT INTO urls (id, url, first_checked) VALUES (1, 'https://a.example/', 100);
                 INSERT INTO checks (url_id, at, signal, outcome) VALUES (1, 100, 'transient', 'timeout');
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let h = History::open(&path, Retention::default()).unwrap();
        let past = h.past("https://a.example/").unwrap();
        assert_eq!((past.total, past.first_checked), (1, Some(100)));
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, VERSION);
    }

    #[test]
    fn a_file_from_a_newer_citecheck_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 99;")
            .unwrap();
        let err = History::open(&path, Retention::default()).unwrap_err();
        assert!(err.to_string().contains("schema version 99"), "{err}");
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 99);
    }
}
