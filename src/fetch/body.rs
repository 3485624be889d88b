//! Reading a body with a size cap, and decoding it to text.
//!
//! The cap counts *decompressed* bytes: reqwest inflates gzip, deflate and brotli as the
//! stream is read, so a small compressed "bomb" stops at the cap like any long page,
//! without ever holding more than the cap plus one chunk in memory.
//!
//! A body over the cap is kept, cut, and marked `truncated`: the metadata the next stage
//! wants (title, dates, `citation_*` tags) sits in the first kilobytes of HTML and on the
//! first pages of a PDF, so a cut body is still useful, and the link is alive.
//!
//! Charset, strongest evidence first: a byte-order mark (it cannot be there by accident,
//! and the WHATWG encoding standard lets it override the header), the HTTP `charset`,
//! a `<meta>` declaration in the first 2 KB, and finally chardetng's statistical guess,
//! informed by the host's top-level domain (`.cn` pages lean GBK, `.jp` Shift_JIS).

use encoding_rs::Encoding;

use super::outcome::{Body, CharsetSource};

/// How far into the body to look for a `<meta>` charset.
const META_PRESCAN: usize = 2048;

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

/// Picks the encoding of a text body and says why.
pub(crate) fn choose_encoding(
    bytes: &[u8],
    content_type: Option<&str>,
    host: &str,
) -> (&'static Encoding, CharsetSource) {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return (enc, CharsetSource::Bom);
    }
    if let Some(enc) = content_type.and_then(http_charset) {
        return (enc, CharsetSource::Http);
    }
    if let Some(enc) = meta_charset(&bytes[..bytes.len().min(META_PRESCAN)]) {
        return (enc, CharsetSource::Meta);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let tld = host.rsplit('.').next().map(str::as_bytes);
    (detector.guess(tld, true), CharsetSource::Detected)
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

/// The `charset` parameter of a `Content-Type` value.
fn http_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

/// The charset declared by a `<meta charset=...>` or `<meta http-equiv ... content="...;
/// charset=...">` in `head`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        if let Some(enc) = charset_in_tag(&tag[..end]) {
            return Some(html_override(enc));
        }
        rest = &tag[end..];
    }
    None
}

fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")? + b"charset".len();
    let value = tag[at..].trim_ascii_start().strip_prefix(b"=")?;
    let value = value.trim_ascii_start();
    let value = value
        .strip_prefix(b"\"")
        .or_else(|| value.strip_prefix(b"'"))
        .unwrap_or(value);
    let end = value
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'\t' | b'\n' | b'\r'))
        .unwrap_or(value.len());
    Encoding::for_label(&value[..end])
}

/// The HTML standard's corrections to a meta-declared encoding: a page that could be read
/// as ASCII to find its `<meta>` cannot be UTF-16, and `x-user-defined` means windows-1252.
fn html_override(enc: &'static Encoding) -> &'static Encoding {
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else if enc == encoding_rs::X_USER_DEFINED {
        encoding_rs::WINDOWS_1252
    } else {
        enc
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(bytes: &[u8], ct: Option<&str>) -> (&'static str, CharsetSource) {
        let (e, s) = choose_encoding(bytes, ct, "example.com");
        (e.name(), s)
    }

    type Case<'a> = (&'a [u8], Option<&'a str>, (&'a str, CharsetSource));

    #[test]
    fn charset_evidence_in_order() {
        use CharsetSource::*;
        let meta =
            b"<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">";
        let cases: [Case; 6] = [
            (
                b"\xef\xbb\xbfhi",
                Some("text/html; charset=windows-1252"),
                ("UTF-8", Bom),
            ),
            (
                b"hi",
                Some("text/html; Charset=\"Shift_JIS\""),
                ("Shift_JIS", Http),
            ),
            (meta, Some("text/html"), ("GBK", Meta)),
            (b"<meta charset='utf-16'>", None, ("UTF-8", Meta)),
            (
                b"<meta name=x><meta charset=euc-jp>",
                None,
                ("EUC-JP", Meta),
            ),
            (
                b"plain ascii",
                Some("text/plain; charset=bogus"),
                ("UTF-8", Detected),
            ),
        ];
        for (bytes, ct, want) in cases {
            assert_eq!(enc(bytes, ct), want, "{}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn detection_reads_gbk_and_shift_jis() {
        let text = "印度与美国的国防合作在二〇二四年继续深化，双方签署了多项协议。";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(enc(&gbk, None).0, "GBK");
        let jp = "日本の防衛政策についての報告書です。これは試験の文章です。";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(jp);
        assert_eq!(enc(&sjis, None).0, "Shift_JIS");
    }

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
