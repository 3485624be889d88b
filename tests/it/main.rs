//! The single integration-test binary, split by feature.

mod cli;
mod corpus;
mod docs;
mod robustness;
mod support;
