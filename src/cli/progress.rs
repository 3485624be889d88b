//! The progress bar of a fetching run: counts per outcome and the host being waited on.
//!
//! Hidden when stderr is not a terminal, when `CI` is set (CI logs keep every redraw as
//! a line) and with `--quiet`. Host names come from documents, so they are stripped of
//! control characters before they reach the terminal.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use citecheck::fetch::Fetched;

/// Shared between the fetching tasks; cheap to clone.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    /// `-v` level: a line per fetch above the bar.
    verbose: u8,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    /// Fetches finished per outcome code.
    outcomes: BTreeMap<&'static str, usize>,
    /// URLs still to fetch per host.
    left: HashMap<String, usize>,
}

impl Progress {
    /// A bar for `urls`, shown only where a person watches it.
    pub fn new<'a>(urls: impl IntoIterator<Item = &'a str>, quiet: bool, verbose: u8) -> Progress {
        // One fetch per distinct URL, however often it is cited.
        let distinct: BTreeSet<&str> = urls.into_iter().collect();
        let mut left: HashMap<String, usize> = HashMap::new();
        for url in &distinct {
            *left.entry(host(url)).or_default() += 1;
        }
        let total = u64::try_from(distinct.len()).unwrap_or(u64::MAX);
        let visible = !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = ProgressBar::with_draw_target(
            Some(total),
            if visible {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} [{elapsed}] {bar:30} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        if visible {
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        Progress {
            bar,
            verbose,
            state: Arc::new(Mutex::new(State {
                outcomes: BTreeMap::new(),
                left,
            })),
        }
    }

    /// Counts one finished fetch, and with `-v` describes it.
    pub fn fetched(&self, f: &Fetched) {
        if self.verbose > 0 {
            let lines = super::verbose::fetch_lines(f, self.verbose);
            if self.bar.is_hidden() {
                super::shared::to_stderr(&lines);
            } else {
                self.bar.println(lines.trim_end());
            }
        }
        // Nobody reads a hidden bar's message: a quiet run of many URLs skips its upkeep.
        if self.bar.is_hidden() {
            self.bar.inc(1);
            return;
        }
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        *s.outcomes.entry(f.outcome.code()).or_default() += 1;
        if let Some(n) = s.left.get_mut(&host(&f.url)) {
            *n = n.saturating_sub(1);
        }
        let mut msg: Vec<String> = s.outcomes.iter().map(|(k, v)| format!("{k} {v}")).collect();
        // The host with the most URLs left is the one the run is waiting on.
        if let Some((h, n)) = s
            .left
            .iter()
            .filter(|(_, n)| **n > 0)
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        {
            let h: String = h.chars().filter(|c| !c.is_control()).collect();
            msg.push(format!("waiting on {h} ({n} left)"));
        }
        drop(s);
        self.bar.set_message(msg.join(" · "));
        self.bar.inc(1);
    }

    /// Removes the bar, leaving the terminal as it was.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn host(url: &str) -> String {
    citecheck::fetch::host(url).unwrap_or_default()
}
