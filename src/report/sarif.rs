//! SARIF 2.1.0, the format GitHub code scanning (and most CI dashboards) read: one result
//! per finding, placed on the line of the footnote in its document, with the verdict code
//! as the rule id and the verdict's section of `docs/verdicts.md` as the rule's help.
//!
//! The output is deterministic: no timestamps, rules in the order verdicts are listed,
//! results in document order, and only typed structs are serialized (a JSON map would
//! change its key order with serde_json's `preserve_order` feature).

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::schema::{Entry, Report};
use crate::types::{Citation, VerdictCode};

/// The verdicts, one section each, embedded when citecheck is built.
const VERDICTS_MD: &str = include_str!("../../docs/verdicts.md");

/// The verdicts that are findings, in the order reports list them: each is a rule.
pub const RULES: [VerdictCode; 6] = [
    VerdictCode::Dead,
    VerdictCode::TitleMismatch,
    VerdictCode::DateMismatch,
    VerdictCode::Failing,
    VerdictCode::NotFound,
    VerdictCode::Unverifiable,
];

/// Writes the report as a SARIF 2.1.0 log into `w`. `text_of` gives a document's text
/// when its lines are the file's (Markdown, HTML, plain text; not a PDF or a Word file),
/// so that each result can point at the footnote's line and column; without it a result
/// names only the document.
pub fn write<W: io::Write>(
    r: &Report,
    mut text_of: impl FnMut(&str) -> Option<String>,
    w: W,
) -> io::Result<()> {
    let fail_on = &r.run.settings.fail_on;
    let mut texts: BTreeMap<String, Option<Vec<String>>> = BTreeMap::new();
    let mut results = Vec::new();
    r.citations.for_each_slim(|e| {
        let Some(index) = RULES.iter().position(|c| *c == e.verdict) else {
            return;
        };
        let lines = texts
            .entry(e.citation.document.clone())
            .or_insert_with(|| text_of(&e.citation.document).map(split_lines));
        let line = lines
            .as_ref()
            .and_then(|l| l.get(e.citation.line.checked_sub(1)?));
        // A finding the baseline accepts fails nothing, as in the exit code.
        let level = if e.baselined {
            "warning"
        } else {
            level(fail_on, e.verdict)
        };
        results.push(result(e, index, level, line.map(String::as_str)));
    })?;
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: driver(fail_on),
            },
            invocations: [invocation(r)],
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    super::redact::write_json(w, &log)
}

/// Renders [`write`] into a string.
pub fn render(r: &Report, text_of: impl FnMut(&str) -> Option<String>) -> io::Result<String> {
    let mut out = Vec::new();
    write(r, text_of, &mut out)?;
    String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// The schema a SARIF log names, as SchemaStore serves it (what editors and GitHub use).
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 2],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "citecheck/v1")]
    citecheck: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties {
    note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived_copy: Option<String>,
}

fn driver(fail_on: &[VerdictCode]) -> Driver {
    Driver {
        name: "citecheck",
        version: env!("CARGO_PKG_VERSION"),
        semantic_version: env!("CARGO_PKG_VERSION"),
        information_uri: env!("CARGO_PKG_REPOSITORY"),
        rules: RULES.iter().map(|c| rule(*c, fail_on)).collect(),
    }
}

fn rule(code: VerdictCode, fail_on: &[VerdictCode]) -> Rule {
    let help = section(code).unwrap_or_default();
    let first = help.split("\n\n").next().unwrap_or_default();
    Rule {
        id: code.code(),
        name: pascal(code.code()),
        short_description: Text { text: short(first) },
        full_description: Text {
            text: first.split_whitespace().collect::<Vec<_>>().join(" "),
        },
        help: Help {
            text: help.to_owned(),
            markdown: help.to_owned(),
        },
        help_uri: format!(
            "{}/blob/main/docs/verdicts.md#{}",
            env!("CARGO_PKG_REPOSITORY"),
            code.code()
        ),
        default_configuration: Configuration {
            level: level(fail_on, code),
        },
        properties: RuleProperties {
            tags: ["citation", "link-rot"],
        },
    }
}

/// The run's own problems, which are no finding on a line: an interrupted run, a network
/// that could not be reached, a merge that lacks shards.
fn invocation(r: &Report) -> Invocation {
    let run = &r.run;
    let mut notes: Vec<String> = Vec::new();
    if run.network_unreachable {
        notes.push("the network could not be reached: failed fetches were not judged dead".into());
    }
    notes.extend(run.network_detail.clone());
    if run.incomplete && run.merge_problems.is_empty() {
        notes.push("the run was interrupted: citations not reached are skipped".into());
    }
    notes.extend(run.merge_problems.iter().cloned());
    Invocation {
        execution_successful: !run.incomplete,
        tool_execution_notifications: notes
            .into_iter()
            .map(|text| Notification {
                level: "warning",
                message: Text { text },
            })
            .collect(),
    }
}

fn result(e: &Entry, rule_index: usize, level: &'static str, line: Option<&str>) -> SarifResult {
    let c = &e.citation;
    let region = line.map(|text| Region {
        start_line: c.line,
        start_column: column(text, c),
    });
    SarifResult {
        rule_id: e.verdict.code(),
        rule_index,
        level,
        message: Text { text: message(e) },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri(&c.document),
                },
                region,
            },
        }],
        partial_fingerprints: Fingerprints {
            citecheck: fingerprint(c),
        },
        properties: ResultProperties {
            note: c.note.clone(),
            page: c.page,
            url: c.url.clone(),
            archived_copy: e.archive.as_ref().map(|a| a.url.clone()),
        },
    }
}

/// `dead: the server says the page does not exist (HTTP 404). Note 3, p. 2: “Title” <URL>`.
fn message(e: &Entry) -> String {
    let c = &e.citation;
    let mut text = format!("{}: {}. Note {}", e.verdict.code(), e.reason, c.note);
    if let Some(p) = c.page {
        text.push_str(&format!(", p. {p}"));
    }
    text.push(':');
    if let Some(t) = &c.title {
        text.push_str(&format!(" “{t}”"));
    }
    if let Some(u) = &c.url {
        text.push_str(&format!(" <{u}>"));
    }
    if let Some(a) = &e.archive {
        text.push_str(&format!(". Archived copy: <{}>", a.url));
    }
    strip_controls(&text)
}

/// `error` for a verdict the policy fails on, `warning` for the other findings.
fn level(fail_on: &[VerdictCode], code: VerdictCode) -> &'static str {
    if fail_on.contains(&code) {
        "error"
    } else {
        "warning"
    }
}

/// The 1-based column, in UTF-16 code units as editors count, where the citation starts
/// on its line: a link outside any footnote at its URL, a footnote at its first
/// character (its label).
pub fn column(line: &str, c: &Citation) -> usize {
    let outside_notes = c.note.starts_with("link-") || c.note.starts_with("url-");
    let at = c
        .url
        .as_deref()
        .filter(|_| outside_notes)
        .and_then(|u| line.find(u))
        .or_else(|| line.find(|ch: char| !ch.is_whitespace()))
        .unwrap_or(0);
    line[..at].encode_utf16().count() + 1
}

/// A document path as a relative URI reference (`/` separators, percent-encoded), or a
/// `file:` URI for an absolute path, so that code scanning finds the file in the checkout.
pub fn uri(document: &str) -> String {
    let path = document.replace('\\', "/");
    // `C:/docs/a.md`: a Windows drive, absolute too.
    let drive = path.as_bytes().get(1) == Some(&b':') && path.as_bytes()[0].is_ascii_alphabetic();
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    } else if drive {
        out.push_str("file:///");
    }
    for (i, b) in path.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) || (drive && i == 1) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Stable across runs and line moves: the document, the note, and what it cites.
fn fingerprint(c: &Citation) -> String {
    let mut h = Sha256::new();
    for part in [
        c.document.as_str(),
        c.note.as_str(),
        c.url.as_deref().unwrap_or_default(),
        c.title.as_deref().unwrap_or_default(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The body of `## \`code\`` in docs/verdicts.md, trimmed.
pub fn section(code: VerdictCode) -> Option<&'static str> {
    let heading = format!("\n## `{}`\n", code.code());
    let start = VERDICTS_MD.find(&heading)? + heading.len();
    let body = &VERDICTS_MD[start..];
    let end = body.find("\n## ").unwrap_or(body.len());
    Some(body[..end].trim())
}

/// The first clause of a paragraph: up to the first `:`, `;`, `(` or sentence end.
fn short(paragraph: &str) -> String {
    let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = flat
        .char_indices()
        .find(|&(i, ch)| {
            matches!(ch, ':' | ';' | '(') || (ch == '.' && flat[i + 1..].starts_with(' '))
        })
        .map_or(flat.len(), |(i, _)| i);
    format!("{}.", flat[..end].trim_end().trim_end_matches(['.', ',']))
}

/// `title-mismatch` → `TitleMismatch`.
fn pascal(code: &str) -> String {
    code.split('-')
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// Lines as the extractors count them: split at `\n`, a `\r` before it dropped.
fn split_lines(text: String) -> Vec<String> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
        .collect()
}

fn strip_controls(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(text: &str) -> Citation {
        crate::extract::parse_one(text).remove(0)
    }

    #[test]
    fn every_rule_has_its_help_from_docs_verdicts_md() {
        for code in RULES {
            let help = section(code).unwrap_or_else(|| panic!("no section for {code}"));
            assert!(help.len() > 100, "{code}: {help}");
            assert!(!help.contains("\n## "), "{code}: one section only");
            let r = rule(code, &[VerdictCode::Dead]);
            let s = &r.short_description.text;
            assert!(s.len() < 80 && s.ends_with('.'), "{code}: {s}");
        }
        assert_eq!(
            short(section(VerdictCode::Dead).unwrap()),
            "The page is gone."
        );
        assert_eq!(
            short(section(VerdictCode::TitleMismatch).unwrap()),
            "Reachable, but the page is about something else."
        );
        assert_eq!(pascal("title-mismatch"), "TitleMismatch");
        assert_eq!(
            rule(VerdictCode::Dead, &[VerdictCode::Dead])
                .default_configuration
                .level,
            "error"
        );
        assert_eq!(
            rule(VerdictCode::Unverifiable, &[VerdictCode::Dead])
                .default_configuration
                .level,
            "warning"
        );
    }

    #[test]
    fn columns_count_utf16_units_from_the_label_or_a_body_links_url() {
        let mut c = cite("A, “T,” 2020, https://a.org/x");
        c.note = "3".into();
        assert_eq!(column("   3 A, “T,” 2020", &c), 4);
        assert_eq!(column("[^a]: A", &c), 1);
        assert_eq!(column("\u{c}  3 A", &c), 4, "a form feed is white space");
        c.note = "link-2".into();
        assert_eq!(
            column("See 😀 <https://a.org/x>", &c),
            9,
            "the emoji is two units"
        );
        assert_eq!(column("", &c), 1);
    }

    #[test]
    fn passwords_are_masked_and_controls_stripped() {
        use crate::report::schema::{Entries, RunFacts, Settings};
        let mut c = cite("“Secret\u{1b}[31m,” 2020, https://user:hunter2@a.org/x");
        c.note = "1".into();
        let verdict = crate::types::Verdict {
            verdict: VerdictCode::Dead,
            reason: "gone".into(),
            evidence: Default::default(),
        };
        let run = RunFacts {
            tool: "citecheck".into(),
            date: "2026-01-01".into(),
            documents: vec![c.document.clone()],
            settings: Settings {
                host_request_interval_ms: 0,
                host_concurrency: 1,
                max_concurrency: 1,
                timeout_ms: 1,
                max_retries: 0,
                cache: false,
                offline: false,
                fail_on: vec![VerdictCode::Dead],
            },
            network_unreachable: false,
            network_detail: None,
            incomplete: false,
            merge_problems: Vec::new(),
            shard: None,
            saved: Vec::new(),
        };
        let entry = Entry::new(c, None, None, verdict, None);
        let report = Report::new(run, Entries::Memory(vec![entry])).unwrap();
        let text = render(&report, |_| Some("x\n[^1]: y".into())).unwrap();
        assert!(
            !text.contains("hunter2") && text.contains("user:***@"),
            "{text}"
        );
        assert!(!text.contains("\\u001b"), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let result = &v["runs"][0]["results"][0];
        assert_eq!(result["level"], "error");
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
    }

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(uri("corpus/a b.md"), "corpus/a%20b.md");
        assert_eq!(uri("./docs\\n#1.md"), "docs/n%231.md");
        assert_eq!(uri("/home/u/é.md"), "file:///home/u/%C3%A9.md");
        assert_eq!(uri("C:\\docs\\a.md"), "file:///C:/docs/a.md");
    }
}
