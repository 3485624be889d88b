//! From lines to notes: the footnote zone at the foot of each page (smaller type below
//! the body, often under a short rule), notes split at their numbers and joined across
//! pages, endnote sections, body links, and printed page numbers.

use super::glyphs::{Drawn, Rule};
use super::lines::{self, Line, Mark};
use super::links::Link;
use crate::extract::unwrap::unwrap;
use crate::extract::{endnotes, url, Note};

/// One page, laid out.
#[derive(Debug, Default)]
pub struct Page {
    lines: Vec<Line>,
    rules: Vec<Rule>,
    links: Vec<Link>,
    height: f64,
    width: f64,
}

impl Page {
    /// Lays out what a page drew.
    pub fn new(drawn: Drawn, links: Vec<Link>) -> Page {
        Page {
            lines: lines::build(drawn.glyphs, &links),
            rules: drawn.rules,
            links,
            height: drawn.height,
            width: drawn.width,
        }
    }
}

/// A footnote being gathered: its number, physical page, first line, and text lines.
struct Gathered {
    number: u32,
    page: usize,
    line: usize,
    texts: Vec<String>,
}

/// How many pages are looked at to learn the body's type size before pages are laid
/// out one by one (and their glyphs dropped): a 2,000-page book is never held whole.
const SAMPLE_PAGES: usize = 30;

/// The document's notes, gathered page by page.
#[derive(Default)]
pub struct Layout {
    /// Pages read while the body size is not known yet.
    waiting: Vec<Page>,
    body_size: Option<f64>,
    /// Physical index of the next page laid out.
    next: usize,
    footnotes: Vec<Gathered>,
    /// Body lines and their pages, for endnote sections and body links.
    body: Vec<(String, usize)>,
    folios: Vec<Option<(usize, i64)>>,
    line_no: usize,
    /// The link each stream of lines ended in, apart: a URL may run on from the foot
    /// of one page to the foot of the next.
    zone_seen: Option<String>,
    body_seen: Option<String>,
}

impl Layout {
    /// Takes the next page.
    pub fn push(&mut self, page: Page) {
        if self.body_size.is_some() {
            self.lay(&page);
            return;
        }
        self.waiting.push(page);
        if self.waiting.len() >= SAMPLE_PAGES {
            self.settle();
        }
    }

    fn settle(&mut self) {
        let size = body_size(&self.waiting);
        self.body_size = Some(size);
        for page in std::mem::take(&mut self.waiting) {
            self.lay(&page);
        }
    }

    fn lay(&mut self, page: &Page) {
        let p = self.next;
        self.next += 1;
        let (folio, kept) = split_folio(page);
        self.folios.push(folio.map(|f| (p, f)));
        let zone = zone_start(page, &kept, self.body_size.unwrap_or_default());
        for (k, &i) in kept.iter().enumerate() {
            self.line_no += 1;
            let line = &page.lines[i];
            if zone.is_some_and(|z| k >= z) {
                let at = (p, self.line_no);
                gather(
                    &mut self.footnotes,
                    line,
                    at,
                    &page.links,
                    &mut self.zone_seen,
                );
            } else {
                let text = lines::text(line, 0, &page.links, &mut self.body_seen);
                self.body.push((text, p));
            }
        }
    }

    /// Every note of the document: footnotes in page order, then the body's links
    /// and endnote sections.
    pub fn finish(mut self) -> Vec<Note> {
        if self.body_size.is_none() {
            self.settle();
        }
        let offset = page_offset(&self.folios, self.next);
        let printed = |p: usize| -> Option<u32> { u32::try_from(p as i64 + 1 + offset).ok() };
        let mut out: Vec<Note> = self
            .footnotes
            .into_iter()
            .filter_map(|g| {
                let refs: Vec<&str> = g.texts.iter().map(String::as_str).collect();
                let joined = join_hyphenated(&refs);
                let text = unwrap(&joined.iter().map(String::as_str).collect::<Vec<_>>());
                (!text.is_empty()).then(|| Note {
                    page: printed(g.page),
                    label: g.number.to_string(),
                    line: g.line,
                    text,
                })
            })
            .collect();
        out.extend(body_notes(&self.body, printed));
        out
    }
}

/// The size of the body text: the size most characters of the pages' upper halves have.
fn body_size(pages: &[Page]) -> f64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    // The upper half of each page: notes at the foot can outweigh the body.
    for line in pages
        .iter()
        .flat_map(|p| p.lines.iter().filter(|l| l.y < p.height * 0.5))
    {
        let key = (line.size * 2.0).round() as i64;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += line.chars(),
            None => counts.push((key, line.chars())),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(k, n)| (n, k))
        .map_or(0.0, |(k, _)| k as f64 / 2.0)
}

/// The page's printed number (a line of digits alone at its top or bottom), and the
/// indices of its other lines.
fn split_folio(page: &Page) -> (Option<i64>, Vec<usize>) {
    let mut kept: Vec<usize> = (0..page.lines.len()).collect();
    for at in [kept.len().checked_sub(1), Some(0)].into_iter().flatten() {
        let Some(&i) = kept.get(at) else { continue };
        let text: String = page.lines[i]
            .glyphs
            .iter()
            .map(|g| g.text.as_str())
            .collect();
        let digits = text.trim().trim_matches(['-', '—', '–', ' ']);
        if !digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
            kept.remove(at);
            return (digits.parse().ok(), kept);
        }
    }
    (None, kept)
}

/// Where the footnote zone starts among the page's `kept` lines: below a short rule in
/// the lower part of the page with smaller type under it, or else the run of smaller
/// lines at the foot of the page when one of them starts with a note number.
fn zone_start(page: &Page, kept: &[usize], body_size: f64) -> Option<usize> {
    let small = |k: usize| page.lines[kept[k]].size < body_size * 0.95;
    let rule = page
        .rules
        .iter()
        .filter(|r| r.y > page.height * 0.3 && r.x1 - r.x0 < page.width * 0.6)
        .map(|r| r.y)
        .find(|&y| {
            kept.iter()
                .position(|&i| page.lines[i].y > y)
                .is_some_and(small)
        });
    if let Some(y) = rule {
        return kept.iter().position(|&i| page.lines[i].y > y);
    }
    let mut start = kept.len();
    while start > 0 && small(start - 1) {
        start -= 1;
    }
    let labelled = (start..kept.len()).any(|k| page.lines[kept[k]].label().is_some());
    if start < kept.len() && labelled && start > 0 {
        return Some(start);
    }
    gap_start(page, kept, body_size)
}

/// Notes set in the body's size (as some word processors' styles do): the first line
/// in the lower part of the page after a gap well above the usual line pitch (where
/// the separator sits), when no line below is larger than the body and a raised note
/// number follows within a few lines (the first lines may finish the previous page's
/// note).
fn gap_start(page: &Page, kept: &[usize], body_size: f64) -> Option<usize> {
    let ys: Vec<f64> = kept.iter().map(|&i| page.lines[i].y).collect();
    let mut pitches: Vec<f64> = ys
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 0.0)
        .collect();
    pitches.sort_by(f64::total_cmp);
    let pitch = *pitches.get(pitches.len() / 2)?;
    let raised = |k: usize| {
        page.lines[kept[k]]
            .label()
            .is_some_and(|(_, _, mark)| mark == Mark::Raised)
    };
    (1..kept.len()).find(|&k| {
        page.lines[kept[k]].y > page.height * 0.35
            && ys[k] - ys[k - 1] > pitch * 1.8
            && kept[k..]
                .iter()
                .all(|&i| page.lines[i].size <= body_size * 1.05)
            && (k..kept.len().min(k + 12)).any(raised)
    })
}

/// Lines a footnote may run to. Far beyond any real note: a note that grows past it
/// has swallowed text it does not own (numbering that was not recognised), and each of
/// its citations would carry all of it.
const MAX_NOTE_LINES: usize = 400;

/// Adds a zone line to the footnotes: a new note when it starts with the next number
/// (or 1, numbers restarting on each page), else a continuation of the last note.
/// Returns the line's text when no note takes it, for the body.
fn gather(
    notes: &mut Vec<Gathered>,
    line: &Line,
    (page, line_no): (usize, usize),
    links: &[Link],
    seen: &mut Option<String>,
) -> Option<String> {
    let expected = notes.last().map_or(1, |n| n.number + 1);
    let new_page = notes.last().is_none_or(|l| l.page != page);
    let label = line.label().filter(|&(n, _, mark)| {
        n == expected || (n == 1 && (mark == Mark::Raised || (mark == Mark::Apart && new_page)))
    });
    match label {
        Some((number, from, _)) => {
            *seen = None;
            let text = lines::text(line, from, links, seen);
            notes.push(Gathered {
                number,
                page,
                line: line_no,
                texts: vec![text.trim_start().to_string()],
            });
            None
        }
        None => {
            let text = lines::text(line, 0, links, seen);
            match notes.last_mut() {
                Some(last) if last.texts.len() < MAX_NOTE_LINES => {
                    last.texts.push(text);
                    None
                }
                _ => Some(text),
            }
        }
    }
}

/// Joins a line that ends in a word broken by the typesetter to the next: a soft
/// hyphen, or a hyphen between lower-case letters outside a URL (`Cita-` / `tions`).
/// A compound broken at its own hyphen (`think-` / `tank`) loses the hyphen too: the
/// PDF does not tell the two apart, and typesetters break words far more often.
fn join_hyphenated(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue = false;
    for line in lines {
        let text = line.replace('\u{AD}', "\u{0}");
        let (text, soft) = match text.trim_end().strip_suffix('\u{0}') {
            Some(t) => (t.to_string(), true),
            None => (text.clone(), false),
        };
        let text = text.replace('\u{0}', "");
        match out.last_mut() {
            Some(last) if glue && text.trim_start().starts_with(char::is_lowercase) => {
                last.push_str(text.trim_start());
            }
            Some(last) if glue => {
                // Not a word going on: the hyphen was the author's.
                last.push('-');
                out.push(text);
            }
            _ => out.push(text),
        }
        glue = soft || broken_word(out.last().map_or("", String::as_str));
        if glue && !soft {
            if let Some(last) = out.last_mut() {
                last.pop();
            }
        }
    }
    out
}

/// True when a line ends in `letter-` inside a word that is no URL.
fn broken_word(line: &str) -> bool {
    let Some(stem) = line.trim_end().strip_suffix('-') else {
        return false;
    };
    let word = stem.rsplit(char::is_whitespace).next().unwrap_or("");
    stem.chars().last().is_some_and(char::is_lowercase) && !word.contains(['/', '.', ':', '@'])
}

/// The offset from physical to printed page numbers that most folios agree on, when
/// at least half the pages carry one; 0 otherwise.
fn page_offset(folios: &[Option<(usize, i64)>], pages: usize) -> i64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for &(p, f) in folios.iter().flatten() {
        let off = f - (p as i64 + 1);
        match counts.iter_mut().find(|(o, _)| *o == off) {
            Some((_, n)) => *n += 1,
            None => counts.push((off, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .filter(|&(off, n)| n * 2 >= pages && off > -(pages as i64))
        .map_or(0, |(off, _)| off)
}

/// Body lines with broken words joined, each keeping the page it starts on.
fn join_body(body: &[(String, usize)]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let mut j = i + 1;
        while j < body.len() && ends_broken(&body[j - 1].0) {
            j += 1;
        }
        let refs: Vec<&str> = body[i..j].iter().map(|(t, _)| t.as_str()).collect();
        let joined = join_hyphenated(&refs);
        out.extend(joined.into_iter().map(|t| (t, body[i].1)));
        i = j;
    }
    out
}

fn ends_broken(line: &str) -> bool {
    line.trim_end().ends_with('\u{AD}') || broken_word(line)
}

/// Endnote and reference sections of the body text, and its URLs before them.
fn body_notes(body: &[(String, usize)], printed: impl Fn(usize) -> Option<u32>) -> Vec<Note> {
    let body = join_body(body);
    let lines: Vec<&str> = body.iter().map(|(t, _)| t.as_str()).collect();
    let (mut section, first) = endnotes::section_notes(&lines);
    let mut out = Vec::new();
    for (i, line) in lines[..first.unwrap_or(lines.len())].iter().enumerate() {
        for r in url::find_urls(line) {
            out.push(Note {
                page: printed(body[i].1),
                label: format!("link-{}", out.len() + 1),
                line: i + 1,
                text: line[r].to_string(),
            });
        }
    }
    for note in &mut section {
        note.page = body.get(note.line - 1).and_then(|&(_, p)| printed(p));
    }
    out.extend(section);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typesetter_breaks_are_joined_author_hyphens_kept() {
        assert_eq!(
            join_hyphenated(&[
                "Problem of Cita-",
                "tions,” Harvard",
                "Appli\u{AD}",
                "cation"
            ]),
            vec!["Problem of Citations,” Harvard", "Application"]
        );
        // A capital after the break, or a URL: not a broken word.
        assert_eq!(
            join_hyphenated(&["Sino-", "Indian", "https://a.org/x-", "y"]),
            vec!["Sino-", "Indian", "https://a.org/x-", "y"]
        );
    }

    #[test]
    fn printed_numbers_need_most_pages_to_agree() {
        let folios = [Some((0, 101)), None, Some((2, 103)), Some((3, 104))];
        assert_eq!(page_offset(&folios, 4), 100);
        assert_eq!(page_offset(&[Some((0, 7)), None, None, None, None], 5), 0);
        assert_eq!(page_offset(&[], 3), 0);
    }
}
