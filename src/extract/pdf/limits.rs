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
/// `lopdf` would inflate a bomb whole before the text is drawn. Deflate expands at
/// most about 1,032 times, so streams too small to reach the limit even so are not
/// inflated here (inflating every page twice would cost a third of the reading).
pub(super) fn check_content(doc: &Document, page: ObjectId, limits: &Limits) -> Result<(), String> {
    let streams: Vec<(&[u8], bool)> = content_ids(doc, page)
        .into_iter()
        .filter_map(|id| doc.get_object(id).and_then(Object::as_stream).ok())
        .map(|s| (s.content.as_slice(), is_flate(s)))
        .collect();
    let ceiling: u64 = streams
        .iter()
        .map(|&(c, flate)| (c.len() as u64).saturating_mul(if flate { 1032 } else { 1 }))
        .fold(0, u64::saturating_add);
    if ceiling <= limits.max_content {
        return Ok(());
    }
    let mut total = 0u64;
    for (content, flate) in streams {
        let room = limits.max_content.saturating_sub(total);
        total += if flate {
            inflated_size(content, room)
        } else {
            content.len() as u64
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

fn is_flate(stream: &lopdf::Stream) -> bool {
    stream.dict.get(b"Filter").ok().is_some_and(|f| match f {
        Object::Name(n) => n == b"FlateDecode",
        Object::Array(a) => a
            .iter()
            .any(|o| matches!(o, Object::Name(n) if n == b"FlateDecode")),
        _ => false,
    })
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
