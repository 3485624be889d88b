//! `report.md`: the report a person reads, on GitHub or anywhere Markdown renders.
//!
//! Problems first, then every citation, then the hosts. Every value that came from a
//! document or a web page goes through [`escape`] or [`link`], so no title can break a
//! table, open a link the author did not write, or inject HTML.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::io;

use super::hosts::Hosts;
use super::markdown::{escape, link};
use super::records::Records;
use super::schema::{Entry, Report};
use super::wording;
use super::years::Years;
use crate::types::VerdictCode;

/// Renders the whole report.
pub fn render(r: &Report) -> io::Result<String> {
    let mut out = Vec::new();
    write(r, &mut out)?;
    String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Writes the whole report into `w`, and returns its summary, "Needs attention" and
/// "Could not be judged" sections (what a terminal shows).
///
/// One pass over the entries, holding none of them: the problems (by verdict) and the
/// hosts are gathered as it goes, and the table of every citation, which comes between
/// them, is written aside (to a temporary file when the report is large) and copied in.
pub fn write<W: io::Write>(r: &Report, mut w: W) -> io::Result<String> {
    let mut head = String::from("# Citation check\n\n");
    facts(r, &mut head);
    let start = head.len();
    summary(r, &mut head);
    let mut problems: BTreeMap<VerdictCode, String> = BTreeMap::new();
    let mut hosts = Hosts::default();
    let mut years = Years::default();
    let mut table = Aside::for_entries(r.citations.len())?;
    let mut rows = Rows::default();
    let mut changes = super::changes::Changes::default();
    let mut records = Records::default();
    let mut failed = Ok(());
    r.citations.for_each_slim(|e| {
        changes.note(e);
        if !matches!(e.verdict, VerdictCode::Verified | VerdictCode::Skipped) {
            problem(e, problems.entry(e.verdict).or_default());
        }
        if e.biblio.is_some() {
            records.add(e, &place(e), &cited(e), &badge(e.verdict));
        }
        hosts.count(e);
        years.count(e);
        if failed.is_ok() {
            failed = rows.write(e, &mut table);
        }
    })?;
    failed?;
    attention(r, &problems, &mut head);
    unjudged(&problems, &mut head);
    changes.write(&mut head);
    super::archives::saved(r, &mut head);
    let terminal = head[start..].to_owned();
    years.write(&mut head);
    w.write_all(head.as_bytes())?;
    w.write_all(b"## All citations\n")?;
    table.copy_to(&mut w)?;
    w.write_all(b"\n")?;
    records.write(&mut w)?;
    hosts.write(&mut w)?;
    w.flush()?;
    Ok(terminal)
}

/// Where the table of every citation waits while the sections before it are gathered.
enum Aside {
    Memory(Vec<u8>),
    File(io::BufWriter<std::fs::File>),
}

impl Aside {
    /// In memory for a report of a few thousand citations, on disk beyond.
    fn for_entries(len: usize) -> io::Result<Aside> {
        Ok(if len <= 4096 {
            Aside::Memory(Vec::new())
        } else {
            Aside::File(io::BufWriter::new(tempfile::tempfile()?))
        })
    }

    fn copy_to<W: io::Write>(self, w: &mut W) -> io::Result<()> {
        use std::io::Seek;
        match self {
            Aside::Memory(v) => w.write_all(&v),
            Aside::File(f) => {
                let mut file = f.into_inner().map_err(io::IntoInnerError::into_error)?;
                file.rewind()?;
                io::copy(&mut file, w).map(drop)
            }
        }
    }
}

impl io::Write for Aside {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Aside::Memory(v) => v.write(buf),
            Aside::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Aside::Memory(_) => Ok(()),
            Aside::File(f) => f.flush(),
        }
    }
}

fn facts(r: &Report, out: &mut String) {
    let run = &r.run;
    let docs: Vec<String> = run
        .documents
        .iter()
        .map(|d| format!("`{}`", code(d)))
        .collect();
    let _ = writeln!(out, "- **Documents:** {}", docs.join(", "));
    let _ = writeln!(
        out,
        "- **Checked:** {} with citecheck {}{}",
        escape(&run.date),
        escape(&run.tool),
        run.shard
            .as_deref()
            .map(|s| format!(", shard {}", escape(s)))
            .unwrap_or_default()
    );
    let s = &run.settings;
    let _ = writeln!(out, "- **Settings:** {}", wording::settings(s));
    let fail_on: Vec<&str> = s.fail_on.iter().map(|c| c.code()).collect();
    let _ = writeln!(
        out,
        "- **Policy:** the run fails on {}",
        if fail_on.is_empty() {
            "nothing".to_owned()
        } else {
            fail_on
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    if run.network_unreachable {
        out.push_str(
            "\n> **The network is unreachable: nothing proved that this machine can reach \
             the web.** Nothing was judged dead; citations whose fetch failed are `skipped`.",
        );
        if let Some(d) = &run.network_detail {
            let _ = write!(out, " ({})", escape(d));
        }
        out.push('\n');
    } else if let Some(d) = &run.network_detail {
        let _ = writeln!(
            out,
            "\n> **Some failures prove nothing:** {}. Those citations are `skipped`.",
            escape(d)
        );
    }
    if run.incomplete && run.merge_problems.is_empty() {
        out.push_str(
            "\n> **Incomplete: the run was interrupted.** Citations not reached are `skipped`.\n",
        );
    }
    if !run.merge_problems.is_empty() {
        out.push_str(
            "\n> **Incomplete merge:** the reports joined are not exactly the shards of one run.\n",
        );
        for p in &run.merge_problems {
            let _ = writeln!(out, "> - {}", escape(p));
        }
    }
    out.push('\n');
}

fn summary(r: &Report, out: &mut String) {
    let s = &r.summary;
    out.push_str("## Summary\n\n| verdict | citations |\n|---|---:|\n");
    for code in VerdictCode::ALL {
        let n = s.verdicts.get(&code).copied().unwrap_or(0);
        let _ = writeln!(out, "| {} | {n} |", badge(code));
    }
    let _ = writeln!(out, "| **all** | **{}** |\n", s.citations);
    let n = |c: VerdictCode| s.verdicts.get(&c).copied().unwrap_or(0);
    let counts = format!(
        "{}, {} with a URL, {}.",
        count(s.citations, "citation", "citations"),
        s.with_url,
        count(s.distinct_urls, "distinct URL", "distinct URLs")
    );
    match s.judged_reliability {
        Some(x) => {
            let _ = writeln!(
                out,
                "**Reliability: {:.0}%** ({} of {} verified; the others are dead, changed or \
                 not found).",
                x * 100.0,
                n(VerdictCode::Verified),
                count(s.judged, "judged citation", "judged citations"),
            );
        }
        None => out.push_str("**Reliability: n/a** (no citation could be judged).\n"),
    }
    let mut apart = Vec::new();
    if n(VerdictCode::Unverifiable) > 0 {
        apart.push(format!(
            "{} unverifiable (no evidence either way: bot walls, timeouts, server errors; \
             listed apart below)",
            n(VerdictCode::Unverifiable)
        ));
    }
    if n(VerdictCode::Failing) > 0 {
        apart.push(format!(
            "{} failing (not yet confirmed over time; listed with the findings)",
            n(VerdictCode::Failing)
        ));
    }
    if n(VerdictCode::Skipped) > 0 {
        apart.push(format!("{} skipped", n(VerdictCode::Skipped)));
    }
    if !apart.is_empty() {
        let list = match apart.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => apart.join(""),
        };
        let _ = write!(out, "Not counted: {list}. ");
    }
    let _ = writeln!(out, "{counts}");
    let _ = writeln!(
        out,
        "\n{} {} the policy.",
        s.failing,
        if s.failing == 1 {
            "citation fails"
        } else {
            "citations fail"
        }
    );
    if s.baselined > 0 {
        let _ = writeln!(
            out,
            "{} more {} in the baseline and {} nothing.",
            s.baselined,
            if s.baselined == 1 { "is" } else { "are" },
            if s.baselined == 1 { "fails" } else { "fail" }
        );
    }
    out.push('\n');
}

/// The findings a reader acts on; `unverifiable` goes to [`unjudged`].
fn attention(r: &Report, problems: &BTreeMap<VerdictCode, String>, out: &mut String) {
    out.push_str("## Needs attention\n\n");
    let judged = |c: &&VerdictCode| **c != VerdictCode::Unverifiable;
    if !problems.keys().any(|c| judged(&c)) {
        out.push_str(if r.summary.judged == 0 {
            "Nothing could be judged.\n\n"
        } else {
            "Nothing: every citation that could be judged was verified.\n\n"
        });
        return;
    }
    out.push_str(PROBLEMS_HEADER);
    // Grouped by verdict in the order codes are listed, document order within.
    for rows in VerdictCode::ALL
        .iter()
        .filter(judged)
        .filter_map(|c| problems.get(c))
    {
        out.push_str(rows);
    }
    out.push('\n');
}

/// The citations that could not be judged, apart from the findings: a bot wall or a
/// timeout says nothing against the document, but a reader may want the archived copy.
fn unjudged(problems: &BTreeMap<VerdictCode, String>, out: &mut String) {
    let Some(rows) = problems.get(&VerdictCode::Unverifiable) else {
        return;
    };
    out.push_str(
        "## Could not be judged\n\n\
         The site refused the robot, timed out or failed: no evidence either way, so these \
         are not counted in the reliability figure.\n\n",
    );
    out.push_str(PROBLEMS_HEADER);
    out.push_str(rows);
    out.push('\n');
}

const PROBLEMS_HEADER: &str =
    "| where | cited title | verdict | why | archived copy |\n|---|---|---|---|---|\n";

/// One row of "Needs attention".
fn problem(e: &Entry, out: &mut String) {
    let archive = super::archives::archive_text(e, "archive unreachable").unwrap_or_default();
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {archive} |",
        place(e),
        cited(e),
        badge(e.verdict),
        escape(&e.reason)
    );
}

/// The table of every citation, a row at a time, with a heading per document.
#[derive(Default)]
struct Rows {
    document: Option<String>,
    row: String,
}

impl Rows {
    fn write<W: io::Write>(&mut self, e: &Entry, w: &mut W) -> io::Result<()> {
        self.row.clear();
        if self.document.as_deref() != Some(e.citation.document.as_str()) {
            self.document = Some(e.citation.document.clone());
            let _ = write!(
                self.row,
                "\n### `{}`\n\n| page | note | line | cited title | host | status | cache | verdict | why | page title | cited date | page date | similarity |\n\
                 |---:|---|---:|---|---|---:|---|---|---|---|---|---|---:|\n",
                code(&e.citation.document)
            );
        }
        citation_row(e, &mut self.row);
        w.write_all(self.row.as_bytes())
    }
}

fn citation_row(e: &Entry, out: &mut String) {
    let c = &e.citation;
    let page = c.page.map(|p| p.to_string()).unwrap_or_default();
    let status = e
        .fetch
        .as_ref()
        .map(|f| match f.status {
            Some(s) => s.to_string(),
            None => f.outcome.code().to_owned(),
        })
        .unwrap_or_default();
    let (page_title, page_date) = page_evidence(e);
    let similarity = e
        .scores
        .title_score
        .map(|s| format!("{s:.2}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "| {page} | {} | {} | {} | {} | {status} | {} | {} | {} | {page_title} | {} | {page_date} | {similarity} |",
        escape(&c.note),
        c.line,
        cited(e),
        c.url
            .as_deref()
            .map(host)
            .map(|h| escape(&h))
            .unwrap_or_default(),
        wording::cache(e).unwrap_or_default(),
        badge(e.verdict),
        escape(&e.reason),
        c.date.map(|d| d.to_string()).unwrap_or_default(),
    );
}

/// The page's title and date, as the page states them; for an error page (a 404, a
/// server error, a soft 404) or a bot wall, what it says about itself is not the cited
/// page's title ("404 Not Found", "Access Denied"), so it is named for what it is.
fn page_evidence(e: &Entry) -> (String, String) {
    let Some(meta) = &e.page_meta else {
        return (String::new(), String::new());
    };
    match wording::stand_in(e) {
        Some(s) => (format!("*{s}*"), String::new()),
        None => (
            meta.title.as_deref().map(escape).unwrap_or_default(),
            meta.date.as_deref().map(escape).unwrap_or_default(),
        ),
    }
}

/// `doc.txt` p. 3 note ②, linked to the cited URL.
fn place(e: &Entry) -> String {
    let c = &e.citation;
    let doc = c.document.rsplit(['/', '\\']).next().unwrap_or(&c.document);
    let page = c.page.map(|p| format!(" p. {p}")).unwrap_or_default();
    format!("`{}`{page} note {}", code(doc), escape(&c.note))
}

/// The cited title (or, without one, the URL), linked to the cited URL.
fn cited(e: &Entry) -> String {
    let title = e.citation.title.as_deref().map(escape);
    match (title, e.citation.url.as_deref()) {
        (Some(t), Some(u)) if link(u).starts_with('<') => {
            format!("[{t}]({})", &link(u)[1..link(u).len() - 1])
        }
        (Some(t), Some(u)) => format!("{t} {}", link(u)),
        (Some(t), None) => t,
        (None, Some(u)) => link(u),
        (None, None) => String::new(),
    }
}

/// The verdict's mark and code, as every table shows it.
pub(super) fn badge(code: VerdictCode) -> String {
    let mark = match code {
        VerdictCode::Verified => "✅",
        VerdictCode::TitleMismatch | VerdictCode::DateMismatch => "⚠️",
        VerdictCode::Dead => "❌",
        VerdictCode::Unverifiable => "❔",
        VerdictCode::Failing => "⏳",
        VerdictCode::Skipped => "➖",
        VerdictCode::NotFound => "🔎",
    };
    format!("{mark} `{}`", code.code())
}

fn host(url: &str) -> String {
    crate::urls::host(url).unwrap_or_default()
}

/// Text for inside backticks: a backtick or a line break cannot end the span early.
fn code(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// `1 citation`, `2 citations`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
