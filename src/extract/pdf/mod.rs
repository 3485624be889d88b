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
mod prepare;

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::Document;

use super::Note;
use std::collections::BTreeMap;

use glyphs::{Collector, Drawn};
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
    prepare::normalise_cid_widths(&mut doc);
    prepare::simplify_colour_spaces(&mut doc);
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
    for &id in pages.values() {
        limits::check_content(&doc, id, limits).map_err(Error::TooLarge)?;
    }
    let mut reading = Reading {
        doc: &doc,
        pages: &pages,
        limits,
        layout: layout::Layout::default(),
        next: 1,
        total: 0,
        problem: None,
    };
    let mut warnings = Vec::new();
    // The whole document in one pass; after a page that fails, page by page.
    let mut from = 1;
    while from <= pages.keys().last().copied().unwrap_or(0) {
        let drawn = draw(&doc, &pages, from, limits, &mut |page| reading.take(page));
        if let Some(problem) = reading.problem.take() {
            return Err(problem);
        }
        match drawn {
            Ok(()) => break,
            Err(failed) => {
                warnings.push(format!("page {failed} could not be read; skipped"));
                reading.skip_to(failed + 1);
                from = failed + 1;
            }
        }
    }
    if reading.total == 0 && !pages.is_empty() {
        return Err(Error::NoTextLayer(pages.len()));
    }
    Ok(Read {
        notes: reading.layout.finish(),
        warnings,
    })
}

/// Draws the pages from `from` on: all in one pass when `from` is the first, each on
/// its own after a failure. Returns the number of a page that could not be read.
fn draw(
    doc: &Document,
    pages: &BTreeMap<u32, lopdf::ObjectId>,
    from: u32,
    limits: &Limits,
    sink: &mut dyn FnMut(Drawn) -> bool,
) -> Result<(), u32> {
    let mut collector = Collector::new(limits.max_glyphs_per_page, sink);
    if from == 1 {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc(doc, &mut collector)
        }));
        let failed = collector.page.number.max(1);
        return match outcome {
            Ok(Ok(())) => Ok(()),
            _ if collector.hand_over_exhausted() => Ok(()),
            _ => Err(failed),
        };
    }
    for &number in pages.keys().filter(|&&n| n >= from) {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(doc, &mut collector, number)
        }));
        if !matches!(outcome, Ok(Ok(()))) {
            return if collector.hand_over_exhausted() {
                Ok(())
            } else {
                Err(number)
            };
        }
    }
    Ok(())
}

/// The state of a reading: pages laid out so far, and the limits.
struct Reading<'a> {
    doc: &'a Document,
    pages: &'a BTreeMap<u32, lopdf::ObjectId>,
    limits: &'a Limits,
    layout: layout::Layout,
    /// The number of the page expected next.
    next: u32,
    /// Glyphs drawn in all.
    total: usize,
    /// Why the reading must stop.
    problem: Option<Error>,
}

impl Reading<'_> {
    /// Lays out a finished page; false stops the reading.
    fn take(&mut self, page: Drawn) -> bool {
        if page.exhausted {
            self.problem = Some(Error::TooLarge(format!(
                "page {} draws more than {} characters",
                page.number, self.limits.max_glyphs_per_page
            )));
            return false;
        }
        self.total += page.glyphs.len();
        if self.total > self.limits.max_glyphs {
            self.problem = Some(Error::TooLarge(format!(
                "more than {} characters in all",
                self.limits.max_glyphs
            )));
            return false;
        }
        self.skip_to(page.number);
        let links = self
            .pages
            .get(&page.number)
            .map(|&id| links::of_page(self.doc, id, page.top))
            .unwrap_or_default();
        self.layout.push(layout::Page::new(page, links));
        self.next = page_after(self.next);
        true
    }

    /// Pushes empty pages for those skipped before page `number`.
    fn skip_to(&mut self, number: u32) {
        while self.next < number {
            self.layout.push(layout::Page::default());
            self.next += 1;
        }
    }
}

fn page_after(n: u32) -> u32 {
    n.saturating_add(1)
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
