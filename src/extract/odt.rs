//! OpenDocument text (`content.xml`): notes carry their printed label
//! (`text:note-citation`) and sit inside the paragraph that cites them.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::docx::{attr, body_notes, entity, Error, Text};
use super::Note;

/// Notes and links of an ODT's `content.xml`.
pub(super) fn notes(xml: &str) -> Result<Vec<Note>, Error> {
    let mut reader = Reader::from_str(xml);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut out = Vec::new();
    // The paragraph being read, and the note being read inside it.
    let mut para = Text::default();
    let mut note: Option<(String, Vec<String>, Text)> = None;
    let mut in_citation = false;
    // Item counters of the open lists, for numbered "Notes" sections.
    let mut lists: Vec<u32> = Vec::new();
    let mut item_number: Option<u32> = None;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| Error::Xml("OpenDocument", "content.xml", e.to_string()))?;
        if let (Event::Text(t), Some((label, _, _)), true) = (&ev, note.as_mut(), in_citation) {
            label.push_str(&t.xml10_content().unwrap_or_default());
            continue;
        }
        let target = match note.as_mut() {
            Some((_, _, t)) => t,
            None => &mut para,
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"note" => note = Some((String::new(), Vec::new(), Text::default())),
                b"note-citation" => in_citation = true,
                b"a" => target.open_link(attr(&e, b"href")),
                b"s" | b"tab" | b"line-break" => target.push(" "),
                b"list" => lists.push(0),
                b"list-item" => {
                    if let Some(n) = lists.last_mut() {
                        *n += 1;
                        item_number = Some(*n);
                    }
                }
                _ => {}
            },
            Event::Text(t) => target.push(&t.xml10_content().unwrap_or_default()),
            Event::GeneralRef(r) if !in_citation => target.push(&entity(&r)),
            Event::End(e) => match e.local_name().as_ref() {
                b"note-citation" => in_citation = false,
                b"a" => target.close_link(),
                b"p" | b"h" => {
                    let text = std::mem::take(target).finish();
                    match note.as_mut() {
                        Some((_, body, _)) => body.push(text),
                        None => {
                            let text = match item_number.take() {
                                Some(n) => format!("{n}. {text}"),
                                None => text,
                            };
                            paragraphs.push(text);
                        }
                    }
                }
                b"note" => {
                    if let Some((label, body, _)) = note.take() {
                        let text = body
                            .join(" ")
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        if !text.is_empty() {
                            out.push(Note {
                                page: None,
                                label: label.trim().to_string(),
                                line: 1,
                                text,
                            });
                        }
                    }
                }
                b"list" => {
                    lists.pop();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    body_notes(&paragraphs, &mut out);
    Ok(out)
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
