//! HTML: Robust Links (<https://robustlinks.mementoweb.org/spec/>) on each anchor that
//! cites a repaired URL: `data-originalurl`, `data-versionurl` and `data-versiondate`.
//! The `href` stays the author's, so the page reads as before, and a reader (or the
//! Robust Links script) can follow the copy.
//!
//! The source is edited in place, tag by tag, instead of being re-serialised from a
//! parsed tree: everything but the anchors' new attributes stays byte for byte as the
//! author wrote it.

use super::{by_url, Correction, Placed};

/// Adds the Robust Links attributes to every `<a>` whose `href` is a corrected URL.
pub fn fix_html(text: &str, corrections: &[Correction]) -> Placed {
    let wanted = by_url(corrections);
    let mut out = Placed::default();
    let mut fixed = String::with_capacity(text.len() + 256);
    let mut used = vec![false; wanted.len()];
    let mut seen = vec![false; wanted.len()];
    let mut copied = 0;
    for tag in anchors(text) {
        let Some(i) = wanted.iter().position(|c| tag.href == c.old_url) else {
            continue;
        };
        seen[i] = true;
        if tag.has_version {
            continue;
        }
        fixed.push_str(&text[copied..tag.insert_at]);
        fixed.push_str(&attributes(wanted[i]));
        copied = tag.insert_at;
        used[i] = true;
    }
    fixed.push_str(&text[copied..]);
    for (i, c) in wanted.into_iter().enumerate() {
        if used[i] || seen[i] {
            out.placed.push(c.clone());
        } else {
            out.unplaced.push(c.clone());
        }
    }
    out.text = fixed;
    out
}

fn attributes(c: &Correction) -> String {
    let mut s = format!(
        " data-originalurl=\"{}\" data-versionurl=\"{}\"",
        escape(&c.old_url),
        escape(&c.new_url)
    );
    if let Some(d) = &c.date {
        s.push_str(&format!(" data-versiondate=\"{}\"", escape(d)));
    }
    s
}

fn escape(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// An `<a>` start tag: its `href` (entities decoded), whether it already carries a
/// version, and where new attributes go (before `>` or `/>`).
struct Anchor {
    href: String,
    has_version: bool,
    insert_at: usize,
}

/// Every `<a>` start tag outside comments, scripts, styles and other raw text.
fn anchors(text: &str) -> Vec<Anchor> {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(off) = text[at..].find('<') {
        let start = at + off;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            at = lower[start..]
                .find("-->")
                .map_or(text.len(), |e| start + e + 3);
            continue;
        }
        if let Some(raw) = ["script", "style", "textarea", "title", "xmp"]
            .iter()
            .find(|t| rest[1..].starts_with(*t) && ends_name(bytes, start + 1 + t.len()))
        {
            let close = format!("</{raw}");
            at = lower[start + 1..]
                .find(&close)
                .map_or(text.len(), |e| start + 1 + e + close.len());
            continue;
        }
        let Some((end, attrs)) = tag_end(text, start + 1) else {
            at = start + 1;
            continue;
        };
        if rest.starts_with("<a") && ends_name(bytes, start + 2) {
            let href = attrs
                .iter()
                .find(|(n, _)| n == "href")
                .map(|(_, v)| decode(v));
            let insert_at = if text[..end].ends_with("/>") {
                end - 2
            } else {
                end - 1
            };
            if let Some(href) = href {
                out.push(Anchor {
                    href: href.trim().to_owned(),
                    has_version: attrs.iter().any(|(n, _)| n == "data-versionurl"),
                    insert_at,
                });
            }
        }
        at = end;
    }
    out
}

/// True when the tag name ends at `i` (whitespace, `>` or `/` follows).
fn ends_name(bytes: &[u8], i: usize) -> bool {
    bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
}

/// The end of the tag whose name starts at `from` (just after its `>`), and its
/// attributes, lowercased names with raw values; `None` when the tag never closes.
fn tag_end(text: &str, from: usize) -> Option<(usize, Vec<(String, String)>)> {
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        match b.get(i) {
            None => return None,
            Some(b'>') => return Some((i + 1, attrs)),
            Some(_) => {}
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = text[name_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (v, next) = attr_value(text, i)?;
            value = v;
            i = next;
        }
        attrs.push((name, value));
    }
}

/// A quoted or bare attribute value starting at `i`, and the index after it.
fn attr_value(text: &str, i: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    match b.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let end = text[i + 1..].find(q as char)? + i + 1;
            Some((text[i + 1..end].to_owned(), end + 1))
        }
        _ => {
            let mut j = i;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                j += 1;
            }
            Some((text[i..j].to_owned(), j))
        }
    }
}

/// The character references an `href` holds in practice.
fn decode(v: &str) -> String {
    v.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::CorrectionKind;
    use scraper::{Html, Selector};

    const OLD: &str = "https://a.example/gone?x=1&y=2";
    const NEW: &str = "https://web.archive.org/web/20230621000000/https://a.example/gone?x=1&y=2";

    fn correction() -> Correction {
        Correction {
            note: "1".into(),
            page: None,
            line: 1,
            old_url: OLD.into(),
            new_url: NEW.into(),
            kind: CorrectionKind::Archived,
            date: Some("2023-06-21".into()),
            archive: None,
            why: "dead".into(),
        }
    }

    #[test]
    fn robust_links_on_the_anchor_and_nothing_else_changes() {
        let doc =
            "<!doctype html><p>See <a class=x href=\"https://a.example/gone?x=1&amp;y=2\">it</a>\n\
                   and <A HREF='https://a.example/gone?x=1&amp;y=2'/>.</p>\
                   <!-- <a href=\"https://a.example/gone?x=1&amp;y=2\"> -->\
                   <script>var s = '<a href=\"https://a.example/gone?x=1&amp;y=2\">';</script>\
                   <a href=\"https://b.example/\">other</a>";
        let fixed = fix_html(doc, &[correction()]);
        assert_eq!(fixed.placed.len(), 1);
        let html = Html::parse_document(&fixed.text);
        let sel = Selector::parse("a[data-versionurl]").unwrap();
        let found: Vec<_> = html.select(&sel).collect();
        assert_eq!(found.len(), 2, "{}", fixed.text);
        for a in &found {
            assert_eq!(a.value().attr("href"), Some(OLD));
            assert_eq!(a.value().attr("data-originalurl"), Some(OLD));
            assert_eq!(a.value().attr("data-versionurl"), Some(NEW));
            assert_eq!(a.value().attr("data-versiondate"), Some("2023-06-21"));
        }
        // The comment, the script and the other link are untouched.
        assert!(fixed
            .text
            .contains("<!-- <a href=\"https://a.example/gone?x=1&amp;y=2\"> -->"));
        assert!(fixed
            .text
            .contains("<a href=\"https://b.example/\">other</a>"));
        // Twice is once.
        assert_eq!(fix_html(&fixed.text, &[correction()]).text, fixed.text);
    }

    #[test]
    fn a_url_only_in_text_is_listed_and_broken_markup_is_survived() {
        let fixed = fix_html("<p>https://a.example/gone?x=1&amp;y=2</p>", &[correction()]);
        assert_eq!(fixed.unplaced.len(), 1);
        for junk in [
            "<a href=\"",
            "<a",
            "<",
            "<a href='x>",
            "<script>",
            "<!--",
            "<a\u{e9} href=x>",
        ] {
            let _ = fix_html(junk, &[correction()]);
        }
    }
}
