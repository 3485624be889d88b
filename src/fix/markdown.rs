//! Markdown: the copy's link goes right after the cited link (after the whole
//! `[text](url)`, `<url>` or `[text][ref]`, or after a bare URL), never inside code.
//!
//! Places are found with pulldown-cmark's source offsets, so that what the repaired
//! document renders is what was meant: a URL in a code span stays as it is, and a
//! reference definition (`[1]: url`, where an addition would become its title) is
//! repaired where the reference is used.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{by_url, Correction, CorrectionKind, Placed};

/// How an addition reads; `{url}`, `{date}` and `{archive}` are filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forms {
    /// For an archived copy.
    pub archived: String,
    /// For a page that moved (a known move or a permanent redirect).
    pub moved: String,
}

impl Default for Forms {
    fn default() -> Forms {
        Forms {
            archived: " ([archived]({url}) {date})".to_owned(),
            moved: " ([moved]({url}))".to_owned(),
        }
    }
}

/// Adds each correction's link after every place its URL is cited in `text`.
pub fn fix_markdown(text: &str, corrections: &[Correction], forms: &Forms) -> Placed {
    let map = Map::of(text);
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut out = Placed::default();
    for c in by_url(corrections) {
        let addition = render(c, forms);
        let places: Vec<usize> = map
            .places(text, &c.old_url)
            .into_iter()
            // Run twice, a document is repaired once.
            .filter(|&at| !text[at..].starts_with(&addition))
            .collect();
        let already = !map.places(text, &c.old_url).is_empty() && places.is_empty();
        if places.is_empty() && !already {
            out.unplaced.push(c.clone());
            continue;
        }
        inserts.extend(places.into_iter().map(|at| (at, addition.clone())));
        out.placed.push(c.clone());
    }
    // From the end, so that earlier offsets stay valid.
    inserts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    let mut fixed = text.to_owned();
    for (at, addition) in inserts {
        fixed.insert_str(at, &addition);
    }
    out.text = fixed;
    out
}

/// The addition for `c`, its URL made safe for a link destination.
fn render(c: &Correction, forms: &Forms) -> String {
    let form = match c.kind {
        CorrectionKind::Archived => &forms.archived,
        CorrectionKind::Moved | CorrectionKind::Redirected => &forms.moved,
    };
    form.replace("{url}", &destination(&c.new_url))
        .replace("{date}", c.date.as_deref().unwrap_or(""))
        .replace(
            "{archive}",
            &crate::report::markdown::escape(c.archive.as_deref().unwrap_or("")),
        )
        .replace(" )", ")")
}

/// A URL as a link destination: the characters that would end it or start markup
/// percent-encoded (an archive's URL is not trusted to be tidy).
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '\\' => out.push_str("%5C"),
            '`' => out.push_str("%60"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Where links are and where nothing may be added, from the parser's offsets.
struct Map {
    /// Links: their destination and the source range of the whole link.
    links: Vec<(String, Range<usize>)>,
    /// Code, HTML and link ranges: a bare URL inside them is not a place.
    closed: Vec<Range<usize>>,
}

impl Map {
    fn of(text: &str) -> Map {
        let mut links = Vec::new();
        let mut closed = Vec::new();
        let options = Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES;
        let mut open: Vec<(String, usize)> = Vec::new();
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    open.push((dest_url.into_string(), range.start));
                }
                Event::End(TagEnd::Link) => {
                    if let Some((dest, _)) = open.pop() {
                        closed.push(range.clone());
                        links.push((dest, range));
                    }
                }
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                | Event::Code(_)
                | Event::Html(_)
                | Event::InlineHtml(_) => closed.push(range),
                _ => {}
            }
        }
        Map { links, closed }
    }

    /// The offsets after which an addition for `url` goes.
    fn places(&self, text: &str, url: &str) -> Vec<usize> {
        let mut at: Vec<usize> = self
            .links
            .iter()
            .filter(|(dest, _)| dest == url)
            .map(|(_, r)| r.end)
            .collect();
        for (start, _) in text.match_indices(url) {
            let end = start + url.len();
            let inside = self.closed.iter().any(|r| r.start <= start && end <= r.end);
            // `https://a.example/x` inside `https://a.example/xy` is another URL.
            let longer = text[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || "/-_?#%=&~+".contains(c));
            if !inside && !longer && !definition_line(text, start) {
                at.push(end);
            }
        }
        at.sort_unstable();
        at.dedup();
        at
    }
}

/// True when `at` is on a reference definition line (`[label]: URL`).
fn definition_line(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..at].trim_start();
    line.starts_with('[') && !line.starts_with("[^") && line.contains("]:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archived(old: &str, new: &str) -> Correction {
        Correction {
            note: "1".into(),
            page: None,
            line: 1,
            old_url: old.into(),
            new_url: new.into(),
            kind: CorrectionKind::Archived,
            date: Some("2023-06-21".into()),
            archive: Some("Internet Archive".into()),
            why: "dead".into(),
        }
    }

    /// Every link destination the text renders, in order.
    fn links(text: &str) -> Vec<String> {
        Parser::new_ext(text, Options::ENABLE_FOOTNOTES)
            .filter_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
                _ => None,
            })
            .collect()
    }

    const OLD: &str = "https://a.example/gone";
    const NEW: &str = "https://web.archive.org/web/20230621000000/https://a.example/gone";

    #[test]
    fn beside_every_kind_of_link_and_never_in_code() {
        let doc = format!(
            "See [the story]({OLD} \"t\"), <{OLD}>, and {OLD}.\n\n\
             Also [it][r] and `{OLD}` in code.\n\n    {OLD}\n\n\
             [r]: {OLD}\n\n[^1]: Story, {OLD}, accessed 2023.\n\n\
             Not {OLD}/other.\n"
        );
        let fixed = fix_markdown(&doc, &[archived(OLD, NEW)], &Forms::default());
        assert!(fixed.unplaced.is_empty());
        let rendered = links(&fixed.text);
        // Inline, autolink, bare (not a link), reference, footnote (bare): the copy
        // follows each of the four links and the two bare mentions.
        assert_eq!(
            rendered.iter().filter(|l| *l == NEW).count(),
            5,
            "{}",
            fixed.text
        );
        assert!(fixed.text.contains(&format!("`{OLD}` in code")));
        assert!(fixed.text.contains(&format!("    {OLD}\n")));
        assert!(fixed.text.contains(&format!("[r]: {OLD}\n")));
        assert!(fixed.text.contains(&format!("Not {OLD}/other.")));
        assert!(fixed
            .text
            .contains(&format!("\"t\") ([archived]({NEW}) 2023-06-21),")));
        // Run again: nothing more is added.
        let again = fix_markdown(&fixed.text, &[archived(OLD, NEW)], &Forms::default());
        assert_eq!(again.text, fixed.text);
        assert_eq!(again.placed.len(), 1);
    }

    #[test]
    fn an_untidy_archive_url_cannot_break_the_link() {
        let new = "https://arch.example/x (1)<script>";
        let fixed = fix_markdown(
            &format!("<{OLD}>"),
            &[archived(OLD, new)],
            &Forms::default(),
        );
        assert_eq!(
            links(&fixed.text)[1],
            "https://arch.example/x%20%281%29%3Cscript%3E"
        );
        let nowhere = fix_markdown("`x`", &[archived(OLD, NEW)], &Forms::default());
        assert_eq!(nowhere.unplaced.len(), 1);
        assert_eq!(nowhere.text, "`x`");
    }
}
