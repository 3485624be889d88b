//! Any other text: every bare URL is a citation with no title or date.

use super::{url, Note};

/// One note per URL found, labelled by its order in the document.
pub fn notes(text: &str) -> Vec<Note> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for r in url::find_urls(line) {
            if is_markup_name(line, r.start) {
                continue;
            }
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

/// True for a URL that names an XML namespace or a document type in markup read as
/// text (`xmlns="http://www.w3.org/1999/xhtml"`, `<!DOCTYPE ... "http://...dtd">`):
/// nobody cites those.
fn is_markup_name(line: &str, start: usize) -> bool {
    let before = line[..start].trim_end_matches(['"', '\'']);
    let attribute = before.trim_end().strip_suffix('=').map(str::trim_end);
    let namespace = attribute.is_some_and(|a| {
        let name = a
            .rsplit(|c: char| c.is_whitespace() || c == '<')
            .next()
            .unwrap_or("");
        name == "xmlns" || name.starts_with("xmlns:")
    });
    namespace || line[..start].contains("<!DOCTYPE") || line[..start].contains("<!doctype")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_are_not_cited() {
        let text = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:og='http://ogp.me/ns#'>\n<a href=\"https://real.example/a\">x</a>\n";
        let got: Vec<String> = notes(text).into_iter().map(|n| n.text).collect();
        assert_eq!(got, vec!["https://real.example/a"]);
    }
}
