//! The single integration-test binary, split by feature.

#![allow(
    clippy::unwrap_used,
    reason = "a panic in a test helper is a failed test, not a crash on user input"
)]

mod action;
mod archive;
mod baseline;
mod bibdb;
mod biblio;
mod biblio_cli;
mod biblio_corpus;
mod check;
mod chromium;
mod cli;
mod corpus;
mod docs;
mod e2e;
mod false_alarms;
mod faults;
mod fetch;
mod fix;
mod formats;
mod freshness;
mod history;
mod html;
mod html_large;
mod inspect;
mod layers;
mod merge;
mod network;
mod papers;
mod pdftext;
mod report_md;
mod reports;
mod robustness;
mod sarif;
mod save;
mod sim;
mod support;
mod usage;
mod web;
mod www;
