//! Gathering candidates, and choosing the best title and date among them.
//!
//! Every reader (meta tags, JSON-LD, the article header, the URL, a PDF's Info
//! dictionary) adds candidates to one [`Found`]; the choice happens once, here, by a fixed
//! order of trust, so that the result does not depend on the order the readers ran in.

use crate::date::PartialDate;

use super::text::{collapse, decode_entities, truncate_chars};
use super::{DateCandidate, DateKind, PageKind, PageMeta, Precision, TitleCandidate};

/// Longest title kept; longer "titles" are paragraphs.
const MAX_TITLE: usize = 400;
/// Candidates kept per list, so that a hostile page cannot grow the output without bound.
const MAX_CANDIDATES: usize = 64;

/// Candidates found so far.
#[derive(Debug, Default, Clone)]
pub(crate) struct Found {
    pub titles: Vec<TitleCandidate>,
    pub dates: Vec<DateCandidate>,
    pub site_names: Vec<String>,
    pub lead: String,
    /// The page's own offset from UTC in minutes, when it states one: values stated in
    /// UTC are read as the day there.
    pub zone: Option<i32>,
}

impl Found {
    /// Adds a title candidate (cleaned; empty and duplicate ones are dropped).
    pub fn title(&mut self, source: &str, value: &str) {
        let value = collapse(&decode_entities(value));
        let value = truncate_chars(&value, MAX_TITLE).to_owned();
        if value.is_empty() || self.titles.len() >= MAX_CANDIDATES {
            return;
        }
        if !self
            .titles
            .iter()
            .any(|t| t.source == source && t.value == value)
        {
            self.titles.push(TitleCandidate {
                value,
                source: source.to_owned(),
            });
        }
    }

    /// Adds a date candidate.
    pub fn date(&mut self, source: &str, kind: DateKind, value: PartialDate) {
        if self.dates.len() >= MAX_CANDIDATES
            || self
                .dates
                .iter()
                .any(|d| d.source == source && d.kind == kind && d.value == value)
        {
            return;
        }
        self.dates.push(DateCandidate {
            value,
            source: source.to_owned(),
            kind,
            precision: Precision::of(&value),
        });
    }

    /// Reads a date value (see [`super::dates::parse_value`]) as the calendar day in the
    /// page's own zone when the value is stated in UTC and the page states its zone.
    pub fn local(&self, value: &str) -> Option<PartialDate> {
        let date = super::dates::parse_value(value)?;
        match (self.zone, super::dates::utc_minutes(value)) {
            (Some(zone), Some(minutes)) => Some(super::dates::to_zone(date, minutes, zone)),
            _ => Some(date),
        }
    }

    /// Adds a site name.
    pub fn site_name(&mut self, _source: &str, value: &str) {
        let value = collapse(&decode_entities(value));
        let value = truncate_chars(&value, 200).to_owned();
        if !value.is_empty() && !self.site_names.contains(&value) && self.site_names.len() < 8 {
            self.site_names.push(value);
        }
    }

    /// The first title candidate from `source`.
    pub fn title_from(&self, source: &str) -> Option<&str> {
        self.titles
            .iter()
            .find(|t| t.source == source)
            .map(|t| t.value.as_str())
    }

    /// Orders the candidates by trust and picks the best of each.
    pub fn finish(mut self, kind: PageKind, best_title: Option<String>) -> PageMeta {
        self.titles.sort_by_key(|t| title_rank(&t.source));
        self.dates
            .sort_by_key(|d| (date_rank(&d.source), d.kind == DateKind::Modified));
        let best = |kind: DateKind| {
            self.dates
                .iter()
                .find(|d| d.kind == kind && d.precision == Precision::Day)
                .map(|d| d.value)
        };
        // A URL keeps the date of first publication when a republished page's metadata
        // moves on, so a full URL date well before the stated one (months, not the day
        // or two between a CMS creating a page and publishing it) is the original date.
        let url_day = self
            .dates
            .iter()
            .find(|d| d.source == "url" && d.precision == Precision::Day)
            .map(|d| d.value);
        let published = match (best(DateKind::Published), url_day) {
            (Some(stated), Some(url)) if months(&stated) >= months(&url) + 2 => Some(url),
            (stated, _) => stated,
        };
        // A page that states only "Updated December 12, 2016" gives no better date of
        // its own; its update date is still the best answer to "when".
        let published = published.or_else(|| best(DateKind::Modified));
        PageMeta {
            title: best_title,
            date: published.map(|d| d.to_string()),
            modified: best(DateKind::Modified).map(|d| d.to_string()),
            site_name: self.site_names.first().cloned(),
            kind,
            lead: self.lead,
            titles: self.titles,
            dates: self.dates,
            ..PageMeta::default()
        }
    }
}

/// Months since year 0, for coarse distances between dates.
fn months(d: &PartialDate) -> u32 {
    u32::from(d.year) * 12 + u32::from(d.month.unwrap_or(1))
}

/// Title sources in order of trust.
pub(crate) const TITLE_SOURCES: &[&str] = &[
    "citation_title",
    "pdf:info",
    "pdf:xmp",
    "og:title",
    "json-ld:headline",
    "twitter:title",
    "dc.title",
    "dcterms.title",
    "itemprop:headline",
    "json-ld:name",
    "json-ld:page-headline",
    "json-ld:page-name",
    "title",
    "h1",
    "pdf:first-page",
];

fn title_rank(source: &str) -> usize {
    TITLE_SOURCES
        .iter()
        .position(|s| *s == source)
        .unwrap_or(TITLE_SOURCES.len())
}

/// Date sources in order of trust: scholarly and explicit publication metadata first, the
/// article header's labelled dates next, then a full date in the URL (stronger evidence
/// than an unlabelled date in the text), and dates of images and scripts last.
const DATE_SOURCES: &[&[&str]] = &[
    &[
        "citation_publication_date",
        "citation_date",
        "dc.date.issued",
        "dcterms.issued",
        "pdf:info",
        "pdf:xmp",
    ],
    &[
        "article:published_time",
        "og:article:published_time",
        "og:published_time",
        "json-ld:datePublished",
        "itemprop:datePublished",
        "published_time",
        "parsely-pub-date",
        "sailthru.date",
        "article.published",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "publication_date",
        "date",
        "dc.date",
        "dcterms.date",
        "dc.date.created",
        "dcterms.created",
    ],
    &[
        "json-ld:dateCreated",
        "json-ld:page-datePublished",
        "json-ld:page-dateCreated",
        "citation_online_date",
        "json-ld:dateModified",
    ],
    &["time:published", "text:published"],
    &["url"],
    &["time", "class"],
    &["text"],
    &["image-url"],
    &["markup"],
];

/// The `<meta>` name, as a date source, when `name` states the publication date: the
/// names of the first three trust groups, other than JSON-LD, microdata and PDF sources.
pub(super) fn published_meta(name: &str) -> Option<&'static str> {
    DATE_SOURCES
        .iter()
        .take(3)
        .flat_map(|group| group.iter())
        .find(|s| **s == name)
        .copied()
        .filter(|s| {
            !s.starts_with("json-ld:") && !s.starts_with("itemprop:") && !s.starts_with("pdf:")
        })
}

fn date_rank(source: &str) -> usize {
    DATE_SOURCES
        .iter()
        .position(|group| group.contains(&source))
        .unwrap_or(DATE_SOURCES.len())
}
