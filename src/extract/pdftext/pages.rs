//! Splitting PDF text into pages and lines, and finding the printed page numbers.
//!
//! `pdftotext` puts a form feed before each new page; other extractors start each page
//! with a line indented by one space. Pages are found in one pass over the bytes, so
//! that a large document is then read one page at a time.

use std::ops::Range;

/// One page: where its text is, and the number of its first line in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Page {
    /// Byte range of the page's text, without the line feed that ends it.
    pub(super) bytes: Range<usize>,
    /// 0-based index of the page's first line in the document.
    pub(super) first_line: usize,
    /// Index (within the page) of the line that holds the printed page number.
    pub(super) folio: Option<usize>,
}

/// Splits text at line feeds, dropping a carriage return before each.
pub(super) fn split_lines<'a>(text: &'a str, lines: &mut Vec<&'a str>) {
    lines.clear();
    let mut start = 0;
    let bytes = text.as_bytes();
    while let Some(&first) = bytes.get(start) {
        // PDF text puts a blank line between many lines: those need no search.
        let end = if first == b'\n' {
            start
        } else {
            memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |p| start + p)
        };
        let line = &text[start..end];
        lines.push(line.strip_suffix('\r').unwrap_or(line));
        start = end + 1;
    }
    // The text after the last line feed (perhaps empty) is a line too.
    if start == bytes.len() {
        lines.push(&text[start..]);
    }
}

/// The pages of a document: split at form feeds, or else at lines indented by exactly
/// one space, provided such lines are rare enough to be page starts and not an
/// indentation habit of the whole text.
pub(super) fn pages(text: &str) -> Vec<Page> {
    let bytes = text.as_bytes();
    // (byte offset, line index) of every line start after the first.
    let mut by_feed = Vec::new();
    let mut spaced = Vec::new();
    let mut non_blank = 0usize;
    let mut line_no = 0;
    let mut start = 0;
    loop {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |p| start + p);
        let line = &text[start..end];
        match line.as_bytes().first() {
            None => {}
            Some(0x0C) if line_no > 0 => {
                by_feed.push((start, line_no));
                non_blank += 1;
            }
            Some(b' ') => {
                if line_no > 0 && is_page_start(line) {
                    spaced.push((start, line_no));
                }
                non_blank += usize::from(!line.trim().is_empty());
            }
            Some(b) if b.is_ascii_graphic() => non_blank += 1,
            Some(_) => non_blank += usize::from(!line.trim().is_empty()),
        }
        if end == bytes.len() {
            break;
        }
        start = end + 1;
        line_no += 1;
    }
    let starts = if !by_feed.is_empty() {
        by_feed
    } else if spaced.len() * 4 <= non_blank {
        spaced
    } else {
        Vec::new()
    };
    let mut out = Vec::with_capacity(starts.len() + 1);
    let mut from = (0, 0);
    for &(at, line) in starts.iter().chain(std::iter::once(&(bytes.len() + 1, 0))) {
        if at > from.0 {
            out.push(Page {
                bytes: from.0..at - 1,
                first_line: from.1,
                folio: None,
            });
        }
        from = (at, line);
    }
    if out.is_empty() {
        out.push(Page {
            bytes: 0..bytes.len(),
            first_line: 0,
            folio: None,
        });
    }
    mark_folios(text, &mut out);
    out
}

fn is_page_start(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next() == Some(' ') && chars.next().is_some_and(|c| !c.is_whitespace())
}

/// Finds the printed page numbers: a number alone on the first or last line of a
/// page that grows by one from page to page. A number alone could as well be a note's
/// label, so only agreement across pages makes it a folio.
fn mark_folios(text: &str, pages: &mut [Page]) {
    let mut candidates = Vec::new();
    for (k, page) in pages.iter().enumerate() {
        let body = &text[page.bytes.clone()];
        for (index, value) in edge_numbers(body) {
            // Notes whose numbers follow them end the page with a number that may
            // grow page by page too; the number before it stands alone above it.
            let mut before = body.split('\n').take(index);
            if !before.any(|l| folio_value(l) == Some(value.saturating_sub(1))) {
                candidates.push((k, index, i64::from(value) - k as i64));
            }
        }
    }
    let mut offsets: Vec<i64> = candidates.iter().map(|c| c.2).collect();
    offsets.sort_unstable();
    let best = offsets
        .chunk_by(|a, b| a == b)
        .max_by_key(|run| run.len())
        .filter(|run| run.len() >= 2 && run.len() * 2 >= pages.len())
        .map(|run| run[0]);
    let Some(offset) = best else {
        return;
    };
    // Real folios agree on nearly every page that has a number at its edge.
    let mut with_numbers: Vec<usize> = candidates.iter().map(|c| c.0).collect();
    with_numbers.dedup();
    let agreeing = candidates.iter().filter(|c| c.2 == offset).count();
    if (with_numbers.len() - agreeing.min(with_numbers.len())) * 4 > with_numbers.len() {
        return;
    }
    for (k, index, o) in candidates {
        if o == offset {
            pages[k].folio = Some(index);
        }
    }
}

/// The first and last non-blank lines of a page that hold only a number (or a number
/// between dashes): their line index within the page and the number.
fn edge_numbers(page: &str) -> Vec<(usize, u32)> {
    let blank = |l: &&str| l.trim().is_empty();
    // Only the edges are read: from the start, and from the end backwards.
    let first = page.split('\n').enumerate().find(|(_, l)| !blank(l));
    let last = page.rsplit('\n').enumerate().find(|(_, l)| !blank(l));
    let Some(first) = first else {
        return Vec::new();
    };
    let mut out: Vec<(usize, u32)> = folio_value(first.1)
        .map(|v| (first.0, v))
        .into_iter()
        .collect();
    if let Some((back, line)) = last {
        let index = memchr::memchr_iter(b'\n', page.as_bytes()).count() - back;
        if index != first.0 {
            out.extend(folio_value(line).map(|v| (index, v)));
        }
    }
    out
}

/// `101`, `- 12 -`, `—3—`: the number of a folio line.
pub(super) fn folio_value(line: &str) -> Option<u32> {
    let t =
        line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{c}' | '-' | '—' | '–'));
    (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_split_at_line_feeds() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb",
            "\n\nx\n",
            "x\n\n",
            "\r\n\r",
            "中\n\n文",
        ] {
            let want: Vec<&str> = text
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect();
            let mut got = Vec::new();
            split_lines(text, &mut got);
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn pages_at_form_feeds_and_folios() {
        let text = "body 1\nnote\n\n101\n\u{c}body 2\n\n102\n\u{c}body 3\n103";
        let got: Vec<(&str, usize, Option<usize>)> = pages(text)
            .into_iter()
            .map(|p| (&text[p.bytes], p.first_line, p.folio))
            .collect();
        assert_eq!(
            got,
            vec![
                ("body 1\nnote\n\n101", 0, Some(3)),
                ("\u{c}body 2\n\n102", 4, Some(2)),
                ("\u{c}body 3\n103", 7, Some(1)),
            ]
        );
    }

    #[test]
    fn pages_at_single_space_indents_when_rare() {
        let text = "a\nb\nc\nd\n e\nf\ng\nh";
        let got: Vec<&str> = pages(text).into_iter().map(|p| &text[p.bytes]).collect();
        assert_eq!(got, vec!["a\nb\nc\nd", " e\nf\ng\nh"]);
        let text = " a\n b\n c";
        assert_eq!(pages(text).len(), 1);
    }

    #[test]
    fn one_number_is_no_folio() {
        let text = "body\n1\n\u{c}more body\nend";
        assert!(pages(text).iter().all(|p| p.folio.is_none()));
    }
}
