//! What goes wrong with the history file: its own module, since both the store and the
//! schema migration report it.

use std::path::PathBuf;

/// What goes wrong with the history file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or created.
    #[error("cannot open the history at {path}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// Another run held the file for longer than [`super::BUSY_TIMEOUT`].
    #[error("the history at {0} is locked by another citecheck run")]
    Locked(PathBuf),
    /// A newer citecheck wrote this file.
    #[error("the history at {path} has schema version {found}; this citecheck reads up to {known}: upgrade citecheck or use another history_file")]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// Any other database failure.
    #[error("the history database failed")]
    Database(#[source] rusqlite::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Database(e)
    }
}
