//! The history of checks across runs, so that `dead` rests on evidence over time.
//!
//! A link checker that calls a page dead because its server was down for an hour trains
//! its users to ignore it. So every run records what it saw of each URL in a SQLite file
//! beside the cache (`.citecheck/history.sqlite`), and a failure that may pass (a timeout,
//! a reset, a 5xx, a 429) is `failing` until the history shows it often enough, over
//! enough days, to be `dead` ([`policy`]). The same records show URLs that flip between up
//! and down (flaky) and pages whose title changed between runs (drift).

mod apply;
mod error;
pub mod policy;
mod schema;
mod store;

pub use apply::{apply, Clock};
pub use policy::{judge, Check, Policy, Signal};
pub use schema::VERSION as SCHEMA_VERSION;
pub use store::{Error, History, Observation, Past, Retention, BUSY_TIMEOUT};

/// The history file's name inside the `.citecheck` folder.
pub const DEFAULT_FILE: &str = ".citecheck/history.sqlite";
