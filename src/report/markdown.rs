//! Markdown rendering, and escaping of untrusted text.

use std::fmt::Write;

use std::collections::BTreeMap;

use crate::extract::Citation;
use crate::fetch::{FetchRun, Fetched};

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

/// The fetch stage's findings: a count per outcome, then one row per distinct URL with
/// the notes that cite it. Timings are left out so that the same answers give the same
/// text.
pub fn fetches(citations: &[Citation], run: &FetchRun) -> String {
    let mut cited_by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for c in citations {
        if let Some(url) = c.url.as_deref() {
            let at = match c.page {
                Some(p) => format!("p{p}:{}", c.note),
                None => c.note.clone(),
            };
            cited_by.entry(url).or_default().push(at);
        }
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &run.results {
        *counts.entry(f.outcome.code()).or_default() += 1;
    }
    let mut out = String::new();
    if run.network_unreachable {
        out.push_str(
            "**No host could be reached: the network seems to be down.** Nothing was \
             classified as dead; every URL is `not-checked`.\n\n",
        );
    }
    if run.interrupted {
        out.push_str(
            "**Incomplete: the run was interrupted.** URLs not fetched yet are `not-checked`.\n\n",
        );
    }
    out.push_str("| outcome | URLs |\n|---|---:|\n");
    for (code, n) in &counts {
        let _ = writeln!(out, "| {code} | {n} |");
    }
    out.push_str("\n| outcome | status | url | ends at | cited in |\n|---|---:|---|---|---|\n");
    for f in &run.results {
        let status = f.status.map(|s| s.to_string()).unwrap_or_default();
        let ends_at = if f.final_url == f.url {
            String::new()
        } else {
            link(&f.final_url)
        };
        let cited = cited_by
            .get(f.url.as_str())
            .map(|v| escape(&v.join(", ")))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {}{} | {status} | {} | {ends_at} | {cited} |",
            f.outcome.code(),
            detail(f),
            link(&f.url),
        );
    }
    out
}

/// Why a fetch failed, in a few words, for the outcome column.
fn detail(f: &Fetched) -> String {
    match (&f.failure, f.from_cache) {
        (Some(failure), _) => match serde_json::to_value(failure) {
            Ok(serde_json::Value::String(code)) => format!(" ({})", escape(&code)),
            _ => String::new(),
        },
        (None, true) => " (cached)".to_owned(),
        (None, false) => String::new(),
    }
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
