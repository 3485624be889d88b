//! `report.md`: the report a person reads, on GitHub or anywhere Markdown renders.
//!
//! Problems first, then every citation, then the hosts. Every value that came from a
//! document or a web page goes through [`escape`] or [`link`], so no title can break a
//! table, open a link the author did not write, or inject HTML.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;
use std::io;

use super::markdown::{escape, link};
use super::records::Records;
use super::schema::{Entry, Report};
use crate::types::VerdictCode;

/// Renders the whole report.
pub fn render(r: &Report) -> io::Result<String> {
    let mut out = Vec::new();
    write(r, &mut out)?;
    String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Writes the whole report into `w`, and returns its summary and "Needs attention"
/// sections (what a terminal shows).
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
        if failed.is_ok() {
            failed = rows.write(e, &mut table);
        }
    })?;
    failed?;
    attention(r, &problems, &mut head);
    changes.write(&mut head);
    super::archives::saved(r, &mut head);
    w.write_all(head.as_bytes())?;
    w.write_all(b"## All citations\n")?;
    table.copy_to(&mut w)?;
    w.write_all(b"\n")?;
    records.write(&mut w)?;
    hosts.write(&mut w)?;
    w.flush()?;
    Ok(head.split_off(start))
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
    let _ = writeln!(
        out,
        "- **Settings:** {} between requests to a host, {} in flight per host, {} overall, \
         timeout {}, up to {} retries, cache {}{}",
        millis(s.host_request_interval_ms),
        s.host_concurrency,
        s.max_concurrency,
        millis(s.timeout_ms),
        s.max_retries,
        if s.cache { "on" } else { "off" },
        if s.offline {
            " (offline: cache only)"
        } else {
            ""
        }
    );
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
    let verified = s.verdicts.get(&VerdictCode::Verified).copied().unwrap_or(0);
    let counts = format!(
        "{}, {} with a URL, {}.",
        count(s.citations, "citation", "citations"),
        s.with_url,
        count(s.distinct_urls, "distinct URL", "distinct URLs")
    );
    match s.reliability {
        Some(x) => {
            let _ = writeln!(
                out,
                "**Reliability: {:.0}%** ({verified} of {} verified). {counts}",
                x * 100.0,
                count(s.checkable, "checkable citation", "checkable citations"),
            );
        }
        None => {
            let _ = writeln!(
                out,
                "**Reliability: n/a** (nothing could be checked). {counts}"
            );
        }
    }
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

fn attention(r: &Report, problems: &BTreeMap<VerdictCode, String>, out: &mut String) {
    out.push_str("## Needs attention\n\n");
    if problems.is_empty() {
        out.push_str(if r.summary.checkable == 0 {
            "Nothing could be checked.\n\n"
        } else {
            "Nothing: every checkable citation was verified.\n\n"
        });
        return;
    }
    out.push_str(
        "| where | cited title | verdict | why | archived copy |\n|---|---|---|---|---|\n",
    );
    // Grouped by verdict in the order codes are listed, document order within.
    for rows in VerdictCode::ALL.iter().filter_map(|c| problems.get(c)) {
        out.push_str(rows);
    }
    out.push('\n');
}

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
                "\n### `{}`\n\n| page | note | cited title | host | status | verdict | page title | page date | similarity |\n\
                 |---:|---|---|---|---:|---|---|---|---:|\n",
                code(&e.citation.document)
            );
        }
        citation_row(e, &mut self.row);
        w.write_all(self.row.as_bytes())
    }
}

fn citation_row(e: &Entry, out: &mut String) {
    let page = e.citation.page.map(|p| p.to_string()).unwrap_or_default();
    let status = e
        .fetch
        .as_ref()
        .map(|f| {
            let status = match f.status {
                Some(s) => s.to_string(),
                None => f.outcome.code().to_owned(),
            };
            match f.cache_age_s {
                Some(age) => format!("{status} (cached, {} old)", age_text(age)),
                None => status,
            }
        })
        .unwrap_or_default();
    let meta = e.page_meta.as_ref();
    let page_title = meta
        .and_then(|m| m.title.as_deref())
        .map(escape)
        .unwrap_or_default();
    let page_date = meta
        .and_then(|m| m.date.as_deref())
        .map(escape)
        .unwrap_or_default();
    let similarity = e
        .scores
        .title_score
        .map(|s| format!("{s:.2}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "| {page} | {} | {} | {} | {status} | {} | {page_title} | {page_date} | {similarity} |",
        escape(&e.citation.note),
        cited(e),
        e.citation
            .url
            .as_deref()
            .map(host)
            .map(|h| escape(&h))
            .unwrap_or_default(),
        badge(e.verdict),
    );
}

/// The hosts table, counted as the entries go by.
#[derive(Default)]
struct Hosts {
    rows: BTreeMap<String, HostRow>,
    /// URLs already counted, so that a URL cited twice counts its requests once.
    seen: HashSet<String>,
}

#[derive(Default)]
struct HostRow {
    urls: usize,
    citations: usize,
    requests: u32,
    verdicts: BTreeMap<VerdictCode, usize>,
}

impl Hosts {
    fn count(&mut self, e: &Entry) {
        let Some(url) = e.citation.url.as_deref() else {
            return;
        };
        let row = self.rows.entry(host(url)).or_default();
        row.citations += 1;
        *row.verdicts.entry(e.verdict).or_default() += 1;
        if !self.seen.contains(url) {
            self.seen.insert(url.to_owned());
            row.urls += 1;
            row.requests += e.fetch.as_ref().map_or(0, |f| f.attempts);
        }
    }

    fn write<W: io::Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"## Hosts\n\n")?;
        if self.rows.is_empty() {
            return w.write_all(b"No URLs.\n");
        }
        w.write_all(
            b"| host | URLs | citations | requests | verified | dead | mismatch | failing | unverifiable | skipped |\n\
              |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        )?;
        for (h, row) in &self.rows {
            let n = |c: VerdictCode| row.verdicts.get(&c).copied().unwrap_or(0);
            writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                escape(h),
                row.urls,
                row.citations,
                row.requests,
                n(VerdictCode::Verified),
                n(VerdictCode::Dead),
                n(VerdictCode::TitleMismatch) + n(VerdictCode::DateMismatch),
                n(VerdictCode::Failing),
                n(VerdictCode::Unverifiable),
                n(VerdictCode::Skipped),
            )?;
        }
        Ok(())
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

/// `45 s`, `12 min`, `3 h`, `2 d`: the age of a cached answer, to the unit that reads.
fn age_text(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86_400 => format!("{} h", secs / 3600),
        _ => format!("{} d", secs / 86_400),
    }
}

fn millis(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}
