//! What earlier runs say about a URL, as the report states it.

use serde::{Deserialize, Serialize};

/// A URL's record over runs: how long it has been failing, whether it flips between up
/// and down, whether its title changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryNote {
    /// Checks of this URL recorded before this run, pruned ones included.
    pub checks: u32,
    /// The day of the first recorded check (`YYYY-MM-DD`), when there is one.
    pub first_checked: Option<String>,
    /// The day the current run of failures began, while the URL fails.
    pub failing_since: Option<String>,
    /// Checks on different days in that run of failures, this one included.
    pub failures: u32,
    /// Whole days from the first failure of the run to this check.
    pub failing_days: u32,
    /// True when a failure that may pass has lasted long enough to be called dead.
    pub confirmed_dead: bool,
    /// True when the URL went from up to down and back (or the reverse) in its recent
    /// checks.
    pub flaky: bool,
    /// How often it changed between up and down in those checks.
    pub flips: u32,
    /// The page's title changed since the last check that reached it.
    pub drift: Option<Drift>,
}

/// A change of title between two checks that reached the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    /// The title at the earlier check.
    pub previous: String,
    /// The day of the earlier check (`YYYY-MM-DD`).
    pub previous_date: String,
    /// The title now.
    pub current: String,
}
