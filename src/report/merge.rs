//! Checking the reports of `--shard K/N` runs before they are joined: a merged report
//! that silently lacks a shard, or counts one twice, would look like a whole run.

use std::collections::BTreeMap;

use super::schema::Report;

/// The reports to join, with what is wrong with them as a set.
#[derive(Debug)]
pub struct Shards {
    /// The reports kept, in the order given (a shard given twice is kept once).
    pub reports: Vec<Report>,
    /// What makes the merged report partial or doubtful, in words; empty when the
    /// reports are exactly the N shards of one run, made with the same settings.
    pub problems: Vec<String>,
}

impl Shards {
    /// Checks `reports` (each named, e.g. by its path): every shard `K/N` of one `N`
    /// present once, no whole-run report among shards, and the same tool, documents
    /// and settings throughout.
    pub fn check(reports: Vec<(String, Report)>) -> Shards {
        let mut problems = Vec::new();
        let mut kept: Vec<(String, Report)> = Vec::new();
        let mut seen: BTreeMap<(u32, u32), String> = BTreeMap::new();
        for (name, report) in reports {
            match report.run.shard.as_deref().and_then(parse_shard) {
                Some(shard) => {
                    if let Some(first) = seen.get(&shard) {
                        problems.push(format!(
                            "shard {}/{} is given twice ({first} and {name}); the second is left out",
                            shard.0, shard.1
                        ));
                        continue;
                    }
                    seen.insert(shard, name.clone());
                }
                None => problems.push(format!(
                    "{name} is not the report of a shard (--shard K/N): its citations may \
                     repeat others'"
                )),
            }
            kept.push((name, report));
        }
        problems.extend(missing(&seen));
        if let Some((first_name, first)) = kept.first() {
            for (name, r) in kept.iter().skip(1) {
                problems.extend(mixed(first_name, first, name, r));
            }
        }
        Shards {
            reports: kept.into_iter().map(|(_, r)| r).collect(),
            problems,
        }
    }
}

/// `K/N` with `1 <= K <= N`.
fn parse_shard(text: &str) -> Option<(u32, u32)> {
    let (k, n) = text.split_once('/')?;
    let (k, n) = (k.trim().parse().ok()?, n.trim().parse().ok()?);
    (1 <= k && k <= n).then_some((k, n))
}

/// The shards missing from those seen, and shards of different counts.
fn missing(seen: &BTreeMap<(u32, u32), String>) -> Vec<String> {
    let mut counts: Vec<u32> = seen.keys().map(|(_, n)| *n).collect();
    counts.dedup();
    if counts.len() > 1 {
        let list: Vec<String> = counts.iter().map(|n| format!("N = {n}")).collect();
        return vec![format!(
            "the shards come from splits of different sizes ({})",
            list.join(", ")
        )];
    }
    let Some(&n) = counts.first() else {
        return Vec::new();
    };
    let absent: Vec<String> = (1..=n)
        .filter(|k| !seen.contains_key(&(*k, n)))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if absent.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "{} missing: shard{} {}",
        if absent.len() == 1 {
            "one shard is"
        } else {
            "shards are"
        },
        if absent.len() == 1 { "" } else { "s" },
        absent.join(", ")
    )]
}

/// How `b` was made differently from `a`.
fn mixed(a_name: &str, a: &Report, b_name: &str, b: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut differ = |what: &str| {
        out.push(format!("{b_name} was made with other {what} than {a_name}"));
    };
    if a.run.settings != b.run.settings {
        differ("settings");
    }
    if a.run.documents != b.run.documents {
        differ("documents");
    }
    if a.run.tool != b.run.tool {
        differ("citecheck version");
    }
    if a.schema != b.schema {
        differ("report schema");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::schema::{Entries, RunFacts, Settings};

    fn report(shard: Option<&str>, timeout_ms: u64) -> Report {
        let run = RunFacts {
            tool: "0.1.0".into(),
            date: "2026-01-01".into(),
            documents: vec!["a.txt".into()],
            settings: Settings {
                host_request_interval_ms: 1000,
                host_concurrency: 2,
                max_concurrency: 64,
                timeout_ms,
                max_retries: 3,
                cache: true,
                offline: false,
                fail_on: Vec::new(),
            },
            network_unreachable: false,
            network_detail: None,
            incomplete: false,
            merge_problems: Vec::new(),
            shard: shard.map(str::to_owned),
            saved: Vec::new(),
        };
        Report::new(run, Entries::Memory(Vec::new())).unwrap()
    }

    fn check(parts: &[(&str, Option<&str>, u64)]) -> Shards {
        Shards::check(
            parts
                .iter()
                .map(|(name, shard, t)| ((*name).to_owned(), report(*shard, *t)))
                .collect(),
        )
    }

    #[test]
    fn the_whole_set_of_shards_is_fine() {
        let s = check(&[("b", Some("2/2"), 1), ("a", Some("1/2"), 1)]);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.reports.len(), 2);
    }

    #[test]
    fn missing_twice_unsharded_and_mixed_are_named() {
        let s = check(&[("a", Some("1/3"), 1)]);
        assert_eq!(s.problems, ["shards are missing: shards 2/3, 3/3"]);
        let s = check(&[("a", Some("1/2"), 1), ("a2", Some("1/2"), 1)]);
        assert_eq!(s.reports.len(), 1);
        assert_eq!(
            s.problems,
            [
                "shard 1/2 is given twice (a and a2); the second is left out",
                "one shard is missing: shard 2/2"
            ]
        );
        let s = check(&[("whole", None, 1), ("a", Some("1/1"), 1)]);
        assert!(s.problems[0].starts_with("whole is not the report of a shard"));
        let s = check(&[("a", Some("1/2"), 1), ("b", Some("2/2"), 5)]);
        assert_eq!(s.problems, ["b was made with other settings than a"]);
        let s = check(&[("a", Some("1/2"), 1), ("b", Some("2/3"), 1)]);
        assert!(
            s.problems[0].contains("different sizes"),
            "{:?}",
            s.problems
        );
    }
}
