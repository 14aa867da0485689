//! The commands of `factcheck`, one module each, with an `execute` that runs the command from
//! its parsed arguments (see [`crate::cli`]) and says how the run ends.

pub mod check;
pub mod cite;
pub mod completions;
pub mod index;
pub mod init;
pub mod lock;
pub mod man;
pub mod report;
pub mod search;

use std::path::Path;

use crate::cli::Style;
use crate::progress::Progress;

/// What every command gets besides its own arguments: the global options and the terminal.
pub struct Context<'a> {
    /// `--claims`.
    pub claims: &'a Path,
    /// `--allow-outside`.
    pub allow_outside: bool,
    /// `--max-source-size`, in bytes.
    pub max_source_size: u64,
    /// `--reranker`.
    pub reranker: Option<&'a Path>,
    /// `--database`.
    pub database: Option<&'a str>,
    pub style: Style,
    pub progress: &'a Progress,
}
