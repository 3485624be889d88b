//! Reading the parts of one citation: authors, title, container, dates, URL.
//!
//! Input is one citation's text (a footnote, or the part of a footnote that cites one
//! work), already unwrapped and with its URLs rebuilt. Citation styles differ in
//! order and punctuation, but most agree that a quoted or `《》` title is the title,
//! that names come first, and that the container follows the title; where the title
//! is not quoted (APA, Chicago bibliography, books) it is the first stretch after the
//! names and the year that is neither. `names` reads the names, [`crate::date`] the dates;
//! this module decides between quoted and unquoted titles and cuts the container.
//! Every scan is forward-only or bounded, so the cost stays linear in the input.

use std::ops::Range;

use super::leads::Leads;
use super::url;
use crate::date::find::{find_dates, is_access_date, FoundDate};
use crate::date::PartialDate;

mod authors;
mod links;
mod names;
mod title;

use names::{is_open_quote, skip_ws, Style};

use links::{in_link, link_after, links, Link};
use title::{book_end, clean_title, container, is_boilerplate, journal_tail, title_end, MAX_TITLE};

/// What one citation says about the work it cites.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields {
    /// The cited URL, normalised by [`normalise`](super::url::normalise).
    pub url: Option<String>,
    /// The title, without its quotes or trailing comma.
    pub title: Option<String>,
    /// Authors as printed, one per entry.
    pub authors: Vec<String>,
    /// Site, journal or publisher.
    pub container: Option<String>,
    /// Publication date, as precise as printed.
    pub date: Option<PartialDate>,
    /// Access date (`accessed June 7, 2015`, `2024 年 5 月 1 日访问`).
    pub accessed: Option<PartialDate>,
}

/// A quoted title is searched for at most this many opening quotes.
const MAX_QUOTE_TRIES: usize = 6;

/// Parses one citation's text into its fields. Never panics, whatever the input.
pub fn parse(text: &str) -> Fields {
    parse_with_urls(text, url::find_urls(text))
}

/// [`parse`], given what [`url::find_urls`] returns for `text`: a note that is one
/// citation has had its URLs found already.
pub(super) fn parse_with_urls(text: &str, urls: Vec<Range<usize>>) -> Fields {
    let links = links(text, urls);
    let start = after_explanation(text, skip_label(text), &links);
    let head = names::prefix(text, start);
    let quoted = quoted(text, start, &links)
        .filter(|q| quote_wins(text, &head, q, &links))
        .map(|q| extend_quote(text, q, &links));
    let (title, authors_text, after_title, book) = match &quoted {
        Some(q) => {
            let authors = strip_trailing_date(&text[start.min(q.open)..q.open]);
            (q.content.clone(), authors, q.end, false)
        }
        None => {
            let from = head.title_start;
            let stop = link_after(&links, from);
            let (end, next) = match book_end(text, from, stop) {
                Some(end) if head.style == Style::List => (end, end),
                _ => title_end(text, from, stop, head.style == Style::List),
            };
            let names = &text[start..head.names_end.max(start)];
            match &head.last {
                // `CIA World Factbook. Available at https://...`: the last "name" was the title.
                Some(last) if is_boilerplate(&text[from..end]) || is_boilerplate(&text[from..]) => {
                    (last.clone(), &text[start..last.start], last.end, true)
                }
                _ => (from..end, names, next, true),
            }
        }
    };
    let mut title_text = clean_title(text, &title, &links);
    if quoted.is_none() && head.style != Style::List {
        // `Private Eyes Watching You, Hastings Law Journal, 63(1), 897-926`: an APA
        // title closed by a comma runs into its journal and volume.
        title_text = title_text.map(|t| match journal_tail(&t) {
            Some(p) => t[..p].to_string(),
            None => t,
        });
    }
    if quoted.is_none() && head.style == Style::Sentence {
        // `Facing the Challenge of Online Harassment, EFF Deeplinks Blog, https://...`:
        // a short name after the last comma, with only a link or access words after it,
        // is the site.
        let rest = text.get(after_title..).unwrap_or("").trim();
        if rest.is_empty() || rest.starts_with('[') || is_boilerplate(rest) {
            title_text = title_text.map(|t| match site_tail(&t) {
                Some(p) => t[..p].to_string(),
                None => t,
            });
        }
    }
    if quoted.is_none() {
        // `US: Religious Records-Part 2, 2020.`: the year is not the title's.
        title_text = title_text.map(|t| match t.rfind(',') {
            Some(p)
                if find_dates(&t[p..])
                    .first()
                    .is_some_and(|d| d.range.end == t.len() - p) =>
            {
                t[..p].trim_end().to_string()
            }
            _ => t,
        });
    }
    let prefix_end = quoted
        .as_ref()
        .map_or(head.title_start, |q| q.open)
        .min(title.start);
    let (date, accessed) = pick_dates(text, start..prefix_end, &title, &links);
    Fields {
        url: links.first().map(|l| l.url.clone()),
        authors: authors::split_authors(authors_text),
        container: container(text, after_title, &links, book),
        title: title_text,
        date,
        accessed,
    }
}

/// Where `, Site Name` starts at the end of an unquoted title: one to four words, the
/// first capitalised, no numbers, after at least three words of title.
fn site_tail(t: &str) -> Option<usize> {
    let p = t.rfind(", ")?;
    let site = &t[p + 2..];
    let words = site.split_whitespace().count();
    ((1..=4).contains(&words)
        && site.starts_with(char::is_uppercase)
        && !site.contains(|c: char| c.is_ascii_digit() || c == ':')
        && t[..p].split_whitespace().count() >= 3)
        .then_some(p)
}

/// Skips a leading label: `[113]`, `[AB12]`, `15 `, `1. `, `(3) `, `①`.
fn skip_label(text: &str) -> usize {
    let start = skip_ws(text, 0);
    let t = &text[start..];
    if let Some(inner) = t.strip_prefix('[') {
        if let Some(close) = inner.find(']').filter(|&c| c <= 10 && c > 0) {
            let label = &inner[..close];
            if label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == ' ')
                && label.contains(|c: char| c.is_ascii_digit())
            {
                return skip_ws(text, start + close + 2);
            }
        }
    }
    if let Some(c) = t
        .chars()
        .next()
        .filter(|c| ('\u{2460}'..='\u{2473}').contains(c))
    {
        return skip_ws(text, start + c.len_utf8());
    }
    let dashes = t.len()
        - t.trim_start_matches(['•', '·', '▪', '*', '–', '—', '-', '_'])
            .len();
    if dashes > 0 {
        return skip_ws(text, start + dashes);
    }
    let paren = usize::from(t.starts_with('('));
    let digits = t[paren..].bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return start;
    }
    let rest = &t[paren + digits..];
    let after = if paren == 1 {
        rest.strip_prefix(')')
    } else if let Some(r) = rest.strip_prefix(['.', ')']) {
        Some(r)
    } else if rest.starts_with(' ')
        && find_dates(t.get(..40).unwrap_or(t))
            .first()
            .is_none_or(|d| d.range.start > 0)
    {
        Some(rest)
    } else {
        None
    };
    match after {
        Some(r)
            if r.starts_with(char::is_whitespace)
                && !r.trim_start().starts_with(|c: char| c.is_ascii_digit()) =>
        {
            skip_ws(text, text.len() - r.len())
        }
        _ => start,
    }
}

/// Words that introduce the cited work after explanatory text.
static LEAD_INS: Leads = Leads::new(&[
    "参见",
    "详见",
    "转引自",
    "见",
    "See also ",
    "see also ",
    "See ",
    "see ",
    "Cf. ",
    "cf. ",
]);

/// Where the citation starts when the note explains first and cites after a stop
/// (`iDEX 由印度“国防创新组织”资助。参见 Indian Department, “Innovations,” https://...`).
fn after_explanation(text: &str, start: usize, links: &[Link]) -> usize {
    let mut limit = link_after(links, start).min(text.len()).min(start + 4096);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &text[start..limit];
    let mut best = start;
    for (p, lead) in LEAD_INS.find(head) {
        let before = head[..p].trim_end();
        let after = start + p + lead.len();
        if !before.ends_with(['。', '；', ';', '.', '）', ')']) || after <= best {
            continue;
        }
        if limit < text.len() || text[after..limit.max(after)].contains(is_open_quote) {
            best = after;
        }
    }
    skip_ws(text, best)
}

/// A quoted title: where its opening quote is, its inside, and the end of the close.
#[derive(Debug, Clone)]
struct Quoted {
    open: usize,
    content: Range<usize>,
    end: usize,
}

/// The first quoted title from `from`: `“...”`, `"..."`, `《...》`, `« ... »`, or
/// `‘...’` used as outer quotes. Nested quotes stay inside the title.
fn quoted(text: &str, from: usize, links: &[Link]) -> Option<Quoted> {
    let mut tries = 0;
    let mut prev = text[..from].chars().next_back();
    let mut skip_to = from;
    for (off, c) in text[from..].char_indices() {
        let i = from + off;
        let before = prev;
        prev = Some(c);
        if i < skip_to || !is_open_quote(c) || in_link(links, i) {
            continue;
        }
        if matches!(c, '‘' | '\'') && before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        tries += 1;
        if tries > MAX_QUOTE_TRIES {
            return None;
        }
        match match_quote(text, i, c) {
            Ok(q) => return Some(q),
            Err(end) => skip_to = end,
        }
    }
    None
}

/// A quoted title that goes on past its closing quote: a second work joined by `and`
/// (`“A Study in Scarlet” and “The Sign of Four.”`), or a subtitle after a colon or a
/// dash (`“Monkey See, Monkey Do:” The Influence of ...`, `"On se verra au CMP" -
/// Carnet de route ...`), which runs to the end of its sentence.
fn extend_quote(text: &str, q: Quoted, links: &[Link]) -> Quoted {
    let rest = &text[q.end..];
    let after = rest.trim_start();
    if let Some(second) = ["and ", "& "]
        .iter()
        .find_map(|w| after.strip_prefix(w))
        .map(str::trim_start)
    {
        let open = text.len() - second.len();
        if let Some(c) = second
            .chars()
            .next()
            .filter(|&c| is_open_quote(c) && c != '\'')
        {
            if let Ok(q2) = match_quote(text, open, c) {
                return Quoted {
                    open: q.open,
                    content: q.content.start..q2.content.end,
                    end: q2.end,
                };
            }
        }
    }
    let inner = text[q.content.clone()].trim_end();
    let sub = if inner.ends_with(':') {
        Some(rest)
    } else {
        [":", " - ", " – ", " — "]
            .iter()
            .find_map(|m| rest.strip_prefix(m))
    };
    let Some(sub) = sub else {
        return q;
    };
    let from = text.len() - sub.trim_start().len();
    if !text[from..].starts_with(char::is_alphabetic) {
        return q;
    }
    let (end, next) = title_end(text, from, link_after(links, from), false);
    if end <= from || text[from..end].contains(['“', '"', '«', '„', '《']) {
        return q;
    }
    Quoted {
        open: q.open,
        content: q.content.start..end,
        end: next,
    }
}

/// Matches the quote opened at `open`; on failure returns where to resume.
fn match_quote(text: &str, open: usize, c: char) -> Result<Quoted, usize> {
    let body = open + c.len_utf8();
    let mut limit = text.len().min(body + MAX_TITLE);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let single = matches!(c, '‘' | '\'');
    let mut depth = 0usize;
    let mut fallback = None;
    let mut nested_close = None;
    // Only quote marks change what follows, and every quote mark this opening pairs
    // with starts with one of two bytes: the scan jumps from one such byte to the next.
    let (b1, b2) = match c {
        '“' | '"' => (0xE2, b'"'),
        '\'' => (0xE2, b'\''),
        '《' | '「' | '『' => (0xE3, 0xE3),
        '«' => (0xC2, 0xC2),
        _ => (0xE2, 0xE2),
    };
    let window = &text[body..limit];
    let marks = memchr::memchr2_iter(b1, b2, window.as_bytes())
        .filter_map(|off| window.get(off..)?.chars().next().map(|ch| (off, ch)));
    for (off, ch) in marks {
        let at = body + off;
        let after = at + ch.len_utf8();
        let is_close = match c {
            '“' if ch == '“' => {
                depth += 1;
                false
            }
            '“' if ch == '"' => {
                fallback = fallback.or(Some((at, after)));
                false
            }
            '“' | '„' => ch == '”' || (c == '„' && ch == '“'),
            '《' if ch == '《' => {
                depth += 1;
                false
            }
            '《' => ch == '》',
            '"' => ch == '"' || ch == '”',
            '‘' if ch == '‘' && text[..at].ends_with(char::is_whitespace) => {
                depth += 1;
                false
            }
            '«' => ch == '»',
            '「' => ch == '」',
            '『' => ch == '』',
            _ => {
                single
                    && (ch == '’' || ch == c)
                    && !text[after..].starts_with(char::is_alphanumeric)
            }
        };
        if !is_close {
            continue;
        }
        if depth > 0 {
            depth -= 1;
            nested_close = Some((at, after));
            continue;
        }
        let q = Quoted {
            open,
            content: body..at,
            end: after,
        };
        if valid_quote(text, &q, c) {
            return Ok(q);
        }
        if !single {
            return Err(after);
        }
    }
    // `“Jumping out of the “Hobbesian Fishbowl and into the Fire.”`: an inner quote
    // left open; the last close seen ends the title.
    match fallback.or(nested_close) {
        Some((at, after)) => {
            let q = Quoted {
                open,
                content: body..at,
                end: after,
            };
            if valid_quote(text, &q, c) {
                Ok(q)
            } else {
                Err(after)
            }
        }
        None => Err(body),
    }
}

/// A quoted stretch is a title unless it is a phrase inside running text
/// (`“Thing is” constructions`): a lower-case word after the close needs a comma or
/// stop inside it (`"Holocaust Spaces," in ...`).
fn valid_quote(text: &str, q: &Quoted, c: char) -> bool {
    let inner = text[q.content.clone()].trim();
    if inner.chars().filter(|c| c.is_alphabetic()).nth(1).is_none() {
        return false;
    }
    if matches!(c, '《' | '「' | '『') {
        return true;
    }
    let after = text[q.end..].trim_start();
    if matches!(c, '‘' | '\'') && !inner.contains(' ') {
        // One word in single quotes is a title only between stops: `(1993), ‘Feminism’, in`.
        let before = text[..q.open].trim_end();
        return before.ends_with([',', '.', ')', ':']) && after.starts_with([',', '.', ':']);
    }
    let next_word = after
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let paired = next_word == "and"
        && after[3..]
            .trim_start()
            .starts_with(|c: char| is_open_quote(c) && c != '\'');
    match after.chars().next() {
        Some(n) if n.is_lowercase() => {
            inner.ends_with([',', '.', '?', '!', ';', ':', '，', '。'])
                || QUOTE_FOLLOWERS.contains(&next_word)
                || paired
        }
        _ => true,
    }
}

/// Lower-case words that may follow a quoted title directly (`‘Title’ in Editor (ed)`).
const QUOTE_FOLLOWERS: &[&str] = &[
    "in",
    "dans",
    "en",
    "im",
    "presented",
    "published",
    "pp",
    "p",
    "available",
    "accessed",
    "retrieved",
    "edited",
    "ed",
    "eds",
    "trans",
    "translated",
    "paper",
    "unpublished",
    "online",
];

/// True when the quoted title is the citation's title rather than a quote further on
/// (after an unquoted title in APA or Chicago bibliography style).
fn quote_wins(text: &str, head: &names::Prefix, q: &Quoted, links: &[Link]) -> bool {
    if q.open <= head.title_start {
        return true;
    }
    if head.style == Style::List {
        // `Max Horkheimer and Theodor W. Adorno, Dialectic of Enlightenment, trans.
        // John Cumming (New York: Herder, 1972), p. 230; ... "objectification"`: a
        // book whose publication brackets close before the quote is the title.
        let stop = link_after(links, head.title_start);
        return book_end(text, head.title_start, stop).is_none_or(|end| end > q.open);
    }
    let gap = &text[head.title_start..q.open];
    if !gap.contains(char::is_alphabetic) {
        return true;
    }
    if gap.trim_end().ends_with(char::is_alphabetic) {
        // A quoted phrase inside an unquoted title: `Beyond ‘we treat everyone the same’`.
        return false;
    }
    let (end, _) = title_end(
        text,
        head.title_start,
        link_after(links, head.title_start),
        false,
    );
    let before = text[head.title_start..end.min(q.open)].trim();
    // What ends before the quote is the authors' part when it reads as names
    // (`H. Igor and Richard G. Brandenburg. "A Problem ..."`) or ends with the year
    // of an author-date citation (`THE GUARDIAN, 2015. “El Salvador ...”`).
    let authors = names::is_name_list(before)
        || find_dates(before)
            .last()
            .is_some_and(|d| d.range.end == before.len() && d.date.month.is_none());
    authors || !(end <= q.open && before.split_whitespace().count() >= 2)
}

/// Removes a year or date (and its brackets and stops) from the end of an author text.
fn strip_trailing_date(s: &str) -> &str {
    let trim = |s: &str| -> usize {
        s.trim_end_matches(|c: char| c.is_whitespace() || ",;:()（），。：".contains(c))
            .len()
    };
    let end = trim(s.trim_end_matches(['.', ' ']));
    let dates = find_dates(&s[..end]);
    match dates.last() {
        Some(d) if d.range.end == end => {
            let cut = trim(&s[..d.range.start]);
            &s[..cut]
        }
        _ => s,
    }
}

/// The publication and access dates: outside URLs and the title, the most precise
/// first, bare years that may be pages last.
fn pick_dates(
    text: &str,
    prefix: Range<usize>,
    title: &Range<usize>,
    links: &[Link],
) -> (Option<PartialDate>, Option<PartialDate>) {
    let start = prefix.start;
    let mut date: Option<FoundDate> = None;
    let mut accessed: Option<FoundDate> = None;
    // A date inside the title is the work's only when no other is printed
    // (`Newman, D.J. UCI Machine Learning Repository 2007 University of California`).
    let mut in_title_date: Option<FoundDate> = None;
    let mut li = 0;
    for d in find_dates(text) {
        while links.get(li).is_some_and(|l| l.range.end <= d.range.start) {
            li += 1;
        }
        let in_url = links.get(li).is_some_and(|l| l.range.start < d.range.end);
        let in_title = d.range.start < title.end && title.start < d.range.end;
        if in_url || d.range.start < start {
            continue;
        }
        if in_title {
            if in_title_date.is_none() && !d.weak && !is_access_date(text, &d.range) {
                in_title_date = Some(d);
            }
            continue;
        }
        let slot = if is_access_date(text, &d.range) {
            &mut accessed
        } else {
            &mut date
        };
        let in_prefix = d.range.end <= prefix.end;
        if slot
            .as_ref()
            .is_none_or(|best| rank(&d, in_prefix) > rank(best, best.range.end <= prefix.end))
        {
            *slot = Some(d);
        }
    }
    (
        date.or(in_title_date).map(|d| d.date),
        accessed.map(|d| d.date),
    )
}

/// A date printed with the authors (APA, Harvard) first, then non-weak before weak,
/// then day before month before year (ties keep the first).
fn rank(d: &FoundDate, in_prefix: bool) -> (bool, bool, u8) {
    (
        in_prefix,
        !d.weak,
        1 + u8::from(d.date.month.is_some()) + u8::from(d.date.day.is_some()),
    )
}

#[cfg(test)]
mod tests;
