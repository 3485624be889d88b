//! PDFs, read natively: each page's characters with their positions and sizes, the
//! footnote zone at its foot, link annotations, printed page numbers.
//!
//! `pdf-extract` (on `lopdf`) interprets the content streams; [`glyphs`] keeps what it
//! draws, [`lines`] builds lines from it, [`layout`] finds footnotes, endnotes and
//! folios. A link annotation's `/URI` is the URL of the text under it: the printed URL
//! may be broken across lines or shortened. Both crates panic on some malformed input,
//! so each page is read inside `catch_unwind`: a bad page costs a warning, not the run.
//! Work is bounded: pages, characters per page and in all, and the size a page's
//! content may expand to.

mod glyphs;
mod layout;
mod limits;
mod lines;
mod links;

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::Document;

use super::Note;
use glyphs::Collector;
pub use limits::Limits;

/// A PDF's notes, and what the user should hear about.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// Footnotes, endnotes and links, in document order.
    pub notes: Vec<Note>,
    /// Pages that could not be read, and the like.
    pub warnings: Vec<String>,
}

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not a PDF, or too damaged to open.
    #[error("not a readable PDF ({0})")]
    Corrupt(String),
    /// Encrypted with a password we do not have.
    #[error("encrypted PDF: it cannot be read without its password; save a decrypted copy first (e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf)")]
    Encrypted,
    /// Pages of images only.
    #[error("no text layer ({0} pages of images or drawings): run OCR first, e.g. ocrmypdf in.pdf out.pdf")]
    NoTextLayer(usize),
    /// Beyond the limits on pages, characters or content size.
    #[error("too large to read: {0}")]
    TooLarge(String),
}

/// Reads a PDF's notes with the default limits.
pub fn read(bytes: &[u8]) -> Result<Read, Error> {
    read_with(bytes, &Limits::default())
}

/// Reads a PDF's notes within `limits`.
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<Read, Error> {
    let mut doc = catch_unwind(AssertUnwindSafe(|| Document::load_mem(bytes)))
        .map_err(|_| Error::Corrupt("the parser failed on it".into()))?
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    limits::normalise_cid_widths(&mut doc);
    if doc.is_encrypted() {
        return Err(Error::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.len() > limits.max_pages {
        return Err(Error::TooLarge(format!(
            "{} pages (at most {} are read)",
            pages.len(),
            limits.max_pages
        )));
    }
    let mut read = Read::default();
    let mut laid = layout::Layout::default();
    let mut total = 0usize;
    for (&number, &id) in &pages {
        limits::check_content(&doc, id, limits).map_err(Error::TooLarge)?;
        let page = read_page(&doc, number, limits.max_glyphs_per_page);
        let Some(collector) = page else {
            read.warnings
                .push(format!("page {number} could not be read; skipped"));
            laid.push(layout::Page::default());
            continue;
        };
        if collector.exhausted {
            return Err(Error::TooLarge(format!(
                "page {number} draws more than {} characters",
                limits.max_glyphs_per_page
            )));
        }
        total += collector.glyphs.len();
        if total > limits.max_glyphs {
            return Err(Error::TooLarge(format!(
                "more than {} characters in all",
                limits.max_glyphs
            )));
        }
        let links = links::of_page(&doc, id, collector.top);
        laid.push(layout::Page::new(collector, links));
    }
    if total == 0 && !pages.is_empty() {
        return Err(Error::NoTextLayer(pages.len()));
    }
    read.notes = laid.finish();
    Ok(read)
}

/// One page's glyphs and rules; `None` when the page cannot be interpreted.
fn read_page(doc: &Document, number: u32, budget: usize) -> Option<Collector> {
    let mut collector = Collector::new(budget);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page(doc, &mut collector, number)
    }));
    match outcome {
        Ok(Ok(())) => Some(collector),
        // The budget's own stop, or an error after some text: keep what was drawn.
        Ok(Err(_)) if collector.exhausted || !collector.glyphs.is_empty() => Some(collector),
        _ => None,
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Object, Stream};

    /// A PDF of `pages` pages, each drawing `content` (compressed when `flate`).
    fn pdf(pages: usize, content: &[u8], flate: bool) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let mut kids = Vec::new();
        for _ in 0..pages {
            let mut stream = Stream::new(dictionary! {}, content.to_vec());
            if flate {
                let _ = stream.compress();
            }
            let contents = doc.add_object(stream);
            kids.push(Object::Reference(doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => contents,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            })));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap_or_default();
        out
    }

    #[test]
    fn text_is_read_and_pages_without_text_say_so() {
        let text = pdf(
            2,
            b"BT /F1 11 Tf 72 700 Td (See https://a.org/x) Tj ET",
            false,
        );
        let got = read(&text).unwrap();
        assert_eq!(got.notes.len(), 2, "{:?}", got.notes);
        assert_eq!(got.notes[1].text, "https://a.org/x");
        assert_eq!(got.notes[1].page, Some(2));
        let scanned = pdf(3, b"q 100 0 0 100 0 0 cm Q", false);
        let err = read(&scanned).unwrap_err().to_string();
        assert!(err.starts_with("no text layer (3 pages"), "{err}");
        assert!(err.contains("ocrmypdf"), "{err}");
    }

    #[test]
    fn bombs_and_huge_books_are_refused_in_bounded_work() {
        // 80 MiB of spaces compress to about 80 KiB.
        let bomb = pdf(1, &vec![b' '; 80 << 20], true);
        assert!(bomb.len() < 1 << 20);
        let err = read(&bomb).unwrap_err().to_string();
        assert!(err.contains("expands beyond 64 MiB"), "{err}");
        let many = pdf(30, b"BT /F1 11 Tf 72 700 Td (x) Tj ET", false);
        let limits = Limits {
            max_pages: 20,
            ..Limits::default()
        };
        let err = read_with(&many, &limits).unwrap_err().to_string();
        assert_eq!(err, "too large to read: 30 pages (at most 20 are read)");
        let dense = pdf(1, b"BT /F1 11 Tf 72 700 Td (0123456789) Tj ET", false);
        let limits = Limits {
            max_glyphs_per_page: 5,
            ..Limits::default()
        };
        let err = read_with(&dense, &limits).unwrap_err().to_string();
        assert!(err.contains("page 1 draws more than 5 characters"), "{err}");
    }

    #[test]
    fn garbage_is_a_clear_error() {
        for bytes in [&b"%PDF-1.4\nnot really"[..], b"", b"%PDF-"] {
            let err = read(bytes).unwrap_err().to_string();
            assert!(err.starts_with("not a readable PDF"), "{err}");
        }
    }
}
