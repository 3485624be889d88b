//! Reading a document from disk into text, with the problems a user should hear about.

use std::path::Path;

use crate::error::Error;

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

/// Reads a document: UTF-8 (with or without BOM), UTF-16 with BOM, or anything else
/// decoded lossily with a warning. A directory or binary data is an error.
pub fn read(path: &Path) -> Result<Document, Error> {
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let shown = path.display().to_string();
    // Plain UTF-8, the common case, becomes the text without a copy.
    let plain = !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
        && !bytes.starts_with(b"\xEF\xBB\xBF")
        && memchr::memchr(0, &bytes).is_none();
    let bytes = if plain {
        match String::from_utf8(bytes) {
            Ok(text) => {
                return Ok(Document {
                    path: shown,
                    text,
                    warnings: Vec::new(),
                })
            }
            Err(e) => e.into_bytes(),
        }
    } else {
        bytes
    };
    decode(&shown, &bytes).ok_or_else(|| Error::Binary {
        path: path.to_path_buf(),
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
                warnings.push(format!(
                    "{path}: not valid UTF-8 (first bad byte at offset {}); decoded lossily, bad bytes shown as U+FFFD",
                    e.valid_up_to()
                ));
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
    };
    Some(Document {
        path: path.to_string(),
        text,
        warnings,
    })
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
        let bad = decode("a", b"caf\xE9 https://x.org").unwrap();
        assert_eq!(bad.text, "caf\u{FFFD} https://x.org");
        assert_eq!(bad.warnings.len(), 1);
        assert!(decode("a", b"\x7fELF\0\0\x01").is_none());
        assert_eq!(decode("a", b"").unwrap().text, "");
    }
}
