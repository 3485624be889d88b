//! Tool failures: what stops citecheck from doing its job (as opposed to verdicts about
//! citations, which are data).

use std::path::PathBuf;

/// The formats the extract stage reads, for messages about the others (here, not in
/// `extract`, so that the crate's error depends on no stage).
pub const FORMATS_READ: &str =
    "PDF, Word (.docx), OpenDocument text (.odt), HTML, Markdown and plain text (UTF-8 or another encoding, e.g. pdftotext output)";

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
    /// The file is in a format citecheck does not read.
    #[error("{} is {what}, which citecheck does not read; it reads {}", path.display(), FORMATS_READ)]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What the file was recognised as (`"binary data"`, `"a legacy Word .doc file"`).
        what: String,
    },
    /// A document in a format we read could not be read: corrupt, encrypted, scanned.
    #[error("{}: {problem}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do about it.
        problem: String,
    },
    /// The configuration is invalid.
    #[error("{0}")]
    Config(String),
    /// A corpus glob is malformed or matches nothing.
    #[error("{0}")]
    Corpus(String),
}
