//! JUnit XML, for CI systems that show test results: one test suite per document, one
//! test case per citation. Verdicts in the `fail_on` policy are failures, `skipped` is
//! skipped, and every other verdict passes with its reason in `system-out`.

use std::fmt::Write;

use super::schema::{Entry, Report};
use crate::types::VerdictCode;

/// Renders the report as JUnit XML.
pub fn render(r: &Report) -> std::io::Result<String> {
    let mut out = Vec::new();
    write(r, &mut out)?;
    String::from_utf8(out).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Writes the report as JUnit XML into `w`: one pass to count each suite (the counts
/// come first, as attributes), one to write the cases.
pub fn write<W: std::io::Write>(r: &Report, mut w: W) -> std::io::Result<()> {
    let fail_on = &r.run.settings.fail_on;
    // A finding in the baseline is reported but fails nothing, as in the exit code.
    let failing = |e: &Entry| fail_on.contains(&e.verdict) && !e.baselined;
    let skipped = |e: &Entry| e.verdict == VerdictCode::Skipped;
    // A suite per run of citations from one document: (document, tests, failures, skipped).
    let mut suites: Vec<(String, usize, usize, usize)> = Vec::new();
    r.citations.for_each_slim(|e| {
        if suites.last().is_none_or(|s| s.0 != e.citation.document) {
            suites.push((e.citation.document.clone(), 0, 0, 0));
        }
        if let Some(s) = suites.last_mut() {
            s.1 += 1;
            s.2 += usize::from(failing(e));
            s.3 += usize::from(skipped(e));
        }
    })?;
    let total =
        |f: fn(&(String, usize, usize, usize)) -> usize| suites.iter().map(f).sum::<usize>();
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        w,
        "<testsuites name=\"citecheck\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        total(|s| s.1),
        total(|s| s.2),
        total(|s| s.3),
    )?;
    let mut suite = suites.iter();
    let mut open = false;
    let mut left = 0;
    let mut out = String::new();
    let mut failed = Ok(());
    r.citations.for_each_slim(|e| {
        if failed.is_err() {
            return;
        }
        out.clear();
        if left == 0 {
            if open {
                out.push_str("  </testsuite>\n");
            }
            if let Some((doc, tests, failures, skips)) = suite.next() {
                let _ = writeln!(
                    out,
                    "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" skipped=\"{skips}\">",
                    xml(doc),
                );
                open = true;
                left = *tests;
            }
        }
        case(e, failing(e), &mut out);
        left = left.saturating_sub(1);
        failed = w.write_all(out.as_bytes());
    })?;
    failed?;
    if open {
        w.write_all(b"  </testsuite>\n")?;
    }
    w.write_all(b"</testsuites>\n")?;
    w.flush()
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
