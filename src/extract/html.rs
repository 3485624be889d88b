//! HTML articles: footnote sections and lists, and the links of the body.
//!
//! Notes are the items of the lists that publishing tools give them: pandoc's
//! `section.footnotes`, Wikipedia's `ol.references`, WordPress's footnotes block and
//! plugins, `[role=doc-endnotes]`, `<aside>` notes, and any list under a heading such
//! as "Notes" or "注释". A link's `href` is the URL (the printed text may be shortened);
//! the note's text gives title and date. Links and bare URLs of the body outside the
//! notes are citations of their own; `<pre>`, `<code>`, scripts and attributes such as
//! `xmlns` never are.

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

use super::endnotes::is_notes_heading;
use super::{url, Note};

/// Containers whose list items are notes.
static NOTE_LISTS: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        "section.footnotes, div.footnotes, aside.footnotes, [role=doc-endnotes], \
         ol.references, ol.wp-block-footnotes, ol.easy-footnotes-wrapper, \
         div.easy-footnotes-wrapper, ol.footnotes, div.footnotes-list, ol.endnotes, \
         section.endnotes, div.endnotes",
    )
});

/// Notes that stand alone rather than in a list.
static ASIDE_NOTES: LazyLock<Selector> =
    LazyLock::new(|| selector("aside, [role=doc-footnote], span.sidenote, span.marginnote"));

static HEADINGS: LazyLock<Selector> = LazyLock::new(|| selector("h1, h2, h3, h4, h5, h6"));
static ITEMS: LazyLock<Selector> = LazyLock::new(|| selector("li"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));

fn selector(css: &str) -> Selector {
    // The selectors above are constants, tested below: parsing them cannot fail.
    Selector::parse(css).unwrap_or_else(|_| Selector::parse("x-never").expect("a valid selector"))
}

/// Elements whose text is never cited.
const SKIPPED: &[&str] = &[
    "pre", "code", "kbd", "samp", "script", "style", "template", "noscript", "head",
];

/// Notes and links of an HTML document, in document order: notes first as they are
/// numbered, then the body's links.
pub fn notes(text: &str) -> Vec<Note> {
    let doc = Html::parse_document(text);
    let mut taken: HashSet<ego_tree::NodeId> = HashSet::new();
    let mut out = Vec::new();
    for list in note_lists(&doc) {
        if taken.contains(&list.id()) || list.ancestors().any(|a| taken.contains(&a.id())) {
            continue;
        }
        taken.insert(list.id());
        let start = list_start(list);
        for (i, item) in list.select(&ITEMS).enumerate() {
            let label = item
                .value()
                .attr("value")
                .map(str::to_string)
                .unwrap_or_else(|| (start + i).to_string());
            push_note(&mut out, text, label, *item);
        }
    }
    for aside in doc.select(&ASIDE_NOTES) {
        if aside.ancestors().any(|a| taken.contains(&a.id())) || taken.contains(&aside.id()) {
            continue;
        }
        taken.insert(aside.id());
        let label = format!("aside-{}", out.len() + 1);
        push_note(&mut out, text, label, *aside);
    }
    body_links(&doc, &taken, text, &mut out);
    out
}

/// The note lists: known containers, then ordered lists right after a notes heading.
fn note_lists(doc: &Html) -> Vec<ElementRef<'_>> {
    let mut lists: Vec<ElementRef<'_>> = doc.select(&NOTE_LISTS).collect();
    for heading in doc.select(&HEADINGS) {
        if !is_notes_heading(&heading.text().collect::<String>()) {
            continue;
        }
        let next = heading
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .take_while(|e| !HEADINGS.matches(e))
            .find(|e| matches!(e.value().name(), "ol" | "ul" | "div" | "section"));
        if let Some(list) = next {
            lists.push(list);
        }
    }
    lists
}

/// The number of a list's first item (`<ol start="5">`).
fn list_start(list: ElementRef<'_>) -> usize {
    let ol = if list.value().name() == "ol" {
        Some(list)
    } else {
        list.descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "ol")
    };
    ol.and_then(|o| o.value().attr("start"))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1)
}

fn push_note(out: &mut Vec<Note>, source: &str, label: String, node: NodeRef<'_, Node>) {
    let mut text = String::new();
    collect(node, &mut text);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return;
    }
    let id = ElementRef::wrap(node).and_then(|e| e.value().id());
    out.push(Note {
        page: None,
        label,
        line: line_of(source, id, &text),
        text,
    });
}

/// The text of a note, each link's `href` standing in for (or after) its text.
fn collect(node: NodeRef<'_, Node>, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) || is_backlink(e) {
                    continue;
                }
                if name == "br" || name == "p" || name == "div" {
                    out.push(' ');
                }
                match e.attr("href").and_then(web_href) {
                    Some(href) if name == "a" => {
                        let mut shown = String::new();
                        collect(child, &mut shown);
                        push_link(out, shown.trim(), href);
                    }
                    _ => collect(child, out),
                }
            }
            _ => {}
        }
    }
}

/// A link in a note: the href alone when the text is a URL (perhaps shortened), else
/// the text followed by the href.
fn push_link(out: &mut String, shown: &str, href: &str) {
    if !is_just_url(shown) && !shown.is_empty() {
        out.push_str(shown);
        out.push(' ');
    }
    out.push_str(href);
}

/// True when a link's text is a URL, perhaps shortened (`https://a.org/…`) or
/// punctuated, or a `doi:`: the href then stands for it.
pub(super) fn is_just_url(shown: &str) -> bool {
    if shown.starts_with("doi:") {
        return true;
    }
    url::find_urls(shown).first().is_some_and(|r| {
        !shown[..r.start]
            .chars()
            .chain(shown[r.end..].chars())
            .any(char::is_alphanumeric)
    })
}

/// Links back from a note to its anchor: pandoc's `↩︎`, Wikipedia's `^`.
fn is_backlink(e: &scraper::node::Element) -> bool {
    e.attr("role") == Some("doc-backlink")
        || e.has_class(
            "footnote-back",
            scraper::CaseSensitivity::AsciiCaseInsensitive,
        )
        || e.has_class(
            "mw-cite-backlink",
            scraper::CaseSensitivity::AsciiCaseInsensitive,
        )
        || e.has_class(
            "footnote-backref",
            scraper::CaseSensitivity::AsciiCaseInsensitive,
        )
        || e.attr("href")
            .is_some_and(|h| h.starts_with("#fnref") || h.starts_with("#cite_ref"))
}

/// An absolute http(s) URL, trimmed; other links (anchors, `mailto:`) are not cited.
fn web_href(href: &str) -> Option<&str> {
    let h = href.trim();
    let scheme = h.get(..8).map(str::to_ascii_lowercase)?;
    (scheme.starts_with("http://") || scheme == "https://").then_some(h)
}

/// Links and bare URLs of the body outside the notes, each once.
fn body_links(doc: &Html, taken: &HashSet<ego_tree::NodeId>, source: &str, out: &mut Vec<Note>) {
    let Some(body) = doc.select(&BODY).next() else {
        return;
    };
    let mut found = Vec::new();
    walk_body(*body, taken, &mut found);
    for (i, u) in found.into_iter().enumerate() {
        out.push(Note {
            page: None,
            label: format!("link-{}", i + 1),
            line: line_of(source, None, &u),
            text: u,
        });
    }
}

fn walk_body(node: NodeRef<'_, Node>, taken: &HashSet<ego_tree::NodeId>, found: &mut Vec<String>) {
    for child in node.children() {
        if taken.contains(&child.id()) {
            continue;
        }
        match child.value() {
            Node::Text(t) => {
                for r in url::find_urls(t) {
                    found.push(t[r].to_string());
                }
            }
            Node::Element(e) if SKIPPED.contains(&e.name()) => {}
            Node::Element(e) => match e.attr("href").and_then(web_href) {
                // The link's own text is not looked at again: one citation per link.
                Some(href) if e.name() == "a" => found.push(href.to_string()),
                _ => walk_body(child, taken, found),
            },
            _ => {}
        }
    }
}

/// The 1-based source line of a note: where its `id` or its first URL appears.
fn line_of(source: &str, id: Option<&str>, text: &str) -> usize {
    let at = id
        .and_then(|id| source.find(&format!("id=\"{id}\"")))
        .or_else(|| {
            let first = url::find_urls(text).into_iter().next()?;
            source.find(&text[first])
        });
    at.map_or(1, |p| {
        1 + memchr::memchr_iter(b'\n', &source.as_bytes()[..p]).count()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn got(html: &str) -> Vec<(String, String)> {
        notes(html).into_iter().map(|n| (n.label, n.text)).collect()
    }

    #[test]
    fn selectors_parse() {
        for css in [&NOTE_LISTS, &ASIDE_NOTES, &HEADINGS, &ITEMS, &BODY] {
            assert!(!css.matches(&Html::parse_fragment("<x-never>").root_element()));
        }
        assert!(Selector::parse("section.footnotes, [role=doc-endnotes]").is_ok());
    }

    #[test]
    fn pandoc_footnotes_with_backlinks() {
        let html = r##"<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Text<a href="#fn1" class="footnote-ref"><sup>1</sup></a>.</p>
<section class="footnotes" role="doc-endnotes"><hr /><ol>
<li id="fn1"><p>A. Author, “A Title,” Site, May 1, 2020, <a href="https://a.org/x" class="uri">https://a.org/x</a>.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Ibid.<a href="#fnref2" class="footnote-back">↩︎</a></p></li></ol></section></body></html>"##;
        assert_eq!(
            got(html),
            vec![
                (
                    "1".into(),
                    "A. Author, “A Title,” Site, May 1, 2020, https://a.org/x.".into()
                ),
                ("2".into(), "Ibid.".into()),
            ]
        );
    }

    #[test]
    fn wikipedia_references_and_headed_lists() {
        let html = r##"<body><ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink"><a href="#cite_ref-1">^</a></span> <cite>Smith, J. (2020). <a href="https://b.org/y">"Birds"</a>. <i>Nature</i>.</cite></li></ol>
<h2>Notes</h2><ol start="4"><li>C, <a href="https://c.org/z">https://c.org/…</a></li></ol></body>"##;
        assert_eq!(
            got(html),
            vec![
                (
                    "1".into(),
                    "Smith, J. (2020). \"Birds\" https://b.org/y. Nature.".into()
                ),
                ("4".into(), "C, https://c.org/z".into()),
            ]
        );
    }

    #[test]
    fn body_links_once_never_code_or_namespaces() {
        let html = r#"<html xmlns="http://www.w3.org/1999/xhtml"><head><link href="https://cdn.example/x.css"></head><body>
<p>See <a href="https://a.org/x">https://a.org/x</a> and https://b.org/y.</p>
<pre>curl https://example.invalid/</pre><p><code>https://c.invalid/</code></p></body></html>"#;
        assert_eq!(
            got(html),
            vec![
                ("link-1".into(), "https://a.org/x".into()),
                ("link-2".into(), "https://b.org/y".into()),
            ]
        );
    }
}
