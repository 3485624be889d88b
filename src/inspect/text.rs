//! Small text helpers shared by the inspect and compare stages.

/// Collapses runs of white space (including no-break spaces) to one space and trims.
/// Control characters become spaces too: page text is untrusted and must not carry
/// terminal escapes into reports.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let gap = |c: char| c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}';
    for word in s.split(gap) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// At most `max` characters of `s`, cut at a character boundary.
pub fn truncate_chars(s: &str, max: usize) -> &str {
    // No more bytes than `max` means no more characters: nothing to count.
    if s.len() <= max {
        return s;
    }
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Decodes the character references that JSON-LD and double-escaped attributes carry
/// (`&amp;`, `&#8217;`, `&#x2019;`, `&quot;`...); unknown ones stay as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.get(..12).unwrap_or(tail).find(';');
        let decoded = end.and_then(|e| entity(&tail[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control());
    }
    Some(match name {
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(collapse("  a\n\t b\u{a0}c  "), "a b c");
        assert_eq!(collapse("a\u{1b}[31mb"), "a [31mb");
        assert_eq!(truncate_chars("日本語", 2), "日本");
        assert_eq!(
            decode_entities("It&#8217;s &amp; &#x2019; &bogus; &"),
            "It’s & ’ &bogus; &"
        );
    }
}
