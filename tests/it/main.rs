//! The integration tests, as modules of one test binary (linking one binary instead of thirteen is
//! most of the time of a `cargo test` after a change to the library). Run some with a filter:
//! `cargo test --test it pdf::`.

#[path = "../common/mod.rs"]
mod common;
#[path = "../support/markdown_oracle.rs"]
mod markdown_oracle;

mod cite;
mod claimreview;
mod cli;
mod determinism;
mod fuzz_regressions;
mod hostile_paths;
mod html;
mod lock;
mod markdown;
mod pdf;
mod properties;
mod robustness;
mod workflow;
