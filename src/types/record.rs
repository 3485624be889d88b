//! What the bibliographic lookup hands forward: the record a database holds for a cited
//! work, and how the citation compared with it.
//!
//! A citation without a URL is checked against bibliographic databases, and one with a
//! DOI against the DOI's registry; the report shows the record found (with a link usable
//! in place of a URL) and what differs. These types are data only; the rules that choose
//! a record live in `crate::biblio`.

use serde::{Deserialize, Serialize};

/// A bibliographic database or DOI registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BiblioSource {
    /// Crossref's REST API: most journal, book and proceedings DOIs.
    Crossref,
    /// DataCite's REST API: DOIs of data, software, preprints (arXiv), theses.
    Datacite,
    /// The DOI resolver's handle API: whether a DOI is registered at all.
    DoiOrg,
    /// OpenAlex: works with and without DOIs, across languages.
    Openalex,
    /// Open Library: books, by title or ISBN.
    Openlibrary,
}

impl BiblioSource {
    /// Every source, in the order lookups ask them.
    pub const ALL: [BiblioSource; 5] = [
        BiblioSource::Crossref,
        BiblioSource::Datacite,
        BiblioSource::DoiOrg,
        BiblioSource::Openalex,
        BiblioSource::Openlibrary,
    ];

    /// The stable kebab-case code, as serialized.
    pub fn code(self) -> &'static str {
        match self {
            BiblioSource::Crossref => "crossref",
            BiblioSource::Datacite => "datacite",
            BiblioSource::DoiOrg => "doi-org",
            BiblioSource::Openalex => "openalex",
            BiblioSource::Openlibrary => "openlibrary",
        }
    }

    /// The name people know the source by.
    pub fn name(self) -> &'static str {
        match self {
            BiblioSource::Crossref => "Crossref",
            BiblioSource::Datacite => "DataCite",
            BiblioSource::DoiOrg => "doi.org",
            BiblioSource::Openalex => "OpenAlex",
            BiblioSource::Openlibrary => "Open Library",
        }
    }
}

/// A work as a bibliographic source records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BiblioRecord {
    /// Where the record came from.
    pub source: BiblioSource,
    /// The source's own identifier: the DOI, an OpenAlex work id, an Open Library key.
    pub id: String,
    /// The work's DOI, lower-cased, when it has one.
    pub doi: Option<String>,
    /// A link to the work (`https://doi.org/...`) or to its record: usable as the URL.
    pub url: String,
    /// The title, subtitle included.
    pub title: String,
    /// Authors as the source names them (`Family, Given` where it says which is which).
    pub authors: Vec<String>,
    /// The year of publication (of the edition cited, where the source knows several).
    pub year: Option<u16>,
    /// Other years the source gives the work (online first, other editions), which a
    /// citation may give instead.
    pub other_years: Vec<u16>,
    /// The journal, book or series the work appeared in, or the publisher of a book.
    pub container: Option<String>,
    /// The source's kind of work (`journal-article`, `book`, `dataset`...).
    pub kind: Option<String>,
}

/// How a citation was looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LookupMethod {
    /// By the DOI the citation gives.
    Doi,
    /// By the ISBN the citation gives.
    Isbn,
    /// By title, authors, year and container.
    Search,
}

/// What one source said when asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceAnswer {
    /// It answered with the record that was accepted.
    Matched,
    /// It answered, but no record it gave is the cited work.
    NoMatch,
    /// It answered that it does not know the identifier asked about (a DOI, an ISBN).
    Unknown,
    /// It did not answer usably: down, timed out, refused, or sent something unreadable.
    Failed,
    /// It was not asked over the network: offline and not cached, or no network.
    NotChecked,
}

/// One question put to one source, for the report and for request counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    /// The source.
    pub source: BiblioSource,
    /// What it said.
    pub answer: SourceAnswer,
    /// HTTP requests sent (retries included; 0 when served from the cache).
    pub requests: u32,
    /// True when the answer came from the on-disk cache.
    pub from_cache: bool,
    /// A failure in words, when it failed.
    pub detail: Option<String>,
}

/// One field on which the citation and the record disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// `title`, `authors`, `year` or `container`.
    pub field: String,
    /// What the citation says.
    pub cited: String,
    /// What the record says.
    pub record: String,
}

/// The bibliographic check of one citation: how it was looked up, what each source
/// said, the record chosen, and what differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BiblioLookup {
    /// By DOI, ISBN or search.
    pub method: LookupMethod,
    /// The DOI the citation gives, lower-cased, when it gives one.
    pub doi: Option<String>,
    /// The ISBN the citation gives, when it gives one.
    pub isbn: Option<String>,
    /// The record matched (or, for a mismatch or `not-found`, the closest one).
    pub record: Option<BiblioRecord>,
    /// True when `record` is the cited work; false when it is only the closest.
    pub matched: bool,
    /// Similarity of the cited title to the record's (0 to 1), when compared.
    pub title_score: Option<f64>,
    /// Fields on which the citation and the record disagree.
    pub differences: Vec<Difference>,
    /// Every source asked, in order.
    pub asked: Vec<Asked>,
}

impl BiblioLookup {
    /// How a lookup went, for a reader: the method and each source's answer.
    pub fn describe(&self) -> String {
        let method = match self.method {
            LookupMethod::Doi => "by DOI",
            LookupMethod::Isbn => "by ISBN",
            LookupMethod::Search => "by search",
        };
        let asked: Vec<String> = self
            .asked
            .iter()
            .map(|a| format!("{} {}", a.source.name(), answer_word(a.answer)))
            .collect();
        format!("{method}: {}", asked.join(", "))
    }
}

fn answer_word(a: SourceAnswer) -> &'static str {
    match a {
        SourceAnswer::Matched => "found it",
        SourceAnswer::NoMatch => "found nothing that matches",
        SourceAnswer::Unknown => "does not know it",
        SourceAnswer::Failed => "did not answer",
        SourceAnswer::NotChecked => "not asked",
    }
}
