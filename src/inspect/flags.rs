//! Soft 404s and bot walls: pages served with success that are not the content.
//!
//! Both flags must stay rare on real pages (a false "dead" is worse than a missed one), so
//! each rule needs a strong signal: the page's own title or heading, a challenge marker
//! of a known bot-protection vendor, or a deep link that landed on a home page.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use url::Url;

use super::PageMeta;
use crate::types::{FetchOutcome, Fetched};

/// What a page looks like, for the flag rules.
pub(crate) struct Page<'a> {
    pub html: &'a str,
    pub title: Option<&'a str>,
    pub h1: Option<&'a str>,
    pub lead: &'a str,
    pub url: Option<&'a Url>,
}

/// A raised flag and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Flag {
    Soft404(String),
    Blocked(String),
}

/// Bot walls are small pages; larger ones are real pages that mention these words.
const MAX_WALL_BYTES: usize = 128 * 1024;

/// Titles and headings of "not found" pages, compared in lower case: these phrases say
/// so in any title of reasonable length.
const NOT_FOUND: &[&str] = &[
    "page not found",
    "404 not found",
    "error 404",
    "404 error",
    "page cannot be found",
    "page can't be found",
    "page could not be found",
    "page does not exist",
    "page doesn't exist",
    "seite nicht gefunden",
    "página no encontrada",
    "page introuvable",
    "pagina non trovata",
    "页面不存在",
    "页面未找到",
    "找不到页面",
    "找不到网页",
    "您访问的页面不存在",
    "页面没有找到",
    "ページが見つかりません",
    "페이지를 찾을 수 없습니다",
];

/// Weaker phrases (and a bare `404`) that count only in a short title, since a real
/// article may be called "Lost and Not Found".
const NOT_FOUND_SHORT: &[&str] = &["not found", "no longer available", "nothing found"];

/// Automata over [`NOT_FOUND`] and [`NOT_FOUND_SHORT`], built on first use: one pass
/// over a title instead of one search per phrase.
static NOT_FOUND_AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();
static NOT_FOUND_SHORT_AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();

/// Tells whether `s` contains one of `list`, with the automaton in `cell`.
struct Phrases<'a> {
    automaton: Option<&'a AhoCorasick>,
    list: &'static [&'static str],
}

impl Phrases<'_> {
    fn is_match(&self, s: &str) -> bool {
        match self.automaton {
            Some(ac) => ac.is_match(s),
            // Building cannot fail for a short fixed list; if it ever did, search plainly.
            None => self.list.iter().any(|p| s.contains(p)),
        }
    }
}

fn phrases<'a>(
    cell: &'a OnceLock<Option<AhoCorasick>>,
    list: &'static [&'static str],
) -> Phrases<'a> {
    Phrases {
        automaton: cell.get_or_init(|| AhoCorasick::new(list).ok()).as_ref(),
        list,
    }
}

/// Longest title or heading the weaker phrases count in.
const SHORT_TITLE: usize = 50;

/// Titles of challenge pages, compared in lower case.
const WALL_TITLES: &[(&str, &str)] = &[
    ("just a moment", "cloudflare challenge"),
    ("attention required! | cloudflare", "cloudflare block"),
    ("access denied", "access denied"),
    ("pardon our interruption", "distil/imperva challenge"),
    ("are you a robot", "captcha"),
    ("security check", "security check"),
    ("please verify you are a human", "captcha"),
    ("human verification", "captcha"),
    ("request rejected", "web application firewall"),
    ("403 forbidden", "forbidden page"),
];

/// Markers in the markup of small challenge pages.
const WALL_MARKERS: &[(&str, &str)] = &[
    ("/cdn-cgi/challenge-platform", "cloudflare challenge"),
    ("cf-browser-verification", "cloudflare challenge"),
    ("captcha-delivery.com", "datadome"),
    ("px-captcha", "perimeterx"),
    (
        "enable javascript and cookies to continue",
        "javascript challenge",
    ),
    ("please enable cookies", "cookie challenge"),
    ("_incapsula_resource", "imperva"),
];

/// Flags raised by the page's own content.
pub(crate) fn from_page(page: &Page<'_>) -> Option<Flag> {
    let title = page.title.map(str::to_lowercase).unwrap_or_default();
    let h1 = page.h1.map(str::to_lowercase).unwrap_or_default();
    let small = page.html.len() <= MAX_WALL_BYTES;
    if small {
        if let Some((_, why)) = WALL_TITLES.iter().find(|(t, _)| title.starts_with(t)) {
            if *why != "access denied"
                || page.html.contains("Reference #")
                || title == "access denied"
            {
                return Some(Flag::Blocked(format!("{why}: title {title:?}")));
            }
        }
        // A real article can embed these scripts; a wall has almost no text.
        if page.lead.chars().count() < 600 {
            let head = page.html.as_bytes();
            let head = head[..head.len().min(64 * 1024)].to_ascii_lowercase();
            let found = |m: &str| memchr::memmem::find(&head, m.as_bytes()).is_some();
            if let Some((m, why)) = WALL_MARKERS.iter().find(|(m, _)| found(m)) {
                return Some(Flag::Blocked(format!("{why}: {m}")));
            }
        }
    }
    let says_not_found = |s: &str| {
        let len = s.chars().count();
        if len == 0 || len > 120 {
            return false;
        }
        let words: Vec<&str> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // A bare "404" means the error only in a title about little else ("404",
        // "404 | Example"): "Route 404 reopens" or "Article 404 on ..." are articles.
        let bare_404 = words.len() <= 4 && words.contains(&"404");
        let short = len <= SHORT_TITLE && phrases(&NOT_FOUND_SHORT_AC, NOT_FOUND_SHORT).is_match(s);
        bare_404 || short || phrases(&NOT_FOUND_AC, NOT_FOUND).is_match(s)
    };
    if says_not_found(&title) {
        return Some(Flag::Soft404(format!("page says {title:?}")));
    }
    if says_not_found(&h1) {
        return Some(Flag::Soft404(format!("page says {h1:?}")));
    }
    let _ = page.url;
    None
}

/// Records a flag in `meta`.
pub(crate) fn apply(meta: &mut PageMeta, flag: Option<Flag>) {
    match flag {
        Some(Flag::Soft404(why)) => {
            meta.soft_404 = true;
            meta.flag_reason = Some(why);
        }
        Some(Flag::Blocked(why)) => {
            meta.blocked = true;
            meta.flag_reason = Some(why);
        }
        None => {}
    }
}

/// Flags raised by how the fetch went: challenge headers, blocked statuses, and deep
/// links redirected to a home page.
pub(crate) fn from_fetch(fetched: &Fetched, meta: &mut PageMeta) {
    let challenge = fetched
        .headers
        .cf_mitigated
        .as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case("challenge"));
    if challenge || fetched.outcome == FetchOutcome::Blocked {
        meta.blocked = true;
        meta.soft_404 = false;
        meta.flag_reason = Some(if challenge {
            "cloudflare challenge: cf-mitigated header".to_owned()
        } else {
            format!("status {}", fetched.status.unwrap_or(0))
        });
        return;
    }
    if fetched.outcome == FetchOutcome::Ok && !meta.blocked && redirected_home(fetched) {
        meta.soft_404 = true;
        meta.flag_reason = Some(format!("deep link redirected to {}", fetched.final_url));
    }
}

/// True when a URL with a path was redirected to its site's home page.
pub(crate) fn redirected_home(fetched: &Fetched) -> bool {
    if !fetched.is_redirected() {
        return false;
    }
    let (Ok(from), Ok(to)) = (Url::parse(&fetched.url), Url::parse(&fetched.final_url)) else {
        return false;
    };
    let deep = from.path().trim_matches('/').len() > 1;
    let home = matches!(
        to.path()
            .trim_end_matches('/')
            .to_ascii_lowercase()
            .as_str(),
        "" | "/index.html" | "/index.htm" | "/index.php" | "/home" | "/en" | "/index.shtml"
    ) && to.query().is_none();
    deep && home
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(html: &str, title: &str, h1: &str, lead: &str) -> Option<Flag> {
        from_page(&Page {
            html,
            title: Some(title),
            h1: Some(h1),
            lead,
            url: None,
        })
    }

    #[test]
    fn walls_and_not_found_pages() {
        assert!(matches!(
            flag(
                "<title>Just a moment...</title>",
                "Just a moment...",
                "",
                ""
            ),
            Some(Flag::Blocked(_))
        ));
        assert!(matches!(
            flag(
                "Access Denied. Reference #18.1234",
                "Access Denied",
                "Access Denied",
                ""
            ),
            Some(Flag::Blocked(_))
        ));
        assert!(matches!(
            flag("", "页面不存在", "", ""),
            Some(Flag::Soft404(_))
        ));
        assert!(matches!(
            flag("", "Oops", "404 - Page Not Found", ""),
            Some(Flag::Soft404(_))
        ));
        assert_eq!(
            flag("", "How to find things | Blog", "How to find things", ""),
            None
        );
        assert_eq!(flag("", "A Moment in Time", "", ""), None);
        let memoir = "Lost and Not Found: A Memoir of Three Decades in the Archives";
        assert_eq!(flag("", memoir, memoir, ""), None);
    }

    #[test]
    fn a_404_in_an_article_title_is_not_an_error() {
        assert!(flag("", "Article 404 on example.org | Example News", "", "").is_none());
        assert!(flag("", "Route 404 reopens after the floods", "", "").is_none());
        assert!(matches!(
            flag("", "404 | Example", "", ""),
            Some(Flag::Soft404(_))
        ));
    }

    #[test]
    fn deep_link_to_home_is_soft_404() {
        let mut f = Fetched::new("https://example.org/news/2023/story.html");
        f.final_url = "https://example.org/".into();
        f.redirects.push(crate::types::Redirect {
            url: f.url.clone(),
            status: 301,
        });
        f.outcome = FetchOutcome::Ok;
        assert!(redirected_home(&f));
        f.url = "https://example.org/".into();
        f.final_url = "https://www.example.org/".into();
        assert!(!redirected_home(&f));
    }
}
