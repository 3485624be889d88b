//! Passwords in URLs (`https://user:secret@host/`) never reach a report or a terminal:
//! reports end up in CI logs and pull-request comments that many people can read. JSON is
//! masked as it is serialized ([`write_json`]), string by string.

use std::borrow::Cow;
use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

/// Replaces the password of every URL in `text` with `***`, keeping the user name so
/// that the reader still knows which account the document used.
pub fn redact_passwords(text: &str) -> Cow<'_, str> {
    if !text.contains("://") || !text.contains('@') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        // The authority ends at the first '/', '?', '#' or white space.
        let end = tail
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(at) => {
                let userinfo = &authority[..at];
                match userinfo.find(':') {
                    Some(colon) => {
                        out.push_str(&userinfo[..colon]);
                        out.push_str(":***");
                    }
                    None => out.push_str(userinfo),
                }
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Writes `value` as pretty JSON ending in a newline, with the password of every URL in
/// every string masked. Streams: nothing is built in memory but the string being written.
pub fn write_json<W: io::Write, T: Serialize + ?Sized>(mut w: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut w, Redacting::default());
    value.serialize(&mut ser)?;
    w.write_all(b"\n")
}

/// [`write_json`] into a string.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> io::Result<String> {
    let mut out = Vec::new();
    write_json(&mut out, value)?;
    String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// serde_json's pretty layout (two spaces an indent), with passwords masked in each
/// string as it is written. Every string passes here, whatever type it belongs to, so
/// that a field added later cannot leak a password by being forgotten.
#[derive(Default)]
struct Redacting {
    /// How deep the value being written is.
    depth: usize,
    /// Whether the array or object being written has a value yet.
    has_value: bool,
    /// The string being written, escaped as JSON, held back until it is whole: a URL is
    /// masked whole. Escapes never fall inside a URL's authority (no `"`, `\\` or
    /// control character is allowed there), so masking the escaped text is masking the
    /// URL.
    string: Vec<u8>,
}

impl Redacting {
    /// A new line at the current depth, in one write (serde_json's formatter writes each
    /// level of indentation apart).
    fn line<W: ?Sized + io::Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        const SPACES: &[u8] = &[b' '; 128];
        w.write_all(if comma { b",\n" } else { b"\n" })?;
        let mut left = self.depth * 2;
        while left > 0 {
            let n = left.min(SPACES.len());
            w.write_all(&SPACES[..n])?;
            left -= n;
        }
        Ok(())
    }

    fn open<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Redacting {
    fn begin_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.string.clear();
        w.write_all(b"\"")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        self.string.extend_from_slice(fragment.as_bytes());
        Ok(())
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        CompactFormatter.write_char_escape(&mut self.string, escape)
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        // Most strings hold no `@`, and no password without one.
        if memchr::memchr(b'@', &self.string).is_none() {
            w.write_all(&self.string)?;
        } else {
            let text = String::from_utf8_lossy(&self.string);
            w.write_all(redact_passwords(&text).as_bytes())?;
        }
        w.write_all(b"\"")
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_masked_and_escaped_as_serde_json_escapes_them() {
        let value = serde_json::json!({
            "url": "https://user:secret@h.org/x",
            "raw": "see \"https://a:b@h.org\"\n\ttab \u{1}\u{8}\u{c}\r\\ é",
            "list": ["plain", "http://c:d@i.org/p?q=\"x\""],
            "https://k:v@h.org/": 1,
            "n": null,
            "empty": {},
            "none": [],
            "deep": [[{"a": [1, {"b": [], "c": {}}]}], [], [[]]],
            "nums": [1.5, -2, true, false],
        });
        let got = to_json(&value).unwrap();
        let plain = format!("{}\n", serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(
            got,
            redact_passwords(&plain),
            "the same bytes as masking afterwards"
        );
        assert!(!got.contains("secret") && !got.contains(":b@") && !got.contains(":d@"));
        assert!(!got.contains(":v@"), "keys are masked too");
        let back: serde_json::Value = serde_json::from_str(&got).unwrap();
        assert_eq!(
            back["raw"],
            "see \"https://a:***@h.org\"\n\ttab \u{1}\u{8}\u{c}\r\\ é"
        );
    }

    #[test]
    fn passwords_are_masked_and_everything_else_kept() {
        let cases = [
            ("https://user:pass@host/x", "https://user:***@host/x"),
            ("https://user@host/x", "https://user@host/x"),
            ("https://host/x?u=a@b.c", "https://host/x?u=a@b.c"),
            (
                "see https://a:b@h.org and http://c:d:e@i.org/p",
                "see https://a:***@h.org and http://c:***@i.org/p",
            ),
            ("https://a:b@c@h.org/", "https://a:***@h.org/"),
            ("mailto:x@y.org", "mailto:x@y.org"),
            ("://:@", "://:***@"),
            ("plain", "plain"),
        ];
        for (text, want) in cases {
            assert_eq!(redact_passwords(text), want, "{text}");
        }
    }
}
