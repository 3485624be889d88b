//! Markdown rendering, and escaping of untrusted text.

use std::fmt::Write;

use crate::types::Citation;

/// Escapes text for a Markdown table cell: no markup, links, HTML or line breaks
/// can come through, whatever a document or a page put in it.
pub fn escape(text: &str) -> String {
    let text = super::redact_passwords(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A link whose target is a URL from a document: shown escaped, and linked only when
/// it is http(s) and holds nothing that could end the link early.
pub fn link(url: &str) -> String {
    let url = &*super::redact_passwords(url);
    let safe = (url.starts_with("http://") || url.starts_with("https://"))
        && url.bytes().all(|b| {
            b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'(' | b')' | b'|' | b'\\')
        });
    if safe {
        format!("<{url}>")
    } else {
        format!("`{}`", url.replace('`', "'").replace('|', "%7C"))
    }
}

/// One table per document: page, note, line, title, date, URL.
pub fn citations(citations: &[Citation]) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for c in citations {
        if current != Some(c.document.as_str()) {
            current = Some(&c.document);
            let _ = write!(
                out,
                "{}## {}\n\n",
                if out.is_empty() { "" } else { "\n" },
                escape(&c.document)
            );
            out.push_str(
                "| page | note | line | title | date | url |\n|---:|---|---:|---|---|---|\n",
            );
        }
        let page = c.page.map(|p| p.to_string()).unwrap_or_default();
        let mut title = c.title.as_deref().map(escape).unwrap_or_default();
        if c.ibid {
            title = format!("(ibid.) {title}");
        }
        let date = c.date.map(|d| d.to_string()).unwrap_or_default();
        let url = c.url.as_deref().map(link).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {page} | {} | {} | {title} | {date} | {url} |",
            escape(&c.note),
            c.line
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_break_a_table() {
        assert_eq!(
            escape("a|b [x](javascript:alert(1)) <script>\n`c`"),
            "a\\|b \\[x\\]\\(javascript:alert\\(1\\)\\) &lt;script&gt; \\`c\\`"
        );
        assert_eq!(escape("\u{1b}[31mred"), "\\[31mred");
        assert_eq!(link("https://a.org/x"), "<https://a.org/x>");
        assert_eq!(link("javascript:alert(1)"), "`javascript:alert(1)`");
    }
}
