//! Choosing a page's own title: site names split off, sources weighed by agreement.
//!
//! A `<title>` usually carries the site's name (`Budget 2024 | Ministry of Finance`), an
//! `og:title` sometimes a social-media wording, and the first `<h1>` is sometimes the
//! site's logo. No single source is right everywhere, so each candidate is scored by how
//! many independent sources agree with it, and ties go to the more trusted source.

use super::choose::{Found, TITLE_SOURCES};

/// Separators between a title and a site name, as pages print them.
pub const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " > ", " » ", " · ", " • ", "_", " ｜ ", "｜", "—", " : ",
    ": ", "：", " › ", " / ", " ~ ", " ‹ ", ":",
];

/// Candidates shorter than this (in key characters) agree with others only exactly,
/// since a short key is a prefix of too much.
const MIN_PREFIX_KEY: usize = 15;

/// A comparison key: lower-case letters and digits only (any script).
pub(crate) fn key(s: &str) -> String {
    // Most titles are ASCII, and keys are taken of every part of every candidate.
    if s.is_ascii() {
        let mut k = s.to_ascii_lowercase();
        k.retain(|c| c.is_ascii_alphanumeric());
        return k;
    }
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The separators that occur in `title`, in [`SEPARATORS`] order: splitting on the
/// others is a no-op, and a title is split many times while its site name is found.
fn separators_in(title: &str) -> impl Iterator<Item = &'static str> + '_ {
    static FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        SEPARATORS
            .iter()
            .map(|sep| memchr::memmem::Finder::new(sep.as_bytes()))
            .collect()
    });
    SEPARATORS
        .iter()
        .zip(finders)
        .filter(|(_, f)| f.find(title.as_bytes()).is_some())
        .map(|(sep, _)| *sep)
}

/// Names a site goes by: its stated names and the labels of its host name.
pub(crate) fn site_hints(found: &Found, host: Option<&str>) -> Vec<String> {
    let mut hints: Vec<String> = found.site_names.iter().map(|s| key(s)).collect();
    // An address names no site: `127.0.0.3` would make "Article 17 on 127.0.0.3" look
    // like a site name.
    let is_address =
        |h: &str| h.parse::<std::net::IpAddr>().is_ok() || (h.starts_with('[') && h.ends_with(']'));
    if let Some(host) = host.filter(|h| !is_address(h)) {
        let labels: Vec<&str> = host.split('.').collect();
        let n = labels.len();
        for (i, label) in labels.iter().enumerate() {
            let generic = matches!(*label, "www" | "m" | "com" | "org" | "net" | "gov" | "edu")
                || (i + 1 == n && label.len() <= 3);
            if !generic && label.len() >= 2 {
                hints.push(key(label));
            }
        }
        hints.push(key(host));
    }
    hints.retain(|h| !h.is_empty());
    hints
}

/// True when `part` is a site name rather than a title.
fn is_site(part: &str, hints: &[String]) -> bool {
    let k = key(part);
    !k.is_empty()
        && hints.iter().any(|h| {
            k == *h
                || (h.len() >= 4 && k.contains(h.as_str()) && k.len() <= h.len() + 12)
                || (k.len() >= 4 && h.contains(k.as_str()))
        })
}

/// `title` without a leading or trailing site-name part.
pub(crate) fn strip_site(title: &str, hints: &[String]) -> String {
    for sep in separators_in(title) {
        let parts: Vec<&str> = title.split(sep).map(str::trim).collect();
        if parts.len() < 2 {
            continue;
        }
        let n = parts.len();
        // `Story | Site | Slogan`: what follows the site's name is not the story's.
        if let Some(at) = (1..n - 1).find(|&i| is_site(parts[i], hints)) {
            if !is_site(parts[0], hints) {
                return strip_site(&parts[..at].join(sep), hints);
            }
        }
        if is_site(parts[n - 1], hints) && !is_site(parts[0], hints) {
            return strip_site(&parts[..n - 1].join(sep), hints);
        }
        if is_site(parts[0], hints) && !is_site(parts[n - 1], hints) {
            return strip_site(&parts[1..].join(sep), hints);
        }
    }
    title.trim().to_owned()
}

/// The keys a source "says": its text whole and, for a `<title>`, its parts.
fn said(value: &str, split: bool) -> Vec<String> {
    let mut keys = vec![key(value)];
    if split {
        for sep in separators_in(value) {
            let parts: Vec<&str> = value.split(sep).map(str::trim).collect();
            if parts.len() < 2 {
                continue;
            }
            keys.extend(parts.iter().map(|p| key(p)));
            keys.push(key(&parts[..parts.len() - 1].join(sep)));
            keys.push(key(&parts[1..].join(sep)));
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// True when `heading` is a part of `title` after its first: a section or site name
/// (`Story | Events | Site` with the heading `Events`).
fn is_tail_part(heading: &str, title: &str) -> bool {
    let k = key(heading);
    separators_in(title).any(|sep| {
        let parts: Vec<&str> = title.split(sep).collect();
        parts.len() >= 2 && parts[1..].iter().any(|p| key(p) == k)
    })
}

/// True for a heading that can be a title: a few words, not a label like "Menu".
fn headline_like(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let cjk = s.chars().filter(|c| crate::text::is_cjk(*c)).count();
    (words >= 3 || cjk >= 6) && s.chars().count() <= 300
}

fn agrees(a: &str, b: &str) -> bool {
    let long = |k: &str| k.chars().count() >= MIN_PREFIX_KEY;
    a == b
        || (long(a) && (b.starts_with(a) || b.ends_with(a)))
        || (long(b) && (a.starts_with(b) || a.ends_with(b)))
}

/// The best title of the page, or `None` when it states none.
pub(crate) fn best(found: &Found, hints: &[String]) -> Option<String> {
    // (value, source rank, keys its source says)
    let mut cands: Vec<(String, usize, Vec<String>)> = Vec::new();
    let rank_of = |source: &str| {
        TITLE_SOURCES
            .iter()
            .position(|s| *s == source)
            .unwrap_or(TITLE_SOURCES.len())
            * 2
    };
    // A page with one `<h1>` names itself there: it is the headline readers see, while
    // `<title>` and `og:title` are often written for search engines and social media.
    let h1s: Vec<&str> = found
        .titles
        .iter()
        .filter(|t| t.source == "h1")
        .map(|t| t.value.as_str())
        .collect();
    if let [only] = h1s.as_slice() {
        let only = strip_site(only, hints);
        let tag = found.title_from("title").unwrap_or("");
        if headline_like(&only) && !is_site(&only, hints) && !is_tail_part(&only, tag) {
            return Some(only);
        }
    }
    let h1_rank = rank_of("h1");
    let mut h1_seen = 0;
    for t in &found.titles {
        let rank = if t.source == "h1" {
            h1_rank
        } else {
            rank_of(&t.source)
        };
        if t.source == "h1" {
            h1_seen += 1;
            if h1_seen > 2 || is_site(&t.value, hints) {
                continue;
            }
        }
        if t.source == "pdf:first-page" {
            continue;
        }
        let stripped = strip_site(&t.value, hints);
        if stripped.is_empty() || is_site(&stripped, hints) {
            continue;
        }
        let split = t.source == "title";
        cands.push((stripped, rank, said(&t.value, split)));
    }
    let support = |value: &str| {
        let k = key(value);
        cands
            .iter()
            .filter(|(_, _, keys)| keys.iter().any(|s| agrees(&k, s)))
            .count()
    };
    cands
        .iter()
        .enumerate()
        .max_by_key(|(i, (value, rank, _))| (support(value), std::cmp::Reverse((*rank, *i))))
        .map(|(_, (value, _, _))| value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(titles: &[(&str, &str)], site: Option<&str>) -> Found {
        let mut f = Found::default();
        for (source, value) in titles {
            f.title(source, value);
        }
        if let Some(s) = site {
            f.site_name("og:site_name", s);
        }
        f
    }

    #[test]
    fn site_names_are_split_off() {
        let hints = vec![key("Ministry of Finance"), key("finance")];
        let cases = [
            ("Budget 2024 | Ministry of Finance", "Budget 2024"),
            ("Ministry of Finance - Budget 2024", "Budget 2024"),
            ("关于2024年预算的通知_财政部", "关于2024年预算的通知_财政部"),
            ("Plain title", "Plain title"),
        ];
        for (title, want) in cases {
            assert_eq!(strip_site(title, &hints), want, "{title}");
        }
        let hints = vec![key("财政部")];
        assert_eq!(
            strip_site("关于2024年预算的通知_财政部", &hints),
            "关于2024年预算的通知"
        );
    }

    #[test]
    fn agreement_beats_a_lone_social_title() {
        let f = found(
            &[
                ("og:title", "You won't believe this budget"),
                ("title", "Budget 2024 approved by parliament - The Daily"),
                ("h1", "Budget 2024 approved by parliament"),
            ],
            Some("The Daily"),
        );
        let hints = site_hints(&f, Some("www.thedaily.com"));
        assert_eq!(
            best(&f, &hints).as_deref(),
            Some("Budget 2024 approved by parliament")
        );
    }

    #[test]
    fn logo_h1_is_not_a_title() {
        let f = found(
            &[("h1", "The Daily"), ("title", "A story | The Daily")],
            None,
        );
        let hints = site_hints(&f, Some("thedaily.com"));
        assert_eq!(best(&f, &hints).as_deref(), Some("A story"));
    }
}
