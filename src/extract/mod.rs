//! Stage 1: documents in, [`Citation`]s out.
//!
//! A document's bytes say its format ([`sniff`]); each format's reader yields
//! [`Note`]s, and [`notes`] turns a note into one or more citations and resolves
//! `Ibid.`, so every format gives the same [`Citation`]s. Formats: PDF (read natively,
//! [`pdf`]), Word and OpenDocument text ([`docx`]), HTML articles ([`html`]), plain
//! text extracted from PDF (footnotes at the top or bottom of each page, numbers
//! restarting per page, URLs broken by the layout), Markdown (`[^label]:` footnotes,
//! inline links, autolinks) and anything else, where each bare URL is a citation.

pub mod document;
pub mod docx;
pub mod endnotes;
pub mod html;
mod leads;
pub mod markdown;
pub mod notes;
mod odt;
mod office;
pub mod pdf;
pub mod pdftext;
pub mod plain;
pub mod reference;
mod rehyphen;
pub mod sniff;
pub mod unwrap;
pub mod url;

use std::collections::VecDeque;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use crate::date::PartialDate;
pub use crate::types::Citation;

/// A footnote (or a bare link) before it is parsed into citations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Page number, where the format has pages.
    pub page: Option<u32>,
    /// The label as printed.
    pub label: String,
    /// 1-based line where the note starts.
    pub line: usize,
    /// The note's text, unwrapped, URLs rebuilt.
    pub text: String,
}

/// The shapes of document we can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A PDF, read natively: footnote zones, link annotations, printed page numbers.
    Pdf,
    /// A Word document (Office Open XML): footnotes, endnotes, hyperlinks.
    Docx,
    /// An OpenDocument text: notes and hyperlinks.
    Odt,
    /// An HTML article: footnote sections and lists, links.
    Html,
    /// Plain text extracted from a PDF, with page-relative footnotes.
    PdfText,
    /// Markdown with `[^label]:` footnotes and links.
    Markdown,
    /// Any other text: every bare URL is a citation.
    Plain,
}

impl Format {
    /// Picks a text format from the file name, then from the text itself.
    pub fn detect(path: Option<&Path>, text: &str) -> Format {
        Format::detect_paged(path, text).0
    }

    /// [`Format::detect`], with the pages of PDF text found on the way.
    fn detect_paged(path: Option<&Path>, text: &str) -> (Format, Option<pdftext::Paged>) {
        let ext = path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd") => (Format::Markdown, None),
            _ if sniff::is_html(path, text) => (Format::Html, None),
            _ => match pdftext::has_footnotes_paged(text) {
                (true, paged) => (Format::PdfText, Some(paged)),
                _ if markdown::has_footnotes(text) => (Format::Markdown, None),
                _ => (Format::Plain, None),
            },
        }
    }
}

/// Extracts every citation of one text document, in document order. Binary formats
/// (PDF, DOCX, ODT) need their bytes: see [`document::extract_bytes`].
pub fn extract(document: &str, text: &str, format: Format) -> Vec<Citation> {
    citations(document, text, format).collect()
}

/// The citations of one document, in document order, produced as they are read: a
/// large document need not be held as citations too.
pub fn citations<'a>(document: &'a str, text: &'a str, format: Format) -> Citations<'a> {
    citations_paged(document, text, format, None)
}

/// [`citations`], with the pages of PDF text when they were found before.
fn citations_paged<'a>(
    document: &'a str,
    text: &'a str,
    format: Format,
    paged: Option<pdftext::Paged>,
) -> Citations<'a> {
    let mut rehyphen = None;
    let notes = match format {
        Format::PdfText => {
            let mut notes = match paged {
                Some(paged) => pdftext::Notes::with_pages(text, paged),
                None => pdftext::Notes::new(text),
            };
            match notes.next() {
                Some(first) => {
                    rehyphen = Some(rehyphen::Rehyphen::new(text));
                    Source::Pdf(Box::new(std::iter::once(first).chain(notes)))
                }
                // Text in which no footnote block was found still cites its URLs: an
                // empty list would say the document cites nothing.
                None => Source::Listed(plain::notes(text).into_iter()),
            }
        }
        other => Source::Listed(text_notes(text, other).into_iter()),
    };
    Citations {
        document,
        notes,
        rehyphen,
        queue: VecDeque::new(),
        done: false,
    }
}

/// The notes of a decoded text document.
fn text_notes(text: &str, format: Format) -> Vec<Note> {
    match format {
        Format::PdfText => {
            let notes = pdftext::notes(text);
            if notes.is_empty() {
                plain::notes(text)
            } else {
                notes
            }
        }
        Format::Markdown => markdown::notes(text),
        Format::Html => html::notes(text),
        Format::Plain | Format::Pdf | Format::Docx | Format::Odt => plain::notes(text),
    }
}

/// The citations of one document, read note by note ([`citations`]).
#[derive(Debug)]
pub struct Citations<'a> {
    document: &'a str,
    notes: Source<'a>,
    /// Puts back the hyphens `pdftotext` dropped in URLs, for its text only.
    rehyphen: Option<rehyphen::Rehyphen<'a>>,
    /// Citations made and not yet taken; the last stays until the next note is read,
    /// as the citation an `Ibid.` there repeats.
    queue: VecDeque<Citation>,
    done: bool,
}

#[derive(Debug)]
enum Source<'a> {
    Pdf(Box<std::iter::Chain<std::iter::Once<Note>, pdftext::Notes<'a>>>),
    Listed(std::vec::IntoIter<Note>),
}

impl<'a> Citations<'a> {
    /// The citations of notes a reader has already found (PDF, DOCX, ODT).
    pub fn of_notes(document: &'a str, notes: Vec<Note>) -> Citations<'a> {
        Citations {
            document,
            notes: Source::Listed(notes.into_iter()),
            rehyphen: None,
            queue: VecDeque::new(),
            done: false,
        }
    }
}

impl Iterator for Citations<'_> {
    type Item = Citation;

    fn next(&mut self) -> Option<Citation> {
        loop {
            if self.queue.len() > 1 || self.done {
                return self.queue.pop_front();
            }
            let note = match &mut self.notes {
                Source::Pdf(notes) => notes.next(),
                Source::Listed(notes) => notes.next(),
            };
            match note {
                Some(note) => {
                    let before = self.queue.len();
                    notes::cite_note(self.document, note, &mut self.queue);
                    if let Some(rehyphen) = &mut self.rehyphen {
                        // Before the next note, whose ibid may repeat these.
                        for citation in self.queue.iter_mut().skip(before) {
                            rehyphen.repair(citation);
                        }
                    }
                }
                None => self.done = true,
            }
        }
    }
}

/// Parses one footnote or reference string, as `citecheck cite` does.
pub fn parse_one(text: &str) -> Vec<Citation> {
    let text = unwrap::unwrap(&text.lines().collect::<Vec<_>>());
    let note = Note {
        page: None,
        label: String::new(),
        line: 1,
        text,
    };
    notes::citations_owned("", vec![note])
}
