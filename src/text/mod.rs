//! Text helpers that several stages share: script classes, cheap lower-casing, the
//! charset rules for turning bytes into text, and how alike two titles are.

pub mod charset;
pub(crate) mod lower;
pub mod title;

pub use charset::{decode_text, CharsetSource};

/// True for characters of the CJK blocks (ideographs, kana, hangul, CJK punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x2FFFF)
}
