//! The single integration-test binary, split by feature.

mod corpus;
