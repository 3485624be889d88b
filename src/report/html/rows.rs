//! One row of the citations table: where the footnote is, what it cites, the verdict
//! and why, what the page said, and where to read it now. The same fields report.md
//! shows, and the evidence report.md leaves to report.json.
//!
//! A cell whose text does not sort well carries its key in `data-s`. Bytes count here:
//! a row is written for every citation, so column names (shown beside each cell when a
//! phone lays rows out as cards) come from the stylesheet, not from each cell.

use std::fmt::Write;

use super::escape::{link, text};
use super::stats::slot;
use crate::report::schema::Entry;
use crate::report::wording;
use crate::types::LookupOutcome;
use crate::types::{SnapshotSource, VerdictCode};

/// The table's columns: name, and whether it sorts as a number.
pub const COLUMNS: [(&str, bool); 8] = [
    ("Where", true),
    ("Cited", false),
    ("Verdict", true),
    ("Why", false),
    ("Found on the page", false),
    ("Similarity", true),
    ("Archived copy", false),
    ("Host", false),
];

/// Writes the row of entry `i`, whose document is the `doc`-th.
pub fn row(e: &Entry, i: usize, doc: usize, out: &mut String) {
    // As report.md's "Needs attention": the findings, not what could not be judged.
    let attention = !matches!(
        e.verdict,
        VerdictCode::Verified | VerdictCode::Skipped | VerdictCode::Unverifiable
    );
    let _ = write!(
        out,
        "<tr data-i=\"{i}\" data-v=\"{}\" data-d=\"{doc}\"{}>",
        e.verdict,
        if attention { " data-a=\"1\"" } else { "" }
    );
    cell(Some(&i.to_string()), out, |o| place(e, o));
    cell(None, out, |o| cited(e, o));
    cell(Some(&slot(e.verdict).to_string()), out, |o| {
        badge(e.verdict, o);
    });
    cell(None, out, |o| o.push_str(&text(&e.reason)));
    cell(None, out, |o| found(e, o));
    let score = e.scores.title_score.filter(|s| s.is_finite());
    let key = score.map_or("-1".to_owned(), |s| format!("{s:.3}"));
    cell(Some(&key), out, |o| {
        if let Some(s) = score {
            let _ = write!(o, "{s:.2}");
        }
    });
    cell(None, out, |o| archive(e, o));
    let host = e.citation.url.as_deref().and_then(crate::urls::host);
    cell(None, out, |o| {
        o.push_str(&text(host.as_deref().unwrap_or("")))
    });
    out.push_str("</tr>\n");
}

fn cell(sort: Option<&str>, out: &mut String, body: impl FnOnce(&mut String)) {
    match sort {
        Some(s) => {
            let _ = write!(out, "<td data-s=\"{s}\">");
        }
        None => out.push_str("<td>"),
    }
    body(out);
    out.push_str("</td>");
}

/// A verdict as a coloured badge.
pub fn badge(code: VerdictCode, out: &mut String) {
    let _ = write!(out, "<span class=\"badge v-{code}\">{code}</span>");
}

/// `doc.txt` p. 3 · note 12 · line 40, the full path in a tooltip.
fn place(e: &Entry, out: &mut String) {
    let c = &e.citation;
    let name = c.document.rsplit(['/', '\\']).next().unwrap_or(&c.document);
    let _ = write!(
        out,
        "<span class=\"doc\" title=\"{}\">{}</span>",
        text(&c.document),
        text(name)
    );
    if let Some(p) = c.page {
        let _ = write!(out, " p.&nbsp;{p}");
    }
    let _ = write!(
        out,
        "<span class=\"sub\">note {} · line {}</span>",
        text(&c.note),
        c.line
    );
}

/// The cited title linked to the cited URL, the URL itself, the cited date.
fn cited(e: &Entry, out: &mut String) {
    let c = &e.citation;
    let ibid = if c.ibid { "(ibid.) " } else { "" };
    let title = c.title.as_deref().map(text).unwrap_or_default();
    match (&c.url, title.is_empty()) {
        (Some(u), false) => {
            out.push_str(ibid);
            link(u, &title, out);
            let _ = write!(out, "<span class=\"url\">{}</span>", text(u));
        }
        (Some(u), true) => {
            out.push_str(ibid);
            link(u, &text(u), out);
        }
        (None, _) => {
            let _ = write!(out, "{ibid}{title}");
        }
    }
    if let Some(d) = c.date {
        let _ = write!(out, "<span class=\"sub\">cited date {d}</span>");
    }
    if let Some(d) = c.accessed {
        let _ = write!(out, "<span class=\"sub\">accessed {d}</span>");
    }
}

/// What the fetch and the page said: the page's title and date, the status (and
/// whether it came from the cache), where redirects ended, the record a bibliographic
/// source holds.
fn found(e: &Entry, out: &mut String) {
    page_evidence(e, out);
    if let Some(f) = &e.fetch {
        let status = match f.status {
            Some(s) => format!("{s} {}", f.outcome.code()),
            None => f.outcome.code().to_owned(),
        };
        let _ = write!(out, "<span class=\"sub\">{}", text(&status));
        if let Some(c) = wording::cache(e) {
            let _ = write!(out, " · cache: {c}");
        }
        out.push_str("</span>");
        // The final URL is news only after redirects: a remapped request ends where the
        // remap sent it.
        let asked = f.remapped.as_deref().or(e.citation.url.as_deref());
        if !f.final_url.is_empty() && (!f.redirects.is_empty() || asked != Some(&f.final_url)) {
            out.push_str("<span class=\"sub\">ended at ");
            link(&f.final_url, &text(&f.final_url), out);
            out.push_str("</span>");
        }
    } else if let Some(c) = wording::cache(e) {
        let _ = write!(out, "<span class=\"sub\">cache: {c}</span>");
    }
    if let Some(b) = &e.biblio {
        record(b, out);
    }
}

/// The page's title and date as it states them. What an error page (a 404, a server
/// error, a soft 404) or a bot wall says about itself is not the cited page's title
/// ("404 Not Found", "Access Denied"): it is named for what it is, as report.md does.
fn page_evidence(e: &Entry, out: &mut String) {
    let Some(meta) = &e.page_meta else {
        return;
    };
    if let Some(s) = wording::stand_in(e) {
        let _ = write!(out, "<i class=\"ptitle\">{s}</i>");
        return;
    }
    if let Some(t) = &meta.title {
        let _ = write!(out, "<span class=\"ptitle\">{}</span>", text(t));
    }
    if let Some(d) = &meta.date {
        let _ = write!(out, "<span class=\"sub\">page date {}", text(d));
        if let Some(src) = e.scores.date.as_ref().and_then(|d| d.source.as_deref()) {
            let _ = write!(out, " ({})", text(src));
        }
        out.push_str("</span>");
    }
}

/// The bibliographic record found, linked, and what differs from the citation.
fn record(b: &crate::types::BiblioLookup, out: &mut String) {
    out.push_str("<span class=\"sub\">");
    match &b.record {
        Some(r) => {
            let prefix = if b.matched {
                "record: "
            } else {
                "closest record: "
            };
            out.push_str(prefix);
            link(&r.url, &text(&r.title), out);
            let _ = write!(out, " ({})", r.source.name());
        }
        None => out.push_str(&text(&b.describe())),
    }
    for d in &b.differences {
        let _ = write!(
            out,
            "; {}: {} (record: {})",
            text(&d.field),
            text(&d.cited),
            text(&d.record)
        );
    }
    out.push_str("</span>");
}

/// The validated copy (an archive snapshot or a confirmed move), or why there is none.
fn archive(e: &Entry, out: &mut String) {
    let lookup = e.archive_lookup.as_ref();
    match (&e.archive, lookup.map(|l| l.outcome)) {
        (Some(a), _) => {
            let label = match (a.source, &a.date) {
                (SnapshotSource::KnownMove, _) => "moved here".to_owned(),
                (_, Some(d)) => format!("archived {}", text(d)),
                (_, None) => "archived copy".to_owned(),
            };
            link(&a.url, &label, out);
            // Which archive, and that the copy was read and found to be the work.
            if let Some(name) = &a.archive {
                let _ = write!(out, " ({})", text(name));
            }
            match &a.checked {
                Some(c) => {
                    let _ = write!(out, "; checked: {}", text(&c.reason));
                }
                None => out.push_str("; not checked"),
            }
        }
        (None, Some(LookupOutcome::None)) => match lookup.map(|l| l.rejected.as_slice()) {
            Some([first, rest @ ..]) => {
                let _ = write!(
                    out,
                    "none that is the work cited: {} capture(s) turned down, the closest ({}): {}",
                    rest.len() + 1,
                    text(&first.archive),
                    text(&first.why)
                );
            }
            _ => out.push_str("none in the archives"),
        },
        (None, Some(LookupOutcome::Unreachable)) => {
            let detail = lookup
                .and_then(|l| l.detail.as_deref())
                .unwrap_or("no answer");
            let _ = write!(out, "archive unreachable: {}", text(detail));
        }
        _ => {}
    }
}
