//! Short words in lower case without a heap allocation.
//!
//! The parsers compare many words (every name piece, every word before a stop) with
//! small lists of lower-case words; a `String` per comparison was a large share of
//! their time. No listed word is longer than [`CAP`] bytes, so a longer word simply
//! matches none of them.

/// Longest lower-cased word kept, in bytes.
const CAP: usize = 32;

/// A word in lower case, on the stack.
pub(crate) struct Lower {
    buf: [u8; CAP],
    len: usize,
}

impl Lower {
    /// `word` in lower case (letter by letter, as `char::to_lowercase` maps them), or
    /// `None` when it is longer than any listed word.
    pub(crate) fn of(word: &str) -> Option<Lower> {
        Lower::prefix(word, usize::MAX)
            .filter(|(_, rest)| rest.is_empty())
            .map(|(l, _)| l)
    }

    /// The lower-cased start of `text`, whole characters only, at least `min` bytes
    /// long (or all of `text`, or as much as fits); also returns the rest of `text`.
    pub(crate) fn prefix(text: &str, min: usize) -> Option<(Lower, &str)> {
        let mut buf = [0u8; CAP];
        let mut len = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() && len < min {
            let b = bytes[i];
            if b.is_ascii() {
                let Some(slot) = buf.get_mut(len) else {
                    break;
                };
                *slot = b.to_ascii_lowercase();
                len += 1;
                i += 1;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let mut lower = [0u8; 12];
            let mut n = 0;
            for l in c.to_lowercase() {
                n += l.encode_utf8(&mut lower[n..]).len();
            }
            let Some(slot) = buf.get_mut(len..len + n) else {
                break;
            };
            slot.copy_from_slice(&lower[..n]);
            len += n;
            i += c.len_utf8();
        }
        (i > 0 || text.is_empty() || min == 0).then(|| (Lower { buf, len }, &text[i..]))
    }

    /// The lower-cased text.
    pub(crate) fn as_str(&self) -> &str {
        // Only whole characters are ever written, so this cannot fail.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }

    /// The lower-cased text as bytes, for comparisons that need no `str`.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// True when `word` in lower case is one of `list`.
pub(crate) fn lower_in(word: &str, list: &[&str]) -> bool {
    Lower::of(word).is_some_and(|l| list.iter().any(|w| w.as_bytes() == l.as_bytes()))
}

/// True when `text` in lower case starts with one of `list` (lower-case words of at
/// most [`CAP`] bytes); only the start of `text` is lower-cased.
pub(crate) fn lower_starts_with_any(text: &str, list: &[&str]) -> bool {
    let longest = list.iter().map(|w| w.len()).max().unwrap_or(0);
    Lower::prefix(text, longest)
        .is_some_and(|(l, _)| list.iter().any(|w| l.as_bytes().starts_with(w.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_short_words_only() {
        assert_eq!(
            Lower::of("MäRZ").map(|l| l.as_str().to_string()),
            Some("märz".into())
        );
        assert_eq!(
            Lower::of("").map(|l| l.as_str().to_string()),
            Some(String::new())
        );
        assert!(Lower::of(&"A".repeat(33)).is_none());
        assert!(lower_in("Vol", &["vol", "no"]));
        assert!(!lower_in("Volume", &["vol", "no"]));
        assert!(lower_starts_with_any(
            "RETRIEVED from",
            &["url", "retrieved"]
        ));
        assert!(lower_starts_with_any("Repéré à", &["repéré"]));
        assert!(!lower_starts_with_any("Ur", &["url"]));
        assert!(lower_starts_with_any("", &[""]));
        assert!(lower_starts_with_any("\u{212A}ey", &["key"]));
        assert!(lower_starts_with_any("CONSULTÉ le", &["url", "consulté"]));
        assert!(!lower_starts_with_any(
            "Consult",
            &["consulté", "consulted"]
        ));
    }
}
