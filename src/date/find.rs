//! Finding the dates printed in a text, in every form a footnote or a page prints them.
//!
//! [`find_dates`] reads every date form we know in one left-to-right pass over a
//! token list, so that a megabyte of hostile text costs milliseconds. It reports bare
//! years that may be pages or range ends as `weak`, and leaves the choice between
//! dates (publication or access, inside the title or not) to the caller, which knows
//! where the title and the URLs are; [`is_access_date`] tells the access dates apart.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::PartialDate;
use crate::text::is_cjk;
use crate::text::lower::Lower;

/// A date printed in a text: where, what, and how sure we are that it is a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range of the printed date in the searched text.
    pub range: Range<usize>,
    /// The date, as precise as printed.
    pub date: PartialDate,
    /// True for a bare year that may be a page, a range end or a number.
    pub weak: bool,
}

/// Bare years outside this span are taken for numbers (pages, article ids).
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<u32> = 1400..=2100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of ASCII digits: its value (saturated) and its digit count.
    Num(u32, usize),
    /// A run of letters outside the CJK blocks.
    Word,
    /// One CJK character.
    Cjk(char),
    /// Any other character that is not white space.
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

/// The token that starts at or after byte `i` (white space skipped), or `None` at the
/// end. ASCII, the bulk of every citation, is classified byte by byte; other
/// characters are decoded and classified exactly as ASCII ones would be.
fn next_token(text: &str, mut i: usize) -> Option<Tok> {
    let bytes = text.as_bytes();
    loop {
        let start = i;
        let b = *bytes.get(i)?;
        let kind = if b.is_ascii_digit() {
            let mut value: u32 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            Kind::Num(value, i - start)
        } else if b.is_ascii_alphabetic() {
            i = word_end(text, i + 1);
            Kind::Word
        } else if b < 0x80 {
            i += 1;
            // `char::is_whitespace` for ASCII: tab, line feed, vertical tab, form feed,
            // carriage return and space.
            if matches!(b, b'\t'..=b'\r' | b' ') {
                continue;
            }
            Kind::Punct(char::from(b))
        } else {
            let c = text.get(i..)?.chars().next()?;
            i += c.len_utf8();
            if is_cjk(c) {
                Kind::Cjk(c)
            } else if c.is_alphabetic() {
                i = word_end(text, i);
                Kind::Word
            } else if c.is_whitespace() {
                continue;
            } else {
                Kind::Punct(c)
            }
        };
        return Some(Tok {
            kind,
            start,
            end: i,
        });
    }
}

/// Where the `n`th token before byte `pos` starts (`pos` starts a token), or the
/// start of the text. Tokens are maximal runs of one class, so reading them backwards
/// finds the same boundaries as reading forwards.
fn tokens_back(text: &str, mut pos: usize, n: usize) -> usize {
    for _ in 0..n {
        // White space (but not the ideographic space, a CJK token) is skipped.
        let (at, c) = loop {
            let Some((at, c)) = char_before(text, pos) else {
                return 0;
            };
            if c.is_whitespace() && !is_cjk(c) {
                pos = at;
            } else {
                break (at, c);
            }
        };
        pos = at;
        let bytes = text.as_bytes();
        if c.is_ascii_digit() {
            while pos > 0 && bytes[pos - 1].is_ascii_digit() {
                pos -= 1;
            }
        } else if !is_cjk(c) && c.is_alphabetic() {
            // ASCII letters byte by byte; only other bytes need a decoded character.
            while pos > 0 {
                let b = bytes[pos - 1];
                if b.is_ascii_alphabetic() {
                    pos -= 1;
                } else if b.is_ascii() {
                    break;
                } else {
                    match char_before(text, pos) {
                        Some((at, d)) if d.is_alphabetic() && !is_cjk(d) => pos = at,
                        _ => break,
                    }
                }
            }
        }
    }
    pos
}

/// The character that ends at byte `pos`, and where it starts.
fn char_before(text: &str, pos: usize) -> Option<(usize, char)> {
    let b = *text.as_bytes().get(pos.checked_sub(1)?)?;
    if b.is_ascii() {
        return Some((pos - 1, char::from(b)));
    }
    let c = text.get(..pos)?.chars().next_back()?;
    Some((pos - c.len_utf8(), c))
}

/// Start of the first run of exactly four ASCII digits at or after `from` (which
/// must not be inside a run of digits); every date has one.
fn next_year_digits(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        // Eight bytes at a time while none is a digit: most text has few.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !has_digit(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4 {
            return Some(start);
        }
    }
    None
}

/// True when one of the eight bytes of `word` is an ASCII digit.
fn has_digit(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Digits become bytes below 10; a byte below 10 is found by the borrow it causes
    // when 10 is subtracted, counted only where the byte's own top bit was clear.
    let x = word ^ (ONES * u64::from(b'0'));
    x.wrapping_sub(ONES * 10) & !x & HIGH != 0
}

/// End of the run of letters (outside the CJK blocks) that goes on at `i`.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            i += 1;
        } else if b < 0x80 {
            break;
        } else {
            match text[i..].chars().next() {
                Some(c) if c.is_alphabetic() && !is_cjk(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// Month number of a month name or abbreviation in English, French, German, Spanish,
/// Portuguese or Italian (`June`, `Sept`, `avril`, `März`, `dezembro`).
pub fn month_number(word: &str) -> Option<u8> {
    if word.len() < 3 || word.len() > 10 {
        return None;
    }
    // Every month name in every language listed starts with one of these pairs of
    // letters; a second byte outside ASCII (`jä`, `fé`, `dé`) is left to the full test.
    let (first, second) = (word.as_bytes()[0], word.as_bytes()[1]);
    let pair = [first.to_ascii_lowercase(), second.to_ascii_lowercase()];
    let may_be_month = if second.is_ascii() {
        matches!(
            &pair,
            b"ja"
                | b"en"
                | b"ge"
                | b"fe"
                | b"ma"
                | b"ap"
                | b"av"
                | b"ab"
                | b"ju"
                | b"gi"
                | b"lu"
                | b"au"
                | b"ao"
                | b"ag"
                | b"se"
                | b"oc"
                | b"ok"
                | b"ou"
                | b"ot"
                | b"no"
                | b"de"
                | b"di"
        )
    } else {
        matches!(
            pair[0],
            b'j' | b'e' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd' | b'g' | b'l'
        )
    };
    if !may_be_month {
        return None;
    }
    // Lower-cased on the stack: this runs for words near every year.
    let lower = Lower::of(word)?;
    let month = match lower.as_str() {
        "jan" | "january" | "janvier" | "januar" | "jänner" | "enero" | "janeiro" | "gennaio" => 1,
        "feb" | "february" | "février" | "fevrier" | "februar" | "febrero" | "fevereiro"
        | "febbraio" => 2,
        "mar" | "march" | "mars" | "märz" | "marz" | "marzo" | "março" | "marco" => 3,
        "apr" | "april" | "avril" | "abril" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maio" | "maggio" => 5,
        "jun" | "june" | "juin" | "juni" | "junio" | "junho" | "giugno" => 6,
        "jul" | "july" | "juillet" | "juli" | "julio" | "julho" | "luglio" => 7,
        "aug" | "august" | "août" | "aout" | "agosto" => 8,
        "sep" | "sept" | "september" | "septembre" | "septiembre" | "setembro" | "settembre" => 9,
        "oct" | "october" | "octobre" | "oktober" | "octubre" | "outubro" | "ottobre" | "okt" => 10,
        "nov" | "november" | "novembre" | "noviembre" | "novembro" => 11,
        "dec" | "december" | "décembre" | "decembre" | "dezember" | "diciembre" | "dezembro"
        | "dicembre" | "dez" => 12,
        _ => return None,
    };
    Some(month)
}

struct Scan<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

impl Scan<'_> {
    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.kind(i) == Some(Kind::Punct(c))
    }

    /// Index after an optional `c` at `i`.
    fn skip(&self, i: usize, c: char) -> usize {
        if self.is_punct(i, c) {
            i + 1
        } else {
            i
        }
    }

    fn month(&self, i: usize) -> Option<u8> {
        let t = self.toks.get(i)?;
        if t.kind != Kind::Word {
            return None;
        }
        month_number(&self.text[t.start..t.end])
    }

    fn num(&self, i: usize, max_digits: usize) -> Option<u32> {
        match self.kind(i)? {
            Kind::Num(v, len) if len <= max_digits => Some(v),
            _ => None,
        }
    }

    fn year(&self, i: usize) -> Option<u16> {
        match self.kind(i)? {
            Kind::Num(v, 4) => u16::try_from(v).ok(),
            _ => None,
        }
    }

    /// True when tokens `i` and `i + 1` touch (no space between).
    fn tight(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    fn word_is(&self, i: usize, words: &[&str]) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.kind == Kind::Word
                && words
                    .iter()
                    .any(|w| self.text[t.start..t.end].eq_ignore_ascii_case(w))
        })
    }

    /// The date that starts at token `i`, with the index of the token after it.
    fn date_at(&self, i: usize) -> Option<(PartialDate, bool, usize)> {
        match self.kind(i)? {
            Kind::Word => self.month_first(i),
            Kind::Num(_, 4) => self.year_first(i),
            Kind::Num(_, 1 | 2) => self.day_first(i),
            _ => None,
        }
    }

    /// `June 22, 2023`, `Jan. 5, 2020`, `June 22nd 2023`, `February, 2022`, `Aug. 2014`.
    fn month_first(&self, i: usize) -> Option<(PartialDate, bool, usize)> {
        let m = self.month(i)?;
        let j = self.skip(i + 1, '.');
        let j = self.skip(j, ',');
        if let Some(d) = self.num(j, 2) {
            let mut k = j + 1;
            if self.word_is(k, &["st", "nd", "rd", "th"]) {
                k += 1;
            }
            let k = self.skip(k, ',');
            if let Some(y) = self.year(k) {
                let date = PartialDate::new(y, Some(m), u8::try_from(d).ok());
                return date.map(|date| (date, false, k + 1));
            }
        }
        let y = self.year(j)?;
        PartialDate::new(y, Some(m), None).map(|date| (date, false, j + 1))
    }

    /// `22 June 2023`, `2 Aug. 2006`, `17. März 2005`, `17.03.2005`, `6/15/2006`.
    fn day_first(&self, i: usize) -> Option<(PartialDate, bool, usize)> {
        let a = u8::try_from(self.num(i, 2)?).ok()?;
        let j = self.skip(i + 1, '.');
        // Spanish and Portuguese: `17 de marzo de 2020`.
        let j = j + usize::from(self.word_is(j, &["de"]) && self.month(j + 1).is_some());
        if let Some(m) = self.month(j) {
            let k = self.skip(j + 1, '.');
            let k = self.skip(k, ',');
            let k = k + usize::from(self.word_is(k, &["de", "del"]));
            let y = self.year(k)?;
            return PartialDate::new(y, Some(m), Some(a)).map(|date| (date, false, k + 1));
        }
        // Numeric: D.M.YYYY (European) or M/D/YYYY (American), printed without spaces.
        let sep = match self.kind(i + 1)? {
            Kind::Punct(c @ ('.' | '/')) => c,
            _ => return None,
        };
        let b = u8::try_from(self.num(i + 2, 2)?).ok()?;
        if !(self.tight(i) && self.tight(i + 1) && self.tight(i + 2) && self.is_punct(i + 3, sep)) {
            return None;
        }
        let y = self.year(i + 4).filter(|_| self.tight(i + 3))?;
        if self.continues_number(i + 4) {
            return None;
        }
        let date = if sep == '/' && a <= 12 {
            PartialDate::new(y, Some(a), Some(b))
        } else {
            PartialDate::new(y, Some(b), Some(a))
        };
        date.map(|date| (date, false, i + 5))
    }

    /// True when token `i` is followed, without a space, by `.`/`/`/`-` and more digits.
    fn continues_number(&self, i: usize) -> bool {
        self.tight(i)
            && matches!(self.kind(i + 1), Some(Kind::Punct('.' | '/' | '-')))
            && self.tight(i + 1)
            && matches!(self.kind(i + 2), Some(Kind::Num(..)))
    }

    /// `2024 年 2 月 29 日`, `2023 年第 1 期`, `2024-05-24`, `(2014, January 17)`, `2012`.
    fn year_first(&self, i: usize) -> Option<(PartialDate, bool, usize)> {
        let y = self.year(i)?;
        if self.kind(i + 1) == Some(Kind::Cjk('年')) {
            if let (Some(m), Some(Kind::Cjk('月'))) = (self.num(i + 2, 2), self.kind(i + 3)) {
                let m = u8::try_from(m).ok();
                if let (Some(d), Some(Kind::Cjk('日' | '号'))) =
                    (self.num(i + 4, 2), self.kind(i + 5))
                {
                    if let Some(date) = PartialDate::new(y, m, u8::try_from(d).ok()) {
                        return Some((date, false, i + 6));
                    }
                }
                if let Some(date) = PartialDate::new(y, m, None) {
                    return Some((date, false, i + 4));
                }
            }
            return PartialDate::new(y, None, None).map(|date| (date, false, i + 2));
        }
        // ISO-like, printed tight: 2024-05-24, 2024/05/24, 2024.05.24.
        if let Some(Kind::Punct(sep @ ('-' | '/' | '.'))) = self.kind(i + 1) {
            let tight = (i..i + 4).all(|k| self.tight(k));
            if let (true, Some(m), true, Some(d)) = (
                tight,
                self.num(i + 2, 2),
                self.is_punct(i + 3, sep),
                self.num(i + 4, 2),
            ) {
                let date = PartialDate::new(y, u8::try_from(m).ok(), u8::try_from(d).ok());
                if let (Some(date), false) = (date, self.continues_number(i + 4)) {
                    return Some((date, false, i + 5));
                }
            }
        }
        // APA: (2014, January 17) or (2014, January).
        if i > 0 && self.is_punct(i - 1, '(') && self.is_punct(i + 1, ',') {
            if let Some(m) = self.month(i + 2) {
                let j = self.skip(i + 3, '.');
                let day = self.num(j, 2).and_then(|d| u8::try_from(d).ok());
                if let Some(date) = PartialDate::new(y, Some(m), day) {
                    return Some((date, false, if day.is_some() { j + 1 } else { j }));
                }
            }
        }
        self.bare_year(i, y)
    }

    /// A year printed alone: rejected inside identifiers, weak in ranges and after `:`.
    fn bare_year(&self, i: usize, y: u16) -> Option<(PartialDate, bool, usize)> {
        if !PLAUSIBLE_YEARS.contains(&u32::from(y)) {
            return None;
        }
        let t = self.toks.get(i)?;
        let bytes = self.text.as_bytes();
        let before = self.text[..t.start].chars().next_back();
        let after = self.text[t.end..].chars().next();
        // Inside a word, a DOI, a path or a version number: `A2010`, `10.1016/2010.12`.
        if before.is_some_and(|c| {
            c.is_alphanumeric() || matches!(c, '.' | '/' | '_' | '#' | '=' | '°' | '№')
        }) {
            return None;
        }
        let mut next = i + 1;
        if let Some(c) = after {
            if c.is_alphabetic() {
                // `2013b` stays a year; `1990s` or `2010abc` do not.
                let second = self.text[t.end + c.len_utf8()..].chars().next();
                if !c.is_ascii_lowercase() || c > 'f' || second.is_some_and(char::is_alphanumeric) {
                    return None;
                }
                next += 1;
            }
            if matches!(c, '/' | '_')
                || (c == '.' && bytes.get(t.end + 1).is_some_and(u8::is_ascii_digit))
            {
                return None;
            }
        }
        // After `p.`, `pp.`, `No.`, `vol.`, `n°`: a number, not a year.
        // After `pp.`, `No.`, `vol.`, `p.` (also as the end of `pp. 1994-2001`).
        let numbered = |i: usize| {
            let dotted = i > 0 && self.is_punct(i - 1, '.');
            let p = i - usize::from(dotted);
            let numbering = [
                "pp", "no", "nr", "vol", "art", "isbn", "issn", "page", "pages", "nos",
            ];
            p > 0
                && (self.word_is(p - 1, &numbering)
                    || (dotted && self.word_is(p - 1, &["p", "n", "s"])))
        };
        let range_end = i >= 2
            && matches!(self.kind(i - 1), Some(Kind::Punct('-' | '–' | '—')))
            && matches!(self.kind(i - 2), Some(Kind::Num(..)));
        if numbered(i) || (range_end && numbered(i - 2)) {
            return None;
        }
        let range_dash = |c: Option<char>| matches!(c, Some('-' | '–' | '—' | '‐' | '‑'));
        let dash_then_digit = range_dash(after)
            && self.text[t.end..]
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit());
        let digit_then_dash = range_dash(before)
            && self.text[..t.start]
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit());
        let after_colon = i > 0
            && self.is_punct(i - 1, ':')
            && i > 1
            && matches!(self.kind(i - 2), Some(Kind::Num(..)));
        let weak = dash_then_digit || digit_then_dash || after_colon;
        PartialDate::new(y, None, None).map(|date| (date, weak, next))
    }
}

/// Finds the dates printed in `text`, in order, without overlaps.
///
/// Reads `June 22, 2023`, `22 June 2023`, `February, 2022`, `(2014, January 17)`,
/// `2024-05-24`, `17.03.2005`, `2024 年 2 月 29 日`, `2023 年第 1 期` and bare years
/// (`2012.`, `(1999)`, `summer 1961`, `2013b`). Years inside identifiers, DOIs and
/// after `p.`/`No.`/`vol.` are skipped; years in numeric ranges are marked weak.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    thread_local! {
        // The windows' tokens and years, kept between calls: this runs several times
        // per citation, and two allocations per call were a large share of its cost.
        static BUFFERS: std::cell::RefCell<(Vec<Tok>, Vec<usize>)> =
            const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
    }
    let bytes = text.as_bytes();
    let Some(first_year) = next_year_digits(bytes, 0) else {
        return Vec::new();
    };
    BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut buffers) => {
            let (toks, years) = &mut *buffers;
            dates_in_windows(text, first_year, toks, years)
        }
        Err(_) => dates_in_windows(text, first_year, &mut Vec::new(), &mut Vec::new()),
    })
}

/// [`find_dates`] from the first year at `first_year`, with buffers to reuse.
fn dates_in_windows(
    text: &str,
    first_year: usize,
    toks: &mut Vec<Tok>,
    years: &mut Vec<usize>,
) -> Vec<FoundDate> {
    // Every date holds a four-digit year at most `REACH` tokens after its first token
    // (`June 22nd, 2023` is six), and the readers look at most `REACH` tokens before
    // or after a year. So only windows of text around years are read: from `REACH`
    // tokens before a year to `REACH` tokens after the last year of a cluster. The
    // dates found are those a left-to-right pass over all tokens finds.
    const REACH: usize = 6;
    let bytes = text.as_bytes();
    let mut out: Vec<FoundDate> = Vec::new();
    let mut next = Some(first_year);
    while let Some(year) = next {
        toks.clear();
        years.clear();
        let mut at = tokens_back(text, year, REACH);
        let mut left = usize::MAX;
        while left > 0 {
            let Some(t) = next_token(text, at) else {
                break;
            };
            at = t.end;
            if matches!(t.kind, Kind::Num(_, 4)) && t.start >= year {
                years.push(toks.len());
                left = REACH;
            } else if left != usize::MAX {
                left -= 1;
            }
            toks.push(t);
        }
        next = next_year_digits(bytes, at);
        // A date found in the window before may reach into this one.
        let done = out.last().map_or(0, |d| d.range.end);
        let scan = Scan { text, toks };
        let mut next_year = 0;
        let mut i = 0;
        while i < scan.toks.len() {
            while years.get(next_year).is_some_and(|&y| y < i) {
                next_year += 1;
            }
            let Some(&y) = years.get(next_year) else {
                break;
            };
            i = i.max(y.saturating_sub(REACH));
            if scan.toks[i].start < done {
                i += 1;
                continue;
            }
            match scan.date_at(i) {
                Some((date, weak, next)) if next > i => {
                    let start = scan.toks[i].start;
                    let end = scan.toks.get(next - 1).map_or(text.len(), |t| t.end);
                    out.push(FoundDate {
                        range: start..end,
                        date,
                        weak,
                    });
                    i = next;
                }
                _ => i += 1,
            }
        }
    }
    out
}

/// True when a date may start at the very beginning of `text`: only a number or a
/// month name can start one, so other first characters rule it out without a scan.
pub fn may_start_date(text: &str) -> bool {
    text.as_bytes().first().is_some_and(|&b| {
        b.is_ascii_digit()
            || matches!(
                b.to_ascii_lowercase(),
                b'j' | b'e' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd' | b'g' | b'l'
            )
    })
}

/// Words that put an access date after them (compared in ASCII lower case).
const ACCESS_BEFORE: &[&str] = &[
    "accessed",
    "retrieved",
    "visited",
    "viewed",
    "consulted",
    "consulté",
    "consultado",
    "consultato",
    "acesso em",
    "acessado",
    "abgerufen",
    "abruf",
    "zugriff",
    "stand:",
    "downloaded",
    "[cited",
    "recuperado el",
    "web.",
    "date of access",
    "访问日期",
    "访问时间",
    "引用日期",
    "检索日期",
    "浏览日期",
    "查询日期",
    "访问于",
    "登录日期",
    "上网日期",
];

/// Finds [`ACCESS_BEFORE`] in any ASCII letter case, built on first use.
fn access_markers() -> Option<&'static AhoCorasick> {
    static MARKERS: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    MARKERS
        .get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(ACCESS_BEFORE)
                .ok()
        })
        .as_ref()
}

/// Words printed right after an access date: `2024 年 5 月 1 日访问`.
const ACCESS_AFTER: &[&str] = &["访问", "浏览", "查阅", "检索", "登录", "引用"];

/// How far before a date an access marker may stand (`accessed on 5 March 2014`).
const ACCESS_GAP: usize = 24;

/// True when the date printed at `range` in `text` is an access date: after `accessed`,
/// `Retrieved`, `last visited`, `Web.`, `访问日期：`, before `访问`, or GB/T 7714's
/// bracketed citation date `(2012-05-03)[2013-11-12]`.
pub fn is_access_date(text: &str, range: &Range<usize>) -> bool {
    let (Some(before), Some(after)) = (text.get(..range.start), text.get(range.end..)) else {
        return false;
    };
    let after = after.trim_start();
    if ACCESS_AFTER.iter().any(|w| after.starts_with(w)) {
        return true;
    }
    if before.ends_with('[')
        && after.starts_with(']')
        && before[..before.len() - 1].trim_end().ends_with([')', ']'])
    {
        return true;
    }
    let mut from = before.len().saturating_sub(ACCESS_GAP + 16);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let window = &before.as_bytes()[from..];
    let Some(markers) = access_markers() else {
        return false;
    };
    // Only the last occurrence of each marker counts: its gap to the date is the one
    // that must be short and free of another sentence or a link.
    let mut last: Vec<Option<usize>> = vec![None; ACCESS_BEFORE.len()];
    for m in markers.find_iter(window) {
        last[m.pattern().as_usize()] = Some(m.end());
    }
    last.into_iter().flatten().any(|end| {
        let gap = &window[end..];
        gap.len() <= ACCESS_GAP
            && !gap.contains(&b';')
            && !contains_bytes(gap, "。".as_bytes())
            && !contains_bytes_ignore_case(gap, b"http")
            && !contains_bytes_ignore_case(gap, b"www.")
    })
}

/// True when `needle` occurs in `hay` (both a few dozen bytes at most).
fn contains_bytes(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// [`contains_bytes`] in any ASCII letter case (`needle` in lower case).
fn contains_bytes_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates `find_dates` reads in `text`, as `date` (or `date~` when weak).
    fn dates(text: &str) -> Vec<String> {
        find_dates(text)
            .into_iter()
            .map(|d| format!("{}{}", d.date, if d.weak { "~" } else { "" }))
            .collect()
    }

    #[test]
    fn date_forms() {
        let cases: &[(&str, &[&str])] = &[
            ("June 22, 2023,", &["2023-06-22"]),
            ("22 June 2023", &["2023-06-22"]),
            ("Jan. 5, 2020", &["2020-01-05"]),
            ("June 22nd, 2023", &["2023-06-22"]),
            (
                "2 Aug. 2006, Web. 29 Sept. 2016",
                &["2006-08-02", "2016-09-29"],
            ),
            ("February, 2022,", &["2022-02"]),
            ("(accessed August 2014)", &["2014-08"]),
            ("(2014, January 17).", &["2014-01-17"]),
            ("(2010, December).", &["2010-12"]),
            ("2023 年第 1 期", &["2023"]),
            ("2024 年 2 月 29 日", &["2024-02-29"]),
            ("2024年05月24日", &["2024-05-24"]),
            ("2023 年 8 月", &["2023-08"]),
            ("Vol.155, No.1, 2010, pp.52-57.", &["2010"]),
            ("(1999).", &["1999"]),
            ("2012.", &["2012"]),
            ("(summer 1961), pp. 21-33", &["1961"]),
            ("2013b. Title", &["2013"]),
            ("17 avril 2015", &["2015-04-17"]),
            ("martes 17 de marzo de 2020", &["2020-03-17"]),
            ("17. März 2005", &["2005-03-17"]),
            ("Abruf am: 17.03.2005", &["2005-03-17"]),
            ("2015-05-12.", &["2015-05-12"]),
            ("6/15/2006", &["2006-06-15"]),
            ("1805-1815, (1979)", &["1805~", "1815~", "1979"]),
            ("1969-75 Inflation", &["1969~"]),
            ("33:10: 2265", &[]),
            ("pp. 1994-2001", &[]),
            ("p. 2010", &[]),
            ("No. 2010", &[]),
            ("ISBN 2010", &[]),
            ("doi:10.1016/j.chroma.2010.12.039", &[]),
            ("A2010 w2263 1990s", &[]),
            ("June 31, 2023", &["2023"]),
            ("2023-02-29", &["2023~"]),
            ("9999 0999", &[]),
            // The day of a date already read does not start another.
            ("2024-05-24 June., 2025", &["2024-05-24", "2025-06"]),
        ];
        for (text, want) in cases {
            assert_eq!(dates(text), *want, "{text}");
        }
    }

    #[test]
    fn access_dates() {
        let cases = [
            ("X, accessed June 7, 2015.", true),
            ("X (accessed August 2014).", true),
            ("Retrieved June 18, 2016, from https://x.org", true),
            ("last visited May 1, 2020", true),
            ("Last Accessed 2 March 2014", true),
            ("Web. 29 Sept. 2016", true),
            ("2024 年 5 月 1 日访问。", true),
            ("访问日期：2024 年 5 月 1 日", true),
            ("(2012-05-03)[2013-11-12]", true),
            ("Consulté le 20 juillet 2012", true),
            ("June 22, 2023, https://x.org/a", false),
            (
                "Retrieved from https://x.org/a-very-long-path/for-sure, 2012",
                false,
            ),
        ];
        for (text, want) in cases {
            let found = find_dates(text);
            let last = found.last().expect(text);
            assert_eq!(is_access_date(text, &last.range), want, "{text}");
        }
    }

    /// The plain algorithm that [`find_dates`] speeds up: every token of the text,
    /// every token tried as the start of a date.
    fn find_dates_everywhere(text: &str) -> Vec<FoundDate> {
        let mut toks = Vec::new();
        let mut at = 0;
        while let Some(t) = next_token(text, at) {
            at = t.end;
            toks.push(t);
        }
        let scan = Scan { text, toks: &toks };
        let mut out = Vec::new();
        let mut i = 0;
        while i < scan.toks.len() {
            match scan.date_at(i) {
                Some((date, weak, next)) if next > i => {
                    let start = scan.toks[i].start;
                    let end = scan.toks.get(next - 1).map_or(text.len(), |t| t.end);
                    out.push(FoundDate {
                        range: start..end,
                        date,
                        weak,
                    });
                    i = next;
                }
                _ => i += 1,
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Reading only the windows around years finds what reading everything finds.
        #[test]
        fn windows_find_what_a_full_pass_finds(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "2023", "1999", "12345", "22", "5", " ", "  ", ",", ".", "-", "/", "(", ")",
                ":", "June", "Sept", "März", "年", "月", "日", "第", "期", "p", "pp", "No",
                "vol", "accessed", "é", "中", "\u{3000}", "\n", "st", "b", "ab", "x1",
                "Sept., 22nd, 2023", "22. März, 2005", "2024 年 2 月 29 日", "17.03.2005",
                "(2014, January 17)", "2024-05-24", "6/15/2006", "1805-1815", "pp. 1994",
                "2013b", "Jan. 5, 2020", " 5, ", "June ", " 2023 ", "2023-",
            ][..]), 0..60)
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(find_dates(&text), find_dates_everywhere(&text));
        }
    }

    #[test]
    fn date_starts() {
        for text in ["2023", "June 2, 2020", "août 2015", "17. März 2005"] {
            assert!(may_start_date(text), "{text}");
            assert_eq!(
                find_dates(text).first().map(|d| d.range.start),
                Some(0),
                "{text}"
            );
        }
        for text in ["", " 2023", "Vol. 2023", "(2023)", "Über 2023"] {
            assert!(!may_start_date(text), "{text}");
            assert!(
                find_dates(text).first().is_none_or(|d| d.range.start > 0),
                "{text}"
            );
        }
    }

    #[test]
    fn digit_words() {
        for (bytes, want) in [
            (*b"abcdefgh", false),
            (*b"abcdefg0", true),
            (*b"9bcdefgh", true),
            (*b"////::::", false),
            ([0x80, 0xff, 0x3a, 0x2f, 0xb0, 0xb9, 0x00, 0x0a], false),
        ] {
            assert_eq!(has_digit(u64::from_le_bytes(bytes)), want, "{bytes:?}");
        }
        assert_eq!(next_year_digits(b"abc 12345 x 2024 y", 0), Some(12));
        assert_eq!(next_year_digits(b"abcdefghijklmnop1999", 0), Some(16));
        assert_eq!(next_year_digits(b"123 12345", 0), None);
    }

    #[test]
    fn month_names() {
        for (w, m) in [
            ("June", 6),
            ("Sept", 9),
            ("avril", 4),
            ("März", 3),
            ("dezembro", 12),
            ("DEC", 12),
        ] {
            assert_eq!(month_number(w), Some(m), "{w}");
        }
        for w in ["Ma", "Mayday", "", "日"] {
            assert_eq!(month_number(w), None, "{w}");
        }
    }

    #[test]
    fn odd_text_does_not_panic() {
        let long = "2024年".repeat(5_000) + &"June ".repeat(5_000) + &"1.2/".repeat(5_000);
        for text in [
            "",
            "年",
            "2024 年 13 月 40 日",
            "99999999999999999999",
            "é1",
            long.as_str(),
        ] {
            for d in find_dates(text) {
                assert!(text.get(d.range.clone()).is_some());
                let _ = is_access_date(text, &d.range);
            }
        }
    }

    #[test]
    fn iso_round_trip() {
        for s in ["2023", "2022-02", "2024-02-29"] {
            assert_eq!(PartialDate::parse_iso(s).unwrap().to_string(), s);
        }
        for bad in [
            "2023-02-29",
            "2023-13",
            "23",
            "2023-1",
            "2023-01-01-01",
            "0999",
        ] {
            assert_eq!(PartialDate::parse_iso(bad), None, "{bad}");
        }
    }
}
