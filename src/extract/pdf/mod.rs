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
    let mut laid = Vec::with_capacity(pages.len());
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
    read.notes = layout::notes(laid);
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
