//! Sites that moved whole sections with their paths intact, such as the Biden White
//! House (`www.whitehouse.gov` pages of 2021-01-20 to 2025-01-20 now live at
//! `bidenwhitehouse.archives.gov`): the most trustworthy replacement for a gone page, once
//! the moved address is fetched and found to be the work cited.

use crate::date::PartialDate;

/// A site section that moved with its paths intact.
struct Move {
    /// The host the pages were cited on.
    host: &'static str,
    /// The first and last day the old host served these pages (inclusive).
    from: (u16, u8, u8),
    until: (u16, u8, u8),
    /// Where they live now.
    to: &'static str,
}

/// Moves worth a rule: whole sites archived under a new host, paths unchanged.
const MOVES: &[Move] = &[
    Move {
        host: "www.whitehouse.gov",
        from: (2021, 1, 20),
        until: (2025, 1, 20),
        to: "bidenwhitehouse.archives.gov",
    },
    Move {
        host: "whitehouse.gov",
        from: (2021, 1, 20),
        until: (2025, 1, 20),
        to: "bidenwhitehouse.archives.gov",
    },
    Move {
        host: "www.whitehouse.gov",
        from: (2017, 1, 20),
        until: (2021, 1, 20),
        to: "trumpwhitehouse.archives.gov",
    },
    Move {
        host: "www.whitehouse.gov",
        from: (2009, 1, 20),
        until: (2017, 1, 20),
        to: "obamawhitehouse.archives.gov",
    },
];

/// The moved address of `url`, when a known move covers it: the citation's date (or
/// else a date in the URL's path) must fall in the period the old host served the page.
pub fn known_move(url: &str, cited: Option<PartialDate>) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let when = cited.or_else(|| date_in_path(parsed.path()))?;
    let m = MOVES
        .iter()
        .find(|m| m.host == host && overlaps(when, m.from, m.until))?;
    let mut moved = parsed.clone();
    moved.set_host(Some(m.to)).ok()?;
    // The archives are served over https only.
    moved.set_scheme("https").ok()?;
    Some(moved.to_string())
}

/// Whether a date known to the year, month or day can fall within `[from, until]`.
fn overlaps(d: PartialDate, from: (u16, u8, u8), until: (u16, u8, u8)) -> bool {
    let first = (
        d.year,
        d.month.unwrap_or(1),
        d.day.or(d.month.map(|_| 1)).unwrap_or(1),
    );
    let last = (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31));
    last >= from && first <= until
}

/// `/2023/06/22/` or `/wp-content/uploads/2022/10/`: the year and month a path was
/// published under, when it says so.
fn date_in_path(path: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(2).find_map(|w| {
        let year: u16 = (w[0].len() == 4).then(|| w[0].parse().ok()).flatten()?;
        let month: u8 = (w[1].len() == 2).then(|| w[1].parse().ok()).flatten()?;
        if (1990..=2100).contains(&year) {
            PartialDate::new(year, Some(month), None)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<PartialDate> {
        PartialDate::parse_iso(s)
    }

    #[test]
    fn whitehouse_pages_of_the_biden_years_moved() {
        let cases = [
            (
                "https://www.whitehouse.gov/briefing-room/statements-releases/2023/06/22/joint-statement/#:~:text=x",
                None,
                Some("https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2023/06/22/joint-statement/#:~:text=x"),
            ),
            (
                "https://www.whitehouse.gov/wp-content/uploads/2022/02/U.S.-Indo-Pacific-Strategy.pdf",
                None,
                Some("https://bidenwhitehouse.archives.gov/wp-content/uploads/2022/02/U.S.-Indo-Pacific-Strategy.pdf"),
            ),
            // The cited date decides when the path has none.
            (
                "http://www.whitehouse.gov/about",
                date("2024-05"),
                Some("https://bidenwhitehouse.archives.gov/about"),
            ),
            (
                "https://www.whitehouse.gov/about",
                date("2019-03-02"),
                Some("https://trumpwhitehouse.archives.gov/about"),
            ),
            // A page of the current administration, and an undated one: no rule applies.
            ("https://www.whitehouse.gov/about", date("2025-06-01"), None),
            ("https://www.whitehouse.gov/about", None, None),
            ("https://www.state.gov/2023/06/x", None, None),
            ("not a url", date("2023"), None),
        ];
        for (url, cited, want) in cases {
            assert_eq!(known_move(url, cited).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn partial_dates_overlap_a_period_by_any_day() {
        let from = (2021, 1, 20);
        let until = (2025, 1, 20);
        assert!(overlaps(date("2021").unwrap(), from, until));
        assert!(overlaps(date("2025-01").unwrap(), from, until));
        assert!(!overlaps(date("2025-01-21").unwrap(), from, until));
        assert!(!overlaps(date("2021-01-19").unwrap(), from, until));
    }
}
