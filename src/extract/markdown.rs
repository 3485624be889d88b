//! Markdown: `[^label]:` footnotes (multi-line), inline links and autolinks.
//!
//! Footnote bodies follow GitHub's rules closely enough for citations: a definition
//! runs on through lazy continuation lines and through indented lines after a blank
//! line. Links outside footnotes are citations without title or date. Code (fenced or
//! indented blocks, and `code spans`) is skipped: a URL in an example is not a
//! citation. Emphasis and quotes around a title are markup, not part of it.

use super::unwrap::unwrap;
use super::{url, Note};

/// True when some line defines a `[^label]:` footnote.
pub fn has_footnotes(text: &str) -> bool {
    text.lines().any(|l| parse_def(l).is_some())
}

/// Footnotes and links, in document order.
pub fn notes(text: &str) -> Vec<Note> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut links = 0;
    let mut fence: Option<&str> = None;
    // Whether the line before was blank, and whether a list item is open (its
    // indented paragraphs are no code block).
    let (mut after_blank, mut in_list, mut in_code) = (true, false, false);
    let mut i = 0;
    // A numbered "Notes" section ends the body (docs helper, #13: endnotes count).
    let (endnotes, end) = super::endnotes::section_notes(&lines);
    let end = end.unwrap_or(lines.len());
    while i < end {
        let line = lines[i];
        let blank = line.trim().is_empty();
        in_code = fence.is_none() && is_indented(line) && !in_list && (in_code || after_blank);
        if !blank && !is_indented(line) {
            in_list = starts_list_item(line);
        }
        after_blank = blank || (in_code && after_blank);
        if in_code {
            i += 1;
            continue;
        }
        after_blank = blank;
        if let Some(marker) = fence {
            if line.trim_start().starts_with(marker) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if let Some(marker) = fence_marker(line) {
            fence = Some(marker);
            i += 1;
            continue;
        }
        if let Some((label, first)) = parse_def(line) {
            let end = def_end(&lines, i + 1);
            let mut body = vec![without_code(first)];
            body.extend(
                lines[i + 1..end]
                    .iter()
                    .map(|l| without_code(l.trim_start())),
            );
            let body: Vec<&str> = body.iter().map(|l| l.as_ref()).collect();
            let text = strip_emphasis(&rewrite_links(&unwrap(&body)));
            out.push(Note {
                page: None,
                label: label.to_string(),
                line: i + 1,
                text,
            });
            i = end;
            continue;
        }
        for link in body_links(line) {
            links += 1;
            out.push(Note {
                page: None,
                label: format!("link-{links}"),
                line: i + 1,
                text: link,
            });
        }
        i += 1;
    }
    out.extend(endnotes.into_iter().map(|mut n| {
        n.text = rewrite_links(&n.text);
        n
    }));
    out
}

fn fence_marker(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    ["```", "~~~"].into_iter().find(|m| t.starts_with(m))
}

/// `[^label]: text` with at most three spaces of indent.
fn parse_def(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let rest = t.strip_prefix("[^")?;
    let close = rest.find("]:")?;
    let label = &rest[..close];
    if label.is_empty()
        || label
            .chars()
            .any(|c| c.is_whitespace() || c == ']' || c == '[')
    {
        return None;
    }
    Some((label, rest[close + 2..].trim_start()))
}

/// The line after a footnote's last line.
fn def_end(lines: &[&str], from: usize) -> usize {
    let mut i = from;
    let mut after_blank = false;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            after_blank = true;
        } else if parse_def(line).is_some() || fence_marker(line).is_some() {
            break;
        } else if is_indented(line) || (!after_blank && !starts_block(line)) {
            after_blank = false;
        } else {
            break;
        }
        i += 1;
    }
    // Trailing blank lines belong to nobody.
    while i > from && lines[i - 1].trim().is_empty() {
        i -= 1;
    }
    i
}

fn is_indented(line: &str) -> bool {
    line.starts_with('\t') || line.starts_with("    ")
}

fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#')
        || t.starts_with('>')
        || t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with('|')
}

fn starts_list_item(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || (digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")))
}

/// Inline links `[text](url)`, autolinks `<url>` and bare URLs of a body line, outside
/// code spans.
fn body_links(line: &str) -> Vec<String> {
    let line = without_code(line);
    url::find_urls(&line)
        .into_iter()
        .map(|r| line[r].to_string())
        .collect()
}

/// The line with its code spans (`` `...` ``, ``` ``...`` ```) blanked out.
fn without_code(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('`') {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('`') {
        let ticks = rest[open..].bytes().take_while(|&b| b == b'`').count();
        let fence = &rest[open..open + ticks];
        let after = &rest[open + ticks..];
        // The span closes at the next run of exactly as many backticks.
        let close = after.match_indices(fence).find(|&(p, _)| {
            !after[p + ticks..].starts_with('`') && (p == 0 || !after[..p].ends_with('`'))
        });
        out.push_str(&rest[..open]);
        match close {
            Some((p, _)) => {
                out.push(' ');
                rest = &after[p + ticks..];
            }
            None => {
                out.push_str(fence);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Drops emphasis marks (`*Title*`, `**Title**`, `_Title_`) outside URLs. An
/// underscore inside a word (`snake_case`) is no mark.
fn strip_emphasis(text: &str) -> String {
    if !text.contains(['*', '_']) {
        return text.to_string();
    }
    let urls = url::find_urls(text);
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let in_url = urls.iter().any(|r| r.contains(&i));
        let mark = !in_url
            && match c {
                '*' => true,
                '_' => {
                    !prev.is_some_and(char::is_alphanumeric)
                        || !next.is_some_and(char::is_alphanumeric)
                }
                _ => false,
            };
        if !mark {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Turns `[Title](url)` into `“Title,” url` so the reference reader sees a quoted
/// title, and drops autolink brackets, leaving the rest of the note as written.
fn rewrite_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some((label, target, used)) = inline_link(&rest[open..]) else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        out.push_str(&rest[..open]);
        // `["Title"](url)`, `[*Title*](url)`: the quotes and marks are not the title's.
        let label = label
            .trim()
            .trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '*' | '_'));
        if label.trim() == target
            || url::find_urls(label)
                .first()
                .is_some_and(|r| r.len() == label.trim().len())
        {
            out.push_str(target);
        } else {
            out.push_str(&format!("“{},” {}", label.trim(), target));
        }
        rest = &rest[open + used..];
    }
    out.push_str(rest);
    // An autolink's `<` may follow a word; its `>` is followed by the sentence's stop.
    out.replace('<', " ")
        .replace('>', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `[label](target "title")` at the start of `s`: label, target, bytes used.
fn inline_link(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let label = &s[1..close];
    if label.contains('[') || label.contains(']') {
        return None;
    }
    let after = &s[close + 2..];
    let end = after.find(')')?;
    let target = after[..end].split_whitespace().next()?;
    Some((label, target, close + 2 + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnotes_links_and_fences() {
        let text = "Intro with a [link](https://a.org/x) and <https://b.org/y>.\n\n```\nhttps://code.example/\n```\n\n[^klein]: Naomi Klein, “The Shock\nDoctrine,” 2007,\n    https://c.org/z.\n\n    Still the note.\n\nAfter.\n[^2]: See [Fact sheet](https://d.org/w).\n";
        let got: Vec<(String, usize, String)> = notes(text)
            .into_iter()
            .map(|n| (n.label, n.line, n.text))
            .collect();
        assert_eq!(
            got,
            vec![
                ("link-1".into(), 1, "https://a.org/x".into()),
                ("link-2".into(), 1, "https://b.org/y".into()),
                (
                    "klein".into(),
                    7,
                    "Naomi Klein, “The Shock Doctrine,” 2007, https://c.org/z. Still the note."
                        .into()
                ),
                ("2".into(), 14, "See “Fact sheet,” https://d.org/w.".into()),
            ]
        );
    }

    #[test]
    fn code_is_never_cited() {
        let text = "Call `https://api.example/v1` or ``see `https://x.example` here``.

    https://indented.example/code
    more code

Text https://real.example/a and

- item

    https://list.example/para
";
        let got: Vec<String> = notes(text).into_iter().map(|n| n.text).collect();
        assert_eq!(
            got,
            vec!["https://real.example/a", "https://list.example/para"]
        );
    }

    #[test]
    fn emphasis_and_quotes_leave_titles() {
        let text = "Body.[^1][^2]\n\n[^1]: Jonathan Zittrain, “Perma,” *Harvard Law Review Forum* 127 (2014), <https://x.org/a_b_c>.\n[^2]: [\"In Supreme Court Opinions\"](https://y.org/x) and [*Link Rot*](https://z.org/y), _The Times_.\n";
        let got: Vec<String> = notes(text).into_iter().map(|n| n.text).collect();
        assert_eq!(
            got,
            vec![
                "Jonathan Zittrain, “Perma,” Harvard Law Review Forum 127 (2014), https://x.org/a_b_c.",
                "“In Supreme Court Opinions,” https://y.org/x and “Link Rot,” https://z.org/y, The Times."
            ]
        );
        let c = &crate::extract::extract("d.md", text, crate::extract::Format::Markdown)[1];
        assert_eq!(c.title.as_deref(), Some("In Supreme Court Opinions"));
    }
}
