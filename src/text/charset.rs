//! Bytes to text: which encoding a page or a saved file is in.
//!
//! Strongest evidence first: a byte-order mark (it cannot be there by accident, and the
//! WHATWG encoding standard lets it override the header), the HTTP `charset`, a `<meta>`
//! declaration in the first 2 KB, and finally chardetng's statistical guess, informed by
//! the host's top-level domain (`.cn` pages lean GBK, `.jp` Shift_JIS). The fetch stage
//! decodes bodies with these rules and the inspect stage decodes saved files with them.

use encoding_rs::Encoding;
use serde::{Deserialize, Serialize};

/// Where the charset of a text body came from, strongest evidence first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CharsetSource {
    /// A byte-order mark at the start of the body.
    Bom,
    /// The `charset` parameter of the `Content-Type` header.
    Http,
    /// A `<meta charset>` or `http-equiv` declaration near the top of the page.
    Meta,
    /// Statistical detection over the bytes (chardetng).
    Detected,
}

/// How far into the body to look for a `<meta>` charset.
const META_PRESCAN: usize = 2048;

/// Decodes a text body (a saved page, say) with the same charset rules as fetched bodies:
/// byte-order mark, the `Content-Type` charset, a `<meta>` declaration, then detection
/// informed by `host`'s top-level domain. One rule is added for saved files: bytes that
/// are valid UTF-8 and not plain ASCII are UTF-8, whatever they declare, because saving
/// and converting a page often leaves a stale `<meta charset>`, while a legacy-encoded
/// text is almost never valid UTF-8 by accident.
pub fn decode_text(bytes: &[u8], content_type: Option<&str>, host: &str) -> String {
    if !bytes.is_ascii() {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
        }
    }
    let (encoding, _) = choose_encoding(bytes, content_type, host);
    encoding.decode_with_bom_removal(bytes).0.into_owned()
}

/// Picks the encoding of a text body and says why.
pub fn choose_encoding(
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
}
