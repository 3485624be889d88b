//! The history settings of `citations.toml`: where the file is, when a failure that may
//! pass becomes `dead`, and how long checks are kept.

use std::num::NonZeroU32;
use std::path::PathBuf;

use super::Config;
use crate::history::{Policy, Retention, DEFAULT_FILE};

/// The history in force for a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistorySettings {
    /// The SQLite file.
    pub file: PathBuf,
    /// When failures over time are `dead`.
    pub policy: Policy,
    /// What is kept.
    pub retention: Retention,
}

impl Config {
    /// The history settings, or `None` when `history = false`. `no_history` is the
    /// command line's `--no-history`.
    pub fn history(&self, no_history: bool) -> Option<HistorySettings> {
        let f = &self.file;
        if no_history || !f.history.unwrap_or(true) {
            return None;
        }
        let d = Policy::default();
        let r = Retention::default();
        let policy = Policy {
            dead_after_checks: f
                .dead_after_checks
                .map_or(d.dead_after_checks, NonZeroU32::get),
            dead_after_days: f.dead_after_days.unwrap_or(d.dead_after_days),
        };
        let mut retention = Retention {
            keep: f.history_keep.map_or(r.keep, |k| k.0),
            max_checks: f.history_max_checks.map_or(r.max_checks, NonZeroU32::get),
        };
        // A history that forgets failures before they can confirm anything would never
        // call a page dead: keep at least the policy's span, and its checks.
        let span = std::time::Duration::from_secs(86_400 * u64::from(policy.dead_after_days + 1));
        retention.keep = retention.keep.max(span);
        retention.max_checks = retention.max_checks.max(policy.dead_after_checks);
        let file = self
            .root
            .join(f.history_file.as_deref().unwrap_or(DEFAULT_FILE.as_ref()));
        Some(HistorySettings {
            file,
            policy,
            retention,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn parse(text: &str) -> Config {
        Config::parse(text, "citations.toml", PathBuf::from("/proj")).unwrap()
    }

    #[test]
    fn defaults_keys_and_switches() {
        let d = parse("").history(false).unwrap();
        assert_eq!(d.file, PathBuf::from("/proj/.citecheck/history.sqlite"));
        assert_eq!(d.policy, Policy::default());
        assert_eq!(d.retention, Retention::default());
        let c = parse(
            "history_file = \"h.db\"\ndead_after_checks = 5\ndead_after_days = 10\n\
             history_keep = \"90d\"\nhistory_max_checks = 20\n",
        )
        .history(false)
        .unwrap();
        assert_eq!(c.file, PathBuf::from("/proj/h.db"));
        assert_eq!(
            (c.policy.dead_after_checks, c.policy.dead_after_days),
            (5, 10)
        );
        assert_eq!(c.retention.keep, Duration::from_secs(90 * 86_400));
        assert_eq!(c.retention.max_checks, 20);
        assert_eq!(parse("history = false").history(false), None);
        assert_eq!(parse("").history(true), None);
        assert!(Config::parse("dead_after_checks = 0", "x", PathBuf::new()).is_err());
    }

    #[test]
    fn the_retention_never_forgets_what_the_policy_needs() {
        let c = parse("dead_after_days = 30\nhistory_keep = \"1d\"\nhistory_max_checks = 1\n")
            .history(false)
            .unwrap();
        assert_eq!(c.retention.keep, Duration::from_secs(31 * 86_400));
        assert_eq!(c.retention.max_checks, 3);
    }
}
