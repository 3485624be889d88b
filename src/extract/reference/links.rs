//! URLs as a reference string prints them, broken by spaces or glued to words.
//!
//! [`url::find_urls`] finds URLs in text that was rebuilt from a PDF layout; reference
//! strings copied from PDFs still carry the spaces a line break left inside a URL
//! (`http://dx.doi. org/10.1016/...`, `http ://cern.ch/x`, `.../ es030360x`) or glue
//! a note to its end (`...aspx(2019`, `...pdf,NACA`). This module rebuilds them, with
//! forward-only scans so that the cost stays linear.

use std::ops::Range;

use super::super::url;
use crate::text::is_cjk;

/// A URL as printed (`range`, perhaps broken by spaces) and as it should be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Link {
    /// The printed extent, spaces included.
    pub(super) range: Range<usize>,
    /// The URL without its spaces, normalised.
    pub(super) url: String,
}

/// The URLs of `text`: those [`url::find_urls`] finds, and those a PDF broke with
/// spaces (`http ://cern.ch/x`, `http://dx.doi. org/10.1016/...`, `.../ es030360x`).
///
/// `urls` are the ranges [`url::find_urls`] returns for `text`, which a caller may
/// already hold.
pub(super) fn links(text: &str, urls: Vec<Range<usize>>) -> Vec<Link> {
    let bytes = text.as_bytes();
    // Each start: where the link starts, where its host starts, and how far it is
    // already known to run on URL bytes (a found URL's extent needs no second scan).
    let mut starts: Vec<(usize, usize, usize)> = urls
        .into_iter()
        .map(|r| (r.start, r.start, r.end))
        .collect();
    // A broken scheme has its `:` after `http` or `https` and some spaces: colons are
    // far rarer than the letter `h`, so the search goes from each colon back.
    for colon in memchr::memchr_iter(b':', bytes) {
        let mut j = colon;
        while j > 0 && bytes[j - 1] == b' ' {
            j -= 1;
        }
        let secure = j >= 5 && bytes[j - 1].eq_ignore_ascii_case(&b's');
        let Some(at) = j.checked_sub(4 + usize::from(secure)) else {
            continue;
        };
        let glued = at >= 3 && bytes[at - 3..at].eq_ignore_ascii_case(b"url");
        if at == 0 || !bytes[at - 1].is_ascii_alphanumeric() || glued {
            if let Some(body) = broken_scheme(bytes, at) {
                starts.push((at, body, body));
            }
        }
    }
    starts.extend(bare_hosts(text).into_iter().map(|at| (at, at, at)));
    starts.sort_unstable();
    let mut out: Vec<Link> = Vec::new();
    let mut covered = 0;
    for (start, _, known) in starts {
        if start < covered {
            continue;
        }
        let mut end = url_run(text, known);
        for _ in 0..8 {
            let t_start = end + 1;
            if !text[end..].starts_with(' ') {
                break;
            }
            let t_end = url_run(text, t_start);
            if t_end == t_start || !continues(&text[start..end], &text[t_start..t_end]) {
                break;
            }
            end = t_end;
        }
        covered = end;
        let end = start + url::trim_end(&text[start..start + tail_cut(&text[start..end])]);
        let printed = &text[start..end];
        // Nearly every URL is printed without a break: copied whole, not by character.
        let cleaned: String = if printed.bytes().all(|b| b.is_ascii_graphic()) {
            printed.to_string()
        } else {
            printed.chars().filter(|c| !c.is_whitespace()).collect()
        };
        let scheme = url::scheme_separator(&cleaned).map_or(0, |p| p + 3);
        if cleaned.len() > scheme + 3 && cleaned[scheme..].contains('.') {
            out.push(Link {
                range: start..end,
                url: url::normalise_owned(cleaned),
            });
        }
    }
    out
}

/// Top-level domains that mark a word before `/` as a host printed without scheme or
/// `www.` (`creation.com/gecko`, `classiques.uqac.ca/classiques/...`).
const BARE_TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "int", "info", "io", "uk", "ca", "de", "fr", "au", "ch",
    "nl", "eu", "jp", "cn", "in", "it", "es",
];

// `bare_hosts` looks for a TLD's dot two to four bytes before the slash.
const _: () = {
    let mut k = 0;
    while k < BARE_TLDS.len() {
        assert!(BARE_TLDS[k].len() >= 2 && BARE_TLDS[k].len() <= 4);
        k += 1;
    }
};

/// Where hosts printed without scheme or `www.` start: a word of dotted labels ending
/// in a known top-level domain, right before a `/` and a path.
fn bare_hosts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for slash in memchr::memchr_iter(b'/', bytes) {
        if !bytes.get(slash + 1).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        // Every top-level domain of BARE_TLDS has two to four letters after its dot: a
        // path segment without such a dot is turned away before the walk back.
        if !(3..=5).any(|n| slash >= n && bytes[slash - n] == b'.') {
            continue;
        }
        let mut start = slash;
        while start > 0
            && (bytes[start - 1].is_ascii_alphanumeric() || matches!(bytes[start - 1], b'.' | b'-'))
        {
            start -= 1;
        }
        // Slashes inside a URL's path fail here, at the first test.
        let boundary = start == 0
            || bytes[start - 1].is_ascii_whitespace()
            || matches!(bytes[start - 1], b'(' | b'<' | b'[' | b',' | b';');
        if !boundary {
            continue;
        }
        let host = &text[start..slash];
        let good = host
            .split_once('.')
            .is_some_and(|(first, _)| first.len() >= 2)
            && host
                .split('.')
                .all(|l| !l.is_empty() && !l.starts_with('-'))
            && host
                .rsplit_once('.')
                .is_some_and(|(_, tld)| BARE_TLDS.contains(&tld));
        if good {
            out.push(start);
        }
    }
    out
}

/// Length of `url` without a tail that is not part of it: an unclosed `(` and what
/// follows (`...aspx(2019`, `.../.(accessed`), or a word after a comma or semicolon
/// (`...pdf,NACA`, `...524639,doi`, `...v1;http://...`).
fn tail_cut(url: &str) -> usize {
    // Byte searches: every mark looked for is ASCII, and this runs for every link.
    let bytes = url.as_bytes();
    let mut end = bytes.len();
    if let Some(open) = memchr::memrchr(b'(', bytes) {
        if memchr::memchr(b')', &bytes[open..]).is_none() {
            end = open;
        }
    }
    if let Some(p) = memchr::memrchr2(b',', b';', &bytes[..end]) {
        let tail = &bytes[p + 1..end];
        let starts = |w: &[u8]| {
            tail.get(..w.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(w))
        };
        if tail.iter().all(u8::is_ascii_alphabetic) || starts(b"http") || starts(b"www.") {
            end = p;
        }
    }
    end
}

/// Where the host starts when `bytes[at..]` is a scheme broken by spaces: `http ://`,
/// `http: //`, `https:// www.`.
fn broken_scheme(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 4;
    if !bytes.get(at..i)?.eq_ignore_ascii_case(b"http") {
        return None;
    }
    if bytes.get(i).is_some_and(|b| b.eq_ignore_ascii_case(&b's')) {
        i += 1;
    }
    let mut spaced = false;
    for want in [b':', b'/', b'/'] {
        while bytes.get(i) == Some(&b' ') {
            spaced = true;
            i += 1;
        }
        if bytes.get(i) != Some(&want) {
            return None;
        }
        i += 1;
    }
    while bytes.get(i) == Some(&b' ') {
        spaced = true;
        i += 1;
    }
    let host = || {
        bytes[i.min(bytes.len())..]
            .iter()
            .take_while(|&&b| url::is_url_byte(b) && b != b'/')
            .take(256)
    };
    let dotted = host().any(|&b| b == b'.') && host().count() > 3;
    (spaced && dotted && bytes.get(i).is_some_and(u8::is_ascii_alphanumeric)).then_some(i)
}

/// End of the run of URL characters from `i`, letting accented letters through
/// (`vivaavilaAutódromo`, `Suchman’s`, `˜jason`).
fn url_run(text: &str, i: usize) -> usize {
    let Some(rest) = text.get(i..) else {
        return text.len().max(i);
    };
    // ASCII, nearly every URL byte, is decided byte by byte.
    let ascii = rest
        .bytes()
        .take_while(|&b| b.is_ascii() && url::is_url_byte(b))
        .count();
    if rest.as_bytes().get(ascii).is_none_or(u8::is_ascii) {
        return i + ascii;
    }
    let i = i + ascii;
    let rest = &rest[ascii..];
    let mut chars = rest.char_indices().peekable();
    while let Some((p, c)) = chars.next() {
        // A run of joining marks (`zivotni\u{ad}‑prostredi`) counts as one.
        let next_ok = chars.peek().is_some_and(|&(_, n)| {
            n.is_ascii_alphanumeric() || (n.is_alphabetic() && !is_cjk(n)) || is_joining_mark(n)
        });
        let ok = if c.is_ascii() {
            url::is_url_byte(c as u8)
        } else {
            (c.is_alphabetic() && !is_cjk(c)) || (is_joining_mark(c) && next_ok)
        };
        if !ok {
            return i + p;
        }
    }
    text.len().max(i)
}

/// Marks a PDF leaves inside a word of a URL: apostrophes, tildes, soft hyphens,
/// hyphens, and `¬` (a soft hyphen as some extractors print it).
fn is_joining_mark(c: char) -> bool {
    matches!(c, '’' | '˜' | '\u{ad}' | '‐' | '‑' | '–' | '¬')
}

/// True when `next`, printed after a space, is the rest of the URL `url`.
fn continues(url: &str, next: &str) -> bool {
    let core = &next[..url::trim_end(next)];
    let lower = core.to_ascii_lowercase();
    if core.len() < 2
        || lower.contains("://")
        || lower.starts_with("http")
        || lower.starts_with("www.")
        || lower.starts_with("doi")
    {
        return false;
    }
    // `...sourceforge.net( 30/01/2015)`: what follows an unclosed bracket is a note.
    if url.ends_with('(') {
        return false;
    }
    let first = core.chars().next().unwrap_or(' ');
    let second_alnum = core
        .chars()
        .nth(1)
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let host = url
        .split_once("//")
        .map_or(url, |(_, rest)| rest)
        .trim_start();
    let host_open = !host.contains('/');
    if first == '/'
        || (first == '-' && second_alnum && url.ends_with(|c: char| c.is_ascii_alphanumeric()))
        // `http://link .springer .com/10.1007/...`: a host broken before its dots.
        || (first == '.' && second_alnum && host_open)
        // `.../circulation%20- %20véhicules`: an escape after a break.
        || (first == '%'
            && core
                .as_bytes()
                .get(1..3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)))
    {
        return true;
    }
    if !first.is_ascii_alphanumeric() {
        return false;
    }
    // `http: //www. humankinetics. com/...`: a host broken after its first label.
    if host_open && url.ends_with('.') && host.matches('.').count() == 1 {
        return true;
    }
    // `/~ ccheng /Writings`: a home directory's name.
    if url.ends_with('~') {
        return true;
    }
    // `http://dx.doi.org/ 10.1061/(ASCE)0733-9429(1992)118: 7(1031)`: DOI suffixes hold
    // colons, and PDFs break lines after them.
    if url.ends_with(':') && url.contains("doi.org/") && first.is_ascii_digit() {
        return true;
    }
    if let Some(stem) = url.strip_suffix('.') {
        // `.../4348. htm`: an extension; `arxiv.org/abs/1403. 4822`, `PhysRevD.7. 2333`:
        // the rest of a number, unless it could be a year printed after the link.
        if FILE_TYPES.iter().any(|t| t[1..] == lower) {
            return true;
        }
        let digits = core.bytes().all(|b| b.is_ascii_digit());
        let before_digit = stem.ends_with(|c: char| c.is_ascii_digit());
        let year = core.len() == 4 && ("1900".."2101").contains(&core);
        if digits && before_digit && (3..=6).contains(&core.len()) && !year {
            return true;
        }
    }
    // `.../community development/assets/x.pdf`, `.../health-screening-wall chart.pdf`.
    let path_piece = core.contains('/') || FILE_TYPES.iter().any(|t| lower.ends_with(t));
    let joiner = url.ends_with(['/', '.', '-', '_', '=', '?', '&', '~']) || url.ends_with("%20");
    if !joiner {
        return path_piece && url.contains("/");
    }
    let urlish = core.contains(['/', '.', '_', '=', '?', '&', '%', '~', '-']);
    let mixed =
        core.bytes().any(|b| b.is_ascii_digit()) && core.bytes().any(|b| b.is_ascii_alphabetic());
    if first.is_ascii_uppercase() {
        (urlish && core.contains(['/', '.'])) || mixed
    } else {
        urlish || mixed
    }
}

/// File name endings that show a word printed after a space is the end of a URL.
const FILE_TYPES: &[&str] = &[
    ".pdf", ".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp", ".cfm", ".doc", ".docx",
];

/// Start of the first link at or after `pos`, or the end of the text.
pub(super) fn link_after(links: &[Link], pos: usize) -> usize {
    let i = links.partition_point(|l| l.range.start < pos);
    links.get(i).map_or(usize::MAX, |l| l.range.start)
}

/// True when `pos` is inside a link (links are sorted and do not overlap).
pub(super) fn in_link(links: &[Link], pos: usize) -> bool {
    let i = links.partition_point(|l| l.range.end <= pos);
    links.get(i).is_some_and(|l| l.range.contains(&pos))
}
