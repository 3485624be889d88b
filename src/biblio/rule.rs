//! The match rule: is this record the work the citation cites?
//!
//! A database asked about a plausible reference always returns *something*; what it
//! returns first is often a near neighbour (the same authors' other paper, a review of
//! the book, a follow-up with the title plus "revisited"). So the rule, not the rank,
//! decides, and it looks at four things:
//!
//! - **Title.** The cited title against the record's, as bags of words after the title
//!   normalisation the page comparison uses, and, because a reference's title is not
//!   always parsed right, whether the record's title stands in the citation's text in
//!   order. A record whose title is only a part of the cited one (the citation adds
//!   words the record does not have) is not the work.
//! - **Authors.** Whether a surname of the record stands in the citation's text.
//! - **Year.** Within one year of any year the record gives (online first, editions).
//! - **Container.** Reported when it differs; it decides nothing alone, since
//!   abbreviations and proceedings-versus-journal differences are the norm.
//!
//! A real work called `not-found` is the worst error, so the rule errs towards "the
//! same work" when the title is strong and nothing contradicts it, and towards
//! "another work" only when the authors clearly differ.

use unicode_normalization::UnicodeNormalization;

use crate::compare::title::{normalise, tokens};
use crate::text::is_cjk;
use crate::types::BiblioRecord;

/// What a citation offers for matching, gathered once.
#[derive(Debug, Clone, Default)]
pub struct Cited {
    /// The cited title, when one was parsed.
    pub title: Option<String>,
    /// The title's tokens.
    title_tokens: Vec<String>,
    /// Every token of the citation's text (title, names, container and all).
    text_tokens: Vec<String>,
    /// Every word of the citation's text, folded, function words kept (`Le`, `De`
    /// are surnames too).
    name_words: Vec<String>,
    /// The citation's text, folded, for names in scripts without spaces.
    text_folded: String,
    /// Surnames of the cited authors, folded.
    pub surnames: Vec<String>,
    /// The cited year.
    pub year: Option<u16>,
    /// The cited container.
    pub container: Option<String>,
}

impl Cited {
    /// Gathers what `text` (the citation as printed) and its parsed fields offer.
    pub fn new(
        text: &str,
        title: Option<&str>,
        authors: &[String],
        year: Option<u16>,
        container: Option<&str>,
    ) -> Cited {
        let title = title.map(str::trim).filter(|t| !t.is_empty());
        let text_folded = fold(text);
        Cited {
            title: title.map(str::to_owned),
            title_tokens: title.map(words).unwrap_or_default(),
            text_tokens: words(text),
            name_words: text_folded.split(' ').map(str::to_owned).collect(),
            text_folded,
            surnames: authors.iter().filter_map(|a| surname(a)).collect(),
            year,
            container: container.map(str::to_owned),
        }
    }
}

/// How the authors compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authors {
    /// A surname of the record stands in the citation.
    Agree,
    /// Both name people, and no surname of the record stands in the citation.
    Differ,
    /// One side names nobody to compare.
    Unknown,
}

/// How the years compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Year {
    /// Within one year of a year the record gives.
    Agrees,
    /// Further apart.
    Differs,
    /// One side gives no year.
    Unknown,
}

/// What the rule concluded about one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The record is the cited work.
    Same,
    /// The record has the cited title but other authors: not the work cited.
    OtherAuthors,
    /// Not the work.
    Other,
}

/// The comparison of a citation with one record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// Similarity of the titles (0 to 1), the better of the two views.
    pub title: f64,
    /// How the authors compare.
    pub authors: Authors,
    /// How the years compare.
    pub year: Year,
    /// True when the record's container stands in the citation, or either has none.
    pub container: bool,
    /// The rule's conclusion.
    pub decision: Decision,
}

/// Titles at or above this are the same title, whatever else is known.
pub const STRONG_TITLE: f64 = 0.85;
/// Titles at or above this are the same title when authors and year agree.
pub const FAIR_TITLE: f64 = 0.7;
/// A strong title with nobody to compare needs this many words to mean something.
const MIN_TITLE_WORDS: usize = 4;

/// Compares the citation with a record.
pub fn assess(c: &Cited, r: &BiblioRecord) -> Assessment {
    let record_title = words(&r.title);
    let title = title_similarity(c, &record_title);
    let authors = authors(c, r);
    let year = year(c, r);
    let container = container(c, r);
    let long_enough = record_title.len().max(c.title_tokens.len()) >= MIN_TITLE_WORDS;
    let decision = if title >= STRONG_TITLE {
        match authors {
            Authors::Agree => Decision::Same,
            Authors::Differ => Decision::OtherAuthors,
            Authors::Unknown if long_enough || year == Year::Agrees => Decision::Same,
            Authors::Unknown => Decision::Other,
        }
    } else if title >= FAIR_TITLE && authors == Authors::Agree && year == Year::Agrees {
        Decision::Same
    } else {
        Decision::Other
    };
    Assessment {
        title,
        authors,
        year,
        container,
        decision,
    }
}

/// Orders assessments: the same work first, then by title, authors and year.
pub fn rank(a: &Assessment) -> (u8, u8, u8, i64) {
    let decision = match a.decision {
        Decision::Same => 2,
        Decision::OtherAuthors => 1,
        Decision::Other => 0,
    };
    let authors = match a.authors {
        Authors::Agree => 2,
        Authors::Unknown => 1,
        Authors::Differ => 0,
    };
    let year = match a.year {
        Year::Agrees => 2,
        Year::Unknown => 1,
        Year::Differs => 0,
    };
    // Thousandths, so that the key is totally ordered.
    (decision, authors, year, (a.title * 1000.0).round() as i64)
}

/// The title similarity: the cited title against the record's, or the record's title
/// found in order in the citation's text, whichever is better; the second only when
/// the cited title does not hold many words the record's lacks.
fn title_similarity(c: &Cited, record: &[String]) -> f64 {
    if record.is_empty() {
        return 0.0;
    }
    let parsed = if c.title_tokens.is_empty() {
        0.0
    } else {
        f1(&c.title_tokens, record).max(main_title(&c.title_tokens, record))
    };
    let in_text = in_order(record, &c.text_tokens) as f64 / record.len() as f64;
    // Words of the cited title the record's title lacks: a parse that ran into the
    // container leaves a few; a title with words added or changed leaves many.
    let extra = c
        .title_tokens
        .iter()
        .filter(|t| t.chars().any(char::is_alphabetic) && !record.contains(t))
        .count();
    let allowed = (record.len() / 3).max(1);
    let text_view = if c.title_tokens.is_empty() || extra <= allowed {
        in_text
    } else {
        0.0
    };
    parsed.max(text_view)
}

/// F1 of two token bags.
fn f1(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = common(a, b) as f64;
    2.0 * common / (a.len() + b.len()) as f64
}

/// A citation that drops the record's subtitle: the cited title against the record's
/// main title, when the record has a subtitle and its main title is not a word or two.
fn main_title(cited: &[String], record: &[String]) -> f64 {
    // The record's tokens carry no punctuation; its main title is the longest prefix
    // that the cited title holds whole, which is only a match when it is most of the
    // cited title and at least three words.
    let prefix = record
        .iter()
        .zip(cited.iter())
        .take_while(|(a, b)| a == b)
        .count();
    if prefix >= 3 && prefix == cited.len() {
        // Nearly as good as equal, but a full title that matches beats it.
        0.9
    } else {
        0.0
    }
}

/// How many of `needle`'s tokens appear in `hay` in the same order (a longest common
/// subsequence, bounded in cost by the two lengths).
fn in_order(needle: &[String], hay: &[String]) -> usize {
    if needle.is_empty() || hay.is_empty() || needle.len() * hay.len() > 200_000 {
        return 0;
    }
    let mut row = vec![0usize; hay.len() + 1];
    for n in needle {
        let mut diagonal = 0;
        for (j, h) in hay.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if n == h {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[hay.len()]
}

fn common(a: &[String], b: &[String]) -> usize {
    let mut left: Vec<&String> = b.iter().collect();
    a.iter()
        .filter(|t| match left.iter().position(|x| x == t) {
            Some(i) => {
                left.swap_remove(i);
                true
            }
            None => false,
        })
        .count()
}

fn authors(c: &Cited, r: &BiblioRecord) -> Authors {
    let record: Vec<String> = r.authors.iter().filter_map(|a| surname(a)).collect();
    if record.is_empty() {
        return Authors::Unknown;
    }
    let found = record.iter().any(|s| {
        if s.chars().any(is_cjk) {
            c.text_folded.contains(s.as_str())
        } else {
            c.name_words.iter().any(|t| t == s)
        }
    });
    if found {
        Authors::Agree
    } else if c.surnames.is_empty() {
        Authors::Unknown
    } else {
        Authors::Differ
    }
}

fn year(c: &Cited, r: &BiblioRecord) -> Year {
    let Some(cited) = c.year else {
        return Year::Unknown;
    };
    let mut years = r
        .year
        .into_iter()
        .chain(r.other_years.iter().copied())
        .peekable();
    if years.peek().is_none() {
        return Year::Unknown;
    }
    if years.any(|y| y.abs_diff(cited) <= 1) {
        Year::Agrees
    } else {
        Year::Differs
    }
}

fn container(c: &Cited, r: &BiblioRecord) -> bool {
    let Some(rc) = r.container.as_deref() else {
        return true;
    };
    let rc = words(rc);
    if rc.is_empty() {
        return true;
    }
    match c.container.as_deref().map(words).filter(|w| !w.is_empty()) {
        // Either name may be the longer ("India Quarterly" for "India Quarterly: A
        // Journal of International Affairs") or abbreviated ("J. Strateg. Stud.").
        Some(cited) => {
            let shorter = cited.len().min(rc.len());
            let (short, long) = if cited.len() <= rc.len() {
                (&cited, &rc)
            } else {
                (&rc, &cited)
            };
            let shared = short
                .iter()
                .filter(|s| long.iter().any(|l| abbreviates(s, l)))
                .count();
            shared * 2 > shorter
        }
        None => common(&rc, &c.text_tokens) * 2 >= rc.len(),
    }
}

/// `strateg` for `strategic`, `j` for `journal`, or the word itself.
fn abbreviates(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (long.starts_with(short) && (short.len() >= 3 || short.len() == 1))
}

/// A name's surname, folded: `Frühling, Stephan` and `Stephan Frühling` give
/// `fruhling`; `B.M. Jain` gives `jain`; a CJK name stays whole. `None` for initials
/// alone and for "et al.".
pub fn surname(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches(['.', ',', ';']);
    if name.chars().any(is_cjk) {
        let folded = fold(name);
        return (!folded.is_empty()).then_some(folded);
    }
    let family = match name.split_once(',') {
        Some((family, _)) => family,
        None => name
            .split_whitespace()
            .rev()
            .find(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphabetic());
                w.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && !matches!(
                        w.to_lowercase().as_str(),
                        "al" | "et" | "jr" | "sr" | "eds" | "ed" | "and" | "ii" | "iii"
                    )
            })
            .unwrap_or(""),
    };
    let folded = fold(family);
    // The last word of a family name: `van der Berg` is found as `berg` in a text's
    // tokens, which are single words.
    let last = folded.split(' ').rev().find(|w| w.chars().count() > 1)?;
    Some(last.to_owned())
}

/// Normalised words, as titles are compared, with diacritics dropped so that names
/// and titles typed without them still match.
fn words(text: &str) -> Vec<String> {
    tokens(&normalise(&strip_marks(text)))
}

/// Lower case without diacritics, for names.
fn fold(text: &str) -> String {
    normalise(&strip_marks(text))
}

fn strip_marks(text: &str) -> String {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

#[cfg(test)]
mod tests;
