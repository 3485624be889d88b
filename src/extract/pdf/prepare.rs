//! Small repairs to a loaded PDF before `pdf-extract` reads it, where it would
//! otherwise misplace characters or do work we do not need.

use lopdf::{Document, Object};

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

/// Replaces ICC-based colour spaces by the device space with as many components:
/// `pdf-extract` inflates the ICC profile each time a page sets a colour, a tenth of
/// the reading for Typst's PDFs, and colour says nothing about citations.
pub(super) fn simplify_colour_spaces(doc: &mut Document) {
    let device = |doc: &Document, o: &Object| -> Option<Object> {
        let a = match o {
            Object::Array(a) => a,
            Object::Reference(id) => doc.get_object(*id).ok()?.as_array().ok()?,
            _ => return None,
        };
        if a.first()?.as_name().ok()? != b"ICCBased" {
            return None;
        }
        let n = match a.get(1)? {
            Object::Reference(id) => doc
                .get_object(*id)
                .ok()?
                .as_stream()
                .ok()?
                .dict
                .get(b"N")
                .ok()?
                .as_i64()
                .ok()?,
            Object::Stream(s) => s.dict.get(b"N").ok()?.as_i64().ok()?,
            _ => return None,
        };
        let name: &[u8] = match n {
            1 => b"DeviceGray",
            4 => b"DeviceCMYK",
            _ => b"DeviceRGB",
        };
        Some(Object::Array(vec![Object::Name(name.to_vec())]))
    };
    // Colour-space dictionaries: inline in resources, or objects of their own.
    let mut edits: Vec<(lopdf::ObjectId, Vec<u8>, Object)> = Vec::new();
    for (&id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else { continue };
        let spaces = match dict.get(b"ColorSpace") {
            Ok(Object::Dictionary(d)) => Some((id, true, d)),
            _ => None,
        };
        let own = (dict.len() < 64 && !dict.has(b"Type")).then_some((id, false, dict));
        for (holder, inline, spaces) in spaces.into_iter().chain(own) {
            for (key, value) in spaces.iter() {
                if let Some(replacement) = device(doc, value) {
                    let mut path = if inline {
                        b"ColorSpace/".to_vec()
                    } else {
                        Vec::new()
                    };
                    path.extend_from_slice(key);
                    edits.push((holder, path, replacement));
                }
            }
        }
    }
    for (id, path, replacement) in edits {
        let Some(Ok(dict)) = doc.objects.get_mut(&id).map(Object::as_dict_mut) else {
            continue;
        };
        match path.strip_prefix(b"ColorSpace/") {
            Some(key) => {
                if let Ok(Object::Dictionary(spaces)) = dict.get_mut(b"ColorSpace") {
                    spaces.set(key.to_vec(), replacement);
                }
            }
            None => dict.set(path, replacement),
        }
    }
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
