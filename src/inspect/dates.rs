//! Reading dates out of metadata values and URLs.
//!
//! Metadata dates come in every format the web has used: ISO 8601 with or without time
//! and zone, RFC 2822, `20240228`, Unix timestamps, and dates written for people. The
//! written forms go through [`crate::date::find_dates`], the same reader the
//! extract stage uses for footnotes, so both stages agree on what a date is.
//!
//! The date part is kept as written: a page's `2023-06-22T23:30:00-04:00` is the 22nd
//! where it was published. A value stated in UTC (`2023-06-23T03:30:00Z`, `GMT`, a Unix
//! timestamp) is the calendar day in London, not where the publisher printed it: when
//! the page states its own offset elsewhere ([`page_zone`]), such a value is moved to
//! that zone ([`to_zone`]), so that the day compared is the one the publisher printed.

use std::sync::LazyLock;

use regex::Regex;

use crate::date::PartialDate;
use crate::date::{find_dates, month_number};

/// Parses a date value from a `<meta>` tag, JSON-LD, or a `datetime` attribute.
pub(crate) fn parse_value(value: &str) -> Option<PartialDate> {
    let s = value.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.len() {
            8 => compact(s),
            10 | 13 => timestamp(s),
            4 => PartialDate::new(s.parse().ok()?, None, None),
            _ => None,
        };
    }
    if let Some(d) = iso_prefix(s).or_else(|| ctime(s)) {
        return Some(d);
    }
    let found = find_dates(s);
    found
        .iter()
        .find(|d| !d.weak && d.date.month.is_some())
        .or_else(|| found.iter().find(|d| !d.weak))
        .map(|d| d.date)
}

static UTC_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]00:?00)(?:$|[^\d:])")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Minutes past midnight, UTC, of a value that states its time in UTC (`...T03:30:00Z`,
/// `+00:00`, `GMT`, a Unix timestamp); `None` for a value with another offset or none.
pub(crate) fn utc_minutes(value: &str) -> Option<i32> {
    let s = value.trim();
    if s.len() > 200 {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) && matches!(s.len(), 10 | 13) {
        let mut secs: i64 = s.parse().ok()?;
        if s.len() == 13 {
            secs /= 1000;
        }
        return i32::try_from(secs.rem_euclid(86_400) / 60).ok();
    }
    let c = UTC_TIME.captures(s)?;
    let (h, m): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-])(\d{2}):?(\d{2})")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Bytes of a page searched for its time zone: its metadata is at the top.
const ZONE_WINDOW: usize = 512 * 1024;

/// The page's own offset from UTC, in minutes: the most frequent non-zero offset among
/// the ISO timestamps in `markup` (`2023-06-22T23:30:00-04:00` gives -240).
pub(crate) fn page_zone(markup: &str) -> Option<i32> {
    let mut end = markup.len().min(ZONE_WINDOW);
    while !markup.is_char_boundary(end) {
        end -= 1;
    }
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for c in OFFSET.captures_iter(&markup[..end]).take(64) {
        let (h, m): (i32, i32) = match (c[2].parse(), c[3].parse()) {
            (Ok(h), Ok(m)) if h <= 14 && m < 60 => (h, m),
            _ => continue,
        };
        let minutes = (h * 60 + m) * if &c[1] == "-" { -1 } else { 1 };
        if minutes == 0 {
            continue;
        }
        match counts.iter_mut().find(|(z, _)| *z == minutes) {
            Some((_, n)) => *n += 1,
            None => counts.push((minutes, 1)),
        }
    }
    // The most frequent; the first seen among equals (the head comes first).
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(z, _)| z)
}

/// `date`, stated at `minutes` past midnight UTC, as the calendar day at `zone` minutes
/// from UTC. A date without a day is returned as it is.
pub(crate) fn to_zone(date: PartialDate, minutes: i32, zone: i32) -> PartialDate {
    let (Some(month), Some(day)) = (date.month, date.day) else {
        return date;
    };
    let shift = i64::from(minutes + zone).div_euclid(24 * 60);
    if shift == 0 {
        return date;
    }
    let days = crate::date::days_from_civil(i64::from(date.year), month, day) + shift;
    let (y, m, d) = crate::date::civil_from_days(days);
    u16::try_from(y)
        .ok()
        .and_then(|y| PartialDate::new(y, Some(m), Some(d)))
        .unwrap_or(date)
}

/// `2024-02-28...`, `2024/02/28...`, `2024-02`: the ISO-like start of a value.
fn iso_prefix(s: &str) -> Option<PartialDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|x| x.iter().all(u8::is_ascii_digit))
            .and_then(|_| s.get(r)?.parse::<u16>().ok())
    };
    let year = digits(0..4)?;
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let month = u8::try_from(digits(5..7)?).ok()?;
    match (b.get(7), digits(8..10)) {
        (Some(&s2), Some(day)) if s2 == sep && !b.get(10).is_some_and(u8::is_ascii_digit) => {
            PartialDate::new(year, Some(month), u8::try_from(day).ok())
        }
        (None, _) => PartialDate::new(year, Some(month), None),
        _ => None,
    }
}

static CTIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z]{3},? ([A-Za-z]{3,9})\.? +(\d{1,2}) [\d:]+(?: [A-Z]{2,5})? (\d{4})$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// `Tue Jan 28 15:28:56 CET 2020`, the C library's and Java's default date format.
fn ctime(s: &str) -> Option<PartialDate> {
    let caps = CTIME.captures(s)?;
    PartialDate::new(
        caps[3].parse().ok()?,
        Some(month_number(&caps[1])?),
        caps[2].parse().ok(),
    )
}

/// `20240228`.
fn compact(s: &str) -> Option<PartialDate> {
    let year = s.get(0..4)?.parse().ok()?;
    let month = s.get(4..6)?.parse().ok()?;
    let day = s.get(6..8)?.parse().ok()?;
    PartialDate::new(year, Some(month), Some(day))
}

/// Unix seconds (10 digits) or milliseconds (13), as a UTC date.
fn timestamp(s: &str) -> Option<PartialDate> {
    let mut secs: i64 = s.parse().ok()?;
    if s.len() == 13 {
        secs /= 1000;
    }
    let (y, m, d) = crate::date::civil_from_days(secs.div_euclid(86_400));
    PartialDate::new(u16::try_from(y).ok()?, Some(m), Some(d))
}

static URL_YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_\-.])((?:19|20)\d{2})[/_\-.]([01]?\d|[A-Za-z]{3,9})[/_\-.]([0-3]?\d)(?:[/_\-.]|$)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static URL_COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_\-.]|[/_]t)((?:19|20)\d{2})([01]\d)([0-3]\d)(?:[/_\-.]|$)")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static URL_YM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})/?([01]\d|[A-Za-z]{3,9})/")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// The date a URL's path carries: `/2023/06/22/`, `/2023/Jun/21/`, `-2023-06-05/`,
/// `/202402/t20240228_`, or only a month (`/2023/06/`).
pub(crate) fn from_url(path: &str) -> Option<PartialDate> {
    let month_of = |m: &str| -> Option<u8> {
        if m.bytes().all(|b| b.is_ascii_digit()) {
            m.parse().ok()
        } else {
            month_number(m)
        }
    };
    for caps in URL_YMD.captures_iter(path) {
        let year = caps[1].parse().ok();
        let month = month_of(&caps[2]);
        let day = caps[3].parse().ok();
        if let Some(d) = year.and_then(|y| PartialDate::new(y, month, day)) {
            return Some(d);
        }
    }
    for caps in URL_COMPACT.captures_iter(path) {
        let y = caps[1].parse().ok();
        let d = y.and_then(|y| PartialDate::new(y, caps[2].parse().ok(), caps[3].parse().ok()));
        if d.is_some() {
            return d;
        }
    }
    let caps = URL_YM.captures(path)?;
    PartialDate::new(caps[1].parse().ok()?, Some(month_of(&caps[2])?), None)
}

static PAGE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})([-/.])(0[1-9]|1[0-2])([-/.])(0[1-9]|[12]\d|3[01])")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Dates looked at by [`in_markup`], at most: enough for any page's own dates.
const MAX_MARKUP_DATES: usize = 400;

/// The most frequent ISO-like date anywhere in the markup, scripts included (the earliest
/// among equals): the last resort of pages that print their date only from JavaScript
/// or in their image paths. Only dates that agree with `within` (the URL's date, at its
/// precision) count.
pub(crate) fn in_markup(html: &str, within: Option<PartialDate>) -> Option<PartialDate> {
    let mut counts: std::collections::BTreeMap<PartialDate, usize> = Default::default();
    let digit_at = |i: usize| html.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
    for caps in PAGE_DATE.captures_iter(html).take(MAX_MARKUP_DATES) {
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        let inside_number = (whole.start > 0 && digit_at(whole.start - 1)) || digit_at(whole.end);
        if caps[2] != caps[4] || inside_number {
            continue;
        }
        let (Ok(y), Ok(m), Ok(d)) = (caps[1].parse(), caps[3].parse(), caps[5].parse()) else {
            continue;
        };
        let Some(date) = PartialDate::new(y, Some(m), Some(d)) else {
            continue;
        };
        if within.is_none_or(|w| agrees_with(&date, &w)) {
            *counts.entry(date).or_default() += 1;
        }
    }
    // BTreeMap iterates oldest first, and max_by_key keeps the last maximum: reverse so
    // that the oldest of equally frequent dates wins.
    counts
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(d, _)| d)
}

/// True when `date` falls within `coarse` at `coarse`'s precision.
pub(crate) fn agrees_with(date: &PartialDate, coarse: &PartialDate) -> bool {
    date.year == coarse.year
        && coarse.month.is_none_or(|m| date.month == Some(m))
        && coarse.day.is_none_or(|d| date.day == Some(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(d: Option<PartialDate>) -> String {
        d.map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn metadata_values() {
        let cases = [
            ("2023-06-22T23:30:00-04:00", "2023-06-22"),
            ("2023-06-22", "2023-06-22"),
            ("2023/06/22 10:00", "2023-06-22"),
            ("2023-06", "2023-06"),
            ("20240228", "2024-02-28"),
            ("1700000000", "2023-11-14"),
            ("1700000000000", "2023-11-14"),
            ("Thu, 22 Jun 2023 10:00:00 GMT", "2023-06-22"),
            ("June 22, 2023", "2023-06-22"),
            ("2024年05月24日 10:21", "2024-05-24"),
            ("2012", "2012"),
            ("Tue Jan 28 15:28:56 CET 2020", "2020-01-28"),
            ("", ""),
            ("yesterday", ""),
            ("2023-13-45", ""),
        ];
        for (value, want) in cases {
            assert_eq!(s(parse_value(value)), want, "{value}");
        }
    }

    #[test]
    fn utc_values_move_to_the_page_zone() {
        assert_eq!(utc_minutes("2023-06-23T03:30:00Z"), Some(210));
        assert_eq!(utc_minutes("2023-06-23T03:30:00.000+00:00"), Some(210));
        assert_eq!(utc_minutes("Fri, 23 Jun 2023 03:30:00 GMT"), Some(210));
        assert_eq!(utc_minutes("1687491000"), Some(210));
        assert_eq!(utc_minutes("2023-06-22T23:30:00-04:00"), None);
        assert_eq!(utc_minutes("2023-06-22"), None);
        let page = r#"<meta property="article:published_time" content="2023-06-22T23:30:00-04:00">
            <script type="application/ld+json">{"datePublished": "2023-06-23T03:30:00Z"}</script>
            <meta name="x" content="2023-06-22T10:00:00+05:30">
            <meta name="y" content="2023-06-20T10:00:00-04:00">"#;
        assert_eq!(page_zone(page), Some(-240));
        assert_eq!(
            page_zone("2023-06-22T10:00:00+00:00 2023-06-22T10:00:00Z"),
            None
        );
        let d = |s: &str| PartialDate::parse_iso(s).unwrap();
        // 03:30 UTC on the 23rd is 23:30 on the 22nd in New York...
        assert_eq!(to_zone(d("2023-06-23"), 210, -240), d("2023-06-22"));
        // ...and 20:00 UTC on the 22nd is 01:30 on the 23rd in Delhi.
        assert_eq!(to_zone(d("2023-06-22"), 1200, 330), d("2023-06-23"));
        assert_eq!(to_zone(d("2023-12-31"), 1200, 330), d("2024-01-01"));
        assert_eq!(to_zone(d("2023-06-22"), 600, 330), d("2023-06-22"));
        assert_eq!(to_zone(d("2023-06"), 10, -240), d("2023-06"));
    }

    #[test]
    fn markup_dates() {
        let html = "x 2019-03-01 y 2020/04/17 z 2020/04/17 w 2020-04/17 2018-01-01";
        assert_eq!(s(in_markup(html, None)), "2020-04-17");
        let within = PartialDate::new(2018, None, None);
        assert_eq!(s(in_markup(html, within)), "2018-01-01");
        assert_eq!(
            s(in_markup("1 2019-03-01 2 2019-02-01", None)),
            "2019-02-01"
        );
    }

    #[test]
    fn url_dates() {
        let cases = [
            ("/2023/06/22/some-story/", "2023-06-22"),
            ("/2023/Jun/21/story", "2023-06-21"),
            ("/news/story-2023-06-05/", "2023-06-05"),
            ("/zwgk/202402/t20240228_123.html", "2024-02-28"),
            ("/blog/2019/03/title.html", "2019-03"),
            ("/20230622/story", "2023-06-22"),
            ("/product/12345678/", ""),
            ("/about/", ""),
        ];
        for (path, want) in cases {
            assert_eq!(s(from_url(path)), want, "{path}");
        }
    }
}
