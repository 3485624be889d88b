//! From a footnote to its citations: splitting notes that cite several works, and
//! resolving `Ibid.` / `同上` to the citation they repeat.

use super::leads::Leads;
use super::reference::{self, Fields};
use std::collections::VecDeque;
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
    let mut out = VecDeque::with_capacity(notes.len());
    for note in notes {
        cite_note(document, note, &mut out);
    }
    out.into()
}

/// Appends the citations of one note to `out`, whose last entry (if any) is the
/// citation an ibid repeats.
pub(super) fn cite_note(document: &str, note: Note, out: &mut VecDeque<Citation>) {
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
    for (k, Segment { range: cut, joined }) in cuts.into_iter().enumerate() {
        let full = &text[cut.clone()];
        let segment = strip_lead_in(full);
        let (mut fields, ibid) = if is_ibid(segment) {
            let previous = out.back().map(fields_of).unwrap_or_default();
            (previous, true)
        } else if cut == whole && segment.len() == full.len() {
            let own = urls_of_trimmed(urls.take().unwrap_or_default(), &cut);
            (reference::parse_with_urls(segment, own), false)
        } else {
            (reference::parse(segment), false)
        };
        if joined && fields.title.is_none() && fields.authors.is_empty() {
            if let Some(previous) = out.back() {
                let url = fields.url.take();
                fields = Fields {
                    url,
                    accessed: fields.accessed.or(previous.accessed),
                    date: fields.date.or(previous.date),
                    ..fields_of(previous)
                };
            }
        }
        let last = k + 1 == count;
        out.push_back(Citation {
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
fn segments(text: &str) -> (Vec<Segment>, Vec<Range<usize>>) {
    let urls = url::find_urls(text);
    let mut out = Vec::new();
    let mut start = 0;
    let mut joined = false;
    for pair in urls.windows(2) {
        let to = pair[1].start;
        let cut = boundary_after(text, pair[0].end, to)
            .map(|c| {
                // `https://a；以及 https://b`: a stop, then only a conjunction.
                if conjunction(text, c, to).is_some_and(|(at, _)| at == c) {
                    (c, to, true)
                } else {
                    (c, c, false)
                }
            })
            .or_else(|| conjunction(text, pair[0].end, to).map(|(a, b)| (a, b, true)));
        if let Some((end, next, and)) = cut {
            if end > start {
                out.push(Segment {
                    range: trimmed(text, start..end),
                    joined,
                });
                start = next;
                joined = and;
            }
        }
    }
    out.push(Segment {
        range: trimmed(text, start..text.len()),
        joined,
    });
    out.retain(|s| !s.range.is_empty());
    if out.is_empty() {
        out.push(Segment {
            range: trimmed(text, 0..text.len()),
            joined: false,
        });
    }
    (out, urls)
}

/// One cited work's text within a note.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    range: Range<usize>,
    /// True when a conjunction joined it to the work before (`https://a and
    /// https://b`): with nothing of its own but the URL, it shares that work's fields.
    joined: bool,
}

/// Words that join two URLs of one note into two citations.
static CONJUNCTIONS: Leads = Leads::new(&[
    " and ",
    ", and ",
    " see also ",
    ", see also ",
    " See also ",
    " as well as ",
    " or ",
    "以及",
    "及",
    "和",
    "与",
    "，",
]);

/// Where the first of two URLs ends and the second's text starts, when only a
/// conjunction stands between them (`https://a.org/x and https://b.org/y`,
/// `https://a ；以及 https://b`).
fn conjunction(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let between = &text[from..to];
    let (at, word) = CONJUNCTIONS.find(between).into_iter().next()?;
    // Only the conjunction, white space and a comma may stand between them.
    let rest = between[at + word.len()..].trim();
    let head = between[..at].trim();
    let end = from + at + word.len();
    let at = if head.is_empty() { 0 } else { at };
    (rest.is_empty() && head.chars().all(|c| matches!(c, ',' | '，' | '、')))
        .then_some((from + at, end))
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
    for (p, lead) in LEAD_INS.find(&segment[..open]) {
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
            cuts.into_iter().map(|s| &text[s.range]).collect()
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
        // Joined by a conjunction, they are two.
        for (text, second) in [
            (
                "A, “B,” https://a.org/x and https://b.org/y.",
                "https://b.org/y.",
            ),
            (
                "A, “B,” https://a.org/x, see also https://b.org/y",
                "https://b.org/y",
            ),
            (
                "甲：《乙》，https://a.cn/x 以及 https://b.cn/y。",
                "https://b.cn/y。",
            ),
        ] {
            assert_eq!(segments(text).get(1).copied(), Some(second), "{text}");
        }
    }

    #[test]
    fn every_url_joined_by_a_conjunction_is_cited() {
        let note = Note {
            page: None,
            label: "1".into(),
            line: 1,
            text: "Smith, “Report,” June 3, 2021, https://a.org/report.pdf and https://a.org/summary.html; 参见王明：《数字经济》，2020 年，https://b.cn/x；以及 https://c.cn/y。".into(),
        };
        let got: Vec<(Option<String>, Option<String>)> = citations("d", &[note])
            .into_iter()
            .map(|c| (c.url, c.title))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some("https://a.org/report.pdf".into()),
                    Some("Report".into())
                ),
                (
                    Some("https://a.org/summary.html".into()),
                    Some("Report".into())
                ),
                (Some("https://b.cn/x".into()), Some("数字经济".into())),
                (Some("https://c.cn/y".into()), Some("数字经济".into())),
            ]
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
