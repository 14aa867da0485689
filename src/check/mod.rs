//! `factcheck check`: findings about claims and citations, and the formats CI reads.

mod types;
pub use types::*;

pub mod github;
pub mod junit;
pub mod sarif;
