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
//! And only in a text that lost its line-end hyphens: where any line still ends in a
//! word and a hyphen (`-layout`, a viewer's copy), `pdftotext` deleted none, so the
//! text is left alone (and costs nothing more to read).
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
    /// False for a text that kept its line-end hyphens.
    dehyphenated: bool,
    /// A known line start: (0-based line number, byte offset), so that looking up
    /// lines in document order stays linear.
    cursor: (usize, usize),
}

impl<'a> Rehyphen<'a> {
    /// Prepares to repair the citations of `text`.
    pub fn new(text: &'a str) -> Rehyphen<'a> {
        Rehyphen {
            text,
            dehyphenated: !keeps_line_end_hyphens(text),
            cursor: (0, 0),
        }
    }

    /// Puts back the hyphens the evidence shows in `citation`'s URL.
    pub fn repair(&mut self, citation: &mut Citation) {
        // An ibid repeats a citation already repaired.
        let (true, Some(url), Some(title), false) = (
            self.dehyphenated,
            &citation.url,
            &citation.title,
            citation.ibid,
        ) else {
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
        let bytes = self.text.as_bytes();
        while line > n {
            // The start of the line before: after the newline before the one ending it.
            byte = memchr::memrchr(b'\n', &bytes[..byte - 1]).map_or(0, |p| p + 1);
            line -= 1;
        }
        while line < n {
            let next = memchr::memchr(b'\n', &bytes[byte..])?;
            byte += next + 1;
            line += 1;
        }
        self.cursor = (line, byte);
        Some(self.text[byte..].split('\n'))
    }
}

/// True when a line of `text` ends in a letter or digit and a hyphen: a hyphen
/// `pdftotext` would have deleted, so this text was not made that way.
fn keeps_line_end_hyphens(text: &str) -> bool {
    let bytes = text.as_bytes();
    let after_word = |at: usize| {
        at.checked_sub(1)
            .is_some_and(|p| bytes[p].is_ascii_alphanumeric() || bytes[p] >= 0x80)
    };
    memchr::memmem::find_iter(bytes, b"-\n").any(after_word)
        || memchr::memmem::find_iter(bytes, b"-\r\n").any(after_word)
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
    let mut out = Vec::new();
    let Some(path) = path_start(url) else {
        return out;
    };
    // Most URLs hold no slug: the title's words are read only for those that do.
    let mut slugs = slugs(url, path).peekable();
    if slugs.peek().is_none() {
        return out;
    }
    let words = Words::of(title);
    if words.len() < 3 {
        return out;
    }
    for slug in slugs {
        slug_glues(url, slug, &words, &mut out);
    }
    out
}

/// The byte where the URL's path starts (after the host).
fn path_start(url: &str) -> Option<usize> {
    let bytes = url.as_bytes();
    let host = memchr::memmem::find(bytes, b"://")? + 3;
    Some(host + memchr::memchr(b'/', &bytes[host..])?)
}

/// The slugs of a URL's path from byte `path`: segments of at least three words of
/// ASCII letters and digits joined by single hyphens, up to a dot (`.html`).
fn slugs(url: &str, path: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = url.as_bytes();
    let end = memchr::memchr2(b'?', b'#', &bytes[path..]).map_or(bytes.len(), |e| path + e);
    let mut start = path + 1;
    std::iter::from_fn(move || {
        while start <= end {
            let here = start;
            let stop = memchr::memchr(b'/', &bytes[here..end]).map_or(end, |p| here + p);
            start = stop + 1;
            // Byte by byte: words of letters and digits, single hyphens between.
            let mut hyphens = 0;
            let mut last = b'-';
            let mut shaped = true;
            let mut slug_end = stop;
            for (k, &b) in bytes[here..stop].iter().enumerate() {
                match b {
                    b'.' => {
                        slug_end = here + k;
                        break;
                    }
                    b'-' if last != b'-' => hyphens += 1,
                    b if b.is_ascii_alphanumeric() => {}
                    _ => {
                        shaped = false;
                        break;
                    }
                }
                last = b;
            }
            if shaped && last != b'-' && hyphens >= 2 {
                return Some(here..slug_end);
            }
        }
        None
    })
}

/// A title's words as a slug would spell them, lowercase, in one buffer.
struct Words {
    text: String,
    ends: Vec<usize>,
}

impl Words {
    /// Words as printed, between spaces and dashes; a slug drops the punctuation inside
    /// one (`India’s` -> `indias`, `U.S.` -> `us`) or splits there (`india-s`), so a
    /// glue inside a word would be a guess between the two.
    fn of(title: &str) -> Words {
        let mut text = String::with_capacity(title.len());
        let mut ends = Vec::with_capacity(16);
        for c in title.chars() {
            if c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—' | '/') {
                if text.len() > ends.last().copied().unwrap_or(0) {
                    ends.push(text.len());
                }
            } else if c.is_ascii_alphanumeric() {
                text.push(c.to_ascii_lowercase());
            } else if c.is_alphanumeric() {
                text.extend(c.to_lowercase());
            }
        }
        if text.len() > ends.last().copied().unwrap_or(0) {
            ends.push(text.len());
        }
        Words { text, ends }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        Some(&self.text[start..end])
    }

    /// True when `token` (ASCII) is word `i`, ignoring its case.
    fn is(&self, i: usize, token: &str) -> bool {
        self.get(i).is_some_and(|w| w.eq_ignore_ascii_case(token))
    }

    fn contains(&self, token: &str) -> bool {
        (0..self.len()).any(|i| self.is(i, token))
    }

    /// True when `token` is word `i` and word `i + 1` glued.
    fn glued(&self, i: usize, token: &str) -> bool {
        match (self.get(i), self.get(i + 1)) {
            (Some(a), Some(b)) => {
                token.len() == a.len() + b.len()
                    && token.is_char_boundary(a.len())
                    && a.eq_ignore_ascii_case(&token[..a.len()])
                    && b.eq_ignore_ascii_case(&token[a.len()..])
            }
            _ => false,
        }
    }
}

/// Adds the glues of one slug, when it is a slug of the title.
fn slug_glues(url: &str, slug: std::ops::Range<usize>, words: &Words, out: &mut Vec<Glue>) {
    let tokens: Vec<(usize, &str)> = url[slug.clone()]
        .split('-')
        .scan(slug.start, |at, t| {
            let here = *at;
            *at += t.len() + 1;
            Some((here, t))
        })
        .collect();
    let known: Vec<bool> = tokens.iter().map(|(_, t)| words.contains(t)).collect();
    let count = known.iter().filter(|&&k| k).count();
    // A slug of title words only (the common case) has nothing glued.
    if count * 2 < tokens.len() || count == tokens.len() {
        return;
    }
    for (i, &(at, token)) in tokens.iter().enumerate() {
        if known[i] {
            continue;
        }
        let before = i.checked_sub(1).map(|p| tokens[p].1);
        let after = tokens.get(i + 1).map(|&(_, t)| t);
        let places: Vec<usize> = (0..words.len())
            .filter(|&j| words.glued(j, token))
            .collect();
        // Two places in the title would make the hyphen's place a guess.
        let [j] = places[..] else {
            continue;
        };
        let in_order = (j > 0 && before.is_some_and(|t| words.is(j - 1, t)))
            || after.is_some_and(|t| words.is(j + 2, t));
        if !in_order {
            continue;
        }
        let split = words.get(j).map_or(0, str::len);
        let end = at + token.len();
        out.push(Glue {
            at: at + split,
            context: at.saturating_sub(1)..(end + 1).min(url.len()),
        });
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

    #[test]
    fn title_words_as_a_slug_spells_them() {
        let words = |t: &str| {
            let w = Words::of(t);
            (0..w.len())
                .map(|i| w.get(i).unwrap_or("").to_string())
                .collect::<Vec<_>>()
        };
        let title = "  Think-Tank Reports: U.S.-India / The \"Web\"\tRot 2021 -- ";
        assert_eq!(
            words(title),
            ["think", "tank", "reports", "us", "india", "the", "web", "rot", "2021"]
        );
        // A non-ASCII letter is a letter too.
        assert_eq!(words(&format!("{title}é")).len(), 10);
        assert_eq!(words(&format!("{title}é"))[..9], words(title)[..]);
    }

    #[test]
    fn a_text_that_kept_its_line_end_hyphens_is_left_alone() {
        let filler = "a line of ordinary width in the body of this note, some ninety characters wide, as printed\n";
        let title = "Link Rot Is Eating the Web";
        let url = "https://g.com/2021/link-rot-is-eating-theweb";
        let note = format!("“{title},” The Guardian, June 3, 2021, {url}.\n");
        for (kept, text) in [
            (false, format!("{}{note}", filler.repeat(5))),
            (
                true,
                format!("{}a word broken at its hyph-\nen\n{note}", filler.repeat(4)),
            ),
            (
                true,
                format!(
                    "{}a word broken at its hyph-\r\nen\n{note}",
                    filler.repeat(4)
                ),
            ),
        ] {
            assert_eq!(keeps_line_end_hyphens(&text), kept);
            let mut c = citation(6, url, title);
            Rehyphen::new(&text).repair(&mut c);
            let want = if kept {
                url
            } else {
                "https://g.com/2021/link-rot-is-eating-the-web"
            };
            assert_eq!(c.url.as_deref(), Some(want));
        }
        // A dash alone at a line's end is no broken word.
        assert!(!keeps_line_end_hyphens("a list:\n-\nitem -\nnext"));
    }

    #[test]
    fn notes_looked_up_out_of_order() {
        let title = "Link Rot Is Eating the Web";
        let url = "https://g.com/2021/link-rot-is-eating-theweb";
        let line = format!("“{title},” The Guardian, June 3, 2021, some more words, {url}.\n");
        let text = format!(
            "{line}{}{line}",
            "a line of ordinary width in the body of this note, some ninety characters wide\n"
                .repeat(150)
        );
        let mut rehyphen = Rehyphen::new(&text);
        for at in [152, 1, 152] {
            let mut c = citation(at, url, title);
            rehyphen.repair(&mut c);
            assert_eq!(
                c.url.as_deref(),
                Some("https://g.com/2021/link-rot-is-eating-the-web"),
                "line {at}"
            );
        }
    }
}
