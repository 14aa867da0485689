//! `factcheck completions`: a shell completion script, from the command line's definition.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::InputError;
use crate::exit::Exit;
use crate::output;

pub fn execute(args: &CompletionsArgs) -> Result<Exit, InputError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "factcheck", &mut script);
    output::print(&script)?;
    Ok(Exit::Ok)
}
