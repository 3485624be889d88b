//! Plain text extracted from PDF: pages, footnote blocks, page furniture.
//!
//! Pdftotext-style output puts a form feed between pages; other extractors start each
//! page with a line indented by one space. Footnote numbers restart on every page (or
//! run on from the previous page), and a page's footnotes come after its body text or,
//! less often, before it. A footnote's definition starts a line (`[1] ...`, `1. ...`,
//! `① ...`); the same labels inside body text are references, not definitions.

use super::unwrap::{is_cjk, unwrap};
use super::Note;

/// One footnote definition found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Def {
    /// Index of the line in the document.
    line: usize,
    /// The footnote number the label stands for.
    number: u32,
    /// The label's style; a page's footnotes share one.
    style: Style,
    /// Byte length of the label and the space after it.
    label_len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Bracket,
    Dotted,
    Circled,
}

/// True when the text has at least one page with a footnote block.
pub fn has_footnotes(text: &str) -> bool {
    let lines = split_lines(text);
    pages(&lines)
        .iter()
        .any(|p| !chain(&lines, p.clone(), None).is_empty())
}

/// All footnotes of the document, in page order.
pub fn notes(text: &str) -> Vec<Note> {
    let lines = split_lines(text);
    let mut out = Vec::new();
    let mut last_number = None;
    // One buffer for every note's lines.
    let mut body: Vec<&str> = Vec::new();
    for (page_no, page) in pages(&lines).into_iter().enumerate() {
        let defs = chain(&lines, page.clone(), last_number);
        if let Some(last) = defs.last() {
            last_number = Some(last.number);
        }
        for (i, def) in defs.iter().enumerate() {
            let end = match defs.get(i + 1) {
                Some(next) => next.line,
                None => last_note_end(&lines, def.line, page.end),
            };
            body.clear();
            body.push(&lines[def.line].trim_start()[def.label_len..]);
            body.extend(lines[def.line + 1..end].iter().filter(|l| !is_furniture(l)));
            out.push(Note {
                page: Some(page_no as u32 + 1),
                label: label_text(lines[def.line], *def),
                line: def.line + 1,
                text: unwrap(&body),
            });
        }
    }
    out
}

fn split_lines(text: &str) -> Vec<&str> {
    // One vectorised search for all line feeds rather than one search per line.
    let mut lines = Vec::with_capacity(text.len() / 32 + 1);
    let mut start = 0;
    let bytes = text.as_bytes();
    while let Some(&first) = bytes.get(start) {
        // PDF text puts a blank line between most lines: those need no search.
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
    lines
}

/// Line ranges of the pages: split at form feeds, or else at lines indented by exactly
/// one space, provided such lines are rare enough to be page starts and not an
/// indentation habit of the whole text.
fn pages(lines: &[&str]) -> Vec<std::ops::Range<usize>> {
    let by_feed: Vec<usize> = (1..lines.len())
        .filter(|&i| lines[i].as_bytes().first() == Some(&0x0C))
        .collect();
    let starts = if !by_feed.is_empty() {
        by_feed
    } else {
        // One pass for both counts. A line whose first byte is printable ASCII is not
        // blank, and one that does not start with a space starts no page: most lines
        // are settled on their first byte.
        let mut spaced = Vec::new();
        let mut non_blank = 0;
        for (i, line) in lines.iter().enumerate() {
            match line.as_bytes().first() {
                None => {}
                Some(b' ') => {
                    if i > 0 && is_page_start(line) {
                        spaced.push(i);
                    }
                    non_blank += usize::from(!line.trim().is_empty());
                }
                Some(b) if b.is_ascii_graphic() => non_blank += 1,
                // A first character that is not white space settles it.
                Some(_) => {
                    let blank = line.chars().next().is_some_and(char::is_whitespace)
                        && line.trim().is_empty();
                    non_blank += usize::from(!blank);
                }
            }
        }
        if spaced.len() * 4 <= non_blank {
            spaced
        } else {
            Vec::new()
        }
    };
    let mut bounds = vec![0];
    bounds.extend(starts);
    bounds.push(lines.len());
    bounds
        .windows(2)
        .map(|w| w[0]..w[1])
        .filter(|r| !r.is_empty())
        .collect()
}

fn is_page_start(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next() == Some(' ') && chars.next().is_some_and(|c| !c.is_whitespace())
}

/// The page's footnote definitions: the longest run numbered 1, 2, 3... (or carrying
/// on from the previous page's last number) in one label style. Body lines that happen
/// to start with a label rarely extend such a run.
fn chain(lines: &[&str], page: std::ops::Range<usize>, carry: Option<u32>) -> Vec<Def> {
    let mut best: Vec<Def> = Vec::new();
    let mut current: Vec<Def> = Vec::new();
    for i in page {
        let Some(def) = parse_def(lines[i], i) else {
            continue;
        };
        let extends = current
            .last()
            .is_some_and(|last| last.style == def.style && def.number == last.number + 1);
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

/// Reads a footnote label at the start of a line.
fn parse_def(line: &str, index: usize) -> Option<Def> {
    // Labels start with `[`, a digit or a circled number (lead byte 0xE2 or 0xE3),
    // after at most three spaces: body lines are turned away on their first bytes.
    // Other lead bytes start neither a label nor white space that `trim_start` would
    // skip (U+0085 and U+00A0 lead with 0xC2, U+1680 with 0xE1), so most CJK body
    // lines are turned away here too.
    let first = line.bytes().take(4).find(|&b| b != b' ')?;
    let may_start = match first {
        b'[' | b'0'..=b'9' | 0xC2 | 0xE1 | 0xE2 | 0xE3 => true,
        _ => first.is_ascii_whitespace(),
    };
    if !may_start {
        return None;
    }
    let text = line.trim_start();
    let indent = line.len() - text.len();
    if indent > 3 {
        return None;
    }
    let (number, style, len) = if let Some(rest) = text.strip_prefix('[') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        (rest.as_bytes().get(digits) == Some(&b']')).then_some(())?;
        (rest[..digits].parse().ok()?, Style::Bracket, digits + 2)
    } else if let Some(n) = text.chars().next().and_then(circled_number) {
        (n, Style::Circled, text.chars().next()?.len_utf8())
    } else {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let after = text.as_bytes().get(digits..digits + 2)?;
        (after[0] == b'.' && after[1] == b' ').then_some(())?;
        (text[..digits].parse().ok()?, Style::Dotted, digits + 1)
    };
    if !(1..=999).contains(&number) {
        return None;
    }
    let rest = &text[len..];
    let first = rest.trim_start().chars().next()?;
    // `[3]2022 年` and `[1]，` are references that a line break put first.
    if first.is_ascii_digit() || is_closing_punctuation(first) {
        return None;
    }
    let label_len = len + (rest.len() - rest.trim_start().len());
    Some(Def {
        line: index,
        number,
        style,
        label_len,
    })
}

fn circled_number(c: char) -> Option<u32> {
    match c as u32 {
        n @ 0x2460..=0x2473 => Some(n - 0x2460 + 1),
        n @ 0x3251..=0x325F => Some(n - 0x3251 + 21),
        n @ 0x32B1..=0x32BF => Some(n - 0x32B1 + 36),
        _ => None,
    }
}

fn is_closing_punctuation(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '、' | '）' | ')' | ']' | ',' | '.' | ';' | ':'
    )
}

fn label_text(line: &str, def: Def) -> String {
    let text = line.trim_start();
    match def.style {
        Style::Circled => text.chars().next().map(String::from).unwrap_or_default(),
        _ => def.number.to_string(),
    }
}

/// Where the last footnote of a page ends: at the page's end, at page furniture, or
/// where body text resumes (a page whose notes come first, or a table after them).
fn last_note_end(lines: &[&str], def_line: usize, page_end: usize) -> usize {
    let mut text = lines[def_line].trim_end();
    for (i, line) in lines.iter().enumerate().take(page_end).skip(def_line + 1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if is_furniture(line) || has_reference_marker(line) {
            return i;
        }
        let starts_cjk = line.chars().next().is_some_and(is_cjk);
        if starts_cjk && is_complete(text) {
            return i;
        }
        text = line;
    }
    page_end
}

/// A note that ends a sentence may be over; one that does not certainly goes on.
fn is_complete(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(['”', '’', '"', '\'', ')', '）', '」', '》']);
    t.ends_with(['.', '。', '!', '?', '！', '？'])
}

/// Body text refers to notes with `[3]` or `③` after the first character.
fn has_reference_marker(line: &str) -> bool {
    let first = line.chars().next().map_or(0, char::len_utf8);
    let bytes = line.as_bytes();
    // Only `[` and the lead bytes of the circled numbers (U+2460.., U+3251..,
    // U+32B1..) can start a marker.
    for i in memchr::memchr3_iter(b'[', 0xE2, 0xE3, &bytes[first..]).map(|i| i + first) {
        if bytes[i] == b'[' {
            let rest = &bytes[i + 1..];
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if (1..=3).contains(&digits) && rest.get(digits) == Some(&b']') {
                return true;
            }
        } else if line
            .get(i..)
            .and_then(|r| r.chars().next())
            .and_then(circled_number)
            .is_some()
        {
            return true;
        }
    }
    false
}

/// Folios (`-196-`), running heads (`2024年第1期`), table captions and sources.
fn is_furniture(line: &str) -> bool {
    let t = line.trim();
    // Every form below starts with one of these characters: most lines stop here.
    let first = t.chars().next();
    if !first.is_some_and(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '-' | '—' | '–' | '资' | '续' | '注' | 'S' | '表' | '图' | 'T' | 'F'
            )
    }) {
        return false;
    }
    let folio = t.trim_matches(|c: char| c == '-' || c == '—' || c == '–' || c.is_whitespace());
    if !folio.is_empty()
        && folio.len() <= 4
        && folio.bytes().all(|b| b.is_ascii_digit())
        && folio.len() < t.len()
    {
        return true;
    }
    if is_issue_head(t) {
        return true;
    }
    [
        "资料来源：",
        "资料来源:",
        "续表",
        "注：",
        "Source: ",
        "Sources: ",
    ]
    .iter()
    .any(|p| t.starts_with(p))
        || ((t.starts_with("表 ")
            || t.starts_with("图 ")
            || t.starts_with("Table ")
            || t.starts_with("Figure "))
            && t.split_whitespace()
                .nth(1)
                .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit())))
}

/// `2024年第1期`, `2024 年第 1 期`: the journal issue printed as a running head.
fn is_issue_head(t: &str) -> bool {
    let mut chars = t.chars().filter(|c| !c.is_whitespace());
    let year = chars.by_ref().take(4).filter(char::is_ascii_digit).count();
    if year != 4 || chars.next() != Some('年') || chars.next() != Some('第') {
        return false;
    }
    let mut digits = 0;
    for c in chars.by_ref() {
        match c {
            '0'..='9' => digits += 1,
            '期' => return digits > 0 && chars.next().is_none(),
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let cases = [
            ("[1] U.S. Department", Some((1, Style::Bracket))),
            ("[4]“India-US Ties", Some((4, Style::Bracket))),
            ("[3]2022", None),
            ("[1]，此为", None),
            ("12. Smith, J.", Some((12, Style::Dotted))),
            ("2023. A year", None),
            ("② 王世达", Some((2, Style::Circled))),
            ("③，", None),
            ("    [1] code", None),
            ("[0] zero", None),
            ("\u{3000}[1] 全角空格", Some((1, Style::Bracket))),
            ("\t3. Tabbed", Some((3, Style::Dotted))),
            ("Abc [1] text", None),
        ];
        for (line, want) in cases {
            assert_eq!(
                parse_def(line, 0).map(|d| (d.number, d.style)),
                want,
                "{line}"
            );
        }
    }

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
            assert_eq!(split_lines(text), want, "{text:?}");
        }
    }

    #[test]
    fn furniture() {
        for line in [
            "-196-",
            " - 12 -",
            "2024年第1期",
            " 2024 年第 1 期",
            "资料来源：笔者自制。",
            "续表 1",
            "表 1  印美合作领域",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "2023 年是印美关系",
            "[1] Ibid.",
            "-1/-1/0/FACT.PDF",
            "Table of contents",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn notes_after_body_and_before_it() {
        let text = "正文第一页，提到 [1]，还有 [2]。\n[1] A, “One,” 2020.\n[2] B, “Two,” 2021, https://\nx.org/a.\n-1-\n [1] C, “Three,” 2022.\n和海底 [1]，正文。\n";
        let got: Vec<(Option<u32>, String, String)> = notes(text)
            .into_iter()
            .map(|n| (n.page, n.label, n.text))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(1), "1".into(), "A, “One,” 2020.".into()),
                (
                    Some(1),
                    "2".into(),
                    "B, “Two,” 2021, https://x.org/a.".into()
                ),
                (Some(2), "1".into(), "C, “Three,” 2022.".into()),
            ]
        );
    }

    #[test]
    fn table_after_last_note_is_not_part_of_it() {
        let text = "正文 [1]\n[1] Ibid.\n\n合作类别 合作领域 具体合作内容\n";
        assert_eq!(notes(text)[0].text, "Ibid.");
    }

    #[test]
    fn chinese_note_goes_on_until_complete() {
        let text =
            "正文 [1]\n[1] 王世达 ：《论印度》，载《和平与\n\n发展》2023 年第 1 期，第 72 页。\n";
        assert_eq!(
            notes(text)[0].text,
            "王世达 ：《论印度》，载《和平与发展》2023 年第 1 期，第 72 页。"
        );
    }
}
