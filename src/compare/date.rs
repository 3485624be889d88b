//! Comparing a cited date with the dates a page states.
//!
//! A citation is as precise as its author wrote it: `June 2023` matches any day of that
//! month. Day-precise dates get a day of slack either way, because a page's time stamp
//! and a reader's calendar can sit in different time zones. A page changed after the cited
//! date is "updated since", not wrong.

use serde::{Deserialize, Serialize};

use crate::extract::PartialDate;
use crate::inspect::{DateKind, PageMeta, Precision};

/// What the date comparison found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateResult {
    /// The page's publication date agrees with the cited date.
    Agrees,
    /// The publication date agrees, and the page was changed after the cited date.
    UpdatedSince,
    /// The cited date is the page's last-modified date.
    CitesUpdate,
    /// The page states a different date.
    Differs,
    /// The page states no date to compare with.
    PageStatesNone,
    /// The citation gives no date.
    NotCited,
}

/// The outcome of comparing dates, with what was compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateCheck {
    /// The verdict on the dates.
    pub result: DateResult,
    /// The cited date.
    pub cited: Option<PartialDate>,
    /// The page's date it was compared with.
    pub found: Option<PartialDate>,
    /// Where on the page that date came from.
    pub source: Option<String>,
}

/// True when `found` falls on `cited` at the precision both have, with a day of slack
/// between two day-precise dates.
pub fn agrees(cited: &PartialDate, found: &PartialDate) -> bool {
    if cited.year != found.year {
        // Only the day slack can cross a year boundary (31 December / 1 January).
        return day_gap(cited, found).is_some_and(|gap| gap <= 1);
    }
    match (cited.month, found.month) {
        (Some(cm), Some(fm)) if cm != fm => day_gap(cited, found).is_some_and(|gap| gap <= 1),
        (Some(_), Some(_)) => match (cited.day, found.day) {
            (Some(_), Some(_)) => day_gap(cited, found).is_some_and(|gap| gap <= 1),
            _ => true,
        },
        _ => true,
    }
}

/// Days between two day-precise dates.
fn day_gap(a: &PartialDate, b: &PartialDate) -> Option<u64> {
    Some(days(a)?.abs_diff(days(b)?))
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days(d: &PartialDate) -> Option<i64> {
    let (y, m, day) = (i64::from(d.year), i64::from(d.month?), i64::from(d.day?));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// True when `later` is after `date` beyond the slack, at `date`'s precision.
fn after(later: &PartialDate, date: &PartialDate) -> bool {
    !agrees(date, later) && later > date
}

/// Compares the cited date with the page's dates: its best publication date first, then
/// any other publication date (URL dates only when nothing else exists), then the
/// modification dates.
pub fn check(cited: Option<&PartialDate>, page: &PageMeta) -> DateCheck {
    let Some(cited) = cited else {
        return DateCheck {
            result: DateResult::NotCited,
            cited: None,
            found: None,
            source: None,
        };
    };
    let published: Vec<_> = page
        .dates
        .iter()
        .filter(|d| d.kind == DateKind::Published)
        .collect();
    let stated: Vec<_> = published
        .iter()
        .copied()
        .filter(|d| !matches!(d.source.as_str(), "url" | "image-url" | "markup"))
        .collect();
    let usable = if stated.is_empty() {
        &published
    } else {
        &stated
    };
    let best = page
        .date
        .as_deref()
        .and_then(PartialDate::parse_iso)
        .and_then(|b| usable.iter().find(|d| d.value == b).copied())
        .or_else(|| usable.iter().max_by_key(|d| d.precision).copied());
    let modified = page.dates.iter().filter(|d| d.kind == DateKind::Modified);
    let latest_change = modified.clone().map(|d| d.value).max();
    let out = |result, found: Option<&crate::inspect::DateCandidate>| DateCheck {
        result,
        cited: Some(*cited),
        found: found.map(|d| d.value),
        source: found.map(|d| d.source.clone()),
    };
    let Some(best) = best else {
        return match modified.clone().find(|d| agrees(cited, &d.value)) {
            Some(m) => out(DateResult::CitesUpdate, Some(m)),
            None => out(DateResult::PageStatesNone, None),
        };
    };
    if agrees(cited, &best.value) {
        let updated = latest_change.is_some_and(|m| after(&m, cited));
        let result = if updated {
            DateResult::UpdatedSince
        } else {
            DateResult::Agrees
        };
        return out(result, Some(best));
    }
    if let Some(m) = modified.clone().find(|d| agrees(cited, &d.value)) {
        return out(DateResult::CitesUpdate, Some(m));
    }
    // A coarse page date (a year, a month) cannot contradict a citation on its own if a
    // more precise stated date agrees.
    if let Some(other) = usable
        .iter()
        .find(|d| d.precision == Precision::Day && agrees(cited, &d.value))
    {
        return out(DateResult::Agrees, Some(other));
    }
    out(DateResult::Differs, Some(best))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::{DateCandidate, PageMeta};

    fn d(s: &str) -> PartialDate {
        PartialDate::parse_iso(s).unwrap_or_else(|| unreachable!("{s}"))
    }

    #[test]
    fn precision_and_slack() {
        let cases = [
            ("2023-06", "2023-06-22", true),
            ("2023", "2023-12-31", true),
            ("2023-06-22", "2023-06-23", true),
            ("2023-06-22", "2023-06-24", false),
            ("2023-12-31", "2024-01-01", true),
            ("2023-06-30", "2023-07-01", true),
            ("2023-06", "2023-07-15", false),
            ("2023-06-22", "2023-06", true),
        ];
        for (cited, found, want) in cases {
            assert_eq!(agrees(&d(cited), &d(found)), want, "{cited} vs {found}");
        }
    }

    fn page(dates: &[(&str, &str, DateKind)]) -> PageMeta {
        let mut meta = PageMeta::default();
        for (value, source, kind) in dates {
            let value = d(value);
            meta.dates.push(DateCandidate {
                value,
                source: (*source).to_owned(),
                kind: *kind,
                precision: Precision::of(&value),
            });
        }
        meta.date = meta
            .dates
            .iter()
            .find(|c| c.kind == DateKind::Published && c.precision == Precision::Day)
            .map(|c| c.value.to_string());
        meta
    }

    #[test]
    fn results() {
        use DateKind::*;
        let p = page(&[
            ("2023-06-22", "article:published_time", Published),
            ("2024-01-10", "article:modified_time", Modified),
            ("2023-06-21", "url", Published),
        ]);
        assert_eq!(
            check(Some(&d("2023-06-22")), &p).result,
            DateResult::UpdatedSince
        );
        assert_eq!(
            check(Some(&d("2024-01-10")), &p).result,
            DateResult::CitesUpdate
        );
        assert_eq!(
            check(Some(&d("2022-01-01")), &p).result,
            DateResult::Differs
        );
        assert_eq!(check(None, &p).result, DateResult::NotCited);
        let only_url = page(&[("2023-06-21", "url", Published)]);
        assert_eq!(
            check(Some(&d("2023-06")), &only_url).result,
            DateResult::Agrees
        );
        assert_eq!(
            check(Some(&d("2023-06")), &page(&[])).result,
            DateResult::PageStatesNone
        );
    }
}
