//! How a run ends, as CI reads it: `factcheck --help` and the README list the codes.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done, and nothing that fails was found.
    Ok = 0,
    /// `check` found errors (or warnings under `--deny warnings`).
    Findings = 1,
    /// A usage or input error: the run stopped before doing its work. (clap exits with the
    /// same code on the usage errors it finds itself.)
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}
