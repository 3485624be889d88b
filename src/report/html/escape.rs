//! Escaping for the HTML report: text and attribute values, and which URLs may become
//! links. Everything a document or a web page wrote passes through here.

use std::fmt::Write;

use super::super::redact_passwords;

/// Text safe inside an element or a quoted attribute value: markup characters become
/// entities, controls other than whitespace are dropped, passwords in URLs are masked.
pub fn text(s: &str) -> String {
    let s = redact_passwords(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            // Bidi overrides could make a title read as something it is not.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The URL as an `href` value, when it may be a link: http(s) only (never
/// `javascript:` or `data:`), parsed by the URL standard, with no spaces or controls.
pub fn href(url: &str) -> Option<String> {
    let url = redact_passwords(url);
    let lower = url.get(..8).unwrap_or(&url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = url.chars().all(|c| !c.is_whitespace() && !c.is_control());
    let parsed = url::Url::parse(&url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    (scheme_ok && clean && parsed.is_some()).then(|| text(&url))
}

/// A link to `url` showing `label` (already escaped), or the label and the URL as text
/// when the URL may not be a link. No `rel`: the page's referrer policy sends no
/// referrer, and without `target` a link opens no window that could reach back.
pub fn link(url: &str, label: &str, out: &mut String) {
    match href(url) {
        Some(h) => {
            let _ = write!(out, "<a href=\"{h}\">{label}</a>");
        }
        None if label.is_empty() => {
            let _ = write!(out, "<code>{}</code>", text(url));
        }
        None => {
            let _ = write!(out, "{label} <code>{}</code>", text(url));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_open_markup() {
        assert_eq!(
            text("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(text("a\u{1b}[31mb\nc\u{202e}d"), "a[31mb cd");
        assert_eq!(
            text("https://user:hunter2@a.org/"),
            "https://user:***@a.org/"
        );
    }

    #[test]
    fn only_web_urls_become_links() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "https://a.org/x y",
            "https://a.org/\u{0}",
            "http://",
            "//a.org/x",
            "www.a.org/x",
        ] {
            assert_eq!(href(bad), None, "{bad}");
        }
        assert_eq!(
            href("https://a.org/x?a=1&b=\"2\"").as_deref(),
            Some("https://a.org/x?a=1&amp;b=&quot;2&quot;")
        );
        assert_eq!(
            href("HTTP://A.org/x").as_deref(),
            Some("HTTP://A.org/x"),
            "schemes are case-insensitive"
        );
        let mut out = String::new();
        link("javascript:alert(1)", "t", &mut out);
        assert_eq!(out, "t <code>javascript:alert(1)</code>");
    }
}
