//! Passwords in URLs (`https://user:secret@host/`) never reach a report or a terminal:
//! reports end up in CI logs and pull-request comments that many people can read.

use std::borrow::Cow;

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

/// A writer that masks passwords line by line, for reports too large to build as one
/// string first. Pretty JSON never splits a string value across lines, so a URL is
/// always whole within a line.
pub struct RedactingWriter<W: std::io::Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: std::io::Write> RedactingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        RedactingWriter {
            inner,
            line: Vec::new(),
        }
    }

    fn emit(&mut self) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        self.inner.write_all(redact_passwords(&text).as_bytes())?;
        self.line.clear();
        Ok(())
    }
}

impl<W: std::io::Write> std::io::Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // The complete lines in `buf` and what is left of the last one.
        let Some(last) = memchr::memrchr(b'\n', buf) else {
            self.line.extend_from_slice(buf);
            return Ok(buf.len());
        };
        let (mut lines, rest) = buf.split_at(last + 1);
        // A line begun by an earlier write ends first, where its URL can be seen whole.
        if !self.line.is_empty() {
            let end = memchr::memchr(b'\n', lines).map_or(lines.len(), |i| i + 1);
            self.line.extend_from_slice(&lines[..end]);
            self.emit()?;
            lines = &lines[end..];
        }
        // Most of a report holds no `@` at all: whole runs of lines pass straight through.
        if memchr::memchr(b'@', lines).is_none() {
            self.inner.write_all(lines)?;
        } else {
            for part in lines.split_inclusive(|&b| b == b'\n') {
                if memchr::memchr(b'@', part).is_none() {
                    self.inner.write_all(part)?;
                } else {
                    self.line.extend_from_slice(part);
                    self.emit()?;
                }
            }
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.emit()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_masks_across_write_calls() {
        use std::io::Write;
        let mut w = RedactingWriter::new(Vec::new());
        for piece in ["{\"url\": \"https://us", "er:secr", "et@h/\"\n", "}", "\n"] {
            w.write_all(piece.as_bytes()).unwrap();
        }
        w.flush().unwrap();
        let out = String::from_utf8(w.inner).unwrap();
        assert_eq!(out, "{\"url\": \"https://user:***@h/\"\n}\n");
        let mut w = RedactingWriter::new(Vec::new());
        for piece in [
            "plain\nhalf",
            " done\nhttps://a:b@h/\nok\nhttps://c:",
            "d@i/\n",
        ] {
            w.write_all(piece.as_bytes()).unwrap();
        }
        w.flush().unwrap();
        let out = String::from_utf8(w.inner).unwrap();
        assert_eq!(
            out,
            "plain\nhalf done\nhttps://a:***@h/\nok\nhttps://c:***@i/\n"
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
