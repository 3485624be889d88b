//! Unwrapping footnote lines the way a careful reader would.
//!
//! A PDF breaks lines wherever the column ends: between English words (one space
//! belongs there), inside Chinese text (no space), after a hyphen (`MQ-` / `9b`), and
//! anywhere inside a URL, sometimes with a stray space before the break
//! (`https://mtcr.info ` / `/wordpress/...`). Each junction is judged on the text
//! on both sides of it.

use super::url::{is_url_byte, scheme_separator, url_starts_at};

/// How far back we look for the start of a URL that runs into a line break.
/// Printed URLs are far shorter; the bound keeps a hostile 1 MB "URL" linear.
const MAX_URL_LOOKBACK: usize = 4096;

/// Extensions and top-level domains that a PDF may push to the next line after a dot.
/// The first fourteen are file extensions, the rest domains.
const SPLIT_SUFFIXES: &[&str] = &[
    "pdf", "htm", "html", "shtml", "php", "asp", "aspx", "jsp", "cms", "ece", "cfm", "xml", "doc",
    "docx", "ppt", "pptx", "xls", "xlsx", "txt", "json", "com", "org", "net", "gov", "edu", "mil",
    "int", "info", "io", "in", "cn", "uk", "jp", "de", "fr", "au", "ca", "eu",
];

/// Joins wrapped lines into one string. Blank lines are skipped: PDF text often puts
/// one between every pair of lines.
pub fn unwrap(lines: &[&str]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    let mut space_before_break = false;
    // Where the run of URL bytes that ends `out` starts, kept up to date line by line
    // so that a URL wrapped over many lines is not read back from its end each time.
    let mut run_start = 0;
    for line in lines {
        let trimmed = line.trim_end();
        let next = trimmed.trim_start();
        if next.is_empty() {
            continue;
        }
        let mut tight = true;
        // A soft hyphen (U+00AD) ends a line where the typesetter broke a word: the
        // word goes on, without it.
        let soft = out.ends_with(SOFT_HYPHEN);
        if soft {
            out.pop();
        }
        if !out.is_empty() && !soft {
            match junction(&out, run_start, space_before_break, next) {
                Join::Tight => {}
                Join::Space => {
                    out.push(' ');
                    tight = false;
                }
            }
        }
        let run = next.bytes().rev().take_while(|&b| is_url_byte(b)).count();
        if run < next.len() || !tight {
            // A space is no URL byte: the run starts inside this line.
            run_start = out.len() + next.len() - run;
        }
        out.push_str(next);
        space_before_break = trimmed.len() < line.len();
    }
    join_split_suffixes(out)
}

const SOFT_HYPHEN: char = '\u{AD}';

/// Puts back a URL's last `/` or file extension that the PDF set apart by a space
/// (`https://www.gov.cn/x .html`, `https://a.org/b /`): a lone `/` or `.html` after a
/// URL, before the end of the sentence, is the URL's own.
fn join_split_suffixes(text: String) -> String {
    if memchr::memmem::find(text.as_bytes(), b" /").is_none()
        && memchr::memmem::find(text.as_bytes(), b" .").is_none()
    {
        return text;
    }
    let mut gaps = Vec::new();
    for r in super::url::find_urls(&text) {
        let rest = &text[r.end..];
        let Some(after) = rest.strip_prefix(' ') else {
            continue;
        };
        let suffix_len = if after.starts_with('/') {
            1
        } else if let Some(ext) = after.strip_prefix('.') {
            let word = ext.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let known = SPLIT_SUFFIXES[..14]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(&ext[..word]));
            if !known {
                continue;
            }
            word + 1
        } else {
            continue;
        };
        let end = after[suffix_len..].chars().next();
        if end.is_none_or(|c| {
            c.is_whitespace() || matches!(c, '.' | ',' | ';' | ')' | '。' | '，' | '；' | '）')
        }) {
            gaps.push(r.end);
        }
    }
    if gaps.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for gap in gaps {
        out.push_str(&text[from..gap]);
        from = gap + 1;
    }
    out.push_str(&text[from..]);
    out
}

/// What goes between two wrapped lines.
#[derive(Debug, PartialEq, Eq)]
enum Join {
    Tight,
    Space,
}

fn junction(before: &str, run_start: usize, space_before_break: bool, after: &str) -> Join {
    if let Some(tail) = url_tail(before, run_start) {
        if url_continues(tail, space_before_break, after) {
            return Join::Tight;
        }
        if tail.ends_with('-') {
            // A URL that ends at its hyphen, before prose: no word was broken.
            return Join::Space;
        }
    }
    let last = before.chars().next_back();
    let first = after.chars().next();
    match (last, first) {
        (Some(l), Some(f)) if is_cjk(l) || is_cjk(f) => Join::Tight,
        (Some('-'), Some(f))
            if !space_before_break && f.is_alphanumeric() && !dash_is_spaced(before) =>
        {
            Join::Tight
        }
        _ => Join::Space,
    }
}

/// A hyphen preceded by a space is a dash (`India - `), not a word broken at a hyphen.
fn dash_is_spaced(before: &str) -> bool {
    before.trim_end_matches('-').ends_with(char::is_whitespace)
}

/// Chinese and Japanese script and their full-width punctuation: wrapped without a space.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F   // CJK symbols and punctuation: 。、《》「」
        | 0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFF00..=0xFFEF // full-width forms: ，；：（）
        | 0x20000..=0x2FFFF)
}

/// The URL that runs up to the end of `text`, if one does; `run_start` is where the
/// run of URL bytes that ends `text` starts.
fn url_tail(text: &str, run_start: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let floor = bytes.len().saturating_sub(MAX_URL_LOOKBACK);
    let start = run_start.clamp(floor, bytes.len());
    // Every URL start has a `:` (`http:`) or a `.` (`www.`) after it; a line's last
    // word without either is no URL, and the search below is skipped.
    memchr::memchr2(b':', b'.', &bytes[start..])?;
    // Every start is an `h` or a `w`, in either case.
    let at = (start..bytes.len())
        .find(|&i| matches!(bytes[i], b'h' | b'H' | b'w' | b'W') && url_starts_at(bytes, i))?;
    Some(&text[at..])
}

/// Decides whether `after` carries on the URL `tail` that ended the previous line.
fn url_continues(tail: &str, space_before_break: bool, after: &str) -> bool {
    let head_len = after.bytes().take_while(|&b| is_url_byte(b)).count();
    let head = &after[..head_len];
    let trimmed = head.trim_end_matches(['.', ',', ';', ':', ')']);
    if trimmed.is_empty() {
        return false;
    }
    // The marks compared hold no letters but `www.`, so no lower-cased copy is needed.
    let host_part = scheme_separator(tail).map_or(tail, |p| &tail[p + 3..]);
    let host_open = !host_part.contains('/');
    let first = head.as_bytes()[0];
    if tail.ends_with("://") || host_part.eq_ignore_ascii_case("www.") {
        return true;
    }
    // `/wordpress/...`, `-quad-leaders-...`, `?id=3`: no prose line starts like this.
    if matches!(
        first,
        b'/' | b'-' | b'_' | b'?' | b'#' | b'&' | b'=' | b'%' | b'~'
    ) && (trimmed.len() > 1 || first == b'/')
    {
        return true;
    }
    if first == b'.' {
        return trimmed.len() > 1 && trimmed.as_bytes()[1].is_ascii_alphanumeric();
    }
    let last = tail.as_bytes()[tail.len() - 1];
    if space_before_break && last == b'-' && is_slug(trimmed) {
        // `.../perma-scoping-and- ` then `addressing-the-problem/`: the next line's
        // shape, not the space, decides.
        return true;
    }
    if space_before_break || !first.is_ascii_alphanumeric() {
        return false;
    }
    match last {
        // `.../a-` then `Accessed May 5`: a capitalised word and more prose is no
        // URL's end.
        b'-' | b'_' if is_prose(after) => false,
        b'-' | b'_' | b'=' | b'&' | b'?' | b'#' | b'%' | b'+' | b'~' | b',' => true,
        // `News/` then `Releases/Release/...` carries on; `.../07/` then `U.S. Department` does not.
        b'/' => {
            trimmed
                .bytes()
                .any(|b| matches!(b, b'/' | b'?' | b'=' | b'&' | b'%' | b'_' | b'#'))
                || first.is_ascii_digit()
                || (first.is_ascii_lowercase() && has_url_punctuation(trimmed))
                || has_file_extension(trimmed)
        }
        b'.' => {
            (first.is_ascii_lowercase() || first.is_ascii_digit())
                && (host_open || trimmed.contains('/'))
                || SPLIT_SUFFIXES
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(trimmed))
        }
        _ if ends_with_percent_escape(tail) => true,
        _ => has_url_punctuation(trimmed) && (host_open || !first.is_ascii_uppercase()),
    }
}

/// `addressing-the-problem/`, `2023-06-05`: lower-case words and digits joined by
/// URL punctuation, as a URL's path is written and prose is not.
fn is_slug(head: &str) -> bool {
    head.bytes().any(|b| matches!(b, b'-' | b'/' | b'_'))
        && head
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-/_%=&?#~".contains(&b))
}

/// A line that starts with a capitalised word, no URL punctuation in it, and more
/// words after it: `Accessed May 5, 2024.`, `The Guardian, June 3`.
fn is_prose(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let word = first.trim_end_matches([',', '.', ';', ':']);
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.bytes().skip(1).all(|b| b.is_ascii_lowercase())
        && words.next().is_some()
}

/// `FACTSHEET-INDUS-X-FINAL.PDF`: a file name, even in capitals.
fn has_file_extension(s: &str) -> bool {
    s.rsplit_once('.').is_some_and(|(stem, ext)| {
        stem.bytes()
            .last()
            .is_some_and(|b| b.is_ascii_alphanumeric())
            && SPLIT_SUFFIXES[..14]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(ext))
    })
}

fn has_url_punctuation(s: &str) -> bool {
    s.bytes().any(|b| {
        matches!(
            b,
            b'/' | b'.' | b'-' | b'_' | b'?' | b'=' | b'&' | b'%' | b'#'
        )
    })
}

/// `...India%20is%20` broken after an escape.
fn ends_with_percent_escape(tail: &str) -> bool {
    let b = tail.as_bytes();
    b.len() >= 3 && b[b.len() - 3] == b'%' && b[b.len() - 2..].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: the wrapped lines, then the text a careful reader rebuilds.
    const CASES: &[(&[&str], &str)] = &[
        // a break right after the scheme, with a blank line between
        (&["2023, https://", "", "www.state.gov/united-states-india-relations/."], "2023, https://www.state.gov/united-states-india-relations/."),
        // a host split at a dot
        (&["Diplomat, https://thediplomat.", "com/2023/12/historic-feats/."], "Diplomat, https://thediplomat.com/2023/12/historic-feats/."),
        (&["Hindu, https://www.", "thehindu.com/news/national/what-is-comcasa/article24881039.ece."], "Hindu, https://www.thehindu.com/news/national/what-is-comcasa/article24881039.ece."),
        (&["https://pib.", "gov.in/PressReleaseIframePage.aspx?PRID=1934311."], "https://pib.gov.in/PressReleaseIframePage.aspx?PRID=1934311."),
        // paths split after -, _, /, %20, = and before a digit
        (&["https://www.reuters.com/world/us-india-conclude-roadmap-defence-", "industrial-cooperation-2023-06-05/."], "https://www.reuters.com/world/us-india-conclude-roadmap-defence-industrial-cooperation-2023-06-05/."),
        (&["https://books.google.com/books/about/The_U_S_India_global_", "Partnership.html?id=xAE2AAAAIAAJ."], "https://books.google.com/books/about/The_U_S_India_global_Partnership.html?id=xAE2AAAAIAAJ."),
        (&["https://carnegieendowment.org/", "files/Tellis_Beyond_Buyer-Seller.pdf."], "https://carnegieendowment.org/files/Tellis_Beyond_Buyer-Seller.pdf."),
        (&["https://x.gov/a/#:~:text=President%20Biden%20and%20Prime%20", "Minister,milestone%20in%20U.S.-India%20relations."], "https://x.gov/a/#:~:text=President%20Biden%20and%20Prime%20Minister,milestone%20in%20U.S.-India%20relations."),
        (&["https://x.org/a?id=", "42"], "https://x.org/a?id=42"),
        (&["https://www.thehindu.com/news/national/explained-the-india-us-deal-for-", "31-mq-9b-drones/article67008319.ece."], "https://www.thehindu.com/news/national/explained-the-india-us-deal-for-31-mq-9b-drones/article67008319.ece."),
        (&["https://media.defense.gov/2022/Oct/27/2003103845/-", "1/-1/1/2022-NATIONAL-DEFENSE-STRATEGY-NPR-MDR.PDF."], "https://media.defense.gov/2022/Oct/27/2003103845/-1/-1/1/2022-NATIONAL-DEFENSE-STRATEGY-NPR-MDR.PDF."),
        // an extension split
        (&["https://www.whitehouse.gov/wp-content/uploads/2022/02/U.S.-Indo-Pacific-Strategy.", "pdf."], "https://www.whitehouse.gov/wp-content/uploads/2022/02/U.S.-Indo-Pacific-Strategy.pdf."),
        // a stray space before the break
        (&["2017, https://mtcr.info ", "/wordpress/wp-content/uploads/2020/04/MTCR-Handbook.pdf."], "2017, https://mtcr.info/wordpress/wp-content/uploads/2020/04/MTCR-Handbook.pdf."),
        (&["Http://www.whitehouse.gov/2022/05/23/fact-sheet ", "-quad-leaders-tokyo-summit-2022/."], "Http://www.whitehouse.gov/2022/05/23/fact-sheet-quad-leaders-tokyo-summit-2022/."),
        // a URL that ends the line, and prose that follows
        (&["https://sgp.fas.org/crs/natsec/IF11894.pdf.", "Accessed May 5, 2024."], "https://sgp.fas.org/crs/natsec/IF11894.pdf. Accessed May 5, 2024."),
        (&["https://media.defense.gov/2023/Jun/21/2003244837/-1/-1/0/", "FACTSHEET-INDUS-X-FINAL.PDF."], "https://media.defense.gov/2023/Jun/21/2003244837/-1/-1/0/FACTSHEET-INDUS-X-FINAL.PDF."),
        (&["https://www.defensenews.com/home/2016/06/07/", "U.S. Department of Defense"], "https://www.defensenews.com/home/2016/06/07/ U.S. Department of Defense"),
        (&["https://x.org/page", "Accessed 2020"], "https://x.org/page Accessed 2020"),
        // English words, Chinese text, hyphens
        (&["Jim Garamone, “Defense Part of Deepening Overall U.S.-India Relationship,” U.S. ", "Department of Defense"], "Jim Garamone, “Defense Part of Deepening Overall U.S.-India Relationship,” U.S. Department of Defense"),
        (&["王世达 ：《论印度与美西方国家的关系 ：现状、动力、影响及趋势》，载《和平与", "发展》2023 年第 1 期，第 72 页。"], "王世达 ：《论印度与美西方国家的关系 ：现状、动力、影响及趋势》，载《和平与发展》2023 年第 1 期，第 72 页。"),
        (&["Indigenous Content in MQ-", "9b Drones,”The Indian Express"], "Indigenous Content in MQ-9b Drones,”The Indian Express"),
        (&["United States Department of Defense,“India- ", "MQ-9B Remotely Piloted Aircraft,”"], "United States Department of Defense,“India- MQ-9B Remotely Piloted Aircraft,”"),
        (&["May 23, 2022，", "Http://www.whitehouse.gov/"], "May 23, 2022，Http://www.whitehouse.gov/"),
        // a soft hyphen where the typesetter broke a word
        (&["Problem of Link and Reference Rot in Legal Cita\u{AD}", "tions,” Harvard"], "Problem of Link and Reference Rot in Legal Citations,” Harvard"),
        // a URL broken mid-word with no hyphen
        (&["(2014), https://harva", "rdlawreview.org/forum/vol-127/perma/."], "(2014), https://harvardlawreview.org/forum/vol-127/perma/."),
        (&["https://doi.org/10.", "1371/journal.pone.0115253."], "https://doi.org/10.1371/journal.pone.0115253."),
        // a hyphen at the end: the next line's shape decides
        (&["https://harvardlawreview.org/forum/vol-127/perma-scoping-and-addressing-", "the-problem-of-link/."], "https://harvardlawreview.org/forum/vol-127/perma-scoping-and-addressing-the-problem-of-link/."),
        (&["https://x.org/perma-scoping-and- ", "addressing-the-problem/."], "https://x.org/perma-scoping-and-addressing-the-problem/."),
        (&["https://x.org/report-", "Accessed May 5, 2024."], "https://x.org/report- Accessed May 5, 2024."),
        // a last `/` or extension pushed after a space
        (&["https://www.example.com/a/b ", "/"], "https://www.example.com/a/b/"),
        (&["http://www.mofcom.gov.cn/article/ae/ai/20240203474653 .shtml，2024 年"], "http://www.mofcom.gov.cn/article/ae/ai/20240203474653.shtml，2024 年"),
        (&["see https://a.org/x / and more"], "see https://a.org/x/ and more"),
        (&["https://a.org/x .Then"], "https://a.org/x .Then"),
    ];

    #[test]
    fn rebuilds_every_break() {
        for (lines, want) in CASES {
            assert_eq!(unwrap(lines), *want, "{lines:?}");
        }
    }

    #[test]
    fn long_url_run_stays_linear() {
        let line = "a".repeat(10_000);
        let lines: Vec<&str> = std::iter::once("https://x.org/")
            .chain(std::iter::repeat_n(line.as_str(), 100))
            .collect();
        assert!(unwrap(&lines).len() > 1_000_000);
    }
}
