//! How a page's lines fall to its notes: a label that starts its note's line owns the
//! lines up to the next label; numbers alone on their lines may stand before their
//! notes or after them, and both readings are tried.

use std::ops::Range;

use super::furniture::{is_complete, last_note_end, opens_citation};
use super::labels::{Def, Markers};
use super::pages::folio_value;
use super::PageView;

/// The lines of each note of the chain. A label that starts its note's line owns the
/// lines up to the next label; a page whose labels all stand alone is read both ways
/// (numbers before their notes, numbers after them) and the reading that leaves fewer
/// notes empty and no text over wins.
pub(super) fn assign(view: &PageView, chain: &[Def], held: Option<&str>) -> Reading {
    let goes_on = held.is_some();
    let (notes, lead) = numbers_before(view, chain);
    let before = Reading {
        continuation: held.and_then(|h| lead.or_else(|| continuation_before(view, chain, h))),
        notes,
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
pub(super) struct Reading {
    /// The lines that finish the previous page's last note.
    pub(super) continuation: Option<Range<usize>>,
    /// The lines of each note of the page's chain.
    pub(super) notes: Vec<Range<usize>>,
}

/// Where the note that ran over from the previous page finishes, when the numbers
/// come before their notes: the block right before the first number, provided it
/// reads as the middle of a note (it starts with no capital, or the held note stopped
/// inside a quoted title, and it refers to none of the page's notes, as body text
/// would).
fn continuation_before(view: &PageView, chain: &[Def], held: &str) -> Option<Range<usize>> {
    let first = chain.first()?;
    let block = view.blocks(0..first.line).pop()?;
    if block.end != first.line && view.has_text(block.end..first.line) {
        return None;
    }
    let in_title = held.matches('“').count() > held.matches('”').count();
    let starts_mid = in_title
        || view.lines[block.start]
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| !c.is_uppercase() && !matches!(c, '“' | '"' | '‘'));
    let mut markers = Markers::default();
    block.clone().for_each(|i| markers.read(view.lines[i]));
    let refers = chain.iter().any(|d| markers.has(d.number));
    (starts_mid && !refers).then_some(block)
}

/// The lines of each note whose number comes before it, and the lines before the
/// page's first note's text that finish a note of the page before.
fn numbers_before(view: &PageView, chain: &[Def]) -> (Vec<Range<usize>>, Option<Range<usize>>) {
    let mut ranges = chain
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let start = def.line + usize::from(def.alone);
            let end = match chain.get(i + 1) {
                // A number alone that is no label of the run is a folio: in text
                // without page breaks (a viewer's copy), body text follows it.
                Some(next) => (start..next.line)
                    .find(|&l| {
                        folio_value(view.lines[l]).is_some()
                            && view.labels.binary_search(&l).is_err()
                    })
                    .unwrap_or(next.line),
                None => last_note_end(view.lines, def.line, view.lines.len()),
            };
            start..end.max(start)
        })
        .collect::<Vec<_>>();
    let lead = spread_label_runs(view, chain, &mut ranges);
    (ranges, lead)
}

/// LibreOffice's endnotes in `pdftotext`: the labels stand in a column of their own,
/// so a run of them comes out one after another, and the notes' texts follow in one
/// stretch. The stretch is cut where citations start (a line that opens one after a
/// line that ends a sentence), when there are as many starts as labels; what comes
/// before the first start finishes the note before the run (returned when that note
/// is on the page before).
fn spread_label_runs(
    view: &PageView,
    chain: &[Def],
    ranges: &mut [Range<usize>],
) -> Option<Range<usize>> {
    let mut lead = None;
    let mut i = 0;
    while i < chain.len() {
        let mut j = i;
        while j + 1 < chain.len() && chain[j].alone && !view.has_text(ranges[j].clone()) {
            j += 1;
        }
        let run = &chain[i..=j];
        if j > i && run.iter().all(|d| d.alone) && view.has_text(ranges[j].clone()) {
            let region = ranges[j].clone();
            let starts = citation_starts(view, region.clone());
            if starts.len() == run.len() {
                if i > 0 {
                    ranges[i - 1].end = starts[0];
                } else if view.has_text(region.start..starts[0]) {
                    lead = Some(region.start..starts[0]);
                }
                for (k, range) in ranges[i..=j].iter_mut().enumerate() {
                    *range = starts[k]..starts.get(k + 1).copied().unwrap_or(region.end);
                }
            }
        }
        i = j + 1;
    }
    lead
}

/// The lines of `range` where a citation starts: lines that open one first or right
/// after a line that ends a sentence.
fn citation_starts(view: &PageView, range: Range<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut after_stop = true;
    for i in range.filter(|&i| view.is_text(i)) {
        let line = view.lines[i];
        if after_stop && opens_citation(line) {
            out.push(i);
        }
        after_stop = line
            .trim_end()
            .trim_end_matches(['”', '’', '"', ')', '）', '》'])
            .ends_with(['.', '。', '!', '?']);
    }
    out
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
