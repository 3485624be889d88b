//! Finding URLs in unwrapped footnote text, and telling where they end.
//!
//! Printed citations put punctuation straight after a URL (`...pdf.`, `...idex-。`,
//! `...pdf.“Eye in the Sky`), so the end of a URL is decided here once for every
//! input format: a URL is a run of printable ASCII, cut at the first character that
//! no printed URL contains, then stripped of sentence punctuation.

use std::ops::Range;

/// Returns the byte ranges of the URLs in `text`, in order, without overlaps.
///
/// A URL starts at `http://` or `https://` (any letter case, as PDFs print `Http://`)
/// or at a `www.` that begins a word. A URL that contains another URL
/// (`https://web.archive.org/web/2023*/https://...`) is one URL.
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(start) = next_start(bytes, i) else {
            break;
        };
        let end = url_end(bytes, start);
        let end = trim_end(&text[start..end]) + start;
        if end > start + scheme_len(bytes, start) {
            found.push(start..end);
        }
        i = end.max(start + 1);
    }
    found
}

/// Byte offset of the first `://` in `s`, found from its colons.
pub fn scheme_separator(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr_iter(b':', bytes).find(|&p| bytes[p + 1..].starts_with(b"//"))
}

/// Writes a URL as it should be stored: the scheme in lower case, the rest as printed.
pub fn normalise(url: &str) -> String {
    match scheme_separator(url) {
        Some(p) if url[..p].bytes().all(|b| b.is_ascii_alphabetic()) => {
            let mut out = url[..p].to_ascii_lowercase();
            out.push_str(&url[p..]);
            out
        }
        _ => url.to_string(),
    }
}

/// [`normalise`] without a copy: the scheme is lower-cased in place.
pub fn normalise_owned(mut url: String) -> String {
    if let Some(p) = scheme_separator(&url) {
        if url[..p].bytes().all(|b| b.is_ascii_alphabetic()) {
            url[..p].make_ascii_lowercase();
        }
    }
    url
}

/// True for a byte that may appear inside a printed URL.
pub fn is_url_byte(b: u8) -> bool {
    URL_BYTES[usize::from(b)]
}

/// [`is_url_byte`] as a table: it runs for every byte of every URL.
static URL_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_graphic()
            && !matches!(c, b'<' | b'>' | b'"' | b'`' | b'{' | b'}' | b'\\' | b'^');
        b += 1;
    }
    table
};

/// True where `bytes[i..]` begins `http://`, `https://` (any case) or `www.`.
pub fn url_starts_at(bytes: &[u8], i: usize) -> bool {
    scheme_len(bytes, i) > 0
        || bytes
            .get(i..i + 4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"www."))
}

/// The first URL start at or after `from`. Every start has a marker close after it
/// (the `:` of `http:` or `https:`, the `.` of `www.`), so the bytes are searched for
/// markers and only the five bytes before each are tried.
fn next_start(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let marker = i + memchr::memchr2(b':', b'.', bytes.get(i..)?)?;
        for s in marker.saturating_sub(5).max(i)..=marker {
            match bytes[s] {
                b'h' | b'H' if scheme_len(bytes, s) > 0 => return Some(s),
                b'w' | b'W' if starts_www(bytes, s) => return Some(s),
                _ => {}
            }
        }
        i = marker + 1;
    }
}

/// Length of `http://` or `https://` at `i`, or 0.
fn scheme_len(bytes: &[u8], i: usize) -> usize {
    let Some(head) = bytes.get(i..i + 4) else {
        return 0;
    };
    if !head.eq_ignore_ascii_case(b"http") {
        return 0;
    }
    match bytes.get(i + 4..) {
        Some([b':', b'/', b'/', ..]) => 7,
        Some([b's' | b'S', b':', b'/', b'/', ..]) => 8,
        _ => 0,
    }
}

fn starts_www(bytes: &[u8], i: usize) -> bool {
    let word_start = i == 0
        || !(bytes[i - 1].is_ascii_alphanumeric()
            || matches!(bytes[i - 1], b'.' | b'/' | b'-' | b'@'));
    word_start
        && bytes.len() > i + 5
        && bytes[i..i + 4].eq_ignore_ascii_case(b"www.")
        && bytes[i + 4].is_ascii_alphanumeric()
}

fn url_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() && is_url_byte(bytes[end]) {
        end += 1;
    }
    end
}

/// Length of `url` once the punctuation that ends the sentence, not the URL, is gone.
///
/// A closing bracket stays when the URL opened it (`.../Foo_(bar)`), so Wikipedia
/// links survive while `(see https://x.org/a)` loses its `)`.
pub fn trim_end(url: &str) -> usize {
    let b = url.as_bytes();
    let mut end = b.len();
    while end > 0 {
        let last = b[end - 1];
        let strip = match last {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' => true,
            b')' => count(&b[..end], b'(') < count(&b[..end], b')'),
            b']' => count(&b[..end], b'[') < count(&b[..end], b']'),
            _ => false,
        };
        if !strip {
            break;
        }
        end -= 1;
    }
    end
}

fn count(b: &[u8], c: u8) -> usize {
    b.iter().filter(|&&x| x == c).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn ends_and_trailing_punctuation() {
        let cases: &[(&str, &[&str])] = &[
            (
                "see https://www.state.gov/united-states-india-relations/.",
                &["https://www.state.gov/united-states-india-relations/"],
            ),
            ("https://a.org/x-idex-。", &["https://a.org/x-idex-"]),
            (
                "https://a.org/b.pdf.“Eye in the Sky",
                &["https://a.org/b.pdf"],
            ),
            (
                "2022，Http://www.whitehouse.gov/a/",
                &["Http://www.whitehouse.gov/a/"],
            ),
            ("https://a.org/x.PDF.", &["https://a.org/x.PDF"]),
            ("（https://a.org/x）", &["https://a.org/x"]),
            (
                "(see https://en.wikipedia.org/wiki/Foo_(bar)).",
                &["https://en.wikipedia.org/wiki/Foo_(bar)"],
            ),
            (
                "https://a.org/#:~:text=India%20is%20hopeful,a%20top%20said.",
                &["https://a.org/#:~:text=India%20is%20hopeful,a%20top%20said"],
            ),
            (
                "https://web.archive.org/web/2023*/https://www.x.gov/a/b",
                &["https://web.archive.org/web/2023*/https://www.x.gov/a/b"],
            ),
            (
                "at www.iaee.org/en/publications, then",
                &["www.iaee.org/en/publications"],
            ),
            (
                "two: https://a.org/1; https://b.org/2",
                &["https://a.org/1", "https://b.org/2"],
            ),
            ("https:// alone and http://", &[]),
            ("nothing here. awww.x", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(urls(text), *want, "{text}");
        }
    }

    #[test]
    fn scheme_lengths() {
        for (text, want) in [
            ("http://", 7),
            ("HTTPS://x", 8),
            ("Https:/", 0),
            ("http:", 0),
            ("htt", 0),
            ("httpx://", 0),
        ] {
            assert_eq!(scheme_len(text.as_bytes(), 0), want, "{text}");
        }
    }

    #[test]
    fn scheme_case_only() {
        assert_eq!(
            normalise("Http://www.whitehouse.gov/A"),
            "http://www.whitehouse.gov/A"
        );
        assert_eq!(normalise("www.x.org/A"), "www.x.org/A");
        for url in [
            "Http://www.whitehouse.gov/A",
            "www.x.org/A",
            "HTTPS://X.org",
            "1a://b",
        ] {
            assert_eq!(normalise_owned(url.to_string()), normalise(url));
        }
    }
}
