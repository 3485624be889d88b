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

#[cfg(test)]
mod tests {
    use super::*;

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
