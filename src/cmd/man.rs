//! `factcheck man`: the man page (roff), from the command line's definition.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::InputError;
use crate::exit::Exit;
use crate::output;

pub fn execute() -> Result<Exit, InputError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| InputError::new(format!("cannot render the man page: {e}")))?;
    output::print(&page)?;
    Ok(Exit::Ok)
}
