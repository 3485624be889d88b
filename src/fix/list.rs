//! The corrections as a list, for documents that cannot be edited safely (PDF, Word,
//! text) and for what could not be placed in the others: Markdown for people, CSV for
//! a spreadsheet or a script.

use std::fmt::Write;

use super::Correction;
use crate::report::markdown::{escape, link};

/// The corrections of `document` as a Markdown table.
pub fn to_markdown(document: &str, corrections: &[Correction]) -> String {
    let mut s = format!("# Corrections for `{}`\n\n", document.replace('`', "'"));
    if corrections.is_empty() {
        s.push_str("No correction: no cited page is gone with a checked copy elsewhere.\n");
        return s;
    }
    s.push_str("| page | note | line | cited URL | use instead | kind | date | why |\n");
    s.push_str("|---:|---|---:|---|---|---|---|---|\n");
    for c in corrections {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            c.page.map(|p| p.to_string()).unwrap_or_default(),
            escape(&c.note),
            c.line,
            link(&c.old_url),
            link(&c.new_url),
            c.kind.code(),
            escape(c.date.as_deref().unwrap_or("")),
            escape(&c.why),
        );
    }
    s
}

/// The corrections as CSV (RFC 4180), with a header row.
pub fn to_csv(corrections: &[Correction]) -> String {
    let mut s = String::from("page,note,line,old_url,new_url,kind,date,archive,why\r\n");
    for c in corrections {
        let fields = [
            c.page.map(|p| p.to_string()).unwrap_or_default(),
            c.note.clone(),
            c.line.to_string(),
            c.old_url.clone(),
            c.new_url.clone(),
            c.kind.code().to_owned(),
            c.date.clone().unwrap_or_default(),
            c.archive.clone().unwrap_or_default(),
            c.why.clone(),
        ];
        let row: Vec<String> = fields.iter().map(|f| field(f)).collect();
        s.push_str(&row.join(","));
        s.push_str("\r\n");
    }
    s
}

/// One CSV field: quoted when it must be, and defused when a spreadsheet would run it
/// as a formula (a note or reason comes from the document or a page).
fn field(f: &str) -> String {
    let f: String = f
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    let f = if f.starts_with(['=', '+', '-', '@']) {
        format!("'{f}")
    } else {
        f
    };
    if f.contains([',', '"', '\n', '\'']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::CorrectionKind;

    fn correction(note: &str, why: &str) -> Correction {
        Correction {
            note: note.into(),
            page: Some(4),
            line: 12,
            old_url: "https://a.example/x".into(),
            new_url: "https://web.archive.org/web/2023/https://a.example/x".into(),
            kind: CorrectionKind::Archived,
            date: Some("2023-06-21".into()),
            archive: Some("Internet Archive".into()),
            why: why.into(),
        }
    }

    #[test]
    fn csv_quotes_and_defuses() {
        let csv = to_csv(&[correction("=HYPERLINK(\"x\")", "dead, \"gone\"")]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "page,note,line,old_url,new_url,kind,date,archive,why"
        );
        assert_eq!(
            lines[1],
            "4,\"'=HYPERLINK(\"\"x\"\")\",12,https://a.example/x,https://web.archive.org/web/2023/https://a.example/x,archived,2023-06-21,Internet Archive,\"dead, \"\"gone\"\"\""
        );
    }

    #[test]
    fn markdown_renders_one_row_per_correction_with_nothing_injected() {
        let md = to_markdown("paper.pdf", &[correction("1", "dead | <b>x</b> [y](z)")]);
        let html = {
            let mut out = String::new();
            let parser =
                pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES);
            pulldown_cmark::html::push_html(&mut out, parser);
            out
        };
        assert_eq!(html.matches("<tr>").count(), 2, "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("<a href=\"https://web.archive.org/web/2023/https://a.example/x\">"));
        assert!(to_markdown("x.pdf", &[]).contains("No correction"));
    }
}
