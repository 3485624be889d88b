//! A linear pre-pass over HTML that keeps what inspection needs and drops the rest.
//!
//! Scripts, styles, SVG and comments are most of a modern page's bytes and none of its
//! metadata, except JSON-LD, which is kept aside. What is left is split into the head and
//! a window of the body around the first `<h1>`: the article header, where a page names
//! itself and prints its date. Only that much goes through the full HTML parser, so the
//! cost of a page grows with its markup only through this scan (memchr-driven, about a
//! millisecond per megabyte).

use memchr::memchr;

/// Markup of the body kept before the first `<h1>` (dates and bylines often sit above it).
const BEFORE_H1: usize = 8 * 1024;
/// Markup of the body kept after the first `<h1>`, or from the body's start without one.
const AFTER_H1: usize = 48 * 1024;
/// Longest head kept: past this it is a page that never closes its head.
const MAX_HEAD: usize = 256 * 1024;
/// Most elements left open in the window: html5ever's tree builder searches its stack of
/// open elements at every start tag, so nesting costs the square of its depth (a window
/// of 10,000 nested `<div>` took half a second). Real pages nest a few dozen deep.
pub const MAX_OPEN: usize = 1_000;
/// Most JSON-LD blocks kept, and the longest one.
const MAX_JSON_LD: usize = 16;
const MAX_JSON_LD_LEN: usize = 512 * 1024;

/// A page reduced to what inspection reads.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Lean {
    /// The head's markup, scripts and styles removed.
    pub head: String,
    /// A window of the body's markup around the article header.
    pub window: String,
    /// The text of each `application/ld+json` script, in page order.
    pub json_ld: Vec<String>,
}

impl Lean {
    /// A small document made of the head and the window, for the HTML parser.
    pub fn document(&self) -> String {
        let mut doc = String::with_capacity(self.head.len() + self.window.len() + 32);
        doc.push_str(&self.head);
        doc.push_str("<body>");
        doc.push_str(&self.window);
        doc
    }
}

/// Strips `html` and cuts out the head and the article window.
pub fn lean(html: &str) -> Lean {
    let (markup, json_ld) = strip(html);
    let split = find_tag(markup.as_bytes(), 0, b"body")
        .or_else(|| find_close(markup.as_bytes(), 0, b"head"))
        .unwrap_or(0);
    let head_end = floor_boundary(&markup, split.min(MAX_HEAD));
    let head = &markup[..head_end];
    let body = &markup[split..];
    Lean {
        head: head.to_owned(),
        window: cut(window(body), FURNITURE, None),
        json_ld,
    }
}

/// The part of `body` around its first `<h1>`, cut at tag starts where it can be.
fn window(body: &str) -> &str {
    let bytes = body.as_bytes();
    let (start, end) = match find_tag(bytes, 0, b"h1") {
        Some(h1) => (h1.saturating_sub(BEFORE_H1), h1.saturating_add(AFTER_H1)),
        None => (0, AFTER_H1),
    };
    let start = memchr(b'<', &bytes[start.min(bytes.len())..]).map_or(bytes.len(), |i| start + i);
    let end = floor_boundary(body, end.min(bytes.len()).max(start));
    let end = start + too_deep(&bytes[start..end]).unwrap_or(end - start);
    &body[start..end]
}

/// Where `markup` first has more than [`MAX_OPEN`] elements open, counting start tags
/// against end tags; elements that never hold others (`<img>`) or that close themselves
/// implicitly (`<p>`, `<li>`) do not count. The count only has to be right in bulk: it
/// decides where a pathological window ends, never what a normal page means.
fn too_deep(markup: &[u8]) -> Option<usize> {
    const FLAT: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr", b"p", b"li", b"dt", b"dd", b"option", b"tr", b"td", b"th",
    ];
    // Fewer tags than the limit cannot open too many: most windows stop here.
    memchr::memchr_iter(b'<', markup).nth(MAX_OPEN)?;
    let mut open = 0usize;
    for lt in memchr::memchr_iter(b'<', markup) {
        let rest = &markup[lt + 1..];
        match rest.first() {
            Some(b'/') => open = open.saturating_sub(1),
            Some(b) if b.is_ascii_alphabetic() => {
                let name_len = rest
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                let flat = FLAT
                    .iter()
                    .any(|f| rest[..name_len].eq_ignore_ascii_case(f));
                if !flat {
                    open += 1;
                    if open > MAX_OPEN {
                        return Some(lt);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Elements whose content is not markup, dropped with comments before anything else.
const RAW: &[&[u8]] = &[b"script", b"style", b"svg", b"template"];
/// Page furniture the walk skips whole, and often most of a window's elements: dropped
/// from the window (after it is cut, so that where it starts does not move).
const FURNITURE: &[&[u8]] = &[b"nav", b"aside"];

/// The page without comments, scripts, styles and SVG; and the JSON-LD scripts' text.
fn strip(html: &str) -> (String, Vec<String>) {
    let mut json_ld = Vec::new();
    let out = cut(html, RAW, Some(&mut json_ld));
    (out, json_ld)
}

/// `html` without the elements named (and, with `json_ld`, without comments: the first
/// pass), each replaced by a space that keeps the words on either side apart. A script's
/// JSON-LD is kept in `json_ld`.
fn cut(html: &str, names: &[&[u8]], mut json_ld: Option<&mut Vec<String>>) -> String {
    let bytes = html.as_bytes();
    let comments = json_ld.is_some();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = memchr(b'<', &bytes[at..]) {
        let lt = at + i;
        let rest = &bytes[lt + 1..];
        // One byte rules out most tags.
        let first = rest.first().map(u8::to_ascii_lowercase);
        if !((comments && first == Some(b'!')) || names.iter().any(|n| first == n.first().copied()))
        {
            at = lt + 1;
            continue;
        }
        let end = if comments && rest.starts_with(b"!--") {
            memchr::memmem::find(&rest[3..], b"-->").map_or(bytes.len(), |e| lt + 4 + e + 3)
        } else if let Some(name) = names.iter().find(|name| tag_named(rest, name)) {
            let open_end = memchr(b'>', rest).map_or(bytes.len(), |e| lt + 1 + e + 1);
            // Raw text holds no tags; furniture may nest (an aside in an aside).
            let close = if RAW.contains(name) {
                find_close(bytes, open_end, name)
            } else {
                find_matching_close(bytes, open_end, name)
            };
            let close = close.unwrap_or(bytes.len());
            if let Some(json_ld) = json_ld.as_deref_mut().filter(|_| *name == b"script") {
                keep_json_ld(html, lt, open_end, close, json_ld);
            }
            memchr(b'>', &bytes[close.min(bytes.len())..]).map_or(bytes.len(), |e| close + e + 1)
        } else {
            at = lt + 1;
            continue;
        };
        out.push_str(&html[copied..lt]);
        out.push(' ');
        copied = floor_boundary(html, end.min(bytes.len()));
        at = copied;
    }
    out.push_str(&html[copied..]);
    out
}

/// Keeps the text of the script at `lt..close` when it is JSON-LD.
fn keep_json_ld(html: &str, lt: usize, open_end: usize, close: usize, json_ld: &mut Vec<String>) {
    let tag = &html.as_bytes()[lt..open_end.min(html.len())];
    if json_ld.len() < MAX_JSON_LD && contains_ci(tag, b"ld+json") {
        let text = &html[floor_boundary(html, open_end)..floor_boundary(html, close)];
        if text.len() <= MAX_JSON_LD_LEN {
            json_ld.push(text.to_owned());
        }
    }
}

/// True when `rest` (the bytes after `<`) starts with tag `name`, any case.
fn tag_named(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/')
}

/// Offset of the first `<name` tag at or after `from`.
fn find_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr(b'<', bytes.get(at..)?) {
        let lt = at + i;
        if tag_named(&bytes[lt + 1..], name) {
            return Some(lt);
        }
        at = lt + 1;
    }
    None
}

/// Offset of the first `</name` end tag at or after `from` (`</navbar>` does not end a
/// `<nav>`).
fn find_close(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(bytes.get(at..)?, b"</") {
        let lt = at + i;
        if closes(&bytes[lt + 2..], name) {
            return Some(lt);
        }
        at = lt + 2;
    }
    None
}

/// True when `rest` (the bytes after `</`) ends element `name`, any case.
fn closes(rest: &[u8], name: &[u8]) -> bool {
    rest.len() >= name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && rest
            .get(name.len())
            .is_none_or(|b| matches!(b, b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/'))
}

/// Offset of the end tag that closes a `<name>` opened before `from`, counting the
/// `<name>` elements opened inside it.
fn find_matching_close(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = from;
    while let Some(i) = memchr(b'<', bytes.get(at..)?) {
        let lt = at + i;
        let rest = &bytes[lt + 1..];
        if tag_named(rest, name) {
            depth += 1;
        } else if rest.first() == Some(&b'/') && closes(&rest[1..], name) {
            match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return Some(lt),
            }
        }
        at = lt + 1;
    }
    None
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_keeps_json_ld() {
        let html = "<html><head><title>T</title><SCRIPT>var a = '<h1>';</SCRIPT>\
            <script type=\"application/ld+json\">{\"headline\":\"H\"}</script><style>h1{}</style>\
            </head><body><!-- <h1>no</h1> --><p>x</p><h1>Yes</h1></body></html>";
        let lean = lean(html);
        assert_eq!(lean.json_ld, vec!["{\"headline\":\"H\"}".to_owned()]);
        assert!(lean.head.contains("<title>T</title>"));
        assert!(!lean.head.contains("var a"));
        assert!(lean.window.starts_with("<body>"));
        assert!(lean.window.contains("<h1>Yes</h1>"));
        assert!(!lean.window.contains("no</h1>"));
    }

    #[test]
    fn unclosed_and_odd_markup_does_not_panic() {
        for html in [
            "",
            "<",
            "<script",
            "<script>never closed",
            "<!-- open",
            "é<h1>é",
            "<body><h1>ü</h1>",
            "<svg><path></svg",
        ] {
            let _ = lean(html).document();
        }
    }

    #[test]
    fn window_centres_on_the_first_h1() {
        let filler = "<p>filler</p>".repeat(10_000);
        let html = format!("<body>{filler}<h1>Title</h1><p>June 1, 2020</p>{filler}");
        let lean = lean(&html);
        assert!(lean.window.contains("<h1>Title</h1><p>June 1, 2020"));
        assert!(lean.window.len() < BEFORE_H1 + AFTER_H1 + 16);
        assert!(lean.window.starts_with('<'));
    }

    #[test]
    fn a_window_nested_past_the_limit_ends_there() {
        let html = format!("<body><h1>T</h1>{}x", "<div><span>".repeat(5_000));
        let window = lean(&html).window;
        assert!(window.starts_with("<body><h1>T</h1><div>"));
        let opened = window.matches("<div>").count() + window.matches("<span>").count();
        assert_eq!(opened, MAX_OPEN - 1, "the body counts too");
        // Closed elements, void ones and paragraphs never add up, however many.
        let flat = format!(
            "<body><h1>T</h1>{}",
            "<div><p>a<img src=x><br></div><li>b".repeat(3_000)
        );
        assert_eq!(lean(&flat).window.len(), AFTER_H1 + "<body>".len());
    }

    #[test]
    fn navigation_and_asides_are_dropped_from_the_window_only() {
        let html = "<body><nav class=menu><a href=/>Home</a><h1>Logo</h1>\
            <script type=application/ld+json>{\"@type\":\"BreadcrumbList\"}</script></nav>\
            <navbar>kept</navbar><h1>Title</h1><p>Text</p>\
            <aside><ul><li><a>Most read</a></ul></aside><nav-menu>also kept</nav-menu></body>";
        let lean = lean(html);
        assert_eq!(lean.json_ld, ["{\"@type\":\"BreadcrumbList\"}"]);
        assert!(!lean.window.contains("Home") && !lean.window.contains("Logo"));
        assert!(!lean.window.contains("Most read"));
        assert!(lean
            .window
            .contains("<navbar>kept</navbar><h1>Title</h1><p>Text</p>"));
        assert!(lean.window.contains("<nav-menu>also kept</nav-menu>"));
        // Nested, the outer one ends at its own end tag.
        let nested = super::lean("<body><h1>T</h1><aside>a<aside>b</aside>c</aside>d");
        assert!(nested.window.ends_with("</h1> d"), "{}", nested.window);
        // Unclosed, an aside holds the rest of the page, as a parser would read it.
        let unclosed = super::lean("<body><h1>T</h1><aside>x<p>y");
        assert!(!unclosed.window.contains("<p>"));
        // The window is cut before the furniture goes: a long menu before the `<h1>`
        // does not pull the window's start back.
        let menu = format!(
            "<body><p>early</p><nav>{}</nav><h1>T</h1>",
            "<a>m</a>".repeat(2_000)
        );
        assert!(!super::lean(&menu).window.contains("early"));
    }
}
