//! OpenDocument text (`content.xml`): notes carry their printed label
//! (`text:note-citation`) and sit inside the paragraph that cites them.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::office::{attr, body_notes, entity, Error, Text};
use super::Note;

/// Notes and links of an ODT's `content.xml`.
pub(super) fn notes(xml: &str) -> Result<Vec<Note>, Error> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walker::default();
    loop {
        match reader
            .read_event()
            .map_err(|e| Error::Xml("OpenDocument", "content.xml", e.to_string()))?
        {
            Event::Start(e) | Event::Empty(e) => w.start(&e),
            Event::Text(t) => w.text(&t.xml10_content().unwrap_or_default()),
            Event::GeneralRef(r) => w.text(&entity(&r)),
            Event::End(e) => w.end(e.local_name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = w.notes;
    body_notes(&w.paragraphs, &mut out);
    Ok(out)
}

/// The state of a walk over `content.xml`.
#[derive(Default)]
struct Walker {
    paragraphs: Vec<String>,
    notes: Vec<Note>,
    /// The paragraph being read.
    para: Text,
    /// The note being read inside it: label, paragraphs, current paragraph.
    note: Option<(String, Vec<String>, Text)>,
    in_citation: bool,
    /// Item counters of the open lists, for numbered "Notes" sections.
    lists: Vec<u32>,
    item_number: Option<u32>,
}

impl Walker {
    /// Where text goes: the note being read, else the paragraph.
    fn target(&mut self) -> &mut Text {
        match self.note.as_mut() {
            Some((_, _, t)) => t,
            None => &mut self.para,
        }
    }

    fn start(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        match e.local_name().as_ref() {
            b"note" => self.note = Some((String::new(), Vec::new(), Text::default())),
            b"note-citation" => self.in_citation = true,
            b"a" => self.target().open_link(attr(e, b"href")),
            b"s" | b"tab" | b"line-break" => self.target().push(" "),
            b"list" => self.lists.push(0),
            b"list-item" => {
                if let Some(n) = self.lists.last_mut() {
                    *n += 1;
                    self.item_number = Some(*n);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        match self.note.as_mut() {
            Some((label, _, _)) if self.in_citation => label.push_str(t),
            _ => self.target().push(t),
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"note-citation" => self.in_citation = false,
            b"a" => self.target().close_link(),
            b"p" | b"h" => {
                let text = std::mem::take(self.target()).finish();
                match self.note.as_mut() {
                    Some((_, body, _)) => body.push(text),
                    None => match self.item_number.take() {
                        Some(n) => self.paragraphs.push(format!("{n}. {text}")),
                        None => self.paragraphs.push(text),
                    },
                }
            }
            b"note" => {
                if let Some((label, body, _)) = self.note.take() {
                    let text = body
                        .join(" ")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !text.is_empty() {
                        let label = label.trim().to_string();
                        self.notes.push(Note {
                            page: None,
                            label,
                            line: 1,
                            text,
                        });
                    }
                }
            }
            b"list" => {
                self.lists.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_inside_paragraphs_with_their_labels() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:xlink="x"><office:body><office:text>
<text:p>Body<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>A, “T,” 2020, <text:a xlink:href="https://a.org/x">https://a.org/x</text:a>.</text:p></text:note-body></text:note> more.</text:p>
<text:h>Notes</text:h><text:list><text:list-item><text:p>B, <text:a xlink:href="https://b.org/y">link</text:a></text:p></text:list-item></text:list>
</office:text></office:body></office:document-content>"#;
        let got: Vec<(String, String)> = notes(xml)
            .unwrap()
            .into_iter()
            .map(|n| (n.label, n.text))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1".into(), "A, “T,” 2020, https://a.org/x.".into()),
                ("1".into(), "B, link https://b.org/y".into()),
            ]
        );
    }
}
