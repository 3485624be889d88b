//! Word (.docx) and OpenDocument (.odt) documents: notes from their own XML, links
//! from the relationships, numbered "Notes" sections typed in the body.
//!
//! A DOCX keeps its footnotes and endnotes in `word/footnotes.xml` and
//! `word/endnotes.xml`, numbered in the order the body refers to them; an ODT keeps
//! each note inside the paragraph that cites it, with its printed label. A hyperlink's
//! target is the URL (its text may be shortened); URLs typed as text are read too.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

pub use super::office::Error;
use super::office::{attr, body_notes, entity, part, Text, Zip};
use super::{odt, Format, Note};

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
    let settings = part(&mut zip, kind, "word/settings.xml")?.unwrap_or_default();
    let mut out = Vec::new();
    for (part_name, rels, refs, style) in [
        (
            "word/footnotes.xml",
            &foot_rels,
            &walked.footnote_refs,
            number_format(&settings, b"footnotePr", "decimal"),
        ),
        (
            "word/endnotes.xml",
            &end_rels,
            &walked.endnote_refs,
            number_format(&settings, b"endnotePr", "lowerRoman"),
        ),
    ] {
        if let Some(xml) = part(&mut zip, kind, part_name)? {
            out.extend(note_part(&xml, rels, refs, part_name, &style)?);
        }
    }
    body_notes(&walked.paragraphs, &mut out);
    Ok(out)
}

/// The number format of footnotes or endnotes (`w:footnotePr` / `w:endnotePr` in
/// `word/settings.xml`), or Word's default: decimal footnotes, lower-roman endnotes.
fn number_format(settings: &str, which: &[u8], default: &str) -> String {
    let mut reader = Reader::from_str(settings);
    let mut inside = false;
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) if e.local_name().as_ref() == which => inside = true,
            Event::End(e) if e.local_name().as_ref() == which => inside = false,
            Event::Start(e) | Event::Empty(e) if inside && e.local_name().as_ref() == b"numFmt" => {
                if let Some(v) = attr(&e, b"val") {
                    return v;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    default.to_string()
}

/// Note number `n` as Word prints it in `format`.
fn label(n: usize, format: &str) -> String {
    match format {
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "lowerLetter" | "upperLetter" => {
            // a..z, then aa..zz, as Word counts.
            let letter = char::from(b'a' + ((n - 1) % 26) as u8);
            let s = letter.to_string().repeat((n - 1) / 26 + 1);
            if format == "upperLetter" {
                s.to_uppercase()
            } else {
                s
            }
        }
        _ => n.to_string(),
    }
}

fn roman(mut n: usize) -> String {
    const DIGITS: &[(usize, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
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
    let mut w = Walker {
        rels,
        out: Walked::default(),
        para: Text::default(),
        in_text: false,
        note_id: None,
        lists: HashMap::new(),
        num: (None, None),
        field_url: None,
    };
    loop {
        match reader
            .read_event()
            .map_err(|e| Error::Xml("Word", name, e.to_string()))?
        {
            Event::Start(e) | Event::Empty(e) => w.start(&e),
            Event::Text(t) => w.text(&t.xml10_content().unwrap_or_default()),
            Event::GeneralRef(r) if w.in_text => w.para.push(&entity(&r)),
            Event::End(e) => w.end(e.local_name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(w.out)
}

/// The state of a walk over WordprocessingML.
struct Walker<'a> {
    rels: &'a HashMap<String, String>,
    out: Walked,
    para: Text,
    /// Inside `w:t`: text that is shown.
    in_text: bool,
    /// The note being read, in a notes part.
    note_id: Option<String>,
    /// Items numbered so far per list and level.
    lists: HashMap<(String, String), u32>,
    /// The paragraph's list and level.
    num: (Option<String>, Option<String>),
    /// The target of a `HYPERLINK` field whose result comes next.
    field_url: Option<String>,
}

impl Walker<'_> {
    fn start(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            b"footnote" | b"endnote" => self.note_id = attr(e, b"id"),
            b"t" | b"delText" => self.in_text = true,
            b"tab" | b"br" | b"cr" => self.para.push(" "),
            b"hyperlink" => self
                .para
                .open_link(attr(e, b"id").and_then(|id| self.rels.get(&id).cloned())),
            b"footnoteReference" => self.out.footnote_refs.extend(attr(e, b"id")),
            b"endnoteReference" => self.out.endnote_refs.extend(attr(e, b"id")),
            b"numId" => self.num.0 = attr(e, b"val"),
            b"ilvl" => self.num.1 = attr(e, b"val"),
            b"instrText" => self.in_text = false,
            b"fldChar" => match attr(e, b"fldCharType").as_deref() {
                Some("separate") => self.para.open_link(self.field_url.take()),
                Some("end") => self.para.close_link(),
                _ => {}
            },
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if self.in_text {
            self.para.push(t);
        } else if let Some(rest) = t.trim_start().strip_prefix("HYPERLINK") {
            // A field instruction: `HYPERLINK "https://..."`.
            self.field_url = rest.split('"').nth(1).map(str::to_string);
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"t" | b"delText" => self.in_text = false,
            b"hyperlink" => self.para.close_link(),
            b"p" => {
                let mut text = std::mem::take(&mut self.para).finish();
                if let (Some(id), Some(level)) = std::mem::take(&mut self.num) {
                    if id != "0" {
                        let n = self.lists.entry((id, level)).or_insert(0);
                        *n += 1;
                        text = format!("{n}. {text}");
                    }
                }
                self.out.paragraphs.push(text);
                self.out.note_ids.push(self.note_id.clone());
            }
            b"footnote" | b"endnote" => self.note_id = None,
            _ => {}
        }
    }
}

/// The notes of `word/footnotes.xml` or `word/endnotes.xml`, numbered in the order
/// of their references (the separators, ids -1 and 0, are never referred to).
fn note_part(
    xml: &str,
    rels: &HashMap<String, String>,
    refs: &[String],
    name: &'static str,
    format: &str,
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
                label: label(i + 1, format),
                line: 1,
                text,
            });
        }
    }
    Ok(out)
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

    /// A DOCX of the given parts, stored uncompressed.
    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, body) in parts {
            zip.start_file(*name, stored).unwrap();
            std::io::Write::write_all(&mut zip, body.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const RELS: &str = r#"<Relationships><Relationship Id="rL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://e.org/end" TargetMode="External"/></Relationships>"#;

    #[test]
    fn footnotes_and_endnotes_numbered_by_reference_order() {
        let body = r#"<w:document><w:body><w:p><w:r><w:t>A</w:t></w:r><w:r><w:endnoteReference w:id="7"/></w:r><w:r><w:footnoteReference w:id="3"/></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p></w:body></w:document>"#;
        let foot = r#"<w:footnotes><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:t>Second, https://b.org/2</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="3"><w:p><w:r><w:t>First, https://a.org/1</w:t></w:r></w:p><w:p><w:r><w:t>more.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let end = r#"<w:endnotes><w:endnote w:id="7"><w:p><w:hyperlink r:id="rL"><w:r><w:t>End note</w:t></w:r></w:hyperlink></w:p></w:endnote></w:endnotes>"#;
        let bytes = docx(&[
            ("word/document.xml", body),
            ("word/footnotes.xml", foot),
            ("word/endnotes.xml", end),
            ("word/_rels/endnotes.xml.rels", RELS),
        ]);
        let got: Vec<(String, String)> = notes(&bytes, Format::Docx)
            .unwrap()
            .into_iter()
            .map(|n| (n.label, n.text))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1".into(), "First, https://a.org/1 more.".into()),
                ("2".into(), "Second, https://b.org/2".into()),
                ("i".into(), "End note https://e.org/end".into()),
            ]
        );
    }

    #[test]
    fn a_docx_without_notes_still_gives_its_urls() {
        let body = r#"<w:document><w:body><w:p><w:r><w:t>See https://a.org/x and </w:t></w:r><w:hyperlink r:id="rL"><w:r><w:t>this</w:t></w:r></w:hyperlink></w:p></w:body></w:document>"#;
        let bytes = docx(&[
            ("word/document.xml", body),
            ("word/_rels/document.xml.rels", RELS),
        ]);
        let got: Vec<(String, String)> = notes(&bytes, Format::Docx)
            .unwrap()
            .into_iter()
            .map(|n| (n.label, n.text))
            .collect();
        assert_eq!(
            got,
            vec![
                ("link-1".into(), "https://a.org/x".into()),
                ("link-2".into(), "https://e.org/end".into()),
            ]
        );
        let missing = docx(&[("word/other.xml", "<x/>")]);
        let err = notes(&missing, Format::Docx).unwrap_err().to_string();
        assert_eq!(
            err,
            "not a readable Word file: word/document.xml is missing"
        );
    }

    #[test]
    fn note_numbers_as_word_prints_them() {
        assert_eq!(label(4, "lowerRoman"), "iv");
        assert_eq!(label(1994, "upperRoman"), "MCMXCIV");
        assert_eq!(label(28, "lowerLetter"), "bb");
        assert_eq!(label(7, "decimal"), "7");
        let settings = r#"<w:settings><w:footnotePr><w:numFmt w:val="upperLetter"/></w:footnotePr></w:settings>"#;
        assert_eq!(
            number_format(settings, b"footnotePr", "decimal"),
            "upperLetter"
        );
        assert_eq!(
            number_format(settings, b"endnotePr", "lowerRoman"),
            "lowerRoman"
        );
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
