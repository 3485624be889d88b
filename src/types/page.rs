//! What the inspect stage hands forward: what a page says about itself.

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;

/// What a page says about itself: titles, dates, site, and warning flags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageMeta {
    /// The best guess at the page's own title, site name removed.
    pub title: Option<String>,
    /// The best published date, `YYYY-MM-DD` (a page that states only an update date
    /// gives that); null when the page states no date to the day.
    pub date: Option<String>,
    /// The best modified date, `YYYY-MM-DD`, kept apart from the published one.
    pub modified: Option<String>,
    /// Every title candidate, in order of trust.
    pub titles: Vec<TitleCandidate>,
    /// Every date candidate, published and modified, in order of trust.
    pub dates: Vec<DateCandidate>,
    /// The site's name, as the page states it.
    pub site_name: Option<String>,
    /// What kind of document this is.
    pub kind: PageKind,
    /// True for a page served with success that says it does not exist.
    pub soft_404: bool,
    /// True for a bot wall or challenge page instead of the content.
    pub blocked: bool,
    /// What raised `soft_404` or `blocked`, for reports.
    pub flag_reason: Option<String>,
    /// The start of the page's main text (a PDF's first page), for title matching.
    pub lead: String,
}

/// A title the page states, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleCandidate {
    /// The title text, white space collapsed.
    pub value: String,
    /// Where it was found: `og:title`, `json-ld:headline`, `title`, `h1`, `pdf:info`...
    pub source: String,
}

/// A date the page states, where, and whether it is a publication or a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateCandidate {
    /// The date, as precise as stated (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub value: PartialDate,
    /// Where it was found: `article:published_time`, `json-ld:datePublished`, `url`...
    pub source: String,
    /// Published or modified.
    pub kind: DateKind,
    /// How precise the stated date is.
    pub precision: Precision,
}

/// Publication or modification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateKind {
    /// When the page was first published.
    Published,
    /// When the page was last changed.
    Modified,
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// Known to the year.
    Year,
    /// Known to the month.
    Month,
    /// Known to the day.
    Day,
}

impl Precision {
    /// The precision of a partial date.
    pub fn of(date: &PartialDate) -> Precision {
        match (date.month, date.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }
}

/// What kind of document a page is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    /// An HTML (or XHTML) page.
    Html,
    /// A PDF document.
    Pdf,
    /// Anything else, or nothing.
    #[default]
    Other,
}
