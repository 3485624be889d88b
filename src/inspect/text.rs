//! Small text helpers shared by the inspect and compare stages.

/// Collapses runs of white space (including no-break spaces) to one space and trims.
/// Control characters become spaces too: page text is untrusted and must not carry
/// terminal escapes into reports.
pub fn collapse(s: &str) -> String {
    collapse_prefix(s, usize::MAX)
}

/// The first `max` characters of [`collapse`]`(s)`, reading no more of `s` than that needs
/// (a page's lead is cut from text that can run to megabytes).
pub fn collapse_prefix(s: &str, max: usize) -> String {
    let gap = |c: char| c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}';
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    // Text is copied in runs that need no change: words with single spaces between them.
    // A run ends at any other gap, which becomes one space before the next word.
    let mut run = 0;
    let mut i = 0;
    // Characters in `out`, to stop once `max` are there.
    let mut chars = 0;
    while i < bytes.len() {
        i = skip_printable(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        // ASCII is decided by the byte; anything else by its character.
        let (is_gap, len) = if b.is_ascii() {
            (b == b' ' || b.is_ascii_control(), 1)
        } else {
            match s[i..].chars().next() {
                Some(c) => (gap(c), c.len_utf8()),
                None => break,
            }
        };
        if !is_gap {
            i += len;
            continue;
        }
        let single_space = b == b' '
            && i > run
            && match bytes.get(i + 1) {
                Some(&n) if n.is_ascii() => n != b' ' && !n.is_ascii_control(),
                Some(_) => !s[i + 1..].starts_with(gap),
                None => false,
            };
        if single_space {
            i += 1;
            continue;
        }
        if i > run {
            if !out.is_empty() {
                out.push(' ');
                chars += 1;
            }
            out.push_str(&s[run..i]);
            chars += s[run..i].chars().count();
            if chars >= max {
                break;
            }
        }
        i += len;
        run = i;
    }
    if chars < max && run < s.len() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[run..]);
    }
    let cut = truncate_chars(&out, max).len();
    out.truncate(cut);
    out
}

/// The index of the first byte at or after `i` that is not printable ASCII (space,
/// controls, DEL and non-ASCII stop it), eight bytes at a time: words are most of a
/// page's text, and this is where collapsing spends its time.
fn skip_printable(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // High bit set in each byte below 0x21, each byte 0x7f, and each byte of 0x80 or
        // more. Borrows run upwards only, so the lowest flag is always a true one.
        let below = x.wrapping_sub(ONES * 0x21) & !x;
        let del = (x ^ (ONES * 0x7f)).wrapping_sub(ONES) & !(x ^ (ONES * 0x7f));
        let flags = (below | del | x) & HIGH;
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|b| (0x21..0x7f).contains(b)) {
        i += 1;
    }
    i
}

/// At most `max` characters of `s`, cut at a character boundary.
pub fn truncate_chars(s: &str, max: usize) -> &str {
    // No more bytes than `max` means no more characters: nothing to count.
    if s.len() <= max {
        return s;
    }
    // Within ASCII, the `max`-th character is the `max`-th byte.
    if s.as_bytes()[..max].is_ascii() {
        return &s[..max];
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

    /// What `collapse` must do, written plainly.
    fn collapse_plainly(s: &str) -> String {
        let gap =
            |c: char| c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}';
        s.split(gap)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn collapse_agrees_with_the_plain_definition() {
        let alphabet = [
            "a", "Z", " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{1b}", "\u{7f}", "\u{85}",
            "\u{a0}", "\u{200b}", "\u{feff}", "\u{3000}", "日", "é", "\u{2028}", "x",
        ];
        // Every string of up to four symbols from the alphabet.
        let mut strings = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| alphabet.iter().map(move |a| format!("{s}{a}")))
                .collect();
            strings.extend(longer);
            strings.dedup();
        }
        for s in &strings {
            // Also inside long words, so that the eight-byte scan meets each symbol at
            // every offset.
            for pad in [0, 1, 3, 7, 8, 9] {
                let padded = format!("{}{s}{}", &"abcdefghi"[..pad], "jklmnopqrstuvw");
                assert_eq!(collapse(&padded), collapse_plainly(&padded), "{padded:?}");
            }
            let plain = collapse_plainly(s);
            assert_eq!(collapse(s), plain, "{s:?}");
            for max in 0..4 {
                let want: String = plain.chars().take(max).collect();
                assert_eq!(collapse_prefix(s, max), want, "{s:?} {max}");
            }
        }
    }

    #[test]
    fn skip_printable_stops_at_the_first_other_byte() {
        for stop in 0u8..=255 {
            for at in 0..20 {
                let mut bytes = vec![b'k'; 24];
                bytes[at] = stop;
                let want = if (0x21..0x7f).contains(&stop) { 24 } else { at };
                assert_eq!(skip_printable(&bytes, 0), want, "{stop:#x} at {at}");
                // Bytes before the stop that would borrow in a naive scan do not matter.
                bytes[..at].fill(b'~');
                assert_eq!(skip_printable(&bytes, 0), want, "{stop:#x} at {at}");
            }
        }
    }

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
