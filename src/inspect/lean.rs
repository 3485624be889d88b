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
        window: window(body).to_owned(),
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

/// The page without comments, scripts, styles and SVG; and the JSON-LD scripts' text.
fn strip(html: &str) -> (String, Vec<String>) {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut json_ld = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = memchr(b'<', &bytes[at..]) {
        let lt = at + i;
        let rest = &bytes[lt + 1..];
        // Only `<!`, `<s` and `<t` can open what is dropped: one byte decides most tags.
        if !matches!(rest.first(), Some(b'!' | b's' | b'S' | b't' | b'T')) {
            at = lt + 1;
            continue;
        }
        let skip_to = if rest.starts_with(b"!--") {
            Some(memchr::memmem::find(&rest[3..], b"-->").map_or(bytes.len(), |e| lt + 4 + e + 3))
        } else if let Some(name) = [&b"script"[..], b"style", b"svg", b"template"]
            .into_iter()
            .find(|name| tag_named(rest, name))
        {
            let open_end = memchr(b'>', rest).map_or(bytes.len(), |e| lt + 1 + e + 1);
            let close = find_close(bytes, open_end, name).unwrap_or(bytes.len());
            if name == b"script" && json_ld.len() < MAX_JSON_LD {
                let tag = &bytes[lt..open_end.min(bytes.len())];
                if contains_ci(tag, b"ld+json") {
                    let text = &html[floor_boundary(html, open_end)..floor_boundary(html, close)];
                    if text.len() <= MAX_JSON_LD_LEN {
                        json_ld.push(text.to_owned());
                    }
                }
            }
            Some(
                memchr(b'>', &bytes[close.min(bytes.len())..])
                    .map_or(bytes.len(), |e| close + e + 1),
            )
        } else {
            None
        };
        match skip_to {
            Some(end) => {
                out.push_str(&html[copied..lt]);
                // A space keeps the words on either side of a dropped element apart.
                out.push(' ');
                copied = floor_boundary(html, end.min(bytes.len()));
                at = copied;
            }
            None => at = lt + 1,
        }
    }
    out.push_str(&html[copied..]);
    (out, json_ld)
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

/// Offset of the first `</name` at or after `from`.
fn find_close(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(bytes.get(at..)?, b"</") {
        let lt = at + i;
        let rest = &bytes[lt + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name) {
            return Some(lt);
        }
        at = lt + 2;
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
}
