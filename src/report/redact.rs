//! Passwords in URLs (`https://user:secret@host/`) never reach a report or a terminal:
//! reports end up in CI logs and pull-request comments that many people can read. JSON is
//! masked as it is serialized ([`write_json`]), string by string.

use std::borrow::Cow;
use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter, PrettyFormatter};

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

/// serde_json's pretty layout, with passwords masked in each string as it is written.
/// Every string passes here, whatever type it belongs to, so that a field added later
/// cannot leak a password by being forgotten.
#[derive(Default)]
struct Redacting {
    pretty: PrettyFormatter<'static>,
    /// The string being written, unescaped: masked whole, then escaped, because an
    /// escape can fall inside a URL.
    string: String,
}

impl Formatter for Redacting {
    fn begin_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.string.clear();
        self.pretty.begin_string(w)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        self.string.push_str(fragment);
        Ok(())
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        self.string.push(unescape(escape));
        Ok(())
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        let text = redact_passwords(&self.string);
        write_escaped(&mut self.pretty, w, &text)?;
        self.pretty.end_string(w)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(w)
    }
}

/// The character an escape stands for.
fn unescape(escape: CharEscape) -> char {
    match escape {
        CharEscape::Quote => '"',
        CharEscape::ReverseSolidus => '\\',
        CharEscape::Solidus => '/',
        CharEscape::Backspace => '\u{8}',
        CharEscape::FormFeed => '\u{c}',
        CharEscape::LineFeed => '\n',
        CharEscape::CarriageReturn => '\r',
        CharEscape::Tab => '\t',
        CharEscape::AsciiControl(b) => char::from(b),
    }
}

/// Writes `s` as string contents with JSON's escapes (those serde_json writes).
fn write_escaped<W: ?Sized + io::Write>(
    f: &mut PrettyFormatter<'_>,
    w: &mut W,
    s: &str,
) -> io::Result<()> {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => CharEscape::Quote,
            b'\\' => CharEscape::ReverseSolidus,
            b'\n' => CharEscape::LineFeed,
            b'\r' => CharEscape::CarriageReturn,
            b'\t' => CharEscape::Tab,
            0x08 => CharEscape::Backspace,
            0x0c => CharEscape::FormFeed,
            0x00..=0x1f => CharEscape::AsciiControl(b),
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        f.write_string_fragment(w, &s[start..i])?;
        f.write_char_escape(w, escape)?;
        start = i + 1;
    }
    f.write_string_fragment(w, &s[start..])
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
