//! Reading a document: bytes, then format, then notes, with the problems a user should
//! hear about.

use std::path::Path;

use super::sniff::{sniff, Sniffed};
use super::{docx, notes, pdf, text_notes, Citation, Format, Note};
use crate::error::Error;

/// A document's citations, with how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The format it was read as.
    pub format: Format,
    /// Its citations, in document order.
    pub citations: Vec<Citation>,
    /// Problems worth a warning that did not stop the reading.
    pub warnings: Vec<String>,
}

/// Extracts the citations of one document from its bytes. The format is `forced`, or
/// else recognised from the bytes (then the name, for text). `name` is the path as the
/// user gave it (`-` for stdin).
pub fn extract_bytes(name: &str, bytes: &[u8], forced: Option<Format>) -> Result<Extracted, Error> {
    let path = Path::new(name);
    let unreadable = |problem: String| Error::Unreadable {
        path: path.to_path_buf(),
        problem,
    };
    let binary = match forced {
        Some(f @ (Format::Pdf | Format::Docx | Format::Odt)) => Some(f),
        Some(_) => None,
        None => match sniff(bytes) {
            Sniffed::Binary(f) => Some(f),
            Sniffed::Text => None,
            Sniffed::Unsupported(what) => {
                return Err(Error::Unsupported {
                    path: path.to_path_buf(),
                    what,
                })
            }
        },
    };
    let (format, notes, warnings) = match binary {
        Some(Format::Pdf) => {
            let read = pdf::read(bytes).map_err(|e| unreadable(e.to_string()))?;
            (Format::Pdf, read.notes, read.warnings)
        }
        Some(f) => {
            let notes = docx::notes(bytes, f).map_err(|e| unreadable(e.to_string()))?;
            (f, notes, Vec::new())
        }
        None => {
            let doc = decode(name, bytes).ok_or_else(|| Error::Unsupported {
                path: path.to_path_buf(),
                what: "binary data".to_string(),
            })?;
            let format = forced.unwrap_or_else(|| Format::detect(Some(path), &doc.text));
            let notes: Vec<Note> = text_notes(&doc.text, format);
            (format, notes, doc.warnings)
        }
    };
    Ok(Extracted {
        format,
        citations: notes::citations_owned(name, notes),
        warnings,
    })
}

/// A document's text, ready for extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The path as the user gave it (or as the corpus glob produced it).
    pub path: String,
    /// The decoded text.
    pub text: String,
    /// Problems worth a warning that did not stop the reading.
    pub warnings: Vec<String>,
}

/// Reads a document's bytes from disk; a directory is an error.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a text document: UTF-8 (with or without BOM), UTF-16 with BOM, or another
/// encoding guessed from the bytes, with a warning. Binary data is an error.
pub fn read(path: &Path) -> Result<Document, Error> {
    let bytes = read_bytes(path)?;
    let shown = path.display().to_string();
    decode(&shown, &bytes).ok_or_else(|| Error::Unsupported {
        path: path.to_path_buf(),
        what: "binary data".to_string(),
    })
}

/// Decodes bytes into a [`Document`]; `None` when they are binary, not text.
pub fn decode(path: &str, bytes: &[u8]) -> Option<Document> {
    let mut warnings = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.contains(&0) {
            return None;
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(e) => {
                let (text, encoding) = guess_and_decode(bytes);
                warnings.push(format!(
                    "{path}: not valid UTF-8 (first bad byte at offset {}); decoded as {encoding}, the likeliest encoding of its bytes",
                    e.valid_up_to()
                ));
                text
            }
        }
    };
    Some(Document {
        path: path.to_string(),
        text,
        warnings,
    })
}

/// Decodes text that is not UTF-8 in the encoding its bytes suggest (Latin-1 and
/// windows-1252, GBK, Shift_JIS...): a Latin-1 `é` must not cut a URL short.
fn guess_and_decode(bytes: &[u8]) -> (String, &'static str) {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), encoding.name())
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| read([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_warns() {
        assert_eq!(decode("a", b"\xEF\xBB\xBFhi").unwrap().text, "hi");
        assert_eq!(decode("a", b"\xFF\xFEh\0i\0").unwrap().text, "hi");
        let latin1 = decode("a", b"Caf\xE9 cr\xE8me, https://x.org/caf\xE9 et na\xEFve").unwrap();
        assert_eq!(latin1.text, "Café crème, https://x.org/café et naïve");
        assert_eq!(latin1.warnings.len(), 1);
        assert!(
            latin1.warnings[0].contains("windows-1252"),
            "{:?}",
            latin1.warnings
        );
        assert!(decode("a", b"\x7fELF\0\0\x01").is_none());
        assert_eq!(decode("a", b"").unwrap().text, "");
    }
}
