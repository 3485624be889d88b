//! Where an unquoted title ends, and what the container after a title is.
//!
//! A title without quotes ends at its sentence's stop (APA, Chicago bibliography), at
//! a comma (notes, IEEE), at the brackets that give a book's publisher, or where
//! volume and page numbers start; a stop after an initial or an abbreviation does not
//! end it. The container is the text after the title up to its first comma, bracket,
//! number or date. Every scan is bounded.

use std::ops::Range;

use super::links::{link_after, Link};
use super::names::{self, is_open_quote};
use crate::date::{self, find_dates};
use crate::text::lower::{lower_in, lower_starts_with_any};

/// A title longer than this (bytes) is not a title; bounds every title scan.
pub(super) const MAX_TITLE: usize = 1200;

/// Words before a `.` that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "vol", "no", "nr", "pp", "p", "ed", "eds", "vs", "cf", "st", "dr", "mr", "mrs", "ms", "jr",
    "sr", "fig", "ca", "approx", "al", "op", "cit", "repr", "rev",
];

/// End of an unquoted title starting at `from` (its text ends at the first value,
/// what follows starts at the second). `list` titles also end at a comma or `(`.
pub(super) fn title_end(text: &str, from: usize, stop: usize, list: bool) -> (usize, usize) {
    scan_title(text, from, stop, list, true)
}

/// [`title_end`]; `subtitle` lets a `?` or `!` title run on into its subtitle.
fn scan_title(text: &str, from: usize, stop: usize, list: bool, subtitle: bool) -> (usize, usize) {
    let mut limit = text.len().min(stop).min(from + MAX_TITLE).max(from);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let slice = &text[from..limit];
    let mut chars = slice.char_indices().peekable();
    // The character before, carried along rather than decoded again at every step.
    let mut prev: Option<char> = None;
    while let Some((off, c)) = chars.next() {
        let at = from + off;
        let next = chars.peek().map(|&(_, n)| n);
        let after_space = prev.is_some_and(char::is_whitespace);
        prev = Some(c);
        let spaced = || next.is_none_or(|n| n.is_whitespace() || is_open_quote(n) || n == '(');
        match c {
            '.' if spaced()
                && !abbreviation_before(&slice[..off])
                && !part_number(&slice[off + 1..])
                && !part_number_before(&slice[..off]) =>
            {
                return (at, at + 1)
            }
            // PDF spacing: `Heuslercompounds .Preprint at`.
            '.' if after_space && next.is_some_and(|n| n.is_alphabetic() || n == '[') => {
                return (at, at + 1)
            }
            // `Sarfati, J., Great gecko glue? Creation 23(1): 54–55`.
            '?' | '!'
                if list
                    && next.is_some_and(char::is_whitespace)
                    && slice[off + 1..]
                        .split(',')
                        .next()
                        .is_some_and(|s| s.contains(|c: char| c.is_ascii_digit())) =>
            {
                return (at + 1, at + 1)
            }
            '?' | '!' if !list && next.is_none_or(char::is_whitespace) => {
                match subtitle.then(|| subtitle_end(text, at + 1, stop)).flatten() {
                    Some(end) => return end,
                    None => return (at + 1, at + 1),
                }
            }
            '[' if after_space => return (at, at),
            // Volume and pages: `Representations 7 401`, `Condensed Matter 486 57-59`.
            c if c.is_ascii_digit() && after_space && two_numbers(&slice[off..]) => {
                return (at, at)
            }
            '。' | '．' => return (at, at + c.len_utf8()),
            ',' | '，' | '(' | '（' | ';' if list => return (at, at + c.len_utf8()),
            ',' if EDITOR_WORDS
                .iter()
                .any(|w| slice[off + 1..].trim_start().starts_with(w)) =>
            {
                return (at, at + 1)
            }
            // `Wind Farm Proximity, mai 2010, 143 p.`, `PageRank, Retrieved September 5`.
            ',' if page_count(&slice[off + 1..])
                || undated(&slice[off + 1..])
                || starts_boilerplate(slice[off + 1..].trim_start()) =>
            {
                return (at, at + 1)
            }
            '(' | '（' if dated_parenthesis(&slice[off..]) => return (at, at),
            '[' => {
                if let Some(close) = slice[off..].find(']').filter(|&p| p <= 16) {
                    let inner = &slice[off + 1..off + close];
                    if !inner.is_empty()
                        && !inner.contains(|c: char| c.is_ascii_digit() || c == ' ')
                    {
                        let mut next = at + close + 1;
                        next += text[next..].len()
                            - text[next..].trim_start_matches(['.', '/', ' ']).len();
                        return (at, next);
                    }
                }
            }
            _ => {}
        }
    }
    (limit, limit)
}

/// The end of a subtitle after a title's `?` or `!` (`What is Organizational Culture?
/// And why should we care?. Retrieved from`, `A Vila Autódromo Vive! Nota Pública.
/// http://...`): a sentence without numbers after which only a URL, access words or
/// nothing follows. Anything else after it (`Is it true? Journal of X, 12(3)`) is the
/// container, and the title ends at the `?`.
fn subtitle_end(text: &str, from: usize, stop: usize) -> Option<(usize, usize)> {
    let start = names::skip_ws(text, from);
    if !text[start..].starts_with(char::is_uppercase) {
        return None;
    }
    let (end, next) = scan_title(text, start, stop, false, false);
    let sub = &text[start..end];
    let rest = text.get(next..stop.max(next))?;
    (!sub.contains(|c: char| c.is_ascii_digit())
        && (rest.trim().is_empty() || is_boilerplate(rest)))
    .then_some((end, next))
}

/// Where `, Journal Name, 63(1), 897-926` (or `, Journal, 12, 1-9`) starts in `t`.
pub(super) fn journal_tail(t: &str) -> Option<usize> {
    let p = t.find(|c: char| c.is_ascii_digit())?;
    let name = t[..p].trim_end().strip_suffix(',')?;
    let tail = &t[p..];
    let numbers = tail
        .chars()
        .all(|c| c.is_ascii_digit() || " ,()-–:".contains(c))
        && tail.contains(',');
    numbers.then(|| name.rfind(", ")).flatten()
}

/// End of a book title in a note (`Author, Politics, Parties, and Pressure Groups (New
/// York: Crowell, 1964)`): at its publication brackets or at `, ed.` / `, trans.` /
/// `, Name (ed.)` before them.
pub(super) fn book_end(text: &str, from: usize, stop: usize) -> Option<usize> {
    let mut limit = text.len().min(stop).min(from + 400);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let s = &text[from..limit];
    let mut paren = None;
    for (i, c) in s.char_indices() {
        if is_open_quote(c) && c != '\'' {
            return None;
        }
        if c == '(' && dated_parenthesis(&s[i..]) {
            paren = Some(i);
            break;
        }
    }
    let mut end = paren?;
    for w in EDITOR_WORDS {
        if let Some(p) = s[..end].find(&format!(", {w}")) {
            end = end.min(p);
        }
    }
    // `Henry James, The Europeans, in Novels, 1871–1880 (New York: ...)`.
    if let Some(p) = s[..end].find(", in ") {
        end = end.min(p);
    }
    for mark in [" (ed", " (trans", " (tr."] {
        if let Some(mut p) = s[..end].find(mark).and_then(|p| s[..p].rfind(", ")) {
            // `The Prelude, Jonathan Wordsworth, M. H. Abrams, and Stephen Gill (eds.)`.
            while let Some(q) = s[..p]
                .rfind(", ")
                .filter(|&q| names::is_name_list(&s[q + 2..p]))
            {
                p = q;
            }
            end = end.min(p);
        }
    }
    // `American Politics and Society, 7th edn (...)`, `Imagined Communities, rev. ed. (...)`.
    if let Some(p) = s[..end].rfind(", ").filter(|&p| is_edition(&s[p + 2..end])) {
        end = end.min(p);
    }
    if let Some(p) = s[..end].find(" vols").and_then(|p| s[..p].rfind(", ")) {
        end = end.min(p);
    }
    Some(from + s[..end].trim_end().len())
}

/// True for an edition statement: `7th edn`, `2nd ed.`, `rev. ed.`, `3rd rev. edn.`.
fn is_edition(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let Some((last, first)) = words.split_last() else {
        return false;
    };
    lower_in(
        last.trim_end_matches('.'),
        &["ed", "edn", "edition", "éd", "aufl", "auflage"],
    ) && (1..=2).contains(&first.len())
        && first.iter().all(|w| {
            let w = w.trim_end_matches('.');
            let ordinal = w.starts_with(|c: char| c.is_ascii_digit())
                && w.trim_start_matches(|c: char| c.is_ascii_digit()).len() <= 2;
            ordinal
                || lower_in(
                    w,
                    &[
                        "rev", "revised", "new", "second", "third", "2nd", "expanded", "enl",
                    ],
                )
        })
}

/// Words after a comma that end a book title: `Oxford Encyclopedia of X, ed. E. Meyers`.
pub(super) const EDITOR_WORDS: &[&str] = &[
    "ed. ",
    "eds. ",
    "ed. by",
    "edited by",
    "trans. ",
    "translated by",
    "tr. ",
];

/// True when `s` starts with two numbers in a row (`7 401`, `56 (9)`, `486 57-59`).
pub(super) fn two_numbers(s: &str) -> bool {
    let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    rest.trim_start_matches(['(', ' '])
        .starts_with(|c: char| c.is_ascii_digit())
}

/// True for `(New York: Penguin, 2014)` or `(2nd ed.; London: SCM, 1990)`: brackets
/// that hold a date and so end a book title.
pub(super) fn dated_parenthesis(s: &str) -> bool {
    s.find([')', '）'])
        .filter(|&close| close <= 160)
        .is_some_and(|close| s[..close].contains([':', ';']) && !find_dates(&s[..close]).is_empty())
}

/// True when the text before a `.` ends with an initial (`U.S`, `J`), an
/// abbreviation (`Vol`, `pp`) or a chapter number (`Chapter 29`).
pub(super) fn abbreviation_before(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | ',' | '“' | '"'))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let core = word.rsplit('.').next().unwrap_or(word);
    if word.contains('.') && core.chars().count() == 1 {
        return true; // `U.S.`, `e.g.`
    }
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    if lower_in(word, ABBREVIATIONS) {
        return true;
    }
    if !word
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X'))
    {
        return false;
    }
    // At most three words, the first naming a division: `Chapter 29`, `Part II`.
    let mut words = before.split_whitespace();
    words.next().is_some_and(|w| {
        lower_in(
            w,
            &[
                "chapter", "part", "section", "book", "volume", "lecture", "chap",
            ],
        )
    }) && words.nth(2).is_none()
}

/// Words that start access notes and links rather than titles (lower case).
const STARTS: &[&str] = &[
    "available",
    "retrieved",
    "url",
    "accessed",
    "online:",
    "[online",
    "in:",
    "http",
    "www.",
    "repéré",
    "retirado",
    "recuperado",
    "consulté",
    "abgerufen",
    "doi:",
    "doi",
    "ed.",
    "eds.",
    "trans.",
    "edited by",
    "translated by",
    "abruf",
    "zugriff",
    "last accessed",
    "last visited",
];

/// Text that starts where a title should but is no title (`Available at`, a URL).
pub(super) fn is_boilerplate(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || !t.contains(char::is_alphabetic) || starts_boilerplate(t)
}

/// True when `s` starts, in any letter case, with access or link words (`Retrieved`).
fn starts_boilerplate(s: &str) -> bool {
    // An ASCII first byte that starts none of the words settles it without lower-casing
    // (other first characters may lower-case to ASCII, as `K` does: those go on).
    // Likewise two ASCII first bytes that start none of them.
    match *s.as_bytes() {
        [] => false,
        [a, b, ..] if a.is_ascii() && b.is_ascii() => {
            let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
            STARTS_PAIRS[usize::from(a)] >> b & 1 == 1 && lower_starts_with_any(s, STARTS)
        }
        [a, ..] if a.is_ascii() && !STARTS_FIRST[usize::from(a.to_ascii_lowercase())] => false,
        _ => lower_starts_with_any(s, STARTS),
    }
}

/// The first bytes of [`STARTS`].
static STARTS_FIRST: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    while k < STARTS.len() {
        table[STARTS[k].as_bytes()[0] as usize] = true;
        k += 1;
    }
    table
};

/// For each ASCII first byte of [`STARTS`], the set of their ASCII second bytes.
static STARTS_PAIRS: [u128; 128] = {
    let mut table = [0u128; 128];
    let mut k = 0;
    while k < STARTS.len() {
        let w = STARTS[k].as_bytes();
        assert!(w.len() >= 2);
        if w[0] < 128 && w[1] < 128 {
            table[w[0] as usize] |= 1 << w[1];
        }
        k += 1;
    }
    table
};

/// True for a part number after a title's stop: ` II. With Buoyancy Effects`, ` II, Liquids`.
fn part_number(s: &str) -> bool {
    let s = s.trim_start();
    let n = s.len() - s.trim_start_matches(['I', 'V', 'X']).len();
    (1..=4).contains(&n) && s[n..].starts_with(['.', ',']) && s[n + 1..].starts_with(' ')
}

/// True when the text before a `.` ends with a part number after a stop (`Tanks. II`).
fn part_number_before(before: &str) -> bool {
    let head = before.trim_end_matches(['I', 'V', 'X']);
    (1..=4).contains(&(before.len() - head.len())) && head.ends_with(". ")
}

/// True for `n.d.` / `s. d.` (no date) after a title's comma.
fn undated(s: &str) -> bool {
    let s = s.trim_start();
    ["n.d.", "n. d.", "s.d.", "s. d.", "o.J."]
        .iter()
        .any(|w| s.starts_with(w))
}

/// True for a page count after a title's comma: ` 38 p.`, ` 21p.`, ` 143 pp.`.
fn page_count(s: &str) -> bool {
    let s = s.trim_start();
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return false;
    }
    let rest = s[digits..].trim_start();
    ["p.", "pp.", "p", "pp", "S.", "pages"].iter().any(|w| {
        rest.strip_prefix(w)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', ',', '.', '[', ';']))
    })
}

/// The title text: trimmed, without closing commas or stops, cut before a URL.
pub(super) fn clean_title(text: &str, range: &Range<usize>, links: &[Link]) -> Option<String> {
    let mut end = range.end.min(text.len()).max(range.start);
    if let Some(l) = links.iter().find(|l| range.contains(&l.range.start)) {
        end = l.range.start;
    }
    let t = text.get(range.start..end)?;
    let t = t.trim().trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '，' | '。' | ';' | ':' | '(' | '（')
    });
    // A closing stop goes, but not the one of an abbreviation (`Washington Dc, U.S.`).
    let t = match t.strip_suffix('.') {
        Some(rest) if !abbreviation_before(rest) => rest.trim_end_matches([',', ' ', '.']),
        _ => t,
    };
    let t = t.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';'));
    (t.contains(char::is_alphabetic)).then(|| close_cjk_gaps(t))
}

/// `自贸区 3.0 版`, `（2022 年）`: Chinese typesetting sets digits apart from
/// ideographs by a gap that PDF text turns into a space; the title as written has
/// none. (Words keep their spaces: `sakusha 伝法宝記` is written so.)
fn close_cjk_gaps(t: &str) -> String {
    if t.is_ascii() {
        return t.to_string();
    }
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == ' ' {
            let next = chars.peek().copied();
            let gap = match (prev, next) {
                (Some(p), Some(n)) => {
                    (is_ideograph(p) && n.is_ascii_digit())
                        || (p.is_ascii_digit() && is_ideograph(n))
                }
                _ => false,
            };
            if gap {
                continue;
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// The container after the title: `The Diplomat`, `载《和平与发展》`, the book after
/// `in ... eds.,`; for a book (`book`), the publisher after `Place:`.
pub(super) fn container(text: &str, from: usize, links: &[Link], book: bool) -> Option<String> {
    let stop = link_after(links, from).min(text.len());
    let s = text.get(from.min(stop)..stop)?;
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || ",.;:，。：、”’\")".contains(c));
    let mut s = s;
    for w in [
        "In:", "in:", "In ", "in ", "载", "见", "Dans ", "dans ", "En: ",
    ] {
        if let Some(r) = s.strip_prefix(w) {
            s = r.trim_start_matches(|c: char| c.is_whitespace() || c == ':');
            break;
        }
    }
    if let Some(r) = s.strip_prefix('《') {
        return r
            .split('》')
            .next()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from);
    }
    s = skip_editors(s);
    let mut end = s.len();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let stop_here = match c {
            ',' | ';' | '，' | '；' | '。' | '(' | '（' | '[' | '《' | '“' | '"' => true,
            '.' => {
                next.is_none_or(char::is_whitespace) && container_sentence_end(&s[..i], &s[i + 1..])
            }
            c if c.is_whitespace() => next.is_some_and(|n| n.is_ascii_digit()),
            _ => false,
        };
        if stop_here {
            end = i;
            break;
        }
    }
    let c = s[..end]
        .trim()
        .trim_matches(['*', '_'])
        .trim_end_matches('.')
        .trim();
    let mut head = s.len().min(48);
    while !s.is_char_boundary(head) {
        head -= 1;
    }
    if c.is_empty()
        || c.starts_with(|ch: char| ch.is_ascii_digit())
        || is_boilerplate(c)
        || (date::find::may_start_date(s)
            && find_dates(&s[..head])
                .first()
                .is_some_and(|d| d.range.start == 0))
        || date::month_number(c.trim_end_matches('.')).is_some()
    {
        return None;
    }
    if book {
        if let Some((place, publisher)) = c.split_once(':') {
            let words: Vec<&str> = place.split_whitespace().collect();
            let publisher = publisher.trim();
            if (1..=3).contains(&words.len())
                && words.iter().all(|w| w.starts_with(char::is_uppercase))
                && !publisher.is_empty()
            {
                return Some(publisher.to_string());
            }
        }
    }
    Some(c.to_string())
}

/// Skips editors printed before a book title: `L. Henneton and A. Roper (eds.), `.
pub(super) fn skip_editors(s: &str) -> &str {
    let mut window = s.len().min(200);
    while !s.is_char_boundary(window) {
        window -= 1;
    }
    let head = &s[..window];
    let marks = [
        "(eds.)", "(ed.)", "(Eds.)", "(Ed.)", "(Hrsg.)", "(dir.)", "(éd.)", "(éds.)", " eds.",
        " ed.", " Eds.", " Ed.",
    ];
    // Every mark starts with `(` or a space: only those bytes are tried, and the first
    // position with a mark wins (the shortest mark there, as a `min` over all would).
    let bytes = head.as_bytes();
    let found = (0..bytes.len())
        .filter(|&p| match bytes[p] {
            b'(' => true,
            // The spaced marks all go on with `e` or `E`.
            b' ' => matches!(bytes.get(p + 1), Some(b'e' | b'E')),
            _ => false,
        })
        .find_map(|p| {
            marks
                .iter()
                .filter(|m| head[p..].starts_with(*m))
                .map(|m| (p, m.len()))
                .min()
        });
    match found {
        Some((p, len)) if names::is_name_list(&s[..p]) => s[p + len..]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '.')),
        _ => s,
    }
}

/// True when a `.` after `before` ends a container's name: after a full word, not
/// after an abbreviated journal word (`Clin.`, `Trans.`) or an initial.
pub(super) fn container_sentence_end(before: &str, next: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    !next.trim_start().starts_with(char::is_uppercase) || !capitalised || word.chars().count() > 8
}
