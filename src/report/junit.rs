//! JUnit XML, for CI systems that show test results: one test suite per document, one
//! test case per citation. Verdicts in the `fail_on` policy are failures, `skipped` is
//! skipped, and every other verdict passes with its reason in `system-out`.

use std::fmt::Write;

use super::schema::{Entry, Report};
use crate::compare::VerdictCode;

/// Renders the report as JUnit XML.
pub fn render(r: &Report) -> String {
    let fail_on = &r.run.settings.fail_on;
    let failing = |e: &Entry| fail_on.contains(&e.verdict);
    let skipped = |e: &Entry| e.verdict == VerdictCode::Skipped;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"citecheck\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        r.citations.len(),
        r.citations.iter().filter(|e| failing(e)).count(),
        r.citations.iter().filter(|e| skipped(e)).count(),
    );
    let mut start = 0;
    while start < r.citations.len() {
        let doc = &r.citations[start].citation.document;
        let end = r.citations[start..]
            .iter()
            .position(|e| &e.citation.document != doc)
            .map_or(r.citations.len(), |n| start + n);
        let suite = &r.citations[start..end];
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
            xml(doc),
            suite.len(),
            suite.iter().filter(|e| failing(e)).count(),
            suite.iter().filter(|e| skipped(e)).count(),
        );
        for e in suite {
            case(e, failing(e), &mut out);
        }
        out.push_str("  </testsuite>\n");
        start = end;
    }
    out.push_str("</testsuites>\n");
    out
}

fn case(e: &Entry, failing: bool, out: &mut String) {
    let c = &e.citation;
    let page = c.page.map(|p| format!("p{p} ")).unwrap_or_default();
    let title = c
        .title
        .as_deref()
        .or(c.url.as_deref())
        .unwrap_or("(no title)");
    let _ = writeln!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">",
        xml(&c.document),
        xml(&format!("{page}note {}: {title}", c.note)),
        xml(&c.document),
        c.line
    );
    let what = format!(
        "{}: {}{}",
        e.verdict.code(),
        e.reason,
        c.url
            .as_deref()
            .map(|u| format!(" <{u}>"))
            .unwrap_or_default()
    );
    if failing {
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            e.verdict.code(),
            xml(&e.reason),
            xml(&what)
        );
    } else if e.verdict == VerdictCode::Skipped {
        let _ = writeln!(out, "      <skipped message=\"{}\"/>", xml(&e.reason));
    } else {
        let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&what));
    }
    out.push_str("    </testcase>\n");
}

/// Escapes for XML text and attributes, dropping characters XML 1.0 cannot carry.
fn xml(s: &str) -> String {
    let s = super::redact_passwords(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
