//! GitHub Actions workflow commands (`::error file=...,line=...::message`), so that
//! findings show on the lines of the document in a pull request.

use std::fmt::Write;

use super::schema::Report;
use crate::types::VerdictCode;

/// One annotation per citation that is not verified or skipped: an error when the
/// policy fails on its verdict and no baseline accepts it, a warning otherwise.
pub fn annotations(r: &Report) -> std::io::Result<String> {
    let mut out = String::new();
    r.citations.for_each_slim(|e| {
        if matches!(e.verdict, VerdictCode::Verified | VerdictCode::Skipped) {
            return;
        }
        let level = if r.run.settings.fail_on.contains(&e.verdict) && !e.baselined {
            "error"
        } else {
            "warning"
        };
        let c = &e.citation;
        let title = format!("citecheck: {} (note {})", e.verdict.code(), c.note);
        let message = format!(
            "{}{}",
            e.reason,
            c.url
                .as_deref()
                .map(|u| format!(" — {u}"))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "::{level} file={},line={},title={}::{}",
            property(&c.document),
            c.line,
            property(&title),
            data(&message)
        );
    })?;
    Ok(out)
}

/// A warning about the run itself, not about a line of a document.
pub fn run_warning(message: &str) -> String {
    format!("::warning title=citecheck::{}\n", data(message))
}

/// Escapes a command's message, as the Actions runner decodes it.
fn data(s: &str) -> String {
    let s = super::redact_passwords(s);
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r'))
        .collect::<String>()
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value, where `:` and `,` are separators too.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(data("\u{1b}[31mred"), "[31mred");
        assert_eq!(
            run_warning("down\n100%"),
            "::warning title=citecheck::down%0A100%25\n"
        );
    }
}
