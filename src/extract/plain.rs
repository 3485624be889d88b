//! Any other text: every bare URL is a citation with no title or date.

use super::unwrap::unwrap;
use super::{url, Note};

/// How many lines a URL printed at a line's end may run on into: a URL wrapped over
/// more lines than this is no citation anyone typed.
const MAX_CONTINUATION_LINES: usize = 8;

/// One note per URL found, labelled by its order in the document. A URL that runs to the
/// end of its line is read on into the next lines where they continue it (a break after
/// `-`, `/` or inside a word), judged as footnotes are: text without footnotes is still
/// text out of a PDF, wrapped at the column's edge.
pub fn notes(text: &str) -> Vec<Note> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    // On the line a continued URL ends in, where that URL ends: what starts before is
    // part of it, not a URL of its own.
    let mut taken: Option<(usize, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        for r in url::find_urls(line) {
            if taken.is_some_and(|(at, end)| at > i || (at == i && r.start < end)) {
                continue;
            }
            if is_markup_name(line, r.start) {
                continue;
            }
            let (found, ends) = continued(&lines, i, r.clone());
            if let Some(end) = ends {
                taken = Some(end);
            }
            out.push(Note {
                page: None,
                label: format!("url-{}", out.len() + 1),
                line: i + 1,
                text: found,
            });
        }
    }
    out
}

/// The URL at `r` on line `i`, read on into the following lines where it reaches its
/// line's end; with the line and byte where it ends when it went on.
fn continued(
    lines: &[&str],
    i: usize,
    r: std::ops::Range<usize>,
) -> (String, Option<(usize, usize)>) {
    let line = lines.get(i).copied().unwrap_or_default();
    let printed = line.get(r.clone()).unwrap_or_default().to_owned();
    if r.end != line.trim_end().len() {
        return (printed, None);
    }
    let mut parts = vec![printed.as_str()];
    // A line that starts a URL of its own is the next item of a list, not the rest of
    // this one.
    parts.extend(
        lines
            .iter()
            .skip(i + 1)
            .take(MAX_CONTINUATION_LINES)
            .take_while(|l| !l.trim().is_empty() && !url::url_starts_at(l.trim().as_bytes(), 0)),
    );
    if parts.len() == 1 {
        return (printed, None);
    }
    let joined = unwrap(&parts);
    let Some(whole) = url::find_urls(&joined).into_iter().find(|u| u.start == 0) else {
        return (printed, None);
    };
    let Some(full) = joined.get(whole) else {
        return (printed, None);
    };
    if full.len() <= printed.len() || !full.starts_with(printed.as_str()) {
        return (printed, None);
    }
    // Walk the following lines through the bytes the URL took from them.
    let mut rest = full.len() - printed.len();
    let mut end = None;
    for (k, next) in lines.iter().enumerate().skip(i + 1).take(parts.len() - 1) {
        let t = next.trim();
        let lead = next.len() - next.trim_start().len();
        if rest <= t.len() {
            end = Some((k, lead + rest));
            break;
        }
        rest -= t.len();
    }
    (full.to_owned(), end)
}

/// True for a URL that names an XML namespace or a document type in markup read as
/// text (`xmlns="http://www.w3.org/1999/xhtml"`, `<!DOCTYPE ... "http://...dtd">`):
/// nobody cites those.
fn is_markup_name(line: &str, start: usize) -> bool {
    let before = line[..start].trim_end_matches(['"', '\'']);
    let attribute = before.trim_end().strip_suffix('=').map(str::trim_end);
    let namespace = attribute.is_some_and(|a| {
        let name = a
            .rsplit(|c: char| c.is_whitespace() || c == '<')
            .next()
            .unwrap_or("");
        name == "xmlns" || name.starts_with("xmlns:")
    });
    namespace || line[..start].contains("<!DOCTYPE") || line[..start].contains("<!doctype")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_broken_at_a_line_end_is_read_on() {
        let text = "Zittrain, \"Perma,\" 2014, https://harvardlawreview.org/2014/03/perma-scoping-and-addressing-\nthe-problem-of-link-and-reference-rot/. And https://b.example/x\n\nhttps://c.example/y\nNext paragraph words.\n";
        let got: Vec<(String, usize)> = notes(text).into_iter().map(|n| (n.text, n.line)).collect();
        assert_eq!(
            got,
            vec![
                (
                    "https://harvardlawreview.org/2014/03/perma-scoping-and-addressing-the-problem-of-link-and-reference-rot/".to_owned(),
                    1
                ),
                ("https://b.example/x".to_owned(), 2),
                ("https://c.example/y".to_owned(), 4),
            ]
        );
    }

    #[test]
    fn a_url_that_ends_its_line_keeps_to_it_before_prose() {
        let text = "see https://a.example/page\nwhich says more.\nhttps://b.example/list/\nhttps://c.example/item\n";
        let got: Vec<String> = notes(text).into_iter().map(|n| n.text).collect();
        assert_eq!(
            got,
            vec![
                "https://a.example/page",
                "https://b.example/list/",
                "https://c.example/item"
            ]
        );
    }

    #[test]
    fn namespaces_are_not_cited() {
        let text = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:og='http://ogp.me/ns#'>\n<a href=\"https://real.example/a\">x</a>\n";
        let got: Vec<String> = notes(text).into_iter().map(|n| n.text).collect();
        assert_eq!(got, vec!["https://real.example/a"]);
    }
}
