//! Writing a run's reports to its folder, and the part of them a terminal shows.

use std::path::{Path, PathBuf};

use anyhow::Context;

use citecheck::report;

use super::shared::strip_controls;

/// Writes `report.json`, `report.md` and `report.html` into `dir`, all streamed; returns
/// the summary and "Needs attention" sections of the Markdown, and the three paths.
pub fn write_reports(
    dir: &Path,
    report: &report::schema::Report,
) -> anyhow::Result<(String, [PathBuf; 3])> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create report folder {}", dir.display()))?;
    let json_path = dir.join("report.json");
    let md_path = dir.join("report.md");
    let html_path = dir.join("report.html");
    let json = |path: &Path| -> anyhow::Result<()> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        report
            .write_json(std::io::BufWriter::new(file))
            .with_context(|| format!("cannot write {}", path.display()))
    };
    let md = |path: &Path| -> anyhow::Result<String> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        report::human::write(report, std::io::BufWriter::new(file))
            .with_context(|| format!("cannot write {}", path.display()))
    };
    let html = |path: &Path| -> anyhow::Result<()> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        report::html::write(report, file)
            .with_context(|| format!("cannot write {}", path.display()))
    };
    // Each is a pass or two over every entry: side by side, a large run's reports take
    // the time of the longer one.
    let (json, head, html) = std::thread::scope(|s| {
        let json = s.spawn(|| json(&json_path));
        let html = s.spawn(|| html(&html_path));
        let head = md(&md_path);
        let json = json.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        let html = html.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (json, head, html)
    });
    json?;
    html?;
    let head = head?;
    Ok((head, [md_path, json_path, html_path]))
}

/// The report's summary and "Needs attention" sections, for the terminal (the full
/// tables are in report.md). The Markdown is already escaped; controls are stripped
/// once more because this goes to a terminal.
pub fn terminal_summary(markdown: &str) -> String {
    let start = markdown.find("## Summary").unwrap_or(0);
    let end = markdown.find("## All citations").unwrap_or(markdown.len());
    strip_controls(markdown.get(start..end).unwrap_or_default())
}
