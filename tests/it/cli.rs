//! The command line as a user meets it: exit codes, messages, the JSON interface.

use serde_json::Value;

use crate::support::{citecheck, fixture, root, stderr, stdout};

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out)).expect("stdout is JSON")
}

#[test]
fn extract_defaults_to_the_corpus_of_citations_toml() {
    let out = citecheck(&root(), &["extract", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cites = json(&out);
    let cites = cites.as_array().unwrap();
    assert_eq!(cites.len(), 68);
    let first = &cites[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "document",
            "page",
            "note",
            "line",
            "raw",
            "url",
            "title",
            "authors",
            "container",
            "date",
            "accessed",
            "ibid"
        ]
    );
    assert_eq!(first["document"], "corpus/india-us-defense-2024.txt");
    assert_eq!(first["page"], 2);
    assert_eq!(first["note"], "1");
    assert_eq!(first["line"], 70);
    assert_eq!(
        first["url"],
        "https://www.state.gov/united-states-india-relations/"
    );
}

#[test]
fn cite_parses_one_footnote() {
    let text = "Jim Garamone, “Defense Part of Deepening Overall U.S.-India Relationship,” U.S. Department of Defense, June 22, 2023, https://www.defense.gov/News/News-Stories/Article/Article/3436525/defense-part-of-deepening-overall-us-india-relationship/.";
    let out = citecheck(&root(), &["cite", text, "--no-fetch", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let c = json(&out);
    assert_eq!(
        c["title"],
        "Defense Part of Deepening Overall U.S.-India Relationship"
    );
    assert_eq!(c["date"], "2023-06-22");
    assert_eq!(c["authors"], serde_json::json!(["Jim Garamone"]));
    assert_eq!(c["container"], "U.S. Department of Defense");
    assert_eq!(c["page"], Value::Null);
    assert_eq!(c["ibid"], false);
    assert!(stderr(&out).is_empty());
}

#[test]
fn markdown_output_escapes_document_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "[^x]: Eve, “A | [b](javascript:alert(1)) <script>,” 2020, https://e.org/a.\n",
    )
    .unwrap();
    let out = citecheck(dir.path(), &["extract", "a.md", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.contains("| 2020 | <https://e.org/a> |"), "{md}");
    assert!(
        !md.contains("<script>") && !md.contains("](javascript"),
        "{md}"
    );
}

#[test]
fn bad_inputs_are_clear_errors_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bin.dat"), b"\x7fELF\x02\x01\x01\0\0\0\0").unwrap();
    std::fs::write(dir.path().join("blob"), b"\x01\x02\0\0\x03").unwrap();
    std::fs::write(
        dir.path().join("old.doc"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    let cases = [
        ("missing.txt", "cannot read missing.txt"),
        ("folder", "folder is a directory"),
        ("bin.dat", "bin.dat is a program, not a document, which citecheck does not read; it reads PDF, Word (.docx)"),
        ("blob", "blob is binary data, which citecheck does not read"),
        ("old.doc", "old.doc is a legacy Word .doc file (save it as .docx)"),
    ];
    for (path, message) in cases {
        let out = citecheck(dir.path(), &["extract", path]);
        assert_eq!(out.status.code(), Some(2), "{path}");
        assert!(stderr(&out).contains(message), "{path}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{path}");
    }
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning_and_empty_files_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9 https://x.org/a\n").unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    let out = citecheck(dir.path(), &["extract", "latin1.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("warning: latin1.txt: not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(json(&out)[0]["url"], "https://x.org/a");
    let quiet = citecheck(dir.path(), &["-q", "extract", "latin1.txt"]);
    assert!(stderr(&quiet).is_empty());
    let out = citecheck(dir.path(), &["extract", "empty.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out), serde_json::json!([]));
    // Never a silent nothing: the empty result is named.
    assert!(
        stderr(&out).contains("warning: empty.txt: no citations found (read as plain text)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn config_problems_name_the_key_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        "corpus = [\"*.txt\"]\nreport_dri = \"out\"\n",
    )
    .unwrap();
    let out = citecheck(dir.path(), &["extract"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("citations.toml:2:1: unknown field `report_dri`"),
        "{}",
        stderr(&out)
    );

    std::fs::write(
        dir.path().join("citations.toml"),
        "corpus = [\"nothing/*.txt\"]\n",
    )
    .unwrap();
    let out = citecheck(dir.path(), &["extract"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("corpus pattern 'nothing/*.txt' matches no file"),
        "{}",
        stderr(&out)
    );

    let out = citecheck(dir.path(), &["--config", "other.toml", "extract"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read other.toml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_documents_at_all_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = citecheck(dir.path(), &["extract"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no documents to read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let out = citecheck(&root(), &["extract", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = citecheck(&root(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("extract"));
}

#[test]
fn check_writes_the_reports_to_the_report_dir() {
    let dir = tempfile::tempdir().unwrap();
    let doc = fixture("docs/english-endnotes.txt");
    let reports = dir.path().join("out");
    let out = citecheck(
        dir.path(),
        &[
            "check",
            doc.to_str().unwrap(),
            "--report-dir",
            reports.to_str().unwrap(),
            // Offline with an empty cache: no request leaves the machine.
            "--offline",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = crate::support::read_report(&reports);
    assert_eq!(report["schema"], "citecheck/report/v1");
    assert_eq!(report["citations"].as_array().unwrap().len(), 6);
    assert!(
        stdout(&out).contains("6 citations, 6 with a URL, 5 distinct URLs"),
        "{}",
        stdout(&out)
    );
    // Offline with an empty cache: nothing was fetched, nothing judged dead.
    for c in report["citations"].as_array().unwrap() {
        assert_eq!(c["verdict"], "skipped", "{c}");
        assert_eq!(c["fetch"]["attempts"], 0, "{c}");
    }
    assert!(reports.join("report.md").is_file());
}

#[test]
fn the_readme_and_the_shipped_config_are_valid_configs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut blocks = 0;
    for block in readme.split("```toml\n").skip(1) {
        let text = block.split("```").next().unwrap();
        citecheck::config::Config::parse(text, "README.md", root())
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        blocks += 1;
    }
    assert!(blocks >= 2, "README shows its config examples");
    let shipped = std::fs::read_to_string(root().join("citations.toml")).unwrap();
    let config = citecheck::config::Config::parse(&shipped, "citations.toml", root()).unwrap();
    assert_eq!(config.documents().unwrap().len(), 1);
}
