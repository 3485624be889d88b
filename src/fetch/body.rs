//! Reading a body with a size cap, and decoding it to text.
//!
//! The cap counts *decompressed* bytes: reqwest inflates gzip, deflate and brotli as the
//! stream is read, so a small compressed "bomb" stops at the cap like any long page,
//! without ever holding more than the cap plus one chunk in memory.
//!
//! A body over the cap is kept, cut, and marked `truncated`: the metadata the next stage
//! wants (title, dates, `citation_*` tags) sits in the first kilobytes of HTML and on the
//! first pages of a PDF, so a cut body is still useful, and the link is alive.
//! Text bodies are decoded with the charset rules of [`crate::text::charset`].

use crate::text::charset::choose_encoding;
use crate::types::Body;

/// The bytes read and whether reading stopped at the cap.
pub(crate) struct RawBody {
    pub bytes: Vec<u8>,
    pub truncated: bool,
}

/// Reads `resp`'s body up to `cap` decompressed bytes; stops reading (and so stops the
/// download) as soon as the cap is passed.
pub(crate) async fn read_capped(
    mut resp: reqwest::Response,
    cap: usize,
) -> Result<RawBody, reqwest::Error> {
    // Sized by the announced length when there is one (never trusting it past the cap).
    let hint = resp
        .content_length()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(16 * 1024);
    let mut bytes = Vec::with_capacity(hint.min(cap).min(1024 * 1024));
    while let Some(chunk) = resp.chunk().await? {
        let room = cap - bytes.len();
        if chunk.len() > room {
            bytes.extend_from_slice(&chunk[..room]);
            return Ok(RawBody {
                bytes,
                truncated: true,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(RawBody {
        bytes,
        truncated: false,
    })
}

/// True when a body of this type is worth keeping even when cut at the cap.
pub(crate) fn head_is_useful(content_type: Option<&str>) -> bool {
    match content_type {
        None => true,
        Some(ct) => is_textual(ct) || mime(ct) == "application/pdf",
    }
}

/// Builds the [`Body`], decoding text bodies.
pub(crate) fn finish(raw: RawBody, content_type: Option<&str>, host: &str) -> Body {
    let text_like = match content_type {
        Some(ct) if mime(ct) != "application/octet-stream" => is_textual(ct),
        // No usable type: text if it looks like text.
        _ => !raw.bytes.starts_with(b"%PDF") && !raw.bytes.iter().take(1024).any(|&b| b == 0),
    };
    let (text, charset, source) = if text_like {
        let (enc, source) = choose_encoding(&raw.bytes, content_type, host);
        let (text, _) = enc.decode_with_bom_removal(&raw.bytes);
        (
            Some(text.into_owned()),
            Some(enc.name().to_owned()),
            Some(source),
        )
    } else {
        (None, None, None)
    };
    Body {
        text,
        bytes: raw.bytes,
        charset,
        charset_source: source,
        truncated: raw.truncated,
    }
}

/// The media type without parameters, lowercase.
fn mime(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_textual(content_type: &str) -> bool {
    let m = mime(content_type);
    m.starts_with("text/")
        || m.ends_with("+xml")
        || m.ends_with("/xml")
        || m.ends_with("json")
        || m.contains("javascript")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_bodies_get_no_text() {
        let raw = RawBody {
            bytes: b"%PDF-1.7\n...".to_vec(),
            truncated: false,
        };
        let body = finish(raw, Some("application/pdf"), "example.com");
        assert_eq!(body.text, None);
        assert!(head_is_useful(Some("application/pdf")));
        assert!(!head_is_useful(Some("application/zip")));
    }
}
