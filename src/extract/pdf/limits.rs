//! Bounds on the work one PDF may cause: a 2,000-page book is read, a bomb is not.

use std::io::Read;

use lopdf::{Document, Object, ObjectId};

/// How much of a PDF is read before it counts as hostile.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Pages read at most.
    pub max_pages: usize,
    /// Characters drawn on one page at most.
    pub max_glyphs_per_page: usize,
    /// Characters drawn in all at most.
    pub max_glyphs: usize,
    /// Bytes one page's content streams may expand to.
    pub max_content: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_pages: 20_000,
            // A dense page holds about 6,000 characters.
            max_glyphs_per_page: 200_000,
            max_glyphs: 60_000_000,
            max_content: 64 << 20,
        }
    }
}

/// Checks that the page's content streams expand to at most `max_content` bytes:
/// `lopdf` would inflate a bomb whole before the text is drawn.
pub(super) fn check_content(doc: &Document, page: ObjectId, limits: &Limits) -> Result<(), String> {
    let mut total = 0u64;
    for id in content_ids(doc, page) {
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            continue;
        };
        let flate = stream.dict.get(b"Filter").ok().is_some_and(|f| match f {
            Object::Name(n) => n == b"FlateDecode",
            Object::Array(a) => a
                .iter()
                .any(|o| matches!(o, Object::Name(n) if n == b"FlateDecode")),
            _ => false,
        });
        total += if flate {
            inflated_size(
                &stream.content,
                limits.max_content - total.min(limits.max_content),
            )
        } else {
            stream.content.len() as u64
        };
        if total > limits.max_content {
            return Err(format!(
                "a page's content expands beyond {} MiB (a PDF bomb?)",
                limits.max_content >> 20
            ));
        }
    }
    Ok(())
}

/// The ids of a page's content streams.
fn content_ids(doc: &Document, page: ObjectId) -> Vec<ObjectId> {
    let Ok(dict) = doc.get_dictionary(page) else {
        return Vec::new();
    };
    match dict.get(b"Contents") {
        Ok(Object::Reference(id)) => vec![*id],
        Ok(Object::Array(items)) => items.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    }
}

/// How many bytes zlib data inflates to, counting no further than `cap + 1`.
fn inflated_size(data: &[u8], cap: u64) -> u64 {
    let decoder = flate2::read::ZlibDecoder::new(data);
    let mut limited = decoder.take(cap + 1);
    let mut buf = [0u8; 16 * 1024];
    let mut n = 0u64;
    while let Ok(k) = limited.read(&mut buf) {
        if k == 0 {
            break;
        }
        n += k as u64;
    }
    n
}

/// Rewrites the `first last width` runs of every CID font's `/W` array as
/// `first [width ...]`: `pdf-extract` reads only the second form, and without widths
/// every character of a line is drawn at one spot (Typst writes the first form).
pub(super) fn normalise_cid_widths(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        let Ok(dict) = object.as_dict_mut() else {
            continue;
        };
        let cid = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"CIDFontType2" || n == b"CIDFontType0");
        if !cid {
            continue;
        }
        let Ok(Object::Array(w)) = dict.get(b"W") else {
            continue;
        };
        if let Some(fixed) = expand_ranges(w) {
            dict.set("W", Object::Array(fixed));
        }
    }
}

/// `w` with its ranges expanded; `None` when it has none, or is malformed, or a
/// range is implausibly long.
fn expand_ranges(w: &[Object]) -> Option<Vec<Object>> {
    let mut out = Vec::with_capacity(w.len());
    let mut changed = false;
    let mut i = 0;
    while i < w.len() {
        let first = w[i].as_i64().ok()?;
        match w.get(i + 1)? {
            Object::Array(a) => {
                out.push(Object::Integer(first));
                out.push(Object::Array(a.clone()));
                i += 2;
            }
            last => {
                let last = last.as_i64().ok()?;
                let width = w.get(i + 2)?.clone();
                if last < first || last - first > 65_535 {
                    return None;
                }
                let count = usize::try_from(last - first + 1).ok()?;
                out.push(Object::Integer(first));
                out.push(Object::Array(vec![width; count]));
                changed = true;
                i += 3;
            }
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_ranges_become_arrays() {
        let w = vec![
            Object::Integer(0),
            Object::Integer(2),
            Object::Real(500.0),
            Object::Integer(3),
            Object::Array(vec![Object::Integer(250)]),
        ];
        let fixed = expand_ranges(&w).unwrap_or_default();
        assert_eq!(fixed[0], Object::Integer(0));
        assert_eq!(fixed[1], Object::Array(vec![Object::Real(500.0); 3]));
        assert_eq!(fixed[2], Object::Integer(3));
        // Only arrays already: nothing to change. Malformed or huge: left alone.
        assert!(expand_ranges(&fixed).is_none());
        assert!(
            expand_ranges(&[Object::Integer(5), Object::Integer(1), Object::Integer(9)]).is_none()
        );
        assert!(expand_ranges(&[
            Object::Integer(0),
            Object::Integer(1 << 30),
            Object::Integer(9)
        ])
        .is_none());
        assert!(expand_ranges(&[Object::Integer(0)]).is_none());
    }
}
