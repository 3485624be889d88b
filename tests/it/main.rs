//! The single integration-test binary, split by feature.

#![allow(
    clippy::unwrap_used,
    reason = "a panic in a test helper is a failed test, not a crash on user input"
)]

mod cli;
mod corpus;
mod docs;
mod fetch;
mod inspect;
mod robustness;
mod support;
