//! The last stage: rendering for people (Markdown, HTML) and machines (JSON).
//!
//! Renderers write into whatever `io::Write` they are given (or return a `String` for
//! small reports); only the CLI chooses files. A check's entries stream through them
//! from a [`Spool`] on disk, so no renderer holds a report's citations. Text that came
//! from a document or a web page is untrusted and goes through [`markdown::escape`].

mod archives;
pub mod baseline;
pub mod card;
mod changes;
mod entry;
pub mod github;
mod hosts;
pub mod html;
pub mod human;
pub mod junit;
pub mod markdown;
pub mod merge;
mod records;
mod redact;
pub mod sarif;
pub mod schema;
mod spool;
mod wording;
mod years;

pub use redact::{redact_passwords, to_json, write_json};
pub use spool::Spool;

use crate::types::Citation;

/// Writes citations as [`citations_json`] prints them, each as it comes, so that the
/// array is never held whole: [`push`](Self::push) each, then [`finish`](Self::finish).
#[derive(Debug)]
pub struct CitationsJson<W: std::io::Write> {
    out: W,
    buf: Vec<u8>,
    first: bool,
}

impl<W: std::io::Write> CitationsJson<W> {
    /// Opens the array.
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all(b"[")?;
        Ok(CitationsJson {
            out,
            buf: Vec::with_capacity(1024),
            first: true,
        })
    }

    /// Writes one citation, passwords in its URLs masked.
    pub fn push(&mut self, c: &Citation) -> std::io::Result<()> {
        self.buf.clear();
        // Written as the one element of an array, the object comes out indented as
        // inside the whole array: only the brackets are cut off.
        serde_json::to_writer_pretty(&mut self.buf, std::slice::from_ref(c))?;
        let inner = self
            .buf
            .get(4..self.buf.len().saturating_sub(2))
            .unwrap_or_default();
        self.out
            .write_all(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        if memchr::memchr(b'@', inner).is_none() {
            return self.out.write_all(inner);
        }
        let text = String::from_utf8_lossy(inner);
        self.out.write_all(redact_passwords(&text).as_bytes())
    }

    /// Closes the array and hands the writer back.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out
            .write_all(if self.first { b"]\n" } else { b"\n]\n" })?;
        Ok(self.out)
    }
}

/// Citations as a pretty JSON array, one object per citation, in document order.
pub fn citations_json(citations: &[Citation]) -> String {
    to_json(citations).unwrap_or_else(|_| "[]\n".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_json_is_the_array() {
        let c = |n: &str, url: &str| {
            let mut all = crate::extract::parse_one(&format!("A, “Title {n},” 2020, {url}"));
            all.remove(0)
        };
        for list in [
            vec![],
            vec![c("1", "https://a.org/x")],
            vec![
                c("1", "https://user:secret@a.org/x"),
                c("2", "https://b.org/y"),
            ],
        ] {
            let mut json = CitationsJson::new(Vec::new()).unwrap();
            for one in &list {
                json.push(one).unwrap();
            }
            let got = String::from_utf8(json.finish().unwrap()).unwrap();
            assert_eq!(got, citations_json(&list));
            assert!(!got.contains("secret"));
        }
    }
}
