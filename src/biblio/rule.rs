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

use crate::text::is_cjk;
use crate::text::title::{normalise, tokens, unglue};
use crate::types::BiblioRecord;

/// What a citation offers for matching, gathered once.
#[derive(Debug, Clone, Default)]
pub struct Cited {
    /// The cited title, when one was parsed.
    pub title: Option<String>,
    /// The title, normalised.
    title_norm: String,
    /// The title's tokens.
    title_tokens: Vec<String>,
    /// The citation's text, normalised.
    text_norm: String,
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
    /// Every year (1500 to 2099) printed in the citation's text, whatever the parse
    /// made of it: the year parsed may be a page number or a year in the title.
    text_years: Vec<u16>,
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
            title_norm: title.map(fold).unwrap_or_default(),
            title_tokens: title.map(words).unwrap_or_default(),
            text_norm: fold(text),
            text_tokens: words(text),
            name_words: text_folded.split(' ').map(str::to_owned).collect(),
            text_folded,
            surnames: authors.iter().filter_map(|a| surname(a)).collect(),
            year,
            text_years: years_in(text),
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
    /// True when the titles are the same words, spelling slips and glued words aside, or
    /// the record's title stands whole in the citation's text.
    pub equal: bool,
    /// How the authors compare.
    pub authors: Authors,
    /// How the years compare.
    pub year: Year,
    /// True when the record's container stands in the citation, or either has none.
    pub container: bool,
    /// The rule's conclusion.
    pub decision: Decision,
}

/// Titles at or above this are the same title unless authors or year say otherwise.
pub const STRONG_TITLE: f64 = 0.85;
/// Titles at or above this are the same title when authors and year agree too.
pub const FAIR_TITLE: f64 = 0.7;
/// A title with nobody to compare needs this many words to mean something.
const MIN_TITLE_WORDS: usize = 4;

/// How records about another work begin: a correction, a comment, a review of it.
const NOTICES: &[&str] = &[
    "correction to",
    "correction",
    "erratum",
    "corrigendum",
    "addendum",
    "comment on",
    "comments on",
    "reply to",
    "response to",
    "review of",
    "book review",
    "retraction",
    "retracted",
    "withdrawn",
    "expression of concern",
];

/// Compares the citation with a record.
pub fn assess(c: &Cited, r: &BiblioRecord) -> Assessment {
    let record_title = words(&r.title);
    let view = title_similarity(c, r);
    let (title, equal) = (view.score, view.equal);
    let authors = authors(c, r);
    let year = year(c, r);
    let container = container(c, r);
    let title_words = record_title.len().max(c.title_tokens.len());
    let decision = if is_notice(&r.title, c.title.as_deref()) {
        Decision::Other
    } else if view.equal
        && authors == Authors::Unknown
        && year == Year::Unknown
        && printed_years_differ(c, r)
    {
        // Nobody to compare and no year parsed, but the years the reference prints
        // are all another's: a namesake as likely as the work.
        Decision::Other
    } else {
        decide(&view, authors, year, title_words)
    };
    Assessment {
        title,
        equal,
        authors,
        year,
        container,
        decision,
    }
}

/// The rule. An equal title is the work unless the authors differ, even in another
/// year (then the year is what the citation got wrong). A strong but unequal title (a
/// subtitle dropped or added, a word changed) is the work only if neither authors nor
/// year say otherwise: "X revisited" and "X: a reply" by the same authors come years
/// later. A fair title needs both to agree.
fn decide(view: &TitleView, authors: Authors, year: Year, title_words: usize) -> Decision {
    let (title, equal) = (view.score, view.equal);
    let long_enough = title_words >= MIN_TITLE_WORDS;
    if equal {
        return match (authors, year) {
            (Authors::Agree, _) => Decision::Same,
            (Authors::Differ, _) => Decision::OtherAuthors,
            (Authors::Unknown, Year::Agrees) => Decision::Same,
            // A title of three words or more, equal, with nothing to contradict it.
            (Authors::Unknown, Year::Unknown) if title_words >= 3 => Decision::Same,
            (Authors::Unknown, _) => Decision::Other,
        };
    }
    let agreeing = match (authors, year) {
        (Authors::Agree, Year::Agrees | Year::Unknown) => title >= STRONG_TITLE,
        // Another year is the citation's mistake only when the record's title adds
        // nothing to the cited one (a follow-up's does).
        (Authors::Agree, Year::Differs) => title >= STRONG_TITLE && view.adds_nothing,
        (Authors::Unknown, Year::Agrees) => title >= STRONG_TITLE && long_enough,
        _ => false,
    };
    let fair = title >= FAIR_TITLE && authors == Authors::Agree && year == Year::Agrees;
    if agreeing || fair {
        Decision::Same
    } else {
        Decision::Other
    }
}

/// How records answering the cited work end, after a colon, a dash or a bracket:
/// "X: A Reply", "X — Rejoinder", "X (Erratum)".
const ANSWERS: &[&str] = &[
    "a reply",
    "reply",
    "a rejoinder",
    "rejoinder",
    "a response",
    "response",
    "a comment",
    "comment",
    "comments",
    "erratum",
    "corrigendum",
    "addendum",
    "retraction",
    "retracted",
    "revisited",
];

/// A record about the cited work rather than the work itself: its title begins with
/// "Correction to", "Review of"... or ends with ": a reply", "(erratum)"..., and the
/// cited one does not.
fn is_notice(record: &str, cited: Option<&str>) -> bool {
    let starts = |t: &str| {
        let t = normalise(t);
        NOTICES.iter().any(|n| {
            t.strip_prefix(n)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    };
    // Only after a separator: "Stimulus and Response" is a title, "X: A Response" an
    // answer to X.
    let ends = |t: &str| {
        let t = t
            .trim_end_matches(|c: char| c == '.' || c == ')' || c == ']' || c.is_whitespace())
            .to_lowercase();
        ANSWERS.iter().any(|n| {
            t.strip_suffix(n).is_some_and(|head| {
                head.trim_end()
                    .ends_with([':', '—', '–', '-', '(', '[', '.', ';'])
            })
        })
    };
    let notice = |t: &str| starts(t) || ends(t);
    notice(record) && !cited.is_some_and(notice)
}

/// True when a record is the work beyond doubt: no need to ask further sources.
pub fn conclusive(a: &Assessment) -> bool {
    a.decision == Decision::Same
        && a.equal
        && a.authors == Authors::Agree
        && a.year != Year::Differs
}

/// Orders assessments: the same work first, then equal titles, then by authors, year
/// and title score.
pub fn rank(a: &Assessment) -> (u8, bool, u8, u8, i64) {
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
    (
        decision,
        a.equal,
        authors,
        year,
        (a.title * 1000.0).round() as i64,
    )
}

/// The title similarity and whether the titles are equal: the cited title against the
/// record's, or the record's title found in order in the citation's text, whichever is
/// better; the second only when the cited title does not hold many words the record's
/// lacks (a parse that ran into the container leaves a few; a title with words added or
/// changed leaves many).
fn title_similarity(c: &Cited, r: &BiblioRecord) -> TitleView {
    let record_norm = fold(&r.title);
    // Words run together or split apart on either side are matched to the other's first.
    let (cited, record) = if c.title_norm.is_empty() {
        (Vec::new(), tokens(&record_norm))
    } else {
        let (a, b) = unglue(&c.title_norm, &record_norm);
        (tokens(&a), tokens(&b))
    };
    if record.is_empty() {
        return TitleView {
            score: 0.0,
            equal: false,
            adds_nothing: false,
        };
    }
    let (text, record_in_text) = {
        let (a, b) = unglue(&c.text_norm, &record_norm);
        (tokens(&a), tokens(&b))
    };
    let parsed = if cited.is_empty() {
        0.0
    } else {
        f1(&cited, &record).max(main_title(&cited, r))
    };
    let same_words =
        !cited.is_empty() && cited.len() == record.len() && common(&cited, &record) == record.len();
    let in_text = in_order(&record_in_text, &text) as f64 / record_in_text.len().max(1) as f64;
    let extra: Vec<&String> = cited
        .iter()
        .filter(|t| t.chars().any(char::is_alphabetic) && !record.iter().any(|x| same_word(t, x)))
        .collect();
    let allowed = (record.len() / 3).max(1);
    // The cited title is the record's followed by more words: the parse ran on into an
    // editor, an edition or the container ("Speeches and Writings, 1832–1858, ed. Don
    // E. Fehrenbacher"; "Yates' correction. Encyclopedia of Statistics").
    let runs_on = record.len() >= 2
        && cited.len() > record.len()
        && cited.iter().zip(&record).all(|(a, b)| same_word(a, b));
    // The record's title stands whole, word for word, in the reference: whatever the
    // parse took for the title (names, the date, the container around it), the record's
    // title was printed. A title with words changed or added is not.
    let phrase = record_in_text.len() >= 3 && contiguous(&record_in_text, &text);
    let text_view = if cited.is_empty() || extra.len() <= allowed {
        in_text
    } else if runs_on || phrase {
        in_text.min(0.9)
    } else {
        0.0
    };
    // Equal: the same words; or the record's title, two words or more, whole in the
    // text, with no word of the cited title missing from it but the bibliographic
    // furniture a parse runs into.
    let whole_in_text = in_text >= 1.0
        && record_in_text.len() >= 2
        && (cited.is_empty() || extra.iter().all(|t| is_furniture(t)));
    // The same letters once spaces are ignored: a space that moved ("Blac kholes and
    // entropy", "Men i nthe 90s"), which word-by-word comparison cannot see.
    let squash = |s: &str| {
        s.chars()
            .filter(|ch| ch.is_alphanumeric())
            .collect::<String>()
    };
    let same_letters = !c.title_norm.is_empty() && {
        let (a, b) = (squash(&c.title_norm), squash(&record_norm));
        a == b && a.chars().count() >= 8
    };
    let score = if whole_in_text || same_letters {
        1.0
    } else {
        parsed.max(text_view)
    };
    // Every word of the record's title is in the cited one: the record adds nothing (a
    // follow-up adds "revisited", a reply ": a reply").
    let adds_nothing =
        !cited.is_empty() && record.iter().all(|x| cited.iter().any(|t| same_word(t, x)));
    TitleView {
        score,
        equal: same_words || whole_in_text || same_letters,
        adds_nothing: adds_nothing || same_letters,
    }
}

/// How the titles compare.
struct TitleView {
    score: f64,
    equal: bool,
    adds_nothing: bool,
}

/// Words that follow a title in a reference without being part of it: editions,
/// volumes, pages, access notes, months.
fn is_furniture(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "accessed",
        "retrieved",
        "available",
        "online",
        "ed",
        "eds",
        "edn",
        "edited",
        "edition",
        "vol",
        "vols",
        "volume",
        "volumes",
        "pp",
        "p",
        "no",
        "nr",
        "trans",
        "translated",
        "repr",
        "reprint",
        "rev",
        "n",
        "d",
        "nd",
        "pdf",
        "web",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ];
    WORDS.contains(&word) || word.chars().all(|c| c.is_ascii_digit())
}

/// True when `needle` stands word for word, in one run, inside `hay`.
fn contiguous(needle: &[String], hay: &[String]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.iter().zip(needle).all(|(a, b)| same_word(a, b)))
}

/// F1 of two token bags.
fn f1(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = common(a, b) as f64;
    2.0 * common / (a.len() + b.len()) as f64
}

/// A citation that drops the record's subtitle: the cited title is the record's main
/// title, before its first `: `, ` - `, ` — ` or `? `. A main title of three words or more
/// is nearly as good as the whole; a shorter one ("GNSS: The Present Imperfect") only
/// fair, to be backed by authors and year.
fn main_title(cited: &[String], r: &BiblioRecord) -> f64 {
    let title = r.title.as_str();
    let cut = [": ", " - ", " – ", " — ", "? ", ". "]
        .iter()
        .filter_map(|sep| {
            title
                .find(sep)
                .map(|at| at + usize::from(sep.starts_with('?')))
        })
        .min();
    let Some(main) = cut.map(|at| words(&title[..at])) else {
        return 0.0;
    };
    let same = !main.is_empty()
        && main.len() == cited.len()
        && main.iter().zip(cited).all(|(a, b)| same_word(a, b));
    match (same, main.len()) {
        (false, _) => 0.0,
        (true, n) if n >= 3 => 0.9,
        _ => 0.75,
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
            row[j + 1] = if same_word(n, h) {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[hay.len()]
}

/// The same word, or one slip apart in a word of five letters or more: a letter
/// dropped, added, changed, or two swapped ("Behavoir").
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().min(b.len()) < 5 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    one_slip(&a, &b)
}

/// True when `a` and `b` differ by one edit (insertion, deletion, substitution or the
/// swap of two neighbours).
fn one_slip(a: &[char], b: &[char]) -> bool {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[start..], &b[start..]);
    match (a.len(), b.len()) {
        (x, y) if x == y => {
            a[1..] == b[1..] || (a.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (x, y) if x > y => a[1..] == *b,
        _ => b[1..] == *a,
    }
}

/// The size of the multiset intersection, words one slip apart counting as equal.
fn common(a: &[String], b: &[String]) -> usize {
    let mut left: Vec<&String> = b.iter().collect();
    a.iter()
        .filter(|t| {
            match left
                .iter()
                .position(|x| x == t)
                .or_else(|| left.iter().position(|x| same_word(x, t)))
            {
                Some(i) => {
                    left.swap_remove(i);
                    true
                }
                None => false,
            }
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
    let years: Vec<u16> = r
        .year
        .into_iter()
        .chain(r.other_years.iter().copied())
        .collect();
    if years.is_empty() {
        return Year::Unknown;
    }
    if years.iter().any(|y| y.abs_diff(cited) <= 1) {
        Year::Agrees
    } else if years.iter().any(|y| c.text_years.contains(y)) {
        // The parse took a page number or a year of the title ("2002-2009") for the
        // date; the record's own year is printed in the reference.
        Year::Agrees
    } else {
        Year::Differs
    }
}

/// True when the citation has no parsed year but prints years, none of them within
/// one of a year the record gives.
fn printed_years_differ(c: &Cited, r: &BiblioRecord) -> bool {
    let years: Vec<u16> = r
        .year
        .into_iter()
        .chain(r.other_years.iter().copied())
        .collect();
    c.year.is_none()
        && !years.is_empty()
        && !c.text_years.is_empty()
        && !c
            .text_years
            .iter()
            .any(|t| years.iter().any(|y| y.abs_diff(*t) <= 1))
}

/// The years 1500 to 2099 that stand alone in `text` (not inside a longer number).
fn years_in(text: &str) -> Vec<u16> {
    let mut out: Vec<u16> = Vec::new();
    let mut run = String::new();
    for ch in text.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_digit() {
            run.push(ch);
            continue;
        }
        if run.len() == 4 {
            if let Ok(y) = run.parse::<u16>() {
                if (1500..=2099).contains(&y) && !out.contains(&y) {
                    out.push(y);
                }
            }
        }
        run.clear();
    }
    out
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
                    && !is_initials(w)
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

/// `V.N`, `J.-L.`, `JR`: initials written together, not a name.
fn is_initials(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let dotted = word.contains('.') && word.split(['.', '-']).all(|p| p.chars().count() <= 1);
    dotted || (letters.len() <= 2 && letters.iter().all(|c| c.is_uppercase()))
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
