//! Does the page's date agree with the cited date, at the precision the citation gives?

use crate::date::{days_in_month, PartialDate};
use crate::types::{DateAgreement, DateCandidate, DateCheck, DateKind, PageKind};

/// Compares `cited` with the page's date candidates (in the page's order of trust).
/// The URL's date is used only when the page states no publication date of its own.
pub fn check(cited: Option<PartialDate>, dates: &[DateCandidate]) -> DateCheck {
    check_weighed(cited, dates, |d| is_file_date(d, None))
}

/// Like [`check`], with `weak` saying which candidates are only a file's own dates:
/// those are compared only when the page states no other publication date, and then
/// they can make the dates agree but never differ (a PDF created or uploaded in 2020
/// may well be the report published in 2017).
pub fn check_weighed(
    cited: Option<PartialDate>,
    dates: &[DateCandidate],
    weak: impl Fn(&DateCandidate) -> bool,
) -> DateCheck {
    let first = |want_weak: bool| {
        let of_kind = |d: &&DateCandidate| d.kind == DateKind::Published && weak(d) == want_weak;
        let mut candidates = dates.iter().filter(of_kind);
        candidates
            .clone()
            .find(|d| d.source != "url")
            .or_else(|| candidates.find(|d| d.source == "url"))
    };
    let (published, is_weak) = match first(false) {
        Some(d) => (Some(d), false),
        None => (first(true), true),
    };
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
        weak: published.is_some() && is_weak,
    };
    let (Some(cited), Some(page)) = (cited, published) else {
        return unknown;
    };
    if !agree(cited, page.value) {
        if is_weak {
            return unknown;
        }
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

/// Path segments under which sites keep uploaded files: a date there is when the file
/// was uploaded, not when the work was published.
const UPLOAD_DIRS: &[&str] = &[
    "/wp-content/uploads/",
    "/uploads/",
    "/files/",
    "/sites/default/files/",
    "/media/",
    "/documents/",
    "/docs/",
    "/assets/",
    "/download/",
    "/downloads/",
    "/attachments/",
];

/// True for a candidate that is only a file's own date: a PDF's creation date (Info
/// `CreationDate`, XMP `CreateDate`), or the date in the path of a document that is not
/// a web page (`pdf`) or of anything under an upload folder of `url`.
pub fn is_file_date(d: &DateCandidate, document: Option<(PageKind, &str)>) -> bool {
    if d.kind == DateKind::Published && matches!(d.source.as_str(), "pdf:info" | "pdf:xmp") {
        return true;
    }
    if d.source != "url" {
        return false;
    }
    let Some((kind, url)) = document else {
        return false;
    };
    let path = url::Url::parse(url)
        .map(|u| u.path().to_ascii_lowercase())
        .unwrap_or_default();
    kind == PageKind::Pdf || UPLOAD_DIRS.iter().any(|dir| path.contains(dir))
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
    fn a_file_date_never_makes_a_mismatch_alone() {
        // A report cited as of 2017, in a PDF created and uploaded in 2020.
        let dates = [
            cand("2020-05-04", "pdf:info", DateKind::Published),
            cand("2020-05", "url", DateKind::Published),
        ];
        let url = "https://www.example.org/wp-content/uploads/2020/05/report.pdf";
        let weak = |d: &DateCandidate| is_file_date(d, Some((PageKind::Pdf, url)));
        let c = check_weighed(Some(d("2017-03")), &dates, weak);
        assert_eq!(c.agreement, DateAgreement::Unknown);
        assert!(c.weak);
        assert_eq!(c.page_date, Some(d("2020-05-04")));
        // It still supports a match.
        let c = check_weighed(Some(d("2020-05")), &dates, weak);
        assert_eq!((c.agreement, c.weak), (DateAgreement::Agrees, true));
        // A stated publication date is compared, and outranks the file's dates.
        let mut stated = dates.to_vec();
        stated.push(cand(
            "2017-03-01",
            "citation_publication_date",
            DateKind::Published,
        ));
        let c = check_weighed(Some(d("2017-03")), &stated, weak);
        assert_eq!((c.agreement, c.weak), (DateAgreement::Agrees, false));
        let c = check_weighed(Some(d("2019")), &stated, weak);
        assert_eq!(c.agreement, DateAgreement::Differs);
        // An article's URL date is the publisher's, and still decides.
        let html = [cand("2023-06-22", "url", DateKind::Published)];
        let page = "https://www.example.org/2023/06/22/story/";
        let c = check_weighed(Some(d("2021-01-05")), &html, |x| {
            is_file_date(x, Some((PageKind::Html, page)))
        });
        assert_eq!(c.agreement, DateAgreement::Differs);
        let upload = "https://www.example.org/sites/default/files/2020-05/brief.html";
        assert!(is_file_date(&html[0], Some((PageKind::Html, upload))));
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
