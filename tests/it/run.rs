//! Running the binary, as every integration test does.

use std::path::Path;
use std::process::{Command, Output};

/// `factcheck ARGS` in `dir`, without colour and with the report date pinned.
pub fn factcheck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(args)
        .output()
        .expect("the binary runs")
}
