//! Does the page's date agree with the cited date, at the precision the citation gives?

use crate::date::{days_in_month, PartialDate};
use crate::types::{DateAgreement, DateCandidate, DateCheck, DateKind};

/// Compares `cited` with the page's date candidates (in the page's order of trust).
/// The URL's date is used only when the page states no publication date of its own.
pub fn check(cited: Option<PartialDate>, dates: &[DateCandidate]) -> DateCheck {
    let published = dates
        .iter()
        .filter(|d| d.kind == DateKind::Published)
        .find(|d| d.source != "url")
        .or_else(|| {
            dates
                .iter()
                .find(|d| d.kind == DateKind::Published && d.source == "url")
        });
    let modified = dates
        .iter()
        .filter(|d| d.kind == DateKind::Modified)
        .map(|d| d.value)
        .max();
    let unknown = DateCheck {
        agreement: DateAgreement::Unknown,
        page_date: published.map(|d| d.value),
        source: published.map(|d| d.source.clone()),
        modified: None,
    };
    let (Some(cited), Some(page)) = (cited, published) else {
        return unknown;
    };
    if !agree(cited, page.value) {
        return DateCheck {
            agreement: DateAgreement::Differs,
            ..unknown
        };
    }
    let later = modified.filter(|m| day_range(*m).0 > day_range(cited).1);
    DateCheck {
        agreement: if later.is_some() {
            DateAgreement::UpdatedSince
        } else {
            DateAgreement::Agrees
        },
        modified: later,
        ..unknown
    }
}

/// Two dates agree when the ranges of days they can stand for overlap, with one day of
/// slack for a page that states its time in another time zone.
pub fn agree(a: PartialDate, b: PartialDate) -> bool {
    let (a0, a1) = day_range(a);
    let (b0, b1) = day_range(b);
    a0 <= b1 + 1 && b0 <= a1 + 1
}

/// The first and last day a partial date can mean, as day numbers.
fn day_range(d: PartialDate) -> (i64, i64) {
    let (m0, m1) = d.month.map_or((1, 12), |m| (m, m));
    let first_day = d.day.unwrap_or(1);
    let last_day = d.day.unwrap_or_else(|| days_in_month(d.year, m1));
    (
        day_number(d.year, m0, first_day),
        day_number(d.year, m1, last_day),
    )
}

fn day_number(year: u16, month: u8, day: u8) -> i64 {
    crate::date::days_from_civil(i64::from(year), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Precision;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse_iso(s).unwrap()
    }

    fn cand(s: &str, source: &str, kind: DateKind) -> DateCandidate {
        DateCandidate {
            value: d(s),
            source: source.to_owned(),
            kind,
            precision: Precision::of(&d(s)),
        }
    }

    #[test]
    fn agreement_at_the_cited_precision() {
        assert!(agree(d("2023-06"), d("2023-06-30")));
        assert!(agree(d("2023"), d("2023-12-31")));
        assert!(
            agree(d("2023-06-22"), d("2023-06-23")),
            "a day of time-zone slack"
        );
        assert!(agree(d("2023-06-30"), d("2023-07-01")));
        assert!(!agree(d("2023-06-22"), d("2023-06-24")));
        assert!(!agree(d("2023-06"), d("2023-08-01")));
        assert!(agree(d("2023-12-31"), d("2024-01-01")));
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2024, 3, 1) - day_number(2024, 2, 28), 2);
    }

    #[test]
    fn the_page_date_used_and_updates() {
        let dates = [
            cand("2023-06-22", "url", DateKind::Published),
            cand("2023-06-21", "article:published_time", DateKind::Published),
            cand("2024-01-05", "article:modified_time", DateKind::Modified),
        ];
        let c = check(Some(d("2023-06-22")), &dates);
        assert_eq!(c.agreement, DateAgreement::UpdatedSince);
        assert_eq!(c.source.as_deref(), Some("article:published_time"));
        assert_eq!(c.modified, Some(d("2024-01-05")));

        let c = check(Some(d("2022-01-01")), &dates);
        assert_eq!(c.agreement, DateAgreement::Differs);
        assert_eq!(check(None, &dates).agreement, DateAgreement::Unknown);
        assert_eq!(
            check(Some(d("2020")), &[]).agreement,
            DateAgreement::Unknown
        );

        // Only the URL gives a date: it is used.
        let url_only = [cand("2023-06", "url", DateKind::Published)];
        let c = check(Some(d("2023-06-22")), &url_only);
        assert_eq!(c.agreement, DateAgreement::Agrees);
        assert_eq!(c.source.as_deref(), Some("url"));
    }
}
