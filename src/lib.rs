//! factcheck: verify cited quotes against news articles, find the passages that support each
//! claim, and report per claim.
//!
//! The pipeline runs one way: [`project::Project`] (claims.toml) -> [`corpus::Corpus`] (sources
//! cut into passages) -> a [`retrieve::Retriever`] ([`retrieve::MemoryIndex`], BM25 over the
//! passages) -> [`analysis::Analysis`] (quotes verified, passages matched, wordings compared:
//! the report model, plain serialisable data) -> a renderer ([`render::json`],
//! [`render::markdown`], [`render::pdf`], [`render::claimreview`], or any through
//! [`render::ReportFormat::renderer`]).
//!
//! # The public API
//!
//! Those five modules are the library's API, used by the benchmark (benches/pipeline.rs) and
//! the retrieval tuning aid (examples/tune.rs). [`cli`], [`cmd`], [`error`], [`exit`] and
//! [`progress`] are there for the `factcheck` binary (src/main.rs); [`error::InputError`] is
//! also what every loading step returns. Everything else is internal (`pub(crate)`); the fuzz
//! targets reach the internals they exercise through [`fuzzing`], hidden and not an API.

// The pipeline.
pub mod analysis;
pub mod corpus;
pub mod project;
pub mod render;
pub mod retrieve;

// The binary's: arguments, commands, errors, exit codes, the progress line.
pub mod cli;
pub mod cmd;
pub mod error;
pub mod exit;
pub mod progress;

#[doc(hidden)]
pub mod fuzzing;

pub(crate) mod align;
pub(crate) mod archive;
pub(crate) mod attention;
pub(crate) mod check;
pub(crate) mod cite;
pub(crate) mod compare;
pub(crate) mod conflict;
pub(crate) mod diff;
pub(crate) mod display;
pub(crate) mod filter;
pub(crate) mod html;
pub(crate) mod init;
pub(crate) mod input;
pub(crate) mod lock;
pub(crate) mod model;
pub(crate) mod output;
pub(crate) mod pdf;
pub(crate) mod quantity;
pub(crate) mod quote;
pub(crate) mod session;
pub(crate) mod source_id;
pub(crate) mod text;

/// The integration tests' helpers (a copy of the seeds in a temporary folder), for the unit
/// tests that run on the seeds too.
#[cfg(test)]
#[path = "../tests/common/mod.rs"]
mod common;
