//! What is not part of a note: page furniture, body text that resumes after the notes,
//! and where the first note of a page starts when nothing but its shape marks it.

use super::labels::circled_number;
use super::pages::folio_value;
use crate::extract::unwrap::is_cjk;

/// Where the last footnote of a page ends: at the page's end, at page furniture, or
/// where body text resumes (a page whose notes come first, or a table after them).
pub(super) fn last_note_end(lines: &[&str], def_line: usize, page_end: usize) -> usize {
    let mut text = lines[def_line].trim_end();
    let last_text = (def_line + 1..page_end)
        .rev()
        .find(|&i| !lines[i].trim().is_empty());
    for (i, line) in lines.iter().enumerate().take(page_end).skip(def_line + 1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if is_furniture(line) || has_reference_marker(line) {
            return i;
        }
        // A number alone on the page's last line is its folio.
        if Some(i) == last_text && folio_value(line).is_some() {
            return i;
        }
        let starts_cjk = line.chars().next().is_some_and(is_cjk);
        if starts_cjk && is_complete(text) {
            return i;
        }
        text = line;
    }
    page_end
}

/// A note that ends a sentence may be over; one that does not certainly goes on.
pub(super) fn is_complete(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(['”', '’', '"', '\'', ')', '）', '」', '》']);
    t.ends_with(['.', '。', '!', '?', '！', '？'])
}

/// Body text refers to notes with `[3]` or `③` after the first character.
fn has_reference_marker(line: &str) -> bool {
    let first = line.chars().next().map_or(0, char::len_utf8);
    let bytes = line.as_bytes();
    // Only `[` and the lead bytes of the circled numbers (U+2460.., U+3251..,
    // U+32B1..) can start a marker.
    for i in memchr::memchr3_iter(b'[', 0xE2, 0xE3, &bytes[first..]).map(|i| i + first) {
        if bytes[i] == b'[' {
            let rest = &bytes[i + 1..];
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if (1..=3).contains(&digits) && rest.get(digits) == Some(&b']') {
                return true;
            }
        } else if line
            .get(i..)
            .and_then(|r| r.chars().next())
            .and_then(circled_number)
            .is_some()
        {
            return true;
        }
    }
    false
}

/// Folios (`-196-`), running heads (`2024年第1期`), table captions and sources.
pub(super) fn is_furniture(line: &str) -> bool {
    let t = line.trim();
    // Every form below starts with one of these characters: most lines stop here.
    let first = t.chars().next();
    if !first.is_some_and(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '-' | '—' | '–' | '资' | '续' | '注' | 'S' | '表' | '图' | 'T' | 'F'
            )
    }) {
        return false;
    }
    let folio = t.trim_matches(|c: char| c == '-' || c == '—' || c == '–' || c.is_whitespace());
    if !folio.is_empty()
        && folio.len() <= 4
        && folio.bytes().all(|b| b.is_ascii_digit())
        && folio.len() < t.len()
    {
        return true;
    }
    if is_issue_head(t) {
        return true;
    }
    [
        "资料来源：",
        "资料来源:",
        "续表",
        "注：",
        "Source: ",
        "Sources: ",
    ]
    .iter()
    .any(|p| t.starts_with(p))
        || ((t.starts_with("表 ")
            || t.starts_with("图 ")
            || t.starts_with("Table ")
            || t.starts_with("Figure "))
            && t.split_whitespace()
                .nth(1)
                .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit())))
}

/// `2024年第1期`, `2024 年第 1 期`: the journal issue printed as a running head.
fn is_issue_head(t: &str) -> bool {
    let mut chars = t.chars().filter(|c| !c.is_whitespace());
    let year = chars.by_ref().take(4).filter(char::is_ascii_digit).count();
    if year != 4 || chars.next() != Some('年') || chars.next() != Some('第') {
        return false;
    }
    let mut digits = 0;
    for c in chars.by_ref() {
        match c {
            '0'..='9' => digits += 1,
            '期' => return digits > 0 && chars.next().is_none(),
            _ => return false,
        }
    }
    false
}

/// True when a line reads as the first line of a citation: an opening quote, a
/// lead-in (`See`, `Ibid.`, `参见`, `同上`), a Chinese author or issuer before `：` or
/// `《`, or two or more capitalised words before a comma (`Martin Klein et al.,`,
/// `U.S. Department of State,`), with no closing quote before it (which would make
/// the line a title's second half).
pub(super) fn opens_citation(line: &str) -> bool {
    let t = line.trim();
    let Some(first) = t.chars().next() else {
        return false;
    };
    if matches!(first, '“' | '"' | '‘' | '«' | '《' | '「') {
        return true;
    }
    if [
        "See ",
        "Cf. ",
        "Ibid",
        "Id.",
        "同上",
        "参见",
        "详见",
        "转引自",
    ]
    .iter()
    .any(|p| t.starts_with(p))
    {
        return true;
    }
    if is_cjk(first) {
        return t.chars().take(16).any(|c| matches!(c, '：' | '《' | ':'));
    }
    if !first.is_uppercase() {
        return false;
    }
    let Some(comma) = t.find(',') else {
        return false;
    };
    let head = &t[..comma];
    if head.contains(['”', '’', '"', '(', ')']) {
        return false;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    (2..=8).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                || matches!(
                    *w,
                    "and" | "&" | "et" | "al." | "de" | "van" | "von" | "der" | "of" | "the"
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture() {
        for line in [
            "-196-",
            " - 12 -",
            "2024年第1期",
            " 2024 年第 1 期",
            "资料来源：笔者自制。",
            "续表 1",
            "表 1  印美合作领域",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "2023 年是印美关系",
            "[1] Ibid.",
            "-1/-1/0/FACT.PDF",
            "Table of contents",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn citation_openers() {
        for line in [
            "Martin Klein et al., “Scholarly Context Not Found: One in Five Articles",
            "Jonathan Zittrain, Kendra Albert and Lawrence Lessig, “Perma: Scoping",
            "“Fact Sheet: Quad Leaders’ Tokyo Summit 2022,” The White House, May",
            "U.S. Department of State, “Fact Sheet,”",
            "商务部：《中国—东盟数字经济合作白皮书》，2024 年 2 月 29",
            "See Kendra Albert, “Link Rot,”",
            "Ibid.",
        ] {
            assert!(opens_citation(line), "{line}");
        }
        for line in [
            "Suffers from Reference Rot,” PLOS ONE 9, no. 12 (December 26, 2014),",
            "refuse automated visitors altogether. A careful study must therefore look at",
            "Measuring the damage",
            "However, the figures",
            "https://doi.org/10.1371/journal.pone.0115253.",
            "中国企业参与了东盟多国的光纤网络、数据中心和移动通信网络建设，为",
        ] {
            assert!(!opens_citation(line), "{line}");
        }
    }
}
