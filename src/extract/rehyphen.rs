//! Hyphens that `pdftotext` deleted at line ends inside a URL, put back where the
//! note itself proves they were printed.
//!
//! Without `-layout`, `pdftotext` joins a line ending in `-` to the next one and drops
//! the hyphen, inside URLs too: `.../scoping-and-addressing-` / `the-problem-of-...`
//! comes out as `...-addressingthe-problem-...`. Where the hyphen was is no longer in
//! the text, so a hyphen is put back only on three pieces of evidence together:
//!
//! - the URL's path segment is a slug of the cited title: hyphens join its words, and
//!   at least half of its words are the title's;
//! - one slug word is exactly two consecutive title words glued (`addressingthe` for
//!   "Addressing the"), and a slug word beside it is the title word beside them, in
//!   the title's order;
//! - on the line of text that holds it, the glue point lies where a printed line could
//!   have ended: at least 60% of the usual line width of the text around it.
//!
//! Anything less (a glued domain, `example-journal.org` read as `examplejournal.org`;
//! slug words the title does not hold) stays as read: a URL nobody printed would be a
//! false alarm.

use super::Citation;

/// How far from the note's first line the URL's line is looked for.
const NOTE_LINES: usize = 40;
/// How many lines either side of the URL's line give the usual line width.
const WIDTH_WINDOW: usize = 100;

/// Repairs the URLs of citations read from one `pdftotext` text, in document order.
#[derive(Debug)]
pub struct Rehyphen<'a> {
    text: &'a str,
    /// A known line start: (0-based line number, byte offset), so that looking up
    /// lines in document order stays linear.
    cursor: (usize, usize),
}

impl<'a> Rehyphen<'a> {
    /// Prepares to repair the citations of `text`.
    pub fn new(text: &'a str) -> Rehyphen<'a> {
        Rehyphen {
            text,
            cursor: (0, 0),
        }
    }

    /// Puts back the hyphens the evidence shows in `citation`'s URL.
    pub fn repair(&mut self, citation: &mut Citation) {
        let (Some(url), Some(title)) = (&citation.url, &citation.title) else {
            return;
        };
        let glues = glued_title_words(url, title);
        if glues.is_empty() {
            return;
        }
        let mut fixed = url.clone();
        // From the end, so that earlier byte offsets stay valid.
        for glue in glues.into_iter().rev() {
            if self.at_line_end(
                citation.line,
                &url[glue.context.clone()],
                glue.at - glue.context.start,
            ) {
                fixed.insert(glue.at, '-');
            }
        }
        citation.url = Some(fixed);
    }

    /// True when `context` (a slug word and the hyphens around it) is on one of the
    /// note's lines with the byte `offset` of it where a printed line could end.
    fn at_line_end(&mut self, note_line: usize, context: &str, offset: usize) -> bool {
        let first = note_line.saturating_sub(1);
        let base = first.saturating_sub(WIDTH_WINDOW);
        let Some(lines) = self.lines_from(base) else {
            return false;
        };
        let here = first - base;
        let lines: Vec<&str> = lines.take(here + NOTE_LINES + WIDTH_WINDOW).collect();
        let Some((k, pos)) = lines
            .iter()
            .enumerate()
            .skip(here)
            .take(NOTE_LINES)
            .find_map(|(k, l)| l.find(context).map(|p| (k, p)))
        else {
            return false;
        };
        let start = k.saturating_sub(WIDTH_WINDOW);
        let mut widths: Vec<usize> = lines[start..lines.len().min(k + WIDTH_WINDOW)]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| width(l))
            .collect();
        widths.sort_unstable();
        let usual = widths.get(widths.len() * 3 / 4).copied().unwrap_or(0);
        let column = width(&lines[k][..pos + offset]);
        usual > 0 && column * 10 >= usual * 6
    }

    /// The lines of the text from 0-based line `n` on.
    fn lines_from(&mut self, n: usize) -> Option<std::str::Split<'a, char>> {
        let (mut line, mut byte) = self.cursor;
        if n < line {
            (line, byte) = (0, 0);
        }
        while line < n {
            let next = memchr::memchr(b'\n', &self.text.as_bytes()[byte..])?;
            byte += next + 1;
            line += 1;
        }
        self.cursor = (line, byte);
        Some(self.text[byte..].split('\n'))
    }
}

/// A place in a URL where two title words are glued.
#[derive(Debug, PartialEq, Eq)]
struct Glue {
    /// The byte where the hyphen goes.
    at: usize,
    /// The glued slug word with the hyphens either side of it, as found in the text.
    context: std::ops::Range<usize>,
}

/// The places in `url`'s path where a slug word is two consecutive words of `title`
/// glued, with a neighbour that follows the title's order.
fn glued_title_words(url: &str, title: &str) -> Vec<Glue> {
    // Words as printed, between spaces and dashes; a slug drops the punctuation inside
    // one (`India’s` -> `indias`, `U.S.` -> `us`) or splits there (`india-s`), so a
    // glue inside a word would be a guess between the two.
    let words: Vec<String> = title
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—' | '/'))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 3 {
        return Vec::new();
    }
    let Some(path) = path_start(url) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = path;
    for segment in url[path..].split(['/', '?', '#']) {
        slug_glues(url, start..start + segment.len(), &words, &mut out);
        start += segment.len() + 1;
    }
    out
}

/// The byte where the URL's path starts (after the host).
fn path_start(url: &str) -> Option<usize> {
    let host = url.find("://")? + 3;
    Some(host + url[host..].find('/')?)
}

/// Adds the glues of one path segment, when it is a slug of the title.
fn slug_glues(url: &str, segment: std::ops::Range<usize>, words: &[String], out: &mut Vec<Glue>) {
    let text = &url[segment.clone()];
    // A slug's words are joined by hyphens; a dot ends it (`.html`).
    let slug = text.split('.').next().unwrap_or("");
    if slug.matches('-').count() < 2 {
        return;
    }
    let tokens: Vec<(usize, String)> = slug
        .split('-')
        .scan(0, |at, t| {
            let here = *at;
            *at += t.len() + 1;
            Some((here, t.to_ascii_lowercase()))
        })
        .collect();
    if tokens
        .iter()
        .any(|(_, t)| t.is_empty() || !t.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return;
    }
    let known = tokens.iter().filter(|(_, t)| words.contains(t)).count();
    if known * 2 < tokens.len() {
        return;
    }
    for (i, (at, token)) in tokens.iter().enumerate() {
        if words.contains(token) {
            continue;
        }
        let before = i.checked_sub(1).map(|p| tokens[p].1.as_str());
        let after = tokens.get(i + 1).map(|(_, t)| t.as_str());
        let glue = (0..words.len() - 1).find_map(|j| {
            let (a, b) = (&words[j], &words[j + 1]);
            let glued = token.len() == a.len() + b.len()
                && token.starts_with(a.as_str())
                && token.ends_with(b.as_str());
            let in_order = (j > 0 && before == Some(words[j - 1].as_str()))
                || after.is_some_and(|t| words.get(j + 2).is_some_and(|w| w == t));
            (glued && in_order).then_some(a.len())
        });
        // Two places in the title would make the hyphen's place a guess.
        let places = (0..words.len() - 1)
            .filter(|&j| {
                token.len() == words[j].len() + words[j + 1].len()
                    && token.starts_with(words[j].as_str())
                    && token.ends_with(words[j + 1].as_str())
            })
            .map(|j| words[j].len())
            .collect::<std::collections::BTreeSet<_>>();
        if let (Some(split), 1) = (glue, places.len()) {
            let start = segment.start + at;
            let end = start + token.len();
            out.push(Glue {
                at: start + split,
                context: start.saturating_sub(1)..(end + 1).min(url.len()),
            });
        }
    }
}

/// A line's width in columns: wide (East Asian) characters count two.
fn width(line: &str) -> usize {
    line.chars()
        .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glues(url: &str, title: &str) -> Vec<String> {
        glued_title_words(url, title)
            .into_iter()
            .map(|g| {
                let mut u = url.to_string();
                u.insert(g.at, '-');
                u
            })
            .collect()
    }

    #[test]
    fn a_slug_word_that_is_two_title_words_in_order_is_split() {
        let title = "Perma: Scoping and Addressing the Problem of Link and Reference Rot";
        assert_eq!(
            glues(
                "https://h.org/forum/perma-scoping-and-addressingthe-problem-of-link/",
                title
            ),
            ["https://h.org/forum/perma-scoping-and-addressing-the-problem-of-link/"]
        );
        // At the slug's end, before its extension.
        assert_eq!(
            glues(
                "https://g.com/2021/link-rot-is-eating-theweb.html",
                "Link Rot Is Eating the Web"
            ),
            ["https://g.com/2021/link-rot-is-eating-the-web.html"]
        );
    }

    #[test]
    fn without_evidence_nothing_changes() {
        // The domain is no slug of the title.
        assert!(glues(
            "https://www.examplejournal.org/a/link-rot-and-drift",
            "Link Rot and Drift in Reports"
        )
        .is_empty());
        // Slug words the title does not hold.
        assert!(glues(
            "https://x.org/locking-the-web-open-a-call-for-adistributed-web",
            "Locking the Web Open: A Call for a Decentralized Web"
        )
        .is_empty());
        // Glued title words out of the title's order.
        assert!(glues(
            "https://x.org/cables-news-techundersea-today",
            "Big Tech Is Building Undersea Cables"
        )
        .is_empty());
        // A slug mostly of other words.
        assert!(glues(
            "https://x.org/foo-bar-baz-linkrot",
            "Link Rot Is Eating the Web"
        )
        .is_empty());
        // Two words of a title word's own: the slug may drop its punctuation or split
        // there, so where a hyphen went is a guess.
        assert!(glues(
            "https://x.org/overall-us-india-relationship/",
            "Defense Part of Deepening Overall U.S.-India Relationship"
        )
        .is_empty());
        assert!(glues(
            "https://x.org/engagement-indias-relationship-with-the-quad/",
            "Engagement, Not Entanglement: India’s Relationship with the Quad"
        )
        .is_empty());
        // No title.
        assert!(glues("https://x.org/a-b-c", "").is_empty());
    }

    fn citation(line: usize, url: &str, title: &str) -> Citation {
        Citation {
            document: String::new(),
            page: None,
            note: "1".into(),
            line,
            raw: String::new(),
            url: Some(url.into()),
            title: Some(title.into()),
            authors: Vec::new(),
            container: None,
            date: None,
            accessed: None,
            ibid: false,
        }
    }

    #[test]
    fn only_where_a_printed_line_could_have_ended() {
        let filler = "a line of ordinary width in the body of this note, some ninety characters wide, as printed\n";
        let title = "Link Rot Is Eating the Web";
        let url = "https://g.com/2021/link-rot-is-eating-theweb";
        // Joined by pdftotext: the glue sits at the line's usual width.
        let text = format!(
            "{}“{title},” The Guardian, June 3, 2021, {url}.\n",
            filler.repeat(5)
        );
        let mut c = citation(6, url, title);
        Rehyphen::new(&text).repair(&mut c);
        assert_eq!(
            c.url.as_deref(),
            Some("https://g.com/2021/link-rot-is-eating-the-web")
        );
        // Early in a line: no line ended there, so the slug was printed glued.
        let text = format!("{}{url}\n", filler.repeat(5));
        let mut c = citation(6, url, title);
        Rehyphen::new(&text).repair(&mut c);
        assert_eq!(c.url.as_deref(), Some(url));
    }
}
