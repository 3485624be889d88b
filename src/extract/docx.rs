//! Word (.docx) and OpenDocument (.odt) documents: notes from their own XML, links
//! from the relationships, numbered "Notes" sections typed in the body.
//!
//! A DOCX keeps its footnotes and endnotes in `word/footnotes.xml` and
//! `word/endnotes.xml`, numbered in the order the body refers to them; an ODT keeps
//! each note inside the paragraph that cites it, with its printed label. A hyperlink's
//! target is the URL (its text may be shortened); URLs typed as text are read too.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{endnotes, odt, url, Format, Note};

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
pub(super) const MAX_PART: u64 = 256 << 20;

/// Notes and links of a DOCX or ODT (`format` says which).
pub fn notes(bytes: &[u8], format: Format) -> Result<Vec<Note>, Error> {
    let kind = if format == Format::Odt {
        "OpenDocument"
    } else {
        "Word"
    };
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::Zip(kind, e.to_string()))?;
    if format == Format::Odt {
        let content =
            part(&mut zip, kind, "content.xml")?.ok_or(Error::Missing(kind, "content.xml"))?;
        return odt::notes(&content);
    }
    let body = part(&mut zip, kind, "word/document.xml")?
        .ok_or(Error::Missing(kind, "word/document.xml"))?;
    let rels = |zip: &mut Zip, name| -> Result<HashMap<String, String>, Error> {
        Ok(part(zip, kind, name)?
            .map(|x| relationships(&x))
            .unwrap_or_default())
    };
    let body_rels = rels(&mut zip, "word/_rels/document.xml.rels")?;
    let foot_rels = rels(&mut zip, "word/_rels/footnotes.xml.rels")?;
    let end_rels = rels(&mut zip, "word/_rels/endnotes.xml.rels")?;
    let walked = walk(&body, &body_rels, "word/document.xml")?;
    let mut out = Vec::new();
    for (part_name, rels, refs) in [
        ("word/footnotes.xml", &foot_rels, &walked.footnote_refs),
        ("word/endnotes.xml", &end_rels, &walked.endnote_refs),
    ] {
        if let Some(xml) = part(&mut zip, kind, part_name)? {
            out.extend(note_part(&xml, rels, refs, part_name)?);
        }
    }
    body_notes(&walked.paragraphs, &mut out);
    Ok(out)
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// One part of the archive as text; `None` when it is absent.
fn part(
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

/// `Id -> Target` of the hyperlink relationships.
fn relationships(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let (id, target, kind) = (attr(&e, b"Id"), attr(&e, b"Target"), attr(&e, b"Type"));
                if let (Some(id), Some(target)) = (id, target) {
                    if kind.is_some_and(|k| k.ends_with("/hyperlink")) {
                        out.insert(id, target);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
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

/// What a walk over a part of WordprocessingML gives.
#[derive(Debug, Default)]
struct Walked {
    /// Each paragraph's text, list numbers written out (`3. `).
    paragraphs: Vec<String>,
    /// The notes (by `w:id`) of each paragraph that defines one (in a notes part).
    note_ids: Vec<Option<String>>,
    /// Footnote ids in the order the text refers to them.
    footnote_refs: Vec<String>,
    /// Endnote ids in the order the text refers to them.
    endnote_refs: Vec<String>,
}

/// Walks WordprocessingML: paragraphs, runs, hyperlinks (by relationship or by a
/// `HYPERLINK` field), note references, list numbering.
fn walk(xml: &str, rels: &HashMap<String, String>, name: &'static str) -> Result<Walked, Error> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walked::default();
    let mut para = Text::default();
    let mut in_text = false;
    let mut note_id: Option<String> = None;
    let mut lists: HashMap<(String, String), u32> = HashMap::new();
    let mut num: (Option<String>, Option<String>) = (None, None);
    let mut field_url: Option<String> = None;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| Error::Xml("Word", name, e.to_string()))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"footnote" | b"endnote" => note_id = attr(&e, b"id"),
                b"t" | b"delText" => in_text = true,
                b"tab" | b"br" | b"cr" => para.push(" "),
                b"hyperlink" => {
                    para.open_link(attr(&e, b"id").and_then(|id| rels.get(&id).cloned()))
                }
                b"footnoteReference" => w.footnote_refs.extend(attr(&e, b"id")),
                b"endnoteReference" => w.endnote_refs.extend(attr(&e, b"id")),
                b"numId" => num.0 = attr(&e, b"val"),
                b"ilvl" => num.1 = attr(&e, b"val"),
                b"instrText" => in_text = false,
                b"fldChar" => match attr(&e, b"fldCharType").as_deref() {
                    Some("separate") => para.open_link(field_url.take()),
                    Some("end") => para.close_link(),
                    _ => {}
                },
                _ => {}
            },
            Event::Text(t) if in_text => para.push(&t.xml10_content().unwrap_or_default()),
            Event::Text(t) => {
                // Field instructions: `HYPERLINK "https://..."`.
                let t = t.xml10_content().unwrap_or_default();
                if let Some(rest) = t.trim_start().strip_prefix("HYPERLINK") {
                    field_url = rest.split('"').nth(1).map(str::to_string);
                }
            }
            Event::GeneralRef(r) if in_text => para.push(&entity(&r)),
            Event::End(e) => match e.local_name().as_ref() {
                b"t" | b"delText" => in_text = false,
                b"hyperlink" => para.close_link(),
                b"p" => {
                    let mut text = std::mem::take(&mut para).finish();
                    if let (Some(id), Some(level)) = num.clone() {
                        if id != "0" {
                            let n = lists.entry((id, level)).or_insert(0);
                            *n += 1;
                            text = format!("{n}. {text}");
                        }
                    }
                    num = (None, None);
                    w.paragraphs.push(text);
                    w.note_ids.push(note_id.clone());
                }
                b"footnote" | b"endnote" => note_id = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(w)
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

/// The notes of `word/footnotes.xml` or `word/endnotes.xml`, numbered in the order
/// of their references (the separators, ids -1 and 0, are never referred to).
fn note_part(
    xml: &str,
    rels: &HashMap<String, String>,
    refs: &[String],
    name: &'static str,
) -> Result<Vec<Note>, Error> {
    let walked = walk(xml, rels, name)?;
    let mut texts: HashMap<&str, Vec<&str>> = HashMap::new();
    for (p, id) in walked.paragraphs.iter().zip(&walked.note_ids) {
        if let Some(id) = id {
            texts.entry(id.as_str()).or_default().push(p.trim());
        }
    }
    let mut out = Vec::new();
    for (i, id) in refs.iter().enumerate() {
        let Some(body) = texts.get(id.as_str()) else {
            continue;
        };
        let text = body
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !text.is_empty() {
            out.push(Note {
                page: None,
                label: (i + 1).to_string(),
                line: 1,
                text,
            });
        }
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_text_and_target() {
        let rels = HashMap::from([("r1".to_string(), "https://a.org/x".to_string())]);
        let xml = r#"<w:document xmlns:w="w" xmlns:r="r"><w:body>
<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:hyperlink r:id="r1"><w:r><w:t>the report</w:t></w:r></w:hyperlink><w:r><w:t> &amp; https://b.org/y.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>
<w:p><w:r><w:instrText> HYPERLINK "https://c.org/z" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>https://c.org/…</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
</w:body></w:document>"#;
        let w = walk(xml, &rels, "test").unwrap();
        assert_eq!(
            w.paragraphs,
            vec![
                "See the report https://a.org/x & https://b.org/y.",
                "https://c.org/z"
            ]
        );
        assert_eq!(w.footnote_refs, vec!["2"]);
    }

    #[test]
    fn corrupt_zip_is_a_clear_error() {
        let err = notes(b"PK\x03\x04 not really", Format::Docx).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("not a readable Word file (damaged zip"),
            "{err}"
        );
    }
}
