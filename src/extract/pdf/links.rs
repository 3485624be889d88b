//! Link annotations: the rectangle of each `/URI` link on a page.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// A link's area, in points from the page's top-left, and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Left, top, right, bottom.
    pub rect: [f64; 4],
    /// The `/URI`.
    pub uri: String,
}

/// The http(s) links of a page. A link with `/QuadPoints` (one quad per line of a
/// broken URL) gives one area per quad.
pub(super) fn of_page(doc: &Document, page: ObjectId, height: f64) -> Vec<Link> {
    let Ok(dict) = doc.get_dictionary(page) else {
        return Vec::new();
    };
    let annots = match dict.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(id)) => doc
            .get_object(*id)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for annot in annots.iter().take(10_000) {
        let Some(a) = resolve_dict(doc, annot) else {
            continue;
        };
        if a.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
            continue;
        }
        let Some(uri) = uri_of(doc, a) else {
            continue;
        };
        for rect in areas(a) {
            // Page space has its origin at the bottom; ours at the top.
            out.push(Link {
                rect: [rect[0], height - rect[3], rect[2], height - rect[1]],
                uri: uri.clone(),
            });
        }
    }
    out
}

fn resolve_dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// The `/A << /S /URI /URI (...) >>` target, when it is an http(s) URL.
fn uri_of(doc: &Document, annot: &Dictionary) -> Option<String> {
    let action = resolve_dict(doc, annot.get(b"A").ok()?)?;
    if action.get(b"S").and_then(Object::as_name).ok() != Some(b"URI") {
        return None;
    }
    let bytes = match action.get(b"URI").ok()? {
        Object::String(s, _) => s.clone(),
        Object::Reference(id) => match doc.get_object(*id).ok()? {
            Object::String(s, _) => s.clone(),
            _ => return None,
        },
        _ => return None,
    };
    let uri = String::from_utf8_lossy(&bytes).trim().to_string();
    let lower = uri
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    (lower.starts_with("http://") || lower == "https://").then_some(uri)
}

/// The areas of a link: its quads when it has them, else its `/Rect`, each as
/// (left, bottom, right, top) in page space.
fn areas(annot: &Dictionary) -> Vec<[f64; 4]> {
    let numbers = |key: &[u8]| -> Vec<f64> {
        annot
            .get(key)
            .and_then(Object::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.as_float().ok().map(f64::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let quads = numbers(b"QuadPoints");
    if quads.len() >= 8 && quads.len() % 8 == 0 {
        return quads
            .chunks_exact(8)
            .map(|q| {
                let xs = [q[0], q[2], q[4], q[6]];
                let ys = [q[1], q[3], q[5], q[7]];
                [
                    xs.iter().copied().fold(f64::MAX, f64::min),
                    ys.iter().copied().fold(f64::MAX, f64::min),
                    xs.iter().copied().fold(f64::MIN, f64::max),
                    ys.iter().copied().fold(f64::MIN, f64::max),
                ]
            })
            .collect();
    }
    let r = numbers(b"Rect");
    if r.len() == 4 {
        vec![[
            r[0].min(r[2]),
            r[1].min(r[3]),
            r[0].max(r[2]),
            r[1].max(r[3]),
        ]]
    } else {
        Vec::new()
    }
}
