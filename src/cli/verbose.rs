//! `-v` and `-vv`: one line per fetch on stderr, so a user can see what was asked, what
//! came back, how long it took and whether the cache answered.

use std::fmt::Write;

use citecheck::types::Fetched;

use super::shared::strip_controls;

/// The line(s) `-v` (level 1) or `-vv` (2 and more) print for one fetch: method, URL,
/// status or outcome, time, cache; then, at level 2, the URL requested, each redirect,
/// the attempts and why the fetch failed. URLs come from documents and pages, so
/// control characters are stripped.
pub fn fetch_lines(f: &Fetched, level: u8) -> String {
    let mut out = String::new();
    let answer = match f.status {
        Some(s) => format!("{s} {}", f.outcome.code()),
        None => f.outcome.code().to_owned(),
    };
    let source = match (f.cache_age_s, f.attempts) {
        (Some(age), _) => format!("cache, {age} s old"),
        (None, 0) => "not sent".to_owned(),
        (None, _) => format!("{} ms", f.elapsed_ms),
    };
    let _ = writeln!(out, "GET {} -> {answer} ({source})", f.url);
    if level >= 2 {
        if let Some(r) = &f.remapped {
            let _ = writeln!(out, "    requested {r}");
        }
        for hop in &f.redirects {
            let _ = writeln!(out, "    {} from {}", hop.status, hop.url);
        }
        if f.final_url != f.url && f.final_url != f.remapped.as_deref().unwrap_or_default() {
            let _ = writeln!(out, "    ended at {}", f.final_url);
        }
        if f.attempts > 1 {
            let _ = writeln!(out, "    {} requests (retries and redirects)", f.attempts);
        }
        if let Some(ct) = &f.content_type {
            let _ = writeln!(out, "    content-type {ct}");
        }
        if let Some(d) = &f.detail {
            let _ = writeln!(out, "    {d}");
        }
    }
    strip_controls(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use citecheck::types::{FetchOutcome, Redirect};

    #[test]
    fn one_line_then_the_detail() {
        let mut f = Fetched::new("https://a.example/x\u{1b}[31m");
        f.status = Some(200);
        f.outcome = FetchOutcome::Ok;
        f.attempts = 2;
        f.elapsed_ms = 12;
        f.final_url = "https://a.example/y".into();
        f.redirects.push(Redirect {
            url: "https://a.example/x".into(),
            status: 301,
        });
        assert_eq!(
            fetch_lines(&f, 1),
            "GET https://a.example/x[31m -> 200 ok (12 ms)\n"
        );
        let two = fetch_lines(&f, 2);
        assert!(two.contains("    301 from https://a.example/x\n"), "{two}");
        assert!(two.contains("    ended at https://a.example/y\n"), "{two}");
        f.cache_age_s = Some(30);
        assert!(fetch_lines(&f, 1).ends_with("(cache, 30 s old)\n"));
    }
}
