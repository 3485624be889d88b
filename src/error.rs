//! Tool failures: what stops citecheck from doing its job (as opposed to verdicts about
//! citations, which are data).

use std::path::PathBuf;

/// A failure of the tool itself; the binary exits with code 2.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A document or config file could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A directory was given where a document was expected.
    #[error("{} is a directory; give the documents inside it, or a glob such as '{}/*.txt'", path.display(), path.display())]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The file holds binary data, not text.
    #[error("{} is not a text document (it contains NUL bytes); extract its text first, e.g. with pdftotext", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The configuration is invalid.
    #[error("{0}")]
    Config(String),
    /// A corpus glob is malformed or matches nothing.
    #[error("{0}")]
    Corpus(String),
}
