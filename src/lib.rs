//! factcheck: verify cited quotes against news articles, find the passages that support each
//! claim, and report per claim.
//!
//! The pipeline runs one way: [`project::Project`] (claims.toml) -> [`corpus::Corpus`] (sources
//! cut into passages) -> [`analysis::Analysis`] -> renderers and [`check`] diagnostics.

pub(crate) mod align;
pub mod analysis;
pub mod check;
pub mod cite;
pub mod cli;
pub mod cmd;
pub mod compare;
pub mod corpus;
pub mod diff;
pub mod error;
pub mod exit;
pub mod html;
pub mod init;
pub mod input;
pub mod lock;
pub mod model;
pub mod output;
pub mod progress;
pub mod project;
pub mod quantity;
pub mod quote;
pub mod render;
pub mod retrieve;
pub(crate) mod session;
pub mod text;
