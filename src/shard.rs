//! Splitting a corpus across CI jobs without breaking per-host politeness.
//!
//! Each job checks the citations whose URL's host falls in its shard, so every host is
//! fetched by exactly one machine and its request interval still holds when many
//! machines share the work. Citations without a URL have nothing to fetch; they go to
//! the first shard so that the merged reports hold each citation exactly once.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::types::Citation;

/// `K/N`: the K-th (1-based) of N shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Shard {
    /// The K-th (1-based) of N shards, if `1 <= k <= n`.
    pub fn new(k: u32, n: u32) -> Option<Shard> {
        (k >= 1 && k <= n).then_some(Shard { index: k, count: n })
    }

    /// True when this shard checks `citation`.
    pub fn contains(&self, citation: &Citation) -> bool {
        match citation.url.as_deref().and_then(crate::urls::host) {
            Some(h) => self.owns_host(&h),
            None => self.index == 1,
        }
    }

    /// True when this shard fetches from `host` (case-insensitive, as DNS is).
    pub fn owns_host(&self, host: &str) -> bool {
        // A cryptographic hash only for its stability: the same host lands in the same
        // shard on every machine, platform and version.
        let digest = Sha256::digest(host.to_ascii_lowercase().as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        let bucket = u64::from_be_bytes(first) % u64::from(self.count);
        bucket + 1 == u64::from(self.index)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("invalid shard '{s}': expected K/N with 1 <= K <= N, e.g. 2/4");
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n).ok_or_else(bad)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(url: Option<&str>) -> Citation {
        let mut c = crate::extract::parse_one("A title.")
            .into_iter()
            .next()
            .unwrap();
        c.url = url.map(str::to_owned);
        c
    }

    #[test]
    fn every_citation_lands_in_exactly_one_shard_and_hosts_stay_whole() {
        let urls = [
            Some("https://www.state.gov/a"),
            Some("https://WWW.STATE.GOV/b"),
            Some("https://www.reuters.com/x"),
            Some("http://thediplomat.com/y"),
            Some("https://media.defense.gov/z.pdf"),
            None,
            Some("not a url"),
        ];
        for n in 1..=5 {
            let shards: Vec<Shard> = (1..=n).map(|k| Shard::new(k, n).unwrap()).collect();
            for url in urls {
                let c = cite(url);
                let owners = shards.iter().filter(|s| s.contains(&c)).count();
                assert_eq!(owners, 1, "{url:?} in {n} shards");
            }
            let a = shards.iter().position(|s| s.contains(&cite(urls[0])));
            let b = shards.iter().position(|s| s.contains(&cite(urls[1])));
            assert_eq!(a, b, "one host, one shard");
        }
    }

    #[test]
    fn parsing() {
        assert_eq!("2/4".parse::<Shard>().unwrap().to_string(), "2/4");
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
