//! From a footnote to its citations: splitting notes that cite several works, and
//! resolving `Ibid.` / `同上` to the citation they repeat.

use super::reference::{self, Fields};
use std::ops::Range;

use super::{url, Citation, Note};

/// Words that introduce a citation inside explanatory text (`...。参见 A, “B,” ...`).
static LEAD_INS: Leads = Leads::new(&[
    "参见",
    "详见",
    "转引自",
    "See also ",
    "see also ",
    "See ",
    "see ",
    "Cf. ",
    "cf. ",
]);

/// Turns notes into citations, in order; an ibid repeats the citation before it.
pub fn citations(document: &str, notes: &[Note]) -> Vec<Citation> {
    citations_owned(document, notes.to_vec())
}

/// [`citations`] of notes the caller gives away: a note's text and label move into
/// its last citation instead of being copied.
pub(super) fn citations_owned(document: &str, notes: Vec<Note>) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::with_capacity(notes.len());
    for note in notes {
        let Note {
            page,
            mut label,
            line,
            mut text,
        } = note;
        let (cuts, urls) = segments(&text);
        let whole = trimmed(&text, 0..text.len());
        let mut urls = Some(urls);
        let count = cuts.len();
        for (k, cut) in cuts.into_iter().enumerate() {
            let full = &text[cut.clone()];
            let segment = strip_lead_in(full);
            let (fields, ibid) = if is_ibid(segment) {
                let previous = out.last().map(fields_of).unwrap_or_default();
                (previous, true)
            } else if cut == whole && segment.len() == full.len() {
                let own = urls_of_trimmed(urls.take().unwrap_or_default(), &cut);
                (reference::parse_with_urls(segment, own), false)
            } else {
                (reference::parse(segment), false)
            };
            let last = k + 1 == count;
            out.push(Citation {
                document: document.to_string(),
                page,
                note: if last {
                    std::mem::take(&mut label)
                } else {
                    label.clone()
                },
                line,
                raw: if last {
                    std::mem::take(&mut text)
                } else {
                    text.clone()
                },
                url: fields.url,
                title: fields.title,
                authors: fields.authors,
                container: fields.container,
                date: fields.date,
                accessed: fields.accessed,
                ibid,
            });
        }
    }
    out
}

fn fields_of(c: &Citation) -> Fields {
    Fields {
        url: c.url.clone(),
        title: c.title.clone(),
        authors: c.authors.clone(),
        container: c.container.clone(),
        date: c.date,
        accessed: c.accessed,
    }
}

/// `Ibid.`, `Ibid., p.38.`, `Ibidem`, `Id.`, `同上。`, `同上，第 15 页。`
fn is_ibid(segment: &str) -> bool {
    let t = segment.trim_start();
    let lower = t.get(..5).map(str::to_ascii_lowercase);
    lower.as_deref() == Some("ibid.")
        || lower.as_deref() == Some("ibid,")
        || t.eq_ignore_ascii_case("ibid")
        || t.get(..6).is_some_and(|s| s.eq_ignore_ascii_case("ibidem"))
        || t.starts_with("Id.")
        || t.starts_with("同上")
}

/// Cuts a note into one text per cited work: a note with two URLs cites two works,
/// split at the sentence break after the first URL. Returns the byte ranges of the
/// trimmed pieces, and the URLs of the whole note.
fn segments(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let urls = url::find_urls(text);
    let mut out = Vec::new();
    let mut start = 0;
    for pair in urls.windows(2) {
        if let Some(cut) = boundary_after(text, pair[0].end, pair[1].start) {
            if cut > start {
                out.push(trimmed(text, start..cut));
                start = cut;
            }
        }
    }
    out.push(trimmed(text, start..text.len()));
    out.retain(|r| !r.is_empty());
    if out.is_empty() {
        out.push(trimmed(text, 0..text.len()));
    }
    (out, urls)
}

/// What [`url::find_urls`] finds in `text[whole]`, where `whole` is the range of
/// `text.trim()` and `urls` what it found in `text`: the same URLs, moved. Only a
/// `www.` and one character at the very end tell the two apart, as the text's white
/// space after it lets the search accept it.
fn urls_of_trimmed(urls: Vec<Range<usize>>, whole: &Range<usize>) -> Vec<Range<usize>> {
    urls.into_iter()
        .filter(|r| !(r.end == whole.end && r.len() == 5))
        .map(|r| r.start - whole.start..r.end - whole.start)
        .collect()
}

/// The range of `text[range].trim()` in `text`.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    start..start + piece.trim().len()
}

/// The first sentence break between the end of one URL and the start of the next:
/// `;`, `；`, `。`, or a `.` that is followed by a space or an opening quote.
fn boundary_after(text: &str, from: usize, to: usize) -> Option<usize> {
    let between = &text[from..to];
    let mut chars = between.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let is_break = match c {
            ';' | '；' | '。' => true,
            '.' => {
                next.is_none_or(|n| n.is_whitespace() || matches!(n, '“' | '"' | '‘' | '《'))
                    && !ends_with_abbreviation(&between[..i])
            }
            _ => false,
        };
        if is_break {
            return Some(from + i + c.len_utf8());
        }
    }
    None
}

fn ends_with_abbreviation(text: &str) -> bool {
    let word = text
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    matches!(
        word,
        "p" | "pp"
            | "Vol"
            | "vol"
            | "No"
            | "no"
            | "ed"
            | "eds"
            | "al"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    ) || (word.len() == 1 && word.chars().all(char::is_uppercase))
}

/// Drops explanatory text before `参见`/`See`, when no title has been opened yet and
/// the lead-in starts the segment or follows a sentence stop (`。`, `.`, `;`, `；`).
fn strip_lead_in(segment: &str) -> &str {
    // Once a quote has opened, the lead-ins after it belong to the title.
    let open = segment.find(['“', '"', '《']).unwrap_or(segment.len());
    let mut best = segment;
    for (p, lead) in lead_ins(&segment[..open], &LEAD_INS) {
        let before = &segment[..p];
        if p + lead.len() >= segment.len() || !follows_sentence_stop(before) {
            continue;
        }
        let candidate = segment[p + lead.len()..].trim_start();
        if candidate.len() < best.len() && cites_a_work(candidate) {
            best = candidate;
        }
    }
    best
}

/// True when the text after a lead-in cites something: a quoted title, a link or a
/// year. `See Chapters 3 and 4.` after a complete reference only points into it.
fn cites_a_work(text: &str) -> bool {
    text.contains(['“', '"', '《', '«', '‘'])
        || text.contains("http")
        || text.contains("www.")
        || text
            .as_bytes()
            .windows(4)
            .any(|w| w.iter().all(u8::is_ascii_digit))
}

/// Lead-in words with a table of the words each first byte may start.
pub(super) struct Leads {
    words: &'static [&'static str],
    /// Bit `k` is set at byte `b` when `words[k]` starts with `b`.
    by_first: [u16; 256],
    /// Bit `k` is set at byte `b` when `b` is the second byte of `words[k]`.
    by_second: [u16; 256],
}

impl Leads {
    /// Builds the tables at compile time; at most 16 words, each of two bytes or more.
    pub(super) const fn new(words: &'static [&'static str]) -> Leads {
        assert!(words.len() <= 16);
        let mut by_first = [0u16; 256];
        let mut by_second = [0u16; 256];
        let mut k = 0;
        while k < words.len() {
            let w = words[k].as_bytes();
            assert!(w.len() >= 2);
            by_first[w[0] as usize] |= 1 << k;
            by_second[w[1] as usize] |= 1 << k;
            k += 1;
        }
        Leads {
            words,
            by_first,
            by_second,
        }
    }
}

/// Every place in `text` where one of `leads` starts, with that lead, in order of
/// position (and of the list at one position). One pass over the bytes: words are
/// only compared where the table says one may start.
pub(super) fn lead_ins<'a>(
    text: &'a str,
    leads: &'a Leads,
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let bytes = text.as_bytes();
    let (mut at, mut next, mut pending) = (0usize, 0usize, 0u16);
    std::iter::from_fn(move || loop {
        while pending != 0 {
            let k = pending.trailing_zeros() as usize;
            pending &= pending - 1;
            let word = leads.words.get(k)?;
            if bytes.get(at..)?.starts_with(word.as_bytes()) {
                return Some((at, *word));
            }
        }
        let rest = bytes.get(next..)?;
        at = next
            + rest
                .iter()
                .position(|&b| leads.by_first[usize::from(b)] != 0)?;
        // The second byte rules out most words whose first byte matched.
        let second = bytes
            .get(at + 1)
            .map_or(0, |&b| leads.by_second[usize::from(b)]);
        pending = leads.by_first[usize::from(bytes[at])] & second;
        next = at + 1;
    })
}

/// True when `before` is empty or ends (ignoring white space) with a sentence stop; a
/// `.` that closes an abbreviation (`pp.`, `Vol.`) is not one.
fn follows_sentence_stop(before: &str) -> bool {
    let before = before.trim_end();
    match before.chars().last() {
        None | Some('。' | ';' | '；') => true,
        Some('.') => !ends_with_abbreviation(&before[..before.len() - 1]),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_citations_in_one_note() {
        let segments = |text| -> Vec<&str> {
            let (cuts, _) = segments(text);
            cuts.into_iter().map(|r| &text[r]).collect()
        };
        let text = "参见 Missile Technology Control Regime,“MTCR-Handbook,”2017, https://mtcr.info/a.pdf.“Eye in the Sky,”Financial Express, November 30, 2020. https://www.financialexpress.com/b/。";
        assert_eq!(
            segments(text),
            vec![
                "参见 Missile Technology Control Regime,“MTCR-Handbook,”2017, https://mtcr.info/a.pdf.",
                "“Eye in the Sky,”Financial Express, November 30, 2020. https://www.financialexpress.com/b/。",
            ]
        );
        let text = "Gould, “A,” June 8, 2016, https://a.com/x/. U.S. Department of Defense,“B,” 2016, https://b.gov/y/。";
        assert_eq!(segments(text).len(), 2);
        assert_eq!(
            segments("A, https://a.org/x, accessed Jan. 5, 2020; B, https://b.org"),
            vec![
                "A, https://a.org/x, accessed Jan. 5, 2020;",
                "B, https://b.org"
            ]
        );
        // Two URLs with no sentence break between them stay one citation (a mirror, say).
        assert_eq!(
            segments("A, https://a.org/x (mirror: https://b.org/x)").len(),
            1
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The URLs of a whole note, moved, are those of the note trimmed.
        #[test]
        fn trimmed_note_keeps_its_urls(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "www.", "www.a", "WWW.", "http://", "https://", "Http: //", "h", "w", "a",
                "x.org", "/", ".", ":", " ", "\u{3000}", "\n", "中", "(", ")", ";", "-",
                "@", "7", "é", "https://a.org/x", "www.b.org",
            ][..]), 0..24)
        ) {
            let text: String = pieces.concat();
            let whole = trimmed(&text, 0..text.len());
            let own = urls_of_trimmed(url::find_urls(&text), &whole);
            proptest::prop_assert_eq!(own, url::find_urls(&text[whole]));
        }
    }

    #[test]
    fn ibid_forms() {
        for t in [
            "Ibid.",
            "Ibid., p.38.",
            "ibid",
            "Ibidem, 4.",
            "同上。",
            "同上，第 15 页。",
        ] {
            assert!(is_ibid(t), "{t}");
        }
        for t in ["Ibidi, “A,” 2020.", "Identity, “B”", "同样"] {
            assert!(!is_ibid(t), "{t}");
        }
    }

    #[test]
    fn lead_in_text_is_dropped() {
        assert_eq!(
            strip_lead_in("iDEX 由印度资助。参见 Indian Department, “Innovations,” 2020"),
            "Indian Department, “Innovations,” 2020"
        );
        assert_eq!(
            strip_lead_in("Smith, “See the world,” 2020"),
            "Smith, “See the world,” 2020"
        );
        assert_eq!(strip_lead_in("See Smith, A, 2020"), "Smith, A, 2020");
        assert_eq!(
            strip_lead_in("Background. See also Smith, A, 2020"),
            "Smith, A, 2020"
        );
        assert_eq!(strip_lead_in("背景；参见 Smith, A, 2020"), "Smith, A, 2020");
        // Not at a sentence start: the lead-in is part of the citation.
        for t in [
            "Smith, A. Birds of Asia. 151 pp. See http://a.org/x",
            "Smith, A. Birds [see also “Owls”], 2020",
            "Jones, B. (2001) Oversee the world, 2020",
            // Nothing is cited after it: a pointer into the work just cited.
            "Smith, A. Birds (London: X, 2001). See Chapters 3 and 4.",
        ] {
            assert_eq!(strip_lead_in(t), t);
        }
    }
}
