//! Plain text extracted from PDF, by `pdftotext` (with or without `-layout`) or copied
//! from a viewer: pages, footnote blocks, page furniture.
//!
//! A page's footnotes come after its body text or, less often, before it. Their
//! numbers restart on every page or run on from the previous page, and are printed as
//! a label starting the note's first line (`[1] ...`, `1. ...`, `① ...`, `1 ...`,
//! `1...`) or, where the typesetter set them apart, alone on a line before or after the
//! note. The labels of a page that count are the longest run numbered 1, 2, 3... (or
//! carrying on from the previous page) in one family: body lines that happen to start
//! with a number rarely extend such a run.

mod columns;
mod furniture;
mod labels;
mod pages;
mod reading;

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use super::unwrap::unwrap;
use super::Note;
use furniture::{is_complete, is_furniture};
use labels::{parse_def, Def, Family, Markers};
use pages::{folio_value, split_lines, Page};
use reading::assign;

/// True when the text has at least one page with a footnote block.
pub fn has_footnotes(text: &str) -> bool {
    Notes::new(text).next().is_some()
}

/// A text's pages, found once: the search for footnotes that recognises the format
/// hands them on to the reading, which would otherwise split a large text again.
#[derive(Debug)]
pub struct Paged(Vec<Page>);

/// [`has_footnotes`], with the pages found for the reading of the same text.
pub fn has_footnotes_paged(text: &str) -> (bool, Paged) {
    let mut notes = Notes::new(text);
    let found = notes.next().is_some();
    (found, Paged(notes.pages))
}

/// All footnotes of the document, in page order.
pub fn notes(text: &str) -> Vec<Note> {
    Notes::new(text).collect()
}

/// The footnotes of a document, read one page at a time.
#[derive(Debug)]
pub struct Notes<'a> {
    text: &'a str,
    pages: Vec<Page>,
    /// The next page to read.
    next_page: usize,
    /// The note numbers body text referred to on the pages before `scanned`.
    markers: Markers,
    scanned: usize,
    /// The last note number of the pages read, which the next page may carry on.
    carry: Option<u32>,
    ready: VecDeque<Note>,
    /// The last note of the page before, held back while it may go on on this page.
    held: Option<Note>,
}

impl<'a> Notes<'a> {
    /// Prepares to read the footnotes of `text`.
    pub fn new(text: &'a str) -> Notes<'a> {
        Notes::with_pages(text, Paged(pages::pages(text)))
    }

    /// Prepares to read the footnotes of `text`, whose pages were found before.
    pub fn with_pages(text: &'a str, Paged(pages): Paged) -> Notes<'a> {
        Notes {
            text,
            pages,
            next_page: 0,
            markers: Markers::default(),
            scanned: 0,
            carry: None,
            ready: VecDeque::new(),
            held: None,
        }
    }

    /// Reads the markers of every page before `page` not read yet.
    fn scan_markers(&mut self, page: usize) {
        while self.scanned < page {
            let p = &self.pages[self.scanned];
            for line in self.text[p.bytes.clone()].split('\n') {
                self.markers.read(line);
            }
            self.scanned += 1;
        }
    }

    fn read_page(&mut self, k: usize) {
        let mut page = self.pages[k].clone();
        let mut lines = Vec::new();
        split_lines(&self.text[page.bytes.clone()], &mut lines);
        // A page in columns has wide runs of spaces: one search of the page's bytes
        // spares every other page the columns' reading.
        let wide = memchr::memmem::find(self.text[page.bytes.clone()].as_bytes(), b"     ");
        let columns = wide.and_then(|_| columns::split(&lines));
        if let Some((text, origin)) = &columns {
            page.folio = page.folio.and_then(|f| {
                (0..text.len()).find(|&i| origin[i] == f && !text[i].trim().is_empty())
            });
            lines = text.iter().map(String::as_str).collect();
        }
        // The line of the document a line of the page came from.
        let source_line =
            |i: usize| page.first_line + columns.as_ref().map_or(i, |(_, origin)| origin[i]);
        let mut defs: Vec<Def> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| parse_def(l, i))
            .filter(|d| Some(d.line) != page.folio)
            .collect();
        if defs.iter().any(|d| d.family == Family::Plain) {
            self.confirm_plain(k, &lines, &mut defs);
        }
        let chain = chain(&defs, self.carry);
        let held = self.held.take();
        let Some(last) = chain.last() else {
            self.ready.extend(held);
            return;
        };
        self.carry = Some(last.number);
        let view = PageView {
            lines: &lines,
            folio: page.folio,
            labels: chain.iter().filter(|d| d.alone).map(|d| d.line).collect(),
        };
        let reading = assign(&view, &chain, held.as_ref().map(|n| n.text.as_str()));
        if let Some(mut note) = held {
            if let Some(range) = reading.continuation {
                let mut body = vec![note.text.as_str()];
                body.extend(range.filter(|&i| view.is_text(i)).map(|i| lines[i]));
                note.text = unwrap(&body);
            }
            self.ready.push_back(note);
        }
        for (def, range) in chain.iter().zip(reading.notes) {
            let line = source_line(first_text_line(&view, def, &range)) + 1;
            let Some(text) = note_text(&view, def, range) else {
                continue;
            };
            self.ready.push_back(Note {
                page: Some(k as u32 + 1),
                label: label_text(lines[def.line], def),
                line,
                text,
            });
        }
        // A note that stops mid-sentence at the page's foot may go on overleaf (the
        // bracketed and circled labels of Chinese journals mark every note start).
        if matches!(last.family, Family::Plain | Family::Dotted)
            && self
                .ready
                .back()
                .is_some_and(|n| n.label == last.number.to_string() && !is_complete(&n.text))
        {
            self.held = self.ready.pop_back();
        }
    }

    /// Keeps a plain label (`1 Text`, `1` alone) only when body text referred to its
    /// number before it, on this page or an earlier one.
    fn confirm_plain(&mut self, k: usize, lines: &[&str], defs: &mut Vec<Def>) {
        self.scan_markers(k);
        let mut here = self.markers.clone();
        let mut read_to = 0;
        defs.retain(|d| {
            if d.family != Family::Plain {
                return true;
            }
            while read_to < d.line {
                here.read(lines[read_to]);
                read_to += 1;
            }
            here.has(d.number)
        });
    }
}

impl Iterator for Notes<'_> {
    type Item = Note;

    fn next(&mut self) -> Option<Note> {
        loop {
            if let Some(note) = self.ready.pop_front() {
                return Some(note);
            }
            let k = self.next_page;
            if k >= self.pages.len() {
                return self.held.take();
            }
            self.next_page += 1;
            self.read_page(k);
        }
    }
}

/// One page's lines, with what is known of them.
struct PageView<'p, 'a> {
    lines: &'p [&'a str],
    folio: Option<usize>,
    /// The lines that hold a label alone, in order: no note's text.
    labels: Vec<usize>,
}

impl PageView<'_, '_> {
    fn is_text(&self, i: usize) -> bool {
        Some(i) != self.folio
            && !self.lines[i].trim().is_empty()
            && self.labels.binary_search(&i).is_err()
    }

    /// Runs of text lines between blank lines, within `range`.
    fn blocks(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        for i in range.clone() {
            match (self.is_text(i), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push(s..range.end);
        }
        out
    }

    fn has_text(&self, range: Range<usize>) -> bool {
        range.into_iter().any(|i| {
            self.is_text(i) && folio_value(self.lines[i]).is_none() && !is_furniture(self.lines[i])
        })
    }
}

/// The page's footnote definitions: the longest run numbered 1, 2, 3... (or carrying
/// on from the previous page's last number) in one label family.
fn chain(defs: &[Def], carry: Option<u32>) -> Vec<Def> {
    // Every run stays open: a stray label (a folio, a numbered line) between two of a
    // run's labels neither ends it nor joins it. Runs are found by the label each
    // expects next, so that a page of ten thousand `1`s stays linear.
    let mut runs: Vec<Vec<Def>> = Vec::new();
    let mut expecting: HashMap<(Family, u32), usize> = HashMap::new();
    for &def in defs {
        let run = match expecting.remove(&(def.family, def.number)) {
            Some(r) => {
                runs[r].push(def);
                r
            }
            None if def.number == 1 || Some(def.number) == carry.map(|n| n + 1) => {
                runs.push(vec![def]);
                runs.len() - 1
            }
            None => continue,
        };
        // Of two runs that expect the same label, the longer takes it.
        let key = (def.family, def.number + 1);
        match expecting.get(&key) {
            Some(&other) if runs[other].len() > runs[run].len() => {}
            _ => {
                expecting.insert(key, run);
            }
        }
    }
    // The longest run wins; of runs as long, the last.
    runs.into_iter().max_by_key(Vec::len).unwrap_or_default()
}

/// The index of the line where the note's text starts.
fn first_text_line(view: &PageView, def: &Def, range: &Range<usize>) -> usize {
    if def.alone {
        range.clone().find(|&i| view.is_text(i)).unwrap_or(def.line)
    } else {
        def.line
    }
}

/// The note's unwrapped text, or nothing when no text is left for it.
fn note_text(view: &PageView, def: &Def, range: Range<usize>) -> Option<String> {
    let mut body: Vec<&str> = Vec::new();
    if !def.alone {
        body.push(view.lines[def.line].get(def.label_len..).unwrap_or(""));
    }
    let rest = if def.alone {
        range
    } else {
        def.line + 1..range.end
    };
    body.extend(
        rest.filter(|&i| view.is_text(i) && !is_furniture(view.lines[i]))
            .map(|i| view.lines[i]),
    );
    let text = unwrap(&body);
    (!text.trim().is_empty()).then_some(text)
}

fn label_text(line: &str, def: &Def) -> String {
    match def.family {
        Family::Circled => line
            .trim_start()
            .chars()
            .next()
            .map(String::from)
            .unwrap_or_default(),
        _ => def.number.to_string(),
    }
}

#[cfg(test)]
mod tests;
