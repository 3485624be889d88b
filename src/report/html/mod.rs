//! `report.html`: the report to look at. One self-contained file (inline CSS, a little
//! inline JavaScript, charts as inline SVG) that works from disk, on a phone, in print
//! and in dark mode, and that can make no network request: its Content-Security-Policy
//! allows nothing but its own style and script, named by their hashes.
//!
//! At the top the reliability figure and the verdict counts, then three charts, then
//! every citation in a table that the script filters (by verdict, document, words),
//! sorts and pages; without the script the whole table shows. The URL's fragment holds
//! the filter (`report.html#verdict=dead&doc=0&q=reuters`), so a view can be linked.
//!
//! Entries are read as report.md reads them ([`Entries::for_each_slim`]): twice, once to
//! count the charts and once to write the rows, so no entry is held.

mod charts;
mod escape;
mod rows;
mod stats;

use std::fmt::Write as _;
use std::io::{self, Write as _};

use sha2::{Digest, Sha256};

use super::schema::{Entries, Report};
use super::wording;
use crate::types::VerdictCode;
use escape::text;
use stats::Stats;

pub use escape::href;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");
/// Rows on one page of the table, as the script and the stylesheet page it.
const PAGE_ROWS: usize = 100;
/// Without the script, every row shows (on a large report the first page is all the
/// stylesheet shows until the script takes over, so that the browser never lays out a
/// table of every row at once: 20 s for 10,000 rows).
const NOSCRIPT_CSS: &str =
    "@media screen{#table.paged tbody tr:nth-child(n+101){display:table-row}}\
@media screen and (max-width:760px){#table.paged tbody tr:nth-child(n+101){display:block}}";

/// Renders the whole report.
pub fn render(r: &Report) -> io::Result<String> {
    let mut out = Vec::new();
    write(r, &mut out)?;
    String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Writes the whole report into `w`.
pub fn write<W: io::Write>(r: &Report, w: W) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(64 * 1024, w);
    let stats = gather(&r.citations)?;
    let mut head = String::with_capacity(32 * 1024);
    head_of(r, &mut head);
    facts(r, &mut head);
    summary(r, &mut head);
    head.push_str("<section id=\"charts\"><h2>Charts</h2>");
    legend(&mut head);
    head.push_str("<div class=\"charts\">");
    charts::all(&stats, &mut head);
    head.push_str("</div></section>\n");
    table_head(r, &stats, &mut head);
    w.write_all(head.as_bytes())?;
    let mut row = String::with_capacity(4096);
    let (mut i, mut failed) = (0, Ok(()));
    r.citations.for_each_slim(|e| {
        row.clear();
        rows::row(e, i, stats.document_index(&e.citation.document), &mut row);
        i += 1;
        if failed.is_ok() {
            failed = w.write_all(row.as_bytes());
        }
    })?;
    failed?;
    w.write_all(tail(r).as_bytes())?;
    w.flush()
}

fn gather(entries: &Entries) -> io::Result<Stats> {
    let mut stats = Stats::default();
    entries.for_each_slim(|e| stats.add(e))?;
    Ok(stats)
}

/// The policy: nothing may be fetched, framed, submitted or run but this page's own
/// style and script.
fn csp() -> String {
    format!(
        "default-src 'none'; style-src '{}' '{}'; script-src '{}'; img-src 'none'; \
         base-uri 'none'; form-action 'none'",
        sha256(CSS),
        sha256(NOSCRIPT_CSS),
        sha256(JS)
    )
}

/// `sha256-…` of `s`, as a CSP source expression wants it.
fn sha256(s: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(s.as_bytes())))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * k) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn head_of(r: &Report, out: &mut String) {
    let docs: Vec<&str> = r
        .run
        .documents
        .iter()
        .map(|d| d.rsplit(['/', '\\']).next().unwrap_or(d))
        .collect();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"generator\" content=\"citecheck {}\">\n\
         <title>Citation check: {}</title>\n<style>{CSS}</style>\n\
         <noscript><style>{NOSCRIPT_CSS}</style></noscript>\n</head>\n<body>\n",
        csp(),
        text(&r.run.tool),
        text(&docs.join(", "))
    );
}

/// What was checked, when and how, and the warnings report.md gives.
fn facts(r: &Report, out: &mut String) {
    let run = &r.run;
    out.push_str("<header><h1>Citation check</h1><dl class=\"facts\">");
    let docs: Vec<String> = run
        .documents
        .iter()
        .map(|d| format!("<code>{}</code>", text(d)))
        .collect();
    let _ = write!(out, "<dt>Documents</dt><dd>{}</dd>", docs.join(", "));
    let shard = run
        .shard
        .as_deref()
        .map(|s| format!(", shard {}", text(s)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<dt>Checked</dt><dd>{} with citecheck {}{shard}</dd>",
        text(&run.date),
        text(&run.tool)
    );
    let s = &run.settings;
    let _ = write!(out, "<dt>Settings</dt><dd>{}</dd>", wording::settings(s));
    let fail_on: Vec<String> = s
        .fail_on
        .iter()
        .map(|c| format!("<code>{c}</code>"))
        .collect();
    let policy = if fail_on.is_empty() {
        "nothing".to_owned()
    } else {
        fail_on.join(", ")
    };
    let _ = write!(
        out,
        "<dt>Policy</dt><dd>the run fails on {policy}</dd></dl>"
    );
    warnings(r, out);
    out.push_str("</header>\n");
}

fn warnings(r: &Report, out: &mut String) {
    let run = &r.run;
    let detail = run.network_detail.as_deref().map(text);
    if run.network_unreachable {
        let _ = write!(
            out,
            "<p class=\"warn\"><b>The network is unreachable: nothing proved that this machine \
             can reach the web.</b> Nothing was judged dead; citations whose fetch failed are \
             <code>skipped</code>.{}</p>",
            detail.map(|d| format!(" ({d})")).unwrap_or_default()
        );
    } else if let Some(d) = detail {
        let _ = write!(
            out,
            "<p class=\"warn\"><b>Some failures prove nothing:</b> {d}. Those citations are \
             <code>skipped</code>.</p>"
        );
    }
    if run.incomplete && run.merge_problems.is_empty() {
        out.push_str(
            "<p class=\"warn\"><b>Incomplete: the run was interrupted.</b> Citations not \
             reached are <code>skipped</code>.</p>",
        );
    }
    if !run.merge_problems.is_empty() {
        out.push_str(
            "<div class=\"warn\"><b>Incomplete merge:</b> the reports joined are not exactly \
             the shards of one run.<ul>",
        );
        for p in &run.merge_problems {
            let _ = write!(out, "<li>{}</li>", text(p));
        }
        out.push_str("</ul></div>");
    }
}

/// The reliability figure, the counts per verdict (each a link to the table filtered
/// by it) and what fails the policy.
fn summary(r: &Report, out: &mut String) {
    let s = &r.summary;
    let n = |c: VerdictCode| s.verdicts.get(&c).copied().unwrap_or(0);
    out.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"figure\">");
    // `judged_reliability`, as report.md states it: a bot wall or a timeout is no
    // evidence against the document, so `unverifiable` (like `skipped`) is not counted.
    match s.judged_reliability {
        Some(x) => {
            let _ = write!(
                out,
                "<p class=\"big\" id=\"reliability\">{:.0}%</p><p>reliability: {} of {} \
                 judged citations verified; the others are dead, changed or not found</p>",
                x * 100.0,
                n(VerdictCode::Verified),
                s.judged
            );
        }
        None => out.push_str(
            "<p class=\"big\" id=\"reliability\">n/a</p><p>reliability: no citation could be \
             judged</p>",
        ),
    }
    let mut apart = Vec::new();
    if n(VerdictCode::Unverifiable) > 0 {
        apart.push(format!(
            "{} unverifiable (no evidence either way: bot walls, timeouts, server errors)",
            n(VerdictCode::Unverifiable)
        ));
    }
    if n(VerdictCode::Skipped) > 0 {
        apart.push(format!("{} skipped", n(VerdictCode::Skipped)));
    }
    let apart = if apart.is_empty() {
        String::new()
    } else {
        format!("Not counted: {}. ", apart.join(" and "))
    };
    let _ = write!(
        out,
        "<p class=\"sub\">{apart}{} citations, {} with a URL, {} distinct URLs. {} {} the \
         policy.</p></div><ul class=\"counts\">",
        s.citations,
        s.with_url,
        s.distinct_urls,
        s.failing,
        if s.failing == 1 { "fails" } else { "fail" }
    );
    for code in VerdictCode::ALL {
        let _ = write!(
            out,
            "<li><a class=\"count v-{code}\" href=\"#verdict={code}\"><b>{}</b> {code}</a></li>",
            n(code)
        );
    }
    let _ = writeln!(
        out,
        "<li><a class=\"count\" href=\"#verdict=\"><b>{}</b> all</a></li></ul></section>",
        s.citations
    );
}

fn legend(out: &mut String) {
    out.push_str("<ul class=\"legend\" aria-hidden=\"true\">");
    for code in VerdictCode::ALL {
        let _ = write!(out, "<li><i class=\"v-{code}\"></i>{code}</li>");
    }
    out.push_str("</ul>");
}

/// The filters (shown by the script), and the table's head.
fn table_head(r: &Report, stats: &Stats, out: &mut String) {
    out.push_str(
        "<section id=\"citations\"><h2>All citations</h2>\n\
         <form id=\"filters\" hidden><label>Verdict <select name=\"verdict\">\
         <option value=\"\">all</option><option value=\"attention\">needs attention</option>",
    );
    for code in VerdictCode::ALL {
        let n = r.summary.verdicts.get(&code).copied().unwrap_or(0);
        let _ = write!(out, "<option value=\"{code}\">{code} ({n})</option>");
    }
    out.push_str(
        "</select></label><label>Document <select name=\"doc\"><option value=\"\">all</option>",
    );
    for (i, d) in stats.documents.iter().enumerate() {
        let name = d.rsplit(['/', '\\']).next().unwrap_or(d);
        let _ = write!(out, "<option value=\"{i}\">{}</option>", text(name));
    }
    out.push_str(
        "</select></label><label>Search <input type=\"search\" name=\"q\" \
         placeholder=\"title, host, reason…\" autocomplete=\"off\"></label>\
         <output id=\"count\" aria-live=\"polite\"></output></form>\n\
         <div class=\"scroll\">",
    );
    let paged = if r.citations.len() > PAGE_ROWS {
        " class=\"paged\""
    } else {
        ""
    };
    let _ = write!(out, "<table id=\"table\"{paged}><thead><tr>");
    for (i, (name, numeric)) in rows::COLUMNS.iter().enumerate() {
        let sort = if i == 0 {
            " aria-sort=\"ascending\""
        } else {
            ""
        };
        let kind = if *numeric { "num" } else { "text" };
        let _ = write!(
            out,
            "<th scope=\"col\" data-k=\"{kind}\"{sort}><button type=\"button\">{name}</button></th>"
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

fn tail(r: &Report) -> String {
    format!(
        "</tbody></table></div>\n<nav id=\"pager\" hidden><button type=\"button\" \
         data-go=\"prev\">Previous</button> <span id=\"page\"></span> <button type=\"button\" \
         data-go=\"next\">Next</button> <button type=\"button\" data-go=\"all\">Show all</button>\
         </nav>\n</section>\n<footer>Written by <a href=\"https://github.com/citecheck/citecheck\" \
         rel=\"noopener noreferrer\">citecheck {}</a> · {}</footer>\n<script>{JS}</script>\n</body>\n</html>\n",
        text(&r.run.tool),
        text(&r.schema)
    )
}

#[cfg(test)]
mod tests;
