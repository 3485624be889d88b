//! The Memento protocol (RFC 7089) as far as citecheck speaks it: TimeMaps in the link
//! format of RFC 6690, and the HTTP dates of `Accept-Datetime` and `Memento-Datetime`.
//!
//! A TimeMap comes from an archive, so it is untrusted and may be cut at the body cap:
//! the parser takes every complete link it can read, skips what it cannot, and never
//! fails.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// One capture listed in a TimeMap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Memento {
    /// Where the capture is replayed (URI-M).
    pub url: String,
    /// When it was captured, in seconds since the Unix epoch.
    pub at: i64,
}

/// One link of a link-format document: its target and parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Link {
    /// The URI between `<` and `>`.
    pub uri: String,
    /// The parameters, names lowercased, quotes removed.
    pub params: Vec<(String, String)>,
}

impl Link {
    /// The value of parameter `name`, if present.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// True when the space-separated `rel` includes `rel`.
    pub fn has_rel(&self, rel: &str) -> bool {
        self.param("rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|x| x.eq_ignore_ascii_case(rel))
        })
    }
}

/// Every complete link in `text`, in order.
pub fn parse_links(text: &str) -> Vec<Link> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            break;
        };
        let uri = after[..close].trim().to_owned();
        let (params, next) = parse_params(&after[close + 1..]);
        if !uri.is_empty() {
            out.push(Link { uri, params });
        }
        rest = next;
    }
    out
}

/// The parameters after a link's `>`, up to the `,` that ends the link; returns them and
/// the text after the link.
fn parse_params(mut s: &str) -> (Vec<(String, String)>, &str) {
    let mut params = Vec::new();
    loop {
        s = s.trim_start();
        match s.chars().next() {
            Some(';') => s = &s[1..],
            Some(',') => return (params, &s[1..]),
            // The next link without its comma, or the end: take what was read.
            Some('<') | None => return (params, s),
            // Junk between parameters: skip to the next separator.
            Some(_) => {
                let cut = s.find([';', ',', '<']).unwrap_or(s.len());
                s = &s[cut..];
                continue;
            }
        }
        s = s.trim_start();
        let name_end = s.find(['=', ';', ',', '<']).unwrap_or(s.len());
        let name = s[..name_end].trim().to_ascii_lowercase();
        s = &s[name_end..];
        let value = if let Some(v) = s.strip_prefix('=') {
            let (value, next) = parse_value(v.trim_start());
            s = next;
            value
        } else {
            String::new()
        };
        if !name.is_empty() {
            params.push((name, value));
        }
    }
}

/// A quoted string (with `\` escapes) or a token.
fn parse_value(s: &str) -> (String, &str) {
    let Some(quoted) = s.strip_prefix('"') else {
        let end = s.find([';', ',', '<']).unwrap_or(s.len());
        return (s[..end].trim().to_owned(), &s[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, &quoted[i + 1..]),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    value.push(escaped);
                }
            }
            c => value.push(c),
        }
    }
    // An unclosed quote runs to the end: a TimeMap cut at the cap.
    (value, "")
}

/// The mementos of a TimeMap, oldest first; links without a readable `datetime` are
/// left out.
pub fn mementos(timemap: &str) -> Vec<Memento> {
    let mut out: Vec<Memento> = parse_links(timemap)
        .into_iter()
        .filter(|l| l.has_rel("memento"))
        .filter(|l| l.uri.starts_with("http://") || l.uri.starts_with("https://"))
        .filter_map(|l| {
            let at = parse_http_date(l.param("datetime")?)?;
            Some(Memento { url: l.uri, at })
        })
        .collect();
    out.sort_by_key(|m| m.at);
    out.dedup();
    out
}

/// An HTTP date (`Tue, 20 Jun 2000 18:02:59 GMT`) in seconds since the Unix epoch.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let t = httpdate::parse_http_date(text.trim()).ok()?;
    let secs = t.duration_since(UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()
}

/// The day of `at` (`YYYY-MM-DD`, UTC), as reports give a capture's date.
pub fn day(at: i64) -> String {
    let (y, m, d) = crate::date::civil_from_days(at.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `at` as an HTTP date, for `Accept-Datetime`.
pub fn http_date(at: i64) -> String {
    let secs = u64::try_from(at.max(0)).unwrap_or(0);
    httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMEMAP: &str = r#"<http://a.example/page>; rel="original",
<https://web.archive.org/web/timemap/link/http://a.example/page>; rel="self"; type="application/link-format"; from="Tue, 20 Jun 2000 18:02:59 GMT",
<https://web.archive.org/web/http://a.example/page>; rel="timegate",
<https://web.archive.org/web/20000620180259/http://a.example/page>; rel="first memento"; datetime="Tue, 20 Jun 2000 18:02:59 GMT",
<https://web.archive.org/web/20230101000000/http://a.example/page>; rel="memento"; datetime="Sun, 01 Jan 2023 00:00:00 GMT",
<https://web.archive.org/web/20240101000000/http://a.example/page>; rel="last memento"; datetime="Mon, 01 Jan 2024 00:00:00 GMT"
"#;

    #[test]
    fn a_wayback_timemap() {
        let links = parse_links(TIMEMAP);
        assert_eq!(links.len(), 6);
        assert!(links[0].has_rel("original"));
        assert_eq!(links[1].param("type"), Some("application/link-format"));
        let m = mementos(TIMEMAP);
        assert_eq!(m.len(), 3);
        assert_eq!(
            m[0].url,
            "https://web.archive.org/web/20000620180259/http://a.example/page"
        );
        assert_eq!(m[0].at, 961_524_179);
        assert_eq!(m[2].at, 1_704_067_200);
    }

    #[test]
    fn odd_and_cut_timemaps_give_what_they_can() {
        // Unquoted values, no commas between links, upper-case names, escapes.
        let odd = "<https://x/1>;REL=memento;datetime=\"Sun, 01 Jan 2023 00:00:00 GMT\"\
                   <https://x/2> ; rel=\"memento\" ; datetime=\"Mon, 01 Jan 2024 00:00:00 GMT\" ; title=\"a \\\"b\\\"\"";
        let links = parse_links(odd);
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].param("title"), Some("a \"b\""));
        assert_eq!(mementos(odd).len(), 2);
        // Cut in the middle of a link: the complete ones stand.
        let cut = &TIMEMAP[..TIMEMAP.len() - 40];
        assert_eq!(mementos(cut).len(), 2);
        for junk in [
            "",
            "<",
            ">",
            "<>;;,,",
            "no links",
            "<a>; rel=",
            "<a>;=x",
            "\"<a>\"",
        ] {
            let _ = parse_links(junk);
            assert!(mementos(junk).is_empty(), "{junk}");
        }
        // Not http(s), or no date: left out.
        assert!(mementos(
            "<file:///etc/passwd>; rel=memento; datetime=\"Sun, 01 Jan 2023 00:00:00 GMT\""
        )
        .is_empty());
        assert!(mementos("<https://x/1>; rel=memento").is_empty());
    }

    #[test]
    fn http_dates_round_trip() {
        assert_eq!(http_date(961_524_179), "Tue, 20 Jun 2000 18:02:59 GMT");
        assert_eq!(
            parse_http_date("Tue, 20 Jun 2000 18:02:59 GMT"),
            Some(961_524_179)
        );
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(http_date(-5), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
