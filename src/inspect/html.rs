//! HTML pages: `<meta>` tags, `<title>`, JSON-LD, and the article header.
//!
//! One walk over the parsed head and article window (see [`super::lean`]) reads every
//! element once. Sidebars, navigation, footers and "related" lists are skipped whole, so
//! that the dates printed there (other articles' dates) never compete with the article's
//! own; dates written in the text count only near the article's `<h1>`.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};
use url::Url;

use super::choose::Found;
use super::dates::{from_url, in_markup, parse_value};
use super::text::{collapse, collapse_prefix, truncate_chars};
use super::{flags, jsonld, lean, titles, DateKind, PageKind, PageMeta};
use crate::date::find_dates;
use crate::date::PartialDate;

/// Characters of article text kept as the lead.
const LEAD_CHARS: usize = 1500;
/// How far from the `<h1>` (in characters of text) a written date still counts as the
/// article's: before it (datelines, kickers) and after it (bylines).
const TEXT_BEFORE_H1: usize = 250;
const TEXT_AFTER_H1: usize = 600;
/// Most `<time>` elements read; articles have one or two.
const MAX_TIMES: usize = 32;
/// Oldest year a date found in text or a URL may have: the web is younger.
const MIN_WEB_YEAR: u16 = 1995;

/// `<meta>` names that give a title, and the source each is reported under.
const TITLE_META: &[(&str, &str)] = &[
    ("citation_title", "citation_title"),
    ("og:title", "og:title"),
    ("twitter:title", "twitter:title"),
    ("dc.title", "dc.title"),
    ("dcterms.title", "dcterms.title"),
    ("headline", "itemprop:headline"),
];

/// `<meta>` names that give the date of the last change.
const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "modified",
    "revision_date",
];

/// Class or id words of page furniture whose dates and headings are not the article's.
const FURNITURE: &[&str] = &[
    "sidebar",
    "related",
    "comment",
    "widget",
    "recommend",
    "popular",
    "trending",
    "footer",
    "breadcrumb",
    "navbar",
    "menu",
    "newsletter",
    "promo",
    "most-read",
    "mostread",
    "more-stories",
    "read-more",
];

/// Inspects an HTML page.
pub(crate) fn inspect_html(html: &str, url: Option<&Url>) -> PageMeta {
    let lean = lean::lean(html);
    let doc = Html::parse_document(&lean.document());
    let mut found = Found {
        zone: super::dates::page_zone(html),
        ..Found::default()
    };
    let mut walk = Walk::default();
    walk.run(&doc, &mut found);
    for block in &lean.json_ld {
        jsonld::collect(block, &mut found);
    }
    walk.text_dates(&mut found);
    let url_date = url_dates(url, walk.canonical.as_deref(), &mut found);
    for image in &walk.images {
        if let Some(d) = from_url(image).filter(|d| d.day.is_some() && d.year >= MIN_WEB_YEAR) {
            found.date("image-url", DateKind::Published, d);
        }
    }
    let dated = found.dates.iter().any(|d| d.value.day.is_some());
    if !dated {
        if let Some(d) = in_markup(html, url_date).filter(|d| d.year >= MIN_WEB_YEAR) {
            found.date("markup", DateKind::Published, d);
        }
    }
    found.lead = walk.lead();
    let host = url.and_then(Url::host_str);
    let hints = titles::site_hints(&found, host);
    let best = titles::best(&found, &hints);
    let page = flags::Page {
        html,
        title: found.title_from("title"),
        h1: found.title_from("h1"),
        lead: &found.lead,
        url,
    };
    let flag = flags::from_page(&page);
    let mut meta = found.finish(PageKind::Html, best);
    flags::apply(&mut meta, flag);
    meta
}

/// An element of the parsed page, with the attributes the walk reads.
struct El<'a> {
    el: ElementRef<'a>,
    name: &'a str,
    a: Attrs<'a>,
}

/// The attributes the walk reads, found in one pass over an element's attributes:
/// several are asked for on every element, and a search each would cost more.
#[derive(Default)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    itemprop: Option<&'a str>,
    property: Option<&'a str>,
    name: Option<&'a str>,
    content: Option<&'a str>,
    value: Option<&'a str>,
    http_equiv: Option<&'a str>,
    rel: Option<&'a str>,
    href: Option<&'a str>,
    src: Option<&'a str>,
    data_src: Option<&'a str>,
    datetime: Option<&'a str>,
    pubdate: Option<&'a str>,
}

impl<'a> El<'a> {
    fn new(el: ElementRef<'a>) -> El<'a> {
        let mut a = Attrs::default();
        for (name, value) in el.value().attrs() {
            let slot = match name {
                "class" => &mut a.class,
                "id" => &mut a.id,
                "role" => &mut a.role,
                "itemprop" => &mut a.itemprop,
                "property" => &mut a.property,
                "name" => &mut a.name,
                "content" => &mut a.content,
                "value" => &mut a.value,
                "http-equiv" => &mut a.http_equiv,
                "rel" => &mut a.rel,
                "href" => &mut a.href,
                "src" => &mut a.src,
                "data-src" => &mut a.data_src,
                "datetime" => &mut a.datetime,
                "pubdate" => &mut a.pubdate,
                _ => continue,
            };
            slot.get_or_insert(value);
        }
        El {
            el,
            name: el.value().name(),
            a,
        }
    }

    /// The text of the element's descendants, joined without separators (as the DOM's
    /// `textContent`).
    fn text(&self) -> String {
        self.el.text().collect()
    }
}

/// State of the one walk over the parsed page.
#[derive(Default)]
struct Walk {
    /// Text of the body, in order, with spaces between nodes.
    text: String,
    /// Offset in `text` where the first `<h1>` starts.
    h1_at: Option<usize>,
    /// `<time>` and dated elements, with their text offset.
    timed: Vec<(usize, String, DateKind, Option<String>)>,
    canonical: Option<String>,
    title_seen: bool,
    /// The page's own images: `og:image` and the first `<img>` after the `<h1>`.
    images: Vec<String>,
}

impl Walk {
    fn run(&mut self, doc: &Html, found: &mut Found) {
        let mut in_body = false;
        // The element being skipped (furniture), and the outermost `<article>` walked.
        let mut skip: Option<ego_tree::NodeId> = None;
        let mut article: Option<ego_tree::NodeId> = None;
        for edge in doc.tree.root().traverse() {
            let node = match edge {
                Edge::Open(node) => node,
                Edge::Close(node) => {
                    if skip == Some(node.id()) {
                        skip = None;
                    }
                    if article == Some(node.id()) {
                        article = None;
                    }
                    continue;
                }
            };
            if skip.is_some() {
                continue;
            }
            match node.value() {
                Node::Text(t) if in_body => {
                    self.text.push_str(t);
                    self.text.push(' ');
                }
                Node::Element(_) => {
                    let Some(el) = ElementRef::wrap(node) else {
                        continue;
                    };
                    let el = El::new(el);
                    if el.name == "body" {
                        in_body = true;
                    }
                    if el.name == "article" && article.is_none() {
                        article = Some(node.id());
                    }
                    if in_body && is_furniture(&el, article.is_some()) {
                        skip = Some(node.id());
                        continue;
                    }
                    self.element(el.name, &el, found);
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, name: &str, el: &El<'_>, found: &mut Found) {
        match name {
            "meta" => {
                meta(el, found);
                let prop = el.a.property.or(el.a.name);
                if let (Some("og:image" | "twitter:image"), Some(src)) = (prop, el.a.content) {
                    self.images.push(src.to_owned());
                }
            }
            "title" if !self.title_seen => {
                self.title_seen = true;
                found.title("title", &el.text());
            }
            "link"
                if el
                    .a
                    .rel
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                self.canonical = el.a.href.map(str::to_owned);
            }
            "h1" => {
                let text = collapse(&el.text());
                if !text.is_empty() {
                    found.title("h1", &text);
                    self.h1_at.get_or_insert(self.text.len());
                }
            }
            "img"
                if self
                    .h1_at
                    .is_some_and(|at| self.text.len() <= at + TEXT_AFTER_H1 * 2) =>
            {
                if let Some(src) = el.a.data_src.or(el.a.src) {
                    if self.images.len() < 4 {
                        self.images.push(src.to_owned());
                    }
                }
            }
            // Each `<time>` without `datetime` reads its whole subtree: a cap keeps a page
            // of nested `<time>` tags linear.
            "time" if self.timed.len() < MAX_TIMES => {
                let value =
                    el.a.datetime
                        .map(str::to_owned)
                        .unwrap_or_else(|| el.text());
                let kind = kind_of(el);
                let label = el.a.pubdate.map(|_| "published".to_owned());
                self.timed.push((self.text.len(), value, kind, label));
            }
            _ => {}
        }
        if let Some(prop) = el.a.itemprop {
            itemprop(prop, el, found);
        }
    }

    /// Dates of `<time>` elements and written in the text near the `<h1>`.
    fn text_dates(&self, found: &mut Found) {
        let (from, to) = match self.h1_at {
            Some(at) => (
                at.saturating_sub(TEXT_BEFORE_H1 * 3),
                at + TEXT_AFTER_H1 * 3,
            ),
            None => (0, (TEXT_BEFORE_H1 + TEXT_AFTER_H1) * 3),
        };
        let near = |at: usize| at >= from && at <= to;
        let h1 = self.h1_at.unwrap_or(0);
        let mut timed: Vec<_> = self.timed.iter().filter(|t| near(t.0)).collect();
        timed.sort_by_key(|t| t.0.abs_diff(h1));
        for (_, value, kind, label) in timed {
            if let Some(d) = found.local(value).filter(|d| d.year >= MIN_WEB_YEAR) {
                let source = if label.is_some() {
                    "time:published"
                } else {
                    "time"
                };
                found.date(source, *kind, d);
            }
        }
        let lo = floor(&self.text, from);
        let hi = floor(&self.text, to.min(self.text.len()));
        let window = &self.text[lo..hi];
        let mut dated: Vec<_> = find_dates(window)
            .into_iter()
            .filter(|d| !d.weak && d.date.month.is_some() && d.date.year >= MIN_WEB_YEAR)
            .collect();
        dated.sort_by_key(|d| (lo + d.range.start).abs_diff(h1));
        for d in dated {
            let before = &window[floor(window, d.range.start.saturating_sub(24))..d.range.start];
            let (source, kind) = label(before);
            found.date(source, kind, d.date);
        }
    }

    fn lead(&self) -> String {
        let start = floor(&self.text, self.h1_at.unwrap_or(0));
        collapse_prefix(
            truncate_chars(&self.text[start..], LEAD_CHARS * 2),
            LEAD_CHARS,
        )
    }
}

/// The largest char boundary of `s` at or below `i`.
fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether the words before a written date call it a publication or an update.
fn label(before: &str) -> (&'static str, DateKind) {
    let lower = before.to_lowercase();
    let tail = lower.rsplit(['.', '|', '\n']).next().unwrap_or(&lower);
    let modified = [
        "updated",
        "modified",
        "更新",
        "修改",
        "last reviewed",
        "revised",
    ];
    let published = [
        "published",
        "posted",
        "发布",
        "发表",
        "日期",
        "时间",
        "released",
        "issued",
    ];
    if modified.iter().any(|w| tail.contains(w)) {
        ("text", DateKind::Modified)
    } else if published.iter().any(|w| tail.contains(w)) {
        ("text:published", DateKind::Published)
    } else {
        ("text", DateKind::Published)
    }
}

/// True for sidebars, navigation, footers and "related" lists.
fn is_furniture(el: &El<'_>, in_article: bool) -> bool {
    // Themes put layout words on the page's outer elements (`<body class="right-sidebar">`).
    if matches!(el.name, "html" | "body" | "main" | "article") {
        return false;
    }
    if matches!(
        el.name,
        "aside" | "nav" | "form" | "select" | "button" | "noscript"
    ) {
        return true;
    }
    // An article's own footer holds its byline and date; the page's footer does not.
    if el.name == "footer" {
        return !in_article;
    }
    let words = [el.a.class, el.a.id, el.a.role];
    words.iter().flatten().any(|attr| {
        attr.split_ascii_whitespace().any(|token| {
            let token = token.to_ascii_lowercase();
            FURNITURE
                .iter()
                .any(|f| token.contains(f) && !(in_article && *f == "footer"))
                || token == "nav"
                || token == "complementary"
                || token == "navigation"
        })
    })
}

/// Published unless the element says it is an update.
fn kind_of(el: &El<'_>) -> DateKind {
    let words = [el.a.class, el.a.itemprop, el.a.id];
    let updated = words.iter().flatten().any(|w| {
        let w = w.to_ascii_lowercase();
        w.contains("update") || w.contains("modif")
    });
    if updated {
        DateKind::Modified
    } else {
        DateKind::Published
    }
}

/// One `<meta>` tag.
fn meta(el: &El<'_>, found: &mut Found) {
    // A few sites write `value=` where the standard says `content=`.
    let Some(content) = el.a.content.or(el.a.value) else {
        return;
    };
    let names = [el.a.property, el.a.name, el.a.itemprop];
    for name in names.iter().flatten() {
        let name = name.trim().to_ascii_lowercase();
        if let Some((_, source)) = TITLE_META.iter().find(|(n, _)| *n == name) {
            found.title(source, content);
        } else if name == "og:site_name" || name == "application-name" {
            found.site_name(&name, content);
        } else if let Some(source) = super::choose::published_meta(&name) {
            if let Some(d) = found.local(content) {
                found.date(source, DateKind::Published, d);
            }
        } else if let Some(source) = MODIFIED_META.iter().find(|n| **n == name) {
            if let Some(d) = found.local(content) {
                found.date(source, DateKind::Modified, d);
            }
        } else if name == "datepublished" || name == "datecreated" || name == "datemodified" {
            itemprop(&name, el, found);
        }
    }
    if let Some(equiv) = el.a.http_equiv {
        if equiv.eq_ignore_ascii_case("last-modified") {
            if let Some(d) = parse_value(content) {
                found.date("last-modified", DateKind::Modified, d);
            }
        }
    }
}

/// An element with `itemprop` (microdata).
fn itemprop(prop: &str, el: &El<'_>, found: &mut Found) {
    let value = || {
        el.a.content
            .or(el.a.datetime)
            .map(str::to_owned)
            .unwrap_or_else(|| el.text())
    };
    match prop.to_ascii_lowercase().as_str() {
        "datepublished" | "datecreated" => {
            if let Some(d) = found.local(&value()) {
                found.date("itemprop:datePublished", DateKind::Published, d);
            }
        }
        "datemodified" => {
            if let Some(d) = found.local(&value()) {
                found.date("itemprop:dateModified", DateKind::Modified, d);
            }
        }
        "headline" if el.name != "meta" => found.title("itemprop:headline", &value()),
        _ => {}
    }
}

/// The date in the page's URL (or, without one, its canonical URL).
fn url_dates(url: Option<&Url>, canonical: Option<&str>, found: &mut Found) -> Option<PartialDate> {
    let from_canonical = canonical.and_then(|c| Url::parse(c).ok());
    let date = url
        .and_then(|u| from_url(u.path()))
        .or_else(|| from_canonical.and_then(|u| from_url(u.path())));
    let date = date.filter(|d| d.year >= MIN_WEB_YEAR)?;
    found.date("url", DateKind::Published, date);
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str, url: &str) -> PageMeta {
        inspect_html(html, Url::parse(url).ok().as_ref())
    }

    #[test]
    fn dates_written_near_the_title() {
        let cases = [
            ("<h1>Budget</h1><p>December 29, 2023</p>", "2023-12-29"),
            (
                "<h1>预算</h1><span>2024年05月24日 10:21</span>",
                "2024-05-24",
            ),
            (
                "<h1>预算</h1><div>发布时间：2024-02-29 来源：财政部</div>",
                "2024-02-29",
            ),
            (
                "<p class=kicker>22 June 2023</p><h1>Budget</h1>",
                "2023-06-22",
            ),
        ];
        for (body, want) in cases {
            let html = format!("<html><head><title>T</title></head><body>{body}</body></html>");
            assert_eq!(
                meta(&html, "https://x.org/a").date.as_deref(),
                Some(want),
                "{body}"
            );
        }
    }

    #[test]
    fn metadata_sources() {
        let html = r#"<html><head>
            <meta name="citation_title" content="A Study of Things">
            <meta name="citation_publication_date" content="2021/03/04">
            <meta name="sailthru.date" value="2021-03-05T01:00:00Z">
            <meta property="article:modified_time" content="2022-01-01">
            <title>A Study of Things | Journal</title></head>
            <body><h1>A Study of Things</h1>
            <span itemprop="datePublished" content="2021-03-04"></span></body></html>"#;
        let m = meta(html, "https://journal.example/a");
        assert_eq!(m.title.as_deref(), Some("A Study of Things"));
        assert_eq!(m.date.as_deref(), Some("2021-03-04"));
        assert_eq!(m.modified.as_deref(), Some("2022-01-01"));
        let sources: Vec<&str> = m.dates.iter().map(|d| d.source.as_str()).collect();
        assert_eq!(sources[0], "citation_publication_date");
        assert!(sources.contains(&"sailthru.date"));
        assert!(sources.contains(&"itemprop:datePublished"));
    }

    #[test]
    fn url_date_only_when_nothing_better() {
        let plain = "<html><head><title>Story</title></head><body><p>x</p></body></html>";
        let m = meta(plain, "https://news.example/2023/06/22/story/");
        assert_eq!(m.date.as_deref(), Some("2023-06-22"));
        assert_eq!(m.dates[0].source, "url");
        let stated = plain.replace("<p>x</p>", "<time datetime=\"2023-06-23\" pubdate>x</time>");
        let m = meta(&stated, "https://news.example/2023/06/22/story/");
        assert_eq!(m.date.as_deref(), Some("2023-06-23"));
    }

    #[test]
    fn furniture_is_skipped_but_article_footers_are_not() {
        let html = r#"<html><body class="right-sidebar"><div class="sidebar"><h1>Most read</h1>
            <time datetime="2024-05-01">May 1</time></div>
            <article><h1>The real headline here</h1><p>Body.</p>
            <footer><time datetime="2020-02-02">Feb 2</time></footer></article>
            <footer class="site-footer"><time datetime="2019-01-01">x</time></footer></body></html>"#;
        let m = meta(html, "https://x.org/a");
        assert_eq!(m.title.as_deref(), Some("The real headline here"));
        assert_eq!(m.date.as_deref(), Some("2020-02-02"));
        assert!(!m
            .dates
            .iter()
            .any(|d| d.value.year == 2024 || d.value.year == 2019));
    }

    #[test]
    fn misnested_markup_is_read_as_browsers_read_it() {
        // A formatting element left open across a paragraph is reopened in the next one,
        // attributes and all: the date below sits in a "related" element and is skipped.
        let reopened = r#"<html><head><title>Real Headline | Site</title></head><body>
            <p><b class="related">Related stories <p>March 3, 2019</p></b>
            <h1>Real Headline</h1><p>Body text.</p></body></html>"#;
        let m = meta(reopened, "https://x.org/a");
        assert_eq!(m.date, None, "{:?}", m.dates);
        // Text inside a table but outside its cells is moved before the table.
        let fostered = r#"<html><body><h1>Real Headline</h1><table><tr><td>cell text</td></tr>
            Stray words first</table><p>Body.</p></body></html>"#;
        let m = meta(fostered, "https://x.org/a");
        assert_eq!(m.lead, "Real Headline Stray words first cell text Body.");
        // An end tag for a formatting element closes it across a heading (the adoption
        // agency), and the heading keeps its whole text.
        let adopted =
            r#"<html><body><h1><b>Real</h1> Headline</b><p>June 2, 2020</p></body></html>"#;
        let m = meta(adopted, "https://x.org/a");
        assert_eq!(m.title.as_deref(), Some("Real"));
        assert_eq!(m.date.as_deref(), Some("2020-06-02"));
    }

    #[test]
    fn name_lists_have_no_duplicates() {
        fn assert_unique(list: &[&str]) {
            let mut seen = std::collections::HashSet::new();
            for name in list {
                assert!(seen.insert(name), "{name} is listed twice");
            }
        }
        assert_unique(MODIFIED_META);
        assert_unique(&TITLE_META.iter().map(|(n, _)| *n).collect::<Vec<_>>());
        assert_unique(FURNITURE);
    }
}
