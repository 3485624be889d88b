//! Endnotes: a "Notes" (or "注释", "References"...) heading followed by numbered
//! entries, as papers print them at the end instead of at the foot of each page.

use super::unwrap::unwrap;
use super::Note;

/// What a heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Notes, labelled by their numbers.
    Notes,
    /// A reference list, labelled `ref-N` so its numbers do not clash with notes'.
    References,
}

/// Headings that open notes, compared without case, markup or a trailing colon.
const NOTE_HEADINGS: &[&str] = &[
    "notes",
    "endnotes",
    "footnotes",
    "end notes",
    "notes and references",
    "注释",
    "注",
    "尾注",
    "脚注",
    "注解",
];

/// Headings that open a reference list.
const REFERENCE_HEADINGS: &[&str] = &[
    "references",
    "bibliography",
    "works cited",
    "sources",
    "literature cited",
    "参考文献",
    "参考资料",
    "引用文献",
];

/// The section a heading opens, if any.
pub fn heading_kind(text: &str) -> Option<Section> {
    let t = text
        .trim()
        .trim_start_matches(['#', ' ', '\t'])
        .trim_end_matches([':', '：', ' ', '\t'])
        .to_lowercase();
    if NOTE_HEADINGS.contains(&t.as_str()) {
        Some(Section::Notes)
    } else if REFERENCE_HEADINGS.contains(&t.as_str()) {
        Some(Section::References)
    } else {
        None
    }
}

/// True when `text` is a heading that opens notes or references.
pub fn is_notes_heading(text: &str) -> bool {
    heading_kind(text).is_some()
}

/// The numbered entries of every notes or references section of `lines`: an entry
/// starts with `N.`, `N)`, `[N]` or `N ` and runs on to the next entry, a blank line
/// followed by something else, or the next heading. Returns the notes and the index of
/// the first section's heading (the body ends there).
pub fn section_notes(lines: &[&str]) -> (Vec<Note>, Option<usize>) {
    let mut out = Vec::new();
    let mut first = None;
    let mut i = 0;
    while i < lines.len() {
        let Some(kind) = heading_kind(lines[i]).filter(|_| lines[i].len() < 40) else {
            i += 1;
            continue;
        };
        let before = out.len();
        let end = read_entries(lines, i + 1, kind, &mut out);
        if out.len() > before {
            first.get_or_insert(i);
        }
        i = end.max(i + 1);
    }
    (out, first)
}

/// Reads the entries after a heading; returns the line where they stop.
fn read_entries(lines: &[&str], from: usize, kind: Section, out: &mut Vec<Note>) -> usize {
    let mut i = from;
    let mut current: Option<(String, usize, Vec<&str>)> = None;
    let mut expected = None;
    let mut refs = 0;
    while i < lines.len() {
        let line = lines[i];
        if heading_kind(line).is_some() || line.trim_start().starts_with('#') {
            break;
        }
        match entry_start(line).filter(|(n, _)| *n == expected.unwrap_or(1)) {
            Some((n, rest)) => {
                flush(&mut current, kind, &mut refs, out);
                expected = Some(n + 1);
                current = Some((n.to_string(), i, vec![rest]));
            }
            None if line.trim().is_empty() => {}
            None => match current.as_mut() {
                Some((_, _, body)) => body.push(line.trim()),
                // Text before the first entry: not an entry list after all.
                None if expected.is_none() => break,
                None => {}
            },
        }
        i += 1;
    }
    flush(&mut current, kind, &mut refs, out);
    i
}

fn flush(
    current: &mut Option<(String, usize, Vec<&str>)>,
    kind: Section,
    refs: &mut usize,
    out: &mut Vec<Note>,
) {
    let Some((label, line, body)) = current.take() else {
        return;
    };
    let label = match kind {
        Section::Notes => label,
        Section::References => {
            *refs += 1;
            format!("ref-{refs}")
        }
    };
    out.push(Note {
        page: None,
        label,
        line: line + 1,
        text: unwrap(&body),
    });
}

/// `N. text`, `N) text`, `[N] text` or `N text` (at most three spaces of indent).
pub fn entry_start(line: &str) -> Option<(u32, &str)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let (inner, bracketed) = match t.strip_prefix('[') {
        Some(r) => (r, true),
        None => (t, false),
    };
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let n: u32 = inner[..digits].parse().ok()?;
    let after = &inner[digits..];
    let rest = if bracketed {
        after.strip_prefix(']')?
    } else if let Some(r) = after.strip_prefix(['.', ')']) {
        r
    } else {
        after
    };
    let body = rest.trim_start();
    // A separator must follow, and some text.
    (rest.len() > body.len() && !body.is_empty()).then_some((n, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(heading_kind("# Notes"), Some(Section::Notes));
        assert_eq!(heading_kind("注释："), Some(Section::Notes));
        assert_eq!(heading_kind("REFERENCES"), Some(Section::References));
        assert_eq!(heading_kind("Notes on method"), None);
    }

    #[test]
    fn numbered_entries_after_a_heading() {
        let lines = [
            "Body text.",
            "# Notes",
            "",
            "1. A, “T,” 2020,",
            "   https://a.org/x.",
            "2. Ibid.",
            "",
            "References",
            "[1] B, “U,” https://b.org",
        ];
        let (notes, first) = section_notes(&lines);
        assert_eq!(first, Some(1));
        let got: Vec<(&str, &str, usize)> = notes
            .iter()
            .map(|n| (n.label.as_str(), n.text.as_str(), n.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1", "A, “T,” 2020, https://a.org/x.", 4),
                ("2", "Ibid.", 6),
                ("ref-1", "B, “U,” https://b.org", 9)
            ]
        );
        assert_eq!(entry_start("2016 was a year"), Some((2016, "was a year")));
        assert_eq!(entry_start("12.5%"), None);
    }
}
