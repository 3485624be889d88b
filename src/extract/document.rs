//! Reading a document: bytes, then format, then notes, with the problems a user should
//! hear about.

use std::path::Path;

use super::sniff::{sniff, Sniffed};
use super::{docx, pdf, Citation, Citations, Format, Note};
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

/// Extracts the citations of one document from its bytes, all at once (see
/// [`read_document`] to take them one by one).
pub fn extract_bytes(name: &str, bytes: &[u8], forced: Option<Format>) -> Result<Extracted, Error> {
    let mut read = read_document(name, bytes.to_vec(), forced)?;
    let citations = read.citations(name).collect();
    Ok(Extracted {
        format: read.format,
        citations,
        warnings: read.warnings,
    })
}

/// A document read and recognised, before its citations are made.
#[derive(Debug)]
pub struct Read {
    /// The format it was read as.
    pub format: Format,
    /// Problems worth a warning that did not stop the reading.
    pub warnings: Vec<String>,
    content: Content,
}

/// What a reader left for the citation parser: the text of a text document, or the
/// notes that a PDF, DOCX or ODT reader found.
#[derive(Debug)]
enum Content {
    /// The text, with its pages when the format's detection found them.
    Text(String, Option<super::pdftext::Paged>),
    Notes(Vec<Note>),
}

impl Read {
    /// The document's citations, made note by note as they are taken, so that a large
    /// document is never held as citations too. `name` is the document's name in them.
    pub fn citations<'a>(&'a mut self, name: &'a str) -> Citations<'a> {
        match &mut self.content {
            Content::Text(text, paged) => {
                super::citations_paged(name, text, self.format, paged.take())
            }
            Content::Notes(notes) => Citations::of_notes(name, std::mem::take(notes)),
        }
    }
}

/// Reads one document from its bytes. The format is `forced`, or else recognised from
/// the bytes (then the name, for text). `name` is the path as the user gave it (`-` for
/// stdin).
pub fn read_document(name: &str, bytes: Vec<u8>, forced: Option<Format>) -> Result<Read, Error> {
    let path = Path::new(name);
    let unreadable = |problem: String| Error::Unreadable {
        path: path.to_path_buf(),
        problem,
    };
    let read = match binary_format(path, &bytes, forced)? {
        Some(Format::Pdf) => {
            let read = pdf::read(&bytes).map_err(|e| unreadable(e.to_string()))?;
            Read {
                format: Format::Pdf,
                warnings: read.warnings,
                content: Content::Notes(read.notes),
            }
        }
        Some(f) => {
            let notes = docx::notes(&bytes, f).map_err(|e| unreadable(e.to_string()))?;
            Read {
                format: f,
                warnings: Vec::new(),
                content: Content::Notes(notes),
            }
        }
        None => {
            let doc = decode_owned(name, bytes).ok_or_else(|| Error::Unsupported {
                path: path.to_path_buf(),
                what: "binary data".to_string(),
            })?;
            let (format, paged) = match forced {
                Some(f) => (f, None),
                None => Format::detect_paged(Some(path), &doc.text),
            };
            Read {
                format,
                warnings: doc.warnings,
                content: Content::Text(doc.text, paged),
            }
        }
    };
    Ok(read)
}

/// The binary format of `bytes` (`forced`, or recognised), `None` for text, or the
/// error for bytes we do not read.
fn binary_format(
    path: &Path,
    bytes: &[u8],
    forced: Option<Format>,
) -> Result<Option<Format>, Error> {
    Ok(match forced {
        Some(f @ (Format::Pdf | Format::Docx | Format::Odt)) => Some(f),
        Some(_) => None,
        None => match sniff(bytes) {
            Sniffed::Binary(f) => Some(f),
            Sniffed::Text => None,
            // The name says what it was meant to be; its reader says what is wrong.
            Sniffed::DamagedZip => match extension(path).as_deref() {
                Some("docx") => Some(Format::Docx),
                Some("odt") => Some(Format::Odt),
                _ => {
                    return Err(Error::Unsupported {
                        path: path.to_path_buf(),
                        what: "a damaged zip archive".to_string(),
                    })
                }
            },
            Sniffed::Unsupported(what) => {
                return Err(Error::Unsupported {
                    path: path.to_path_buf(),
                    what,
                })
            }
        },
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

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
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
    decode_owned(&path.display().to_string(), bytes).ok_or_else(|| Error::Unsupported {
        path: path.to_path_buf(),
        what: "binary data".to_string(),
    })
}

/// Like [`decode`], but plain UTF-8, the common case, becomes the text without a copy.
fn decode_owned(path: &str, bytes: Vec<u8>) -> Option<Document> {
    let plain = !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
        && !bytes.starts_with(b"\xEF\xBB\xBF")
        && memchr::memchr(0, &bytes).is_none();
    if !plain {
        return decode(path, &bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(Document {
            path: path.to_string(),
            text,
            warnings: Vec::new(),
        }),
        Err(e) => decode(path, e.as_bytes()),
    }
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
