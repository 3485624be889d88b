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

mod furniture;
mod labels;
mod pages;

use std::collections::VecDeque;
use std::ops::Range;

use super::unwrap::unwrap;
use super::Note;
use furniture::{is_complete, is_furniture, last_note_end, opens_citation};
use labels::{parse_def, Def, Family, Markers};
use pages::{folio_value, split_lines, Page};

/// True when the text has at least one page with a footnote block.
pub fn has_footnotes(text: &str) -> bool {
    Notes::new(text).next().is_some()
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
        Notes {
            text,
            pages: pages::pages(text),
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
        let page = self.pages[k].clone();
        let mut lines = Vec::new();
        split_lines(&self.text[page.bytes.clone()], &mut lines);
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
        };
        let reading = assign(&view, &chain, held.is_some());
        if let Some(mut note) = held {
            if let Some(range) = reading.continuation {
                let mut body = vec![note.text.as_str()];
                body.extend(range.filter(|&i| view.is_text(i)).map(|i| lines[i]));
                note.text = unwrap(&body);
            }
            self.ready.push_back(note);
        }
        for (def, range) in chain.iter().zip(reading.notes) {
            let line = page.first_line + first_text_line(&view, def, &range) + 1;
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
}

impl PageView<'_, '_> {
    fn is_text(&self, i: usize) -> bool {
        Some(i) != self.folio && !self.lines[i].trim().is_empty()
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
    let mut best: Vec<Def> = Vec::new();
    let mut current: Vec<Def> = Vec::new();
    for &def in defs {
        let extends = current
            .last()
            .is_some_and(|last| last.family == def.family && def.number == last.number + 1);
        if extends {
            current.push(def);
        } else if def.number == 1 || Some(def.number) == carry.map(|n| n + 1) {
            if current.len() > best.len() {
                best = std::mem::take(&mut current);
            }
            current = vec![def];
        }
    }
    if current.len() >= best.len() {
        best = current;
    }
    best
}

/// The lines of each note of the chain. A label that starts its note's line owns the
/// lines up to the next label; a page whose labels all stand alone is read both ways
/// (numbers before their notes, numbers after them) and the reading that leaves fewer
/// notes empty and no text over wins.
fn assign(view: &PageView, chain: &[Def], goes_on: bool) -> Reading {
    let before = Reading {
        continuation: goes_on.then(|| continuation_before(view, chain)).flatten(),
        notes: numbers_before(view, chain),
    };
    if !chain.iter().all(|d| d.alone) {
        return before;
    }
    let (after, left_over) = numbers_after(view, chain, goes_on);
    let empty = |ranges: &[Range<usize>]| {
        ranges
            .iter()
            .filter(|r| !view.has_text((*r).clone()))
            .count()
    };
    if empty(&after.notes) + usize::from(left_over) < empty(&before.notes) {
        after
    } else {
        before
    }
}

/// How a page's lines fall to its notes.
struct Reading {
    /// The lines that finish the previous page's last note.
    continuation: Option<Range<usize>>,
    /// The lines of each note of the page's chain.
    notes: Vec<Range<usize>>,
}

/// Where the note that ran over from the previous page finishes, when the numbers
/// come before their notes: the block right before the first number, provided it
/// reads as the middle of a note (it starts with no capital and refers to none of the
/// page's notes, as body text would).
fn continuation_before(view: &PageView, chain: &[Def]) -> Option<Range<usize>> {
    let first = chain.first()?;
    let block = view.blocks(0..first.line).pop()?;
    if block.end != first.line && view.has_text(block.end..first.line) {
        return None;
    }
    let starts_mid = view.lines[block.start]
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| !c.is_uppercase() && !matches!(c, '“' | '"' | '‘'));
    let mut markers = Markers::default();
    block.clone().for_each(|i| markers.read(view.lines[i]));
    let refers = chain.iter().any(|d| markers.has(d.number));
    (starts_mid && !refers).then_some(block)
}

fn numbers_before(view: &PageView, chain: &[Def]) -> Vec<Range<usize>> {
    chain
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let start = def.line + usize::from(def.alone);
            let end = match chain.get(i + 1) {
                Some(next) => next.line,
                None => last_note_end(view.lines, def.line, view.lines.len()),
            };
            start..end.max(start)
        })
        .collect()
}

/// Notes whose numbers follow them (LibreOffice's footnotes in `pdftotext`). A note of
/// one line still gets its number before it, so a number with no text since the one
/// before takes the block after it. The first note of a page may follow body text
/// with no blank line between: it starts at the first line that reads as a
/// citation's start. Also says whether text is left after the last number.
fn numbers_after(view: &PageView, chain: &[Def], goes_on: bool) -> (Reading, bool) {
    let mut out = Vec::with_capacity(chain.len());
    let mut continuation = None;
    let mut from = 0;
    for (i, def) in chain.iter().enumerate() {
        let limit = chain.get(i + 1).map_or(view.lines.len(), |n| n.line);
        let after = view.blocks(def.line + 1..limit);
        let empty_before = i > 0 && !view.has_text(from..def.line);
        let one_liner_first = i == 0 && after.len() >= 2 && after[0].len() == 1;
        if let Some(block) = after.first().filter(|_| empty_before || one_liner_first) {
            out.push(block.clone());
            from = block.end;
        } else if i == 0 {
            let (rest, note) = first_note(view, from..def.line, goes_on);
            continuation = rest;
            out.push(note);
            from = def.line + 1;
        } else {
            out.push(from..def.line);
            from = def.line + 1;
        }
    }
    let left_over = view.has_text(from..view.lines.len());
    let reading = Reading {
        continuation,
        notes: out,
    };
    (reading, left_over)
}

/// The first note of a page whose number follows it: the last block before the
/// number, from its first line that opens a citation. When the previous page's last
/// note goes on, the block's lines up to the end of a sentence finish it.
fn first_note(
    view: &PageView,
    range: Range<usize>,
    goes_on: bool,
) -> (Option<Range<usize>>, Range<usize>) {
    let Some(block) = view.blocks(range.clone()).pop() else {
        return (None, range.end..range.end);
    };
    let mut from = block.start;
    let mut rest = None;
    if goes_on {
        if let Some(done) = block.clone().find(|&i| is_complete(view.lines[i])) {
            if done + 1 < block.end {
                rest = Some(block.start..done + 1);
                from = done + 1;
            }
        }
    }
    let start = (from..block.end)
        .find(|&i| opens_citation(view.lines[i]))
        .unwrap_or(from);
    (rest, start..block.end)
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
