//! `citecheck fix`: a repaired copy of one document, from a new check or a report.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use citecheck::extract::Format;
use citecheck::fix::{self, Correction, Forms, Placed};
use citecheck::report::schema::{Entry, Report};

use super::args::FixArgs;
use super::documents::extract_documents;
use super::exit::Outcome;
use super::fetch;
use super::shared::{emit, Global};

/// What `fix` writes for a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repair {
    Markdown,
    Html,
    /// A list of corrections: the document itself cannot be edited safely.
    List,
}

/// Checks the document (or reads its verdicts from `--report`), then writes the repaired
/// copy or the list of corrections, and says what it did.
pub fn run(args: FixArgs, global: &Global) -> anyhow::Result<Outcome> {
    let doc = &args.document;
    if doc.as_os_str() == "-" {
        bail!("fix needs a file to repair, not stdin");
    }
    let bytes = std::fs::read(doc).with_context(|| format!("cannot read {}", doc.display()))?;
    let repair = repair_of(doc, &bytes, args.input.map(|i| i.format()));
    if args.in_place && repair == Repair::List {
        bail!(
            "{} cannot be edited in place (only Markdown and HTML can); without --in-place \
             the corrections are listed beside it",
            doc.display()
        );
    }
    let entries = match &args.report {
        Some(path) => from_report(path, doc)?,
        None => check(&args, global)?,
    };
    let corrections = fix::corrections(&entries);
    let config = global.config()?;
    let forms = Forms {
        archived: config
            .file
            .fix_archived_form
            .clone()
            .unwrap_or_else(|| Forms::default().archived),
        moved: config
            .file
            .fix_moved_form
            .clone()
            .unwrap_or_else(|| Forms::default().moved),
    };
    let text = || String::from_utf8_lossy(&bytes).into_owned();
    let placed = match repair {
        Repair::Markdown => fix::fix_markdown(&text(), &corrections, &forms),
        Repair::Html => fix::fix_html(&text(), &corrections),
        Repair::List => Placed {
            unplaced: corrections.clone(),
            ..Placed::default()
        },
    };
    let mut out = String::new();
    if repair != Repair::List {
        let target = target(&args, doc, repair)?;
        write_atomically(&target, placed.text.as_bytes())?;
        out.push_str(&format!("Wrote {}\n", target.display()));
    }
    if !placed.unplaced.is_empty() || repair == Repair::List {
        let md = list_path(&args, doc, repair);
        let csv = md.with_extension("csv");
        let name = doc.display().to_string();
        write_atomically(&md, fix::to_markdown(&name, &placed.unplaced).as_bytes())?;
        write_atomically(&csv, fix::to_csv(&placed.unplaced).as_bytes())?;
        out.push_str(&format!(
            "Corrections: {} and {}\n",
            md.display(),
            csv.display()
        ));
    }
    out.push_str(&summary(&placed));
    if !global.messages.quiet {
        emit(&out)?;
    }
    Ok(Outcome::Clean)
}

/// Markdown and HTML are edited; anything else gets a list.
fn repair_of(doc: &Path, bytes: &[u8], forced: Option<Format>) -> Repair {
    let format = forced.or_else(|| {
        std::str::from_utf8(bytes)
            .ok()
            .map(|text| Format::detect(Some(doc), text))
    });
    match format {
        Some(Format::Markdown) => Repair::Markdown,
        Some(Format::Html) => Repair::Html,
        _ => Repair::List,
    }
}

/// The entries of `doc` in a report: those whose document is `doc` as given, or has its
/// file name when no entry names it in full.
fn from_report(path: &Path, doc: &Path) -> anyhow::Result<Vec<Entry>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let report: Report = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a citecheck report", path.display()))?;
    let all = report.citations.into_vec()?;
    let full = doc.display().to_string();
    let name = doc.file_name().map(|n| n.to_string_lossy().into_owned());
    let exact: Vec<Entry> = all
        .iter()
        .filter(|e| e.citation.document == full)
        .cloned()
        .collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    let by_name: Vec<Entry> = all
        .into_iter()
        .filter(|e| {
            Path::new(&e.citation.document)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                == name
        })
        .collect();
    if by_name.is_empty() {
        bail!("{} holds no citation of {full}", path.display());
    }
    Ok(by_name)
}

/// A new check of the document, its archives asked; no report is written.
fn check(args: &FixArgs, global: &Global) -> anyhow::Result<Vec<Entry>> {
    let config = global.config()?;
    let paths = [args.document.clone()];
    let (documents, citations) = extract_documents(&config, &paths, args.input, global.messages)?;
    let report = fetch::check(
        &config,
        &args.fetch,
        citations,
        documents,
        None,
        global.messages,
        fetch::Extras::default(),
    )?;
    if report.run.incomplete {
        bail!("interrupted: the document was not repaired");
    }
    Ok(report.citations.into_vec()?)
}

/// Where the repaired copy goes: never over the document without `--in-place`.
fn target(args: &FixArgs, doc: &Path, repair: Repair) -> anyhow::Result<PathBuf> {
    if args.in_place {
        return Ok(doc.to_path_buf());
    }
    let path = match &args.output {
        Some(p) => p.clone(),
        None => beside(
            doc,
            if repair == Repair::Html {
                "fixed.html"
            } else {
                "fixed.md"
            },
        ),
    };
    if same_file(&path, doc) {
        bail!(
            "{} is the document itself; pass --in-place to overwrite it",
            path.display()
        );
    }
    Ok(path)
}

/// Where the list of corrections goes.
fn list_path(args: &FixArgs, doc: &Path, repair: Repair) -> PathBuf {
    match (&args.output, repair) {
        (Some(p), Repair::List) => p.clone(),
        _ => beside(doc, "corrections.md"),
    }
}

/// `dir/name.pdf` -> `dir/name.{suffix}`.
fn beside(doc: &Path, suffix: &str) -> PathBuf {
    let stem = doc.file_stem().map_or_else(
        || "document".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    doc.with_file_name(format!("{stem}.{suffix}"))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Writes through a temporary file in the same folder, so that a document being
/// repaired in place is never left half written.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// One line per correction, then the count.
fn summary(placed: &Placed) -> String {
    let mut s = String::new();
    let line = |c: &Correction, s: &mut String| {
        let place = c.page.map_or_else(
            || format!("note {}", c.note),
            |p| format!("p. {p} note {}", c.note),
        );
        let when = c
            .date
            .as_deref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        let archive = c
            .archive
            .as_deref()
            .map(|a| format!(", {a}"))
            .unwrap_or_default();
        s.push_str(&format!(
            "  {place}: {} -> {} ({}{archive}{when})\n",
            clean(&c.old_url),
            clean(&c.new_url),
            c.kind.code()
        ));
    };
    for c in &placed.placed {
        line(c, &mut s);
    }
    for c in &placed.unplaced {
        line(c, &mut s);
    }
    let n = placed.placed.len() + placed.unplaced.len();
    s.push_str(&match n {
        0 => "No correction: no cited page is gone with a checked copy elsewhere.\n".to_owned(),
        _ => format!(
            "{n} correction(s): {} written into the copy, {} listed\n",
            placed.placed.len(),
            placed.unplaced.len()
        ),
    });
    s
}

/// No control characters from a document or an archive reach the terminal.
fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}
