//! `--sarif FILE`: the findings as SARIF 2.1.0, for GitHub code scanning.

use std::path::Path;

use anyhow::Context;

use citecheck::extract::{document, Format};
use citecheck::report;

/// Writes the SARIF log of `report` to `path`, reading each text document with a finding
/// once for the footnotes' columns.
pub fn write_sarif(path: &Path, report: &report::schema::Report) -> anyhow::Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    report::sarif::write(report, text_lines, std::io::BufWriter::new(file))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// A document's text when its lines are the file's lines; none for stdin, a file gone
/// since the check, or a PDF, Word or OpenDocument file (their lines are the extracted
/// text's, which code scanning cannot show).
fn text_lines(name: &str) -> Option<String> {
    if name == "-" {
        return None;
    }
    let path = Path::new(name);
    let doc = document::read(path).ok()?;
    match Format::detect(Some(path), &doc.text) {
        Format::Pdf | Format::Docx | Format::Odt => None,
        _ => Some(doc.text),
    }
}
