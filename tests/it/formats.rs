//! Documents as people have them, through the command line: formats recognised by
//! their bytes, stdin, `--input` on every command that reads documents, and a clear
//! message for every document that cannot be read or gives nothing.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{citecheck, fixture, stderr, stdout};

/// Runs citecheck in `dir` with `input` on stdin.
fn with_stdin(dir: &std::path::Path, args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn notes(out: &std::process::Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|c| c["note"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_pdf_without_its_extension_or_on_stdin_is_read_by_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(fixture("papers/en-endnotes/lo.pdf")).unwrap();
    std::fs::write(dir.path().join("download"), &pdf).unwrap();
    let want = ["1", "2", "3", "4", "5", "6", "7"];
    let out = citecheck(dir.path(), &["extract", "download"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(notes(&out), want);
    let out = with_stdin(dir.path(), &["extract", "-"], &pdf);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(notes(&out), want);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json[0]["document"], "-");
}

#[test]
fn input_overrides_detection_on_extract_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let md = "Body.[^a]\n\n[^a]: A, “Title,” 2020, https://a.org/x.\n";
    // As Markdown: one footnote labelled `a`; as plain text: one bare URL.
    let out = with_stdin(
        dir.path(),
        &["extract", "-", "--input", "markdown"],
        md.as_bytes(),
    );
    assert_eq!(notes(&out), ["a"]);
    let out = with_stdin(
        dir.path(),
        &["extract", "-", "--input", "plain"],
        md.as_bytes(),
    );
    assert_eq!(notes(&out), ["url-1"]);
    let out = with_stdin(
        dir.path(),
        &[
            "check",
            "-",
            "--input",
            "markdown",
            "--offline",
            "--report-dir",
            "out",
        ],
        md.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = std::fs::read_to_string(dir.path().join("out/report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["citations"][0]["note"], "a");
    assert_eq!(report["citations"][0]["title"], "Title");
}

#[test]
fn documents_that_cannot_be_read_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "docs/bad/encrypted.pdf",
            "encrypted PDF: it cannot be read without its password",
        ),
        (
            "docs/bad/truncated.docx",
            "not a readable Word file (damaged zip archive",
        ),
        // Made by docs/bad/make.py: pages that only draw an image.
        (
            "docs/bad/scanned.pdf",
            "no text layer (3 pages of images or drawings): run OCR first, e.g. ocrmypdf",
        ),
        // 80 MiB of content deflated to 80 KiB: refused before it is inflated whole.
        (
            "docs/bad/bomb.pdf",
            "too large to read: a page's content expands beyond 64 MiB (a PDF bomb?)",
        ),
    ];
    for (file, message) in cases {
        let path = fixture(file);
        for args in [&["extract"][..], &["check", "--offline"]] {
            let command = args[0];
            let mut args = args.to_vec();
            args.push(path.to_str().unwrap());
            let out = citecheck(dir.path(), &args);
            assert_eq!(out.status.code(), Some(2), "{command} {file}");
            assert!(
                stderr(&out).contains(message),
                "{command} {file}: {}",
                stderr(&out)
            );
        }
    }
    // Protected only against printing (an empty user password): read as usual.
    let out = citecheck(
        dir.path(),
        &[
            "extract",
            fixture("docs/bad/owner-only.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(notes(&out).len(), 7);
}

#[test]
fn a_document_with_no_citation_is_named_on_stderr_in_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nothing.md"),
        "# A paper\n\nNo sources at all.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("one.md"), "See https://a.org/x.\n").unwrap();
    let out = citecheck(
        dir.path(),
        &[
            "check",
            "nothing.md",
            "one.md",
            "--offline",
            "--report-dir",
            "out",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: nothing.md: no citations found (read as Markdown)"),
        "{err}"
    );
    assert!(!err.contains("one.md: no citations"), "{err}");
}

#[test]
fn html_documents_are_read_as_html_not_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let html = r##"<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>
<p>Claim.<a href="#fn1" class="footnote-ref"><sup>1</sup></a></p><pre>https://example.invalid/code</pre>
<section class="footnotes"><ol><li id="fn1">A, “Title,” May 1, 2020, <a href="https://a.org/x">https://a.org/x</a>.<a href="#fnref1" class="footnote-back">↩︎</a></li></ol></section>
</body></html>"##;
    std::fs::write(dir.path().join("article"), html).unwrap();
    let out = citecheck(dir.path(), &["extract", "article"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json[0]["note"], "1");
    assert_eq!(json[0]["url"], "https://a.org/x");
    assert_eq!(json[0]["title"], "Title");
    assert_eq!(json[0]["date"], "2020-05-01");
}
