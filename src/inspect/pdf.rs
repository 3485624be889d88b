//! PDFs: the Info dictionary, XMP metadata, and the text of the first page.
//!
//! Cited reports often carry no Info title, or a useless one (`Microsoft Word -
//! draft3.docx`), and state their title only on the cover, so the first page's text is
//! kept as the lead for the compare stage. A PDF cut at the size cap has no cross-reference
//! table and will not load; its metadata is then read from the bytes directly, since Info
//! and XMP are usually uncompressed near the start. Corrupt and encrypted files give an
//! empty result, never a panic: `lopdf` runs inside `catch_unwind` because a parser of
//! hostile binary input is where a missed bounds check would hide.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

use lopdf::{Document, Object};
use regex::bytes::Regex;

use super::choose::Found;
use super::text::{collapse, decode_entities, truncate_chars};
use super::{DateKind, PageKind, PageMeta};
use crate::date::PartialDate;

/// Characters of first-page text kept.
const LEAD_CHARS: usize = 2000;

/// Inspects a PDF's bytes.
pub(crate) fn inspect_pdf(bytes: &[u8], url: Option<&str>) -> PageMeta {
    let parsed = catch_unwind(AssertUnwindSafe(|| read_document(bytes)))
        .ok()
        .flatten();
    let mut found = match parsed {
        Some(found) => found,
        None => scan_bytes(bytes),
    };
    if let Some(d) = url
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| super::dates::from_url(u.path()))
    {
        found.date("url", DateKind::Published, d);
    }
    let best = best_title(&found);
    found.finish(PageKind::Pdf, best)
}

/// The Info title or XMP title when usable, else the first line of the first page that
/// reads like a title.
fn best_title(found: &Found) -> Option<String> {
    found
        .title_from("pdf:info")
        .or_else(|| found.title_from("pdf:xmp"))
        .or_else(|| found.title_from("pdf:first-page"))
        .map(str::to_owned)
}

/// Reads a complete PDF with `lopdf`; `None` when it does not parse.
fn read_document(bytes: &[u8]) -> Option<Found> {
    let doc = Document::load_mem(bytes).ok()?;
    let mut found = Found::default();
    if let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| deref(&doc, o))
        .and_then(|o| o.as_dict().ok())
    {
        if let Some(title) = info.get(b"Title").ok().and_then(pdf_string) {
            if let Some(t) = usable_title(&title) {
                found.title("pdf:info", &t);
            }
        }
        for (key, kind) in [
            (&b"CreationDate"[..], DateKind::Published),
            (b"ModDate", DateKind::Modified),
        ] {
            if let Some(d) = info
                .get(key)
                .ok()
                .and_then(pdf_string)
                .and_then(|s| pdf_date(&s))
            {
                found.date("pdf:info", kind, d);
            }
        }
    }
    if let Some(xmp) = xmp_stream(&doc) {
        read_xmp(&xmp, &mut found);
    }
    if let Some(&first) = doc.get_pages().keys().next() {
        if let Ok(text) = doc.extract_text(&[first]) {
            found.lead = collapse(truncate_chars(&text, LEAD_CHARS * 2))
                .chars()
                .take(LEAD_CHARS)
                .collect();
            if let Some(line) = title_line(&text) {
                found.title("pdf:first-page", &line);
            }
        }
    }
    Some(found)
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// The catalog's `/Metadata` stream, decompressed.
fn xmp_stream(doc: &Document) -> Option<Vec<u8>> {
    let catalog = doc.catalog().ok()?;
    let meta = deref(doc, catalog.get(b"Metadata").ok()?)?;
    let stream = meta.as_stream().ok()?;
    stream
        .decompressed_content()
        .ok()
        .or_else(|| Some(stream.content.clone()))
}

/// A PDF text string: UTF-16 with a byte-order mark, UTF-8 with one, or PDFDocEncoding
/// (read as Latin-1, which it matches for letters).
fn pdf_string(o: &Object) -> Option<String> {
    let Object::String(bytes, _) = o else {
        return None;
    };
    Some(decode_pdf_text(bytes))
}

fn decode_pdf_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// A title worth keeping: not a file name, not "Untitled", not a word processor's label.
fn usable_title(raw: &str) -> Option<String> {
    let t = collapse(&raw.replace(char::is_control, " "));
    let t = t
        .strip_prefix("Microsoft Word - ")
        .or_else(|| t.strip_prefix("Microsoft PowerPoint - "))
        .unwrap_or(&t)
        .trim()
        .to_owned();
    let lower = t.to_ascii_lowercase();
    let junk = lower.is_empty()
        || [
            "untitled",
            "title",
            "document",
            "powerpoint presentation",
            "slide 1",
        ]
        .contains(&lower.as_str())
        || [
            ".doc", ".docx", ".pdf", ".indd", ".rtf", ".ppt", ".pptx", ".qxd", ".tex", ".dvi",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
        || !t.chars().any(char::is_alphabetic);
    (!junk).then_some(t)
}

/// `D:20230622101500+02'00'` (the `D:` is optional; precision as written).
fn pdf_date(s: &str) -> Option<PartialDate> {
    let s = s.trim().trim_start_matches("D:");
    let digits: String = s.chars().take_while(char::is_ascii_digit).take(8).collect();
    let year = digits.get(0..4)?.parse().ok()?;
    let month = digits.get(4..6).and_then(|m| m.parse().ok());
    let day = month.and(digits.get(6..8)).and_then(|d| d.parse().ok());
    PartialDate::new(year, month, day)
}

static XMP_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<dc:title>.*?<rdf:li[^>]*>([^<]{1,1000})</rdf:li>")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static XMP_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"xmp:(CreateDate|ModifyDate)(?:>|=["'])(\d{4}-\d{2}-\d{2})"#)
        .unwrap_or_else(|e| unreachable!("{e}"))
});

fn read_xmp(xmp: &[u8], found: &mut Found) {
    if let Some(c) = XMP_TITLE.captures(xmp) {
        let title = decode_entities(&String::from_utf8_lossy(&c[1]));
        if let Some(t) = usable_title(&title) {
            found.title("pdf:xmp", &t);
        }
    }
    for c in XMP_DATE.captures_iter(xmp) {
        let kind = if &c[1] == b"CreateDate" {
            DateKind::Published
        } else {
            DateKind::Modified
        };
        if let Some(d) = PartialDate::parse_iso(&String::from_utf8_lossy(&c[2])) {
            found.date("pdf:xmp", kind, d);
        }
    }
}

static INFO_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/Title\s*\(((?:[^()\\]|\\.){1,1000})\)").unwrap_or_else(|e| unreachable!("{e}"))
});
static INFO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/(CreationDate|ModDate)\s*\((D:\d{4,14})").unwrap_or_else(|e| unreachable!("{e}"))
});

/// Metadata read from raw bytes, for PDFs that do not load (cut at the cap, damaged).
fn scan_bytes(bytes: &[u8]) -> Found {
    let mut found = Found::default();
    if let Some(c) = INFO_TITLE.captures(bytes) {
        let raw = unescape_literal(&c[1]);
        if let Some(t) = usable_title(&decode_pdf_text(&raw)) {
            found.title("pdf:info", &t);
        }
    }
    for c in INFO_DATE.captures_iter(bytes).take(4) {
        let kind = if &c[1] == b"CreationDate" {
            DateKind::Published
        } else {
            DateKind::Modified
        };
        if let Some(d) = pdf_date(&String::from_utf8_lossy(&c[2])) {
            found.date("pdf:info", kind, d);
        }
    }
    read_xmp(bytes, &mut found);
    found
}

/// The bytes of a PDF literal string, escapes resolved.
fn unescape_literal(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut it = s.iter().copied().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b'r') => out.push(b'\r'),
            Some(b't') => out.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    match it.peek() {
                        Some(&n @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(n - b'0');
                            it.next();
                        }
                        _ => break,
                    }
                }
                out.push(u8::try_from(v & 0xff).unwrap_or(b'?'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The first line of a page's text that reads like a title: a few words, mostly letters.
fn title_line(text: &str) -> Option<String> {
    text.lines()
        .map(collapse)
        .filter(|l| {
            let letters = l.chars().filter(|c| c.is_alphabetic()).count();
            let words = l.split(' ').count();
            letters >= 8 && letters * 2 >= l.chars().count() && (words >= 2 || letters >= 6)
        })
        .take(1)
        .next()
        .map(|l| truncate_chars(&l, 300).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings_and_dates() {
        assert_eq!(decode_pdf_text(b"\xfe\xff\x00A\x00B"), "AB");
        assert_eq!(decode_pdf_text(b"Caf\xe9"), "Café");
        assert_eq!(
            pdf_date("D:20230622101500+02'00'").map(|d| d.to_string()),
            Some("2023-06-22".into())
        );
        assert_eq!(
            pdf_date("D:2023").map(|d| d.to_string()),
            Some("2023".into())
        );
        assert_eq!(pdf_date("garbage"), None);
        assert_eq!(usable_title("Microsoft Word - draft3.docx"), None);
        assert_eq!(
            usable_title("Annual Report 2023").as_deref(),
            Some("Annual Report 2023")
        );
        assert_eq!(unescape_literal(br"a\(b\)\101"), b"a(b)A");
    }

    #[test]
    fn garbage_does_not_panic() {
        for bytes in [
            &b""[..],
            b"%PDF-1.4",
            b"%PDF-1.4\n1 0 obj << /Title (x",
            b"%PDF-\xff\xfe\x00",
        ] {
            let _ = inspect_pdf(bytes, None);
        }
        let cut = b"%PDF-1.4\n1 0 obj\n<< /Title (Budget \\(draft\\)) /CreationDate (D:20240105) >>\nendobj\n";
        let meta = inspect_pdf(cut, None);
        assert_eq!(meta.title.as_deref(), Some("Budget (draft)"));
        assert_eq!(meta.date.as_deref(), Some("2024-01-05"));
    }
}
