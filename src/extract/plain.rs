//! Any other text: every bare URL is a citation with no title or date.

use super::{url, Note};

/// One note per URL found, labelled by its order in the document.
pub fn notes(text: &str) -> Vec<Note> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for r in url::find_urls(line) {
            out.push(Note {
                page: None,
                label: format!("url-{}", out.len() + 1),
                line: i + 1,
                text: line[r].to_string(),
            });
        }
    }
    out
}
