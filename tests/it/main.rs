//! The integration tests, as modules of one test binary (linking one binary instead of nine is
//! most of the time of a `cargo test` after a change to the library). Run some with a filter:
//! `cargo test --test it pdf::`.

#[path = "../common/mod.rs"]
mod common;

mod archive;
mod ci_formats;
mod cite;
mod claimreview;
mod cli;
mod conflicts;
mod determinism;
mod first_session;
mod hostile_output;
mod hostile_paths;
mod hostile_sources;
mod markdown;
mod paraphrase;
mod pdf;
mod pdf_sources;
mod rerank;
mod robustness;
mod run;
mod stance;
mod workflow;
