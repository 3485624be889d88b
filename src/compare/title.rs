//! Title normalisation and similarity.
//!
//! A cited title and a page's title differ in ways that do not matter (case, curly or
//! straight quotes, dashes, full-width forms, a site name appended, a title cut with
//! `…`) and in ways that do (other words). Latin-script titles are compared as sets of
//! words; CJK titles, which have no spaces, as sets of character bigrams.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::extract::date::is_cjk;

/// A score at or above this means "the same title".
pub const MATCH: f32 = 0.75;

/// Normalises a title for comparison: NFKC, lower case, one kind of quote and dash,
/// single spaces, no trailing punctuation or ellipsis.
pub fn normalize(s: &str) -> String {
    let mapped: String = s
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '´' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '«' | '»' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let collapsed = mapped.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_end_matches(|c: char| c == '…' || c.is_ascii_punctuation() || c == '。')
        .trim_start_matches(['"', '\''])
        .trim()
        .to_owned()
}

/// Words of a normalised title (letters and digits; CJK runs become bigrams).
fn units(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in s.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let chars: Vec<char> = word.chars().collect();
        if chars.iter().any(|c| is_cjk(*c)) {
            if chars.len() == 1 {
                out.push(word.to_owned());
            }
            out.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
        } else {
            out.push(word.to_owned());
        }
    }
    out
}

/// How well `candidate` (a title the page states) matches `cited`, from 0 to 1.
///
/// Recall counts more than precision (an F2 score), because pages add site names,
/// section names and subtitles to their titles far more often than citations drop words.
/// A citation cut short (`…`) matches a page title that starts with it.
pub fn similarity(cited: &str, candidate: &str) -> f32 {
    // A site or section name split off by a separator costs nothing: try the candidate
    // without its first or last part too.
    let mut best = score(cited, candidate);
    for sep in crate::inspect::SEPARATORS {
        let parts: Vec<&str> = candidate.split(sep).collect();
        if parts.len() >= 2 {
            let n = parts.len();
            best = best
                .max(score(cited, &parts[..n - 1].join(sep)))
                .max(score(cited, &parts[1..].join(sep)));
        }
    }
    best
}

fn score(cited: &str, candidate: &str) -> f32 {
    let (c, p) = (normalize(cited), normalize(candidate));
    if c.is_empty() || p.is_empty() {
        return 0.0;
    }
    if c == p {
        return 1.0;
    }
    let truncated = cited.trim_end().ends_with(['…']) || cited.trim_end().ends_with("...");
    if truncated && p.starts_with(&c) {
        return 1.0;
    }
    let (cu, pu) = (units(&c), units(&p));
    if cu.is_empty() || pu.is_empty() {
        return 0.0;
    }
    let page: HashSet<&str> = pu.iter().map(String::as_str).collect();
    let cited_set: HashSet<&str> = cu.iter().map(String::as_str).collect();
    let hit_c = cu.iter().filter(|u| page.contains(u.as_str())).count() as f32;
    let hit_p = pu.iter().filter(|u| cited_set.contains(u.as_str())).count() as f32;
    let recall = hit_c / cu.len() as f32;
    let precision = hit_p / pu.len() as f32;
    if recall == 0.0 || precision == 0.0 {
        return 0.0;
    }
    let f2 = 5.0 * precision * recall / (4.0 * precision + recall);
    // The page shows only the main title of a cited "Title: Subtitle".
    let short_form = pu.len() >= 2
        && c.strip_prefix(p.as_str()).is_some_and(|rest| {
            rest.trim_start()
                .starts_with([':', '-', '(', '?', '!', '.'])
        });
    let score = if short_form { f2.max(0.85) } else { f2 };
    round(score)
}

/// How well the page's main text shows `cited`: 1 when it contains the whole title,
/// otherwise the share of the title's words found, discounted (body text shares common
/// words with anything).
pub fn in_text(cited: &str, text: &str) -> f32 {
    let (c, t) = (normalize(cited), normalize(text));
    if c.is_empty() || t.is_empty() {
        return 0.0;
    }
    if t.contains(&c) {
        return 1.0;
    }
    let cu = units(&c);
    let words: HashSet<String> = units(&t).into_iter().collect();
    if cu.is_empty() {
        return 0.0;
    }
    let hit = cu.iter().filter(|u| words.contains(*u)).count() as f32;
    round(0.8 * hit / cu.len() as f32)
}

/// Two decimals, so that scores print and compare the same everywhere.
fn round(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation() {
        assert_eq!(
            normalize("  “United States–India  Relations,”  "),
            "united states-india relations"
        );
        assert_eq!(normalize("ＡＢＣ！"), "abc");
        assert_eq!(normalize("Title…"), "title");
    }

    #[test]
    fn scores() {
        let cases: &[(&str, &str, f32, f32)] = &[
            (
                "United States-India Relations",
                "United States–India Relations",
                1.0,
                1.0,
            ),
            ("Budget 2024", "Budget 2024 | Ministry of Finance", 0.8, 1.0),
            (
                "Budget 2024: What Changes for You",
                "Budget 2024",
                0.85,
                0.9,
            ),
            (
                "India and the Quad after 2023...",
                "India and the Quad after 2023: a review",
                1.0,
                1.0,
            ),
            ("Budget 2024", "Football results of the week", 0.0, 0.1),
            (
                "关于2024年预算的通知",
                "关于2024年预算的通知_财政部",
                0.8,
                1.0,
            ),
            ("关于2024年预算的通知", "国防部新闻发布会", 0.0, 0.2),
        ];
        for (cited, page, lo, hi) in cases {
            let s = similarity(cited, page);
            assert!((*lo..=*hi).contains(&s), "{cited} ~ {page}: {s}");
        }
    }

    #[test]
    fn text_contains_title() {
        assert_eq!(
            in_text("Budget 2024", "… the new Budget 2024 was approved …"),
            1.0
        );
        assert!(in_text("Budget 2024 approved", "nothing here") < 0.5);
    }
}
