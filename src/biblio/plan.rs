//! What to ask about a citation: its DOI, its ISBN, or a search by its fields; and
//! whether the databases can be expected to know works of its kind at all.

use super::doi::{self, Origin};
use crate::text::is_cjk;
use crate::types::Citation;

/// A bibliographic search: the fields a database matches against. Two queries with the
/// same fields ask the same question however the reference was printed (`Ibid.` and the
/// note it repeats), so equality and hashing leave the printed text out.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// The reference as printed, for a matcher built for reference strings; empty when
    /// the printed text does not hold the title (`Ibid.`).
    pub text: String,
    /// The title.
    pub title: String,
    /// Surnames of the authors, first ones first.
    pub authors: Vec<String>,
    /// The year.
    pub year: Option<u16>,
    /// The journal, book or publisher.
    pub container: Option<String>,
}

impl PartialEq for Query {
    fn eq(&self, other: &Query) -> bool {
        (&self.title, &self.authors, self.year, &self.container)
            == (&other.title, &other.authors, other.year, &other.container)
    }
}

impl Eq for Query {}

impl std::hash::Hash for Query {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.title, &self.authors, self.year, &self.container).hash(state);
    }
}

impl Query {
    /// The whole query as one string, for a matcher built for reference strings: the
    /// reference as printed, or else its fields.
    pub fn bibliographic(&self) -> String {
        if !self.text.is_empty() {
            return self.text.clone();
        }
        let mut parts = vec![self.title.clone()];
        parts.extend(self.authors.iter().take(3).cloned());
        if let Some(y) = self.year {
            parts.push(y.to_string());
        }
        parts.extend(self.container.clone());
        parts.join(" ")
    }
}

/// What to look up for one citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Plan {
    /// The DOI's registry; the search fields come along to judge the record.
    Doi {
        /// The DOI, lower-cased.
        doi: String,
        /// Where the citation gives it.
        origin: Origin,
    },
    /// A search, after the ISBN's record when the citation gives one.
    Search {
        /// The fields searched for.
        query: Query,
        /// The ISBN the citation gives.
        isbn: Option<String>,
        /// True when the citation reads like a book (Open Library is asked too).
        book: bool,
    },
}

impl Plan {
    /// What to look up for `c`: its DOI when it gives one; a search when it has no URL
    /// and a title worth searching; nothing otherwise (a URL without a DOI is checked
    /// by fetching the page).
    pub fn of(c: &Citation) -> Option<Plan> {
        if let Some((doi, origin)) = doi::find(c.url.as_deref(), &c.raw) {
            return Some(Plan::Doi { doi, origin });
        }
        if c.url.is_some() {
            return None;
        }
        let title = c
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| searchable(t, !c.authors.is_empty()))?;
        let query = Query {
            text: printed(&c.raw, title),
            title: title.to_owned(),
            authors: c
                .authors
                .iter()
                .filter_map(|a| super::rule::surname(a))
                .collect(),
            year: c.date.map(|d| d.year),
            container: c.container.clone(),
        };
        Some(Plan::Search {
            isbn: doi::isbn(&c.raw),
            book: looks_like_book(c),
            query,
        })
    }
}

/// Longest reference text sent as a query: a footnote that discusses the work at
/// length is cut, the reference comes first.
const MAX_QUERY: usize = 400;

/// The reference as printed, when it holds `title`: white space collapsed, cut at
/// [`MAX_QUERY`] characters.
fn printed(raw: &str, title: &str) -> String {
    if !raw.contains(title) {
        return String::new();
    }
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(MAX_QUERY) {
        Some((cut, _)) => text[..cut].to_owned(),
        None => text,
    }
}

/// A title worth a search: two words, or four CJK characters, or one word of four
/// letters or more when authors are cited too ("Elections", by a named author).
fn searchable(title: &str, authors: bool) -> bool {
    let cjk = title.chars().filter(|c| is_cjk(*c)).count();
    let words: Vec<usize> = title
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).count())
        .filter(|n| *n >= 2)
        .collect();
    cjk >= 4 || words.len() >= 2 || (authors && words.first().is_some_and(|n| *n >= 4))
}

/// Words that mark a publisher, which a book citation names where an article names
/// its journal.
const PUBLISHER_WORDS: &[&str] = &[
    "press",
    "routledge",
    "publishing",
    "publishers",
    "publisher",
    "books",
    "verlag",
    "wiley",
    "springer",
    "palgrave",
    "macmillan",
    "penguin",
    "sage",
    "elsevier",
    "brill",
    "éditions",
    "editions",
    "university",
    "harpercollins",
    "norton",
    "knopf",
    "random house",
];

/// A book: no container, or a container that is a publisher, or a text that names a
/// place and publisher (`Oxon: Routledge`), an edition or an ISBN. Journal citations
/// give a volume, an issue or pages of an article, which books do not.
fn looks_like_book(c: &Citation) -> bool {
    let raw = c.raw.to_lowercase();
    if raw.contains("isbn") || raw.contains(" ed.") || raw.contains(" eds.") {
        return true;
    }
    let container = c.container.as_deref().map(str::to_lowercase);
    match container {
        None => true,
        Some(ct) => PUBLISHER_WORDS.iter().any(|w| ct.contains(w)),
    }
}

/// Why no open database can be expected to know this work, if that is so: the reason
/// a search that finds nothing is `unverifiable`, not `not-found`.
pub fn uncovered(c: &Citation) -> Option<&'static str> {
    let text = format!(
        "{} {}",
        c.title.as_deref().unwrap_or_default(),
        c.container.as_deref().unwrap_or_default()
    );
    if text.chars().any(|ch| matches!(ch as u32, 0x3040..=0x30FF)) {
        return Some(
            "Japanese-language works are mostly not in Crossref, OpenAlex or Open Library \
             (CiNii and J-STAGE index them)",
        );
    }
    if text.chars().any(|ch| matches!(ch as u32, 0xAC00..=0xD7AF)) {
        return Some(
            "Korean-language works are mostly not in Crossref, OpenAlex or Open Library \
             (KCI and RISS index them)",
        );
    }
    if text.chars().any(is_cjk) {
        return Some(
            "Chinese-language journal articles are mostly not in Crossref, OpenAlex or \
             Open Library (CNKI and Wanfang index them, without an open API)",
        );
    }
    if grey(c) {
        return Some(
            "reports, government documents, testimony and other grey literature are mostly \
             not in bibliographic databases",
        );
    }
    if news(c) {
        return Some("news articles are not in bibliographic databases");
    }
    None
}

/// Words that mark grey literature in a title or in the citation's text.
const GREY_WORDS: &[&str] = &[
    "report",
    "white paper",
    "working paper",
    "policy brief",
    "issue brief",
    "discussion paper",
    "occasional paper",
    "testimony",
    "hearing before",
    "press release",
    "fact sheet",
    "factsheet",
    "memorandum",
    "unpublished",
    "manuscript",
    "presented at",
    "poster",
    "lecture",
    "interview",
    "personal communication",
    "dissertation",
    "thesis",
    "submission",
    "talk given",
    "plenary talk",
    "keynote",
    "web publication",
    "[pdf",
    "accessed",
    "retrieved",
    "user's guide",
    "user guide",
    "manual",
    "handbook of",
    "encyclopedia",
    "dictionary",
];

/// Words that mark an issuing body (rather than a publisher or a journal) among the
/// authors or in the container.
const BODY_WORDS: &[&str] = &[
    "ministry",
    "department of",
    "government",
    "congress",
    "parliament",
    "committee",
    "commission",
    "office of",
    "council",
    "white house",
    "united nations",
    "world bank",
    "institute",
    "center for",
    "centre for",
    "foundation",
    "bureau",
    "secretariat",
    "agency",
    "ministère",
    "ministerio",
    "institut",
    "city of",
    " inc",
    "gmbh",
    "ltd",
    "corporation",
    "forum",
];

/// Grey literature: a report, a government document, testimony, a talk, a thesis.
fn grey(c: &Citation) -> bool {
    let text = format!("{} | {}", c.title.as_deref().unwrap_or_default(), c.raw).to_lowercase();
    // Who issued it: the container, the authors, and the start of the reference, where
    // an organisation's name stands when the parse took it for the title.
    let head: String = c.raw.chars().take(60).collect();
    let issuer = format!(
        "{} | {} | {head}",
        c.container.as_deref().unwrap_or_default(),
        c.authors.join(" ; ")
    )
    .to_lowercase();
    GREY_WORDS.iter().any(|w| text.contains(w)) || BODY_WORDS.iter().any(|w| issuer.contains(w))
}

/// News: a citation dated to the day, in a container without volume or pages.
fn news(c: &Citation) -> bool {
    let day = c.date.is_some_and(|d| d.day.is_some());
    let raw = c.raw.to_lowercase();
    let journal_like = ["vol.", "vol ", "no.", "pp.", "issue"]
        .iter()
        .any(|w| raw.contains(w));
    day && c.container.is_some() && !journal_like
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::parse_one;

    fn one(text: &str) -> Citation {
        parse_one(text).remove(0)
    }

    #[test]
    fn plans() {
        let c = one("Stephan Frühling and Benjamin Schreer, “Creating the Next Generation of NATO Partnerships,” The RUSI Journal , Vol.155, No.1, 2010, pp.52-57.");
        let Some(Plan::Search { query, isbn, book }) = Plan::of(&c) else {
            panic!("a search for {c:?}");
        };
        assert_eq!(
            query.title,
            "Creating the Next Generation of NATO Partnerships"
        );
        assert_eq!(query.authors, ["fruhling", "schreer"]);
        assert_eq!(query.year, Some(2010));
        assert_eq!((isbn, book), (None, false));

        let c = one("B.M. Jain, India-US Relations in the Age of Uncertainty: An Uneasy Courtship , Oxon: Routledge, 2016, p.85.");
        assert!(
            matches!(Plan::of(&c), Some(Plan::Search { book: true, .. })),
            "{c:?}"
        );

        let c = one("Smith, J. (2020). A title of a paper. Journal of Things, 3(2), 1-10. https://doi.org/10.1000/xyz");
        assert_eq!(
            Plan::of(&c),
            Some(Plan::Doi {
                doi: "10.1000/xyz".into(),
                origin: Origin::Resolver
            })
        );
        // A URL without a DOI is the page's business.
        let c = one("“Title of a page,” Site, 2023, https://www.example.org/page");
        assert_eq!(Plan::of(&c), None);
        let c = one("Ibid.");
        assert_eq!(Plan::of(&c), None);
    }

    #[test]
    fn coverage() {
        let c = one("王世达：《印美安全合作对印度战略自主传统的挑战》，载《现代国际关系》2019 年第 2 期，第 50—56 页。");
        assert!(uncovered(&c).unwrap().starts_with("Chinese"));
        let c = one("Ashley J. Tellis, “The US-India ‘Global Partnership’: How Significant for American Interests?” Testimony before the House Committee on International Relations, November 16, 2005.");
        assert!(uncovered(&c).unwrap().contains("grey literature"), "{c:?}");
        let c = one("Laxman Kumar Behera, “Examining India’s Defence Innovation Performance,” Journal of Strategic Studies , Vol.44, No.6, 2021, p.830.");
        assert_eq!(uncovered(&c), None);
    }
}
