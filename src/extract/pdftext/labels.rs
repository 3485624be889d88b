//! Footnote labels at the start of a line, and the note markers of body text.
//!
//! PDF tools print a note's number in many ways: `[1] Text`, `1. Text`, `① Text`,
//! `1 Text` (the commonest `pdftotext` shape of a typeset superscript), `1Text` with the
//! number glued on, or the number alone on its own line, before or after the note.
//! The plain shapes are also how body text starts many lines (`6 月`, `15 (2013)`,
//! `3D printing`), so a plain label counts only when the body referred to that
//! number first ([`Markers`]).

use crate::extract::unwrap::is_cjk;

/// How a label is written; one page's notes share a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Family {
    /// `[1]`, `［1］`, `【1】`.
    Bracket,
    /// `1.`
    Dotted,
    /// `①`
    Circled,
    /// `1 Text`, `1Text`, or `1` alone.
    Plain,
}

/// One footnote label found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Def {
    /// Index of the line in its page.
    pub(super) line: usize,
    /// The footnote number the label stands for.
    pub(super) number: u32,
    /// How the label is written.
    pub(super) family: Family,
    /// True when the label stands alone on its line, the note's text before or after it.
    pub(super) alone: bool,
    /// Byte length of the indent, the label and the space after it.
    pub(super) label_len: usize,
}

/// Reads a footnote label at the start of a line.
pub(super) fn parse_def(line: &str, index: usize) -> Option<Def> {
    // A label starts with `[`, `【`, `(`, a digit (ASCII or full-width), a circled or a
    // superscript number: every other first byte turns the line away at once.
    let text = line.trim_start();
    let first = *text.as_bytes().first()?;
    if !matches!(first, b'[' | b'0'..=b'9' | 0xC2 | 0xE2 | 0xE3 | 0xEF) {
        return None;
    }
    let indent = line.len() - text.len();
    if let Some(def) = alone(text.trim_end(), index) {
        return Some(Def {
            label_len: line.len(),
            ..def
        });
    }
    // Deeper indents are code or centred text, not a note's first line.
    if indent > 3 {
        return None;
    }
    let (number, family, len) = label(text)?;
    let rest = &text[len..];
    let body = rest.trim_start();
    let spaced = body.len() < rest.len();
    let next = body.chars().next()?;
    let ok = match family {
        Family::Plain if spaced => starts_note_text(body, false),
        Family::Plain => starts_note_text(body, true),
        Family::Dotted => spaced && !next.is_ascii_digit() && !is_closing(next),
        Family::Bracket | Family::Circled => !next.is_ascii_digit() && !is_closing(next),
    };
    ok.then_some(Def {
        line: index,
        number,
        family,
        alone: false,
        label_len: indent + len + (rest.len() - body.len()),
    })
}

/// A label with nothing after it on the line: `1`, `[1]`, `1.`, `①`, `¹`.
fn alone(t: &str, index: usize) -> Option<Def> {
    if t.is_empty() || t.len() > 12 {
        return None;
    }
    let (number, family, len) = if t.chars().all(|c| superscript_digit(c).is_some()) {
        let n = t
            .chars()
            .filter_map(superscript_digit)
            .try_fold(0u32, |n, d| n.checked_mul(10)?.checked_add(d))?;
        (n, Family::Plain, t.len())
    } else {
        label(t)?
    };
    (len == t.len() && (1..=999).contains(&number)).then_some(Def {
        line: index,
        number,
        family,
        alone: true,
        label_len: 0,
    })
}

/// The label at the start of `t`: its number, family and byte length.
fn label(t: &str) -> Option<(u32, Family, usize)> {
    let (number, family, len) = if let Some(close) = bracket_close(t) {
        let open = t.chars().next()?.len_utf8();
        let (n, digits) = digits(&t[open..])?;
        (t[open + digits..].starts_with(close)).then_some(())?;
        (n, Family::Bracket, open + digits + close.len_utf8())
    } else if let Some(n) = t.chars().next().and_then(circled_number) {
        (n, Family::Circled, t.chars().next()?.len_utf8())
    } else {
        let (n, len) = digits(t)?;
        let mut after = t[len..].chars();
        match after.next() {
            Some(dot @ ('.' | '．')) if !after.next().is_some_and(|c| c.is_ascii_digit()) => {
                (n, Family::Dotted, len + dot.len_utf8())
            }
            _ => (n, Family::Plain, len),
        }
    };
    (1..=999).contains(&number).then_some((number, family, len))
}

fn bracket_close(t: &str) -> Option<char> {
    match t.chars().next()? {
        '[' => Some(']'),
        '［' => Some('］'),
        '【' => Some('】'),
        _ => None,
    }
}

/// One to three digits, ASCII or full-width: their value and byte length.
fn digits(t: &str) -> Option<(u32, usize)> {
    let mut n = 0;
    let mut len = 0;
    for (count, c) in t.chars().enumerate() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        if count == 3 {
            return None;
        }
        n = n * 10 + d;
        len += c.len_utf8();
    }
    (len > 0).then_some((n, len))
}

/// Whether the text after a plain number starts a note: a capitalised word, an
/// opening quote or a Chinese word (not a unit such as `月` or `页` that a number in
/// running text takes). Glued to the number, a capital must start a word of two
/// letters at least (`4Martin`, not `3D`).
fn starts_note_text(body: &str, glued: bool) -> bool {
    let mut chars = body.chars();
    let Some(c) = chars.next() else {
        return false;
    };
    if is_open_quote(c) {
        return true;
    }
    if c.is_uppercase() {
        return !glued || chars.next().is_some_and(char::is_lowercase);
    }
    is_cjk(c) && !is_unit(c) && !c.is_ascii_punctuation() && !is_closing(c)
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '"' | '‘' | '«' | '《' | '「' | '『' | '„')
}

/// Chinese words that follow a number in running text: dates, pages, counts.
fn is_unit(c: char) -> bool {
    "年月日号期页章节条款项倍个位名次岁人家天周时分秒万亿千百元米里届版卷册部种类点余多至到或和、，。：；）％".contains(c)
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '、' | '）' | ')' | ']' | ',' | '.' | ';' | ':'
    )
}

/// The value of a circled number `①`..`㊿`.
pub(super) fn circled_number(c: char) -> Option<u32> {
    match c as u32 {
        n @ 0x2460..=0x2473 => Some(n - 0x2460 + 1),
        n @ 0x3251..=0x325F => Some(n - 0x3251 + 21),
        n @ 0x32B1..=0x32BF => Some(n - 0x32B1 + 36),
        _ => None,
    }
}

fn superscript_digit(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁴' as u32 + 4),
        _ => None,
    }
}

/// The note numbers that body text has referred to so far: `policy.12`, `重点。1白皮书`,
/// `later. 6` at a line's end, `word¹²`.
#[derive(Debug, Clone)]
pub(super) struct Markers {
    seen: Vec<bool>,
}

impl Default for Markers {
    fn default() -> Self {
        Markers {
            seen: vec![false; 1000],
        }
    }
}

impl Markers {
    /// True once a marker for `n` has been read.
    pub(super) fn has(&self, n: u32) -> bool {
        self.seen.get(n as usize).copied().unwrap_or(false)
    }

    /// Records the markers of one line.
    pub(super) fn read(&mut self, line: &str) {
        for n in markers(line) {
            if let Some(slot) = self.seen.get_mut(n as usize) {
                *slot = true;
            }
        }
    }
}

/// The note numbers one line refers to.
fn markers(line: &str) -> impl Iterator<Item = u32> + '_ {
    let bytes = line.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if let Some(n) = marker_at(line, start, i) {
                    return Some(n);
                }
            } else if b == 0xC2 || b == 0xE2 {
                // Superscript digits: `¹²³` lead with 0xC2, the others with 0xE2.
                let start = i;
                let sup: String = line[start..]
                    .chars()
                    .take_while(|&c| superscript_digit(c).is_some())
                    .collect();
                i += sup.len().max(1);
                while i < bytes.len() && !line.is_char_boundary(i) {
                    i += 1;
                }
                let n = sup
                    .chars()
                    .filter_map(superscript_digit)
                    .try_fold(0u32, |n, d| n.checked_mul(10)?.checked_add(d));
                if let Some(n) = n.filter(|n| (1..=999).contains(n) && sup.len() <= 9) {
                    return Some(n);
                }
            } else {
                i += 1;
            }
        }
        None
    })
}

/// The number `line[start..end]` when it is a marker: one to three digits right after
/// a word or a closing mark, and no more number after them (`3.2`, `1,000`, `F-35`
/// and `2023` are not markers).
fn marker_at(line: &str, start: usize, end: usize) -> Option<u32> {
    if end - start > 3 {
        return None;
    }
    let n: u32 = line[start..end].parse().ok()?;
    if n == 0 {
        return None;
    }
    let after = &line[end..];
    let mut next = after.chars();
    match next.next() {
        Some(c) if c.is_ascii_digit() => return None,
        Some('.' | ',') if next.next().is_some_and(|c| c.is_ascii_digit()) => return None,
        _ => {}
    }
    let before = &line[..start];
    // Digits inside a URL (`www2.`, `/2022/05/`) refer to no note.
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word_end = after
        .find(char::is_whitespace)
        .map_or(line.len(), |p| end + p);
    let word = &line[word_start..word_end];
    if word.contains('/') || word.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("www")) {
        return None;
    }
    let mut back = before.chars().rev();
    let prev = back.next()?;
    let ok = if prev.is_alphabetic() {
        // `H1N1`, `MQ9`: a letter straight after a digit is a code, not a marker.
        !after.starts_with(|c: char| c.is_ascii_alphanumeric())
    } else if matches!(prev, '.' | ',' | ';' | ':' | '!' | '?') {
        back.next()
            .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace())
    } else if prev == ' ' {
        // `decades later. 6` at the end of a line: a marker set apart by a space.
        after.trim().is_empty()
            && before
                .trim_end()
                .ends_with(['.', '。', ',', ';', '”', '"', ')'])
    } else {
        matches!(
            prev,
            ')' | '”' | '’' | '"' | '\'' | '。' | '，' | '；' | '：' | '）' | '」' | '》' | '、'
        ) || is_cjk(prev)
    };
    ok.then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let cases = [
            ("[1] U.S. Department", Some((1, Family::Bracket, false))),
            ("[4]“India-US Ties", Some((4, Family::Bracket, false))),
            ("[3]2022", None),
            ("[1]，此为", None),
            ("12. Smith, J.", Some((12, Family::Dotted, false))),
            ("2023. A year", None),
            ("② 王世达", Some((2, Family::Circled, false))),
            ("③，", None),
            ("    [1] code", None),
            ("[0] zero", None),
            ("\u{3000}[1] 全角空格", Some((1, Family::Bracket, false))),
            ("\t3. Tabbed", Some((3, Family::Dotted, false))),
            ("Abc [1] text", None),
            (
                "1 Jonathan Zittrain, “Perma,”",
                Some((1, Family::Plain, false)),
            ),
            (
                "1 “Fact Sheet,” The White House",
                Some((1, Family::Plain, false)),
            ),
            ("4Martin Klein et al.", Some((4, Family::Plain, false))),
            ("5“Fact Sheet: Quad", Some((5, Family::Plain, false))),
            ("4参见工业和信息化部", Some((4, Family::Plain, false))),
            ("12 商务部：《白皮书》", Some((12, Family::Plain, false))),
            ("3D printing is", None),
            ("6 月 21 日", None),
            ("15 (2013), https://x.org", None),
            ("5 percent of", None),
            ("2016), https://doi.org", None),
            ("7", Some((7, Family::Plain, true))),
            ("   12  ", Some((12, Family::Plain, true))),
            ("[3]", Some((3, Family::Bracket, true))),
            ("4.", Some((4, Family::Dotted, true))),
            ("²", Some((2, Family::Plain, true))),
            ("１２ 全角数字", Some((12, Family::Plain, false))),
            ("［２］ 全角括号", Some((2, Family::Bracket, false))),
            ("1000", None),
            ("3.2 Results", None),
        ];
        for (line, want) in cases {
            assert_eq!(
                parse_def(line, 0).map(|d| (d.number, d.family, d.alone)),
                want,
                "{line}"
            );
        }
    }

    #[test]
    fn label_length_reaches_the_text() {
        for (line, text) in [
            ("1 Jonathan", "Jonathan"),
            ("4Martin", "Martin"),
            (" [2]  Ibid.", "Ibid."),
            ("１２ 全角", "全角"),
        ] {
            let def = parse_def(line, 0).unwrap();
            assert_eq!(&line[def.label_len..], text, "{line}");
        }
    }

    #[test]
    fn body_markers() {
        let cases: &[(&str, &[u32])] = &[
            ("within a few years of publication.1 The same", &[1]),
            ("law reviews.2", &[2]),
            ("found in a library decades later. 6", &[6]),
            ("并提出了下一阶段的合作重点。1白皮书指出", &[1]),
            ("the policy12 and", &[12]),
            ("a word¹² here", &[12]),
            ("in 2023, version 3.2 of F-35 and 1,000 ships", &[]),
            ("MQ9B and 3G4s", &[]),
            ("page 45 of the report", &[]),
            ("“Title,”3 then", &[3]),
            ("https://www2.example.com/a2 www3.x.org", &[]),
        ];
        for (line, want) in cases {
            assert_eq!(markers(line).collect::<Vec<_>>(), *want, "{line}");
        }
    }
}
