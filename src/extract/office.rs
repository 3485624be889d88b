//! What Word (.docx) and OpenDocument (.odt) files share: a zip archive of XML parts,
//! paragraphs whose hyperlinks carry the URL, and notes typed as a numbered "Notes"
//! section in the body. `docx.rs` and `odt.rs` each read their own format's notes.

use std::io::{Cursor, Read};

use quick_xml::events::BytesStart;

use super::{endnotes, url, Note};

/// Why a DOCX or ODT could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The zip archive is damaged.
    #[error("not a readable {0} file (damaged zip archive: {1})")]
    Zip(&'static str, String),
    /// A part the format needs is missing.
    #[error("not a readable {0} file: {1} is missing")]
    Missing(&'static str, &'static str),
    /// A part is not well-formed XML.
    #[error("not a readable {0} file: {1} is not well-formed XML ({2})")]
    Xml(&'static str, &'static str, String),
    /// A part expands beyond what a document needs: a zip bomb.
    #[error("not a readable {0} file: {1} expands beyond {2} MiB")]
    TooLarge(&'static str, &'static str, u64),
}

/// Largest XML part read, uncompressed: far above any real document's text.
const MAX_PART: u64 = 256 << 20;

pub(super) type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// One part of the archive as text; `None` when it is absent.
pub(super) fn part(
    zip: &mut Zip<'_>,
    kind: &'static str,
    name: &'static str,
) -> Result<Option<String>, Error> {
    let Ok(file) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut buf = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::Zip(kind, e.to_string()))?;
    if buf.len() as u64 > MAX_PART {
        return Err(Error::TooLarge(kind, name, MAX_PART >> 20));
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

/// An attribute's unescaped value, by local name.
pub(super) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// An entity reference's text: `&amp;` gives `&`, `&#x2013;` gives `–`.
pub(super) fn entity(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.decode().unwrap_or_default();
    quick_xml::escape::resolve_predefined_entity(&name)
        .unwrap_or_default()
        .to_string()
}

/// Numbered "Notes" sections typed in the body, and the body's URLs before them.
pub(super) fn body_notes(paragraphs: &[String], out: &mut Vec<Note>) {
    let lines: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let (section, first) = endnotes::section_notes(&lines);
    let mut links = 0;
    for (i, p) in lines[..first.unwrap_or(lines.len())].iter().enumerate() {
        for r in url::find_urls(p) {
            links += 1;
            out.push(Note {
                page: None,
                label: format!("link-{links}"),
                line: i + 1,
                text: p[r].to_string(),
            });
        }
    }
    out.extend(section);
}

/// A paragraph's text as it is built, with the hyperlink being read.
#[derive(Debug, Default)]
pub(super) struct Text {
    out: String,
    link: Option<(String, usize)>,
}

impl Text {
    /// Appends text.
    pub(super) fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Starts a hyperlink to `target` (ignored unless it is an http(s) URL).
    pub(super) fn open_link(&mut self, target: Option<String>) {
        self.close_link();
        if let Some(t) = target.filter(|t| t.starts_with("http://") || t.starts_with("https://")) {
            self.link = Some((t, self.out.len()));
        }
    }

    /// Ends the hyperlink: its text stays, followed by the target, or the target
    /// replaces the text when the text is a URL itself.
    pub(super) fn close_link(&mut self) {
        let Some((target, start)) = self.link.take() else {
            return;
        };
        let shown = self.out.split_off(start);
        let trimmed = shown.trim();
        if !super::html::is_just_url(trimmed) && !trimmed.is_empty() {
            self.out.push_str(&shown);
            self.out.push(' ');
        }
        self.out.push_str(&target);
    }

    /// The finished text.
    pub(super) fn finish(mut self) -> String {
        self.close_link();
        self.out
    }
}
