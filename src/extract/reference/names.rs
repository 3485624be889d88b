//! Where a citation's authors end, and how their names split.
//!
//! Styles print authors in many shapes (`Solon, G.`, `Durkheim, Émile.`,
//! `S. Diziain, R. Geiss, and T. Pertsch,`, `U.S. Department of State,`,
//! `陶丽娇、王联合 ：`), and an unquoted title (`B.M. Jain, India-US Relations in the Age
//! of Uncertainty, ...`) has no mark of its own: it is simply the first stretch of text
//! that is not a name or a date. So the author list is read with a small grammar of
//! name words, and the title starts where that grammar fails. Every scan moves
//! forward only and is bounded, so hostile input stays linear.

use crate::date::find::{find_dates, may_start_date};
use crate::text::is_cjk;
use crate::text::lower::{lower_in, Lower};

/// How the author part ended, which tells how the title that follows will end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// Authors then `.`, a year or `:` (APA, Harvard, Chicago bibliography, MLA,
    /// GB/T 7714): the title runs to the end of its sentence.
    Sentence,
    /// Authors then `,` (Chicago notes, IEEE): the title runs to the next comma.
    List,
    /// No authors: the citation starts with its title.
    Bare,
}

/// The result of reading the author part of a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Prefix {
    /// End of the last name read (byte offset).
    pub(super) names_end: usize,
    /// Where the title (or what follows the authors and date) starts.
    pub(super) title_start: usize,
    /// How the author part ended.
    pub(super) style: Style,
    /// The last name read, which is the title when nothing else is
    /// (`Hughes Network Systems, DirecPC Home Page, http://...`).
    pub(super) last: Option<std::ops::Range<usize>>,
}

/// At most this many name pieces are read; real author lists are shorter or end in
/// `et al.`, and the bound keeps the scan short.
pub(super) const MAX_PIECES: usize = 60;

/// Words that mark a name as an institution's, which may be longer than a person's.
pub(super) const INSTITUTIONAL: &str = "\
    department ministry bureau agency government office institute institution \
     university council committee commission service services house organization \
     organisation association society foundation center centre collaboration \
     corporation company group bank fund administration authority board parliament \
     congress senate nations union program programme project regime forum network \
     alliance academy press school college library museum court states force army navy \
     command consortium initiative coalition party federation secretariat laboratory \
     hospital trust partnership division staff director cooperation production defense \
     defence";

/// The shortest and longest word of [`INSTITUTIONAL`], in bytes.
pub(super) const INSTITUTION_LEN: (usize, usize) = {
    let bytes = INSTITUTIONAL.as_bytes();
    let (mut min, mut max, mut run, mut i) = (usize::MAX, 0, 0, 0);
    while i <= bytes.len() {
        if i == bytes.len() || bytes[i].is_ascii_whitespace() {
            if run > 0 {
                min = if run < min { run } else { min };
                max = if run > max { run } else { max };
            }
            run = 0;
        } else {
            run += 1;
        }
        i += 1;
    }
    (min, max)
};

/// True for a lower-case word of [`INSTITUTIONAL`].
pub(super) fn is_institution_word(lower: &[u8]) -> bool {
    // Built once, grouped by first byte: this runs for every word of every citation.
    static BY_FIRST: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    let groups = BY_FIRST.get_or_init(|| {
        let mut groups = vec![Vec::new(); 256];
        for w in INSTITUTIONAL.split_whitespace() {
            if let Some(&b) = w.as_bytes().first() {
                groups[usize::from(b)].push(w);
            }
        }
        groups
    });
    lower
        .first()
        .and_then(|&b| groups.get(usize::from(b)))
        .is_some_and(|g| g.iter().any(|w| w.as_bytes() == lower))
}

/// True when `lower` is one of `list`, compared as bytes.
fn in_list(lower: &[u8], list: &[&str]) -> bool {
    list.iter().any(|w| w.as_bytes() == lower)
}

/// Lower-case words that belong to names (`van`, `de la`).
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "das", "do", "dos", "du", "la",
    "le", "les", "ter", "ten", "bin", "ibn", "al", "el", "zu", "y", "'t",
];

/// Lower-case words inside institutional names (`Department of State`).
const CONNECTORS: &[&str] = &["of", "for", "the", "on", "at", "and", "für", "des", "et"];

// `classify_word` compares only words of at most five bytes with these lists.
const _: () = {
    let mut k = 0;
    while k < PARTICLES.len() {
        assert!(PARTICLES[k].len() <= 5);
        k += 1;
    }
    let mut k = 0;
    while k < CONNECTORS.len() {
        assert!(CONNECTORS[k].len() <= 5);
        k += 1;
    }
};

/// Words that join two names.
pub(super) const AND: &[&str] = &["and", "&", "und", "et", "y"];

/// Titles printed before a name, whose dot does not end a sentence.
const HONORIFICS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "hon", "rev", "gen", "col", "lt", "capt", "adm", "sen",
    "rep", "gov", "pres", "jr", "sr", "ltd", "inc", "co", "corp", "llc", "gmbh",
];

/// True for characters that open a quoted title.
pub(super) fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '"' | '«' | '„' | '《' | '「' | '『' | '‘' | '\'')
}

/// True for a character that ends a name piece.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '，'
            | '；'
            | '：'
            | '、'
            | '。'
            | '（'
            | '）'
            | '<'
    ) || (is_open_quote(c) && !matches!(c, '\''))
        || c == '”'
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '《' | '》' | '—' | '…')
}

/// Skips white space from `i`.
pub(super) fn skip_ws(text: &str, i: usize) -> usize {
    text.get(i..)
        .map_or(i, |rest| i + rest.len() - rest.trim_start().len())
}

/// The word at `i`: a run of CJK ideographs, or of anything else but white space and
/// separators (dots, hyphens and apostrophes stay inside: `C.J.`, `O'Brien`).
fn word_at(text: &str, i: usize) -> &str {
    let rest = text.get(i..).unwrap_or("");
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return "";
    };
    let cjk = is_cjk(first) && !is_cjk_punct(first);
    if !cjk {
        // ASCII bytes are judged as bytes; only other characters are decoded.
        let bytes = rest.as_bytes();
        let mut p = 0;
        while let Some(&b) = bytes.get(p) {
            if b.is_ascii() {
                let c = char::from(b);
                if c.is_whitespace() || is_separator(c) {
                    break;
                }
                p += 1;
                continue;
            }
            let Some(c) = rest.get(p..).and_then(|r| r.chars().next()) else {
                break;
            };
            if c.is_whitespace() || is_separator(c) || (is_cjk(c) && c != '’') {
                break;
            }
            p += c.len_utf8();
        }
        return &rest[..p];
    }
    let end = rest
        .char_indices()
        .find(|&(_, c)| {
            if cjk {
                !is_cjk(c) || is_cjk_punct(c)
            } else {
                c.is_whitespace() || is_separator(c) || (is_cjk(c) && c != '’')
            }
        })
        .map_or(rest.len(), |(p, _)| p);
    &rest[..end]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// `G.`, `C.J.`, `FX`.
    Initial,
    /// A capitalised word, an institution's word or a CJK name.
    Name,
    /// `van`, `de`, `al`.
    Particle,
    /// `of`, `for`, `the` inside an institution's name.
    Connector,
    /// `and`, `&`, `und`.
    And,
    /// Anything else: the names have ended.
    Other,
}

/// `G.`, `C.J.`, `E.-B.`, `A-C`, `R`, `JH`.
pub(super) fn is_initials(w: &str) -> bool {
    let core = w.trim_end_matches('.');
    // Every form starts with a capital, a stop or a hyphen: most words fail here.
    if !core
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '.' || c == '-')
    {
        return false;
    }
    if core.chars().count() <= 2 && core.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    // Longer forms need a stop or a hyphen; most capitalised words have neither.
    if !core.bytes().any(|b| b == b'.' || b == b'-') {
        return false;
    }
    core.split(['.', '-'])
        .all(|p| p.is_empty() || (p.chars().count() == 1 && p.chars().all(char::is_uppercase)))
}

pub(super) fn classify(w: &str) -> Class {
    classify_word(w).0
}

/// [`classify`], and whether the word is one of [`INSTITUTIONAL`] (which only a
/// [`Class::Name`] can be), found on the way.
fn classify_word(w: &str) -> (Class, bool) {
    let core = w.trim_end_matches('.');
    let Some(first) = core.chars().next() else {
        return (Class::Other, false);
    };
    // `AND` and its capitalised forms start with one of these bytes.
    let and_like = matches!(
        w.as_bytes().first(),
        Some(b'a' | b'&' | b'u' | b'e' | b'y' | b'A')
    );
    if and_like && (AND.contains(&w) || w == "AND" || w == "And") {
        return (Class::And, false);
    }
    if is_initials(w) {
        return (Class::Initial, false);
    }
    if is_cjk(first) {
        let n = core.chars().count();
        let class = if (2..=4).contains(&n) {
            Class::Name
        } else {
            Class::Other
        };
        return (class, false);
    }
    let lower = Lower::of(core);
    let lower = lower.as_ref().map_or(&[][..], Lower::as_bytes);
    if !lower.is_empty() && is_institution_word(lower) {
        return (Class::Name, true); // `ALICE collaboration`, `CKMfitter group`
    }
    // No particle or connector is longer than five bytes.
    if lower.len() <= 5 {
        if in_list(lower, PARTICLES) {
            return (Class::Particle, false);
        }
        if in_list(lower, CONNECTORS) {
            return (Class::Connector, false);
        }
    }
    let letters_ok = core
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'));
    if first.is_uppercase() && letters_ok {
        (Class::Name, false)
    } else {
        (Class::Other, false)
    }
}

/// How a name piece ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    Comma,
    And,
    Period,
    Colon,
    Open,
    Quote,
    Date,
    End,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where the name would end if an initial ended it (`Gu F.| Study of ...`).
    split: Option<usize>,
    start: usize,
    end: usize,
    next: usize,
    term: Term,
    words: usize,
    lone: bool,
    cjk: bool,
    connectors: bool,
    /// Ends in an initial without a stop, before a comma (`Chan T,`).
    bare_last: bool,
}

/// What the names before a piece tell about it.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    /// Right after an inverted first surname (`Sharp, Jeremy M. Title`): an initial
    /// followed by more than one word ends the name.
    given: bool,
    /// Vancouver names (`Chan T, Gu FX. Title`): an initial with a stop after a
    /// surname ends the list.
    vancouver: bool,
}

/// True when `w` is an initial printed without a stop (`T`, `FX`).
fn bare_initial(w: &str) -> bool {
    !w.contains('.') && is_initials(w)
}

/// Reads one name (`S. Diziain`, `U.S. Department of State`, `王世达`) from `pos`.
fn piece(text: &str, pos: usize, ctx: Ctx) -> Option<Piece> {
    let mut r = NameReader::new(skip_ws(text, pos));
    let mut i = r.start;
    let (term, next) = loop {
        i = skip_ws(text, i);
        let Some(c) = text[i..].chars().next() else {
            break (Term::End, i);
        };
        match r.mark(c, i) {
            Some(Step::Stop(term, at)) => break (term, at),
            Some(Step::Fail) => return None,
            Some(Step::Skip(at)) => {
                i = at;
                continue;
            }
            None => {}
        }
        let w = word_at(text, i);
        if w.is_empty() {
            return None;
        }
        let after = i + w.len();
        if w == "..." && r.tokens == 0 {
            i = after;
            continue;
        }
        if let Some(step) = r.et_al(text, w, after) {
            match step {
                Step::Stop(term, at) => break (term, at),
                Step::Skip(at) => {
                    i = at;
                    continue;
                }
                Step::Fail => return None,
            }
        }
        let (class, institution) = classify_word(w);
        if w.starts_with(|c: char| c.is_ascii_digit()) && date_piece(text, i).is_some() {
            break (Term::Date, i);
        }
        match r.word(w, class, institution, after) {
            Some(Step::Stop(term, at)) => break (term, at),
            Some(Step::Fail) => return None,
            Some(Step::Skip(at)) => {
                i = at;
                continue;
            }
            None => {}
        }
        if r.tokens > 14 {
            return r.split.map(|at| r.truncated(at));
        }
        i = after;
        if r.ends_sentence(text, w, class, after, ctx) {
            break (Term::Period, after);
        }
    };
    r.finish(term, next)
}

/// What [`piece`] does after reading a mark or a word.
enum Step {
    /// The name ends here, the next piece starting at the offset.
    Stop(Term, usize),
    /// This is no name.
    Fail,
    /// Read on from the offset.
    Skip(usize),
}

/// What [`piece`] has read of one name so far.
struct NameReader {
    start: usize,
    /// End of the last word of the name.
    end: usize,
    /// Capitalised name words, and every word or initial.
    full: usize,
    tokens: usize,
    institutional: bool,
    connectors: bool,
    cjk: bool,
    initials: bool,
    /// A leading `and` may still be skipped (`and J. Smith`).
    lead_and: bool,
    /// The last word was an initial without a stop.
    last_bare: bool,
    /// Where the name would end if an initial ended it.
    split: Option<usize>,
}

impl NameReader {
    fn new(start: usize) -> NameReader {
        NameReader {
            start,
            end: start,
            full: 0,
            tokens: 0,
            institutional: false,
            connectors: false,
            cjk: false,
            initials: false,
            lead_and: true,
            last_bare: false,
            split: None,
        }
    }

    /// A punctuation mark at `i` that ends (or rules out) the name.
    fn mark(&self, c: char, i: usize) -> Option<Step> {
        Some(match c {
            ',' | '，' | ';' | '；' | '、' => Step::Stop(Term::Comma, i + c.len_utf8()),
            ':' | '：' => Step::Stop(Term::Colon, i + c.len_utf8()),
            '(' | '（' => Step::Stop(Term::Open, i),
            '.' if self.cjk && self.end == i => Step::Stop(Term::Period, i + 1),
            '…' if self.tokens == 0 => Step::Skip(i + c.len_utf8()),
            c if is_open_quote(c) && (c != '\'' || self.tokens > 0) => Step::Stop(Term::Quote, i),
            c if is_separator(c) => Step::Fail,
            _ => return None,
        })
    }

    /// `et al.` after `w`: one token, and the end of the name when a word follows.
    fn et_al(&mut self, text: &str, w: &str, after: usize) -> Option<Step> {
        if !w.eq_ignore_ascii_case("et") {
            return None;
        }
        let j = skip_ws(text, after);
        let al = word_at(text, j);
        if al != "al." && al != "al" {
            return None;
        }
        self.end = j + al.len();
        self.tokens += 1;
        self.initials = true;
        let rest = &text[self.end..];
        if al == "al." && rest.starts_with(char::is_whitespace) {
            let n = rest.trim_start().chars().next();
            if n.is_some_and(|c| !is_separator(c) || is_open_quote(c)) {
                return Some(Step::Stop(Term::Period, self.end));
            }
        }
        Some(Step::Skip(self.end))
    }

    /// Counts a word of the name; a word that no name has ends or rules it out.
    fn word(&mut self, w: &str, class: Class, institution: bool, after: usize) -> Option<Step> {
        match class {
            Class::And if self.tokens == 0 && self.lead_and => {
                self.lead_and = false;
                return Some(Step::Skip(after));
            }
            Class::And if self.tokens > 0 => return Some(Step::Stop(Term::And, after)),
            Class::Other | Class::And => {
                return Some(match self.split {
                    Some(at) => Step::Stop(Term::Period, at),
                    None => Step::Fail,
                })
            }
            Class::Connector if self.tokens == 0 => return Some(Step::Fail),
            Class::Connector => self.connectors = true,
            Class::Initial => self.initials = true,
            Class::Particle => {}
            Class::Name => {
                self.full += 1;
                self.cjk |= w.chars().next().is_some_and(is_cjk);
                self.institutional |= institution;
            }
        }
        self.last_bare = class == Class::Initial && bare_initial(w);
        self.tokens += 1;
        if self.tokens <= 14 {
            self.end = after;
        }
        None
    }

    /// True when the stop closing `w` ends the sentence, and so the name: an initial
    /// before a capitalised word (`Gu F. Study of`), a name, `al.`.
    fn ends_sentence(&mut self, text: &str, w: &str, class: Class, after: usize, ctx: Ctx) -> bool {
        if !w.ends_with('.') || !text[after..].starts_with(char::is_whitespace) {
            return false;
        }
        let core = Lower::of(w.trim_end_matches('.'));
        let core = core.as_ref().map_or(&[][..], Lower::as_bytes);
        let at = skip_ws(text, after);
        let next = word_at(text, at);
        let next_is_name = classify(next) == Class::Name;
        let next_upper = next.starts_with(char::is_uppercase) && !is_initials(next);
        let next_ends =
            next.ends_with('.') || text[at + next.len()..].starts_with([',', ';', ':', '(']);
        match class {
            Class::Initial if next_upper && self.full > 0 => {
                self.split = self.split.or(Some(after));
                let raw = w.trim_end_matches('.');
                ctx.vancouver || (raw.chars().count() >= 2 && bare_initial(raw))
            }
            Class::Initial => ctx.given && next_is_name && !next_ends,
            Class::Name => !in_list(core, HONORIFICS),
            _ => core == b"al",
        }
    }

    /// The piece read, when it reads as a name: a few words, or an institution's more.
    fn finish(&self, term: Term, next: usize) -> Option<Piece> {
        let name_like = self.full > 0 || self.initials;
        let short = self.full <= 4 || (self.institutional && self.full <= 10);
        if !(name_like && short && self.tokens > 0) {
            return self.split.map(|at| self.truncated(at));
        }
        Some(Piece {
            split: self.split,
            start: self.start,
            end: self.end.max(self.start),
            next,
            term,
            words: self.full,
            lone: self.full == 1 && self.tokens == 1,
            cjk: self.cjk,
            connectors: self.connectors,
            bare_last: self.last_bare && term == Term::Comma,
        })
    }

    /// The name cut where an initial could end it.
    fn truncated(&self, at: usize) -> Piece {
        truncated(self.start, at, self.full, self.cjk, self.connectors)
    }
}

/// A name cut short after an initial (`Gu FX.| Development of ...`).
fn truncated(start: usize, at: usize, full: usize, cjk: bool, connectors: bool) -> Piece {
    Piece {
        split: Some(at),
        start,
        end: at,
        next: at,
        term: Term::Period,
        words: full.min(1),
        lone: false,
        cjk,
        connectors,
        bare_last: false,
    }
}

/// A date (or `n.d.`) at `pos`: `(1999)`, `(2014, January 17)`, `2012.`, `17 avril 2015,`.
/// Returns the end of the date and true when a sentence follows (`.`, `)`, `:`).
fn date_piece(text: &str, pos: usize) -> Option<(usize, bool)> {
    let rest = text.get(pos..)?;
    let paren = rest.starts_with('(') || rest.starts_with('（');
    let open = if paren {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        0
    };
    let open = open + (rest[open..].len() - rest[open..].trim_start().len());
    let body = &rest[open..];
    let mut cut = body.len().min(64);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &body[..cut];
    let undated = [
        "n.d.",
        "s.d.",
        "in press",
        "In press",
        "forthcoming",
        "Forthcoming",
        "n. d.",
        "s. d.",
        "s.f.",
        "s. f.",
    ]
    .iter()
    .any(|w| head.starts_with(w))
        // `(n.d)`, `(s.d)`: no closing stop, inside brackets.
        || (paren && ["n.d)", "s.d)", "n.d )"].iter().any(|w| head.starts_with(w)));
    let mut end = if undated {
        head.find([')', ',']).unwrap_or(4).min(head.len())
    } else {
        if !may_start_date(body) {
            return None;
        }
        let first = find_dates(&body[..cut]).into_iter().next()?;
        // A range (`1832–1858, ed.`) is a date here only when a stop follows it.
        if first.range.start != 0 || (first.weak && !body[first.range.end..].starts_with('.')) {
            return None;
        }
        first.range.end
    };
    if paren {
        let close = body[end..].find([')', '）']).filter(|&p| p <= 24)?;
        end += close + body[end + close..].chars().next().map_or(1, char::len_utf8);
    }
    let after = skip_ws(text, pos + open + end);
    let next = text[after..].chars().next();
    let sentence = paren || matches!(next, Some('.' | ':' | '。' | '：') | None);
    let mut stop = pos + open + end;
    if let Some(c) = next.filter(|c| matches!(c, '.' | ',' | ':' | ';' | '。' | '，' | '：')) {
        stop = after + c.len_utf8();
    }
    Some((stop, sentence))
}

/// An editor mark at `pos`: `(ed.)`, `(eds.)`, `(Hrsg.)`; returns its end.
fn editor_mark(text: &str, pos: usize) -> Option<usize> {
    let rest = text.get(pos..)?;
    let close = rest.find(')').filter(|&p| p <= 12)?;
    let inner = rest.get(1..close)?.trim();
    lower_in(
        inner,
        &[
            "ed.", "eds.", "ed", "eds", "hrsg.", "dir.", "coord.", "éd.", "éds.",
        ],
    )
    .then(|| {
        let after = skip_ws(text, pos + close + 1);
        if text[after..].starts_with([',', '.']) {
            after + 1
        } else {
            pos + close + 1
        }
    })
}

/// Reads the author part of a citation that starts at `start` (after any label).
pub(super) fn prefix(text: &str, start: usize) -> Prefix {
    let mut pos = start;
    let mut pieces: Vec<Piece> = Vec::new();
    let done = |pieces: &[Piece], names_end: usize, title_start: usize, style: Style| Prefix {
        names_end,
        title_start: skip_ws(text, title_start),
        style,
        // A name after `and` is a co-author's (`Max Horkheimer and Theodor W. Adorno,
        // Dialectic of Enlightenment, trans. ...`), never the title.
        last: pieces
            .windows(2)
            .find(|w| w[0].term != Term::And && w[1].words >= 2 && !w[1].cjk)
            .map(|w| &w[1])
            .or(pieces.last())
            .map(|p| p.start..p.end),
    };
    while pieces.len() < MAX_PIECES {
        pos = skip_ws(text, pos);
        let names_end = pieces.last().map_or(start, |p| p.end);
        if let Some((end, sentence)) = date_piece(text, pos) {
            let style = if sentence || pieces.is_empty() {
                Style::Sentence
            } else {
                Style::List
            };
            return done(&pieces, names_end, end, style);
        }
        if !pieces.is_empty() {
            if let Some(end) = editor_word(text, pos) {
                pos = end;
                continue;
            }
        }
        let ctx = Ctx {
            given: pieces
                .last()
                .is_some_and(|p| p.term == Term::Comma && p.lone && !p.cjk),
            vancouver: pieces.iter().any(|p| p.bare_last),
        };
        let after_and = pieces.last().is_some_and(|p| p.term == Term::And);
        let first = pieces.is_empty();
        let got = piece(text, pos, ctx).filter(|p| {
            // A colon ends a person's name (`Wolfgang Jantzen:`, `王世达：`, `Hubert und
            // Irmtraud Schnell:`), not a title's (`J.M. Foley, Oral-Formulaic Theory
            // and Research: An Introduction`, `Hegel’s Development: Toward`).
            p.term != Term::Colon
                || p.cjk
                || (!p.connectors && p.words <= 3 && (first || (after_and && p.words >= 2)))
                // `Zimmermann, O.: Markdown Architectural Decision Records`.
                || (p.words == 0 && ctx.given)
        });
        let Some(p) = got else {
            return fail(text, start, pieces, pos, &done);
        };
        if p.term == Term::Open && publication(text, p.next) {
            // `David Miller, Citizenship and National Identity (Cambridge: Polity, 2000)`.
            return fail(text, start, pieces, p.start, &done);
        }
        pieces.push(p);
        pos = p.next;
        match p.term {
            Term::Comma | Term::And | Term::Date => {}
            Term::Period | Term::Colon => {
                let at = skip_ws(text, pos);
                let after = date_piece(text, at).map_or(at, |(end, _)| end);
                return done(&pieces, p.end, after, Style::Sentence);
            }
            Term::Open => {
                if let Some(end) = editor_mark(text, pos) {
                    pos = end;
                } else if date_piece(text, pos).is_none() {
                    // `Agency (Cal/EPA). 2007.`: an acronym in brackets belongs to the name.
                    let Some(close) = text[pos..].find(')').filter(|&c| c <= 16) else {
                        return done(&pieces, p.end, pos, Style::List);
                    };
                    pos = skip_ws(text, pos + close + 1);
                    if text[pos..].starts_with(['.', ':']) {
                        let at = skip_ws(text, pos + 1);
                        let after = date_piece(text, at).map_or(at, |(end, _)| end);
                        return done(&pieces, p.end, after, Style::Sentence);
                    }
                    if text[pos..].starts_with(',') {
                        pos += 1;
                    }
                }
            }
            Term::Quote => return done(&pieces, p.end, pos, Style::Sentence),
            Term::End => return done(&pieces, p.end, pos, Style::List),
        }
    }
    let names_end = pieces.last().map_or(start, |p| p.end);
    done(&pieces, names_end, pos, Style::List)
}

/// Builds the [`Prefix`] from the names read, their end, the title start and style.
type Done<'a> = &'a dyn Fn(&[Piece], usize, usize, Style) -> Prefix;

/// The names end where the grammar failed at `pos`; names joined by `and` just before
/// may have been the title's words (`Kant and the Problem of Metaphysics`,
/// `American Politics and Society, 7th edn`), and an initial may have ended the last
/// name (`Gallois C. Prevalence and determinants`).
fn fail(text: &str, start: usize, mut pieces: Vec<Piece>, pos: usize, done: Done<'_>) -> Prefix {
    let n = pieces.len();
    // `V. O. Key, Politics, Parties, and Pressure Groups (New York: ...)`: single
    // words between commas are a title's, unless they invert the first name.
    let keep = if pieces.first().is_some_and(|p| p.lone) {
        2
    } else {
        1
    };
    let lone_before = |joined: usize| {
        pieces[..n - joined]
            .iter()
            .skip(keep)
            .rev()
            .take_while(|p| p.lone && p.term == Term::Comma)
            .count()
    };
    let rewind = if n >= 2 && pieces[n - 1].term == Term::And {
        // `Joseph A. Schumpeter, Capitalism, Socialism and Democracy (London: ...)`.
        1 + lone_before(1)
    } else if n >= 3 && pieces[n - 1].lone && pieces[n - 2].term == Term::And {
        2 + lone_before(2)
    } else {
        lone_before(0)
    };
    if rewind > 0 {
        let mut title = pos;
        for _ in 0..rewind {
            title = pieces.pop().map_or(title, |p| p.start);
        }
        if let Some(split) = split_of(text, title) {
            return done(&pieces, split, split, Style::Sentence);
        }
        let names_end = pieces.last().map_or(start, |p| p.end);
        return done(&pieces, names_end, title, Style::List);
    }
    if pieces.is_empty() {
        if let Some((end, title)) = dated_institution(text, pos) {
            return done(&pieces, end, title, Style::Sentence);
        }
        return done(&pieces, start, pos, Style::Bare);
    }
    let names_end = pieces.last().map_or(start, |p| p.end);
    done(&pieces, names_end, pos, Style::List)
}

/// `eds.,` after editors' names (`Ralph H. Abraham and Yoshisuke Ueda, eds., The`).
fn editor_word(text: &str, pos: usize) -> Option<usize> {
    let rest = text.get(pos..)?;
    ["eds.", "ed.", "Eds.", "Ed.", "Hrsg.", "dir."]
        .iter()
        .find_map(|w| {
            let after = rest.strip_prefix(w)?.trim_start();
            let after = after.strip_prefix([',', ':'])?;
            Some(text.len() - after.len())
        })
}

/// True for publication details in brackets at `pos`: `(New York: Penguin, 2014)`.
fn publication(text: &str, pos: usize) -> bool {
    let rest = text.get(pos..).unwrap_or("");
    rest.find(')').filter(|&c| c <= 160).is_some_and(|close| {
        let inner = &rest[..close];
        inner.contains([':', ';']) && !find_dates(inner).is_empty()
    })
}

/// Where an initial ends the name that starts at `pos` (`Gallois C.| Prevalence`).
fn split_of(text: &str, pos: usize) -> Option<usize> {
    piece(text, pos, Ctx::default()).and_then(|p| p.split)
}

/// An author the grammar cannot read, dated in brackets before the end of the first
/// sentence: `Institut national de santé publique du Québec (2013). Les impacts`.
/// Returns the end of the author and where the title starts.
fn dated_institution(text: &str, pos: usize) -> Option<(usize, usize)> {
    let mut limit = text.len().min(pos + 160);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &text[pos..limit];
    let bytes = head.as_bytes();
    // Byte searches: `. ` and `(` are ASCII, and `（` is the only character that
    // starts with 0xEF followed by 0xBC 0x88.
    let stop = memchr::memchr_iter(b'.', bytes)
        .find(|&p| bytes.get(p + 1) == Some(&b' '))
        .unwrap_or(head.len());
    let open = memchr::memchr2_iter(b'(', 0xEF, &bytes[..stop])
        .find(|&p| bytes[p] == b'(' || bytes[p..stop].starts_with("（".as_bytes()));
    if let Some(open) = open {
        let (end, sentence) = date_piece(text, pos + open)?;
        return (sentence && open > 0).then(|| (pos + head[..open].trim_end().len(), end));
    }
    // `The Guardian. 2013. Brazil’s protests ...`: a short first sentence, then the
    // year alone in the next (author-date style with an author the grammar cannot read).
    let first = &head[..stop];
    if stop == head.len()
        || !(1..=8).contains(&first.split_whitespace().take(9).count())
        || !first.starts_with(char::is_uppercase)
    {
        return None;
    }
    let at = skip_ws(text, pos + stop + 1);
    let (end, sentence) = date_piece(text, at)?;
    let bare_year = text[at..end]
        .trim_end_matches(['.', ' '])
        .bytes()
        .all(|b| b.is_ascii_alphanumeric());
    (sentence && bare_year).then_some((pos + stop, end))
}

/// True when `s` reads as a list of names (`L. Henneton, L.H. Roper and A-C Faucquez`),
/// as editors are printed before `(eds.)`.
pub(super) fn is_name_list(s: &str) -> bool {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .filter(|w| !w.is_empty())
        .collect();
    (1..=16).contains(&words.len())
        && words.iter().all(|w| {
            matches!(
                classify(w),
                Class::Name | Class::Initial | Class::Particle | Class::And
            )
        })
}
