//! The web archives asked for copies, each by its Memento endpoints.
//!
//! Every archive here publishes a TimeMap (the list of its captures of a URL, in link
//! format) and a TimeGate (the capture nearest an `Accept-Datetime`), both addressed by
//! appending the original URL to a prefix. Archives built on the Wayback software also
//! replay a capture unaltered when `id_` follows its timestamp: that is the copy read to
//! check it, free of the archive's banner and rewritten links.

/// One archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Its stable name in `citations.toml` (`internet-archive`).
    pub id: String,
    /// Its name for people (`Internet Archive`).
    pub name: String,
    /// The TimeMap prefix: the original URL is appended.
    pub timemap: String,
    /// The TimeGate prefix, when the archive has one.
    pub timegate: Option<String>,
    /// Captures replay unaltered with `id_` after their timestamp.
    pub raw: bool,
}

/// `(id, name, timemap, timegate, raw)` of the archives citecheck knows.
const KNOWN: &[(&str, &str, &str, &str, bool)] = &[
    (
        "internet-archive",
        "Internet Archive",
        "https://web.archive.org/web/timemap/link/",
        "https://web.archive.org/web/",
        true,
    ),
    (
        "archive-today",
        "archive.today",
        "https://archive.ph/timemap/",
        "https://archive.ph/timegate/",
        false,
    ),
    (
        "library-of-congress",
        "Library of Congress",
        "https://webarchive.loc.gov/all/timemap/link/",
        "https://webarchive.loc.gov/all/",
        true,
    ),
    (
        "arquivo-pt",
        "Arquivo.pt",
        "https://arquivo.pt/wayback/timemap/link/",
        "https://arquivo.pt/wayback/",
        true,
    ),
    (
        "uk-web-archive",
        "UK Web Archive",
        "https://www.webarchive.org.uk/wayback/archive/timemap/link/",
        "https://www.webarchive.org.uk/wayback/archive/",
        true,
    ),
    (
        "perma-cc",
        "Perma.cc",
        "https://perma.cc/timemap/link/",
        "https://perma.cc/timegate/",
        false,
    ),
];

/// The ids of every archive citecheck knows, in its default order of preference.
pub fn known_ids() -> Vec<&'static str> {
    KNOWN.iter().map(|k| k.0).collect()
}

/// The archive called `id`, if citecheck knows it.
pub fn known(id: &str) -> Option<Source> {
    KNOWN
        .iter()
        .find(|k| k.0 == id)
        .map(|&(id, name, timemap, timegate, raw)| Source {
            id: id.to_owned(),
            name: name.to_owned(),
            timemap: timemap.to_owned(),
            timegate: Some(timegate.to_owned()),
            raw,
        })
}

/// An aggregator (such as Time Travel) that answers one TimeMap for many archives.
pub fn aggregator(timemap: &str) -> Source {
    Source {
        id: "aggregator".to_owned(),
        name: "Memento aggregator".to_owned(),
        timemap: timemap.to_owned(),
        timegate: None,
        raw: false,
    }
}

impl Source {
    /// The TimeMap of `url`.
    pub fn timemap_of(&self, url: &str) -> String {
        format!("{}{url}", self.timemap)
    }

    /// The TimeGate of `url`, when the archive has one.
    pub fn timegate_of(&self, url: &str) -> Option<String> {
        self.timegate.as_ref().map(|g| format!("{g}{url}"))
    }

    /// The address that replays `memento` unaltered: `id_` after its timestamp, for the
    /// archives that support it; the memento itself otherwise.
    pub fn raw_of(&self, memento: &str) -> String {
        if !self.raw {
            return memento.to_owned();
        }
        match stamp_segment(memento) {
            Some((start, end)) if !memento[start..end].ends_with("id_") => {
                format!(
                    "{}{}id_{}",
                    &memento[..start],
                    &memento[start..end],
                    &memento[end..]
                )
            }
            _ => memento.to_owned(),
        }
    }
}

/// Where the `/YYYYMMDDhhmmss[flags]/` segment of a Wayback-style memento URL is: the
/// byte range of the stamp and its flags, without the slashes.
fn stamp_segment(memento: &str) -> Option<(usize, usize)> {
    let mut at = 0;
    for segment in memento.split('/') {
        let digits = segment.bytes().take_while(u8::is_ascii_digit).count();
        let flags = &segment[digits..];
        if digits == 14 && flags.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
            return Some((at, at + segment.len()));
        }
        at += segment.len() + 1;
    }
    None
}

/// The original URL inside a Wayback-style memento URL
/// (`https://web.archive.org/web/20230101000000/https://a.example/x` ->
/// `https://a.example/x`), when it has one.
pub fn original_of(memento: &str) -> Option<String> {
    let (_, end) = stamp_segment(memento)?;
    let rest = memento.get(end + 1..)?;
    // Some archives drop one slash of the scheme's two (`https:/a.example`).
    let fixed = ["https:/", "http:/"].iter().find_map(|p| {
        rest.strip_prefix(p)
            .filter(|r| !r.starts_with('/'))
            .map(|r| format!("{p}/{r}"))
    });
    let url = fixed.unwrap_or_else(|| rest.to_owned());
    (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_archive_has_both_endpoints() {
        for id in known_ids() {
            let s = known(id).unwrap();
            assert!(s.timemap.starts_with("https://"), "{id}");
            assert!(s.timegate_of("https://a.example/").is_some(), "{id}");
        }
        assert_eq!(known_ids().len(), 6);
        assert_eq!(known("nope"), None);
    }

    #[test]
    fn raw_replay_and_original_urls() {
        let ia = known("internet-archive").unwrap();
        let m = "https://web.archive.org/web/20230101000000/https://a.example/x?y=1";
        assert_eq!(
            ia.raw_of(m),
            "https://web.archive.org/web/20230101000000id_/https://a.example/x?y=1"
        );
        assert_eq!(ia.raw_of(&ia.raw_of(m)), ia.raw_of(m), "applied once");
        assert_eq!(
            ia.raw_of("https://web.archive.org/web/2023/x"),
            "https://web.archive.org/web/2023/x"
        );
        let today = known("archive-today").unwrap();
        assert_eq!(
            today.raw_of("https://archive.ph/AbCd"),
            "https://archive.ph/AbCd"
        );
        assert_eq!(original_of(m).as_deref(), Some("https://a.example/x?y=1"));
        assert_eq!(
            original_of("https://arquivo.pt/wayback/20200101000000id_/http:/a.pt/").as_deref(),
            Some("http://a.pt/")
        );
        assert_eq!(original_of("https://archive.ph/AbCd"), None);
        assert_eq!(original_of("https://x/20200101000000/ftp://a"), None);
    }
}
