//! Title similarity: does the page's (or a bibliographic record's) title say what the
//! citation's title says? The compare stage and the biblio lookups both ask.
//!
//! Titles are compared as bags of tokens after normalisation, because what differs
//! between a cited title and a page's title is rarely the words themselves: case,
//! curly or straight quotes, dashes, a site name appended (`| Reuters`), a subtitle
//! dropped, "U.S." spelled "US" or "United States". Latin script is split into words
//! (minus a few function words); Chinese and Japanese, which have no spaces, into
//! overlapping character pairs, so that a reworded or truncated title still shares most
//! of its pairs with the original. Words run together by a PDF's text layer
//! ("AmericanInterests") or split apart are matched to the other title's words first
//! (see [`unglue`]).

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::is_cjk;

/// A title score at or above this is a match.
pub const TITLE_MATCH: f64 = 0.5;
/// Share of the cited title's words that must appear in the page's text when no title
/// candidate matches (pages whose `<title>` is only the site's name).
pub const TEXT_MATCH: f64 = 0.9;

/// Function words that carry no meaning of their own in a title.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "at", "by", "from", "as", "is",
    "are", "its", "it", "or", "vs", "de", "la", "le", "les", "des", "du", "et", "der", "die",
    "das", "und",
];

/// Folds case, compatibility forms (full-width letters, ligatures), quotes and dashes, and
/// keeps letters, digits and single spaces. A left single quote always opens a quotation,
/// even glued to the word before it (`US-India‘Global Partnership’`); the right one is an
/// apostrophe inside a word (`America’s`).
pub fn normalise(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut space = true;
    for c in title.nfkc().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{2018}' | '\u{201b}' => ' ',
            '\u{2019}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
            c => c,
        };
        if c.is_alphanumeric() || (c == '\'' && !space) {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    while out.ends_with(' ') || out.ends_with('\'') {
        out.pop();
    }
    out
}

/// The tokens of a normalised title: meaningful words, and pairs of CJK characters.
pub fn tokens(normalised: &str) -> Vec<String> {
    let expanded = expand_abbreviations(normalised);
    let mut out = Vec::new();
    for word in expanded.split(' ').filter(|w| !w.is_empty()) {
        let word = word.trim_matches('\'');
        let word = word.strip_suffix("'s").unwrap_or(word);
        if word.chars().any(is_cjk) {
            cjk_tokens(word, &mut out);
        } else if !STOPWORDS.contains(&word) && !word.is_empty() {
            out.push(american(word));
        }
    }
    out
}

/// British spellings folded into American ones (`defence`, `organisation`, `centre`,
/// `programme`), so that a citation and a page from either side of the Atlantic agree.
fn american(word: &str) -> String {
    const WHOLE: &[(&str, &str)] = &[
        ("defence", "defense"),
        ("offence", "offense"),
        ("licence", "license"),
        ("programme", "program"),
        ("programmes", "programs"),
        ("centre", "center"),
        ("centres", "centers"),
    ];
    if let Some((_, us)) = WHOLE.iter().find(|(uk, _)| *uk == word) {
        return (*us).to_owned();
    }
    // "-isation" only: "-ise" words are too often not verbs ("wise", "precise").
    for (uk, us) in [("isation", "ization"), ("isations", "izations")] {
        if let Some(stem) = word.strip_suffix(uk).filter(|s| s.chars().count() >= 3) {
            return format!("{stem}{us}");
        }
    }
    word.to_owned()
}

/// `u s` (from "U.S.") and `us` become `united states`: the same country, written three
/// ways in citations and page titles.
fn expand_abbreviations(s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len() + 4);
    let mut i = 0;
    while i < words.len() {
        let (w, next) = (words[i], words.get(i + 1).copied());
        match (w, next) {
            ("u", Some("s")) => {
                out.extend(["united", "states"]);
                i += 2;
                continue;
            }
            ("u", Some("k")) => {
                out.extend(["united", "kingdom"]);
                i += 2;
                continue;
            }
            ("us" | "usa", _) => out.extend(["united", "states"]),
            ("uk", _) => out.extend(["united", "kingdom"]),
            _ => out.push(w),
        }
        i += 1;
    }
    out.join(" ")
}

/// Runs of CJK characters become overlapping pairs (a lone character stays itself);
/// Latin letters and digits inside the run stay whole words.
fn cjk_tokens(word: &str, out: &mut Vec<String>) {
    let mut run: Vec<char> = Vec::new();
    let mut latin = String::new();
    let flush_run = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|p| p.iter().collect::<String>())),
        }
        run.clear();
    };
    for c in word.chars() {
        if is_cjk(c) {
            if !latin.is_empty() {
                out.push(std::mem::take(&mut latin));
            }
            run.push(c);
        } else {
            flush_run(&mut run, out);
            latin.push(c);
        }
    }
    flush_run(&mut run, out);
    if !latin.is_empty() {
        out.push(latin);
    }
}

/// How well a candidate matches the cited title, from 0 to 1.
///
/// The score is the larger of two views. *Overlap*: the F1 of the two token bags, which
/// forgives a few words added or lost. *Containment*: when one title holds nearly all of
/// the other's tokens (a page title with the site's name appended, or a citation that
/// dropped the subtitle), the share of the shorter one found in the longer, discounted
/// when the shorter one is too short to mean much on its own.
pub fn score(cited: &str, candidate: &str) -> f64 {
    let (a, b) = unglue(&normalise(cited), &normalise(candidate));
    let (a, b) = (tokens(&a), tokens(&b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = common(&a, &b) as f64;
    let (la, lb) = (a.len() as f64, b.len() as f64);
    let f1 = 2.0 * common / (la + lb);
    let shorter = la.min(lb);
    let contained = common / shorter;
    // One or two shared words prove little: "India" is in half the corpus's titles.
    let weight = (shorter / 4.0).min(1.0);
    let containment = if contained >= 0.8 {
        contained * weight
    } else {
        0.0
    };
    f1.max(containment).min(1.0)
}

/// How much of the cited title appears in a page's text (recall only: the text is long).
pub fn found_in_text(cited: &str, text: &str) -> f64 {
    let a = tokens(&normalise(cited));
    if a.len() < 3 {
        // Too short to tell a real match from a coincidence in running text.
        return 0.0;
    }
    let (a, b) = unglue(&normalise(cited), &normalise(text));
    let (a, b) = (tokens(&a), tokens(&b));
    common(&a, &b) as f64 / a.len() as f64
}

/// Two normalised titles with their glued words split where the other title has the
/// pieces as consecutive words: `americaninterests` against `american interests`, either
/// way round, and `india'global` against `india global`.
pub fn unglue(a: &str, b: &str) -> (String, String) {
    (split_against(a, b), split_against(b, a))
}

fn split_against(text: &str, other: &str) -> String {
    let theirs: Vec<&str> = other.split(' ').filter(|w| !w.is_empty()).collect();
    let known: HashSet<&str> = theirs.iter().copied().collect();
    let mut out: Vec<&str> = Vec::new();
    for w in text.split(' ').filter(|w| !w.is_empty()) {
        if known.contains(w) || w.chars().count() < 4 {
            out.push(w);
            continue;
        }
        if let Some((l, r)) = w.split_once('\'') {
            if known.contains(l) && known.contains(r) {
                out.extend([l, r]);
                continue;
            }
        }
        match glued(w, &theirs) {
            Some(run) => out.extend(run),
            None => out.push(w),
        }
    }
    out.join(" ")
}

/// The two or three consecutive words of `words` that `word` is made of, if any.
fn glued<'a>(word: &str, words: &[&'a str]) -> Option<Vec<&'a str>> {
    (2..=3).find_map(|n| {
        words
            .windows(n)
            .find(|run| {
                run.iter().map(|w| w.len()).sum::<usize>() == word.len()
                    && word.starts_with(run[0])
                    && run.concat() == word
            })
            .map(<[&str]>::to_vec)
    })
}

/// The size of the multiset intersection.
fn common(a: &[String], b: &[String]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in b {
        *counts.entry(t.as_str()).or_default() += 1;
    }
    a.iter()
        .filter(|t| match counts.get_mut(t.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation() {
        assert_eq!(normalise("“U.S., India”—Rapidly…"), "u s india rapidly");
        assert_eq!(normalise("ＦＵＬＬ width"), "full width");
        assert_eq!(normalise("America’s Bad Bet"), "america's bad bet");
        assert_eq!(normalise("  "), "");
    }

    #[test]
    fn scores() {
        let high = [
            ("United States-India Relations", "U.S. Relations With India"),
            (
                "U.S., India Rapidly Expand Their Military Cooperation",
                "U.S., India Rapidly Expand Their Military Cooperation > U.S. Department of Defense > Defense Department News",
            ),
            (
                "Historic Feats and Enduring Debates: U.S.-India Relations in 2023",
                "Historic Feats and Enduring Debates",
            ),
            ("What Is COMCASA?", "What is COMCASA? - The Hindu"),
            ("美国对华政策的演变", "美国对华政策的演变_中国网"),
            ("2024 年政府工作报告", "政府工作报告（2024年）"),
        ];
        for (a, b) in high {
            let s = score(a, b);
            assert!(s >= 0.7, "{a} / {b}: {s}");
        }
        let low = [
            (
                "India-US Ties Look Promising, but India Must Seize the Moment",
                "Page not found",
            ),
            (
                "New Delhi Is Adopting the Singapore Model for Military-Industrial Relations",
                "Support Independent Journalism: Subscribe to The Wire",
            ),
            (
                "Why GE Plan to Make Fighter Jet Engines in India Is a Big Deal",
                "India",
            ),
            ("美国对华政策的演变", "日本经济新闻首页"),
            ("x", ""),
        ];
        for (a, b) in low {
            let s = score(a, b);
            assert!(s < 0.5, "{a} / {b}: {s}");
        }
    }

    #[test]
    fn glued_and_split_words_and_added_subtitles() {
        // As cited from a PDF whose text layer lost spaces, against the page's title with
        // a subtitle added (was 0.31).
        let cited = "The US-India‘Global Partnership’: How Significant for AmericanInterests?";
        let page = "The U.S.-India \"global Partnership\": How Significant for American \
                    Interests? : Hearing Before the Committee on International Relations, House \
                    of Representatives, One Hundred Ninth Congress, First Session, November 16, 2005";
        assert!(score(cited, page) >= 0.9, "{}", score(cited, page));
        assert!(
            score(
                "Face book and the Public Sphere",
                "Facebook and the Public Sphere"
            ) > 0.99
        );
        assert!(
            score(
                "Facebook and the Public Sphere",
                "Face book and the public sphere"
            ) > 0.99
        );
        assert!(
            score(
                "India'Global Strategy Review",
                "India Global Strategy Review"
            ) > 0.99
        );
        // A quoted subtitle added on the page.
        assert!(
            score(
                "Defence Industry Cooperation Between India and the US",
                "Defence Industry Cooperation Between India and the US: “A Prognosis”"
            ) >= 0.8
        );
        // Gluing finds only what is there: other words stay other words.
        assert!(score("Americaninterests", "American Interiors") < 0.5);
        assert_eq!(
            unglue(
                "how significant for americaninterests",
                "significant american interests"
            ),
            (
                "how significant for american interests".to_owned(),
                "significant american interests".to_owned()
            )
        );
    }

    #[test]
    fn british_and_american_spellings_agree() {
        assert!(
            score(
                "Roadmap for Defence Industrial Cooperation",
                "Roadmap for Defense Industrial Cooperation"
            ) > 0.99
        );
        assert!(score("Organisation of the Centre", "Organization of the Center") > 0.99);
    }

    #[test]
    fn text_containment() {
        let text =
            "Skip to content. Menu. A Big Step Forward in U.S.-India Defense Ties. By Jane Doe.";
        assert!(found_in_text("A Big Step Forward in U.S.-India Defense Ties", text) > 0.99);
        assert_eq!(found_in_text("Menu", text), 0.0);
    }
}
