//! Finding DOIs and ISBNs in what a citation gives: its URL and its text.
//!
//! A DOI is `10.` + a registrant code of four or more digits + `/` + a suffix of any
//! printable characters. The suffix has no terminator of its own, so the end is a
//! judgement: white space always ends it, and punctuation that closes the sentence or
//! the footnote (`.`, `,`, `;`, a closing bracket or quote with no opening one inside
//! the DOI) is not part of it. In URLs, DOIs sit after `doi.org/` or inside publisher
//! paths (`/doi/abs/10.1080/...`, `/article/10.1007/...`), percent-encoded or not.

use std::sync::LazyLock;

use regex::Regex;

static DOI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"10\.\d{4,9}/[^\s]+").unwrap_or_else(|e| unreachable!("{e}")));

/// Where a DOI was found, which decides how much a registry's answer weighs against
/// the page's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The URL is the DOI's own link (`doi.org/10...`).
    Resolver,
    /// The URL is a publisher's page whose path or query carries the DOI.
    Publisher,
    /// The citation's text gives it (`doi:10...`, `DOI 10...`).
    Text,
}

/// The DOI a citation gives, from its URL first, then its text; lower-cased (DOIs are
/// case-insensitive).
pub fn find(url: Option<&str>, text: &str) -> Option<(String, Origin)> {
    url.and_then(in_url)
        .or_else(|| in_text(text).map(|d| (d, Origin::Text)))
}

/// The DOI in a URL: a resolver link, or a DOI embedded in a publisher's path or query.
pub fn in_url(url: &str) -> Option<(String, Origin)> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let resolver = matches!(
        host.as_str(),
        "doi.org" | "dx.doi.org" | "www.doi.org" | "hdl.handle.net"
    );
    let path = percent_decode(parsed.path());
    let query = parsed.query().map(percent_decode).unwrap_or_default();
    if resolver {
        let doi = clean(path.trim_start_matches('/'))?;
        return Some((doi, Origin::Resolver));
    }
    let doi = DOI
        .find(&path)
        .map(|m| publisher_suffix(m.as_str()))
        .or_else(|| DOI.find(&query).map(|m| query_value(m.as_str())))
        .and_then(|d| clean(&d))?;
    Some((doi, Origin::Publisher))
}

/// The DOI in a citation's text: after `doi:`, `DOI`, or a resolver link, or standing
/// alone.
pub fn in_text(text: &str) -> Option<String> {
    DOI.find_iter(text).find_map(|m| clean(m.as_str()))
}

/// Trims what follows a DOI in a publisher's path: `/full`, `/abstract`, `/pdf`, and a
/// `.pdf` extension. Only these: a DOI's suffix may itself hold slashes.
fn publisher_suffix(found: &str) -> String {
    let mut s = found.to_owned();
    loop {
        let lower = s.to_ascii_lowercase();
        let cut = [
            "/full",
            "/abstract",
            "/pdf",
            "/epdf",
            "/html",
            "/fulltext",
            "/summary",
            ".pdf",
        ]
        .iter()
        .find(|tail| lower.ends_with(*tail))
        .map(|tail| s.len() - tail.len());
        match cut {
            Some(n) if n > 0 => s.truncate(n),
            _ => return s,
        }
    }
}

/// A DOI given as a query value ends at the next parameter.
fn query_value(found: &str) -> String {
    found.split(['&', '#']).next().unwrap_or(found).to_owned()
}

/// A DOI without the punctuation that closes the sentence around it, lower-cased;
/// `None` when nothing is left after the slash.
pub fn clean(candidate: &str) -> Option<String> {
    let start = candidate.find("10.")?;
    let mut doi: &str = candidate[start..].split_whitespace().next()?;
    // A BibTeX field glued on by a PDF's text layer: `10.1109/TIT.2010.2054552.URL`.
    if let Some(cut) = doi.strip_suffix("URL") {
        doi = cut;
    }
    loop {
        let trimmed = doi.trim_end_matches(['.', ',', ';', ':', '"', '\'', '”', '’', '»', '>']);
        let trimmed = strip_unbalanced(trimmed);
        if trimmed.len() == doi.len() {
            break;
        }
        doi = trimmed;
    }
    let (prefix, suffix) = doi.split_once('/')?;
    let registrant = prefix.strip_prefix("10.")?;
    let valid_prefix = (4..=9).contains(&registrant.len())
        && registrant.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if !valid_prefix || suffix.is_empty() || doi.chars().any(char::is_control) {
        return None;
    }
    Some(doi.to_lowercase())
}

/// Drops a closing bracket at the end that has no opening one within: `(doi:10.1/x)`.
fn strip_unbalanced(s: &str) -> &str {
    for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
        if s.ends_with(close) && s.matches(open).count() < s.matches(close).count() {
            return &s[..s.len() - close.len_utf8()];
        }
    }
    s
}

/// `%2F` -> `/` and the like; invalid escapes stay as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(v).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path segment for a DOI in an API URL: everything but unreserved characters and
/// `/` percent-encoded, as the registries ask (DOIs hold `;`, `#`, `?`, `<`).
pub fn path_segment(doi: &str) -> String {
    let mut out = String::with_capacity(doi.len());
    for b in doi.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

static ISBN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bISBN(?:-1[03])?:?\s*((?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dX])\b")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The ISBN a citation's text gives after `ISBN`, as digits (ISBN-10 or -13, check
/// digit verified).
pub fn isbn(text: &str) -> Option<String> {
    ISBN.captures_iter(text).find_map(|c| {
        let digits: String = c[1]
            .chars()
            .filter(|ch| ch.is_ascii_digit() || *ch == 'X' || *ch == 'x')
            .map(|ch| ch.to_ascii_uppercase())
            .collect();
        valid_isbn(&digits).then_some(digits)
    })
}

fn valid_isbn(d: &str) -> bool {
    let v: Vec<u32> = d
        .chars()
        .map(|c| {
            if c == 'X' {
                10
            } else {
                c.to_digit(10).unwrap_or(99)
            }
        })
        .collect();
    match v.len() {
        10 => {
            let sum: u32 = v.iter().zip((1..=10).rev()).map(|(x, w)| x * w).sum();
            v[..9].iter().all(|x| *x < 10) && sum % 11 == 0
        }
        13 => {
            let sum: u32 = v
                .iter()
                .enumerate()
                .map(|(i, x)| if i % 2 == 0 { *x } else { x * 3 })
                .sum();
            v.iter().all(|x| *x < 10) && sum % 10 == 0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois_in_urls() {
        let cases = [
            ("https://doi.org/10.1080/01402390.2019.1668777", Some(("10.1080/01402390.2019.1668777", Origin::Resolver))),
            ("http://dx.doi.org/10.1016/S0140-6736(20)30183-5", Some(("10.1016/s0140-6736(20)30183-5", Origin::Resolver))),
            ("https://doi.org/10.1000%2F182", Some(("10.1000/182", Origin::Resolver))),
            ("https://www.tandfonline.com/doi/full/10.1080/03071847.2010.486632", Some(("10.1080/03071847.2010.486632", Origin::Publisher))),
            ("https://www.tandfonline.com/doi/abs/10.1080/03071847.2010.486632?journalCode=rusi20", Some(("10.1080/03071847.2010.486632", Origin::Publisher))),
            ("https://journals.sagepub.com/doi/pdf/10.1177/0974928418785477", Some(("10.1177/0974928418785477", Origin::Publisher))),
            ("https://link.springer.com/content/pdf/10.1007/s11103-020-01040-4.pdf", Some(("10.1007/s11103-020-01040-4", Origin::Publisher))),
            ("https://onlinelibrary.wiley.com/doi/10.1002/asi.24421/full", Some(("10.1002/asi.24421", Origin::Publisher))),
            ("https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0213243&type=printable", Some(("10.1371/journal.pone.0213243", Origin::Publisher))),
            ("https://www.sciencedirect.com/science/article/pii/S1573446399030102", None),
            ("https://doi.org/", None),
            ("https://www.state.gov/10.1234/not-a-doi-host", Some(("10.1234/not-a-doi-host", Origin::Publisher))),
            ("not a url", None),
        ];
        for (url, want) in cases {
            let got = in_url(url);
            assert_eq!(got.as_ref().map(|(d, o)| (d.as_str(), *o)), want, "{url}");
        }
    }

    #[test]
    fn dois_in_text() {
        let cases = [
            (
                "Smith, J. (2020). Title. Journal, 3(2), 1-10. doi:10.1037/0003-066X.59.1.29.",
                Some("10.1037/0003-066x.59.1.29"),
            ),
            (
                "… Nature 521, 436 (DOI 10.1038/nature14539)",
                Some("10.1038/nature14539"),
            ),
            (
                "DOI: 10.1016/S0140-6736(20)30183-5, accessed",
                Some("10.1016/s0140-6736(20)30183-5"),
            ),
            (
                "https://doi.org/10.48550/arXiv.1706.03762”",
                Some("10.48550/arxiv.1706.03762"),
            ),
            ("version 10.2 of the software, 10.12/ab", None),
            ("10.1234/", None),
            (
                "arXiv:0909.5347,doi :10.1109/TIT.2010.2054552.URL https://x",
                Some("10.1109/tit.2010.2054552"),
            ),
            ("no doi here", None),
        ];
        for (text, want) in cases {
            assert_eq!(in_text(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn the_url_wins_over_the_text() {
        let (doi, origin) = find(Some("https://doi.org/10.1000/url"), "doi:10.1000/text").unwrap();
        assert_eq!((doi.as_str(), origin), ("10.1000/url", Origin::Resolver));
        let (doi, origin) = find(Some("https://example.org/"), "doi:10.1000/text").unwrap();
        assert_eq!((doi.as_str(), origin), ("10.1000/text", Origin::Text));
        assert!(find(None, "nothing").is_none());
    }

    #[test]
    fn api_path_segments_keep_slashes_and_escape_the_rest() {
        assert_eq!(
            path_segment("10.1000/a;b#c?d<e>"),
            "10.1000/a%3Bb%23c%3Fd%3Ce%3E"
        );
        assert_eq!(
            path_segment("10.1016/s0140-6736(20)30183-5"),
            "10.1016/s0140-6736%2820%2930183-5"
        );
    }

    #[test]
    fn isbns_with_checked_digits() {
        assert_eq!(
            isbn("Oxon: Routledge, 2016. ISBN 978-0-306-40615-7.").as_deref(),
            Some("9780306406157")
        );
        assert_eq!(isbn("ISBN: 0-19-852663-6").as_deref(), Some("0198526636"));
        assert_eq!(isbn("ISBN 0-8044-2957-X").as_deref(), Some("080442957X"));
        // A wrong check digit is a typo, not an ISBN to look up.
        assert_eq!(isbn("ISBN 978-0-306-40615-8"), None);
        assert_eq!(isbn("pp. 9780306406157"), None);
    }
}
