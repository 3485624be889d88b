//! Splitting an author string as printed into names.
//!
//! `Solon, G.`, `Durkheim, Émile`, `S. Diziain, R. Geiss, and T. Pertsch`,
//! `Siu, W. M. & Cobbold, R. S. C.`, `陶丽娇、王联合`: commas separate names and also a
//! surname from its given names, so initials and an inverted first name are joined
//! back to their surname; an institution's name (`Press Information Bureau,
//! Government of India`) stays whole.

use super::names::{classify, is_initials, is_institution_word, Class, AND, INSTITUTION_LEN};
use crate::text::is_cjk;
use crate::text::lower::Lower;

/// True when `s` names an institution (`U.S. Department of State`, `The White House`).
fn is_institutional(s: &str) -> bool {
    let (min, max) = INSTITUTION_LEN;
    s.split(|c: char| !c.is_alphabetic()).any(|w| {
        // Lower case keeps an ASCII word's length: one too short or too long for the
        // list is not lower-cased at all.
        (!w.is_ascii() || (min..=max).contains(&w.len()))
            && Lower::of(w).is_some_and(|l| is_institution_word(l.as_bytes()))
    })
}

fn is_given(s: &str) -> bool {
    if s.contains(is_cjk) {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| matches!(classify(w), Class::Name | Class::Initial | Class::Particle))
}

fn is_lone_surname(s: &str) -> bool {
    let mut words = s
        .split_whitespace()
        .filter(|w| classify(w) != Class::Particle);
    words.next().is_some_and(|w| classify(w) == Class::Name) && words.next().is_none()
}

/// Drops a final `.` unless it belongs to an initial or `et al.`
fn tidy(name: &str) -> String {
    let name = name
        .trim()
        .trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '，' | '：' | '、'));
    let name = name.trim();
    let last = name.rsplit(char::is_whitespace).next().unwrap_or("");
    // `Solon, G.` keeps its initial's stop; `Gu FX.` and `Durkheim, Émile.` end a sentence.
    let initial = is_initials(last) && (name.contains(',') || last.matches('.').count() > 1);
    if name.ends_with('.') && !initial && last != "al." {
        name[..name.len() - 1].trim_end().to_string()
    } else {
        name.to_string()
    }
}

/// Splits an author string as printed into names: on `,`, `;`, `、`, `and`, `&`; an
/// inverted first name (`Durkheim, Émile`) and initials (`Solon, G.`) stay with
/// their surname; an institution's name stays whole.
pub(super) fn split_authors(s: &str) -> Vec<String> {
    let s = s
        .trim()
        .trim_end_matches([',', ';', ':', '，', '：', '、', '(', '（'])
        .trim();
    if s.is_empty() {
        return Vec::new();
    }
    if is_institutional(s) && !s.contains('、') {
        return vec![tidy(s)];
    }
    let mut parts: Vec<&str> = Vec::new();
    let mut from = 0;
    for (i, c) in s.char_indices() {
        if i < from {
            continue; // inside an `and` already cut out
        }
        if matches!(c, ',' | ';' | '，' | '；' | '、') {
            parts.push(&s[from..i]);
            from = i + c.len_utf8();
        } else if c.is_whitespace()
            // Only a word that starts like one of `AND` can join two names.
            && s[i..]
                .trim_start()
                .starts_with(['a', '&', 'u', 'e', 'y'])
        {
            let rest = &s[i..].trim_start();
            let w = rest.split_whitespace().next().unwrap_or("");
            let next_w = rest[w.len()..].split_whitespace().next().unwrap_or("");
            if AND.contains(&w) && !next_w.starts_with("al") {
                parts.push(&s[from..i]);
                from = s.len() - rest.len() + w.len();
            }
        }
    }
    parts.push(&s[from..]);
    let mut out: Vec<String> = Vec::new();
    for (k, part) in parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        let initials = part.split_whitespace().all(is_initials);
        let inverted_first = k == 1 && out.len() == 1 && is_lone_surname(&out[0]) && is_given(part);
        match out.last_mut() {
            Some(prev) if (initials && is_lone_or_surname(prev)) || inverted_first => {
                prev.push_str(", ");
                prev.push_str(part);
            }
            _ => out.push(part.to_string()),
        }
    }
    out.iter()
        .map(|n| tidy(n))
        .filter(|n| !n.is_empty())
        .collect()
}

/// True for a name that has no initials or given names yet (`Solon`, `van Dijk`).
fn is_lone_or_surname(s: &str) -> bool {
    !s.contains(',') && is_lone_surname(s)
}
