//! Recognising a document's format from its bytes, the name only breaking ties.
//!
//! Files travel without their extension (a download named `paper`, a PDF saved as
//! `.txt`, stdin), so the bytes decide first: `%PDF-`, a zip holding
//! `word/document.xml` or an OpenDocument text `mimetype`, an HTML start. Formats we
//! do not read are named, so the user hears "a legacy Word .doc file", not "binary".

use std::io::{Cursor, Read};
use std::path::Path;

use super::Format;

/// What the bytes say a document is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// A binary format we read.
    Binary(Format),
    /// Text: the format is chosen from the decoded text (and the name).
    Text,
    /// A zip whose directory cannot be read: a damaged DOCX or ODT, perhaps.
    DamagedZip,
    /// A format we do not read, described for the user.
    Unsupported(String),
}

/// How far into a file the PDF header may sit (the specification allows junk before
/// it, and some producers write a few bytes).
const PDF_HEADER_WINDOW: usize = 1024;

/// Recognises `bytes`; `path` only settles text formats later.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
    if memchr::memmem::find(head, b"%PDF-").is_some() {
        return Sniffed::Binary(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return zip_kind(bytes);
    }
    if let Some(what) = other_binary(bytes) {
        return Sniffed::Unsupported(what.to_string());
    }
    Sniffed::Text
}

/// A zip is DOCX when it holds `word/document.xml`, ODT when its `mimetype` says so.
fn zip_kind(bytes: &[u8]) -> Sniffed {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Sniffed::DamagedZip;
    };
    if zip.index_for_name("word/document.xml").is_some() {
        return Sniffed::Binary(Format::Docx);
    }
    let mut mimetype = String::new();
    if let Ok(file) = zip.by_name("mimetype") {
        // A mimetype longer than this is not one of ours.
        let _ = file.take(128).read_to_string(&mut mimetype);
    }
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" => Sniffed::Binary(Format::Odt),
        "application/epub+zip" => Sniffed::Unsupported("an EPUB book".to_string()),
        m if m.starts_with("application/vnd.oasis.opendocument.") => {
            Sniffed::Unsupported(format!("an OpenDocument file of another kind ({m})"))
        }
        _ if zip.index_for_name("xl/workbook.xml").is_some() => {
            Sniffed::Unsupported("an Excel workbook".to_string())
        }
        _ if zip.index_for_name("ppt/presentation.xml").is_some() => {
            Sniffed::Unsupported("a PowerPoint presentation".to_string())
        }
        _ => Sniffed::Unsupported("a zip archive".to_string()),
    }
}

/// Names the common binary formats that are not documents we read.
fn other_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "a legacy Word .doc file (save it as .docx)",
        ),
        (b"{\\rtf", "an RTF file (save it as .docx)"),
        (b"\x89PNG", "a PNG image (run OCR on it first)"),
        (b"\xFF\xD8\xFF", "a JPEG image (run OCR on it first)"),
        (b"GIF8", "a GIF image"),
        (b"II*\0", "a TIFF image (run OCR on it first)"),
        (b"MM\0*", "a TIFF image (run OCR on it first)"),
        (b"\x1F\x8B", "a gzip archive (unpack it first)"),
        (b"\x7FELF", "a program, not a document"),
        (b"AT&TFORM", "a DjVu document"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, what)| what)
}

/// True when decoded text is an HTML document: its name says so, or it opens (after
/// white space, a byte order mark and comments) with a doctype or `<html`.
pub fn is_html(path: Option<&Path>, text: &str) -> bool {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) {
        return true;
    }
    let mut rest = text.trim_start_matches('\u{FEFF}').trim_start();
    if rest.starts_with("<?xml") {
        rest = rest.split_once("?>").map_or("", |(_, r)| r).trim_start();
    }
    while let Some(after) = rest.strip_prefix("<!--") {
        rest = after.split_once("-->").map_or("", |(_, r)| r).trim_start();
    }
    let head = rest.get(..15).unwrap_or(rest).to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_decide() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Sniffed::Binary(Format::Pdf));
        assert_eq!(sniff(b"\r\n%PDF-1.4"), Sniffed::Binary(Format::Pdf));
        assert_eq!(sniff(b"hello https://a.org"), Sniffed::Text);
        assert!(
            matches!(sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), Sniffed::Unsupported(w) if w.contains(".doc"))
        );
        assert_eq!(sniff(b"PK\x03\x04garbage"), Sniffed::DamagedZip);
    }

    #[test]
    fn html_by_start_or_name() {
        assert!(is_html(None, "\u{FEFF}  <!DOCTYPE html><p>x"));
        assert!(is_html(
            None,
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
        ));
        assert!(is_html(None, "<!-- saved --><HTML>"));
        assert!(is_html(Some(Path::new("a.HTM")), "plain"));
        assert!(!is_html(None, "Text about <html> tags"));
    }
}
